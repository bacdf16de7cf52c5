/**
 * An exercise as the Python worker knows it: its JSON, fetched while Python
 * starts (and again after a failed fetch), registered in the worker with
 * its data files, which the worker downloads while Python starts too — and
 * registered again in each fresh worker (after a restart).
 */

import { siteUrl } from "../config.js";
import { t } from "../i18n.js";
import { siteJson } from "../site-json.js";
import { REQUEST } from "./protocol.js";
import { startOrRetry } from "./python-client.js";

/**
 * @param {import("./python-client.js").PythonRuntime} runtime
 * @param {string} src the path of the exercise's JSON, from the site's root
 */
export function exerciseRegistration(runtime, src) {
  /** @type {any} the exercise's JSON, once it is here */
  let exercise = null;
  /** The registration in the current worker. @type {{generation: number, done: Promise<unknown>} | null} */
  let registered = null;

  /** @param {any} data the exercise's JSON */
  const register = (data) => {
    exercise = data;
    const files = data.data.map((/** @type {{path: string, target: string}} */ d) => ({ url: siteUrl(d.path), target: d.target }));
    return runtime.request(REQUEST.registerExercise, { exercise: data, files });
  };

  return {
    /** The exercise's JSON (its hints, its solution), or null until it is fetched. */
    get exercise() {
      return exercise;
    },
    /** Start Python (again, after a failed start) and register the exercise in it. */
    async ensure() {
      startOrRetry(runtime); // a failed start fails the registration too
      const file = siteJson(src, (status) => t("exercise.loadFailed", { status }));
      if (registered?.generation !== runtime.generation) {
        const current = { generation: runtime.generation, done: file.then(register) };
        current.done.catch(() => {
          if (registered === current) registered = null;
        });
        registered = current;
      }
      await registered.done;
    },
  };
}
