//! End-to-end tests of `car-remote-cli fleet-send`: one command to many vehicles of the
//! simulator, one result per vehicle, and the exit code of the whole.

mod common;

use serde_json::Value;
use stellantis_sim::Faults;

use common::{Sim, json, stderr};

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
