/**
 * Entry point of the course widgets on the page (bundled with everything it
 * imports into course.bundle.js). Mounts every widget of the current page
 * view — again after each of Material's instant navigations (`document$`) —
 * and starts the shared Python runtime only on pages that need it.
 *
 * The parts: `config.js` and `i18n.js` (what the build tells the page),
 * `runtime/` (the Python worker, its client and their protocol), `store/`
 * (the learner's progress), `labs/` (where lab replies come from) and
 * `widgets/` (one module per thing on screen).
 */

import { t } from "./i18n.js";
import { enableOffline } from "./offline.js";
import { splitPackages } from "./runtime/packages.js";
import { codeRuntime, sharedRuntime } from "./runtime/python-client.js";
import { mountLab } from "./widgets/chat.js";
import { mountDashboard } from "./widgets/dashboard.js";
import { mountExercise } from "./widgets/exercise.js";
import { mountNavProgress } from "./widgets/nav-progress.js";
import { showNotice } from "./widgets/notice.js";
import { mountQuiz } from "./widgets/quiz.js";
import { mountTest, showBestResults } from "./widgets/test.js";
import { mountPrintable, mountVerify } from "./widgets/verify.js";

/** @type {Array<() => void>} */
let unmounts = [];

let offlineRequested = false;

/**
 * Register the offline service worker once, after the page's Python workers
 * have started: its precache download must not compete with their boot.
 * @param {import("./runtime/python-client.js").PythonRuntime[]} runtimes
 */
function registerOfflineWhenIdle(runtimes) {
  if (offlineRequested) return;
  offlineRequested = true;
  const idle = () =>
    "requestIdleCallback" in window ? window.requestIdleCallback(() => enableOffline()) : setTimeout(enableOffline, 1000);
  Promise.allSettled(runtimes.map((r) => r.start())).then(idle);
}

/** Mount the widgets of the page now in the document. */
function mountPage() {
  for (const unmount of unmounts) unmount();
  unmounts = [];
  for (const section of document.querySelectorAll("section[data-course-lab]")) {
    // Labs start Python only if they fall back to the in-browser practice peer.
    unmounts.push(mountLab(/** @type {HTMLElement} */ (section), sharedRuntime));
  }
  // One worker for all the exercises of a page, booted with every package they
  // use but those loaded on demand (runtime/packages.js): several Pythons
  // booting at once would only slow each other down.
  const exercises = /** @type {HTMLElement[]} */ ([...document.querySelectorAll("section[data-course-exercise]")]);
  const { boot: packages } = splitPackages([
    ...new Set(exercises.flatMap((e) => (e.dataset.exercisePackages ?? "").split(/\s+/).filter(Boolean))),
  ]);
  for (const section of exercises) unmounts.push(mountExercise(section, () => codeRuntime(packages)));
  /** @type {import("./runtime/python-client.js").PythonRuntime[]} */
  const booting = exercises.length ? [codeRuntime(packages)] : [];
  showBestResults(document);
  // Completion certificates: the verify page and the printable certificate.
  for (const host of document.querySelectorAll("[data-course-verify]")) {
    unmounts.push(mountVerify(/** @type {HTMLElement} */ (host)));
  }
  for (const host of document.querySelectorAll("[data-course-printable]")) {
    unmounts.push(mountPrintable(/** @type {HTMLElement} */ (host)));
  }
  unmounts.push(mountNavProgress());
  for (const host of document.querySelectorAll("[data-course-progress]")) {
    unmounts.push(mountDashboard(/** @type {HTMLElement} */ (host)));
  }
  const quizzes = /** @type {NodeListOf<HTMLFormElement>} */ (document.querySelectorAll("form[data-course-quiz]"));
  const tests = /** @type {NodeListOf<HTMLFormElement>} */ (document.querySelectorAll("form[data-course-test]"));
  if (quizzes.length || tests.length) {
    const runtime = sharedRuntime();
    runtime.start().catch(() => {}); // failures are shown by each widget's status line
    for (const form of quizzes) unmounts.push(mountQuiz(form, runtime));
    for (const form of tests) unmounts.push(mountTest(form, runtime));
    booting.push(runtime);
  }
  registerOfflineWhenIdle(booting);
}

// Saved progress that could not be read is set aside (progress.js): say so,
// unless the page's progress panel already does.
document.addEventListener("course:progress-set-aside", () => {
  if (!document.querySelector("[data-course-progress]")) showNotice("set-aside", t("progress.setAsideHere"));
});

/** @type {any} */
const material = window;
if (material.document$ && typeof material.document$.subscribe === "function") {
  material.document$.subscribe(mountPage);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountPage, { once: true });
} else {
  mountPage();
}
