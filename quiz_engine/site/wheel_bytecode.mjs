#!/usr/bin/env node
/**
 * Add bytecode to wheels with Pyodide's own Python, under Node (see wheel_bytecode.py).
 *
 * Usage: node wheel_bytecode.mjs <pyodide npm folder> <input.whl> <output.whl> […]
 *
 * Loads no package and touches no network: the wheels are read from disk,
 * given to wheel_bytecode.py (beside this file) and written back. Prints one
 * line per wheel: its output path and how many modules got bytecode.
 * Exit codes: 0 ok, 1 a wheel could not be read, compiled or written, 2 bad usage.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const [npmDir, ...pairs] = process.argv.slice(2);
if (!npmDir || pairs.length === 0 || pairs.length % 2) {
  console.error("usage: node wheel_bytecode.mjs <pyodide npm folder> <input.whl> <output.whl> […]");
  process.exit(2);
}

globalThis.fetch = async (input) => {
  throw new Error(`wheel_bytecode.mjs: network access refused: ${input}`);
};

try {
  const { loadPyodide } = await import(pathToFileURL(path.join(npmDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: npmDir + path.sep, stdout: () => {}, stderr: () => {} });
  const here = path.dirname(fileURLToPath(import.meta.url));
  pyodide.FS.writeFile("/tmp/wheel_bytecode.py", await readFile(path.join(here, "wheel_bytecode.py")));
  const addBytecode = pyodide.runPython(
    "import sys; sys.path.insert(0, '/tmp'); import wheel_bytecode\n" +
      "lambda wheel: wheel_bytecode.add_bytecode(wheel.to_bytes())",
  );
  for (let i = 0; i < pairs.length; i += 2) {
    const [input, output] = [pairs[i], pairs[i + 1]];
    const wheel = await readFile(input);
    const result = addBytecode(new Uint8Array(wheel.buffer, wheel.byteOffset, wheel.byteLength));
    const [data, count] = result.toJs();
    result.destroy();
    // Whole or not at all: a reader never sees a half-written wheel.
    const partial = `${output}.${process.pid}.part`;
    await writeFile(partial, data);
    await rename(partial, output);
    console.log(`${output}\t${count}`);
  }
} catch (error) {
  console.error(`wheel_bytecode.mjs: ${error.message ?? error}`);
  process.exit(1);
}
