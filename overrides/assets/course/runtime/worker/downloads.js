/**
 * The Python worker's downloads: every `fetch` the runtime makes goes
 * through `guardDownloads`, which refuses off-site URLs, turns a failed
 * download into one rejected promise the boot races against, and answers a
 * URL downloaded early (`prefetch`, `handOver`) with that download.
 * Also what checks a download (`sha256`, `integrity`) and what the worker
 * reads in the site's pyodide-lock.json to start the early ones (`closure`).
 */

/** Downloads started before anyone asked, by URL: each is handed out once. */
const early = new Map();

/**
 * Hand a copy of `download` to whoever fetches `url` later (loadPyodide), so
 * the one download serves both.
 * @param {string} url
 * @param {Promise<Response>} download
 */
export function handOver(url, download) {
  const copy = download.then((r) => r.clone());
  copy.catch(() => {}); // reported to whoever fetches it
  early.set(url, copy);
}

/**
 * Watch every `fetch` the runtime makes. Pyodide reports a failed download
 * of its WebAssembly only as a console warning and then never settles, and
 * may try a CDN for a package missing here: so a failed or off-site fetch
 * rejects `failed` at once, and off-site fetches are refused outright.
 * A URL downloaded early (`prefetch`) is answered with that download.
 * @param {string} indexURL
 */
export function guardDownloads(indexURL) {
  const site = new URL(indexURL).origin;
  const original = self.fetch.bind(self);
  /** @type {(error: Error) => void} */
  let fail = () => {};
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => (fail = reject));
  failed.catch(() => {}); // observed through the races in boot
  self.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
    if (url.origin !== site) {
      const error = new Error(`refused to download ${url.href}: Python is loaded from this site only`);
      fail(error);
      throw error;
    }
    const started = early.get(url.href);
    early.delete(url.href);
    let response;
    try {
      response = await (started ?? original(input, init));
    } catch (error) {
      fail(new Error(`could not download ${url.pathname} (${/** @type {Error} */ (error).message})`));
      throw error;
    }
    if (!response.ok) fail(new Error(`could not download ${url.pathname} (HTTP ${response.status})`));
    return response;
  };
  /**
   * Start downloading `url` now, for whoever fetches it later.
   * @param {string} url
   * @param {RequestInit} [init]
   */
  const prefetch = (url, init) => {
    if (early.has(url)) return;
    const download = original(url, init);
    download.catch(() => {}); // reported to whoever fetches it
    early.set(url, download);
  };
  return { failed, prefetch };
}

/**
 * Hex sha256 of some bytes.
 * @param {BufferSource} bytes
 */
export async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A lock's sha256 (hex) as a Subresource Integrity string, as Pyodide checks its packages.
 * @param {string} hex
 */
export function integrity(hex) {
  return `sha256-${btoa(String.fromCharCode(...(hex.match(/\w{2}/g) ?? []).map((b) => parseInt(b, 16))))}`;
}

/**
 * The lock's entries for `packages` and everything they depend on.
 * @param {any} lock
 * @param {string[]} packages
 * @returns {{file_name: string, sha256: string}[]}
 */
export function closure(lock, packages) {
  const seen = new Map();
  const todo = packages.map((name) => name.toLowerCase().replace(/[-_.]+/g, "-"));
  while (todo.length) {
    const name = /** @type {string} */ (todo.pop());
    const entry = lock.packages?.[name];
    if (!entry || seen.has(name)) continue;
    seen.set(name, entry);
    todo.push(...(entry.depends ?? []));
  }
  return [...seen.values()];
}
