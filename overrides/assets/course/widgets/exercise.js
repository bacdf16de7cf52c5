/**
 * The data-audit exercise widget: a code editor holding the learner's
 * draft, Run (output and tracebacks against their own line numbers), Check
 * (each expectation with the author's hint when it fails), a ladder of
 * hints, the solution after enough failed checks (or on request, after a
 * confirmation) and Reset. Code runs in its own Python worker: a run that
 * takes too long is stopped by replacing that worker, and the page says so.
 */

import { config } from "../config.js";
import { t } from "../i18n.js";
import { exerciseRegistration } from "../runtime/exercise-registration.js";
import { splitPackages } from "../runtime/packages.js";
import { REQUEST } from "../runtime/protocol.js";
import { renderRuntimeStatus } from "../runtime/status.js";
import { loadContentProgress, saveProgress } from "../store/progress.js";
import { upgradeTextarea } from "./exercise-editor.js";
import { showChecks, showHintLadder, showOutput, showSolutionPanel } from "./exercise-view.js";
import { showNote } from "./notice.js";

/**
 * @typedef {import("../runtime/protocol.js").RunResult} RunResult
 * @typedef {import("../runtime/protocol.js").CheckReport} CheckReport
 * @typedef {{code?: string, passed?: boolean, failures: number, hints: number,
 *            solutionShown?: boolean}} ExerciseProgress
 */

/**
 * Mount one exercise; returns a function that unmounts it.
 * @param {HTMLElement} section
 * @param {(packages: string[]) => import("../runtime/python-client.js").PythonRuntime} getRuntime
 * @returns {() => void}
 */
export function mountExercise(section, getRuntime) {
  const exerciseId = section.dataset.courseExercise ?? "";
  const stored = loadContentProgress(
    config.site,
    "exercise",
    { id: exerciseId, version: section.dataset.exerciseVersion ?? "0" },
    { failures: 0, hints: 0 },
  );
  const key = stored.key;
  /** @type {ExerciseProgress} */
  const progress = stored.value;
  if (progress.carried) {
    delete progress.carried;
    saveProgress(key, progress);
    showNote(section, t("exercise.draftKept"), section.querySelector(".course-exercise__actions"));
  }
  progress.failures ??= 0;
  progress.hints ??= 0;
  const packages = (section.dataset.exercisePackages ?? "").split(/\s+/).filter(Boolean);
  const runtime = getRuntime(packages);
  // Packages loaded on demand (matplotlib): at this exercise's first Run or Check.
  const { later } = splitPackages(packages);
  const timeoutMs = Number(section.dataset.timeoutSeconds ?? 10) * 1000;
  const solutionAfter = Number(section.dataset.solutionAfter ?? 3);

  const textarea = /** @type {HTMLTextAreaElement} */ (section.querySelector("[data-exercise-editor]"));
  const output = /** @type {HTMLElement} */ (section.querySelector("[data-exercise-output]"));
  const result = /** @type {HTMLElement} */ (section.querySelector("[data-exercise-result]"));
  const hints = /** @type {HTMLElement} */ (section.querySelector("[data-exercise-hints]"));
  const solutionPanel = /** @type {HTMLElement} */ (section.querySelector("[data-exercise-solution-panel]"));
  const statusLine = /** @type {HTMLElement} */ (section.querySelector("[data-runtime-status]"));
  const button = (/** @type {string} */ name) =>
    /** @type {HTMLButtonElement} */ (section.querySelector(`[data-exercise-${name}]`));
  const [runButton, checkButton, hintButton, solutionButton, resetButton] = ["run", "check", "hint", "solution", "reset"].map(button);

  const registration = exerciseRegistration(runtime, section.dataset.exerciseSrc ?? "");
  /** @type {ReturnType<typeof upgradeTextarea> | null} the code editor, once asked for (below) */
  let upgrade = null;
  const editor = () => upgrade?.current() ?? null;
  const starter = textarea.value;
  if (progress.code !== undefined) textarea.value = progress.code;
  const code = () => editor()?.getValue() ?? textarea.value;
  const setCode = (/** @type {string} */ text) => {
    editor()?.setValue(text);
    textarea.value = text;
  };
  const saveDraft = () => {
    progress.code = code();
    saveProgress(key, progress);
  };

  const showHints = () => {
    const list = registration.exercise?.hints ?? [];
    showHintLadder(hints, list, progress.hints);
    // aria-disabled, not disabled: a focused button that becomes disabled drops the focus.
    hintButton.setAttribute("aria-disabled", String(registration.exercise !== null && progress.hints >= list.length));
  };
  const showSolution = () => {
    showSolutionPanel(solutionPanel, registration.exercise?.solution ?? "", () => {
      setCode(registration.exercise?.solution ?? "");
      saveDraft();
      editor()?.focus();
    });
  };

  let running = false;
  /**
   * Mark Run and Check as unavailable while code runs. They keep the focus
   * (aria-disabled): a keyboard user who pressed Check is still on it after.
   * @param {boolean} on
   */
  const setRunning = (on) => {
    running = on;
    for (const b of [runButton, checkButton]) b.setAttribute("aria-disabled", String(on));
  };

  /**
   * Run `type` (run-exercise or check-exercise) with the learner's code,
   * within the exercise's time limit.
   * @param {typeof REQUEST.runExercise | typeof REQUEST.checkExercise} type
   * @param {HTMLButtonElement} trigger
   * @param {string} busyLabel
   */
  const execute = async (type, trigger, busyLabel) => {
    if (running) return null;
    const label = trigger.textContent;
    trigger.setAttribute("aria-busy", "true");
    trigger.textContent = busyLabel;
    setRunning(true);
    saveDraft();
    try {
      await registration.ensure();
      if (later.length) {
        trigger.textContent = t("exercise.loadingPackages", { packages: later.join(", ") });
        await runtime.ensurePackages(later);
        trigger.textContent = busyLabel;
      }
      // data-timed: the learner's code is on the clock (its time limit counts from here).
      const timed = () => section.setAttribute("data-timed", "");
      return await runtime.requestWithin(type, { exercise_id: exerciseId, code: code() }, timeoutMs, timed);
    } catch (error) {
      const err = /** @type {Error} */ (error);
      result.replaceChildren();
      output.classList.add("course-exercise__output--error");
      output.textContent =
        err.name === "TimeoutError"
          ? t("exercise.timedOut", { seconds: timeoutMs / 1000 })
          : t("exercise.runFailed", { reason: err.message });
      if (err.name !== "TimeoutError") runtime.restart().catch(() => {});
      return null;
    } finally {
      trigger.removeAttribute("aria-busy");
      trigger.textContent = label;
      section.removeAttribute("data-timed");
      setRunning(false);
    }
  };

  const onRun = async () => {
    const run = /** @type {RunResult | null} */ (await execute(REQUEST.runExercise, runButton, t("exercise.running")));
    if (run) showOutput(output, run);
  };
  const onCheck = async () => {
    const report = /** @type {CheckReport | null} */ (await execute(REQUEST.checkExercise, checkButton, t("exercise.checking")));
    if (!report) return;
    showOutput(output, report.run);
    showChecks(result, report);
    if (report.passed) progress.passed = true;
    else progress.failures += 1;
    saveProgress(key, progress);
    section.dataset.passed = String(Boolean(progress.passed));
    solutionButton.disabled = false;
  };
  const onHint = async () => {
    if (hintButton.getAttribute("aria-disabled") === "true") return;
    if (!registration.exercise) await registration.ensure().catch(() => {});
    progress.hints = Math.min(progress.hints + 1, registration.exercise?.hints.length ?? 0);
    saveProgress(key, progress);
    showHints();
  };
  const onSolution = async () => {
    if (!registration.exercise) await registration.ensure().catch(() => {});
    if (!progress.solutionShown && !progress.passed && progress.failures < solutionAfter) {
      const left = solutionAfter - progress.failures;
      if (!window.confirm(t("exercise.solutionConfirm", { count: left }))) return;
    }
    progress.solutionShown = true;
    saveProgress(key, progress);
    showSolution();
  };
  const onReset = () => {
    if (!window.confirm(t("exercise.resetConfirm"))) return;
    setCode(starter);
    saveDraft();
    output.textContent = "";
    result.replaceChildren();
    editor()?.focus();
  };

  runButton.addEventListener("click", onRun);
  checkButton.addEventListener("click", onCheck);
  hintButton.addEventListener("click", onHint);
  solutionButton.addEventListener("click", onSolution);
  resetButton.addEventListener("click", onReset);
  textarea.addEventListener("input", saveDraft);
  for (const b of [runButton, checkButton, hintButton, solutionButton, resetButton]) b.disabled = false;
  section.dataset.passed = String(Boolean(progress.passed));

  const unsubscribe = runtime.subscribe((status) => renderRuntimeStatus(statusLine, status, () => {
    runtime.restart().catch(() => {});
  }));
  runtime.start().catch(() => {});
  registration.ensure()
    .then(() => {
      showHints();
      if (progress.solutionShown) showSolution();
    })
    .catch(() => {});
  // The plain text box becomes the code editor when it nears the viewport or gets the focus.
  upgrade = upgradeTextarea(section, textarea, { onRun, onCheck, onChange: () => saveDraft() });

  return () => {
    unsubscribe();
    upgrade?.destroy();
  };
}
