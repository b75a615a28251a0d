//! The journal from the terminal, against the simulator over real HTTP: a retried request id
//! sends nothing twice; a CLI killed right after the server accepted its command leaves it in
//! the history without an end, and `recover` follows it to its real end without a second POST.

mod common;

use std::time::{Duration, Instant};

use common::{Sim, json, stderr};
use stellantis_sim::SimConfig;

#[test]
fn the_same_request_id_twice_sends_once() {
    let sim = Sim::start();
    let vehicle = sim.vehicle(0);
    let args = ["send", &vehicle, "horn", "on", "--request-id", "script-42"];
    let first = sim.cli_waiting(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let again = sim.cli_waiting(&args);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("already in the journal"),
        "{}",
        stderr(&again)
    );
    assert_eq!(sim.sim.remote_posts(), 1);

    let history = sim.cli(&["--json", "history", "--vehicle", &vehicle]);
    let page = json(&history);
    assert_eq!(page["total"], 1, "{page}");
    let row = &page["rows"][0];
    assert_eq!(row["requestId"], "script-42");
    assert_eq!(row["feature"], "horn");
    assert_eq!(row["origin"], "cli");
    assert_eq!(row["end"]["outcome"], "success");
    let csv = sim.cli(&["history", "--csv"]);
    let text = String::from_utf8_lossy(&csv.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("script-42,")),
        "{text}"
    );
}

#[test]
fn a_killed_send_is_recovered_to_its_real_end_without_a_second_post() {
    // A realistic pace: the command takes seconds from acceptance to its end.
    let sim = Sim::start_with(SimConfig {
        time_scale: 0.5,
        ..SimConfig::for_tests()
    });
    let vehicle = sim.vehicle(0);
    let mut child = sim
        .command(&[
            "send",
            &vehicle,
            "lock",
            "--wait",
            "--request-id",
            "killed-1",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the CLI starts");
    let started = Instant::now();
    while sim.sim.stats().remotes_created == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never accepted"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // SIGKILL, right after the server accepted the remote: no clean-up runs.
    child.kill().expect("killed");
    child.wait().expect("reaped");

    let history = json(&sim.cli(&["--json", "history"]));
    let row = &history["rows"][0];
    assert_eq!(row["requestId"], "killed-1", "{history}");
    assert!(row["end"].is_null(), "it has no end yet: {row}");

    let recovered = sim.cli(&["recover", "--timeout", "120"]);
    assert_eq!(recovered.status.code(), Some(0), "{}", stderr(&recovered));
    let history = json(&sim.cli(&["--json", "history"]));
    let row = &history["rows"][0];
    assert_eq!(row["end"]["outcome"], "success", "{row}");
    assert_eq!(sim.sim.remote_posts(), 1, "the command was POSTed again");
    // Nothing is left to recover.
    let again = json(&sim.cli(&["--json", "recover"]));
    assert_eq!(again.as_array().map(Vec::len), Some(0), "{again}");
}
