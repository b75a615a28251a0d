// The route planner: points come from clicks on the map (while its tab is open) or typed
// coordinates; the list beside the map renames, reorders (drag, or Alt+Up / Alt+Down) and deletes
// them; the map's points can be dragged. "Send route" needs at least one point.
import {
  MAX_POINTS,
  addPoint,
  moveDown,
  moveUp,
  movePoint,
  navigationInput,
  parseCoordinates,
  pointRole,
  removePoint,
  renamePoint,
  reorderPoint,
} from "./route.js";
import { byId } from "./view.js";

/** @typedef {import("./route.js").RoutePoint} RoutePoint */

export class RoutePlanner {
  /**
   * @param {{
   *   t: (key: string, vars?: Record<string, string>) => string,
   *   onChange: (points: RoutePoint[], selected: number | null) => void,
   *   send: (input: Record<string, unknown>) => void,
   *   blocked: () => void,
   * }} options
   */
  constructor(options) {
    this.t = options.t;
    this.onChange = options.onChange;
    this.blocked = options.blocked;
    /** @type {RoutePoint[]} */
    this.points = [];
    /** @type {number | null} */
    this.selected = null;
    /** @type {number | null} the list row being dragged */
    this.dragging = null;
    this.list = byId("route-points");
    this.sendButton = /** @type {HTMLButtonElement} */ (byId("send-route"));
    const typed = /** @type {HTMLInputElement} */ (byId("route-coordinates"));
    byId("route-add").addEventListener("submit", (event) => {
      event.preventDefault();
      const { point, error } = parseCoordinates(typed.value);
      if (error || !point) {
        this.showError(error);
        typed.setAttribute("aria-invalid", "true");
        return;
      }
      typed.removeAttribute("aria-invalid");
      if (this.add(point)) {
        typed.value = "";
      }
    });
    this.sendButton.addEventListener("click", () => options.send(navigationInput(this.points)));
    byId("clear-route").addEventListener("click", () => this.clear());
    this.render();
  }

  /** @param {import("./route.js").RouteError | null} error */
  showError(error) {
    const line = byId("route-error");
    line.textContent = error ? this.t(error.key, error.vars) : "";
    line.hidden = !error;
  }

  /**
   * Adds a point at the end; false (with the reason shown) when the route is full.
   * @param {RoutePoint} point
   */
  add(point) {
    const { points, error } = addPoint(this.points, point);
    this.showError(error);
    if (error) {
      return false;
    }
    this.points = points;
    this.selected = points.length - 1;
    this.render();
    return true;
  }

  /**
   * A point dragged on the map.
   * @param {number} index
   * @param {{latitude: number, longitude: number}} to
   */
  move(index, to) {
    this.points = movePoint(this.points, index, to);
    this.selected = index;
    this.render();
  }

  /**
   * A click on a point of the map selects it (and its row) instead of adding another.
   * @param {number} index
   */
  focusPoint(index) {
    this.selected = index;
    this.render();
    /** @type {HTMLElement | null} */ (this.list.querySelector(`li[data-index="${index}"] input`))?.focus();
  }

  clear() {
    this.points = [];
    this.selected = null;
    this.showError(null);
    this.render();
  }

  /** The route reached the vehicle: the planner starts afresh. */
  sent() {
    if (this.points.length) {
      this.clear();
    }
  }

  /**
   * Marks the refused point when Rust names a position field; false otherwise.
   * @param {any} error
   */
  markErrors(error) {
    if (error?.kind !== "invalidInput" || !/^positions/.test(String(error.field ?? ""))) {
      return false;
    }
    const line = byId("route-error");
    line.textContent = String(error.message ?? "");
    line.hidden = false;
    return true;
  }

  /**
   * @param {number} from
   * @param {number} to
   */
  reorder(from, to) {
    this.points = reorderPoint(this.points, from, to);
    this.selected = Math.max(0, Math.min(this.points.length - 1, to));
    this.render();
    /** @type {HTMLElement | null} */ (this.list.querySelector(`li[data-index="${this.selected}"] input`))?.focus();
  }

  render() {
    const { t } = this;
    const rows = this.points.map((point, index) => {
      const item = document.createElement("li");
      item.dataset.index = String(index);
      item.draggable = true;
      item.setAttribute("aria-current", String(index === this.selected));
      const number = document.createElement("span");
      number.className = "number";
      number.textContent = String(index + 1);
      const role = document.createElement("span");
      role.className = "role";
      role.textContent = t(`route_${pointRole(this.points, index)}`);
      const name = document.createElement("input");
      name.value = point.name ?? "";
      name.placeholder = `${point.latitude.toFixed(5)}, ${point.longitude.toFixed(5)}`;
      name.setAttribute("aria-label", t("routePointName", { number: String(index + 1) }));
      name.title = t("routeReorderHint");
      name.addEventListener("input", () => {
        this.points = renamePoint(this.points, index, name.value);
      });
      name.addEventListener("change", () => this.onChange(this.points, this.selected));
      name.addEventListener("focus", () => {
        if (this.selected !== index) {
          this.selected = index;
          this.markSelected();
        }
      });
      name.addEventListener("keydown", (event) => {
        if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
          event.preventDefault();
          const to = event.key === "ArrowUp" ? index - 1 : index + 1;
          if (to >= 0 && to < this.points.length) {
            this.points = event.key === "ArrowUp" ? moveUp(this.points, index) : moveDown(this.points, index);
            this.selected = to;
            this.render();
            /** @type {HTMLElement | null} */ (this.list.querySelector(`li[data-index="${to}"] input`))?.focus();
          }
        }
      });
      const up = this.smallButton("↑", t("routeUp"), index === 0, () => this.reorder(index, index - 1));
      up.dataset.move = "up";
      const down = this.smallButton("↓", t("routeDown"), index === this.points.length - 1, () => this.reorder(index, index + 1));
      down.dataset.move = "down";
      const remove = this.smallButton("✕", t("routeRemove", { number: String(index + 1) }), false, () => {
        this.points = removePoint(this.points, index);
        this.selected = null;
        this.render();
      });
      remove.dataset.remove = "";
      item.addEventListener("dragstart", (event) => {
        this.dragging = index;
        item.classList.add("dragging");
        event.dataTransfer?.setData("text/plain", String(index));
      });
      item.addEventListener("dragend", () => item.classList.remove("dragging"));
      item.addEventListener("dragover", (event) => event.preventDefault());
      item.addEventListener("drop", (event) => {
        event.preventDefault();
        if (this.dragging !== null && this.dragging !== index) {
          this.reorder(this.dragging, index);
        }
        this.dragging = null;
      });
      item.append(number, role, name, up, down, remove);
      return item;
    });
    this.list.replaceChildren(...rows);
    const count = this.points.length;
    byId("route-status").textContent = count
      ? t("routePoints", { count: String(count), max: String(MAX_POINTS) })
      : t("routeEmpty");
    this.sendButton.dataset.blocked = String(count === 0);
    if (count === 0) {
      this.sendButton.title = t("routeNeedsPoint");
    }
    this.onChange(this.points, this.selected);
    this.blocked();
  }

  markSelected() {
    for (const item of this.list.children) {
      item.setAttribute("aria-current", String(/** @type {HTMLElement} */ (item).dataset.index === String(this.selected)));
    }
    this.onChange(this.points, this.selected);
  }

  /**
   * @param {string} symbol
   * @param {string} label
   * @param {boolean} disabled
   * @param {() => void} onClick
   */
  smallButton(symbol, label, disabled, onClick) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary small";
    button.textContent = symbol;
    button.setAttribute("aria-label", label);
    button.title = label;
    button.disabled = disabled;
    button.addEventListener("click", onClick);
    return button;
  }
}
