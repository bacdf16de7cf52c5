/**
 * "Get your certificate", under a passed Module Test. The learner gives the
 * name to appear (and, if they like, an e-mail the server keeps only as a
 * salted hash); the page sends the test's stored answers — and the quizzes'
 * — to the instructor's labs worker (`POST <labsUrl>/v1/credentials`),
 * which grades them itself and, if they pass, returns a signed credential
 * (a compact VC-JWT). The page shows it with Copy and Download, and links
 * to the printable certificate and the verify page (the credential in the
 * URL fragment, which never reaches a server). Without a labs worker the
 * panel says certificates need one. The latest credential is kept in this
 * browser, so the printable page opens without a link and the panel shows it
 * again on the next visit.
 */

import { config, pageLink } from "../config.js";
import { t } from "../i18n.js";
import { allProgress, loadProgress, progressKey, saveProgress } from "../store/progress.js";
import { loadSections } from "../store/progress-summary.js";
import { button, element } from "./dom.js";

/** The longest name the worker accepts, after trimming (the worker checks it too). */
const NAME_MAX = config.certificateNameMaxChars ?? Infinity;

/**
 * @typedef {{credential: string, id: string, score: number, total: number}} StoredCredential
 * @typedef {{id: string, content_version: string, answers: Record<string, string>}} AnswerSet
 */

/**
 * Where this browser keeps the latest credential issued for `testId`.
 * @param {string} testId
 */
export function credentialKey(testId) {
  return progressKey(config.site, "credential", testId, "latest");
}

/**
 * The latest credential this browser was given, for any test, or null.
 * @returns {StoredCredential | null}
 */
export function latestCredential() {
  const prefix = progressKey(config.site, "credential", "", "").slice(0, -1);
  const found = Object.entries(allProgress(config.site)).filter(([key]) => key.startsWith(prefix));
  const value = /** @type {any} */ (found[0]?.[1]);
  return value && typeof value.credential === "string" ? value : null;
}

/**
 * The quizzes' stored answers (question id -> option id), as the worker
 * takes them: only for the quiz versions this site was built with (the
 * progress manifest lists them), since the worker refuses any other.
 * @returns {Promise<AnswerSet[]>}
 */
async function quizAnswers() {
  /** @type {Map<string, {version: string, questions?: Record<string, string>}>} */
  const current = new Map();
  try {
    for (const section of await loadSections()) {
      for (const quiz of section.quiz ?? []) current.set(quiz.id, quiz);
    }
  } catch {
    return []; // the quizzes are optional: the certificate rests on the test
  }
  const prefix = progressKey(config.site, "quiz", "", "").slice(0, -1);
  /** @type {AnswerSet[]} */
  const sets = [];
  for (const [key, value] of Object.entries(allProgress(config.site))) {
    if (!key.startsWith(prefix)) continue;
    const [id, version] = key.slice(prefix.length).split("@");
    const built = current.get(id);
    if (!built || built.version !== version) continue;
    const answers = Object.entries(/** @type {any} */ (value)?.answers ?? {})
      .filter(([question, verdict]) => question in (built.questions ?? {}) && typeof verdict?.answer === "string")
      .map(([question, verdict]) => [question, verdict.answer]);
    if (answers.length) sets.push({ id, content_version: version, answers: Object.fromEntries(answers) });
  }
  return sets;
}

/**
 * The sentence for a worker's refusal.
 * @param {number} status
 * @param {any} body the parsed JSON reply, or null
 */
function refusal(status, body) {
  const error = body?.error ?? {};
  const code = error.code ?? "";
  const message = typeof error.message === "string" ? error.message : String(status);
  if (code === "not_passed") {
    return t("certificate.error.not_passed", { score: error.score ?? "?", total: error.total ?? "?", needed: error.needed ?? "?" });
  }
  if (code === "unknown_version") return t("certificate.error.unknown_version");
  if (code === "credentials_off") return t("certificate.error.credentials_off");
  if (status === 429 || code === "rate_limited" || code === "client_budget_spent") return t("certificate.error.rate_limited");
  if (status === 400 || status === 422) return t("certificate.error.bad_request", { message });
  return t("certificate.error.other", { message });
}

/**
 * Show an issued credential: the text, Copy, Download, the two links, and a
 * way to ask again (another name, a later attempt).
 * @param {HTMLElement} box
 * @param {StoredCredential} issued
 * @param {() => void} again
 */
function showCredential(box, issued, again) {
  const heading = element("p", "course-certificate__issued", t("certificate.issued", { score: issued.score, total: issued.total }));
  const field = element("div", "course-certificate__field");
  const label = element("label", "", t("certificate.credential"));
  const text = /** @type {HTMLTextAreaElement} */ (element("textarea", "course-certificate__jwt"));
  text.id = `course-credential-${Math.random().toString(36).slice(2, 8)}`;
  label.htmlFor = text.id;
  text.readOnly = true;
  text.rows = 4;
  text.spellcheck = false;
  text.value = issued.credential;
  text.dataset.credential = "";
  field.append(label, text);
  const copied = element("span", "course-certificate__copied");
  copied.setAttribute("role", "status");
  const copy = button(t("certificate.copy"), "md-button", async () => {
    try {
      await navigator.clipboard.writeText(issued.credential);
      copied.textContent = t("certificate.copied");
    } catch {
      text.select();
      copied.textContent = t("certificate.copyFailed");
    }
  });
  const download = /** @type {HTMLAnchorElement} */ (element("a", "md-button", t("certificate.download")));
  download.href = URL.createObjectURL(new Blob([issued.credential], { type: "application/jwt" }));
  download.download = `certificate-${issued.id.replace(/^urn:uuid:/, "").slice(0, 8) || "course"}.jwt`;
  const actions = element("div", "course-certificate__actions");
  actions.append(copy, download);
  // Links to the printable certificate and the verify page, where the course has them.
  const links = /** @type {const} */ ([
    { page: "certificate", className: "md-button md-button--primary", label: "certificate.printable" },
    { page: "verify", className: "md-button", label: "certificate.verifyLink" },
  ]);
  for (const { page, className, label } of links) {
    const href = pageLink(page, issued.credential);
    if (!href) continue;
    const link = /** @type {HTMLAnchorElement} */ (element("a", className, t(label)));
    link.href = href;
    actions.append(link);
  }
  actions.append(copied);
  const note = element("p", "course-certificate__note", t("certificate.keep"));
  const another = button(t("certificate.again"), "md-button", again);
  const more = element("div", "course-certificate__actions");
  more.append(another);
  box.replaceChildren(heading, field, actions, note, more);
}

/**
 * The certificate panel of a passed test.
 * @param {{testId: string, version: string, answers: Record<string, string>}} test
 * @returns {HTMLElement}
 */
export function certificateOffer(test) {
  const panel = element("section", "course-certificate");
  panel.dataset.courseCertificateOffer = "";
  const heading = element("h3", "course-certificate__heading", t("certificate.heading"));
  panel.setAttribute("aria-labelledby", (heading.id = `course-certificate-${test.testId}`));
  if (!config.labsUrl) {
    const note = element("p", "course-certificate__note", t("certificate.none"));
    const guide = pageLink("guide");
    if (guide) {
      const link = /** @type {HTMLAnchorElement} */ (element("a", "", t("certificate.noneLink")));
      link.href = guide;
      note.append(" ", link);
    }
    panel.append(heading, note);
    return panel;
  }
  const stored = loadProgress(credentialKey(test.testId), /** @type {StoredCredential | null} */ (null));
  const body = element("div", "course-certificate__body");
  panel.append(heading, body);
  const ask = () => {
    body.replaceChildren(requestForm(test, body, ask));
    body.querySelector("input")?.focus();
  };
  if (stored && typeof stored.credential === "string") showCredential(body, stored, ask);
  else body.append(requestForm(test, body, ask));
  return panel;
}

/**
 * The name / e-mail form (no <form>: the panel sits inside the test's own form).
 * @param {{testId: string, version: string, answers: Record<string, string>}} test
 * @param {HTMLElement} body
 * @param {() => void} again shows this form anew, after a credential
 */
function requestForm(test, body, again) {
  const uid = test.testId;
  const group = element("div", "course-certificate__form");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", t("certificate.heading"));
  const intro = element("p", "course-certificate__intro", t("certificate.intro"));

  const nameField = element("div", "course-certificate__field");
  const nameLabel = /** @type {HTMLLabelElement} */ (element("label", "", t("certificate.name")));
  const name = /** @type {HTMLInputElement} */ (element("input", "course-certificate__input"));
  name.type = "text";
  name.id = nameLabel.htmlFor = `course-certificate-name-${uid}`;
  name.required = true;
  if (Number.isFinite(NAME_MAX)) name.maxLength = NAME_MAX;
  name.autocomplete = "name";
  const nameHint = element("p", "course-certificate__hint", t("certificate.nameHint", { max: NAME_MAX }));
  nameHint.id = `${name.id}-hint`;
  name.setAttribute("aria-describedby", nameHint.id);
  nameField.append(nameLabel, name, nameHint);

  const emailField = element("div", "course-certificate__field");
  const emailLabel = /** @type {HTMLLabelElement} */ (element("label", "", t("certificate.email")));
  const email = /** @type {HTMLInputElement} */ (element("input", "course-certificate__input"));
  email.type = "email";
  email.id = emailLabel.htmlFor = `course-certificate-email-${uid}`;
  email.autocomplete = "email";
  const emailNote = element("p", "course-certificate__hint", t("certificate.emailNote"));
  emailNote.id = `${email.id}-note`;
  email.setAttribute("aria-describedby", emailNote.id);
  emailField.append(emailLabel, email, emailNote);

  const submit = button(t("certificate.submit"), "md-button md-button--primary", () => ask());
  const waiting = /** @type {HTMLProgressElement} */ (element("progress", "course-certificate__progress"));
  waiting.hidden = true;
  waiting.setAttribute("aria-label", t("certificate.sending"));
  const status = element("p", "course-certificate__status");
  status.setAttribute("role", "status");
  status.dataset.certificateStatus = "";
  const actions = element("div", "course-certificate__actions");
  actions.append(submit, waiting);
  group.append(intro, nameField, emailField, actions, status);

  const ask = async () => {
    const given = name.value.trim();
    if (!given || given.length > NAME_MAX) {
      status.textContent = given ? t("certificate.nameTooLong", { max: NAME_MAX }) : t("certificate.nameMissing");
      name.setAttribute("aria-invalid", "true");
      name.focus();
      return;
    }
    name.removeAttribute("aria-invalid");
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    waiting.hidden = false;
    status.textContent = t("certificate.sending");
    const request = {
      name: given,
      email: email.value.trim() || null,
      test: { id: test.testId, content_version: test.version, answers: test.answers },
      quizzes: await quizAnswers(),
    };
    try {
      let response;
      try {
        response = await fetch(`${config.labsUrl}/v1/credentials`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(request),
        });
      } catch {
        status.textContent = t("certificate.error.network");
        return;
      }
      const reply = await response.json().catch(() => null);
      if (response.status !== 201 || typeof reply?.credential !== "string") {
        status.textContent = refusal(response.status, reply);
        return;
      }
      /** @type {StoredCredential} */
      const issued = { credential: reply.credential, id: String(reply.id ?? ""), score: reply.score, total: reply.total };
      saveProgress(credentialKey(test.testId), issued);
      showCredential(body, issued, again);
      body.querySelector("textarea")?.focus();
    } finally {
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
      waiting.hidden = true;
    }
  };
  // Enter in a field asks for the certificate (and must not submit the test around it).
  for (const input of [name, email]) {
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      ask();
    });
  }
  return group;
}
