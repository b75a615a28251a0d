// The forms that wake the vehicle or read it: wake-up and state refresh (each counted towards
// the monthly wake-up limit, shown next to the button), and the vehicle finder.
import { stateInput, vehicleFinderInput, wakeUpInput } from "../inputs.js";
import { ageText, positionWords } from "../status.js";

/**
 * How many wake-ups this vehicle used, and a warning near or past the limit.
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Note[]}
 */
export function wakeUpNotes(ctx) {
  const { t, usage } = ctx;
  /** @type {import("./fields.js").Note[]} */
  const notes = [{ text: t("wakeUpHint") }];
  if (!usage || typeof usage.wakeUps !== "number") {
    notes.push({ text: t("wakeUpsUnknown") });
    return notes;
  }
  const vars = { used: String(usage.wakeUps), limit: String(usage.limit) };
  notes.push({ text: t(usage.since === "appStart" ? "wakeUpsSinceStart" : "wakeUpsThisMonth", vars) });
  if (typeof usage.limit === "number" && usage.wakeUps >= usage.limit) {
    notes.push({ text: t("wakeUpsLimitReached", vars), tone: "alert" });
  } else if (typeof usage.warnAt === "number" && usage.wakeUps >= usage.warnAt) {
    notes.push({ text: t("wakeUpsNearLimit", vars), tone: "warn" });
  }
  return notes;
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function wakeUpSections(ctx) {
  return [{ id: "wakeUp", notes: wakeUpNotes(ctx), actions: [{ key: "wakeUp", label: ctx.t("cmd_wakeUp"), build: () => wakeUpInput() }] }];
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function stateSections(ctx) {
  const { t, vehicle } = ctx;
  const age = ageText(vehicle?.updatedAt, t);
  const notes = [{ text: t("stateHint") }, ...(age ? [{ text: t("stateLastRead", { age }) }] : []), ...wakeUpNotes(ctx).slice(1)];
  return [{ id: "state", notes, actions: [{ key: "state", label: t("cmd_state"), build: () => stateInput() }] }];
}

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function vehicleFinderSections(ctx) {
  const { t, vehicle } = ctx;
  /** @type {import("./fields.js").Note[]} */
  const notes = [{ text: t("finderHint") }];
  if (vehicle?.position) {
    const age = ageText(vehicle.readAt?.position ?? vehicle.updatedAt, t);
    const where = positionWords(vehicle.position, t);
    notes.push({ text: age ? t("finderLastKnownAge", { where, age }) : t("finderLastKnown", { where }) });
  }
  return [{ id: "vehicleFinder", notes, actions: [{ key: "vehicleFinder", label: t("cmd_vehicleFinder"), build: () => vehicleFinderInput() }] }];
}
