//! A fleet run at the server's burst: Lock to N simulated vehicles when the server accepts B
//! requests a second (N = 2,000 and 10,000, B = 100 by default). A benchmark that prints
//! numbers, not a timed test: nothing here asserts a time.
//!
//! Run: `cargo bench -p stellantis --bench fleet`. A quick run: `FLEET_SIZES=300 cargo bench -p
//! stellantis --bench fleet`. Also `FLEET_BURST=100` (the simulator's `burst_per_second`) and
//! `FLEET_CONCURRENCY=256` (vehicles in flight at once).
//!
//! Per N it prints the wall time of the run, the bound N/B (no run that POSTs each vehicle once
//! can be faster), their ratio (aim ≤ 1.02×), the `429`s the client received (aim 0; the
//! simulator does not count them), POSTs per vehicle (from the simulator's `GET /admin/stats`
//! `remotePosts`, over HTTP; must be ≤ 1, and a `429` would show here as a repeated POST), the
//! other API calls per vehicle (`apiRequests - remotePosts`: capability reads, polls) and the
//! process's peak RSS (`VmHWM`, so the largest run so far; the simulator runs in this process,
//! with its fleet and remote history). Nothing is known about the vehicles' support, so any
//! vehicle without locking would be POSTed, answer `501` and be learnt (the simulated fleet
//! has none for Lock: `unsupported 0`). Ends arrive through
//! the simulator's webhook to the local receiver, polling pushed out of reach.

mod support;

use std::time::{Duration, Instant};

use stellantis::fleet::{FleetConfig, FleetOutcome, FleetRun};
use stellantis::model::{LockState, RemoteCommand};
use stellantis_sim::{RunningSim, SimConfig};

/// The process's peak resident set size in MiB (Linux `VmHWM`), if known.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// `remotePosts` and `apiRequests` of the simulator's `GET /admin/stats`, over HTTP.
async fn admin_counts(sim: &RunningSim) -> Result<(u64, u64), String> {
    let stats: serde_json::Value = reqwest::get(format!("{}/admin/stats", sim.admin_url()))
        .await
        .map_err(|e| format!("/admin/stats: {e}"))?
        .json()
        .await
        .map_err(|e| format!("/admin/stats: {e}"))?;
    let get = |name: &str| {
        stats
            .get(name)
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| format!("/admin/stats has no {name}"))
    };
    Ok((get("remotePosts")?, get("apiRequests")?))
}

async fn run(size: usize, concurrency: usize, burst: u32) -> Result<(), String> {
    let (sim, client, session) = support::start(
        SimConfig {
            vehicles: size,
            burst_per_second: burst,
            day_quota: 100_000_000,
            ..SimConfig::for_tests()
        },
        "car-remote-fleet-bench",
    )
    .await?;
    let run = FleetRun::new(
        &session.tracker,
        sim.vehicle_ids(),
        RemoteCommand::Locking(LockState::Locked),
        FleetConfig {
            concurrency,
            follow_for: Duration::from_secs(600),
            ..FleetConfig::default()
        },
    );
    let rate_limited = || {
        client
            .http()
            .stats()
            .rate_limited
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    let (posts_before, calls_before) = admin_counts(&sim).await?;
    let limited_before = rate_limited();
    let started = Instant::now();
    let report = run.run().await;
    let wall = started.elapsed().as_secs_f64();
    let (posts_after, calls_after) = admin_counts(&sim).await?;
    let posts = posts_after - posts_before;
    let other = (calls_after - calls_before) - posts;
    let limited = rate_limited() - limited_before;
    let bound = size as f64 / f64::from(burst);
    let per_vehicle = |n: u64| n as f64 / size as f64;
    let c = report.counts;
    println!(
        "Lock to {size:>6} vehicles at burst {burst}/s (concurrency {concurrency}): wall {wall:>7.2} s, \
         bound N/B {bound:>7.2} s, ratio {:.3}×, 429s {limited}, POSTs/vehicle {:.3}, \
         other calls/vehicle {:.3}, peak RSS {:.1} MiB  [succeeded {} · failed {} · unsupported {} \
         (learnt {}) · unknown {} · not sent {}]",
        wall / bound,
        per_vehicle(posts),
        per_vehicle(other),
        peak_rss_mib().unwrap_or(f64::NAN),
        c.succeeded,
        c.failed,
        c.unsupported,
        report.learnt_unsupported.len(),
        c.unknown,
        c.not_sent,
    );
    let ended = report
        .results
        .iter()
        .filter(|r| r.outcome != FleetOutcome::Unknown)
        .count();
    if posts > size as u64 || ended != size {
        return Err(format!(
            "{size} vehicles: {posts} POSTs (at most {size}), {ended} ended"
        ));
    }
    Ok(())
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(default)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("FLEET_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![2_000, 10_000]);
    let concurrency = env_or("FLEET_CONCURRENCY", 256);
    let burst = env_or("FLEET_BURST", 100u32).max(1);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("runtime: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "peak RSS before: {:.1} MiB",
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    for size in sizes {
        if let Err(e) = runtime.block_on(run(size, concurrency, burst)) {
            eprintln!("fleet bench failed: {e}");
            std::process::exit(1);
        }
    }
}
