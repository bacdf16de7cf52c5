#!/usr/bin/env node
/**
 * Print the font list Pyodide's matplotlib makes for itself (see font_list.py).
 *
 * Usage: node font_list.mjs <pyodide npm folder> <wheel> […]
 *
 * Loads the wheels (matplotlib and every wheel it imports) from disk, has
 * matplotlib's font manager scan its fonts, and prints the list it wrote, as
 * JSON, on stdout. Touches no network.
 * Exit codes: 0 ok, 1 a wheel did not load or no list was made, 2 bad usage.
 */
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";

const [npmDir, ...wheels] = process.argv.slice(2);
if (!npmDir || wheels.length === 0) {
  console.error("usage: node font_list.mjs <pyodide npm folder> <wheel> […]");
  process.exit(2);
}

globalThis.fetch = async (input) => {
  throw new Error(`font_list.mjs: network access refused: ${input}`);
};

try {
  const { loadPyodide } = await import(pathToFileURL(path.join(npmDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: npmDir + path.sep, stdout: () => {}, stderr: () => {} });
  /** @type {string[]} */
  const problems = [];
  await pyodide.loadPackage(wheels, {
    messageCallback: () => {},
    errorCallback: (/** @type {string} */ message) => problems.push(message),
  });
  if (problems.length) throw new Error(problems.join("; "));
  // Importing font_manager finds the shipped list stale and writes a new one beside itself.
  const text = pyodide.runPython(`
import json, pathlib
import matplotlib.font_manager as font_manager
made = pathlib.Path(font_manager.__file__).with_name("fontlist.json").read_text(encoding="utf-8")
version = json.loads(made).get("_version")
if version != font_manager.FontManager.__version__:
    raise SystemExit(f"the font list is of version {version}, "
                     f"matplotlib expects {font_manager.FontManager.__version__}")
made`);
  process.stdout.write(text);
} catch (error) {
  console.error(`font_list.mjs: ${error.message ?? error}`);
  process.exit(1);
}
