//! The fleet screen against the demo simulator over real HTTP, with the journal and its vehicle
//! cache in a real SQLite file: the preview's counts and sentence, a run's batched progress to
//! its end, cancel, what a run learns written to the cache, the plan kept in the journal (read
//! back by a fresh backend), an interrupted run resumed posting only what was never recorded,
//! and the CSV export.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use car_remote_journal::{
    CommandStore, FleetRunRecord, Journal, NewCommand, Origin, VehicleCache, fleet_request_id,
};
use serde_json::{Value, json};
use stellantis::fleet::{FleetConfig, FleetStage};

use super::*;
use crate::demo;
use crate::error::ErrorKind;
use crate::vehicle::{self, Names, VehicleSummary};

async fn demo_on(
    journal: &Result<Arc<Journal>, String>,
    vehicles: usize,
    time_scale: f64,
) -> Backend {
    let mut backend = demo::start_with(
        vehicles,
        time_scale,
        crate::fleet::tests::journaling(journal, |_| {}),
    )
    .await
    .expect("demo starts");
    backend.set_fleet_config(FleetConfig {
        follow_for: Duration::from_secs(60),
        ..FleetConfig::default()
    });
    backend
}

async fn demo_backend(
    vehicles: usize,
    time_scale: f64,
) -> (tempfile::TempDir, Result<Arc<Journal>, String>, Backend) {
    let (dir, journal) = crate::state::tests::test_journal();
    let backend = demo_on(&journal, vehicles, time_scale).await;
    (dir, journal, backend)
}

fn horn() -> Value {
    json!({"feature": "horn", "state": "Activated"})
}

fn lock() -> Value {
    json!({"feature": "locking", "state": "Locked"})
}

/// The updates a run sends, with when each came, and a signal on the finished one.
struct Updates {
    seen: Arc<Mutex<Vec<(Instant, FleetUpdate)>>>,
    done: tokio::sync::oneshot::Receiver<()>,
}

fn listener() -> (impl FnMut(FleetUpdate) -> bool + Send + 'static, Updates) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (tx, done) = tokio::sync::oneshot::channel();
    let mut tx = Some(tx);
    let sink = seen.clone();
    let listen = move |update: FleetUpdate| {
        let finished = update.finished;
        sink.lock().expect("lock").push((Instant::now(), update));
        if finished && let Some(tx) = tx.take() {
            let _ = tx.send(());
        }
        true
    };
    (listen, Updates { seen, done })
}

impl Updates {
    async fn finished(self) -> Vec<(Instant, FleetUpdate)> {
        tokio::time::timeout(Duration::from_secs(120), self.done)
            .await
            .expect("the run ends in time")
            .expect("finished reported");
        self.seen.lock().expect("lock").clone()
    }
}

/// Each vehicle's last row over all updates.
fn last_rows(updates: &[(Instant, FleetUpdate)]) -> HashMap<String, FleetRow> {
    let mut rows = HashMap::new();
    for (_, update) in updates {
        for row in &update.rows {
            rows.insert(row.vehicle_id.clone(), row.clone());
        }
    }
    rows
}

fn ids_of(fleet: &[VehicleSummary]) -> Vec<String> {
    fleet.iter().map(|v| v.id.clone()).collect()
}

/// Records a posted wake-up of `vehicle` now, `n` times (what the preview's budget counts).
fn wake_ups(journal: &Journal, vehicle: &str, n: usize) {
    for i in 0..n {
        let id = format!("wake-{vehicle}-{i}");
        let now = car_remote_journal::now();
        journal
            .record_intent(&NewCommand {
                request_id: id.clone(),
                account: "demo".into(),
                vehicle_id: vehicle.into(),
                feature: "wakeUp".into(),
                parameters: json!({"feature": "wakeUp"}),
                sender: "test".into(),
                origin: Origin::Cli,
                fleet_run_id: None,
                created_at: now,
                send_by: now + 60_000,
            })
            .expect("intent");
        journal.mark_posting(&id, "label", now).expect("posted");
    }
}

fn capability(horn: bool) -> Value {
    json!({"onboardCapabilities": {"remote": {"horn": {"supported": horn}}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_counts_support_sleep_and_wake_ups_and_words_the_confirmation() {
    let (_dir, journal, demo) = demo_backend(demo::FLEET_SIZE, 0.0).await;
    let journal = journal.expect("journal");
    // Every reading cached, so the preview knows who is asleep.
    let fleet = crate::fleet::tests::states(&demo).await;
    let ids = ids_of(&fleet);
    let asleep: Vec<&str> = fleet
        .iter()
        .filter(|v| v.asleep == Some(true))
        .map(|v| v.id.as_str())
        .collect();
    assert!(asleep.len() >= 3, "{asleep:?}");
    // Vehicle 0 is known to have a horn, vehicle 4 known not to (crates/stellantis-sim/src/fleet.rs).
    journal
        .store_capability("demo", &ids[0], &capability(true), 1)
        .expect("cached");
    journal
        .store_capability("demo", &ids[4], &capability(false), 1)
        .expect("cached");
    let (out, near) = (asleep[0], asleep[1]);
    wake_ups(&journal, out, 20);
    wake_ups(&journal, near, 15);

    let mut selection = ids.clone();
    selection.push(ids[1].clone());
    selection.push("not-a-vehicle-of-ours".into());
    let preview = demo
        .fleet_preview(selection.clone(), horn(), Names::new())
        .await
        .expect("preview");
    let sent_asleep = asleep.iter().filter(|id| **id != ids[4]).count();
    assert_eq!(preview.feature, "horn");
    assert_eq!(
        (preview.total, preview.duplicates, preview.not_in_account),
        (demo::FLEET_SIZE + 1, 1, 1)
    );
    assert_eq!(
        (
            preview.supported,
            preview.unsupported,
            preview.unknown_support
        ),
        (1, 1, demo::FLEET_SIZE - 1)
    );
    assert_eq!(preview.asleep, sent_asleep);
    assert_eq!(
        (preview.wake_budget_exhausted, preview.wake_budget_near),
        (1, 1)
    );
    assert_eq!((preview.per_second, preview.seconds), (100, 1));
    assert!(!preview.guarded);
    assert!(
        preview.confirmation.starts_with(&format!(
            "Send “Horn” to {} vehicles? 1 that does not support it will be skipped without a \
             call. 1 is not in this account and will be refused.",
            demo::FLEET_SIZE + 1
        )),
        "{}",
        preview.confirmation
    );
    assert!(preview.confirmation.ends_with("Sending takes about 1 s."));

    // A guarded command names the vehicles, as the window labels them.
    let names = Names::from([(ids[0].clone(), "Blue van".to_owned())]);
    let listed = demo.fleet(names.clone()).await.expect("fleet");
    let immobilize = json!({"feature": "immobilization", "activate": true});
    let guarded = demo
        .fleet_preview(ids[..3].to_vec(), immobilize.clone(), names.clone())
        .await
        .expect("preview");
    assert!(guarded.guarded);
    let vehicles = demo.known_vehicles().await.expect("list");
    let expected = format!(
        "Blue van, {} and {} will not start until immobilization is switched off again. Send \
         “Immobilization” to 3 vehicles?",
        vehicle::named(&vehicles[1], &names),
        vehicle::named(&vehicles[2], &names)
    );
    assert!(
        guarded.confirmation.starts_with(&expected),
        "{} / {expected}",
        guarded.confirmation
    );
    assert!(
        listed[1]
            .vin_tail
            .as_ref()
            .is_some_and(|t| expected.contains(t.as_str()))
    );

    // Nothing selected; a guarded command not confirmed; a selection changed since.
    let empty = demo
        .fleet_preview(Vec::new(), horn(), Names::new())
        .await
        .expect_err("empty");
    assert_eq!(empty.kind(), ErrorKind::InvalidInput);
    assert!(
        empty.to_string().contains("select at least one vehicle"),
        "{empty}"
    );
    let unconfirmed = demo
        .fleet_start(
            "g-1".into(),
            ids.clone(),
            immobilize,
            false,
            ids.len(),
            |_| true,
        )
        .await
        .expect_err("needs a confirmation");
    assert_eq!(
        serde_json::to_value(&unconfirmed).expect("json")["kind"],
        "confirmationNeeded"
    );
    let changed = demo
        .fleet_start(
            "c-1".into(),
            selection,
            horn(),
            false,
            preview.total - 1,
            |_| true,
        )
        .await
        .expect_err("changed");
    assert_eq!(changed.kind(), ErrorKind::SelectionChanged);
    assert!(
        changed.to_string().contains("Open the preview again"),
        "{changed}"
    );
    assert!(
        demo.fleet_runs().await.expect("runs").is_empty(),
        "nothing recorded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preview_of_ten_thousand_vehicles_reads_in_bulk() {
    let (_dir, journal, demo) = demo_backend(3, 0.0).await;
    let journal = journal.expect("journal");
    let ids: Vec<String> = (0..10_000).map(|i| format!("veh-{i:05}")).collect();
    // A real reading of an asleep vehicle (the demo fleet's vehicle 2), for every one of them.
    let fleet = crate::fleet::tests::states(&demo).await;
    assert_eq!(fleet[2].asleep, Some(true));
    let old = journal
        .cached_state("demo", &fleet[2].id)
        .expect("cache")
        .expect("cached")
        .value;
    assert!(old.to_string().len() > 500, "{old}");
    let states: Vec<(String, Value)> = ids.iter().map(|id| (id.clone(), old.clone())).collect();
    journal.store_states("demo", &states, 1).expect("states");
    for id in ids.iter().step_by(5) {
        journal
            .store_capability("demo", id, &capability(false), 1)
            .expect("capability");
    }
    for id in ids.iter().take(50) {
        wake_ups(&journal, id, 1);
    }
    demo.fleet(Names::new()).await.expect("listed once");
    let started = Instant::now();
    let preview = demo
        .fleet_preview(ids.clone(), horn(), Names::new())
        .await
        .expect("preview");
    let took = started.elapsed();
    println!("fleet_preview of 10,000 vehicles: {took:.2?}");
    assert_eq!(
        (preview.total, preview.not_in_account, preview.unsupported),
        (10_000, 10_000, 2_000)
    );
    assert_eq!(preview.asleep, 8_000);
    // Aimed well under a second in a debug build; bounded loosely for a loaded machine.
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_ends_in_batched_updates_is_kept_in_the_journal_and_learns_what_is_unsupported() {
    let (dir, journal, demo) = demo_backend(20, 0.05).await;
    let store = journal.clone().expect("journal");
    let ids = ids_of(&demo.fleet(Names::new()).await.expect("fleet"));
    let before = demo
        .fleet_preview(ids.clone(), horn(), Names::new())
        .await
        .expect("preview");
    assert_eq!(
        (before.total, before.unsupported),
        (20, 0),
        "nothing cached yet"
    );
    let posts = demo.demo_sim().expect("demo").remote_posts();
    let (listen, updates) = listener();
    let started_at = Instant::now();
    let started = demo
        .fleet_start("run-a".into(), ids.clone(), horn(), false, 20, listen)
        .await
        .expect("started");
    assert_eq!(
        started,
        FleetStarted {
            run_id: "run-a".into(),
            total: 20,
            existing: false
        }
    );
    // The plan is in the journal before anything is sent.
    let plan = store.fleet_run("run-a").expect("read").expect("recorded");
    assert_eq!((plan.vehicles.clone(), plan.ended_at), (ids.clone(), None));
    let live = demo.fleet_runs().await.expect("runs");
    assert!(live[0].active && !live[0].interrupted, "{live:?}");

    let updates = updates.finished().await;
    let took = started_at.elapsed();
    let last = &updates.last().expect("updates").1;
    assert!(last.finished);
    assert_eq!(updates.iter().filter(|(_, u)| u.finished).count(), 1);
    assert!(
        updates.len() as u128 <= took.as_millis() / 100 + 2,
        "{} updates in {took:?}",
        updates.len()
    );
    for pair in updates.windows(2) {
        if !pair[1].1.finished {
            assert!(pair[1].0 - pair[0].0 >= Duration::from_millis(90));
        }
    }
    let rows = last_rows(&updates);
    assert_eq!(rows.len(), 20, "every vehicle has a row");
    assert!(rows.values().all(|r| r.stage.is_end()), "{rows:?}");
    assert_eq!(last.counts.ended(), 20);
    let unsupported: Vec<&String> = ids
        .iter()
        .filter(|id| rows[*id].stage == FleetStage::Unsupported)
        .collect();
    assert!(
        unsupported.contains(&&ids[4]),
        "vehicle 4 has no horn: {rows:?}"
    );
    assert_eq!(last.counts.unsupported, unsupported.len());
    assert_eq!(
        demo.demo_sim().expect("demo").remote_posts() - posts,
        20,
        "one POST per vehicle"
    );
    let low_battery = &rows[&ids[7]];
    assert_eq!(
        (low_battery.stage, low_battery.failure_cause.as_deref()),
        (
            FleetStage::Failed,
            Some("NotPossibleDueToVehicleBatteryLevel")
        )
    );
    assert!(low_battery.retryable);
    assert!(!rows[&ids[0]].retryable && !rows[&ids[4]].retryable);

    // What the run learnt is cached: the next preview skips those vehicles.
    let cached = store
        .cached_capability("demo", &ids[4])
        .expect("cache")
        .expect("learnt");
    assert_eq!(
        cached
            .value
            .pointer("/onboardCapabilities/remote/horn/supported"),
        Some(&json!(false))
    );
    let after = demo
        .fleet_preview(ids.clone(), horn(), Names::new())
        .await
        .expect("preview");
    assert_eq!(after.unsupported, unsupported.len());

    // Ended, from the journal: the same rows, in plan order; a fresh backend reads it too.
    let listed = demo.fleet_runs().await.expect("runs");
    assert_eq!(listed.len(), 1);
    let summary = &listed[0];
    assert!(!summary.active && !summary.interrupted && !summary.cancelled);
    assert!(summary.ended_at.is_some());
    assert_eq!(summary.counts, last.counts);
    let view = demo.fleet_run("run-a").await.expect("view");
    assert_eq!(
        view.rows
            .iter()
            .map(|r| r.vehicle_id.clone())
            .collect::<Vec<_>>(),
        ids
    );
    for row in &view.rows {
        let live = &rows[&row.vehicle_id];
        assert_eq!(
            (
                row.stage,
                &row.failure_cause,
                &row.remote_action_id,
                row.retryable
            ),
            (
                live.stage,
                &live.failure_cause,
                &live.remote_action_id,
                live.retryable
            ),
            "{}",
            row.vehicle_id
        );
    }
    assert_eq!(view.summary.counts, last.counts);
    let again = demo
        .fleet_start("run-a".into(), ids.clone(), horn(), false, 20, |_| true)
        .await
        .expect("answered");
    assert!(again.existing);

    // The CSV export: a header and one row per vehicle, as the view has them.
    let rows_out = demo
        .fleet_export_rows("run-a", Names::new())
        .await
        .expect("rows");
    let path = dir.path().join("run-a.csv");
    let exported = crate::history::write_file(path.clone(), |out| {
        Ok(car_remote_journal::write_csv_records(
            out,
            &crate::fleet_row::CSV_HEADER,
            rows_out,
        )?)
    })
    .expect("exported");
    assert_eq!(exported.rows, 20);
    let text = std::fs::read_to_string(&path).expect("written");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "vehicle_id,vin,vehicle,stage,status,failure_cause,error_kind,explanation,\
             remote_action_id,retryable"
        )
    );
    let vehicles = demo.known_vehicles().await.expect("list");
    for (line, row) in lines.zip(&view.rows) {
        assert!(line.starts_with(&format!("{},", row.vehicle_id)), "{line}");
        let vin = vehicles
            .iter()
            .find(|v| v.id == row.vehicle_id)
            .and_then(|v| v.vin.clone())
            .expect("vin");
        assert!(line.contains(&vin), "{line}");
        assert!(
            line.contains(&format!(",{},", row.stage.as_str())),
            "{line}"
        );
        assert!(line.ends_with(&row.retryable.to_string()), "{line}");
    }
    assert_eq!(text.lines().count(), 21);

    drop(demo);
    let fresh = demo_on(&journal, 20, 0.0).await;
    let reread = fresh.fleet_run("run-a").await.expect("view");
    assert_eq!(reread.rows, view.rows);
    assert_eq!(
        fresh.fleet_runs().await.expect("runs")[0].counts,
        last.counts
    );
    let unknown = fresh.fleet_run("nope").await.expect_err("unknown");
    assert_eq!(unknown.kind(), ErrorKind::FleetRunUnknown);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_the_vehicles_not_sent_yet() {
    let (_dir, journal, mut demo) = demo_backend(20, 0.2).await;
    demo.set_fleet_config(FleetConfig {
        concurrency: 2,
        follow_for: Duration::from_secs(60),
        ..FleetConfig::default()
    });
    let store = journal.expect("journal");
    let ids = ids_of(&demo.fleet(Names::new()).await.expect("fleet"));
    // Every answer takes 400 ms: the two slots are held by POSTs still waiting for theirs
    // when the run is cancelled (a slot is freed once a POST is answered).
    demo.demo_sim()
        .expect("demo")
        .set_faults(stellantis_sim::Faults {
            latency_ms: 400,
            ..stellantis_sim::Faults::default()
        });
    let (listen, updates) = listener();
    demo.fleet_start("run-c".into(), ids.clone(), lock(), false, 20, listen)
        .await
        .expect("started");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(demo.fleet_cancel("run-c"));
    assert!(!demo.fleet_cancel("run-c"), "cancelled already");
    let updates = updates.finished().await;
    let last = &updates.last().expect("updates").1;
    assert!(last.finished && last.cancelled);
    let rows = last_rows(&updates);
    assert_eq!(rows.len(), 20);
    let not_sent: Vec<&FleetRow> = rows
        .values()
        .filter(|r| r.stage == FleetStage::NotSent)
        .collect();
    assert!(not_sent.len() >= 10, "{rows:?}");
    assert_eq!(last.counts.not_sent, not_sent.len());
    assert!(not_sent.iter().all(|r| r.retryable));
    assert!(!demo.fleet_cancel("run-c"), "not running any more");
    let recorded = store.fleet_run("run-c").expect("read").expect("kept");
    assert!(recorded.cancelled && recorded.ended_at.is_some());
    let commands = store.fleet_commands("run-c").expect("commands");
    assert!(
        commands.len() <= 20 - not_sent.len(),
        "nothing recorded for the unsent ones"
    );
    let view = demo.fleet_run("run-c").await.expect("view");
    assert!(view.summary.cancelled && !view.summary.interrupted);
    assert_eq!(view.summary.counts.not_sent, not_sent.len());
    let unsent = view
        .rows
        .iter()
        .find(|r| r.stage == FleetStage::NotSent)
        .expect("a row not sent");
    assert!(unsent.explanation.contains("cancelled"), "{unsent:?}");
    let resume = demo
        .fleet_resume("run-c", |_| true)
        .await
        .expect_err("ended");
    assert_eq!(resume.kind(), ErrorKind::FleetRunNotResumable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_run_is_listed_and_resuming_it_sends_only_the_missing_vehicles() {
    let (_dir, journal, demo) = demo_backend(10, 0.0).await;
    let store = journal.expect("journal");
    let ids = ids_of(&demo.fleet(Names::new()).await.expect("fleet"));
    // The app stopped during run-i: its plan recorded, four vehicles sent, six never reached.
    let input = lock();
    store
        .record_fleet_run(&FleetRunRecord {
            run_id: "run-i".into(),
            account: "demo".into(),
            feature: "locking".into(),
            input: input.clone(),
            vehicles: ids.clone(),
            created_at: car_remote_journal::now(),
            ended_at: None,
            cancelled: false,
            skipped: Vec::new(),
        })
        .expect("plan");
    for vehicle in &ids[..4] {
        let request_id = fleet_request_id("run-i", vehicle);
        crate::fleet::tests::send(&demo, &request_id, vehicle, input.clone(), Some("run-i")).await;
    }
    let listed = demo.fleet_runs().await.expect("runs");
    let summary = &listed[0];
    assert!(summary.interrupted && !summary.active && summary.ended_at.is_none());
    assert_eq!((summary.counts.total, summary.counts.not_sent), (10, 6));
    assert_eq!(summary.counts.ended(), 10);
    let view = demo.fleet_run("run-i").await.expect("view");
    assert!(view.summary.interrupted);
    let never: Vec<&FleetRow> = view
        .rows
        .iter()
        .filter(|r| r.stage == FleetStage::NotSent)
        .collect();
    assert_eq!(never.len(), 6);
    assert!(
        never
            .iter()
            .all(|r| r.retryable && r.explanation.contains("Resume"))
    );

    let posts = demo.demo_sim().expect("demo").remote_posts();
    let (listen, updates) = listener();
    let resumed = demo.fleet_resume("run-i", listen).await.expect("resumed");
    assert_eq!((resumed.total, resumed.existing), (10, false));
    let second = demo
        .fleet_resume("run-i", |_| true)
        .await
        .expect_err("running, or ended already");
    assert_eq!(second.kind(), ErrorKind::FleetRunNotResumable);
    let updates = updates.finished().await;
    assert_eq!(
        demo.demo_sim().expect("demo").remote_posts() - posts,
        6,
        "only the vehicles never recorded were posted"
    );
    let rows = last_rows(&updates);
    assert_eq!(rows.len(), 10);
    assert!(rows.values().all(|r| r.stage.is_end()));
    for vehicle in &ids[..4] {
        assert!(
            rows[vehicle]
                .explanation
                .starts_with("Sent earlier in this run, not sent again."),
            "{:?}",
            rows[vehicle]
        );
    }
    let after = demo.fleet_runs().await.expect("runs");
    assert!(!after[0].interrupted && after[0].ended_at.is_some());
    assert_eq!(after[0].counts.not_sent, 0);
    let done = demo
        .fleet_resume("run-i", |_| true)
        .await
        .expect_err("ended");
    assert_eq!(done.kind(), ErrorKind::FleetRunNotResumable);
    let unknown = demo
        .fleet_resume("nope", |_| true)
        .await
        .expect_err("unknown");
    assert_eq!(unknown.kind(), ErrorKind::FleetRunUnknown);
}
