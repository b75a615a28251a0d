// The person's choices of language and theme, kept by Rust in the settings: the theme applies at
// once; a new language redraws the page in it (commands keep running in Rust, and the panel's
// past commands and the history show them again).
import * as ipc from "./ipc.js";
import { byId } from "./view.js";

/** @typedef {{language: string, theme: string}} Preferences */

/**
 * Applies a theme: "system" follows the desktop's light or dark setting.
 * @param {string} theme
 */
export function applyTheme(theme) {
  if (theme === "light" || theme === "dark") {
    document.documentElement.dataset.theme = theme;
  } else {
    delete document.documentElement.dataset.theme;
  }
}

/**
 * Reads the stored preferences, applies the theme, wires the settings dialog, and resolves with
 * the language to draw the page in.
 * @param {(tag: string | undefined) => string} pickLanguage
 * @returns {Promise<string>}
 */
export async function startPreferences(pickLanguage) {
  /** @type {Preferences} */
  let prefs = { language: "system", theme: "system" };
  try {
    prefs = await ipc.preferences();
  } catch {
    // Unreadable settings: the defaults (the system's language and theme) are used.
  }
  applyTheme(prefs.theme);
  const dialog = /** @type {HTMLDialogElement} */ (byId("settings"));
  const language = /** @type {HTMLSelectElement} */ (byId("pref-language"));
  const theme = /** @type {HTMLSelectElement} */ (byId("pref-theme"));
  language.value = prefs.language;
  theme.value = prefs.theme;
  const opener = byId("open-settings");
  opener.addEventListener("click", () => dialog.showModal());
  byId("close-settings").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => opener.focus());
  const error = byId("preferences-error");
  const save = async () => {
    const wanted = { language: language.value, theme: theme.value };
    try {
      await ipc.setPreferences(wanted);
      error.hidden = true;
    } catch (failure) {
      error.textContent = String(/** @type {any} */ (failure)?.message ?? failure);
      error.hidden = false;
      return;
    }
    applyTheme(wanted.theme);
    if (wanted.language !== prefs.language) {
      location.reload();
    }
    prefs = wanted;
  };
  language.addEventListener("change", save);
  theme.addEventListener("change", save);
  return pickLanguage(prefs.language === "system" ? navigator.language : prefs.language);
}
