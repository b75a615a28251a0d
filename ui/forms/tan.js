// The theft alarm notification form: pause the alerts for one of the six durations, end the
// pause, and confirm or deny a theft the vehicle reported.
import { TAN_DURATIONS, tanConfirm, tanEndSuppression, tanSuppress } from "../inputs.js";
import { dateText } from "../status.js";
import { codeOptions, selectField } from "./fields.js";

/**
 * @param {import("./fields.js").FormContext} ctx
 * @param {number} [now] milliseconds since the epoch
 * @returns {import("./fields.js").Section[]}
 */
export function tanSections(ctx, now = Date.now()) {
  const { t } = ctx;
  const until = ctx.usage?.theftAlerts?.suppressedUntil;
  /** @type {import("./fields.js").Note[]} */
  const notes = [{ text: t("tanSuppressHint") }];
  if (until && Date.parse(until) > now) {
    notes.push({ text: t("tanPausedUntil", { until: dateText(until, t) }), tone: "warn" });
  } else if (ctx.usage?.theftAlerts) {
    notes.push({ text: t("tanAlertsOn") });
  }
  return [
    {
      id: "suppress",
      title: t("tanSuppressTitle"),
      notes,
      fields: [selectField("duration", t("tanDuration"), codeOptions(t, "tanDuration_", TAN_DURATIONS), "0")],
      actions: [
        { key: "tanSuppress", label: t("tanSuppress"), build: (v) => tanSuppress(v.duration) },
        { key: "tanEnd", label: t("tanEnd"), build: () => tanEndSuppression() },
      ],
    },
    {
      id: "confirm",
      title: t("tanConfirmTitle"),
      notes: [{ text: t("tanConfirmHint") }],
      actions: [
        { key: "tanConfirm", label: t("tanConfirm"), build: () => tanConfirm(true), engages: true },
        { key: "tanDeny", label: t("tanDeny"), build: () => tanConfirm(false) },
      ],
    },
  ];
}
