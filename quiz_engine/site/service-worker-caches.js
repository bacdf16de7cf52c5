// Which caches of the host are this site's offline copies: the first part of
// sw.js in both its forms (service_worker.py puts it before either).
// They are named by the site's path as well as its version: courses deployed
// side by side on one host (a GitHub account's Pages, say) share Cache
// Storage, and each removes only its own. Caches named before that
// (`course-offline-<version>`) cannot say whose they are: they count as ours.
const PREFIX = `course-offline-${new URL(self.registration.scope).pathname}-`;
const UNSCOPED = /^course-offline-[0-9a-f]{16}$/;
const ourCache = (/** @type {string} */ key) => key.startsWith(PREFIX) || UNSCOPED.test(key);

