import assert from "node:assert/strict";
import { test } from "node:test";

import { filterVehicles, fold, isFiltered, matches, noFilter, searchText } from "../../ui/filter.js";
import { paletteResults } from "../../ui/palette.js";

const fleet = [
  { id: "v0", label: "Van 12", name: "Van 12", brand: "Citroën", model: "ë-Berlingo", vin: "VR7ABCDEF00123456", energy: "electric", lock: "locked", charging: "InProgress", asleep: false, attention: [] },
  { id: "v1", label: "Peugeot 208", name: null, brand: "Peugeot", model: "208", vin: "VR3XYZ00000999888", energy: "thermic", lock: "unlocked", charging: null, asleep: true, attention: ["doorsOpen"] },
  { id: "v2", label: "Opel Corsa", name: null, brand: "Opel", model: "Corsa", vin: null, energy: "hybrid", lock: null, charging: "Stopped", asleep: null, attention: [] },
];

const filter = (changes) => ({ ...noFilter(), ...changes });

test("search folds case and accents, and every word must match", () => {
  assert.equal(fold("Citroën Ë"), "citroen e");
  assert.deepEqual(filterVehicles(fleet, filter({ text: "citroen" })), [0]);
  assert.deepEqual(filterVehicles(fleet, filter({ text: "PEUGEOT 999888" })), [1]);
  assert.deepEqual(filterVehicles(fleet, filter({ text: "peugeot corsa" })), []);
  assert.deepEqual(filterVehicles(fleet, filter({ text: "  " })), [0, 1, 2]);
  assert.deepEqual(filterVehicles(fleet, filter({ text: "van" })), [0], "the user's name is searched");
});

test("filters on energy, locks, charging, sleep and attention", () => {
  assert.deepEqual(filterVehicles(fleet, filter({ energy: "hybrid" })), [2]);
  assert.deepEqual(filterVehicles(fleet, filter({ locked: "unlocked" })), [1]);
  assert.deepEqual(filterVehicles(fleet, filter({ charging: true })), [0]);
  assert.deepEqual(filterVehicles(fleet, filter({ asleep: true })), [1], "unknown sleep is not asleep");
  assert.deepEqual(filterVehicles(fleet, filter({ attention: true })), [1]);
  assert.equal(matches(fleet[0], filter({ energy: "electric", charging: true, text: "berlingo" })), true);
});

test("precomputed haystacks give the same answer", () => {
  const haystacks = fleet.map(searchText);
  assert.deepEqual(filterVehicles(fleet, filter({ text: "opel" }), haystacks), filterVehicles(fleet, filter({ text: "opel" })));
});

test("a filter knows whether it hides anything", () => {
  assert.equal(isFiltered(noFilter()), false);
  assert.equal(isFiltered(filter({ text: " " })), false);
  assert.equal(isFiltered(filter({ asleep: true })), true);
});

const commands = [
  { feature: "locking", name: "Lock…" },
  { feature: "locking", action: "lock", name: "Lock: Lock" },
  { feature: "locking", action: "unlock", name: "Lock: Unlock" },
  { feature: "horn", action: "hornOn", name: "Horn: Sound" },
];

test("the palette finds a command and a vehicle from one line", () => {
  const haystacks = fleet.map(searchText);
  const results = paletteResults("unlock 208", fleet, haystacks, commands, null);
  assert.equal(results[0].vehicleId, "v1");
  assert.equal(results[0].command?.action, "unlock");
  assert.ok(results.every((r) => r.vehicleId === "v1"));
});

test("without a vehicle word the palette means the selected vehicle", () => {
  const results = paletteResults("horn", fleet, fleet.map(searchText), commands, "v2");
  assert.deepEqual(results.map((r) => [r.vehicleId, r.command?.action]), [["v2", "hornOn"]]);
});

test("words that name no command find vehicles to select", () => {
  const results = paletteResults("corsa", fleet, fleet.map(searchText), commands, null);
  assert.deepEqual(results.map((r) => [r.vehicleId, r.command]), [["v2", null]]);
  assert.deepEqual(paletteResults("nothing-like-it", fleet, fleet.map(searchText), commands, null), []);
});

test("a word naming the control beats one naming only its feature", () => {
  const named = [
    { feature: "locking", action: "lock", name: "Lock / unlock: Lock" },
    { feature: "locking", action: "unlock", name: "Lock / unlock: Unlock" },
    { feature: "locking", name: "Lock / unlock…" },
  ];
  const results = paletteResults("unlock", fleet, fleet.map(searchText), named, "v0");
  assert.equal(results[0].command?.action, "unlock");
  assert.equal(paletteResults("lock", fleet, fleet.map(searchText), named, "v0")[0].command?.action, "lock");
});
