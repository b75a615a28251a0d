// The only module that calls into Rust. Every call resolves with a model value or rejects
// with `{kind, message}` (see src-tauri/error.rs).
import { Channel, invoke } from "./vendor/tauri/core.js";

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

/** Every vehicle of the fleet in use with its latest state. @returns {Promise<any[]>} */
export const fleet = () => invoke("fleet");

/**
 * Which of the 13 features the vehicle supports.
 * @param {string} vehicleId
 * @returns {Promise<{feature: string, supported: boolean | null}[]>}
 */
export const capability = (vehicleId) => invoke("capability", { vehicleId });

/**
 * Sends a command; Rust checks it and calls `onProgress` with each step until its end.
 * @param {string} vehicleId
 * @param {Record<string, unknown>} input
 * @param {boolean} confirmed
 * @param {(progress: any) => void} onProgress
 * @returns {Promise<{commandId: number, feature: string}>}
 */
export function sendCommand(vehicleId, input, confirmed, onProgress) {
  const channel = new Channel();
  channel.onmessage = onProgress;
  return invoke("send_command", { vehicleId, input, confirmed, onProgress: channel });
}
