//! The tile store end to end: `respond` against a real tile server on loopback, a temp cache
//! folder, an unreachable port.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::{Path as UrlPath, State};
use axum::http::HeaderMap;
use axum::routing::get;
use tauri::http::{StatusCode, header};

use super::TileStore;
use super::config::TileConfig;
use super::id::TileId;
use super::upstream::USER_AGENT;

/// The smallest valid PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// What the loopback tile server saw.
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
        error.to_string().contains("Connection refused") || error.to_string().contains("connect"),
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
    assert_ne!(a.cache.dir, b.cache.dir);
    assert_eq!(
        a.upstream.url_of(id(3, 4, 5)),
        "http://a/3/4/5.png".to_string()
    );
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
