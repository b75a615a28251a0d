//! Faults that create the remote and then answer the POST badly: a `504 Gateway Timeout`, or a
//! 202 whose body cannot be read. The remote must exist and run to Done all the same, and the
//! POST must count once, so a client can prove it never sent a remote twice.

mod common;

use common::{Api, Receiver, outcome};
use serde_json::{Value, json};
use stellantis_sim::{Faults, SimConfig};

fn labelled_horn(label: &str) -> Value {
    json!({"label": label, "action": {"horn": {"state": "Activated"}}})
}

async fn post(api: &Api, channel: &str, body: &Value) -> reqwest::Response {
    api.post_remote(0, channel, body).await
}

/// The newest remote of vehicle 0 on `channel`, as listed, with the list's total.
async fn newest(api: &Api, channel: &str) -> (Value, u64) {
    let list = api.json(&api.remotes_path(0, channel)).await;
    (
        list["_embedded"]["remoteActions"][0].clone(),
        list["total"].as_u64().expect("total"),
    )
}

/// The remote is listed with its label, reaches Done/Success by webhook, and reads back by id.
async fn assert_created_and_done(api: &Api, rx: &Receiver, channel: &str, label: &str) -> String {
    let (listed, _) = newest(api, channel).await;
    assert_eq!(listed["remote"]["label"], label, "{listed}");
    assert_eq!(listed["type"], "Horn");
    let rid = listed["remoteActionId"]
        .as_str()
        .expect("remoteActionId")
        .to_owned();
    let events = rx.wait_done(&rid).await;
    assert_eq!(outcome(&events), ("Success".to_owned(), None));
    assert_eq!(events.len(), 4, "the whole lifecycle: {events:#?}");
    let read = api.read_remote(0, channel, &rid).await;
    assert_eq!(read["status"], "Success");
    assert_eq!(read["remote"]["label"], label);
    rid
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_then_504_creates_the_remote_and_answers_gateway_timeout() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    let admin = format!("{}/admin/faults", api.sim.admin_url());
    let set = api
        .http
        .put(&admin)
        .json(&json!({"gateway_timeout_after_remote_create": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    assert_eq!(
        api.admin("/faults").await["gateway_timeout_after_remote_create"],
        1
    );

    let response = post(&api, &channel, &labelled_horn("store-then-504")).await;
    assert_eq!(response.status(), 504);
    let body: Value = response.json().await.expect("a JSON gateway body");
    assert_eq!(body["httpCode"], "504");
    assert_eq!(body["httpMessage"], "Gateway Timeout");
    assert!(body["moreInformation"].is_string());
    assert!(body.get("remoteActionId").is_none(), "{body}");
    assert_eq!(api.sim.remote_posts(), 1);

    let rid = assert_created_and_done(&api, &rx, &channel, "store-then-504").await;
    let stats = api.admin("/stats").await;
    assert_eq!(stats["remotePosts"], 1);
    assert_eq!(stats["remotesCreated"], 1);

    // The fault is used up: the next POST is answered 202, and the list holds both.
    assert_eq!(
        api.admin("/faults").await["gateway_timeout_after_remote_create"],
        0
    );
    let next = api.remote(0, &channel, &labelled_horn("next")).await;
    assert_ne!(next, rid);
    assert_eq!(api.sim.remote_posts(), 2);
    assert_eq!(newest(&api, &channel).await.1, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_accept_creates_the_remote_and_answers_202_with_broken_json() {
    let api = Api::start(SimConfig::for_tests()).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    api.sim.set_faults(Faults {
        unreadable_accept_after_remote_create: 1,
        ..Faults::default()
    });

    let response = post(&api, &channel, &labelled_horn("unreadable")).await;
    assert_eq!(response.status(), 202);
    assert_eq!(
        response.headers()["content-type"],
        "application/hal+json",
        "it looks like the usual answer"
    );
    let text = response.text().await.expect("a body");
    assert!(!text.is_empty());
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "not valid JSON: {text}"
    );
    assert_eq!(api.sim.remote_posts(), 1);

    let rid = assert_created_and_done(&api, &rx, &channel, "unreadable").await;
    assert!(!text.contains(&rid), "the id cannot be read from {text}");
    let stats = api.admin("/stats").await;
    assert_eq!(stats["remotePosts"], 1);
    assert_eq!(stats["remotesCreated"], 1);

    assert_eq!(api.sim.faults().unreadable_accept_after_remote_create, 0);
    api.remote(0, &channel, &labelled_horn("next")).await;
    assert_eq!(api.sim.remote_posts(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answer_faults_are_used_one_per_created_remote_in_order() {
    // Set at start (as the CLI flags do); a refused POST uses none of them.
    let api = Api::start(SimConfig {
        faults: Faults {
            gateway_timeout_after_remote_create: 1,
            unreadable_accept_after_remote_create: 1,
            ..Faults::default()
        },
        ..SimConfig::for_tests()
    })
    .await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    let refused = post(&api, &channel, &json!({"action": {"horn": {}}})).await;
    assert_eq!(refused.status(), 400);
    assert_eq!(api.sim.remote_posts(), 1, "a refused POST counts too");

    let first = post(&api, &channel, &labelled_horn("first")).await;
    assert_eq!(first.status(), 504);
    assert_created_and_done(&api, &rx, &channel, "first").await;
    let second = post(&api, &channel, &labelled_horn("second")).await;
    assert_eq!(second.status(), 202);
    assert!(serde_json::from_slice::<Value>(&second.bytes().await.unwrap()).is_err());
    assert_created_and_done(&api, &rx, &channel, "second").await;
    api.remote(0, &channel, &labelled_horn("third")).await;
    assert_created_and_done(&api, &rx, &channel, "third").await;

    assert_eq!(api.sim.faults(), Faults::default(), "all used up");
    let stats = api.sim.stats();
    assert_eq!(stats.remote_posts, 4);
    assert_eq!(stats.remotes_created, 3);
    assert_eq!(newest(&api, &channel).await.1, 3);
}
