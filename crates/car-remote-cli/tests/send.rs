//! End-to-end tests of `car-remote-cli send`: the built binary against the simulator over real
//! HTTP; what it prints and how it exits for each way a command can end.

mod common;

use common::{Sim, json, stderr};
use stellantis_sim::Faults;

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
