/**
 * The exercise code editor: CodeMirror 6 with Python highlighting and
 * indentation, Tab / Shift+Tab to indent, undo history, and an escape from
 * the editor for keyboard users (Escape, then Tab, moves focus on).
 *
 * Bundled at build time (`npm run build:editor`, run by the Makefile) into
 * overrides/assets/course/editor/: editor.bundle.js, a plain ES module, and
 * the chunks it loads, one stage after another, so that starting the editor
 * takes several short tasks rather than one long one (the build also
 * defines `Intl.Segmenter` away: CodeMirror's commands would make a word
 * segmenter as they load, only for moving by subword through CJK text,
 * which no key here does); wait for `ready`
 * before `prepareEditor` or `createEditor`. Making an editor is two steps as well (`prepareEditor`,
 * then its `mount`), so that neither is a long task.
 */

/**
 * CodeMirror's packages, loaded in stages: each stage is fetched and
 * evaluated in a task of its own (evaluating them all at once is one long
 * task of about 50 ms on a slow machine).
 */
const stages = (async () => {
  const { EditorState } = await import("@codemirror/state");
  const { drawSelection, EditorView, keymap, lineNumbers } = await import("@codemirror/view");
  const { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } = await import("@codemirror/language");
  const { tags } = await import("@lezer/highlight");
  const { defaultKeymap, history, historyKeymap, indentWithTab } = await import("@codemirror/commands");
  const { closeBrackets, closeBracketsKeymap } = await import("@codemirror/autocomplete");
  const { python } = await import("@codemirror/lang-python");

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
    python(),
  ];
  const keys = [indentWithTab, ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap];
  return { EditorState, EditorView, keymap, essentials, keys };
})();

/** @type {Awaited<typeof stages> | null} CodeMirror, once `ready` */
let cm = null;

/**
 * @typedef {{getValue: () => string, setValue: (code: string) => void, focus: (at?: number) => void,
 *            destroy: () => void}} CodeEditor
 * @typedef {{onRun?: () => void, onCheck?: () => void, onChange?: (code: string) => void}} Actions
 */

/** Settles once every stage of CodeMirror is loaded: wait for it before making an editor. */
export const ready = stages.then((loaded) => {
  cm = loaded;
});

/**
 * The editor's state for `textarea`'s text (parsed as Python), and the
 * function that puts the editor in the page: two steps, so that a page can
 * give each a task of its own. `mount` replaces `textarea` with the editor;
 * the textarea stays in the page (hidden) and is kept in sync, so forms and
 * fallbacks still work. Text typed into the textarea in between is kept.
 * @param {HTMLTextAreaElement} textarea
 * @param {Actions} [actions]
 * @returns {{mount: () => CodeEditor}}
 */
export function prepareEditor(textarea, actions = {}) {
  let state = editorState(textarea, actions);
  return {
    mount: () => {
      if (state.doc.toString() !== textarea.value) state = editorState(textarea, actions);
      return mountView(textarea, state);
    },
  };
}

/**
 * Replace `textarea` with an editor holding its text, at once (`prepareEditor` in one step).
 * @param {HTMLTextAreaElement} textarea
 * @param {Actions} [actions]
 * @returns {CodeEditor}
 */
export function createEditor(textarea, actions = {}) {
  return prepareEditor(textarea, actions).mount();
}

/**
 * @param {HTMLTextAreaElement} textarea
 * @param {Actions} actions
 */
function editorState(textarea, { onRun, onCheck, onChange }) {
  const label = textarea.getAttribute("aria-label") ?? "Code editor";
  const run = () => {
    onRun?.();
    return true;
  };
  const check = () => {
    onCheck?.();
    return true;
  };
  if (!cm) throw new Error("the code editor is not loaded yet: wait for `ready`");
  const { EditorState, EditorView, keymap, essentials, keys } = cm;
  return EditorState.create({
    doc: textarea.value,
    extensions: [
      essentials,
      keymap.of([{ key: "Mod-Enter", run }, { key: "Shift-Enter", run: check }, ...keys]),
      EditorView.contentAttributes.of({ "aria-label": label, "aria-describedby": textarea.getAttribute("aria-describedby") ?? "" }),
      EditorView.updateListener.of((/** @type {any} */ update) => {
        if (!update.docChanged) return;
        textarea.value = update.state.doc.toString();
        onChange?.(textarea.value);
      }),
    ],
  });
}

/**
 * @param {HTMLTextAreaElement} textarea
 * @param {any} state an EditorState
 * @returns {CodeEditor}
 */
function mountView(textarea, state) {
  if (!cm) throw new Error("the code editor is not loaded yet: wait for `ready`");
  const view = new cm.EditorView({ state });
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
