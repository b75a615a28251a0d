// The texts of the window's frame: the vehicle list, its search and filters, the status at a
// glance, the route planner, the palette and the preferences; ui/i18n.js merges them into the
// page's catalogues.

/** @type {Record<string, Record<string, string>>} */
export const windowTexts = {
  en: {},
  fr: {},
};
