// The command journal in the real app window, on the demo fleet: commands sent from the panel
// appear in the vehicle's past commands and in the history dialog with their outcomes in words;
// the outcome filter narrows the table; "Export CSV…" writes the same commands. The app runs on
// a journal of its own (CAR_REMOTE_DATA_DIR in a fresh folder), so the history holds exactly
// what this scenario sent.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { parse } from "csv-parse/sync";

import { launchApp, waitFor } from "./webdriver.mjs";
import { DEMO, Window } from "./window.mjs";

/** The demo fleet's fixed traits (crates/stellantis-sim/README.md, "Fleet traits by index"). */
const { EVERYTHING_SUPPORTED, DOORS_OPEN } = DEMO;
const DOORS_OPEN_SENTENCE = "A door or the trunk is open. Close it, then try again.";

const folder = mkdtempSync(join(tmpdir(), "car-remote-history-"));
const dataDir = join(folder, "data");
// WebDriver cannot drive the native save dialog: with CAR_REMOTE_SAVE_PATH set, the app writes
// the export there instead of asking (src-tauri/commands.rs, export_history).
const savePath = join(folder, "export.csv");

let app;
let session;
/** @type {Window} */
let win;
/** What this scenario sent, oldest first: `{requestId, command, vehicle, outcome}`. */
const sent = [];

before(async () => {
  app = await launchApp({ env: { CAR_REMOTE_DATA_DIR: dataDir, CAR_REMOTE_SAVE_PATH: savePath } });
  session = app.session;
  win = new Window(session);
});

after(async () => {
  await app?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** @param {string} css */
function count(css) {
  return session.execute("return document.querySelectorAll(arguments[0]).length;", [css]);
}

/** @param {string} css @returns {Promise<string>} */
function textOf(css) {
  return session.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", [css]);
}

/**
 * Presses `action` in the tab of `feature` of the selected vehicle, waits for its end in the
 * timeline, then for it on top of the panel's past commands (which then lists `pastCount`);
 * returns the past command's fields.
 */
async function sendAndWait(feature, action, pastCount) {
  await win.openTab(feature);
  const before = await win.entries();
  await win.press(action);
  await win.waitForEnd(before, 60_000);
  // The newest past command is this one once the journal's change has been shown.
  return waitFor(
    () =>
      session.execute(`
        const item = document.querySelector("#recent-commands li.past");
        if (!item || item.dataset.outcome === "notEnded" || document.querySelectorAll("#recent-commands li.past").length !== arguments[0]) {
          return null;
        }
        return {
          requestId: item.dataset.requestId,
          outcome: item.dataset.outcome,
          name: item.querySelector(".name").textContent,
          words: item.querySelector(".outcome").textContent,
          cause: item.querySelector(".past-cause").textContent,
          meta: item.querySelector(".past-meta").textContent,
        };`, [pastCount]),
    `the ${action} in the past commands`,
  );
}

/** The history table's rows, top to bottom. */
function tableRows() {
  return session.execute(`
    return [...document.querySelectorAll("#history-rows tr")].map((tr) => ({
      requestId: tr.dataset.requestId,
      outcome: tr.dataset.outcome,
      time: tr.querySelector(".time").textContent,
      vehicle: tr.querySelector(".vehicle").textContent,
      command: tr.querySelector(".command").textContent,
      words: tr.querySelector(".words").textContent,
      cause: tr.querySelector(".cause").textContent,
      sender: tr.querySelector(".sender").textContent,
      shownId: tr.querySelector(".request code").textContent,
    }));`);
}

/** Chooses `value` in a filter as a person would, which fires its change event. */
async function choose(css, value) {
  await session.execute(
    `const field = document.querySelector(arguments[0]);
     field.value = arguments[1];
     field.dispatchEvent(new Event("change", { bubbles: true }));`,
    [css, value],
  );
}

/** The exported CSV as objects keyed by its header. */
function readExport() {
  const [header, ...rows] = parse(readFileSync(savePath, "utf8"));
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

test("each command sent is in the vehicle's past commands, with its outcome in words", async () => {
  for (const [index, feature, action, name, outcome] of [
    [EVERYTHING_SUPPORTED, "locking", "lock", "Lock", "success"],
    [EVERYTHING_SUPPORTED, "lights", "lightsOn", "Lights on", "success"],
    [DOORS_OPEN, "locking", "lock", "Lock", "failed"],
  ]) {
    const vehicle = await win.select(index);
    const past = await sendAndWait(feature, action, sent.filter((s) => s.vehicleIndex === index).length + 1);
    assert.equal(past.outcome, outcome, JSON.stringify(past));
    assert.equal(past.name, name);
    assert.match(past.meta, / · app$/);
    if (outcome === "success") {
      assert.equal(past.words, "Success");
      assert.equal(past.cause, "");
    } else {
      assert.equal(past.words, "Failed");
      assert.equal(past.cause, DOORS_OPEN_SENTENCE);
    }
    sent.push({ requestId: past.requestId, vehicleIndex: index, vehicle, command: past.name, outcome });
  }
  assert.equal(new Set(sent.map((s) => s.requestId)).size, 3, "one request id per press");
  await session.execute("document.querySelector('.panel').scrollTop = 1e6;");
  await session.saveScreenshot("history-panel.png");
});

test("the history lists every command, newest first, with its outcome and cause in words", async () => {
  await (await session.find("#open-history")).click();
  assert.equal(await session.execute("return document.getElementById('history').open;"), true);
  await waitFor(async () => (await count("#history-rows tr")) === 3, "the three commands in the history");
  const rows = await tableRows();
  const newestFirst = [...sent].reverse();
  assert.deepEqual(
    rows.map((r) => [r.requestId, r.shownId, r.vehicle, r.command, r.outcome, r.words]),
    newestFirst.map((s) => [s.requestId, s.requestId, s.vehicle, s.command, s.outcome, s.outcome === "success" ? "Success" : "Failed"]),
  );
  assert.equal(rows[0].cause, DOORS_OPEN_SENTENCE);
  assert.deepEqual(rows.slice(1).map((r) => r.cause), ["", ""]);
  for (const row of rows) {
    assert.match(row.time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(row.sender, / · app$/);
  }
  assert.equal(await textOf("#history-status"), "Shown: 3 of 3");
  assert.equal(await (await session.find("#history-more")).property("hidden"), true, "no more pages");
  await session.saveScreenshot("history.png");
});

test("filtering by outcome 'failed' shows only the failure", async () => {
  await choose("#filter-outcome", "failed");
  await waitFor(async () => (await count("#history-rows tr")) === 1, "only one row");
  const [row] = await tableRows();
  assert.equal(row.requestId, sent[2].requestId);
  assert.equal(row.words, "Failed");
  assert.equal(await textOf("#history-status"), "Shown: 1 of 1");
  await session.saveScreenshot("history-failed.png");
});

test("a date range without the commands shows none", async () => {
  await choose("#filter-outcome", "");
  await choose("#filter-to", "2020-01-01");
  await waitFor(async () => (await textOf("#history-status")) === "No command matches these filters.", "the empty table");
  assert.equal(await count("#history-rows tr"), 0);
  // Today, the last day included, holds all three again.
  const today = await session.execute(
    "const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;",
  );
  await choose("#filter-from", today);
  await choose("#filter-to", today);
  await waitFor(async () => (await count("#history-rows tr")) === 3, "the three commands of today");
  await choose("#filter-from", "");
  await choose("#filter-to", "");
});

test("Export CSV writes the commands the filters match, as the table shows them", async () => {
  await choose("#filter-outcome", "failed");
  await waitFor(async () => (await count("#history-rows tr")) === 1, "only the failure");
  await (await session.find("#history-export")).click();
  await waitFor(async () => (await textOf("#export-status")).startsWith("Saved to "), "the export's status");
  assert.equal(await textOf("#export-status"), `Saved to ${savePath} (commands: 1).`);
  const failed = readExport();
  assert.deepEqual(
    failed.map((r) => [r.request_id, r.outcome, r.cause, r.feature, r.origin]),
    [[sent[2].requestId, "failed", "DoorsOpen", "locking", "app"]],
  );

  await choose("#filter-outcome", "");
  await waitFor(async () => (await count("#history-rows tr")) === 3, "all three again");
  await (await session.find("#history-export")).click();
  await waitFor(async () => (await textOf("#export-status")).endsWith("(commands: 3)."), "the second export");
  const all = readExport();
  const rows = await tableRows();
  assert.deepEqual(
    all.map((r) => [r.request_id, r.outcome]),
    rows.map((r) => [r.requestId, r.outcome]),
  );
  assert.deepEqual(JSON.parse(all[2].parameters), { feature: "locking", state: "Locked" });
});

test("Escape closes the history and gives the focus back to its button", async () => {
  await (await session.find("#close-history")).click();
  assert.equal(await session.execute("return document.getElementById('history').open;"), false);
  await (await session.find("#open-history")).click();
  assert.equal(await session.execute("return document.getElementById('history').open;"), true);
  await session.pressKey("\uE00C");
  await waitFor(async () => !(await session.execute("return document.getElementById('history').open;")), "the dialog to close");
  assert.equal(await session.execute("return document.activeElement?.id;"), "open-history");
});
