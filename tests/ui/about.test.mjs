import assert from "node:assert/strict";
import { test } from "node:test";

import { aboutRows, updateText } from "../../ui/about.js";
import { translator } from "../../ui/i18n.js";

const t = translator("en");
const about = {
  version: "0.1.0",
  licence: "MIT OR Apache-2.0",
  dataDir: "/home/me/.local/share/app.carremote.desktop",
  settingsDir: null,
  logDir: "/home/me/.local/share/app.carremote.desktop/logs",
};

test("the About box names the version, licence, data and log folders", () => {
  assert.deepEqual(aboutRows(about, t), [
    ["Version", "0.1.0"],
    ["Licence", "MIT OR Apache-2.0"],
    ["Data folder (command journal)", about.dataDir],
    ["Log folder", about.logDir],
  ]);
});

test("a separate settings folder and a missing folder are shown as such", () => {
  const rows = aboutRows({ ...about, settingsDir: "/elsewhere", logDir: null }, translator("fr"));
  assert.deepEqual(rows[3], ["Dossier des réglages", "/elsewhere"]);
  assert.deepEqual(rows[4], ["Dossier des journaux de l’application", "(aucun sur ce système)"]);
});

test("update checks read as sentences", () => {
  assert.equal(updateText({ status: "upToDate", current: "0.1.0" }, t), "Car Remote 0.1.0 is the latest version.");
  assert.equal(
    updateText({ status: "available", current: "0.1.0", version: "0.2.0", notes: null }, t),
    "Version 0.2.0 is available (this is 0.1.0).",
  );
});
