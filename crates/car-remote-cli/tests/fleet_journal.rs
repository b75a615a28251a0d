//! A journaled fleet run from the terminal, against the simulator over real HTTP and a real
//! journal file: every vehicle is a journal row of the run with its end; the same run id again
//! POSTs nothing; a run killed mid-way is followed to its end by `recover` without a second POST.

mod common;

use std::time::{Duration, Instant};

use serde_json::Value;
use stellantis_sim::SimConfig;

use common::{Sim, json, stderr};

/// `history --fleet-run RUN --json`'s rows.
fn run_rows(sim: &Sim, run_id: &str) -> Vec<Value> {
    let page = json(&sim.cli(&["--json", "history", "--fleet-run", run_id]));
    page["rows"].as_array().expect("rows").clone()
}

/// The fleet's vehicles at `indexes` (see `stellantis_sim::fleet`).
fn vehicles(sim: &Sim, indexes: &[usize]) -> Vec<String> {
    indexes.iter().map(|&i| sim.vehicle(i)).collect()
}

#[test]
fn a_fleet_run_is_journaled_and_sending_it_again_posts_nothing() {
    let sim = Sim::start();
    // Unlocked, locked, asleep, doors open: success, already done, woken up, failed.
    let ids = vehicles(&sim, &[0, 1, 2, 5]);
    let mut args = vec!["--json", "fleet-send", "--run-id", "run-a"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(["lock", "--timeout", "120"]);
    let first = sim.cli(&args);
    let report = json(&first);
    assert_eq!(report["runId"], "run-a", "{report}");
    assert!(
        stderr(&first).contains("fleet run run-a"),
        "{}",
        stderr(&first)
    );
    let posts = sim.sim.remote_posts();
    assert_eq!(posts, 4, "one POST per vehicle");
    for result in report["results"].as_array().expect("results") {
        assert_eq!(result["posted"], true, "{result}");
        assert_eq!(result["alreadyRecorded"], false, "{result}");
    }

    // Four rows of the run, one per vehicle, each with its end.
    let rows = run_rows(&sim, "run-a");
    assert_eq!(rows.len(), 4, "{rows:?}");
    for row in &rows {
        assert_eq!(row["fleetRunId"], "run-a", "{row}");
        assert_eq!(row["origin"], "cli", "{row}");
        assert!(!row["end"].is_null(), "it has its end: {row}");
        let vehicle = row["vehicleId"].as_str().expect("a vehicle");
        assert!(ids.iter().any(|id| id == vehicle), "{row}");
        assert_eq!(row["requestId"], format!("run-a/{vehicle}"), "{row}");
    }
    // Another run is not listed under this one.
    let other = sim.cli_waiting(&["send", &ids[0], "horn", "on"]);
    assert_eq!(other.status.code(), Some(0), "{}", stderr(&other));
    assert_eq!(run_rows(&sim, "run-a").len(), 4);
    let posts = sim.sim.remote_posts();

    // The same run again: nothing POSTed, every vehicle reported as already recorded, with
    // the same outcome as the first time.
    let again = sim.cli(&args);
    assert_eq!(
        again.status.code(),
        first.status.code(),
        "{}",
        stderr(&again)
    );
    assert_eq!(sim.sim.remote_posts(), posts, "the run was POSTed again");
    let repeat = json(&again);
    let firsts = report["results"].as_array().expect("results");
    for (result, before) in repeat["results"]
        .as_array()
        .expect("results")
        .iter()
        .zip(firsts)
    {
        assert_eq!(result["alreadyRecorded"], true, "{result}");
        assert_eq!(result["posted"], false, "{result}");
        assert_eq!(result["outcome"], before["outcome"], "{result} vs {before}");
        assert_eq!(
            result["remoteActionId"], before["remoteActionId"],
            "{result}"
        );
    }
    assert_eq!(run_rows(&sim, "run-a").len(), 4);
    let text = sim.cli(&args[1..]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("already in the journal"), "{stdout}");
    assert_eq!(sim.sim.remote_posts(), posts);
}

#[test]
fn a_killed_fleet_run_is_recovered_without_a_second_post() {
    // A realistic pace: each command takes seconds from acceptance to its end.
    let sim = Sim::start_with(SimConfig {
        time_scale: 0.5,
        ..SimConfig::for_tests()
    });
    let ids = vehicles(&sim, &[0, 1, 2]);
    let mut args = vec!["fleet-send", "--run-id", "run-k"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(["lock", "--timeout", "120"]);
    let mut child = sim
        .command(&args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the CLI starts");
    let started = Instant::now();
    while sim.sim.stats().remotes_created < ids.len() as u64 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never all accepted"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // SIGKILL, right after the server accepted every vehicle's remote: no clean-up runs.
    child.kill().expect("killed");
    child.wait().expect("reaped");
    assert_eq!(sim.sim.remote_posts(), 3);

    let rows = run_rows(&sim, "run-k");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(
        rows.iter().any(|row| row["end"].is_null()),
        "some vehicle has no end yet: {rows:?}"
    );

    let recovered = sim.cli(&["recover", "--timeout", "120"]);
    assert_eq!(recovered.status.code(), Some(0), "{}", stderr(&recovered));
    for row in run_rows(&sim, "run-k") {
        assert!(!row["end"].is_null(), "settled: {row}");
        assert_ne!(row["end"]["outcome"], "notSent", "it was sent: {row}");
        assert_ne!(row["end"]["outcome"], "unsettled", "{row}");
    }
    assert_eq!(sim.sim.remote_posts(), 3, "a vehicle was POSTed again");

    // The run sent again: every vehicle already recorded, nothing POSTed.
    let again = json(&sim.cli(&[&["--json"], args.as_slice()].concat()));
    for result in again["results"].as_array().expect("results") {
        assert_eq!(result["alreadyRecorded"], true, "{result}");
    }
    assert_eq!(sim.sim.remote_posts(), 3);
}
