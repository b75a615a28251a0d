// The command palette (Ctrl+K, or Cmd+K on a Mac): type a vehicle and a command ("lock 208",
// "horn …3456", "finder peugeot") and press Enter. Words that name a command pick the command; the
// others find the vehicle (by name, brand, model, VIN). With no vehicle word, the selected vehicle
// is meant.
import { fold } from "./filter.js";

/**
 * A palette command: opens a feature's tab and, with `action`, presses that control of its form.
 * @typedef {{feature: string, action?: string, name: string}} PaletteCommand
 */

/**
 * @typedef {{vehicleId: string, vehicleLabel: string, command: PaletteCommand | null}} PaletteEntry
 */

/** Most entries shown at once: the rest are found by typing more. */
const LIMIT = 30;

/**
 * The entries for `query`, best first.
 * @param {string} query
 * @param {any[]} vehicles VehicleSummary values
 * @param {string[]} haystacks `searchText` of each vehicle, same order
 * @param {PaletteCommand[]} commands
 * @param {string | null} selectedId
 * @returns {PaletteEntry[]}
 */
export function paletteResults(query, vehicles, haystacks, commands, selectedId) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const folded = commands.map((command) => fold(command.name));
  /** @type {{command: PaletteCommand | null, rest: string[], score: number}[]} */
  const picks = [];
  /** @param {string} text @param {string} word */
  const names = (text, word) => text.split(/[\s:…,/]+/).some((part) => part.startsWith(word));
  commands.forEach((command, i) => {
    const named = words.filter((word) => names(folded[i], word));
    if (named.length) {
      // A word naming the control itself ("unlock" in "Lock / unlock: Unlock") counts more than
      // one naming only its feature.
      const own = folded[i].includes(": ") ? folded[i].slice(folded[i].lastIndexOf(": ") + 2) : "";
      const score = named.length * 2 + named.filter((word) => names(own, word)).length;
      picks.push({ command, rest: words.filter((word) => !named.includes(word)), score });
    }
  });
  if (!picks.length) {
    picks.push({ command: null, rest: words, score: 0 });
  }
  // More words named first; at a tie, a control before the tab that holds it.
  picks.sort((a, b) => b.score - a.score || Number(Boolean(b.command?.action)) - Number(Boolean(a.command?.action)));
  /** @type {PaletteEntry[]} */
  const entries = [];
  /** @param {string[]} rest */
  const vehiclesFor = (rest) => {
    if (!rest.length) {
      const selected = vehicles.find((v) => v.id === selectedId);
      return selected ? [selected] : vehicles.slice(0, 5);
    }
    /** @type {any[]} */
    const found = [];
    for (let i = 0; i < vehicles.length && found.length < LIMIT; i += 1) {
      if (rest.every((word) => haystacks[i].includes(word))) {
        found.push(vehicles[i]);
      }
    }
    return found;
  };
  for (const pick of picks) {
    for (const vehicle of vehiclesFor(pick.rest)) {
      entries.push({ vehicleId: vehicle.id, vehicleLabel: vehicle.label, command: pick.command });
      if (entries.length >= LIMIT) {
        return entries;
      }
    }
  }
  return entries;
}

export class Palette {
  /**
   * @param {{
   *   t: (key: string, vars?: Record<string, string>) => string,
   *   source: () => {vehicles: any[], haystacks: string[], selectedId: string | null},
   *   commands: () => PaletteCommand[],
   *   onPick: (entry: PaletteEntry) => void,
   * }} options
   */
  constructor(options) {
    this.options = options;
    this.dialog = /** @type {HTMLDialogElement} */ (document.getElementById("palette"));
    this.input = /** @type {HTMLInputElement} */ (document.getElementById("palette-input"));
    this.list = /** @type {HTMLElement} */ (document.getElementById("palette-results"));
    this.empty = /** @type {HTMLElement} */ (document.getElementById("palette-empty"));
    /** @type {PaletteEntry[]} */
    this.entries = [];
    /** The commands, read once each time the palette opens (not at every key typed). */
    /** @type {PaletteCommand[]} */
    this.commands = [];
    this.active = 0;
    this.input.addEventListener("input", () => this.search());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.list.addEventListener("click", (event) => {
      const item = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("li"));
      if (item) {
        this.pick(Number(item.dataset.index));
      }
    });
    this.dialog.addEventListener("click", (event) => {
      // A click on the backdrop (outside the box) closes it.
      if (event.target === this.dialog) {
        this.dialog.close();
      }
    });
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        this.open();
      }
    });
  }

  open() {
    if (this.dialog.open) {
      this.input.select();
      return;
    }
    this.input.value = "";
    this.commands = this.options.commands();
    this.dialog.showModal();
    this.search();
    this.input.focus();
  }

  search() {
    const { vehicles, haystacks, selectedId } = this.options.source();
    this.entries = paletteResults(this.input.value, vehicles, haystacks, this.commands, selectedId);
    this.active = 0;
    this.render();
  }

  render() {
    const { t } = this.options;
    this.list.replaceChildren(
      ...this.entries.map((entry, index) => {
        const item = document.createElement("li");
        item.id = `palette-entry-${index}`;
        item.setAttribute("role", "option");
        item.dataset.index = String(index);
        item.setAttribute("aria-selected", String(index === this.active));
        const what = document.createElement("span");
        what.textContent = entry.command ? entry.command.name : t("paletteSelect");
        const vehicle = document.createElement("span");
        vehicle.className = "what";
        vehicle.textContent = entry.vehicleLabel;
        item.append(what, vehicle);
        return item;
      }),
    );
    this.empty.hidden = this.entries.length > 0;
    if (this.entries.length) {
      this.input.setAttribute("aria-activedescendant", `palette-entry-${this.active}`);
      this.list.children[this.active]?.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.entries.length) % Math.max(1, this.entries.length);
      this.render();
    } else if (event.key === "Enter") {
      event.preventDefault();
      this.pick(this.active);
    }
  }

  /** @param {number} index */
  pick(index) {
    const entry = this.entries[index];
    if (!entry) {
      return;
    }
    this.dialog.close();
    this.options.onPick(entry);
  }
}
