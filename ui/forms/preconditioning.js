// The preconditioning (air conditioning) form: start or stop now, the program slots, and the
// settings (temperature, mode, state).
import {
  PRECONDITIONING_MODES,
  preconditioningImmediate,
  preconditioningProgramDelete,
  preconditioningProgramSet,
  preconditioningSettings,
} from "../inputs.js";
import { codeText } from "../status.js";
import { checkboxField, codeOptions, daysField, numberField, selectField, slotCount, timeField } from "./fields.js";

/** The API's most air-conditioning programs. */
const MOST_SLOTS = 4;

/** A comfortable cabin, and what the temperature fields start with. */
const DEFAULT_TEMP = "21";

/** The spinner's range; Rust checks it (10 to 35 °C). */
const TEMP_RANGE = { min: 10, max: 35, step: 0.5 };

/**
 * @param {import("./fields.js").FormContext} ctx
 * @returns {import("./fields.js").Section[]}
 */
export function preconditioningSections(ctx) {
  const { t, vehicle } = ctx;
  const state = vehicle?.preconditioning;
  /** @type {import("./fields.js").Section[]} */
  const sections = [
    {
      id: "now",
      title: t("preconditioningNowTitle"),
      notes: state ? [{ text: t("formNow", { state: codeText(t, "preconditioning_", state) }), tone: state === "failure" ? "alert" : "" }] : [],
      actions: [
        { key: "precondOn", label: t("preconditioningStart"), build: () => preconditioningImmediate(true) },
        { key: "precondOff", label: t("preconditioningStop"), build: () => preconditioningImmediate(false) },
      ],
    },
  ];
  for (let slot = 1; slot <= slotCount(ctx, MOST_SLOTS); slot += 1) {
    const vars = { slot: String(slot) };
    // What the vehicle reports for this slot, if anything: the form starts from it.
    const set = (vehicle?.preconditioningPrograms ?? []).find((/** @type {any} */ p) => p.slot === slot);
    sections.push({
      id: `program${slot}`,
      title: t("formProgramTitle", vars),
      notes: set ? [{ text: t("preconditioningProgramSet") }] : [],
      fields: [
        daysField(t, set?.days ?? []),
        timeField("start", t("preconditioningReadyAt"), set?.start ?? ""),
        numberField("temp", t("formTemperature"), typeof set?.temp === "number" ? String(set.temp) : DEFAULT_TEMP, TEMP_RANGE),
        checkboxField("enabled", t("formProgramEnabled"), set?.enabled ?? true),
      ],
      actions: [
        { key: `precondProgramSet${slot}`, label: t("formProgramSet", vars), build: (v) => preconditioningProgramSet(slot, v) },
        { key: `precondProgramDelete${slot}`, label: t("formProgramDelete", vars), build: () => preconditioningProgramDelete(slot), secondary: true },
      ],
    });
  }
  sections.push({
    id: "settings",
    title: t("preconditioningSettingsTitle"),
    fields: [
      numberField("temp", t("formTemperature"), DEFAULT_TEMP, TEMP_RANGE),
      selectField("mode", t("preconditioningMode"), codeOptions(t, "preconditioningMode_", PRECONDITIONING_MODES), "Auto"),
      selectField(
        "state",
        t("preconditioningState"),
        [
          { value: "Activated", label: t("formOn") },
          { value: "Unactivated", label: t("formOff") },
        ],
        "Activated",
      ),
    ],
    actions: [{ key: "precondSettings", label: t("preconditioningSettingsSend"), build: (v) => preconditioningSettings(v) }],
  });
  return sections;
}
