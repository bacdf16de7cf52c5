/**
 * A lab's transcript: the learner's and the peer's messages, kept per lab
 * (and lab version) across reloads; what of it goes back to the labs
 * worker; and the Markdown a learner exports.
 */

import { loadContentProgress, saveProgress } from "../store/progress.js";

/** @typedef {import("../runtime/protocol.js").ChatMessage} ChatMessage */
/**
 * A message as the transcript keeps it. A reply the labs worker signed
 * carries its `signature`; one it did not finish — stopped early, or written
 * by the practice peer in this browser — carries `local`.
 * @typedef {ChatMessage & {signature?: string, local?: "stopped" | "offline"}} StoredMessage
 */

/**
 * The transcript kept for one lab, marked as opened (the progress page
 * counts an opened lab), and the function that saves it as it then stands.
 * @param {string} site
 * @param {{id: string, version: string}} lab
 * @returns {{transcript: {messages: StoredMessage[]}, save: () => void}}
 */
export function openTranscript(site, lab) {
  const { key, value } = loadContentProgress(site, "lab", lab, { messages: [] });
  /** @type {{messages: StoredMessage[], opened?: boolean}} */
  const transcript = value;
  transcript.messages = Array.isArray(transcript.messages) ? transcript.messages : [];
  transcript.opened = true;
  const save = () => saveProgress(key, transcript);
  save();
  return { transcript, save };
}

/**
 * The transcript as the worker gets it: without the replies it did not
 * finish itself (it could not vouch for them), each signed reply with its
 * signature.
 * @param {StoredMessage[]} messages
 * @returns {ChatMessage[]}
 */
export function forWorker(messages) {
  return messages
    .filter((m) => !(m.role === "assistant" && m.local))
    .map(({ role, content, signature }) => (role === "assistant" && signature ? { role, content, signature } : { role, content }));
}

/**
 * The transcript as Markdown: the lab's title, the peer's opening message,
 * then each message under the name of who wrote it.
 * @param {string} title
 * @param {string} opening
 * @param {StoredMessage[]} messages
 * @param {(role: ChatMessage["role"]) => string} who
 */
export function transcriptMarkdown(title, opening, messages, who) {
  const lines = [`# ${title}`, "", `**${who("assistant")}:** ${opening}`];
  for (const message of messages) lines.push("", `**${who(message.role)}:** ${message.content}`);
  return `${lines.join("\n")}\n`;
}
