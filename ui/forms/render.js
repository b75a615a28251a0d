// Draws a form's sections (fields.js) into a container: every field with its <label for>, every
// sending button with data-feature and data-action, and the marks of the field Rust refused.
// Drawn again for the same vehicle and feature (its capability arrived, its usage changed),
// a form keeps what the driver typed, the mark of a refusal and the focus.
import { fieldName } from "./fields.js";

/**
 * @typedef {{
 *   id: string, section: string, name: string, wrapper: HTMLElement, inputs: HTMLInputElement[] | HTMLElement[],
 *   read: () => any, write: (value: any) => void,
 * }} FieldHandle
 * @typedef {{markErrors: (error: unknown) => boolean, setBusy: (busy: ReadonlySet<string>) => void}} FormHandle
 */

/**
 * What each container last drew, for the next drawing of the same form.
 * @typedef {{feature: string, vehicleId: unknown, fields: FieldHandle[], error: {id: string, message: string} | null, last: string}} Drawn
 * @type {WeakMap<HTMLElement, Drawn>}
 */
const drawn = new WeakMap();

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 */
function make(tag, className, text) {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

/**
 * One field: a label tied to its input (a fieldset with a legend for days and choices).
 * @param {import("./fields.js").Field} field
 * @param {string} id
 * @param {string} section
 * @returns {FieldHandle}
 */
function drawField(field, id, section) {
  if (field.kind === "days" || field.kind === "radio") {
    const wrapper = make("fieldset", `form-field form-choice ${field.kind}`);
    wrapper.append(make("legend", "", field.label));
    const chosen = new Set(Array.isArray(field.value) ? field.value : [field.value]);
    const inputs = (field.options ?? []).map((option) => {
      const input = /** @type {HTMLInputElement} */ (make("input"));
      input.type = field.kind === "days" ? "checkbox" : "radio";
      input.id = `${id}-${option.value}`;
      input.name = id;
      input.value = option.value;
      input.checked = chosen.has(option.value);
      const label = /** @type {HTMLLabelElement} */ (make("label", "", option.label));
      label.htmlFor = input.id;
      const pair = make("span", "choice");
      pair.append(input, label);
      wrapper.append(pair);
      return input;
    });
    const read = () =>
      field.kind === "days" ? inputs.filter((i) => i.checked).map((i) => i.value) : (inputs.find((i) => i.checked)?.value ?? "");
    const write = (/** @type {any} */ value) => {
      const set = new Set(Array.isArray(value) ? value : [value]);
      inputs.forEach((i) => (i.checked = set.has(i.value)));
    };
    return { id, section, name: field.name, wrapper, inputs, read, write };
  }
  const check = field.kind === "checkbox";
  const wrapper = make("div", `form-field ${field.kind}`);
  const input = /** @type {HTMLInputElement} */ (make(field.kind === "select" ? "select" : "input"));
  input.id = id;
  input.name = field.name;
  if (field.kind === "select") {
    for (const option of field.options ?? []) {
      const element = /** @type {HTMLOptionElement} */ (make("option", "", option.label));
      element.value = option.value;
      input.append(element);
    }
  } else {
    input.type = field.kind;
  }
  for (const attribute of /** @type {const} */ (["min", "max", "step"])) {
    if (field[attribute] !== undefined) {
      input.setAttribute(attribute, String(field[attribute]));
    }
  }
  if (field.kind === "time") {
    input.setAttribute("step", "60");
  }
  const label = /** @type {HTMLLabelElement} */ (make("label", "", field.label));
  label.htmlFor = id;
  wrapper.append(...(check ? [input, label] : [label, input]));
  if (field.hint) {
    const hint = make("span", "form-hint", field.hint);
    hint.id = `${id}-hint`;
    input.setAttribute("aria-describedby", hint.id);
    wrapper.append(hint);
  }
  const read = () => (check ? input.checked : input.value);
  const write = (/** @type {any} */ value) => (check ? (input.checked = Boolean(value)) : (input.value = String(value)));
  write(field.value);
  return { id, section, name: field.name, wrapper, inputs: [input], read, write };
}

/**
 * Marks `handle` as refused with Rust's `message` next to it.
 * @param {FieldHandle} handle
 * @param {string} message
 */
function mark(handle, message) {
  const note = make("p", "field-error", message);
  note.id = `${handle.id}-error`;
  handle.wrapper.append(note);
  handle.wrapper.classList.add("invalid");
  for (const input of handle.inputs) {
    input.setAttribute("aria-invalid", "true");
    const hint = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", hint && !hint.endsWith("-error") ? `${hint} ${note.id}` : note.id);
  }
}

/** @param {FieldHandle} handle */
function unmark(handle) {
  for (const child of [...handle.wrapper.children]) {
    if (child.classList.contains("field-error")) {
      child.remove();
    }
  }
  handle.wrapper.classList.remove("invalid");
  for (const input of handle.inputs) {
    input.removeAttribute("aria-invalid");
    const rest = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && !id.endsWith("-error"));
    if (rest.length) {
      input.setAttribute("aria-describedby", rest.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }
}

/**
 * Disables a sending button while its action is being sent or when the vehicle lacks the
 * feature, with the reason as its title.
 * @param {HTMLButtonElement} button
 * @param {import("./fields.js").FormContext} ctx
 * @param {ReadonlySet<string>} busy
 */
function applyState(button, ctx, busy) {
  const lacking = ctx.support?.supported === false;
  const sending = busy.has(button.dataset.action ?? "");
  button.disabled = lacking || sending;
  button.title = lacking ? ctx.t("unsupportedButton") : sending ? ctx.t("sendingButton") : "";
  button.toggleAttribute("aria-busy", sending);
}

/**
 * Draws `sections` of `feature` into `container`, replacing what it held.
 * @param {string} feature
 * @param {HTMLElement} container
 * @param {import("./fields.js").Section[]} sections
 * @param {import("./fields.js").FormContext} ctx
 * @returns {FormHandle}
 */
export function drawSections(feature, container, sections, ctx) {
  const vehicleId = ctx.vehicle?.id;
  const before = drawn.get(container);
  const same = before && before.feature === feature && before.vehicleId === vehicleId ? before : null;
  const active = typeof document !== "undefined" ? document.activeElement : null;
  const focusId = active && container.contains(active) ? active.id : "";
  /** @type {FieldHandle[]} */
  const fields = [];
  /** @type {HTMLButtonElement[]} */
  const buttons = [];
  /** @type {Drawn} */
  const state = { feature, vehicleId, fields, error: null, last: same?.last ?? "" };
  /** @type {(() => void)[]} */
  const updates = [];
  const clear = () => {
    fields.forEach(unmark);
    state.error = null;
  };
  const root = make("div", "command-form");
  root.dataset.form = feature;
  for (const section of sections) {
    const titled = Boolean(section.title);
    const box = make(titled ? "fieldset" : "div", "form-section");
    box.dataset.section = section.id;
    if (titled) {
      box.append(make("legend", "", section.title));
    }
    for (const note of section.notes ?? []) {
      box.append(make("p", note.tone ? `form-note ${note.tone}` : "form-note", note.text));
    }
    const own = (section.fields ?? []).map((field) => drawField(field, `${ctx.idPrefix ?? ""}${feature}-${section.id}-${field.name}`, section.id));
    if (own.length) {
      const list = make("div", "form-fields");
      list.append(...own.map((handle) => handle.wrapper));
      box.append(list);
    }
    for (const handle of own) {
      const field = section.fields?.find((f) => f.name === handle.name);
      const rule = field?.enabledWhen;
      const controller = rule && own.find((h) => h.name === rule.name);
      if (rule && controller) {
        const update = () => handle.inputs.forEach((input) => (/** @type {HTMLInputElement} */ (input).disabled = controller.read() !== rule.value));
        controller.inputs.forEach((input) => input.addEventListener("change", update));
        updates.push(update);
      }
      const typed = () => {
        unmark(handle);
        if (state.error?.id === handle.id) {
          state.error = null;
        }
      };
      handle.inputs.forEach((input) => input.addEventListener("input", typed));
    }
    fields.push(...own);
    const actions = make("div", "form-actions");
    for (const action of section.actions) {
      const style = action.engages && ctx.support?.guarded ? "danger" : action.secondary ? "secondary" : "";
      const button = /** @type {HTMLButtonElement} */ (make("button", style, action.label));
      button.type = "button";
      button.id = `${ctx.idPrefix ?? ""}${feature}-${action.key}`;
      button.dataset.feature = feature;
      button.dataset.action = action.key;
      button.setAttribute("data-name", action.name ?? action.label);
      applyState(button, ctx, ctx.busy ?? new Set());
      button.addEventListener("click", () => {
        const values = Object.fromEntries(own.map((handle) => [handle.name, handle.read()]));
        const input = action.build(values);
        clear();
        state.last = section.id;
        ctx.send(action.key, input);
      });
      buttons.push(button);
      actions.append(button);
    }
    box.append(actions);
    root.append(box);
  }
  container.replaceChildren(root);
  if (same) {
    for (const handle of fields) {
      const old = same.fields.find((f) => f.id === handle.id);
      if (old) {
        handle.write(old.read());
      }
    }
  }
  updates.forEach((update) => update());
  const markErrors = (/** @type {any} */ error) => {
    clear();
    if (!error || typeof error !== "object" || error.kind !== "invalidInput" || typeof error.field !== "string") {
      return false;
    }
    const name = fieldName(error.field);
    const matching = fields.filter((handle) => handle.name === name);
    const target = matching.find((handle) => handle.section === state.last) ?? matching[0];
    if (!target) {
      return false;
    }
    const message = typeof error.message === "string" ? error.message : "";
    mark(target, message);
    state.error = { id: target.id, message };
    return true;
  };
  const kept = same?.error && fields.find((handle) => handle.id === same.error?.id);
  if (kept && same?.error) {
    mark(kept, same.error.message);
    state.error = same.error;
  }
  drawn.set(container, state);
  if (focusId) {
    const again = [...buttons, ...fields.flatMap((f) => f.inputs)].find((element) => element.id === focusId);
    again?.focus();
  }
  return { markErrors, setBusy: (busy) => buttons.forEach((button) => applyState(button, ctx, busy)) };
}
