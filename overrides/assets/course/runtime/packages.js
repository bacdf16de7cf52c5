/**
 * Which Pyodide packages a page's exercise worker loads when it boots, and
 * which it loads only once an exercise needs them.
 *
 * matplotlib (with its fonts, Pillow and the rest) takes seconds to import;
 * booted with the page, it would hold up every numpy or pandas exercise on
 * the page until it was ready. So it is loaded on demand, at a plotting
 * exercise's first Run or Check (its button says so meanwhile), and the page's
 * other exercises never wait for it unless the learner asked for a plot.
 */

/** The package exercises plot with (the worker prepares it for plotting once loaded). */
export const PLOTTING_PACKAGE = "matplotlib";

/** Packages loaded on demand, never at boot. */
export const ON_DEMAND = Object.freeze([PLOTTING_PACKAGE]);

/**
 * Split the packages `exercises` list into those to boot with and those to
 * load on demand.
 * @param {string[]} packages
 * @returns {{boot: string[], later: string[]}}
 */
export function splitPackages(packages) {
  return {
    boot: packages.filter((name) => !ON_DEMAND.includes(name)),
    later: packages.filter((name) => ON_DEMAND.includes(name)),
  };
}
