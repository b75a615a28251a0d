import assert from "node:assert/strict";
import { test } from "node:test";

import { translator } from "../../ui/i18n.js";
import { ageText, chargingWords, positionWords, readable, statusRows } from "../../ui/status.js";

const en = translator("en");
const fr = translator("fr");
const NOW = Date.parse("2026-12-02T12:00:00Z");
const ago = (/** @type {number} */ minutes) => new Date(NOW - minutes * 60_000).toISOString();

/** A summary as Rust sends it (the issue 9 fields), with every reading present. */
const electric = {
  id: "veh-1",
  label: "Home car",
  energy: "electric",
  energies: [{ kind: "electric", levelPercent: 81.4, rangeKm: 240 }],
  position: { latitude: 48.8566, longitude: 2.3522 },
  lock: "locked",
  openDoors: ["Driver", "Trunk"],
  charging: "InProgress",
  plugged: true,
  chargingMode: "Quick",
  chargingRemainingMinutes: 80,
  preconditioning: "enabled",
  privacy: "none",
  stolen: false,
  battery12vPercent: 64,
  odometerKm: 12345,
  attention: ["doorsOpen", "low12v"],
  readAt: { position: ago(5), energy: ago(0.5), doors: ago(180), battery: ago(60 * 49), odometer: ago(60 * 24), preconditioning: null },
};

const byKey = (/** @type {any[]} */ rows) => Object.fromEntries(rows.map((row) => [row.key, row]));

test("every reading in words, with its age", () => {
  const rows = byKey(statusRows(electric, null, en, NOW));
  assert.deepEqual(rows["energy-electric"], { key: "energy-electric", label: "Battery", value: "81 % · 240 km range", age: "just now", tone: "" });
  assert.equal(rows.charging.value, "Charging, plugged in, fast charge, 1 h 20 min left");
  assert.equal(rows.lock.value, "Locked");
  assert.equal(rows.lock.age, "3 h ago");
  assert.deepEqual([rows.doors.value, rows.doors.tone], ["Driver’s door, boot", "warn"]);
  assert.deepEqual([rows.preconditioning.value, rows.preconditioning.age], ["On", ""]);
  assert.equal(rows.immobilized.value, "Unknown");
  assert.equal(rows.stolen.value, "Not declared stolen");
  assert.equal(rows.privacy.value, "Off: position and data are shared");
  assert.deepEqual([rows.battery12v.value, rows.battery12v.age, rows.battery12v.tone], ["64 %", "2 days ago", "warn"]);
  assert.deepEqual([rows.odometer.value, rows.odometer.age], ["12,345 km", "1 day ago"]);
  assert.deepEqual([rows.position.value, rows.position.age], ["48.8566° N, 2.3522° E", "5 min ago"]);
});

test("the same in French, with French numbers", () => {
  const rows = byKey(statusRows(electric, null, fr, NOW));
  assert.equal(rows.odometer.value.replace(/\s/gu, " "), "12 345 km");
  assert.equal(rows.position.value, "48,8566° N, 2,3522° E");
  assert.equal(rows.charging.value, "En charge, branché, charge rapide, encore 1 h 20 min");
  assert.equal(rows.lock.age, "il y a 3 h");
  assert.equal(rows.doors.value, "Porte conducteur, coffre");
});

test("immobilization, stolen, crank inhibit and theft alerts come from the journal", () => {
  const usage = {
    wakeUps: 3,
    since: "month",
    limit: 20,
    warnAt: 15,
    immobilized: { on: true, at: ago(10) },
    stolen: { on: true, at: ago(120) },
    crankInhibit: { on: true, at: ago(30) },
    theftAlerts: { suppressedUntil: new Date(NOW + 3_600_000).toISOString(), at: ago(1) },
  };
  const rows = byKey(statusRows({ ...electric, stolen: null }, usage, en, NOW));
  assert.deepEqual(rows.immobilized, { key: "immobilized", label: "Immobilization", value: "Immobilized: it cannot be started", age: "10 min ago", tone: "alert" });
  assert.deepEqual([rows.stolen.value, rows.stolen.age, rows.stolen.tone], ["Declared stolen", "2 h ago", "alert"]);
  assert.equal(rows.crankInhibit.value, "Blocked: the engine will not crank");
  assert.match(rows.theftAlerts.value, /^Paused until /);
  const ended = byKey(statusRows(electric, { ...usage, theftAlerts: { suppressedUntil: ago(5), at: ago(60) } }, en, NOW));
  assert.equal(ended.theftAlerts.value, "On");
  // The vehicle's own telemetry says whether it is stolen, over what was last sent from here.
  assert.equal(byKey(statusRows(electric, usage, en, NOW)).stolen.value, "Not declared stolen");
});

test("charging and plug states in words", () => {
  const words = (/** @type {any} */ v) => chargingWords(v, en);
  assert.equal(words({ charging: "Stopped", plugged: true }), "Not charging, plugged in");
  assert.equal(words({ charging: "Finished", plugged: true, chargingMode: "Slow" }), "Charge complete, plugged in");
  assert.equal(words({ charging: "Failure", plugged: true }), "Charging failed, plugged in");
  assert.equal(words({ charging: "Disconnected", plugged: false }), "Not plugged in");
  assert.equal(words({ charging: "InProgress", plugged: true, chargingMode: "Slow", chargingRemainingMinutes: 45 }), "Charging, plugged in, slow charge, 45 min left");
  assert.equal(words({ charging: null, plugged: null }), null);
  assert.equal(words({ charging: null, plugged: false }), "Not plugged in");
});

test("a thermic vehicle with hidden position and an older summary", () => {
  const thermic = { energy: "thermic", fuelPercent: 9, lock: "unlocked", openDoors: [], position: null, privacy: "geolocation", attention: ["lowEnergy", "unreadable"], updatedAt: ago(600) };
  const rows = byKey(statusRows(thermic, null, en, NOW));
  assert.deepEqual(rows["energy-fuel"], { key: "energy-fuel", label: "Fuel", value: "9 %", age: "", tone: "warn" });
  assert.equal(rows.charging, undefined);
  assert.equal(rows.lock.value, "Unlocked");
  assert.equal(rows.doors.value, "All closed");
  assert.equal(rows.position.value, "Hidden by the vehicle’s privacy setting");
  assert.equal(rows.privacy.value, "Position hidden");
  assert.deepEqual([rows.unreadable.value, rows.unreadable.age], ["Could not be read: the values shown may be old", "10 h ago"]);
  assert.equal(rows.battery12v, undefined);
});

test("codes with no text are spelled out, never shown raw", () => {
  const odd = {
    ...electric,
    charging: "WaitingForGrid",
    openDoors: ["FuelFlap", "RearWindow"],
    preconditioning: "paused_by_user",
    privacy: "CORPORATE_MODE",
    energies: [{ kind: "hydrogen", levelPercent: null, rangeKm: null }],
  };
  const rows = byKey(statusRows(odd, null, en, NOW));
  assert.equal(rows.charging.value, "Waiting for grid, plugged in");
  assert.equal(rows.doors.value, "Fuel flap, rear window");
  assert.equal(rows.preconditioning.value, "Paused by user");
  assert.equal(rows.privacy.value, "Corporate mode");
  assert.deepEqual([rows["energy-hydrogen"].label, rows["energy-hydrogen"].value], ["Hydrogen", "Unknown"]);
  assert.equal(readable("SomeNEWState"), "Some new state");
  for (const row of statusRows(odd, null, en, NOW)) {
    assert.doesNotMatch(row.value, /[a-z][A-Z]|_/, `${row.key}: ${row.value}`);
  }
});

test("ages", () => {
  assert.equal(ageText(ago(0), en, NOW), "just now");
  assert.equal(ageText(ago(-5), en, NOW), "just now");
  assert.equal(ageText(ago(5), en, NOW), "5 min ago");
  assert.equal(ageText(ago(59), en, NOW), "59 min ago");
  assert.equal(ageText(ago(60 * 3 + 20), en, NOW), "3 h ago");
  assert.equal(ageText(ago(60 * 24 * 2 + 3), en, NOW), "2 days ago");
  assert.equal(ageText(ago(60 * 24 * 2 + 3), fr, NOW), "il y a 2 jours");
  assert.equal(ageText(null, en, NOW), "");
  assert.equal(ageText("not a date", en, NOW), "");
});

test("positions south and west", () => {
  assert.equal(positionWords({ latitude: -33.86882, longitude: -70.6483 }, en), "33.8688° S, 70.6483° W");
  assert.equal(positionWords({ latitude: -33.86882, longitude: -70.6483 }, fr), "33,8688° S, 70,6483° O");
});
