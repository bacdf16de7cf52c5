/**
 * The page's side of the Python runtime: starts the worker, numbers requests
 * and turns replies into promises, and tells widgets how booting goes.
 */

/**
 * @typedef {{state: "idle" | "booting" | "ready" | "failed", step?: number, steps?: number,
 *            stage?: string, message?: string, restored?: boolean,
 *            snapshotKept?: boolean}} RuntimeStatus `snapshotKept`: this worker has stored
 *   a memory snapshot of Python for the next visit
 */

import { assetUrl, pyodideUrl } from "../config.js";
import { t } from "../i18n.js";
import { siteJson } from "../site-json.js";
import { REPLY, REQUEST } from "./protocol.js";

export class PythonRuntime {
  /**
   * @param {{packages?: string[], runsCode?: boolean}} [options]
   *   `packages`: Pyodide packages to load besides the course engine, which is
   *   always there; `runsCode`: whether it runs learners' code (the worker then
   *   takes its memory snapshot before it answers anything)
   */
  constructor({ packages = [], runsCode = true } = {}) {
    this.packages = packages;
    this.runsCode = runsCode;
    /** @type {RuntimeStatus} */
    this.status = { state: "idle" };
    /** @type {Set<(status: RuntimeStatus) => void>} */
    this.listeners = new Set();
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this.pending = new Map();
    this.nextId = 1;
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {Promise<void> | null} */
    this.booted = null;
    /** Counts fresh workers: state registered in an older one is gone. */
    this.generation = 0;
    /** @type {Map<string, Promise<unknown>>} packages loaded after boot, in this worker */
    this.extra = new Map();
    /** @type {Promise<unknown>} settles once every package asked for so far is loaded */
    this.extraLoaded = Promise.resolve();
  }

  /**
   * Load `packages` into the booted worker, once per worker: for packages a
   * page needs only in some exercises (runtime/packages.js), so the others
   * do not wait for them. Timed requests wait for them before their clock
   * starts (`requestWithin`).
   * @param {string[]} packages
   * @returns {Promise<unknown>}
   */
  ensurePackages(packages) {
    const wanted = packages.filter((name) => !this.extra.has(name));
    if (wanted.length) {
      const loading = this.start().then(() => this.request(REQUEST.loadPackages, { packages: wanted }));
      for (const name of wanted) this.extra.set(name, loading);
      this.extraLoaded = Promise.allSettled([this.extraLoaded, loading]);
    }
    return Promise.all(packages.map((name) => this.extra.get(name)));
  }

  /**
   * Call `listener` now and on every status change; returns an unsubscribe function.
   * @param {(status: RuntimeStatus) => void} listener
   */
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** @param {RuntimeStatus} status */
  setStatus(status) {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }

  /**
   * Start the worker and Pyodide once; later calls return the same promise.
   * @returns {Promise<void>}
   */
  start() {
    if (this.booted) return this.booted;
    this.setStatus({ state: "booting", step: 0, steps: this.packages.length ? 3 : 2, stage: "worker" });
    this.generation += 1;
    this.worker = new Worker(assetUrl("python-worker.bundle.js"), { type: "module", name: "course-python" });
    this.worker.addEventListener("message", (event) => this.onMessage(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.failAll(new Error(event.message || t("runtime.workerNotStarted")));
    });
    this.booted = this.request(REQUEST.boot, { indexURL: pyodideUrl(), packages: this.packages, runsCode: this.runsCode }).then(
      (result) => this.setStatus({ state: "ready", restored: Boolean(result?.restored) }),
      (error) => {
        this.setStatus({ state: "failed", message: error.message });
        throw error;
      },
    );
    return this.booted;
  }

  /** Throw the worker away and boot a fresh one (after a failure). */
  restart() {
    this.worker?.terminate();
    this.failAll(new Error(t("runtime.restarted")), false);
    this.worker = null;
    this.booted = null;
    this.extra = new Map();
    this.extraLoaded = Promise.resolve();
    return this.start();
  }

  /**
   * Send a request; resolves with the worker's `result`, rejects on a
   * `failure`. Requests sent while Python boots wait for it inside the worker.
   * @template {keyof import("./protocol.js").Requests} T
   * @param {T} type one of REQUEST
   * @param {import("./protocol.js").Requests[T][0]} data
   * @returns {Promise<import("./protocol.js").Requests[T][1]>}
   */
  request(type, data) {
    if (!this.worker) {
      return this.start().then(() => this.request(type, data));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker?.postMessage({ id, type, data });
    });
  }

  /**
   * Like `request`, but give up after `timeoutMs`: the worker (and whatever
   * runs in it) is thrown away and a fresh one starts, so runaway code can
   * never freeze the page. `onTimed` is called when the time starts to count
   * (after any package still loading).
   * @template {keyof import("./protocol.js").Requests} T
   * @param {T} type one of REQUEST
   * @param {import("./protocol.js").Requests[T][0]} data
   * @param {number} timeoutMs
   * @param {() => void} [onTimed]
   * @returns {Promise<import("./protocol.js").Requests[T][1]>}
   */
  async requestWithin(type, data, timeoutMs, onTimed) {
    // A package still loading is not the code's time.
    await this.extraLoaded;
    onTimed?.();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(t("runtime.stoppedAfter", { seconds: Math.round(timeoutMs / 1000) }));
        error.name = "TimeoutError";
        reject(error);
        this.restart().catch(() => {});
      }, timeoutMs);
    });
    return Promise.race([this.request(type, data), timeout]).finally(() => clearTimeout(timer));
  }

  /** @param {import("./protocol.js").Message} message */
  onMessage({ id, type, data }) {
    const waiting = this.pending.get(id);
    if (type === REPLY.progress) {
      this.setStatus({ state: "booting", ...data });
      return;
    }
    if (type === REPLY.snapshotKept) {
      this.setStatus({ ...this.status, snapshotKept: true });
      return;
    }
    if (!waiting) return;
    this.pending.delete(id);
    if (type === REPLY.result) waiting.resolve(data);
    else waiting.reject(new Error(data?.message ?? t("runtime.workerError")));
  }

  /**
   * Reject every pending request (the worker died or was replaced).
   * @param {Error} error
   * @param {boolean} [markFailed]
   */
  failAll(error, markFailed = true) {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    if (markFailed) this.setStatus({ state: "failed", message: error.message });
  }
}

/**
 * Start `runtime`, or start it again after a failed start. A failed start
 * fails the requests that wait on it, which say so.
 * @param {PythonRuntime} runtime
 */
export function startOrRetry(runtime) {
  const starting = runtime.status.state === "failed" ? runtime.restart() : runtime.start();
  starting.catch(() => {});
}

/**
 * (Re)start `runtime` if needed, fetch a quiz's JSON from the site — at
 * once, while Python starts — and register it with Python; the quiz and
 * test widgets both grade through it.
 * @param {PythonRuntime} runtime
 * @param {string} src the quiz JSON's path from the site root
 * @param {"quiz" | "test"} what which it is (for the message if it cannot be loaded)
 */
export async function registerQuiz(runtime, src, what) {
  startOrRetry(runtime);
  const quiz = siteJson(src, (status) => t(what === "test" ? "runtime.testNotLoaded" : "runtime.quizNotLoaded", { status }));
  // Sent as soon as the file is here: the worker answers it once Python is up.
  return runtime.request(REQUEST.registerQuiz, { quiz: await quiz });
}

/** @type {PythonRuntime | null} */
let shared = null;

/** The one runtime every quiz and lab on every page view shares: it never runs learners' code. */
export function sharedRuntime() {
  shared ??= new PythonRuntime({ runsCode: false });
  return shared;
}

/** @type {Map<string, PythonRuntime>} */
const codeRuntimes = new Map();

/**
 * The runtime for learners' own code, apart from the quizzes' one: runaway
 * code restarts only this worker. One per set of packages.
 * @param {string[]} packages
 */
export function codeRuntime(packages) {
  const key = [...packages].sort().join(" ");
  let runtime = codeRuntimes.get(key);
  if (!runtime) {
    runtime = new PythonRuntime({ packages: [...packages].sort(), runsCode: true });
    codeRuntimes.set(key, runtime);
  }
  return runtime;
}
