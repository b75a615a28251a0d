//! The client's own overhead against a zero-delay simulator on loopback, printed as p50/p99:
//!
//! - POST→Accepted: `Client::post_remote` until the 202 is parsed (token cached, pacing on);
//! - POST→Done (webhook): `Tracker::send` until `wait_done` returns, polling disabled, so the
//!   end arrives through the simulator's webhook to the local receiver.
//!
//! Run: `cargo bench -p stellantis --bench overhead` (`BENCH_ITERATIONS` to change the count).
//! The simulator runs in the same process, so the numbers include its work too: they are an
//! upper bound of the client's overhead.

mod support;

use std::time::{Duration, Instant};

use stellantis::model::RemoteCommand;
use stellantis::wire::response::DoneStatus;
use stellantis::{Outcome, Posted};
use stellantis_sim::SimConfig;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<28} n={:<5} p50={:>8.3} ms  p99={:>8.3} ms  max={:>8.3} ms",
        samples.len(),
        percentile(&samples, 0.50).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
    );
}

async fn run(iterations: usize) -> Result<(), String> {
    let (sim, client, session) = support::start(
        SimConfig {
            // Enough quota that pacing never has to wait in the benchmark itself.
            burst_per_second: 100_000,
            day_quota: 10_000_000,
            ..SimConfig::for_tests()
        },
        "car-remote-bench",
    )
    .await?;
    let vehicles = sim.vehicle_ids();
    // Vehicles 0 and 1 are awake and accept every remote.
    let (a, b) = (vehicles[0].clone(), vehicles[1].clone());
    let channel = session.channel_id.clone();
    let wake = RemoteCommand::WakeUp;

    // Warm-up: token, connections, allocator.
    for _ in 0..20 {
        client
            .post_remote(&b, &channel, &wake, "warm-up", None)
            .await
            .map_err(|e| e.to_string())?;
        tokio::time::sleep(Duration::from_millis(2)).await;
    }

    let mut accepted = Vec::with_capacity(iterations);
    for i in 0..iterations {
        let label = format!("bench-accept-{i}");
        let t0 = Instant::now();
        let posted = client
            .post_remote(&b, &channel, &wake, &label, None)
            .await
            .map_err(|e| e.to_string())?;
        accepted.push(t0.elapsed());
        if !matches!(posted, Posted::Accepted { .. }) {
            return Err(format!("POST not accepted: {posted:?}"));
        }
        // Let the zero-delay remote end before the next one (one at a time per vehicle).
        tokio::time::sleep(Duration::from_millis(1)).await;
    }

    let mut done = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t0 = Instant::now();
        let outcome = session
            .tracker
            .send_and_wait(&a, wake.clone(), Duration::from_secs(30))
            .await;
        done.push(t0.elapsed());
        match outcome {
            Outcome::Done(r) if r.status == DoneStatus::Success => {}
            other => return Err(format!("remote did not succeed: {other:?}")),
        }
    }

    println!("client overhead against a zero-delay simulator (loopback, same process)");
    report("POST->Accepted", accepted);
    report("POST->Done (webhook)", done);
    Ok(())
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, so keep it short there.
    let quick = !std::env::args().any(|a| a == "--bench");
    let iterations = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 20 } else { 1000 });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("no runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(run(iterations)) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}
