//! A fleet run through the journal ([`FleetJournal`]) against a simulated server over real HTTP:
//! each vehicle recorded under the run's id, the same run again sending no vehicle twice (its
//! unfinished vehicle followed by label, its ended one answered from the journal), and a
//! vehicle the journal cannot record reported not sent, without a POST; a resumed run sending
//! the vehicles that never reached the server, and no other.

mod fixture;

use std::sync::Arc;
use std::time::Duration;

use car_remote_journal::{
    CommandStore, Dispatcher, FleetJournal, HistoryQuery, Journal, NewCommand, Origin, Outcome,
    OutcomeRecord, fleet_request_id, label_for, now,
};
use fixture::TempJournal;
use serde_json::json;
use stellantis::fleet::{FleetConfig, FleetOutcome, FleetRun};
use stellantis::model::{CommandInput, LockState, RemoteCommand};
use stellantis::{Client, ClientConfig, Secret, Session, Tracker, TrackerConfig, WebhookConfig};
use stellantis_sim::{Faults, RunningSim, SimConfig};

async fn session(sim: &RunningSim) -> Session {
    let client = Client::new(ClientConfig::new(
        sim.base_url(),
        sim.token_url(),
        sim.client_id(),
        Secret::new(sim.client_secret()),
    ))
    .expect("client");
    Tracker::with_webhook(
        client,
        "car-remote-journal-fleet-test",
        WebhookConfig::with_secret(Secret::random().expect("random")),
        None,
        TrackerConfig {
            poll_first: Duration::from_millis(50),
            poll_max: Duration::from_millis(500),
            ..TrackerConfig::default()
        },
    )
    .await
    .expect("session")
}

/// A simulated server, a session on it, and a journal in a fresh file.
async fn set_up() -> (RunningSim, Session, TempJournal, Arc<dyn CommandStore>) {
    let sim = stellantis_sim::start(SimConfig::for_tests())
        .await
        .expect("sim");
    let session = session(&sim).await;
    let temp = TempJournal::new();
    let store: Arc<dyn CommandStore> = Arc::new(Journal::open(temp.path()).expect("journal"));
    (sim, session, temp, store)
}

fn lock_input() -> CommandInput {
    CommandInput::from_json(json!({"feature": "locking", "state": "Locked"})).expect("input")
}

fn config() -> FleetConfig {
    FleetConfig {
        follow_for: Duration::from_secs(60),
        ..FleetConfig::default()
    }
}

/// Vehicle `vehicle`'s command of fleet run `run_id`, as an earlier send recorded it.
fn recorded(account: &str, run_id: &str, vehicle: &str, origin: Origin) -> NewCommand {
    NewCommand {
        request_id: fleet_request_id(run_id, vehicle),
        account: account.to_owned(),
        vehicle_id: vehicle.to_owned(),
        feature: "locking".into(),
        parameters: json!({"feature": "locking", "state": "Locked"}),
        sender: "test".into(),
        origin,
        fleet_run_id: Some(run_id.into()),
        created_at: now() - 120_000,
        send_by: now() - 60_000,
    }
}

/// Marks command `request_id` posting and POSTs it to `vehicle` under its label, with the
/// server's answer lost on the way back: an earlier send that died waiting for the answer.
async fn post_with_answer_lost(
    sim: &RunningSim,
    session: &Session,
    store: &Arc<dyn CommandStore>,
    request_id: &str,
    vehicle: &str,
) {
    store
        .mark_posting(request_id, &label_for(request_id), now())
        .expect("posting");
    sim.set_faults(Faults {
        drop_after_remote_create: 1,
        ..Faults::default()
    });
    let tracker = &session.tracker;
    let lost = tracker
        .client()
        .post_remote(
            vehicle,
            tracker.channel_id(),
            &RemoteCommand::Locking(LockState::Locked),
            &label_for(request_id),
            None,
        )
        .await
        .expect("no error, just no answer");
    assert!(matches!(lost, stellantis::Posted::Lost { .. }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_sent_again_sends_no_vehicle_twice() {
    let (sim, session, _journal_file, store) = set_up().await;
    let ids: Vec<String> = sim.vehicle_ids()[..3].to_vec();
    let account = sim.client_id().to_owned();
    let recorded = |vehicle: &str| recorded(&account, "run-1", vehicle, Origin::Cli);
    // An earlier send of run-1 POSTed vehicle 0 and died before the answer came back...
    let posted = fleet_request_id("run-1", &ids[0]);
    store.record_intent(&recorded(&ids[0])).expect("intent");
    post_with_answer_lost(&sim, &session, &store, &posted, &ids[0]).await;
    let tracker = &session.tracker;
    // ... and had seen vehicle 1 to its end; vehicle 2 was never reached.
    let ended = fleet_request_id("run-1", &ids[1]);
    store.record_intent(&recorded(&ids[1])).expect("intent");
    store
        .mark_posting(&ended, &label_for(&ended), now())
        .expect("posting");
    let end = OutcomeRecord {
        at: now(),
        outcome: Outcome::AlreadyDone,
        status: Some("AlreadyDone".into()),
        cause: None,
        message: Some("It was already locked.".into()),
    };
    store.finish(&ended, &end).expect("ended");
    let posts = sim.remote_posts();

    let dispatcher = Dispatcher::new(
        tracker.clone(),
        store.clone(),
        account.as_str(),
        Origin::Cli,
        Duration::from_secs(60),
    );
    let command = RemoteCommand::checked(lock_input(), false, None).expect("command");
    let report = FleetRun::new(tracker, ids.clone(), command, config())
        .sender(FleetJournal::new(dispatcher, "run-1", lock_input()))
        .run()
        .await;
    assert_eq!(sim.remote_posts(), posts + 1, "only vehicle 2 was POSTed");
    let [followed, answered, sent] = &report.results[..] else {
        panic!("three results: {report:?}");
    };
    assert_eq!(followed.outcome, FleetOutcome::Succeeded, "{followed:?}");
    assert!(
        followed.already_recorded && !followed.posted,
        "{followed:?}"
    );
    assert!(followed.remote_action_id.is_some(), "found by its label");
    assert_eq!(answered.outcome, FleetOutcome::Succeeded, "{answered:?}");
    assert!(
        answered.already_recorded && !answered.posted,
        "{answered:?}"
    );
    assert!(
        answered.explanation.contains("already locked"),
        "{answered:?}"
    );
    assert_eq!(sent.outcome, FleetOutcome::Succeeded, "{sent:?}");
    assert!(sent.posted && !sent.already_recorded, "{sent:?}");
    assert_eq!(report.counts.succeeded, 3);

    let page = store
        .history(&HistoryQuery {
            fleet_run_id: Some("run-1".into()),
            ..HistoryQuery::default()
        })
        .expect("history");
    assert_eq!(page.total, 3);
    assert!(page.rows.iter().all(|r| r.end.is_some()), "{page:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_run_sends_the_vehicles_that_never_reached_the_server_and_no_other() {
    let (sim, session, _journal_file, store) = set_up().await;
    let ids: Vec<String> = sim.vehicle_ids()[..4].to_vec();
    let account = sim.client_id().to_owned();
    // The app that ran run-r stopped after vehicle 0's POST reached the server (its answer
    // lost), with vehicle 1 still an intent waiting for the pacer and vehicle 2 marked posting
    // but stopped before its POST left; vehicle 3 was never reached.
    for id in &ids[..3] {
        store
            .record_intent(&recorded(&account, "run-r", id, Origin::App))
            .expect("intent");
    }
    let leaving = fleet_request_id("run-r", &ids[0]);
    post_with_answer_lost(&sim, &session, &store, &leaving, &ids[0]).await;
    let stopped = fleet_request_id("run-r", &ids[2]);
    store
        .mark_posting(&stopped, &label_for(&stopped), now())
        .expect("posting");
    assert!(
        !store
            .rearm_unsent(&leaving, now(), now() + 60_000)
            .expect("answered"),
        "a command whose POST left, not settled, is never made an intent again"
    );
    assert!(
        !store
            .rearm_unsent("run-r/unknown", now(), now() + 60_000)
            .expect("answered")
    );
    let posts = sim.remote_posts();

    let dispatcher = Dispatcher::new(
        session.tracker.clone(),
        store.clone(),
        account.as_str(),
        Origin::App,
        Duration::from_secs(60),
    );
    let command = RemoteCommand::checked(lock_input(), false, None).expect("command");
    let report = FleetRun::new(&session.tracker, ids.clone(), command, config())
        .sender(FleetJournal::new(dispatcher, "run-r", lock_input()).resuming())
        .run()
        .await;
    assert_eq!(
        sim.remote_posts(),
        posts + 3,
        "vehicles 1, 2 (not found under its label) and 3 were POSTed, vehicle 0 (found) was \
         not: {report:?}"
    );
    let posted: Vec<bool> = report.results.iter().map(|r| r.posted).collect();
    assert_eq!(posted, [false, true, true, true], "{report:?}");
    for result in &report.results[1..] {
        // Sent and followed to the vehicle's real end (a demo vehicle may be asleep or fail).
        assert!(
            matches!(
                result.outcome,
                FleetOutcome::Succeeded | FleetOutcome::Failed
            ),
            "{result:?}"
        );
    }
    let rearmed = store.get(&stopped).expect("read").expect("recorded");
    let end = rearmed.end.map(|e| e.outcome);
    assert!(
        matches!(
            end,
            Some(Outcome::Success | Outcome::AlreadyDone | Outcome::Failed)
        ),
        "the vehicle stopped before its POST now ends with its real outcome: {end:?}"
    );
    assert!(rearmed.posted_at.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vehicle_the_journal_cannot_record_is_not_sent() {
    let sim = stellantis_sim::start(SimConfig::for_tests())
        .await
        .expect("sim");
    let session = session(&sim).await;
    let temp = TempJournal::new();
    let dispatcher = Dispatcher::new(
        session.tracker.clone(),
        Arc::new(Journal::open(temp.path()).expect("journal")),
        sim.client_id(),
        Origin::Cli,
        Duration::from_secs(60),
    );
    // A run id too long for a request id: the journal refuses every vehicle.
    let run_id = "r".repeat(300);
    let command = RemoteCommand::checked(lock_input(), false, None).expect("command");
    let ids = sim.vehicle_ids()[..2].to_vec();
    let report = FleetRun::new(&session.tracker, ids, command, config())
        .sender(FleetJournal::new(dispatcher, run_id, lock_input()))
        .run()
        .await;
    assert_eq!(report.counts.not_sent, 2, "{report:?}");
    for result in &report.results {
        assert!(!result.posted, "{result:?}");
        assert!(result.explanation.contains("journal"), "{result:?}");
    }
    assert_eq!(sim.remote_posts(), 0);
}
