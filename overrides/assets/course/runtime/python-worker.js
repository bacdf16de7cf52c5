/**
 * The Python runtime: Pyodide in a module Web Worker, never on the page's
 * main thread. Speaks the protocol of protocol.js: one `switch` on the
 * request type, failures sent back as data, never thrown across.
 *
 * Every download Python needs starts as soon as it can: on `boot`, the
 * Pyodide core files, the lock and the snapshot lookup at once; as soon as
 * the lock is read, the course engine's wheel and the page's packages. The
 * worker's `fetch` hands each early download to the code that asks for it.
 *
 * Nothing is compiled before it is needed: a quiz's Python imports only the
 * engine's grading before its first answer, and imports the rest (and takes
 * its memory snapshot) once it has been idle for a moment. A Python that
 * runs learners' code imports everything and takes its snapshot before it
 * answers anything, so that no learner's code is ever part of one. Either
 * way the snapshot's 20 MB are hashed and stored once the worker is idle.
 *
 * Each stage of a boot leaves a User Timing mark (`python:core`, then
 * `python:pyodide`, …: see `stage`), which DevTools shows on the worker's
 * track and `bench/first_answers.py` reads to say where a first answer's
 * time goes.
 */

import { REPLY, REQUEST } from "./protocol.js";

/** The Python module whose `handle(type, data)` answers every request but `boot`. */
const ENGINE_MODULE = "quiz_engine.core.browser";
/**
 * Where the engine's wheel is kept in Python's file system: on `sys.path`,
 * imported from the zip as it is (nothing to unpack).
 */
const ENGINE_PATH = "/course/quiz_engine.whl";
/**
 * How long the worker must be idle (no request being answered) before it does
 * the work kept for a quiet moment: a quiz's Python imports the rest and
 * takes its snapshot, and any snapshot taken is hashed and stored (ms).
 */
const QUIET_MS = 200;
/** The course engine's name in the site's pyodide-lock.json. */
const ENGINE_PACKAGE = "quiz-engine";
/** The package whose pages' exercises plot, and the engine module that prepares it. */
const PLOTTING_PACKAGE = "matplotlib";
const PLOTS_MODULE = "quiz_engine.core.plots";
/** Cache Storage bucket for Python memory snapshots. */
const SNAPSHOTS = "course-python-snapshots";

/** @type {Promise<{pyodide: any, restored: boolean}> | null} */
let ready = null;

/**
 * Mark that a stage of the boot is done, as the User Timing mark
 * `python:<name>`: `core` (Pyodide's JavaScript imported), `pyodide`
 * (Python started, or restored from a snapshot), `engine` (the course
 * engine installed), `snapshot` (a snapshot taken), `packages` (the page's
 * packages loaded and imported) and `ready` (the boot answered).
 * @param {"core" | "pyodide" | "engine" | "snapshot" | "packages" | "ready"} name
 */
function stage(name) {
  performance.mark(`python:${name}`);
}

/**
 * Post a message for request `id` (null: a message of the worker's own).
 * @param {number | null} id
 * @param {string} type one of REPLY
 * @param {unknown} data
 */
function reply(id, type, data) {
  self.postMessage({ id, type, data });
}

/** Downloads started before anyone asked, by URL: each is handed out once. */
const early = new Map();

/**
 * Hand a copy of `download` to whoever fetches `url` later (loadPyodide), so
 * the one download serves both.
 * @param {string} url
 * @param {Promise<Response>} download
 */
function handOver(url, download) {
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
function guardDownloads(indexURL) {
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
async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A lock's sha256 (hex) as a Subresource Integrity string, as Pyodide checks its packages.
 * @param {string} hex
 */
function integrity(hex) {
  return `sha256-${btoa(String.fromCharCode(...(hex.match(/\w{2}/g) ?? []).map((b) => parseInt(b, 16))))}`;
}

/**
 * The lock's entries for `packages` and everything they depend on.
 * @param {any} lock
 * @param {string[]} packages
 * @returns {{file_name: string, sha256: string}[]}
 */
function closure(lock, packages) {
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

/**
 * Install the course engine's pure wheel (after checking its sha256 against
 * the lock) by putting it on `sys.path` as it is, and import its entry
 * module. Done without `loadPackage`, so the interpreter can still be
 * snapshotted afterwards, and without unpacking it: Python imports from the
 * zip.
 * @param {any} pyodide
 * @param {Promise<Response>} download the wheel's response
 * @param {{file_name: string, sha256: string}} entry the engine's lock entry
 */
async function installEngine(pyodide, download, entry) {
  const bytes = await (await download).arrayBuffer();
  const actual = await sha256(bytes);
  if (actual !== entry.sha256) {
    throw new Error(`${entry.file_name} does not match its sha256 in pyodide-lock.json (got ${actual})`);
  }
  pyodide.FS.mkdirTree(ENGINE_PATH.slice(0, ENGINE_PATH.lastIndexOf("/")));
  pyodide.FS.writeFile(ENGINE_PATH, new Uint8Array(bytes));
  pyodide.runPython(`import sys\nsys.path.append(${JSON.stringify(ENGINE_PATH)})\nimport ${ENGINE_MODULE}`);
}

/**
 * Import every engine module a request may need: a Python restored from a
 * snapshot has none of the engine's files, only what was imported.
 * @param {any} pyodide
 */
function preloadEngine(pyodide) {
  pyodide.runPython(`import ${ENGINE_MODULE}\n${ENGINE_MODULE}.preload()`);
}

/** Requests being answered now: the quiet-moment work waits until there are none. */
let busy = 0;
/** @type {Array<() => void>} work kept for a quiet moment, in order */
const whenQuiet = [];
/** @type {ReturnType<typeof setTimeout> | undefined} */
let quietTimer;

/**
 * Keep `task` for the next quiet moment. It is only an optimisation: if it
 * throws, what it failed to do is reported by whichever request needs it.
 * @param {() => void} task
 */
function onQuiet(task) {
  whenQuiet.push(task);
  armQuiet();
}

/** Do the work kept for a quiet moment now (before packages load, say). */
function quietWorkNow() {
  clearTimeout(quietTimer);
  for (const task of whenQuiet.splice(0)) {
    try {
      task();
    } catch {
      /* only an optimisation (see onQuiet) */
    }
  }
}

/** (Re)start the wait for a quiet moment, if work waits for one and nothing runs. */
function armQuiet() {
  clearTimeout(quietTimer);
  if (!whenQuiet.length || busy) return;
  quietTimer = setTimeout(quietWorkNow, QUIET_MS);
}

/** Open the snapshot bucket, or null without Cache Storage (private mode, insecure origin). */
async function openSnapshots() {
  try {
    return await caches.open(SNAPSHOTS);
  } catch {
    return null;
  }
}

/**
 * Start the runtime: Pyodide with the course engine imported, then any
 * other packages the page needs, all from the site's own folder.
 *
 * Python starts from a memory snapshot of an earlier visit when there is
 * one (a fraction of a second instead of seconds), else from scratch, and
 * a snapshot is stored for the next visit. Snapshots are keyed by the
 * Pyodide version, the engine's hash and the standard library's (a
 * snapshot remembers where each module sits in the zip), and carry in their
 * key the sha256 of their bytes, taken when they were stored: a snapshot whose bytes no
 * longer match it is never restored (see `loadSnapshot`). They are only an
 * optimisation: any problem with one falls back to a normal start.
 *
 * A Python that runs no learner's code (`runsCode` false: quizzes, the
 * test, the practice peer) answers as soon as grading is imported, and
 * imports the rest and takes its snapshot once idle for `QUIET_MS`; what it
 * registered meanwhile is forgotten when a snapshot is restored.
 *
 * `loadPackage` reports a failed download through `errorCallback` instead of
 * throwing, so every requested package is checked in `loadedPackages`
 * afterwards: a missing file is an error, never a silent fallback.
 * @param {number} id the boot request, which receives progress messages
 * @param {import("./protocol.js").BootData} options
 * @returns {Promise<{pyodide: any, restored: boolean}>}
 */
async function boot(id, { indexURL, packages, runsCode = true }) {
  const { failed, prefetch } = guardDownloads(indexURL);
  const url = (/** @type {string} */ name) => new URL(name, indexURL).href;
  const steps = packages.length ? 3 : 2;
  reply(id, REPLY.progress, { step: 1, steps, stage: "download" });
  // Everything Pyodide itself loads, at once (it would fetch the
  // WebAssembly only once its 1 MB of JavaScript has run). Importing
  // pyodide.asm.js here defines what loadPyodide would otherwise import.
  const core = Promise.all([import(url("pyodide.mjs")), import(url("pyodide.asm.js"))]);
  core.catch(() => {}); // observed below
  prefetch(url("pyodide.asm.wasm"));
  const snapshots = openSnapshots();
  // loadPyodide reads the lock and the standard library too: each gets a copy of this download.
  const lockResponse = self.fetch(url("pyodide-lock.json"));
  handOver(url("pyodide-lock.json"), lockResponse);
  const stdlibResponse = self.fetch(url("python_stdlib.zip"));
  handOver(url("python_stdlib.zip"), stdlibResponse);
  // A snapshot holds the standard library's table of contents (Python's
  // zipimport keeps it): it is restored only over the very same zip, whose
  // digest is in its key. Hashed from a copy of the download, when asked.
  /** @type {Promise<string> | undefined} */
  let stdlibDigest;
  const stdlibHash = () =>
    (stdlibDigest ??= stdlibResponse
      .then((r) => r.clone().arrayBuffer())
      .then(sha256, (error) => {
        throw new Error(`could not download python_stdlib.zip (${error.message})`);
      }));
  const lock = await Promise.race([lockResponse.then((r) => r.json()), failed]);
  const engine = lock.packages?.[ENGINE_PACKAGE];
  if (!engine) throw new Error(`the site's pyodide-lock.json has no ${ENGINE_PACKAGE} package`);
  for (const entry of closure(lock, packages)) prefetch(url(entry.file_name), { integrity: integrity(entry.sha256) });

  const [{ loadPyodide, version }] = await Promise.race([core, failed]);
  stage("core");
  const enginePrefix = url(`python-snapshot-${version}-${engine.sha256.slice(0, 16)}-`);
  /** The key of a snapshot of this Pyodide, engine and standard library, but for its own digest. */
  const keyPrefix = async () => `${enginePrefix}${(await Promise.race([stdlibHash(), failed])).slice(0, 16)}-`;
  const cache = await snapshots;
  const stored = cache ? await loadSnapshot(cache, enginePrefix, keyPrefix) : null;
  reply(id, REPLY.progress, { step: 2, steps, stage: "start" });
  /** @type {{pyodide: any, restored: boolean} | null} */
  let started = null;
  if (stored) {
    try {
      const pyodide = await Promise.race([loadPyodide({ indexURL, _loadSnapshot: stored.bytes }), failed]);
      pyodide.runPython(`import ${ENGINE_MODULE}\n${ENGINE_MODULE}.reset()`);
      stage("pyodide");
      started = { pyodide, restored: true };
    } catch {
      await cache?.delete(stored.key);
    }
  }
  if (!started) {
    const wheel = self.fetch(url(engine.file_name));
    wheel.catch(() => {}); // observed through installEngine
    const pyodide = await Promise.race([loadPyodide({ indexURL, _makeSnapshot: cache !== null }), failed]);
    stage("pyodide");
    await Promise.race([installEngine(pyodide, wheel, engine), failed]);
    stage("engine");
    const snapshot = () => {
      preloadEngine(pyodide);
      const bytes = cache && takeSnapshot(pyodide);
      if (!bytes) return;
      stage("snapshot");
      onQuiet(() => keepSnapshot(/** @type {Cache} */ (cache), keyPrefix(), bytes));
    };
    // A snapshot never holds packages (their WebAssembly is not part of it)
    // nor anything of a learner's code: taken now, before any request.
    if (runsCode || packages.length) snapshot();
    else onQuiet(snapshot);
    started = { pyodide, restored: false };
  }
  if (packages.length) {
    await loadPackages(id, started.pyodide, packages, failed);
    stage("packages");
  }
  stage("ready");
  return started;
}

/** The end of a snapshot's key: the sha256 of its bytes, then `.bin`. */
const SNAPSHOT_DIGEST = /^([0-9a-f]{64})\.bin$/;

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
async function loadSnapshot(cache, enginePrefix, keyPrefix) {
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
function takeSnapshot(pyodide) {
  try {
    return pyodide.makeMemorySnapshot();
  } catch {
    return null;
  }
}

/**
 * Keep a snapshot's bytes for the next visit (replacing older ones), under a
 * key that ends with their sha256. Hashing and storing 20 MB is done once
 * the worker is quiet, never while a first answer waits.
 * @param {Cache} cache
 * @param {Promise<string>} keyPrefix
 * @param {Uint8Array} bytes
 */
function keepSnapshot(cache, keyPrefix, bytes) {
  Promise.all([keyPrefix, sha256(bytes)])
    .then(async ([prefix, digest]) => {
      await Promise.all((await cache.keys()).map((request) => cache.delete(request)));
      await cache.put(`${prefix}${digest}.bin`, new Response(bytes));
      reply(null, REPLY.snapshotKept, null);
    })
    .catch(() => {});
}

/**
 * Load and import the page's packages (their wheels are already downloading).
 * @param {number | null} id the boot request (null: a later `load-packages`)
 * @param {any} pyodide
 * @param {string[]} packages
 * @param {Promise<never>} failed
 */
async function loadPackages(id, pyodide, packages, failed) {
  if (id !== null) reply(id, REPLY.progress, { step: 3, steps: 3, stage: "packages" });
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
  // and the first Run should not pay for it. matplotlib's pyplot too, with the
  // backend exercise runs draw with (Agg's, here in the worker: never the page's).
  pyodide.runPython(packages.map((name) => `import ${name.replace(/-/g, "_")}`).join("\n"));
  if (packages.includes(PLOTTING_PACKAGE)) pyodide.runPython(`import ${PLOTS_MODULE}\n${PLOTS_MODULE}.preload()`);
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
 * Ask the engine's `handle(type, data)`; return its value, or throw its
 * failure (sent back as a `failure` reply).
 * @param {any} pyodide
 * @param {string} type
 * @param {unknown} data
 */
function callEngine(pyodide, type, data) {
  const engine = pyodide.pyimport(ENGINE_MODULE);
  const pyData = pyodide.toPy(data);
  try {
    const proxy = engine.handle(type, pyData);
    const answer = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
    if (!answer.ok) throw new Error(answer.failure.message);
    return answer.value;
  } finally {
    pyData?.destroy?.();
    engine.destroy();
  }
}

/**
 * Register an exercise and write its data files (fetched from the site,
 * while Python may still be starting) where its setup code reads them
 * (`data/<name>` in the working directory).
 * @param {import("./protocol.js").RegisterExerciseData} data
 */
async function registerExercise({ exercise, files }) {
  const downloads = files.map(({ url, target }) =>
    fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`could not download the data file ${target} (HTTP ${response.status})`);
      return { target, bytes: new Uint8Array(await response.arrayBuffer()) };
    }),
  );
  for (const download of downloads) download.catch(() => {}); // thrown below
  const pyodide = await runtime();
  for (const { target, bytes } of await Promise.all(downloads)) {
    // mkdirTree takes absolute paths only: resolve against Python's working directory.
    const path = `${pyodide.FS.cwd()}/${target}`;
    pyodide.FS.mkdirTree(path.split("/").slice(0, -1).join("/"));
    pyodide.FS.writeFile(path, bytes);
  }
  return callEngine(pyodide, REQUEST.registerExercise, { exercise });
}

/**
 * Answer one request.
 * @param {number} id
 * @param {string} type
 * @param {any} data
 */
async function dispatch(id, type, data) {
  switch (type) {
    case REQUEST.boot:
      ready ??= boot(id, data);
      return { restored: (await ready).restored };
    case REQUEST.registerExercise:
      return registerExercise(data);
    case REQUEST.registerQuiz:
    case REQUEST.grade:
    case REQUEST.gradeTest:
    case REQUEST.runExercise:
    case REQUEST.checkExercise:
    case REQUEST.practiceReply:
      return callEngine(await runtime(), type, data);
    case REQUEST.loadPackages:
      // Packages the page loads when first needed (runtime/packages.js).
      quietWorkNow();
      await loadPackages(null, await runtime(), data.packages, new Promise(() => {}));
      return { packages: data.packages };
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
  busy += 1;
  clearTimeout(quietTimer);
  try {
    reply(id, REPLY.result, await dispatch(id, type, data));
  } catch (error) {
    /** @type {import("./protocol.js").Failure} */
    const failure = { message: describe(error) };
    reply(id, REPLY.failure, failure);
  } finally {
    busy -= 1;
    armQuiet();
  }
});
