// The course's service worker (the course plugin fills in VERSION and FILES
// and writes it to the site root as sw.js): precaches the whole course so it
// works offline, and keeps each deploy's files together in one cache.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `course-offline-${VERSION}`;

self.addEventListener("install", (event) => {
  // Bypass the HTTP cache: every file comes fresh from this deploy.
  const requests = FILES.map((file) => new Request(file, { cache: "reload" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => keys.filter((key) => key.startsWith("course-offline-") && key !== CACHE))
      .then((old) => Promise.all(old.map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "activate") self.skipWaiting();
});

/** Same-origin GETs come from this version's cache first; pages fall back to it offline. */
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const key = url.pathname.endsWith("/") ? url.pathname + "index.html" : url.pathname;
      const hit = (await cache.match(key)) || (await cache.match(url.pathname));
      if (hit) return hit;
      try {
        return await fetch(request);
      } catch (error) {
        if (request.mode === "navigate") {
          const page = await cache.match(new URL("404.html", self.registration.scope).pathname);
          if (page) return page;
        }
        throw error;
      }
    }),
  );
});
