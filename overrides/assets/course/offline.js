/**
 * Offline use: registers the site's service worker (written by the course
 * plugin as /sw.js, precaching the whole course), and when a new deploy has
 * been downloaded, offers the learner a reload — the new version starts
 * only then, so a page never mixes old and new files.
 */

import { t } from "./i18n.js";
import { siteUrl } from "./python-client.js";

/** Set when the learner accepts the new version: only then does a page reload itself. */
let accepted = false;

/**
 * Show the "new version" bar with a Reload button.
 * @param {ServiceWorker} waiting
 */
function offerReload(waiting) {
  if (document.querySelector("[data-course-update]")) return;
  const bar = document.createElement("div");
  bar.className = "course-update";
  bar.dataset.courseUpdate = "";
  bar.setAttribute("role", "status");
  const text = document.createElement("span");
  text.textContent = t("offline.newVersion");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button md-button--primary";
  button.textContent = t("offline.reload");
  button.addEventListener("click", () => {
    accepted = true;
    waiting.postMessage({ type: "activate" });
  });
  bar.append(text, button);
  document.body.append(bar);
}

/** Register the service worker, once per page load. */
export async function enableOffline() {
  if (!("serviceWorker" in navigator)) return;
  let registration;
  try {
    registration = await navigator.serviceWorker.register(siteUrl("sw.js"), { scope: siteUrl("") });
  } catch {
    return; // no sw.js (e.g. `mkdocs serve`) or not allowed: the site works online as usual
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
