// The texts of the command forms (ui/forms/), in one catalogue per language; ui/i18n.js merges
// them into the page's catalogues.

/** @type {Record<string, Record<string, string>>} */
export const formTexts = {
  en: {},
  fr: {},
};
