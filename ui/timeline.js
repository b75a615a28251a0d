// The command timeline: one entry per command sent (or checked again), newest first, each step
// with its time. A command still waiting to be sent has "Cancel sending"; one whose end is not
// known ("no answer yet", "no longer followed") has "Check now".
import { clockTime, describeStep, isFinalStep, stepOutcome } from "./format.js";

/** The steps after which "Check now" can tell more. */
const CHECKABLE = new Set(["unknown", "gaveUp"]);

/**
 * @typedef {{
 *   onCancel?: () => Promise<boolean>,
 *   onCheck?: () => Promise<void>,
 * }} EntryActions `onCancel` resolves whether the command was cancelled; `onCheck` looks it up
 *   again (its steps come back through `step`)
 */

/**
 * A small button of the entry's action row.
 * @param {string} text
 * @param {string} action
 */
function actionButton(text, action) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary small";
  button.dataset.action = action;
  button.textContent = text;
  return button;
}

/**
 * Prepares the entry of one command and returns the functions that append its steps. The entry
 * appears with its first step or error, so a command that is never sent (a confirmation
 * cancelled) leaves nothing in the timeline.
 * @param {HTMLElement} timeline
 * @param {string} title
 * @param {import("./explanations.js").Explain} explain
 * @param {(key: string, vars?: Record<string, string>) => string} t
 * @param {EntryActions} [actions]
 */
export function addCommand(timeline, title, explain, t, actions = {}) {
  /** @type {{entry: HTMLElement, steps: HTMLElement, buttons: HTMLElement} | null} */
  let shown = null;
  const show = () => {
    if (!shown) {
      const template = /** @type {HTMLTemplateElement} */ (document.getElementById("command-entry"));
      const entry = /** @type {HTMLElement} */ (template.content.firstElementChild?.cloneNode(true));
      /** @type {HTMLElement} */ (entry.querySelector(".title")).textContent = title;
      const buttons = document.createElement("div");
      buttons.className = "entry-actions";
      entry.append(buttons);
      timeline.prepend(entry);
      document.getElementById("timeline-empty")?.setAttribute("hidden", "");
      shown = { entry, steps: /** @type {HTMLElement} */ (entry.querySelector(".steps")), buttons };
    }
    return shown;
  };

  /** @param {string} text a line that is not a step from Rust (an answer of the page's own) */
  const note = (text) => {
    const { steps } = show();
    const item = document.createElement("li");
    item.className = "step note";
    item.textContent = text;
    steps.append(item);
  };

  /** @param {string} type the latest step's type: which actions still make sense */
  const offerActions = (type) => {
    const { buttons } = show();
    const cancel = buttons.querySelector('[data-action="cancel"]');
    const check = buttons.querySelector('[data-action="check"]');
    if (type !== "queued") {
      cancel?.remove();
    } else if (!cancel && actions.onCancel) {
      const onCancel = actions.onCancel;
      const button = actionButton(t("cancelSend"), "cancel");
      button.addEventListener("click", async () => {
        button.disabled = true;
        button.textContent = t("cancelling");
        try {
          if (!(await onCancel())) {
            note(t("cancelTooLate"));
          }
        } catch (error) {
          note(/** @type {{message?: string}} */ (error)?.message ?? String(error));
        }
        // A cancelled command ends "not sent" on its channel; either way there is no more to cancel.
        button.remove();
      });
      buttons.append(button);
    }
    if (!CHECKABLE.has(type)) {
      check?.remove();
    } else if (!check && actions.onCheck) {
      const onCheck = actions.onCheck;
      const button = actionButton(t("checkNow"), "check");
      button.addEventListener("click", async () => {
        button.disabled = true;
        button.textContent = t("checking");
        try {
          await onCheck();
          button.remove();
        } catch (error) {
          note(/** @type {{message?: string}} */ (error)?.message ?? String(error));
          button.disabled = false;
          button.textContent = t("checkNow");
        }
      });
      buttons.append(button);
    }
  };

  return {
    /** @param {import("./ipc.js").Progress} progress a step from Rust */
    step(progress) {
      const { entry, steps } = show();
      const stepTemplate = /** @type {HTMLTemplateElement} */ (document.getElementById("step-entry"));
      const item = /** @type {HTMLElement} */ (stepTemplate.content.firstElementChild?.cloneNode(true));
      const time = /** @type {HTMLTimeElement} */ (item.querySelector("time"));
      time.dateTime = new Date(progress.at).toISOString();
      time.textContent = clockTime(progress.at);
      const { line, hint } = describeStep(progress, explain, t);
      /** @type {HTMLElement} */ (item.querySelector(".text")).textContent = line;
      if (hint) {
        item.title = hint;
      }
      item.dataset.type = progress.type;
      if (isFinalStep(progress)) {
        const outcome = stepOutcome(progress);
        item.classList.add(outcome, "end");
        entry.dataset.outcome = outcome;
      } else if (entry.dataset.outcome === "unsettled") {
        // Checked again after it was given up: it is followed once more.
        delete entry.dataset.outcome;
      }
      steps.append(item);
      offerActions(progress.type);
    },
    /** @param {string} message an error before anything was sent */
    error(message) {
      const { entry, steps } = show();
      const item = document.createElement("li");
      item.className = "step end failure";
      item.textContent = message;
      entry.dataset.outcome = "failure";
      steps.append(item);
      offerActions("error");
    },
    note,
  };
}
