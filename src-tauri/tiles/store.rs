//! The tile store: a fresh cached tile, else one fetched from upstream (and cached), else a
//! stale cached copy.

use std::path::Path;
use std::time::Duration;

use super::cache::{DiskCache, read_cached};
use super::config::{DEFAULT_TILE_URL, TILE_URL_VAR, TileConfig};
use super::id::TileId;
use super::upstream::Upstream;
use crate::error::Error;

/// Tiles from the disk cache, else from upstream; the logic behind the `tiles` scheme.
pub struct TileStore {
    /// A cached tile younger than this is served without asking upstream.
    max_age: Duration,
    /// Where tiles are kept between runs.
    pub(super) cache: DiskCache,
    /// Where tiles come from.
    pub(super) upstream: Upstream,
}

impl TileStore {
    /// A store caching under `cache_root`.
    pub fn new(cache_root: &Path, config: TileConfig) -> Result<Self, Error> {
        let upstream = Upstream::new(&config)?;
        Ok(Self {
            max_age: config.max_age,
            cache: DiskCache::new(cache_root, &config.url_template, config.max_cache_bytes),
            upstream,
        })
    }

    /// The store the app uses: `CAR_REMOTE_TILE_URL` or OpenStreetMap, cached under `cache_root`.
    pub fn from_env(cache_root: &Path) -> Result<Self, Error> {
        let url_template = std::env::var(TILE_URL_VAR)
            .ok()
            .filter(|url| !url.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_TILE_URL.into());
        Self::new(
            cache_root,
            TileConfig {
                url_template,
                ..TileConfig::default()
            },
        )
    }

    /// The tile's image bytes: from the cache when fresh, else from upstream, else a stale cached
    /// copy; `TileUnavailable` when there is none.
    pub async fn tile(&self, id: TileId) -> Result<Vec<u8>, Error> {
        let path = self.cache.path_of(id);
        let cached = read_cached(path.clone()).await;
        if let Some((bytes, age)) = &cached
            && *age < self.max_age
        {
            return Ok(bytes.clone());
        }
        match self.fetch(id, &path).await {
            Ok(bytes) => Ok(bytes),
            // Stale while offline: an old tile beats a grey square.
            Err(error) => cached.map(|(bytes, _)| bytes).ok_or(error),
        }
    }

    /// Upstream's copy of the tile, cached on the way; asks upstream only in its turn.
    async fn fetch(&self, id: TileId, path: &Path) -> Result<Vec<u8>, Error> {
        self.upstream.check_online()?;
        let _permit = self.upstream.turn().await?;
        // Another request may have fetched this tile while this one waited for its turn.
        if let Some((bytes, age)) = read_cached(path.to_path_buf()).await
            && age < self.max_age
        {
            return Ok(bytes);
        }
        self.upstream.check_online()?;
        let bytes = self.upstream.get(id).await?;
        self.cache.store(path, &bytes).await;
        Ok(bytes)
    }
}
