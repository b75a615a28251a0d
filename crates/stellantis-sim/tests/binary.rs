//! The `stellantis-sim` binary: starts from flags, prints what it serves, answers over HTTP.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

/// Kills the child process when the test ends, pass or fail.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_serves_the_fleet_it_was_asked_for() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_stellantis-sim"))
            .args([
                "--port",
                "0",
                "--vehicles",
                "7",
                "--seed",
                "3",
                "--time-scale",
                "0",
            ])
            .args(["--client-id", "bin-client", "--client-secret", "bin-secret"])
            .args(["--fault-gateway-timeout-after-create", "2"])
            .args(["--fault-unreadable-accept", "3"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let stdout = child.0.stdout.take().expect("stdout");
    let lines = tokio::task::spawn_blocking(move || {
        let mut found = (None, None);
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("stdout line");
            if let Some(url) = line.strip_prefix("API base URL:") {
                found.0 = Some(url.trim().to_owned());
            }
            if let Some(url) = line.strip_prefix("token URL:") {
                found.1 = Some(url.trim().to_owned());
            }
            if line.starts_with("Ctrl-C") {
                break;
            }
        }
        found
    })
    .await
    .expect("reader");
    let (Some(base), Some(token_url)) = lines else {
        panic!("the binary did not print its URLs")
    };
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/api/connectedcar/v1"),
        "{base}"
    );
    assert!(token_url.ends_with("/as/token.oauth2"));
    let http = reqwest::Client::new();
    let token = common::token_at(&http, &token_url, "bin-client", "bin-secret").await;
    let vehicles: Value = http
        .get(format!("{base}/accounts/vehicles?client_id=bin-client"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(vehicles["total"], 7);
    // The answer faults from the flags (the second by its short alias), as the admin endpoint shows.
    let origin = base.trim_end_matches("/api/connectedcar/v1");
    let faults: Value = http
        .get(format!("{origin}/admin/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(faults["gateway_timeout_after_remote_create"], 2);
    assert_eq!(faults["unreadable_accept_after_remote_create"], 3);
    assert_eq!(faults["drop_after_remote_create"], 0);
    // Same seed in-process gives the same fleet.
    let same = stellantis_sim::start(stellantis_sim::SimConfig {
        vehicles: 7,
        seed: 3,
        ..Default::default()
    })
    .await
    .unwrap();
    let ids: Vec<&str> = vehicles["_embedded"]["vehicles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, same.vehicle_ids());
}
