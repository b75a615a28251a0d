//! The client against the simulator's faults, over real HTTP: token expiry mid-run, a 429
//! storm, a connection dropped after the server accepted a remote, duplicate and out-of-order
//! webhooks, a webhook without the secret, silence then a late answer, and a 501.

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;
use serde_json::json;
use stellantis::tracker::{EventKind, Outcome};
use stellantis::wire::response::DoneStatus;
use stellantis::{ErrorKind, TrackerConfig};
use stellantis_sim::Faults;

fn locking(state: &str) -> stellantis::model::RemoteCommand {
    command(json!({"feature":"locking","state":state}))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_expiry_mid_run_is_invisible_to_callers() {
    let sim = sim(|c| c.token_lifetime = Duration::from_secs(1)).await;
    let client = client(&sim);
    let vehicle = sim.vehicle_ids()[0].clone();
    let session = session(client.clone(), webhook_only()).await;
    let until = tokio::time::Instant::now() + Duration::from_millis(3500);
    let mut rounds = 0;
    while rounds < 4 || tokio::time::Instant::now() < until {
        assert_eq!(client.vehicles().await.expect("vehicles").len(), 25);
        client.latest_telemetry(&vehicle).await.expect("telemetry");
        let outcome = session
            .tracker
            .send_and_wait(
                &vehicle,
                locking(if rounds % 2 == 0 {
                    "Locked"
                } else {
                    "Unlocked"
                }),
                WAIT,
            )
            .await;
        assert_succeeded(&outcome);
        rounds += 1;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // A 1 s token over 3.5 s: refreshed several times, and never a caller-visible error.
    assert!(
        client.http().tokens().fetch_count() >= 3,
        "{}",
        client.http().tokens().fetch_count()
    );
    assert!(rounds >= 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_is_waited_out_and_nothing_is_sent_twice() {
    let sim = sim(|_| {}).await;
    let client = client(&sim);
    let vehicle = sim.vehicle_ids()[1].clone();
    let session = session(client.clone(), webhook_only()).await;
    sim.set_faults(Faults {
        rate_429_share: 0.5,
        ..Faults::default()
    });
    let reads: Vec<_> = (0..6)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.vehicles().await.map(|v| v.len()) })
        })
        .collect();
    let mut sent = Vec::new();
    for state in ["Unlocked", "Locked", "Unlocked"] {
        sent.push(session.tracker.send(&vehicle, locking(state)));
    }
    for r in reads {
        assert_eq!(r.await.expect("join").expect("read survives the storm"), 25);
    }
    for t in &mut sent {
        let outcome = t.wait_done(WAIT).await;
        assert_succeeded(&outcome);
    }
    assert!(client.http().stats().rate_limited.load(Ordering::Relaxed) > 0);
    sim.set_faults(Faults::default());
    // The server holds each label exactly once: a 429 was repeated, never a created remote.
    let remotes = client
        .remotes(&vehicle, session.tracker.channel_id(), 10)
        .await
        .expect("remote list");
    for t in &sent {
        let n = remotes
            .iter()
            .filter(|r| r.label() == Some(t.label.as_str()))
            .count();
        assert_eq!(n, 1, "label {} on the server {n} times", t.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_is_not_resent_and_still_ends_known() {
    let sim = sim(|_| {}).await;
    let client = client(&sim);
    let vehicle = sim.vehicle_ids()[0].clone();
    let session = session(client.clone(), webhook_only()).await;
    // What one ordinary POST adds to the counter, to compare with.
    let before = sim.remote_posts();
    let normal = session
        .tracker
        .send_and_wait(&vehicle, locking("Locked"), WAIT)
        .await;
    assert!(matches!(normal, Outcome::Done(_)), "{normal:?}");
    let per_post = sim.remote_posts() - before;
    assert_eq!(per_post, 1, "the simulator counts each remote POST once");

    sim.set_faults(Faults {
        drop_after_remote_create: 1,
        ..Faults::default()
    });
    // At the client level: the answer is lost, and the label finds the remote.
    let other = sim.vehicle_ids()[1].clone();
    let channel = session.tracker.channel_id().to_owned();
    let posted = client
        .post_remote(
            &other,
            &channel,
            &locking("Locked"),
            "lost-answer-probe",
            None,
        )
        .await
        .expect("no error, just no answer");
    assert!(
        matches!(posted, stellantis::Posted::Lost { .. }),
        "{posted:?}"
    );
    let found = client
        .find_remote_by_label(&other, &channel, "lost-answer-probe")
        .await
        .expect("list")
        .expect("the server has it");
    assert!(!found.remote_action_id.is_empty());

    sim.set_faults(Faults {
        drop_after_remote_create: 1,
        ..Faults::default()
    });
    let before = sim.remote_posts();
    let mut t = session.tracker.send(&vehicle, locking("Unlocked"));
    let outcome = t.wait_done(WAIT).await;
    let Outcome::Done(report) = outcome else {
        panic!("not settled: {outcome:?}");
    };
    assert!(report.succeeded(), "{report:?}");
    assert_eq!(
        sim.remote_posts() - before,
        1,
        "the remote was POSTed again"
    );
    let remotes = client
        .remotes(&vehicle, session.tracker.channel_id(), 10)
        .await
        .expect("list");
    assert_eq!(
        remotes
            .iter()
            .filter(|r| r.label() == Some(t.label.as_str()))
            .count(),
        1
    );
    // The remote id was recovered by label: `Sent` carries it.
    let events = steps(&mut t).await;
    assert!(
        events.iter().any(|e| e.command_id == t.command_id
            && matches!(e.event, EventKind::Sent)
            && e.remote_action_id.is_some()),
        "{events:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_and_out_of_order_webhooks_change_nothing() {
    let sim = sim(|c| {
        c.faults = Faults {
            duplicate_webhooks: true,
            reorder_webhooks: true,
            ..Faults::default()
        }
    })
    .await;
    let vehicle = sim.vehicle_ids()[2].clone(); // asleep: more Pending steps to disorder
    let session = session(client(&sim), webhook_only()).await;
    let mut sent: Vec<_> = ["Locked", "Unlocked", "Locked"]
        .into_iter()
        .map(|s| session.tracker.send(&vehicle, locking(s)))
        .collect();
    for t in &mut sent {
        let outcome = t.wait_done(WAIT).await;
        assert!(matches!(outcome, Outcome::Done(_)), "{outcome:?}");
    }
    // Let the duplicates that trail the last Done arrive too.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for t in &mut sent {
        let events = steps(t).await;
        assert!(
            events.iter().all(|e| e.command_id == t.command_id),
            "another command's event on this stream: {events:?}"
        );
        let mine: Vec<_> = events.iter().map(|e| &e.event).collect();
        let dones = mine
            .iter()
            .filter(|k| matches!(k, EventKind::Done(_)))
            .count();
        assert_eq!(dones, 1, "{mine:?}");
        assert!(
            matches!(mine.last(), Some(EventKind::Done(_))),
            "an event after Done: {mine:?}"
        );
        let steps: Vec<_> = mine
            .iter()
            .filter(|k| matches!(k, EventKind::Pending { .. }))
            .collect();
        let unique: std::collections::HashSet<_> = steps.iter().map(|k| format!("{k:?}")).collect();
        assert_eq!(unique.len(), steps.len(), "a step twice: {mine:?}");
    }
    assert!(session.receiver.stats().accepted.load(Ordering::Relaxed) >= 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_without_the_secret_is_refused_and_ignored() {
    let sim = sim(|_| {}).await;
    let vehicle = sim.vehicle_ids()[0].clone();
    let session = session(client(&sim), webhook_only()).await;
    // A forged Done must not even reach the tracker.
    let http = reqwest::Client::new();
    let forged = json!({"channelId": session.channel_id, "type":"Remote","date":"2024-01-01T00:00:00Z",
        "remoteEvent":{"remoteActionId":"forged","remoteType":"Locking","eventStatus":{"type":"Done","status":"Success"}}});
    for secret in [None, Some("wrong"), Some("")] {
        let mut req = http.post(session.receiver.url()).json(&forged);
        if let Some(s) = secret {
            req = req.header("x-car-remote-secret", s);
        }
        assert_eq!(req.send().await.expect("sent").status().as_u16(), 401);
    }
    assert_eq!(session.receiver.stats().refused.load(Ordering::Relaxed), 3);
    assert_eq!(session.receiver.stats().accepted.load(Ordering::Relaxed), 0);
    // The simulator's own deliveries carry the secret and are accepted.
    let outcome = session
        .tracker
        .send_and_wait(&vehicle, locking("Locked"), WAIT)
        .await;
    assert!(matches!(outcome, Outcome::Done(_)), "{outcome:?}");
    assert!(session.receiver.stats().accepted.load(Ordering::Relaxed) >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silence_means_unknown_and_a_late_event_still_settles_it() {
    let sim = sim(|c| {
        c.faults = Faults {
            late_webhooks_ms: 1500,
            ..Faults::default()
        }
    })
    .await;
    let vehicle = sim.vehicle_ids()[0].clone();
    let session = session(
        client(&sim),
        TrackerConfig {
            unknown_after: Duration::from_millis(200),
            ..webhook_only()
        },
    )
    .await;
    let mut t = session.tracker.send(&vehicle, locking("Locked"));
    let outcome = t.wait_done(WAIT).await;
    assert!(matches!(outcome, Outcome::Done(_)), "{outcome:?}");
    let kinds: Vec<_> = steps(&mut t).await.into_iter().map(|e| e.event).collect();
    let unknown = kinds
        .iter()
        .position(|k| matches!(k, EventKind::Unknown { .. }));
    let done = kinds.iter().position(|k| matches!(k, EventKind::Done(_)));
    assert!(
        matches!((unknown, done), (Some(u), Some(d)) if u < d),
        "{kinds:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsupported_remote_is_rejected_and_failures_carry_their_cause() {
    let sim = sim(|_| {}).await;
    let ids = sim.vehicle_ids();
    let session = session(client(&sim), webhook_only()).await;
    // Vehicle 4 has no horn: 501.
    let horn = command(json!({"feature":"horn","state":"Activated"}));
    match session.tracker.send_and_wait(&ids[4], horn, WAIT).await {
        Outcome::Rejected { kind, message } => {
            assert_eq!(kind, ErrorKind::Unsupported.as_str());
            assert!(message.contains("not support"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // Vehicle 5 has a door open: locking fails with DoorsOpen.
    match session
        .tracker
        .send_and_wait(&ids[5], locking("Locked"), WAIT)
        .await
    {
        Outcome::Done(r) => {
            assert_eq!(r.status, DoneStatus::Failed);
            assert_eq!(
                r.failure_cause.as_ref().map(|c| c.as_str()),
                Some("DoorsOpen")
            );
        }
        other => panic!("{other:?}"),
    }
}
