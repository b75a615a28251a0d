// The command forms of the vehicle panel, one per feature (navigation is the route planner's):
// which sections each feature has (the family files) and drawing them (render.js).
import { chargingSections } from "./charging.js";
import { preconditioningSections } from "./preconditioning.js";
import { drawSections } from "./render.js";
import {
  hornSections,
  immobilizationSections,
  lightsSections,
  lockingSections,
  onboardDataSections,
  stolenSections,
} from "./simple.js";
import { tanSections } from "./tan.js";
import { stateSections, vehicleFinderSections, wakeUpSections } from "./wake.js";

/** One entry per feature except navigation (the route planner is Part C's), in the CLI's order. */
export const FEATURES = [
  "charging",
  "stolen",
  "lights",
  "preconditioning",
  "locking",
  "horn",
  "immobilization",
  "state",
  "wakeUp",
  "vehicleFinder",
  "tan",
  "onboardPersonalData",
];

/** @type {Record<string, (ctx: import("./fields.js").FormContext) => import("./fields.js").Section[]>} */
const SECTIONS = {
  charging: chargingSections,
  stolen: stolenSections,
  lights: lightsSections,
  preconditioning: preconditioningSections,
  locking: lockingSections,
  horn: hornSections,
  immobilization: immobilizationSections,
  state: stateSections,
  wakeUp: wakeUpSections,
  vehicleFinder: vehicleFinderSections,
  tan: (ctx) => tanSections(ctx),
  onboardPersonalData: onboardDataSections,
};

/**
 * The sections of `feature`'s form for `ctx`, as data (what renderForm draws).
 * @param {string} feature
 * @param {import("./fields.js").FormContext} ctx
 */
export function formSections(feature, ctx) {
  const sections = SECTIONS[feature];
  if (!Object.hasOwn(SECTIONS, feature) || !sections) {
    throw new Error(`no form for the feature ${feature}`);
  }
  return sections(ctx);
}

/**
 * Renders the form of `feature` into `container` (replacing its children). Every control that
 * sends carries data-feature, data-action (its action key) and data-name (its words); it is
 * disabled while its key is in `ctx.busy` or when `ctx.support.supported === false`.
 * Returns `markErrors(error)`, which marks the field Rust refused (`error.kind ===
 * "invalidInput"`, `error.field`, `error.message`) and clears earlier marks, false when no
 * field matches; and `setBusy(busy)`, which updates the buttons without drawing again.
 * @param {string} feature
 * @param {HTMLElement} container
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./render.js").FormHandle}
 */
export function renderForm(feature, container, ctx) {
  return drawSections(feature, container, formSections(feature, ctx), ctx);
}
