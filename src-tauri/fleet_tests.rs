//! The fleet against the demo simulator over real HTTP, with the journal and its vehicle cache
//! in a real SQLite file: the fast list, the streamed states, the cache, names, capability,
//! usage, and a switch ending the stream.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use car_remote_journal::{Journal, Request, VehicleCache};
use serde_json::json;
use stellantis::model::{CommandInput, RemoteCommand};

use super::*;
use crate::backend::Journaling;
use crate::demo;
use crate::vehicle::Attention;

/// The journal and cache of `journal` (from `state::tests::test_journal`), telling `notify`.
pub(crate) fn journaling(
    journal: &Result<Arc<Journal>, String>,
    notify: impl Fn(&str) + Send + Sync + 'static,
) -> Journaling {
    Journaling {
        store: journal.clone().map(|j| j as Arc<dyn CommandStore>),
        cache: journal.clone().map(|j| j as Arc<dyn VehicleCache>),
        notify: Arc::new(notify),
    }
}

/// Every vehicle's summary read now through `fleet_states`, in the fleet's order.
pub(crate) async fn states(backend: &Backend) -> Vec<VehicleSummary> {
    states_named(backend, Names::new()).await.0
}

async fn states_named(
    backend: &Backend,
    names: Names,
) -> (Vec<VehicleSummary>, Vec<usize>, FleetRead) {
    let order: Vec<String> = backend
        .fleet(names.clone())
        .await
        .expect("fleet")
        .into_iter()
        .map(|v| v.id)
        .collect();
    let mut got = HashMap::new();
    let mut sizes = Vec::new();
    let counts = backend
        .fleet_states(names, |batch| {
            sizes.push(batch.len());
            got.extend(batch.into_iter().map(|v| (v.id.clone(), v)));
            true
        })
        .await
        .expect("states");
    let summaries = order
        .iter()
        .map(|id| got.remove(id).expect("every vehicle was sent"))
        .collect();
    (summaries, sizes, counts)
}

async fn demo_backend(vehicles: usize) -> (tempfile::TempDir, Arc<Journal>, Backend) {
    let (dir, journal) = crate::state::tests::test_journal();
    let backend = demo::start_with(vehicles, 0.0, journaling(&journal, |_| {}))
        .await
        .expect("demo starts");
    (dir, journal.expect("journal"), backend)
}

/// Sends `input` to `vehicle` (as a vehicle of `fleet_run_id`, if given) and waits for its end.
pub(crate) async fn send(
    backend: &Backend,
    request_id: &str,
    vehicle: &str,
    input: serde_json::Value,
    fleet_run_id: Option<&str>,
) {
    let input = CommandInput::from_json(input).expect("input");
    let (done_tx, done_rx) = tokio::sync::oneshot::channel();
    let mut done_tx = Some(done_tx);
    backend
        .send(
            Request {
                request_id: request_id.into(),
                vehicle_id: vehicle.into(),
                command: RemoteCommand::checked(input.clone(), true, None).expect("command"),
                input,
                fleet_run_id: fleet_run_id.map(str::to_owned),
                send_by: None,
            },
            move |p| {
                if p.step.is_final()
                    && let Some(tx) = done_tx.take()
                {
                    let _ = tx.send(());
                }
                true
            },
        )
        .await
        .expect("sent");
    tokio::time::timeout(Duration::from_secs(60), done_rx)
        .await
        .expect("ends in time")
        .expect("ended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_comes_from_the_cache_and_the_states_stream_into_it() {
    let (_dir, journal, demo) = demo_backend(demo::FLEET_SIZE).await;
    let first = demo.fleet(Names::new()).await.expect("fleet");
    assert_eq!(first.len(), demo::FLEET_SIZE);
    assert!(
        first
            .iter()
            .all(|v| v.reading == Reading::default() && v.asleep.is_none()),
        "nothing is cached yet, and nothing was read"
    );
    assert_eq!(first[0].vin_tail.as_ref().map(String::len), Some(6));

    let (read, sizes, counts) = states_named(&demo, Names::new()).await;
    assert_eq!(
        counts,
        FleetRead {
            read: demo::FLEET_SIZE,
            failed: 0
        }
    );
    assert!(
        sizes.iter().all(|n| (1..=BATCH_SIZE).contains(n)),
        "{sizes:?}"
    );
    // The simulator's special vehicles (crates/stellantis-sim/src/fleet.rs).
    assert_eq!(read[0].asleep, Some(false), "{:?}", read[0].reading.read_at);
    assert_eq!(
        read[2].asleep,
        Some(true),
        "asleep: its reading is hours old"
    );
    assert!(read[5].attention.contains(&Attention::DoorsOpen));
    assert!(read[7].attention.contains(&Attention::LowEnergy));
    assert_eq!(read[9].reading.stolen, Some(true));
    assert!(read[9].attention.contains(&Attention::Stolen));
    assert_eq!(read[12].reading.charging_mode.as_deref(), Some("Slow"));
    assert!(read[12].reading.charging_remaining_minutes.is_some());
    assert_eq!(
        journal.cached_states("demo").expect("cache").len(),
        demo::FLEET_SIZE
    );

    // The list again: the same states, from the cache, with no telemetry read.
    let cached = demo.fleet(Names::new()).await.expect("fleet");
    for (from_cache, fresh) in cached.iter().zip(&read) {
        assert_eq!(from_cache.reading, fresh.reading, "{}", fresh.id);
        assert_eq!(from_cache.asleep, fresh.asleep);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_apply_everywhere_and_capability_is_cached() {
    let (_dir, journal, demo) = demo_backend(5).await;
    let ids: Vec<String> = demo
        .fleet(Names::new())
        .await
        .expect("fleet")
        .into_iter()
        .map(|v| v.id)
        .collect();
    let names = Names::from([(ids[1].clone(), "Blue van".to_owned())]);
    let listed = demo.fleet(names.clone()).await.expect("fleet");
    assert_eq!(listed[1].label, "Blue van");
    assert_eq!(listed[1].name.as_deref(), Some("Blue van"));
    assert_ne!(listed[0].label, "Blue van");
    let (read, _, _) = states_named(&demo, names.clone()).await;
    assert_eq!(read[1].label, "Blue van");
    let one = demo.vehicle(&ids[1], names.clone()).await.expect("one");
    assert_eq!(one.label, "Blue van");
    let known = demo.known_vehicle(&ids[1], names).await.expect("known");
    assert_eq!(
        (known.label.as_str(), &known.reading),
        ("Blue van", &one.reading)
    );

    let support = demo.capability(&ids[0]).await.expect("capability");
    let charging = support
        .iter()
        .find(|s| s.feature == "charging")
        .expect("charging");
    assert_eq!(charging.slots, Some(2));
    let cached = journal
        .cached_capability("demo", &ids[0])
        .expect("cache")
        .expect("cached");
    assert!(
        cached
            .value
            .pointer("/onboardCapabilities/remote/charging")
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_counts_wake_ups_since_start_and_reads_the_switches() {
    let (_dir, _journal, demo) = demo_backend(3).await;
    let fleet = demo.fleet(Names::new()).await.expect("fleet");
    let vehicle = fleet[0].id.clone();
    let before = demo.usage(&vehicle).await.expect("usage");
    assert_eq!(
        (before.wake_ups, before.since),
        (0, crate::usage::Since::AppStart)
    );
    assert_eq!((before.limit, before.warn_at), (20, 15));
    send(
        &demo,
        "wake-1",
        &vehicle,
        json!({"feature": "wakeUp"}),
        None,
    )
    .await;
    send(
        &demo,
        "state-1",
        &vehicle,
        json!({"feature": "state"}),
        None,
    )
    .await;
    send(
        &demo,
        "immobilize-1",
        &vehicle,
        json!({"feature": "immobilization", "activate": true}),
        None,
    )
    .await;
    send(
        &demo,
        "tan-1",
        &vehicle,
        json!({"feature": "tan", "suppress": true, "duration": 0}),
        None,
    )
    .await;
    let usage = demo.usage(&vehicle).await.expect("usage");
    assert_eq!(usage.wake_ups, 2);
    assert_eq!(usage.immobilized.as_ref().map(|s| s.on), Some(true));
    assert_eq!(usage.stolen, None);
    let alerts = usage.theft_alerts.expect("suppressed");
    assert!(
        alerts
            .suppressed_until
            .is_some_and(|until| until > alerts.at)
    );
    let other = demo.usage(&fleet[1].id).await.expect("usage");
    assert_eq!(other.wake_ups, 0);
    let listed = demo.fleet(Names::new()).await.expect("fleet");
    assert!(listed[0].attention.contains(&Attention::Immobilized));
    assert!(!listed[1].attention.contains(&Attention::Immobilized));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_fleets_come_in_batches_and_a_switch_ends_the_stream() {
    let (_dir, _journal, demo) = demo_backend(1_200).await;
    let (read, sizes, counts) = states_named(&demo, Names::new()).await;
    assert_eq!((read.len(), counts.read), (1_200, 1_200));
    assert!(sizes.len() >= 3, "{sizes:?}");
    assert!(sizes.iter().all(|n| *n <= BATCH_SIZE), "{sizes:?}");

    // Retired after the first batch (the app switched backends): the stream ends early.
    let demo = Arc::new(demo);
    let retire = demo.clone();
    let mut batches = 0;
    let partial = demo
        .fleet_states(Names::new(), |_| {
            batches += 1;
            retire.retire();
            true
        })
        .await
        .expect("ended");
    assert_eq!(batches, 1);
    assert!(partial.read < 1_200, "{partial:?}");
    // Nobody listening any more ends it too.
    let (_dir, _journal, fresh) = demo_backend(1_200).await;
    let gone = fresh
        .fleet_states(Names::new(), |_| false)
        .await
        .expect("ended");
    assert!(gone.read < 1_200, "{gone:?}");
}

/// How long the fleet takes with a large demo fleet (debug build, this machine; no assertion
/// on time). Run with `cargo test -p car-remote --lib measure_fleet -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: prints timings"]
async fn measure_fleet() {
    for vehicles in [1_000, 10_000] {
        let (_dir, _journal, demo) = demo_backend(vehicles).await;
        let started = Instant::now();
        let listed = demo.fleet(Names::new()).await.expect("fleet");
        let list_cold = started.elapsed();
        let first_batch = Mutex::new(None);
        let started = Instant::now();
        let counts = demo
            .fleet_states(Names::new(), |_| {
                first_batch
                    .lock()
                    .expect("lock")
                    .get_or_insert(started.elapsed());
                true
            })
            .await
            .expect("states");
        let states = started.elapsed();
        let started = Instant::now();
        let cached = demo.fleet(Names::new()).await.expect("fleet");
        let list_cached = started.elapsed();
        assert_eq!(
            (listed.len(), cached.len(), counts.read),
            (vehicles, vehicles, vehicles)
        );
        let first = first_batch.lock().expect("lock").unwrap_or_default();
        println!(
            "{vehicles} vehicles: fleet (empty cache) {list_cold:.2?}, fleet_states {states:.2?} \
             (first batch after {first:.2?}), fleet (cached) {list_cached:.2?}"
        );
    }
}
