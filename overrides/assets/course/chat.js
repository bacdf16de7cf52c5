/**
 * The lab chat: the peer's opening message, a text box (Enter sends,
 * Shift+Enter starts a new line), replies streamed in as they arrive, Stop,
 * Retry, the transcript kept per lab across reloads, Export as Markdown and
 * Start over. It says plainly which peer is answering: the labs worker, or
 * the offline practice peer running in this browser.
 */

import { PeerError, practiceReply, probeWorker, streamFromWorker } from "./lab-peer.js";
import { loadProgress, progressKey, saveProgress } from "./progress.js";
import { siteUrl } from "./python-client.js";

/** @typedef {import("./lab-peer.js").ChatMessage} ChatMessage */

const MAX_CHARS = 2000;

const MODES = {
  live: "Live AI peer: your messages go to the course's labs server.",
  "worker-practice": "Practice peer on the course's labs server (no AI model is configured there).",
  offline:
    "Offline practice mode: a scripted practice peer runs in your browser. No AI, and nothing leaves your device.",
  checking: "Connecting to the labs server…",
};

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
  who.textContent = role === "user" ? "You" : role === "assistant" ? "Peer" : "Problem";
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
 * @param {() => import("./python-client.js").PythonRuntime} getRuntime
 * @returns {() => void}
 */
export function mountLab(section, getRuntime) {
  const labId = section.dataset.courseLab ?? "";
  const baseUrl = (section.dataset.labsUrl ?? "").replace(/\/$/, "");
  const key = progressKey(section.dataset.courseSite ?? "course", "lab", labId, section.dataset.labVersion ?? "0");
  /** @type {{messages: ChatMessage[], opened?: boolean}} */
  const transcript = loadProgress(key, { messages: [] });
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
    modeLine.textContent = MODES[next];
    if (next === "offline") getRuntime().start().catch(() => {});
  };
  const practiceData = () => {
    labData ??= fetch(siteUrl(section.dataset.labSrc ?? "")).then((r) => {
      if (!r.ok) throw new PeerError(`The practice peer's data could not be loaded (HTTP ${r.status}).`);
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
          announce.textContent = "The labs server can't be reached: switched to offline practice mode.";
        }
      }
      if (mode === "offline") {
        reply = await practiceReply(getRuntime(), await practiceData(), transcript.messages);
        bubble.textContent = reply;
      }
      transcript.messages.push({ role: "assistant", content: reply });
      saveProgress(key, transcript);
      announce.textContent = `Peer: ${reply}`;
    } catch (error) {
      if (inFlight.signal.aborted) {
        if (reply) {
          transcript.messages.push({ role: "assistant", content: reply });
          saveProgress(key, transcript);
          bubble.textContent = `${reply} (stopped)`;
        } else {
          bubble.parentElement?.remove();
        }
        announce.textContent = "Stopped.";
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
    let text = error.message;
    if (error instanceof PeerError && error.code === "rate_limited") {
      text = `You're sending messages faster than the peer can answer. ${error.retryAfter ? `Wait ${error.retryAfter} seconds, then` : "Wait a moment, then"} try again.`;
    }
    const body = addBubble(log, "error", text);
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "md-button course-msg__retry";
    retry.textContent = "Retry";
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
    if (text.length > MAX_CHARS) {
      announce.textContent = `Your message is ${text.length} characters long; the limit is ${MAX_CHARS}.`;
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
    const lines = [`# ${title}`, "", `**Peer:** ${opening?.textContent?.replace(/^Peer/, "").trim() ?? ""}`];
    for (const message of transcript.messages) {
      lines.push("", `**${message.role === "user" ? "You" : "Peer"}:** ${message.content}`);
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([`${lines.join("\n")}\n`], { type: "text/markdown" }));
    link.download = `${labId}-transcript.md`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  const onReset = () => {
    if (!window.confirm("Start over? This clears this lab's conversation in this browser.")) return;
    transcript.messages = [];
    saveProgress(key, transcript);
    render();
    announce.textContent = "Conversation cleared.";
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
    showError(new Error("The reply to your last message did not arrive."));
  }

  return () => {
    inFlight?.abort();
    form.removeEventListener("submit", onSubmit);
  };
}
