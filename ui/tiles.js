// Where the map's tiles come from: Rust's `tiles` URI scheme (src-tauri/tiles.rs), which fetches
// them with the app's User-Agent and keeps them on disk for offline use.

/** The attribution the OpenStreetMap tile licence asks for (plain text: a link would navigate the app's window away). */
export const TILE_ATTRIBUTION = "© OpenStreetMap contributors";

/**
 * The Leaflet URL template of the tiles. A custom scheme is `tiles://localhost/...` in WebKit
 * (Linux, macOS) and `http://tiles.localhost/...` in WebView2 and on Android.
 * @param {string} userAgent
 */
export function tileUrlTemplate(userAgent) {
  const origin = /Windows|Android/.test(userAgent) ? "http://tiles.localhost" : "tiles://localhost";
  return `${origin}/{z}/{x}/{y}.png`;
}
