/**
 * Python's memory snapshots, kept in Cache Storage for the next visit.
 *
 * A snapshot is keyed by the Pyodide version, the engine's hash and the
 * standard library's (a snapshot remembers where each module sits in the
 * zip), and carries in its key the sha256 of its bytes, taken when they were
 * stored: a snapshot whose bytes no longer match it is never restored
 * (`loadSnapshot`). Snapshots are only an optimisation: any problem with one
 * means Python starts normally.
 */

import { sha256 } from "./downloads.js";

/** Cache Storage bucket for Python memory snapshots. */
const SNAPSHOTS = "course-python-snapshots";
/** How the name of every snapshot's key starts (python-worker.js gives the rest). */
export const SNAPSHOT_NAME = "python-snapshot-";
/** The end of a snapshot's key: the sha256 of its bytes, then `.bin`. */
const SNAPSHOT_DIGEST = /^([0-9a-f]{64})\.bin$/;

/** Open the snapshot bucket, or null without Cache Storage (private mode, insecure origin). */
export async function openSnapshots() {
  try {
    return await caches.open(SNAPSHOTS);
  } catch {
    return null;
  }
}

/**
 * The stored snapshot for this Pyodide, engine and standard library, once
 * its bytes are checked against the sha256 its key carries; null when there
 * is none, or it doesn't match (then it is removed, and Python starts
 * normally and stores a fresh one). The standard library's digest is
 * waited for only when a snapshot of this Pyodide and engine is there.
 * @param {Cache} cache
 * @param {string} enginePrefix the start of the keys of this Pyodide and engine
 * @param {() => Promise<string>} keyPrefix the start of the key with the standard library's digest too
 * @returns {Promise<{key: string, bytes: ArrayBuffer} | null>}
 */
export async function loadSnapshot(cache, enginePrefix, keyPrefix) {
  try {
    const candidates = (await cache.keys()).filter((r) => r.url.startsWith(enginePrefix));
    if (!candidates.length) return null;
    const prefix = await keyPrefix();
    const request = candidates.find((r) => r.url.startsWith(prefix));
    if (!request) return null;
    const expected = SNAPSHOT_DIGEST.exec(request.url.slice(prefix.length))?.[1];
    const bytes = await (await cache.match(request))?.arrayBuffer();
    if (expected && bytes && (await sha256(bytes)) === expected) return { key: request.url, bytes };
    await cache.delete(request);
  } catch {
    /* unreadable: start normally */
  }
  return null;
}

/**
 * A memory snapshot of `pyodide` as it is now, or null if it cannot be taken
 * (not critical: the next visit starts from scratch again).
 * @param {any} pyodide
 * @returns {Uint8Array | null}
 */
export function takeSnapshot(pyodide) {
  try {
    return pyodide.makeMemorySnapshot();
  } catch {
    return null;
  }
}

/**
 * Keep a snapshot's bytes for the next visit, under a key that ends with
 * their sha256, then call `kept`. It replaces the site's older snapshots
 * (those under the same Pyodide folder), never another site's: courses
 * side by side on one host (`user.github.io/course-a/`, `/course-b/`) share
 * the bucket. Hashing and storing 20 MB is left to a quiet moment (see
 * quiet.js), never while a first answer waits.
 * @param {Cache} cache
 * @param {string} ours how the keys of all the site's snapshots start (its Pyodide folder, then `SNAPSHOT_NAME`)
 * @param {Promise<string>} keyPrefix
 * @param {Uint8Array} bytes
 * @param {() => void} kept
 */
export function keepSnapshot(cache, ours, keyPrefix, bytes, kept) {
  Promise.all([keyPrefix, sha256(bytes)])
    .then(async ([prefix, digest]) => {
      const older = (await cache.keys()).filter((request) => request.url.startsWith(ours));
      await Promise.all(older.map((request) => cache.delete(request)));
      await cache.put(`${prefix}${digest}.bin`, new Response(bytes));
      kept();
    })
    .catch(() => {});
}
