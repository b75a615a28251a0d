// Picking many vehicles for a fleet command, as plain functions over the list's data: a range
// between two rows, the vehicles inside a rectangle of the map, and a file of VINs or vehicle ids.

/**
 * The ids of the rows from position `from` to position `to` (either order, both included).
 * @param {string[]} ids the shown rows' ids, in order
 * @param {number} from
 * @param {number} to
 */
export function rangeIds(ids, from, to) {
  const [low, high] = from <= to ? [from, to] : [to, from];
  return ids.slice(Math.max(0, low), Math.min(ids.length, high + 1));
}

/**
 * The vehicles whose last known position lies inside the rectangle (edges included).
 * @param {{id: string, position?: {latitude: number, longitude: number} | null}[]} vehicles
 * @param {{south: number, west: number, north: number, east: number}} box
 */
export function idsInBox(vehicles, box) {
  return vehicles
    .filter((v) => {
      const p = v.position;
      return p && p.latitude >= box.south && p.latitude <= box.north && p.longitude >= box.west && p.longitude <= box.east;
    })
    .map((v) => v.id);
}

/**
 * The words of a vehicle file: one a line, or cells of a CSV (commas, semicolons or tabs), with
 * quotes, blank cells and `#` comments dropped. A header cell ("vin", "vehicle_id"...) simply
 * matches no vehicle.
 * @param {string} text
 */
export function fileWords(text) {
  const words = [];
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const content = line.split("#")[0];
    for (const cell of content.split(/[,;\t]/)) {
      const word = cell.trim().replace(/^"(.*)"$/, "$1").trim();
      if (word) {
        words.push(word);
      }
    }
  }
  return words;
}

/**
 * The vehicles a file names, by VIN (any case) or by id, in the file's order, each once; and
 * the lines that named none, so the person can see what was not found.
 * @param {string} text
 * @param {{id: string, vin?: string | null}[]} vehicles
 * @returns {{ids: string[], unknown: string[]}}
 */
export function matchFile(text, vehicles) {
  /** @type {Map<string, string>} */
  const byKey = new Map();
  for (const v of vehicles) {
    byKey.set(v.id, v.id);
    if (v.vin) {
      byKey.set(v.vin.toUpperCase(), v.id);
    }
  }
  const ids = [];
  const unknown = [];
  const seen = new Set();
  for (const word of fileWords(text)) {
    const id = byKey.get(word) ?? byKey.get(word.toUpperCase());
    if (id === undefined) {
      unknown.push(word);
    } else if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return { ids, unknown: isHeader(unknown[0], text) ? unknown.slice(1) : unknown };
}

/**
 * Whether `word` is the file's first cell and reads as a column name.
 * @param {string | undefined} word
 * @param {string} text
 */
function isHeader(word, text) {
  return word !== undefined && fileWords(text)[0] === word && /^(vin|vehicle|vehicle[_ ]?id|id)$/i.test(word);
}
