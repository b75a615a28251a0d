// What a form is made of, as plain data: sections of fields and actions. Each family file
// (charging.js, preconditioning.js...) describes its feature's sections from the context;
// render.js draws them. Nothing here touches the DOM, so the forms' contents are unit-tested.

/** @typedef {(key: string, vars?: Record<string, string>) => string} Translate */
/** @typedef {"" | "warn" | "alert"} Tone */

/**
 * @typedef {{
 *   t: Translate,
 *   vehicle: any,
 *   support?: {feature: string, supported: boolean | null, guarded?: boolean, states?: string[] | null, slots?: number | null},
 *   usage?: any,
 *   busy: ReadonlySet<string>,
 *   send: (actionKey: string, input: Record<string, unknown>) => void,
 *   idPrefix?: string,
 * }} FormContext
 */

/**
 * One input of a section. `name` is the field's name in the CommandInput (the name Rust gives
 * when it refuses it), and the key of its value in what the actions read.
 * @typedef {{
 *   name: string,
 *   kind: "time" | "number" | "checkbox" | "select" | "radio" | "days",
 *   label: string,
 *   value: string | boolean | string[],
 *   options?: {value: string, label: string}[],
 *   min?: number, max?: number, step?: number,
 *   hint?: string,
 *   enabledWhen?: {name: string, value: string},
 * }} Field
 */

/**
 * A control that sends: `key` is its data-action, `name` the words the timeline and the palette
 * use for it, `build` makes the CommandInput from the section's values, `engages` marks the
 * action that turns on what the feature guards (styled as danger when Rust says it is guarded),
 * `secondary` the lesser action beside the main one (deleting a program).
 * @typedef {{key: string, label: string, name?: string, build: (values: Record<string, any>) => Record<string, unknown>, engages?: boolean, secondary?: boolean}} Action
 */

/** @typedef {{text: string, tone?: Tone}} Note */

/** @typedef {{id: string, title?: string, notes?: Note[], fields?: Field[], actions: Action[]}} Section */

/**
 * A time of day field (`HH:MM`).
 * @param {string} name
 * @param {string} label
 * @param {string} [value]
 * @returns {Field}
 */
export function timeField(name, label, value = "") {
  return { name, kind: "time", label, value };
}

/**
 * A number field; `min`, `max` and `step` guide the spinner only: Rust checks the range.
 * @param {string} name
 * @param {string} label
 * @param {string} value
 * @param {{min?: number, max?: number, step?: number}} [range]
 * @returns {Field}
 */
export function numberField(name, label, value, range = {}) {
  return { name, kind: "number", label, value, ...range };
}

/**
 * @param {string} name
 * @param {string} label
 * @param {boolean} value
 * @returns {Field}
 */
export function checkboxField(name, label, value) {
  return { name, kind: "checkbox", label, value };
}

/**
 * @param {string} name
 * @param {string} label
 * @param {{value: string, label: string}[]} options
 * @param {string} value
 * @returns {Field}
 */
export function selectField(name, label, options, value) {
  return { name, kind: "select", label, options, value };
}

/**
 * @param {string} name
 * @param {string} label
 * @param {{value: string, label: string}[]} options
 * @param {string} value
 * @returns {Field}
 */
export function radioField(name, label, options, value) {
  return { name, kind: "radio", label, options, value };
}

/**
 * Seven toggles, Monday first.
 * @param {Translate} t
 * @param {string[]} [value] the checked day codes
 * @returns {Field}
 */
export function daysField(t, value = []) {
  const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  return { name: "days", kind: "days", label: t("formDays"), value, options: days.map((day) => ({ value: day, label: t(`day_${day}`) })) };
}

/**
 * Options whose words are texts keyed `${prefix}${code}`.
 * @param {Translate} t
 * @param {string} prefix
 * @param {readonly (string | number)[]} codes
 */
export function codeOptions(t, prefix, codes) {
  return codes.map((code) => ({ value: String(code), label: t(`${prefix}${code}`) }));
}

/**
 * The program slots a vehicle has: the capability's count, else the API's most, never more.
 * @param {FormContext} ctx
 * @param {number} most
 */
export function slotCount(ctx, most) {
  const slots = ctx.support?.slots;
  return typeof slots === "number" && slots >= 1 ? Math.min(Math.floor(slots), most) : most;
}

/**
 * The name a Rust refusal gives, reduced to a field name of the form: `programs[0].days[2]`,
 * `deferred.startTime` and `settings.temp` become `days`, `startTime` and `temp`.
 * @param {string} field
 */
export function fieldName(field) {
  const last = String(field).split(".").pop() ?? "";
  return last.replace(/\[\d+\]$/, "");
}
