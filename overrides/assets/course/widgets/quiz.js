/**
 * The quiz widget: a learner picks an option and presses "Check answer"
 * (or Enter); Python in the worker grades it and the author's feedback
 * appears in the question's aria-live region. Answers and verdicts are kept
 * across reloads. Each learner sees the options in an order of their own
 * (store/order.js), the same on every visit, lettered A, B, C, … as shown.
 */

import { config } from "../config.js";
import { t } from "../i18n.js";
import { REQUEST } from "../runtime/protocol.js";
import { registerQuiz } from "../runtime/python-client.js";
import { renderRuntimeStatus } from "../runtime/status.js";
import { optionOrder } from "../store/order.js";
import { loadContentProgress, saveProgress } from "../store/progress.js";
import { showNote } from "./notice.js";

/**
 * @typedef {import("../runtime/protocol.js").Verdict & {version?: string, option_text?: string}} Verdict
 *   as stored: `answer` is the option's id, `option_text` names it (the letter shown depends on the learner's order)
 * @typedef {{answers: Record<string, Verdict>, carried?: number}} QuizProgress
 */

/**
 * The quiz or test a form shows, as progress.js describes content: its id,
 * version and each question's own version.
 * @param {HTMLFormElement} form
 * @param {string} id
 * @returns {import("../store/progress.js").ContentItem}
 */
export function formItem(form, id) {
  const questions = Object.fromEntries(
    Array.from(form.querySelectorAll("fieldset[data-question]"), (box) => {
      const field = /** @type {HTMLElement} */ (box);
      return [field.dataset.question ?? "", field.dataset.questionVersion ?? ""];
    }),
  );
  return { id, version: form.dataset.quizVersion ?? "0", questions };
}

/**
 * Put every question's options in this learner's order and letter them A,
 * B, C, … as shown. The page comes in the authored order (it reads so
 * without JavaScript); moving the labels, radios inside, keeps the radio
 * group's Tab stop, arrow keys and accessible names in the order shown.
 * The order comes from the option ids alone, so mounting again changes nothing.
 * @param {HTMLFormElement} form
 * @param {string} quizId
 * @param {number} [round] the Module Test's attempt (0: the first)
 */
export function orderOptions(form, quizId, round = 0) {
  for (const fieldset of form.querySelectorAll("fieldset[data-question]")) {
    const field = /** @type {HTMLElement} */ (fieldset);
    const box = field.querySelector(".course-question__options");
    if (!box) continue;
    const labels = new Map(
      Array.from(box.querySelectorAll(":scope > .course-option"), (label) => [
        /** @type {HTMLInputElement | null} */ (label.querySelector("input[type=radio]"))?.value ?? "",
        label,
      ]),
    );
    const order = optionOrder(config.site, quizId, field.dataset.question ?? "", Array.from(labels.keys()), round);
    const shown = order.map((id) => /** @type {Element} */ (labels.get(id)));
    box.replaceChildren(...shown);
    shown.forEach((label, index) => {
      const letter = label.querySelector(".course-option__letter");
      if (letter) letter.textContent = String.fromCharCode(65 + index);
    });
  }
}

/**
 * The letter and text an option is shown with, to name the learner's answer.
 * @param {HTMLElement} fieldset
 * @param {string} optionId
 * @returns {{letter: string, text: string} | null}
 */
export function shownOption(fieldset, optionId) {
  const label = fieldset.querySelector(`input[value="${CSS.escape(optionId)}"]`)?.closest(".course-option");
  if (!label) return null;
  return {
    letter: label.querySelector(".course-option__letter")?.textContent ?? "",
    text: label.querySelector(".course-option__text")?.textContent ?? "",
  };
}

/**
 * Show `verdict` (or a plain note when `verdict` is a string) in a question.
 * @param {HTMLFieldSetElement} fieldset
 * @param {Verdict | string | null} verdict
 */
export function showFeedback(fieldset, verdict) {
  const region = /** @type {HTMLElement} */ (fieldset.querySelector("[data-feedback]"));
  fieldset.classList.remove("course-question--right", "course-question--wrong");
  region.replaceChildren();
  if (verdict === null) return;
  if (typeof verdict === "string") {
    const note = document.createElement("p");
    note.className = "course-feedback__note";
    note.textContent = verdict;
    region.append(note);
    return;
  }
  fieldset.classList.add(verdict.correct ? "course-question--right" : "course-question--wrong");
  const head = document.createElement("p");
  head.className = "course-feedback__verdict";
  const icon = document.createElement("span");
  icon.className = "course-feedback__icon";
  icon.setAttribute("aria-hidden", "true");
  icon.textContent = verdict.correct ? "✓" : "✗";
  const label = document.createElement("strong");
  label.textContent = verdict.correct ? t("quiz.right") : t("quiz.wrong");
  head.append(icon, label);
  const text = document.createElement("p");
  text.className = "course-feedback__text";
  text.textContent = verdict.feedback;
  region.append(head, text);
}

/**
 * Update the "n of m right" line under the quiz.
 * @param {HTMLFormElement} form
 * @param {QuizProgress} progress
 */
function showScore(form, progress) {
  const line = form.querySelector("[data-quiz-score]");
  if (!line) return;
  const total = form.querySelectorAll("[data-question]").length;
  const verdicts = Object.values(progress.answers);
  const right = verdicts.filter((v) => v.correct).length;
  line.textContent = verdicts.length ? t("quiz.score", { right, total, answered: verdicts.length }) : "";
}

/**
 * Mount one quiz form; returns a function that unmounts it.
 * @param {HTMLFormElement} form
 * @param {import("../runtime/python-client.js").PythonRuntime} runtime
 * @returns {() => void}
 */
export function mountQuiz(form, runtime) {
  const quizId = form.dataset.courseQuiz ?? "";
  orderOptions(form, quizId);
  const stored = loadContentProgress(config.site, "quiz", formItem(form, quizId), {
    answers: {},
  });
  const key = stored.key;
  /** @type {QuizProgress} */
  const progress = stored.value;
  progress.answers ??= {};
  if (progress.carried) {
    showNote(form, t("quiz.kept", { count: progress.carried }));
    delete progress.carried;
    saveProgress(key, progress);
  }

  const statusLine = /** @type {HTMLElement} */ (form.querySelector("[data-runtime-status]"));
  const unsubscribe = runtime.subscribe((status) =>
    renderRuntimeStatus(statusLine, status, () => {
      registered = register();
    }),
  );

  const register = () => registerQuiz(runtime, form.dataset.quizSrc ?? "", "quiz");
  let registered = register();
  registered.catch(() => {}); // shown through the runtime status; retried on the next check

  /** @param {HTMLFieldSetElement} fieldset */
  const check = async (fieldset) => {
    const questionId = fieldset.dataset.question ?? "";
    const chosen = /** @type {HTMLInputElement | null} */ (fieldset.querySelector("input[type=radio]:checked"));
    const button = /** @type {HTMLButtonElement} */ (fieldset.querySelector("[data-check]"));
    if (!chosen) {
      showFeedback(fieldset, t("quiz.chooseFirst"));
      return;
    }
    button.setAttribute("aria-busy", "true");
    button.textContent = runtime.status.state === "ready" ? t("quiz.checking") : t("quiz.checkingWhileStarting");
    try {
      await registered.catch(() => (registered = register()));
      /** @type {Verdict} */
      const verdict = await runtime.request(REQUEST.grade, { quiz_id: quizId, question_id: questionId, answer: chosen.value });
      progress.answers[questionId] = {
        ...verdict,
        version: fieldset.dataset.questionVersion ?? "",
        option_text: shownOption(fieldset, chosen.value)?.text ?? "",
      };
      saveProgress(key, progress);
      showFeedback(fieldset, verdict);
      showScore(form, progress);
    } catch (error) {
      showFeedback(fieldset, t("quiz.notChecked", { reason: /** @type {Error} */ (error).message }));
    } finally {
      button.removeAttribute("aria-busy");
      button.textContent = t("quiz.check");
    }
  };

  let named = false;
  for (const fieldset of form.querySelectorAll("fieldset[data-question]")) {
    const field = /** @type {HTMLFieldSetElement} */ (fieldset);
    const saved = progress.answers[field.dataset.question ?? ""];
    if (saved) {
      const input = /** @type {HTMLInputElement | null} */ (field.querySelector(`input[value="${CSS.escape(saved.answer)}"]`));
      if (input) input.checked = true;
      showFeedback(field, saved);
      // Answers kept before options were named by their text get it now.
      const shown = saved.option_text === undefined ? shownOption(field, saved.answer) : null;
      if (shown) {
        saved.option_text = shown.text;
        named = true;
      }
    }
    const button = /** @type {HTMLButtonElement} */ (field.querySelector("[data-check]"));
    button.disabled = false;
    button.addEventListener("click", () => check(field));
    field.addEventListener("change", () => showFeedback(field, null));
    field.addEventListener("keydown", (event) => {
      const target = /** @type {HTMLElement} */ (event.target);
      if (event.key === "Enter" && target.matches("input[type=radio]")) {
        event.preventDefault();
        check(field);
      }
    });
  }
  if (named) saveProgress(key, progress);
  form.addEventListener("submit", (event) => event.preventDefault());
  showScore(form, progress);
  return unsubscribe;
}
