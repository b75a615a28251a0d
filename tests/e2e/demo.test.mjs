// The demo fleet in the real app window: the simulator starts inside the app, the list and the
// map show its vehicles, and commands sent from the panel are followed in the timeline to their
// end. ./dev.sh test runs it with CAR_REMOTE_DEMO_TIME_SCALE=0.05 (every step still happens,
// twenty times faster than real time).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { launchApp, waitFor } from "./webdriver.mjs";

/** The demo fleet's fixed traits (crates/stellantis-sim/README.md, "Fleet traits by index"). */
const EVERYTHING_SUPPORTED = 0;
const AWAKE_HYBRID = 1;
const NO_HORN_NO_LIGHTS = 4;
const DOORS_OPEN = 5;

let app;
let session;

before(async () => {
  app = await launchApp();
  session = app.session;
});

after(() => app?.stop());

/** @param {string} css */
function count(css) {
  return session.execute("return document.querySelectorAll(arguments[0]).length;", [css]);
}

/** @param {string} css @returns {Promise<string>} */
function textOf(css) {
  return session.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", [css]);
}

/** Selects the vehicle at `index` of the list and waits for its capability to be applied. */
async function selectVehicle(index) {
  const buttons = `#vehicle-list li:nth-child(${index + 1}) button.vehicle`;
  await waitFor(
    async () => {
      await (await session.find(buttons)).click();
      return true;
    },
    `vehicle ${index} in the list`,
    60_000,
  );
  await waitFor(
    async () => (await session.find(buttons)).property("ariaPressed").then((p) => p === "true"),
    `vehicle ${index} to be selected`,
  );
  // The route button is disabled only while the capability is loading (every vehicle used
  // here supports navigation).
  await waitFor(async () => !(await (await session.find("#send-route")).property("disabled")), "the capability");
  return session.execute("return document.getElementById('vehicle-heading').textContent;");
}

/** @param {string} css @returns {Promise<boolean>} */
async function isHidden(css) {
  return (await session.find(css)).property("hidden");
}

/** The tooltips of the newest timeline entry's steps. @returns {Promise<string[]>} */
function stepHints() {
  return session.execute("return [...document.querySelectorAll('#timeline .command:first-child .step')].map((s) => s.title);");
}

/** A label as a regular expression that matches it literally. @param {string} text */
function literal(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Clicks a command button and waits for the newest timeline entry to end; returns its steps. */
async function sendAndWait(command) {
  const before = await count("#timeline .command");
  await (await session.find(`#command-buttons button[data-command="${command}"]`)).click();
  await waitFor(async () => (await count("#timeline .command")) > before, "a new timeline entry");
  await waitFor(async () => (await count("#timeline .command:first-child .step.end")) > 0, `the end of ${command}`, 60_000);
  return session.execute(
    "return [...document.querySelectorAll('#timeline .command:first-child .step')].map((s) => s.textContent);",
  );
}

test("the demo fleet's 25 vehicles are listed and on the map", async () => {
  // The fleet is read once the simulator has started inside the app.
  const listed = await waitFor(async () => (await count("#vehicle-list button.vehicle")) || 0, "the vehicle list", 60_000);
  assert.equal(listed, 25);
  assert.equal(await textOf("#demo-badge"), "Demo fleet");
  assert.equal(await textOf("#vehicles-status"), "25 vehicles");
  // Vehicles whose privacy setting hides their position have no marker (vehicle 10 at least).
  const markers = await count("#map path.vehicle-marker");
  assert.ok(markers >= 20 && markers < 25, `${markers} markers`);
  assert.equal(await textOf("#vehicle-list li:first-child .meta"), "Electric · Unlocked");
});

test("Lock on the first vehicle is followed from accepted to Success", async () => {
  const label = await selectVehicle(EVERYTHING_SUPPORTED);
  assert.notEqual(label, "Select a vehicle in the list or on the map.");
  assert.match(await textOf("#vehicle-facts"), /DoorsUnlocked/);
  // Positions cross IPC as {latitude, longitude}; the panel shows them in degrees.
  assert.match(await textOf("#vehicle-facts"), /Position-?\d+\.\d{5}, -?\d+\.\d{5}/);
  const steps = await sendAndWait("lock");
  assert.match(steps[0], /^\d\d:\d\d:\d\d\.\d{3} /, "each step has its time");
  assert.ok(steps.some((s) => s.endsWith("Accepted by the server")), steps.join(" | "));
  assert.ok(steps.some((s) => s.endsWith(" Accepted")), steps.join(" | "));
  const sent = steps.findIndex((s) => s.endsWith("Sent to the vehicle"));
  assert.ok(sent >= 0, steps.join(" | "));
  // A pending step's sentence (Rust's wording) is its tooltip.
  assert.match((await stepHints())[sent], /^The command reached the vehicle\./);
  assert.match(steps.at(-1), / Success$/);
  assert.equal(await textOf("#timeline .command:first-child .title"), `Lock — ${label}`);
  // The panel shows the new state once the fleet is read again.
  await waitFor(async () => /DoorsLocked/.test(await textOf("#vehicle-facts")), "the locked state");
  assert.equal(await textOf("#vehicle-list li:first-child .meta"), "Electric · Locked");
});

test("locking a vehicle with a door open fails with a cause a person understands", async () => {
  await selectVehicle(DOORS_OPEN);
  assert.match(await textOf("#vehicle-facts"), /Open(Driver|Passenger|Trunk|[A-Za-z]+)/);
  const steps = await sendAndWait("lock");
  assert.match(steps.at(-1), / Failed: A door or the trunk is open\. Close it, then try again\.$/);
  assert.equal(
    await session.execute("return document.querySelector('#timeline .command:first-child').dataset.outcome;"),
    "failure",
  );
  await session.saveScreenshot("03-demo-failed.png");
});

test("commands the vehicle lacks are disabled, with the reason shown", async () => {
  await selectVehicle(NO_HORN_NO_LIGHTS);
  const horn = await session.find('#command-buttons button[data-command="horn"]');
  assert.equal(await horn.property("disabled"), true);
  assert.equal(await horn.property("title"), "This vehicle does not support this command.");
  assert.equal(await (await session.find('#command-buttons button[data-command="lock"]')).property("disabled"), false);
  // Vehicle 4 is also a thermic car: no charging either.
  assert.equal(
    await textOf("#unsupported-note"),
    "Not supported by this vehicle: Horn, Lights, Start charging, Stop charging.",
  );
  await selectVehicle(EVERYTHING_SUPPORTED);
  assert.equal(await horn.property("disabled"), false);
  assert.equal(await (await session.find("#unsupported-note")).property("hidden"), true);
});

test("deleting onboard data waits for a confirmation", async () => {
  const label = await selectVehicle(EVERYTHING_SUPPORTED);
  const entries = await count("#timeline .command");
  assert.equal(await isHidden("#confirm-box"), true);
  await (await session.find('#command-buttons button[data-command="erase"]')).click();
  // Rust refuses the unconfirmed press; only then does the box open, with Rust's warning naming
  // the vehicle the page showed.
  await waitFor(async () => !(await isHidden("#confirm-box")), "the confirm box");
  assert.equal(
    await textOf("#confirm-text"),
    `The personal data stored in ${label} will be deleted; this cannot be undone. Send it?`,
  );
  assert.equal(await isHidden("#command-error"), true, "a confirmation request is not an error");
  assert.equal(await count("#timeline .command"), entries, "the refused press left no entry");
  await (await session.find("#confirm-no")).click();
  assert.equal(await isHidden("#confirm-box"), true);
  // Long enough for a command sent by mistake to show its first step.
  await sleep(1500);
  assert.equal(await count("#timeline .command"), entries, "nothing was sent");
});

test("confirming the deletion sends it, and it is followed to its end", async () => {
  const label = await selectVehicle(AWAKE_HYBRID);
  const before = await count("#timeline .command");
  await (await session.find('#command-buttons button[data-command="erase"]')).click();
  await waitFor(async () => !(await isHidden("#confirm-box")), "the confirm box");
  assert.match(await textOf("#confirm-text"), new RegExp(`^The personal data stored in ${literal(label)} will be deleted`));
  await (await session.find("#confirm-yes")).click();
  assert.equal(await isHidden("#confirm-box"), true);
  await waitFor(async () => (await count("#timeline .command")) > before, "the deletion's timeline entry");
  await waitFor(async () => (await count("#timeline .command:first-child .step.end")) > 0, "the deletion's end", 60_000);
  assert.equal(await textOf("#timeline .command:first-child .title"), `Delete onboard data… — ${label}`);
  assert.match(await textOf("#timeline .command:first-child .step.end"), / Success$/);
  assert.equal(await count("#timeline .command"), before + 1, "one entry: the confirmed send");
});

test("the vehicle finder's answer goes on the map", async () => {
  await selectVehicle(EVERYTHING_SUPPORTED);
  assert.equal(await count("#map path.found-marker"), 0);
  const steps = await sendAndWait("vehicleFinder");
  assert.match(steps.at(-1), / Success\. Found at -?\d+\.\d{5}, -?\d+\.\d{5}$/);
  assert.equal(await count("#map path.found-marker"), 1);
});

test("a route without points is refused by Rust, naming the field", async () => {
  await selectVehicle(EVERYTHING_SUPPORTED);
  await (await session.find("#clear-route")).click();
  const before = await count("#timeline .command");
  await (await session.find("#send-route")).click();
  const error = await waitFor(() => textOf("#command-error"), "the error line");
  assert.match(error, /^Invalid input: positions is not valid \(got 0 positions\): use 1 to 10 positions/);
  assert.equal(await count("#timeline .command"), before + 1);
  assert.equal(await textOf("#timeline .command:first-child .step.end"), error);
});

test("a route clicked on the map is sent to the vehicle", async () => {
  await selectVehicle(EVERYTHING_SUPPORTED);
  const map = await session.find("#map");
  // Two clicks in the map's lower-left quarter, away from the zoom buttons.
  await session.clickAt(map, -60, 90);
  await session.clickAt(map, -20, 120);
  const status = await waitFor(() => textOf("#route-status"), "the route status");
  assert.equal(status, "2 points");
  assert.equal(await count("#map path.route-point"), 2);
  const before = await count("#timeline .command");
  await (await session.find("#send-route")).click();
  await waitFor(async () => (await count("#timeline .command")) > before, "the route's timeline entry");
  await waitFor(async () => (await count("#timeline .command:first-child .step.end")) > 0, "the route's end", 60_000);
  assert.match(await textOf("#timeline .command:first-child .step.end"), /Success$/);
  await session.saveScreenshot("demo.png");
});
