// The real app window, driven through WebDriver: the page loads, the credentials form (in the
// Settings dialog) stores a secret in the real keyring (checked with secret-tool, another Secret
// Service client), and "Forget" removes it. Run through `./dev.sh test`, which provides Xvfb and
// a private keyring.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";

import { launchApp, waitFor } from "./webdriver.mjs";
import { Window } from "./window.mjs";

if (process.env.CAR_REMOTE_E2E_PRIVATE_KEYRING !== "1") {
  // This scenario writes and deletes the app's own keyring entries: never do that to a
  // developer's real keyring.
  throw new Error("run the end-to-end tests through ./dev.sh test (it starts a private keyring)");
}

/** The secret stored for the app's keyring service, read with secret-tool; null when absent. */
function keyringLookup(account) {
  try {
    return execFileSync("secret-tool", ["lookup", "service", "car-remote", "username", account], {
      encoding: "utf8",
    });
  } catch {
    return null;
  }
}

let app;
let session;
/** @type {Window} */
let win;

before(async () => {
  app = await launchApp();
  session = app.session;
  win = new Window(session);
});

after(() => app?.stop());

async function statusText() {
  return (await session.find("#credentials-status")).text();
}

test("the window opens on the Car Remote page", async () => {
  assert.equal(await session.title(), "Car Remote");
  const heading = await session.find("#app-title");
  assert.equal(await heading.text(), "Car Remote");
  // The account's form is in the Settings dialog; it stays open for the other scenarios.
  await win.openSettings();
  const status = await waitFor(async () => {
    const text = await statusText();
    return text && !text.includes("…") ? text : "";
  }, "the keyring status");
  assert.equal(status, "No credentials stored.");
  await session.execute("document.getElementById('credentials-status').scrollIntoView({ block: 'nearest' });");
  await session.saveScreenshot("01-start.png");
});

test("saving empty fields shows a typed error naming the field", async () => {
  await (await session.find("#save-credentials")).click();
  const error = await session.find("#credentials-error");
  const message = await waitFor(() => error.text(), "the error line");
  assert.match(message, /^Client ID: must not be empty/);
  assert.equal(keyringLookup("client-id"), null);
});

test("saving stores the secret in the system keyring and clears the field", async () => {
  await (await session.find("#client-id")).type("e2e-client");
  await (await session.find("#client-secret")).type("e2e-secret-value");
  await (await session.find("#save-credentials")).click();
  const status = await waitFor(async () => {
    const text = await statusText();
    return text.startsWith("Saved.") ? text : "";
  }, "the saved status");
  assert.equal(status, "Saved. Credentials for e2e-client are stored in the system keyring.");
  assert.equal(await (await session.find("#client-secret")).property("value"), "");
  assert.equal(await (await session.find("#credentials-error")).property("hidden"), true);
  assert.equal(keyringLookup("client-secret"), "e2e-secret-value");
  assert.equal(keyringLookup("client-id"), "e2e-client");
  // The status line sits under the dialog's buttons: bring it into view for the screenshot.
  await session.execute("document.getElementById('credentials-status').scrollIntoView({ block: 'nearest' });");
  await session.saveScreenshot("02-saved.png");
});

test("forget removes both entries from the keyring", async () => {
  await (await session.find("#forget-credentials")).click();
  await waitFor(async () => (await statusText()).startsWith("Forgotten."), "the forgotten status");
  assert.equal(keyringLookup("client-secret"), null);
  assert.equal(keyringLookup("client-id"), null);
  assert.equal(await (await session.find("#client-id")).property("value"), "");
});
