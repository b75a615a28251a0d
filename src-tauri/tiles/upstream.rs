//! The upstream tile server: asked with the app's User-Agent, a few requests at a time, and not
//! at all for a while after the network failed.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, SemaphorePermit};

use super::config::TileConfig;
use super::id::TileId;
use crate::error::Error;

/// The User-Agent of every tile request: the app, its version and where to reach its authors.
pub const USER_AGENT: &str = concat!(
    "CarRemote/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/car-remote/car-remote)"
);

/// A tile body larger than this is not a map tile.
const MAX_TILE_BYTES: usize = 2 * 1024 * 1024;

/// The tile server of one URL template.
pub(super) struct Upstream {
    /// The URL with `{z}`, `{x}` and `{y}` placeholders.
    url_template: String,
    /// Sends the app's User-Agent and gives up after the configured timeout.
    client: reqwest::Client,
    /// Bounds the requests in flight at once (the OSM policy asks for few).
    fetches: Semaphore,
    /// Until when upstream is considered unreachable.
    offline_until: Mutex<Option<Instant>>,
    /// How long upstream is left alone after the network failed.
    offline_backoff: Duration,
}

impl Upstream {
    /// The tile server `config` names.
    pub(super) fn new(config: &TileConfig) -> Result<Self, Error> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| Error::Internal(format!("tile HTTP client: {e}")))?;
        Ok(Self {
            url_template: config.url_template.clone(),
            client,
            fetches: Semaphore::new(config.max_concurrent_fetches.max(1)),
            offline_until: Mutex::new(None),
            offline_backoff: config.offline_backoff,
        })
    }

    /// Waits for a turn among the requests allowed at once; the turn ends when the permit drops.
    pub(super) async fn turn(&self) -> Result<SemaphorePermit<'_>, Error> {
        self.fetches
            .acquire()
            .await
            .map_err(|e| Error::Internal(format!("tile fetch limiter: {e}")))
    }

    /// The tile's bytes from upstream; `TileUnavailable` when it cannot be had.
    pub(super) async fn get(&self, id: TileId) -> Result<Vec<u8>, Error> {
        let url = self.url_of(id);
        let unavailable = |reason: String| Error::TileUnavailable(reason);
        let response = match self.client.get(&url).send().await {
            Ok(response) => response,
            Err(error) => {
                if error.is_connect() || error.is_timeout() {
                    self.went_offline();
                }
                return Err(unavailable(format!("{url}: {error}")));
            }
        };
        let status = response.status();
        if !status.is_success() {
            return Err(unavailable(format!("{url} answered {status}")));
        }
        let bytes = response.bytes().await.map_err(|e| {
            if e.is_timeout() {
                self.went_offline();
            }
            unavailable(format!("{url}: {e}"))
        })?;
        if bytes.is_empty() || bytes.len() > MAX_TILE_BYTES {
            return Err(unavailable(format!(
                "{url} sent {} bytes, not a tile",
                bytes.len()
            )));
        }
        Ok(bytes.to_vec())
    }

    /// `TileUnavailable` while the network is known to be down.
    pub(super) fn check_online(&self) -> Result<(), Error> {
        let until = *self
            .offline_until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match until {
            Some(until) if Instant::now() < until => Err(Error::TileUnavailable(
                "the tile server was unreachable a moment ago".into(),
            )),
            _ => Ok(()),
        }
    }

    /// Leaves upstream alone for the back-off, so that an offline map answers at once.
    fn went_offline(&self) {
        *self
            .offline_until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some(Instant::now() + self.offline_backoff);
    }

    /// The tile's upstream URL.
    pub(super) fn url_of(&self, id: TileId) -> String {
        self.url_template
            .replace("{z}", &id.z.to_string())
            .replace("{x}", &id.x.to_string())
            .replace("{y}", &id.y.to_string())
    }
}
