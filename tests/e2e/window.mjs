// What the end-to-end tests do in the driver's window, as a person would: pick a vehicle in the
// list, open a command's tab, fill its fields, press its controls, answer the confirmation, and
// wait for the command's end on the timeline.
import { waitFor } from "./webdriver.mjs";

/** The demo fleet's fixed traits (crates/stellantis-sim/src/fleet.rs, by index). */
export const DEMO = {
  EVERYTHING_SUPPORTED: 0,
  AWAKE_HYBRID: 1,
  ASLEEP_THERMIC: 2,
  NO_HORN_NO_LIGHTS: 4,
  DOORS_OPEN: 5,
  CHARGING: 12,
};

export class Window {
  /** @param {import("./webdriver.mjs").Session} session */
  constructor(session) {
    this.session = session;
  }

  /** @param {string} css */
  count(css) {
    return this.session.execute("return document.querySelectorAll(arguments[0]).length;", [css]);
  }

  /** @param {string} css @returns {Promise<string>} */
  text(css) {
    return this.session.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", [css]);
  }

  /** @param {string} css @returns {Promise<boolean>} */
  hidden(css) {
    return this.session.execute("const e = document.querySelector(arguments[0]); return !e || e.hidden || e.closest('[hidden]') !== null;", [css]);
  }

  /** @param {string} css @param {string} name */
  async property(css, name) {
    return (await this.session.find(css)).property(name);
  }

  /** Waits for the vehicle list, and returns how many vehicles it has. */
  async waitForFleet(timeoutMs = 90_000) {
    return waitFor(
      () => this.session.execute("const l = document.getElementById('vehicle-list'); return l && l.querySelector('[data-vehicle-id]') ? document.querySelector('#vehicles-status').textContent : '';"),
      "the vehicle list",
      timeoutMs,
    );
  }

  /**
   * Selects the demo vehicle at `index` of the fleet (scrolling the list to it), waits for its
   * capability, and returns the panel's heading (the vehicle's name).
   * @param {number} index
   */
  async select(index) {
    await this.waitForFleet();
    const row = `#vehicle-list [data-index="${index}"]`;
    await waitFor(
      async () => {
        await this.session.execute("const l = document.getElementById('vehicle-list'); l.scrollTop = Math.max(0, arguments[0] * 52 - 52);", [index]);
        // A pointer click where the row is: an element click would first scroll it into view,
        // and the list reuses its row elements for other vehicles as it scrolls.
        await this.session.clickAt(await this.session.find(row), 0, 0);
        return true;
      },
      `vehicle ${index} in the list`,
      30_000,
    );
    await waitFor(async () => (await this.property(row, "ariaSelected")) === "true", `vehicle ${index} to be selected`);
    await waitFor(async () => (await this.session.execute("return document.getElementById('vehicle-panel').dataset.capability;")) === "loaded", "the capability");
    return this.text("#vehicle-heading");
  }

  /**
   * Waits until the list holds exactly `n` vehicles and says so. Only the rows in view exist,
   * so the count is read from the list's own (aria-setsize) and its status line.
   * @param {number} n
   */
  async waitForVehicles(n, timeoutMs = 60_000) {
    return waitFor(
      () =>
        this.session.execute(
          `const row = document.querySelector("#vehicle-list [data-vehicle-id]");
           return row !== null && row.getAttribute("aria-setsize") === String(arguments[0])
             && document.getElementById("vehicles-status").textContent === arguments[0] + " vehicles";`,
          [n],
        ),
      `${n} vehicles in the list`,
      timeoutMs,
    );
  }

  /** Opens the Settings dialog (the account card is in it), unless it is open. */
  async openSettings() {
    if (!(await this.session.execute("return document.getElementById('settings').open;"))) {
      await (await this.session.find("#open-settings")).click();
      await waitFor(() => this.session.execute("return document.getElementById('settings').open;"), "the settings dialog");
    }
  }

  /** Closes the Settings dialog, if it is open, to go on with the fleet. */
  async closeSettings() {
    if (await this.session.execute("return document.getElementById('settings').open;")) {
      // The dialog scrolls: its Close button may be above what is in view.
      await this.session.execute("document.getElementById('close-settings').scrollIntoView({ block: 'nearest' });");
      await (await this.session.find("#close-settings")).click();
      await waitFor(async () => !(await this.session.execute("return document.getElementById('settings').open;")), "the settings dialog to close");
    }
  }

  /**
   * Types `text` into a field as a person would, in place of what it held.
   * @param {string} css
   * @param {string} text
   */
  async fill(css, text) {
    const input = await this.session.find(css);
    await input.clear();
    await input.type(text);
  }

  /**
   * Saves a client id and secret in the Settings dialog and waits for "Saved.".
   * @param {string} clientId
   * @param {string} secret
   */
  async saveCredentials(clientId, secret) {
    await this.openSettings();
    await this.fill("#client-id", clientId);
    await this.fill("#client-secret", secret);
    await (await this.session.find("#save-credentials")).click();
    await waitFor(async () => (await this.text("#credentials-status")).startsWith("Saved."), "the saved status");
  }

  /**
   * Waits for the account card's status to leave "Switching…": `{status}` ("Using…") or
   * `{error}` (the error line).
   * @returns {Promise<{status?: string, error?: string}>}
   */
  switchOutcome() {
    return waitFor(async () => {
      const error = await this.text("#credentials-error");
      if (error) {
        return { error };
      }
      const status = await this.text("#credentials-status");
      return status.startsWith("Using") ? { status } : null;
    }, "the switch to end", 60_000);
  }

  /**
   * Types the account's two URLs in the Settings dialog, presses "Use this account" and
   * returns the switch's outcome (see `switchOutcome`).
   * @param {string} base the API base URL
   * @param {string} token the token URL
   */
  async useAccount(base, token) {
    await this.openSettings();
    await this.fill("#api-base-url", base);
    await this.fill("#token-url", token);
    await (await this.session.find("#use-account")).click();
    return this.switchOutcome();
  }

  /** Presses "Back to demo fleet" in the Settings dialog and returns the switch's outcome. */
  async useDemo() {
    await this.openSettings();
    await (await this.session.find("#use-demo")).click();
    return this.switchOutcome();
  }

  /** Presses "Forget" in the Settings dialog and waits for "Forgotten.". */
  async forgetCredentials() {
    await this.openSettings();
    await (await this.session.find("#forget-credentials")).click();
    await waitFor(async () => (await this.text("#credentials-status")).startsWith("Forgotten."), "the forgotten status");
  }

  /** Opens the tab of `feature` in the panel. @param {string} feature */
  async openTab(feature) {
    await this.session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'nearest' });", [`#tab-${feature}`]);
    await (await this.session.find(`#tab-${feature}`)).click();
    await waitFor(async () => (await this.property(`#tab-${feature}`, "ariaSelected")) === "true", `the ${feature} tab`);
  }

  /**
   * Sets a form field as typing or choosing would (an input, a select, a checkbox), firing the
   * events a person's change fires.
   * @param {string} css
   * @param {string | boolean} value
   */
  async set(css, value) {
    const done = await this.session.execute(
      `const e = document.querySelector(arguments[0]);
       if (!e) { return false; }
       if (e.type === "checkbox" || e.type === "radio") { e.checked = arguments[1]; } else { e.value = arguments[1]; }
       e.dispatchEvent(new Event("input", { bubbles: true }));
       e.dispatchEvent(new Event("change", { bubbles: true }));
       return true;`,
      [css, value],
    );
    if (!done) {
      throw new Error(`no field ${css}`);
    }
  }

  /**
   * Presses the control `action` of the open form.
   * @param {string} action
   */
  async press(action) {
    const css = `[data-action="${action}"]`;
    await waitFor(async () => !(await this.property(`#vehicle-panel ${css}`, "disabled")), `${action} to be enabled`);
    await this.session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'nearest' });", [`#vehicle-panel ${css}`]);
    await (await this.session.find(`#vehicle-panel ${css}`)).click();
  }

  /**
   * Clicks an element, first brought into view inside whatever scrolls around it.
   * @param {string} css
   */
  async click(css) {
    await this.session.execute("document.querySelector(arguments[0])?.scrollIntoView({ block: 'nearest' });", [css]);
    await (await this.session.find(css)).click();
  }

  /** The number of commands on the timeline. */
  entries() {
    return this.count("#timeline .command");
  }

  /**
   * Waits for a new timeline entry after `before` and for its end; returns its title and steps.
   * @param {number} before the entry count before the press
   */
  async waitForEnd(before, timeoutMs = 90_000) {
    await waitFor(async () => (await this.entries()) > before, "a new timeline entry");
    await waitFor(async () => (await this.count("#timeline .command:first-child .step.end")) > 0, "the command's end", timeoutMs);
    return this.session.execute(
      `const entry = document.querySelector('#timeline .command:first-child');
       return { title: entry.querySelector('.title').textContent, outcome: entry.dataset.outcome,
                steps: [...entry.querySelectorAll('.step')].map((s) => s.textContent) };`,
    );
  }

  /** Answers the open confirmation: `yes` sends the command. Returns the question. */
  async confirm(yes = true) {
    await waitFor(async () => !(await this.hidden("#confirm-box")), "the confirmation");
    const question = await this.text("#confirm-text");
    await (await this.session.find(yes ? "#confirm-yes" : "#confirm-no")).click();
    return question;
  }

  /**
   * The box of each element, for layout checks.
   * @param {string[]} selectors
   * @returns {Promise<Record<string, {x: number, y: number, width: number, height: number} | null>>}
   */
  boxes(selectors) {
    return this.session.execute(
      `const out = {};
       for (const css of arguments[0]) {
         const e = document.querySelector(css);
         out[css] = e ? (({ x, y, width, height }) => ({ x, y, width, height }))(e.getBoundingClientRect()) : null;
       }
       return out;`,
      [selectors],
    );
  }
}
