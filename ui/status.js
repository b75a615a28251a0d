// The selected vehicle's status at a glance, in words: pure functions from a VehicleSummary and
// the journal's usage answer to rows of label, value, age and tone. An API code is never shown
// as it is: a code with no text yet is spelled out ("SomeNewState" becomes "Some new state").

/** @typedef {(key: string, vars?: Record<string, string>) => string} Translate */
/** @typedef {"" | "warn" | "alert"} Tone "" is fine, "warn" needs a look, "alert" needs acting on */
/** @typedef {{key: string, label: string, value: string, age: string, tone: Tone}} StatusRow */

/** Below this level (percent) the traction battery or the tank needs filling. */
const LOW_ENERGY = 15;
/** Below this level (percent) the 12 V battery may not wake the vehicle. */
const LOW_12V = 70;

/**
 * "Some new state" for `SomeNewState`, `some_new_state` or `SOME_NEW_STATE`: a code that has no
 * text yet, readable rather than raw.
 * @param {string} code
 */
export function readable(code) {
  const words = String(code)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : "";
}

/**
 * The text of `key`, or the code spelled out when the catalogues have no such text.
 * @param {Translate} t
 * @param {string} prefix
 * @param {string} code
 */
export function codeText(t, prefix, code) {
  const key = `${prefix}${code}`;
  const text = t(key);
  return text === key ? readable(code) : text;
}

/**
 * How old a reading taken `at` is: "just now", "5 min ago", "3 h ago", "2 days ago"; "" when
 * unknown.
 * @param {string | null | undefined} at RFC 3339
 * @param {Translate} t
 * @param {number} [now] milliseconds since the epoch
 */
export function ageText(at, t, now = Date.now()) {
  const taken = at ? Date.parse(at) : NaN;
  if (Number.isNaN(taken)) {
    return "";
  }
  const minutes = Math.floor((now - taken) / 60_000);
  if (minutes < 1) {
    return t("ageNow");
  }
  if (minutes < 60) {
    return t("ageMinutes", { count: String(minutes) });
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return t("ageHours", { count: String(hours) });
  }
  const days = Math.floor(hours / 24);
  return days === 1 ? t("ageOneDay") : t("ageDays", { count: String(days) });
}

/**
 * A number in the catalogue's language ("12,345" in English, "12 345" in French).
 * @param {number} value
 * @param {Translate} t
 * @param {Intl.NumberFormatOptions} [options]
 */
export function numberText(value, t, options = { maximumFractionDigits: 0 }) {
  return new Intl.NumberFormat(t("numberLocale"), options).format(value);
}

/**
 * A date and time in the catalogue's language ("2 Dec 2026, 14:30").
 * @param {string} at RFC 3339
 * @param {Translate} t
 */
export function dateText(at, t) {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) {
    return t("unknown");
  }
  return new Intl.DateTimeFormat(t("numberLocale"), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/**
 * "48.8566° N, 2.3522° E".
 * @param {{latitude: number, longitude: number}} position
 * @param {Translate} t
 */
export function positionWords(position, t) {
  const four = { minimumFractionDigits: 4, maximumFractionDigits: 4 };
  return t("glancePositionValue", {
    lat: numberText(Math.abs(position.latitude), t, four),
    ns: t(position.latitude < 0 ? "hemisphereS" : "hemisphereN"),
    lon: numberText(Math.abs(position.longitude), t, four),
    ew: t(position.longitude < 0 ? "hemisphereW" : "hemisphereE"),
  });
}

/**
 * "1 h 20 min", "45 min".
 * @param {number} minutes
 * @param {Translate} t
 */
export function durationText(minutes, t) {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  return hours
    ? t("durationHours", { hours: String(hours), minutes: String(whole % 60) })
    : t("durationMinutes", { minutes: String(whole) });
}

/**
 * Charging and plug in words: "Charging, plugged in, fast charge, 1 h 20 min left"; `null` when
 * the summary says nothing of it.
 * @param {any} v a VehicleSummary
 * @param {Translate} t
 */
export function chargingWords(v, t) {
  const status = v.charging ?? null;
  const plugged = v.plugged ?? null;
  if (status === null && plugged === null) {
    return null;
  }
  const parts = status === null ? [] : [codeText(t, "charging_", status)];
  if (status !== "Disconnected" && plugged !== null) {
    parts.push(t(plugged ? "chargingPlugged" : "chargingUnplugged"));
  }
  if (status === "InProgress") {
    if (v.chargingMode && v.chargingMode !== "No") {
      parts.push(codeText(t, "chargingMode_", v.chargingMode));
    }
    if (typeof v.chargingRemainingMinutes === "number" && v.chargingRemainingMinutes > 0) {
      parts.push(t("chargingLeft", { time: durationText(v.chargingRemainingMinutes, t) }));
    }
  }
  const text = parts.join(", ");
  return text[0].toUpperCase() + text.slice(1);
}

/**
 * The vehicle's energies: `energies` when the summary has them, else its older battery and fuel
 * levels.
 * @param {any} v
 * @returns {{kind: string, levelPercent: number | null, rangeKm: number | null}[]}
 */
function energiesOf(v) {
  if (Array.isArray(v.energies)) {
    return v.energies;
  }
  const list = [];
  if (v.energy === "electric" || v.energy === "hybrid") {
    list.push({ kind: "electric", levelPercent: v.batteryPercent ?? null, rangeKm: null });
  }
  if (v.energy === "thermic" || v.energy === "hybrid") {
    list.push({ kind: "fuel", levelPercent: v.fuelPercent ?? null, rangeKm: null });
  }
  return list;
}

/**
 * The status rows of a vehicle, in the order the panel shows them. Every value is words; `age`
 * says how old the reading is ("" when unknown).
 * @param {any} vehicle a VehicleSummary
 * @param {any} usage the `vehicle_usage` answer, or `null`
 * @param {Translate} t
 * @param {number} [now] milliseconds since the epoch
 * @returns {StatusRow[]}
 */
export function statusRows(vehicle, usage, t, now = Date.now()) {
  const v = vehicle ?? {};
  const read = v.readAt ?? {};
  const age = (/** @type {string | null | undefined} */ at) => ageText(at, t, now);
  /** @type {StatusRow[]} */
  const rows = [];
  const row = (/** @type {string} */ key, /** @type {string} */ label, /** @type {string} */ value, at = "", /** @type {Tone} */ tone = "") =>
    rows.push({ key, label, value, age: at, tone });
  const pct = (/** @type {number} */ value) => t("percent", { value: numberText(value, t) });

  const energies = energiesOf(v);
  for (const energy of energies) {
    const parts = [];
    if (typeof energy.levelPercent === "number") {
      parts.push(pct(energy.levelPercent));
    }
    if (typeof energy.rangeKm === "number") {
      parts.push(t("glanceRange", { km: numberText(energy.rangeKm, t) }));
    }
    const low = typeof energy.levelPercent === "number" && energy.levelPercent < LOW_ENERGY;
    const label = energy.kind === "fuel" ? t("fieldFuel") : energy.kind === "electric" ? t("fieldBattery") : readable(energy.kind);
    row(`energy-${energy.kind}`, label, parts.length ? parts.join(" · ") : t("unknown"), age(read.energy), low ? "warn" : "");
  }
  const charging = chargingWords(v, t);
  if (charging !== null || energies.some((e) => e.kind === "electric")) {
    row("charging", t("fieldCharging"), charging ?? t("unknown"), age(read.energy), v.charging === "Failure" ? "alert" : "");
  }
  row("lock", t("fieldLock"), v.lock ? codeText(t, "lock_", v.lock) : t("unknown"), age(read.doors));
  const open = Array.isArray(v.openDoors) ? v.openDoors : [];
  const doors = open.map((door) => codeText(t, "door_", door)).join(", ");
  row("doors", t("fieldOpen"), open.length ? doors[0].toUpperCase() + doors.slice(1) : t("doorsClosed"), age(read.doors), open.length ? "warn" : "");
  if (v.preconditioning) {
    const failed = v.preconditioning === "failure";
    row("preconditioning", t("glancePreconditioning"), codeText(t, "preconditioning_", v.preconditioning), age(read.preconditioning), failed ? "alert" : "");
  }
  const immobilized = usage?.immobilized ?? null;
  const immobilizedNow = immobilized?.on ?? ((v.attention ?? []).includes("immobilized") || null);
  row(
    "immobilized",
    t("glanceImmobilized"),
    immobilizedNow === null ? t("unknown") : t(immobilizedNow ? "immobilizedOn" : "immobilizedOff"),
    age(immobilized?.at),
    immobilizedNow ? "alert" : "",
  );
  const stolen = typeof v.stolen === "boolean" ? v.stolen : (usage?.stolen?.on ?? null);
  row(
    "stolen",
    t("glanceStolen"),
    stolen === null ? t("unknown") : t(stolen ? "stolenOn" : "stolenOff"),
    typeof v.stolen === "boolean" ? "" : age(usage?.stolen?.at),
    stolen ? "alert" : "",
  );
  if (usage?.crankInhibit) {
    row("crankInhibit", t("glanceCrankInhibit"), t(usage.crankInhibit.on ? "crankInhibitOn" : "crankInhibitOff"), age(usage.crankInhibit.at), usage.crankInhibit.on ? "alert" : "");
  }
  if (usage?.theftAlerts) {
    const until = usage.theftAlerts.suppressedUntil;
    const paused = until && Date.parse(until) > now;
    row("theftAlerts", t("glanceTheftAlerts"), paused ? t("theftAlertsPaused", { until: dateText(until, t) }) : t("theftAlertsOn"), age(usage.theftAlerts.at), paused ? "warn" : "");
  }
  if (v.privacy) {
    row("privacy", t("glancePrivacy"), codeText(t, "privacy_", v.privacy));
  }
  if (typeof v.battery12vPercent === "number") {
    row("battery12v", t("glance12v"), pct(v.battery12vPercent), age(read.battery), v.battery12vPercent < LOW_12V ? "warn" : "");
  }
  if (typeof v.odometerKm === "number") {
    row("odometer", t("glanceOdometer"), t("glanceKm", { km: numberText(v.odometerKm, t) }), age(read.odometer));
  }
  const hidden = v.privacy === "geolocation" || v.privacy === "full";
  row("position", t("fieldPosition"), v.position ? positionWords(v.position, t) : t(hidden ? "positionHidden" : "unknown"), v.position ? age(read.position) : "");
  if ((v.attention ?? []).includes("unreadable")) {
    row("unreadable", t("glanceReading"), t("readingFailed"), age(v.updatedAt), "warn");
  }
  return rows;
}
