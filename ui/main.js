// Wires the page: texts, the fleet (list, map, panel, timeline), the credentials form and the
// choice between the demo fleet and the account.
import { navigationInput } from "./commands.js";
import { credentialsSummary, errorMessage } from "./format.js";
import { translator } from "./i18n.js";
import * as ipc from "./ipc.js";
import { FleetMap } from "./map.js";
import { applyCapability, createCommandButtons, renderFacts } from "./panel.js";
import { addCommand } from "./timeline.js";
import { renderVehicleList } from "./vehicles.js";
import { applyTexts, byId, setBusy, showError, showStatus } from "./view.js";

const t = translator(navigator.language);

/** What the page knows; Rust has the truth, this is the last answer shown. */
const state = {
  /** @type {any[]} */
  vehicles: [],
  /** @type {string | null} */
  selectedId: null,
  /** @type {{lat: number, lng: number}[]} */
  route: [],
  /** @type {import("./commands.js").CommandButton | null} */
  pendingConfirm: null,
};

/** @type {FleetMap} */
let fleetMap;

/** Counts backend switches, so that a list still loading from the previous backend is dropped. */
let fleetGeneration = 0;

/**
 * Runs one IPC call with the forms disabled and shows its outcome.
 * @template T
 * @param {() => Promise<T>} call
 * @param {(value: T) => string} describe
 * @param {string} [working] the status shown while it runs
 * @returns {Promise<boolean>} whether the call succeeded
 */
async function run(call, describe, working = t("working")) {
  setBusy(true);
  showStatus(working);
  try {
    showStatus(describe(await call()));
    return true;
  } catch (error) {
    showStatus("");
    showError(errorMessage(error, t));
    return false;
  } finally {
    setBusy(false);
  }
}

/**
 * Shows which backend is in use in the header badge.
 * @param {import("./ipc.js").BackendStatus} status
 */
function showBackend(status) {
  const badge = byId("demo-badge");
  const account = status.mode === "account";
  badge.textContent = account ? (status.account ?? "") : t("demoBadge");
  badge.title = t(account ? "accountBadgeHint" : "demoBadgeHint");
  badge.classList.toggle("account", account);
}

/** Forgets the vehicles of the previous backend and loads those of the new one. */
function reloadFleet() {
  state.vehicles = [];
  state.selectedId = null;
  state.route = [];
  state.pendingConfirm = null;
  byId("vehicle-panel").hidden = true;
  byId("vehicle-heading").textContent = t("noVehicleSelected");
  fleetMap.showRoute([]);
  fleetGeneration += 1;
  renderFleet();
  byId("vehicles-status").textContent = t("vehiclesLoading");
  loadFleet();
}

function startBackend() {
  const form = /** @type {HTMLFormElement} */ (byId("backend-form"));
  const baseUrl = /** @type {HTMLInputElement} */ (byId("api-base-url"));
  const tokenUrl = /** @type {HTMLInputElement} */ (byId("token-url"));

  /** @param {() => Promise<import("./ipc.js").BackendStatus>} call */
  const switchTo = async (call) => {
    await run(
      call,
      (status) => {
        showBackend(status);
        return status.mode === "account" ? t("usingAccount", { clientId: status.account ?? "" }) : t("usingDemo");
      },
      t("switching"),
    );
    // Whatever the outcome, show the backend Rust now uses and its vehicles (or its error).
    ipc.backendStatus().then(showBackend, () => {});
    reloadFleet();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    switchTo(() => ipc.useAccount(baseUrl.value, tokenUrl.value));
  });
  byId("use-demo").addEventListener("click", () => switchTo(ipc.useDemo));

  ipc.backendStatus().then(
    (status) => {
      showBackend(status);
      baseUrl.value = status.baseUrl ?? "";
      tokenUrl.value = status.tokenUrl ?? "";
    },
    (error) => showError(errorMessage(error, t)),
  );
}

function startCredentials() {
  const form = /** @type {HTMLFormElement} */ (byId("credentials-form"));
  const clientId = /** @type {HTMLInputElement} */ (byId("client-id"));
  const clientSecret = /** @type {HTMLInputElement} */ (byId("client-secret"));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(
      () => ipc.saveCredentials(clientId.value, clientSecret.value),
      (status) => {
        // The secret field is cleared once stored: the page never holds it longer than needed.
        clientSecret.value = "";
        return t("saved", { clientId: status.clientId ?? "" });
      },
    );
  });
  byId("forget-credentials").addEventListener("click", () => {
    run(ipc.forgetCredentials, () => {
      clientId.value = "";
      clientSecret.value = "";
      return t("forgotten");
    });
  });

  run(ipc.credentialsStatus, (status) => {
    clientId.value = status.clientId ?? "";
    return credentialsSummary(status, t);
  });
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
  state.pendingConfirm = null;
  byId("confirm-box").hidden = true;
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
 * Sends one command for the selected vehicle and follows it in the timeline.
 * @param {string} title
 * @param {Record<string, unknown>} input
 * @param {boolean} confirmed
 */
async function send(title, input, confirmed) {
  const vehicle = selectedVehicle();
  if (!vehicle) {
    return;
  }
  showCommandError("");
  const entry = addCommand(byId("timeline"), t("commandOn", { command: title, vehicle: vehicle.label }), t);
  try {
    await ipc.sendCommand(vehicle.id, input, confirmed, (progress) => {
      entry.step(progress);
      if (progress.type === "done" && progress.position) {
        fleetMap.showFound(progress.position, t("foundMarker", { vehicle: vehicle.label }));
      }
      if (progress.type === "done" || progress.type === "rejected") {
        loadFleet();
      }
    });
  } catch (error) {
    const message = errorMessage(error, t);
    entry.error(message);
    showCommandError(message);
  }
}

/** @param {import("./commands.js").CommandButton} command */
function onCommand(command) {
  if (command.confirm) {
    state.pendingConfirm = command;
    byId("confirm-text").textContent = t(command.confirm);
    byId("confirm-box").hidden = false;
    byId("confirm-no").focus();
    return;
  }
  send(t(`cmd_${command.key}`), command.input, false);
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
  createCommandButtons(t, onCommand);
  byId("confirm-yes").addEventListener("click", () => {
    const command = state.pendingConfirm;
    state.pendingConfirm = null;
    byId("confirm-box").hidden = true;
    if (command) {
      send(t(`cmd_${command.key}`), command.input, true);
    }
  });
  byId("confirm-no").addEventListener("click", () => {
    state.pendingConfirm = null;
    byId("confirm-box").hidden = true;
  });
  byId("send-route").addEventListener("click", () => {
    send(t("cmd_navigation"), navigationInput(state.route), false);
  });
  byId("clear-route").addEventListener("click", () => {
    state.route = [];
    fleetMap.showRoute([]);
    showRoute();
  });
  loadFleet();
}

function start() {
  document.documentElement.lang = navigator.language || "en";
  applyTexts(document, t);
  startFleet();
  startCredentials();
  startBackend();
}

start();
