import assert from "node:assert/strict";
import { test } from "node:test";

import { catalogues, pickLanguage, translator } from "../../ui/i18n.js";

test("every language has exactly the English keys", () => {
  const english = Object.keys(catalogues.en).sort();
  for (const [language, catalogue] of Object.entries(catalogues)) {
    assert.deepEqual(Object.keys(catalogue).sort(), english, `catalogue ${language}`);
    for (const [key, text] of Object.entries(catalogue)) {
      assert.ok(text.trim().length > 0, `${language}.${key} is empty`);
    }
  }
});

test("placeholders are the same in every language", () => {
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [language, catalogue] of Object.entries(catalogues)) {
    for (const [key, text] of Object.entries(catalogue)) {
      assert.deepEqual(placeholders(text), placeholders(catalogues.en[key]), `${language}.${key}`);
    }
  }
});

test("language tags fall back to English", () => {
  assert.equal(pickLanguage("fr-FR"), "fr");
  assert.equal(pickLanguage("FR"), "fr");
  assert.equal(pickLanguage("de-DE"), "en");
  assert.equal(pickLanguage(undefined), "en");
  assert.equal(pickLanguage("__proto__"), "en");
});

test("translator fills placeholders and keeps unknown ones visible", () => {
  const t = translator("fr-BE");
  assert.equal(t("saved", { clientId: "abc" }), "Enregistré. Les identifiants de abc sont dans le trousseau du système.");
  assert.equal(translator("en")("statusStored", {}), "Credentials for {clientId} are stored in the system keyring.");
  assert.equal(translator("en")("noSuchKey"), "noSuchKey");
});
