//! Reads and channels against the simulator: every vehicle across pages, one vehicle, its
//! capability and telemetry, remotes read back, channel pause/resume, and GETs that survive a
//! share of 5xx answers.

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;
use serde_json::json;
use stellantis::wire::response::{RemoteState, RunStatus};
use stellantis::{Client, Outcome, Secret};
use stellantis_sim::Faults;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_vehicle_across_pages_and_each_read() {
    let sim = sim(|c| c.vehicles = 250).await;
    let client = client(&sim);
    let vehicles = client.vehicles().await.expect("vehicles");
    let ids: Vec<_> = vehicles.iter().map(|v| v.id.clone()).collect();
    assert_eq!(
        ids,
        sim.vehicle_ids(),
        "all pages, in fleet order, each once"
    );
    assert!(vehicles.iter().all(|v| v.vin.is_some()));

    let first = &ids[0];
    let one = client.vehicle(first).await.expect("vehicle");
    assert_eq!(&one.id, first);
    assert_eq!(one.vin, vehicles[0].vin);
    let cap = client.capability(first).await.expect("capability");
    assert_eq!(cap.remote_supported("horn"), Some(true));
    let no_horn = client.capability(&ids[4]).await.expect("capability");
    assert_eq!(no_horn.remote_supported("horn"), Some(false));
    let t = client.latest_telemetry(first).await.expect("telemetry");
    assert!(t.position.is_some(), "{:?}", t.raw);

    let err = client
        .vehicle("no-such-vehicle")
        .await
        .expect_err("unknown id");
    assert!(
        matches!(
            err.kind(),
            stellantis::ErrorKind::Forbidden | stellantis::ErrorKind::NotFound
        ),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remotes_read_back_and_channel_pause_resume() {
    let sim = sim(|_| {}).await;
    let client = client(&sim);
    let vehicle = sim.vehicle_ids()[0].clone();
    let session = session(client.clone(), webhook_only()).await;
    let channel = session.channel_id.clone();
    let mut t = session.tracker.send(
        &vehicle,
        command(json!({"feature":"horn","state":"Activated"})),
    );
    assert!(matches!(t.wait_done(WAIT).await, Outcome::Done(_)));
    let list = client.remotes(&vehicle, &channel, 5).await.expect("list");
    let mine = list
        .iter()
        .find(|r| r.label() == Some(t.label.as_str()))
        .expect("listed with its label");
    let again = client
        .remote(&vehicle, &channel, &mine.remote_action_id)
        .await
        .expect("by id");
    assert!(
        matches!(again.state(), Some(RemoteState::Done { .. })),
        "{again:?}"
    );
    assert_eq!(again.remote_type.as_deref(), Some("Horn"));

    // Finding the channel again by label reuses it instead of creating a second one.
    let again_id = client
        .ensure_webhook_channel(
            "car-remote-test",
            &session.receiver.url(),
            "x-car-remote-secret",
            &Secret::random().expect("OS random generator"),
        )
        .await
        .expect("found by label");
    assert_eq!(again_id, channel);
    assert_eq!(client.channels().await.expect("channels").len(), 1);

    let status = |c: &Client| {
        let c = c.clone();
        let id = channel.clone();
        async move {
            c.channels()
                .await
                .expect("channels")
                .into_iter()
                .find(|ch| ch.id == id)
                .and_then(|ch| ch.status)
        }
    };
    client
        .set_channel_status(&channel, RunStatus::Paused)
        .await
        .expect("pause");
    assert_eq!(status(&client).await, Some(RunStatus::Paused));
    client
        .set_channel_status(&channel, RunStatus::Running)
        .await
        .expect("resume");
    assert_eq!(status(&client).await, Some(RunStatus::Running));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_survive_a_share_of_server_errors() {
    let sim = sim(|c| {
        c.faults = Faults {
            error_5xx_share: 0.3,
            ..Faults::default()
        }
    })
    .await;
    let mut config = config(&sim);
    // Ten tries at a 30 % failure share: a read fails about once in 170 000.
    config.http.get_attempts = 10;
    config.http.backoff_base = Duration::from_millis(5);
    config.http.backoff_max = Duration::from_millis(50);
    let client = Client::new(config).expect("client");
    let vehicle = sim.vehicle_ids()[0].clone();
    for _ in 0..20 {
        assert_eq!(client.vehicles().await.expect("vehicles").len(), 25);
        client.latest_telemetry(&vehicle).await.expect("telemetry");
    }
    assert!(client.http().stats().retries.load(Ordering::Relaxed) > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pacing_keeps_a_burst_under_the_quota_the_server_reports() {
    let sim = sim(|c| c.burst_per_second = 5).await;
    let client = client(&sim);
    let vehicle = sim.vehicle_ids()[0].clone();
    // The first answer tells the client the burst limit.
    client.latest_telemetry(&vehicle).await.expect("telemetry");
    let reads: Vec<_> = (0..16)
        .map(|_| {
            let (c, v) = (client.clone(), vehicle.clone());
            tokio::spawn(async move { c.latest_telemetry(&v).await.map(|_| ()) })
        })
        .collect();
    for r in reads {
        r.await.expect("join").expect("read");
    }
    // Unpaced, 16 at once against 5 a second would draw at least 11 answers 429. The window
    // margin absorbs ordinary jitter; one 429 is tolerated for a very busy machine.
    let limited = client.http().stats().rate_limited.load(Ordering::Relaxed);
    assert!(limited <= 1, "{limited} answers were 429");
}
