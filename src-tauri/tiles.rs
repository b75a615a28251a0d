//! Map tiles: fetched in Rust with the app's User-Agent (the OSM tile policy wants one that names
//! the app, and a WebView sends no Referer), kept in a disk cache so the map still shows the areas
//! already seen when offline. The WebView asks for them through the `tiles` URI scheme.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use tauri::http::{Response, StatusCode, header};
use tokio::sync::Semaphore;

use crate::error::Error;

/// The URI scheme the WebView loads tiles from (`tiles://localhost/{z}/{x}/{y}.png` on Linux and
/// macOS, `http://tiles.localhost/{z}/{x}/{y}.png` on Windows).
pub const SCHEME: &str = "tiles";

/// Overrides the upstream tile URL template (a settings store comes later).
pub const TILE_URL_VAR: &str = "CAR_REMOTE_TILE_URL";

/// OpenStreetMap's standard tile layer.
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/// The highest zoom level served (OpenStreetMap's standard layer stops at 19).
pub const MAX_ZOOM: u8 = 19;

/// The User-Agent of every tile request: the app, its version and where to reach its authors.
pub const USER_AGENT: &str = concat!(
    "CarRemote/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/car-remote/car-remote)"
);

/// A tile body larger than this is not a map tile.
const MAX_TILE_BYTES: usize = 2 * 1024 * 1024;

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

/// Where a tile sits on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileId {
    /// Zoom level, 0..=19.
    pub z: u8,
    /// Column, below 2^z.
    pub x: u32,
    /// Row, below 2^z.
    pub y: u32,
}

impl TileId {
    /// Reads `/{z}/{x}/{y}.png` (the path of a `tiles:` URL) and checks the numbers.
    pub fn parse(path: &str) -> Result<Self, Error> {
        let invalid = |reason: String| Error::InvalidInput {
            field: "tile",
            reason,
        };
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let [z, x, y] = parts.as_slice() else {
            return Err(invalid(format!("{path:?} is not /z/x/y.png")));
        };
        let Some(y) = y.strip_suffix(".png") else {
            return Err(invalid(format!("{path:?} does not end in .png")));
        };
        let number = |text: &str| -> Result<u32, Error> {
            // Only plain digits: no signs, spaces or other forms `parse` would also accept.
            if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(format!(
                    "{text:?} in {path:?} is not a tile number"
                )));
            }
            text.parse()
                .map_err(|_| invalid(format!("{text:?} in {path:?} is not a tile number")))
        };
        let z = number(z)?;
        if z > u32::from(MAX_ZOOM) {
            return Err(invalid(format!("zoom {z} is above {MAX_ZOOM}")));
        }
        let side = 1u32 << z;
        let (x, y) = (number(x)?, number(y)?);
        if x >= side || y >= side {
            return Err(invalid(format!("x and y must be below {side} at zoom {z}")));
        }
        Ok(Self { z: z as u8, x, y })
    }
}

/// Tiles from the disk cache, else from upstream; the logic behind the `tiles` scheme.
pub struct TileStore {
    config: TileConfig,
    /// The cache folder of this tile URL (another URL gets another folder).
    dir: PathBuf,
    client: reqwest::Client,
    fetches: Semaphore,
    /// Until when upstream is considered unreachable.
    offline_until: Mutex<Option<Instant>>,
    /// The cache's size in bytes as last counted plus what was written since; `None` before
    /// the first count. The folder is scanned only when this passes the bound.
    cache_bytes: Arc<Mutex<Option<u64>>>,
}

impl TileStore {
    /// A store caching under `cache_root`.
    pub fn new(cache_root: &Path, config: TileConfig) -> Result<Self, Error> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| Error::Internal(format!("tile HTTP client: {e}")))?;
        let dir = cache_root.join(format!("{:016x}", fnv1a(config.url_template.as_bytes())));
        Ok(Self {
            fetches: Semaphore::new(config.max_concurrent_fetches.max(1)),
            config,
            dir,
            client,
            offline_until: Mutex::new(None),
            cache_bytes: Arc::new(Mutex::new(None)),
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
        let path = self.path_of(id);
        let cached = read_cached(path.clone()).await;
        if let Some((bytes, age)) = &cached
            && *age < self.config.max_age
        {
            return Ok(bytes.clone());
        }
        match self.fetch(id, &path).await {
            Ok(bytes) => Ok(bytes),
            // Stale while offline: an old tile beats a grey square.
            Err(error) => cached.map(|(bytes, _)| bytes).ok_or(error),
        }
    }

    async fn fetch(&self, id: TileId, path: &Path) -> Result<Vec<u8>, Error> {
        self.check_online()?;
        let _permit = self
            .fetches
            .acquire()
            .await
            .map_err(|e| Error::Internal(format!("tile fetch limiter: {e}")))?;
        // Another request may have fetched this tile while this one waited for its turn.
        if let Some((bytes, age)) = read_cached(path.to_path_buf()).await
            && age < self.config.max_age
        {
            return Ok(bytes);
        }
        self.check_online()?;
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
        let bytes = bytes.to_vec();
        self.store(path, &bytes).await;
        Ok(bytes)
    }

    fn check_online(&self) -> Result<(), Error> {
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

    fn went_offline(&self) {
        *self
            .offline_until
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some(Instant::now() + self.config.offline_backoff);
    }

    /// Writes the tile atomically (a reader never sees half a file), then keeps the cache
    /// within its bound. A cache that cannot be written only costs a refetch later.
    async fn store(&self, path: &Path, bytes: &[u8]) {
        let path = path.to_path_buf();
        let bytes = bytes.to_vec();
        let dir = self.dir.clone();
        let bound = self.config.max_cache_bytes;
        let cache_bytes = Arc::clone(&self.cache_bytes);
        // File work never runs on the async threads; the count's lock serialises the scans.
        let _ = tokio::task::spawn_blocking(move || {
            if write_atomically(&path, &bytes).is_err() {
                return;
            }
            let mut counted = cache_bytes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let len = bytes.len() as u64;
            match *counted {
                Some(total) if total + len <= bound => *counted = Some(total + len),
                _ => *counted = Some(trim(&dir, bound)),
            }
        })
        .await;
    }

    fn path_of(&self, id: TileId) -> PathBuf {
        self.dir
            .join(id.z.to_string())
            .join(id.x.to_string())
            .join(format!("{}.tile", id.y))
    }

    fn url_of(&self, id: TileId) -> String {
        self.config
            .url_template
            .replace("{z}", &id.z.to_string())
            .replace("{x}", &id.x.to_string())
            .replace("{y}", &id.y.to_string())
    }

    /// The answer to one `tiles:` request: the image, 400 for a path that is not a tile, 504
    /// when the tile is neither cached nor reachable.
    pub async fn respond(&self, path: &str) -> Response<Vec<u8>> {
        let result = match TileId::parse(path) {
            Ok(id) => self.tile(id).await,
            Err(error) => Err(error),
        };
        let (status, content_type, body, cache) = match result {
            Ok(bytes) => (StatusCode::OK, image_type(&bytes), bytes, "max-age=86400"),
            Err(error) => {
                let status = match error {
                    Error::InvalidInput { .. } => StatusCode::BAD_REQUEST,
                    _ => StatusCode::GATEWAY_TIMEOUT,
                };
                (
                    status,
                    "text/plain",
                    error.to_string().into_bytes(),
                    "no-store",
                )
            }
        };
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CACHE_CONTROL, cache)
            .body(body)
            .unwrap_or_else(|_| Response::new(Vec::new()))
    }
}

/// The cached bytes and their age, if the tile is on disk.
async fn read_cached(path: PathBuf) -> Option<(Vec<u8>, Duration)> {
    tokio::task::spawn_blocking(move || {
        let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
        let bytes = std::fs::read(&path).ok()?;
        // A clock set back makes the tile look new: harmless, it is refetched later.
        let age = SystemTime::now()
            .duration_since(modified)
            .unwrap_or_default();
        Some((bytes, age))
    })
    .await
    .ok()
    .flatten()
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("tile path has no folder"))?;
    std::fs::create_dir_all(dir)?;
    // Unique per writer, so two requests for one tile never write into the same temp file.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{}.{n}.tmp", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Removes the oldest tiles until the folder holds at most 90 % of `bound` bytes (the margin
/// keeps every following write from scanning again); returns the bytes left.
fn trim(dir: &Path, bound: u64) -> u64 {
    let mut files = Vec::new();
    let mut total = 0u64;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                total += meta.len();
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                files.push((modified, meta.len(), entry.path()));
            }
        }
    }
    if total <= bound {
        return total;
    }
    files.sort_by_key(|(modified, _, _)| *modified);
    let target = bound / 10 * 9;
    for (_, len, path) in files {
        if total <= target {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
    total
}

/// PNG, JPEG or WebP by their first bytes; tile servers send one of these.
fn image_type(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else {
        "image/png"
    }
}

/// FNV-1a: a stable name for the cache folder of a tile URL (std's hasher may change between
/// Rust releases, which would orphan the cache).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::extract::{Path as UrlPath, State};
    use axum::http::HeaderMap;
    use axum::routing::get;

    /// The smallest valid PNG: one transparent pixel.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    #[derive(Clone, Default)]
    struct Upstream {
        requests: Arc<AtomicUsize>,
        bad_agents: Arc<AtomicUsize>,
        in_flight: Arc<AtomicUsize>,
        most_in_flight: Arc<AtomicUsize>,
    }

    /// A tile server on loopback: the PNG with the tile's zoom appended (so tiles differ),
    /// counting requests and User-Agents that are not the app's.
    async fn tile_server() -> (String, Upstream, tokio::task::JoinHandle<()>) {
        let upstream = Upstream::default();
        let app = axum::Router::new()
            .route(
                "/{z}/{x}/{y}",
                get(
                    |State(up): State<Upstream>,
                     UrlPath((z, _x, _y)): UrlPath<(u8, u32, String)>,
                     headers: HeaderMap| async move {
                        up.requests.fetch_add(1, Ordering::SeqCst);
                        let agent = headers.get("user-agent").and_then(|v| v.to_str().ok());
                        if agent != Some(USER_AGENT) {
                            up.bad_agents.fetch_add(1, Ordering::SeqCst);
                        }
                        let now = up.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        up.most_in_flight.fetch_max(now, Ordering::SeqCst);
                        // Long enough for waiting requests to pile up if the limit did not hold.
                        tokio::time::sleep(Duration::from_millis(30)).await;
                        up.in_flight.fetch_sub(1, Ordering::SeqCst);
                        let mut body = PNG.to_vec();
                        body.push(z);
                        ([("content-type", "image/png")], body)
                    },
                ),
            )
            .with_state(upstream.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("local address");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (
            format!("http://{address}/{{z}}/{{x}}/{{y}}.png"),
            upstream,
            server,
        )
    }

    /// A URL on a loopback port nobody listens on.
    fn closed_port_url() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let address = listener.local_addr().expect("local address");
        drop(listener);
        format!("http://{address}/{{z}}/{{x}}/{{y}}.png")
    }

    fn config(url: &str) -> TileConfig {
        TileConfig {
            url_template: url.into(),
            offline_backoff: Duration::ZERO,
            ..TileConfig::default()
        }
    }

    fn id(z: u8, x: u32, y: u32) -> TileId {
        TileId { z, x, y }
    }

    #[test]
    fn paths_are_checked() {
        assert_eq!(TileId::parse("/0/0/0.png").ok(), Some(id(0, 0, 0)));
        assert_eq!(
            TileId::parse("/19/524287/524287.png").ok(),
            Some(id(19, 524_287, 524_287))
        );
        for bad in [
            "/20/0/0.png",
            "/0/1/0.png",
            "/3/0/8.png",
            "/3/8/0.png",
            "/3/1/1",
            "/3/1/1.jpg",
            "/3/-1/1.png",
            "/3/+1/1.png",
            "/3/1.png",
            "/a/1/1.png",
            "/1/1/1/1.png",
            "/3/ 1/1.png",
            "/99999999999/0/0.png",
            "",
        ] {
            let error = TileId::parse(bad).expect_err(bad);
            assert_eq!(error.kind(), crate::error::ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[tokio::test]
    async fn fetches_once_then_serves_from_disk() {
        let (url, upstream, _server) = tile_server().await;
        let cache = tempfile::tempdir().expect("temp dir");
        let store = TileStore::new(cache.path(), config(&url)).expect("store");
        let first = store.respond("/5/10/12.png").await;
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(first.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(first.body().last(), Some(&5));
        assert_eq!(upstream.requests.load(Ordering::SeqCst), 1);
        assert_eq!(upstream.bad_agents.load(Ordering::SeqCst), 0);
        // Cached on disk under the URL's folder, with no temp file left behind.
        let files: Vec<_> = walk(cache.path());
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].ends_with("5/10/12.tile"), "{files:?}");

        // A new store on the same folder (as after a restart) needs no upstream at all.
        let again = TileStore::new(cache.path(), config(&url)).expect("store");
        let second = again.respond("/5/10/12.png").await;
        assert_eq!(second.status(), StatusCode::OK);
        assert_eq!(second.body(), first.body());
        assert_eq!(upstream.requests.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn invalid_tiles_are_400_and_never_fetched() {
        let (url, upstream, _server) = tile_server().await;
        let cache = tempfile::tempdir().expect("temp dir");
        let store = TileStore::new(cache.path(), config(&url)).expect("store");
        for bad in [
            "/20/0/0.png",
            "/2/4/0.png",
            "/2/0/4.png",
            "/x/0/0.png",
            "/2/0",
        ] {
            let response = store.respond(bad).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        }
        assert_eq!(upstream.requests.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn offline_serves_old_tiles_and_504_for_the_rest() {
        let (url, upstream, server) = tile_server().await;
        let cache = tempfile::tempdir().expect("temp dir");
        let store = TileStore::new(cache.path(), config(&url)).expect("store");
        assert_eq!(store.respond("/3/1/2.png").await.status(), StatusCode::OK);
        assert_eq!(upstream.requests.load(Ordering::SeqCst), 1);
        server.abort();
        let _ = server.await;

        // Every cached tile counts as stale, so the store tries upstream, fails, and still
        // serves the old copy.
        let offline = TileStore::new(
            cache.path(),
            TileConfig {
                max_age: Duration::ZERO,
                ..config(&url)
            },
        )
        .expect("store");
        let stale = offline.respond("/3/1/2.png").await;
        assert_eq!(stale.status(), StatusCode::OK);
        assert_eq!(stale.body().last(), Some(&3));
        let missing = offline.respond("/3/1/3.png").await;
        assert_eq!(missing.status(), StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(missing.headers()[header::CONTENT_TYPE], "text/plain");
    }

    #[tokio::test]
    async fn unreachable_upstream_is_504_and_then_not_asked_for_a_while() {
        let url = closed_port_url();
        let cache = tempfile::tempdir().expect("temp dir");
        let store = TileStore::new(
            cache.path(),
            TileConfig {
                offline_backoff: Duration::from_secs(600),
                ..config(&url)
            },
        )
        .expect("store");
        let error = store.tile(id(1, 0, 0)).await.expect_err("no server");
        assert!(
            error.to_string().contains("Connection refused")
                || error.to_string().contains("connect"),
            "{error}"
        );
        // The second tile is refused by the back-off, not by another connection attempt.
        let error = store.tile(id(1, 1, 0)).await.expect_err("offline");
        assert!(
            error.to_string().contains("unreachable a moment ago"),
            "{error}"
        );
        assert_eq!(
            store.respond("/1/1/1.png").await.status(),
            StatusCode::GATEWAY_TIMEOUT
        );
    }

    #[tokio::test]
    async fn upstream_errors_are_504_and_not_cached() {
        let app = axum::Router::new().route(
            "/{z}/{x}/{y}",
            get(|| async { (axum::http::StatusCode::NOT_FOUND, "no tile") }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!(
            "http://{}/{{z}}/{{x}}/{{y}}.png",
            listener.local_addr().expect("address")
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let cache = tempfile::tempdir().expect("temp dir");
        let store = TileStore::new(cache.path(), config(&url)).expect("store");
        let response = store.respond("/2/1/1.png").await;
        assert_eq!(response.status(), StatusCode::GATEWAY_TIMEOUT);
        assert!(walk(cache.path()).is_empty());
    }

    #[tokio::test]
    async fn the_cache_stays_within_its_bound_oldest_out() {
        let (url, upstream, _server) = tile_server().await;
        let cache = tempfile::tempdir().expect("temp dir");
        let tile_len = PNG.len() as u64 + 1;
        let store = TileStore::new(
            cache.path(),
            TileConfig {
                max_cache_bytes: tile_len * 10,
                ..config(&url)
            },
        )
        .expect("store");
        for x in 0..25 {
            assert_eq!(
                store.respond(&format!("/5/{x}/0.png")).await.status(),
                StatusCode::OK
            );
            // Distinct modification times, so "oldest" is well defined on coarse clocks.
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
        assert_eq!(upstream.requests.load(Ordering::SeqCst), 25);
        let files = walk(cache.path());
        let total: u64 = files
            .iter()
            .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
            .sum();
        assert!(
            total <= tile_len * 10,
            "{total} bytes in {} files",
            files.len()
        );
        assert!(files.len() >= 5, "trimming kept {} files", files.len());
        // The newest tile survived, the oldest did not.
        assert!(
            files.iter().any(|f| f.ends_with("5/24/0.tile")),
            "{files:?}"
        );
        assert!(
            !files.iter().any(|f| f.ends_with("5/0/0.tile")),
            "{files:?}"
        );
    }

    #[tokio::test]
    async fn concurrent_requests_respect_the_limit_and_all_succeed() {
        let (url, upstream, _server) = tile_server().await;
        let cache = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(TileStore::new(cache.path(), config(&url)).expect("store"));
        let tasks: Vec<_> = (0..16)
            .map(|x| {
                let store = Arc::clone(&store);
                tokio::spawn(async move { store.respond(&format!("/4/{x}/3.png")).await.status() })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.expect("task"), StatusCode::OK);
        }
        assert_eq!(upstream.requests.load(Ordering::SeqCst), 16);
        let most = upstream.most_in_flight.load(Ordering::SeqCst);
        assert!((1..=2).contains(&most), "{most} upstream requests at once");
    }

    #[test]
    fn the_cache_folder_depends_on_the_url() {
        let root = Path::new("/cache");
        let a = TileStore::new(root, config("http://a/{z}/{x}/{y}.png")).expect("store");
        let b = TileStore::new(root, config("http://b/{z}/{x}/{y}.png")).expect("store");
        assert_ne!(a.dir, b.dir);
        assert_eq!(a.url_of(id(3, 4, 5)), "http://a/3/4/5.png".to_string());
        assert!(USER_AGENT.starts_with("CarRemote/0.") && USER_AGENT.contains("(+https://"));
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        files
    }
}
