//! One command to many vehicles: a fleet run.
//!
//! - Each vehicle is in a run once: the id list is deduplicated (first occurrence kept) and the
//!   dropped duplicates are reported, so no vehicle gets the command twice from one run.
//! - At most [`FleetConfig::concurrency`] vehicles are being sent at once (from their turn to the
//!   server's answer to their POST); following a command the server accepted holds no slot, so
//!   a run goes at the pace the client's pacer keeps to the server's burst limit, however long
//!   each command takes in the vehicle.
//! - At most one API call per vehicle on the send path, its POST. Whether a vehicle supports the
//!   feature comes from what the caller already knows ([`FleetRun::known`], a [`KnownSupport`]):
//!   a vehicle known not to is reported [`FleetOutcome::Unsupported`] without any call; the
//!   others are POSTed directly, and those that answer `501` are reported unsupported and
//!   listed in [`FleetReport::learnt_unsupported`] for the caller to cache.
//!   [`FleetConfig::check_capability`] opts in to a capability GET first for the vehicles whose
//!   support is unknown, at the cost of one more call each.
//! - Following costs what the [`Tracker`] spends: nothing with a webhook that delivers the end
//!   before the tracker's first poll, a `GET .../remotes/{id}` per poll otherwise.
//! - Every command goes through the [`Tracker`]: sent at most once, never retried blindly. By
//!   default straight ([`Tracker`] is the default [`FleetSender`]); [`FleetRun::sender`] puts
//!   another in between, e.g. a journal that records each vehicle's command before its POST
//!   and answers "already recorded" when the same run is sent again.
//! - Cancelling stops sending to vehicles not yet sent (reported [`FleetOutcome::NotSent`]);
//!   commands already sent are still followed to their end.
//! - Progress: a [`FleetCounts`] snapshot that is always current (a `watch`), and a stream of
//!   per-vehicle [`FleetEvent`]s. The final [`FleetReport`] has one [`VehicleResult`] per vehicle,
//!   in input order.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, watch};
use tokio::task::JoinSet;

mod known;
mod report;
mod sender;

pub use known::{KnownSupport, NothingKnown, Support};
pub use report::{
    FleetCounts, FleetEvent, FleetEventKind, FleetOutcome, FleetReport, FleetStage, VehicleResult,
};
pub use sender::{BoxFuture, CommandEvents, FleetCommand, FleetSender, Unsent};

use crate::error::ErrorKind;
use crate::model::RemoteCommand;
use crate::tracker::{EventKind, Outcome, Tracker};

/// How a fleet run behaves.
#[derive(Clone, Debug)]
pub struct FleetConfig {
    /// Vehicles being sent at once (from their turn to the answer to their POST; following an
    /// accepted command holds no slot). At least 1.
    pub concurrency: usize,
    /// Opt-in, off by default: read the capability (one GET, so one more call per vehicle) of
    /// each vehicle whose support is not known, and skip without a POST those that say they
    /// lack the feature. Without it, such a vehicle is POSTed and a `501` tells the same.
    pub check_capability: bool,
    /// How long a sent command is followed before it is reported [`FleetOutcome::Unknown`].
    pub follow_for: Duration,
    /// Capacity of the per-vehicle event stream; a subscriber that lags loses the oldest events
    /// (the counts and the final report are not affected).
    pub event_capacity: usize,
}

impl Default for FleetConfig {
    fn default() -> Self {
        FleetConfig {
            concurrency: 64,
            check_capability: false,
            follow_for: Duration::from_secs(300),
            event_capacity: 4096,
        }
    }
}

/// Stops a run from sending to vehicles not yet sent. Cheap to clone.
#[derive(Clone, Debug)]
pub struct FleetCancel {
    flag: Arc<watch::Sender<bool>>,
}

impl FleetCancel {
    /// Cancels the run: no new POST; what was sent is still followed to its end.
    pub fn cancel(&self) {
        self.flag.send_replace(true);
    }

    /// Whether the run was cancelled.
    pub fn is_cancelled(&self) -> bool {
        *self.flag.borrow()
    }
}

/// Stages and counts of a run, moved forward only.
#[derive(Debug)]
struct Board {
    stages: Mutex<Vec<FleetStage>>,
    counts: watch::Sender<FleetCounts>,
    events: broadcast::Sender<FleetEvent>,
}

impl Board {
    /// Moves vehicle `index` to `stage` if that is forward; returns whether it moved.
    fn advance(&self, index: usize, stage: FleetStage) -> bool {
        let mut stages = self.stages.lock().unwrap_or_else(|p| p.into_inner());
        let Some(current) = stages.get_mut(index) else {
            return false;
        };
        if current.is_end() || stage.rank() <= current.rank() {
            return false;
        }
        let from = *current;
        *current = stage;
        self.counts.send_modify(|c| {
            *c.slot(from) -= 1;
            *c.slot(stage) += 1;
        });
        true
    }

    fn emit(&self, vehicle_id: &str, event: FleetEventKind) {
        // No subscriber is fine: the counts and the report carry everything.
        let _ = self.events.send(FleetEvent {
            vehicle_id: vehicle_id.to_owned(),
            event,
        });
    }
}

/// One command to many vehicles. Build it, subscribe, then [`FleetRun::run`] it.
#[derive(Debug)]
pub struct FleetRun {
    tracker: Tracker,
    sender: Arc<dyn FleetSender>,
    vehicles: Vec<String>,
    duplicates: Vec<String>,
    command: RemoteCommand,
    config: FleetConfig,
    known: Arc<dyn KnownSupport>,
    board: Arc<Board>,
    cancel: FleetCancel,
}

impl FleetRun {
    /// A run of `command` to `vehicles` (deduplicated, first occurrence kept). Sends nothing yet.
    pub fn new(
        tracker: &Tracker,
        vehicles: impl IntoIterator<Item = String>,
        command: RemoteCommand,
        config: FleetConfig,
    ) -> Self {
        let mut seen = HashSet::new();
        let mut unique = Vec::new();
        let mut duplicates = Vec::new();
        for id in vehicles {
            if seen.contains(&id) {
                if !duplicates.contains(&id) {
                    duplicates.push(id);
                }
            } else {
                seen.insert(id.clone());
                unique.push(id);
            }
        }
        let counts = FleetCounts {
            total: unique.len(),
            queued: unique.len(),
            ..FleetCounts::default()
        };
        let board = Arc::new(Board {
            stages: Mutex::new(vec![FleetStage::Queued; unique.len()]),
            counts: watch::channel(counts).0,
            events: broadcast::channel(config.event_capacity.max(16)).0,
        });
        FleetRun {
            tracker: tracker.clone(),
            sender: Arc::new(tracker.clone()),
            vehicles: unique,
            duplicates,
            command,
            config,
            known: Arc::new(NothingKnown),
            board,
            cancel: FleetCancel {
                flag: Arc::new(watch::channel(false).0),
            },
        }
    }

    /// What is already known about which vehicles support the command (default
    /// [`NothingKnown`]): those known not to are skipped without any call.
    pub fn known(mut self, known: impl KnownSupport + 'static) -> Self {
        self.known = Arc::new(known);
        self
    }

    /// What sends each vehicle's command (default: the tracker given to [`FleetRun::new`],
    /// which still serves the capability reads).
    pub fn sender(mut self, sender: impl FleetSender + 'static) -> Self {
        self.sender = Arc::new(sender);
        self
    }

    /// The vehicles of the run, deduplicated, in input order.
    pub fn vehicles(&self) -> &[String] {
        &self.vehicles
    }

    /// Ids given more than once (each once here).
    pub fn duplicates(&self) -> &[String] {
        &self.duplicates
    }

    /// The counts, always current.
    pub fn progress(&self) -> watch::Receiver<FleetCounts> {
        self.board.counts.subscribe()
    }

    /// The per-vehicle events. Subscribe before [`FleetRun::run`] to see them all.
    pub fn events(&self) -> broadcast::Receiver<FleetEvent> {
        self.board.events.subscribe()
    }

    /// A handle that cancels the run.
    pub fn canceller(&self) -> FleetCancel {
        self.cancel.clone()
    }

    /// Sends to every vehicle (bounded), follows each command to its end and returns the report.
    pub async fn run(self) -> FleetReport {
        let FleetRun {
            tracker,
            sender,
            vehicles,
            duplicates,
            command,
            config,
            known,
            board,
            cancel,
        } = self;
        let vehicles: Arc<[String]> = vehicles.into();
        let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
        let mut results: Vec<Option<Ended>> = std::iter::repeat_with(|| None)
            .take(vehicles.len())
            .collect();
        let mut tasks = JoinSet::new();
        let mut cancelled = cancel.flag.subscribe();
        let shared = Arc::new(Shared {
            tracker,
            sender,
            command,
            config,
            known,
            board: board.clone(),
            cancel: cancel.clone(),
        });
        let mut next = 0;
        while next < vehicles.len() {
            let permit = tokio::select! {
                permit = slots.clone().acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
                _ = cancelled.wait_for(|c| *c) => break,
            };
            if cancel.is_cancelled() {
                break;
            }
            let shared = shared.clone();
            let id = vehicles[next].clone();
            let index = next;
            tasks.spawn(async move {
                let result = one_vehicle(&shared, index, &id, permit).await;
                (index, result)
            });
            next += 1;
            // Collect what has ended so far, so finished tasks do not pile up.
            while let Some(Ok((index, result))) = tasks.try_join_next() {
                results[index] = Some(result);
            }
        }
        while let Some(joined) = tasks.join_next().await {
            if let Ok((index, result)) = joined {
                results[index] = Some(result);
            }
        }
        let feature = shared.command.feature();
        let mut learnt_unsupported = Vec::new();
        let results: Vec<VehicleResult> = results
            .into_iter()
            .zip(vehicles.iter())
            .enumerate()
            .map(|(index, (ended, id))| match ended {
                Some(Ended { result, learnt }) => {
                    if learnt {
                        learnt_unsupported.push(id.clone());
                    }
                    result
                }
                None => {
                    let result = not_sent(id);
                    board.advance(index, FleetStage::NotSent);
                    board.emit(id, FleetEventKind::Ended(result.clone()));
                    result
                }
            })
            .collect();
        let counts = *board.counts.borrow();
        FleetReport {
            feature,
            counts,
            duplicates,
            cancelled: cancel.is_cancelled(),
            results,
            learnt_unsupported,
        }
    }
}

/// What every vehicle task of a run needs.
#[derive(Debug)]
struct Shared {
    tracker: Tracker,
    sender: Arc<dyn FleetSender>,
    command: RemoteCommand,
    config: FleetConfig,
    known: Arc<dyn KnownSupport>,
    board: Arc<Board>,
    cancel: FleetCancel,
}

/// A vehicle's result, and whether the run learnt that it lacks the feature (it was not known).
struct Ended {
    result: VehicleResult,
    learnt: bool,
}

fn result(vehicle_id: &str, outcome: FleetOutcome, explanation: String) -> VehicleResult {
    VehicleResult {
        vehicle_id: vehicle_id.to_owned(),
        remote_action_id: None,
        label: None,
        outcome,
        posted: false,
        already_recorded: false,
        status: None,
        failure_cause: None,
        error_kind: None,
        explanation,
        position: None,
    }
}

fn not_sent(vehicle_id: &str) -> VehicleResult {
    result(
        vehicle_id,
        FleetOutcome::NotSent,
        FleetOutcome::NotSent.explanation().to_owned(),
    )
}

/// Sends and follows one vehicle's command; `slot` is released as soon as the server answered
/// its POST (or it ended without one).
async fn one_vehicle(
    shared: &Shared,
    index: usize,
    vehicle_id: &str,
    slot: OwnedSemaphorePermit,
) -> Ended {
    let board = &shared.board;
    let feature = shared.command.feature();
    let known = shared.known.support(vehicle_id, feature);
    let ended = |result: VehicleResult| {
        board.advance(index, result.outcome);
        board.emit(vehicle_id, FleetEventKind::Ended(result.clone()));
        // Known unsupported already: nothing new for the caller's cache.
        let learnt = result.outcome == FleetOutcome::Unsupported && known != Support::Unsupported;
        Ended { result, learnt }
    };
    let unsupported = || {
        result(
            vehicle_id,
            FleetOutcome::Unsupported,
            FleetOutcome::Unsupported.explanation().to_owned(),
        )
    };
    if shared.cancel.is_cancelled() {
        return ended(not_sent(vehicle_id));
    }
    match known {
        Support::Unsupported => return ended(unsupported()),
        Support::Unknown if shared.config.check_capability => {
            match known::read(&shared.tracker, vehicle_id, feature).await {
                known::Read::Unsupported => return ended(unsupported()),
                known::Read::Refused(kind, message) => {
                    let mut refused = result(vehicle_id, FleetOutcome::Refused, message);
                    refused.error_kind = Some(kind);
                    return ended(refused);
                }
                known::Read::Send => {}
            }
        }
        Support::Supported | Support::Unknown => {}
    }
    if shared.cancel.is_cancelled() {
        return ended(not_sent(vehicle_id));
    }
    let mut tracked = match shared.sender.send(vehicle_id, shared.command.clone()).await {
        Ok(tracked) => tracked,
        Err(Unsent::AlreadyRecorded(recorded)) => {
            let mut recorded = *recorded;
            recorded.vehicle_id = vehicle_id.to_owned();
            recorded.posted = false;
            recorded.already_recorded = true;
            return ended(recorded);
        }
        Err(Unsent::Refused(message)) => {
            return ended(result(vehicle_id, FleetOutcome::NotSent, message));
        }
    };
    if board.advance(index, FleetStage::Sent) {
        board.emit(vehicle_id, FleetEventKind::Sent);
    }
    let mut remote_action_id = None;
    let at = (shared, index, vehicle_id);
    let outcome = follow(&mut tracked, at, &mut remote_action_id, Some(slot)).await;
    let mut out = match outcome {
        Outcome::Done(report) => {
            let outcome = if report.succeeded() {
                FleetOutcome::Succeeded
            } else {
                FleetOutcome::Failed
            };
            let mut r = result(vehicle_id, outcome, report.explanation().to_owned());
            r.status = Some(report.status);
            r.failure_cause = report.failure_cause;
            r.position = report.position;
            r
        }
        Outcome::Unknown => result(
            vehicle_id,
            FleetOutcome::Unknown,
            FleetOutcome::Unknown.explanation().to_owned(),
        ),
        Outcome::NotSent { reason } => result(vehicle_id, FleetOutcome::NotSent, reason),
        Outcome::Rejected { kind, message } => {
            let outcome = if kind == ErrorKind::Unsupported.as_str() {
                FleetOutcome::Unsupported
            } else {
                FleetOutcome::Refused
            };
            let mut r = result(vehicle_id, outcome, message);
            r.error_kind = Some(kind);
            r
        }
    };
    out.posted = tracked.posts;
    out.already_recorded = !tracked.posts;
    out.label = Some(tracked.label.clone());
    out.remote_action_id = tracked.remote_action_id().or(remote_action_id);
    ended(out)
}

/// Reads the command's own events until its end or the follow time, moving the vehicle's
/// stage and reporting its steps; returns how it ended, keeping in `remote_action_id` the last
/// remote id its events carried. `slot` is released once the server has the command (an event
/// with its remote id).
async fn follow(
    tracked: &mut FleetCommand,
    (shared, index, vehicle_id): (&Shared, usize, &str),
    remote_action_id: &mut Option<String>,
    mut slot: Option<OwnedSemaphorePermit>,
) -> Outcome {
    let board = &shared.board;
    let deadline = tokio::time::Instant::now() + shared.config.follow_for;
    loop {
        let Ok(Some(event)) = tokio::time::timeout_at(deadline, tracked.next()).await else {
            return Outcome::Unknown;
        };
        if event.remote_action_id.is_some() {
            remote_action_id.clone_from(&event.remote_action_id);
            // Accepted: the next vehicle may be sent while this one is followed.
            drop(slot.take());
        }
        match event.event {
            EventKind::Sent => {
                if let Some(rid) = event.remote_action_id {
                    board.emit(
                        vehicle_id,
                        FleetEventKind::Accepted {
                            remote_action_id: rid,
                        },
                    );
                }
            }
            EventKind::Pending { status } => {
                board.advance(index, FleetStage::Pending);
                board.emit(vehicle_id, FleetEventKind::Pending { status });
            }
            EventKind::Done(report) => return Outcome::Done(report),
            EventKind::Rejected { kind, message } => return Outcome::Rejected { kind, message },
            EventKind::GaveUp { .. } => return Outcome::Unknown,
            EventKind::NotSent { reason } => return Outcome::NotSent { reason },
            EventKind::Queued | EventKind::Unknown { .. } => {}
        }
    }
}
