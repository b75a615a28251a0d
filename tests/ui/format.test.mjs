import assert from "node:assert/strict";
import { test } from "node:test";

import { explainer } from "../../ui/explanations.js";
import {
  clockTime,
  confirmationWarning,
  credentialsSummary,
  describeStep,
  errorMessage,
  isFinalStep,
  stepOutcome,
} from "../../ui/format.js";
import { translator } from "../../ui/i18n.js";

const t = translator("en");

test("errors from Rust show their message", () => {
  const error = { kind: "keyringUnavailable", message: "The system keyring is not available (x)." };
  assert.equal(errorMessage(error, t), "The system keyring is not available (x).");
});

test("anything else is reported as unexpected, with its detail", () => {
  assert.equal(errorMessage("boom", t), "Something unexpected went wrong (boom). Please try again.");
  assert.equal(errorMessage({ code: 1 }, t), 'Something unexpected went wrong ({"code":1}). Please try again.');
  assert.equal(errorMessage(undefined, t), "Something unexpected went wrong (undefined). Please try again.");
});

test("credentials summary covers none, id only and both", () => {
  assert.equal(credentialsSummary({ clientId: null, hasSecret: false }, t), "No credentials stored.");
  assert.equal(
    credentialsSummary({ clientId: "fleet-1", hasSecret: true }, t),
    "Credentials for fleet-1 are stored in the system keyring.",
  );
  assert.match(credentialsSummary({ clientId: "fleet-1", hasSecret: false }, t), /no secret/);
});

/** Progress messages as Rust sends them (src-tauri/progress.rs), with the library's English. */
const steps = {
  queued: { at: 1, remoteActionId: null, type: "queued", titleKey: "step.queued", title: "Queued for sending", textKey: null, text: null },
  sent: { at: 2, remoteActionId: "r1", type: "sent", titleKey: "step.sent", title: "Accepted by the server", textKey: null, text: null },
  waking: {
    at: 3,
    remoteActionId: "r1",
    type: "pending",
    status: "WakingUpVehicle",
    titleKey: "PendingStatus.WakingUpVehicle.title",
    title: "Waking up the vehicle",
    textKey: "PendingStatus.WakingUpVehicle",
    text: "The vehicle is asleep; the server is waking it up. This can take a minute or two.",
  },
  newPending: {
    at: 3,
    remoteActionId: "r1",
    type: "pending",
    status: "NewStep",
    titleKey: "PendingStatus.NewStep.title",
    title: "In progress",
    textKey: "PendingStatus.NewStep",
    text: "The command is in progress.",
  },
  doorsOpen: {
    at: 4,
    remoteActionId: "r1",
    type: "done",
    status: "Failed",
    succeeded: false,
    cause: "DoorsOpen",
    position: null,
    titleKey: "DoneStatus.Failed.title",
    title: "Failed",
    textKey: "FailureCause.DoorsOpen",
    text: "A door or the trunk is open. Close it, then try again.",
  },
  martian: {
    at: 4,
    remoteActionId: "r1",
    type: "done",
    status: "Failed",
    succeeded: false,
    cause: "Martian",
    position: null,
    titleKey: "DoneStatus.Failed.title",
    title: "Failed",
    textKey: "FailureCause.Martian",
    text: "The vehicle reported a problem this app does not know. Try again later.",
  },
  success: {
    at: 4,
    remoteActionId: "r1",
    type: "done",
    status: "Success",
    succeeded: true,
    cause: null,
    position: null,
    titleKey: "DoneStatus.Success.title",
    title: "Success",
    textKey: "DoneStatus.Success",
    text: "The vehicle carried out the command.",
  },
  alreadyDone: {
    at: 4,
    remoteActionId: "r1",
    type: "done",
    status: "AlreadyDone",
    succeeded: true,
    cause: null,
    position: null,
    titleKey: "DoneStatus.AlreadyDone.title",
    title: "Already done",
    textKey: "DoneStatus.AlreadyDone",
    text: "The vehicle was already in the requested state; nothing was changed.",
  },
  unknown: {
    at: 5,
    remoteActionId: "r1",
    type: "unknown",
    reason: "The server has not answered for 10 minutes.",
    titleKey: "step.unknown",
    title: "No answer yet",
    textKey: null,
    text: null,
  },
  gaveUp: {
    at: 6,
    remoteActionId: "r1",
    type: "gaveUp",
    reason: "Still no end after 24 hours.",
    titleKey: "step.gaveUp",
    title: "No longer followed",
    textKey: null,
    text: null,
  },
  rejected: {
    at: 2,
    remoteActionId: null,
    type: "rejected",
    kind: "unsupported",
    message: "This vehicle has no horn.",
    titleKey: "step.rejected",
    title: "Refused by the server",
    textKey: null,
    text: null,
  },
  notSent: {
    at: 2,
    remoteActionId: null,
    type: "notSent",
    reason: "It was cancelled before it was sent.",
    titleKey: "step.notSent",
    title: "Not sent",
    textKey: null,
    text: null,
  },
};
steps.found = { ...steps.success, position: { latitude: 45.5, longitude: 4.25 } };

const en = explainer("en");
const fr = explainer("fr");
const tFr = translator("fr");

test("each step shows its title; the sentence is a tooltip while all goes well", () => {
  assert.deepEqual(describeStep(steps.queued, en, t), { line: "Queued for sending", hint: "" });
  assert.deepEqual(describeStep(steps.sent, en, t), { line: "Accepted by the server", hint: "" });
  assert.deepEqual(describeStep(steps.waking, en, t), {
    line: "Waking up the vehicle",
    hint: "The vehicle is asleep; the server is waking it up. This can take a minute or two.",
  });
  assert.deepEqual(describeStep(steps.success, en, t), { line: "Success", hint: "The vehicle carried out the command." });
  assert.deepEqual(describeStep(steps.waking, fr, tFr), {
    line: "Réveil du véhicule",
    hint: "Le véhicule est en veille ; le serveur le réveille. Cela peut prendre une ou deux minutes.",
  });
  // A step the translations do not know keeps Rust's English.
  assert.deepEqual(describeStep(steps.newPending, fr, tFr), { line: "In progress", hint: "The command is in progress." });
});

test("a failure reads as its title and its cause's sentence", () => {
  assert.equal(describeStep(steps.doorsOpen, en, t).line, "Failed: A door or the trunk is open. Close it, then try again.");
  assert.equal(describeStep(steps.doorsOpen, en, t).hint, "");
  assert.equal(
    describeStep(steps.doorsOpen, fr, tFr).line,
    "Échec : Une porte ou le coffre est ouvert. Fermez-le, puis réessayez.",
  );
  // A cause the translations do not know keeps Rust's English sentence.
  assert.equal(
    describeStep(steps.martian, fr, tFr).line,
    "Échec : The vehicle reported a problem this app does not know. Try again later.",
  );
  assert.equal(
    describeStep(steps.alreadyDone, en, t).line,
    "Already done: The vehicle was already in the requested state; nothing was changed.",
  );
});

test("no answer, given up and refused say why, with Rust's free text", () => {
  assert.equal(describeStep(steps.unknown, en, t).line, "No answer yet: The server has not answered for 10 minutes.");
  assert.equal(describeStep(steps.unknown, fr, tFr).line, "Pas encore de réponse : The server has not answered for 10 minutes.");
  assert.equal(describeStep(steps.gaveUp, en, t).line, "No longer followed: Still no end after 24 hours.");
  assert.equal(describeStep(steps.rejected, en, t).line, "Refused by the server: This vehicle has no horn.");
  assert.equal(describeStep(steps.notSent, en, t).line, "Not sent: It was cancelled before it was sent.");
  assert.equal(describeStep(steps.notSent, fr, tFr).line, "Non envoyée : It was cancelled before it was sent.");
  const withText = { ...steps.unknown, textKey: "FleetStage.unknown", text: "No answer yet: the command may still end." };
  assert.equal(
    describeStep(withText, en, t).line,
    "No answer yet: The server has not answered for 10 minutes. No answer yet: the command may still end.",
  );
});

test("the vehicle finder's answer names the position", () => {
  assert.deepEqual(describeStep(steps.found, en, t), {
    line: "Success. Found at 45.50000, 4.25000",
    hint: "The vehicle carried out the command.",
  });
  assert.equal(describeStep(steps.found, fr, tFr).line, "Réussie. Trouvé en 45.50000, 4.25000");
});

test("a message without a title still shows something", () => {
  assert.equal(describeStep({ at: 1, type: "later" }, en, t).line, "later");
});

test("done, given up, refused and not sent are final; unknown is not", () => {
  const final = Object.fromEntries(Object.entries(steps).map(([name, step]) => [name, isFinalStep(step)]));
  assert.deepEqual(final, {
    queued: false,
    sent: false,
    waking: false,
    newPending: false,
    doorsOpen: true,
    martian: true,
    success: true,
    alreadyDone: true,
    unknown: false,
    gaveUp: true,
    rejected: true,
    notSent: true,
    found: true,
  });
  assert.equal(stepOutcome(steps.doorsOpen), "failure");
  assert.equal(stepOutcome(steps.success), "success");
  assert.equal(stepOutcome(steps.alreadyDone), "success");
  assert.equal(stepOutcome(steps.rejected), "failure");
  assert.equal(stepOutcome(steps.gaveUp), "unsettled");
  assert.equal(stepOutcome(steps.notSent), "notSent");
  assert.equal(stepOutcome(steps.waking), "");
  assert.equal(stepOutcome(steps.unknown), "");
});

/** A confirmationNeeded error as Rust gives it. */
const erase = {
  kind: "confirmationNeeded",
  message: "The personal data stored in Peugeot e-208 will be deleted; this cannot be undone. Confirm to send it.",
  warning: {
    code: "deleteOnboardData",
    text: "The personal data stored in Peugeot e-208 will be deleted; this cannot be undone.",
  },
  vehicle: "Peugeot e-208",
};

test("a confirmation request shows Rust's warning, translated with the vehicle's name", () => {
  assert.equal(confirmationWarning(erase, en, "label"), erase.warning.text);
  assert.equal(
    confirmationWarning(erase, fr, "label"),
    "Les données personnelles enregistrées dans Peugeot e-208 seront effacées, sans retour possible.",
  );
  // Without a name from Rust, the page's label fills the translation.
  assert.equal(confirmationWarning({ ...erase, vehicle: null }, fr, "Ma 208"), "Les données personnelles enregistrées dans Ma 208 seront effacées, sans retour possible.");
  // A code the translations do not know keeps Rust's English.
  const novel = { ...erase, warning: { code: "newWarning", text: "Something new will happen to Peugeot e-208." } };
  assert.equal(confirmationWarning(novel, fr, "label"), "Something new will happen to Peugeot e-208.");
  assert.equal(confirmationWarning({ kind: "confirmationNeeded", message: "Confirm it." }, fr, "x"), "Confirm it.");
});

test("other errors are not confirmation requests", () => {
  assert.equal(confirmationWarning({ kind: "invalidInput", message: "positions is not valid", field: "positions" }, en, "x"), null);
  assert.equal(confirmationWarning("boom", en, "x"), null);
  assert.equal(confirmationWarning(null, en, "x"), null);
});

test("clock times have milliseconds", () => {
  assert.match(clockTime(Date.UTC(2026, 0, 1, 12, 3, 7, 42)), /^\d\d:\d\d:07\.042$/);
});
