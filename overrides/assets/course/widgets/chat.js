/**
 * The lab chat: the peer's opening message, a text box (Enter sends,
 * Shift+Enter starts a new line), replies streamed in as they arrive, Stop,
 * Retry, the transcript kept per lab across reloads, Export as Markdown and
 * Start over. It says plainly which peer is answering: the labs worker, or
 * the offline practice peer running in this browser.
 */

import { config, siteUrl } from "../config.js";
import { t } from "../i18n.js";
import { PeerError, practiceReply, probeWorker, streamFromWorker } from "../labs/peer.js";
import { loadContentProgress, saveProgress } from "../store/progress.js";

/** @typedef {import("../runtime/protocol.js").ChatMessage} ChatMessage */

/** The interface string that says which peer is answering. */
const MODES = {
  live: "lab.mode.live",
  "worker-practice": "lab.mode.workerPractice",
  offline: "lab.mode.offline",
  checking: "lab.mode.checking",
};

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
  if (error.code === "too_many_turns") return t("lab.error.tooManyTurns");
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
  const item = document.createElement("li");
  item.className = `course-msg course-msg--${role === "assistant" ? "peer" : role}`;
  const who = document.createElement("span");
  who.className = "course-msg__who";
  who.textContent = t(WHO[role]);
  const body = document.createElement("div");
  body.className = "course-msg__text";
  body.textContent = text;
  item.append(who, body);
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
  const baseUrl = (config.labsUrl ?? "").replace(/\/$/, "");
  // The labs worker's own cap: a longer message would only come back refused.
  const maxChars = config.labMessageMaxChars ?? Infinity;
  const { key, value } = loadContentProgress(
    config.site,
    "lab",
    { id: labId, version: section.dataset.labVersion ?? "0" },
    { messages: [] },
  );
  /** @type {{messages: ChatMessage[], opened?: boolean}} */
  const transcript = value;
  transcript.messages = Array.isArray(transcript.messages) ? transcript.messages : [];
  transcript.opened = true;
  saveProgress(key, transcript);

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

  /** @type {"checking" | "live" | "worker-practice" | "offline"} */
  let mode = "checking";
  /** @type {AbortController | null} */
  let inFlight = null;
  /** @type {Promise<unknown> | null} */
  let labData = null;
  /** Settles once the labs server has been probed (or there is none). */
  let modeKnown = Promise.resolve();

  const setMode = (/** @type {typeof mode} */ next) => {
    mode = next;
    section.dataset.mode = next;
    modeLine.textContent = t(MODES[next]);
    if (next === "offline") getRuntime().start().catch(() => {});
  };
  const practiceData = () => {
    labData ??= fetch(siteUrl(section.dataset.labSrc ?? "")).then((r) => {
      if (!r.ok) throw new PeerError(t("lab.practiceDataFailed", { status: r.status }));
      return r.json();
    });
    return labData;
  };

  const render = () => {
    log.replaceChildren(...(opening ? [opening.cloneNode(true)] : []));
    for (const message of transcript.messages) addBubble(log, message.role, message.content);
  };
  const busy = (/** @type {boolean} */ on) => {
    section.toggleAttribute("data-busy", on);
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
    let reply = "";
    inFlight = new AbortController();
    try {
      await modeKnown;
      if (mode === "live" || mode === "worker-practice") {
        try {
          await streamFromWorker(baseUrl, labId, transcript.messages, (text) => {
            reply += text;
            bubble.textContent = reply;
          }, inFlight.signal);
        } catch (error) {
          if (!(error instanceof PeerError && error.offline)) throw error;
          setMode("offline");
          announce.textContent = t("lab.switchedOffline");
        }
      }
      if (mode === "offline") {
        reply = await practiceReply(getRuntime(), await practiceData(), transcript.messages);
        bubble.textContent = reply;
      }
      transcript.messages.push({ role: "assistant", content: reply });
      saveProgress(key, transcript);
      announce.textContent = t("lab.peerSaid", { reply });
    } catch (error) {
      if (inFlight.signal.aborted) {
        if (reply) {
          transcript.messages.push({ role: "assistant", content: reply });
          saveProgress(key, transcript);
          bubble.textContent = `${reply} ${t("lab.stoppedMark")}`;
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

  /** @param {Error} error */
  const showError = (error) => {
    const text = error instanceof PeerError ? describePeerError(error) : error.message;
    const body = addBubble(log, "error", text);
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "md-button course-msg__retry";
    retry.textContent = t("lab.retry");
    retry.addEventListener("click", () => {
      body.parentElement?.remove();
      answer();
    });
    body.after(retry);
  };

  const onSubmit = (/** @type {Event} */ event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || inFlight) return;
    if (text.length > maxChars) {
      announce.textContent = t("lab.tooLong", { length: text.length, limit: maxChars });
      return;
    }
    // A failed reply leaves the learner's last message unanswered: drop its error first.
    for (const alert of log.querySelectorAll(".course-msg--error")) alert.remove();
    if (transcript.messages.at(-1)?.role === "user") transcript.messages.pop();
    render();
    transcript.messages.push({ role: "user", content: text });
    saveProgress(key, transcript);
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
    const lines = [`# ${title}`, "", `**${t("lab.peer")}:** ${openingText}`];
    for (const message of transcript.messages) {
      lines.push("", `**${t(WHO[message.role])}:** ${message.content}`);
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([`${lines.join("\n")}\n`], { type: "text/markdown" }));
    link.download = `${labId}-transcript.md`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  const onReset = () => {
    if (!window.confirm(t("lab.resetConfirm"))) return;
    transcript.messages = [];
    saveProgress(key, transcript);
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
  send.disabled = false;
  exportButton.disabled = false;
  reset.disabled = false;
  setMode(baseUrl ? "checking" : "offline");
  modeKnown = baseUrl
    ? probeWorker(baseUrl).then((provider) => {
        if (provider === null) setMode("offline");
        else setMode(provider === "practice" ? "worker-practice" : "live");
      })
    : Promise.resolve();
  // The learner's message was left unanswered (e.g. a reload mid-reply): answer it.
  if (transcript.messages.at(-1)?.role === "user") {
    showError(new Error(t("lab.noReply")));
  }

  return () => {
    inFlight?.abort();
    form.removeEventListener("submit", onSubmit);
  };
}
