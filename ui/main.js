// Wires the page: preferences and texts, the fleet (list, map, panel, route planner, timeline,
// confirm box, palette), the journal's views (the panel's past commands, the history dialog) and
// the settings (account, language, theme).
import { startAbout } from "./about.js";
import { startAccount } from "./account.js";
import { ConfirmBox } from "./confirm.js";
import { explainer } from "./explanations.js";
import { FleetScreen } from "./fleet.js";
import { noFilter } from "./filter.js";
import { renderForm } from "./forms/index.js";
import { describeStep, errorMessage, isFinalStep, stepOutcome } from "./format.js";
import { HistoryView } from "./history.js";
import { pickLanguage, translator } from "./i18n.js";
import * as ipc from "./ipc.js";
import { commandName, vehicleLabel } from "./journal.js";
import { FleetMap } from "./map.js";
import { Palette } from "./palette.js";
import { Panel, TAB_ORDER } from "./panel.js";
import { startPreferences } from "./preferences.js";
import { RecentCommands } from "./recent.js";
import { RoutePlanner } from "./routeplanner.js";
import { idsInBox, matchFile } from "./selection.js";
import { Holds, sendCommand } from "./sender.js";
import { reportFirstPaint } from "./startup.js";
import { addCommand } from "./timeline.js";
import { VehicleList } from "./vehicles.js";
import { applyTexts, byId } from "./view.js";

/** What the page measures of its own speed, read by the end-to-end run's measurement. */
const perf = /** @type {Record<string, number>} */ ({});
/** @type {any} */ (window).carRemotePerf = perf;

/**
 * @param {string} language the chosen language ("en", "fr")
 */
function run(language) {
  const t = translator(language);
  const explain = explainer(language);
  document.documentElement.lang = language;
  applyTexts(document, t);

  /** @type {string | null} */
  let selectedId = null;
  /** Counts backend switches, so that answers about the previous backend's fleet are dropped. */
  let generation = 0;

  const list = new VehicleList(byId("vehicle-list"), { t, onSelect: (id) => select(id), onCheck: (count) => showPicked(count) });
  const map = new FleetMap(byId("map"), {
    onBoxEnd: () => {
      byId("select-on-map").setAttribute("aria-pressed", "false");
      showMapMode();
    },
    onSelect: (id) => select(id),
    onMapClick: (point) => planner.add(point),
    onRoutePointMoved: (index, point) => planner.move(index, point),
    onRoutePointClicked: (index) => planner.focusPoint(index),
  });
  const panel = new Panel({
    t,
    send: (actionKey, input, name) => send(actionKey, input, name),
    onTab: (feature) => {
      map.setRouteMode(feature === "navigation");
      showMapMode();
    },
    onShowOnMap: (point) => map.focus(point),
  });
  const holds = new Holds(() => panel.setBusy(holds.of(selectedId ?? "")));
  const planner = new RoutePlanner({
    t,
    onChange: (points, selected) => map.showRoute(points, selected),
    send: (input) => send("navigationSend", input, t("feature_navigation")),
    blocked: () => panel.applyDisabled(),
  });
  const confirmBox = new ConfirmBox({ box: byId("confirm-box"), text: byId("confirm-text"), yes: byId("confirm-yes"), no: byId("confirm-no") });
  const recent = new RecentCommands({ t, explain, onCheck: checkRow });
  const historyView = new HistoryView({ t, explain, onCheck: checkRow });

  /** What a drag or a click on the map does now, said above it. */
  function showMapMode() {
    const mode = byId("map-mode");
    const boxing = byId("select-on-map").getAttribute("aria-pressed") === "true";
    const route = panel.feature === "navigation" && Boolean(selectedId);
    mode.hidden = !boxing && !route;
    mode.textContent = boxing ? t("selectOnMapActive") : t("routeMapMode");
  }

  /** @param {number} count how many vehicles are picked for a fleet command */
  function showPicked(count) {
    byId("fleet-selection").hidden = count === 0;
    byId("fleet-selected").textContent = t("selectedCount", { count: String(count) });
  }

  /** @param {string} text */
  function showCommandError(text) {
    const error = byId("command-error");
    error.textContent = text;
    error.hidden = !text;
  }

  function selected() {
    return selectedId ? list.vehicles[list.indexById.get(selectedId) ?? -1] ?? null : null;
  }

  function showCount() {
    const total = list.vehicles.length;
    const shown = list.shown.length;
    byId("vehicles-status").textContent =
      shown === total ? t("vehiclesCount", { count: String(total) }) : t("vehiclesShown", { shown: String(shown), count: String(total) });
  }

  /** @param {string} id */
  async function select(id) {
    const fresh = id !== selectedId;
    selectedId = id;
    const vehicle = selected();
    if (!vehicle) {
      return;
    }
    list.select(id);
    map.highlight(id);
    recent.show(id);
    if (!fresh) {
      return;
    }
    confirmBox.dismiss();
    showCommandError("");
    planner.clear();
    byId("rename-form").hidden = true;
    panel.show(vehicle, true);
    panel.setBusy(holds.of(id));
    const [support, usage] = await Promise.allSettled([ipc.capability(id), ipc.vehicleUsage(id)]);
    if (selectedId !== id) {
      return;
    }
    if (support.status === "fulfilled") {
      panel.setSupport(support.value);
    } else {
      panel.setSupport([]);
      showCommandError(errorMessage(support.reason, t));
    }
    panel.setUsage(usage.status === "fulfilled" ? usage.value : null);
  }

  /** Reads again what a command changed: the vehicle's state and its wake-up count. */
  async function refreshVehicle(/** @type {string} */ id) {
    const at = generation;
    try {
      const [fresh, usage] = await Promise.all([ipc.vehicle(id), ipc.vehicleUsage(id)]);
      if (at !== generation) {
        return;
      }
      updateVehicles([fresh]);
      if (selectedId === id) {
        panel.setUsage(usage);
      }
    } catch {
      // The list keeps the vehicle's last known state; the next load corrects it.
    }
  }

  /**
   * Puts fresh states of some vehicles in the list, on the map and in the panel; resolves once
   * the map has drawn them.
   * @param {any[]} vehicles
   */
  function updateVehicles(vehicles) {
    list.update(vehicles);
    const drawn = map.showVehicles(vehicles, false);
    showCount();
    const vehicle = selected();
    if (vehicle && vehicles.some((v) => v.id === vehicle.id)) {
      panel.show(vehicle, false);
    }
    return drawn;
  }

  async function loadFleet() {
    const at = generation;
    byId("vehicles-status").textContent = t("vehiclesLoading");
    const started = performance.now();
    try {
      const vehicles = await ipc.fleet();
      if (at !== generation) {
        return;
      }
      const arrived = performance.now();
      perf.fleetIpcMs = arrived - started;
      perf.vehicles = vehicles.length;
      // Positions known before any telemetry is read: the last ones seen, kept by Rust.
      perf.placedAtStart = vehicles.filter((v) => v.position).length;
      byId("vehicles-error").hidden = true;
      list.setVehicles(vehicles);
      showCount();
      historyView.setVehicles(vehicles);
      perf.fleetArrivedAt = arrived;
      // The list first (a frame of its own), then the map's markers, added in chunks.
      requestAnimationFrame(() => {
        perf.listPaintMs = performance.now() - arrived;
        perf.listPaintedAt = performance.now();
        map.showVehicles(list.vehicles).then(() => {
          perf.firstClusterMs = performance.now() - arrived;
          perf.firstClusterAt = performance.now();
        });
      });
      let firstBatch = true;
      const statesStarted = performance.now();
      await ipc.fleetStates((batch) => {
        if (at !== generation) {
          return;
        }
        const received = performance.now();
        const drawn = updateVehicles(batch);
        if (firstBatch) {
          firstBatch = false;
          perf.firstStatesMs = received - statesStarted;
          drawn.then(() => {
            perf.firstStatesClusterMs = performance.now() - received;
            perf.firstStatesClusterAt = performance.now();
          });
        }
      });
      if (at === generation) {
        perf.allStatesMs = performance.now() - statesStarted;
      }
    } catch (error) {
      if (at !== generation) {
        return;
      }
      const line = byId("vehicles-error");
      line.textContent = errorMessage(error, t);
      line.hidden = false;
      byId("vehicles-status").textContent = "";
    }
  }

  /** Forgets the vehicles of the previous backend and loads those of the new one. */
  function reloadFleet() {
    generation += 1;
    selectedId = null;
    confirmBox.dismiss();
    planner.clear();
    holds.clear();
    panel.clear();
    recent.show(null);
    map.clear();
    list.setVehicles([]);
    loadFleet();
  }

  /** At most one refresh of the journal's views per quarter second, however many changes come. */
  let refreshTimer = 0;
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

  /**
   * Tells the person, when the window is not in front, that a command ended.
   * @param {string} title the command and its vehicle
   * @param {import("./ipc.js").Progress} progress its final step
   */
  function notifyEnd(title, progress) {
    if (document.hasFocus()) {
      return;
    }
    const line = describeStep(progress, explain, t);
    ipc.notify(title, line.line).catch(() => {
      // No notification service on this desktop: the timeline still shows the end.
    });
  }

  /**
   * Shows one step of a command in its timeline entry, and what it changes elsewhere.
   * @param {ReturnType<typeof addCommand>} entry
   * @param {import("./ipc.js").Progress} progress
   * @param {{id?: string, label: string, title: string, feature?: string}} about
   */
  function showStep(entry, progress, about) {
    entry.step(progress);
    if (progress.type === "done" && progress.position && about.id && about.feature === "vehicleFinder") {
      const at = new Date().toLocaleTimeString(language, { hour: "2-digit", minute: "2-digit" });
      map.showFound(
        about.id,
        /** @type {{latitude: number, longitude: number}} */ (progress.position),
        t("foundMarker", { vehicle: about.label, time: at }),
      );
    }
    if (isFinalStep(progress)) {
      notifyEnd(about.title, progress);
      if (about.id) {
        refreshVehicle(about.id);
      }
      if (stepOutcome(progress) === "success" && about.id === selectedId && progress.type === "done") {
        planner.sent();
      }
    }
  }

  /**
   * A timeline entry for the command `requestId`, with its "Cancel sending" and "Check now".
   * @param {string} requestId
   * @param {string} title
   * @param {{id?: string, label: string, feature?: string}} vehicle
   */
  function commandEntry(requestId, title, vehicle) {
    const entry = addCommand(byId("timeline"), title, explain, t, {
      onCancel: async () => (await ipc.cancelCommand(requestId)).cancelled,
      onCheck: () => checkAgain(requestId, entry, { ...vehicle, title }),
    });
    return entry;
  }

  /**
   * Looks the command up again on the server (never sent again) and follows it in `entry`.
   * @param {string} requestId
   * @param {ReturnType<typeof addCommand>} entry
   * @param {{id?: string, label: string, title: string}} about
   */
  async function checkAgain(requestId, entry, about) {
    const answer = await ipc.checkNow(requestId, (progress) => showStep(entry, progress, about));
    if (!answer.following) {
      entry.note(t("checkNothing"));
    }
    refreshJournalViews();
  }

  /** @param {import("./ipc.js").HistoryRow} row */
  async function checkRow(row) {
    const label = vehicleLabel(row, list.vehicles);
    const title = t("commandOn", { command: commandName(row, t), vehicle: label });
    const about = { id: row.vehicleId, label, title, feature: row.feature };
    const entry = commandEntry(row.requestId, title, about);
    try {
      await checkAgain(row.requestId, entry, about);
    } catch (error) {
      entry.note(errorMessage(error, t));
    }
  }

  /**
   * Sends one command to the selected vehicle.
   * @param {string} actionKey
   * @param {Record<string, unknown>} input
   * @param {string} name the command's name for the timeline
   */
  function send(actionKey, input, name) {
    const vehicle = selected();
    if (!vehicle) {
      return;
    }
    showCommandError("");
    const title = t("commandOn", { command: name, vehicle: vehicle.label });
    sendCommand(
      {
        t,
        explain,
        holds,
        entry: (requestId) => commandEntry(requestId, title, { ...vehicle, feature: String(input.feature) }),
        onStep: (entry, progress) => showStep(entry, progress, { id: vehicle.id, label: vehicle.label, title, feature: String(input.feature) }),
        ask: async (vehicleId, warning) => selectedId === vehicleId && confirmBox.ask(`${warning} ${t("confirmQuestion")}`),
        onError: (error, message) => {
          showCommandError(message);
          panel.markErrors(error);
          planner.markErrors(error);
        },
        onRecorded: refreshJournalViews,
      },
      vehicle,
      actionKey,
      name,
      input,
    );
  }

  const fleetScreen = new FleetScreen({
    t,
    explain,
    perf,
    label: (id) => list.vehicles[list.indexById.get(id) ?? -1]?.label ?? id,
    vinTail: (id) => list.vehicles[list.indexById.get(id) ?? -1]?.vinTail ?? "",
    onRunEnded: (ids) => {
      refreshJournalViews();
      // A few vehicles are read again at once; a larger fleet's states come with the next load.
      if (ids.length <= 50) {
        ids.forEach((id) => refreshVehicle(id));
      }
    },
    onRunsChanged: (interrupted) => {
      const badge = byId("fleet-runs-badge");
      badge.hidden = interrupted === 0;
      badge.textContent = String(interrupted);
      badge.title = t("fleetInterrupted");
    },
  });
  startPicking(t, list, map, fleetScreen, perf, showMapMode);
  startSearch(list, showCount);
  startRename(t, () => selected(), updateVehicles);
  const palette = new Palette({
    t,
    source: () => ({ vehicles: list.vehicles, haystacks: list.haystacks, selectedId }),
    commands: () => paletteCommands(t, selected() ?? list.vehicles[0]),
    onPick: async (entry) => {
      await select(entry.vehicleId);
      const command = entry.command;
      if (!command) {
        byId("vehicle-list").focus();
        return;
      }
      panel.open(command.feature);
      const target = command.action
        ? document.querySelector(`#feature-form [data-action="${CSS.escape(command.action)}"]`)
        : byId(command.feature === "navigation" ? "route-coordinates" : "feature-form").querySelector("input, select, button") ?? null;
      /** @type {HTMLElement | null} */ (target)?.focus();
    },
  });
  byId("open-palette").addEventListener("click", () => palette.open());
  byId("open-history").addEventListener("click", () => historyView.open());
  // Every change to the journal (this window's commands, recovered ones, the CLI's recovered
  // here) refreshes what the page shows of it.
  ipc.journalChanges(refreshJournalViews).catch((error) => {
    const line = byId("recent-error");
    line.textContent = errorMessage(error, t);
    line.hidden = false;
  });
  startAccount(t, {
    onBackendSwitched: () => {
      reloadFleet();
      fleetScreen.refreshRunsBadge();
    },
  });
  fleetScreen.refreshRunsBadge();
  startAbout(t);
  panel.open("locking");
  loadFleet();
  reportFirstPaint(byId("vehicle-list"));
}

/**
 * The palette's commands: every tab, and every sending control of every form (found by
 * drawing each form once, off screen, for `vehicle`).
 * @param {(key: string, vars?: Record<string, string>) => string} t
 * @param {any} vehicle
 */
function paletteCommands(t, vehicle) {
  /** @type {import("./palette.js").PaletteCommand[]} */
  const commands = [];
  for (const feature of TAB_ORDER) {
    const featureName = t(`feature_${feature}`);
    commands.push({ feature, name: `${featureName}…` });
    if (feature === "navigation" || !vehicle) {
      continue;
    }
    const scratch = document.createElement("div");
    renderForm(feature, scratch, { t, vehicle, support: undefined, usage: null, busy: new Set(), send: () => {} });
    for (const control of scratch.querySelectorAll("button[data-action]")) {
      const words = control.getAttribute("data-name") || control.textContent?.trim() || "";
      commands.push({ feature, action: /** @type {HTMLElement} */ (control).dataset.action, name: `${featureName}: ${words}` });
    }
  }
  return commands;
}

/**
 * Picking vehicles for a fleet command: every one shown, a rectangle on the map, a file of VINs
 * or ids, a saved group; then the fleet screen for them.
 * @param {(key: string, vars?: Record<string, string>) => string} t
 * @param {VehicleList} list
 * @param {FleetMap} map
 * @param {FleetScreen} fleetScreen
 * @param {Record<string, number>} perf
 * @param {() => void} showMapMode
 */
function startPicking(t, list, map, fleetScreen, perf, showMapMode) {
  const menu = /** @type {HTMLDetailsElement} */ (byId("pick-menu"));
  const note = byId("selection-note");
  /** @param {string} text */
  const say = (text) => {
    note.textContent = text;
    note.hidden = !text;
  };
  byId("select-shown").addEventListener("click", () => {
    const started = performance.now();
    list.setChecked(list.shownIds(), true);
    perf.selectShownMs = performance.now() - started;
    menu.open = false;
    say("");
  });
  const onMap = byId("select-on-map");
  onMap.addEventListener("click", () => {
    if (onMap.getAttribute("aria-pressed") === "true") {
      map.cancelBox();
      return;
    }
    onMap.setAttribute("aria-pressed", "true");
    menu.open = false;
    showMapMode();
    map.selectBox((box) => {
      const ids = idsInBox(list.vehicles, box);
      list.setChecked(ids, true);
      say(t("selectionFromMap", { count: String(ids.length) }));
    });
  });
  const fileInput = /** @type {HTMLInputElement} */ (byId("select-file-input"));
  byId("select-file").addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    fileInput.value = "";
    menu.open = false;
    if (!file) {
      return;
    }
    try {
      const { ids, unknown } = matchFile(await file.text(), list.vehicles);
      list.setChecked(ids, true);
      const shownUnknown = unknown.slice(0, 5).join(", ") + (unknown.length > 5 ? ", …" : "");
      say(
        unknown.length
          ? t("selectionFromFileUnknown", { found: String(ids.length), unknown: String(unknown.length), list: shownUnknown })
          : t("selectionFromFile", { found: String(ids.length) }),
      );
    } catch (error) {
      say(t("fileUnreadable", { reason: error instanceof Error ? error.message : String(error) }));
    }
  });

  const groups = /** @type {HTMLSelectElement} */ (byId("fleet-groups"));
  /** @type {{name: string, vehicleIds: string[]}[]} */
  let saved = [];
  /** @param {{name: string, vehicleIds: string[]}[]} list */
  const showGroups = (list) => {
    saved = list;
    const first = document.createElement("option");
    first.value = "";
    first.textContent = t("groupsPlaceholder");
    groups.replaceChildren(
      first,
      ...list.map((group) => {
        const option = document.createElement("option");
        option.value = group.name;
        option.textContent = t("groupOption", { name: group.name, count: String(group.vehicleIds.length) });
        return option;
      }),
    );
    byId("delete-group").hidden = true;
  };
  showGroups([]);
  ipc.fleetGroups().then(showGroups, (error) => say(errorMessage(error, t)));
  groups.addEventListener("input", () => {
    const group = saved.find((g) => g.name === groups.value);
    byId("delete-group").hidden = !group;
    if (!group) {
      return;
    }
    menu.open = false;
    list.clearChecked();
    const present = group.vehicleIds.filter((id) => list.indexById.has(id));
    list.setChecked(present, true);
    const missing = group.vehicleIds.length - present.length;
    say(
      missing
        ? t("selectionFromGroupMissing", { name: group.name, found: String(present.length), missing: String(missing) })
        : t("selectionFromGroup", { name: group.name, found: String(present.length) }),
    );
  });
  byId("delete-group").addEventListener("click", async () => {
    const name = groups.value;
    try {
      showGroups(await ipc.deleteFleetGroup(name));
      say(t("groupDeleted", { name }));
    } catch (error) {
      say(errorMessage(error, t));
    }
  });
  const form = /** @type {HTMLFormElement} */ (byId("group-form"));
  const nameInput = /** @type {HTMLInputElement} */ (byId("group-name"));
  const groupError = byId("group-error");
  byId("save-group").addEventListener("click", () => {
    nameInput.value = groups.value;
    groupError.hidden = true;
    nameInput.removeAttribute("aria-invalid");
    form.hidden = false;
    nameInput.focus();
  });
  byId("group-cancel").addEventListener("click", () => {
    form.hidden = true;
    byId("save-group").focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    const ids = list.checkedIds();
    try {
      showGroups(await ipc.saveFleetGroup(name, ids));
      groups.value = name;
      byId("delete-group").hidden = false;
      form.hidden = true;
      say(t("groupSaved", { name, count: String(ids.length) }));
    } catch (error) {
      groupError.textContent = errorMessage(error, t);
      groupError.hidden = false;
      nameInput.setAttribute("aria-invalid", "true");
    }
  });
  byId("select-clear").addEventListener("click", () => {
    list.clearChecked();
    groups.value = "";
    byId("delete-group").hidden = true;
    say("");
  });
  byId("open-fleet").addEventListener("click", () => fleetScreen.open(list.checkedIds()));
  byId("open-fleet-runs").addEventListener("click", () => fleetScreen.openRuns());
}

/**
 * The list's search box and filters.
 * @param {VehicleList} list
 * @param {() => void} onChange
 */
function startSearch(list, onChange) {
  const read = () => {
    const filter = noFilter();
    filter.text = /** @type {HTMLInputElement} */ (byId("vehicle-search")).value;
    filter.energy = /** @type {any} */ (/** @type {HTMLSelectElement} */ (byId("filter-energy")).value);
    filter.locked = /** @type {any} */ (/** @type {HTMLSelectElement} */ (byId("filter-locked")).value);
    filter.charging = /** @type {HTMLInputElement} */ (byId("filter-charging")).checked;
    filter.asleep = /** @type {HTMLInputElement} */ (byId("filter-asleep")).checked;
    filter.attention = /** @type {HTMLInputElement} */ (byId("filter-attention")).checked;
    const started = performance.now();
    list.setFilter(filter);
    perf.lastFilterMs = performance.now() - started;
    onChange();
  };
  for (const id of ["vehicle-search", "filter-energy", "filter-locked", "filter-charging", "filter-asleep", "filter-attention"]) {
    byId(id).addEventListener("input", read);
  }
}

/**
 * "Rename": a name of the user's own for the selected vehicle, kept by Rust in the settings.
 * @param {(key: string, vars?: Record<string, string>) => string} t
 * @param {() => any} selected
 * @param {(vehicles: any[]) => void} onRenamed
 */
function startRename(t, selected, onRenamed) {
  const form = /** @type {HTMLFormElement} */ (byId("rename-form"));
  const input = /** @type {HTMLInputElement} */ (byId("vehicle-name"));
  const error = byId("rename-error");
  byId("rename-vehicle").addEventListener("click", () => {
    const vehicle = selected();
    if (!vehicle) {
      return;
    }
    input.value = vehicle.name ?? "";
    error.hidden = true;
    form.hidden = false;
    input.focus();
  });
  byId("rename-cancel").addEventListener("click", () => {
    form.hidden = true;
    byId("rename-vehicle").focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const vehicle = selected();
    if (!vehicle) {
      return;
    }
    try {
      const renamed = await ipc.renameVehicle(vehicle.id, input.value.trim() || null);
      form.hidden = true;
      onRenamed([renamed]);
      byId("rename-vehicle").focus();
    } catch (failure) {
      error.textContent = errorMessage(failure, t);
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
    }
  });
}

startPreferences(pickLanguage).then(run);
