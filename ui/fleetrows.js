// The per-vehicle rows of a fleet run, as plain data: updates from Rust merged in, and the
// order and subset the table shows (sorted by a column, filtered by stage and by words).
import { fold } from "./filter.js";

/**
 * One vehicle of a run, as Rust sends it (src-tauri/fleet_run.rs).
 * @typedef {{
 *   vehicleId: string,
 *   stage: string,
 *   status: string | null,
 *   failureCause: string | null,
 *   errorKind: string | null,
 *   explanation: string,
 *   retryable: boolean,
 *   remoteActionId: string | null,
 * }} FleetRow
 */

/** Stages in the order a vehicle moves through them, then the ends: the table's sort order. */
export const STAGES = ["queued", "sent", "pending", "succeeded", "failed", "unknown", "refused", "unsupported", "notSent"];

/** The stages that are ends. */
export const END_STAGES = new Set(["succeeded", "failed", "unknown", "refused", "unsupported", "notSent"]);

export class RunRows {
  /** @param {string[]} vehicleIds the run's vehicles, in its order */
  constructor(vehicleIds) {
    /** @type {string[]} */
    this.order = vehicleIds;
    /** @type {Map<string, FleetRow>} */
    this.rows = new Map(vehicleIds.map((id) => [id, queuedRow(id)]));
  }

  /**
   * Puts the rows of an update in place; a row of a vehicle not in the run is added at the end.
   * @param {FleetRow[]} rows
   */
  apply(rows) {
    for (const row of rows) {
      if (!this.rows.has(row.vehicleId)) {
        this.order.push(row.vehicleId);
      }
      this.rows.set(row.vehicleId, row);
    }
  }

  /** Every row, in the run's order. */
  all() {
    return this.order.map((id) => /** @type {FleetRow} */ (this.rows.get(id)));
  }

  /** The vehicles worth sending again: Rust marks each row retryable or not. */
  retryable() {
    return this.all().filter((row) => row.retryable).map((row) => row.vehicleId);
  }
}

/** @param {string} vehicleId @returns {FleetRow} */
function queuedRow(vehicleId) {
  return { vehicleId, stage: "queued", status: null, failureCause: null, errorKind: null, explanation: "", retryable: false, remoteActionId: null };
}

/**
 * @typedef {{
 *   sort: "vehicle" | "stage" | "cause",
 *   descending: boolean,
 *   stage: string,
 *   text: string,
 * }} RowView
 */

/** @returns {RowView} */
export function defaultView() {
  return { sort: "vehicle", descending: false, stage: "", text: "" };
}

/**
 * The rows the table shows, in its order. `label(id)` names a vehicle as the list does,
 * `cause(row)` says its end in words; both are what the words filter searches. Stage
 * `"retryable"` keeps the rows "retry the failed ones" would send.
 * @param {FleetRow[]} rows
 * @param {RowView} view
 * @param {(id: string) => string} label
 * @param {(row: FleetRow) => string} cause
 */
export function viewRows(rows, view, label, cause) {
  const words = fold(view.text).split(/\s+/).filter(Boolean);
  let kept = rows.filter((row) => {
    if (view.stage === "retryable" ? !row.retryable : view.stage && row.stage !== view.stage) {
      return false;
    }
    if (!words.length) {
      return true;
    }
    const hay = fold(`${label(row.vehicleId)} ${row.vehicleId} ${cause(row)}`);
    return words.every((word) => hay.includes(word));
  });
  /** @type {(row: FleetRow) => string | number} */
  const key =
    view.sort === "stage" ? (row) => STAGES.indexOf(row.stage) : view.sort === "cause" ? (row) => fold(cause(row)) : (row) => fold(label(row.vehicleId));
  const keys = new Map(kept.map((row) => [row.vehicleId, key(row)]));
  const direction = view.descending ? -1 : 1;
  kept = kept.sort((a, b) => {
    const x = /** @type {string | number} */ (keys.get(a.vehicleId));
    const y = /** @type {string | number} */ (keys.get(b.vehicleId));
    if (x < y) {
      return -direction;
    }
    if (x > y) {
      return direction;
    }
    return a.vehicleId < b.vehicleId ? -1 : a.vehicleId > b.vehicleId ? 1 : 0;
  });
  return kept;
}

/**
 * Seconds as the preview says them: "45 s", "3 min 20 s", "1 h 40 min".
 * @param {number} seconds
 */
export function durationWords(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const minutes = Math.round((s % 3600) / 60);
  return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
}

/**
 * A row's end in words, translated where the library's code is known: the failure cause, an
 * "already done", or Rust's sentence for a refusal, a vehicle skipped or not sent; "" while the
 * vehicle is on its way and for a plain success.
 * @param {FleetRow} row
 * @param {import("./explanations.js").Explain} explain
 */
export function rowCause(row, explain) {
  switch (row.stage) {
    case "queued":
    case "sent":
    case "pending":
      return "";
    case "succeeded":
      return row.status === "AlreadyDone" ? explain("DoneStatus.AlreadyDone", row.explanation) : "";
    case "failed":
      return explain(row.failureCause ? `FailureCause.${row.failureCause}` : "DoneStatus.Failed", row.explanation);
    default:
      return row.explanation ? row.explanation.charAt(0).toLocaleUpperCase() + row.explanation.slice(1) : "";
  }
}
