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
 * The warning to put in the confirm box when Rust refused a command until it is confirmed
 * (kind `confirmationNeeded`), translated and naming the vehicle; `null` for any other error.
 * @param {unknown} error
 * @param {import("./explanations.js").Explain} explain
 * @param {string} vehicle the vehicle's label, when Rust's error names none
 */
export function confirmationWarning(error, explain, vehicle) {
  if (!error || typeof error !== "object" || !("kind" in error) || error.kind !== "confirmationNeeded") {
    return null;
  }
  const { warning, message } = /** @type {{warning?: {code?: string, text?: string}, message?: string, vehicle?: string | null}} */ (error);
  const name = "vehicle" in error && typeof error.vehicle === "string" ? error.vehicle : vehicle;
  const english = warning?.text ?? message ?? "";
  return warning?.code ? explain(`Warning.${warning.code}`, english, { vehicle: name }) : english;
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

/** @typedef {(key: string, vars?: Record<string, string>) => string} Translate */

/**
 * "48.85660, 2.35220"
 * @param {{latitude: number, longitude: number} | null | undefined} position
 */
export function positionText(position) {
  return position ? `${position.latitude.toFixed(5)}, ${position.longitude.toFixed(5)}` : "";
}

/**
 * "14:03:07.412", in local time.
 * @param {number} ms milliseconds since the epoch
 */
export function clockTime(ms) {
  const d = new Date(ms);
  const two = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/** The steps after which a command is no longer followed. */
const FINAL_STEPS = new Set(["done", "gaveUp", "rejected", "notSent"]);

/**
 * True for the last step a command has on its channel (a `done`, `gaveUp`, `rejected` or
 * `notSent`);
 * `unknown` is not one: a later step still settles it.
 * @param {{type: string}} step
 */
export function isFinalStep(step) {
  return FINAL_STEPS.has(step.type);
}

/**
 * How the timeline shows one step of a command (a progress message from Rust, see
 * src-tauri/progress.rs): `line` is its title, followed by its sentence where that says what went
 * wrong or what is unusual (a failure shows its cause's sentence); `hint` is the sentence when the
 * line leaves it out, for a tooltip. Both come from Rust's codes and English text, translated by
 * `explain`.
 * @param {any} step
 * @param {import("./explanations.js").Explain} explain
 * @param {Translate} t
 * @returns {{line: string, hint: string}}
 */
export function describeStep(step, explain, t) {
  const title = explain(step.titleKey, step.title) || String(step.type);
  const text = step.textKey || step.text ? explain(step.textKey, step.text) : "";
  if (step.type === "done" && step.position) {
    return { line: t("stepFound", { title, position: positionText(step.position) }), hint: text };
  }
  // Free text from Rust (why there is no answer, why the server refused) is the specific part.
  const free = typeof step.reason === "string" ? step.reason : typeof step.message === "string" ? step.message : "";
  const details = [...new Set([free, text].filter(Boolean))];
  const shown =
    (step.type === "done" && step.status !== "Success") ||
    ["unknown", "gaveUp", "rejected", "notSent"].includes(step.type);
  if (shown && details.length) {
    return { line: t("stepDetail", { title, detail: details.join(" ") }), hint: "" };
  }
  return { line: title, hint: text };
}

/**
 * "success", "failure", "unsettled" (no longer followed, end unknown), "notSent" (nothing was
 * done and nothing will be) or "" (still running): how the timeline marks a step.
 * @param {any} step
 */
export function stepOutcome(step) {
  switch (step.type) {
    case "done":
      return step.succeeded ? "success" : "failure";
    case "rejected":
      return "failure";
    case "gaveUp":
      return "unsettled";
    case "notSent":
      return "notSent";
    default:
      return "";
  }
}
