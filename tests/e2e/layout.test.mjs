// The map-first layout in the real window, at the smallest and the largest size the app is made
// for: the map, the vehicle list, the selected vehicle's panel and the timeline are all on screen
// without the page scrolling, the map is the largest of them, and the list's keyboard row and the
// focus ring show. Boxes are measured in the page; screenshots are saved for a person to judge.
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
  await win.waitForFleet();
});

after(() => app?.stop());

const PARTS = ["#map", "#vehicle-list", ".panel", ".timeline-card", "#feature-tabs", "#vehicle-search"];

for (const [width, height] of [
  [900, 600],
  [1920, 1080],
]) {
  test(`at ${width}×${height} the map, list, panel and timeline fit without a page scroll`, async () => {
    await app.session.setWindowSize(width, height);
    await sleep(800);
    await win.select(DEMO.EVERYTHING_SUPPORTED);
    await win.openTab("charging");
    const view = await app.session.execute(
      "return { width: innerWidth, height: innerHeight, scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight };",
    );
    // The window manager of the test display may keep a little of the asked size for itself.
    assert.ok(Math.abs(view.width - width) <= 40 && Math.abs(view.height - height) <= 80, JSON.stringify(view));
    assert.ok(view.scrollHeight <= view.height && view.scrollWidth <= view.width, `the page scrolls: ${JSON.stringify(view)}`);
    const boxes = await win.boxes(PARTS);
    for (const [css, box] of Object.entries(boxes)) {
      assert.ok(box, `${css} is missing`);
      assert.ok(box.width >= 120 && box.height >= 28, `${css} is too small: ${JSON.stringify(box)}`);
      assert.ok(box.x >= 0 && box.y >= 0, `${css} starts off screen: ${JSON.stringify(box)}`);
      assert.ok(box.x + box.width <= view.width + 1 && box.y + box.height <= view.height + 1, `${css} ends off screen: ${JSON.stringify(box)}`);
    }
    const area = (/** @type {{width: number, height: number}} */ b) => b.width * b.height;
    for (const css of ["#vehicle-list", ".panel", ".timeline-card"]) {
      assert.ok(area(boxes["#map"]) > area(boxes[css]), `the map is smaller than ${css}`);
    }
    // The map is the main area: the largest part, and at least 30 % of the window.
    assert.ok(area(boxes["#map"]) >= 0.3 * view.width * view.height, `map ${JSON.stringify(boxes["#map"])} of ${view.width}×${view.height}`);
    console.log(`layout ${width}×${height}: map ${Math.round(boxes["#map"].width)}×${Math.round(boxes["#map"].height)} px (${Math.round((100 * area(boxes["#map"])) / (view.width * view.height))} % of the window)`);
    await app.session.saveScreenshot(`layout-${width}x${height}.png`);
  });
}

test("the list is one Tab stop: arrow keys move inside it and Enter selects", async () => {
  await app.session.setWindowSize(1280, 800);
  await (await app.session.find("#vehicle-search")).click();
  await app.session.pressKey("\uE004"); // Tab: from the search box over the filters…
  const order = await app.session.execute(
    "return [...document.querySelectorAll('.vehicles input, .vehicles select, #vehicle-list')].map((e) => e.id || e.tagName);",
  );
  for (let i = 0; i < order.length; i += 1) {
    if ((await app.session.execute("return document.activeElement.id;")) === "vehicle-list") {
      break;
    }
    await app.session.pressKey("\uE004");
  }
  assert.equal(await app.session.execute("return document.activeElement.id;"), "vehicle-list");
  await app.session.pressKey("\uE015"); // ArrowDown
  await app.session.pressKey("\uE015");
  const active = await app.session.execute("return document.getElementById('vehicle-list').getAttribute('aria-activedescendant');");
  assert.ok(active, "the keyboard row is announced");
  const position = await app.session.execute("return document.getElementById(arguments[0]).dataset.position;", [active]);
  await app.session.pressKey("\uE007"); // Enter
  await win.waitForFleet();
  const selected = await app.session.execute("return document.querySelector('#vehicle-list [aria-selected=true]')?.dataset.position;");
  assert.equal(selected, position);
  // Tab leaves the list in one press (its rows are not Tab stops).
  await app.session.pressKey("\uE004");
  assert.notEqual(await app.session.execute("return document.activeElement.closest('#vehicle-list') ? 'in' : 'out';"), "in");
  await app.session.saveScreenshot("keyboard-focus.png");
});

test("the theme and the language are chosen in Settings and kept by Rust", async () => {
  await (await app.session.find("#open-settings")).click();
  await win.set("#pref-theme", "dark");
  await waitFor(() => app.session.execute("return document.documentElement.dataset.theme === 'dark';"), "the dark theme");
  const background = await app.session.execute("return getComputedStyle(document.body).backgroundColor;");
  assert.equal(background, "rgb(21, 23, 26)");
  await win.set("#pref-language", "fr");
  // The page is drawn again in French, from the preferences Rust kept.
  await waitFor(async () => (await win.text("#open-settings")) === "Réglages", "the page in French", 30_000);
  assert.equal(await app.session.execute("return document.documentElement.lang;"), "fr");
  assert.equal(await app.session.execute("return document.documentElement.dataset.theme;"), "dark");
  await win.waitForFleet();
  await app.session.saveScreenshot("preferences-fr-dark.png");
  await (await app.session.find("#open-settings")).click();
  await win.set("#pref-theme", "system");
  await win.set("#pref-language", "system");
  await waitFor(async () => (await win.text("#open-settings")) === "Settings", "the page in English again", 30_000);
  assert.equal(await app.session.execute("return document.documentElement.dataset.theme ?? null;"), null);
});
