//! Throughput and memory benchmark (not a test): remote POSTs per second with zero delays, and
//! resident memory with 10,000 vehicles. Run with `cargo bench -p stellantis-sim`.
//!
//! Environment: `SIM_BENCH_VEHICLES` (default 10000), `SIM_BENCH_POSTS` (default 20000),
//! `SIM_BENCH_CONCURRENCY` (default 32).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::post;
use serde_json::{Value, json};
use stellantis_sim::{SimConfig, start};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident set size of this process in MiB (Linux `/proc/self/status`).
fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn show(mib: Option<f64>) -> String {
    mib.map(|m| format!("{m:.1} MiB"))
        .unwrap_or_else(|| "n/a".to_owned())
}

#[tokio::main]
async fn main() {
    let vehicles = env("SIM_BENCH_VEHICLES", 10_000);
    let posts = env("SIM_BENCH_POSTS", 20_000);
    let concurrency = env("SIM_BENCH_CONCURRENCY", 32);
    let before = rss_mib();
    let started = Instant::now();
    let config = SimConfig {
        vehicles,
        time_scale: 0.0,
        burst_per_second: u32::MAX,
        day_quota: u32::MAX,
        ..SimConfig::default()
    };
    let sim = start(config).await.expect("simulator starts");
    let startup = started.elapsed();
    let idle = rss_mib();

    // A webhook receiver, so every event is really delivered over HTTP.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let target = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let app = Router::new().route(
        "/hook",
        post(move |body: axum::body::Bytes| {
            let counter = counter.clone();
            async move {
                let n = serde_json::from_slice::<Value>(&body)
                    .map(|v| v.as_array().map_or(1, Vec::len))
                    .unwrap_or(0);
                counter.fetch_add(n, Ordering::Relaxed);
                "ok"
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let token: Value = http
        .post(sim.token_url())
        .basic_auth(sim.client_id(), Some(sim.client_secret()))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("token JSON");
    let token = token["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    let channel: Value = http
        .post(format!("{}/accounts/channels?client_id={}", sim.base_url(), sim.client_id()))
        .bearer_auth(&token)
        .json(&json!({"type": ["Remote"], "label": "bench", "channel": {"webhook": {"target": target, "name": "bench"}}}))
        .send()
        .await
        .expect("channel")
        .json()
        .await
        .expect("channel JSON");
    let channel = channel["channelId"].as_str().expect("channelId").to_owned();
    let ids = Arc::new(sim.vehicle_ids());
    let next = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::new(AtomicUsize::new(0));
    let body = json!({"action": {"horn": {"state": "Activated"}}});
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (http, ids, next, accepted, token, channel, body) = (
            http.clone(),
            ids.clone(),
            next.clone(),
            accepted.clone(),
            token.clone(),
            channel.clone(),
            body.clone(),
        );
        let base = sim.base_url();
        let client_id = sim.client_id().to_owned();
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= posts {
                    break;
                }
                // Vehicle 0..12 have special traits; spread the load over the whole fleet.
                let id = &ids[i % ids.len()];
                let url = format!(
                    "{base}/accounts/vehicles/{id}/channels/{channel}/remotes?client_id={client_id}"
                );
                if let Ok(response) = http.post(url).bearer_auth(&token).json(&body).send().await {
                    if response.status() == 202 || response.status() == 501 {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                    let _ = response.bytes().await;
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("load task");
    }
    let elapsed = started.elapsed();
    let loaded = rss_mib();
    // Let the webhook backlog drain a little before reporting deliveries.
    let drain_until = Instant::now() + Duration::from_secs(10);
    let expected = sim.stats().webhook_messages as usize;
    while received.load(Ordering::Relaxed) < expected && Instant::now() < drain_until {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let drained = rss_mib();
    let stats = sim.stats();
    println!("stellantis-sim throughput benchmark");
    println!("  vehicles:                 {vehicles}");
    println!(
        "  start-up:                 {:.1} ms",
        startup.as_secs_f64() * 1000.0
    );
    println!("  RSS before start:         {}", show(before));
    println!("  RSS idle with fleet:      {}", show(idle));
    println!(
        "  remote POSTs:             {posts} ({} answered 202/501), concurrency {concurrency}",
        accepted.load(Ordering::Relaxed)
    );
    println!(
        "  remote POSTs per second:  {:.0}",
        posts as f64 / elapsed.as_secs_f64()
    );
    println!("  RSS right after the load: {}", show(loaded));
    println!("  RSS after webhook drain:  {}", show(drained));
    println!(
        "  webhook messages:         {} queued, {} received, {} POSTs ({} arrays)",
        stats.webhook_messages,
        received.load(Ordering::Relaxed),
        stats.webhook_posts,
        stats.webhook_arrays
    );
}
