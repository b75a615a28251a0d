// The Stellantis account card: the credentials form (kept in the system keyring by Rust), the
// account's two URLs, the choice between the demo fleet and the account, and the header badge
// that says which one is in use.
import { credentialsSummary, errorMessage } from "./format.js";
import * as ipc from "./ipc.js";
import { byId, setBusy, showError, showStatus } from "./view.js";

/** @typedef {(key: string, vars?: Record<string, string>) => string} Translate */

/**
 * Runs one IPC call with the card's forms disabled and shows its outcome.
 * @template T
 * @param {Translate} t
 * @param {() => Promise<T>} call
 * @param {(value: T) => string} describe
 * @param {string} [working] the status shown while it runs
 * @returns {Promise<boolean>} whether the call succeeded
 */
async function run(t, call, describe, working = t("working")) {
  setBusy(true);
  showStatus(working);
  try {
    showStatus(describe(await call()));
    return true;
  } catch (error) {
    showStatus("");
    showError(errorMessage(error, t));
    return false;
  } finally {
    setBusy(false);
  }
}

/**
 * Shows which backend is in use in the header badge, and says so when command progress is
 * followed by polling (the server cannot reach the app's webhook receiver).
 * @param {import("./ipc.js").BackendStatus} status
 * @param {Translate} t
 */
function showBackend(status, t) {
  byId("polling-hint").hidden = status.following !== "polling";
  const badge = byId("demo-badge");
  const account = status.mode === "account";
  badge.textContent = account ? (status.account ?? "") : t("demoBadge");
  badge.title = t(account ? "accountBadgeHint" : "demoBadgeHint");
  badge.classList.toggle("account", account);
}

/**
 * The two URLs and the switch between the demo fleet and the account.
 * @param {Translate} t
 * @param {() => void} onSwitched called after every switch, whatever its outcome
 */
function startBackend(t, onSwitched) {
  const form = /** @type {HTMLFormElement} */ (byId("backend-form"));
  const baseUrl = /** @type {HTMLInputElement} */ (byId("api-base-url"));
  const tokenUrl = /** @type {HTMLInputElement} */ (byId("token-url"));

  /** @param {() => Promise<import("./ipc.js").BackendStatus>} call */
  const switchTo = async (call) => {
    await run(
      t,
      call,
      (status) => {
        showBackend(status, t);
        return status.mode === "account" ? t("usingAccount", { clientId: status.account ?? "" }) : t("usingDemo");
      },
      t("switching"),
    );
    // Whatever the outcome, show the backend Rust now uses and its vehicles (or its error).
    ipc.backendStatus().then((status) => showBackend(status, t), () => {});
    onSwitched();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    switchTo(() => ipc.useAccount(baseUrl.value, tokenUrl.value));
  });
  byId("use-demo").addEventListener("click", () => switchTo(ipc.useDemo));

  ipc.backendStatus().then(
    (status) => {
      showBackend(status, t);
      baseUrl.value = status.baseUrl ?? "";
      tokenUrl.value = status.tokenUrl ?? "";
    },
    (error) => showError(errorMessage(error, t)),
  );
}

/**
 * The client ID and secret: saved to and forgotten from the system keyring.
 * @param {Translate} t
 */
function startCredentials(t) {
  const form = /** @type {HTMLFormElement} */ (byId("credentials-form"));
  const clientId = /** @type {HTMLInputElement} */ (byId("client-id"));
  const clientSecret = /** @type {HTMLInputElement} */ (byId("client-secret"));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(
      t,
      () => ipc.saveCredentials(clientId.value, clientSecret.value),
      (status) => {
        // The secret field is cleared once stored: the page never holds it longer than needed.
        clientSecret.value = "";
        return t("saved", { clientId: status.clientId ?? "" });
      },
    );
  });
  byId("forget-credentials").addEventListener("click", () => {
    run(t, ipc.forgetCredentials, () => {
      clientId.value = "";
      clientSecret.value = "";
      return t("forgotten");
    });
  });

  run(t, ipc.credentialsStatus, (status) => {
    clientId.value = status.clientId ?? "";
    return credentialsSummary(status, t);
  });
}

/**
 * Wires the account card and the badge.
 * @param {Translate} t
 * @param {{onBackendSwitched: () => void}} handlers `onBackendSwitched` reloads the fleet
 */
export function startAccount(t, handlers) {
  startCredentials(t);
  startBackend(t, handlers.onBackendSwitched);
}
