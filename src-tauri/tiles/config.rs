//! How the tile store behaves: the upstream URL, how long a tile stays fresh, the cache's bound,
//! and how gently upstream is asked.

use std::time::Duration;

/// Overrides the upstream tile URL template (a settings store comes later).
pub const TILE_URL_VAR: &str = "CAR_REMOTE_TILE_URL";

/// OpenStreetMap's standard tile layer.
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/// How the store behaves; `Default` is what the app uses.
#[derive(Debug, Clone)]
pub struct TileConfig {
    /// The upstream URL with `{z}`, `{x}` and `{y}` placeholders.
    pub url_template: String,
    /// A cached tile younger than this is served without asking upstream (OSM asks for at least 7 days).
    pub max_age: Duration,
    /// The cache is trimmed, oldest tiles first, when it grows beyond this many bytes.
    pub max_cache_bytes: u64,
    /// At most this many upstream requests at once (the OSM policy asks for few).
    pub max_concurrent_fetches: usize,
    /// The whole upstream request, connection included, must finish within this.
    pub timeout: Duration,
    /// After the network failed, upstream is not asked again for this long, so that an offline
    /// map answers at once instead of queueing one timeout per tile.
    pub offline_backoff: Duration,
}

impl Default for TileConfig {
    fn default() -> Self {
        Self {
            url_template: DEFAULT_TILE_URL.into(),
            max_age: Duration::from_secs(7 * 24 * 3600),
            max_cache_bytes: 200 * 1024 * 1024,
            max_concurrent_fetches: 2,
            timeout: Duration::from_secs(10),
            offline_backoff: Duration::from_secs(10),
        }
    }
}
