import assert from "node:assert/strict";
import { test } from "node:test";

import { explainer } from "../../ui/explanations.js";
import { catalogues, translator } from "../../ui/i18n.js";
import {
  FEATURES,
  OUTCOMES,
  canCheck,
  causeText,
  commandAction,
  commandName,
  dateTime,
  dayStart,
  historyQuery,
  newRequestId,
  outcomeMark,
  outcomeText,
  outcomeWord,
  pageQuery,
  senderText,
  shortDateTime,
  vehicleLabel,
} from "../../ui/journal.js";

const t = translator("en");
const tFr = translator("fr");
const en = explainer("en");
const fr = explainer("fr");

/** A journal row as Rust gives it (crates/journal/src/model.rs), ended by `end`. */
function row(end, more = {}) {
  return {
    requestId: "0b8f5a7e-4c1d-4e0b-9a53-2f1f3c7d9e10",
    account: "demo",
    vehicleId: "V5",
    feature: "locking",
    parameters: { feature: "locking", state: "Locked" },
    sender: "alice",
    origin: "app",
    fleetRunId: null,
    createdAt: new Date(2026, 11, 2, 14, 3, 7).getTime(),
    sendBy: new Date(2026, 11, 2, 14, 4, 7).getTime(),
    state: end ? "ended" : "accepted",
    label: "car-remote-0b8f5a7e",
    postedAt: null,
    remoteActionId: "r1",
    steps: [],
    end,
    ...more,
  };
}

const at = 1;
const ends = {
  success: { at, outcome: "success", status: "Success", cause: null, message: "The vehicle carried out the command." },
  alreadyDone: {
    at,
    outcome: "alreadyDone",
    status: "AlreadyDone",
    cause: null,
    message: "The vehicle was already in the requested state; nothing was changed.",
  },
  doorsOpen: {
    at,
    outcome: "failed",
    status: "Failed",
    cause: "DoorsOpen",
    message: "A door or the trunk is open. Close it, then try again.",
  },
  failedNoCause: { at, outcome: "failed", status: "Failed", cause: null, message: "The vehicle could not do it." },
  rejected: { at, outcome: "rejected", status: "unsupported", cause: null, message: "This vehicle has no horn." },
  notSent: { at, outcome: "notSent", status: null, cause: null, message: "It was cancelled before it was sent." },
  unsettled: { at, outcome: "unsettled", status: null, cause: null, message: "Still no end after 24 hours." },
};

test("a command is named by the words of the control that sends it", () => {
  const named = (parameters) => commandName({ feature: parameters.feature, parameters }, t);
  assert.equal(named({ feature: "locking", state: "Locked" }), "Lock");
  assert.equal(named({ feature: "horn", state: "Activated" }), "Sound the horn");
  assert.equal(named({ feature: "horn", state: "Unactivated" }), "Stop the horn");
  assert.equal(named({ feature: "lights", state: "Unactivated" }), "Lights off");
  assert.equal(named({ feature: "charging", immediate: true }), t("cmd_chargeStart"));
  assert.equal(commandAction({ feature: "onboardPersonalData", parameters: { feature: "onboardPersonalData" } }, t)?.key, "erase");
  const route = { feature: "navigation", parameters: { feature: "navigation", positions: [{ latitude: 1, longitude: 2 }] } };
  assert.equal(commandName(route, t), "Send route");
  assert.equal(commandName(route, tFr), "Envoyer l’itinéraire");
});

test("a command with values of the person's is named by its feature", () => {
  const stolen = { feature: "stolen", parameters: { feature: "stolen", state: true } };
  assert.equal(commandName(stolen, t), t("stolenDeclare"));
  // A charging program is not "Start charging", though the feature is the same.
  const program = { feature: "charging", parameters: { feature: "charging", programs: [{ slot: 1 }] } };
  assert.equal(commandName(program, t), "Charging");
  // A feature the page does not know keeps its word.
  assert.equal(commandName({ feature: "teleport", parameters: { feature: "teleport" } }, t), "teleport");
  // Extra fields are not the control's command either.
  assert.equal(commandAction({ feature: "locking", parameters: { feature: "locking", state: "Locked", x: 1 } }, t), null);
});

test("every feature and outcome has its words in every language", () => {
  assert.equal(FEATURES.length, 13);
  assert.equal(new Set(FEATURES).size, 13);
  for (const catalogue of Object.values(catalogues)) {
    for (const feature of FEATURES) {
      assert.ok(catalogue[`feature_${feature}`], feature);
    }
    for (const outcome of OUTCOMES) {
      assert.ok(catalogue[`outcome_${outcome}`], outcome);
    }
    for (const state of ["intent", "posting", "accepted", "ended"]) {
      assert.ok(catalogue[`state_${state}`], state);
    }
  }
});

test("how a command ended, in words", () => {
  assert.equal(outcomeText(row(ends.success), t), "Success");
  assert.equal(outcomeText(row(ends.alreadyDone), t), "Already done");
  assert.equal(outcomeText(row(ends.doorsOpen), t), "Failed");
  assert.equal(outcomeText(row(ends.rejected), t), "Refused by the server");
  assert.equal(outcomeText(row(ends.notSent), t), "Not sent");
  assert.equal(outcomeText(row(ends.unsettled), t), "End unknown");
  assert.equal(outcomeText(row(ends.doorsOpen), tFr), "Échec");
  // Without an end: how far it has gone.
  assert.equal(outcomeText(row(null, { state: "intent" }), t), "Waiting to be sent");
  assert.equal(outcomeText(row(null, { state: "posting" }), t), "Being sent");
  assert.equal(outcomeText(row(null, { state: "accepted" }), tFr), "En cours");
  // An outcome this page does not know yet shows its word rather than nothing.
  assert.equal(outcomeText(row({ ...ends.success, outcome: "partly" }), t), "partly");
});

test("the filter word and the mark of each outcome", () => {
  const marks = Object.fromEntries(Object.entries(ends).map(([name, end]) => [name, [outcomeWord(row(end)), outcomeMark(row(end))]]));
  assert.deepEqual(marks, {
    success: ["success", "success"],
    alreadyDone: ["alreadyDone", "success"],
    doorsOpen: ["failed", "failure"],
    failedNoCause: ["failed", "failure"],
    rejected: ["rejected", "failure"],
    notSent: ["notSent", "notSent"],
    unsettled: ["unsettled", "unsettled"],
  });
  assert.equal(outcomeWord(row(null)), "notEnded");
  assert.equal(outcomeMark(row(null)), "");
});

test("why it ended so: the cause's sentence, translated", () => {
  assert.equal(causeText(row(ends.success), en), "");
  assert.equal(causeText(row(null), en), "");
  assert.equal(causeText(row(ends.doorsOpen), en), "A door or the trunk is open. Close it, then try again.");
  assert.equal(causeText(row(ends.doorsOpen), fr), "Une porte ou le coffre est ouvert. Fermez-le, puis réessayez.");
  assert.equal(
    causeText(row(ends.failedNoCause), fr),
    "Le véhicule n’a pas pu exécuter la commande. Réessayez plus tard.",
  );
  assert.equal(causeText(row(ends.alreadyDone), fr), "Le véhicule était déjà dans l’état demandé ; rien n’a été modifié.");
  // A cause the translations do not know keeps Rust's English sentence.
  assert.equal(
    causeText(row({ ...ends.doorsOpen, cause: "MartianInterference", message: "Something odd happened." }), fr),
    "Something odd happened.",
  );
  // Rust's own sentence for a refusal, a command not sent, an unknown end.
  assert.equal(causeText(row(ends.rejected), fr), "This vehicle has no horn.");
  assert.equal(causeText(row(ends.notSent), en), "It was cancelled before it was sent.");
  assert.equal(causeText(row(ends.unsettled), en), "Still no end after 24 hours.");
  assert.equal(causeText(row({ ...ends.unsettled, message: null }), en), "");
  assert.equal(causeText(row({ ...ends.notSent, message: "it was cancelled before it was sent" }), en), "It was cancelled before it was sent");
});

test("who sent it and from where", () => {
  assert.equal(senderText(row(ends.success), t), "alice · app");
  assert.equal(senderText(row(ends.success, { origin: "cli", sender: "ci-bot" }), t), "ci-bot · CLI");
  assert.equal(senderText(row(ends.success), tFr), "alice · application");
  assert.equal(senderText(row(ends.success, { sender: "" }), t), "app");
});

test("Check now is offered only where the end is not known", () => {
  assert.equal(canCheck(row(null)), true);
  assert.equal(canCheck(row(ends.unsettled)), true);
  for (const name of ["success", "alreadyDone", "doorsOpen", "rejected", "notSent"]) {
    assert.equal(canCheck(row(ends[name])), false, name);
  }
});

test("vehicles are named by the fleet's label, else their id", () => {
  const fleet = [{ id: "V5", label: "Peugeot e-208 (VR3…05)" }];
  assert.equal(vehicleLabel(row(null), fleet), "Peugeot e-208 (VR3…05)");
  assert.equal(vehicleLabel(row(null, { vehicleId: "other" }), fleet), "other");
});

test("dates of the filters are local days", () => {
  assert.equal(dayStart("2026-12-02"), new Date(2026, 11, 2).getTime());
  assert.equal(dayStart("2026-12-31", 1), new Date(2027, 0, 1).getTime());
  assert.equal(dayStart(""), null);
  assert.equal(dayStart("2026-02-31"), null);
  assert.equal(dayStart("02/12/2026"), null);
});

test("filters become a journal query: empty fields left out, the last day included", () => {
  assert.deepEqual(historyQuery({ vehicleId: "", feature: "", outcome: "", from: "", to: "" }), {});
  assert.deepEqual(historyQuery({ vehicleId: "V5", feature: "locking", outcome: "failed", from: "2026-12-01", to: "2026-12-02" }), {
    vehicleId: "V5",
    feature: "locking",
    outcome: "failed",
    from: new Date(2026, 11, 1).getTime(),
    to: new Date(2026, 11, 3).getTime(),
  });
  assert.deepEqual(historyQuery({ outcome: "notEnded" }), { outcome: "notEnded" });
  // A word the journal does not know is not sent to it.
  assert.deepEqual(historyQuery({ outcome: "bogus", to: "not a date" }), {});
});

test("pages: a limit the journal accepts, and the cursor passed back as it came", () => {
  assert.deepEqual(pageQuery({ feature: "horn" }, 50), { feature: "horn", limit: 50 });
  assert.deepEqual(pageQuery({}, 50, null), { limit: 50 });
  const cursor = { createdAt: 5, id: 9 };
  assert.deepEqual(pageQuery({}, 50, cursor), { limit: 50, after: cursor });
  assert.deepEqual(pageQuery({}, 5000, "c1"), { limit: 1000, after: "c1" });
  assert.deepEqual(pageQuery({}, 0), { limit: 1 });
});

test("times: the full local time in the history, the short one in the panel", () => {
  const ms = new Date(2026, 11, 2, 14, 3, 7, 412).getTime();
  assert.equal(dateTime(ms), "2026-12-02 14:03:07");
  assert.equal(shortDateTime(ms, new Date(2026, 11, 2, 23, 59).getTime()), "14:03:07");
  assert.equal(shortDateTime(ms, new Date(2026, 11, 3, 0, 1).getTime()), "2026-12-02 14:03");
});

test("request ids are version 4 UUIDs, with or without randomUUID", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(newRequestId(), uuid);
  const withoutRandomUuid = { getRandomValues: (/** @type {Uint8Array} */ a) => globalThis.crypto.getRandomValues(a) };
  const ids = new Set(Array.from({ length: 50 }, () => newRequestId(withoutRandomUuid)));
  assert.equal(ids.size, 50);
  for (const id of ids) {
    assert.match(id, uuid);
  }
  const zeros = { getRandomValues: (/** @type {Uint8Array} */ a) => a };
  assert.equal(newRequestId(zeros), "00000000-0000-4000-8000-000000000000");
});
