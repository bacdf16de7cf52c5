// The course's service worker (the course plugin fills in VERSION and FILES
// and writes it to the site root as sw.js): precaches the whole course so it
// works offline, and keeps each deploy's files together in one cache.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `${PREFIX}${VERSION}`; // PREFIX, ourCache: service-worker-caches.js

self.addEventListener("install", (event) => {
  // Bypass the HTTP cache: every file comes fresh from this deploy.
  const requests = FILES.map((file) => new Request(file, { cache: "reload" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => keys.filter((key) => ourCache(key) && key !== CACHE))
      .then((old) => Promise.all(old.map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "activate") self.skipWaiting();
});

// Opened once: every fetch below needs it, and opening it again per request
// only adds a wait before each answer.
const opened = caches.open(CACHE);
// As request paths are written (percent-encoded).
const PRECACHED = new Set(FILES.map((file) => new URL(file, self.location.href).pathname));

/**
 * The precached files come from this version's cache with a single lookup;
 * anything else goes to the network as if there were no service worker
 * (no detour through this one), but a page that cannot be reached offline
 * falls back to the site's 404 page.
 */
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const key = url.pathname.endsWith("/") ? url.pathname + "index.html" : url.pathname;
  if (PRECACHED.has(key)) {
    event.respondWith(opened.then((cache) => cache.match(key)).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(async (error) => {
        const page = await (await opened).match(new URL("404.html", self.registration.scope).pathname);
        if (page) return page;
        throw error;
      }),
    );
  }
});
