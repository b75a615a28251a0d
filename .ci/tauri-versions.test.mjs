// The version check itself: it passes on matching locks and names every pair that drifted.
import assert from "node:assert/strict";
import { test } from "node:test";

import { mismatches } from "./tauri-versions.mjs";

const cargoLock = (/** @type {Record<string, string>} */ crates) =>
  Object.entries(crates)
    .map(([name, version]) => `[[package]]\nname = "${name}"\nversion = "${version}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n`)
    .join("\n");
const packageLock = (/** @type {Record<string, string>} */ packages) =>
  JSON.stringify({
    packages: Object.fromEntries(Object.entries(packages).map(([name, version]) => [`node_modules/${name}`, { version }])),
  });

test("the same minor release on both sides passes", () => {
  const cargo = cargoLock({ tauri: "2.11.6", "tauri-plugin-log": "2.7.1" });
  const npm = packageLock({ "@tauri-apps/api": "2.11.1", "@tauri-apps/cli": "2.11.5", "@tauri-apps/plugin-log": "2.7.0" });
  assert.deepEqual(mismatches(cargo, npm), []);
});

test("a drifted JS API, CLI or plugin is named", () => {
  const cargo = cargoLock({ tauri: "2.11.6", "tauri-plugin-log": "2.7.1" });
  const npm = packageLock({ "@tauri-apps/api": "2.12.5", "@tauri-apps/cli": "2.12.5", "@tauri-apps/plugin-log": "2.8.0" });
  const problems = mismatches(cargo, npm);
  assert.equal(problems.length, 3, problems.join("\n"));
  assert.match(problems[0], /tauri 2\.11\.6 .* @tauri-apps\/api 2\.12\.5/);
  assert.match(problems[2], /tauri-plugin-log 2\.7\.1 .* @tauri-apps\/plugin-log 2\.8\.0/);
});

test("a missing or doubly locked crate is a problem, not a pass", () => {
  const npm = packageLock({ "@tauri-apps/api": "2.11.1", "@tauri-apps/cli": "2.11.5" });
  assert.match(mismatches(cargoLock({}), npm)[0], /no tauri/);
  const twice = `${cargoLock({ tauri: "2.11.6" })}\n${cargoLock({ tauri: "2.10.0" })}`;
  assert.match(mismatches(twice, npm)[0], /2\.11\.6 and 2\.10\.0/);
});
