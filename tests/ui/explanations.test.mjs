import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { explain, explainer, explanations } from "../../ui/explanations.js";
import { catalogues } from "../../ui/i18n.js";

const source = readFileSync(new URL("../../ui/explanations.js", import.meta.url), "utf8");
const OPENING = "export const explanations = ";

/** The object's text as a Rust test reads it: from the opening to the file's last `;`. */
function body() {
  const start = source.indexOf(OPENING);
  assert.ok(start >= 0, "the opening is in the file");
  return source.slice(start + OPENING.length, source.lastIndexOf(";")).trim();
}

test("the explanations are strict JSON, the file's last statement", () => {
  assert.equal(source.indexOf(OPENING), source.lastIndexOf(OPENING), "one opening");
  assert.equal(source.slice(source.lastIndexOf(";") + 1).trim(), "", "nothing after the object");
  assert.deepEqual(JSON.parse(body()), explanations);
});

// That every language translates exactly the codes the library knows is checked in Rust, against
// the library itself (src-tauri/progress.rs); here: the texts are well formed.
test("every translation is a trimmed title or a finished sentence", () => {
  assert.ok(Object.keys(explanations).length > 0);
  for (const [language, texts] of Object.entries(explanations)) {
    assert.ok(Object.keys(texts).length > 0, language);
    for (const [key, text] of Object.entries(texts)) {
      assert.equal(text, text.trim(), `${language} ${key} has no stray spaces`);
      assert.ok(text.length > 0, `${language} ${key} is empty`);
      const sentence = !key.startsWith("step.") && !key.endsWith(".title");
      assert.equal(/[.?!]$/.test(text), sentence, `${language} ${key}: a sentence ends, a title does not`);
    }
  }
});

test("warnings name the vehicle; nothing else has a placeholder", () => {
  for (const [language, texts] of Object.entries(explanations)) {
    for (const [key, text] of Object.entries(texts)) {
      const placeholders = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      assert.deepEqual(placeholders, key.startsWith("Warning.") ? ["vehicle"] : [], `${language} ${key}`);
    }
  }
});

test("the page's catalogue holds no sentence explaining an API code", () => {
  for (const catalogue of Object.values(catalogues)) {
    for (const key of Object.keys(catalogue)) {
      assert.doesNotMatch(key, /^(step_|end_|cause_|confirmImmobilize|confirmErase)/, key);
    }
  }
  const english = Object.values(catalogues.en);
  for (const sentence of [
    "A door or the trunk is open. Close it, then try again.",
    "The vehicle is being driven. Try again once it is parked.",
    "Waking up the vehicle",
  ]) {
    assert.ok(!english.some((text) => text.includes(sentence)), sentence);
  }
});

test("French is used for French pages, in every regional variant", () => {
  const english = "A door or the trunk is open. Close it, then try again.";
  assert.equal(explain("fr", "FailureCause.DoorsOpen", english), "Une porte ou le coffre est ouvert. Fermez-le, puis réessayez.");
  assert.equal(explain("fr-CA", "DoneStatus.Success.title", "Success"), "Réussie");
  assert.equal(explainer("FR")("step.queued", "Queued for sending"), "En attente d’envoi");
});

test("Rust's English is shown when a language or a key has no translation", () => {
  assert.equal(explain("en", "FailureCause.DoorsOpen", "English from Rust."), "English from Rust.");
  assert.equal(explain("de-DE", "FailureCause.DoorsOpen", "English from Rust."), "English from Rust.");
  assert.equal(explain(undefined, "FailureCause.DoorsOpen", "English from Rust."), "English from Rust.");
  assert.equal(explain("fr", "FailureCause.SomethingNew", "English from Rust."), "English from Rust.");
  assert.equal(explain("fr", null, "English from Rust."), "English from Rust.");
  assert.equal(explain("fr", "constructor", "English from Rust."), "English from Rust.");
  assert.equal(explain("__proto__", "toString", "English from Rust."), "English from Rust.");
  assert.equal(explain("fr", "FailureCause.SomethingNew", null), "");
});

test("the vehicle's name fills the translation; without one, Rust's English (which names it) is kept", () => {
  const english = "Peugeot e-208 will be reported stolen.";
  assert.equal(explain("fr", "Warning.declareStolen", english, { vehicle: "Peugeot e-208" }), "Le vol de Peugeot e-208 sera déclaré.");
  assert.equal(
    explain("fr", "Warning.immobilize", "x", { vehicle: "Citroën ë-C4 (…4321)" }),
    "Citroën ë-C4 (…4321) ne démarrera plus tant que l’immobilisation n’aura pas été levée.",
  );
  assert.equal(explain("fr", "Warning.declareStolen", english), english);
  assert.equal(explain("fr", "Warning.declareStolen", english, { vehicle: null }), english);
  // A name that looks like a placeholder is written as it is, not filled again.
  assert.equal(explain("fr", "Warning.confirmTheft", "x", { vehicle: "{vehicle}" }), "Vous confirmez le vol de {vehicle}.");
});
