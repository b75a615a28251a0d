//! Each of the 13 commands to Done against the simulator over real HTTP: once through the
//! webhook alone (polling disabled) and once through polling alone (webhooks undeliverable).

mod common;

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use common::*;
use stellantis::Tracker;
use stellantis::model::RemoteCommand;
use stellantis::tracker::{EventKind, Outcome, TrackEvent};
use stellantis_sim::Faults;

fn check_outcomes(commands: &[RemoteCommand], outcomes: &[Outcome]) {
    assert_eq!(outcomes.len(), 13);
    for (cmd, outcome) in commands.iter().zip(outcomes) {
        let Outcome::Done(report) = outcome else {
            panic!("{:?} did not end: {outcome:?}", cmd.feature());
        };
        assert!(report.succeeded(), "{:?} ended {report:?}", cmd.feature());
        match cmd {
            RemoteCommand::VehicleFinder => {
                assert!(
                    report.position.is_some(),
                    "finder without position: {report:?}"
                )
            }
            RemoteCommand::State => {
                let t = report
                    .telemetry
                    .as_ref()
                    .expect("State reads the telemetry");
                assert!(t.raw.is_object());
            }
            _ => assert!(report.telemetry.is_none()),
        }
    }
}

/// Every command of the stream went Queued -> Sent -> Pending... -> Done, each once.
fn check_stream(events: &[TrackEvent], commands: usize) {
    let mut by_command: HashMap<u64, Vec<&EventKind>> = HashMap::new();
    for e in events {
        by_command.entry(e.command_id).or_default().push(&e.event);
    }
    assert_eq!(by_command.len(), commands);
    for (id, kinds) in by_command {
        assert!(
            matches!(kinds.first(), Some(EventKind::Queued)),
            "{id}: {kinds:?}"
        );
        assert!(
            matches!(kinds.get(1), Some(EventKind::Sent)),
            "{id}: {kinds:?}"
        );
        assert!(
            matches!(kinds.last(), Some(EventKind::Done(_))),
            "{id}: {kinds:?}"
        );
        let dones = kinds
            .iter()
            .filter(|k| matches!(k, EventKind::Done(_)))
            .count();
        assert_eq!(dones, 1, "{id}: {kinds:?}");
        let pendings: Vec<_> = kinds
            .iter()
            .filter_map(|k| match k {
                EventKind::Pending { status } => Some(status),
                _ => None,
            })
            .collect();
        let unique: std::collections::HashSet<_> = pendings.iter().collect();
        assert_eq!(
            unique.len(),
            pendings.len(),
            "{id}: duplicate step {kinds:?}"
        );
    }
}

/// Sends the 13 commands at once, waits for each, and checks the outcomes and the stream.
async fn send_all_and_check(tracker: &Tracker, vehicle: &str) {
    let commands = all_commands();
    let mut tracked: Vec<_> = commands
        .iter()
        .map(|c| tracker.send(vehicle, c.clone()))
        .collect();
    let mut outcomes = Vec::new();
    for t in &mut tracked {
        outcomes.push(t.wait_done(WAIT).await);
    }
    check_outcomes(&commands, &outcomes);
    let mut events = Vec::new();
    for t in &mut tracked {
        events.extend(steps(t).await);
    }
    check_stream(&events, 13);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_13_commands_end_through_the_webhook() {
    let sim = sim(|_| {}).await;
    let vehicle = sim.vehicle_ids()[0].clone();
    let session = session(client(&sim), webhook_only()).await;
    let tracker = &session.tracker;
    // All 13 at once: the per-vehicle queue must send them one after the other, or the server
    // would end the later ones `SameActionInProgress`.
    send_all_and_check(tracker, &vehicle).await;
    assert!(session.receiver.stats().accepted.load(Ordering::Relaxed) >= 13);
    // Polling was disabled, so the only GETs were the channel lookup and State's telemetry
    // (and VehicleFinder's, had the event carried no position).
    assert_eq!(
        tracker
            .client()
            .http()
            .stats()
            .retries
            .load(Ordering::Relaxed),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_13_commands_end_through_polling_alone() {
    let sim = sim(|c| {
        c.faults = Faults {
            webhook_unreachable: true,
            ..Faults::default()
        }
    })
    .await;
    let vehicle = sim.vehicle_ids()[0].clone();
    let client = client(&sim);
    let channel = polling_channel(&client).await;
    let tracker = Tracker::new(client, channel, polling_fast());
    send_all_and_check(&tracker, &vehicle).await;
}
