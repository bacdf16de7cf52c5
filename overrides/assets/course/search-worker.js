/**
 * The theme's search worker, started once the page can spare the cores.
 *
 * Material creates its search worker as the page loads and sends it the
 * site's search index at once; building that index takes a core for a few
 * hundred milliseconds, just when the page's Python is booting on it. The
 * course build points the theme at this script instead (quiz_engine/site/
 * theme_search.py), with the theme's own worker after the `#`. It keeps the
 * theme's messages until the page says "start" on the `course-search`
 * channel — once the page's Python has started, and again whenever the
 * learner goes to the search box (theme-search.js) — then loads the theme's
 * worker and hands the messages over in the order they came.
 *
 * The channel reaches every page of the site open in the browser: a page
 * whose Python has started lets the others' indexes be built too, which is
 * what the theme does anyway.
 *
 * A classic script: the theme starts it with `new Worker(url)`, and the
 * theme's worker is a classic script too (importScripts).
 */

const CHANNEL = "course-search";
/** Start anyway this long after loading, should the page never say so. */
const LATEST_START_MS = 20000;

/** The theme's worker, beside this one: same origin, a script, or nothing. */
function themeWorker() {
  const path = decodeURIComponent(self.location.hash.slice(1));
  if (!path) return null;
  const url = new URL(path, self.location.href);
  return url.origin === self.location.origin && url.pathname.endsWith(".js") ? url.href : null;
}

/** @type {unknown[]} */
const held = [];
/** @param {MessageEvent} event */
const hold = (event) => held.push(event.data);
self.addEventListener("message", hold);

/** @type {BroadcastChannel | null} */
let channel = null;
let started = false;

function start() {
  if (started) return;
  started = true;
  self.removeEventListener("message", hold);
  channel?.close();
  const url = themeWorker();
  if (!url) throw new Error("search-worker.js: no theme worker after the '#' of its URL");
  importScripts(url); // the theme's worker adds its own message listener
  for (const data of held.splice(0)) self.dispatchEvent(new MessageEvent("message", { data }));
}

if (typeof BroadcastChannel === "function") {
  channel = new BroadcastChannel(CHANNEL);
  channel.addEventListener("message", (event) => {
    if (event.data === "start") start();
  });
  setTimeout(start, LATEST_START_MS);
} else {
  start();
}
