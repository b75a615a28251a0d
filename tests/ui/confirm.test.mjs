import assert from "node:assert/strict";
import { test } from "node:test";

import { sendWithConfirmation } from "../../ui/confirm.js";

const needsConfirmation = { kind: "confirmationNeeded", message: "M. Confirm to send it.", warning: { code: "immobilize", text: "M." } };

/** A fake `send_command`: answers each call from `answers` in turn and records `confirmed`. */
function fakeSend(...answers) {
  const calls = [];
  const send = async (confirmed) => {
    calls.push(confirmed);
    const answer = answers.shift();
    if (answer instanceof Error || (answer && answer.kind)) {
      throw answer;
    }
    return answer;
  };
  return { send, calls };
}

const warningOf = (error) => (error.kind === "confirmationNeeded" ? `warned: ${error.warning.text}` : null);

test("a command Rust accepts is sent once, unconfirmed, without a question", async () => {
  const { send, calls } = fakeSend({ commandId: 1 });
  const asked = [];
  const outcome = await sendWithConfirmation(send, warningOf, async (w) => asked.push(w));
  assert.equal(outcome, "sent");
  assert.deepEqual(calls, [false]);
  assert.deepEqual(asked, []);
});

test("when Rust asks for a confirmation, yes sends the same command again, confirmed", async () => {
  const { send, calls } = fakeSend(needsConfirmation, { commandId: 2 });
  const asked = [];
  const outcome = await sendWithConfirmation(send, warningOf, async (w) => {
    asked.push(w);
    return true;
  });
  assert.equal(outcome, "sent");
  assert.deepEqual(calls, [false, true]);
  assert.deepEqual(asked, ["warned: M."]);
});

test("cancel sends nothing more", async () => {
  const { send, calls } = fakeSend(needsConfirmation);
  const outcome = await sendWithConfirmation(send, warningOf, async () => false);
  assert.equal(outcome, "cancelled");
  assert.deepEqual(calls, [false]);
});

test("other refusals are not questions: they reach the caller", async () => {
  const invalid = { kind: "invalidInput", message: "positions is not valid", field: "positions", allowed: "1 to 10", got: "0" };
  const { send, calls } = fakeSend(invalid);
  await assert.rejects(sendWithConfirmation(send, warningOf, async () => assert.fail("no question")), (e) => e === invalid);
  assert.deepEqual(calls, [false]);
});

test("a refusal of the confirmed command reaches the caller too", async () => {
  const offline = { kind: "network", message: "The server cannot be reached." };
  const { send, calls } = fakeSend(needsConfirmation, offline);
  await assert.rejects(sendWithConfirmation(send, warningOf, async () => true), (e) => e === offline);
  assert.deepEqual(calls, [false, true]);
});
