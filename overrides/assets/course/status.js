/**
 * The runtime status line a widget shows while Python gets ready, with a
 * progress bar, and a clear message with a retry button if it fails.
 */

const STAGES = {
  worker: "starting a background worker",
  download: "downloading Python",
  start: "starting Python",
  packages: "loading Python packages",
};

/**
 * Render `status` into `element` (a `role="status"` region).
 * @param {HTMLElement} element
 * @param {import("./python-client.js").RuntimeStatus} status
 * @param {() => void} retry
 */
export function renderRuntimeStatus(element, status, retry) {
  element.dataset.state = status.state;
  if (status.state === "ready") element.dataset.boot = status.restored ? "snapshot" : "fresh";
  element.classList.toggle("course-runtime--failed", status.state === "failed");
  if (status.state === "booting") {
    const step = status.step ?? 0;
    const steps = status.steps ?? 3;
    const stage = STAGES[/** @type {keyof typeof STAGES} */ (status.stage)] ?? "getting ready";
    element.removeAttribute("role");
    element.setAttribute("role", "status");
    element.innerHTML = "";
    const text = document.createElement("span");
    text.textContent = `Getting Python ready in your browser — step ${Math.max(step, 1)} of ${steps}: ${stage}…`;
    const bar = document.createElement("progress");
    bar.max = steps;
    bar.value = step;
    bar.setAttribute("aria-label", "Python start-up progress");
    element.append(text, bar);
  } else if (status.state === "ready") {
    element.setAttribute("role", "status");
    element.textContent = "Python is ready: your answers are checked right here in your browser.";
  } else if (status.state === "failed") {
    element.setAttribute("role", "alert");
    element.innerHTML = "";
    const text = document.createElement("p");
    text.textContent =
      "Python could not start in your browser, so answers cannot be checked right now. " +
      `(${status.message ?? "unknown error"}) Check your connection, then try again.`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "Try again";
    button.addEventListener("click", retry);
    element.append(text, button);
  } else {
    element.textContent = "";
  }
}
