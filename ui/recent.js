// The selected vehicle's past commands in its panel: the journal's last ten for it, each with
// its time, what it was, how it ended in words and who sent it from where; "Check now" on one
// whose end is not known.
import { errorMessage } from "./format.js";
import * as ipc from "./ipc.js";
import {
  canCheck,
  causeText,
  commandName,
  dateTime,
  outcomeMark,
  outcomeText,
  outcomeWord,
  senderText,
  shortDateTime,
} from "./journal.js";
import { byId } from "./view.js";

/** How many past commands the panel shows. */
const SHOWN = 10;

/**
 * @typedef {{
 *   t: (key: string, vars?: Record<string, string>) => string,
 *   explain: import("./explanations.js").Explain,
 *   onCheck: (row: import("./ipc.js").HistoryRow) => Promise<void>,
 * }} RecentOptions
 */

export class RecentCommands {
  /** @param {RecentOptions} options */
  constructor(options) {
    this.options = options;
    this.list = byId("recent-commands");
    /** @type {string | null} */
    this.vehicleId = null;
    // Counts loads, so that an answer for a vehicle no longer shown is dropped.
    this.generation = 0;
  }

  /**
   * Shows the past commands of `vehicleId` (none for `null`).
   * @param {string | null} vehicleId
   */
  show(vehicleId) {
    if (vehicleId !== this.vehicleId) {
      this.vehicleId = vehicleId;
      this.list.replaceChildren();
      byId("recent-empty").hidden = true;
    }
    return this.refresh();
  }

  /** Reads the shown vehicle's past commands again. */
  async refresh() {
    const vehicleId = this.vehicleId;
    const generation = ++this.generation;
    if (!vehicleId) {
      return;
    }
    const error = byId("recent-error");
    try {
      const page = await ipc.history({ vehicleId, limit: SHOWN });
      if (generation !== this.generation) {
        return;
      }
      error.hidden = true;
      this.render(page.rows);
    } catch (failure) {
      if (generation !== this.generation) {
        return;
      }
      error.textContent = errorMessage(failure, this.options.t);
      error.hidden = false;
    }
  }

  /** @param {import("./ipc.js").HistoryRow[]} rows */
  render(rows) {
    const { t, explain, onCheck } = this.options;
    const template = /** @type {HTMLTemplateElement} */ (document.getElementById("past-entry"));
    const now = Date.now();
    // Focus on a "Check now" button survives the refresh its own check causes.
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.closest(".past") : null;
    const focusedId = focused instanceof HTMLElement && this.list.contains(focused) ? focused.dataset.requestId : null;
    const items = rows.map((row) => {
      const item = /** @type {HTMLElement} */ (template.content.firstElementChild?.cloneNode(true));
      item.dataset.requestId = row.requestId;
      item.dataset.outcome = outcomeWord(row);
      const mark = outcomeMark(row);
      if (mark) {
        item.classList.add(mark);
      }
      const time = /** @type {HTMLTimeElement} */ (item.querySelector("time"));
      time.dateTime = new Date(row.createdAt).toISOString();
      time.textContent = shortDateTime(row.createdAt, now);
      time.title = dateTime(row.createdAt);
      /** @type {HTMLElement} */ (item.querySelector(".name")).textContent = commandName(row, t);
      /** @type {HTMLElement} */ (item.querySelector(".outcome")).textContent = outcomeText(row, t);
      const cause = /** @type {HTMLElement} */ (item.querySelector(".past-cause"));
      cause.textContent = causeText(row, explain);
      cause.hidden = !cause.textContent;
      /** @type {HTMLElement} */ (item.querySelector(".past-meta")).textContent = senderText(row, t);
      if (canCheck(row)) {
        item.append(checkButton(row, t, onCheck));
      }
      return item;
    });
    this.list.replaceChildren(...items);
    byId("recent-empty").hidden = rows.length > 0;
    if (focusedId) {
      const again = [...this.list.children].find((li) => /** @type {HTMLElement} */ (li).dataset.requestId === focusedId);
      /** @type {HTMLElement | null | undefined} */ (again?.querySelector("button"))?.focus();
    }
  }
}

/**
 * "Check now" for one journal row: disabled while the look-up is asked for.
 * @param {import("./ipc.js").HistoryRow} row
 * @param {(key: string, vars?: Record<string, string>) => string} t
 * @param {(row: import("./ipc.js").HistoryRow) => Promise<void>} onCheck
 */
export function checkButton(row, t, onCheck) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary small";
  button.dataset.action = "check";
  button.textContent = t("checkNow");
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = t("checking");
    try {
      await onCheck(row);
    } finally {
      button.disabled = false;
      button.textContent = t("checkNow");
    }
  });
  return button;
}
