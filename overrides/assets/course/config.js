/**
 * The page's course config: everything the browser code needs from the
 * build, written once into every page's head after MkDocs or Zensical built it as
 * `<script type="application/json" id="course-config">` (quiz_engine/site/pages.py).
 * Nothing here has a second copy in JavaScript: an instructor who changes
 * `pyodide_dir`, `content_dir`, `labs_url` or `credential_keys` changes what the widgets use.
 */

/**
 * @typedef {object} CourseConfig
 * @property {string} site storage namespace of the learner's progress
 * @property {boolean} serviceWorker whether the site's sw.js precaches it for offline use
 *   (`offline: true`, not under `mkdocs serve`); else the pages register none
 * @property {string} pyodideUrl the Pyodide folder, from the site root, with a trailing slash
 * @property {string} contentUrl the content JSON folder, from the site root, with a trailing slash
 * @property {string} labsUrl the labs worker's base URL; empty: offline practice mode
 * @property {number} labMessageMaxChars the labs worker's cap on one message
 * @property {number} certificateNameMaxChars the longest name (trimmed) a certificate may carry
 * @property {string | null} credentialKeys the published public keys of completion credentials
 *   (a JWKS, from the site root), or null: the verify page asks the labs worker for them
 * @property {CoursePages} pages the course's pages the widgets link to, from the site root
 * @property {string} language the interface language (Material's `theme.language`)
 * @property {Record<string, string | Record<string, string>>} strings the interface strings
 *
 * @typedef {object} CoursePages where the build found each page (null: the course has none)
 * @property {string | null} verify the page that checks a credential (`data-course-verify`)
 * @property {string | null} certificate the printable certificate (`data-course-printable`)
 * @property {string | null} guide the instructor guide's section on certificates
 */

/** @type {CourseConfig} */
export const config = (() => {
  try {
    return JSON.parse(document.getElementById("course-config")?.textContent ?? "null") ?? {};
  } catch {
    return /** @type {CourseConfig} */ ({}); // the widgets say what is missing when they need it
  }
})();

/** The site's root: this module is served from `<root>/assets/course/`. */
const ROOT = new URL("../../", import.meta.url);

/**
 * Resolve a path from the site's root (content JSON, data sets, pages).
 * @param {string} path
 */
export function siteUrl(path) {
  return new URL(path, ROOT).href;
}

/**
 * Resolve a path inside the content folder (`content_dir`).
 * @param {string} path e.g. `progress.json`
 */
export function contentUrl(path) {
  return siteUrl(`${config.contentUrl ?? ""}${path}`);
}

/**
 * A link to one of the course's pages (where the build found it), with the
 * credential in the fragment; null when the course has no such page.
 * @param {keyof CoursePages} page
 * @param {string} [credential]
 * @returns {string | null}
 */
export function pageLink(page, credential) {
  const path = config.pages?.[page];
  return typeof path === "string" ? siteUrl(path) + (credential ? `#${credential}` : "") : null;
}

/** The self-hosted Pyodide folder (`pyodide_dir`), as an absolute URL. */
export function pyodideUrl() {
  return siteUrl(config.pyodideUrl ?? "");
}

/**
 * Resolve a file of the course's own assets folder (`assets/course/`), where
 * this module and the bundles built from it are served.
 * @param {string} name e.g. `python-worker.bundle.js`
 */
export function assetUrl(name) {
  return new URL(name, import.meta.url).href;
}
