// Translations of the Rust library's wording (crates/stellantis/src/explain.rs and the
// confirmation warnings), keyed by the library's codes. English is not here: Rust sends its
// English text with every code, and that text is shown whenever no translation fits.
//
// The object below is strict JSON (a Rust test parses it to check that every code the library
// knows is translated into every language), so it stays the file's last statement.

/**
 * The base language of a BCP 47 tag: "fr-BE" -> "fr".
 * @param {string | undefined} language
 */
function baseLanguage(language) {
  return (language ?? "en").toLowerCase().split("-")[0];
}

/**
 * Fills `{name}` placeholders from `vars`; `null` when one of them has no value.
 * @param {string} text
 * @param {Record<string, string | null | undefined>} vars
 */
function fill(text, vars) {
  let complete = true;
  const filled = text.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : null;
    if (value === null || value === undefined) {
      complete = false;
      return whole;
    }
    return String(value);
  });
  return complete ? filled : null;
}

/**
 * The text to show for one of the library's codes: its translation into `language` with its
 * placeholders filled, else Rust's `english` text (also when a placeholder has no value, since
 * Rust's text already names the vehicle).
 * @param {string | undefined} language a BCP 47 tag
 * @param {string | null | undefined} key the library's code, e.g. "FailureCause.DoorsOpen"
 * @param {string | null | undefined} english Rust's text for it
 * @param {Record<string, string | null | undefined>} [vars] e.g. `{ vehicle: "Peugeot e-208" }`
 * @returns {string}
 */
export function explain(language, key, english, vars = {}) {
  const base = baseLanguage(language);
  const catalogue = Object.hasOwn(explanations, base) ? explanations[base] : null;
  const translation = catalogue && key && Object.hasOwn(catalogue, key) ? catalogue[key] : null;
  return (translation === null ? null : fill(translation, vars)) ?? english ?? "";
}

/** @typedef {(key: string | null | undefined, english: string | null | undefined, vars?: Record<string, string | null | undefined>) => string} Explain */

/**
 * `explain` bound to one language.
 * @param {string | undefined} language
 * @returns {Explain}
 */
export function explainer(language) {
  return (key, english, vars) => explain(language, key, english, vars);
}

/** @type {Record<string, Record<string, string>>} */
export const explanations = {
  "fr": {
    "step.queued": "En attente d’envoi",
    "step.sent": "Acceptée par le serveur",
    "step.unknown": "Pas encore de réponse",
    "step.notSent": "Non envoyée",
    "step.gaveUp": "Suivi arrêté",
    "step.rejected": "Refusée par le serveur",

    "PendingStatus.Accepted.title": "Acceptée",
    "PendingStatus.Accepted": "Le serveur a accepté la commande et la transmet.",
    "PendingStatus.WakingUpVehicle.title": "Réveil du véhicule",
    "PendingStatus.WakingUpVehicle": "Le véhicule est en veille ; le serveur le réveille. Cela peut prendre une ou deux minutes.",
    "PendingStatus.CheckingVehicle.title": "Vérification du véhicule",
    "PendingStatus.CheckingVehicle": "Le serveur vérifie que le véhicule peut exécuter la commande.",
    "PendingStatus.SentToVehicle.title": "Envoyée au véhicule",
    "PendingStatus.SentToVehicle": "La commande est parvenue au véhicule ; en attente de son exécution.",
    "PendingStatus.VehicleBatteryChargeTooLow.title": "La batterie du véhicule est faible",
    "PendingStatus.VehicleBatteryChargeTooLow": "La charge de la batterie du véhicule est trop faible : la commande risque d’échouer. Rechargez-le ou faites-le rouler un peu sans tarder.",
    "PendingStatus.TooManyWakeUpsOverMonth.title": "Trop de réveils ce mois-ci",
    "PendingStatus.TooManyWakeUpsOverMonth": "Le véhicule a été réveillé de nombreuses fois ce mois-ci ; d’autres réveils à distance pourraient être refusés jusqu’au mois prochain.",
    "PendingStatus.VehicleBatteryLevelWarning.title": "Alerte de niveau de batterie",
    "PendingStatus.VehicleBatteryLevelWarning": "Le véhicule signale que le niveau de sa batterie baisse. Rechargez-le ou faites-le rouler un peu sans tarder.",

    "DoneStatus.Success.title": "Réussie",
    "DoneStatus.Success": "Le véhicule a exécuté la commande.",
    "DoneStatus.AlreadyDone.title": "Déjà fait",
    "DoneStatus.AlreadyDone": "Le véhicule était déjà dans l’état demandé ; rien n’a été modifié.",
    "DoneStatus.Failed.title": "Échec",
    "DoneStatus.Failed": "Le véhicule n’a pas pu exécuter la commande. Réessayez plus tard.",

    "FailureCause.AuthorizationError": "Ce compte n’est pas autorisé à faire cela pour ce véhicule. Adressez-vous à l’administrateur du compte.",
    "FailureCause.MissingRights": "Ce compte n’a pas les droits nécessaires pour cette commande sur ce véhicule. Demandez à l’administrateur du compte de les lui accorder.",
    "FailureCause.GeneralError": "Le service de véhicule connecté a signalé une erreur. Réessayez plus tard.",
    "FailureCause.VehicleError": "Le véhicule a signalé une erreur. Réessayez plus tard.",
    "FailureCause.WrongCommand": "Le véhicule n’a pas compris la commande. Il ne prend peut-être pas en charge ces réglages.",
    "FailureCause.VehicleConnectionTimeout": "Le véhicule n’a pas répondu à temps. Il est sans doute en veille (sommeil profond après quelques jours à l’arrêt) ou hors de la couverture réseau. Faites-le rouler un peu, ou réessayez plus tard.",
    "FailureCause.NotPossibleDueToVehicleBatteryLevel": "La batterie du véhicule est trop faible pour cela. Rechargez-le ou faites-le rouler un peu, puis réessayez.",
    "FailureCause.NotPossibleDueToVehiclePrivacyLevel": "Le réglage de confidentialité du véhicule ne le permet pas. Changez le mode de confidentialité dans le véhicule, puis réessayez.",
    "FailureCause.TooManyWakeUpsOverMonth": "Le véhicule a été réveillé trop souvent ce mois-ci. Faites-le rouler un peu, ou attendez le mois prochain pour de nouveaux réveils à distance.",
    "FailureCause.TooManyRequestInShortTime": "Trop de commandes ont été envoyées en peu de temps. Attendez une minute, puis réessayez.",
    "FailureCause.SameActionInProgress": "Une autre commande est encore en cours pour ce véhicule. Attendez qu’elle se termine, puis réessayez.",
    "FailureCause.NotPossibleDueToVehicleStolenState": "Le véhicule est déclaré volé : il refuse donc cette commande. S’il s’agit d’une erreur, contactez l’assistance de la marque.",
    "FailureCause.VehicleInUse": "Le véhicule est en train de rouler. Réessayez une fois qu’il est garé.",
    "FailureCause.TooManyRequestSent": "Trop de commandes ont été envoyées à ce véhicule. Patientez un moment, puis réessayez.",
    "FailureCause.DoorsOpen": "Une porte ou le coffre est ouvert. Fermez-le, puis réessayez.",
    "FailureCause.VehicleErrorOrCidInside": "Une clé est restée dans le véhicule, ou le véhicule a signalé une erreur. Retirez la clé, puis réessayez.",
    "FailureCause.CidInside": "Une clé est restée dans le véhicule. Retirez-la, puis réessayez.",
    "FailureCause.ExternalChargingSystemError": "La borne ou le câble de charge signale un problème. Vérifiez que le câble est bien branché et que la borne fonctionne, puis réessayez.",
    "FailureCause.VehicleChargingSystemError": "Le système de charge du véhicule signale un problème. Faites-le contrôler par un concessionnaire.",
    "FailureCause.VehicleIsNotLocked": "Le véhicule doit d’abord être verrouillé. Verrouillez-le, puis réessayez.",
    "FailureCause.CanceledByDriver": "Quelqu’un à bord du véhicule a annulé la commande. Renvoyez-la si elle est toujours nécessaire.",

    "FleetStage.queued": "En attente de son tour ; rien n’a encore été envoyé.",
    "FleetStage.sent": "La commande a été envoyée ; en attente du serveur.",
    "FleetStage.pending": "La commande est en cours.",
    "FleetStage.succeeded": "Le véhicule a exécuté la commande.",
    "FleetStage.failed": "Le véhicule n’a pas pu exécuter la commande. Réessayez plus tard.",
    "FleetStage.unknown": "Pas encore de réponse : la commande peut encore aboutir. Vérifiez plus tard ; ne la renvoyez pas à l’aveugle.",
    "FleetStage.refused": "Le serveur a refusé la commande ; rien n’a été exécuté.",
    "FleetStage.unsupported": "Ce véhicule ne prend pas en charge cette commande : elle ne lui a pas été envoyée.",
    "FleetStage.notSent": "L’envoi a été annulé avant le tour de ce véhicule ; rien ne lui a été envoyé.",

    "Warning.immobilize": "{vehicle} ne démarrera plus tant que l’immobilisation n’aura pas été levée.",
    "Warning.declareStolen": "Le vol de {vehicle} sera déclaré.",
    "Warning.crankInhibit": "Le moteur de {vehicle} ne pourra plus être lancé tant que l’inhibition n’aura pas été levée.",
    "Warning.confirmTheft": "Vous confirmez le vol de {vehicle}.",
    "Warning.deleteOnboardData": "Les données personnelles enregistrées dans {vehicle} seront effacées, sans retour possible.",
    "Warning.wakeUp": "Les réveils sont comptés chaque mois et sollicitent la batterie 12 V de {vehicle} : ne les répétez pas trop souvent."
  }
};
