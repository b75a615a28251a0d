//! Map tiles: fetched in Rust with the app's User-Agent (the OSM tile policy wants one that names
//! the app, and a WebView sends no Referer), kept in a disk cache so the map still shows the areas
//! already seen when offline. The WebView asks for them through the `tiles` URI scheme.
//!
//! `scheme` answers the WebView's request, `id` reads which tile it names, and the `store`
//! serves it from the disk `cache` or fetches it from the `upstream` tile server, as the
//! `config` says.

mod cache;
mod config;
mod id;
mod scheme;
mod store;
mod upstream;

pub use scheme::SCHEME;
pub use store::TileStore;

#[cfg(test)]
mod tests;
