/**
 * Where a lab's replies come from: the labs worker (streamed over SSE), or —
 * with no worker configured or reachable — the practice peer running in
 * this browser's Python worker, from the labs worker's own code.
 */

import { t } from "../i18n.js";
import { REQUEST } from "../runtime/protocol.js";

/** @typedef {import("../runtime/protocol.js").ChatMessage} ChatMessage */

/** A failure the learner should read as it is (rate limit, budget, …). */
export class PeerError extends Error {
  /**
   * @param {string} message written for the learner
   * @param {{code?: string, retryAfter?: number, offline?: boolean}} [details]
   */
  constructor(message, { code = "error", retryAfter = 0, offline = false } = {}) {
    super(message);
    this.code = code;
    this.retryAfter = retryAfter;
    /** true when the worker could not be reached at all */
    this.offline = offline;
  }
}

/**
 * Ask the labs worker whether it is there. Resolves with its provider name
 * (`"practice"` for its own offline peer); with a PeerError when it answers
 * with an error (it is there, but something is wrong); with null only when
 * it cannot be reached at all.
 * @param {string} baseUrl
 * @param {number} [timeoutMs]
 * @returns {Promise<string | PeerError | null>}
 */
export async function probeWorker(baseUrl, timeoutMs = 4000) {
  if (!baseUrl) return null;
  let response;
  try {
    response = await fetch(`${baseUrl}/v1/labs`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return null;
  }
  if (!response.ok) return errorFrom(response);
  try {
    const body = await response.json();
    return typeof body.provider === "string" ? body.provider : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Turn a worker's JSON error response into a PeerError.
 * @param {Response} response
 */
async function errorFrom(response) {
  let code = "error";
  let message = t("lab.httpError", { status: response.status });
  try {
    const body = await response.json();
    code = body?.error?.code ?? code;
    message = body?.error?.message ?? message;
  } catch {
    /* not JSON: keep the generic message */
  }
  const retryAfter = Number(response.headers.get("Retry-After") ?? 0) || 0;
  return new PeerError(message, { code, retryAfter });
}

/**
 * Stream the worker's reply to `messages`, calling `onText` with each piece.
 * Resolves with how the reply ended and, from a worker that signs its
 * replies, the reply's signature (to send back with it next time).
 *
 * Only a request the worker never answered is an `offline` failure; any
 * answer it gave — an error status, an `error` event, a stream cut short —
 * is a PeerError to show as it is.
 * @param {string} baseUrl
 * @param {string} labId
 * @param {ChatMessage[]} messages
 * @param {(text: string) => void} onText
 * @param {AbortSignal} signal
 * @returns {Promise<{finish: string, signature: string}>}
 */
export async function streamFromWorker(baseUrl, labId, messages, onText, signal) {
  let response;
  try {
    response = await fetch(`${baseUrl}/v1/labs/${encodeURIComponent(labId)}/chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ messages }),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new PeerError(t("lab.unreachable"), { code: "unreachable", offline: true });
  }
  if (!response.ok) throw await errorFrom(response);
  const { readEvents } = await import("./sse.js");
  try {
    for await (const event of readEvents(response)) {
      if (event.type === "delta") onText(event.text);
      else if (event.type === "error") throw new PeerError(event.message, { code: event.code });
      else if (event.type === "done") {
        const signature = typeof event.signature === "string" ? event.signature : "";
        return { finish: event.finish_reason ?? "stop", signature };
      }
    }
  } catch (error) {
    if (signal.aborted || error instanceof PeerError) throw error;
    // The connection dropped, or the stream was garbled, mid-reply.
  }
  throw new PeerError(t("lab.cutOff"), { code: "broken_stream" });
}

/**
 * The practice peer's reply, computed by Python in the browser's worker.
 * @param {import("../runtime/python-client.js").PythonRuntime} runtime
 * @param {unknown} lab the lab's practice data
 * @param {ChatMessage[]} messages
 * @returns {Promise<string>}
 */
export async function practiceReply(runtime, lab, messages) {
  const result = await runtime.request(REQUEST.practiceReply, { lab, messages });
  return String(result.text);
}
