// Wires the page: texts, the fleet (list, map, panel, timeline, confirm box), the journal's
// views (the panel's past commands, the history dialog) and the account card.
import { startAbout } from "./about.js";
import { startAccount } from "./account.js";
import { navigationInput } from "./commands.js";
import { ConfirmBox, sendWithConfirmation } from "./confirm.js";
import { explainer } from "./explanations.js";
import { confirmationWarning, errorMessage, isFinalStep } from "./format.js";
import { HistoryView } from "./history.js";
import { pickLanguage, translator } from "./i18n.js";
import * as ipc from "./ipc.js";
import { commandName, newRequestId, vehicleLabel } from "./journal.js";
import { FleetMap } from "./map.js";
import { applyCapability, createCommandButtons, renderFacts } from "./panel.js";
import { RecentCommands } from "./recent.js";
import { reportFirstPaint } from "./startup.js";
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
  /** The selected vehicle's capability; `null` while it is loading. */
  /** @type {{feature: string, supported: boolean | null}[] | null} */
  support: null,
  /** The keys of the buttons whose command is being sent (press to "sent" or an end), by vehicle id. */
  /** @type {Map<string, Set<string>>} */
  sending: new Map(),
};

/** @type {FleetMap} */
let fleetMap;

/** @type {ConfirmBox} */
let confirmBox;

/** @type {RecentCommands} */
let recent;

/** @type {HistoryView} */
let historyView;

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
  recent.show(null);
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
  historyView.setVehicles(state.vehicles);
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
  state.support = null;
  updateButtons();
  recent.show(id);
  try {
    const support = await ipc.capability(id);
    if (state.selectedId === id) {
      state.support = support;
      updateButtons();
    }
  } catch (error) {
    if (state.selectedId === id) {
      state.support = [];
      updateButtons();
      showCommandError(errorMessage(error, t));
    }
  }
}

/** Enables the panel's buttons by the selected vehicle's capability and what is being sent to it. */
function updateButtons() {
  applyCapability(state.support, t, state.sending.get(state.selectedId ?? "") ?? new Set());
}

/**
 * Marks the button `key` of `vehicleId` as sending (disabled); returns the function that lets it
 * go again (once), or `null` when its command is already being sent.
 * @param {string} vehicleId
 * @param {string} key
 */
function hold(vehicleId, key) {
  const keys = state.sending.get(vehicleId) ?? new Set();
  if (keys.has(key)) {
    return null;
  }
  keys.add(key);
  state.sending.set(vehicleId, keys);
  updateButtons();
  let held = true;
  return () => {
    if (held) {
      held = false;
      state.sending.get(vehicleId)?.delete(key);
      updateButtons();
    }
  };
}

/**
 * The least time a command button stays disabled after a press, even when its command has left
 * sooner: longer than a double click (GTK's default double-click time is 400 ms), so that the
 * second press of one is never a second command.
 */
const DOUBLE_PRESS_MS = 600;

/** At most one refresh of the journal's views per quarter second, however many changes come. */
let refreshTimer = 0;

/** Reads what the panel's past commands and the history dialog show again, soon. */
function refreshJournalViews() {
  if (refreshTimer) {
    return;
  }
  refreshTimer = setTimeout(() => {
    refreshTimer = 0;
    recent.refresh();
    if (historyView.isOpen) {
      historyView.refresh();
    }
  }, 250);
}

function showRoute() {
  byId("route-status").textContent = state.route.length ? t("routePoints", { count: String(state.route.length) }) : "";
}

/**
 * Shows one step of a command in its timeline entry, and what it changes elsewhere: the vehicle
 * finder's answer on the map, the fleet's state once it ended.
 * @param {ReturnType<typeof addCommand>} entry
 * @param {import("./ipc.js").Progress} progress
 * @param {string} vehicle the vehicle's label
 * @param {string} [vehicleId] the vehicle, when known: only it is read again once it ended
 */
function showStep(entry, progress, vehicle, vehicleId) {
  entry.step(progress);
  if (progress.type === "done" && progress.position) {
    fleetMap.showFound(
      /** @type {{latitude: number, longitude: number}} */ (progress.position),
      t("foundMarker", { vehicle }),
    );
  }
  if (isFinalStep(progress)) {
    if (vehicleId) {
      refreshVehicle(vehicleId);
    } else {
      loadFleet();
    }
  }
}

/**
 * Reads one vehicle again and puts its new state in the list and on the map: what a command
 * changes, without reading the whole fleet again (a real account's quota is precious).
 * @param {string} id
 */
async function refreshVehicle(id) {
  const generation = fleetGeneration;
  try {
    const fresh = await ipc.vehicle(id);
    const index = state.vehicles.findIndex((v) => v.id === id);
    if (generation !== fleetGeneration || index < 0) {
      return;
    }
    state.vehicles[index] = fresh;
    renderFleet();
  } catch {
    // The list keeps the vehicle's last known state; the next full load corrects it.
  }
}

/**
 * A timeline entry for the command `requestId`, with its "Cancel sending" and "Check now".
 * @param {string} requestId
 * @param {string} command the command's name
 * @param {string} vehicle the vehicle's label
 */
function commandEntry(requestId, command, vehicle) {
  const entry = addCommand(byId("timeline"), t("commandOn", { command, vehicle }), explain, t, {
    onCancel: async () => (await ipc.cancelCommand(requestId)).cancelled,
    onCheck: () => checkAgain(requestId, entry, vehicle),
  });
  return entry;
}

/**
 * Looks the command up again on the server (never sent again) and follows it in `entry`.
 * @param {string} requestId
 * @param {ReturnType<typeof addCommand>} entry
 * @param {string} vehicle the vehicle's label
 */
async function checkAgain(requestId, entry, vehicle) {
  const answer = await ipc.checkNow(requestId, (progress) => showStep(entry, progress, vehicle));
  if (!answer.following) {
    entry.note(t("checkNothing"));
  }
  refreshJournalViews();
}

/**
 * "Check now" on a command of the journal (the panel's past commands, the history): it is
 * followed in a new timeline entry.
 * @param {import("./ipc.js").HistoryRow} row
 */
async function checkRow(row) {
  const vehicle = vehicleLabel(row, state.vehicles);
  const entry = commandEntry(row.requestId, commandName(row, t), vehicle);
  try {
    await checkAgain(row.requestId, entry, vehicle);
  } catch (error) {
    entry.note(errorMessage(error, t));
  }
}

/**
 * Sends one command for the selected vehicle (confirmed only if Rust asks for it and the person
 * says yes) and follows it in the timeline. One press is one request id: Rust records it once
 * and never sends it twice; the button stays disabled until the command has left (its "sent"
 * step), ended, or failed to go.
 * @param {string} key the button's key (`lock`, `navigation`...)
 * @param {Record<string, unknown>} input
 */
async function send(key, input) {
  const vehicle = selectedVehicle();
  if (!vehicle) {
    return;
  }
  // Before anything is awaited: a second click in the same moment finds the button held.
  let release = hold(vehicle.id, key);
  if (!release) {
    return;
  }
  const pressedAt = Date.now();
  /** @param {boolean} [now] let go at once, even within a double press's time */
  const letGo = (now = false) => {
    const free = release;
    release = null;
    if (!free) {
      return;
    }
    // A POST on a near server is answered ("sent") faster than a double click's second press.
    const wait = now ? 0 : pressedAt + DOUBLE_PRESS_MS - Date.now();
    if (wait > 0) {
      setTimeout(free, wait);
    } else {
      free();
    }
  };
  showCommandError("");
  const requestId = newRequestId();
  const entry = commandEntry(requestId, t(`cmd_${key}`), vehicle.label);
  /** @param {import("./ipc.js").Progress} progress */
  const follow = (progress) => {
    showStep(entry, progress, vehicle.label, vehicle.id);
    if (progress.type === "sent" || isFinalStep(progress)) {
      letGo();
    }
  };
  /** @param {boolean} confirmed */
  const sendOnce = async (confirmed) => {
    const answer = await ipc.sendCommand(requestId, vehicle.id, vehicle.label, input, confirmed, follow);
    if (answer.existing) {
      // Recorded before under this id: nothing was sent now and no step follows.
      entry.note(t("alreadyRecorded"));
      letGo();
      refreshJournalViews();
    }
    return answer;
  };
  /** @param {string} warning */
  const ask = async (warning) => {
    // Rust refused the unconfirmed press: nothing is being sent while the question is open
    // (a second press only asks the question again).
    letGo(true);
    // Another vehicle chosen while Rust answered: the question would no longer fit the panel.
    if (state.selectedId !== vehicle.id) {
      return false;
    }
    const yes = await confirmBox.ask(`${warning} ${t("confirmQuestion")}`);
    if (yes) {
      release = hold(vehicle.id, key);
    }
    return yes;
  };
  try {
    const outcome = await sendWithConfirmation(
      sendOnce,
      (error) => confirmationWarning(error, explain, vehicle.label),
      ask,
    );
    if (outcome === "cancelled") {
      letGo();
    }
  } catch (error) {
    letGo();
    const message = errorMessage(error, t);
    entry.error(message);
    showCommandError(message);
  }
  refreshJournalViews();
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
  recent = new RecentCommands({ t, explain, onCheck: checkRow });
  historyView = new HistoryView({ t, explain, onCheck: checkRow });
  byId("open-history").addEventListener("click", () => historyView.open());
  createCommandButtons(t, (command) => send(command.key, command.input));
  byId("send-route").addEventListener("click", () => {
    send("navigation", navigationInput(state.route));
  });
  byId("clear-route").addEventListener("click", () => {
    state.route = [];
    fleetMap.showRoute([]);
    showRoute();
  });
  // Every change to the journal (this window's commands, recovered ones, the CLI's recovered
  // here) refreshes what the page shows of it.
  ipc.journalChanges(refreshJournalViews).catch((error) => {
    const line = byId("recent-error");
    line.textContent = errorMessage(error, t);
    line.hidden = false;
  });
  loadFleet();
}

function start() {
  document.documentElement.lang = language;
  applyTexts(document, t);
  startFleet();
  startAccount(t, { onBackendSwitched: reloadFleet });
  startAbout(t);
  reportFirstPaint(byId("vehicle-list"));
}

start();
