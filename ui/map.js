// The map: one marker per vehicle, the vehicle finder's answers, and the route being planned.
// Tiles come through Rust (ui/tiles.js); where none load, markers sit on a plain background.
// Points come and go as `{latitude, longitude}`, the app's one point type; Leaflet's own
// `{lat, lng}` stays in this file.
import * as L from "./vendor/leaflet/leaflet-src.esm.js";
import { TILE_ATTRIBUTION, tileUrlTemplate } from "./tiles.js";

/**
 * Tooltip content as text: Leaflet puts a string tooltip in as HTML, and labels come from the
 * server (brand, model, VIN), so they go in as a text node.
 * @param {string} text
 */
function textContent(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}

/** @typedef {{latitude: number, longitude: number}} Point */

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

export class FleetMap {
  /**
   * @param {HTMLElement} element
   * @param {{onSelect: (id: string) => void, onMapClick: (point: Point) => void}} handlers
   */
  constructor(element, handlers) {
    // Quarter zoom steps let the whole fleet fill the map instead of a third of it.
    this.map = L.map(element, { zoomControl: true, attributionControl: false, zoomSnap: 0.25 }).setView(EUROPE, 4);
    // No "Leaflet" prefix: it is a link, and following it would replace the app in its window.
    L.control.attribution({ prefix: false }).addTo(this.map);
    // A tile that fails (offline and not cached) stays empty: the markers remain usable on the
    // plain background.
    L.tileLayer(tileUrlTemplate(navigator.userAgent), { maxZoom: 19, attribution: TILE_ATTRIBUTION }).addTo(this.map);
    /** @type {Map<string, L.CircleMarker>} */
    this.markers = new Map();
    this.found = L.layerGroup().addTo(this.map);
    this.route = L.layerGroup().addTo(this.map);
    this.map.on("click", (event) =>
      handlers.onMapClick({ latitude: event.latlng.lat, longitude: event.latlng.lng }),
    );
    this.onSelect = handlers.onSelect;
    // Leaflet measures its container once; the grid around it changes with the window.
    new ResizeObserver(() => this.map.invalidateSize()).observe(element);
  }

  /**
   * Puts one marker per vehicle that has a position, and frames them all the first time.
   * @param {{id: string, label: string, position: Point | null}[]} vehicles
   */
  showVehicles(vehicles) {
    const first = this.markers.size === 0;
    for (const marker of this.markers.values()) {
      marker.remove();
    }
    this.markers.clear();
    for (const vehicle of vehicles) {
      if (!vehicle.position) {
        continue;
      }
      const marker = L.circleMarker(latLng(vehicle.position), {
        radius: 7,
        className: "vehicle-marker",
        weight: 2,
      })
        .bindTooltip(textContent(vehicle.label))
        .addTo(this.map);
      marker.on("click", (event) => {
        L.DomEvent.stopPropagation(event);
        this.onSelect(vehicle.id);
      });
      this.markers.set(vehicle.id, marker);
    }
    if (first && this.markers.size > 0) {
      const bounds = L.latLngBounds([...this.markers.values()].map((m) => m.getLatLng()));
      this.map.fitBounds(bounds, { padding: [24, 24] });
    }
  }

  /** @param {string | null} id */
  highlight(id) {
    for (const [vehicleId, marker] of this.markers) {
      const selected = vehicleId === id;
      marker.setStyle({ className: "vehicle-marker", radius: selected ? 10 : 7 });
      marker.getElement()?.classList.toggle("selected", selected);
      if (selected) {
        marker.bringToFront();
        this.map.panTo(marker.getLatLng());
      }
    }
  }

  /**
   * Marks where the vehicle finder found a vehicle.
   * @param {Point} position
   * @param {string} label
   */
  showFound(position, label) {
    this.found.clearLayers();
    L.circleMarker(latLng(position), { radius: 12, className: "found-marker", weight: 3 })
      .bindTooltip(textContent(label), { permanent: true })
      .addTo(this.found);
    this.map.panTo(latLng(position));
  }

  /** @param {Point[]} points */
  showRoute(points) {
    this.route.clearLayers();
    if (points.length > 1) {
      L.polyline(points.map(latLng), { className: "route-line", weight: 3 }).addTo(this.route);
    }
    points.forEach((point, index) => {
      L.circleMarker(latLng(point), { radius: 6, className: "route-point", weight: 2 })
        .bindTooltip(textContent(String(index + 1)), { permanent: true, direction: "top" })
        .addTo(this.route);
    });
  }
}
