/**
 * What a graded Module Test attempt shows: each question locked with the
 * learner's answer and the author's feedback, naming the option chosen;
 * then the score, whether it passed, the best score so far, Try again and,
 * for a pass, the certificate offer.
 */

import { t } from "../i18n.js";
import { certificateOffer } from "./certificate.js";
import { button, element } from "./dom.js";
import { showFeedback, shownOption } from "./quiz.js";

/** @typedef {import("../runtime/protocol.js").TestResult} TestResult */

/**
 * Lock every question on the answer given, with its verdict.
 * @param {HTMLFieldSetElement[]} questions
 * @param {TestResult} result
 * @param {Record<string, string>} given question id → option id
 */
export function showVerdicts(questions, result, given) {
  for (const box of questions) {
    const id = box.dataset.question ?? "";
    const input = /** @type {HTMLInputElement | null} */ (box.querySelector(`input[value="${CSS.escape(given[id] ?? "")}"]`));
    if (input) input.checked = true;
    for (const radio of box.querySelectorAll("input")) /** @type {HTMLInputElement} */ (radio).disabled = true;
    const verdict = result.verdicts.find((v) => v.question_id === id);
    showFeedback(box, verdict ?? null);
    const chosen = shownOption(box, given[id] ?? "");
    if (verdict && chosen) {
      box.querySelector("[data-feedback]")?.prepend(element("p", "course-feedback__answer", t("test.yourAnswer", chosen)));
    }
  }
}

/**
 * Fill `box` with the attempt's outcome.
 * @param {HTMLElement} box
 * @param {{title: string, result: TestResult, best?: {score: number, total: number},
 *          onTryAgain: () => void, certificate: Parameters<typeof certificateOffer>[0]}} attempt
 */
export function showOutcome(box, { title, result, best, onTryAgain, certificate }) {
  const heading = document.createElement("h2");
  heading.textContent = result.passed ? t("test.passed", { title }) : t("test.notPassed");
  const summary = document.createElement("p");
  summary.textContent = [
    t("test.score", { score: result.score, total: result.total, needed: result.needed }),
    result.passed ? t("test.wellDone") : t("test.readFeedback"),
    best ? t("test.bestSoFar", { score: best.score, total: best.total }) : "",
  ].join(" ").trim();
  box.replaceChildren(heading, summary, button(t("test.tryAgain"), "md-button", onTryAgain));
  if (result.passed) box.append(certificateOffer(certificate));
  box.hidden = false;
}
