//! Rate limits, injected faults and webhook delivery trouble, over real HTTP.

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::{Api, Receiver, WAIT, statuses};
use serde_json::{Value, json};
use stellantis_sim::{Faults, SimConfig};

async fn until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn horn() -> Value {
    json!({"action": {"horn": {"state": "Activated"}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn burst_and_day_quotas_answer_429_with_headers() {
    let api = Api::start(SimConfig {
        burst_per_second: 5,
        ..SimConfig::for_tests()
    })
    .await;
    let first = api.get("/accounts/vehicles").await;
    assert_eq!(first.status(), 200);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header(&first, "x-ratelimit-limit-2").as_deref(), Some("5"));
    assert_eq!(
        header(&first, "x-ratelimit-limit-1").as_deref(),
        Some("100000")
    );
    assert!(header(&first, "x-ratelimit-remaining-2").is_some());
    let mut limited = None;
    for _ in 0..500 {
        let response = api.get("/accounts/vehicles").await;
        if response.status() == 429 {
            limited = Some(response);
            break;
        }
    }
    let limited = limited.expect("the burst limit answers 429");
    assert_eq!(header(&limited, "retry-after").as_deref(), Some("1"));
    assert_eq!(
        header(&limited, "x-ratelimit-remaining-2").as_deref(),
        Some("0")
    );
    let body: Value = limited.json().await.unwrap();
    assert!(body["name"].is_string() && body["debug"].is_string() && body["message"].is_string());

    let api = Api::start(SimConfig {
        day_quota: 3,
        ..SimConfig::for_tests()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(api.get("/accounts/vehicles").await.status(), 200);
    }
    let over = api.get("/accounts/vehicles").await;
    assert_eq!(over.status(), 429);
    assert_eq!(
        header(&over, "x-ratelimit-remaining-1").as_deref(),
        Some("0")
    );
    let retry: u64 = header(&over, "retry-after").unwrap().parse().unwrap();
    assert!(retry > 3600, "the day quota resets in hours, got {retry}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_shares_and_latency_through_the_admin_endpoint() {
    let api = Api::start(SimConfig::for_tests()).await;
    let admin = format!("{}/admin/faults", api.sim.admin_url());
    let put = |faults: Value| {
        let http = api.http.clone();
        let admin = admin.clone();
        async move {
            assert_eq!(
                http.put(&admin)
                    .json(&faults)
                    .send()
                    .await
                    .unwrap()
                    .status(),
                200
            )
        }
    };
    put(json!({"error_5xx_share": 1.0})).await;
    let response = api.get("/accounts/vehicles").await;
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert!(body["name"].is_string() && body["debug"].is_string() && body["message"].is_string());
    put(json!({"rate_429_share": 1.0})).await;
    let response = api.get("/accounts/vehicles").await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    put(json!({"latency_ms": 150})).await;
    let started = Instant::now();
    assert_eq!(api.get("/accounts/vehicles").await.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "latency is added"
    );
    let current: Faults =
        serde_json::from_value(api.admin("/faults").await).expect("the faults as set");
    assert_eq!(current.latency_ms, 150);
    assert_eq!(current.error_5xx_share, 0.0);
    // A share of 0.5 fails some and passes some (seeded dice).
    api.sim.set_faults(Faults {
        error_5xx_share: 0.5,
        ..Faults::default()
    });
    let mut codes = Vec::new();
    for _ in 0..40 {
        codes.push(api.get("/accounts/vehicles").await.status().as_u16());
    }
    assert!(codes.contains(&503) && codes.contains(&200), "{codes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connection_after_create_leaves_the_remote_created() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    api.sim.set_faults(Faults {
        drop_after_remote_create: 1,
        ..Faults::default()
    });
    let result = api
        .http
        .post(api.url(&api.remotes_path(0, &channel)))
        .bearer_auth(&api.token)
        .json(&horn())
        .send()
        .await;
    assert!(result.is_err(), "the client never sees the 202: {result:?}");
    assert_eq!(api.sim.remote_posts(), 1);
    // The remote exists and runs to Done.
    let list = api.json(&api.remotes_path(0, &channel)).await;
    assert_eq!(list["total"], 1);
    let rid = list["_embedded"]["remoteActions"][0]["remoteActionId"]
        .as_str()
        .unwrap()
        .to_owned();
    rx.wait_done(&rid).await;
    // The fault is used up: the next POST is answered.
    api.remote(0, &channel, &horn()).await;
    assert_eq!(api.sim.remote_posts(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_reordered_and_legacy_named_webhooks() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    api.sim.set_faults(Faults {
        duplicate_webhooks: true,
        ..Faults::default()
    });
    let rid = api.remote(0, &channel, &horn()).await;
    until("both copies of Done", || {
        rx.events_of(&rid)
            .iter()
            .filter(|e| e["remoteEvent"]["eventStatus"]["type"] == "Done")
            .count()
            == 2
    })
    .await;
    let events = rx.events_of(&rid);
    assert_eq!(events.len(), 8, "4 events, each twice: {events:#?}");

    api.sim.set_faults(Faults {
        reorder_webhooks: true,
        ..Faults::default()
    });
    let rid = api.remote(0, &channel, &horn()).await;
    until("all 4 events", || rx.events_of(&rid).len() == 4).await;
    let order: Vec<String> = statuses(&rx.events_of(&rid))
        .into_iter()
        .map(|(_, s, _)| s)
        .collect();
    assert_eq!(
        order,
        ["Accepted", "CheckingVehicle", "Success", "SentToVehicle"]
    );

    api.sim.set_faults(Faults {
        legacy_remote_type_names: true,
        ..Faults::default()
    });
    let rid = api
        .remote(
            0,
            &channel,
            &json!({"action": {"locking": {"state": "Locked"}}}),
        )
        .await;
    let events = rx.wait_done(&rid).await;
    assert!(
        events
            .iter()
            .all(|e| e["remoteEvent"]["remoteType"] == "Doors")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_target_is_retried_and_flushed_as_an_array_once_it_answers() {
    let config = SimConfig {
        webhook_retry_interval: Duration::from_millis(20),
        ..SimConfig::for_tests()
    };
    let api = Api::start(config).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    api.sim.set_faults(Faults {
        webhook_unreachable: true,
        ..Faults::default()
    });
    let rid = api.remote(0, &channel, &horn()).await;
    // Polling settles it while webhooks fail.
    let deadline = Instant::now() + WAIT;
    while api.read_remote(0, &channel, &rid).await["status"] != "Success" {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    until("a failed attempt", || api.sim.stats().webhook_failures >= 2).await;
    assert!(rx.messages().is_empty());
    api.sim.set_faults(Faults::default());
    let events = rx.wait_done(&rid).await;
    assert_eq!(events.len(), 4);
    let deliveries = rx.deliveries.lock().unwrap().clone();
    assert_eq!(deliveries.len(), 1, "the backlog arrives in one POST");
    assert!(
        deliveries[0].body.is_array(),
        "a lagging receiver gets a JSON array"
    );
    // The simulator counts a delivery once the receiver's answer is back, just after the
    // receiver has recorded it: wait for the count rather than race it.
    until("the array delivery counted", || {
        api.sim.stats().webhook_arrays >= 1
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_answering_500_is_retried_and_given_up_after_the_configured_time() {
    let config = SimConfig {
        webhook_retry_interval: Duration::from_millis(10),
        webhook_give_up_after: Duration::from_millis(300),
        ..SimConfig::for_tests()
    };
    let api = Api::start(config).await;
    let rx = Receiver::start().await;
    rx.status.store(500, Ordering::SeqCst);
    let channel = api.channel(&rx).await;
    api.remote(0, &channel, &horn()).await;
    until("the messages are given up", || {
        api.sim.stats().webhook_dropped >= 1
    })
    .await;
    assert!(
        api.sim.stats().webhook_failures >= 2,
        "retried before giving up"
    );
    rx.status.store(200, Ordering::SeqCst);
    // Later events are delivered again.
    let rid = api.remote(0, &channel, &horn()).await;
    rx.wait_done(&rid).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_webhooks_arrive_after_polling_already_settled_the_remote() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    api.sim.set_faults(Faults {
        late_webhooks_ms: 2000,
        ..Faults::default()
    });
    let rid = api.remote(0, &channel, &horn()).await;
    let deadline = Instant::now() + WAIT;
    while api.read_remote(0, &channel, &rid).await["status"] != "Success" {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(rx.messages().is_empty(), "the webhooks are held back");
    rx.wait_done(&rid).await;
    // Counted once the receiver's answer is back, just after the receiver recorded it.
    until("the delivery counted", || {
        api.sim.stats().webhook_posts >= 1
    })
    .await;
    let stats = api.admin("/stats").await;
    assert_eq!(stats["remotePosts"], 1);
    assert_eq!(stats["remotesCreated"], 1);
    assert!(stats["webhookPosts"].as_u64().unwrap() >= 1);
    let fleet = api.admin("/fleet").await;
    assert_eq!(fleet["vehicles"].as_array().unwrap().len(), 25);
    assert_eq!(
        fleet["vehicles"][5]["traits"],
        json!(["awake", "doorsOpen"])
    );
}
