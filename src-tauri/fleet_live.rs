//! A fleet run running now: its plan's rows moved by the run's events, the progress updates
//! sent to the window at most every [`UPDATE_EVERY`] (the counts and only the rows changed
//! since the last one), and its end: every vehicle's final row from the report (so a lagging
//! event stream loses no end), what it learnt cached, its end recorded in the journal, and
//! then the last update, `finished`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use car_remote_journal::{
    CommandStore, FleetRunRecord, Millis, VehicleCache, fleet_request_id, rfc3339,
};
use serde::Serialize;
use serde_json::Value;
use stellantis::fleet::{FleetCancel, FleetCounts, FleetEvent, FleetReport, FleetRun, FleetStage};
use stellantis::model::Feature;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use crate::backend::lock;
use crate::changes::Notifier;
use crate::fleet_plan;
use crate::fleet_row::FleetRow;
use crate::fleet_run::{FleetRunSummary, FleetRunView};
use crate::history;

/// The shortest time between two progress updates of a run (at most 10 a second).
pub const UPDATE_EVERY: Duration = Duration::from_millis(100);

/// One progress update of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetUpdate {
    /// The run's id.
    pub run_id: String,
    /// How many vehicles are at each stage.
    pub counts: FleetCounts,
    /// The vehicles whose row changed since the previous update.
    pub rows: Vec<FleetRow>,
    /// True on the last update: every vehicle has its final row.
    pub finished: bool,
    /// Whether the run was cancelled.
    pub cancelled: bool,
}

/// The runs running in this app, by run id.
pub type LiveRuns = Arc<Mutex<HashMap<String, Arc<LiveRun>>>>;

/// A run running now: its plan's rows as its events move them, its counts, its cancel.
pub struct LiveRun {
    run_id: String,
    feature: String,
    input: Value,
    created_at: Millis,
    /// Cancels the run.
    pub(crate) cancel: FleetCancel,
    counts: watch::Receiver<FleetCounts>,
    board: Mutex<Board>,
}

/// The rows of a live run and which changed since the last update.
struct Board {
    rows: Vec<FleetRow>,
    index: HashMap<String, usize>,
    changed: BTreeSet<usize>,
    sent_counts: Option<FleetCounts>,
}

impl LiveRun {
    /// The run of `record`, every vehicle queued.
    pub(crate) fn new(
        record: &FleetRunRecord,
        cancel: FleetCancel,
        counts: watch::Receiver<FleetCounts>,
    ) -> Self {
        let rows: Vec<FleetRow> = record
            .vehicles
            .iter()
            .map(|id| FleetRow::queued(id))
            .collect();
        let index = record
            .vehicles
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        LiveRun {
            run_id: record.run_id.clone(),
            feature: record.feature.clone(),
            input: record.input.clone(),
            created_at: record.created_at,
            cancel,
            counts,
            board: Mutex::new(Board {
                rows,
                index,
                changed: BTreeSet::new(),
                sent_counts: None,
            }),
        }
    }

    fn apply(&self, event: &FleetEvent) {
        let mut board = lock(&self.board);
        let Some(&i) = board.index.get(&event.vehicle_id) else {
            return;
        };
        if board.rows[i].apply(&event.event) {
            board.changed.insert(i);
        }
    }

    /// Every vehicle's final row from the report (what lagging events missed included).
    fn apply_report(&self, report: &FleetReport) {
        let mut board = lock(&self.board);
        for result in &report.results {
            let Some(&i) = board.index.get(&result.vehicle_id) else {
                continue;
            };
            let mut row = FleetRow::from_result(result);
            if row.remote_action_id.is_none() {
                row.remote_action_id = board.rows[i].remote_action_id.clone();
            }
            if board.rows[i] != row {
                board.rows[i] = row;
                board.changed.insert(i);
            }
        }
    }

    /// The update to send now, and a vehicle whose row changed; `None` when nothing changed
    /// since the last one (a final update is always made).
    fn update(&self, finished: bool) -> Option<(FleetUpdate, Option<String>)> {
        let counts = *self.counts.borrow();
        let mut board = lock(&self.board);
        if !finished && board.changed.is_empty() && board.sent_counts == Some(counts) {
            return None;
        }
        board.sent_counts = Some(counts);
        let changed = std::mem::take(&mut board.changed);
        let rows: Vec<FleetRow> = changed.iter().map(|&i| board.rows[i].clone()).collect();
        let vehicle = rows.first().map(|r| r.vehicle_id.clone());
        Some((
            FleetUpdate {
                run_id: self.run_id.clone(),
                counts,
                rows,
                finished,
                cancelled: self.cancel.is_cancelled(),
            },
            vehicle,
        ))
    }

    /// The run as the list shows it.
    pub(crate) fn summary(&self) -> FleetRunSummary {
        FleetRunSummary {
            run_id: self.run_id.clone(),
            feature: self.feature.clone(),
            input: self.input.clone(),
            created_at: rfc3339(self.created_at),
            ended_at: None,
            cancelled: self.cancel.is_cancelled(),
            active: true,
            interrupted: false,
            counts: *self.counts.borrow(),
        }
    }

    /// The run with every vehicle's row.
    pub(crate) fn view(&self) -> FleetRunView {
        FleetRunView {
            summary: self.summary(),
            rows: lock(&self.board).rows.clone(),
        }
    }
}

/// What a run's task needs once its report is in: where to record its end and what it learnt.
pub(crate) struct RunEnd {
    /// The journal.
    pub store: Arc<dyn CommandStore>,
    /// The vehicle cache, when it opened.
    pub cache: Option<Arc<dyn VehicleCache>>,
    /// The account the run is sent under.
    pub account: String,
    /// The run's feature.
    pub feature: Feature,
    /// The run's vehicles, in order.
    pub plan: Vec<String>,
    /// The vehicles an earlier send of the run skipped.
    pub skipped_before: Vec<String>,
    /// The live runs, to take this one off.
    pub live_runs: LiveRuns,
}

impl RunEnd {
    /// Caches what run `run_id` learnt, records its end, and takes it off the live runs (in
    /// that order: once a window hears the run finished, the journal and the cache say so).
    async fn finish(self, run_id: &str, report: &FleetReport) {
        let RunEnd {
            store,
            cache,
            account,
            feature,
            plan,
            skipped_before,
            live_runs,
        } = self;
        let learnt = report.learnt_unsupported.clone();
        if let Some(cache) = cache.filter(|_| !learnt.is_empty()) {
            let account = account.clone();
            let learnt_at = car_remote_journal::now();
            let written = tokio::task::spawn_blocking(move || {
                for id in &learnt {
                    let cached = cache.cached_capability(&account, id)?.map(|c| c.value);
                    let merged = fleet_plan::mark_unsupported(cached, feature);
                    cache.store_capability(&account, id, &merged, learnt_at)?;
                }
                Ok::<_, car_remote_journal::Error>(())
            })
            .await;
            if !matches!(written, Ok(Ok(()))) {
                log::warn!("fleet run {run_id}: what it learnt could not be cached ({written:?})");
            }
        }
        // Skipped without a call: known unsupported, neither posted nor in the journal.
        let mut skipped: HashSet<&str> = skipped_before.iter().map(String::as_str).collect();
        skipped.extend(
            report
                .results
                .iter()
                .filter(|r| {
                    r.outcome == FleetStage::Unsupported && !r.posted && !r.already_recorded
                })
                .map(|r| r.vehicle_id.as_str()),
        );
        let skipped: Vec<String> = plan
            .iter()
            .filter(|id| skipped.contains(id.as_str()))
            .cloned()
            .collect();
        let (id, cancelled) = (run_id.to_owned(), report.cancelled);
        let ended = history::blocking(store, move |s| {
            Ok(s.end_fleet_run(&id, car_remote_journal::now(), cancelled, &skipped)?)
        })
        .await;
        if let Err(error) = ended {
            // Listed as interrupted after a restart; resuming it posts nothing again.
            log::warn!("fleet run {run_id}: its end could not be recorded ({error})");
        }
        lock(&live_runs).remove(run_id);
    }
}

/// Runs `run`, moving `live`'s rows with its events and sending an update at most every
/// [`UPDATE_EVERY`] (telling the windows' history once per update), then records its end and
/// sends the final update.
pub(crate) async fn follow<F>(
    run: FleetRun,
    mut events: broadcast::Receiver<FleetEvent>,
    live: Arc<LiveRun>,
    end: RunEnd,
    notify: Notifier,
    mut report: F,
) where
    F: FnMut(FleetUpdate) -> bool + Send + 'static,
{
    let mut listening = true;
    let mut hand_over = |made: Option<(FleetUpdate, Option<String>)>| {
        let Some((update, vehicle)) = made else {
            return;
        };
        if let Some(vehicle) = vehicle {
            notify(&fleet_request_id(&update.run_id, &vehicle));
        }
        if listening {
            listening = report(update);
        }
    };
    let mut tick = tokio::time::interval(UPDATE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.reset();
    let running = run.run();
    tokio::pin!(running);
    let mut open = true;
    let finished = loop {
        tokio::select! {
            biased;
            finished = &mut running => break finished,
            event = events.recv(), if open => match event {
                Ok(event) => live.apply(&event),
                // Lost events: the report at the end has every vehicle's final row.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => open = false,
            },
            _ = tick.tick() => hand_over(live.update(false)),
        }
    };
    live.apply_report(&finished);
    let run_id = live.run_id.clone();
    end.finish(&run_id, &finished).await;
    hand_over(live.update(true));
}
