/**
 * The learner's progress, kept in this browser's localStorage.
 *
 * Keys are namespaced per site and content version
 * (`course:<site>:<kind>:<id>@<version>`), so two courses on one origin, or
 * two versions of a quiz, never read each other's answers. When a new
 * version of some content is deployed, what still applies is carried over
 * from the old record (see `CARRY`) and the old record is removed.
 * Unreadable data is set aside under `…:unreadable`, never allowed to break
 * a page: text that isn't JSON, and records whose shape isn't the one their
 * kind of content keeps (`SHAPES`) — checked when a record is read and when
 * one is stored, so an imported file can't plant one either. Every change
 * announces itself (`course:progress-changed`), so the navigation's progress
 * marks follow along.
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

/** @param {unknown} value */
const isRecord = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
/** @param {unknown} value */
const isCount = (value) => typeof value === "number" && Number.isFinite(value) && value >= 0;
/**
 * `value` is absent, or passes `check`.
 * @param {unknown} value
 * @param {(value: any) => boolean} check
 */
const optional = (value, check) => value === undefined || check(value);
/**
 * A plain object whose every value passes `check`.
 * @param {unknown} value
 * @param {(value: any) => boolean} check
 */
const recordOf = (value, check) => isRecord(value) && Object.values(/** @type {object} */ (value)).every(check);

/** @param {any} v a graded answer, as the quiz keeps it */
const isVerdict = (v) =>
  isRecord(v) && typeof v.answer === "string" && typeof v.correct === "boolean" && typeof v.feedback === "string" &&
  optional(v.version, (x) => typeof x === "string");
/** @param {any} v a test's best result */
const isBest = (v) => isRecord(v) && isCount(v.score) && isCount(v.total) && typeof v.passed === "boolean";
/** @param {any} v a graded test */
const isTestResult = (v) =>
  isBest(v) && isCount(v.needed) && Array.isArray(v.verdicts) &&
  v.verdicts.every((/** @type {any} */ x) => isRecord(x) && typeof x.question_id === "string" && typeof x.correct === "boolean" && typeof x.feedback === "string");
/** @param {any} m one message of a lab's transcript */
const isChatMessage = (m) =>
  isRecord(m) && (m.role === "user" || m.role === "assistant") && typeof m.content === "string" &&
  optional(m.signature, (x) => typeof x === "string") && optional(m.local, (x) => typeof x === "string");

/**
 * The shape of each kind of record (the kind is the key's third part);
 * records of other kinds need only be objects.
 * @type {Record<string, (value: any) => boolean>}
 */
export const SHAPES = {
  quiz: (v) => recordOf(v.answers, isVerdict) && optional(v.carried, isCount),
  exercise: (v) =>
    optional(v.code, (x) => typeof x === "string") && optional(v.passed, (x) => typeof x === "boolean") &&
    optional(v.failures, isCount) && optional(v.hints, isCount) &&
    optional(v.solutionShown, (x) => typeof x === "boolean") && optional(v.carried, (x) => typeof x === "boolean"),
  lab: (v) =>
    optional(v.messages, (x) => Array.isArray(x) && x.every(isChatMessage)) && optional(v.opened, (x) => typeof x === "boolean"),
  test: (v) =>
    isCount(v.attempts) && optional(v.best, isBest) &&
    optional(v.last, (x) => isRecord(x) && recordOf(x.answers, (a) => typeof a === "string") && isTestResult(x.result)),
  "test-best": isBest,
};

/**
 * Whether `value` has the shape of the record kept under `key`.
 * @param {string} key
 * @param {unknown} value
 */
export function isWellFormed(key, value) {
  if (!isRecord(value)) return false;
  const kind = key.startsWith(`${PREFIX}:`) ? key.split(":")[2] : undefined;
  const check = kind === undefined ? undefined : SHAPES[kind];
  return check ? check(value) : true;
}

/**
 * Keep `raw` aside under `…:unreadable` (for inspection; nothing is lost),
 * and tell the page. A stored record that is unreadable is removed; one
 * that an unreadable replacement was refused for stays.
 * @param {string} key
 * @param {string} raw
 * @param {{stored: boolean}} where whether `raw` is what `key` holds
 */
function setAsideRecord(key, raw, { stored }) {
  try {
    window.localStorage.setItem(`${key}:unreadable`, raw);
    if (stored) window.localStorage.removeItem(key);
  } catch {
    /* nothing more we can do */
  }
  setAside.push(key);
  document.dispatchEvent(new CustomEvent("course:progress-set-aside", { detail: { key } }));
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
    if (isWellFormed(key, value)) return value;
  } catch {
    // fall through: keep the unreadable text aside for inspection
  }
  setAsideRecord(key, raw, { stored: true });
  return fallback;
}

/**
 * Store a record; returns false when the browser refuses (quota, policy) or
 * the record is malformed for its kind (then it is set aside instead).
 * @param {string} key
 * @param {unknown} value
 */
export function saveProgress(key, value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    return false; // not JSON-safe (a cycle): nothing a page could read back
  }
  if (!isWellFormed(key, value)) {
    setAsideRecord(key, text ?? String(value), { stored: false });
    return false;
  }
  try {
    window.localStorage.setItem(key, text);
  } catch {
    return false;
  }
  document.dispatchEvent(new CustomEvent("course:progress-changed", { detail: { key } }));
  return true;
}

/**
 * One piece of content as the build describes it (progress manifest or the
 * widget's data attributes): `questions` maps a quiz's question ids to
 * their own versions.
 * @typedef {{id: string, version: string, questions?: Record<string, string>}} ContentItem
 */

/**
 * What still applies of an older version's record, per kind of content;
 * null when nothing does.
 * @type {Record<string, (old: any, item: ContentItem) => any>}
 */
export const CARRY = {
  // Answers to questions that did not change (same question version).
  quiz: (old, item) => {
    const answers = Object.fromEntries(
      Object.entries(old?.answers ?? {}).filter(
        ([id, verdict]) => verdict && item.questions?.[id] !== undefined && verdict.version === item.questions[id],
      ),
    );
    return Object.keys(answers).length ? { answers, carried: Object.keys(answers).length } : null;
  },
  // The learner's draft is theirs to keep; whether it passes must be checked again.
  exercise: (old) => (typeof old?.code === "string" ? { code: old.code, failures: 0, hints: 0, carried: true } : null),
  // The conversation stays; a changed persona answers from here on.
  lab: (old) => (Array.isArray(old?.messages) ? { messages: old.messages, opened: Boolean(old.opened) } : null),
  // The count of attempts stays (the best result is kept apart, version-free).
  test: (old) => (typeof old?.attempts === "number" ? { attempts: old.attempts } : null),
};

/**
 * Read the record of `item` at its current version. With none stored,
 * carry over what still applies from a record of another version, save it
 * under the current key and remove the old ones.
 * @template T
 * @param {string} site
 * @param {string} kind a key of CARRY
 * @param {ContentItem} item
 * @param {T} fallback
 * @returns {{key: string, value: T}}
 */
export function loadContentProgress(site, kind, item, fallback) {
  const key = progressKey(site, kind, item.id, item.version);
  const current = loadProgress(key, null);
  if (current !== null) return { key, value: current };
  const prefix = `${PREFIX}:${site}:${kind}:${item.id}@`;
  const older = [];
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const other = window.localStorage.key(i);
      if (other && other !== key && other.startsWith(prefix) && !other.endsWith(":unreadable")) older.push(other);
    }
  } catch {
    return { key, value: fallback }; // storage disabled
  }
  let carried = null;
  for (const other of older) {
    carried ??= CARRY[kind]?.(loadProgress(other, null), item) ?? null;
    window.localStorage.removeItem(other);
  }
  if (carried === null) return { key, value: fallback };
  saveProgress(key, carried);
  return { key, value: carried };
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
  document.dispatchEvent(new CustomEvent("course:progress-changed", { detail: { removed: doomed.length } }));
  return doomed.length;
}
