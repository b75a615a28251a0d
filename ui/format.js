// Turns what the Rust side answers into the sentences the page shows.

/**
 * The message to show for a failed IPC call. The Rust side always answers `{kind, message}`
 * with a message written for people; anything else is a bug, described as such.
 * @param {unknown} error
 * @param {(key: string, vars?: Record<string, string>) => string} t
 */
export function errorMessage(error, t) {
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") {
    return error.message;
  }
  const detail = typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
  return t("unexpectedError", { detail });
}

/**
 * The sentence describing the stored credentials.
 * @param {{clientId: string | null, hasSecret: boolean}} status
 * @param {(key: string, vars?: Record<string, string>) => string} t
 */
export function credentialsSummary(status, t) {
  if (!status.clientId) {
    return t("statusNone");
  }
  return t(status.hasSecret ? "statusStored" : "statusIdOnly", { clientId: status.clientId });
}
