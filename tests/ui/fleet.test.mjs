import assert from "node:assert/strict";
import { test } from "node:test";

import { RunRows, defaultView, durationWords, rowCause, viewRows } from "../../ui/fleetrows.js";
import { fileWords, idsInBox, matchFile, rangeIds } from "../../ui/selection.js";

const fleet = [
  { id: "v0", vin: "VR3AAAAAAAAAAAAA1", position: { latitude: 48.8, longitude: 2.3 } },
  { id: "v1", vin: "VR3BBBBBBBBBBBBB2", position: { latitude: 45.7, longitude: 4.8 } },
  { id: "v2", vin: null, position: null },
];

test("a shift range takes every row between two positions, either way", () => {
  assert.deepEqual(rangeIds(["a", "b", "c", "d"], 1, 3), ["b", "c", "d"]);
  assert.deepEqual(rangeIds(["a", "b", "c", "d"], 2, 0), ["a", "b", "c"]);
  assert.deepEqual(rangeIds(["a", "b"], 1, 9), ["b"]);
});

test("a rectangle picks the vehicles placed inside it", () => {
  assert.deepEqual(idsInBox(fleet, { south: 48, north: 49, west: 2, east: 3 }), ["v0"]);
  assert.deepEqual(idsInBox(fleet, { south: 40, north: 50, west: 0, east: 10 }), ["v0", "v1"]);
});

test("a file names vehicles by VIN in any case or by id, once each, and says what it did not find", () => {
  assert.deepEqual(fileWords('vin;name\n"VR3AAAAAAAAAAAAA1";Van # note\n\n v2 \t x'), ["vin", "name", "VR3AAAAAAAAAAAAA1", "Van", "v2", "x"]);
  const found = matchFile("vin\nvr3bbbbbbbbbbbbb2\nv0\nVR3BBBBBBBBBBBBB2\nnope", fleet);
  assert.deepEqual(found, { ids: ["v1", "v0"], unknown: ["nope"] });
});

test("rows merge Rust's updates, sort by stage and filter by words and by what can be retried", () => {
  const rows = new RunRows(["v0", "v1", "v2"]);
  rows.apply([
    { vehicleId: "v1", stage: "failed", status: "Failed", failureCause: "DoorsOpen", errorKind: null, explanation: "a door is open", retryable: true, remoteActionId: "r1" },
    { vehicleId: "v0", stage: "succeeded", status: "Success", failureCause: null, errorKind: null, explanation: "", retryable: false, remoteActionId: "r0" },
  ]);
  const label = (id) => ({ v0: "Zoé", v1: "Berlingo", v2: "Corsa" })[id];
  const cause = (row) => rowCause(row, (_key, english) => english ?? "");
  assert.deepEqual(viewRows(rows.all(), defaultView(), label, cause).map((r) => r.vehicleId), ["v1", "v2", "v0"]);
  assert.deepEqual(viewRows(rows.all(), { ...defaultView(), sort: "stage" }, label, cause).map((r) => r.stage), ["queued", "succeeded", "failed"]);
  assert.deepEqual(viewRows(rows.all(), { ...defaultView(), stage: "retryable" }, label, cause).map((r) => r.vehicleId), ["v1"]);
  assert.deepEqual(viewRows(rows.all(), { ...defaultView(), text: "door" }, label, cause).map((r) => r.vehicleId), ["v1"]);
  assert.deepEqual(rows.retryable(), ["v1"]);
});

test("durations read as a person says them", () => {
  assert.equal(durationWords(0.2), "1 s");
  assert.equal(durationWords(200), "3 min 20 s");
  assert.equal(durationWords(6000), "1 h 40 min");
});
