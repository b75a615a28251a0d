//! Sending through the journal against a simulated Stellantis server over real HTTP: the intent
//! and every step recorded, one POST per request id, and recovery of what a crashed run left —
//! followed to its real end by label, never sent again.

mod fixture;

use std::sync::Arc;
use std::time::Duration;

use car_remote_journal::{
    CommandStore, Dispatched, Dispatcher, Journal, NewCommand, Origin, Outcome, Request, State,
    label_for, now,
};
use fixture::TempJournal;
use serde_json::json;
use stellantis::model::{CommandInput, RemoteCommand};
use stellantis::{Client, ClientConfig, Secret, Session, Tracker, TrackerConfig, WebhookConfig};
use stellantis_sim::{Faults, RunningSim, SimConfig};

const WAIT: Duration = Duration::from_secs(60);

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
        "car-remote-journal-test",
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

fn dispatcher(session: &Session, journal: Journal, account: &str) -> Dispatcher {
    Dispatcher::new(
        session.tracker.clone(),
        Arc::new(journal),
        account,
        Origin::Cli,
        Duration::from_secs(60),
    )
}

fn lock(request_id: &str, vehicle_id: &str) -> Request {
    let input =
        CommandInput::from_json(json!({"feature": "locking", "state": "Locked"})).expect("input");
    Request {
        request_id: request_id.to_owned(),
        vehicle_id: vehicle_id.to_owned(),
        command: RemoteCommand::checked(input.clone(), false, None).expect("command"),
        input,
        fleet_run_id: None,
        send_by: None,
    }
}

async fn until_end(
    store: &dyn CommandStore,
    request_id: &str,
) -> car_remote_journal::CommandRecord {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let record = store.get(request_id).expect("read").expect("recorded");
        if record.end.is_some() || tokio::time::Instant::now() > deadline {
            return record;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_is_recorded_step_by_step_and_one_request_id_posts_once() {
    let sim = stellantis_sim::start(SimConfig::for_tests())
        .await
        .expect("sim");
    let session = session(&sim).await;
    let temp = TempJournal::new();
    let journal = Journal::open(temp.path()).expect("journal");
    let dispatch = dispatcher(&session, journal, sim.client_id());
    let vehicle = sim.vehicle_ids()[0].clone();

    let Dispatched::Sent(mut sent) = dispatch
        .send(lock("press-1", &vehicle))
        .await
        .expect("send")
    else {
        panic!("a new request id is sent");
    };
    assert_eq!(sent.label, label_for("press-1"));
    // The same press again, while the first is running and after: the same command, no POST.
    let again = dispatch
        .send(lock("press-1", &vehicle))
        .await
        .expect("send");
    assert!(matches!(again, Dispatched::Existing(_)), "{again:?}");
    let mut last = None;
    while let Some(event) = tokio::time::timeout(WAIT, sent.next())
        .await
        .expect("in time")
    {
        last = Some(event.event);
    }
    assert!(
        matches!(last, Some(stellantis::EventKind::Done(ref r)) if r.succeeded()),
        "{last:?}"
    );
    let record = until_end(dispatch.store().as_ref(), "press-1").await;
    assert_eq!(record.state, State::Ended);
    assert_eq!(
        record.end.as_ref().map(|e| e.outcome),
        Some(Outcome::Success)
    );
    assert_eq!(record.label.as_deref(), Some(label_for("press-1").as_str()));
    assert!(record.remote_action_id.is_some());
    let codes: Vec<_> = record.steps.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes.first(), Some(&"queued"), "{codes:?}");
    assert!(
        codes.contains(&"sent") && codes.contains(&"pending"),
        "{codes:?}"
    );
    assert_eq!(codes.last(), Some(&"done"), "{codes:?}");
    let again = dispatch
        .send(lock("press-1", &vehicle))
        .await
        .expect("send");
    assert!(
        matches!(again, Dispatched::Existing(ref r) if r.end.is_some()),
        "{again:?}"
    );
    assert_eq!(sim.remote_posts(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_follows_what_a_crashed_run_left_and_sends_nothing_again() {
    let sim = stellantis_sim::start(SimConfig::for_tests())
        .await
        .expect("sim");
    let session = session(&sim).await;
    let temp = TempJournal::new();
    let vehicle = sim.vehicle_ids()[0].clone();
    let account = sim.client_id().to_owned();
    let store = Journal::open(temp.path()).expect("journal");
    let intent = |id: &str, send_by| NewCommand {
        request_id: id.to_owned(),
        account: account.clone(),
        vehicle_id: vehicle.clone(),
        feature: "locking".into(),
        parameters: json!({"feature": "locking", "state": "Locked"}),
        sender: "test".into(),
        origin: Origin::Cli,
        fleet_run_id: None,
        created_at: now() - 120_000,
        send_by,
    };
    // 1. The crashed run recorded, marked posting and POSTed; the answer never came back.
    store
        .record_intent(&intent("posted", now()))
        .expect("intent");
    store
        .mark_posting("posted", &label_for("posted"), now())
        .expect("posting");
    sim.set_faults(Faults {
        drop_after_remote_create: 1,
        ..Faults::default()
    });
    let lost = session
        .tracker
        .client()
        .post_remote(
            &vehicle,
            session.tracker.channel_id(),
            &RemoteCommand::Locking(stellantis::model::LockState::Locked),
            &label_for("posted"),
            None,
        )
        .await
        .expect("no error, just no answer");
    assert!(matches!(lost, stellantis::Posted::Lost { .. }));
    // 2. It died while posting, before the POST left.
    store
        .record_intent(&intent("posting", now()))
        .expect("intent");
    store
        .mark_posting("posting", &label_for("posting"), now())
        .expect("posting");
    // 3. It died before posting, long ago: past its send-by time.
    store
        .record_intent(&intent("stale", now() - 60_000))
        .expect("intent");
    // 4. Another account's command is not this dispatcher's business.
    let mut other = intent("other-account", now() - 60_000);
    other.account = "someone-else".into();
    store.record_intent(&other).expect("intent");
    let posts = sim.remote_posts();

    let dispatch = dispatcher(
        &session,
        Journal::open(temp.path()).expect("reopen"),
        &account,
    );
    let followed = dispatch.recover().await.expect("recover");
    assert_eq!(
        followed.len(),
        2,
        "the posted and the posting one are followed"
    );
    let journal = dispatch.store().as_ref();
    let posted = until_end(journal, "posted").await;
    assert_eq!(posted.end.map(|e| e.outcome), Some(Outcome::Success));
    let posting = until_end(journal, "posting").await;
    assert_eq!(posting.end.map(|e| e.outcome), Some(Outcome::NotSent));
    let stale = journal.get("stale").expect("read").expect("recorded");
    assert_eq!(stale.end.map(|e| e.outcome), Some(Outcome::NotSent));
    let other = journal
        .get("other-account")
        .expect("read")
        .expect("recorded");
    assert!(other.end.is_none());
    assert_eq!(sim.remote_posts(), posts, "recovery sent something");
    // A stale intent cannot leave any more, even if its own front end wakes up now.
    assert!(
        journal
            .mark_posting("stale", &label_for("stale"), now())
            .is_err()
    );
}
