// How the page words the journal's commands (history rows from Rust, see ipc.js `HistoryRow`)
// and turns the history filters into a journal query. No DOM here: every function is tested in
// tests/ui/journal.test.mjs.
import { FEATURES as FORM_FEATURES, formSections } from "./forms/index.js";

/** @typedef {(key: string, vars?: Record<string, string>) => string} Translate */
/** @typedef {import("./ipc.js").HistoryRow} HistoryRow */
/** @typedef {import("./ipc.js").HistoryQuery} HistoryQuery */

/** The 13 features, by their stable names (crates/stellantis/src/model/feature.rs). */
export const FEATURES = [
  "locking",
  "horn",
  "lights",
  "wakeUp",
  "state",
  "vehicleFinder",
  "charging",
  "preconditioning",
  "immobilization",
  "navigation",
  "onboardPersonalData",
  "stolen",
  "tan",
];

/** The outcome words the history can be filtered by; `notEnded` is a command with no end yet. */
export const OUTCOMES = ["success", "alreadyDone", "failed", "rejected", "notSent", "unsettled", "notEnded"];

/** The most rows the journal gives in one page. */
export const MAX_LIMIT = 1000;

/**
 * True when `a` and `b` are the same plain JSON value.
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
function sameJson(a, b) {
  if (a === b) {
    return true;
  }
  if (!a || !b || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every(
      (key) =>
        Object.hasOwn(b, key) &&
        sameJson(/** @type {Record<string, unknown>} */ (a)[key], /** @type {Record<string, unknown>} */ (b)[key]),
    )
  );
}

/**
 * The form control whose command the row's parameters are exactly (the controls that send
 * without a value of the person's: lock, horn off, start charging...), or `null`.
 * @param {Pick<HistoryRow, "feature" | "parameters">} row
 * @param {Translate} t
 * @returns {{key: string, label: string} | null}
 */
export function commandAction(row, t) {
  if (!FORM_FEATURES.includes(row.feature)) {
    return null;
  }
  const action = plainActions(row.feature, t).find((a) => sameJson(a.input, row.parameters));
  return action ? { key: action.key, label: action.label } : null;
}

/** The controls of each feature's form that send without a value, by translator and feature. */
const plainActionsOf = new WeakMap();

/**
 * The controls of `feature`'s form that send without a value of the person's, with the input
 * each sends: worked out once per language and feature, not for every row shown.
 * @param {string} feature
 * @param {Translate} t
 * @returns {{key: string, label: string, input: Record<string, unknown>}[]}
 */
function plainActions(feature, t) {
  const byFeature = plainActionsOf.get(t) ?? new Map();
  plainActionsOf.set(t, byFeature);
  if (!byFeature.has(feature)) {
    const sections = formSections(feature, { t, vehicle: {}, support: undefined, usage: null, busy: new Set(), send: () => {} });
    byFeature.set(
      feature,
      sections
        .filter((section) => !(section.fields ?? []).length)
        .flatMap((section) => section.actions.map((a) => ({ key: a.key, label: a.name ?? a.label, input: a.build({}) }))),
    );
  }
  return byFeature.get(feature);
}

/**
 * What the command was, in words: the words of the form control that sends it (as the
 * timeline says them), else the feature's name, else the feature word itself.
 * @param {Pick<HistoryRow, "feature" | "parameters">} row
 * @param {Translate} t
 */
export function commandName(row, t) {
  if (row.feature === "navigation") {
    return t("routeSend");
  }
  return commandAction(row, t)?.label ?? (FEATURES.includes(row.feature) ? t(`feature_${row.feature}`) : row.feature);
}

/**
 * How the row is marked, as the timeline marks steps: "success" (done, or already so),
 * "failure" (failed or refused), "unsettled" (end unknown), "notSent" (nothing done, ever),
 * or "" (not ended yet).
 * @param {Pick<HistoryRow, "end">} row
 */
export function outcomeMark(row) {
  switch (row.end?.outcome) {
    case undefined:
      return "";
    case "success":
    case "alreadyDone":
      return "success";
    case "unsettled":
      return "unsettled";
    case "notSent":
      return "notSent";
    default:
      return "failure";
  }
}

/**
 * The filter word of the row's outcome: its end's outcome, or `notEnded`.
 * @param {Pick<HistoryRow, "end">} row
 */
export function outcomeWord(row) {
  return row.end?.outcome ?? "notEnded";
}

/**
 * How the command ended, in words; without an end, how far it has gone.
 * @param {Pick<HistoryRow, "end" | "state">} row
 * @param {Translate} t
 */
export function outcomeText(row, t) {
  if (row.end) {
    return OUTCOMES.includes(row.end.outcome) ? t(`outcome_${row.end.outcome}`) : row.end.outcome;
  }
  return t(`state_${row.state}`);
}

/**
 * Why it ended so, when that says more than the outcome: the failure cause's sentence
 * (translated), or Rust's sentence for a refusal, a command not sent or an unknown end (its first
 * letter capitalized); "" for a success or a command still running.
 * @param {Pick<HistoryRow, "end">} row
 * @param {import("./explanations.js").Explain} explain
 */
export function causeText(row, explain) {
  const end = row.end;
  if (!end || end.outcome === "success") {
    return "";
  }
  switch (end.outcome) {
    case "alreadyDone":
      return explain("DoneStatus.AlreadyDone", end.message);
    case "failed":
      return explain(end.cause ? `FailureCause.${end.cause}` : "DoneStatus.Failed", end.message);
    default:
      // Rust's reasons are often fragments ("no news for 600 s"); the cell starts a sentence.
      return capitalized(end.message ?? "");
  }
}

/** @param {string} text */
function capitalized(text) {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/**
 * Who sent it and from where: "alice · app", "ci-bot · CLI".
 * @param {Pick<HistoryRow, "sender" | "origin">} row
 * @param {Translate} t
 */
export function senderText(row, t) {
  const origin = row.origin === "app" || row.origin === "cli" ? t(`origin_${row.origin}`) : String(row.origin);
  return row.sender ? t("sentBy", { sender: row.sender, origin }) : origin;
}

/**
 * True when "Check now" can tell more: the command has no end yet, or its end is unknown.
 * @param {Pick<HistoryRow, "end">} row
 */
export function canCheck(row) {
  return !row.end || row.end.outcome === "unsettled";
}

/**
 * The vehicle's label in the fleet shown, else its id (a vehicle of another account).
 * @param {Pick<HistoryRow, "vehicleId">} row
 * @param {{id: string, label: string}[]} vehicles
 */
export function vehicleLabel(row, vehicles) {
  return vehicles.find((v) => v.id === row.vehicleId)?.label ?? row.vehicleId;
}

/**
 * Local midnight at the start of a `<input type=date>` value ("2026-12-02"), `days` later;
 * `null` when it is not such a date.
 * @param {string} value
 * @param {number} [days]
 */
export function dayStart(value, days = 0) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day + days);
  // new Date() rolls 2026-02-31 over into March: such a value is not a date.
  const check = new Date(year, month - 1, day);
  if (check.getFullYear() !== year || check.getMonth() !== month - 1 || check.getDate() !== day) {
    return null;
  }
  return date.getTime();
}

/**
 * @typedef {{vehicleId?: string, feature?: string, outcome?: string, from?: string, to?: string}} Filters
 *   the history's filter fields as the page holds them ("" = any); dates as `<input type=date>` gives them
 */

/**
 * The journal query for the filters: empty fields are left out; the "to" day is included
 * (the query's `to` is exclusive, so it is the next day's midnight).
 * @param {Filters} filters
 * @returns {HistoryQuery}
 */
export function historyQuery(filters) {
  /** @type {HistoryQuery} */
  const query = {};
  if (filters.vehicleId) {
    query.vehicleId = filters.vehicleId;
  }
  if (filters.feature) {
    query.feature = filters.feature;
  }
  if (filters.outcome && OUTCOMES.includes(filters.outcome)) {
    query.outcome = /** @type {HistoryQuery["outcome"]} */ (filters.outcome);
  }
  const from = dayStart(filters.from ?? "");
  if (from !== null) {
    query.from = from;
  }
  const to = dayStart(filters.to ?? "", 1);
  if (to !== null) {
    query.to = to;
  }
  return query;
}

/**
 * The query of one page: the filters' query, `limit` rows (1..=1000), after the cursor `next`
 * when there is one.
 * @param {HistoryQuery} query
 * @param {number} limit
 * @param {unknown} [next]
 * @returns {HistoryQuery}
 */
export function pageQuery(query, limit, next) {
  const page = { ...query, limit: Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit))) };
  return next === undefined || next === null ? page : { ...page, after: next };
}

/** @param {number} n */
const two = (n) => String(n).padStart(2, "0");

/**
 * "2026-12-02 14:03:07", in local time.
 * @param {number} ms milliseconds since the epoch
 */
export function dateTime(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/**
 * "14:03:07" for a time of the same local day as `now`, else "2026-12-01 14:03".
 * @param {number} ms
 * @param {number} now
 */
export function shortDateTime(ms, now) {
  const full = dateTime(ms);
  return full.slice(0, 10) === dateTime(now).slice(0, 10) ? full.slice(11) : full.slice(0, 16);
}

/**
 * A new request id: a random UUID (version 4). `crypto.randomUUID` needs a secure context;
 * where the page has none, the same is built from `crypto.getRandomValues`.
 * @param {Pick<Crypto, "getRandomValues"> & {randomUUID?: () => string}} [random]
 */
export function newRequestId(random = globalThis.crypto) {
  if (typeof random.randomUUID === "function") {
    return random.randomUUID();
  }
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
