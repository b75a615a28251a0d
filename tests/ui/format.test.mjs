import assert from "node:assert/strict";
import { test } from "node:test";

import { commandButtons, navigationInput } from "../../ui/commands.js";
import { clockTime, credentialsSummary, errorMessage, stepOutcome, stepText, vehicleFacts } from "../../ui/format.js";
import { translator } from "../../ui/i18n.js";

const t = translator("en");

test("errors from Rust show their message", () => {
  const error = { kind: "keyringUnavailable", message: "The system keyring is not available (x)." };
  assert.equal(errorMessage(error, t), "The system keyring is not available (x).");
});

test("anything else is reported as unexpected, with its detail", () => {
  assert.equal(errorMessage("boom", t), "Something unexpected went wrong (boom). Please try again.");
  assert.equal(errorMessage({ code: 1 }, t), 'Something unexpected went wrong ({"code":1}). Please try again.');
  assert.equal(errorMessage(undefined, t), "Something unexpected went wrong (undefined). Please try again.");
});

test("credentials summary covers none, id only and both", () => {
  assert.equal(credentialsSummary({ clientId: null, hasSecret: false }, t), "No credentials stored.");
  assert.equal(
    credentialsSummary({ clientId: "fleet-1", hasSecret: true }, t),
    "Credentials for fleet-1 are stored in the system keyring.",
  );
  assert.match(credentialsSummary({ clientId: "fleet-1", hasSecret: false }, t), /no secret/);
});

test("steps read as sentences, failures with a translated cause", () => {
  assert.equal(stepText({ type: "pending", status: "WakingUpVehicle" }, t), "Waking up the vehicle");
  assert.equal(stepText({ type: "pending", status: "NewStep" }, t), "NewStep");
  assert.equal(
    stepText({ type: "done", status: "Failed", succeeded: false, cause: "DoorsOpen", explanation: "x" }, t),
    "Failed: A door or the trunk is open. Close it, then try again.",
  );
  assert.equal(
    stepText({ type: "done", status: "Failed", succeeded: false, cause: "Martian", explanation: "From Rust." }, t),
    "Failed: From Rust.",
  );
  assert.equal(stepText({ type: "done", status: "Success", succeeded: true }, t), "Success");
  assert.equal(
    stepText({ type: "done", status: "Success", succeeded: true, position: { lat: 45.5, lon: 4.25 } }, t),
    "Success. Found at 45.50000, 4.25000",
  );
  assert.match(stepText({ type: "rejected", kind: "unsupported", message: "No horn." }, t), /^Refused: No horn\.$/);
  assert.equal(stepOutcome({ type: "done", succeeded: false }), "failure");
  assert.equal(stepOutcome({ type: "done", succeeded: true }), "success");
  assert.equal(stepOutcome({ type: "pending" }), "");
  assert.equal(stepText({ type: "done", status: "Failed", succeeded: false, cause: "DoorsOpen" }, translator("fr")).startsWith("Échec : Une porte"), true);
});

test("vehicle facts say unknown instead of guessing", () => {
  const facts = vehicleFacts(
    { energy: "electric", batteryPercent: 81.6, lock: null, openDoors: ["Driver"], moving: null, position: null, vin: "VR3X" },
    t,
  );
  assert.deepEqual(facts, [
    ["Energy", "Electric"],
    ["Battery", "82 %"],
    ["Doors", "Unknown"],
    ["Open", "Driver"],
    ["Moving", "Unknown"],
    ["Position", "Hidden"],
    ["VIN", "VR3X"],
  ]);
  const thermic = vehicleFacts({ energy: "thermic", fuelPercent: null, lock: "locked", openDoors: [], moving: false, position: { lat: 1, lon: 2 } }, t);
  assert.deepEqual(thermic.slice(0, 2), [["Energy", "Petrol/diesel"], ["Fuel", "Unknown"]]);
  assert.deepEqual(thermic[2], ["Doors", "Locked"]);
});

test("clock times have milliseconds", () => {
  assert.match(clockTime(Date.UTC(2026, 0, 1, 12, 3, 7, 42)), /^\d\d:\d\d:07\.042$/);
});

test("a route becomes a navigation command with rounded degrees", () => {
  assert.deepEqual(navigationInput([{ lat: 48.123456789, lng: 2.5 }]), {
    feature: "navigation",
    positions: [{ latitude: 48.123457, longitude: 2.5 }],
  });
  assert.ok(commandButtons.every((b) => typeof b.input.feature === "string"));
});
