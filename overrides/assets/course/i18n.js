/**
 * The words the widgets show, in the site's interface language.
 *
 * The course plugin puts the catalogue of Material's `theme.language`
 * (English filling any gaps) in the page's course config (config.js);
 * widgets ask for a text by key: `t("quiz.check")`, `t("test.left", {count: 3, total: 15})`.
 * A text that depends on a number holds CLDR plural forms, chosen here by
 * `Intl.PluralRules` from the `count` parameter.
 */

import { config } from "./config.js";

const strings = config.strings ?? {};

/** The interface language of the strings (the site's `theme.language`, or English). */
export const language = config.language || document.documentElement.lang || "en";

const plurals = (() => {
  try {
    return new Intl.PluralRules(language);
  } catch {
    return new Intl.PluralRules("en");
  }
})();

/**
 * The text of `key` with its `{placeholders}` filled from `params`.
 * A missing key shows as the key itself, so it is noticed, never blank.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function t(key, params = {}) {
  const entry = strings[key];
  if (entry === undefined) return key;
  const text = typeof entry === "string" ? entry : entry[plurals.select(Number(params.count ?? 0))] ?? entry.other;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
