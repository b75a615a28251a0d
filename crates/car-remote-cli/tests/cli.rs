//! End-to-end tests of `car-remote-cli`: the built binary against the simulator over real HTTP,
//! credentials passed through the environment as a script would.

use std::process::{Command, Output};

use serde_json::Value;
use stellantis_sim::{Faults, RunningSim};
use tokio::runtime::Runtime;

/// A simulator on a loopback port, with the runtime that serves it.
struct Sim {
    sim: RunningSim,
    _runtime: Runtime,
}

impl Sim {
    fn start() -> Sim {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let sim = runtime.block_on(async {
            stellantis_sim::start(stellantis_sim::SimConfig::for_tests())
                .await
                .expect("simulator starts")
        });
        Sim {
            sim,
            _runtime: runtime,
        }
    }

    /// The id of the fleet's vehicle at `index` (see `stellantis_sim::fleet`).
    fn vehicle(&self, index: usize) -> String {
        self.sim.vehicle_ids()[index].clone()
    }

    /// Runs the CLI with this simulator's account in the environment.
    fn cli(&self, args: &[&str]) -> Output {
        cli_with_env(args, |command| {
            command
                .env("STELLANTIS_BASE_URL", self.sim.base_url())
                .env("STELLANTIS_TOKEN_URL", self.sim.token_url())
                .env("STELLANTIS_CLIENT_ID", self.sim.client_id())
                .env("STELLANTIS_CLIENT_SECRET", self.sim.client_secret());
        })
    }

    /// Runs the CLI with `--wait --timeout 120` after `args`: generous on a busy machine.
    fn cli_waiting(&self, args: &[&str]) -> Output {
        self.cli(&[args, &["--wait", "--timeout", "120"]].concat())
    }
}

fn cli_with_env(args: &[&str], setup: impl FnOnce(&mut Command)) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_car-remote-cli"));
    command.args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("STELLANTIS_") {
            command.env_remove(name);
        }
    }
    setup(&mut command);
    command.output().expect("the CLI runs")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

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
fn send_lock_wait_ends_done_and_posts_once() {
    let sim = Sim::start();
    let vehicle = sim.vehicle(0);
    let output = sim.cli_waiting(&["--json", "send", &vehicle, "lock"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let result = json(&output);
    assert_eq!(result["feature"], "locking");
    assert_eq!(result["result"]["outcome"], "done");
    assert_eq!(result["result"]["status"], "Success");
    assert_eq!(
        result["result"]["explanation"],
        "The vehicle carried out the command."
    );
    assert!(
        result["remoteActionId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert_eq!(sim.sim.remote_posts(), 1);
}

#[test]
fn progress_lines_explain_each_step() {
    let sim = Sim::start();
    // Vehicle 2 is asleep: the remote goes through WakingUpVehicle.
    let output = sim.cli_waiting(&["send", &sim.vehicle(2), "lock"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let progress = stderr(&output);
    assert!(
        progress.contains(
            "· pending: WakingUpVehicle — The vehicle is asleep; the server is waking it up."
        ),
        "{progress}"
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .starts_with("Done: Success — The vehicle carried out the command."),
    );
}

#[test]
fn send_without_wait_returns_once_accepted() {
    let sim = Sim::start();
    let output = sim.cli(&["--json", "send", &sim.vehicle(1), "unlock"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json(&output)["result"], "accepted");
}

#[test]
fn a_failed_command_exits_2_with_its_cause() {
    let sim = Sim::start();
    // Vehicle 5 has a door open: locking ends Failed / DoorsOpen.
    let output = sim.cli_waiting(&["--json", "send", &sim.vehicle(5), "lock"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let result = json(&output);
    assert_eq!(result["result"]["status"], "Failed");
    assert_eq!(result["result"]["failureCause"], "DoorsOpen");
    assert_eq!(
        result["result"]["explanation"],
        "A door or the trunk is open. Close it, then try again."
    );

    let text = sim.cli_waiting(&["send", &sim.vehicle(5), "lock"]);
    assert_eq!(text.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&text.stdout).lines().next(),
        Some("Failed: DoorsOpen — A door or the trunk is open. Close it, then try again.")
    );

    // Vehicle 3 is in deep sleep: the vehicle never answers.
    let text = sim.cli_waiting(&["send", &sim.vehicle(3), "horn"]);
    assert_eq!(text.status.code(), Some(2), "{}", stderr(&text));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.starts_with("Failed: VehicleConnectionTimeout — The vehicle did not answer"),
        "{stdout}"
    );
}

#[test]
fn a_refused_command_exits_2() {
    let sim = Sim::start();
    // Vehicle 4 has no horn: the server answers 501.
    let output = sim.cli_waiting(&["--json", "send", &sim.vehicle(4), "horn"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let result = json(&output);
    assert_eq!(result["result"]["outcome"], "rejected");
    assert_eq!(result["result"]["kind"], "unsupported");
}

#[test]
fn no_answer_in_time_exits_3() {
    let sim = Sim::start();
    // No webhook arrives, and the first poll comes after the 1 s wait is over.
    sim.sim.set_faults(Faults {
        webhook_unreachable: true,
        ..Faults::default()
    });
    let output = sim.cli(&["send", &sim.vehicle(0), "lock", "--wait", "--timeout", "1"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("No answer yet"));
}

#[test]
fn invalid_input_exits_1_names_the_field_and_sends_nothing() {
    let sim = Sim::start();
    let vehicle = sim.vehicle(0);
    let output = sim.cli(&[
        "send",
        &vehicle,
        "navigation",
        "--point",
        "48.8,2.3",
        "--point",
        "91,2",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("positions[1].latitude"), "{message}");
    assert!(message.contains("-90 to 90"), "{message}");

    let output = sim.cli(&["--json", "send", &vehicle, "tan", "--suppress", "9"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json(&output)["error"]["kind"], "invalidInput");

    let output = sim.cli(&["send", &vehicle, "charging", "--start", "--rate", "High"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("exactly one of immediate, deferred, programs, settings"));
    assert_eq!(sim.sim.remote_posts(), 0);
}

#[test]
fn dangerous_commands_need_yes() {
    let sim = Sim::start();
    let vehicle = sim.vehicle(0);
    let output = sim.cli(&["send", &vehicle, "immobilization", "on"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--yes"));
    assert_eq!(sim.sim.remote_posts(), 0);

    let output = sim.cli_waiting(&["send", &vehicle, "immobilization", "on", "--yes"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(sim.sim.remote_posts(), 1);
}

#[test]
fn json_input_and_programs_reach_the_server() {
    let sim = Sim::start();
    let vehicle = sim.vehicle(0);
    let input = r#"{"feature":"charging","programs":[{"slot":1,"start":"22:30","days":["Mon"],"minChargingLevel":20,"maxChargingLevel":80}]}"#;
    let output = sim.cli_waiting(&["send", &vehicle, "json", input]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = sim.cli_waiting(&[
        "send",
        &vehicle,
        "preconditioning",
        "--program",
        "slot=2,start=07:00,days=Mon+Fri,temp=21",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(sim.sim.remote_posts(), 2);
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

/// The `--json` results of `fleet-send`, by vehicle id.
fn fleet_results(report: &Value) -> std::collections::HashMap<String, Value> {
    report["results"]
        .as_array()
        .expect("a result list")
        .iter()
        .map(|r| {
            (
                r["vehicleId"].as_str().expect("an id").to_owned(),
                r.clone(),
            )
        })
        .collect()
}

#[test]
fn fleet_send_reports_each_vehicle_once_and_exits_2_when_one_failed() {
    let sim = Sim::start();
    let (healthy, doors_open, locked) = (sim.vehicle(0), sim.vehicle(5), sim.vehicle(1));
    let output = sim.cli(&[
        "--json",
        "fleet-send",
        &healthy,
        &doors_open,
        &locked,
        &healthy,
        "lock",
        "--timeout",
        "120",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["feature"], "locking");
    assert_eq!(report["duplicates"], serde_json::json!([healthy]));
    assert!(stderr(&output).contains("given more than once"));
    let order: Vec<&str> = report["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["vehicleId"].as_str().expect("an id"))
        .collect();
    assert_eq!(
        order,
        [healthy.as_str(), doors_open.as_str(), locked.as_str()]
    );
    let results = fleet_results(&report);
    assert_eq!(results[&healthy]["outcome"], "succeeded");
    assert_eq!(results[&locked]["status"], "AlreadyDone");
    let failed = &results[&doors_open];
    assert_eq!(failed["outcome"], "failed");
    assert_eq!(failed["failureCause"], "DoorsOpen");
    assert_eq!(
        failed["explanation"],
        "A door or the trunk is open. Close it, then try again."
    );
    assert!(
        failed["remoteActionId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert_eq!(report["counts"]["succeeded"], 2);
    assert_eq!(report["counts"]["failed"], 1);
    assert_eq!(sim.sim.remote_posts(), 3);
    // The last progress line is on stderr, stdout stays one JSON document.
    assert!(stderr(&output).contains("fleet: 3/3 ended"));
}

#[test]
fn fleet_send_all_skips_vehicles_without_the_feature() {
    let sim = Sim::start();
    let no_horn: Vec<String> = sim
        .sim
        .fleet_summary()
        .into_iter()
        .filter(|e| e.traits.contains(&"noHorn"))
        .map(|e| e.id)
        .collect();
    assert!(no_horn.contains(&sim.vehicle(4)));
    let output = sim.cli(&["--json", "fleet-send", "--all", "horn", "--timeout", "120"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let report = json(&output);
    let results = fleet_results(&report);
    assert_eq!(results.len(), sim.sim.vehicle_ids().len());
    for id in &no_horn {
        assert_eq!(results[id]["outcome"], "unsupported", "{id}");
        assert_eq!(results[id]["posted"], false);
    }
    assert_eq!(report["counts"]["unsupported"], no_horn.len());
    assert_eq!(
        sim.sim.remote_posts(),
        (results.len() - no_horn.len()) as u64
    );
}

#[test]
fn fleet_send_from_a_file_prints_a_summary_and_exits_0() {
    let sim = Sim::start();
    let dir = std::env::temp_dir().join(format!("car-remote-fleet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let file = dir.join("vehicles.txt");
    std::fs::write(
        &file,
        format!(
            "# the two healthy ones\n{}\n\n  {}  # locked already\n",
            sim.vehicle(0),
            sim.vehicle(1)
        ),
    )
    .expect("the list is written");
    let path = file.to_string_lossy().into_owned();
    let output = sim.cli(&[
        "fleet-send",
        "--vehicles",
        &path,
        "lock",
        "--timeout",
        "120",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("Lock / unlock (locking) to 2 vehicle(s)"),
        "{text}"
    );
    assert!(text.contains("succeeded         2"), "{text}");
    assert!(
        !text.contains("VEHICLE"),
        "only vehicles that did not succeed are listed: {text}"
    );
    assert_eq!(sim.sim.remote_posts(), 2);
}

#[test]
fn fleet_send_without_an_answer_exits_3_and_dangerous_commands_need_yes() {
    let sim = Sim::start();
    let output = sim.cli(&["fleet-send", "--all", "immobilization", "on"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("--yes"));
    assert_eq!(sim.sim.remote_posts(), 0);

    // Webhooks cannot get through and the first poll comes after the 1 s timeout: no end.
    sim.sim.set_faults(Faults {
        webhook_unreachable: true,
        ..Faults::default()
    });
    let output = sim.cli(&[
        "--json",
        "fleet-send",
        &sim.vehicle(0),
        "wake-up",
        "--timeout",
        "1",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["results"][0]["outcome"], "unknown");
    assert_eq!(report["results"][0]["posted"], true);
    assert_eq!(sim.sim.remote_posts(), 1);
}
