// Every text the page shows, in one catalogue per language, so the app can be translated.

/** @type {Record<string, Record<string, string>>} */
export const catalogues = {
  en: {
    appTitle: "Car Remote",
    tagline: "Remote control for Stellantis vehicles: one car or a whole fleet.",
    accountHeading: "Stellantis account",
    accountHint:
      "Your client ID and secret stay in your system keyring and nowhere else. Car Remote never shows the secret again.",
    clientIdLabel: "Client ID",
    clientSecretLabel: "Client secret",
    save: "Save to keyring",
    forget: "Forget",
    working: "Talking to the system keyring…",
    statusNone: "No credentials stored.",
    statusStored: "Credentials for {clientId} are stored in the system keyring.",
    statusIdOnly: "Client ID {clientId} is stored, but no secret: enter the secret and save again.",
    saved: "Saved. Credentials for {clientId} are stored in the system keyring.",
    forgotten: "Forgotten. No credentials are stored.",
    unexpectedError: "Something unexpected went wrong ({detail}). Please try again.",
  },
  fr: {
    appTitle: "Car Remote",
    tagline: "Commande à distance des véhicules Stellantis : une voiture ou toute une flotte.",
    accountHeading: "Compte Stellantis",
    accountHint:
      "Votre identifiant client et votre secret restent dans le trousseau du système, nulle part ailleurs. Car Remote ne réaffiche jamais le secret.",
    clientIdLabel: "Identifiant client",
    clientSecretLabel: "Secret client",
    save: "Enregistrer dans le trousseau",
    forget: "Oublier",
    working: "Échange avec le trousseau du système…",
    statusNone: "Aucun identifiant enregistré.",
    statusStored: "Les identifiants de {clientId} sont dans le trousseau du système.",
    statusIdOnly:
      "L’identifiant {clientId} est enregistré, mais pas le secret : saisissez le secret et enregistrez de nouveau.",
    saved: "Enregistré. Les identifiants de {clientId} sont dans le trousseau du système.",
    forgotten: "Oublié. Aucun identifiant n’est enregistré.",
    unexpectedError: "Une erreur inattendue s’est produite ({detail}). Veuillez réessayer.",
  },
};

/**
 * Picks the catalogue for a BCP 47 language tag, falling back to English.
 * @param {string | undefined} language
 */
export function pickLanguage(language) {
  const base = (language ?? "en").toLowerCase().split("-")[0];
  return Object.hasOwn(catalogues, base) ? base : "en";
}

/**
 * Returns a translator for one language: `t("saved", { clientId })`.
 * @param {string} language
 */
export function translator(language) {
  const catalogue = catalogues[pickLanguage(language)];
  return (/** @type {string} */ key, /** @type {Record<string, string>} */ vars = {}) => {
    const text = catalogue[key] ?? catalogues.en[key];
    if (text === undefined) {
      return key;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
  };
}
