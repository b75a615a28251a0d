// Confirmations: Rust decides which commands need one. A command is always sent unconfirmed
// first; when Rust refuses it until it is confirmed, the confirm box shows Rust's warning, and
// only "Yes" sends the same command again, confirmed.

/**
 * Sends once unconfirmed; if `warningOf` finds a confirmation request in the refusal, asks with
 * that warning and, on yes, sends again confirmed. Resolves "sent" or "cancelled" (nothing was
 * sent); rejects with the error of a send that failed for any other reason.
 * @param {(confirmed: boolean) => Promise<unknown>} send
 * @param {(error: unknown) => string | null} warningOf the warning to show, or `null` when the
 *   error is not a confirmation request
 * @param {(warning: string) => Promise<boolean>} ask
 * @returns {Promise<"sent" | "cancelled">}
 */
export async function sendWithConfirmation(send, warningOf, ask) {
  try {
    await send(false);
    return "sent";
  } catch (error) {
    const warning = warningOf(error);
    if (warning === null) {
      throw error;
    }
    if (!(await ask(warning))) {
      return "cancelled";
    }
  }
  await send(true);
  return "sent";
}

/** The confirm box of the vehicle panel: one question at a time, answered by Yes or Cancel. */
export class ConfirmBox {
  /**
   * @param {{box: HTMLElement, text: HTMLElement, yes: HTMLElement, no: HTMLElement}} elements
   */
  constructor(elements) {
    this.elements = elements;
    /** @type {((yes: boolean) => void) | null} */
    this.answer = null;
    /** @type {HTMLElement | null} where the focus goes back to once answered */
    this.returnFocus = null;
    elements.yes.addEventListener("click", () => this.close(true));
    elements.no.addEventListener("click", () => this.close(false));
  }

  /**
   * Shows `text` and resolves with the answer; a question still open is answered "no".
   * @param {string} text
   * @returns {Promise<boolean>}
   */
  ask(text) {
    this.close(false);
    const active = document.activeElement;
    this.returnFocus = active instanceof HTMLElement ? active : null;
    this.elements.text.textContent = text;
    this.elements.box.hidden = false;
    this.elements.no.focus();
    return new Promise((resolve) => {
      this.answer = resolve;
    });
  }

  /** Hides the box; an open question is answered "no" (another vehicle chosen, backend switched). */
  dismiss() {
    this.close(false);
  }

  /** @param {boolean} yes */
  close(yes) {
    const answer = this.answer;
    if (!answer) {
      return;
    }
    this.answer = null;
    // Back to the button that asked, unless the focus has moved on elsewhere meanwhile.
    const focusInBox = this.elements.box.contains(document.activeElement);
    this.elements.box.hidden = true;
    if (focusInBox && this.returnFocus?.isConnected) {
      this.returnFocus.focus();
    }
    this.returnFocus = null;
    answer(yes);
  }
}
