// The selected vehicle's panel: its state, and a button per command, disabled (with the reason)
// when the vehicle's capability says it cannot do it, or while the command it sent is being sent.
import { commandButtons } from "./commands.js";
import { vehicleFacts } from "./format.js";
import { byId } from "./view.js";

/**
 * Fills the facts list.
 * @param {any} vehicle a VehicleSummary from Rust
 * @param {(key: string, vars?: Record<string, string>) => string} t
 */
export function renderFacts(vehicle, t) {
  byId("vehicle-heading").textContent = vehicle.label;
  const rows = vehicleFacts(vehicle, t).flatMap(([label, value]) => {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    return [dt, dd];
  });
  byId("vehicle-facts").replaceChildren(...rows);
  byId("vehicle-panel").hidden = false;
}

/**
 * Creates the command buttons once.
 * @param {(key: string, vars?: Record<string, string>) => string} t
 * @param {(button: import("./commands.js").CommandButton) => void} onCommand
 */
export function createCommandButtons(t, onCommand) {
  const buttons = commandButtons.map((command) => {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.command = command.key;
    button.dataset.feature = command.feature;
    button.textContent = t(`cmd_${command.key}`);
    button.addEventListener("click", () => onCommand(command));
    return button;
  });
  byId("command-buttons").replaceChildren(...buttons);
}

/**
 * Enables each command button (and the route button) by the vehicle's capability; `null`
 * while it is loading. A feature the answer says nothing about stays enabled: the server decides.
 * A button whose command is being sent (its key in `sending`) stays disabled until it has left.
 * @param {{feature: string, supported: boolean | null}[] | null} support
 * @param {(key: string, vars?: Record<string, string>) => string} t
 * @param {ReadonlySet<string>} [sending] the keys (`lock`, `navigation`...) of the buttons whose
 *   command is being sent to this vehicle
 */
export function applyCapability(support, t, sending = new Set()) {
  const unsupported = new Set((support ?? []).filter((s) => s.supported === false).map((s) => s.feature));
  const names = new Set();
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (
    document.querySelectorAll("#command-buttons button, #send-route")
  )) {
    const feature = button.dataset.feature ?? "";
    const lacking = unsupported.has(feature);
    const busy = sending.has(button.dataset.command ?? "");
    button.disabled = support === null || lacking || busy;
    button.title = lacking ? t("unsupportedButton") : busy ? t("sendingButton") : "";
    button.toggleAttribute("aria-busy", busy);
    if (lacking) {
      names.add(button.textContent);
    }
  }
  const note = byId("unsupported-note");
  note.textContent = names.size ? t("unsupported", { features: [...names].join(", ") }) : "";
  note.hidden = names.size === 0;
}
