/**
 * The module test: every question answered, one submit, graded by Python as
 * a whole — score, pass or not, then a review of each question with the
 * author's feedback, naming the option the learner chose. Options come in
 * the learner's own order (store/order.js), the same on every visit; each
 * "Try again" brings a new order, just as stable. The best score and
 * whether the learner passed are kept (and shown on the home page). A
 * passed attempt offers a certificate (widgets/certificate.js). What a graded
 * attempt shows is widgets/test-view.js.
 */

import { config } from "../config.js";
import { t } from "../i18n.js";
import { REQUEST } from "../runtime/protocol.js";
import { registerQuiz } from "../runtime/python-client.js";
import { renderRuntimeStatus } from "../runtime/status.js";
import { loadContentProgress, loadProgress, saveProgress } from "../store/progress.js";
import { bestKey } from "../store/progress-summary.js";
import { formItem, orderOptions, showFeedback, shownOption } from "./quiz.js";
import { showOutcome, showVerdicts } from "./test-view.js";

/**
 * @typedef {import("../runtime/protocol.js").TestResult} TestResult
 * @typedef {{best?: {score: number, total: number, passed: boolean}, attempts: number,
 *            last?: {answers: Record<string, string>, option_texts?: Record<string, string>,
 *                    result: TestResult}}} TestProgress
 *   `answers` maps question ids to option ids; `option_texts` names each chosen option by its text
 */

/**
 * Mount one test form; returns a function that unmounts it.
 * @param {HTMLFormElement} form
 * @param {import("../runtime/python-client.js").PythonRuntime} runtime
 * @returns {() => void}
 */
export function mountTest(form, runtime) {
  const testId = form.dataset.courseTest ?? "";
  const site = config.site;
  const stored = loadContentProgress(site, "test", formItem(form, testId), { attempts: 0 });
  const key = stored.key;
  /** @type {TestProgress} */
  const progress = stored.value;
  progress.best ??= loadProgress(bestKey(site, testId), undefined);
  const questions = /** @type {HTMLFieldSetElement[]} */ (Array.from(form.querySelectorAll("fieldset[data-question]")));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector("[data-submit]"));
  const left = /** @type {HTMLElement} */ (form.querySelector("[data-test-left]"));
  const resultBox = /** @type {HTMLElement} */ (form.querySelector("[data-test-result]"));
  const statusLine = /** @type {HTMLElement} */ (form.querySelector("[data-runtime-status]"));
  // The attempt on screen: the one graded last, or the next one.
  const round = () => Math.max(0, progress.last ? progress.attempts - 1 : progress.attempts);
  orderOptions(form, testId, round());

  const register = () => registerQuiz(runtime, form.dataset.quizSrc ?? "", "test");
  let registered = register();
  registered.catch(() => {});
  const unsubscribe = runtime.subscribe((status) =>
    renderRuntimeStatus(statusLine, status, () => {
      registered = register();
    }),
  );

  const answers = () => {
    /** @type {Record<string, string>} */
    const chosen = {};
    for (const box of questions) {
      const input = /** @type {HTMLInputElement | null} */ (box.querySelector("input:checked"));
      if (input) chosen[box.dataset.question ?? ""] = input.value;
    }
    return chosen;
  };
  /**
   * The text of each chosen option, by question id.
   * @param {Record<string, string>} given
   */
  const optionTexts = (given) =>
    Object.fromEntries(
      questions.map((box) => {
        const id = box.dataset.question ?? "";
        return [id, shownOption(box, given[id] ?? "")?.text ?? ""];
      }),
    );
  const countLeft = () => {
    const missing = questions.length - Object.keys(answers()).length;
    left.textContent = missing ? t("test.left", { count: missing, total: questions.length }) : t("test.allAnswered");
  };

  /**
   * Show a graded attempt: summary, then every question's verdict; lock the answers.
   * @param {TestResult} result
   * @param {Record<string, string>} given
   */
  const showResult = (result, given) => {
    showVerdicts(questions, result, given);
    showOutcome(resultBox, {
      title: form.getAttribute("aria-label") ?? "",
      result,
      best: progress.best,
      onTryAgain: reset,
      certificate: { testId, version: form.dataset.quizVersion ?? "", answers: given },
    });
    submit.hidden = true;
    left.textContent = "";
    resultBox.focus();
  };

  const reset = () => {
    delete progress.last;
    saveProgress(key, progress);
    for (const box of questions) {
      for (const radio of box.querySelectorAll("input")) {
        const input = /** @type {HTMLInputElement} */ (radio);
        input.disabled = false;
        input.checked = false;
      }
      showFeedback(box, null);
    }
    orderOptions(form, testId, round());
    resultBox.hidden = true;
    submit.hidden = false;
    countLeft();
    questions[0]?.querySelector("input")?.focus();
  };

  const onSubmit = async (/** @type {Event} */ event) => {
    event.preventDefault();
    const given = answers();
    const firstMissing = questions.find((box) => !box.querySelector("input:checked"));
    if (firstMissing) {
      countLeft();
      left.textContent = t("test.answerAllFirst", { left: left.textContent ?? "" });
      firstMissing.querySelector("input")?.focus();
      return;
    }
    submit.setAttribute("aria-busy", "true");
    submit.textContent = runtime.status.state === "ready" ? t("test.grading") : t("test.gradingWhileStarting");
    try {
      await registered.catch(() => (registered = register()));
      /** @type {TestResult} */
      const result = await runtime.request(REQUEST.gradeTest, { quiz_id: testId, answers: given });
      progress.attempts += 1;
      progress.last = { answers: given, option_texts: optionTexts(given), result };
      if (!progress.best || result.score > progress.best.score) {
        progress.best = { score: result.score, total: result.total, passed: result.passed };
        saveProgress(bestKey(site, testId), progress.best);
      }
      saveProgress(key, progress);
      showResult(result, given);
    } catch (error) {
      left.textContent = t("test.notGraded", { reason: /** @type {Error} */ (error).message });
    } finally {
      submit.removeAttribute("aria-busy");
      submit.textContent = t("test.submit");
    }
  };

  form.addEventListener("submit", onSubmit);
  form.addEventListener("change", countLeft);
  submit.disabled = false;
  if (progress.last) {
    if (!progress.last.option_texts) {
      // An attempt kept before options were named by their text gets it now.
      progress.last.option_texts = optionTexts(progress.last.answers);
      saveProgress(key, progress);
    }
    showResult(progress.last.result, progress.last.answers);
  }
  else countLeft();
  return () => {
    unsubscribe();
    form.removeEventListener("submit", onSubmit);
  };
}

/**
 * Fill `[data-test-best]` elements (e.g. on the home page) with the best result kept.
 * @param {ParentNode} root
 */
export function showBestResults(root) {
  for (const element of root.querySelectorAll("[data-test-best]")) {
    const host = /** @type {HTMLElement} */ (element);
    const best = loadProgress(bestKey(config.site, host.dataset.testBest ?? ""), null);
    if (!best) continue;
    host.textContent = t(best.passed ? "test.bestPassed" : "test.bestNotPassed", { score: best.score, total: best.total });
  }
}
