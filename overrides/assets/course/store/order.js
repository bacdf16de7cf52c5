/**
 * The order a learner sees a question's options in: shuffled, but the same
 * on every visit. Each learner gets a random seed, made once and kept with
 * the rest of their progress (so Export / Import carries it to another
 * browser); the seed, the quiz id and the question id pick the order. The
 * option ids (`a`, `b`, … in the authored order) stay what is graded and
 * stored, so saved answers apply whatever the order.
 */

import { loadProgress, progressKey } from "./progress.js";

/** @type {Map<string, string>} seeds made in this page view where storage refused them, per site */
const unsaved = new Map();

/**
 * The storage key of the learner's seed (version-free: it belongs to no content).
 * @param {string} site
 */
export function seedKey(site) {
  return progressKey(site, "learner", "order", "any");
}

/**
 * This learner's seed on `site`, made and stored on the first call. It is
 * read from storage every time, so an imported or reset progress takes
 * effect on the next page, even one reached by instant navigation. Without
 * storage it lasts for this page view.
 * @param {string} site
 * @returns {string}
 */
export function learnerSeed(site) {
  const stored = loadProgress(seedKey(site), /** @type {{seed?: unknown}} */ ({}));
  if (typeof stored.seed === "string" && stored.seed) return stored.seed;
  const kept = unsaved.get(site);
  if (kept) return kept;
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const seed = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  // Stored directly, not with saveProgress: the seed shows in no progress
  // mark, so its birth is no change for the navigation to redraw.
  try {
    window.localStorage.setItem(seedKey(site), JSON.stringify({ seed }));
  } catch {
    unsaved.set(site, seed); // storage refused (private mode, policy, quota)
  }
  return seed;
}

/**
 * A 32-bit hash of `text` (FNV-1a, then a final mix so that texts differing
 * in their last character still give far-apart numbers).
 * @param {string} text
 */
function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * `items` in an order that depends only on `key` (a Fisher–Yates shuffle
 * driven by a xorshift generator seeded from the key's hash).
 * @template T
 * @param {T[]} items
 * @param {string} key
 * @returns {T[]}
 */
export function seededShuffle(items, key) {
  const result = items.slice();
  let state = hash32(key) || 1; // xorshift never leaves 0
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/**
 * The order this learner sees one question's options in.
 * @param {string} site
 * @param {string} quizId
 * @param {string} questionId
 * @param {string[]} optionIds in any order (they are sorted first, so the result depends on the ids alone)
 * @param {number} [round] the Module Test's attempt: each retry gets a new order (0: the first)
 * @returns {string[]}
 */
export function optionOrder(site, quizId, questionId, optionIds, round = 0) {
  const parts = [learnerSeed(site), quizId, questionId, ...(round ? [String(round)] : [])];
  return seededShuffle(optionIds.slice().sort(), parts.join("|"));
}
