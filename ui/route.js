// The route planner's list of points, as pure operations: each returns a new list and leaves the
// one it was given alone, so the map, the list beside it and the undo of a drag all read the same
// value. Rust checks the route when it is sent; here only what the planner itself needs is
// refused (an eleventh point, typed coordinates that are not a place on the map).

/** The most points a route may have (start, up to 8 stops, destination). */
export const MAX_POINTS = 10;

/** @typedef {{latitude: number, longitude: number, name?: string}} RoutePoint */
/** @typedef {{key: string, vars?: Record<string, string>}} RouteError a text key of ui/texts/forms.js */

/**
 * Adds `point` at `index` (the end by default); refused when the route is full.
 * @param {readonly RoutePoint[]} points
 * @param {RoutePoint} point
 * @param {number} [index]
 * @returns {{points: RoutePoint[], error: RouteError | null}}
 */
export function addPoint(points, point, index = points.length) {
  if (points.length >= MAX_POINTS) {
    return { points: [...points], error: { key: "routeErrorFull", vars: { max: String(MAX_POINTS) } } };
  }
  const next = [...points];
  next.splice(clamp(index, 0, points.length), 0, { ...point });
  return { points: next, error: null };
}

/**
 * Moves point `index` to a new place (a drag on the map), keeping its name.
 * @param {readonly RoutePoint[]} points
 * @param {number} index
 * @param {{latitude: number, longitude: number}} to
 */
export function movePoint(points, index, to) {
  return points.map((point, i) => (i === index ? { ...point, latitude: to.latitude, longitude: to.longitude } : point));
}

/**
 * Names point `index`; an empty name removes it.
 * @param {readonly RoutePoint[]} points
 * @param {number} index
 * @param {string | null | undefined} name
 */
export function renamePoint(points, index, name) {
  const trimmed = (name ?? "").trim();
  return points.map((point, i) => {
    if (i !== index) {
      return point;
    }
    const rest = { ...point };
    delete rest.name;
    return trimmed ? { ...rest, name: trimmed } : rest;
  });
}

/**
 * Removes point `index`.
 * @param {readonly RoutePoint[]} points
 * @param {number} index
 */
export function removePoint(points, index) {
  return points.filter((_, i) => i !== index);
}

/**
 * Moves point `from` to position `to` in the order (a drag in the list); out-of-range positions
 * stop at the ends.
 * @param {readonly RoutePoint[]} points
 * @param {number} from
 * @param {number} to
 */
export function reorderPoint(points, from, to) {
  if (from < 0 || from >= points.length) {
    return [...points];
  }
  const next = [...points];
  const [point] = next.splice(from, 1);
  next.splice(clamp(to, 0, next.length), 0, point);
  return next;
}

/**
 * One place earlier in the order (Alt+Up in the list).
 * @param {readonly RoutePoint[]} points
 * @param {number} index
 */
export function moveUp(points, index) {
  return reorderPoint(points, index, index - 1);
}

/**
 * One place later in the order (Alt+Down in the list).
 * @param {readonly RoutePoint[]} points
 * @param {number} index
 */
export function moveDown(points, index) {
  return reorderPoint(points, index, index + 1);
}

/**
 * What point `index` is on the route: the `start`, a `stop` on the way, or the `destination`
 * (a route of one point is only a destination).
 * @param {readonly RoutePoint[]} points
 * @param {number} index
 * @returns {"start" | "stop" | "destination"}
 */
export function pointRole(points, index) {
  if (index === points.length - 1) {
    return "destination";
  }
  return index === 0 ? "start" : "stop";
}

const NUMBER = String.raw`([-+−]?\d+(?:[.,]\d+)?)\s*°?\s*`;
const COORDINATES = new RegExp(String.raw`^${NUMBER}([NS])?\s*(?:[,;]\s*|\s+)${NUMBER}([EWO])?$`, "i");

/**
 * Reads typed coordinates: "48.8566, 2.3522", "48.8566 2.3522", "48,8566; 2,3522" or
 * "48.8566° N, 2.3522° E" (latitude first; S and W/O make them negative).
 * @param {string} typed
 * @returns {{point: RoutePoint | null, error: RouteError | null}}
 */
export function parseCoordinates(typed) {
  const trimmed = (typed ?? "").trim();
  if (!trimmed) {
    return { point: null, error: { key: "routeErrorEmpty" } };
  }
  const match = COORDINATES.exec(trimmed);
  if (!match) {
    return { point: null, error: { key: "routeErrorFormat", vars: { typed: trimmed } } };
  }
  const [, lat, north, lon, east] = match;
  const latitude = degrees(lat) * (north?.toUpperCase() === "S" ? -1 : 1);
  const longitude = degrees(lon) * (east && east.toUpperCase() !== "E" ? -1 : 1);
  if (Math.abs(latitude) > 90) {
    return { point: null, error: { key: "routeErrorLatitude", vars: { value: lat } } };
  }
  if (Math.abs(longitude) > 180) {
    return { point: null, error: { key: "routeErrorLongitude", vars: { value: lon } } };
  }
  return { point: { latitude, longitude }, error: null };
}

/**
 * The navigation command for the route, start first: degrees to six decimals (about 10 cm,
 * more than a click on the map can mean) and each point's name when it has one.
 * @param {readonly RoutePoint[]} points
 */
export function navigationInput(points) {
  return {
    feature: "navigation",
    positions: points.map((point) => {
      const name = (point.name ?? "").trim();
      const position = { latitude: round(point.latitude), longitude: round(point.longitude) };
      return name ? { ...position, name } : position;
    }),
  };
}

/** @param {string} text a number as typed, with a decimal point or comma */
function degrees(text) {
  return Number(text.replace("−", "-").replace(",", "."));
}

/** @param {number} value */
function round(value) {
  return Math.round(value * 1e6) / 1e6 + 0;
}

/**
 * @param {number} value
 * @param {number} low
 * @param {number} high
 */
function clamp(value, low, high) {
  return Math.min(Math.max(value, low), high);
}
