/**
 * The learner's progress, kept in this browser's localStorage.
 *
 * Keys are namespaced per site and content version
 * (`course:<site>:<kind>:<id>@<version>`), so two courses on one origin, or
 * two versions of a quiz, never read each other's answers. Unreadable data
 * is set aside under `…:unreadable`, never allowed to break a page.
 */

const PREFIX = "course";

/** Keys whose unreadable data was set aside during this page view. */
export const setAside = [];

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
  setAside.push(key);
  document.dispatchEvent(new CustomEvent("course:progress-set-aside", { detail: { key } }));
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

/**
 * Every stored record of one site: `{key: value}` (unreadable ones left out).
 * @param {string} site
 * @returns {Record<string, unknown>}
 */
export function allProgress(site) {
  /** @type {Record<string, unknown>} */
  const records = {};
  const prefix = `${PREFIX}:${site}:`;
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (!key || !key.startsWith(prefix) || key.endsWith(":unreadable")) continue;
      try {
        records[key] = JSON.parse(window.localStorage.getItem(key) ?? "null");
      } catch {
        /* unreadable: loadProgress sets it aside when a widget asks for it */
      }
    }
  } catch {
    /* storage disabled */
  }
  return records;
}

/**
 * Remove stored records: those whose key starts with one of `prefixes`.
 * @param {string[]} prefixes
 */
export function removeProgress(prefixes) {
  const doomed = [];
  for (let i = 0; i < window.localStorage.length; i++) {
    const key = window.localStorage.key(i);
    if (key && prefixes.some((p) => key.startsWith(p))) doomed.push(key);
  }
  for (const key of doomed) window.localStorage.removeItem(key);
  return doomed.length;
}
