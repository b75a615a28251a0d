// The selected vehicle's panel: its name (which the user can change), its status at a glance,
// one tab per remote feature, and the open tab's form (or the route planner for navigation).
// Controls stay disabled, with the reason, when the vehicle lacks the feature or while the
// command they sent is being sent.
import { FEATURES, renderForm } from "./forms/index.js";
import { statusRows } from "./status.js";
import { byId } from "./view.js";

/** The tabs, in the order a driver reaches for them; navigation is the route planner. */
export const TAB_ORDER = [
  "locking",
  "horn",
  "lights",
  "charging",
  "preconditioning",
  "navigation",
  "vehicleFinder",
  "state",
  "wakeUp",
  "tan",
  "stolen",
  "immobilization",
  "onboardPersonalData",
];

/**
 * @typedef {{feature: string, supported: boolean | null, guarded?: boolean, states?: string[] | null, slots?: number | null}} FeatureSupport
 */

export class Panel {
  /**
   * @param {{
   *   t: (key: string, vars?: Record<string, string>) => string,
   *   send: (actionKey: string, input: Record<string, unknown>, name: string) => void,
   *   onTab: (feature: string) => void,
   *   onShowOnMap: (point: {latitude: number, longitude: number}) => void,
   * }} options
   */
  constructor(options) {
    this.t = options.t;
    this.send = options.send;
    this.onTab = options.onTab;
    this.onShowOnMap = options.onShowOnMap;
    /** @type {any} */
    this.vehicle = null;
    /** @type {FeatureSupport[] | null} */
    this.support = null;
    /** @type {any} */
    this.usage = null;
    /** @type {Set<string>} */
    this.busy = new Set();
    this.feature = "locking";
    /** @type {{markErrors: (error: unknown) => boolean} | null} */
    this.form = null;
    this.tabs = byId("feature-tabs");
    const untabbed = FEATURES.filter((feature) => !TAB_ORDER.includes(feature));
    if (untabbed.length) {
      throw new Error(`no tab for ${untabbed.join(", ")}`);
    }
    this.tabs.replaceChildren(
      ...TAB_ORDER.map((feature) => {
        const tab = document.createElement("button");
        tab.type = "button";
        tab.id = `tab-${feature}`;
        tab.dataset.tab = feature;
        tab.setAttribute("role", "tab");
        tab.setAttribute("aria-controls", feature === "navigation" ? "route-planner" : "feature-form");
        tab.textContent = this.t(`tab_${feature}`);
        tab.title = this.t(`feature_${feature}`);
        tab.addEventListener("click", () => this.open(feature));
        tab.addEventListener("keydown", (event) => this.onTabKey(event, feature));
        return tab;
      }),
    );
  }

  /**
   * Arrow keys move between tabs (one Tab stop for the whole row), as a tab list does.
   * @param {KeyboardEvent} event
   * @param {string} feature
   */
  onTabKey(event, feature) {
    const index = TAB_ORDER.indexOf(feature);
    const next = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1, Home: 0, End: TAB_ORDER.length - 1 }[event.key];
    if (next === undefined) {
      return;
    }
    event.preventDefault();
    const target = TAB_ORDER[(next + TAB_ORDER.length) % TAB_ORDER.length];
    this.open(target);
    byId(`tab-${target}`).focus();
  }

  /**
   * Shows `vehicle` (a VehicleSummary), keeping the open tab; capability and usage come later.
   * @param {any} vehicle
   * @param {boolean} [fresh] another vehicle than the one shown: forget its capability and usage
   */
  show(vehicle, fresh = true) {
    this.vehicle = vehicle;
    if (fresh) {
      this.support = null;
      this.usage = null;
    }
    byId("vehicle-heading").textContent = vehicle.label;
    byId("rename-vehicle").hidden = false;
    const meta = [[vehicle.brand, vehicle.model].filter(Boolean).join(" "), vehicle.vin ? `VIN ${vehicle.vin}` : ""].filter(Boolean);
    byId("vehicle-meta").textContent = meta.join(" · ");
    byId("vehicle-panel").hidden = false;
    this.renderStatus();
    if (fresh) {
      this.renderTab();
    }
  }

  /** No vehicle selected. */
  clear() {
    this.vehicle = null;
    this.support = null;
    this.usage = null;
    byId("vehicle-heading").textContent = this.t("noVehicleSelected");
    byId("rename-vehicle").hidden = true;
    byId("rename-form").hidden = true;
    byId("vehicle-panel").hidden = true;
  }

  /** @param {FeatureSupport[] | null} support */
  setSupport(support) {
    this.support = support;
    this.renderTab();
  }

  /** @param {any} usage the vehicle_usage answer */
  setUsage(usage) {
    this.usage = usage;
    this.renderStatus();
    if (["wakeUp", "state"].includes(this.feature)) {
      this.renderTab();
    }
  }

  /** @param {Set<string>} busy the action keys being sent to the shown vehicle */
  setBusy(busy) {
    this.busy = busy;
    this.applyDisabled();
  }

  renderStatus() {
    if (!this.vehicle) {
      return;
    }
    const rows = statusRows(this.vehicle, this.usage, this.t, Date.now()).flatMap((row) => {
      const dt = document.createElement("dt");
      dt.textContent = row.label;
      const dd = document.createElement("dd");
      dd.dataset.status = row.key;
      dd.textContent = row.value;
      if (row.tone) {
        dd.classList.add(row.tone);
      }
      if (row.age) {
        const age = document.createElement("span");
        age.className = "age";
        age.textContent = ` · ${row.age}`;
        dd.append(age);
      }
      if (row.key === "position" && this.vehicle.position) {
        const show = document.createElement("button");
        show.type = "button";
        show.className = "secondary small";
        show.textContent = this.t("showOnMap");
        const position = this.vehicle.position;
        show.addEventListener("click", () => this.onShowOnMap(position));
        dd.append(" ", show);
      }
      return [dt, dd];
    });
    byId("vehicle-status").replaceChildren(...rows);
  }

  /**
   * Opens the tab of `feature`.
   * @param {string} feature
   */
  open(feature) {
    this.feature = feature;
    this.renderTab();
    this.onTab(feature);
  }

  /** @param {string} feature */
  supportOf(feature) {
    return this.support?.find((s) => s.feature === feature);
  }

  renderTab() {
    const unsupported = new Set((this.support ?? []).filter((s) => s.supported === false).map((s) => s.feature));
    for (const tab of /** @type {NodeListOf<HTMLButtonElement>} */ (this.tabs.querySelectorAll("button"))) {
      const feature = tab.dataset.tab ?? "";
      const selected = feature === this.feature;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      tab.classList.toggle("lacking", unsupported.has(feature));
      tab.title = unsupported.has(feature) ? `${this.t(`feature_${feature}`)}: ${this.t("unsupportedButton")}` : this.t(`feature_${feature}`);
    }
    const note = byId("unsupported-note");
    const lacking = TAB_ORDER.filter((f) => unsupported.has(f)).map((f) => this.t(`feature_${f}`));
    note.textContent = lacking.length ? this.t("unsupported", { features: lacking.join(", ") }) : "";
    note.hidden = lacking.length === 0;
    byId("vehicle-panel").dataset.capability = this.support === null ? "loading" : "loaded";
    const route = this.feature === "navigation";
    byId("route-planner").hidden = !route;
    const container = byId("feature-form");
    container.hidden = route;
    container.setAttribute("aria-labelledby", `tab-${this.feature}`);
    byId("route-planner").setAttribute("aria-labelledby", "tab-navigation");
    if (!this.vehicle) {
      return;
    }
    if (!route) {
      this.form = renderForm(this.feature, container, {
        t: this.t,
        vehicle: this.vehicle,
        support: this.supportOf(this.feature),
        usage: this.usage,
        busy: this.busy,
        send: (actionKey, input) => this.send(actionKey, input, this.actionName(container, actionKey)),
      });
    }
    this.applyDisabled();
  }

  /**
   * The name of an action for the timeline: its control's words ("Lock"), after the feature's
   * name when the control sits in one of several titled parts of the form ("Charging: Save
   * program 2").
   * @param {HTMLElement} container
   * @param {string} actionKey
   */
  actionName(container, actionKey) {
    const control = container.querySelector(`[data-action="${CSS.escape(actionKey)}"]`);
    const words = control?.getAttribute("data-name") || control?.textContent?.trim();
    const feature = this.t(`feature_${this.feature}`);
    if (!words) {
      return feature;
    }
    const titled = control?.closest(".form-section")?.querySelector(":scope > legend");
    return titled ? `${feature}: ${words}` : words;
  }

  /**
   * Disables every sending control while the capability loads, when the vehicle lacks its
   * feature, or while its command is being sent.
   */
  applyDisabled() {
    for (const control of /** @type {NodeListOf<HTMLButtonElement>} */ (
      document.querySelectorAll("#feature-form [data-action], #route-planner [data-action]")
    )) {
      const feature = control.dataset.feature ?? "";
      const lacking = this.supportOf(feature)?.supported === false;
      const busy = this.busy.has(control.dataset.action ?? "");
      const blocked = control.dataset.blocked === "true";
      control.disabled = this.support === null || lacking || busy || blocked;
      control.toggleAttribute("aria-busy", busy);
      if (lacking) {
        control.title = this.t("unsupportedButton");
      } else if (busy) {
        control.title = this.t("sendingButton");
      } else if (this.support === null) {
        control.title = this.t("loadingCapability");
      } else if (!blocked) {
        control.title = "";
      }
    }
  }

  /**
   * Marks the field Rust refused in the open form; false when no field of it matches.
   * @param {unknown} error
   */
  markErrors(error) {
    return this.form?.markErrors(error) ?? false;
  }
}
