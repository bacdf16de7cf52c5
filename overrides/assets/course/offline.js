/**
 * Offline use: registers the site's service worker (written by the course
 * plugin as /sw.js, precaching the whole course), and when a new deploy has
 * been downloaded, offers the learner a reload — the new version starts
 * only then, so a page never mixes old and new files.
 *
 * A site built without offline use (`offline: false`, `mkdocs serve`)
 * registers none. Its sw.js retires the service worker of an earlier
 * deploy when the old pages look for updates (quiz_engine/site/service_worker.py).
 */

import { t } from "./i18n.js";
import { config, siteUrl } from "./config.js";
import { showNotice } from "./widgets/notice.js";

/** Set when the learner accepts the new version: only then does a page reload itself. */
let accepted = false;

/**
 * Show the "new version" bar with a Reload button.
 * @param {ServiceWorker} waiting
 */
function offerReload(waiting) {
  showNotice("update", t("offline.newVersion"), {
    label: t("offline.reload"),
    run: () => {
      accepted = true;
      waiting.postMessage({ type: "activate" });
    },
  });
}

/** Register the service worker, once per page load. */
export async function enableOffline() {
  if (!("serviceWorker" in navigator)) return;
  // (A page from before the flag existed has none: it registers, as it did.)
  if (config.serviceWorker === false) {
    // An earlier deploy's service worker may still be here (this page came
    // from the network, not its copy): looking for its update now brings the
    // sw.js that retires it, rather than within a day. Only the course's own:
    // another app's worker higher up on the same host is left alone.
    navigator.serviceWorker
      .getRegistration(siteUrl(""))
      .then((old) => (old?.active?.scriptURL === siteUrl("sw.js") ? old.update() : undefined))
      .catch(() => {});
    return;
  }
  let registration;
  try {
    registration = await navigator.serviceWorker.register(siteUrl("sw.js"), { scope: siteUrl("") });
  } catch {
    return; // not allowed, or no sw.js (a copy of the site without it): the site works online as usual
  }
  if (!registration) return; // registration refused without an error (some embedded browsers)
  if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const incoming = registration.installing;
    incoming?.addEventListener("statechange", () => {
      if (incoming.state === "installed" && navigator.serviceWorker.controller) offerReload(incoming);
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!accepted || reloading) return; // the first install takes over silently
    reloading = true;
    window.location.reload();
  });
}
