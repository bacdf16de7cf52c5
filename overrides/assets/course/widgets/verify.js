/**
 * The two pages that show a completion credential, both checking it first
 * in the browser (verify-credential.js):
 *
 * - `[data-course-verify]`, the verify page: paste the credential, choose
 *   its file or drop it on the box; it says valid — with the name, course,
 *   score, dates, content version — or exactly what failed. A credential in
 *   the URL fragment (`verify/#eyJ…`) is checked at once.
 * - `[data-course-printable]`, the printable certificate: the credential from
 *   the fragment (which never reaches a server's log) or the latest one this
 *   browser was issued; shown only once it verifies.
 */

import { pageLink } from "../config.js";
import { language, t } from "../i18n.js";
import { latestCredential } from "./certificate.js";
import { button, element } from "./dom.js";
import { verifyCredential } from "./verify-credential.js";

/**
 * @typedef {import("./verify-credential.js").Verdict} Verdict
 * @typedef {import("./verify-credential.js").CredentialClaims} CredentialClaims
 */

/** @param {Date | null} date */
function longDate(date) {
  if (!date || Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(language, { dateStyle: "long" }).format(date);
}

/** The sentence for each reason a credential fails, by its code (verify-credential.js). */
const REASON_TEXTS = {
  malformed: "verify.reason.malformed",
  "unknown-key": "verify.reason.unknown-key",
  "bad-signature": "verify.reason.bad-signature",
  expired: "verify.reason.expired",
  "not-yet-valid": "verify.reason.not-yet-valid",
  "not-course": "verify.reason.not-course",
  revoked: "verify.reason.revoked",
  "no-keys": "verify.reason.no-keys",
  "keys-unavailable": "verify.reason.keys-unavailable",
  unsupported: "verify.reason.unsupported",
};

/** What the page says when the revocation check could not be made, by why not. */
const REVOCATION_TEXTS = {
  noStatus: "verify.revocation.noStatus",
  offline: "verify.revocation.offline",
  unreachable: "verify.revocation.unreachable",
  unavailable: "verify.revocation.unavailable",
  badList: "verify.revocation.badList",
};

/**
 * The sentence for a failed verification.
 * @param {Extract<Verdict, {valid: false}>} verdict
 */
export function failureText(verdict) {
  const dates = { expired: verdict.claims?.validUntil ?? null, "not-yet-valid": verdict.claims?.issued ?? null };
  const date = verdict.reason in dates ? longDate(dates[/** @type {keyof typeof dates} */ (verdict.reason)]) : "";
  return t(REASON_TEXTS[verdict.reason] ?? REASON_TEXTS.malformed, { date });
}

/**
 * The text of the revocation check's outcome.
 * @param {import("./verify-credential.js").Revocation} revocation
 */
function revocationText(revocation) {
  if (revocation.checked) return t("verify.revocation.checked");
  const key = /** @type {Record<string, string>} */ (REVOCATION_TEXTS)[revocation.why];
  return t(key ?? REVOCATION_TEXTS.unavailable);
}

/**
 * A description list of what the credential says.
 * @param {CredentialClaims} claims
 */
function claimList(claims) {
  const list = document.createElement("dl");
  list.className = "course-verify__claims";
  /** @type {Array<[string, string]>} */
  const rows = [
    [t("verify.name"), claims.name],
    [t("verify.course"), claims.course],
    [t("verify.score"), claims.score],
    [t("verify.issued"), longDate(claims.issued)],
    [t("verify.validUntil"), longDate(claims.validUntil)],
    [t("verify.version"), claims.contentVersion],
    [t("verify.id"), claims.id],
    [t("verify.issuer"), claims.issuer],
  ];
  for (const [term, value] of rows) {
    if (!value) continue;
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }
  return list;
}

/**
 * Show a verdict in `box`.
 * @param {HTMLElement} box
 * @param {Verdict} verdict
 */
function showVerdict(box, verdict) {
  const heading = document.createElement("h2");
  box.dataset.verdict = verdict.valid ? "valid" : verdict.reason;
  box.classList.toggle("course-verify__result--valid", verdict.valid);
  box.classList.toggle("course-verify__result--invalid", !verdict.valid);
  if (verdict.valid) {
    heading.textContent = t("verify.valid");
    const revocation = document.createElement("p");
    revocation.dataset.revocation = verdict.revocation.checked ? "checked" : verdict.revocation.why;
    revocation.textContent = revocationText(verdict.revocation);
    box.replaceChildren(heading, claimList(verdict.claims), revocation);
  } else {
    heading.textContent = t("verify.invalid");
    const reason = document.createElement("p");
    reason.dataset.reason = verdict.reason;
    reason.textContent = failureText(verdict);
    // A revoked or expired credential is genuine: what it says may still be shown.
    const shown = verdict.claims && ["revoked", "expired", "not-yet-valid"].includes(verdict.reason);
    box.replaceChildren(heading, reason, ...(shown && verdict.claims ? [claimList(verdict.claims)] : []));
  }
  box.hidden = false;
}

/**
 * The credential in the page's URL fragment, if it holds one.
 * @returns {string}
 */
function fragmentCredential() {
  const text = decodeURIComponent(window.location.hash.slice(1)).trim();
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(text) ? text : "";
}

/**
 * Mount the verify form on `host`; returns a function that unmounts it.
 * @param {HTMLElement} host
 * @returns {() => void}
 */
export function mountVerify(host) {
  const form = document.createElement("form");
  form.className = "course-verify";
  form.noValidate = true;
  const label = document.createElement("label");
  label.htmlFor = "course-verify-input";
  label.textContent = t("verify.label");
  const input = document.createElement("textarea");
  input.id = "course-verify-input";
  input.className = "course-verify__input";
  input.rows = 5;
  input.spellcheck = false;
  input.setAttribute("aria-describedby", "course-verify-drop");
  const drop = document.createElement("p");
  drop.id = "course-verify-drop";
  drop.className = "course-verify__hint";
  drop.textContent = t("verify.drop");
  const fileLabel = document.createElement("label");
  fileLabel.htmlFor = "course-verify-file";
  fileLabel.textContent = t("verify.file");
  const file = document.createElement("input");
  file.type = "file";
  file.id = "course-verify-file";
  file.accept = ".jwt,.txt,application/jwt,text/plain";
  const fileField = document.createElement("div");
  fileField.className = "course-verify__file";
  fileField.append(fileLabel, file);
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.className = "md-button md-button--primary";
  submit.textContent = t("verify.submit");
  const status = document.createElement("p");
  status.className = "course-verify__status";
  status.setAttribute("role", "status");
  const result = document.createElement("section");
  result.className = "course-verify__result";
  result.dataset.verifyResult = "";
  result.tabIndex = -1;
  result.setAttribute("aria-live", "polite");
  result.hidden = true;
  form.append(label, input, drop, fileField, submit, status);
  host.replaceChildren(form, result);

  const check = async () => {
    const token = input.value.trim();
    if (!token) {
      status.textContent = t("verify.empty");
      result.hidden = true;
      input.focus();
      return;
    }
    status.textContent = t("verify.checking");
    submit.setAttribute("aria-busy", "true");
    try {
      showVerdict(result, await verifyCredential(token));
      status.textContent = "";
      result.focus();
    } finally {
      submit.removeAttribute("aria-busy");
    }
  };
  /** @param {File | undefined} chosen */
  const readFile = async (chosen) => {
    if (!chosen) return;
    try {
      input.value = (await chosen.text()).trim();
    } catch {
      status.textContent = t("verify.fileUnreadable");
      return;
    }
    await check();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check();
  });
  file.addEventListener("change", () => readFile(file.files?.[0]));
  const onDragOver = (/** @type {DragEvent} */ event) => {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    input.classList.add("course-verify__input--drop");
  };
  const onDragLeave = () => input.classList.remove("course-verify__input--drop");
  const onDrop = (/** @type {DragEvent} */ event) => {
    onDragLeave();
    const dropped = event.dataTransfer?.files?.[0];
    if (!dropped) return; // dropped text goes into the box as usual
    event.preventDefault();
    readFile(dropped);
  };
  input.addEventListener("dragover", onDragOver);
  input.addEventListener("dragleave", onDragLeave);
  input.addEventListener("drop", onDrop);
  const fromFragment = () => {
    const token = fragmentCredential();
    if (token) {
      input.value = token;
      check();
    }
  };
  fromFragment();
  window.addEventListener("hashchange", fromFragment);
  return () => window.removeEventListener("hashchange", fromFragment);
}

/**
 * Mount the printable certificate on `host`; returns a function that unmounts it.
 * @param {HTMLElement} host
 * @returns {() => void}
 */
export function mountPrintable(host) {
  const render = async () => {
    const token = fragmentCredential() || latestCredential()?.credential || "";
    const message = document.createElement("p");
    message.className = "course-printable__message";
    message.setAttribute("role", "status");
    if (!token) {
      message.textContent = t("print.none");
      host.replaceChildren(message);
      return;
    }
    const verdict = await verifyCredential(token);
    if (!verdict.valid) {
      message.dataset.reason = verdict.reason;
      message.textContent = t("print.notValid", { reason: failureText(verdict) });
      host.replaceChildren(message);
      return;
    }
    host.replaceChildren(certificate(verdict.claims, verdict.revocation));
  };
  render();
  window.addEventListener("hashchange", render);
  return () => window.removeEventListener("hashchange", render);
}

/**
 * The certificate itself.
 * @param {CredentialClaims} claims
 * @param {import("./verify-credential.js").Revocation} revocation
 */
function certificate(claims, revocation) {
  const article = element("article", "course-printable");
  article.dataset.certificate = "";
  const verifyPage = pageLink("verify");
  /** @type {Array<["p", string, string]>} */
  const lines = [
    ["p", "course-printable__kicker", t("print.heading")],
    ["p", "course-printable__lead", t("print.awarded")],
    ["p", "course-printable__name", claims.name],
    ["p", "course-printable__lead", t("print.passed")],
    ["p", "course-printable__course", claims.course],
    ["p", "course-printable__lead", `${t("print.score", { score: claims.score })} ${t("print.date", { date: longDate(claims.issued) })}`],
    ["p", "course-printable__issuer", claims.issuer ? t("print.issuer", { issuer: claims.issuer }) : ""],
    ["p", "course-printable__criteria", t("print.criteria")],
    // (A course without a verify page says nothing of one.)
    ["p", "course-printable__verify", verifyPage ? t("print.howToVerify", { url: verifyPage, id: claims.id }) : ""],
    ["p", "course-printable__revocation", revocationText(revocation)],
  ];
  for (const [tag, className, text] of lines) {
    if (!text) continue;
    article.append(element(tag, className, text));
  }
  article.append(button(t("print.print"), "md-button md-button--primary course-printable__print", () => window.print()));
  return article;
}
