/**
 * An exercise's code editor: the plain textarea the page renders, upgraded
 * to CodeMirror (editor/editor.bundle.js) when the exercise nears the
 * viewport — its state in one task, its view in the next, one editor per
 * task across the lesson — or at once when the learner reaches the textarea
 * first (Tab, a click): the editor then takes the focus and the caret. If
 * the editor cannot load, the textarea stays and works.
 */

import { assetUrl } from "../config.js";
import { whenNear } from "./when-near.js";

/**
 * @typedef {{getValue: () => string, setValue: (code: string) => void, focus: (at?: number) => void,
 *            destroy: () => void}} CodeEditor
 * @typedef {{onRun?: () => void, onCheck?: () => void, onChange?: (code: string) => void}} Actions
 */

/** @type {Promise<any> | null} */
let editorModule = null;
/** @type {any} the editor module, once loaded */
let editorLoaded = null;

/** Load the bundled code editor once (null if it cannot load). */
function loadEditor() {
  editorModule ??= import(assetUrl("editor/editor.bundle.js"))
    .then(async (module) => {
      await module.ready;
      editorLoaded = module;
      return module;
    })
    .catch(() => null);
  return editorModule;
}

/** @type {Promise<void>} */
let editorTurn = Promise.resolve();

/**
 * Run `create` in a task of its own, after the editors queued before it: a
 * lesson's editors are then made one per task, never in one long task that
 * would hold up the page.
 * @param {() => void} create
 */
function inItsOwnTask(create) {
  editorTurn = editorTurn.then(() => new Promise((resolve) => setTimeout(() => {
    try {
      create();
    } finally {
      resolve();
    }
  }, 0)));
}

/**
 * Upgrade `textarea` (inside `section`) to the code editor when it is time.
 * @param {HTMLElement} section the exercise
 * @param {HTMLTextAreaElement} textarea its plain text box, kept in sync
 * @param {Actions} actions the editor's keys for Run and Check, and each change
 * @returns {{current: () => CodeEditor | null, destroy: () => void}} the editor once
 *   made, and what takes it (or the wait for it) away again
 */
export function upgradeTextarea(section, textarea, actions) {
  /** @type {CodeEditor | null} */
  let editor = null;
  /** @type {{mount: () => CodeEditor} | null} */
  let prepared = null;
  const create = (/** @type {any} */ module) => {
    if (!section.isConnected || editor) return;
    const focused = document.activeElement === textarea;
    const caret = textarea.selectionStart;
    editor = (prepared ?? module.prepareEditor(textarea, actions)).mount();
    if (focused) editor?.focus(caret);
  };
  const cancelWait = whenNear(section, () => {
    loadEditor().then((module) => {
      if (!module) return;
      inItsOwnTask(() => {
        if (section.isConnected && !editor && !prepared) prepared = module.prepareEditor(textarea, actions);
      });
      inItsOwnTask(() => create(module));
    });
  });
  const upgradeNow = () => {
    cancelWait();
    if (editorLoaded) create(editorLoaded);
    else loadEditor().then((module) => module && create(module));
  };
  textarea.addEventListener("focus", upgradeNow, { once: true });
  return {
    current: () => editor,
    destroy: () => {
      cancelWait();
      textarea.removeEventListener("focus", upgradeNow);
      editor?.destroy();
    },
  };
}
