// Sending one command from the window: one press is one request id (Rust records it once and
// never sends it twice), the control stays held until its command has left (its "sent" step),
// ended, or failed to go, and at least as long as a double click, and a command Rust says needs a
// confirmation is sent again, confirmed, only if the person says yes.
import { sendWithConfirmation } from "./confirm.js";
import { confirmationWarning, errorMessage, isFinalStep } from "./format.js";
import * as ipc from "./ipc.js";
import { newRequestId } from "./journal.js";

/**
 * The least time a command control stays disabled after a press, even when its command has left
 * sooner: longer than a double click (GTK's default double-click time is 400 ms), so that the
 * second press of one is never a second command.
 */
export const DOUBLE_PRESS_MS = 600;

/** Which controls are held, by vehicle id: the action keys whose command is being sent. */
export class Holds {
  /** @param {() => void} onChange */
  constructor(onChange) {
    /** @type {Map<string, Set<string>>} */
    this.byVehicle = new Map();
    this.onChange = onChange;
  }

  /** @param {string} vehicleId */
  of(vehicleId) {
    return this.byVehicle.get(vehicleId) ?? new Set();
  }

  /**
   * Holds `key` of `vehicleId`; returns the function that lets it go (once), or `null` when it
   * is already held.
   * @param {string} vehicleId
   * @param {string} key
   */
  hold(vehicleId, key) {
    const keys = this.byVehicle.get(vehicleId) ?? new Set();
    if (keys.has(key)) {
      return null;
    }
    keys.add(key);
    this.byVehicle.set(vehicleId, keys);
    this.onChange();
    let held = true;
    return () => {
      if (held) {
        held = false;
        this.byVehicle.get(vehicleId)?.delete(key);
        this.onChange();
      }
    };
  }

  clear() {
    this.byVehicle.clear();
    this.onChange();
  }
}

/**
 * @typedef {{
 *   t: (key: string, vars?: Record<string, string>) => string,
 *   explain: ReturnType<typeof import("./explanations.js").explainer>,
 *   holds: Holds,
 *   entry: (requestId: string, command: string, vehicle: string) => any,
 *   onStep: (entry: any, progress: import("./ipc.js").Progress) => void,
 *   ask: (vehicleId: string, warning: string) => Promise<boolean>,
 *   onError: (error: unknown, message: string) => void,
 *   onRecorded: () => void,
 * }} SendContext
 */

/**
 * Sends one command to `vehicle` and follows it in a new timeline entry.
 * @param {SendContext} ctx
 * @param {{id: string, label: string}} vehicle
 * @param {string} key the control's action key (`lock`, `navigationSend`...)
 * @param {string} command the command's name, for the timeline
 * @param {Record<string, unknown>} input the CommandInput
 */
export async function sendCommand(ctx, vehicle, key, command, input) {
  const { t, holds } = ctx;
  // Before anything is awaited: a second click in the same moment finds the control held.
  let release = holds.hold(vehicle.id, key);
  if (!release) {
    return;
  }
  const pressedAt = Date.now();
  /** @param {boolean} [now] let go at once, even within a double press's time */
  const letGo = (now = false) => {
    const free = release;
    release = null;
    if (!free) {
      return;
    }
    // A POST on a near server is answered ("sent") faster than a double click's second press.
    const wait = now ? 0 : pressedAt + DOUBLE_PRESS_MS - Date.now();
    if (wait > 0) {
      setTimeout(free, wait);
    } else {
      free();
    }
  };
  const requestId = newRequestId();
  const entry = ctx.entry(requestId, command, vehicle.label);
  /** @param {import("./ipc.js").Progress} progress */
  const follow = (progress) => {
    ctx.onStep(entry, progress);
    if (progress.type === "sent" || isFinalStep(progress)) {
      letGo();
    }
  };
  /** @param {boolean} confirmed */
  const sendOnce = async (confirmed) => {
    const answer = await ipc.sendCommand(requestId, vehicle.id, vehicle.label, input, confirmed, follow);
    if (answer.existing) {
      // Recorded before under this id: nothing was sent now and no step follows.
      entry.note(t("alreadyRecorded"));
      letGo();
      ctx.onRecorded();
    }
    return answer;
  };
  /** @param {string} warning */
  const ask = async (warning) => {
    // Rust refused the unconfirmed press: nothing is being sent while the question is open
    // (a second press only asks the question again).
    letGo(true);
    const yes = await ctx.ask(vehicle.id, warning);
    if (yes) {
      release = holds.hold(vehicle.id, key);
    }
    return yes;
  };
  try {
    const outcome = await sendWithConfirmation(
      sendOnce,
      (error) => confirmationWarning(error, ctx.explain, vehicle.label),
      ask,
    );
    if (outcome === "cancelled") {
      // Nothing was sent, and the entry (shown only once a step comes) never appears.
      letGo();
    }
  } catch (error) {
    letGo();
    const message = errorMessage(error, t);
    entry.error(message);
    ctx.onError(error, message);
  }
  ctx.onRecorded();
}
