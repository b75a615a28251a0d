// The forms made of buttons only: horn, lights, locking, immobilization, stolen and crank
// inhibit, onboard personal data. Each shows what is known of the vehicle next to its buttons.
import {
  crankInhibitInput,
  hornInput,
  immobilizationInput,
  lightsInput,
  lockingInput,
  onboardDataDelete,
  stolenInput,
} from "../inputs.js";
import { ageText, codeText } from "../status.js";

/** The states horn and lights have when the capability does not restrict them. */
const BOTH_STATES = ["Activated", "Unactivated"];

/**
 * The states the vehicle allows for horn or lights.
 * @param {import("./fields.js").FormContext} ctx
 */
function allowedStates(ctx) {
  const states = ctx.support?.states;
  return Array.isArray(states) ? states : BOTH_STATES;
}

/**
 * "Last sent from this app: immobilized (3 h ago)", from the journal's usage answer.
 * @param {import("./fields.js").Translate} t
 * @param {{on: boolean, at: string} | null | undefined} last
 * @param {string} on text key when on
 * @param {string} off text key when off
 * @returns {import("./fields.js").Note[]}
 */
function lastSent(t, last, on, off) {
  if (!last) {
    return [];
  }
  const age = ageText(last.at, t);
  const state = t(last.on ? on : off);
  return [{ text: age ? t("formLastSentAge", { state, age }) : t("formLastSent", { state }), tone: last.on ? "alert" : "" }];
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function hornSections(ctx) {
  const { t } = ctx;
  const states = allowedStates(ctx);
  const actions = [];
  if (states.includes("Activated")) {
    actions.push({ key: "hornOn", label: t("hornOn"), build: () => hornInput("Activated") });
  }
  if (states.includes("Unactivated")) {
    actions.push({ key: "hornOff", label: t("hornOff"), build: () => hornInput("Unactivated") });
  }
  return [{ id: "horn", actions }];
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function lightsSections(ctx) {
  const { t } = ctx;
  const states = allowedStates(ctx);
  const actions = [];
  if (states.includes("Activated")) {
    actions.push({ key: "lightsOn", label: t("lightsOn"), build: () => lightsInput("Activated") });
  }
  if (states.includes("Unactivated")) {
    actions.push({ key: "lightsOff", label: t("lightsOff"), build: () => lightsInput("Unactivated") });
  }
  return [{ id: "lights", actions }];
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function lockingSections(ctx) {
  const { t, vehicle } = ctx;
  /** @type {import("./fields.js").Note[]} */
  const notes = [];
  if (vehicle?.lock) {
    notes.push({ text: t("formNow", { state: codeText(t, "lock_", vehicle.lock) }) });
  }
  const open = Array.isArray(vehicle?.openDoors) ? vehicle.openDoors : [];
  if (open.length) {
    notes.push({ text: t("lockingOpen", { doors: open.map((/** @type {string} */ d) => codeText(t, "door_", d)).join(", ") }), tone: "warn" });
  }
  return [
    {
      id: "locking",
      notes,
      actions: [
        { key: "lock", label: t("cmd_lock"), build: () => lockingInput(true) },
        { key: "unlock", label: t("cmd_unlock"), build: () => lockingInput(false) },
      ],
    },
  ];
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function immobilizationSections(ctx) {
  const { t } = ctx;
  return [
    {
      id: "immobilization",
      notes: [{ text: t("immobilizationHint") }, ...lastSent(t, ctx.usage?.immobilized, "immobilizedOn", "immobilizedOff")],
      actions: [
        { key: "immobilize", label: t("immobilizationOn"), build: () => immobilizationInput(true), engages: true },
        { key: "release", label: t("cmd_release"), build: () => immobilizationInput(false) },
      ],
    },
  ];
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function stolenSections(ctx) {
  const { t, vehicle, usage } = ctx;
  // The vehicle's own report wins over what was last sent from here.
  /** @type {import("./fields.js").Note[]} */
  const reported =
    typeof vehicle?.stolen === "boolean"
      ? [{ text: t("formNow", { state: t(vehicle.stolen ? "stolenOn" : "stolenOff") }), tone: vehicle.stolen ? "alert" : "" }]
      : lastSent(t, usage?.stolen, "stolenOn", "stolenOff");
  return [
    {
      id: "stolen",
      title: t("stolenTitle"),
      notes: [{ text: t("stolenHint") }, ...reported],
      actions: [
        { key: "stolenDeclare", label: t("stolenDeclare"), build: () => stolenInput(true), engages: true },
        { key: "stolenClear", label: t("stolenClear"), build: () => stolenInput(false) },
      ],
    },
    {
      id: "crankInhibit",
      title: t("crankInhibitTitle"),
      notes: [{ text: t("crankInhibitHint") }, ...lastSent(t, usage?.crankInhibit, "crankInhibitOn", "crankInhibitOff")],
      actions: [
        { key: "crankInhibitOn", label: t("crankInhibitBlock"), build: () => crankInhibitInput(true), engages: true },
        { key: "crankInhibitOff", label: t("crankInhibitAllow"), build: () => crankInhibitInput(false) },
      ],
    },
  ];
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function onboardDataSections(ctx) {
  const { t } = ctx;
  return [
    {
      id: "onboardPersonalData",
      notes: [{ text: t("onboardDataHint") }],
      actions: [{ key: "erase", label: t("onboardDataDelete"), build: () => onboardDataDelete(), engages: true }],
    },
  ];
}
