/**
 * The runtime status line a widget shows while Python gets ready, with a
 * progress bar, and a clear message with a retry button if it fails.
 */

import { t } from "../i18n.js";
import { button } from "../widgets/dom.js";

/** The interface string of each start-up stage. */
const STAGES = {
  worker: "runtime.stage.worker",
  download: "runtime.stage.download",
  start: "runtime.stage.start",
  packages: "runtime.stage.packages",
};

/**
 * Render `status` into `element` (a `role="status"` region).
 * @param {HTMLElement} element
 * @param {import("./python-client.js").RuntimeStatus} status
 * @param {() => void} retry
 */
export function renderRuntimeStatus(element, status, retry) {
  const shown = element.dataset.state;
  element.dataset.state = status.state;
  if (status.state === "ready") element.dataset.boot = status.restored ? "snapshot" : "fresh";
  // Whether a snapshot for the next visit is stored: nothing a learner reads.
  if (status.snapshotKept) element.dataset.snapshot = "kept";
  else delete element.dataset.snapshot;
  element.classList.toggle("course-runtime--failed", status.state === "failed");
  if (status.state === "booting") {
    const step = status.step ?? 0;
    const steps = status.steps ?? 3;
    const stage = t(STAGES[/** @type {keyof typeof STAGES} */ (status.stage)] ?? "runtime.stage.other");
    element.removeAttribute("role");
    element.setAttribute("role", "status");
    element.innerHTML = "";
    const text = document.createElement("span");
    text.textContent = t("runtime.booting", { step: Math.max(step, 1), steps, stage });
    const bar = document.createElement("progress");
    bar.max = steps;
    bar.value = step;
    bar.setAttribute("aria-label", t("runtime.progress"));
    element.append(text, bar);
  } else if (status.state === "ready") {
    // Already said (only the snapshot changed): a live region is not told twice.
    if (shown === "ready") return;
    element.setAttribute("role", "status");
    element.textContent = t("runtime.ready");
  } else if (status.state === "failed") {
    element.setAttribute("role", "alert");
    element.innerHTML = "";
    const text = document.createElement("p");
    text.textContent = t("runtime.failed", { reason: status.message ?? t("runtime.unknownError") });
    element.append(text, button(t("runtime.tryAgain"), "md-button", retry));
  } else {
    element.textContent = "";
  }
}
