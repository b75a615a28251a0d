//! A fleet run of Lock to 1,000 and 10,000 simulated vehicles with zero delays: total time,
//! commands per second and the process's peak RSS.
//!
//! Run: `cargo bench -p stellantis --bench fleet` (`FLEET_SIZES=1000,10000`,
//! `FLEET_CONCURRENCY=256` and `FLEET_BURST=1000000` to change them; `FLEET_BURST=100` is the
//! server's usual burst limit, which the client's pacer then holds to). The simulator runs in
//! the same process, by default with its burst limit out of reach, and every end arrives through its webhook to the local receiver
//! (polling off), so the numbers are the client's and the simulator's work together, and the
//! peak RSS includes the simulator's fleet and its remote history.

mod support;

use std::time::{Duration, Instant};

use stellantis::fleet::{FleetConfig, FleetOutcome, FleetRun};
use stellantis::model::{LockState, RemoteCommand};
use stellantis_sim::SimConfig;

/// The process's peak resident set size in MiB (Linux `VmHWM`), if known.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
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
    let started = Instant::now();
    let report = run.run().await;
    let elapsed = started.elapsed();
    let c = report.counts;
    let posted = report.results.iter().filter(|r| r.posted).count();
    let ended = report
        .results
        .iter()
        .filter(|r| r.outcome != FleetOutcome::Unknown)
        .count();
    if sim.stats().remotes_created != posted as u64 || ended != size {
        return Err(format!(
            "{size} vehicles: {posted} posted, {} created, {ended} ended",
            sim.stats().remotes_created
        ));
    }
    println!(
        "Lock to {size:>6} vehicles (concurrency {concurrency}, burst {burst}/s): {:>7.2} s, {:>7.0} commands/s, peak RSS {:>6.1} MiB  \
         [succeeded {} · failed {} · unsupported {} · unknown {} · POSTs {} · API calls {} · 429s {}]",
        elapsed.as_secs_f64(),
        size as f64 / elapsed.as_secs_f64(),
        peak_rss_mib().unwrap_or(f64::NAN),
        c.succeeded,
        c.failed,
        c.unsupported,
        c.unknown,
        sim.remote_posts(),
        sim.stats().api_requests,
        client
            .http()
            .stats()
            .rate_limited
            .load(std::sync::atomic::Ordering::Relaxed),
    );
    Ok(())
}

fn main() {
    let sizes: Vec<usize> = std::env::var("FLEET_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000]);
    let concurrency = std::env::var("FLEET_CONCURRENCY")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    let burst = std::env::var("FLEET_BURST")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
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
