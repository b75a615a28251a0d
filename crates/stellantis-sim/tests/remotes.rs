//! Remotes over real HTTP: the contract bodies driven to Done through webhooks, the failure causes,
//! state changes, one at a time per vehicle, reading back and the paged list. The refused ones
//! (400, 501, 403, 404) are in refused_remotes.rs.

mod common;

use common::{Api, Receiver, contract_bodies, outcome, statuses};
use serde_json::{Value, json};
use stellantis_sim::SimConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_contract_body_is_accepted_and_driven_to_done_through_webhooks() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    for (name, remote_type, body) in contract_bodies() {
        let rid = api.remote(0, &channel, &body).await;
        let events = rx.wait_done(&rid).await;
        assert_eq!(
            outcome(&events),
            ("Success".to_owned(), None),
            "{name}: {events:#?}"
        );
        let kinds: Vec<String> = statuses(&events)
            .into_iter()
            .map(|(t, s, _)| format!("{t}/{s}"))
            .collect();
        let expected: Vec<&str> = if remote_type == "Navigation" {
            vec![
                "Pending/CheckingVehicle",
                "Pending/SentToVehicle",
                "Done/Success",
            ]
        } else {
            vec![
                "Pending/Accepted",
                "Pending/CheckingVehicle",
                "Pending/SentToVehicle",
                "Done/Success",
            ]
        };
        assert_eq!(kinds, expected, "{name}");
        for event in &events {
            assert_eq!(event["remoteEvent"]["remoteType"], remote_type, "{name}");
            assert_eq!(event["channelId"], channel.as_str());
            assert_eq!(event["type"], "Remote");
        }
        let read = api.read_remote(0, &channel, &rid).await;
        assert_eq!(read["status"], "Success", "{name}");
        assert_eq!(read["type"], remote_type, "{name}");
        assert_eq!(read["remote"], body, "{name}: the request is echoed");
    }
    // The registered attributes travel with every delivery.
    let vin = api
        .json(&format!("/accounts/vehicles/{}", api.vehicle(0)))
        .await["vin"]
        .clone();
    for delivery in rx.deliveries.lock().unwrap().iter() {
        assert_eq!(
            delivery
                .headers
                .get("x-webhook-secret")
                .map(|v| v.to_str().unwrap()),
            Some("s3cret")
        );
        assert_eq!(delivery.query, format!("vin={}", vin.as_str().unwrap()));
    }
    // And the vehicle changed.
    let state = api.admin_state(0).await;
    assert_eq!(state["locked"], true);
    assert_eq!(state["charging"], "InProgress");
    assert_eq!(state["lightsOn"], true);
    assert_eq!(state["immobilized"], true);
    assert_eq!(state["stolen"], true);
    assert_eq!(state["crankInhibit"], true);
    assert_eq!(state["tanSuppressed"], 2);
    assert_eq!(state["tanConfirmed"], true);
    assert_eq!(state["onboardDataDeletions"], 1);
    let telemetry = api
        .json(&format!(
            "/accounts/vehicles/{}/telemetries/latest",
            api.vehicle(0)
        ))
        .await;
    assert_eq!(
        telemetry["vehicle"]["doorsState"]["lockedState"],
        json!(["Locked"])
    );
    assert_eq!(
        telemetry["vehicle"]["energies"][0]["extension"]["electric"]["charging"]["status"],
        "InProgress"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vehicle_finder_returns_the_position_and_navigation_stores_the_route() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    let body = json!({"extendedEventParam": ["vehicle.position", "vehicle.doorsState"], "action": {"vehicleFinder": {"action": "GetPresentLocation"}}});
    let rid = api.remote(1, &channel, &body).await;
    let events = rx.wait_done(&rid).await;
    let done = events
        .iter()
        .find(|e| e["remoteEvent"]["eventStatus"]["type"] == "Done")
        .unwrap();
    let extensions = done["remoteEvent"]["extensions"]
        .as_array()
        .expect("extensions");
    let position = extensions
        .iter()
        .find(|x| x["type"] == "vehicle.position")
        .expect("position extension");
    let telemetry = api
        .json(&format!(
            "/accounts/vehicles/{}/telemetries/latest",
            api.vehicle(1)
        ))
        .await;
    assert_eq!(
        position["body"][0]["position"]["geometry"]["coordinates"],
        telemetry["vehicle"]["location"]["geometry"]["coordinates"]
    );
    assert!(extensions.iter().any(|x| x["type"] == "vehicle.doorsState"));
    // Pending events never carry extensions.
    assert!(
        events
            .iter()
            .filter(|e| e["remoteEvent"]["eventStatus"]["type"] == "Pending")
            .all(|e| e["remoteEvent"].get("extensions").is_none())
    );

    let route =
        json!([{"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.68, 45.07]}}]);
    let rid = api
        .remote(
            1,
            &channel,
            &json!({"action": {"navigation": {"positions": route}}}),
        )
        .await;
    rx.wait_done(&rid).await;
    assert_eq!(api.admin_state(1).await["route"], route);
}

/// Run one remote and return `(outcome, all statuses)`.
async fn run(
    api: &Api,
    rx: &Receiver,
    channel: &str,
    index: usize,
    body: Value,
) -> ((String, Option<String>), Vec<String>) {
    let rid = api.remote(index, channel, &body).await;
    let events = rx.wait_done(&rid).await;
    let read = api.read_remote(index, channel, &rid).await;
    let result = outcome(&events);
    assert_eq!(read["status"], result.0.as_str());
    assert_eq!(read["failureCause"].as_str().map(str::to_owned), result.1);
    (
        result,
        statuses(&events).into_iter().map(|(_, s, _)| s).collect(),
    )
}

fn failed(cause: &str) -> (String, Option<String>) {
    ("Failed".to_owned(), Some(cause.to_owned()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failure_cause_and_the_wake_up_path() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    let lock = json!({"action": {"locking": {"state": "Locked"}}});

    // Asleep: woken first.
    let (result, steps) = run(&api, &rx, &channel, 2, lock.clone()).await;
    assert_eq!(result.0, "Success");
    assert_eq!(
        steps,
        [
            "Accepted",
            "WakingUpVehicle",
            "CheckingVehicle",
            "SentToVehicle",
            "Success"
        ]
    );
    // Deep sleep: the wake-up times out.
    let (result, steps) = run(&api, &rx, &channel, 3, lock.clone()).await;
    assert_eq!(result, failed("VehicleConnectionTimeout"));
    assert_eq!(steps, ["Accepted", "WakingUpVehicle", "Failed"]);
    // Doors open.
    assert_eq!(
        run(&api, &rx, &channel, 5, lock.clone()).await.0,
        failed("DoorsOpen")
    );
    // Moving.
    assert_eq!(
        run(&api, &rx, &channel, 6, lock.clone()).await.0,
        failed("VehicleInUse")
    );
    // Low battery.
    let (result, steps) = run(
        &api,
        &rx,
        &channel,
        7,
        json!({"action": {"preconditioning": {"airConditioning": {"immediate": true}}}}),
    )
    .await;
    assert_eq!(result, failed("NotPossibleDueToVehicleBatteryLevel"));
    assert!(steps.contains(&"VehicleBatteryChargeTooLow".to_owned()));
    // Wake-ups used up.
    let (result, steps) = run(&api, &rx, &channel, 8, lock.clone()).await;
    assert_eq!(result, failed("TooManyWakeUpsOverMonth"));
    assert!(steps.contains(&"TooManyWakeUpsOverMonth".to_owned()));
    // Stolen.
    assert_eq!(
        run(&api, &rx, &channel, 9, lock.clone()).await.0,
        failed("NotPossibleDueToVehicleStolenState")
    );
    // Privacy.
    let finder = json!({"action": {"vehicleFinder": {"action": "GetPresentLocation"}}});
    assert_eq!(
        run(&api, &rx, &channel, 10, finder).await.0,
        failed("NotPossibleDueToVehiclePrivacyLevel")
    );
    // No-ops.
    assert_eq!(
        run(&api, &rx, &channel, 1, lock.clone()).await.0.0,
        "AlreadyDone"
    );
    let charge = json!({"action": {"charging": {"charge": {"immediate": true}}}});
    assert_eq!(
        run(&api, &rx, &channel, 12, charge).await.0.0,
        "AlreadyDone"
    );
    // Unlock, then lock twice: Success then AlreadyDone.
    assert_eq!(
        run(&api, &rx, &channel, 0, lock.clone()).await.0.0,
        "Success"
    );
    assert_eq!(run(&api, &rx, &channel, 0, lock).await.0.0, "AlreadyDone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_remote_while_one_is_pending_fails_same_action_in_progress() {
    // Realistic timing: the first remote stays pending for seconds.
    let api = Api::start(SimConfig {
        time_scale: 1.0,
        ..SimConfig::default()
    })
    .await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    let first = api
        .remote(
            0,
            &channel,
            &json!({"action": {"horn": {"state": "Activated"}}}),
        )
        .await;
    let second = api
        .remote(
            0,
            &channel,
            &json!({"action": {"lights": {"state": "Activated"}}}),
        )
        .await;
    let events = rx.wait_done(&second).await;
    assert_eq!(outcome(&events), failed("SameActionInProgress"));
    assert_eq!(
        events.len(),
        1,
        "a pre-check failure has no pending events: {events:#?}"
    );
    let read = api.read_remote(0, &channel, &first).await;
    assert_ne!(read["status"], "Failed", "the first one is unaffected");
    // The channel cannot be deleted while the first is pending.
    let response = api
        .send(
            reqwest::Method::DELETE,
            &format!("/accounts/channels/{channel}"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remotes_list_is_newest_first_and_paged() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        let rid = api
            .remote(
                0,
                &channel,
                &json!({"action": {"horn": {"state": "Activated"}}}),
            )
            .await;
        rx.wait_done(&rid).await;
        ids.push(rid);
    }
    let path = api.remotes_path(0, &channel);
    let mut page = api.json(&format!("{path}?pageSize=2")).await;
    assert_eq!(page["total"], 5);
    assert_eq!(page["totalPage"], 3);
    let mut seen = Vec::new();
    loop {
        for item in page["_embedded"]["remoteActions"].as_array().unwrap() {
            seen.push(item["remoteActionId"].as_str().unwrap().to_owned());
        }
        let Some(next) = page["_links"]["next"]["href"].as_str() else {
            break;
        };
        let response = api.get_href(next).await;
        assert_eq!(response.status(), 200);
        page = response.json().await.unwrap();
    }
    ids.reverse();
    assert_eq!(seen, ids, "newest first, every item once");
}
