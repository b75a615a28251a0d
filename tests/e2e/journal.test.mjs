// At most once, and nothing lost, in the real app window against the simulator binary on a
// loopback port (a real account as far as the app knows), whose admin counters say how many
// remote POSTs really reached the server:
// - a double press sends one command (one POST);
// - a command waiting behind another can be cancelled: it ends "Not sent", never POSTed;
// - a command whose end is not known (its answer lost, the server unreachable) is settled by
//   "Check now", which looks it up and never POSTs it again;
// - an app killed (SIGKILL) while its command runs finds it at the next start, follows it to
//   its end without sending it again.
// The simulator runs at time scale 1 (a lock takes about 5.5 s), so the kill lands mid-command.
// The app keeps its journal in a fresh folder (CAR_REMOTE_DATA_DIR), the same for both runs.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { startSimulator } from "./simulator.mjs";
import { launchApp, waitFor } from "./webdriver.mjs";

if (process.env.CAR_REMOTE_E2E_PRIVATE_KEYRING !== "1") {
  // This scenario writes and deletes the app's own keyring entries: never do that to a
  // developer's real keyring.
  throw new Error("run the end-to-end tests through ./dev.sh test (it starts a private keyring)");
}

const CLIENT_ID = "e2e-journal";
const CLIENT_SECRET = "e2e-journal-secret";
const VEHICLES = 3;
const DEMO_VEHICLES = 25;
/** Vehicle 0 of any simulated fleet: awake, every remote supported, doors closed, unlocked. */
const FIRST = "#vehicle-list li:first-child button.vehicle";

const dataDir = mkdtempSync(join(tmpdir(), "car-remote-journal-"));
const env = { CAR_REMOTE_DATA_DIR: dataDir };

let sim;
let app;
let session;

before(async () => {
  sim = await startSimulator({ vehicles: VEHICLES, seed: 11, timeScale: 1, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  app = await launchApp({ env });
  session = app.session;
});

after(async () => {
  await sim?.setFaults({}).catch(() => {});
  await app?.stop();
  await sim?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** @param {string} css */
function count(css) {
  return session.execute("return document.querySelectorAll(arguments[0]).length;", [css]);
}

/** @param {string} css @returns {Promise<string>} */
function textOf(css) {
  return session.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", [css]);
}

/** @param {string} css @param {string} text */
async function fill(css, text) {
  const input = await session.find(css);
  await input.clear();
  await input.type(text);
}

/** Waits until the list shows `n` vehicles. */
function waitForVehicles(n) {
  return waitFor(
    async () => (await count("#vehicle-list button.vehicle")) === n && (await textOf("#vehicles-status")) === `${n} vehicles`,
    `${n} vehicles in the list`,
    60_000,
  );
}

/** Selects the first vehicle and waits for its capability. */
async function selectFirst() {
  await waitForVehicles(VEHICLES);
  await (await session.find(FIRST)).click();
  await waitFor(async () => (await (await session.find(FIRST)).property("ariaPressed")) === "true", "the selection");
  await waitFor(async () => !(await (await session.find("#send-route")).property("disabled")), "the capability");
}

/** The steps of the timeline entry `n` from the top (1 = newest). @returns {Promise<string[]>} */
function entrySteps(n) {
  return session.execute(
    "return [...document.querySelectorAll(`#timeline .command:nth-child(${arguments[0]}) .step`)].map((s) => s.textContent);",
    [n],
  );
}

/** Waits for the end of timeline entry `n` (1 = newest) and returns its last step. */
async function entryEnd(n, what) {
  await waitFor(async () => (await count(`#timeline .command:nth-child(${n}) .step.end`)) > 0, what, 60_000);
  return (await entrySteps(n)).at(-1);
}

/** Every timeline entry's text, newest first, for failure messages. @returns {Promise<string[]>} */
function timeline() {
  return session.execute("return [...document.querySelectorAll('#timeline .command')].map((e) => e.textContent);");
}

const remotePosts = async () => (await sim.stats()).remotePosts;

test("the app signs in to the simulated account", async () => {
  await waitForVehicles(DEMO_VEHICLES);
  // The form is filled from the keyring at start: type only once that answer is in.
  await waitFor(async () => (await textOf("#credentials-status")) === "No credentials stored.", "the keyring status");
  await fill("#client-id", CLIENT_ID);
  await fill("#client-secret", CLIENT_SECRET);
  await (await session.find("#save-credentials")).click();
  await waitFor(async () => (await textOf("#credentials-status")).startsWith("Saved."), "the saved status");
  await fill("#api-base-url", sim.base);
  await fill("#token-url", sim.token);
  await (await session.find("#use-account")).click();
  const outcome = await waitFor(async () => {
    const error = await textOf("#credentials-error");
    const status = await textOf("#credentials-status");
    return error || status.startsWith("Using") ? { error, status } : null;
  }, "the switch", 60_000);
  assert.deepEqual(outcome, { error: "", status: `Using the account ${CLIENT_ID}. The vehicle list shows its vehicles.` });
  assert.equal(await textOf("#demo-badge"), CLIENT_ID);
  await waitForVehicles(VEHICLES);
});

test("a double click on Lock sends one command: one POST reaches the server", async () => {
  await selectFirst();
  const posts = await remotePosts();
  const entries = await count("#timeline .command");
  const lock = await session.find('#command-buttons button[data-command="lock"]');
  // Two presses of the mouse button in one input sequence: no time for anything in between.
  await session.doubleClick(lock);
  await waitFor(async () => (await count("#timeline .command")) > entries, "the lock's timeline entry");
  assert.match(await entryEnd(1, "the end of the lock"), / Success$/, (await timeline()).join("\n"));
  // A second command would be queued behind the first and POSTed as soon as it ended: give it
  // the time to show up before counting.
  await sleep(3000);
  assert.equal(await remotePosts(), posts + 1, "remote POSTs for one double click");
  assert.equal(await count("#timeline .command"), entries + 1, "one timeline entry");
  assert.equal(await lock.property("disabled"), false, "the button is usable again");
});

test("two clicks in the same moment from a script send one horn", async () => {
  await selectFirst();
  const posts = await remotePosts();
  const entries = await count("#timeline .command");
  await session.execute(`
    const horn = document.querySelector('#command-buttons button[data-command="horn"]');
    horn.click();
    horn.click();`);
  await waitFor(async () => (await count("#timeline .command")) > entries, "the horn's timeline entry");
  assert.match(await entryEnd(1, "the end of the horn"), / Success$/);
  await sleep(3000);
  assert.equal(await remotePosts(), posts + 1);
  assert.equal(await count("#timeline .command"), entries + 1);
});

test("a command waiting behind another can be cancelled and is never sent", async () => {
  await selectFirst();
  const posts = await remotePosts();
  const entries = await count("#timeline .command");
  await (await session.find('#command-buttons button[data-command="lights"]')).click();
  await waitFor(async () => (await count("#timeline .command")) === entries + 1, "the lights' entry");
  // The vehicle's queue holds the horn until the lights have ended (about 5.5 s).
  await (await session.find('#command-buttons button[data-command="horn"]')).click();
  await waitFor(async () => (await count("#timeline .command")) === entries + 2, "the horn's entry");
  const cancel = '#timeline .command:first-child .entry-actions button[data-action="cancel"]';
  await waitFor(async () => (await count(cancel)) === 1, "Cancel sending on the queued horn");
  assert.equal(await textOf(cancel), "Cancel sending");
  await session.saveScreenshot("journal-queued.png");
  await (await session.find(cancel)).click();
  const horn = await entryEnd(1, "the horn's end");
  assert.match(horn, / Not sent(: .+)?$/);
  assert.equal(
    await session.execute("return document.querySelector('#timeline .command:first-child').dataset.outcome;"),
    "notSent",
  );
  assert.equal(await count(cancel), 0, "nothing more to cancel");
  assert.match(await entryEnd(2, "the lights' end"), / Success$/);
  await sleep(2000);
  assert.equal(await remotePosts(), posts + 1, "only the lights were POSTed");
  // The panel's past commands say the same.
  await waitFor(
    async () => (await textOf("#recent-commands li.past:first-child .outcome")) === "Not sent",
    "the horn not sent in the past commands",
  );
});

test("a command whose end is not known is settled by Check now, never sent again", async () => {
  await selectFirst();
  const before = await sim.stats();
  const entries = await count("#timeline .command");
  // The horn's POST waits a second at the server, then creates the remote and answers 504, as a
  // gateway that lost the server's answer would: the app cannot know whether it was created.
  // No webhook reaches the app either.
  const lostAnswer = { gateway_timeout_after_remote_create: 1, webhook_unreachable: true };
  await sim.setFaults({ ...lostAnswer, latency_ms: 1000 });
  await (await session.find('#command-buttons button[data-command="horn"]')).click();
  await waitFor(async () => (await sim.stats()).remotePosts > before.remotePosts, "the horn's POST at the server");
  // While that POST waits: from now on every other API call fails, so the app cannot look the
  // remote up, and gives up on it.
  await sim.setFaults({ ...lostAnswer, error_5xx_share: 1 });
  await waitFor(async () => (await count("#timeline .command")) === entries + 1, "the horn's entry");
  const check = '#timeline .command:first-child .entry-actions button[data-action="check"]';
  await waitFor(
    async () => (await count('#timeline .command:first-child .step[data-type="gaveUp"]')) === 1,
    "the horn to be given up",
    180_000,
  );
  assert.equal(
    await session.execute("return document.querySelector('#timeline .command:first-child').dataset.outcome;"),
    "unsettled",
  );
  assert.equal(await textOf(check), "Check now");
  // The panel's past commands say the same, with their own "Check now".
  await waitFor(
    async () => (await textOf("#recent-commands li.past:first-child .outcome")) === "End unknown",
    "the horn's unknown end in the past commands",
  );
  assert.equal(await count('#recent-commands li.past:first-child button[data-action="check"]'), 1);
  await session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'nearest' });", [check]);
  await session.saveScreenshot("journal-unsettled.png");

  // The server answers again: "Check now" finds the remote by its label and follows it.
  await sim.setFaults({});
  await (await session.find(check)).click();
  await waitFor(
    async () => (await count('#timeline .command:first-child .step.end[data-type="done"]')) === 1,
    "the horn's end after Check now",
    60_000,
  );
  const steps = await entrySteps(1);
  assert.match(steps.at(-1), / (Success|Already done)(: .+)?$/, steps.join(" | "));
  assert.equal(
    await session.execute("return document.querySelector('#timeline .command:first-child').dataset.outcome;"),
    "success",
  );
  assert.equal(await count(check), 0, "nothing more to check");
  await waitFor(
    async () => ["success", "alreadyDone"].includes(await session.execute("return document.querySelector('#recent-commands li.past').dataset.outcome;")),
    "the horn's end in the past commands",
  );
  const after = await sim.stats();
  assert.equal(after.remotePosts, before.remotePosts + 1, "one POST: Check now only looks it up");
  assert.equal(after.remotesCreated, before.remotesCreated + 1);
});

test("a command running when the app is killed is recovered at the next start, never resent", async () => {
  await selectFirst();
  const before = await sim.stats();
  const entries = await count("#timeline .command");
  await (await session.find('#command-buttons button[data-command="unlock"]')).click();
  await waitFor(async () => (await sim.stats()).remotesCreated > before.remotesCreated, "the server to create the remote");
  await waitFor(async () => (await count("#timeline .command")) === entries + 1, "the unlock's entry");
  const requestId = await waitFor(
    () =>
      session.execute(`
        const item = document.querySelector("#recent-commands li.past");
        return item && item.querySelector(".name").textContent === "Unlock" ? item.dataset.requestId : null;`),
    "the unlock in the past commands",
  );
  // Still running: the kill must land before the end, or nothing is left to recover.
  assert.equal(await count("#timeline .command:first-child .step.end"), 0, (await entrySteps(1)).join(" | "));
  await session.saveScreenshot("journal-before-kill.png");

  const pid = app.appPid();
  assert.ok(pid > 0);
  process.kill(pid, "SIGKILL");
  await app.stop();
  app = null;

  // The same data folder, so the same journal; the settings still name the account.
  app = await launchApp({ env });
  session = app.session;
  await waitForVehicles(VEHICLES);
  assert.equal(await textOf("#demo-badge"), CLIENT_ID);
  await (await session.find("#open-history")).click();
  const row = `#history-rows tr[data-request-id="${requestId}"]`;
  await waitFor(async () => (await count(row)) === 1, "the unlock in the history after the restart", 30_000);
  await waitFor(
    async () => (await session.execute("return document.querySelector(arguments[0]).dataset.outcome;", [row])) === "success",
    "the recovered unlock to reach success",
    60_000,
  );
  assert.equal(await textOf(`${row} .words`), "Success");
  assert.equal(await textOf(`${row} .command`), "Unlock");
  await session.saveScreenshot("journal-recovered.png");
  const after = await sim.stats();
  assert.equal(after.remotePosts, before.remotePosts + 1, "the unlock was POSTed once, before the kill");
  assert.equal(after.remotesCreated, before.remotesCreated + 1);
  await session.pressKey("\uE00C");
});

test("the app goes back to the demo fleet and forgets the credentials", async () => {
  await (await session.find("#use-demo")).click();
  await waitFor(async () => (await textOf("#credentials-status")).startsWith("Using the demo fleet."), "demo again", 60_000);
  await waitForVehicles(DEMO_VEHICLES);
  await (await session.find("#forget-credentials")).click();
  await waitFor(async () => (await textOf("#credentials-status")).startsWith("Forgotten."), "the forgotten status");
});
