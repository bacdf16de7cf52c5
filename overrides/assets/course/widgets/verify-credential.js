/**
 * Checking a completion credential in the browser: a compact VC-JWT signed
 * with Ed25519 (EdDSA) by the instructor's labs worker, an Open Badges 3.0
 * `OpenBadgeCredential`. The signature is checked with Web Crypto against
 * the public keys the site publishes (precached, so this works offline),
 * then the dates and the claims; revocation is looked up in the worker's
 * Bitstring Status List when it can be fetched. No DOM here: the verify and
 * certificate pages show what `verifyCredential` finds.
 */

import { config, siteUrl } from "../config.js";

/**
 * Why a credential is not valid (each has its own sentence, `verify.reason.<code>`).
 * @typedef {"malformed" | "unknown-key" | "bad-signature" | "expired" | "not-yet-valid" |
 *           "not-course" | "revoked" | "no-keys" | "keys-unavailable" | "unsupported"} FailureCode
 */

/**
 * What the page shows of a credential.
 * @typedef {object} CredentialClaims
 * @property {string} id the credential id (`urn:uuid:…`)
 * @property {string} name the learner's name
 * @property {string} course the achievement's name
 * @property {string} issuer the issuer's name
 * @property {string} score e.g. `14/15`
 * @property {Date} issued
 * @property {Date | null} validUntil
 * @property {string} contentVersion the content version the test was graded on
 */

/**
 * @typedef {{checked: true, revoked: boolean} | {checked: false, why: string}} Revocation
 *   `why` is the key of an interface string (`verify.revocation.<why>`)
 * @typedef {{valid: true, claims: CredentialClaims, revocation: Revocation} |
 *           {valid: false, reason: FailureCode, claims?: CredentialClaims}} Verdict
 */

/** The largest status list accepted once inflated, in bytes (the worker's lists are far smaller). */
const STATUS_LIST_MAX_BYTES = 16 * 1024 * 1024;

class Failure extends Error {
  /** @param {FailureCode} code */
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/**
 * Bytes of base64url text (no padding), or a `malformed` failure.
 * @param {string} text
 * @returns {Uint8Array}
 */
export function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Failure("malformed");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  try {
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    throw new Failure("malformed");
  }
}

/**
 * The three parts of a compact JWS, decoded.
 * @param {string} token
 * @returns {{header: any, payload: any, signingInput: Uint8Array, signature: Uint8Array}}
 */
export function decodeJwt(token) {
  const parts = token.trim().split(".");
  if (parts.length !== 3) throw new Failure("malformed");
  const json = (/** @type {string} */ part) => {
    try {
      const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(part)));
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
      return value;
    } catch {
      throw new Failure("malformed");
    }
  };
  return {
    header: json(parts[0]),
    payload: json(parts[1]),
    signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    signature: fromBase64Url(parts[2]),
  };
}

/**
 * Check a compact JWS's signature against `keys`; return its header and payload.
 * @param {string} token
 * @param {Array<Record<string, string>>} keys public JWKs (OKP, Ed25519)
 */
async function verifySignature(token, keys) {
  const { header, payload, signingInput, signature } = decodeJwt(token);
  const jwk = keys.find((k) => k.kid === header.kid);
  if (header.alg !== "EdDSA" || !jwk) throw new Failure("unknown-key");
  let key;
  try {
    key = await crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
  } catch (error) {
    // A browser without Ed25519 in Web Crypto throws NotSupportedError; a bad key, DataError.
    throw new Failure(/** @type {Error} */ (error).name === "NotSupportedError" ? "unsupported" : "unknown-key");
  }
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, signingInput);
  if (!ok) throw new Failure("bad-signature");
  return { header, payload };
}

/**
 * What the credential says, for the page (fields it lacks show empty).
 * @param {any} payload
 * @returns {CredentialClaims}
 */
function claimsOf(payload) {
  const vc = payload.vc ?? {};
  const subject = vc.credentialSubject ?? {};
  const achievement = subject.achievement ?? {};
  const result = Array.isArray(subject.result) ? subject.result[0] ?? {} : {};
  const text = (/** @type {unknown} */ value) => (typeof value === "string" ? value : "");
  const date = (/** @type {unknown} */ value) => (typeof value === "number" ? new Date(value * 1000) : null);
  return {
    id: text(payload.jti),
    name: text(subject.name),
    course: text(achievement.name),
    issuer: text(typeof vc.issuer === "object" && vc.issuer ? vc.issuer.name : ""),
    score: text(result.value),
    issued: date(payload.iat) ?? new Date(NaN),
    validUntil: date(payload.exp),
    contentVersion: text(achievement.version),
  };
}

/**
 * Check the dates and that this is one of the course's credentials.
 * @param {any} payload
 * @param {number} now milliseconds
 */
function checkClaims(payload, now) {
  const { nbf, exp, vc } = payload;
  if (typeof nbf !== "number" || typeof exp !== "number") throw new Failure("malformed");
  if (typeof vc !== "object" || vc === null) throw new Failure("not-course");
  const types = Array.isArray(vc.type) ? vc.type : [];
  const issuer = typeof vc.issuer === "object" && vc.issuer ? vc.issuer.id : vc.issuer;
  if (!types.includes("OpenBadgeCredential") || payload.iss !== issuer || payload.jti !== vc.id ||
      typeof vc.credentialSubject?.achievement !== "object") {
    throw new Failure("not-course");
  }
  const seconds = now / 1000;
  if (seconds < nbf) throw new Failure("not-yet-valid");
  if (seconds >= exp) throw new Failure("expired");
}

/**
 * The bits of a status list's `encodedList`: multibase `u` + base64url of GZIP data.
 * @param {string} encoded
 * @returns {Promise<Uint8Array>}
 */
export async function decodeStatusList(encoded) {
  if (typeof encoded !== "string" || !encoded.startsWith("u")) throw new Failure("malformed");
  const gzipped = fromBase64Url(encoded.slice(1));
  const reader = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > STATUS_LIST_MAX_BYTES) {
      reader.cancel();
      throw new Failure("malformed"); // a GZIP bomb, not a status list
    }
    chunks.push(value);
  }
  const bits = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bits.set(chunk, offset);
    offset += chunk.length;
  }
  return bits;
}

/**
 * Whether bit `index` is set (bit 0 is the most significant bit of the first byte).
 * @param {Uint8Array} bits
 * @param {number} index
 */
export function bitIsSet(bits, index) {
  const byte = bits[index >> 3];
  if (byte === undefined) throw new Failure("malformed");
  return (byte & (0x80 >> (index & 7))) !== 0;
}

/**
 * Look the credential up in its issuer's revocation list.
 * @param {any} payload
 * @param {Array<Record<string, string>>} keys
 * @param {typeof fetch} fetcher
 * @returns {Promise<Revocation>}
 */
async function checkRevocation(payload, keys, fetcher) {
  const status = payload.vc?.credentialStatus;
  const index = Number.parseInt(status?.statusListIndex ?? "", 10);
  if (!status || typeof status.statusListCredential !== "string" || !Number.isInteger(index) || index < 0) {
    return { checked: false, why: "noStatus" };
  }
  if (!navigator.onLine) return { checked: false, why: "offline" };
  let text;
  try {
    const response = await fetcher(status.statusListCredential, { cache: "no-store" });
    if (!response.ok) return { checked: false, why: "unavailable" };
    text = await response.text();
  } catch {
    return { checked: false, why: "unreachable" };
  }
  try {
    const list = await verifySignature(text, keys);
    const subject = list.payload.vc?.credentialSubject ?? {};
    if (subject.statusPurpose !== "revocation") return { checked: false, why: "badList" };
    return { checked: true, revoked: bitIsSet(await decodeStatusList(subject.encodedList), index) };
  } catch {
    return { checked: false, why: "badList" };
  }
}

/**
 * The public keys credentials are checked against: the site's published
 * file (`credentialKeys`), else the labs worker's JWKS.
 * @param {typeof fetch} fetcher
 * @returns {Promise<Array<Record<string, string>>>}
 */
export async function loadCredentialKeys(fetcher = fetch) {
  const url = config.credentialKeys
    ? siteUrl(config.credentialKeys)
    : config.labsUrl ? `${config.labsUrl}/v1/credentials/jwks.json` : "";
  if (!url) throw new Failure("no-keys");
  try {
    const response = await fetcher(url);
    if (!response.ok) throw new Error(String(response.status));
    const jwks = await response.json();
    if (!Array.isArray(jwks.keys)) throw new Error("no keys");
    return jwks.keys;
  } catch {
    throw new Failure("keys-unavailable");
  }
}

/**
 * Verify a credential: signature, dates, course, then revocation.
 * @param {string} token the compact JWT
 * @param {{keys?: Array<Record<string, string>>, now?: number, fetcher?: typeof fetch}} [options]
 * @returns {Promise<Verdict>}
 */
export async function verifyCredential(token, options = {}) {
  const fetcher = options.fetcher ?? ((input, init) => fetch(input, init));
  /** @type {CredentialClaims | undefined} */
  let claims;
  try {
    const keys = options.keys ?? (await loadCredentialKeys(fetcher));
    const { payload } = await verifySignature(token, keys);
    claims = claimsOf(payload);
    checkClaims(payload, options.now ?? Date.now());
    const revocation = await checkRevocation(payload, keys, fetcher);
    if (revocation.checked && revocation.revoked) return { valid: false, reason: "revoked", claims };
    return { valid: true, claims, revocation };
  } catch (error) {
    if (error instanceof Failure) return { valid: false, reason: error.code, claims };
    return { valid: false, reason: "malformed", claims };
  }
}
