// The vehicle list: one button per vehicle; arrow keys move between them.

/**
 * Renders the list, keeping `selectedId` marked.
 * @param {HTMLElement} list
 * @param {any[]} vehicles VehicleSummary values from Rust
 * @param {string | null} selectedId
 * @param {(key: string, vars?: Record<string, string>) => string} t
 * @param {(id: string) => void} onSelect
 */
export function renderVehicleList(list, vehicles, selectedId, t, onSelect) {
  const existing = /** @type {HTMLButtonElement[]} */ ([...list.querySelectorAll("button.vehicle")]);
  const sameVehicles =
    existing.length === vehicles.length && existing.every((button, i) => button.dataset.vehicleId === vehicles[i].id);
  if (!sameVehicles) {
    const template = /** @type {HTMLTemplateElement} */ (document.getElementById("vehicle-item"));
    list.replaceChildren(
      ...vehicles.map((vehicle) => {
        const item = /** @type {HTMLElement} */ (template.content.firstElementChild?.cloneNode(true));
        const button = /** @type {HTMLButtonElement} */ (item.querySelector("button"));
        button.dataset.vehicleId = vehicle.id;
        button.addEventListener("click", () => onSelect(vehicle.id));
        button.addEventListener("keydown", (event) => moveFocus(list, button, event));
        return item;
      }),
    );
  }
  // Refreshes update the buttons in place, so focus and pending clicks stay where they are.
  const buttons = /** @type {HTMLButtonElement[]} */ ([...list.querySelectorAll("button.vehicle")]);
  buttons.forEach((button, i) => {
    const vehicle = vehicles[i];
    /** @type {HTMLElement} */ (button.querySelector(".name")).textContent = vehicle.label;
    const meta = [t(`energy_${vehicle.energy}`)];
    if (vehicle.lock) {
      meta.push(t(`lock_${vehicle.lock}`));
    }
    /** @type {HTMLElement} */ (button.querySelector(".meta")).textContent = meta.join(" · ");
    button.setAttribute("aria-pressed", String(vehicle.id === selectedId));
  });
}

/**
 * Up/Down/Home/End move the focus between vehicles; Enter and Space select (native buttons).
 * @param {HTMLElement} list
 * @param {HTMLButtonElement} from
 * @param {KeyboardEvent} event
 */
function moveFocus(list, from, event) {
  const buttons = /** @type {HTMLButtonElement[]} */ ([...list.querySelectorAll("button.vehicle")]);
  const index = buttons.indexOf(from);
  const target = {
    ArrowDown: buttons[index + 1],
    ArrowUp: buttons[index - 1],
    Home: buttons[0],
    End: buttons[buttons.length - 1],
  }[event.key];
  if (target) {
    event.preventDefault();
    target.focus();
  }
}
