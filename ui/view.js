// Writes to the DOM. Data only ever goes through textContent, never innerHTML.

/**
 * Fills every element that has a `data-text` key with its translation.
 * @param {ParentNode} root
 * @param {(key: string) => string} t
 */
export function applyTexts(root, t) {
  for (const element of root.querySelectorAll("[data-text]")) {
    element.textContent = t(element.getAttribute("data-text") ?? "");
  }
  for (const element of root.querySelectorAll("[data-title]")) {
    element.setAttribute("title", t(element.getAttribute("data-title") ?? ""));
  }
  for (const element of root.querySelectorAll("[data-placeholder]")) {
    element.setAttribute("placeholder", t(element.getAttribute("data-placeholder") ?? ""));
  }
  for (const element of root.querySelectorAll("[data-label]")) {
    element.setAttribute("aria-label", t(element.getAttribute("data-label") ?? ""));
  }
}

/**
 * Shows a status line and hides the error line.
 * @param {string} text
 */
export function showStatus(text) {
  const status = byId("credentials-status");
  status.textContent = text;
  const error = byId("credentials-error");
  error.textContent = "";
  error.hidden = true;
  // The answer to a button at the foot of the settings must not sit out of sight.
  if (text) {
    status.scrollIntoView?.({ block: "nearest" });
  }
}

/**
 * Shows an error line (the status line keeps what was last known).
 * @param {string} text
 */
export function showError(text) {
  const error = byId("credentials-error");
  error.textContent = text;
  error.hidden = false;
  error.scrollIntoView?.({ block: "nearest" });
}

/**
 * Disables the form's buttons while a call is running.
 * @param {boolean} busy
 */
export function setBusy(busy) {
  for (const button of document.querySelectorAll("#credentials-form button, #backend-form button")) {
    /** @type {HTMLButtonElement} */ (button).disabled = busy;
  }
  document.body.toggleAttribute("aria-busy", busy);
}

/** @param {string} id */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`missing element #${id}`);
  }
  return element;
}
