/**
 * The learner's progress, kept in this browser's localStorage.
 *
 * Keys are namespaced per site and content version
 * (`course:<site>:<kind>:<id>@<version>`), so two courses on one origin, or
 * two versions of a quiz, never read each other's answers. Unreadable data
 * is set aside under `…:unreadable`, never allowed to break a page.
 */

const PREFIX = "course";

/**
 * Build the storage key of one piece of content.
 * @param {string} site
 * @param {string} kind
 * @param {string} id
 * @param {string} version
 */
export function progressKey(site, kind, id, version) {
  return `${PREFIX}:${site}:${kind}:${id}@${version}`;
}

/**
 * Read a stored record, or `fallback` when there is none or it is unreadable.
 * @template T
 * @param {string} key
 * @param {T} fallback
 * @returns {T}
 */
export function loadProgress(key, fallback) {
  let raw = null;
  try {
    raw = window.localStorage.getItem(key);
  } catch {
    return fallback; // storage disabled (private mode, policy): work without it
  }
  if (raw === null) return fallback;
  try {
    const value = JSON.parse(raw);
    if (value && typeof value === "object") return value;
  } catch {
    // fall through: keep the unreadable text aside for inspection
  }
  try {
    window.localStorage.setItem(`${key}:unreadable`, raw);
    window.localStorage.removeItem(key);
  } catch {
    /* nothing more we can do */
  }
  return fallback;
}

/**
 * Store a record; returns false when the browser refuses (quota, policy).
 * @param {string} key
 * @param {unknown} value
 */
export function saveProgress(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}
