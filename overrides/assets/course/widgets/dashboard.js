/**
 * The home page's progress panel: per lesson the quiz score, the exercises
 * passed and whether the lab was opened, the Module Test's best result, and
 * Export / Import / Reset of everything kept in this browser. That includes
 * the seed of the learner's option order (store/order.js), so an imported
 * file brings its order along; stored answers name their option by its text.
 */

import { config, siteUrl } from "../config.js";
import { t } from "../i18n.js";
import { allProgress, removeProgress, saveProgress, setAside } from "../store/progress.js";
import { loadSections, sectionDone, sectionPrefixes } from "../store/progress-summary.js";
import { button } from "./dom.js";

const FORMAT = "course-progress/1";

/**
 * The summary cells of one section, in words.
 * @param {import("../store/progress-summary.js").SectionDone} done
 */
function inWords(done) {
  const quiz = done.quizzes.map((q) => (q.answered ? t("progress.quizScore", { right: q.right, total: q.total }) : t("progress.notStarted")));
  const test = done.tests.map((best) => {
    if (best.score === null) return t("progress.testNotTaken");
    return t(best.passed ? "progress.testBestPassed" : "progress.testBest", { score: best.score, total: best.total });
  });
  const passed = done.exercises.filter((e) => e.passed).length;
  const labs = done.labs.map((l) => (l.opened ? t("progress.labOpened") : t("progress.labNotOpened")));
  return {
    quiz: [...quiz, ...test].join(", ") || t("progress.nothing"),
    exercises: done.exercises.length ? t("progress.exercisesPassed", { passed, total: done.exercises.length }) : t("progress.nothing"),
    lab: labs.join(", ") || t("progress.nothing"),
  };
}

/**
 * Mount the panel in `host`; returns an unmount function.
 * @param {HTMLElement} host
 */
export function mountDashboard(host) {
  const site = config.site;
  /** @type {import("../store/progress-summary.js").Section[]} */
  let sections = [];
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "course-progress__status";

  const render = () => {
    const table = document.createElement("table");
    table.className = "course-progress__table";
    const caption = document.createElement("caption");
    caption.textContent = t("progress.caption");
    const head = table.createTHead().insertRow();
    for (const label of [t("progress.lesson"), t("progress.quiz"), t("progress.exercises"), t("progress.lab"), ""]) {
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
      const cells = inWords(sectionDone(site, section));
      for (const [label, text] of [
        [t("progress.quiz"), cells.quiz],
        [t("progress.exercises"), cells.exercises],
        [t("progress.lab"), cells.lab],
      ]) {
        const cell = row.insertCell();
        cell.dataset.label = label; // shown before the value when the table stacks on phones
        cell.textContent = text;
      }
      const reset = button(t("progress.reset"), "md-button course-progress__reset", () => {
        if (!window.confirm(t("progress.resetConfirm", { title: section.title }))) return;
        const removed = removeProgress(sectionPrefixes(site, section));
        render();
        status.textContent = t("progress.resetDone", { title: section.title, count: removed });
        // The row was drawn anew: give the focus back to its Reset button.
        /** @type {HTMLElement | null} */ (host.querySelector(`tr[data-section="${CSS.escape(section.id)}"] button`))?.focus();
      });
      reset.setAttribute("aria-label", t("progress.resetLabel", { title: section.title }));
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
    status.textContent = t("progress.exported", { count: Object.keys(file.records).length });
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
      if (data?.format !== FORMAT || typeof data.records !== "object") throw new Error(t("progress.notAProgressFile"));
      if (data.site !== site) throw new Error(t("progress.otherCourse", { site: String(data.site) }));
      const prefix = `course:${site}:`;
      const before = setAside.length;
      let count = 0;
      for (const [key, value] of Object.entries(data.records)) {
        if (key.startsWith(prefix) && value && typeof value === "object" && saveProgress(key, value)) count += 1;
      }
      render();
      const imported = t("progress.imported", { count });
      // Records that did not have the shape of their kind were set aside, not imported.
      status.textContent = setAside.length > before ? `${imported} ${t("progress.setAside")}` : imported;
    } catch (error) {
      status.textContent = t("progress.notImported", { reason: /** @type {Error} */ (error).message });
    }
  });

  const actions = document.createElement("div");
  actions.className = "course-progress__actions";
  actions.append(
    button(t("progress.export"), "md-button", onExport),
    button(t("progress.import"), "md-button", () => fileInput.click()),
    button(t("progress.resetAll"), "md-button", () => {
      if (!window.confirm(t("progress.resetAllConfirm"))) return;
      const removed = removeProgress([`course:${site}:`]);
      render();
      status.textContent = t("progress.resetAllDone", { count: removed });
    }),
    fileInput,
  );
  host.replaceChildren(actions, status);

  const onSetAside = () => {
    status.textContent = t("progress.setAside");
  };
  document.addEventListener("course:progress-set-aside", onSetAside);

  loadSections()
    .then((loaded) => {
      sections = loaded;
      render();
      if (setAside.length) onSetAside();
    })
    .catch((error) => {
      status.textContent = t("progress.unavailable", { reason: error.message });
    });
  return () => document.removeEventListener("course:progress-set-aside", onSetAside);
}
