/**
 * Starts the page's Python from the page's head, while the body is still
 * parsed: a classic script the build writes inline into each page whose
 * widgets need Python (quiz_engine/site/pages.py), right after the course's
 * own script tag. It reads what the page needs from the page's config
 * (`python`), starts one worker per runtime with its `boot` request, and
 * keeps what each worker says until the course's script adopts it
 * (`adoptEarlyWorker` in early-workers.js, called by python-client.js).
 *
 * Bundled by esbuild into early-start.bundle.js (an IIFE: no imports, no
 * `import.meta`). If anything here fails, the course's script starts Python
 * itself, as on a page without this script.
 */

import { keepEarlyWorker, runtimePlans } from "./early-workers.js";

(() => {
  const block = document.getElementById("course-config");
  const script = /** @type {HTMLScriptElement | null} */ (document.querySelector("script[data-course-bundle]"));
  if (!block || !script) return;
  /** @type {import("../config.js").CourseConfig} */
  const config = JSON.parse(block.textContent ?? "{}");
  if (!config.python || typeof config.pyodideUrl !== "string") return;
  // The course's script is served from <root>/assets/course/, as config.js resolves it.
  const root = new URL("../../", script.src);
  const indexURL = new URL(config.pyodideUrl, root).href;
  const workerUrl = new URL("python-worker.bundle.js", script.src).href;
  for (const plan of runtimePlans(config.python)) keepEarlyWorker(workerUrl, { indexURL, ...plan });
})();
