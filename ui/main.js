// Wires the page: texts, the credentials form, and what each button does.
import { credentialsSummary, errorMessage } from "./format.js";
import { translator } from "./i18n.js";
import * as ipc from "./ipc.js";
import { applyTexts, byId, setBusy, showError, showStatus } from "./view.js";

const t = translator(navigator.language);

/**
 * Runs one IPC call with the form disabled and shows its outcome.
 * @param {() => Promise<{clientId: string | null, hasSecret: boolean}>} call
 * @param {(status: {clientId: string | null, hasSecret: boolean}) => string} describe
 */
async function run(call, describe) {
  setBusy(true);
  showStatus(t("working"));
  try {
    showStatus(describe(await call()));
  } catch (error) {
    showStatus("");
    showError(errorMessage(error, t));
  } finally {
    setBusy(false);
  }
}

function start() {
  document.documentElement.lang = navigator.language || "en";
  applyTexts(document, t);
  const form = /** @type {HTMLFormElement} */ (byId("credentials-form"));
  const clientId = /** @type {HTMLInputElement} */ (byId("client-id"));
  const clientSecret = /** @type {HTMLInputElement} */ (byId("client-secret"));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(
      () => ipc.saveCredentials(clientId.value, clientSecret.value),
      (status) => {
        // The secret field is cleared once stored: the page never holds it longer than needed.
        clientSecret.value = "";
        return t("saved", { clientId: status.clientId ?? "" });
      },
    );
  });
  byId("forget-credentials").addEventListener("click", () => {
    run(ipc.forgetCredentials, () => {
      clientId.value = "";
      clientSecret.value = "";
      return t("forgotten");
    });
  });

  run(ipc.credentialsStatus, (status) => {
    clientId.value = status.clientId ?? "";
    return credentialsSummary(status, t);
  });
}

start();
