// The command buttons of the vehicle panel: which feature each belongs to (to disable it when
// the vehicle lacks it) and the plain command it sends. Rust checks every command and says which
// ones need a confirmation; this list only names them.

/**
 * @typedef {{key: string, feature: string, input: Record<string, unknown>}} CommandButton
 */

/** @type {CommandButton[]} */
export const commandButtons = [
  { key: "lock", feature: "locking", input: { feature: "locking", state: "Locked" } },
  { key: "unlock", feature: "locking", input: { feature: "locking", state: "Unlocked" } },
  { key: "horn", feature: "horn", input: { feature: "horn", state: "Activated" } },
  { key: "lights", feature: "lights", input: { feature: "lights", state: "Activated" } },
  { key: "wakeUp", feature: "wakeUp", input: { feature: "wakeUp" } },
  { key: "state", feature: "state", input: { feature: "state" } },
  { key: "vehicleFinder", feature: "vehicleFinder", input: { feature: "vehicleFinder" } },
  { key: "chargeStart", feature: "charging", input: { feature: "charging", immediate: true } },
  { key: "chargeStop", feature: "charging", input: { feature: "charging", immediate: false } },
  { key: "precondOn", feature: "preconditioning", input: { feature: "preconditioning", immediate: true } },
  { key: "precondOff", feature: "preconditioning", input: { feature: "preconditioning", immediate: false } },
  { key: "immobilize", feature: "immobilization", input: { feature: "immobilization", activate: true } },
  { key: "release", feature: "immobilization", input: { feature: "immobilization", activate: false } },
  { key: "erase", feature: "onboardPersonalData", input: { feature: "onboardPersonalData" } },
];

/**
 * The navigation command for the points clicked on the map, in order.
 * @param {{latitude: number, longitude: number}[]} points
 */
export function navigationInput(points) {
  return {
    feature: "navigation",
    positions: points.map((p) => ({ latitude: round(p.latitude), longitude: round(p.longitude) })),
  };
}

/** Six decimals: about 10 cm, more than a click on the map can mean. */
function round(/** @type {number} */ degrees) {
  return Math.round(degrees * 1e6) / 1e6;
}
