import assert from "node:assert/strict";
import { test } from "node:test";

import * as inputs from "../../ui/inputs.js";

test("charging now, deferred, programs and settings", () => {
  assert.deepEqual(inputs.chargingImmediate(true), { feature: "charging", immediate: true });
  assert.deepEqual(inputs.chargingImmediate(false), { feature: "charging", immediate: false });
  assert.deepEqual(inputs.chargingDeferred({ immediate: false, startTime: "22:30", endTime: "06:15", chargeToFull: true }), {
    feature: "charging",
    deferred: { startTime: "22:30", endTime: "06:15", chargeToFull: true },
  });
  assert.deepEqual(inputs.chargingDeferred({ immediate: true, startTime: "22:30", endTime: "", chargeToFull: false }), {
    feature: "charging",
    deferred: { immediate: true },
  });
  assert.deepEqual(inputs.chargingDeferred({ immediate: true, endTime: "07:00", chargeToFull: false }), {
    feature: "charging",
    deferred: { immediate: true, endTime: "07:00", chargeToFull: false },
  });
  // Charge to full without an end time goes to Rust, which names the end time as missing.
  assert.deepEqual(inputs.chargingDeferred({ startTime: "23:00:00", endTime: " ", chargeToFull: true }), {
    feature: "charging",
    deferred: { startTime: "23:00", chargeToFull: true },
  });
  assert.deepEqual(
    inputs.chargingProgramSet(2, {
      days: ["Sun", "Mon", "Wed"],
      start: "23:00",
      end: "05:30",
      minChargingLevel: "30",
      maxChargingLevel: "90",
      chargeType: "Cooperative",
      enabled: false,
      chargeToFull: false,
    }),
    {
      feature: "charging",
      programs: [
        {
          slot: 2,
          actionsType: "Set",
          start: "23:00",
          end: "05:30",
          days: ["Mon", "Wed", "Sun"],
          enabled: false,
          chargeToFull: false,
          minChargingLevel: 30,
          maxChargingLevel: 90,
          chargeType: "Cooperative",
        },
      ],
    },
  );
  assert.deepEqual(inputs.chargingProgramSet("1", { days: [], start: "", end: "", minChargingLevel: "", maxChargingLevel: "abc" }), {
    feature: "charging",
    programs: [{ slot: 1, actionsType: "Set", days: [], maxChargingLevel: "abc" }],
  });
  assert.deepEqual(inputs.chargingProgramDelete(2), { feature: "charging", programs: [{ slot: 2, actionsType: "Delete" }] });
  assert.deepEqual(inputs.chargingRate("LowPlus"), { feature: "charging", settings: { chargePreferenceRate: "LowPlus" } });
  assert.deepEqual(inputs.chargingLimit("MedPlus"), { feature: "charging", settings: { chargeLimit: "MedPlus" } });
});

test("preconditioning now, programs and settings", () => {
  assert.deepEqual(inputs.preconditioningImmediate(true), { feature: "preconditioning", immediate: true });
  assert.deepEqual(inputs.preconditioningImmediate(false), { feature: "preconditioning", immediate: false });
  assert.deepEqual(inputs.preconditioningProgramSet(4, { days: ["Sat", "Fri"], start: "07:45", temp: "19.5", enabled: false }), {
    feature: "preconditioning",
    programs: [{ slot: 4, actionsType: "Set", start: "07:45", days: ["Fri", "Sat"], enabled: false, temp: 19.5 }],
  });
  assert.deepEqual(inputs.preconditioningProgramSet(1, { days: ["Mon"], start: "07:00", temp: "", enabled: true }), {
    feature: "preconditioning",
    programs: [{ slot: 1, actionsType: "Set", start: "07:00", days: ["Mon"], enabled: true }],
  });
  assert.deepEqual(inputs.preconditioningProgramDelete(3), {
    feature: "preconditioning",
    programs: [{ slot: 3, actionsType: "Delete" }],
  });
  assert.deepEqual(inputs.preconditioningSettings({ temp: "24", mode: "Manual", state: "Unactivated" }), {
    feature: "preconditioning",
    settings: { temp: 24, mode: "Manual", state: "Unactivated" },
  });
  assert.deepEqual(inputs.preconditioningSettings({ temp: "21,5", mode: "Auto", state: "Activated" }), {
    feature: "preconditioning",
    settings: { temp: 21.5, mode: "Auto", state: "Activated" },
  });
  // An empty temperature is left out: Rust says it is missing and names it.
  assert.deepEqual(inputs.preconditioningSettings({ temp: "" }), { feature: "preconditioning", settings: {} });
});

test("horn, lights, locking, immobilization, stolen", () => {
  assert.deepEqual(inputs.hornInput("Activated"), { feature: "horn", state: "Activated" });
  assert.deepEqual(inputs.hornInput("Unactivated"), { feature: "horn", state: "Unactivated" });
  assert.deepEqual(inputs.lightsInput("Unactivated"), { feature: "lights", state: "Unactivated" });
  assert.deepEqual(inputs.lockingInput(true), { feature: "locking", state: "Locked" });
  assert.deepEqual(inputs.lockingInput(false), { feature: "locking", state: "Unlocked" });
  assert.deepEqual(inputs.immobilizationInput(true), { feature: "immobilization", activate: true });
  assert.deepEqual(inputs.immobilizationInput(false), { feature: "immobilization", activate: false });
  assert.deepEqual(inputs.stolenInput(true), { feature: "stolen", state: true });
  assert.deepEqual(inputs.stolenInput(false), { feature: "stolen", state: false });
  assert.deepEqual(inputs.crankInhibitInput(true), { feature: "stolen", crankInhibit: true });
  assert.deepEqual(inputs.crankInhibitInput(false), { feature: "stolen", crankInhibit: false });
});

test("theft alerts, onboard data, wake-up, state, finder", () => {
  assert.deepEqual(inputs.tanSuppress("4"), { feature: "tan", suppress: true, duration: 4 });
  assert.deepEqual(inputs.tanSuppress(0), { feature: "tan", suppress: true, duration: 0 });
  assert.deepEqual(inputs.tanSuppress(""), { feature: "tan", suppress: true });
  assert.deepEqual(inputs.tanEndSuppression(), { feature: "tan", suppress: false });
  assert.deepEqual(inputs.tanConfirm(true), { feature: "tan", confirm: true });
  assert.deepEqual(inputs.tanConfirm(false), { feature: "tan", confirm: false });
  assert.deepEqual(inputs.onboardDataDelete(), { feature: "onboardPersonalData" });
  assert.deepEqual(inputs.wakeUpInput(), { feature: "wakeUp" });
  assert.deepEqual(inputs.stateInput(), { feature: "state" });
  assert.deepEqual(inputs.vehicleFinderInput(), { feature: "vehicleFinder" });
});

test("field values: empty is absent, numbers are numbers, the rest is left for Rust", () => {
  assert.equal(inputs.text("  "), undefined);
  assert.equal(inputs.text(null), undefined);
  assert.equal(inputs.text(" Auto "), "Auto");
  assert.equal(inputs.number(""), undefined);
  assert.equal(inputs.number("60"), 60);
  assert.equal(inputs.number(7), 7);
  assert.equal(inputs.number("12.5"), 12.5);
  assert.equal(inputs.number("lots"), "lots");
  assert.equal(inputs.time("7:05"), "7:05");
  assert.equal(inputs.time("07:05:00"), "07:05");
  assert.equal(inputs.time("PT7H"), "PT7H");
  assert.equal(inputs.time(""), undefined);
});
