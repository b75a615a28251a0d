// Which vehicles the list shows: a search over the words a person knows a vehicle by (its name,
// brand, model, VIN) and filters on its state. Pure: the list and its tests share it.

/**
 * @typedef {{
 *   text: string,
 *   energy: "" | "electric" | "hybrid" | "thermic" | "hydrogen",
 *   locked: "" | "locked" | "unlocked",
 *   charging: boolean,
 *   asleep: boolean,
 *   attention: boolean,
 * }} VehicleFilter
 */

/** @returns {VehicleFilter} the filter that shows every vehicle */
export function noFilter() {
  return { text: "", energy: "", locked: "", charging: false, asleep: false, attention: false };
}

/**
 * Lower case without accents, so that "citroen" finds "Citroën".
 * @param {string} text
 */
export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * What the search looks in, folded once per vehicle.
 * @param {any} vehicle a VehicleSummary
 */
export function searchText(vehicle) {
  return fold([vehicle.label, vehicle.name, vehicle.brand, vehicle.model, vehicle.vin, vehicle.id].filter(Boolean).join(" "));
}

/**
 * Whether `vehicle` passes `filter`. Every word of the search must appear (in any order).
 * @param {any} vehicle a VehicleSummary
 * @param {VehicleFilter} filter
 * @param {string} [haystack] `searchText(vehicle)`, when already known
 */
export function matches(vehicle, filter, haystack) {
  const words = fold(filter.text).split(/\s+/).filter(Boolean);
  if (words.length) {
    const text = haystack ?? searchText(vehicle);
    if (!words.every((word) => text.includes(word))) {
      return false;
    }
  }
  if (filter.energy && vehicle.energy !== filter.energy) {
    return false;
  }
  if (filter.locked && vehicle.lock !== filter.locked) {
    return false;
  }
  if (filter.charging && vehicle.charging !== "InProgress") {
    return false;
  }
  if (filter.asleep && vehicle.asleep !== true) {
    return false;
  }
  if (filter.attention && !(vehicle.attention ?? []).length) {
    return false;
  }
  return true;
}

/**
 * The indexes of the vehicles that pass, in the list's order.
 * @param {any[]} vehicles
 * @param {VehicleFilter} filter
 * @param {string[]} [haystacks] `searchText` of each vehicle, same order
 */
export function filterVehicles(vehicles, filter, haystacks) {
  /** @type {number[]} */
  const shown = [];
  vehicles.forEach((vehicle, index) => {
    if (matches(vehicle, filter, haystacks?.[index])) {
      shown.push(index);
    }
  });
  return shown;
}

/** @param {VehicleFilter} filter */
export function isFiltered(filter) {
  const none = noFilter();
  return Object.entries(filter).some(([key, value]) => (key === "text" ? value.trim() !== "" : value !== none[/** @type {keyof VehicleFilter} */ (key)]));
}
