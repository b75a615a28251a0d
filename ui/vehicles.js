// The vehicle list: one row per vehicle that passes the search and filters, drawn only where it
// is on screen, so that 10,000 vehicles scroll as smoothly as 10. The list is one Tab stop (a
// listbox): arrow keys, Page Up/Down, Home and End move inside it, Enter selects. Each row also
// has a checkbox that picks the vehicle for a fleet command: a click or Space ticks it, with Shift
// the whole range from the last one ticked.
import { filterVehicles, noFilter, searchText } from "./filter.js";
import { rangeIds } from "./selection.js";

/** Rows drawn above and below the visible ones, so that a fast scroll shows no gap. */
const OVERSCAN = 6;

/**
 * The second line of a row: brand and model, the VIN's last characters, energy and lock.
 * @param {any} vehicle a VehicleSummary
 * @param {(key: string, vars?: Record<string, string>) => string} t
 */
export function rowDetails(vehicle, t) {
  const parts = [];
  const model = [vehicle.brand, vehicle.model].filter(Boolean).join(" ");
  if (vehicle.name && model) {
    parts.push(model);
  }
  if (vehicle.vinTail) {
    parts.push(`…${vehicle.vinTail}`);
  }
  const level = vehicle.batteryPercent ?? vehicle.fuelPercent;
  parts.push(level === null || level === undefined ? t(`energy_${vehicle.energy}`) : `${t(`energy_${vehicle.energy}`)} ${Math.round(level)} %`);
  if (vehicle.lock) {
    parts.push(t(`lock_${vehicle.lock}`));
  }
  return parts.join(" · ");
}

export class VehicleList {
  /**
   * @param {HTMLElement} element the listbox (it scrolls)
   * @param {{
   *   t: (key: string, vars?: Record<string, string>) => string,
   *   onSelect: (id: string) => void,
   *   onCheck?: (count: number) => void,
   *   rowHeight?: number,
   * }} options
   */
  constructor(element, options) {
    this.element = element;
    this.t = options.t;
    this.onSelect = options.onSelect;
    this.onCheck = options.onCheck ?? (() => {});
    /** @type {Set<string>} the vehicles ticked for a fleet command */
    this.checked = new Set();
    /** The position in `shown` of the last box ticked or unticked: where a Shift range starts. */
    this.anchor = -1;
    this.rowHeight = options.rowHeight ?? 52;
    /** @type {any[]} */
    this.vehicles = [];
    /** @type {Map<string, number>} */
    this.indexById = new Map();
    /** @type {string[]} */
    this.haystacks = [];
    this.filter = noFilter();
    /** @type {number[]} indexes into `vehicles` of the rows shown, in order */
    this.shown = [];
    /** @type {string | null} */
    this.selectedId = null;
    /** The row the keyboard is on, as a position in `shown`. */
    this.active = -1;
    this.spacer = document.createElement("div");
    this.spacer.className = "list-spacer";
    element.replaceChildren(this.spacer);
    /** @type {HTMLElement[]} */
    this.pool = [];
    element.addEventListener("scroll", () => this.render(), { passive: true });
    element.addEventListener("keydown", (event) => this.onKey(event));
    element.addEventListener("click", (event) => {
      const target = /** @type {HTMLElement} */ (event.target);
      const row = /** @type {HTMLElement | null} */ (target.closest('[role="option"][data-vehicle-id]'));
      if (row?.dataset.vehicleId && target.classList.contains("vehicle-check")) {
        this.toggle(Number(row.dataset.position), event.shiftKey);
      } else if (row?.dataset.vehicleId) {
        this.active = Number(row.dataset.position);
        this.onSelect(row.dataset.vehicleId);
      }
    });
    // Focus from a click lands on the clicked row; only focus from the keyboard picks a row.
    let pointing = false;
    element.addEventListener("pointerdown", () => {
      pointing = true;
    });
    element.addEventListener("pointerup", () => {
      pointing = false;
    });
    element.addEventListener("focus", () => {
      if (!pointing && this.active < 0 && this.shown.length) {
        const selected = this.selectedId ? this.shown.indexOf(this.indexById.get(this.selectedId) ?? -1) : -1;
        this.moveTo(selected >= 0 ? selected : 0);
      }
    });
    new ResizeObserver(() => this.render()).observe(element);
  }

  /**
   * Replaces the whole list.
   * @param {any[]} vehicles
   */
  setVehicles(vehicles) {
    this.vehicles = vehicles;
    this.indexById = new Map(vehicles.map((v, i) => [v.id, i]));
    this.haystacks = vehicles.map(searchText);
    const checked = [...this.checked].filter((id) => this.indexById.has(id));
    if (checked.length !== this.checked.size) {
      this.checked = new Set(checked);
      this.onCheck(this.checked.size);
    }
    this.anchor = -1;
    this.refilter();
  }

  /**
   * Puts fresh states of some vehicles in place (others keep theirs).
   * @param {any[]} changed
   */
  update(changed) {
    for (const vehicle of changed) {
      const index = this.indexById.get(vehicle.id);
      if (index !== undefined) {
        this.vehicles[index] = vehicle;
        this.haystacks[index] = searchText(vehicle);
      }
    }
    this.refilter();
  }

  /**
   * Shows only the vehicles that pass `filter`.
   * @param {import("./filter.js").VehicleFilter} filter
   */
  setFilter(filter) {
    this.filter = filter;
    this.refilter();
  }

  refilter() {
    const activeId = this.active >= 0 ? this.vehicles[this.shown[this.active]]?.id : null;
    this.shown = filterVehicles(this.vehicles, this.filter, this.haystacks);
    this.active = activeId ? this.shown.indexOf(this.indexById.get(activeId) ?? -1) : -1;
    this.spacer.style.height = `${this.shown.length * this.rowHeight}px`;
    this.render();
  }

  /** The vehicles the search and filters let through, in order. */
  shownVehicles() {
    return this.shown.map((index) => this.vehicles[index]);
  }

  /**
   * Marks `id` as the selected vehicle and scrolls it into view.
   * @param {string | null} id
   */
  select(id) {
    this.selectedId = id;
    const position = id ? this.shown.indexOf(this.indexById.get(id) ?? -1) : -1;
    if (position >= 0) {
      this.active = position;
      this.scrollTo(position);
    }
    this.render();
  }

  /** @param {number} position */
  scrollTo(position) {
    const top = position * this.rowHeight;
    const view = this.element.clientHeight;
    if (top < this.element.scrollTop) {
      this.element.scrollTop = top;
    } else if (top + this.rowHeight > this.element.scrollTop + view) {
      this.element.scrollTop = top + this.rowHeight - view;
    }
  }

  /** @param {number} position */
  moveTo(position) {
    if (!this.shown.length) {
      return;
    }
    this.active = Math.max(0, Math.min(this.shown.length - 1, position));
    this.scrollTo(this.active);
    this.render();
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.rowHeight) - 1);
    const moves = /** @type {Record<string, number>} */ ({
      ArrowDown: this.active + 1,
      ArrowUp: this.active - 1,
      PageDown: this.active + page,
      PageUp: this.active - page,
      Home: 0,
      End: this.shown.length - 1,
    });
    if (event.key in moves) {
      event.preventDefault();
      this.moveTo(this.active < 0 && event.key === "ArrowDown" ? 0 : moves[event.key]);
    } else if (event.key === " " && this.active >= 0) {
      event.preventDefault();
      this.toggle(this.active, event.shiftKey);
    } else if (event.key === "Enter" && this.active >= 0) {
      event.preventDefault();
      const vehicle = this.vehicles[this.shown[this.active]];
      if (vehicle) {
        this.onSelect(vehicle.id);
      }
    }
  }

  /**
   * Ticks or unticks the row at `position` (the opposite of what it was); with `range`, every
   * row from the last one ticked or unticked to it takes that same state.
   * @param {number} position
   * @param {boolean} range
   */
  toggle(position, range) {
    const vehicle = this.vehicles[this.shown[position]];
    if (!vehicle) {
      return;
    }
    const on = !this.checked.has(vehicle.id);
    const ids = range && this.anchor >= 0 ? rangeIds(this.shownIds(), this.anchor, position) : [vehicle.id];
    this.anchor = position;
    this.active = position;
    this.setChecked(ids, on);
  }

  /** The shown rows' ids, in order. */
  shownIds() {
    return this.shown.map((index) => this.vehicles[index].id);
  }

  /**
   * Ticks (or unticks) the vehicles `ids`.
   * @param {Iterable<string>} ids
   * @param {boolean} on
   */
  setChecked(ids, on) {
    for (const id of ids) {
      if (on && this.indexById.has(id)) {
        this.checked.add(id);
      } else if (!on) {
        this.checked.delete(id);
      }
    }
    this.render();
    this.onCheck(this.checked.size);
  }

  /** Unticks every vehicle. */
  clearChecked() {
    this.checked.clear();
    this.anchor = -1;
    this.render();
    this.onCheck(0);
  }

  /** The ticked vehicles' ids, in the list's order. */
  checkedIds() {
    return this.vehicles.filter((v) => this.checked.has(v.id)).map((v) => v.id);
  }

  /** Draws the rows in view (and a few around them), reusing their elements. */
  render() {
    const height = this.element.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.element.scrollTop / this.rowHeight) - OVERSCAN);
    const last = Math.min(this.shown.length, Math.ceil((this.element.scrollTop + height) / this.rowHeight) + OVERSCAN);
    const count = Math.max(0, last - first);
    while (this.pool.length < count) {
      const row = document.createElement("div");
      row.setAttribute("role", "option");
      row.className = "vehicle";
      const check = document.createElement("input");
      check.type = "checkbox";
      check.className = "vehicle-check";
      check.tabIndex = -1;
      const name = document.createElement("span");
      name.className = "name";
      const meta = document.createElement("span");
      meta.className = "meta";
      const flag = document.createElement("span");
      flag.className = "flag";
      row.append(check, name, meta, flag);
      this.pool.push(row);
      this.element.append(row);
    }
    let activeRow = "";
    this.pool.forEach((row, i) => {
      const position = first + i;
      if (i >= count) {
        row.hidden = true;
        for (const name of ["id", "data-vehicle-id", "data-index", "data-position"]) {
          row.removeAttribute(name);
        }
        return;
      }
      const vehicle = this.vehicles[this.shown[position]];
      row.hidden = false;
      row.id = `vehicle-option-${position}`;
      row.dataset.vehicleId = vehicle.id;
      row.dataset.position = String(position);
      row.dataset.index = String(this.shown[position]);
      row.style.transform = `translateY(${position * this.rowHeight}px)`;
      row.setAttribute("aria-selected", String(vehicle.id === this.selectedId));
      row.setAttribute("aria-posinset", String(position + 1));
      row.setAttribute("aria-setsize", String(this.shown.length));
      row.classList.toggle("active", position === this.active);
      const ticked = this.checked.has(vehicle.id);
      row.setAttribute("aria-checked", String(ticked));
      row.classList.toggle("checked", ticked);
      const check = /** @type {HTMLInputElement} */ (row.children[0]);
      check.checked = ticked;
      check.setAttribute("aria-label", this.t("checkVehicle", { vehicle: vehicle.label }));
      /** @type {HTMLElement} */ (row.children[1]).textContent = vehicle.label;
      /** @type {HTMLElement} */ (row.children[2]).textContent = rowDetails(vehicle, this.t);
      const attention = (vehicle.attention ?? []).length > 0;
      const flag = /** @type {HTMLElement} */ (row.children[3]);
      flag.hidden = !attention;
      flag.textContent = attention ? "!" : "";
      flag.title = attention ? this.t("needsAttention") : "";
      if (position === this.active) {
        activeRow = row.id;
      }
    });
    if (activeRow) {
      this.element.setAttribute("aria-activedescendant", activeRow);
    } else {
      this.element.removeAttribute("aria-activedescendant");
    }
  }
}
