/**
 * Notices. `showNotice`: at the bottom of the page, for what concerns the
 * whole site — a new version to reload into, saved progress that could not
 * be read — with an optional action and a Dismiss button. `showNote`: a
 * short line inside one widget. Screen readers hear both as status
 * messages; neither takes the focus from what the learner is doing.
 */

import { t } from "../i18n.js";
import { button } from "./dom.js";

/**
 * Show a notice, once per `kind` at a time.
 * @param {string} kind names the notice (`data-course-notice`), e.g. "update"
 * @param {string} text
 * @param {{label: string, run: () => void}} [action]
 * @returns {HTMLElement | null} the notice, or null when one of this kind is shown
 */
export function showNotice(kind, text, action) {
  if (document.querySelector(`[data-course-notice="${kind}"]`)) return null;
  const bar = document.createElement("div");
  bar.className = "course-update";
  bar.dataset.courseNotice = kind;
  bar.setAttribute("role", "status");
  const words = document.createElement("span");
  words.textContent = text;
  bar.append(words);
  if (action) bar.append(button(action.label, "md-button md-button--primary", action.run));
  bar.append(button(t("notice.dismiss"), "md-button", () => bar.remove()));
  document.body.append(bar);
  return bar;
}

/**
 * Put a short note in a widget (e.g. "your draft was kept"), before `before`.
 * @param {HTMLElement} widget
 * @param {string} text
 * @param {Element | null} [before] default: at the top
 */
export function showNote(widget, text, before = widget.firstElementChild) {
  const note = document.createElement("p");
  note.className = "course-note";
  note.setAttribute("role", "status");
  note.textContent = text;
  widget.insertBefore(note, before);
}
