#!/usr/bin/env node
/**
 * Run a Python file in Pyodide under Node, from a self-hosted distribution.
 *
 * Usage: node tests/pyodide/run_in_node.mjs <dist-dir> <python-file> [package …]
 *
 * Loads Pyodide (the npm package's `loadPyodide`) with `indexURL` set to
 * <dist-dir>, loads the packages, then runs <python-file> as `__main__`.
 * Exit codes: 0 ok, 1 the Python file raised, 2 bad usage or a package file
 * missing or not matching the lock, 3 a package did not load, 4 a network
 * request was attempted.
 *
 * Why the checks before loading: in Node, Pyodide 0.27.7 ignores the lock's
 * sha256 for local files, and when a package file is missing from the folder
 * it silently downloads it from the public CDN (PackageManager.
 * downloadPackage in pyodide.asm.js) and writes it into the folder. Here every
 * file is checked first and `fetch` is replaced by a function that refuses.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import process from "node:process";

import { loadPyodide } from "pyodide";

/** @type {string[]} URLs Pyodide tried to fetch (it must not try any). */
const networkAttempts = [];

globalThis.fetch = async (input) => {
  const url = typeof input === "string" ? input : String(input?.url ?? input);
  networkAttempts.push(url);
  throw new Error(`run_in_node.mjs: network access refused: ${url}`);
};

/**
 * Print a message and end the process with a code.
 * @param {number} code - the exit code
 * @param {string} message - what went wrong
 * @returns {never}
 */
function fail(code, message) {
  console.error(`run_in_node.mjs: ${message}`);
  process.exit(code);
}

/**
 * Pyodide's package-name normalisation (canonicalizePackageName).
 * @param {string} name - a package name as the user wrote it
 * @returns {string} the lock key
 */
function canonical(name) {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/**
 * Check every file the packages need is in the folder with the lock's sha256.
 * @param {string} distDir - the distribution folder
 * @param {string[]} packages - the packages to load
 * @returns {Promise<{packages: Object<string, {name: string}>}>} the lock
 */
async function checkPackageFiles(distDir, packages) {
  let lock;
  try {
    lock = JSON.parse(await readFile(path.join(distDir, "pyodide-lock.json"), "utf8"));
  } catch (error) {
    fail(2, `cannot read ${distDir}/pyodide-lock.json: ${error.message}`);
  }
  const seen = new Set();
  const todo = packages.map(canonical);
  while (todo.length > 0) {
    const name = todo.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    const entry = lock.packages[name];
    if (!entry) fail(2, `package '${name}' is not in ${distDir}/pyodide-lock.json`);
    let data;
    try {
      data = await readFile(path.join(distDir, entry.file_name));
    } catch {
      fail(2, `${entry.file_name} (package '${name}') is missing from ${distDir}`);
    }
    const actual = createHash("sha256").update(data).digest("hex");
    if (actual !== entry.sha256) {
      fail(2, `sha256 of ${entry.file_name} is ${actual}, the lock says ${entry.sha256}`);
    }
    todo.push(...entry.depends);
  }
  return lock;
}

/**
 * Load Pyodide and the packages, run the file, and return the exit code.
 * @param {string[]} argv - <dist-dir> <python-file> [package …]
 * @returns {Promise<number>} the exit code
 */
async function main(argv) {
  const [distArg, pythonFile, ...packages] = argv;
  if (!distArg || !pythonFile) {
    fail(2, "usage: node tests/pyodide/run_in_node.mjs <dist-dir> <python-file> [package …]");
  }
  const distDir = path.resolve(distArg);
  const lock = await checkPackageFiles(distDir, packages);
  const source = await readFile(pythonFile, "utf8");

  /** @type {string[]} */
  const loadErrors = [];
  const pyodide = await loadPyodide({
    indexURL: distDir + path.sep,
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  });
  await pyodide.loadPackage(packages, {
    messageCallback: (message) => console.error(`[loadPackage] ${message}`),
    errorCallback: (message) => loadErrors.push(message),
  });
  const missing = packages.filter(
    (name) => !(lock.packages[canonical(name)].name in pyodide.loadedPackages),
  );
  if (networkAttempts.length > 0) {
    fail(4, `network requests attempted: ${networkAttempts.join(", ")}`);
  }
  if (missing.length > 0 || loadErrors.length > 0) {
    fail(3, `not loaded: [${missing.join(", ")}]; errors: ${loadErrors.join(" | ") || "none"}`);
  }

  try {
    pyodide.globals.set("__file__", path.resolve(pythonFile));
    await pyodide.runPythonAsync(source, { filename: path.resolve(pythonFile) });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  if (networkAttempts.length > 0) {
    fail(4, `network requests attempted: ${networkAttempts.join(", ")}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
