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
 *
 * This file is the worker's entry (bundled into python-worker.bundle.js):
 * the boot and the answer to each request. Its parts are in worker/: the
 * downloads and their checks (downloads.js), the memory snapshots
 * (snapshots.js) and the work kept for a quiet moment (quiet.js).
 */

import { PLOTTING_PACKAGE } from "./packages.js";
import { REPLY, REQUEST } from "./protocol.js";
import { closure, guardDownloads, handOver, integrity, sha256 } from "./worker/downloads.js";
import { onQuiet, quietWorkNow, requestEnded, requestStarted } from "./worker/quiet.js";
import { SNAPSHOT_NAME, keepSnapshot, loadSnapshot, openSnapshots, takeSnapshot } from "./worker/snapshots.js";

/** The Python module whose `handle(type, data)` answers every request but `boot`. */
const ENGINE_MODULE = "quiz_engine.core.browser";
/**
 * Where the engine's wheel is kept in Python's file system: on `sys.path`,
 * imported from the zip as it is (nothing to unpack).
 */
const ENGINE_PATH = "/course/quiz_engine.whl";
/** The course engine's name in the site's pyodide-lock.json. */
const ENGINE_PACKAGE = "quiz-engine";
/** The engine module that prepares the plotting package (PLOTTING_PACKAGE) once it is loaded. */
const PLOTS_MODULE = "quiz_engine.core.plots";

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

/**
 * Start the runtime: Pyodide with the course engine imported, then any
 * other packages the page needs, all from the site's own folder.
 *
 * Python starts from a memory snapshot of an earlier visit when there is
 * one (worker/snapshots.js), else from scratch, and a snapshot is stored
 * for the next visit. Any problem with a snapshot falls back to a normal
 * start.
 *
 * A Python that runs no learner's code (`runsCode` false: quizzes, the
 * test, the practice peer) answers as soon as grading is imported, and
 * imports the rest and takes its snapshot at the next quiet moment
 * (worker/quiet.js); what it registered meanwhile is forgotten when a
 * snapshot is restored.
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
  /** How the keys of all the site's snapshots start, then those of this Pyodide and engine. */
  const sitePrefix = url(SNAPSHOT_NAME);
  const enginePrefix = `${sitePrefix}${version}-${engine.sha256.slice(0, 16)}-`;
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
      const kept = () => reply(null, REPLY.snapshotKept, null);
      onQuiet(() => keepSnapshot(/** @type {Cache} */ (cache), sitePrefix, keyPrefix(), bytes, kept));
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
  requestStarted();
  try {
    reply(id, REPLY.result, await dispatch(id, type, data));
  } catch (error) {
    /** @type {import("./protocol.js").Failure} */
    const failure = { message: describe(error) };
    reply(id, REPLY.failure, failure);
  } finally {
    requestEnded();
  }
});
