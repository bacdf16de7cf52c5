/**
 * How an exercise shows what Python said: a run's output (with the
 * learner's traceback), the checks' outcome, and text with `code` in it;
 * and what the author wrote for it: the hints given so far, the solution.
 */

import { t } from "../i18n.js";
import { button, element } from "./dom.js";

/** @typedef {import("../runtime/protocol.js").RunResult} RunResult */
/** @typedef {import("../runtime/protocol.js").CheckReport} CheckReport */

/**
 * Fill `element` with `text`, showing `backticked` parts as code (never as HTML).
 * @param {HTMLElement} element
 * @param {string} text
 */
export function setRichText(element, text) {
  element.replaceChildren(
    ...text.split("`").map((part, index) => {
      if (index % 2 === 0) return document.createTextNode(part);
      const code = document.createElement("code");
      code.textContent = part;
      return code;
    }),
  );
}

/**
 * One figure of a run's output as an image, named by what it shows.
 * @param {import("../runtime/protocol.js").ImageItem} item
 * @param {number} number its place among the run's figures, from 1
 */
function figureImage(item, number) {
  const image = document.createElement("img");
  image.className = "course-exercise__figure";
  image.src = `data:${item.mime};base64,${item.data}`;
  image.width = item.width;
  image.height = item.height;
  image.alt = item.title ? t("exercise.figureName", { title: item.title }) : t("exercise.figureUntitled", { number });
  return image;
}

/**
 * Show a run's output: what it printed with its figures in order, then
 * stderr, then the traceback of what it raised.
 * @param {HTMLElement} pane
 * @param {RunResult} run
 */
export function showOutput(pane, run) {
  /** @type {(Node | string)[]} */
  const nodes = [];
  const items = run.output ?? (run.stdout ? [{ type: "text", text: run.stdout }] : []);
  let figures = 0;
  for (const item of items) {
    if (item.type === "image") nodes.push(figureImage(item, ++figures));
    // An image is a block of its own: the line break before it would be an empty line.
    else nodes.push(item.text.replace(/\n$/, ""));
  }
  const tail = [];
  if (run.stderr) tail.push(run.stderr.replace(/\n$/, ""));
  if (run.exception) tail.push(run.exception.traceback || `${run.exception.type}: ${run.exception.message}`);
  if (tail.length) nodes.push((nodes.length && typeof nodes.at(-1) === "string" ? "\n" : "") + tail.join("\n"));
  if (!nodes.length) nodes.push(t("exercise.noOutput"));
  pane.replaceChildren(...nodes);
  pane.classList.toggle("course-exercise__output--figures", figures > 0);
  pane.classList.toggle("course-exercise__output--error", Boolean(run.exception));
}

/**
 * Show the checks' outcome as a list, each with ✓/✗ and words.
 * @param {HTMLElement} box
 * @param {CheckReport} report
 */
export function showChecks(box, report) {
  box.replaceChildren();
  const head = document.createElement("p");
  head.className = "course-exercise__verdict";
  const passed = report.checks.filter((check) => check.passed).length;
  const summary = report.run.exception && !report.checks.length
    ? t("exercise.stoppedBeforeChecks", { error: report.run.exception.type })
    : t("exercise.checksPassed", { passed, count: report.checks.length });
  head.textContent = t(report.passed ? "exercise.passed" : "exercise.notYet", { summary });
  const list = document.createElement("ul");
  list.className = "course-exercise__checks";
  for (const check of report.checks) {
    const item = document.createElement("li");
    item.className = check.passed ? "course-check--passed" : "course-check--failed";
    const mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = check.passed ? "✓ " : "✗ ";
    const words = document.createElement("span");
    setRichText(words, check.passed ? check.expectation : `${check.expectation} — ${check.message}`);
    item.append(mark, words);
    if (!check.passed && check.hint) {
      const hint = document.createElement("p");
      hint.className = "course-exercise__check-hint";
      setRichText(hint, t("exercise.checkHint", { hint: check.hint }));
      item.append(hint);
    }
    list.append(item);
  }
  box.classList.toggle("course-exercise__result--passed", report.passed);
  box.append(head, list);
}

/**
 * The first `count` of the exercise's hints, numbered.
 * @param {HTMLElement} container
 * @param {string[]} hints
 * @param {number} count
 */
export function showHintLadder(container, hints, count) {
  container.replaceChildren();
  for (const [index, text] of hints.slice(0, count).entries()) {
    const hint = element("p", "course-exercise__hint");
    setRichText(hint, t("exercise.hintNumber", { number: index + 1, total: hints.length, hint: text }));
    container.append(hint);
  }
}

/**
 * The solution, shown in `panel` with a button that copies it into the editor.
 * @param {HTMLElement} panel
 * @param {string} solution
 * @param {() => void} copy what the button does
 */
export function showSolutionPanel(panel, solution, copy) {
  panel.hidden = false;
  const pre = document.createElement("pre");
  pre.append(element("code", "", solution));
  panel.replaceChildren(element("p", "course-exercise__label", t("exercise.solutionLabel")), pre, button(t("exercise.copySolution"), "md-button", copy));
}
