import assert from "node:assert/strict";
import { test } from "node:test";

import { credentialsSummary, errorMessage } from "../../ui/format.js";
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
