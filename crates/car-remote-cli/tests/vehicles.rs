//! End-to-end tests of what `car-remote-cli` reads without sending a command (`vehicles`,
//! `status`, `capability`), and of how it starts: credentials from the environment, `--demo`,
//! usage errors.

mod common;

use std::process::Output;

use common::{Sim, cli_with_env, json, stderr};

#[test]
fn vehicles_lists_the_whole_fleet() {
    let sim = Sim::start();
    let output = sim.cli(&["--json", "vehicles"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed: Vec<String> = json(&output)
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v["id"].as_str().expect("an id").to_owned())
        .collect();
    assert_eq!(listed, sim.sim.vehicle_ids());

    let text = sim.cli(&["vehicles"]);
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).contains(&sim.vehicle(0)));
}

#[test]
fn status_and_capability_read_the_vehicle() {
    let sim = Sim::start();
    let vehicle = sim.vehicle(4);
    let output = sim.cli(&["--json", "capability", &vehicle]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let capability = json(&output);
    assert_eq!(capability["supported"]["horn"], false);
    assert_eq!(capability["supported"]["locking"], true);

    let output = sim.cli(&["--json", "status", &sim.vehicle(0)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let telemetry = json(&output)["telemetry"].clone();
    assert!(telemetry["position"]["latitude"].is_number());
    // Vehicle 0: electric, plugged and not charging, unlocked, doors closed, parked.
    let electric = &telemetry["energies"][0];
    assert_eq!(electric["kind"], "Electric");
    assert!(electric["level"].is_number() && electric["autonomyKm"].is_number());
    assert_eq!(electric["charging"]["plugged"], true);
    assert_eq!(electric["charging"]["status"], "Stopped");
    assert_eq!(telemetry["doors"]["lockedState"][0], "Unlocked");
    assert_eq!(
        telemetry["doors"]["openings"].as_array().map(Vec::len),
        Some(5)
    );
    assert_eq!(telemetry["ignition"], "Stop");
    assert_eq!(telemetry["moving"], false);
    assert_eq!(telemetry["privacy"], "None");
    assert_eq!(telemetry["preconditioning"], "Disabled");
    for number in ["battery12vPercent", "odometerKm", "airTemperatureC"] {
        assert!(telemetry[number].is_number(), "{number}: {telemetry}");
    }

    // The server refuses a vehicle the account does not hold (403 here, 404 elsewhere).
    let output = sim.cli(&["--json", "status", "no-such-vehicle"]);
    assert_eq!(output.status.code(), Some(1));
    let error = json(&output)["error"].clone();
    assert!(
        error["kind"] == "forbidden" || error["kind"] == "notFound",
        "{error}"
    );
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("no-such-vehicle"))
    );
}

/// The `label  value` lines of `status`, checking that every value starts in one column.
fn status_lines(output: &Output) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(text.starts_with("Vehicle "), "{text}");
    let mut columns = std::collections::BTreeSet::new();
    let lines: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .map(|line| {
            let body = line.strip_prefix("  ").expect("an indented line");
            let gap = body.find("  ").expect("a label, two spaces, a value");
            let value_at = body.len() - body[gap..].trim_start().len();
            columns.insert(value_at);
            (body[..gap].to_owned(), body[value_at..].to_owned())
        })
        .collect();
    assert!(!lines.is_empty(), "{text}");
    assert_eq!(columns.len(), 1, "values not aligned:\n{text}");
    lines
}

#[test]
fn status_prints_readable_aligned_lines() {
    let sim = Sim::start();
    let value = |lines: &[(String, String)], label: &str| {
        lines
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {label} line in {lines:?}"))
    };

    let output = sim.cli(&["status", &sim.vehicle(0)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines = status_lines(&output);
    let labels: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
    for label in [
        "updated",
        "position",
        "battery",
        "charging",
        "doors",
        "ignition",
        "moving",
        "privacy",
        "12 V battery",
        "odometer",
        "outside air",
        "preconditioning",
    ] {
        assert!(labels.contains(&label), "no {label} line in {labels:?}");
    }
    assert!(
        !labels.contains(&"fuel"),
        "an electric car has no fuel line"
    );
    assert!(value(&lines, "battery").ends_with(" km range"));
    assert_eq!(value(&lines, "charging"), "stopped, plugged in");
    assert_eq!(value(&lines, "doors"), "unlocked, all closed");
    assert_eq!(value(&lines, "ignition"), "off");
    assert_eq!(value(&lines, "moving"), "no");
    assert!(value(&lines, "odometer").ends_with(" km"));
    assert!(value(&lines, "outside air").ends_with(" °C"));

    // Vehicle 1 is a hybrid, locked: a fuel line too.
    let lines = status_lines(&sim.cli(&["status", &sim.vehicle(1)]));
    assert!(value(&lines, "fuel").contains(" %, "));
    assert_eq!(value(&lines, "doors"), "locked, all closed");
    // Vehicle 5 has the driver door and the trunk open.
    let lines = status_lines(&sim.cli(&["status", &sim.vehicle(5)]));
    assert_eq!(value(&lines, "doors"), "unlocked, open: Driver, Trunk");
    // Vehicle 12 is charging: the time left is shown.
    let lines = status_lines(&sim.cli(&["status", &sim.vehicle(12)]));
    assert_eq!(
        value(&lines, "charging"),
        "charging, plugged in, slow, 2 h 10 min left"
    );
}

#[test]
fn missing_credentials_and_usage_errors_exit_1() {
    let output = cli_with_env(&["vehicles"], |_| {});
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("STELLANTIS_BASE_URL"),
        "{}",
        stderr(&output)
    );

    let output = cli_with_env(&["send"], |_| {});
    assert_eq!(
        output.status.code(),
        Some(1),
        "clap's own code 2 must not leak"
    );

    let output = cli_with_env(&["--help"], |_| {});
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Exit codes"));
}

#[test]
fn demo_runs_without_credentials() {
    let output = cli_with_env(&["--demo", "--json", "vehicles"], |_| {});
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!json(&output).as_array().expect("a list").is_empty());
}
