// The history view: a dialog over the fleet with every journalled command, filtered by vehicle,
// command, outcome and dates; pages of 50 with "Load more"; "Export CSV…" writes every matching
// command through Rust's save dialog. Escape (the dialog's own cancel) or "Close" closes it.
import { errorMessage } from "./format.js";
import * as ipc from "./ipc.js";
import {
  FEATURES,
  MAX_LIMIT,
  OUTCOMES,
  canCheck,
  causeText,
  commandName,
  dateTime,
  historyQuery,
  outcomeMark,
  outcomeText,
  outcomeWord,
  pageQuery,
  senderText,
  vehicleLabel,
} from "./journal.js";
import { checkButton } from "./recent.js";
import { byId } from "./view.js";

/** Rows per page. */
const PAGE = 50;

/**
 * @param {string} value
 * @param {string} text
 */
function option(value, text) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = text;
  return element;
}

/**
 * Replaces a select's options, keeping its value when it is still one of them.
 * @param {HTMLSelectElement} select
 * @param {HTMLOptionElement[]} options
 */
function setOptions(select, options) {
  const value = select.value;
  select.replaceChildren(...options);
  select.value = options.some((o) => o.value === value) ? value : "";
}

/**
 * @typedef {{
 *   t: (key: string, vars?: Record<string, string>) => string,
 *   explain: import("./explanations.js").Explain,
 *   onCheck: (row: import("./ipc.js").HistoryRow) => Promise<void>,
 * }} HistoryOptions
 */

export class HistoryView {
  /** @param {HistoryOptions} options */
  constructor(options) {
    this.options = options;
    const { t } = options;
    this.dialog = /** @type {HTMLDialogElement} */ (byId("history"));
    this.vehicle = /** @type {HTMLSelectElement} */ (byId("filter-vehicle"));
    this.feature = /** @type {HTMLSelectElement} */ (byId("filter-feature"));
    this.outcome = /** @type {HTMLSelectElement} */ (byId("filter-outcome"));
    this.from = /** @type {HTMLInputElement} */ (byId("filter-from"));
    this.to = /** @type {HTMLInputElement} */ (byId("filter-to"));
    this.body = byId("history-rows");
    this.more = /** @type {HTMLButtonElement} */ (byId("history-more"));
    this.exportButton = /** @type {HTMLButtonElement} */ (byId("history-export"));
    /** @type {{id: string, label: string}[]} */
    this.vehicles = [];
    /** @type {import("./ipc.js").HistoryRow[]} */
    this.rows = [];
    /** @type {unknown} */
    this.next = null;
    this.total = 0;
    // Counts loads: an answer to filters since changed is dropped.
    this.generation = 0;
    /** @type {HTMLElement | null} */
    this.opener = null;

    this.feature.replaceChildren(
      option("", t("anyFeature")),
      ...FEATURES.map((feature) => option(feature, t(`feature_${feature}`))),
    );
    this.outcome.replaceChildren(
      option("", t("anyOutcome")),
      ...OUTCOMES.map((outcome) => option(outcome, t(`outcome_${outcome}`))),
    );
    this.setVehicles([]);

    for (const field of [this.vehicle, this.feature, this.outcome, this.from, this.to]) {
      field.addEventListener("change", () => this.reload());
    }
    this.more.addEventListener("click", () => this.loadMore());
    this.exportButton.addEventListener("click", () => this.exportCsv());
    byId("close-history").addEventListener("click", () => this.close());
    // Escape closes a modal dialog by itself ("cancel", then "close"); focus goes back to the opener.
    this.dialog.addEventListener("close", () => {
      if (this.opener?.isConnected) {
        this.opener.focus();
      }
      this.opener = null;
    });
  }

  /** True while the dialog is shown. */
  get isOpen() {
    return this.dialog.open;
  }

  /** Opens the dialog on the first page of the present filters. */
  open() {
    if (this.dialog.open) {
      return;
    }
    const active = document.activeElement;
    this.opener = active instanceof HTMLElement ? active : null;
    byId("export-status").textContent = "";
    this.dialog.showModal();
    this.reload();
  }

  close() {
    this.dialog.close();
  }

  /**
   * The fleet's vehicles for the vehicle filter and the vehicle column.
   * @param {{id: string, label: string}[]} vehicles
   */
  setVehicles(vehicles) {
    this.vehicles = vehicles;
    setOptions(this.vehicle, [
      option("", this.options.t("anyVehicle")),
      ...vehicles.map((vehicle) => option(vehicle.id, vehicle.label)),
    ]);
    if (this.rows.length) {
      this.render();
    }
  }

  /** The journal query of the filters (no paging). */
  query() {
    return historyQuery({
      vehicleId: this.vehicle.value,
      feature: this.feature.value,
      outcome: this.outcome.value,
      from: this.from.value,
      to: this.to.value,
    });
  }

  /** Reads the first page of the filters again. */
  reload() {
    return this.load(PAGE, false);
  }

  /** Reads what is shown again (after a change in the journal), as many rows as are shown. */
  refresh() {
    return this.load(Math.min(MAX_LIMIT, Math.max(PAGE, this.rows.length)), false);
  }

  loadMore() {
    return this.load(PAGE, true);
  }

  /**
   * @param {number} limit
   * @param {boolean} append the next page after the rows shown, instead of the first
   */
  async load(limit, append) {
    const { t } = this.options;
    const generation = ++this.generation;
    const status = byId("history-status");
    const error = byId("history-error");
    if (!this.rows.length) {
      status.textContent = t("historyLoading");
    }
    this.more.disabled = true;
    try {
      const page = await ipc.history(pageQuery(this.query(), limit, append ? this.next : null));
      if (generation !== this.generation) {
        return;
      }
      this.rows = append ? [...this.rows, ...page.rows] : page.rows;
      this.next = page.next ?? null;
      this.total = page.total;
      error.hidden = true;
      this.render();
    } catch (failure) {
      if (generation !== this.generation) {
        return;
      }
      error.textContent = errorMessage(failure, t);
      error.hidden = false;
      status.textContent = "";
    } finally {
      if (generation === this.generation) {
        this.more.disabled = false;
      }
    }
  }

  render() {
    const { t, explain, onCheck } = this.options;
    const template = /** @type {HTMLTemplateElement} */ (document.getElementById("history-row"));
    const rows = this.rows.map((row) => {
      const tr = /** @type {HTMLTableRowElement} */ (template.content.firstElementChild?.cloneNode(true));
      tr.dataset.requestId = row.requestId;
      tr.dataset.outcome = outcomeWord(row);
      const mark = outcomeMark(row);
      if (mark) {
        tr.classList.add(mark);
      }
      const cell = (/** @type {string} */ name) => /** @type {HTMLElement} */ (tr.querySelector(`.${name}`));
      const time = /** @type {HTMLTimeElement} */ (tr.querySelector("time"));
      time.dateTime = new Date(row.createdAt).toISOString();
      time.textContent = dateTime(row.createdAt);
      cell("vehicle").textContent = vehicleLabel(row, this.vehicles);
      cell("command").textContent = commandName(row, t);
      cell("words").textContent = outcomeText(row, t);
      if (canCheck(row)) {
        cell("outcome").append(" ", checkButton(row, t, onCheck));
      }
      cell("cause").textContent = causeText(row, explain);
      cell("sender").textContent = senderText(row, t);
      /** @type {HTMLElement} */ (tr.querySelector("code")).textContent = row.requestId;
      return tr;
    });
    this.body.replaceChildren(...rows);
    byId("history-status").textContent = this.rows.length
      ? t("historyCount", { shown: String(this.rows.length), total: String(this.total) })
      : t("historyEmpty");
    this.more.hidden = this.next === null || this.rows.length >= this.total;
  }

  /** Writes every command of the filters as CSV where the person chooses; says where. */
  async exportCsv() {
    const { t } = this.options;
    const status = byId("export-status");
    const error = byId("history-error");
    this.exportButton.disabled = true;
    status.textContent = t("exporting");
    try {
      const saved = await ipc.exportHistory(this.query());
      // Cancelled in the save dialog: nothing to say.
      status.textContent = saved ? t("exported", { rows: String(saved.rows), path: saved.path }) : "";
      error.hidden = true;
    } catch (failure) {
      status.textContent = "";
      error.textContent = errorMessage(failure, t);
      error.hidden = false;
    } finally {
      this.exportButton.disabled = false;
    }
  }
}
