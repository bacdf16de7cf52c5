/**
 * The Python runtime: Pyodide in a module Web Worker, never on the page's
 * main thread.
 *
 * Protocol: every message is `{id, type, data}`. Requests: `boot`,
 * `register-quiz`, `grade`, `grade-test`, `register-exercise`, `run-exercise`,
 * `check-exercise`, `practice-reply`. Replies: `progress` (during boot), `result`, or
 * `error` with `{message}` — errors travel as data, never thrown across.
 */

/** @type {Promise<{pyodide: any, restored: boolean}> | null} */
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

/** Cache Storage bucket for Python memory snapshots. */
const SNAPSHOTS = "course-python-snapshots";
/** The course engine's name in the site's pyodide-lock.json. */
const ENGINE = "quiz-engine";

/**
 * Hex sha256 of some bytes.
 * @param {ArrayBuffer} bytes
 */
async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Install the course engine's pure wheel by unpacking it into site-packages
 * (after checking its sha256 against the lock) and import it. Done in
 * Python with the standard library rather than with `loadPackage`, so the
 * interpreter can still be snapshotted afterwards.
 * @param {any} pyodide
 * @param {string} indexURL
 * @param {{file_name: string, sha256: string}} entry the engine's lock entry
 */
async function installEngine(pyodide, indexURL, entry) {
  const response = await fetch(new URL(entry.file_name, indexURL));
  const bytes = await response.arrayBuffer();
  const actual = await sha256(bytes);
  if (actual !== entry.sha256) {
    throw new Error(`${entry.file_name} does not match its sha256 in pyodide-lock.json (got ${actual})`);
  }
  pyodide.FS.writeFile("/tmp/course-engine.whl", new Uint8Array(bytes));
  pyodide.runPython(
    "import sysconfig, zipfile\n" +
      "zipfile.ZipFile('/tmp/course-engine.whl').extractall(sysconfig.get_path('purelib'))\n" +
      "import quiz_engine.browser",
  );
}

/**
 * Start Python with the course engine imported: from a memory snapshot of
 * an earlier visit when there is one (a fraction of a second instead of
 * seconds), else from scratch — then store a snapshot for the next visit.
 * Snapshots are keyed by the Pyodide version and the engine's hash, and are
 * only an optimisation: any problem with one falls back to a normal start.
 * @param {any} pyodideModule the imported pyodide.mjs
 * @param {string} indexURL
 * @returns {Promise<{pyodide: any, restored: boolean}>}
 */
async function startPython(pyodideModule, indexURL) {
  const { loadPyodide, version } = pyodideModule;
  const lock = await (await fetch(new URL("pyodide-lock.json", indexURL))).json();
  const entry = lock.packages?.[ENGINE];
  if (!entry) throw new Error(`the site's pyodide-lock.json has no ${ENGINE} package`);
  const key = new URL(`python-snapshot-${version}-${entry.sha256.slice(0, 16)}.bin`, indexURL).href;
  /** @type {Cache | null} */
  let cache = null;
  try {
    cache = await caches.open(SNAPSHOTS);
  } catch {
    cache = null; // no Cache Storage (private mode, insecure origin): start normally
  }
  const stored = await cache?.match(key);
  if (stored) {
    try {
      const pyodide = await loadPyodide({ indexURL, _loadSnapshot: await stored.arrayBuffer() });
      pyodide.runPython("import quiz_engine.browser");
      return { pyodide, restored: true };
    } catch {
      await cache?.delete(key);
    }
  }
  const pyodide = await loadPyodide({ indexURL, _makeSnapshot: cache !== null });
  await installEngine(pyodide, indexURL, entry);
  if (cache) {
    try {
      const old = await cache.keys();
      await Promise.all(old.map((request) => cache?.delete(request)));
      cache.put(key, new Response(pyodide.makeMemorySnapshot())).catch(() => {});
    } catch {
      /* not critical: the next visit starts from scratch again */
    }
  }
  return { pyodide, restored: false };
}

/**
 * Start the runtime: Pyodide and the course engine, then any other packages
 * the page needs, all from the site's own folder.
 *
 * `loadPackage` reports a failed download through `errorCallback` instead of
 * throwing, so every requested package is checked in `loadedPackages`
 * afterwards: a missing file is an error, never a silent fallback.
 * @param {number} id the boot request, which receives progress messages
 * @param {{indexURL: string, packages: string[]}} options
 * @returns {Promise<{pyodide: any, restored: boolean}>}
 */
async function boot(id, { indexURL, packages }) {
  const failed = guardDownloads(indexURL);
  failed.catch(() => {}); // observed through the races below
  const steps = packages.length ? 3 : 2;
  reply(id, "progress", { step: 1, steps, stage: "download" });
  const pyodideModule = await Promise.race([import(new URL("pyodide.mjs", indexURL).href), failed]);
  reply(id, "progress", { step: 2, steps, stage: "start" });
  const { pyodide, restored } = await Promise.race([startPython(pyodideModule, indexURL), failed]);
  if (packages.length) {
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
    // Import them now, while the learner reads: importing pandas takes seconds,
    // and the first Run should not pay for it.
    pyodide.runPython(packages.map((name) => `import ${name.replace(/-/g, "_")}`).join("\n"));
  }
  return { pyodide, restored };
}

/**
 * Return the booted runtime, or fail if `boot` was never requested.
 * @returns {Promise<any>}
 */
async function runtime() {
  if (!ready) throw new Error("the Python runtime has not been started");
  return (await ready).pyodide;
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
    // The engine reports its own failures as {error: "…"}; a run's result has an
    // `error` field too, but as an object (the learner's exception) or null.
    if (result && typeof result === "object" && typeof result.error === "string") {
      throw new Error(result.error);
    }
    return result;
  } finally {
    for (const arg of pyArgs) arg?.destroy?.();
    browser.destroy();
  }
}

/**
 * Register an exercise and write its data files (fetched from the site)
 * where its setup code reads them (`data/<name>` in the working directory).
 * @param {any} pyodide
 * @param {{exercise: any, files: {url: string, target: string}[]}} data
 */
async function registerExercise(pyodide, { exercise, files }) {
  for (const { url, target } of files) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not download the data file ${target} (HTTP ${response.status})`);
    // mkdirTree takes absolute paths only: resolve against Python's working directory.
    const path = `${pyodide.FS.cwd()}/${target}`;
    pyodide.FS.mkdirTree(path.split("/").slice(0, -1).join("/"));
    pyodide.FS.writeFile(path, new Uint8Array(await response.arrayBuffer()));
  }
  return callEngine(pyodide, "register_exercise", [exercise]);
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
      return { ready: true, restored: (await ready).restored };
    case "register-quiz":
      return callEngine(await runtime(), "register_quiz", [data]);
    case "grade":
      return callEngine(await runtime(), "grade", [data.quiz_id, data.question_id, data.answer]);
    case "grade-test":
      return callEngine(await runtime(), "grade_whole_test", [data.quiz_id, data.answers]);
    case "register-exercise":
      return registerExercise(await runtime(), data);
    case "run-exercise":
      return callEngine(await runtime(), "run_exercise", [data.exercise_id, data.code]);
    case "check-exercise":
      return callEngine(await runtime(), "check_exercise", [data.exercise_id, data.code]);
    case "practice-reply":
      return callEngine(await runtime(), "practice_reply", [data.lab, data.messages]);
    default:
      throw new Error(`unknown request type ${JSON.stringify(type)}`);
  }
}

/**
 * Words for anything thrown: Errors, Emscripten file-system errors (plain
 * objects with an `errno`), or other values.
 * @param {unknown} error
 */
function describe(error) {
  if (error instanceof Error) return error.message;
  const thing = /** @type {any} */ (error);
  if (thing && typeof thing === "object") {
    if (typeof thing.message === "string" && thing.message) return thing.message;
    if (typeof thing.errno === "number") return `file system error (errno ${thing.errno})`;
    try {
      return JSON.stringify(thing);
    } catch {
      /* fall through */
    }
  }
  return String(error);
}

self.addEventListener("message", async (event) => {
  const { id, type, data } = event.data ?? {};
  try {
    reply(id, "result", await dispatch(id, type, data));
  } catch (error) {
    self.postMessage({ id, type: "error", error: { message: describe(error) } });
  }
});
