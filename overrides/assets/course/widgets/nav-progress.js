/**
 * Progress marks in the site navigation: next to each lesson's pages, the
 * quiz score ("4/5"), the exercises passed ("2/4"), a ✓ for an opened lab
 * and the test's best score. Each mark says in words what it counts for
 * screen readers, and it follows the learner's progress as it changes.
 */

import { config, siteUrl } from "../config.js";
import { t } from "../i18n.js";
import { loadSections, sectionDone } from "../store/progress-summary.js";

/**
 * @typedef {{short: string, long: string, done: boolean}} Mark
 */

/**
 * The marks of every page with content, by its path.
 * @param {import("../store/progress-summary.js").Section[]} sections
 * @returns {Map<string, Mark[]>}
 */
function marksByPage(sections) {
  const site = config.site;
  /** @type {Map<string, Mark[]>} */
  const marks = new Map();
  const add = (/** @type {string | undefined} */ page, /** @type {Mark} */ mark) => {
    if (page === undefined) return;
    const path = new URL(siteUrl(page), window.location.href).pathname;
    marks.set(path, [...(marks.get(path) ?? []), mark]);
  };
  for (const section of sections) {
    const done = sectionDone(site, section);
    for (const quiz of done.quizzes) {
      if (!quiz.answered) continue;
      const { right, total } = quiz;
      add(quiz.page, { short: `${right}/${total}`, long: t("nav.quiz", { right, total }), done: right === total });
    }
    for (const best of done.tests) {
      if (best.score === null) continue;
      const params = { score: best.score, total: best.total };
      const short = `${best.passed ? "✓ " : ""}${best.score}/${best.total}`;
      add(best.page, { short, long: t(best.passed ? "nav.testPassed" : "nav.testBest", params), done: best.passed });
    }
    /** @type {Map<string | undefined, {passed: boolean}[]>} */
    const byPage = new Map();
    for (const exercise of done.exercises) byPage.set(exercise.page, [...(byPage.get(exercise.page) ?? []), exercise]);
    for (const [page, exercises] of byPage) {
      const passed = exercises.filter((e) => e.passed).length;
      if (!passed) continue;
      const total = exercises.length;
      add(page, { short: `${passed}/${total}`, long: t("nav.exercises", { passed, total }), done: passed === total });
    }
    for (const lab of done.labs) {
      if (lab.opened) add(lab.page, { short: "✓", long: t("nav.labOpened"), done: true });
    }
  }
  return marks;
}

/**
 * Put the marks in the primary navigation (again: old marks are replaced).
 * @param {Map<string, Mark[]>} marks
 */
function showMarks(marks) {
  for (const old of document.querySelectorAll(".course-nav-mark")) old.remove();
  for (const link of document.querySelectorAll(".md-nav--primary a.md-nav__link[href]")) {
    const anchor = /** @type {HTMLAnchorElement} */ (link);
    const path = new URL(anchor.href, window.location.href).pathname;
    for (const mark of marks.get(path) ?? []) {
      const badge = document.createElement("span");
      badge.className = `course-nav-mark${mark.done ? " course-nav-mark--done" : ""}`;
      const visible = document.createElement("span");
      visible.setAttribute("aria-hidden", "true");
      visible.textContent = mark.short;
      const words = document.createElement("span");
      words.className = "course-visually-hidden";
      words.textContent = ` (${mark.long})`;
      badge.append(visible, words);
      anchor.append(badge);
      // On small screens the current page's entry is a label that opens its
      // table of contents, shown instead of the link: it gets the mark too.
      const label = anchor.parentElement?.querySelector(':scope > label.md-nav__link[for="__toc"]');
      if (label) {
        const icon = label.querySelector(".md-nav__icon");
        if (icon) icon.before(badge.cloneNode(true));
        else label.append(badge.cloneNode(true));
      }
    }
  }
}

/** A burst of saves (a draft saved at every keystroke) redraws the marks once, after it. */
const QUIET_MS = 400;

/** Show the marks now, and again once the learner's progress stops changing. */
export function mountNavProgress() {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const draw = () =>
    loadSections()
      .then((sections) => showMarks(marksByPage(sections)))
      .catch(() => {}); // the navigation simply shows no marks
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(draw, QUIET_MS);
  };
  document.addEventListener("course:progress-changed", later);
  draw();
  return () => {
    clearTimeout(timer);
    document.removeEventListener("course:progress-changed", later);
  };
}
