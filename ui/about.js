// The About box: version, licence, where the data and the logs live; "Check for updates" and
// installing a signed update. Rust checks for updates, verifies the signature and says what went
// wrong; this page only shows it. The check Rust makes at start shows a badge when it finds one.
import { errorMessage } from "./format.js";
import * as ipc from "./ipc.js";
import { byId } from "./view.js";

/** @typedef {(key: string, vars?: Record<string, string>) => string} Translate */

/**
 * The rows of the About box's list, as [label, value] pairs; a folder the system lacks says so,
 * and the settings folder shows only when it is not the data folder.
 * @param {{version: string, licence: string, dataDir: string | null, settingsDir: string | null, logDir: string | null}} about
 * @param {Translate} t
 * @returns {[string, string][]}
 */
export function aboutRows(about, t) {
  const folder = (/** @type {string | null} */ path) => path ?? t("aboutNoFolder");
  /** @type {[string, string][]} */
  const rows = [
    [t("aboutVersion"), about.version],
    [t("aboutLicence"), about.licence],
    [t("aboutDataDir"), folder(about.dataDir)],
  ];
  if (about.settingsDir) {
    rows.push([t("aboutSettingsDir"), about.settingsDir]);
  }
  rows.push([t("aboutLogDir"), folder(about.logDir)]);
  return rows;
}

/**
 * What a check found, in words.
 * @param {import("./ipc.js").UpdateCheck} check
 * @param {Translate} t
 */
export function updateText(check, t) {
  return check.status === "available"
    ? t("updateAvailable", { version: check.version, current: check.current })
    : t("updateUpToDate", { current: check.current });
}

/**
 * Wires the About button, the dialog and the update badge.
 * @param {Translate} t
 */
export function startAbout(t) {
  const dialog = /** @type {HTMLDialogElement} */ (byId("about"));
  const facts = byId("about-facts");
  const status = byId("update-status");
  const error = byId("update-error");
  const check = /** @type {HTMLButtonElement} */ (byId("check-updates"));
  const install = /** @type {HTMLButtonElement} */ (byId("install-update"));
  const badge = byId("update-badge");

  const showError = (/** @type {unknown} */ reason) => {
    error.textContent = errorMessage(reason, t);
    error.hidden = false;
  };
  const showCheck = (/** @type {import("./ipc.js").UpdateCheck} */ found) => {
    status.textContent = updateText(found, t);
    error.hidden = true;
    install.hidden = found.status !== "available";
    badge.hidden = found.status !== "available";
  };

  const open = async () => {
    dialog.showModal();
    try {
      const about = await ipc.about();
      byId("about-built").textContent = t("aboutBuilt", { name: about.name, tauri: about.tauriVersion });
      facts.replaceChildren(
        ...aboutRows(about, t).flatMap(([label, value]) => {
          const term = document.createElement("dt");
          term.textContent = label;
          const detail = document.createElement("dd");
          detail.textContent = value;
          return [term, detail];
        }),
      );
    } catch (reason) {
      showError(reason);
    }
  };

  byId("open-about").addEventListener("click", open);
  badge.addEventListener("click", open);
  byId("close-about").addEventListener("click", () => dialog.close());
  check.addEventListener("click", async () => {
    check.disabled = true;
    status.textContent = t("updateChecking");
    error.hidden = true;
    try {
      showCheck(await ipc.checkForUpdates());
    } catch (reason) {
      status.textContent = "";
      showError(reason);
    } finally {
      check.disabled = false;
    }
  });
  install.addEventListener("click", async () => {
    install.disabled = true;
    check.disabled = true;
    status.textContent = t("updateInstalling");
    error.hidden = true;
    try {
      // On success the app restarts into the new version.
      await ipc.installUpdate();
    } catch (reason) {
      status.textContent = "";
      showError(reason);
    } finally {
      install.disabled = false;
      check.disabled = false;
    }
  });
  // The check at start: quiet when it fails, a badge when it finds an update.
  ipc.watchUpdates(showCheck).catch(() => {});
}
