// The charging form: start or stop now, a deferred charge, the program slots, charge rate and
// charge limit.
import {
  CHARGE_LIMITS,
  CHARGE_RATES,
  CHARGE_TYPES,
  chargingDeferred,
  chargingImmediate,
  chargingLimit,
  chargingProgramDelete,
  chargingProgramSet,
  chargingRate,
} from "../inputs.js";
import { chargingWords, numberText } from "../status.js";
import { checkboxField, codeOptions, daysField, numberField, radioField, selectField, slotCount, timeField } from "./fields.js";

/** The API's most charging programs. */
const MOST_SLOTS = 2;

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function chargingSections(ctx) {
  const { t, vehicle } = ctx;
  /** @type {import("./fields.js").Note[]} */
  const now = [];
  const words = chargingWords(vehicle ?? {}, t);
  const level = (vehicle?.energies ?? []).find((/** @type {any} */ e) => e.kind === "electric")?.levelPercent ?? vehicle?.batteryPercent;
  if (words !== null || typeof level === "number") {
    const parts = [words, typeof level === "number" ? t("percent", { value: numberText(level, t) }) : null].filter(Boolean);
    now.push({ text: t("formNow", { state: parts.join(" · ") }), tone: vehicle?.charging === "Failure" ? "alert" : "" });
  }
  /** @type {import("./fields.js").Section[]} */
  const sections = [
    {
      id: "now",
      title: t("chargingNowTitle"),
      notes: now,
      actions: [
        { key: "chargeStart", label: t("cmd_chargeStart"), build: () => chargingImmediate(true) },
        { key: "chargeStop", label: t("cmd_chargeStop"), build: () => chargingImmediate(false) },
      ],
    },
    {
      id: "deferred",
      title: t("chargingDeferredTitle"),
      fields: [
        radioField(
          "immediate",
          t("chargingDeferredStart"),
          [
            { value: "now", label: t("chargingDeferredNow") },
            { value: "at", label: t("chargingDeferredAt") },
          ],
          "at",
        ),
        { ...timeField("startTime", t("chargingStartTime")), enabledWhen: { name: "immediate", value: "at" } },
        { ...timeField("endTime", t("chargingEndTime")), hint: t("formOptional") },
        checkboxField("chargeToFull", t("chargingDeferredFull"), false),
      ],
      actions: [
        {
          key: "chargeDeferred",
          label: t("chargingDeferredSend"),
          build: (v) => chargingDeferred({ immediate: v.immediate === "now", startTime: v.startTime, endTime: v.endTime, chargeToFull: v.chargeToFull }),
        },
      ],
    },
  ];
  for (let slot = 1; slot <= slotCount(ctx, MOST_SLOTS); slot += 1) {
    const vars = { slot: String(slot) };
    sections.push({
      id: `program${slot}`,
      title: t("formProgramTitle", vars),
      fields: [
        daysField(t),
        timeField("start", t("chargingProgramStart")),
        { ...timeField("end", t("chargingProgramEnd")), hint: t("formOptional") },
        numberField("minChargingLevel", t("chargingMinLevel"), "20", { min: 0, max: 50, step: 1 }),
        numberField("maxChargingLevel", t("chargingMaxLevel"), "100", { min: 0, max: 100, step: 1 }),
        selectField("chargeType", t("chargingType"), codeOptions(t, "chargeType_", CHARGE_TYPES), "Regular"),
        checkboxField("chargeToFull", t("chargingProgramFull"), true),
        checkboxField("enabled", t("formProgramEnabled"), true),
      ],
      actions: [
        { key: `chargeProgramSet${slot}`, label: t("formProgramSet", vars), build: (v) => chargingProgramSet(slot, v) },
        { key: `chargeProgramDelete${slot}`, label: t("formProgramDelete", vars), build: () => chargingProgramDelete(slot), secondary: true },
      ],
    });
  }
  sections.push(
    {
      id: "rate",
      title: t("chargingRateTitle"),
      fields: [selectField("chargePreferenceRate", t("chargingRate"), codeOptions(t, "chargeRate_", CHARGE_RATES), "Med")],
      actions: [{ key: "chargeRate", label: t("chargingRateSend"), build: (v) => chargingRate(v.chargePreferenceRate) }],
    },
    {
      id: "limit",
      title: t("chargingLimitTitle"),
      fields: [selectField("chargeLimit", t("chargingLimit"), codeOptions(t, "chargeLimit_", CHARGE_LIMITS), "High")],
      actions: [{ key: "chargeLimit", label: t("chargingLimitSend"), build: (v) => chargingLimit(v.chargeLimit) }],
    },
  );
  return sections;
}
