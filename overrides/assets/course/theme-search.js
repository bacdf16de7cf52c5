/**
 * When the theme's search index may be built: tells the course's search
 * worker (search-worker.js) to start, on the `course-search` channel — once
 * the page's Python has started (course.js), and whenever the learner goes
 * to the search box, so that search never waits on Python.
 */

/** @type {BroadcastChannel | null} */
let channel = null;

/** Let the search worker build its index now (again is harmless). */
export function startSearch() {
  channel?.postMessage("start");
}

/** Start the search worker as soon as the learner goes to search; once per page load. */
export function watchSearch() {
  if (channel || typeof BroadcastChannel !== "function") return;
  channel = new BroadcastChannel("course-search");
  // Material's search form, and its toggle (the header's search button, the
  // keyboard shortcuts): both stay in place across instant navigations.
  document.forms.namedItem("search")?.addEventListener("focusin", startSearch);
  document.getElementById("__search")?.addEventListener("change", startSearch);
}
