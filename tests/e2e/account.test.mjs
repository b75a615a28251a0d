// A real account in the real app window: the simulator binary runs as a separate server on a
// loopback port, standing in for the Stellantis API. The test types its URLs and credentials,
// switches to it, locks one of its vehicles, goes back to the demo fleet, and checks that a wrong
// secret is refused with a sentence a person can act on. Run through `./dev.sh test` (it builds
// target/debug/stellantis-sim and starts a private keyring).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startSimulator } from "./simulator.mjs";
import { launchApp, waitFor } from "./webdriver.mjs";

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
let session;
const urls = { base: "", token: "" };

before(async () => {
  sim = await startSimulator({
    vehicles: ACCOUNT_VEHICLES,
    seed: 3,
    timeScale: 0,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  });
  urls.base = sim.base;
  urls.token = sim.token;
  app = await launchApp();
  session = app.session;
});

after(async () => {
  await app?.stop();
  await sim?.stop();
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

/** Waits until the list shows `n` vehicles and says so. */
function waitForVehicles(n) {
  return waitFor(
    async () => (await count("#vehicle-list button.vehicle")) === n && (await textOf("#vehicles-status")) === `${n} vehicles`,
    `${n} vehicles in the list`,
    60_000,
  );
}

/** Waits for the status line to leave "Switching…" and returns it (or the error line). */
async function switchOutcome() {
  return waitFor(async () => {
    const error = await textOf("#credentials-error");
    if (error) {
      return { error };
    }
    const status = await textOf("#credentials-status");
    return status.startsWith("Using") ? { status } : null;
  }, "the switch to end", 60_000);
}

async function saveCredentials(secret) {
  await fill("#client-id", CLIENT_ID);
  await fill("#client-secret", secret);
  await (await session.find("#save-credentials")).click();
  await waitFor(async () => (await textOf("#credentials-status")).startsWith("Saved."), "the saved status");
}

test("the app starts on the demo fleet", async () => {
  await waitForVehicles(DEMO_VEHICLES);
  assert.equal(await textOf("#demo-badge"), "Demo fleet");
});

test("a URL without https is refused, naming the field", async () => {
  await fill("#api-base-url", "http://api.example.com/connectedcar/v1");
  await fill("#token-url", urls.token);
  await (await session.find("#use-account")).click();
  const { error } = await switchOutcome();
  assert.match(error, /^API base URL: must use https:\/\//);
  assert.equal(await textOf("#demo-badge"), "Demo fleet");
});

test("Use this account lists the account's vehicles, and Lock reaches Success", async () => {
  await saveCredentials(CLIENT_SECRET);
  await fill("#api-base-url", urls.base);
  await fill("#token-url", urls.token);
  await (await session.find("#use-account")).click();
  const outcome = await switchOutcome();
  assert.deepEqual(outcome, { status: `Using the account ${CLIENT_ID}. The vehicle list shows its vehicles.` });
  assert.equal(await textOf("#demo-badge"), CLIENT_ID);
  await waitForVehicles(ACCOUNT_VEHICLES);
  await session.saveScreenshot("account.png");

  // Vehicle 0 of any simulated fleet is awake with every remote supported.
  const first = "#vehicle-list li:first-child button.vehicle";
  await (await session.find(first)).click();
  await waitFor(async () => (await (await session.find(first)).property("ariaPressed")) === "true", "the selection");
  await waitFor(async () => !(await (await session.find("#send-route")).property("disabled")), "the capability");
  const before = await count("#timeline .command");
  await (await session.find('#command-buttons button[data-command="lock"]')).click();
  await waitFor(async () => (await count("#timeline .command")) > before, "a new timeline entry");
  await waitFor(async () => (await count("#timeline .command:first-child .step.end")) > 0, "the end of the lock", 60_000);
  assert.match(await textOf("#timeline .command:first-child .step.end"), / Success$/);
});

test("Back to demo fleet lists the 25 demo vehicles again", async () => {
  await (await session.find("#use-demo")).click();
  const outcome = await switchOutcome();
  assert.ok(outcome.status?.startsWith("Using the demo fleet."), JSON.stringify(outcome));
  assert.equal(await textOf("#demo-badge"), "Demo fleet");
  await waitForVehicles(DEMO_VEHICLES);
});

test("a wrong secret is refused with a readable sign-in error", async () => {
  await saveCredentials("not-the-secret");
  await fill("#api-base-url", urls.base);
  await fill("#token-url", urls.token);
  await (await session.find("#use-account")).click();
  const { error } = await switchOutcome();
  assert.match(error, /^Signed out: the Stellantis server refused the credentials\. Check the client id and secret/);
  await session.saveScreenshot("account-refused.png");

  // Leave the app as the other scenarios expect it: demo fleet, nothing in the keyring.
  await (await session.find("#use-demo")).click();
  await waitFor(async () => (await textOf("#credentials-status")).startsWith("Using the demo fleet."), "demo again");
  await waitForVehicles(DEMO_VEHICLES);
  await (await session.find("#forget-credentials")).click();
  await waitFor(async () => (await textOf("#credentials-status")).startsWith("Forgotten."), "the forgotten status");
});
