//! Honest outcomes against the simulator's faults, over real HTTP: an answer that may hide a
//! created remote (a 504 after the remote was stored, a 202 whose body cannot be read) is settled
//! by looking the label up, never reported as not sent and never sent again; a command that
//! cannot leave in time, or is cancelled while queued, ends `NotSent` and is never sent; a
//! remote sent by an earlier run is resumed without a second POST.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use stellantis::tracker::{EventKind, Outcome, Resume, SendOptions};
use stellantis_sim::Faults;

fn locking(state: &str) -> stellantis::model::RemoteCommand {
    command(json!({"feature":"locking","state":state}))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_504_or_an_unreadable_202_after_the_remote_was_stored_settles_by_lookup() {
    let sim = sim(|_| {}).await;
    let vehicle = sim.vehicle_ids()[0].clone();
    let session = session(client(&sim), webhook_only()).await;
    for (fault, faults) in [
        (
            "store then 504",
            Faults {
                gateway_timeout_after_remote_create: 1,
                ..Faults::default()
            },
        ),
        (
            "unreadable 202",
            Faults {
                unreadable_accept_after_remote_create: 1,
                ..Faults::default()
            },
        ),
    ] {
        sim.set_faults(faults);
        let before = sim.remote_posts();
        let mut t = session.tracker.send(&vehicle, locking("Unlocked"));
        let events = steps(&mut t).await;
        let kinds: Vec<_> = events.iter().map(|e| &e.event).collect();
        assert!(
            matches!(kinds.last(), Some(EventKind::Done(r)) if r.succeeded()),
            "{fault}: {kinds:?}"
        );
        assert!(
            !kinds
                .iter()
                .any(|k| matches!(k, EventKind::NotSent { .. } | EventKind::Rejected { .. })),
            "{fault}: shown as not sent: {kinds:?}"
        );
        assert!(
            t.remote_action_id().is_some(),
            "{fault}: no remote id found"
        );
        assert_eq!(sim.remote_posts() - before, 1, "{fault}: POSTed again");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_that_cannot_leave_in_time_or_is_cancelled_is_never_sent() {
    // Vehicle 2 is asleep: its first command takes a while, the next ones wait their turn.
    let sim = sim(|c| c.time_scale = 0.05).await;
    let vehicle = sim.vehicle_ids()[2].clone();
    let session = session(client(&sim), webhook_only()).await;
    let before = sim.remote_posts();
    let mut first = session.tracker.send(&vehicle, locking("Locked"));
    // The first command holds the vehicle's turn once its POST has left (two commands sent in
    // the same instant start in whichever order the runtime runs their tasks).
    let posted = async {
        while sim.remote_posts() == before {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(WAIT, posted)
        .await
        .expect("the first command is POSTed");
    let mut late = session.tracker.send_with(
        &vehicle,
        locking("Unlocked"),
        SendOptions {
            send_by: Some(Duration::from_millis(50)),
            ..SendOptions::default()
        },
    );
    let mut cancelled = session.tracker.send(&vehicle, locking("Locked"));
    cancelled.cancel();
    for (what, t) in [("late", &mut late), ("cancelled", &mut cancelled)] {
        let outcome = t.wait_done(WAIT).await;
        assert!(
            matches!(&outcome, Outcome::NotSent { reason } if !reason.is_empty()),
            "{what}: {outcome:?}"
        );
        let last = steps(t).await.pop().map(|e| e.event);
        assert!(
            matches!(last, Some(EventKind::NotSent { .. })),
            "{what}: {last:?}"
        );
    }
    assert_succeeded(&first.wait_done(WAIT).await);
    // Only the first command was POSTed, and nothing is sent later either.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sim.remote_posts() - before, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_sent_by_an_earlier_run_is_resumed_without_a_second_post() {
    let sim = sim(|_| {}).await;
    let vehicle = sim.vehicle_ids()[0].clone();
    let session = session(client(&sim), webhook_only()).await;
    // An earlier run sent this remote and died before it read the answer.
    sim.set_faults(Faults {
        drop_after_remote_create: 1,
        ..Faults::default()
    });
    let label = "car-remote-test-earlier-run".to_owned();
    let posted = session
        .tracker
        .client()
        .post_remote(
            &vehicle,
            session.tracker.channel_id(),
            &locking("Locked"),
            &label,
            None,
        )
        .await
        .expect("no error, just no answer");
    assert!(
        matches!(posted, stellantis::Posted::Lost { .. }),
        "{posted:?}"
    );
    let before = sim.remote_posts();
    let mut resumed = session.tracker.resume(
        &vehicle,
        locking("Locked"),
        Resume {
            label: label.clone(),
            remote_action_id: None,
        },
    );
    assert_succeeded(&resumed.wait_done(WAIT).await);
    assert_eq!(resumed.label, label);
    // A label the server never saw: that command was never sent, and is not sent now.
    let mut never = session.tracker.resume(
        &vehicle,
        locking("Locked"),
        Resume {
            label: "car-remote-test-never-posted".into(),
            remote_action_id: None,
        },
    );
    let outcome = never.wait_done(WAIT).await;
    assert!(matches!(outcome, Outcome::NotSent { .. }), "{outcome:?}");
    assert_eq!(sim.remote_posts(), before, "a resumed command was POSTed");
}
