// The command timeline: one entry per command sent, newest first, each step with its time.
import { clockTime, stepOutcome, stepText } from "./format.js";

/**
 * Adds an entry for a command and returns the function that appends its steps.
 * @param {HTMLElement} timeline
 * @param {string} title
 * @param {(key: string, vars?: Record<string, string>) => string} t
 */
export function addCommand(timeline, title, t) {
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById("command-entry"));
  const entry = /** @type {HTMLElement} */ (template.content.firstElementChild?.cloneNode(true));
  /** @type {HTMLElement} */ (entry.querySelector(".title")).textContent = title;
  const steps = /** @type {HTMLElement} */ (entry.querySelector(".steps"));
  timeline.prepend(entry);
  document.getElementById("timeline-empty")?.setAttribute("hidden", "");
  return {
    /** @param {any} progress a Progress value from Rust */
    step(progress) {
      const stepTemplate = /** @type {HTMLTemplateElement} */ (document.getElementById("step-entry"));
      const item = /** @type {HTMLElement} */ (stepTemplate.content.firstElementChild?.cloneNode(true));
      const time = /** @type {HTMLTimeElement} */ (item.querySelector("time"));
      time.dateTime = new Date(progress.at).toISOString();
      time.textContent = clockTime(progress.at);
      /** @type {HTMLElement} */ (item.querySelector(".text")).textContent = stepText(progress, t);
      item.dataset.type = progress.type;
      const outcome = stepOutcome(progress);
      if (outcome) {
        item.classList.add(outcome, "end");
        entry.dataset.outcome = outcome;
      }
      steps.append(item);
    },
    /** @param {string} message an error before anything was sent */
    error(message) {
      const item = document.createElement("li");
      item.className = "step end failure";
      item.textContent = message;
      entry.dataset.outcome = "failure";
      steps.append(item);
    },
  };
}
