// Every one of the 13 remote features, sent from the driver's window on the demo fleet with
// non-default parameters where it has any, and followed on the timeline to its end; plus the
// route planner (points clicked, dragged, reordered), the vehicle finder's marker, the forms'
// marking of a field Rust refuses, and the command palette. ./dev.sh test runs it with
// CAR_REMOTE_DEMO_TIME_SCALE=0.05 (every step still happens, twenty times faster than real time).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { launchApp, waitFor } from "./webdriver.mjs";
import { DEMO, Window } from "./window.mjs";

let app;
/** @type {Window} */
let win;

before(async () => {
  app = await launchApp();
  win = new Window(app.session);
  await app.session.setWindowSize(1280, 800);
  await win.waitForFleet();
});

after(() => app?.stop());

/**
 * Presses `action` of the open form and waits for its command's end; returns the entry.
 * @param {string} action
 * @param {{confirm?: boolean}} [options] answer the confirmation Rust asks for
 */
async function send(action, options = {}) {
  const before = await win.entries();
  await win.press(action);
  let question = null;
  if (options.confirm) {
    question = await win.confirm(true);
  }
  const entry = await win.waitForEnd(before);
  return { ...entry, question };
}

/** @param {{steps: string[]}} entry */
function last(entry) {
  return entry.steps.at(-1) ?? "";
}

test("the demo fleet's 25 vehicles are listed and on the map", async () => {
  assert.equal(await win.waitForFleet(), "25 vehicles");
  assert.equal(await win.text("#demo-badge"), "Demo fleet");
  // Every vehicle with a position is on the map, alone or in a cluster (whose bubble counts it);
  // those whose privacy setting hides their position (vehicle 10 at least) are not.
  // Counted while the map is still: during a zoom (the map frames the fleet as the window
  // resizes) the clusters being left and those being entered are both drawn.
  const placed = await waitFor(
    () =>
      app.session.execute(
        `if (document.querySelector("#map .leaflet-zoom-anim, #map .leaflet-cluster-anim")) { return 0; }
         return document.querySelectorAll("#map .vehicle-pin:not(.selected)").length
           + [...document.querySelectorAll("#map .vehicle-cluster")].reduce((n, c) => n + Number(c.textContent), 0);`,
      ),
    "the vehicles on the map, with the map still",
  );
  assert.ok(placed >= 20 && placed < 25, `${placed} vehicles on the map`);
  assert.match(await win.text('#vehicle-list [data-index="0"] .meta'), /^…[A-Z0-9]{6} · Electric \d+ % · Unlocked$/);
  await app.session.saveScreenshot("demo.png");
});

test("locking a vehicle with a door open fails with a cause a person understands", async () => {
  await win.select(DEMO.DOORS_OPEN);
  assert.match(await win.text('#vehicle-status dd[data-status="doors"]'), /Driver/);
  await win.openTab("locking");
  const entry = await send("lock");
  assert.match(last(entry), / Failed: A door or the trunk is open\. Close it, then try again\.$/);
  assert.equal(entry.outcome, "failure");
  await app.session.saveScreenshot("feature-locking-failed.png");
});

test("locking: Lock ends in Success and the status says Locked", async () => {
  const label = await win.select(DEMO.EVERYTHING_SUPPORTED);
  await win.openTab("locking");
  const entry = await send("lock");
  assert.equal(entry.title, `Lock — ${label}`);
  assert.ok(entry.steps.some((s) => s.endsWith("Accepted by the server")), entry.steps.join(" | "));
  assert.match(last(entry), / Success$/);
  await waitFor(async () => /^Locked/.test(await win.text('#vehicle-status dd[data-status="lock"]')), "the locked state");
  await app.session.saveScreenshot("feature-locking.png");
});

test("horn: sounded, then the off state", async () => {
  await win.select(DEMO.EVERYTHING_SUPPORTED);
  await win.openTab("horn");
  assert.match(last(await send("hornOn")), / Success$/);
  // A horn's sound ends by itself: "off" finds it off already.
  assert.match(last(await send("hornOff")), / (Success|Already done: .*)$/);
  await app.session.saveScreenshot("feature-horn.png");
});

test("lights: on, then off", async () => {
  await win.select(DEMO.EVERYTHING_SUPPORTED);
  await win.openTab("lights");
  assert.match(last(await send("lightsOn")), / Success$/);
  assert.match(last(await send("lightsOff")), / Success$/);
  await app.session.saveScreenshot("feature-lights.png");
});

test("commands the vehicle lacks are disabled, with the reason", async () => {
  await win.select(DEMO.NO_HORN_NO_LIGHTS);
  await win.openTab("horn");
  assert.equal(await win.property('#feature-form [data-action="hornOn"]', "disabled"), true);
  assert.equal(await win.property('#feature-form [data-action="hornOn"]', "title"), "This vehicle does not support this command.");
  assert.match(await win.text("#unsupported-note"), /^Not supported by this vehicle: .*Horn/);
  assert.equal(await win.property("#tab-horn", "className"), "lacking");
});

test("charging: a field Rust refuses is marked, then program 2 with every parameter is set", async () => {
  await win.select(DEMO.EVERYTHING_SUPPORTED);
  await win.openTab("charging");
  const field = "#charging-program2-minChargingLevel";
  for (const day of ["Tue", "Sat"]) {
    await win.set(`#charging-program2-days-${day}`, true);
  }
  await win.set("#charging-program2-start", "23:15");
  await win.set("#charging-program2-end", "06:30");
  await win.set(field, "70");
  await win.set("#charging-program2-maxChargingLevel", "90");
  await win.set("#charging-program2-chargeType", "Cooperative");
  await win.set("#charging-program2-chargeToFull", false);
  const before = await win.entries();
  await win.press("chargeProgramSet2");
  await waitFor(async () => (await win.property(field, "ariaInvalid")) === "true", "the refused field to be marked");
  assert.match(await win.text(`${field}-error`), /minChargingLevel/);
  assert.equal(await win.entries(), before + 1, "the refusal is on the timeline, nothing was sent");
  await app.session.saveScreenshot("feature-charging-refused.png");
  await win.set(field, "25");
  const entry = await send("chargeProgramSet2");
  assert.notEqual(await win.property(field, "ariaInvalid"), "true", "the mark goes once the value is sent");
  assert.match(last(entry), / Success$/);
  await app.session.saveScreenshot("feature-charging.png");
});

test("preconditioning: program 3 on three days at 19.5 °C", async () => {
  await win.select(DEMO.EVERYTHING_SUPPORTED);
  await win.openTab("preconditioning");
  for (const day of ["Mon", "Wed", "Fri"]) {
    await win.set(`#preconditioning-program3-days-${day}`, true);
  }
  await win.set("#preconditioning-program3-start", "07:45");
  await win.set("#preconditioning-program3-temp", "19.5");
  const entry = await send("precondProgramSet3");
  assert.match(last(entry), / Success$/);
  await app.session.saveScreenshot("feature-preconditioning.png");
  // The vehicle now reports the program: drawn afresh, its slot starts from what is set.
  await win.select(DEMO.AWAKE_HYBRID);
  await waitFor(
    async () => {
      await win.select(DEMO.EVERYTHING_SUPPORTED);
      await win.openTab("preconditioning");
      return (await win.property("#preconditioning-program3-start", "value")) === "07:45";
    },
    "program 3 read back from the vehicle",
  );
  assert.equal(await win.property("#preconditioning-program3-temp", "value"), "19.5");
  assert.equal(await win.property("#preconditioning-program3-days-Wed", "checked"), true);
  assert.equal(await win.property("#preconditioning-program3-days-Tue", "checked"), false);
});

test("theft alarm notification: suppressed for 3 days", async () => {
  await win.select(DEMO.EVERYTHING_SUPPORTED);
  await win.openTab("tan");
  await win.set("#tan-suppress-duration", "4");
  const entry = await send("tanSuppress");
  assert.match(last(entry), / Success$/);
  await waitFor(async () => /until/i.test(await win.text('#vehicle-status dd[data-status="theftAlerts"]')), "the suppression in the status");
  await app.session.saveScreenshot("feature-tan.png");
});

test("vehicle finder: the position goes on the map with its time, for its vehicle only", async () => {
  const label = await win.select(DEMO.EVERYTHING_SUPPORTED);
  await win.openTab("vehicleFinder");
  assert.equal(await win.count("#map .found-pin"), 0);
  const entry = await send("vehicleFinder");
  assert.match(last(entry), / Success\. Found at -?\d+\.\d{5}, -?\d+\.\d{5}$/);
  await waitFor(async () => (await win.count("#map .found-pin")) === 1, "the finder's marker");
  assert.match(await win.text("#map .found-label"), new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} found here at \\d\\d:\\d\\d`));
  await app.session.saveScreenshot("feature-vehicleFinder.png");
  await win.select(DEMO.AWAKE_HYBRID);
  assert.equal(await win.count("#map .found-pin"), 0, "another vehicle does not show it");
  await win.select(DEMO.EVERYTHING_SUPPORTED);
  assert.equal(await win.count("#map .found-pin"), 1, "it comes back with its vehicle");
});

test("wake-up: counted against the month's wake-ups", async () => {
  await win.select(DEMO.AWAKE_HYBRID);
  await win.openTab("wakeUp");
  const usage = () => win.text('#feature-form [data-section="wakeUp"]');
  const before = await waitFor(async () => (/(\d+) of (\d+)/.exec(await usage()) ?? [])[1], "the wake-up count");
  const entry = await send("wakeUp");
  assert.match(last(entry), / Success$/);
  await waitFor(async () => Number((/(\d+) of (\d+)/.exec(await usage()) ?? [])[1]) === Number(before) + 1, "the count to go up by one");
  await app.session.saveScreenshot("feature-wakeUp.png");
});

test("state refresh: wakes the vehicle and reads its state", async () => {
  await win.select(DEMO.AWAKE_HYBRID);
  await win.openTab("state");
  const entry = await send("state");
  // The state read back carries the vehicle's position.
  assert.match(last(entry), / Success(\. Found at -?\d+\.\d{5}, -?\d+\.\d{5})?$/);
  assert.equal(await win.count("#map .found-pin"), 0, "a state refresh is not a vehicle finder answer");
  await app.session.saveScreenshot("feature-state.png");
});

test("stolen state: crank inhibit asks first, in Rust's words naming the vehicle, then is lifted", async () => {
  const label = await win.select(DEMO.AWAKE_HYBRID);
  await win.openTab("stolen");
  const on = await send("crankInhibitOn", { confirm: true });
  assert.match(on.question ?? "", new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  assert.match(last(on), / Success$/);
  await app.session.saveScreenshot("feature-stolen.png");
  const off = await send("crankInhibitOff");
  assert.equal(off.question, null);
  assert.match(last(off), / Success$/);
});

test("immobilization: confirmed, shown in the status, then released", async () => {
  await win.select(DEMO.AWAKE_HYBRID);
  await win.openTab("immobilization");
  const on = await send("immobilize", { confirm: true });
  assert.match(on.question ?? "", /will not start/i);
  assert.match(last(on), / Success$/);
  await waitFor(async () => /^Immobilized/.test(await win.text('#vehicle-status dd[data-status="immobilized"]')), "the immobilized state");
  await app.session.saveScreenshot("feature-immobilization.png");
  const off = await send("release");
  assert.match(last(off), / Success$/);
});

test("onboard personal data: No sends nothing, Yes deletes them", async () => {
  const label = await win.select(DEMO.AWAKE_HYBRID);
  await win.openTab("onboardPersonalData");
  const before = await win.entries();
  await win.press("erase");
  assert.equal(await win.confirm(false), `The personal data stored in ${label} will be deleted; this cannot be undone. Send it?`);
  await sleep(1500);
  assert.equal(await win.entries(), before, "nothing was sent");
  const entry = await send("erase", { confirm: true });
  assert.match(last(entry), / Success$/);
  await app.session.saveScreenshot("feature-onboardPersonalData.png");
});

test("navigation: three points clicked, one dragged, one reordered, a click on a point adds none, sent to Success", async () => {
  await win.select(DEMO.EVERYTHING_SUPPORTED);
  await win.openTab("navigation");
  assert.equal(await win.property("#send-route", "disabled"), true, "no point, no route");
  const map = await app.session.find("#map");
  for (const [x, y] of [
    [-120, 60],
    [0, 100],
    [120, 60],
  ]) {
    await app.session.clickAt(map, x, y);
  }
  await waitFor(async () => (await win.count("#route-points li")) === 3, "three points");
  assert.equal(await win.count("#map .route-pin"), 3);
  assert.equal(await win.text("#route-status"), "3 of 10 points");
  const where = () => app.session.execute("return [...document.querySelectorAll('#route-points li input')].map((i) => i.placeholder);");
  const placed = await where();
  // A click on an existing point selects it instead of adding a fourth.
  await app.session.clickAt(await app.session.find('#map .route-pin[data-index="2"]'), 0, 0);
  assert.equal(await win.count("#route-points li"), 3);
  assert.equal(await app.session.execute("return document.querySelector('#route-points li[aria-current=true]')?.dataset.index;"), "2");
  // Drag point 2 on the map.
  await app.session.drag(await app.session.find('#map .route-pin[data-index="1"]'), 40, -50);
  await waitFor(async () => (await where())[1] !== placed[1], "the dragged point to move");
  const dragged = (await where())[1];
  assert.equal((await where())[0], placed[0], "the other points stay");
  // Name the last point and move it one place earlier with the keyboard.
  const third = await app.session.find('#route-points li[data-index="2"] input');
  await third.type("Home");
  await app.session.pressChord(["\uE00A", "\uE013"]); // Alt+ArrowUp
  await waitFor(async () => (await where())[1] === placed[2], "the reordered point");
  assert.deepEqual(await where(), [placed[0], placed[2], dragged]);
  assert.equal(await app.session.execute("return document.querySelector('#route-points li[data-index=\"1\"] input').value;"), "Home");
  assert.equal(await win.text('#route-points li[data-index="0"] .role'), "Start");
  assert.equal(await win.text('#route-points li[data-index="2"] .role'), "Destination");
  await app.session.saveScreenshot("feature-navigation-planned.png");
  const before = await win.entries();
  await win.click("#send-route");
  const entry = await win.waitForEnd(before);
  assert.match(last(entry), / Success$/);
  await app.session.saveScreenshot("feature-navigation.png");
});

test("the palette: Ctrl+K, a vehicle and a command, Enter", async () => {
  await win.select(DEMO.EVERYTHING_SUPPORTED);
  await app.session.pressChord(["\uE009", "k"]); // Control+K
  await waitFor(() => app.session.execute("return document.getElementById('palette').open;"), "the palette");
  const hybrid = await app.session.execute("return document.querySelector('#vehicle-list [data-index=\"1\"] .name')?.textContent ?? '';");
  const vinTail = await app.session.execute("return /…(\\w+)/.exec(document.querySelector('#vehicle-list [data-index=\"1\"] .meta')?.textContent ?? '')?.[1] ?? '';");
  assert.ok(vinTail, "the list shows the VIN's last characters");
  await (await app.session.find("#palette-input")).type(`unlock ${vinTail}`);
  await waitFor(async () => /Unlock/.test(await win.text("#palette-results li[aria-selected=true]")), "the unlock entry");
  await app.session.saveScreenshot("palette.png");
  await app.session.pressKey("\uE007");
  await waitFor(async () => (await win.text("#vehicle-heading")) === hybrid, "the palette's vehicle");
  assert.equal(await win.property("#tab-locking", "ariaSelected"), "true");
  assert.equal(await app.session.execute("return document.activeElement.dataset.action;"), "unlock");
});
