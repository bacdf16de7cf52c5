/**
 * The exercise code editor: CodeMirror 6 with Python highlighting and
 * indentation, Tab / Shift+Tab to indent, undo history, and an escape from
 * the editor for keyboard users (Escape, then Tab, moves focus on).
 *
 * Bundled at build time (`npm run build:editor`, run by the Makefile) into
 * overrides/assets/course/editor/: editor.bundle.js, a plain ES module, and
 * the chunks it loads. The Python language is a chunk of its own, loaded
 * once the core has run, so that starting the editor takes two short tasks
 * rather than one long one; wait for `ready` before `createEditor`.
 */

import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { EditorState } from "@codemirror/state";
import { drawSelection, EditorView, keymap, lineNumbers } from "@codemirror/view";

/**
 * Colours from CSS variables (course.css), chosen for WCAG contrast in the
 * light and the dark palette.
 */
const materialColours = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword], color: "var(--course-hl-keyword)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--course-hl-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--course-hl-number)" },
  { tag: [tags.comment, tags.lineComment], color: "var(--course-hl-comment)", fontStyle: "italic" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: "var(--course-hl-function)" },
  { tag: [tags.className, tags.definition(tags.variableName)], color: "var(--course-hl-name)" },
  { tag: [tags.operator, tags.punctuation], color: "var(--course-hl-punctuation)" },
  { tag: tags.special(tags.variableName), color: "var(--course-hl-name)" },
]);

/** What the editor needs, and no more (no completion popups or search panel). */
const essentials = [
  lineNumbers(),
  history(),
  drawSelection(),
  indentOnInput(),
  bracketMatching(),
  closeBrackets(),
  // Long lines wrap: no sideways scrolling on a phone, nothing hidden off-screen.
  EditorView.lineWrapping,
  syntaxHighlighting(materialColours),
  EditorState.tabSize.of(4),
];

/**
 * @typedef {{getValue: () => string, setValue: (code: string) => void, focus: (at?: number) => void,
 *            destroy: () => void}} CodeEditor
 */

/**
 * Replace `textarea` with an editor holding its text; the textarea stays in
 * the page (hidden) and is kept in sync, so forms and fallbacks still work.
 * @param {HTMLTextAreaElement} textarea
 * @param {{onRun?: () => void, onCheck?: () => void, onChange?: (code: string) => void}} [actions]
 * @returns {CodeEditor}
 */
/** @type {import("@codemirror/state").Extension} the Python language, once `ready` */
let language = [];

/** Settles once the Python language is loaded (it is evaluated in a task of its own). */
export const ready = import("@codemirror/lang-python").then(({ python }) => {
  language = python();
});

export function createEditor(textarea, { onRun, onCheck, onChange } = {}) {
  const label = textarea.getAttribute("aria-label") ?? "Code editor";
  const run = () => {
    onRun?.();
    return true;
  };
  const check = () => {
    onCheck?.();
    return true;
  };
  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        essentials,
        language,
        keymap.of([
          { key: "Mod-Enter", run },
          { key: "Shift-Enter", run: check },
          indentWithTab,
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({ "aria-label": label, "aria-describedby": textarea.getAttribute("aria-describedby") ?? "" }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          onChange?.(textarea.value);
        }),
      ],
    }),
  });
  textarea.hidden = true;
  textarea.after(view.dom);
  return {
    getValue: () => view.state.doc.toString(),
    setValue: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: (at) => {
      view.focus();
      if (at !== undefined) view.dispatch({ selection: { anchor: Math.min(at, view.state.doc.length) } });
    },
    destroy: () => {
      view.destroy();
      textarea.hidden = false;
    },
  };
}
