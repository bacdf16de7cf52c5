/**
 * Python workers started before the course's script runs (early-start.js),
 * and their hand-over to the runtimes (python-client.js): one place for what
 * both sides must agree on — which runtimes a page needs, the key each is
 * known by, and the id of the `boot` request sent for it.
 *
 * A worker started early posts its `boot` at once; what it says before it is
 * adopted (progress, the boot's result, an error) is kept, in order, and
 * handed over with it, so nothing is lost whenever the course's script runs.
 */

import { splitPackages } from "./packages.js";
import { REQUEST } from "./protocol.js";

/** The id of the `boot` request of a worker started early: the runtimes number theirs from 1. */
export const EARLY_BOOT_ID = 0;

/** Where the early workers wait on `window` (the two scripts share nothing else). */
const WAITING = "__courseEarlyPython";

/**
 * @typedef {{packages: string[], runsCode: boolean}} RuntimePlan
 * @typedef {{worker: Worker, messages: any[], errors: string[], release: () => void}} EarlyWorker
 */

/**
 * The runtimes a page needs, from its config's `python`: one for its
 * exercises (booted with their packages but those loaded on demand) and one
 * for its quizzes, as course.js asks for them.
 * @param {{quizzes: boolean, exercisePackages: string[] | null}} python
 * @returns {RuntimePlan[]}
 */
export function runtimePlans(python) {
  /** @type {RuntimePlan[]} */
  const plans = [];
  if (python.exercisePackages) plans.push({ packages: splitPackages(python.exercisePackages).boot, runsCode: true });
  if (python.quizzes) plans.push({ packages: [], runsCode: false });
  return plans;
}

/**
 * The key a runtime is known by: what it runs and the packages it boots with.
 * @param {RuntimePlan} plan
 */
export function runtimeKey({ packages, runsCode }) {
  return `${runsCode ? "code" : "quiz"}:${[...packages].sort().join(" ")}`;
}

/** @returns {Map<string, EarlyWorker>} */
function waiting() {
  /** @type {any} */
  const page = window;
  page[WAITING] ??= new Map();
  return page[WAITING];
}

/**
 * Start a Python worker now and send its `boot`; keep what it says until adopted.
 * @param {string} workerUrl
 * @param {{indexURL: string} & RuntimePlan} boot the `boot` request's data
 */
export function keepEarlyWorker(workerUrl, boot) {
  const key = runtimeKey(boot);
  if (waiting().has(key)) return;
  const worker = new Worker(workerUrl, { type: "module", name: "course-python" });
  /** @type {EarlyWorker} */
  const early = { worker, messages: [], errors: [], release: () => {} };
  /** @param {MessageEvent} event */
  const keep = (event) => early.messages.push(event.data);
  /** @param {ErrorEvent} event */
  const fail = (event) => {
    event.preventDefault();
    early.errors.push(event.message);
  };
  worker.addEventListener("message", keep);
  worker.addEventListener("error", fail);
  early.release = () => {
    worker.removeEventListener("message", keep);
    worker.removeEventListener("error", fail);
  };
  worker.postMessage({ id: EARLY_BOOT_ID, type: REQUEST.boot, data: { indexURL: boot.indexURL, packages: boot.packages, runsCode: boot.runsCode } });
  waiting().set(key, early);
}

/**
 * The worker started early for this runtime, if any, taken out of waiting:
 * the caller listens to it from now on and replays `messages` and `errors`.
 * @param {RuntimePlan} plan
 * @returns {EarlyWorker | null}
 */
export function adoptEarlyWorker(plan) {
  const key = runtimeKey(plan);
  const early = waiting().get(key) ?? null;
  if (early) {
    waiting().delete(key);
    early.release();
  }
  return early;
}
