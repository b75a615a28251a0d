import assert from "node:assert/strict";
import { test } from "node:test";

import { TILE_ATTRIBUTION, tileUrlTemplate } from "../../ui/tiles.js";

test("tiles come from the custom scheme's origin of each platform", () => {
  const linux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)";
  const mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)";
  const windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Edg/120.0";
  assert.equal(tileUrlTemplate(linux), "tiles://localhost/{z}/{x}/{y}.png");
  assert.equal(tileUrlTemplate(mac), "tiles://localhost/{z}/{x}/{y}.png");
  assert.equal(tileUrlTemplate(windows), "http://tiles.localhost/{z}/{x}/{y}.png");
});

test("the attribution names OpenStreetMap's contributors", () => {
  assert.equal(TILE_ATTRIBUTION, "© OpenStreetMap contributors");
});
