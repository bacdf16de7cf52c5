/**
 * The lab chat: the peer's opening message, a text box (Enter sends,
 * Shift+Enter starts a new line), replies streamed in as they arrive, Stop,
 * Retry, the transcript kept per lab across reloads, Export as Markdown and
 * Start over. It says plainly which peer is answering: the labs worker, or
 * the offline practice peer running in this browser.
 *
 * Who answers, and when the chat goes offline, is `labs/lab-peer.js`; what
 * the transcript keeps (signatures, replies marked `local`) and what of it
 * goes back to the worker, `labs/transcript.js`. An error the worker
 * answers with is shown here in words, with the learner's message kept for
 * Retry.
 */

import { config } from "../config.js";
import { t } from "../i18n.js";
import { labPeer } from "../labs/lab-peer.js";
import { PeerError } from "../labs/peer.js";
import { openTranscript, transcriptMarkdown } from "../labs/transcript.js";
import { button, element } from "./dom.js";

/** The interface string that says which peer is answering. */
const MODES = {
  live: "lab.mode.live",
  "worker-practice": "lab.mode.workerPractice",
  offline: "lab.mode.offline",
  checking: "lab.mode.checking",
  unavailable: "lab.mode.unavailable",
};

/** Error codes that mean the labs server itself is overloaded for now. */
const BUSY = new Set(["worker_busy", "limits_unavailable", "upstream_busy"]);

/** Who wrote a message, in words. */
const WHO = { user: "lab.you", assistant: "lab.peer", error: "lab.problem" };

/**
 * The worker's error codes the learner gets our own words for (others show
 * the worker's message as it is).
 * @param {PeerError} error
 */
function describePeerError(error) {
  if (error.code === "rate_limited") {
    return error.retryAfter ? t("lab.error.rateLimitedFor", { count: error.retryAfter }) : t("lab.error.rateLimited");
  }
  if (error.code === "budget_spent") return t("lab.error.budgetSpent");
  if (error.code === "client_budget_spent") return t("lab.error.clientBudgetSpent");
  if (error.code === "too_many_turns") return t("lab.error.tooManyTurns");
  if (error.code === "invalid_signature") return t("lab.error.invalidSignature");
  if (error.code === "internal_error") return t("lab.error.internal");
  if (BUSY.has(error.code)) return t("lab.error.busy");
  if (error.code.startsWith("upstream_")) return t("lab.error.upstream");
  return error.message;
}

/**
 * Add one message bubble to the log and return its text element.
 * @param {HTMLElement} log
 * @param {"user" | "assistant" | "error"} role
 * @param {string} text
 */
function addBubble(log, role, text) {
  const item = element("li", `course-msg course-msg--${role === "assistant" ? "peer" : role}`);
  const body = element("div", "course-msg__text", text);
  item.append(element("span", "course-msg__who", t(WHO[role])), body);
  if (role === "error") item.setAttribute("role", "alert");
  log.append(item);
  item.scrollIntoView({ block: "nearest" });
  return body;
}

/**
 * Mount one lab chat; returns a function that unmounts it.
 * @param {HTMLElement} section
 * @param {() => import("../runtime/python-client.js").PythonRuntime} getRuntime
 * @returns {() => void}
 */
export function mountLab(section, getRuntime) {
  const labId = section.dataset.courseLab ?? "";
  // The labs worker's own cap: a longer message would only come back refused.
  const maxChars = config.labMessageMaxChars ?? Infinity;
  const { transcript, save } = openTranscript(config.site, { id: labId, version: section.dataset.labVersion ?? "0" });

  const log = /** @type {HTMLElement} */ (section.querySelector("[data-lab-log]"));
  const opening = log.firstElementChild?.cloneNode(true);
  const announce = /** @type {HTMLElement} */ (section.querySelector("[data-lab-announce]"));
  const modeLine = /** @type {HTMLElement} */ (section.querySelector("[data-lab-mode]"));
  const form = /** @type {HTMLFormElement} */ (section.querySelector("[data-lab-form]"));
  const input = /** @type {HTMLTextAreaElement} */ (section.querySelector("[data-lab-input]"));
  const send = /** @type {HTMLButtonElement} */ (section.querySelector("[data-lab-send]"));
  const stop = /** @type {HTMLButtonElement} */ (section.querySelector("[data-lab-stop]"));
  const exportButton = /** @type {HTMLButtonElement} */ (section.querySelector("[data-lab-export]"));
  const reset = /** @type {HTMLButtonElement} */ (section.querySelector("[data-lab-reset]"));

  /** @type {AbortController | null} */
  let inFlight = null;

  const render = () => {
    log.replaceChildren(...(opening ? [opening.cloneNode(true)] : []));
    for (const message of transcript.messages) addBubble(log, message.role, message.content);
  };
  const busy = (/** @type {boolean} */ on) => {
    send.disabled = on;
    stop.hidden = !on;
    reset.disabled = on;
    exportButton.disabled = on;
  };

  /** Get the peer's reply to the transcript as it stands (ending with the learner). */
  const answer = async () => {
    busy(true);
    const bubble = addBubble(log, "assistant", "");
    bubble.parentElement?.setAttribute("aria-busy", "true");
    let shown = "";
    const controller = new AbortController();
    inFlight = controller;
    try {
      const message = await peer.reply(transcript.messages, {
        onText: (text) => {
          shown = text;
          bubble.textContent = text;
        },
        onOffline: () => {
          announce.textContent = t("lab.switchedOffline");
        },
        signal: controller.signal,
      });
      transcript.messages.push(message);
      save();
      announce.textContent = t("lab.peerSaid", { reply: message.content });
    } catch (error) {
      if (controller.signal.aborted) {
        if (shown) {
          transcript.messages.push({ role: "assistant", content: shown, local: "stopped" });
          save();
          bubble.textContent = `${shown} ${t("lab.stoppedMark")}`;
        } else {
          bubble.parentElement?.remove();
        }
        announce.textContent = t("lab.stopped");
      } else {
        bubble.parentElement?.remove();
        showError(/** @type {Error} */ (error));
      }
    } finally {
      bubble.parentElement?.removeAttribute("aria-busy");
      inFlight = null;
      busy(false);
      input.focus();
    }
  };

  /**
   * Show a failed reply in words, with Retry — or, for a transcript the
   * worker can't go on with (changed since it signed it), Start over.
   * @param {Error} error
   */
  const showError = (error) => {
    const text = error instanceof PeerError ? describePeerError(error) : error.message;
    const body = addBubble(log, "error", text);
    const retry = () => {
      body.parentElement?.remove();
      answer();
    };
    body.after(
      error instanceof PeerError && error.code === "invalid_signature"
        ? button(t("lab.reset"), "md-button course-msg__retry", onReset)
        : button(t("lab.retry"), "md-button course-msg__retry", retry),
    );
  };

  const onSubmit = (/** @type {Event} */ event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || inFlight) return;
    // Counted in characters (code points), as the worker counts them, not UTF-16 units.
    const length = [...text].length;
    if (length > maxChars) {
      announce.textContent = t("lab.tooLong", { length, limit: maxChars });
      return;
    }
    // A failed reply leaves the learner's last message unanswered: drop its error first.
    for (const alert of log.querySelectorAll(".course-msg--error")) alert.remove();
    if (transcript.messages.at(-1)?.role === "user") transcript.messages.pop();
    render();
    transcript.messages.push({ role: "user", content: text });
    save();
    addBubble(log, "user", text);
    input.value = "";
    answer();
  };

  const onKey = (/** @type {KeyboardEvent} */ event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  };

  const onExport = () => {
    const title = document.querySelector("h1")?.textContent?.trim() ?? labId;
    const openingText = opening?.querySelector(".course-msg__text")?.textContent?.trim() ?? "";
    const markdown = transcriptMarkdown(title, openingText, transcript.messages, (role) => t(WHO[role]));
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([markdown], { type: "text/markdown" }));
    link.download = `${labId}-transcript.md`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  const onReset = () => {
    if (!window.confirm(t("lab.resetConfirm"))) return;
    transcript.messages = [];
    save();
    render();
    announce.textContent = t("lab.cleared");
    input.focus();
  };

  const onStop = () => inFlight?.abort();

  form.addEventListener("submit", onSubmit);
  input.addEventListener("keydown", onKey);
  exportButton.addEventListener("click", onExport);
  reset.addEventListener("click", onReset);
  stop.addEventListener("click", onStop);

  render();
  input.disabled = false;
  busy(false);
  // Who answers; the replies come from it (answer, above).
  const peer = labPeer({
    baseUrl: (config.labsUrl ?? "").replace(/\/$/, ""),
    labId,
    practiceDataSrc: section.dataset.labSrc ?? "",
    getRuntime,
    onMode: (mode) => {
      section.dataset.mode = mode;
      modeLine.textContent = t(MODES[mode]);
    },
  });
  // The learner's message was left unanswered (e.g. a reload mid-reply): answer it.
  if (transcript.messages.at(-1)?.role === "user") {
    showError(new Error(t("lab.noReply")));
  }

  return () => {
    inFlight?.abort();
    form.removeEventListener("submit", onSubmit);
  };
}
