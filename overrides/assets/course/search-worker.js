// The theme's search worker, with its index built at the first search rather than
// at every page load.
//
// Material for MkDocs sends its worker the whole search index (SETUP) as soon as a
// page loads, and the worker builds a Lunr index of every page on the spot: 130 to
// 250 ms of CPU on a 2-core machine, on each full load, beside Python's boot. Most
// visits never search. This worker loads the theme's (its URL follows the '#':
// overrides/main.html points the theme's configuration here), answers SETUP with
// READY at once and keeps the index; the first query with any text hands it to the
// theme's worker, and that query, and any typed while the index is built, are
// answered in order once it is. The empty query the theme sends as it starts is
// answered as the theme's worker answers it: no results.
//
// A worker without Lunr (Zensical's, which builds nothing until search opens) gets
// every message as it is. `self.courseSearchIndex` says where the index is:
// "waiting" (no SETUP yet), "held", "building" or "built", or "theirs" for a worker
// this one passes everything to (tests/e2e/test_search.py, test_zensical.py).
"use strict";

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

const themeWorker = decodeURIComponent(self.location.hash.slice(1));
const passedOn = new WeakSet(); // the events this worker hands to the theme's
const send = self.postMessage.bind(self);
let held = null; // the SETUP message, until the first search
let built = null; // resolves when the theme's worker says READY
let onReady = null;
let lazy = false; // whether the theme's worker is one this front knows (Lunr)
Object.defineProperty(self, "courseSearchIndex", {
  get: () => {
    if (!lazy) return "theirs";
    if (built) return onReady ? "building" : "built";
    return held ? "held" : "waiting";
  },
});

function passOn(data) {
  const event = new MessageEvent("message", { data });
  passedOn.add(event);
  self.dispatchEvent(event);
}

function build() {
  built = new Promise((resolve) => {
    onReady = resolve;
  });
  const setup = held;
  held = null;
  passOn(setup);
  return built;
}

// The theme's worker posts with the global postMessage: its READY after the held
// SETUP is this worker's own business (the page had its READY long ago).
self.postMessage = (message, ...rest) => {
  if (onReady && message && message.type === READY) {
    const resolve = onReady;
    onReady = null;
    resolve();
    return;
  }
  send(message, ...rest);
};

// Registered before the theme's worker is loaded, so it sees every message first.
self.addEventListener("message", (event) => {
  if (!lazy || passedOn.has(event)) return;
  const message = event.data;
  if (message.type === SETUP && held === null && built === null) {
    event.stopImmediatePropagation();
    held = message;
    send({ type: READY });
  } else if (message.type === QUERY && (held !== null || built !== null)) {
    event.stopImmediatePropagation();
    if (built === null && message.data === "") send({ type: RESULT, data: { items: [] } });
    else (built ?? build()).then(() => passOn(message));
  }
});

importScripts(themeWorker);
lazy = typeof self.lunr === "function";
