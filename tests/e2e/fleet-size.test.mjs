// A measurement, not a timed test: how the window copes with a 10,000-vehicle demo fleet. It
// prints how long the list and the clustered map take to appear once the vehicles arrived, how
// long the vehicles' states take to load, and how long a search takes; it asserts only that
// everything appears and the search finds what it should. On the second start it also picks every
// vehicle, previews a lock to all of them and sends it, and prints how long picking and the
// preview took and how long at most the page stopped answering while the run went on. The second start reads the positions
// Rust kept from the first, as a fleet manager's every start but the first does.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import { launchApp, waitFor } from "./webdriver.mjs";
import { Window } from "./window.mjs";

const VEHICLES = 10_000;
const dataDir = mkdtempSync(join(tmpdir(), "car-remote-10k-"));
const env = { CAR_REMOTE_DEMO_VEHICLES: String(VEHICLES), CAR_REMOTE_DATA_DIR: dataDir };

after(() => rmSync(dataDir, { recursive: true, force: true }));

/** @param {import("./webdriver.mjs").Session} session */
function perf(session) {
  return session.execute("return Object.assign({}, window.carRemotePerf || {});");
}

/** @param {number} ms */
const ms = (ms) => `${Math.round(ms)} ms`;

test(`a ${VEHICLES.toLocaleString("en")}-vehicle demo fleet: list, clustered map, states and search`, async () => {
  const first = await launchApp({ env });
  try {
    const at = await waitFor(async () => (await perf(first.session)).allStatesMs, "every vehicle's state", 300_000);
    const numbers = await perf(first.session);
    assert.equal(numbers.vehicles, VEHICLES);
    const placed = await first.session.execute("return document.querySelectorAll('#map .vehicle-cluster, #map .vehicle-pin').length;");
    assert.ok(placed > 0, "the map shows clusters");
    console.log(
      [
        `first start, ${VEHICLES} vehicles:`,
        `  vehicle list from Rust ${ms(numbers.fleetIpcMs)}, list painted ${ms(numbers.listPaintMs)} after it arrived (${ms(numbers.listPaintedAt)} after the page started)`,
        `  first states after ${ms(numbers.firstStatesMs)}, clustered on the map ${ms(numbers.firstStatesClusterMs)} after they arrived`,
        `  every vehicle's state read in ${ms(at)}`,
      ].join("\n"),
    );
    // Search: the time the list takes to filter 10,000 vehicles by a term.
    const timings = [];
    for (const term of ["peugeot", "opel o5c", "VR3"]) {
      await first.session.execute(
        "const s = document.getElementById('vehicle-search'); s.value = arguments[0]; s.dispatchEvent(new Event('input', { bubbles: true }));",
        [term],
      );
      const shown = await first.session.execute("return document.getElementById('vehicles-status').textContent;");
      timings.push(`"${term}" ${ms((await perf(first.session)).lastFilterMs)} (${shown})`);
    }
    await first.session.execute("const s = document.getElementById('vehicle-search'); s.value = 'peugeot'; s.dispatchEvent(new Event('input', { bubbles: true }));");
    const rows = await first.session.execute("return [...document.querySelectorAll('#vehicle-list [data-vehicle-id]:not([hidden]) .name')].slice(0, 5).map((e) => e.textContent);");
    assert.ok(rows.length > 0 && rows.every((name) => /peugeot/i.test(name)), `the search shows Peugeots: ${rows.join(", ")}`);
    console.log(`  search over ${VEHICLES}: ${timings.join(", ")}`);
    await first.session.saveScreenshot("fleet-10000.png");
  } finally {
    await first.stop();
  }
  const second = await launchApp({ env });
  try {
    await waitFor(async () => (await perf(second.session)).firstClusterAt, "the clustered map from the kept positions", 120_000);
    const numbers = await perf(second.session);
    assert.ok(numbers.placedAtStart > VEHICLES / 2, `${numbers.placedAtStart} positions kept`);
    console.log(
      [
        `second start (positions kept from the first):`,
        `  vehicle list from Rust ${ms(numbers.fleetIpcMs)}, list painted ${ms(numbers.listPaintMs)} after it arrived`,
        `  ${numbers.placedAtStart} vehicles clustered on the map ${ms(numbers.firstClusterMs)} after they arrived (${ms(numbers.firstClusterAt)} after the page started)`,
      ].join("\n"),
    );
    await fleetRun(second.session);
  } finally {
    await second.stop();
  }
});

/**
 * Every vehicle picked, a lock previewed and sent to all of them; prints the times.
 * @param {import("./webdriver.mjs").Session} session
 */
async function fleetRun(session) {
  const win = new Window(session);
  const started = Date.now();
  await win.click("#pick-menu summary");
  await win.click("#select-shown");
  await waitFor(async () => (await win.text("#fleet-selected")) === `${VEHICLES} picked`, "every vehicle picked");
  await win.click("#open-fleet");
  await win.click('#fleet-form [data-action="lock"]');
  await waitFor(async () => !(await win.hidden("#fleet-preview")), "the preview", 60_000);
  const previewed = Date.now() - started;
  const total = await win.text('#fleet-preview-facts dd[data-count="total"]');
  assert.equal(Number(total.replace(/\D/g, "")), VEHICLES, total);
  await session.saveScreenshot("fleet-10000-preview.png");
  const sent = Date.now();
  await win.click("#fleet-send");
  await waitFor(() => session.execute("return document.getElementById('fleet-run').dataset.finished === 'true';"), "the run's end", 600_000);
  const ran = Date.now() - sent;
  const bar = await session.execute("const p = document.getElementById('fleet-progress'); return [p.value, p.max];");
  assert.deepEqual(bar, [VEHICLES, VEHICLES], "the bar reaches the end");
  const numbers = await perf(session);
  await session.saveScreenshot("fleet-10000-run.png");
  console.log(
    [
      `fleet run, lock to ${VEHICLES} vehicles:`,
      `  every vehicle picked and the preview open ${ms(previewed)} after the click (picking ${ms(numbers.selectShownMs)}, Rust's preview ${ms(numbers.fleetPreviewMs)})`,
      `  run to its end in ${ms(ran)}, ${numbers.fleetUpdates} progress updates reached the page`,
      `  longest time the page did not answer during the run: ${ms(numbers.fleetMaxBlockMs)} (aim ≤ 100 ms); longest the page spent on one update or drawing: ${ms(numbers.fleetMaxWorkMs)}`,
    ].join("\n"),
  );
}
