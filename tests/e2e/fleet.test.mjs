// The fleet screen in the real window, as a fleet manager uses it:
// - on the demo fleet: 20 vehicles picked with a click and a Shift-click, locked in one run
//   whose bar reaches the end, the failed ones retried in a new run, the results exported to
//   CSV and checked row by row against the table;
// - on a simulated account whose server allows 2 calls a second (so a run of 20 takes about
//   ten seconds): the app killed in the middle of a run finds it at the next start, lists it as
//   interrupted, and "Resume" sends only the vehicles never sent; the server's counters say
//   each vehicle was POSTed at most once.
// WebDriver cannot drive the native save dialog: CAR_REMOTE_SAVE_PATH names the file instead.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import { parse } from "csv-parse/sync";

import { startSimulator, useSimulatedAccount } from "./simulator.mjs";
import { launchApp, waitFor } from "./webdriver.mjs";
import { DEMO, Window } from "./window.mjs";

if (process.env.CAR_REMOTE_E2E_PRIVATE_KEYRING !== "1") {
  // The second scenario stores credentials in the app's keyring entries.
  throw new Error("run the end-to-end tests through ./dev.sh test (it starts a private keyring)");
}

const PICKED = 20;
const folders = [];
/** A fresh folder, removed at the end. @param {string} name */
function folder(name) {
  const path = mkdtempSync(join(tmpdir(), name));
  folders.push(path);
  return path;
}

after(() => {
  for (const path of folders) {
    rmSync(path, { recursive: true, force: true });
  }
});

/**
 * Ticks the list's first `n` vehicles, in its order: a click on the first checkbox, a Shift-click on the
 * last (the list scrolled to it first, as a person would).
 * @param {Window} win
 * @param {number} n
 */
async function pickFirst(win, n) {
  const { session } = win;
  await session.execute("document.getElementById('vehicle-list').scrollTop = 0;");
  await session.clickAt(await session.find('#vehicle-list [data-position="0"] .vehicle-check'), 0, 0);
  await session.execute("document.getElementById('vehicle-list').scrollTop = arguments[0] * 52;", [n - 1]);
  const last = `#vehicle-list [data-position="${n - 1}"] .vehicle-check`;
  await waitFor(async () => (await win.count(last)) === 1, `row ${n - 1} in view`);
  await session.shiftClick(await session.find(last));
  await waitFor(async () => (await win.text("#fleet-selected")) === `${n} picked`, `${n} vehicles picked`);
}

/**
 * Opens the fleet screen for the picked vehicles and presses Lock in its form; returns the
 * preview's counts by name.
 * @param {Window} win
 */
async function previewLock(win) {
  await win.click("#open-fleet");
  await waitFor(() => win.session.execute("return document.getElementById('fleet').open;"), "the fleet screen");
  await win.set("#fleet-feature", "locking");
  await win.click('#fleet-form [data-action="lock"]');
  return previewFacts(win);
}

/** The preview's counts, once it shows. @param {Window} win */
async function previewFacts(win) {
  await waitFor(async () => !(await win.hidden("#fleet-preview")), "the preview");
  return win.session.execute(
    "return Object.fromEntries([...document.querySelectorAll('#fleet-preview-facts dd')].map((d) => [d.dataset.count, d.textContent]));",
  );
}

/** Presses Send and waits for the run's end; returns the bar's value and maximum. @param {Window} win */
async function sendAndWait(win, timeoutMs = 120_000) {
  await win.click("#fleet-send");
  await waitFor(async () => !(await win.hidden("#fleet-run")), "the run's view");
  return waitForRunEnd(win, timeoutMs);
}

/** @param {Window} win */
async function waitForRunEnd(win, timeoutMs = 120_000) {
  await waitFor(
    () => win.session.execute("return document.getElementById('fleet-run').dataset.finished === 'true';"),
    "the run's end",
    timeoutMs,
  );
  return win.session.execute("const p = document.getElementById('fleet-progress'); return { value: p.value, max: p.max };");
}

/**
 * Every row of the run's table, read by scrolling it from top to bottom (only the rows on
 * screen exist): vehicle id, the vehicle's name, stage, and cause as shown.
 * @param {Window} win
 * @returns {Promise<Map<string, {vehicle: string, stage: string, cause: string}>>}
 */
async function tableRows(win) {
  const rows = new Map();
  for (let top = 0; ; top += 200) {
    const seen = await win.session.execute(
      `const body = document.getElementById('fleet-rows');
       body.scrollTop = arguments[0];
       body.dispatchEvent(new Event('scroll'));
       return { end: body.scrollTop + body.clientHeight >= body.scrollHeight - 1,
                rows: [...body.querySelectorAll('.fleet-row[data-vehicle-id]:not([hidden])')].map((r) => ({
                  id: r.dataset.vehicleId, stage: r.dataset.stage,
                  vehicle: r.querySelector('.vehicle .name').textContent, cause: r.querySelector('.cause').textContent })) };`,
      [top],
    );
    for (const row of seen.rows) {
      rows.set(row.id, { vehicle: row.vehicle, stage: row.stage, cause: row.cause });
    }
    if (seen.end) {
      return rows;
    }
  }
}

/** The run's counts by stage, as shown above the table. @param {Window} win */
function shownCounts(win) {
  return win.session.execute(
    "return Object.fromEntries([...document.querySelectorAll('#fleet-counts dd')].map((d) => [d.dataset.stage, Number(d.textContent)]));",
  );
}

test(`${PICKED} demo vehicles locked in one run: preview, bar to the end, retry the failed, CSV against the table`, async () => {
  const dataDir = folder("car-remote-fleet-");
  const savePath = join(dataDir, "fleet-run.csv");
  const app = await launchApp({ env: { CAR_REMOTE_DATA_DIR: dataDir, CAR_REMOTE_SAVE_PATH: savePath } });
  const win = new Window(app.session);
  try {
    await win.waitForVehicles(25);
    await pickFirst(win, PICKED);
    await app.session.saveScreenshot("fleet-picked.png");

    const facts = await previewLock(win);
    assert.equal(facts.total, String(PICKED), JSON.stringify(facts));
    assert.equal(Number(facts.supported) + Number(facts.unknownSupport ?? 0) + Number(facts.unsupported), PICKED, JSON.stringify(facts));
    assert.match(await win.text("#fleet-confirmation"), new RegExp(`\\b${PICKED}\\b`), "the confirmation names the count");
    const sendText = await win.text("#fleet-send");
    assert.match(sendText, /^Send to \d+ vehicles$/);
    await app.session.saveScreenshot("fleet-preview.png");

    const bar = await sendAndWait(win);
    assert.deepEqual(bar, { value: PICKED, max: PICKED }, "the bar reaches the end");
    const counts = await shownCounts(win);
    assert.equal(counts.succeeded + counts.failed + counts.unknown + counts.refused + counts.unsupported + counts.notSent, PICKED, JSON.stringify(counts));
    assert.equal(counts.queued + counts.sent + counts.pending, 0, JSON.stringify(counts));
    await app.session.saveScreenshot("fleet-run.png");

    const rows = await tableRows(win);
    assert.equal(rows.size, PICKED, "one row per vehicle");
    // The demo vehicle with a door open cannot be locked: its row says why.
    const failed = [...rows].filter(([, row]) => row.stage === "failed");
    assert.ok(failed.length >= 1, `at least the door-open vehicle (${DEMO.DOORS_OPEN}) fails: ${JSON.stringify([...rows])}`);
    assert.ok(
      failed.every(([, row]) => row.cause.length > 0),
      `every failure has its cause in words: ${JSON.stringify(failed)}`,
    );
    assert.ok(
      failed.some(([, row]) => /door/i.test(row.cause)),
      `a door is named: ${JSON.stringify(failed)}`,
    );

    // Export: the CSV has the table's rows, vehicle by vehicle.
    await win.click("#fleet-export");
    await waitFor(async () => /saved to/.test(await win.text("#fleet-export-status")), "the export");
    assert.ok(existsSync(savePath), "the CSV is written");
    const csv = parse(readFileSync(savePath, "utf8"), { columns: true });
    assert.equal(csv.length, PICKED, "one CSV row per vehicle");
    for (const line of csv) {
      const row = rows.get(line.vehicle_id);
      assert.ok(row, `CSV vehicle ${line.vehicle_id} is in the table`);
      assert.equal(line.vehicle, row.vehicle, `name of ${line.vehicle_id}`);
      assert.equal(line.stage, row.stage, `stage of ${line.vehicle_id}`);
      if (row.stage === "failed") {
        assert.ok(line.failure_cause || line.explanation, `the CSV says why ${line.vehicle_id} failed`);
      }
    }

    // Retry the failed ones: a new run of only those whose cause can change.
    const retryText = await win.text("#fleet-retry");
    const retryable = Number(/\((\d+)\)/.exec(retryText)?.[1]);
    assert.ok(retryable >= 1 && retryable <= failed.length + counts.notSent + counts.unknown, retryText);
    await win.click("#fleet-retry");
    const again = await previewFacts(win);
    assert.equal(again.total, String(retryable), "the retry previews only the failed ones");
    const retryBar = await sendAndWait(win);
    assert.deepEqual(retryBar, { value: retryable, max: retryable });
    const retried = await tableRows(win);
    assert.deepEqual(
      [...retried.keys()].sort(),
      failed.map(([id]) => id).filter((id) => retried.has(id)).sort(),
      "the retry run holds only vehicles that failed",
    );
    assert.equal(retried.size, retryable);

    // Both runs are in the list of runs, newest first.
    await win.click("#fleet-show-runs");
    await waitFor(async () => (await win.count("#fleet-runs li[data-run-id]")) >= 2, "both runs listed");
    await app.session.saveScreenshot("fleet-runs.png");
  } finally {
    await app.stop();
  }
});

test("a rectangle drawn on the map, a saved group and a file of vehicle ids each pick vehicles", async () => {
  const app = await launchApp({ env: { CAR_REMOTE_DATA_DIR: folder("car-remote-fleet-box-") } });
  const win = new Window(app.session);
  try {
    await win.waitForVehicles(25);
    await win.click("#pick-menu summary");
    await win.click("#select-on-map");
    await waitFor(async () => (await win.count("#map .box-select")) === 1, "the rectangle's layer");
    // From near the top right corner of the map to near its bottom left (the corners without
    // controls): every vehicle the framed map shows is inside.
    const box = (await win.boxes(["#map"]))["#map"];
    await app.session.pointer([
      { type: "pointerMove", origin: "viewport", x: Math.round(box.x + box.width - 8), y: Math.round(box.y + 8), duration: 0 },
      { type: "pointerDown", button: 0 },
      { type: "pointerMove", origin: "viewport", x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2), duration: 50 },
      { type: "pointerMove", origin: "viewport", x: Math.round(box.x + 8), y: Math.round(box.y + box.height - 8), duration: 50 },
      { type: "pointerUp", button: 0 },
    ]);
    await waitFor(async () => /^\d+ picked$/.test(await win.text("#fleet-selected")), "vehicles picked on the map");
    const picked = Number.parseInt(await win.text("#fleet-selected"), 10);
    assert.ok(picked > 0 && picked <= 25, `${picked} picked`);
    assert.match(await win.text("#selection-note"), new RegExp(`\\b${picked}\\b`));
    assert.equal(await win.count("#map .box-select"), 0, "the rectangle mode ends with the rectangle");
    await app.session.saveScreenshot("fleet-box.png");

    await win.click("#save-group");
    await win.set("#group-name", "North depot");
    await win.click('#group-form button[type="submit"]');
    await waitFor(async () => /North depot/.test(await win.text("#selection-note")), "the group saved");
    await win.click("#select-clear");
    await waitFor(() => win.hidden("#fleet-selection"), "nothing picked");
    await win.click("#pick-menu summary");
    await win.set("#fleet-groups", "North depot");
    await waitFor(async () => (await win.text("#fleet-selected")) === `${picked} picked`, "the group picked again");

    // A file of vehicle ids, one per line, with one the account does not have.
    await win.click("#select-clear");
    const ids = await app.session.execute("return [...document.querySelectorAll('#vehicle-list [data-vehicle-id][role=option]')].slice(0, 3).map((r) => r.dataset.vehicleId);");
    const file = join(folder("car-remote-fleet-file-"), "vehicles.txt");
    writeFileSync(file, `${ids.join("\n")}\nNOT-A-VEHICLE\n`);
    // WebDriver hands a file to a file input by its path, as the file chooser would.
    await (await app.session.find("#select-file-input")).type(file);
    await waitFor(async () => (await win.text("#fleet-selected")) === "3 picked", "the file's vehicles picked");
    assert.match(await win.text("#selection-note"), /NOT-A-VEHICLE/, "the unknown line is named");
  } finally {
    await app.stop();
  }
});

test("a run interrupted by killing the app is listed after the restart, and Resume sends only the vehicles never sent", async () => {
  const dataDir = folder("car-remote-fleet-resume-");
  const env = { CAR_REMOTE_DATA_DIR: dataDir };
  const VEHICLES = 24;
  // Two calls a second: the run is still sending when the app is killed.
  const sim = await startSimulator({ vehicles: VEHICLES, seed: 5, timeScale: 0.05, clientId: "e2e-fleet", clientSecret: "e2e-fleet-secret", burst: 2 });
  let app = await launchApp({ env });
  try {
    let win = new Window(app.session);
    await win.waitForVehicles(25);
    await waitFor(async () => (await win.text("#credentials-status")) === "No credentials stored.", "the keyring status");
    await useSimulatedAccount(win, sim);
    await win.waitForVehicles(VEHICLES);
    await win.closeSettings();
    await pickFirst(win, PICKED);
    const facts = await previewLock(win);
    assert.equal(facts.total, String(PICKED));
    const before = await sim.stats();
    await win.click("#fleet-send");
    await waitFor(async () => (await sim.stats()).remotePosts >= before.remotePosts + 3, "a few vehicles sent", 60_000);
    const sentBeforeKill = (await sim.stats()).remotePosts - before.remotePosts;
    assert.ok(sentBeforeKill < PICKED, `the kill lands mid-run (${sentBeforeKill} sent)`);
    await app.session.saveScreenshot("fleet-before-kill.png");
    process.kill(app.appPid(), "SIGKILL");
    await app.stop();

    app = await launchApp({ env });
    win = new Window(app.session);
    await win.waitForVehicles(VEHICLES, 120_000);
    await waitFor(async () => (await win.text("#fleet-runs-badge")) === "1" && !(await win.hidden("#fleet-runs-badge")), "one run waiting to be resumed");
    await win.click("#open-fleet-runs");
    await waitFor(async () => (await win.count("#fleet-runs li[data-run-id]")) === 1, "the interrupted run listed");
    assert.match(await win.text("#fleet-runs li"), /Interrupted/);
    await win.click("#fleet-runs li button[data-open]");
    await waitFor(async () => !(await win.hidden("#fleet-retry")), "the Resume button");
    assert.match(await win.text("#fleet-retry"), /^Resume/);
    await app.session.saveScreenshot("fleet-interrupted.png");
    await win.click("#fleet-retry");
    const bar = await waitForRunEnd(win, 180_000).catch(async (error) => {
      await app.session.saveScreenshot("fleet-resume-failed.png");
      throw error;
    });
    assert.deepEqual(bar, { value: PICKED, max: PICKED });
    const rows = await tableRows(win);
    assert.equal(rows.size, PICKED);
    const stages = [...rows.values()].map((row) => row.stage);
    assert.ok(stages.every((stage) => ["succeeded", "failed", "unknown", "unsupported", "refused"].includes(stage)), JSON.stringify([...rows.values()]));
    // Each vehicle reached the server at most once: every POST is one vehicle's, and the
    // unsupported ones were never POSTed.
    const posts = (await sim.stats()).remotePosts - before.remotePosts;
    const posted = stages.filter((stage) => stage !== "unsupported").length;
    assert.ok(posts <= PICKED, `${posts} POSTs for ${PICKED} vehicles`);
    assert.ok(posts >= posted - stages.filter((s) => s === "refused").length, `${posts} POSTs, ${posted} vehicles sent`);
    console.log(`  resume: ${sentBeforeKill} vehicles sent before the kill, ${posts} POSTs in all for ${PICKED} vehicles`);
    await app.session.saveScreenshot("fleet-resumed.png");
    // The account and its credentials outlive the app: back to the demo fleet for the next suites.
    await app.session.execute("document.getElementById('fleet').close();");
    const back = await win.useDemo();
    assert.ok(back.status?.startsWith("Using the demo fleet."), JSON.stringify(back));
    await win.forgetCredentials();
  } finally {
    await app.stop();
    await sim.stop();
  }
});
