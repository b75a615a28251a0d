//! Remotes the server refuses over real HTTP: the invalid-body table (400 with the spec error body,
//! nothing created), a remote the vehicle lacks (501), an unknown vehicle (403) or channel (404).

mod common;

use common::{Api, Receiver};
use serde_json::{Value, json};
use stellantis_sim::SimConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_bodies_get_400_with_the_spec_error_body() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    let pos = |lon: f64, lat: f64| json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}});
    let table: Vec<(&str, Value)> = vec![
        ("not JSON object", json!([1, 2])),
        ("no action", json!({"label": "x"})),
        ("empty action", json!({"action": {}})),
        (
            "unknown action",
            json!({"action": {"teleport": {"to": "Mars"}}}),
        ),
        (
            "two actions",
            json!({"action": {"horn": {"state": "Activated"}, "lights": {"state": "Activated"}}}),
        ),
        (
            "wrong enum",
            json!({"action": {"locking": {"state": "Open"}}}),
        ),
        ("missing state", json!({"action": {"horn": {}}})),
        (
            "unknown field",
            json!({"action": {"horn": {"state": "Activated", "loud": true}}}),
        ),
        (
            "unknown top-level field",
            json!({"colour": "red", "action": {"horn": {"state": "Activated"}}}),
        ),
        (
            "wrong type",
            json!({"action": {"immobilization": {"activate": "yes"}}}),
        ),
        (
            "wakeup wrong value",
            json!({"action": {"wakeup": {"action": "Sleep"}}}),
        ),
        (
            "finder wrong value",
            json!({"action": {"vehicleFinder": {"action": "Where"}}}),
        ),
        (
            "bad extendedEventParam",
            json!({"extendedEventParam": ["vehicle.mood"], "action": {"vehicleFinder": {"action": "GetPresentLocation"}}}),
        ),
        (
            "charging slot 3",
            json!({"action": {"charging": {"charge": {"programs": [{"start": "PT1H", "minChargingLevel": 10, "maxChargingLevel": 80, "slot": 3}]}}}}),
        ),
        (
            "charging min level 60",
            json!({"action": {"charging": {"charge": {"programs": [{"start": "PT1H", "minChargingLevel": 60, "maxChargingLevel": 80, "slot": 1}]}}}}),
        ),
        (
            "charging max level 101",
            json!({"action": {"charging": {"charge": {"programs": [{"start": "PT1H", "minChargingLevel": 10, "maxChargingLevel": 101, "slot": 1}]}}}}),
        ),
        (
            "charging slot twice",
            json!({"action": {"charging": {"charge": {"programs": [{"start": "PT1H", "minChargingLevel": 10, "maxChargingLevel": 80, "slot": 1}, {"start": "PT2H", "minChargingLevel": 10, "maxChargingLevel": 80, "slot": 1}]}}}}),
        ),
        (
            "charging two kinds",
            json!({"action": {"charging": {"charge": {"immediate": true, "settings": {"chargeLimit": "High"}}}}}),
        ),
        (
            "startTime with immediate",
            json!({"action": {"charging": {"charge": {"deferred": {"start": {"startTime": "PT1H", "immediate": true}}}}}}),
        ),
        (
            "bad duration",
            json!({"action": {"charging": {"charge": {"deferred": {"start": {"startTime": "14:30"}}}}}}),
        ),
        (
            "duration over a day",
            json!({"action": {"charging": {"charge": {"deferred": {"start": {"startTime": "PT25H"}}}}}}),
        ),
        (
            "bad charge limit",
            json!({"action": {"charging": {"charge": {"settings": {"chargeLimit": "Low"}}}}}),
        ),
        (
            "precond slot 5",
            json!({"action": {"preconditioning": {"airConditioning": {"programs": [{"start": "PT7H", "slot": 5}]}}}}),
        ),
        (
            "precond slot twice",
            json!({"action": {"preconditioning": {"airConditioning": {"programs": [{"start": "PT7H", "slot": 2}, {"start": "PT8H", "slot": 2}]}}}}),
        ),
        (
            "precond misspelt occurence",
            json!({"action": {"preconditioning": {"airConditioning": {"programs": [{"start": "PT7H", "slot": 1, "occurence": {"day": ["Mon"]}}]}}}}),
        ),
        (
            "precond bad day",
            json!({"action": {"preconditioning": {"airConditioning": {"programs": [{"start": "PT7H", "slot": 1, "occurrence": {"day": ["Monday"]}}]}}}}),
        ),
        (
            "precond settings without temp",
            json!({"action": {"preconditioning": {"airConditioning": {"settings": {"mode": "Auto"}}}}}),
        ),
        (
            "stolen two attributes",
            json!({"action": {"stolen": {"state": true, "crankInhibit": {"activate": true}}}}),
        ),
        ("stolen empty", json!({"action": {"stolen": {}}})),
        (
            "tan two attributes",
            json!({"action": {"tan": {"suppress": {"state": true, "duration": 1}, "confirm": {"state": true}}}}),
        ),
        (
            "tan duration 6",
            json!({"action": {"tan": {"suppress": {"state": true, "duration": 6}}}}),
        ),
        (
            "tan suppress without duration",
            json!({"action": {"tan": {"suppress": {"state": true}}}}),
        ),
        (
            "navigation no positions",
            json!({"action": {"navigation": {"positions": []}}}),
        ),
        (
            "navigation 11 positions",
            json!({"action": {"navigation": {"positions": vec![pos(2.0, 48.0); 11]}}}),
        ),
        (
            "navigation lat out of range",
            json!({"action": {"navigation": {"positions": [pos(2.0, 95.0)]}}}),
        ),
        (
            "navigation lon out of range",
            json!({"action": {"navigation": {"positions": [pos(190.0, 45.0)]}}}),
        ),
        (
            "navigation swapped order",
            json!({"action": {"navigation": {"positions": [pos(48.85, 120.0)]}}}),
        ),
        (
            "navigation not a point",
            json!({"action": {"navigation": {"positions": [{"type": "Feature", "geometry": {"type": "Line", "coordinates": [1.0, 2.0]}}]}}}),
        ),
        (
            "onboard wrong value",
            json!({"action": {"onboardPersonalData": {"action": "Erase"}}}),
        ),
    ];
    for (name, body) in &table {
        let response = api.post_remote(0, &channel, body).await;
        assert_eq!(response.status(), 400, "{name}");
        let error: Value = response.json().await.expect("JSON error body");
        for key in ["name", "debug", "message"] {
            assert!(error[key].is_string(), "{name}: {key} in {error}");
        }
    }
    // A body that is not JSON at all.
    let path = api.remotes_path(0, &channel);
    let response = api
        .http
        .post(api.url(&path))
        .bearer_auth(&api.token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    // None of them was created: no events, the list is empty.
    let list = api.json(&path).await;
    assert_eq!(list["total"], 0);
    assert_eq!(api.sim.remote_posts(), table.len() as u64 + 1);
    assert_eq!(api.sim.stats().remotes_created, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsupported_remote_is_501_and_unknown_vehicle_403_and_unknown_channel_404() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    let horn = json!({"action": {"horn": {"state": "Activated"}}});
    let response = api.post_remote(4, &channel, &horn).await;
    assert_eq!(response.status(), 501);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["name"].is_string() && error["debug"].is_string() && error["message"].is_string()
    );
    // Thermic vehicle: no charging.
    let response = api
        .post_remote(
            2,
            &channel,
            &json!({"action": {"charging": {"charge": {"immediate": true}}}}),
        )
        .await;
    assert_eq!(response.status(), 501);
    let response = api
        .send(
            reqwest::Method::POST,
            &format!("/accounts/vehicles/nope/channels/{channel}/remotes"),
            &horn,
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = api.post_remote(0, "ffff", &horn).await;
    assert_eq!(response.status(), 404);
}
