// The course's service worker when the site is built without offline use
// (`offline: false`, or `mkdocs serve`), written to the site root as sw.js.
// The pages register none then; this one is for learners whose browser keeps
// a precaching service worker from an earlier deploy: it would go on serving
// the old copy of the course, and a missing sw.js never replaces it. The old
// pages find this one as a new version: it takes over like any (once the
// learner accepts the reload, or the old pages are closed: taking over
// the old pages is what reloads the one whose learner accepted), deletes the
// site's offline copies, and unregisters itself. It answers no request.

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "activate") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter(ourCache).map((key) => caches.delete(key)))) // service-worker-caches.js
      .then(() => self.registration.unregister()),
  );
});
