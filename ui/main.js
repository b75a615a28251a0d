// Wires the page: texts, the fleet (list, map, panel, timeline, confirm box) and the account card.
import { startAccount } from "./account.js";
import { navigationInput } from "./commands.js";
import { ConfirmBox, sendWithConfirmation } from "./confirm.js";
import { explainer } from "./explanations.js";
import { confirmationWarning, errorMessage, isFinalStep } from "./format.js";
import { pickLanguage, translator } from "./i18n.js";
import * as ipc from "./ipc.js";
import { FleetMap } from "./map.js";
import { applyCapability, createCommandButtons, renderFacts } from "./panel.js";
import { addCommand } from "./timeline.js";
import { renderVehicleList } from "./vehicles.js";
import { applyTexts, byId } from "./view.js";

const language = pickLanguage(navigator.language);
const t = translator(language);
const explain = explainer(language);

/** What the page knows; Rust has the truth, this is the last answer shown. */
const state = {
  /** @type {any[]} */
  vehicles: [],
  /** @type {string | null} */
  selectedId: null,
  /** @type {{latitude: number, longitude: number}[]} */
  route: [],
};

/** @type {FleetMap} */
let fleetMap;

/** @type {ConfirmBox} */
let confirmBox;

/** Counts backend switches, so that a list still loading from the previous backend is dropped. */
let fleetGeneration = 0;

/** Forgets the vehicles of the previous backend and loads those of the new one. */
function reloadFleet() {
  state.vehicles = [];
  state.selectedId = null;
  state.route = [];
  confirmBox.dismiss();
  byId("vehicle-panel").hidden = true;
  byId("vehicle-heading").textContent = t("noVehicleSelected");
  fleetMap.showRoute([]);
  fleetGeneration += 1;
  renderFleet();
  byId("vehicles-status").textContent = t("vehiclesLoading");
  loadFleet();
}

/** @param {string} text */
function showCommandError(text) {
  const error = byId("command-error");
  error.textContent = text;
  error.hidden = !text;
}

function selectedVehicle() {
  return state.vehicles.find((v) => v.id === state.selectedId) ?? null;
}

function renderFleet() {
  renderVehicleList(byId("vehicle-list"), state.vehicles, state.selectedId, t, selectVehicle);
  byId("vehicles-status").textContent = t("vehiclesCount", { count: String(state.vehicles.length) });
  fleetMap.showVehicles(state.vehicles);
  fleetMap.highlight(state.selectedId);
  const vehicle = selectedVehicle();
  if (vehicle) {
    renderFacts(vehicle, t);
  }
}

async function loadFleet() {
  const generation = fleetGeneration;
  try {
    const vehicles = await ipc.fleet();
    if (generation !== fleetGeneration) {
      return;
    }
    state.vehicles = vehicles;
    byId("vehicles-error").hidden = true;
    renderFleet();
  } catch (error) {
    if (generation !== fleetGeneration) {
      return;
    }
    const line = byId("vehicles-error");
    line.textContent = errorMessage(error, t);
    line.hidden = false;
    byId("vehicles-status").textContent = "";
  }
}

/** @param {string} id */
async function selectVehicle(id) {
  state.selectedId = id;
  state.route = [];
  confirmBox.dismiss();
  fleetMap.showRoute([]);
  showRoute();
  showCommandError("");
  renderFleet();
  applyCapability(null, t);
  try {
    const support = await ipc.capability(id);
    if (state.selectedId === id) {
      applyCapability(support, t);
    }
  } catch (error) {
    if (state.selectedId === id) {
      applyCapability([], t);
      showCommandError(errorMessage(error, t));
    }
  }
}

function showRoute() {
  byId("route-status").textContent = state.route.length ? t("routePoints", { count: String(state.route.length) }) : "";
}

/**
 * Sends one command for the selected vehicle (confirmed only if Rust asks for it and the person
 * says yes) and follows it in the timeline.
 * @param {string} title
 * @param {Record<string, unknown>} input
 */
async function send(title, input) {
  const vehicle = selectedVehicle();
  if (!vehicle) {
    return;
  }
  showCommandError("");
  const entry = addCommand(byId("timeline"), t("commandOn", { command: title, vehicle: vehicle.label }), explain, t);
  /** @param {import("./ipc.js").Progress} progress */
  const follow = (progress) => {
    entry.step(progress);
    if (progress.type === "done" && progress.position) {
      fleetMap.showFound(
        /** @type {{latitude: number, longitude: number}} */ (progress.position),
        t("foundMarker", { vehicle: vehicle.label }),
      );
    }
    if (isFinalStep(progress)) {
      loadFleet();
    }
  };
  try {
    await sendWithConfirmation(
      (confirmed) => ipc.sendCommand(vehicle.id, vehicle.label, input, confirmed, follow),
      (error) => confirmationWarning(error, explain, vehicle.label),
      // Another vehicle chosen while Rust answered: the question would no longer fit the panel.
      async (warning) => state.selectedId === vehicle.id && confirmBox.ask(`${warning} ${t("confirmQuestion")}`),
    );
  } catch (error) {
    const message = errorMessage(error, t);
    entry.error(message);
    showCommandError(message);
  }
}

function startFleet() {
  fleetMap = new FleetMap(byId("map"), {
    onSelect: selectVehicle,
    onMapClick: (point) => {
      if (!state.selectedId) {
        return;
      }
      state.route.push(point);
      fleetMap.showRoute(state.route);
      showRoute();
    },
  });
  confirmBox = new ConfirmBox({
    box: byId("confirm-box"),
    text: byId("confirm-text"),
    yes: byId("confirm-yes"),
    no: byId("confirm-no"),
  });
  createCommandButtons(t, (command) => send(t(`cmd_${command.key}`), command.input));
  byId("send-route").addEventListener("click", () => {
    send(t("cmd_navigation"), navigationInput(state.route));
  });
  byId("clear-route").addEventListener("click", () => {
    state.route = [];
    fleetMap.showRoute([]);
    showRoute();
  });
  loadFleet();
}

function start() {
  document.documentElement.lang = language;
  applyTexts(document, t);
  startFleet();
  startAccount(t, { onBackendSwitched: reloadFleet });
}

start();
