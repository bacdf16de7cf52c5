/**
 * What the learner has done, per lesson, from the progress manifest the
 * build writes (`progress.json` in the content folder): the quiz score, the exercises
 * passed, whether the lab was opened and the test's best result. The home
 * page's panel and the navigation's marks both read it from here.
 */

import { contentUrl } from "../config.js";
import { loadContentProgress, loadProgress, progressKey } from "./progress.js";

/**
 * @typedef {{id: string, version: string, page?: string, total?: number, title?: string,
 *            questions?: Record<string, string>}} Item
 * @typedef {{id: string, title: string, url: string, quiz?: Item[], test?: Item[],
 *            exercise?: Item[], lab?: Item[]}} Section
 * @typedef {{page?: string, right: number, answered: number, total: number}} QuizDone
 * @typedef {{page?: string, score: number, total: number, passed: boolean} | {page?: string, score: null}} TestDone
 * @typedef {{quizzes: QuizDone[], tests: TestDone[],
 *            exercises: {page?: string, passed: boolean}[], labs: {page?: string, opened: boolean}[]}} SectionDone
 */

/** @type {Promise<Section[]> | null} */
let manifest = null;

/**
 * The lessons and their content, fetched once per page load.
 * @returns {Promise<Section[]>}
 */
export function loadSections() {
  manifest ??= fetch(contentUrl("progress.json"))
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((data) => data.sections ?? []);
  manifest.catch(() => (manifest = null)); // try again next time
  return manifest;
}

/**
 * The test's best result, kept under a version-free key.
 * @param {string} site
 * @param {string} testId
 */
export function bestKey(site, testId) {
  return progressKey(site, "test-best", testId, "any");
}

/**
 * What the learner has done in one section.
 * @param {string} site
 * @param {Section} section
 * @returns {SectionDone}
 */
export function sectionDone(site, section) {
  return {
    quizzes: (section.quiz ?? []).map((q) => {
      const answers = Object.values(loadContentProgress(site, "quiz", q, { answers: {} }).value.answers ?? {});
      const right = answers.filter((/** @type {any} */ a) => a?.correct).length;
      return { page: q.page, right, answered: answers.length, total: q.total ?? answers.length };
    }),
    tests: (section.test ?? []).map((test) => {
      const best = loadProgress(bestKey(site, test.id), null);
      const page = test.page;
      return best ? { page, score: best.score, total: best.total, passed: Boolean(best.passed) } : { page, score: null };
    }),
    exercises: (section.exercise ?? []).map((e) => ({
      page: e.page,
      passed: Boolean(loadContentProgress(site, "exercise", e, {}).value.passed),
    })),
    labs: (section.lab ?? []).map((l) => ({
      page: l.page,
      opened: Boolean(loadContentProgress(site, "lab", l, {}).value.opened),
    })),
  };
}

/**
 * Storage-key prefixes of everything one section keeps.
 * @param {string} site
 * @param {Section} section
 */
export function sectionPrefixes(site, section) {
  const kinds = /** @type {const} */ (["quiz", "test", "exercise", "lab"]);
  return kinds.flatMap((kind) =>
    (section[kind] ?? []).flatMap((item) => [
      `course:${site}:${kind}:${item.id}@`,
      ...(kind === "test" ? [`course:${site}:test-best:${item.id}@`] : []),
    ]),
  );
}
