// The only module that calls into Rust. Every call resolves with a model value or rejects
// with `{kind, message}` (see src-tauri/error.rs).
import { invoke } from "./vendor/tauri/core.js";

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
