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

/** @typedef {(key: string, vars?: Record<string, string>) => string} Translate */

/**
 * A translation that falls back to `fallback` when the catalogue has no text for `key`.
 * @param {Translate} t
 * @param {string} key
 * @param {string} fallback
 */
function tOr(t, key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

/**
 * "48.85660, 2.35220"
 * @param {{lat: number, lon: number} | null | undefined} position
 */
export function positionText(position) {
  return position ? `${position.lat.toFixed(5)}, ${position.lon.toFixed(5)}` : "";
}

/**
 * The facts the vehicle panel lists, as [label, value] pairs; unknown values say so.
 * @param {any} v a VehicleSummary from Rust
 * @param {Translate} t
 * @returns {[string, string][]}
 */
export function vehicleFacts(v, t) {
  const pct = (/** @type {number | null} */ value) =>
    value === null || value === undefined ? t("unknown") : t("percent", { value: String(Math.round(value)) });
  /** @type {[string, string][]} */
  const facts = [[t("fieldEnergy"), t(`energy_${v.energy}`)]];
  if (v.energy === "electric" || v.energy === "hybrid") {
    facts.push([t("fieldBattery"), pct(v.batteryPercent)]);
  }
  if (v.energy === "thermic" || v.energy === "hybrid") {
    facts.push([t("fieldFuel"), pct(v.fuelPercent)]);
  }
  facts.push([t("fieldLock"), v.lock ? t(`lock_${v.lock}`) : t("unknown")]);
  facts.push([t("fieldOpen"), v.openDoors.length ? v.openDoors.join(", ") : t("none")]);
  facts.push([t("fieldMoving"), v.moving === null || v.moving === undefined ? t("unknown") : t(v.moving ? "yes" : "no")]);
  if (v.charging) {
    facts.push([t("fieldCharging"), t(v.plugged ? "plugged" : "unplugged", { status: v.charging })]);
  }
  facts.push([t("fieldPosition"), v.position ? positionText(v.position) : t("hidden")]);
  if (v.vin) {
    facts.push([t("fieldVin"), v.vin]);
  }
  return facts;
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

/**
 * The sentence for one step of a command (see src-tauri/progress.rs).
 * @param {any} step
 * @param {Translate} t
 */
export function stepText(step, t) {
  switch (step.type) {
    case "queued":
      return t("step_queued");
    case "sent":
      return t("step_sent");
    case "pending":
      return tOr(t, `step_${step.status}`, step.status);
    case "done":
      if (step.status === "Failed") {
        const cause = step.cause ? tOr(t, `cause_${step.cause}`, step.explanation ?? step.cause) : step.explanation;
        return t("end_Failed", { cause: cause ?? "" });
      }
      if (step.position) {
        return `${tOr(t, `end_${step.status}`, step.status)}. ${t("end_found", { position: positionText(step.position) })}`;
      }
      return tOr(t, `end_${step.status}`, step.status);
    case "unknown":
      return t("end_unknown", { reason: step.reason });
    case "rejected":
      return t("end_rejected", { message: step.message });
    default:
      return String(step.type);
  }
}

/**
 * "success", "failure" or "" (still running): how the timeline colours a step.
 * @param {any} step
 */
export function stepOutcome(step) {
  if (step.type === "done") {
    return step.succeeded ? "success" : "failure";
  }
  return step.type === "rejected" ? "failure" : "";
}
