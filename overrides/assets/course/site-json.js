/**
 * The site's JSON files (a quiz's, an exercise's, a lab's practice data),
 * each fetched once per page view, and again on the next call after a
 * failed fetch (the connection may be back).
 */

import { siteUrl } from "./config.js";

/** @type {Map<string, Promise<any>>} */
const jsonFiles = new Map();

/**
 * A JSON file of the site, fetched once per page view, and again on the
 * next call after a failed fetch.
 * @param {string} src its path from the site root
 * @param {(status: number) => string} failure what an HTTP error says
 * @returns {Promise<any>}
 */
export function siteJson(src, failure) {
  let file = jsonFiles.get(src);
  if (!file) {
    file = fetch(siteUrl(src)).then((response) => {
      if (!response.ok) throw new Error(failure(response.status));
      return response.json();
    });
    jsonFiles.set(src, file);
    file.catch(() => jsonFiles.delete(src));
  }
  return file;
}
