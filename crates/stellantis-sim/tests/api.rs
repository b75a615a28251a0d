//! Auth, vehicle reads with paging, channels, over real HTTP.

mod common;

use std::time::Duration;

use common::{Api, Receiver};
use serde_json::{Value, json};
use stellantis_sim::SimConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_endpoint_accepts_basic_and_form_client_auth_and_rejects_bad_secrets() {
    let api = Api::start(SimConfig::for_tests()).await;
    let http = &api.http;
    let sim = &api.sim;
    let form = http
        .post(sim.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", sim.client_id()),
            ("client_secret", sim.client_secret()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let body: Value = form.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let wrong = http
        .post(sim.token_url())
        .basic_auth(sim.client_id(), Some("wrong"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        wrong.json::<Value>().await.unwrap()["error"],
        "invalid_client"
    );
    let grant = http
        .post(sim.token_url())
        .basic_auth(sim.client_id(), Some(sim.client_secret()))
        .form(&[("grant_type", "password")])
        .send()
        .await
        .unwrap();
    assert_eq!(grant.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_calls_need_a_valid_token_and_the_client_id() {
    let mut api = Api::start(SimConfig {
        token_lifetime: Duration::from_secs(2),
        ..SimConfig::for_tests()
    })
    .await;
    let url = format!("{}/accounts/vehicles", api.sim.base_url());
    let check_401 = |response: reqwest::Response| async move {
        assert_eq!(response.status(), 401);
        let body: Value = response.json().await.unwrap();
        for key in ["name", "debug", "message"] {
            assert!(body[key].is_string(), "{key} in {body}");
        }
    };
    // No client_id.
    check_401(
        api.http
            .get(&url)
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    // Wrong client_id.
    check_401(
        api.http
            .get(format!("{url}?client_id=other"))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    // No token.
    check_401(
        api.http
            .get(api.url("/accounts/vehicles"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    // Unknown token.
    check_401(
        api.http
            .get(api.url("/accounts/vehicles"))
            .bearer_auth("nope")
            .send()
            .await
            .unwrap(),
    )
    .await;
    // Valid (a fresh token, so a slow machine cannot expire it before the check).
    api.token = common::token(&api.http, &api.sim).await;
    assert_eq!(api.get("/accounts/vehicles").await.status(), 200);
    // Expired.
    tokio::time::sleep(Duration::from_millis(2300)).await;
    check_401(api.get("/accounts/vehicles").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vehicles_page_through_next_links_and_validate_paging_parameters() {
    let api = Api::start(SimConfig::for_tests()).await;
    let mut page = api.json("/accounts/vehicles?pageSize=10").await;
    assert_eq!(page["total"], 25);
    assert_eq!(page["totalPage"], 3);
    assert_eq!(page["currentPage"], 1);
    let mut ids = Vec::new();
    loop {
        for v in page["_embedded"]["vehicles"].as_array().unwrap() {
            ids.push(v["id"].as_str().unwrap().to_owned());
            assert_eq!(v["vin"].as_str().unwrap().len(), 17);
        }
        let Some(next) = page["_links"]["next"]["href"].as_str() else {
            break;
        };
        let response = api.get_href(next).await;
        assert_eq!(response.status(), 200);
        page = response.json().await.unwrap();
    }
    assert_eq!(ids, api.sim.vehicle_ids());
    let range = api.json("/accounts/vehicles?indexRange=5-9").await;
    let got: Vec<&str> = range["_embedded"]["vehicles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        got,
        api.sim.vehicle_ids()[5..10]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    for bad in [
        "pageSize=0",
        "pageSize=501",
        "pageSize=ten",
        "indexRange=9-5",
        "indexRange=x",
        "pageToken=zz",
        "pageToken=00&pageSize=5",
    ] {
        assert_eq!(
            api.get(&format!("/accounts/vehicles?{bad}")).await.status(),
            400,
            "{bad}"
        );
    }
    // Deterministic: the same seed gives the same fleet, another seed another one.
    let again = stellantis_sim::start(SimConfig::for_tests()).await.unwrap();
    assert_eq!(again.vehicle_ids(), api.sim.vehicle_ids());
    let other = stellantis_sim::start(SimConfig {
        seed: 2,
        ..SimConfig::for_tests()
    })
    .await
    .unwrap();
    assert_ne!(other.vehicle_ids(), api.sim.vehicle_ids());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vehicle_detail_capability_and_telemetry_reflect_the_fleet_traits() {
    let api = Api::start(SimConfig::for_tests()).await;
    let id0 = api.vehicle(0);
    let detail = api.json(&format!("/accounts/vehicles/{id0}")).await;
    assert_eq!(detail["motorization"], "Electric");
    let cap0 = api
        .json(&format!("/accounts/vehicles/{id0}/capability"))
        .await;
    for key in [
        "preconditioning",
        "charging",
        "door",
        "horn",
        "lights",
        "wakeup",
        "navigation",
        "stolen",
        "tanSuppress",
    ] {
        assert_eq!(
            cap0["onboardCapabilities"]["remote"][key]["supported"], true,
            "{key}"
        );
    }
    let cap4 = api
        .json(&format!("/accounts/vehicles/{}/capability", api.vehicle(4)))
        .await;
    assert_eq!(
        cap4["onboardCapabilities"]["remote"]["horn"]["supported"],
        false
    );
    assert_eq!(
        cap4["onboardCapabilities"]["remote"]["lights"]["supported"],
        false
    );
    let t5 = api
        .json(&format!(
            "/accounts/vehicles/{}/telemetries/latest",
            api.vehicle(5)
        ))
        .await;
    let open: Vec<&Value> = t5["vehicle"]["doorsState"]["opening"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["state"] == "Open")
        .collect();
    assert_eq!(open.len(), 2);
    let t6 = api
        .json(&format!(
            "/accounts/vehicles/{}/telemetries/latest",
            api.vehicle(6)
        ))
        .await;
    assert_eq!(t6["vehicle"]["kinetic"]["moving"], true);
    let t10 = api
        .json(&format!(
            "/accounts/vehicles/{}/telemetries/latest",
            api.vehicle(10)
        ))
        .await;
    assert_eq!(t10["privacy"]["state"], "Geolocation");
    assert!(
        t10["vehicle"].get("location").is_none(),
        "privacy hides the position"
    );
    let t12 = api
        .json(&format!(
            "/accounts/vehicles/{}/telemetries/latest",
            api.vehicle(12)
        ))
        .await;
    assert_eq!(
        t12["vehicle"]["energies"][0]["extension"]["electric"]["charging"]["status"],
        "InProgress"
    );
    let summary = api.sim.fleet_summary();
    assert!(summary[0].traits.contains(&"awake"));
    assert!(summary[2].traits.contains(&"asleep"));
    assert!(summary[3].traits.contains(&"deepSleep"));
    assert!(summary[4].traits.contains(&"noHorn"));
    assert_eq!(api.get("/accounts/vehicles/unknown").await.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channels_create_list_read_update_pause_delete_and_at_most_five() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let id = api.channel(&rx).await;
    let read = api.json(&format!("/accounts/channels/{id}")).await;
    assert_eq!(read["status"], "Running");
    assert_eq!(
        read["subscribe"]["channel"]["webhook"]["target"],
        rx.url.as_str()
    );
    let update = json!({"type": ["Remote"], "label": "renamed", "channel": {"webhook": {"target": rx.url, "name": "n"}}});
    let response = api.put(&format!("/accounts/channels/{id}"), &update).await;
    assert_eq!(response.status(), 202);
    assert_eq!(
        api.json(&format!("/accounts/channels/{id}")).await["subscribe"]["label"],
        "renamed"
    );
    let response = api.put_channel_status(&id, "Paused").await;
    assert_eq!(response.status(), 202);
    assert_eq!(
        api.json(&format!("/accounts/channels/{id}")).await["status"],
        "Paused"
    );
    let response = api.put_channel_status(&id, "Gone").await;
    assert_eq!(response.status(), 400);
    for _ in 0..4 {
        api.channel(&rx).await;
    }
    let list = api.json("/accounts/channels").await;
    assert_eq!(list["total"], 5);
    let sixth =
        json!({"type": ["Remote"], "channel": {"webhook": {"target": rx.url, "name": "six"}}});
    assert_eq!(
        api.send(reqwest::Method::POST, "/accounts/channels", &sixth)
            .await
            .status(),
        400
    );
    for bad in [
        json!({"type": ["Remote"]}),
        json!({"type": ["Remote"], "channel": {"webhook": {"name": "no target"}}}),
        json!({"type": ["Remote"], "channel": {"webhook": {"target": "ftp://x", "name": "n"}}}),
        json!({"type": ["Remote"], "channel": {"webhook": {"target": rx.url, "name": "n", "attributes": [{"type": "Body", "key": "k", "value": "v"}]}}}),
    ] {
        let response = api.put(&format!("/accounts/channels/{id}"), &bad).await;
        assert_eq!(response.status(), 400, "{bad}");
    }
    let response = api
        .send(
            reqwest::Method::DELETE,
            &format!("/accounts/channels/{id}"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        api.get(&format!("/accounts/channels/{id}")).await.status(),
        404
    );
    assert_eq!(api.json("/accounts/channels").await["total"], 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_channel_posts_nothing_and_polling_still_works() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    api.put_channel_status(&channel, "Paused").await;
    let rid = api
        .remote(
            0,
            &channel,
            &json!({"action": {"horn": {"state": "Activated"}}}),
        )
        .await;
    let deadline = std::time::Instant::now() + common::WAIT;
    loop {
        let read = api.read_remote(0, &channel, &rid).await;
        if read["status"] == "Success" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never settled: {read}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Give the delivery worker a moment to (not) post.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(rx.messages().is_empty());
}

/// How old a telemetry time is, in seconds.
fn age_seconds(at: &Value) -> i64 {
    let text = at.as_str().expect("an RFC 3339 time");
    let at = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339");
    (time::OffsetDateTime::now_utc() - at).whole_seconds()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asleep_vehicles_report_old_readings_and_the_stolen_one_says_so() {
    let api = Api::start(SimConfig::for_tests()).await;
    let api = &api;
    let telemetry = |index: usize| {
        let path = format!(
            "/accounts/vehicles/{}/telemetries/latest",
            api.vehicle(index)
        );
        async move { api.json(&path).await }
    };
    let awake = telemetry(0).await;
    assert!(
        age_seconds(&awake["createdAt"]) < 60,
        "{}",
        awake["createdAt"]
    );
    assert!(awake["vehicle"].get("stolen").is_none());
    let asleep = telemetry(2).await;
    let age = age_seconds(&asleep["createdAt"]);
    assert!((2 * 3600..=21 * 3600).contains(&age), "asleep for {age} s");
    assert_eq!(
        asleep["vehicle"]["doorsState"]["createdAt"],
        asleep["createdAt"]
    );
    let deep = telemetry(3).await;
    assert!(age_seconds(&deep["createdAt"]) >= 7 * 24 * 3600);
    let stolen = telemetry(9).await;
    assert_eq!(stolen["vehicle"]["stolen"]["state"], true);
    assert!(age_seconds(&stolen["vehicle"]["stolen"]["createdAt"]) < 60);
    assert!(age_seconds(&stolen["vehicle"]["stolen"]["startedAt"]) >= 24 * 3600);
}
