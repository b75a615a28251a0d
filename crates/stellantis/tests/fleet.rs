//! Fleet runs against the simulator over real HTTP (zero delay): the mix of outcomes follows
//! the simulated fleet's traits, each vehicle is POSTed at most once and costs no other call,
//! vehicles known not to support the command cost none, a `501` is learnt, duplicates are
//! dropped, a cancelled run sends nothing more but still follows what it sent, and another
//! sender (a journal) in front of the tracker reports per vehicle what it did not send.

mod common;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use common::*;
use serde_json::json;
use stellantis::fleet::{
    BoxFuture, FleetCommand, FleetConfig, FleetEventKind, FleetOutcome, FleetReport, FleetRun,
    FleetSender, Support, Unsent, VehicleResult,
};
use stellantis::wire::response::{DoneStatus, FailureCause};
use stellantis_sim::{Faults, FleetEntry};

fn fleet_config(check_capability: bool) -> FleetConfig {
    FleetConfig {
        concurrency: 16,
        check_capability,
        follow_for: WAIT,
        ..FleetConfig::default()
    }
}

/// The simulator's counters, read over HTTP from `GET /admin/stats`.
async fn admin_stats(sim: &stellantis_sim::RunningSim) -> serde_json::Value {
    reqwest::get(format!("{}/admin/stats", sim.admin_url()))
        .await
        .expect("stats answered")
        .json()
        .await
        .expect("stats are JSON")
}

/// `name` of the simulator's counters, read over HTTP.
async fn counter(sim: &stellantis_sim::RunningSim, name: &str) -> u64 {
    admin_stats(sim)
        .await
        .get(name)
        .and_then(serde_json::Value::as_u64)
        .unwrap_or_else(|| panic!("no counter {name}"))
}

/// What locking a vehicle with these traits ends in, in the order the simulator checks them.
fn expected_lock(entry: &FleetEntry) -> (FleetOutcome, Option<FailureCause>) {
    let has = |t: &str| entry.traits.contains(&t);
    let failed = |cause| (FleetOutcome::Failed, Some(cause));
    if has("noLocking") {
        (FleetOutcome::Unsupported, None)
    } else if !has("awake") && has("wakeUpsExhausted") {
        failed(FailureCause::TooManyWakeUpsOverMonth)
    } else if has("deepSleep") {
        failed(FailureCause::VehicleConnectionTimeout)
    } else if has("stolen") {
        failed(FailureCause::NotPossibleDueToVehicleStolenState)
    } else if has("moving") {
        failed(FailureCause::VehicleInUse)
    } else if has("doorsOpen") {
        failed(FailureCause::DoorsOpen)
    } else {
        (FleetOutcome::Succeeded, None)
    }
}

fn by_vehicle(results: &[VehicleResult]) -> HashMap<&str, &VehicleResult> {
    results.iter().map(|r| (r.vehicle_id.as_str(), r)).collect()
}

/// The vehicles of `report` that ended with `outcome`.
fn ids_with(report: &FleetReport, outcome: FleetOutcome) -> HashSet<String> {
    report
        .results
        .iter()
        .filter(|r| r.outcome == outcome)
        .map(|r| r.vehicle_id.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_to_200_vehicles_ends_as_their_traits_say_and_posts_each_once() {
    let sim = sim(|c| c.vehicles = 200).await;
    let fleet = sim.fleet_summary();
    let session = session(client(&sim), webhook_only()).await;
    let ids = sim.vehicle_ids();
    let lock = command(json!({"feature":"locking","state":"Locked"}));
    let (posts_before, calls_before, created_before) = (
        counter(&sim, "remotePosts").await,
        counter(&sim, "apiRequests").await,
        counter(&sim, "remotesCreated").await,
    );
    let run = FleetRun::new(&session.tracker, ids.clone(), lock, fleet_config(false));
    let mut events = run.events();
    let report = run.run().await;
    // Each vehicle got exactly one remote, from one POST, and nothing else was called (no
    // capability GET; following is by webhook). At the default burst limit (100/s) the pacer
    // keeps the run under it; on a loaded machine a request's delay can still push one into
    // the server's next second, where a 429 creates nothing and the POST is repeated: every POST
    // beyond one per vehicle must be such a repeat, and there may be only a handful. The fleet
    // benchmark measures the run's 429s on a quiet machine (0 at N = 2,000 and 10,000).
    let posts = counter(&sim, "remotePosts").await - posts_before;
    let calls = counter(&sim, "apiRequests").await - calls_before;
    let created = counter(&sim, "remotesCreated").await - created_before;
    let rate_limited = session
        .tracker
        .client()
        .http()
        .stats()
        .rate_limited
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(created, 200);
    assert_eq!(calls, posts, "only POSTs");
    assert_eq!(
        posts - 200,
        rate_limited,
        "every extra POST repeats one answered 429"
    );
    assert!(
        rate_limited <= 5,
        "{rate_limited} answers 429 in a run paced under the burst"
    );

    assert_eq!(report.results.len(), 200);
    assert!(report.duplicates.is_empty());
    let results = by_vehicle(&report.results);
    let mut mix: HashMap<String, usize> = HashMap::new();
    for entry in &fleet {
        let result = results[entry.id.as_str()];
        let (outcome, cause) = expected_lock(entry);
        assert_eq!(
            (result.outcome, result.failure_cause.clone()),
            (outcome, cause.clone()),
            "vehicle {} {:?}: {result:?}",
            entry.index,
            entry.traits
        );
        // Nothing is known, so every vehicle is POSTed, the noLocking ones too (they answer 501).
        assert!(result.posted, "{result:?}");
        if result.posted {
            assert!(result.remote_action_id.is_some(), "{result:?}");
            assert!(result.label.is_some());
        }
        if let Some(cause) = &cause {
            assert_eq!(result.explanation, cause.explanation());
        }
        *mix.entry(format!("{outcome:?} {cause:?}")).or_default() += 1;
    }
    // The documented special vehicles, by index.
    assert_eq!(
        results[ids[5].as_str()].failure_cause,
        Some(FailureCause::DoorsOpen)
    );
    assert_eq!(
        results[ids[1].as_str()].status,
        Some(DoneStatus::AlreadyDone)
    );
    assert_eq!(
        results[ids[3].as_str()].failure_cause,
        Some(FailureCause::VehicleConnectionTimeout)
    );
    // A real mix, not 200 of one kind.
    assert!(mix.len() >= 5, "{mix:?}");

    let unsupported: HashSet<String> = fleet
        .iter()
        .filter(|e| e.traits.contains(&"noLocking"))
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(
        report
            .learnt_unsupported
            .iter()
            .cloned()
            .collect::<HashSet<_>>(),
        unsupported
    );
    let posted = report.results.iter().filter(|r| r.posted).count();
    assert_eq!(posted, 200);
    assert_eq!(
        sim.stats().remotes_created,
        (200 - unsupported.len()) as u64
    );
    let client = session.tracker.client();
    for result in &report.results {
        let remotes = client
            .remotes(&result.vehicle_id, &session.channel_id, 2)
            .await
            .expect("remotes listed");
        // A 501 creates nothing.
        let created = result.outcome != FleetOutcome::Unsupported;
        assert_eq!(remotes.len(), usize::from(created), "{result:?}");
    }
    let c = report.counts;
    assert_eq!(c.total, 200);
    assert_eq!(c.ended(), 200);
    assert_eq!(c.queued + c.sent + c.pending, 0);
    assert_eq!(
        c.succeeded,
        report
            .results
            .iter()
            .filter(|r| r.outcome == FleetOutcome::Succeeded)
            .count()
    );
    // One end per vehicle on the stream.
    let mut ended = HashSet::new();
    for event in drain(&mut events) {
        if let FleetEventKind::Ended(result) = event.event {
            assert!(ended.insert(result.vehicle_id.clone()), "{result:?}");
        }
    }
    assert_eq!(ended.len(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_501_is_learnt_and_known_unsupported_vehicles_cost_no_call() {
    // A burst limit out of reach: no 429, so every call that reached the server is counted once.
    let sim = sim(|c| {
        c.vehicles = 200;
        c.burst_per_second = 1_000_000;
    })
    .await;
    let no_horn: HashSet<String> = sim
        .fleet_summary()
        .into_iter()
        .filter(|e| e.traits.contains(&"noHorn"))
        .map(|e| e.id)
        .collect();
    assert!(no_horn.contains(&sim.vehicle_ids()[4]));
    let session = session(client(&sim), webhook_only()).await;
    let horn = command(json!({"feature":"horn","state":"Activated"}));
    let calls = || counter(&sim, "apiRequests");
    let posts = || counter(&sim, "remotePosts");

    // Nothing known: one POST per vehicle and no other call; the 501s are learnt.
    let (calls_0, posts_0) = (calls().await, posts().await);
    let report = FleetRun::new(
        &session.tracker,
        sim.vehicle_ids(),
        horn.clone(),
        fleet_config(false),
    )
    .run()
    .await;
    assert_eq!(ids_with(&report, FleetOutcome::Unsupported), no_horn);
    assert!(report.results.iter().all(|r| r.posted));
    assert_eq!(posts().await - posts_0, 200);
    assert_eq!(calls().await - calls_0, 200);
    let learnt: HashSet<String> = report.learnt_unsupported.iter().cloned().collect();
    assert_eq!(learnt, no_horn);
    assert_eq!(report.learnt_unsupported.len(), no_horn.len());

    // What was learnt, cached as the caller would: those vehicles cost no call at all, and
    // are reported unsupported without a POST; nothing new is learnt.
    let known: HashMap<String, bool> = report
        .learnt_unsupported
        .iter()
        .map(|id| (id.clone(), false))
        .collect();
    let (calls_1, posts_1) = (calls().await, posts().await);
    let report = FleetRun::new(
        &session.tracker,
        sim.vehicle_ids(),
        horn.clone(),
        fleet_config(false),
    )
    .known(known)
    .run()
    .await;
    let sent = (200 - no_horn.len()) as u64;
    assert_eq!(posts().await - posts_1, sent);
    assert_eq!(calls().await - calls_1, sent);
    assert_eq!(ids_with(&report, FleetOutcome::Unsupported), no_horn);
    assert_eq!(report.counts.unsupported, no_horn.len());
    assert!(
        report
            .results
            .iter()
            .all(|r| r.posted != no_horn.contains(&r.vehicle_id))
    );
    assert!(report.learnt_unsupported.is_empty());

    // The opt-in capability read: one GET per vehicle whose support is unknown (here half of
    // them; the other half is known supported or not), and no POST where it says no.
    let ids = sim.vehicle_ids();
    let (first, second) = ids.split_at(100);
    let known: HashMap<String, Support> = first
        .iter()
        .map(|id| {
            let support = if no_horn.contains(id) {
                Support::Unsupported
            } else {
                Support::Supported
            };
            (id.clone(), support)
        })
        .collect();
    let (calls_2, posts_2) = (calls().await, posts().await);
    let report = FleetRun::new(&session.tracker, ids.clone(), horn, fleet_config(true))
        .known(std::sync::Arc::new(known))
        .run()
        .await;
    assert_eq!(ids_with(&report, FleetOutcome::Unsupported), no_horn);
    assert_eq!(posts().await - posts_2, sent);
    assert_eq!(calls().await - calls_2, sent + second.len() as u64);
    let learnt: HashSet<&String> = report.learnt_unsupported.iter().collect();
    let expected: HashSet<&String> = second.iter().filter(|id| no_horn.contains(*id)).collect();
    assert!(!expected.is_empty());
    assert_eq!(learnt, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicates_are_sent_once_and_reported() {
    let sim = sim(|_| {}).await;
    let ids = sim.vehicle_ids();
    let session = session(client(&sim), webhook_only()).await;
    let input = vec![
        ids[0].clone(),
        ids[1].clone(),
        ids[0].clone(),
        ids[12].clone(),
        ids[1].clone(),
        ids[0].clone(),
    ];
    let run = FleetRun::new(
        &session.tracker,
        input,
        command(json!({"feature":"wakeUp"})),
        fleet_config(false),
    );
    assert_eq!(
        run.vehicles(),
        [ids[0].clone(), ids[1].clone(), ids[12].clone()]
    );
    assert_eq!(run.duplicates(), [ids[0].clone(), ids[1].clone()]);
    let report = run.run().await;
    assert_eq!(report.duplicates, vec![ids[0].clone(), ids[1].clone()]);
    let order: Vec<&str> = report
        .results
        .iter()
        .map(|r| r.vehicle_id.as_str())
        .collect();
    assert_eq!(order, [ids[0].as_str(), ids[1].as_str(), ids[12].as_str()]);
    assert_eq!(report.counts.succeeded, 3);
    assert_eq!(sim.remote_posts(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_run_sends_nothing_more_and_follows_what_it_sent() {
    // Every answer takes 1.5 s: the first two POSTs hold both slots, unanswered, while the run
    // is cancelled.
    let sim = sim(|c| {
        c.vehicles = 50;
    })
    .await;
    let ids = sim.vehicle_ids();
    let session = session(client(&sim), webhook_only()).await;
    sim.set_faults(Faults {
        latency_ms: 1500,
        ..Faults::default()
    });
    // Vehicles 0 and 1 lock successfully; the rest would be sent after them.
    let run = FleetRun::new(
        &session.tracker,
        ids.clone(),
        command(json!({"feature":"locking","state":"Locked"})),
        FleetConfig {
            concurrency: 2,
            ..fleet_config(false)
        },
    );
    let mut progress = run.progress();
    let cancel = run.canceller();
    let running = tokio::spawn(run.run());
    tokio::time::timeout(WAIT, progress.wait_for(|c| c.sent == 2))
        .await
        .expect("two commands being sent")
        .expect("the run is alive");
    cancel.cancel();
    // Answers at full speed again: the two sent commands end.
    sim.set_faults(Faults::default());
    let report = tokio::time::timeout(WAIT, running)
        .await
        .expect("the run ends")
        .expect("the run does not panic");

    assert!(report.cancelled);
    assert_eq!(sim.remote_posts(), 2);
    let (sent, not_sent): (Vec<_>, Vec<_>) = report.results.iter().partition(|r| r.posted);
    assert_eq!(
        sent.iter()
            .map(|r| r.vehicle_id.as_str())
            .collect::<Vec<_>>(),
        [ids[0].as_str(), ids[1].as_str()]
    );
    for result in &sent {
        assert_eq!(result.outcome, FleetOutcome::Succeeded, "{result:?}");
    }
    assert_eq!(not_sent.len(), 48);
    assert!(
        not_sent
            .iter()
            .all(|r| r.outcome == FleetOutcome::NotSent && r.remote_action_id.is_none())
    );
    assert_eq!(report.counts.not_sent, 48);
    assert_eq!(report.counts.succeeded, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_an_accepted_command_holds_no_slot() {
    // Webhooks cannot get through and polling is off: every accepted command stays pending
    // until the faults are lifted. With 2 slots, all 10 vehicles are still POSTed meanwhile.
    let sim = sim(|c| {
        c.vehicles = 10;
        c.webhook_retry_interval = Duration::from_millis(50);
        c.faults = Faults {
            webhook_unreachable: true,
            ..Faults::default()
        };
    })
    .await;
    let ids = sim.vehicle_ids();
    let session = session(client(&sim), webhook_only()).await;
    let run = FleetRun::new(
        &session.tracker,
        ids.clone(),
        command(json!({"feature":"locking","state":"Locked"})),
        FleetConfig {
            concurrency: 2,
            ..fleet_config(false)
        },
    );
    let progress = run.progress();
    let running = tokio::spawn(run.run());
    let all_posted = async {
        while sim.remote_posts() < 10 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(WAIT, all_posted)
        .await
        .expect("every vehicle POSTed while the first ones are still pending");
    assert_eq!(progress.borrow().ended(), 0, "none has ended yet");
    sim.set_faults(Faults::default());
    let report = tokio::time::timeout(WAIT, running)
        .await
        .expect("the run ends")
        .expect("the run does not panic");
    assert_eq!(report.counts.ended(), 10);
    assert_eq!(sim.remote_posts(), 10, "each vehicle POSTed once");
}

/// A sender in front of the tracker, as a journal would be: it has vehicle 1 recorded
/// already, cannot record vehicle 2, and sends the others.
#[derive(Debug)]
struct Recording(stellantis::Tracker);

impl FleetSender for Recording {
    fn send<'a>(
        &'a self,
        vehicle_id: &'a str,
        command: stellantis::model::RemoteCommand,
    ) -> BoxFuture<'a, Result<FleetCommand, Unsent>> {
        Box::pin(async move {
            match vehicle_id {
                "recorded" => Err(Unsent::AlreadyRecorded(Box::new(VehicleResult {
                    vehicle_id: String::new(),
                    remote_action_id: Some("earlier".into()),
                    label: Some("earlier-label".into()),
                    outcome: FleetOutcome::Succeeded,
                    posted: true,
                    already_recorded: false,
                    status: Some(DoneStatus::Success),
                    failure_cause: None,
                    error_kind: None,
                    explanation: "recorded before".into(),
                    position: None,
                }))),
                "unrecordable" => Err(Unsent::Refused("no journal".into())),
                _ => FleetSender::send(&self.0, vehicle_id, command).await,
            }
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_sender_is_used_and_what_it_did_not_send_is_reported_per_vehicle() {
    let sim = sim(|_| {}).await;
    let session = session(client(&sim), webhook_only()).await;
    let vehicle = sim.vehicle_ids()[0].clone();
    let ids = [vehicle.clone(), "recorded".into(), "unrecordable".into()];
    let posts = counter(&sim, "remotePosts").await;
    let lock = command(json!({"feature":"locking","state":"Locked"}));
    let report = FleetRun::new(&session.tracker, ids, lock, fleet_config(false))
        .sender(Recording(session.tracker.clone()))
        .run()
        .await;
    assert_eq!(counter(&sim, "remotePosts").await - posts, 1, "one POST");
    let [sent, recorded, refused] = &report.results[..] else {
        panic!("three results: {report:?}");
    };
    assert_eq!(sent.vehicle_id, vehicle);
    assert_eq!(sent.outcome, FleetOutcome::Succeeded, "{sent:?}");
    assert!(sent.posted && !sent.already_recorded && sent.remote_action_id.is_some());
    assert_eq!(recorded.vehicle_id, "recorded");
    assert_eq!(recorded.outcome, FleetOutcome::Succeeded, "{recorded:?}");
    assert!(
        !recorded.posted && recorded.already_recorded,
        "{recorded:?}"
    );
    assert_eq!(recorded.remote_action_id.as_deref(), Some("earlier"));
    assert_eq!(refused.outcome, FleetOutcome::NotSent, "{refused:?}");
    assert_eq!(refused.explanation, "no journal");
    assert!(!refused.posted);
    assert_eq!((report.counts.succeeded, report.counts.not_sent), (2, 1));
}
