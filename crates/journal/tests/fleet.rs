//! A fleet run through the journal ([`FleetJournal`]) against a simulated server over real HTTP:
//! each vehicle recorded under the run's id, the same run again sending no vehicle twice (its
//! unfinished vehicle followed by label, its ended one answered from the journal), and a
//! vehicle the journal cannot record reported not sent, without a POST.

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

fn lock_input() -> CommandInput {
    CommandInput::from_json(json!({"feature": "locking", "state": "Locked"})).expect("input")
}

fn config() -> FleetConfig {
    FleetConfig {
        follow_for: Duration::from_secs(60),
        ..FleetConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_sent_again_sends_no_vehicle_twice() {
    let sim = stellantis_sim::start(SimConfig::for_tests())
        .await
        .expect("sim");
    let session = session(&sim).await;
    let temp = TempJournal::new();
    let store: Arc<dyn CommandStore> = Arc::new(Journal::open(temp.path()).expect("journal"));
    let ids: Vec<String> = sim.vehicle_ids()[..3].to_vec();
    let account = sim.client_id().to_owned();
    let recorded = |vehicle: &str| NewCommand {
        request_id: fleet_request_id("run-1", vehicle),
        account: account.clone(),
        vehicle_id: vehicle.to_owned(),
        feature: "locking".into(),
        parameters: json!({"feature": "locking", "state": "Locked"}),
        sender: "test".into(),
        origin: Origin::Cli,
        fleet_run_id: Some("run-1".into()),
        created_at: now() - 120_000,
        send_by: now(),
    };
    // An earlier send of run-1 POSTed vehicle 0 and died before the answer came back...
    let posted = fleet_request_id("run-1", &ids[0]);
    store.record_intent(&recorded(&ids[0])).expect("intent");
    store
        .mark_posting(&posted, &label_for(&posted), now())
        .expect("posting");
    sim.set_faults(Faults {
        drop_after_remote_create: 1,
        ..Faults::default()
    });
    let tracker = &session.tracker;
    let lost = tracker
        .client()
        .post_remote(
            &ids[0],
            tracker.channel_id(),
            &RemoteCommand::Locking(LockState::Locked),
            &label_for(&posted),
            None,
        )
        .await
        .expect("no error, just no answer");
    assert!(matches!(lost, stellantis::Posted::Lost { .. }));
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
