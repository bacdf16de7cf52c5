/**
 * The home page's progress panel: per lesson the quiz score, the exercises
 * passed and whether the lab was opened, the Module Test's best result, and
 * Export / Import / Reset of everything kept in this browser.
 */

import { allProgress, loadProgress, progressKey, removeProgress, saveProgress, setAside } from "./progress.js";
import { siteUrl } from "./python-client.js";

const FORMAT = "course-progress/1";

/**
 * @typedef {{id: string, version: string, total?: number, title?: string}} Item
 * @typedef {{id: string, title: string, url: string, quiz?: Item[], test?: Item[],
 *            exercise?: Item[], lab?: Item[]}} Section
 */

/** The site's storage namespace (from the page's <meta name="course-site">). */
function siteKey() {
  return document.querySelector('meta[name="course-site"]')?.getAttribute("content") ?? "course";
}

/**
 * The summary cells of one section, in words.
 * @param {string} site
 * @param {Section} section
 */
function summarise(site, section) {
  const quiz = (section.quiz ?? []).map((q) => {
    const answers = Object.values(loadProgress(progressKey(site, "quiz", q.id, q.version), { answers: {} }).answers ?? {});
    const right = answers.filter((/** @type {any} */ a) => a.correct).length;
    return answers.length ? `${right} of ${q.total} right` : "not started";
  });
  const exercises = section.exercise ?? [];
  const passed = exercises.filter((e) => loadProgress(progressKey(site, "exercise", e.id, e.version), {}).passed).length;
  const labs = (section.lab ?? []).map((l) => (loadProgress(progressKey(site, "lab", l.id, l.version), {}).opened ? "opened" : "not opened"));
  const test = (section.test ?? []).map((t) => {
    const best = loadProgress(progressKey(site, "test-best", t.id, "any"), null);
    return best ? `best ${best.score} of ${best.total}${best.passed ? " — passed" : ""}` : "not taken";
  });
  return {
    quiz: [...quiz, ...test].join(", ") || "—",
    exercises: exercises.length ? `${passed} of ${exercises.length} passed` : "—",
    lab: labs.join(", ") || "—",
  };
}

/**
 * Storage-key prefixes of everything one section keeps.
 * @param {string} site
 * @param {Section} section
 */
function sectionPrefixes(site, section) {
  const kinds = /** @type {const} */ (["quiz", "test", "exercise", "lab"]);
  return kinds.flatMap((kind) =>
    (section[kind] ?? []).flatMap((item) => [
      `course:${site}:${kind}:${item.id}@`,
      ...(kind === "test" ? [`course:${site}:test-best:${item.id}@`] : []),
    ]),
  );
}

/**
 * Mount the panel in `host`; returns an unmount function.
 * @param {HTMLElement} host
 */
export function mountDashboard(host) {
  const site = siteKey();
  /** @type {Section[]} */
  let sections = [];
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "course-progress__status";

  const render = () => {
    const table = document.createElement("table");
    table.className = "course-progress__table";
    const caption = document.createElement("caption");
    caption.textContent = "Your progress, kept in this browser";
    const head = table.createTHead().insertRow();
    for (const label of ["Lesson", "Quiz", "Exercises", "Lab", ""]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = label;
      head.append(th);
    }
    const body = table.createTBody();
    for (const section of sections) {
      const row = body.insertRow();
      row.dataset.section = section.id;
      const name = document.createElement("th");
      name.scope = "row";
      const link = document.createElement("a");
      link.href = siteUrl(section.url);
      link.textContent = section.title;
      name.append(link);
      row.append(name);
      const cells = summarise(site, section);
      for (const [label, text] of [["Quiz", cells.quiz], ["Exercises", cells.exercises], ["Lab", cells.lab]]) {
        const cell = row.insertCell();
        cell.dataset.label = label; // shown before the value when the table stacks on phones
        cell.textContent = text;
      }
      const reset = document.createElement("button");
      reset.type = "button";
      reset.className = "md-button course-progress__reset";
      reset.textContent = "Reset";
      reset.setAttribute("aria-label", `Reset ${section.title}`);
      reset.addEventListener("click", () => {
        if (!window.confirm(`Reset your progress in "${section.title}"? This cannot be undone.`)) return;
        const removed = removeProgress(sectionPrefixes(site, section));
        render();
        status.textContent = `${section.title}: progress reset (${removed} records removed).`;
      });
      row.insertCell().append(reset);
    }
    table.prepend(caption);
    host.querySelector("table")?.remove();
    host.prepend(table);
  };

  const onExport = () => {
    const file = { format: FORMAT, site, exported: new Date().toISOString(), records: allProgress(site) };
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: "application/json" }));
    link.download = `${site}-progress.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    status.textContent = `Exported ${Object.keys(file.records).length} records.`;
  };

  const fileInput = document.createElement("input");
  fileInput.type = "file";
  fileInput.accept = "application/json,.json";
  fileInput.hidden = true;
  fileInput.addEventListener("change", async () => {
    const chosen = fileInput.files?.[0];
    fileInput.value = "";
    if (!chosen) return;
    try {
      const data = JSON.parse(await chosen.text());
      if (data?.format !== FORMAT || typeof data.records !== "object") throw new Error("this is not a progress file of this course");
      if (data.site !== site) throw new Error(`this file is from another course ("${data.site}")`);
      const prefix = `course:${site}:`;
      let count = 0;
      for (const [key, value] of Object.entries(data.records)) {
        if (key.startsWith(prefix) && value && typeof value === "object" && saveProgress(key, value)) count += 1;
      }
      render();
      status.textContent = `Imported ${count} records. Open a lesson to see your answers.`;
    } catch (error) {
      status.textContent = `Nothing imported: ${/** @type {Error} */ (error).message}.`;
    }
  });

  const button = (/** @type {string} */ label, /** @type {() => void} */ action) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "md-button";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  };
  const actions = document.createElement("div");
  actions.className = "course-progress__actions";
  actions.append(
    button("Export progress", onExport),
    button("Import progress", () => fileInput.click()),
    button("Reset everything", () => {
      if (!window.confirm("Reset all your progress in this course? This cannot be undone.")) return;
      const removed = removeProgress([`course:${site}:`]);
      render();
      status.textContent = `All progress reset (${removed} records removed).`;
    }),
    fileInput,
  );
  host.replaceChildren(actions, status);

  const onSetAside = () => {
    status.textContent =
      "Some saved progress could not be read (damaged, or from another version) and was set aside; the rest is shown.";
  };
  document.addEventListener("course:progress-set-aside", onSetAside);

  fetch(siteUrl("course/progress.json"))
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((manifest) => {
      sections = manifest.sections ?? [];
      render();
      if (setAside.length) onSetAside();
    })
    .catch((error) => {
      status.textContent = `Your progress could not be shown (${error.message}).`;
    });
  return () => document.removeEventListener("course:progress-set-aside", onSetAside);
}
