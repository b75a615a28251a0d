import assert from "node:assert/strict";
import { test } from "node:test";

import { translator } from "../../ui/i18n.js";
import {
  MAX_POINTS,
  addPoint,
  moveDown,
  movePoint,
  moveUp,
  navigationInput,
  parseCoordinates,
  pointRole,
  removePoint,
  renamePoint,
  reorderPoint,
} from "../../ui/route.js";

const at = (/** @type {number} */ i) => ({ latitude: 48 + i / 100, longitude: 2 + i / 100 });
const route = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => at(i));

test("up to ten points are added; the eleventh is refused and the route stays as it was", () => {
  let points = [];
  for (let i = 0; i < MAX_POINTS; i += 1) {
    const result = addPoint(points, at(i));
    assert.equal(result.error, null);
    assert.equal(result.points.length, i + 1);
    points = result.points;
  }
  const refused = addPoint(points, at(99));
  assert.deepEqual(refused.error, { key: "routeErrorFull", vars: { max: "10" } });
  assert.deepEqual(refused.points, points);
  assert.equal(translator("en")(refused.error.key, refused.error.vars), "A route has at most 10 points: remove one to add another.");
});

test("a point can be added at a place in the order, and the given list is never changed", () => {
  const points = route(2);
  const { points: next } = addPoint(points, { latitude: 1, longitude: 1 }, 1);
  assert.deepEqual(next.map((p) => p.latitude), [48, 1, 48.01]);
  assert.equal(points.length, 2);
  assert.deepEqual(addPoint(points, at(5), 99).points.at(-1), at(5));
});

test("moving a point keeps its name and its place in the order", () => {
  const points = renamePoint(route(3), 1, "Lunch");
  const moved = movePoint(points, 1, { latitude: 45.75, longitude: 4.85 });
  assert.deepEqual(moved[1], { latitude: 45.75, longitude: 4.85, name: "Lunch" });
  assert.deepEqual(moved[0], points[0]);
  assert.deepEqual(points[1], { ...at(1), name: "Lunch" });
});

test("renaming trims the name; an empty name removes it", () => {
  const named = renamePoint(route(2), 0, "  Home ");
  assert.equal(named[0].name, "Home");
  assert.deepEqual(renamePoint(named, 0, "   ")[0], at(0));
  assert.deepEqual(renamePoint(named, 0, null)[0], at(0));
});

test("removing a point", () => {
  assert.deepEqual(removePoint(route(3), 1), [at(0), at(2)]);
  assert.deepEqual(removePoint(route(3), 7), route(3));
});

test("reordering up, down and to a position", () => {
  const points = route(4);
  assert.deepEqual(moveUp(points, 2), [at(0), at(2), at(1), at(3)]);
  assert.deepEqual(moveDown(points, 0), [at(1), at(0), at(2), at(3)]);
  assert.deepEqual(moveUp(points, 0), points);
  assert.deepEqual(moveDown(points, 3), points);
  assert.deepEqual(reorderPoint(points, 3, 0), [at(3), at(0), at(1), at(2)]);
  assert.deepEqual(reorderPoint(points, 0, 99), [at(1), at(2), at(3), at(0)]);
  assert.deepEqual(reorderPoint(points, 9, 0), points);
});

test("start, stops and destination", () => {
  const points = route(3);
  assert.deepEqual([0, 1, 2].map((i) => pointRole(points, i)), ["start", "stop", "destination"]);
  assert.equal(pointRole(route(1), 0), "destination");
});

test("typed coordinates in the usual spellings", () => {
  const paris = { latitude: 48.8566, longitude: 2.3522 };
  for (const typed of ["48.8566, 2.3522", "48.8566 2.3522", " 48.8566,2.3522 ", "48,8566; 2,3522", "48,8566 2,3522", "48.8566° N, 2.3522° E"]) {
    assert.deepEqual(parseCoordinates(typed), { point: paris, error: null }, typed);
  }
  assert.deepEqual(parseCoordinates("33.8688° S, 151.2093° E").point, { latitude: -33.8688, longitude: 151.2093 });
  assert.deepEqual(parseCoordinates("40.7128 N 74.0060 W").point, { latitude: 40.7128, longitude: -74.006 });
  assert.deepEqual(parseCoordinates("-22.9, -43.2").point, { latitude: -22.9, longitude: -43.2 });
});

test("typed coordinates that are no place say what is wrong", () => {
  const t = translator("en");
  const error = (/** @type {string} */ typed) => parseCoordinates(typed).error;
  assert.deepEqual(error("  "), { key: "routeErrorEmpty" });
  assert.deepEqual(error("Paris"), { key: "routeErrorFormat", vars: { typed: "Paris" } });
  assert.deepEqual(error("48.8566"), { key: "routeErrorFormat", vars: { typed: "48.8566" } });
  assert.deepEqual(error("91, 2"), { key: "routeErrorLatitude", vars: { value: "91" } });
  assert.deepEqual(error("48, 181.5"), { key: "routeErrorLongitude", vars: { value: "181.5" } });
  assert.equal(parseCoordinates("91, 2").point, null);
  for (const typed of ["", "Paris", "91, 2", "48, 181.5"]) {
    const { key, vars } = error(typed);
    const sentence = t(key, vars);
    assert.notEqual(sentence, key, `${key} has a text`);
    assert.doesNotMatch(sentence, /\{\w+\}/, sentence);
  }
});

test("the navigation input rounds to six decimals and carries the names", () => {
  const points = [
    { latitude: 48.85661234, longitude: 2.35221987, name: " Home " },
    { latitude: -0.0000001, longitude: 151.2093, name: "  " },
  ];
  assert.deepEqual(navigationInput(points), {
    feature: "navigation",
    positions: [
      { latitude: 48.856612, longitude: 2.35222, name: "Home" },
      { latitude: 0, longitude: 151.2093 },
    ],
  });
});
