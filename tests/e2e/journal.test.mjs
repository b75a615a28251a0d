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

import { startSimulator, useSimulatedAccount } from "./simulator.mjs";
import { launchApp, waitFor } from "./webdriver.mjs";
import { Window } from "./window.mjs";

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
const FIRST = 0;

const dataDir = mkdtempSync(join(tmpdir(), "car-remote-journal-"));
const env = { CAR_REMOTE_DATA_DIR: dataDir };

let sim;
let app;
let session;
/** @type {Window} */
let win;

before(async () => {
  sim = await startSimulator({ vehicles: VEHICLES, seed: 11, timeScale: 1, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  app = await launchApp({ env });
  session = app.session;
  win = new Window(session);
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

/** Selects the first vehicle and waits for its capability; opens the tab of `feature`. */
async function selectFirst(feature) {
  await win.waitForVehicles(VEHICLES);
  await win.select(FIRST);
  await win.openTab(feature);
}

/** The control `action` of the open form. @param {string} action */
const control = (action) => `#vehicle-panel [data-action="${action}"]`;

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
  await win.waitForVehicles(DEMO_VEHICLES);
  // The form is filled from the keyring at start: type only once that answer is in.
  await waitFor(async () => (await textOf("#credentials-status")) === "No credentials stored.", "the keyring status");
  const outcome = await useSimulatedAccount(win, sim);
  assert.deepEqual(outcome, { status: `Using the account ${CLIENT_ID}. The vehicle list shows its vehicles.` });
  assert.equal(await textOf("#demo-badge"), CLIENT_ID);
  await win.waitForVehicles(VEHICLES);
  await win.closeSettings();
});

test("a double click on Lock sends one command: one POST reaches the server", async () => {
  await selectFirst("locking");
  const posts = await remotePosts();
  const entries = await count("#timeline .command");
  await waitFor(async () => !(await win.property(control("lock"), "disabled")), "Lock to be enabled");
  await session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'nearest' });", [control("lock")]);
  const lock = await session.find(control("lock"));
  // Two presses of the mouse button in one input sequence: no time for anything in between.
  await session.doubleClick(lock);
  await waitFor(async () => (await count("#timeline .command")) > entries, "the lock's timeline entry");
  assert.match(await entryEnd(1, "the end of the lock"), / Success$/, (await timeline()).join("\n"));
  // A second command would be queued behind the first and POSTed as soon as it ended: give it
  // the time to show up before counting.
  await sleep(3000);
  assert.equal(await remotePosts(), posts + 1, "remote POSTs for one double click");
  assert.equal(await count("#timeline .command"), entries + 1, "one timeline entry");
  assert.equal(await win.property(control("lock"), "disabled"), false, "the button is usable again");
});

test("two clicks in the same moment from a script send one horn", async () => {
  await selectFirst("horn");
  const posts = await remotePosts();
  const entries = await count("#timeline .command");
  await waitFor(async () => !(await win.property(control("hornOn"), "disabled")), "Horn on to be enabled");
  await session.execute(
    `const horn = document.querySelector(arguments[0]);
     horn.click();
     horn.click();`,
    [control("hornOn")],
  );
  await waitFor(async () => (await count("#timeline .command")) > entries, "the horn's timeline entry");
  assert.match(await entryEnd(1, "the end of the horn"), / Success$/);
  await sleep(3000);
  assert.equal(await remotePosts(), posts + 1);
  assert.equal(await count("#timeline .command"), entries + 1);
});

test("a command waiting behind another can be cancelled and is never sent", async () => {
  await selectFirst("lights");
  const posts = await remotePosts();
  const entries = await count("#timeline .command");
  await win.press("lightsOn");
  await waitFor(async () => (await count("#timeline .command")) === entries + 1, "the lights' entry");
  // The vehicle's queue holds the horn until the lights have ended (about 5.5 s).
  await win.openTab("horn");
  await win.press("hornOn");
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
  await selectFirst("horn");
  const before = await sim.stats();
  const entries = await count("#timeline .command");
  await waitFor(async () => !(await win.property(control("hornOn"), "disabled")), "Horn on to be enabled");
  // The horn's POST waits a second at the server, then creates the remote and answers 504, as a
  // gateway that lost the server's answer would: the app cannot know whether it was created.
  // No webhook reaches the app either.
  const lostAnswer = { gateway_timeout_after_remote_create: 1, webhook_unreachable: true };
  await sim.setFaults({ ...lostAnswer, latency_ms: 1000 });
  await win.press("hornOn");
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
  await selectFirst("locking");
  const before = await sim.stats();
  const entries = await count("#timeline .command");
  await win.press("unlock");
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
  win = new Window(session);
  await win.waitForVehicles(VEHICLES);
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
  const outcome = await win.useDemo();
  assert.ok(outcome.status?.startsWith("Using the demo fleet."), JSON.stringify(outcome));
  await win.waitForVehicles(DEMO_VEHICLES);
  await win.forgetCredentials();
  await win.closeSettings();
});
