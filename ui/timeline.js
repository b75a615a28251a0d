// The command timeline: one entry per command sent, newest first, each step with its time.
import { clockTime, describeStep, isFinalStep, stepOutcome } from "./format.js";

/**
 * Prepares the entry of one command and returns the functions that append its steps. The entry
 * appears with its first step or error, so a command that is never sent (a confirmation
 * cancelled) leaves nothing in the timeline.
 * @param {HTMLElement} timeline
 * @param {string} title
 * @param {import("./explanations.js").Explain} explain
 * @param {(key: string, vars?: Record<string, string>) => string} t
 */
export function addCommand(timeline, title, explain, t) {
  /** @type {{entry: HTMLElement, steps: HTMLElement} | null} */
  let shown = null;
  const show = () => {
    if (!shown) {
      const template = /** @type {HTMLTemplateElement} */ (document.getElementById("command-entry"));
      const entry = /** @type {HTMLElement} */ (template.content.firstElementChild?.cloneNode(true));
      /** @type {HTMLElement} */ (entry.querySelector(".title")).textContent = title;
      timeline.prepend(entry);
      document.getElementById("timeline-empty")?.setAttribute("hidden", "");
      shown = { entry, steps: /** @type {HTMLElement} */ (entry.querySelector(".steps")) };
    }
    return shown;
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
      }
      steps.append(item);
    },
    /** @param {string} message an error before anything was sent */
    error(message) {
      const { entry, steps } = show();
      const item = document.createElement("li");
      item.className = "step end failure";
      item.textContent = message;
      entry.dataset.outcome = "failure";
      steps.append(item);
    },
  };
}
