/**
 * The Python runtime: Pyodide in a module Web Worker, never on the page's
 * main thread.
 *
 * Protocol: every message is `{id, type, data}`. Requests: `boot`,
 * `register-quiz`, `grade`. Replies: `progress` (during boot), `result`, or
 * `error` with `{message}` — errors travel as data, never thrown across.
 */

/** @type {Promise<any> | null} */
let ready = null;

/**
 * Post a reply for request `id`.
 * @param {number} id
 * @param {string} type
 * @param {unknown} data
 */
function reply(id, type, data) {
  self.postMessage({ id, type, data });
}

/**
 * Watch every `fetch` the runtime makes. Pyodide reports a failed download
 * of its WebAssembly only as a console warning and then never settles, and
 * may try a CDN for a package missing here: so a failed or off-site fetch
 * rejects `failed` at once, and off-site fetches are refused outright.
 * @param {string} indexURL
 * @returns {Promise<never>} rejects on the first failed or refused download
 */
function guardDownloads(indexURL) {
  const site = new URL(indexURL).origin;
  const original = self.fetch.bind(self);
  /** @type {(error: Error) => void} */
  let fail = () => {};
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => (fail = reject));
  self.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
    if (url.origin !== site) {
      const error = new Error(`refused to download ${url.href}: Python is loaded from this site only`);
      fail(error);
      throw error;
    }
    let response;
    try {
      response = await original(input, init);
    } catch (error) {
      fail(new Error(`could not download ${url.pathname} (${/** @type {Error} */ (error).message})`));
      throw error;
    }
    if (!response.ok) fail(new Error(`could not download ${url.pathname} (HTTP ${response.status})`));
    return response;
  };
  return failed;
}

/**
 * Load Pyodide and the course engine from the site's own folder.
 *
 * `loadPackage` reports a failed download through `errorCallback` instead of
 * throwing, so every requested package is checked in `loadedPackages`
 * afterwards: a missing file is an error, never a silent fallback.
 * @param {number} id the boot request, which receives progress messages
 * @param {{indexURL: string, packages: string[]}} options
 */
async function boot(id, { indexURL, packages }) {
  const failed = guardDownloads(indexURL);
  failed.catch(() => {}); // observed through the race below
  const steps = 3;
  reply(id, "progress", { step: 1, steps, stage: "download" });
  const { loadPyodide } = await Promise.race([import(new URL("pyodide.mjs", indexURL).href), failed]);
  reply(id, "progress", { step: 2, steps, stage: "start" });
  const pyodide = await Promise.race([loadPyodide({ indexURL }), failed]);
  reply(id, "progress", { step: 3, steps, stage: "packages" });
  /** @type {string[]} */
  const problems = [];
  await Promise.race([
    pyodide.loadPackage(packages, {
      messageCallback: () => {},
      errorCallback: (/** @type {string} */ message) => problems.push(message),
    }),
    failed,
  ]);
  const loaded = Object.keys(pyodide.loadedPackages);
  const missing = packages.filter((name) => !loaded.includes(name));
  if (missing.length || problems.length) {
    throw new Error(`could not load ${missing.join(", ") || "packages"} (${problems.join("; ")})`);
  }
  pyodide.runPython("import quiz_engine.browser");
  return pyodide;
}

/**
 * Return the booted runtime, or fail if `boot` was never requested.
 * @returns {Promise<any>}
 */
function runtime() {
  if (!ready) throw new Error("the Python runtime has not been started");
  return ready;
}

/**
 * Call a function of `quiz_engine.browser` with JSON-safe arguments and
 * return its JSON-safe result; a `{error}` result becomes a thrown Error.
 * @param {any} pyodide
 * @param {string} name
 * @param {unknown[]} args
 */
function callEngine(pyodide, name, args) {
  const browser = pyodide.pyimport("quiz_engine.browser");
  const pyArgs = args.map((arg) => (arg && typeof arg === "object" ? pyodide.toPy(arg) : arg));
  try {
    const proxy = browser[name](...pyArgs);
    const result = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
    if (result && typeof result === "object" && "error" in result) throw new Error(String(result.error));
    return result;
  } finally {
    for (const arg of pyArgs) arg?.destroy?.();
    browser.destroy();
  }
}

/**
 * Answer one request.
 * @param {number} id
 * @param {string} type
 * @param {any} data
 */
async function dispatch(id, type, data) {
  switch (type) {
    case "boot":
      ready ??= boot(id, data);
      await ready;
      return { ready: true };
    case "register-quiz":
      return callEngine(await runtime(), "register_quiz", [data]);
    case "grade":
      return callEngine(await runtime(), "grade", [data.quiz_id, data.question_id, data.answer]);
    default:
      throw new Error(`unknown request type ${JSON.stringify(type)}`);
  }
}

self.addEventListener("message", async (event) => {
  const { id, type, data } = event.data ?? {};
  try {
    reply(id, "result", await dispatch(id, type, data));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    self.postMessage({ id, type: "error", error: { message } });
  }
});
