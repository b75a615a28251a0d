// Map tiles in the real app window: the app fetches them through Rust (the `tiles` scheme) from a
// tile server on loopback that this test runs, with the app's User-Agent, and Leaflet shows them
// with the OpenStreetMap attribution. The app never reaches the internet here.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { crc32, deflateSync } from "node:zlib";

import { launchApp, waitFor } from "./webdriver.mjs";

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 256×256 PNG tile: pale green with a dark border, so the grid of tiles shows on screenshots. */
function tilePng() {
  const size = 256;
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x++) {
      const edge = x < 2 || y < 2;
      row.set(edge ? [60, 90, 60] : [200, 230, 190], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const png = tilePng();
/** @type {string[]} */
const agents = [];
/** @type {string[]} */
const paths = [];
const server = createServer((request, response) => {
  agents.push(request.headers["user-agent"] ?? "");
  paths.push(request.url ?? "");
  response.writeHead(200, { "content-type": "image/png", "content-length": png.length });
  response.end(png);
});
const cacheHome = mkdtempSync(join(tmpdir(), "car-remote-tiles-"));

let app;
let session;

before(async () => {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  // tauri-driver, WebKitWebDriver and the app inherit this process's environment.
  process.env.CAR_REMOTE_TILE_URL = `http://127.0.0.1:${port}/{z}/{x}/{y}.png`;
  process.env.XDG_CACHE_HOME = cacheHome; // a fresh tile cache: every tile must come from the server
  app = await launchApp();
  session = app.session;
});

after(async () => {
  await app?.stop();
  server.close();
  rmSync(cacheHome, { recursive: true, force: true });
});

test("tiles load through Rust from the tile server, with the attribution shown", async () => {
  // The vehicles are on the map (single pins or clusters), above the tiles; once they are, the
  // map has framed them.
  await waitFor(
    async () => (await session.execute(`return document.querySelectorAll("#map .vehicle-pin, #map .vehicle-cluster").length;`)) > 0,
    "the vehicle markers",
    60_000,
  );
  const loaded = await waitFor(
    () =>
      session.execute(
        `const tiles = [...document.querySelectorAll("#map img.leaflet-tile")];
         const done = tiles.filter((t) => t.complete && t.naturalWidth > 0);
         return tiles.length > 0 && done.length === tiles.length ? done.length : 0;`,
      ),
    "every Leaflet tile to load",
    60_000,
  );
  assert.ok(loaded >= 2, `${loaded} tiles loaded`);
  const sources = await session.execute(
    `return [...document.querySelectorAll("#map img.leaflet-tile")].map((t) => t.src);`,
  );
  assert.ok(
    sources.every((src) => /^tiles:\/\/localhost\/\d+\/\d+\/\d+\.png$/.test(src)),
    sources.join(" "),
  );
  // Every tile came from the server, asked for by Rust with the app's User-Agent.
  assert.ok(paths.length >= loaded, `${paths.length} requests for ${loaded} tiles`);
  assert.ok(paths.every((p) => /^\/\d+\/\d+\/\d+\.png$/.test(p)), paths.join(" "));
  assert.ok(
    agents.every((agent) => /^CarRemote\/\d+\.\d+\.\d+ \(\+https:\/\/\S+\)$/.test(agent)),
    agents.join(" | "),
  );
  // ... and was kept in the app's cache folder.
  const cached = readdirSync(cacheHome, { recursive: true }).filter((f) => String(f).endsWith(".tile"));
  assert.ok(cached.length >= loaded, `${cached.length} cached tiles`);

  const attribution = await session.execute(
    `const a = document.querySelector("#map .leaflet-control-attribution");
     return a && a.offsetWidth > 0 && a.offsetHeight > 0 ? a.textContent : "";`,
  );
  assert.equal(attribution, "© OpenStreetMap contributors");
  await session.saveScreenshot("map-tiles.png");
});
