// A real account in the real app window: the simulator binary runs as a separate server on a
// loopback port, standing in for the Stellantis API. The test types its URLs and credentials in
// the Settings dialog, switches to it, locks one of its vehicles, goes back to the demo fleet,
// and checks that a wrong secret is refused with a sentence a person can act on. Run through
// `./dev.sh test` (it builds target/debug/stellantis-sim and starts a private keyring).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startSimulator, useSimulatedAccount } from "./simulator.mjs";
import { launchApp } from "./webdriver.mjs";
import { Window } from "./window.mjs";

if (process.env.CAR_REMOTE_E2E_PRIVATE_KEYRING !== "1") {
  // This scenario writes and deletes the app's own keyring entries: never do that to a
  // developer's real keyring.
  throw new Error("run the end-to-end tests through ./dev.sh test (it starts a private keyring)");
}

const CLIENT_ID = "e2e-id";
const CLIENT_SECRET = "e2e-secret";
const ACCOUNT_VEHICLES = 7;
const DEMO_VEHICLES = 25;

let sim;
let app;
/** @type {Window} */
let win;

before(async () => {
  sim = await startSimulator({
    vehicles: ACCOUNT_VEHICLES,
    seed: 3,
    timeScale: 0,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  });
  app = await launchApp();
  win = new Window(app.session);
});

after(async () => {
  await app?.stop();
  await sim?.stop();
});

test("the app starts on the demo fleet", async () => {
  await win.waitForVehicles(DEMO_VEHICLES);
  assert.equal(await win.text("#demo-badge"), "Demo fleet");
});

test("a URL without https is refused, naming the field", async () => {
  const { error } = await win.useAccount("http://api.example.com/connectedcar/v1", sim.token);
  assert.match(error ?? "", /^API base URL: must use https:\/\//);
  assert.equal(await win.text("#demo-badge"), "Demo fleet");
});

test("Use this account lists the account's vehicles, and Lock reaches Success", async () => {
  const outcome = await useSimulatedAccount(win, sim);
  assert.deepEqual(outcome, { status: `Using the account ${CLIENT_ID}. The vehicle list shows its vehicles.` });
  assert.equal(await win.text("#demo-badge"), CLIENT_ID);
  await win.waitForVehicles(ACCOUNT_VEHICLES);
  await win.closeSettings();
  await app.session.saveScreenshot("account.png");

  // Vehicle 0 of any simulated fleet is awake with every remote supported.
  await win.select(0);
  await win.openTab("locking");
  const before = await win.entries();
  await win.press("lock");
  const entry = await win.waitForEnd(before, 60_000);
  assert.match(entry.steps.at(-1) ?? "", / Success$/, entry.steps.join(" | "));
});

test("Back to demo fleet lists the 25 demo vehicles again", async () => {
  const outcome = await win.useDemo();
  assert.ok(outcome.status?.startsWith("Using the demo fleet."), JSON.stringify(outcome));
  assert.equal(await win.text("#demo-badge"), "Demo fleet");
  await win.waitForVehicles(DEMO_VEHICLES);
});

test("a wrong secret is refused with a readable sign-in error", async () => {
  const { error } = await useSimulatedAccount(win, sim, "not-the-secret");
  assert.match(error ?? "", /^Signed out: the Stellantis server refused the credentials\. Check the client id and secret/);
  // The error line sits under the dialog's buttons: bring it into view for the screenshot.
  await app.session.execute("document.getElementById('credentials-error').scrollIntoView({ block: 'nearest' });");
  await app.session.saveScreenshot("account-refused.png");

  // Leave the app as the other scenarios expect it: demo fleet, nothing in the keyring.
  const demo = await win.useDemo();
  assert.ok(demo.status?.startsWith("Using the demo fleet."), JSON.stringify(demo));
  await win.waitForVehicles(DEMO_VEHICLES);
  await win.forgetCredentials();
  await win.closeSettings();
});
