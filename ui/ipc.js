// The only module that calls into Rust. Every call resolves with a model value or rejects
// with an `IpcError` (see src-tauri/error.rs).
import { Channel, invoke } from "./vendor/tauri/core.js";

/**
 * What every rejected call gives: a `kind` to switch on and a `message` for people. An invalid
 * command also names its `field`, what it accepts (`allowed`) and what it was given (`got`); a
 * command that needs a confirmation (kind `confirmationNeeded`) carries Rust's `warning` and the
 * `vehicle` it names.
 * @typedef {{
 *   kind: string,
 *   message: string,
 *   field?: string,
 *   allowed?: string,
 *   got?: string,
 *   warning?: {code: string, text: string},
 *   vehicle?: string | null,
 * }} IpcError
 */

/**
 * One step of a command on its progress channel (src-tauri/progress.rs): the codes to translate
 * (`titleKey`, `textKey`) with Rust's English text for them (`title`, `text`), plus what the
 * step's `type` carries (`status`, `succeeded`, `cause`, `position`, `reason`, `kind`, `message`).
 * @typedef {{
 *   at: number,
 *   remoteActionId: string | null,
 *   type: "queued" | "sent" | "pending" | "done" | "unknown" | "gaveUp" | "rejected",
 *   titleKey: string,
 *   title: string,
 *   textKey: string | null,
 *   text: string | null,
 *   [more: string]: unknown,
 * }} Progress
 */

/** @returns {Promise<{clientId: string | null, hasSecret: boolean}>} */
export const credentialsStatus = () => invoke("credentials_status");

/**
 * @param {string} clientId
 * @param {string} clientSecret
 * @returns {Promise<{clientId: string | null, hasSecret: boolean}>}
 */
export const saveCredentials = (clientId, clientSecret) => invoke("save_credentials", { clientId, clientSecret });

/** @returns {Promise<{clientId: string | null, hasSecret: boolean}>} */
export const forgetCredentials = () => invoke("forget_credentials");

/**
 * @typedef {{mode: "demo" | "account", account: string | null, baseUrl: string | null, tokenUrl: string | null}} BackendStatus
 */

/** Which backend is in use and the stored account URLs. @returns {Promise<BackendStatus>} */
export const backendStatus = () => invoke("backend_status");

/**
 * Stores the URLs and signs in to the account with the stored credentials.
 * @param {string} baseUrl
 * @param {string} tokenUrl
 * @returns {Promise<BackendStatus>}
 */
export const useAccount = (baseUrl, tokenUrl) => invoke("use_account", { baseUrl, tokenUrl });

/** Goes back to the demo fleet. @returns {Promise<BackendStatus>} */
export const useDemo = () => invoke("use_demo");

/**
 * Every vehicle of the fleet in use with its latest state; a `position` is `{latitude, longitude}`.
 * @returns {Promise<any[]>}
 */
export const fleet = () => invoke("fleet");

/**
 * Which of the 13 features the vehicle supports.
 * @param {string} vehicleId
 * @returns {Promise<{feature: string, supported: boolean | null}[]>}
 */
export const capability = (vehicleId) => invoke("capability", { vehicleId });

/**
 * Sends a command; Rust checks it and calls `onProgress` with each step until its end. Unless
 * `confirmed`, a command that needs a confirmation is refused with kind `confirmationNeeded`.
 * @param {string} vehicleId
 * @param {string} vehicleName the vehicle's label as the page shows it (for Rust's warning)
 * @param {Record<string, unknown>} input
 * @param {boolean} confirmed
 * @param {(progress: Progress) => void} onProgress
 * @returns {Promise<{commandId: number, feature: string}>}
 */
export function sendCommand(vehicleId, vehicleName, input, confirmed, onProgress) {
  const channel = new Channel();
  channel.onmessage = onProgress;
  return invoke("send_command", { vehicleId, vehicleName, input, confirmed, onProgress: channel });
}
