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
 *   type: "queued" | "sent" | "pending" | "done" | "unknown" | "gaveUp" | "rejected" | "notSent",
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
 * Which backend is in use, the stored account URLs, and how command progress is followed
 * (`polling` when the server cannot reach the app's webhook receiver).
 * @typedef {{
 *   mode: "demo" | "account",
 *   account: string | null,
 *   baseUrl: string | null,
 *   tokenUrl: string | null,
 *   following?: "webhook" | "polling",
 * }} BackendStatus
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
 * One vehicle with its latest state (after one of its commands ended).
 * @param {string} vehicleId
 * @returns {Promise<any>}
 */
export const vehicle = (vehicleId) => invoke("vehicle", { vehicleId });

/**
 * Which of the 13 features the vehicle supports.
 * @param {string} vehicleId
 * @returns {Promise<{feature: string, supported: boolean | null}[]>}
 */
export const capability = (vehicleId) => invoke("capability", { vehicleId });

/**
 * One vehicle as the list, the map and the panel show it (src-tauri/vehicle.rs, reading.rs).
 * `label` is the user's `name` if set, else brand and model, else the VIN, else the id. Every
 * state field is `null` (lists empty) while nothing is known. `readAt` holds when each reading
 * was taken (RFC 3339). `asleep`: the newest reading is over 10 minutes old. `attention` holds
 * codes: `doorsOpen`, `lowEnergy` (< 15 %), `low12v` (< 70 %), `stolen`, `immobilized`,
 * `unreadable` (its telemetry failed just now).
 * @typedef {{
 *   id: string, label: string, name: string | null, brand: string | null, model: string | null,
 *   vin: string | null, vinTail: string | null,
 *   energy: "electric" | "hybrid" | "thermic" | "hydrogen" | "unknown",
 *   position: {latitude: number, longitude: number} | null,
 *   batteryPercent: number | null, fuelPercent: number | null,
 *   lock: "locked" | "unlocked" | null, openDoors: string[], moving: boolean | null,
 *   charging: string | null, plugged: boolean | null, updatedAt: string | null,
 *   energies: {kind: "electric" | "fuel", levelPercent: number | null, rangeKm: number | null}[],
 *   chargingMode: string | null, chargingRemainingMinutes: number | null,
 *   preconditioning: "enabled" | "disabled" | "finished" | "failure" | null,
 *   privacy: "none" | "geolocation" | "full" | null, stolen: boolean | null,
 *   battery12vPercent: number | null, odometerKm: number | null,
 *   ignition: "stop" | "startUp" | "start" | null, asleep: boolean | null,
 *   readAt: {position: string | null, energy: string | null, doors: string | null,
 *     battery: string | null, odometer: string | null, preconditioning: string | null},
 *   attention: ("doorsOpen" | "lowEnergy" | "low12v" | "stolen" | "immobilized" | "unreadable")[],
 * }} VehicleSummary
 */

/**
 * What a vehicle says about one feature (src-tauri/capability.rs): `guarded` when some command
 * of it needs a confirmation; `states` (horn, lights) the states it accepts; `slots` (charging,
 * preconditioning) its program slots.
 * @typedef {{
 *   feature: string, supported: boolean | null, guarded: boolean,
 *   states: string[] | null, slots: number | null,
 * }} FeatureSupport
 */

/**
 * Reads every vehicle's latest telemetry and calls `onStates` with the updated summaries in
 * batches (at most one per 200 ms or per 500 vehicles); resolves once all were read (or the
 * backend was switched).
 * @param {(batch: VehicleSummary[]) => void} onStates
 * @returns {Promise<{read: number, failed: number}>}
 */
export function fleetStates(onStates) {
  const channel = new Channel();
  channel.onmessage = onStates;
  return invoke("fleet_states", { onStates: channel });
}

/**
 * The vehicle's wake-ups (this month for an account, since the app started for the demo fleet)
 * against the quota, and what its last successful commands left (from the journal; times RFC 3339).
 * @param {string} vehicleId
 * @returns {Promise<{
 *   wakeUps: number, since: "month" | "appStart", limit: number, warnAt: number,
 *   immobilized: {on: boolean, at: string} | null, stolen: {on: boolean, at: string} | null,
 *   crankInhibit: {on: boolean, at: string} | null,
 *   theftAlerts: {suppressedUntil: string | null, at: string} | null,
 * }>}
 */
export const vehicleUsage = (vehicleId) => invoke("vehicle_usage", { vehicleId });

/**
 * Names the vehicle (trimmed; empty or `null` removes the name; over 60 characters is refused
 * with kind `invalidInput`, field `name`) and resolves with its summary.
 * @param {string} vehicleId
 * @param {string | null} name
 * @returns {Promise<VehicleSummary>}
 */
export const renameVehicle = (vehicleId, name) => invoke("rename_vehicle", { vehicleId, name });

/**
 * The window's language and theme.
 * @typedef {{language: "system" | "en" | "fr", theme: "system" | "light" | "dark"}} Preferences
 */

/** The stored language and theme. @returns {Promise<Preferences>} */
export const preferences = () => invoke("preferences");

/**
 * Stores the language and theme; an unknown value is refused with kind `invalidInput` naming
 * its `field`.
 * @param {Preferences} prefs
 * @returns {Promise<Preferences>}
 */
export const setPreferences = (prefs) => invoke("set_preferences", { preferences: prefs });

/**
 * Shows a native notification; a failure (no notification service) is ignored.
 * @param {string} title
 * @param {string} body
 * @returns {Promise<void>}
 */
export const notify = (title, body) =>
  invoke("plugin:notification|notify", { options: { title, body } }).then(
    () => undefined,
    () => undefined,
  );

/**
 * Sends a command once per `requestId` (the page makes one per press, and a confirmation's
 * resend reuses it); Rust checks it, records it in the journal and calls `onProgress` with each
 * step until its end. Unless `confirmed`, a command that needs a confirmation is refused with
 * kind `confirmationNeeded`. `existing: true` means the id was already recorded: nothing was
 * sent and no step follows (the history has it).
 * @param {string} requestId
 * @param {string} vehicleId
 * @param {string} vehicleName the vehicle's label as the page shows it (for Rust's warning)
 * @param {Record<string, unknown>} input
 * @param {boolean} confirmed
 * @param {(progress: Progress) => void} onProgress
 * @returns {Promise<{requestId: string, feature: string, existing: boolean}>}
 */
export function sendCommand(requestId, vehicleId, vehicleName, input, confirmed, onProgress) {
  const channel = new Channel();
  channel.onmessage = onProgress;
  return invoke("send_command", { requestId, vehicleId, vehicleName, input, confirmed, onProgress: channel });
}

/**
 * What the journal is asked for: every field optional; `from`/`to` in milliseconds since the
 * epoch (from inclusive, to exclusive); `after` is the `next` cursor of the previous page.
 * @typedef {{
 *   vehicleId?: string,
 *   feature?: string,
 *   outcome?: "success" | "alreadyDone" | "failed" | "rejected" | "notSent" | "unsettled" | "notEnded",
 *   from?: number,
 *   to?: number,
 *   limit?: number,
 *   after?: unknown,
 * }} HistoryQuery
 */

/**
 * One command as the journal recorded it (crates/journal/src/model.rs, `CommandRecord`).
 * @typedef {{
 *   requestId: string,
 *   account: string,
 *   vehicleId: string,
 *   feature: string,
 *   parameters: Record<string, unknown>,
 *   sender: string,
 *   origin: "app" | "cli",
 *   fleetRunId: string | null,
 *   createdAt: number,
 *   sendBy: number,
 *   state: "intent" | "posting" | "accepted" | "ended",
 *   label: string | null,
 *   postedAt: number | null,
 *   remoteActionId: string | null,
 *   steps: {at: number, code: string, status: string | null, detail: string | null}[],
 *   end: null | {at: number, outcome: string, status: string | null, cause: string | null, message: string | null},
 * }} HistoryRow
 */

/**
 * One page of the journal, newest first; `next` is the cursor of the following page, if any.
 * @param {HistoryQuery} query
 * @returns {Promise<{rows: HistoryRow[], total: number, next: unknown}>}
 */
export const history = (query) => invoke("history", { query });

/**
 * Asks where to save (Rust's native dialog) and writes every command matching `query` as CSV;
 * `null` when the person cancelled.
 * @param {HistoryQuery} query
 * @returns {Promise<{path: string, rows: number} | null>}
 */
export const exportHistory = (query) => invoke("export_history", { query });

/**
 * Looks an unfinished or unsettled command up again on the server (never a new POST); when
 * `following`, its steps come on `onProgress` as for `sendCommand`.
 * @param {string} requestId
 * @param {(progress: Progress) => void} onProgress
 * @returns {Promise<{requestId: string, following: boolean}>}
 */
export function checkNow(requestId, onProgress) {
  const channel = new Channel();
  channel.onmessage = onProgress;
  return invoke("check_now", { requestId, onProgress: channel });
}

/**
 * Cancels a command still waiting to be sent (it then ends `notSent`); `cancelled: false` when
 * it had already left.
 * @param {string} requestId
 * @returns {Promise<{cancelled: boolean}>}
 */
export const cancelCommand = (requestId) => invoke("cancel_command", { requestId });

/**
 * Calls `onChange` with the request id of every command whose record changes (a step, an end,
 * a recovered command), whichever front end sent it. Subscribe once.
 * @param {(change: {requestId: string}) => void} onChange
 * @returns {Promise<unknown>}
 */
export function journalChanges(onChange) {
  const channel = new Channel();
  channel.onmessage = onChange;
  return invoke("journal_changes", { onChange: channel });
}

/** What the About box shows (src-tauri/about.rs). @returns {Promise<{name: string, version: string, tauriVersion: string, licence: string, repository: string, dataDir: string | null, settingsDir: string | null, logDir: string | null}>} */
export const about = () => invoke("about");

/**
 * What an update check found (src-tauri/updates.rs).
 * @typedef {{status: "upToDate", current: string} | {status: "available", current: string, version: string, notes: string | null}} UpdateCheck
 */

/** Asks the update server now. @returns {Promise<UpdateCheck>} */
export const checkForUpdates = () => invoke("check_for_updates");

/** Downloads the update found, checks its signature, installs it and restarts. @returns {Promise<void>} */
export const installUpdate = () => invoke("install_update");

/**
 * Calls `onUpdate` if the check Rust makes at start finds an update (at once if it already has).
 * @param {(found: UpdateCheck) => void} onUpdate
 * @returns {Promise<unknown>}
 */
export function watchUpdates(onUpdate) {
  const channel = new Channel();
  channel.onmessage = onUpdate;
  return invoke("watch_updates", { onUpdate: channel });
}

/**
 * Tells Rust the vehicle list is on screen for the first time, with how many items it shows.
 * @param {number} vehicles
 * @returns {Promise<void>}
 */
export const startupPainted = (vehicles) => invoke("startup_painted", { vehicles });

/**
 * Counts of a fleet run by stage (stellantis::fleet::FleetCounts).
 * @typedef {{total: number, queued: number, sent: number, pending: number, succeeded: number, failed: number, unknown: number, refused: number, unsupported: number, notSent: number}} FleetCounts
 */

/**
 * What Rust reports of a fleet run, at most ten times a second: the counts and the rows that
 * changed since the last update (src-tauri/fleet_run.rs).
 * @typedef {{runId: string, counts: FleetCounts, rows: import("./fleetrows.js").FleetRow[], finished: boolean, cancelled: boolean}} FleetUpdate
 */

/**
 * What sending `input` to `vehicleIds` would do: how many support it, are asleep, how long it
 * takes, and Rust's confirmation naming the count.
 * @param {string[]} vehicleIds
 * @param {Record<string, unknown>} input
 * @returns {Promise<any>}
 */
export const fleetPreview = (vehicleIds, input) => invoke("fleet_preview", { vehicleIds, input });

/**
 * Starts a fleet run (recorded in the journal before anything is sent); its updates come on
 * `onUpdate`. `count` is the number the confirmation named.
 * @param {string} runId
 * @param {string[]} vehicleIds
 * @param {Record<string, unknown>} input
 * @param {boolean} confirmed
 * @param {number} count
 * @param {(update: FleetUpdate) => void} onUpdate
 * @returns {Promise<{runId: string, total: number, existing: boolean}>}
 */
export function fleetStart(runId, vehicleIds, input, confirmed, count, onUpdate) {
  const channel = new Channel();
  channel.onmessage = onUpdate;
  return invoke("fleet_start", { runId, vehicleIds, input, confirmed, count, onProgress: channel });
}

/**
 * Sends what an interrupted run had not sent yet (nothing twice), with updates on `onUpdate`.
 * @param {string} runId
 * @param {(update: FleetUpdate) => void} onUpdate
 * @returns {Promise<{runId: string, total: number, existing: boolean}>}
 */
export function fleetResume(runId, onUpdate) {
  const channel = new Channel();
  channel.onmessage = onUpdate;
  return invoke("fleet_resume", { runId, onProgress: channel });
}

/** Stops a run from sending more. @param {string} runId @returns {Promise<{cancelled: boolean}>} */
export const fleetCancel = (runId) => invoke("fleet_cancel", { runId });

/** The account's fleet runs, newest first. @returns {Promise<any[]>} */
export const fleetRuns = () => invoke("fleet_runs");

/** One run with a row per vehicle. @param {string} runId @returns {Promise<any>} */
export const fleetRun = (runId) => invoke("fleet_run", { runId });

/**
 * Exports a run's rows as CSV to a file chosen in the save dialog; `null` when cancelled.
 * @param {string} runId
 * @returns {Promise<{path: string, rows: number} | null>}
 */
export const fleetExport = (runId) => invoke("fleet_export", { runId });

/** The saved groups of vehicles. @returns {Promise<{name: string, vehicleIds: string[]}[]>} */
export const fleetGroups = () => invoke("fleet_groups");

/**
 * Saves (or replaces) a named group.
 * @param {string} name
 * @param {string[]} vehicleIds
 * @returns {Promise<{name: string, vehicleIds: string[]}[]>}
 */
export const saveFleetGroup = (name, vehicleIds) => invoke("save_fleet_group", { name, vehicleIds });

/** @param {string} name @returns {Promise<{name: string, vehicleIds: string[]}[]>} */
export const deleteFleetGroup = (name) => invoke("delete_fleet_group", { name });
