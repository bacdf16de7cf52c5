/**
 * Who answers one lab, and their reply: the labs worker while it can be
 * reached; the practice peer in this browser's Python when none is
 * configured or it cannot be reached at all. A worker that answers with an
 * error is still there: the error is the reply (shown in words, with
 * Retry), and the next message asks the worker again.
 */

import { t } from "../i18n.js";
import { siteJson } from "../site-json.js";
import { PeerError, practiceReply, probeWorker, streamFromWorker } from "./peer.js";
import { forWorker } from "./transcript.js";

/** @typedef {import("./transcript.js").StoredMessage} StoredMessage */
/**
 * Who answers: the worker's live model, the worker's own practice peer,
 * the practice peer in this browser, not known yet, or a worker that
 * answered its probe with an error.
 * @typedef {"live" | "worker-practice" | "offline" | "checking" | "unavailable"} PeerMode
 */

/**
 * @param {{
 *   baseUrl: string,
 *   labId: string,
 *   practiceDataSrc: string,
 *   getRuntime: () => import("../runtime/python-client.js").PythonRuntime,
 *   onMode: (mode: PeerMode) => void,
 * }} options `baseUrl` is the labs worker's ("" for none); `practiceDataSrc` the
 *   path of the lab's practice data from the site root; `onMode` hears each
 *   change of who answers
 */
export function labPeer({ baseUrl, labId, practiceDataSrc, getRuntime, onMode }) {
  /** @type {PeerMode} */
  let mode = "checking";

  const setMode = (/** @type {PeerMode} */ next) => {
    mode = next;
    onMode(next);
    // The practice peer needs Python: start it before the learner's first message.
    if (next === "offline") getRuntime().start().catch(() => {});
  };
  /** Probe the labs worker and say who answers: offline only if it can't be reached. */
  const probe = async () => {
    const provider = await probeWorker(baseUrl);
    if (provider === null) setMode("offline");
    else if (provider instanceof PeerError) setMode("unavailable");
    else setMode(provider === "practice" ? "worker-practice" : "live");
  };
  /** The practice peer's data (fetched again after a failed fetch: site-json.js). */
  const loadPracticeData = () => siteJson(practiceDataSrc, (status) => t("lab.practiceDataFailed", { status }));

  setMode(baseUrl ? "checking" : "offline");
  /** Settles once the labs worker has been probed (or there is none). */
  const known = baseUrl ? probe() : Promise.resolve();

  return {
    /**
     * The reply to `messages` (ending with the learner's). `onText` gets the
     * reply so far as it streams in; `onOffline` hears that the worker could
     * not be reached and the practice peer answers from now on. Rejects with
     * the error to show (a PeerError when the worker sent it), or as
     * `signal` aborts (the text so far was given to `onText`).
     * @param {StoredMessage[]} messages
     * @param {{onText: (text: string) => void, onOffline: () => void, signal: AbortSignal}} how
     * @returns {Promise<StoredMessage>}
     */
    async reply(messages, { onText, onOffline, signal }) {
      await known;
      // The worker answered its probe with an error: ask it again, it may be back.
      if (mode === "unavailable") await probe();
      if (mode !== "offline") {
        let content = "";
        try {
          const { signature } = await streamFromWorker(baseUrl, labId, forWorker(messages), (text) => {
            content += text;
            onText(content);
          }, signal);
          return signature ? { role: "assistant", content, signature } : { role: "assistant", content };
        } catch (error) {
          if (!(error instanceof PeerError && error.offline)) throw error;
          setMode("offline");
          onOffline();
        }
      }
      const data = await loadPracticeData();
      const content = await practiceReply(getRuntime(), data, messages.map(({ role, content }) => ({ role, content })));
      onText(content);
      return { role: "assistant", content, local: "offline" };
    },
  };
}
