import assert from "node:assert/strict";
import { test } from "node:test";

import { FEATURES, formSections, renderForm } from "../../ui/forms/index.js";
import { catalogues, translator } from "../../ui/i18n.js";

// A stand-in for the few DOM calls the forms make (createElement, attributes, children, events,
// focus), because Node has no DOM and the forms are worth testing without a window; the real
// window runs them in the end-to-end tests.
class FakeElement {
  constructor(/** @type {string} */ tag) {
    this.tagName = tag.toUpperCase();
    /** @type {FakeElement[]} */
    this.children = [];
    /** @type {FakeElement | null} */
    this.parentNode = null;
    this.attributes = new Map();
    /** @type {Record<string, string>} */
    this.dataset = {};
    this.listeners = new Map();
    this.classes = new Set();
    this.text = "";
    Object.assign(this, { id: "", type: "", name: "", value: "", checked: false, disabled: false, title: "", htmlFor: "" });
    const classes = this.classes;
    this.classList = {
      add: (/** @type {string[]} */ ...names) => names.forEach((n) => classes.add(n)),
      remove: (/** @type {string[]} */ ...names) => names.forEach((n) => classes.delete(n)),
      contains: (/** @type {string} */ n) => classes.has(n),
      toggle: (/** @type {string} */ n, force = !classes.has(n)) => (force ? classes.add(n) : classes.delete(n), force),
    };
  }
  get className() {
    return [...this.classes].join(" ");
  }
  set className(value) {
    this.classes.clear();
    String(value).split(/\s+/).filter(Boolean).forEach((n) => this.classes.add(n));
  }
  get textContent() {
    return this.text + this.children.map((c) => c.textContent).join("");
  }
  set textContent(value) {
    this.children = [];
    this.text = String(value);
  }
  setAttribute(/** @type {string} */ name, /** @type {string} */ value) {
    this.attributes.set(name, String(value));
  }
  getAttribute(/** @type {string} */ name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }
  removeAttribute(/** @type {string} */ name) {
    this.attributes.delete(name);
  }
  toggleAttribute(/** @type {string} */ name, force = !this.attributes.has(name)) {
    if (force) {
      this.attributes.set(name, "");
    } else {
      this.attributes.delete(name);
    }
    return force;
  }
  append(/** @type {FakeElement[]} */ ...nodes) {
    for (const node of nodes) {
      node.remove();
      node.parentNode = this;
      this.children.push(node);
    }
  }
  replaceChildren(/** @type {FakeElement[]} */ ...nodes) {
    this.children.forEach((c) => (c.parentNode = null));
    this.children = [];
    this.text = "";
    this.append(...nodes);
  }
  remove() {
    if (this.parentNode) {
      this.parentNode.children = this.parentNode.children.filter((c) => c !== this);
      this.parentNode = null;
    }
  }
  contains(/** @type {FakeElement | null} */ node) {
    for (let n = node; n; n = n.parentNode) {
      if (n === this) {
        return true;
      }
    }
    return false;
  }
  addEventListener(/** @type {string} */ type, /** @type {() => void} */ listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(/** @type {string} */ type) {
    (this.listeners.get(type) ?? []).forEach((listener) => listener());
  }
  click() {
    if (!this.disabled) {
      this.fire("click");
    }
  }
  focus() {
    globalThis.document.activeElement = this;
  }
}

globalThis.document = /** @type {any} */ ({ activeElement: null, createElement: (/** @type {string} */ tag) => new FakeElement(tag) });

/** Every element under `root`, depth first. */
const all = (/** @type {FakeElement} */ root) => root.children.flatMap((c) => [c, ...all(c)]);
const byId = (/** @type {FakeElement} */ root, /** @type {string} */ id) => all(root).find((e) => e.id === id);
const buttons = (/** @type {FakeElement} */ root) => all(root).filter((e) => e.tagName === "BUTTON");
const button = (/** @type {FakeElement} */ root, /** @type {string} */ action) => buttons(root).find((b) => b.dataset.action === action);
const field = (/** @type {FakeElement} */ root, /** @type {string} */ id, /** @type {any} */ value) => {
  const element = byId(root, id);
  assert.ok(element, `no field #${id}`);
  if (typeof value === "boolean") {
    element.checked = value;
  } else {
    element.value = value;
  }
  element.fire("change");
  return element;
};

const vehicle = {
  id: "veh-1",
  label: "Home car",
  energy: "electric",
  energies: [{ kind: "electric", levelPercent: 62, rangeKm: 210 }],
  charging: "Stopped",
  plugged: true,
  preconditioning: "disabled",
  lock: "unlocked",
  openDoors: ["Trunk"],
  stolen: false,
  position: { latitude: 48.8566, longitude: 2.3522 },
  updatedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  readAt: { position: new Date(Date.now() - 10 * 60_000).toISOString() },
};
const usage = { wakeUps: 3, since: "month", limit: 20, warnAt: 15, immobilized: null, stolen: null, crankInhibit: null, theftAlerts: null };

/** Renders `feature` and records what it sends. */
function draw(/** @type {string} */ feature, /** @type {any} */ extra = {}, /** @type {FakeElement} */ container = new FakeElement("div")) {
  /** @type {[string, any][]} */
  const sent = [];
  const ctx = { t: translator("en"), vehicle, support: undefined, usage, busy: new Set(), send: (key, input) => sent.push([key, input]), ...extra };
  const form = renderForm(feature, /** @type {any} */ (container), ctx);
  return { container, form, sent };
}

const ACTIONS = {
  charging: ["chargeStart", "chargeStop", "chargeDeferred", "chargeProgramSet1", "chargeProgramDelete1", "chargeProgramSet2", "chargeProgramDelete2", "chargeRate", "chargeLimit"],
  stolen: ["stolenDeclare", "stolenClear", "crankInhibitOn", "crankInhibitOff"],
  lights: ["lightsOn", "lightsOff"],
  preconditioning: ["precondOn", "precondOff", ...[1, 2, 3, 4].flatMap((n) => [`precondProgramSet${n}`, `precondProgramDelete${n}`]), "precondSettings"],
  locking: ["lock", "unlock"],
  horn: ["hornOn", "hornOff"],
  immobilization: ["immobilize", "release"],
  state: ["state"],
  wakeUp: ["wakeUp"],
  vehicleFinder: ["vehicleFinder"],
  tan: ["tanSuppress", "tanEnd", "tanConfirm", "tanDeny"],
  onboardPersonalData: ["erase"],
};

test("every feature but navigation has a form, with its action keys on data-action", () => {
  assert.deepEqual(Object.keys(ACTIONS).sort(), [...FEATURES].sort());
  assert.ok(!FEATURES.includes("navigation"));
  for (const feature of FEATURES) {
    const { container } = draw(feature);
    const controls = buttons(container);
    assert.deepEqual(controls.map((b) => b.dataset.action), ACTIONS[feature], feature);
    for (const control of controls) {
      assert.equal(control.dataset.feature, feature);
      assert.equal(control.type, "button");
      assert.ok(control.getAttribute("data-name"), `${feature}/${control.dataset.action} has a name`);
    }
  }
});

test("every input has a label tied to it, ids are unique, and every text exists in both languages", () => {
  for (const language of Object.keys(catalogues)) {
    const base = translator(language);
    const missing = new Set();
    const t = (/** @type {string} */ key, /** @type {any} */ vars) => {
      const text = base(key, vars);
      if (text === key) {
        missing.add(key);
      }
      return text;
    };
    for (const feature of FEATURES) {
      const { container } = draw(feature, { t });
      const elements = all(container);
      const ids = elements.map((e) => e.id).filter(Boolean);
      assert.equal(new Set(ids).size, ids.length, `${feature}: unique ids`);
      for (const input of elements.filter((e) => e.tagName === "INPUT" || e.tagName === "SELECT")) {
        assert.ok(elements.some((e) => e.tagName === "LABEL" && e.htmlFor === input.id && e.textContent.trim()), `${feature}: label for #${input.id}`);
      }
      for (const element of elements) {
        assert.doesNotMatch(element.text, /\{\w+\}/, `${language} ${feature}: ${element.text}`);
      }
    }
    assert.deepEqual([...missing], [], `${language}: texts missing`);
  }
});

test("the buttons send the CommandInput of what the fields say", () => {
  const { container, sent } = draw("charging");
  button(container, "chargeStop").click();
  field(container, "charging-deferred-immediate-now", true);
  field(container, "charging-deferred-endTime", "06:30");
  field(container, "charging-deferred-chargeToFull", true);
  button(container, "chargeDeferred").click();
  for (const day of ["Tue", "Sat"]) {
    field(container, `charging-program2-days-${day}`, true);
  }
  field(container, "charging-program2-start", "23:15");
  field(container, "charging-program2-minChargingLevel", "35");
  field(container, "charging-program2-maxChargingLevel", "85");
  field(container, "charging-program2-chargeType", "Cooperative");
  field(container, "charging-program2-enabled", false);
  button(container, "chargeProgramSet2").click();
  button(container, "chargeProgramDelete1").click();
  field(container, "charging-rate-chargePreferenceRate", "LowPlus");
  button(container, "chargeRate").click();
  field(container, "charging-limit-chargeLimit", "MedPlus");
  button(container, "chargeLimit").click();
  assert.deepEqual(sent, [
    ["chargeStop", { feature: "charging", immediate: false }],
    ["chargeDeferred", { feature: "charging", deferred: { immediate: true, endTime: "06:30", chargeToFull: true } }],
    [
      "chargeProgramSet2",
      {
        feature: "charging",
        programs: [{ slot: 2, actionsType: "Set", start: "23:15", days: ["Tue", "Sat"], enabled: false, chargeToFull: true, minChargingLevel: 35, maxChargingLevel: 85, chargeType: "Cooperative" }],
      },
    ],
    ["chargeProgramDelete1", { feature: "charging", programs: [{ slot: 1, actionsType: "Delete" }] }],
    ["chargeRate", { feature: "charging", settings: { chargePreferenceRate: "LowPlus" } }],
    ["chargeLimit", { feature: "charging", settings: { chargeLimit: "MedPlus" } }],
  ]);
  // "Now" leaves the start time out of reach; "at a time" brings it back.
  assert.equal(byId(container, "charging-deferred-startTime").disabled, true);
  field(container, "charging-deferred-immediate-now", false);
  field(container, "charging-deferred-immediate-at", true);
  assert.equal(byId(container, "charging-deferred-startTime").disabled, false);
});

test("preconditioning, theft alerts and the rest send their inputs", () => {
  const pre = draw("preconditioning");
  field(pre.container, "preconditioning-program3-days-Mon", true);
  field(pre.container, "preconditioning-program3-start", "07:10");
  field(pre.container, "preconditioning-program3-temp", "19.5");
  button(pre.container, "precondProgramSet3").click();
  field(pre.container, "preconditioning-settings-temp", "23");
  field(pre.container, "preconditioning-settings-mode", "Manual");
  field(pre.container, "preconditioning-settings-state", "Unactivated");
  button(pre.container, "precondSettings").click();
  button(pre.container, "precondOn").click();
  assert.deepEqual(pre.sent, [
    ["precondProgramSet3", { feature: "preconditioning", programs: [{ slot: 3, actionsType: "Set", start: "07:10", days: ["Mon"], enabled: true, temp: 19.5 }] }],
    ["precondSettings", { feature: "preconditioning", settings: { temp: 23, mode: "Manual", state: "Unactivated" } }],
    ["precondOn", { feature: "preconditioning", immediate: true }],
  ]);
  const tan = draw("tan");
  field(tan.container, "tan-suppress-duration", "5");
  for (const action of ACTIONS.tan) {
    button(tan.container, action).click();
  }
  assert.deepEqual(tan.sent.map(([, input]) => input), [
    { feature: "tan", suppress: true, duration: 5 },
    { feature: "tan", suppress: false },
    { feature: "tan", confirm: true },
    { feature: "tan", confirm: false },
  ]);
  const expected = {
    stolen: [{ state: true }, { state: false }, { crankInhibit: true }, { crankInhibit: false }],
    lights: [{ state: "Activated" }, { state: "Unactivated" }],
    locking: [{ state: "Locked" }, { state: "Unlocked" }],
    horn: [{ state: "Activated" }, { state: "Unactivated" }],
    immobilization: [{ activate: true }, { activate: false }],
    state: [{}],
    wakeUp: [{}],
    vehicleFinder: [{}],
    onboardPersonalData: [{}],
  };
  for (const [feature, inputs] of Object.entries(expected)) {
    const { container, sent } = draw(feature);
    ACTIONS[feature].forEach((action) => button(container, action).click());
    assert.deepEqual(sent.map(([, input]) => input), inputs.map((input) => ({ feature, ...input })), feature);
  }
});

test("busy and unsupported controls are disabled with the reason; guarded ones are danger", () => {
  const busy = draw("locking", { busy: new Set(["lock"]) });
  assert.deepEqual([button(busy.container, "lock").disabled, button(busy.container, "lock").title], [true, "Being sent…"]);
  assert.equal(button(busy.container, "unlock").disabled, false);
  busy.form.setBusy(new Set(["unlock"]));
  assert.deepEqual([button(busy.container, "lock").disabled, button(busy.container, "unlock").disabled], [false, true]);
  const lacking = draw("charging", { support: { feature: "charging", supported: false, guarded: false, states: null, slots: 2 } });
  assert.ok(buttons(lacking.container).every((b) => b.disabled && b.title === "This vehicle does not support this command."));
  const guarded = draw("immobilization", { support: { feature: "immobilization", supported: true, guarded: true, states: null, slots: null } });
  assert.ok(button(guarded.container, "immobilize").classList.contains("danger"));
  assert.ok(!button(guarded.container, "release").classList.contains("danger"));
  assert.ok(!button(draw("immobilization").container, "immobilize").classList.contains("danger"));
  assert.ok(button(draw("charging").container, "chargeProgramDelete1").classList.contains("secondary"));
});

test("horn and lights offer the states the vehicle allows; program slots follow the capability", () => {
  const horn = draw("horn", { support: { feature: "horn", supported: true, guarded: false, states: ["Activated"], slots: null } });
  assert.deepEqual(buttons(horn.container).map((b) => b.dataset.action), ["hornOn"]);
  const charging = formSections("charging", { t: translator("en"), vehicle, support: { feature: "charging", supported: true, slots: 1 }, usage: null, busy: new Set(), send() {} });
  assert.deepEqual(charging.map((s) => s.id), ["now", "deferred", "program1", "rate", "limit"]);
  const pre = formSections("preconditioning", { t: translator("en"), vehicle, support: { feature: "preconditioning", supported: true, slots: 9 }, usage: null, busy: new Set(), send() {} });
  assert.equal(pre.filter((s) => s.id.startsWith("program")).length, 4);
});

test("forms show the vehicle's current values and the wake-ups used", () => {
  assert.match(draw("charging").container.textContent, /Now: Not charging, plugged in · 62 %/);
  assert.match(draw("locking").container.textContent, /Now: Unlocked.*Open: boot/);
  assert.match(draw("vehicleFinder").container.textContent, /48\.8566° N, 2\.3522° E \(10 min ago\)/);
  assert.match(draw("wakeUp").container.textContent, /Wake-ups this month: 3 of 20\./);
  const near = draw("state", { usage: { ...usage, wakeUps: 15, since: "appStart" } }).container;
  assert.match(near.textContent, /since the app started: 15 of 20/);
  assert.ok(all(near).some((e) => e.classList.contains("warn") && /Close to the monthly limit/.test(e.textContent)));
  const over = draw("wakeUp", { usage: { ...usage, wakeUps: 21 } }).container;
  assert.ok(all(over).some((e) => e.classList.contains("alert") && /Monthly limit reached/.test(e.textContent)));
  assert.match(draw("wakeUp", { usage: null }).container.textContent, /not known yet/);
});

test("the field Rust refused is marked with its message, and only that one", () => {
  const { container, form } = draw("charging");
  button(container, "chargeProgramSet2").click();
  const refusal = { kind: "invalidInput", field: "programs[0].minChargingLevel", allowed: "a whole number from 0 to 50", got: "60", message: "programs[0].minChargingLevel is not valid (got 60): use a whole number from 0 to 50" };
  assert.equal(form.markErrors(refusal), true);
  const input = byId(container, "charging-program2-minChargingLevel");
  assert.equal(input.getAttribute("aria-invalid"), "true");
  const message = byId(container, "charging-program2-minChargingLevel-error");
  assert.equal(message.textContent, refusal.message);
  assert.equal(input.getAttribute("aria-describedby"), message.id);
  assert.equal(byId(container, "charging-program1-minChargingLevel").getAttribute("aria-invalid"), null);
  // A new refusal replaces the old mark; the days of a program are marked as a group.
  assert.equal(form.markErrors({ ...refusal, field: "programs[0].days", message: "pick a day" }), true);
  assert.equal(input.getAttribute("aria-invalid"), null);
  assert.equal(byId(container, "charging-program2-minChargingLevel-error"), undefined);
  assert.equal(byId(container, "charging-program2-days-Mon").getAttribute("aria-invalid"), "true");
  assert.equal(byId(container, "charging-program2-days-error").textContent, "pick a day");
  // A refusal naming no field of the form, or another kind of error, marks nothing.
  assert.equal(form.markErrors({ ...refusal, field: "charging" }), false);
  assert.equal(byId(container, "charging-program2-days-error"), undefined);
  assert.equal(form.markErrors({ kind: "vehicleAsleep", message: "asleep" }), false);
  assert.equal(form.markErrors(null), false);
  // Deferred and settings fields are found by their last name.
  button(container, "chargeDeferred").click();
  assert.equal(form.markErrors({ ...refusal, field: "deferred.endTime", message: "end" }), true);
  assert.equal(byId(container, "charging-deferred-endTime").getAttribute("aria-describedby"), "charging-deferred-endTime-hint charging-deferred-endTime-error");
  // Typing in the field clears its mark.
  byId(container, "charging-deferred-endTime").fire("input");
  assert.equal(byId(container, "charging-deferred-endTime-error"), undefined);
  assert.equal(byId(container, "charging-deferred-endTime").getAttribute("aria-describedby"), "charging-deferred-endTime-hint");
});

test("drawn again for the same vehicle, a form keeps what was typed, the mark and the focus", () => {
  const first = draw("preconditioning");
  field(first.container, "preconditioning-settings-temp", "40");
  button(first.container, "precondSettings").click();
  first.form.markErrors({ kind: "invalidInput", field: "settings.temp", message: "use 10 to 35" });
  button(first.container, "precondSettings").focus();
  const again = draw("preconditioning", { support: { feature: "preconditioning", supported: true, guarded: false, slots: 2 } }, first.container);
  assert.equal(byId(again.container, "preconditioning-settings-temp").value, "40");
  assert.equal(byId(again.container, "preconditioning-settings-temp-error").textContent, "use 10 to 35");
  assert.equal(globalThis.document.activeElement, button(again.container, "precondSettings"));
  const other = draw("preconditioning", { vehicle: { ...vehicle, id: "veh-2" } }, first.container);
  assert.equal(byId(other.container, "preconditioning-settings-temp").value, "21");
  assert.equal(byId(other.container, "preconditioning-settings-temp-error"), undefined);
});

test("a program set in the vehicle fills its slot's fields", () => {
  const programs = [{ slot: 2, start: "06:40", days: ["Tue", "Thu"], temp: 18.5, enabled: false }];
  const sections = formSections("preconditioning", {
    t: translator("en"),
    vehicle: { ...vehicle, preconditioningPrograms: programs },
    support: undefined,
    usage,
    busy: new Set(),
    send: () => {},
  });
  const values = (id) => Object.fromEntries((sections.find((s) => s.id === id)?.fields ?? []).map((f) => [f.name, f.value]));
  assert.deepEqual(values("program2"), { days: ["Tue", "Thu"], start: "06:40", temp: "18.5", enabled: false });
  assert.deepEqual(values("program1"), { days: [], start: "", temp: "21", enabled: true }, "an empty slot starts from the defaults");
  assert.equal(sections.find((s) => s.id === "program2")?.notes?.length, 1);
});
