// The command inputs the forms send: plain values as read from the fields (strings, numbers,
// booleans) in, a CommandInput (crates/stellantis/src/model/input/form.rs) out, one builder per
// action. Nothing here checks a range or a format: Rust is the one checker and names the field it
// refuses. The builders only leave out what the driver left empty.

/** @typedef {Record<string, unknown>} CommandInput */

/** The day codes Rust accepts, Monday first. */
export const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The charge rates, slowest first. */
export const CHARGE_RATES = ["Low", "LowPlus", "Med", "MedPlus", "High"];

/** The charge limits. */
export const CHARGE_LIMITS = ["MedPlus", "High"];

/** The program types of a charging slot. */
export const CHARGE_TYPES = ["Regular", "Cooperative"];

/** The preconditioning modes. */
export const PRECONDITIONING_MODES = ["Auto", "Manual"];

/** The theft alert suppression durations by code (0 = 2 h ... 5 = 7 days). */
export const TAN_DURATIONS = [0, 1, 2, 3, 4, 5];

/**
 * A text field's value, or `undefined` when it is empty.
 * @param {unknown} value
 */
export function text(value) {
  if (value === undefined || value === null) {
    return undefined;
  }
  const trimmed = String(value).trim();
  return trimmed === "" ? undefined : trimmed;
}

/**
 * A time field's value as `HH:MM`; a time input that shows seconds gives `HH:MM:SS`, whose
 * seconds a time of day in a command does not have.
 * @param {unknown} value
 */
export function time(value) {
  const given = text(value);
  return given && /^\d{1,2}:\d{2}:\d{2}$/.test(given) ? given.slice(0, given.lastIndexOf(":")) : given;
}

/**
 * A number field's value: a number, `undefined` when empty, or the text as typed when it is no
 * number (Rust then refuses it, echoing what was typed).
 * @param {unknown} value
 */
export function number(value) {
  if (typeof value === "number") {
    return value;
  }
  const given = text(value);
  if (given === undefined) {
    return undefined;
  }
  const parsed = Number(given.replace(",", "."));
  return Number.isFinite(parsed) ? parsed : given;
}

/**
 * The object without its `undefined` members.
 * @param {Record<string, unknown>} object
 */
function defined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/**
 * The checked days in the week's order.
 * @param {Iterable<string>} days
 */
function week(days) {
  const chosen = new Set(days);
  return [...DAYS.filter((day) => chosen.has(day)), ...[...chosen].filter((day) => !DAYS.includes(day))];
}

/** @param {boolean} start start charging now (`true`) or stop (`false`) */
export function chargingImmediate(start) {
  return { feature: "charging", immediate: Boolean(start) };
}

/**
 * A deferred charge: now or from `startTime`, optionally until `endTime`. `chargeToFull` is sent
 * when it is on or when there is an end time (off without an end time is the API's default).
 * @param {{immediate?: boolean, startTime?: string, endTime?: string, chargeToFull?: boolean}} values
 */
export function chargingDeferred(values) {
  const endTime = time(values.endTime);
  const full = values.chargeToFull === undefined ? undefined : Boolean(values.chargeToFull);
  return {
    feature: "charging",
    deferred: defined({
      immediate: values.immediate ? true : undefined,
      startTime: values.immediate ? undefined : time(values.startTime),
      endTime,
      chargeToFull: endTime !== undefined || full ? full : undefined,
    }),
  };
}

/**
 * Sets charging program `slot`.
 * @param {number | string} slot
 * @param {{days?: Iterable<string>, start?: string, end?: string, minChargingLevel?: unknown,
 *   maxChargingLevel?: unknown, chargeType?: string, enabled?: boolean, chargeToFull?: boolean}} values
 */
export function chargingProgramSet(slot, values) {
  return {
    feature: "charging",
    programs: [
      defined({
        slot: number(slot),
        actionsType: "Set",
        start: time(values.start),
        end: time(values.end),
        days: values.days === undefined ? undefined : week(values.days),
        enabled: values.enabled === undefined ? undefined : Boolean(values.enabled),
        chargeToFull: values.chargeToFull === undefined ? undefined : Boolean(values.chargeToFull),
        minChargingLevel: number(values.minChargingLevel),
        maxChargingLevel: number(values.maxChargingLevel),
        chargeType: text(values.chargeType),
      }),
    ],
  };
}

/** @param {number | string} slot the charging program to delete */
export function chargingProgramDelete(slot) {
  return { feature: "charging", programs: [{ slot: number(slot), actionsType: "Delete" }] };
}

/** @param {string} rate `Low`, `LowPlus`, `Med`, `MedPlus` or `High` */
export function chargingRate(rate) {
  return { feature: "charging", settings: defined({ chargePreferenceRate: text(rate) }) };
}

/** @param {string} limit `MedPlus` or `High` */
export function chargingLimit(limit) {
  return { feature: "charging", settings: defined({ chargeLimit: text(limit) }) };
}

/** @param {boolean} start start preconditioning now (`true`) or stop (`false`) */
export function preconditioningImmediate(start) {
  return { feature: "preconditioning", immediate: Boolean(start) };
}

/**
 * Sets preconditioning program `slot`: ready at `start` on `days`, at `temp` °C when given.
 * @param {number | string} slot
 * @param {{days?: Iterable<string>, start?: string, temp?: unknown, enabled?: boolean}} values
 */
export function preconditioningProgramSet(slot, values) {
  return {
    feature: "preconditioning",
    programs: [
      defined({
        slot: number(slot),
        actionsType: "Set",
        start: time(values.start),
        days: values.days === undefined ? undefined : week(values.days),
        enabled: values.enabled === undefined ? undefined : Boolean(values.enabled),
        temp: number(values.temp),
      }),
    ],
  };
}

/** @param {number | string} slot the preconditioning program to delete */
export function preconditioningProgramDelete(slot) {
  return { feature: "preconditioning", programs: [{ slot: number(slot), actionsType: "Delete" }] };
}

/**
 * The preconditioning settings.
 * @param {{temp?: unknown, mode?: string, state?: string}} values mode `Auto`/`Manual`, state
 *   `Activated`/`Unactivated`
 */
export function preconditioningSettings(values) {
  return {
    feature: "preconditioning",
    settings: defined({ temp: number(values.temp), mode: text(values.mode), state: text(values.state) }),
  };
}

/** @param {string} state `Activated` or `Unactivated` */
export function hornInput(state) {
  return { feature: "horn", state };
}

/** @param {string} state `Activated` or `Unactivated` */
export function lightsInput(state) {
  return { feature: "lights", state };
}

/** @param {boolean} lock lock (`true`) or unlock (`false`) */
export function lockingInput(lock) {
  return { feature: "locking", state: lock ? "Locked" : "Unlocked" };
}

/** @param {boolean} activate immobilize (`true`) or release (`false`) */
export function immobilizationInput(activate) {
  return { feature: "immobilization", activate: Boolean(activate) };
}

/** @param {boolean} stolen declare the vehicle stolen (`true`) or not stolen (`false`) */
export function stolenInput(stolen) {
  return { feature: "stolen", state: Boolean(stolen) };
}

/** @param {boolean} inhibit stop the engine from cranking (`true`) or allow it again (`false`) */
export function crankInhibitInput(inhibit) {
  return { feature: "stolen", crankInhibit: Boolean(inhibit) };
}

/** @param {number | string} duration the code 0..5 (2 h, 4 h, 12 h, 24 h, 3 days, 7 days) */
export function tanSuppress(duration) {
  return defined({ feature: "tan", suppress: true, duration: number(duration) });
}

/** Receive theft alert notifications again. */
export function tanEndSuppression() {
  return { feature: "tan", suppress: false };
}

/** @param {boolean} theft confirm (`true`) or deny (`false`) a theft */
export function tanConfirm(theft) {
  return { feature: "tan", confirm: Boolean(theft) };
}

/** Delete the personal data kept in the vehicle. */
export function onboardDataDelete() {
  return { feature: "onboardPersonalData" };
}

/** Wake the vehicle up. */
export function wakeUpInput() {
  return { feature: "wakeUp" };
}

/** Wake the vehicle up and read its state. */
export function stateInput() {
  return { feature: "state" };
}

/** Ask the vehicle where it is. */
export function vehicleFinderInput() {
  return { feature: "vehicleFinder" };
}
