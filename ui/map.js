// The map: one marker per vehicle (clustered, so thousands stay readable), the selected vehicle
// highlighted, the vehicle finder's answer of the selected vehicle, and the route being planned
// (numbered, draggable points joined by a line). Tiles come through Rust (ui/tiles.js); where none
// load, markers sit on a plain background. Points come and go as `{latitude, longitude}`, the
// app's one point type; Leaflet's own `{lat, lng}` stays in this file.
import * as L from "./vendor/leaflet/leaflet-src.esm.js";
import { MarkerClusterGroup } from "./vendor/markercluster/markercluster.esm.js";
import { TILE_ATTRIBUTION, tileUrlTemplate } from "./tiles.js";

/**
 * Text for a tooltip or an icon: Leaflet puts a string in as HTML, and labels come from the
 * server (brand, model, VIN) or the user, so they go in as a text node.
 * @param {string} text
 * @param {string} [className]
 */
function textElement(text, className) {
  const span = document.createElement("span");
  span.textContent = text;
  if (className) {
    span.className = className;
  }
  return span;
}

/** @typedef {{latitude: number, longitude: number}} Point */
/** @typedef {{id: string, label: string, position: Point | null, attention?: string[]}} MapVehicle */

/**
 * Leaflet's pair for one of the app's points.
 * @param {Point} point
 * @returns {[number, number]}
 */
function latLng(point) {
  return [point.latitude, point.longitude];
}

/** Where the map looks before any vehicle is known: the middle of Europe. */
const EUROPE = /** @type {[number, number]} */ ([48.5, 6]);

/** @param {MapVehicle} vehicle */
function vehicleIcon(vehicle) {
  const attention = (vehicle.attention ?? []).length > 0 ? " attention" : "";
  return L.divIcon({ className: `vehicle-pin${attention}`, iconSize: [16, 16], html: "" });
}

/** A cluster's bubble: how many vehicles it holds, sized by that count. */
function clusterIcon(/** @type {any} */ cluster) {
  const count = cluster.getChildCount();
  const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
  const px = { small: 30, medium: 36, large: 44 }[size];
  return L.divIcon({
    className: `vehicle-cluster ${size}`,
    iconSize: [px, px],
    html: textElement(String(count)),
  });
}

export class FleetMap {
  /**
   * @param {HTMLElement} element
   * @param {{
   *   onSelect: (id: string) => void,
   *   onMapClick: (point: Point) => void,
   *   onRoutePointMoved: (index: number, point: Point) => void,
   *   onRoutePointClicked: (index: number) => void,
   *   onBoxEnd?: () => void,
   * }} handlers
   */
  constructor(element, handlers) {
    // Quarter zoom steps let the whole fleet fill the map instead of a third of it.
    this.map = L.map(element, { zoomControl: true, attributionControl: false, zoomSnap: 0.25 }).setView(EUROPE, 4);
    // No "Leaflet" prefix: it is a link, and following it would replace the app in its window.
    L.control.attribution({ prefix: false }).addTo(this.map);
    // A tile that fails (offline and not cached) stays empty: the markers remain usable on the
    // plain background.
    L.tileLayer(tileUrlTemplate(navigator.userAgent), { maxZoom: 19, attribution: TILE_ATTRIBUTION }).addTo(this.map);
    this.handlers = handlers;
    /** @type {Map<string, L.Marker>} */
    this.markers = new Map();
    /** @type {Map<string, string>} where each marker is, to move only those that moved */
    this.placed = new Map();
    /** @type {(() => void)[]} who waits for the markers being added in chunks */
    this.waiting = [];
    this.cluster = new MarkerClusterGroup({
      chunkedLoading: true,
      chunkProgress: (/** @type {number} */ processed, /** @type {number} */ total) => {
        if (processed >= total) {
          for (const resolve of this.waiting.splice(0)) {
            resolve();
          }
        }
      },
      showCoverageOnHover: false,
      maxClusterRadius: 48,
      iconCreateFunction: clusterIcon,
    }).addTo(this.map);
    this.selectedLayer = L.layerGroup().addTo(this.map);
    this.found = L.layerGroup().addTo(this.map);
    this.route = L.layerGroup().addTo(this.map);
    /** @type {string | null} */
    this.selectedId = null;
    /** The finder's last answer per vehicle: only the selected vehicle's is shown. */
    /** @type {Map<string, {position: Point, label: string}>} */
    this.foundBy = new Map();
    this.routeMode = false;
    this.framed = false;
    /** @type {(() => void) | null} ends the rectangle being drawn */
    this.boxEnd = null;
    this.map.on("click", (event) => {
      if (this.routeMode) {
        handlers.onMapClick({ latitude: event.latlng.lat, longitude: event.latlng.lng });
      }
    });
    /** Whether the person has moved or zoomed the map: until then it keeps the fleet framed. */
    this.touched = false;
    this.map.on("dragstart", () => {
      this.touched = true;
    });
    element.addEventListener("wheel", () => {
      this.touched = true;
    }, { passive: true });
    this.map.getContainer().querySelector(".leaflet-control-zoom")?.addEventListener("click", () => {
      this.touched = true;
    });
    // Leaflet measures its container once; the grid around it changes with the window.
    new ResizeObserver(() => {
      this.map.invalidateSize();
      if (!this.touched && this.framed) {
        this.frame();
      }
    }).observe(element);
  }

  /** Frames every vehicle that has a marker. */
  frame() {
    if (this.markers.size > 0) {
      const bounds = L.latLngBounds([...this.markers.values()].map((m) => m.getLatLng()));
      this.map.fitBounds(bounds, { padding: [24, 24] });
    }
  }

  /**
   * Puts (or moves) one marker per vehicle that has a position and removes those of vehicles
   * that are gone or lost their position; frames them all the first time. Resolves once the
   * clusters are drawn (they are added in chunks, so the page stays responsive).
   * @param {MapVehicle[]} vehicles
   * @param {boolean} [all] `vehicles` is the whole fleet (markers of others are removed)
   * @returns {Promise<void>}
   */
  showVehicles(vehicles, all = true) {
    const seen = new Set();
    /** @type {L.Marker[]} */
    const added = [];
    /** @type {L.Marker[]} */
    const removed = [];
    for (const vehicle of vehicles) {
      seen.add(vehicle.id);
      const where = vehicle.position ? `${vehicle.position.latitude},${vehicle.position.longitude}` : "";
      const marker = this.markers.get(vehicle.id);
      if (marker && this.placed.get(vehicle.id) === where) {
        if (marker.options.title !== vehicle.label) {
          marker.options.title = vehicle.label;
          marker.getElement()?.setAttribute("title", vehicle.label);
        }
        continue;
      }
      if (marker) {
        removed.push(marker);
        this.markers.delete(vehicle.id);
        this.placed.delete(vehicle.id);
      }
      if (!vehicle.position) {
        continue;
      }
      // The name as the marker's title (a plain attribute, never HTML): ten thousand Leaflet
      // tooltips would cost more to make than the markers themselves.
      const fresh = L.marker(latLng(vehicle.position), { icon: vehicleIcon(vehicle), keyboard: false, title: vehicle.label });
      fresh.on("click", () => this.handlers.onSelect(vehicle.id));
      this.markers.set(vehicle.id, fresh);
      this.placed.set(vehicle.id, where);
      added.push(fresh);
    }
    if (all) {
      for (const [id, marker] of this.markers) {
        if (!seen.has(id)) {
          removed.push(marker);
          this.markers.delete(id);
          this.placed.delete(id);
        }
      }
    }
    if (removed.length) {
      this.cluster.removeLayers(removed);
    }
    const drawn = new Promise((resolve) => {
      if (!added.length) {
        resolve(undefined);
        return;
      }
      this.waiting.push(() => resolve(undefined));
      this.cluster.addLayers(added);
    });
    if (!this.framed && this.markers.size > 0) {
      this.framed = true;
      this.frame();
    }
    this.highlight(this.selectedId, false);
    return drawn.then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
  }

  /** Forgets every marker (another backend's fleet is coming). */
  clear() {
    this.cluster.clearLayers();
    this.markers.clear();
    this.placed.clear();
    this.foundBy.clear();
    this.selectedLayer.clearLayers();
    this.found.clearLayers();
    this.framed = false;
  }

  /**
   * Highlights the selected vehicle with a marker of its own above the clusters, and shows its
   * finder answer (only its own).
   * @param {string | null} id
   * @param {boolean} [pan] bring it into view when it is outside
   */
  highlight(id, pan = true) {
    this.selectedId = id;
    this.selectedLayer.clearLayers();
    const marker = id ? this.markers.get(id) : undefined;
    if (marker) {
      const ring = L.marker(marker.getLatLng(), {
        icon: L.divIcon({ className: "vehicle-pin selected", iconSize: [22, 22], html: "" }),
        keyboard: false,
        zIndexOffset: 1000,
        interactive: false,
      });
      ring.addTo(this.selectedLayer);
      if (pan && !this.map.getBounds().contains(marker.getLatLng())) {
        this.map.panTo(marker.getLatLng());
      }
    }
    this.showFoundOf(id);
  }

  /**
   * Keeps where the vehicle finder found `vehicleId`, and shows it when that vehicle is selected.
   * @param {string} vehicleId
   * @param {Point} position
   * @param {string} label the marker's words: the vehicle and the time of the answer
   */
  showFound(vehicleId, position, label) {
    this.foundBy.set(vehicleId, { position, label });
    if (vehicleId === this.selectedId) {
      this.showFoundOf(vehicleId);
      this.map.panTo(latLng(position));
    }
  }

  /** @param {string | null} id */
  showFoundOf(id) {
    this.found.clearLayers();
    const found = id ? this.foundBy.get(id) : undefined;
    if (found) {
      L.marker(latLng(found.position), {
        icon: L.divIcon({ className: "found-pin", iconSize: [26, 26], html: "" }),
        keyboard: false,
        interactive: false,
      })
        .bindTooltip(textElement(found.label, "found-label"), { permanent: true, direction: "right" })
        .addTo(this.found);
    }
  }

  /**
   * Whether clicks on the map add route points (while the route planner is open).
   * @param {boolean} on
   */
  setRouteMode(on) {
    this.routeMode = on;
    this.map.getContainer().classList.toggle("route-mode", on);
  }

  /**
   * Draws the route: a line in its order, and one draggable point per stop, the first marked as
   * the start and the last as the destination.
   * @param {Point[]} points
   * @param {number | null} [selected] the point selected in the list
   */
  showRoute(points, selected = null) {
    this.route.clearLayers();
    if (points.length > 1) {
      L.polyline(points.map(latLng), { className: "route-line", weight: 3, interactive: false }).addTo(this.route);
    }
    points.forEach((point, index) => {
      const role = index === 0 ? "start" : index === points.length - 1 ? "destination" : "via";
      const marker = L.marker(latLng(point), {
        draggable: true,
        autoPan: true,
        keyboard: false,
        zIndexOffset: 2000,
        icon: L.divIcon({
          className: `route-pin ${role}${index === selected ? " selected" : ""}`,
          iconSize: [24, 24],
          html: textElement(String(index + 1)),
        }),
      });
      marker.getElement?.()?.setAttribute("data-index", String(index));
      marker.on("click", (event) => {
        L.DomEvent.stopPropagation(event);
        this.handlers.onRoutePointClicked(index);
      });
      marker.on("dragend", () => {
        const at = marker.getLatLng();
        this.handlers.onRoutePointMoved(index, { latitude: at.lat, longitude: at.lng });
      });
      marker.addTo(this.route);
      marker.getElement()?.setAttribute("data-index", String(index));
    });
  }

  /**
   * The screen position of a route point inside the map (for tests and keyboard users'
   * feedback), or null.
   * @param {Point} point
   */
  containerPoint(point) {
    const at = this.map.latLngToContainerPoint(latLng(point));
    return { x: at.x, y: at.y };
  }

  /**
   * Lets the next drag on the map draw a rectangle (over the markers, which do not react while
   * it is drawn) and calls `onBox` with its corners; Escape or `cancelBox` ends it without one.
   * @param {(box: {south: number, west: number, north: number, east: number}) => void} onBox
   */
  selectBox(onBox) {
    this.cancelBox();
    const container = this.map.getContainer();
    const layer = document.createElement("div");
    layer.className = "box-select";
    layer.setAttribute("data-box-select", "");
    const rect = document.createElement("div");
    rect.className = "box-select-rect";
    rect.hidden = true;
    layer.append(rect);
    container.append(layer);
    /** @type {{x: number, y: number} | null} */
    let start = null;
    /** @param {PointerEvent} event */
    const at = (event) => {
      const box = container.getBoundingClientRect();
      return { x: Math.max(0, Math.min(box.width, event.clientX - box.left)), y: Math.max(0, Math.min(box.height, event.clientY - box.top)) };
    };
    /** @param {{x: number, y: number}} a @param {{x: number, y: number}} b */
    const draw = (a, b) => {
      rect.hidden = false;
      rect.style.left = `${Math.min(a.x, b.x)}px`;
      rect.style.top = `${Math.min(a.y, b.y)}px`;
      rect.style.width = `${Math.abs(a.x - b.x)}px`;
      rect.style.height = `${Math.abs(a.y - b.y)}px`;
    };
    layer.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      event.stopPropagation();
      start = at(event);
      layer.setPointerCapture?.(event.pointerId);
      draw(start, start);
    });
    layer.addEventListener("pointermove", (event) => {
      if (start) {
        draw(start, at(event));
      }
    });
    layer.addEventListener("pointerup", (event) => {
      if (!start) {
        return;
      }
      const end = at(event);
      const from = start;
      start = null;
      this.cancelBox();
      if (Math.abs(end.x - from.x) < 4 && Math.abs(end.y - from.y) < 4) {
        return;
      }
      const a = this.map.containerPointToLatLng([from.x, from.y]);
      const b = this.map.containerPointToLatLng([end.x, end.y]);
      onBox({ south: Math.min(a.lat, b.lat), north: Math.max(a.lat, b.lat), west: Math.min(a.lng, b.lng), east: Math.max(a.lng, b.lng) });
    });
    /** @param {KeyboardEvent} event */
    const escape = (event) => {
      if (event.key === "Escape") {
        this.cancelBox();
      }
    };
    document.addEventListener("keydown", escape);
    this.boxEnd = () => {
      document.removeEventListener("keydown", escape);
      layer.remove();
      this.boxEnd = null;
      this.handlers.onBoxEnd?.();
    };
  }

  /** Ends a rectangle not drawn yet. */
  cancelBox() {
    this.boxEnd?.();
  }

  /**
   * Centres the map on a point.
   * @param {Point} point
   */
  focus(point) {
    this.map.panTo(latLng(point));
  }
}
