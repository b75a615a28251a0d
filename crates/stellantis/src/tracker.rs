//! Tracking every remote to its end.
//!
//! - One remote at a time per vehicle: the server refuses a second one while the first is
//!   pending (`SameActionInProgress`), so commands for one vehicle wait in a FIFO queue.
//! - Two sources feed one state per remote: the webhook receiver and polling
//!   `GET .../remotes/{rid}` with backoff. Applying the same fact twice changes nothing, and a
//!   Pending step that arrives after Done is ignored.
//! - A stream of typed [`TrackEvent`]s: `Queued`, `Sent`, each `Pending` step, `Done` (status,
//!   cause, extensions), `Unknown` after a configurable silence (a later event still settles it)
//!   and `Rejected` when the server refused the POST.
//! - `State` is a wake-up followed by the latest telemetry; `VehicleFinder` takes the position
//!   from the Done event's extensions, else from the telemetry.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

use crate::auth::Secret;
use crate::client::{Client, Posted};
use crate::error::{Error, Result};
use crate::model::RemoteCommand;
use crate::webhook::{WebhookConfig, WebhookReceiver};
use crate::wire::response::{
    DoneStatus, Extension, FailureCause, GeoPoint, Message, PendingStatus, RemoteState, Telemetry,
    position_from_extensions,
};

/// How patiently remotes are followed.
#[derive(Clone, Debug)]
pub struct TrackerConfig {
    /// First poll of `GET .../remotes/{rid}` after the POST was accepted.
    pub poll_first: Duration,
    /// Longest interval between polls (the interval doubles up to it).
    pub poll_max: Duration,
    /// Silence after which a remote is reported `Unknown` (and its vehicle's queue moves on).
    pub unknown_after: Duration,
    /// After this long without Done, a remote is no longer followed at all.
    pub give_up_after: Duration,
    /// How many times a remote whose POST answer was lost is looked up by label.
    pub reconcile_attempts: u32,
    /// Prefix of the labels given to remotes.
    pub label_prefix: String,
    /// Capacity of the event stream; a subscriber that lags further loses the oldest events.
    pub event_capacity: usize,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        TrackerConfig {
            poll_first: Duration::from_secs(5),
            poll_max: Duration::from_secs(120),
            unknown_after: Duration::from_secs(180),
            give_up_after: Duration::from_secs(6 * 3600),
            reconcile_attempts: 5,
            label_prefix: "car-remote".into(),
            event_capacity: 4096,
        }
    }
}

/// The end of a remote.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoneReport {
    /// `Success`, `AlreadyDone` or `Failed`.
    pub status: DoneStatus,
    /// Why it failed, when it did.
    pub failure_cause: Option<FailureCause>,
    /// Extra data the Done event carried.
    pub extensions: Vec<Extension>,
    /// The vehicle's position (VehicleFinder; State when the telemetry has one).
    pub position: Option<GeoPoint>,
    /// The latest telemetry (State; VehicleFinder without a position extension).
    /// (Boxed: it is large, and most reports have none.)
    pub telemetry: Option<Box<Telemetry>>,
}

impl DoneReport {
    /// True for `Success` and `AlreadyDone`.
    pub fn succeeded(&self) -> bool {
        matches!(self.status, DoneStatus::Success | DoneStatus::AlreadyDone)
    }
}

/// What happened to one event of a command.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum EventKind {
    /// Waiting for the vehicle's previous remote to end.
    Queued,
    /// The server accepted the remote (202).
    Sent,
    /// A step while in progress.
    Pending {
        /// Which step.
        status: PendingStatus,
    },
    /// It ended.
    Done(DoneReport),
    /// No answer for a while: "no answer yet — check later". A later event still settles it.
    Unknown {
        /// Why it is unknown.
        reason: String,
    },
    /// The server refused the POST; nothing was carried out.
    Rejected {
        /// The error kind (`unsupported`, `forbidden`, ...).
        kind: String,
        /// What to tell a person.
        message: String,
    },
}

/// One event of one command, as sent on the stream.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackEvent {
    /// The client's id of the command (unique within this tracker).
    pub command_id: u64,
    /// The label sent with the remote.
    pub label: String,
    /// The vehicle.
    pub vehicle_id: String,
    /// The server's id of the remote, once known.
    pub remote_action_id: Option<String>,
    /// What happened.
    pub event: EventKind,
}

/// How a command ended as far as the client can tell.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum Outcome {
    /// The server reported its end.
    Done(DoneReport),
    /// No end is known (yet): lost answer, silence, or the wait ran out.
    Unknown,
    /// The server refused it before doing anything.
    Rejected {
        /// The error kind.
        kind: String,
        /// What to tell a person.
        message: String,
    },
}

#[derive(Clone, Debug)]
enum Phase {
    Running,
    Finished(Outcome),
}

/// A command being tracked.
#[derive(Debug)]
pub struct Tracked {
    /// The client's id of the command.
    pub command_id: u64,
    /// The label sent with the remote.
    pub label: String,
    /// The vehicle.
    pub vehicle_id: String,
    phase: watch::Receiver<Phase>,
    remote_action_id: watch::Receiver<Option<String>>,
}

impl Tracked {
    /// The server's id of the remote once the POST was accepted (or found again by label).
    /// Read from the command itself, so it is known even to a reader that lagged on the stream.
    pub fn remote_action_id(&self) -> Option<String> {
        self.remote_action_id.borrow().clone()
    }

    /// Waits up to `timeout` for the end; `Outcome::Unknown` if none came in time.
    pub async fn wait_done(&mut self, timeout: Duration) -> Outcome {
        let waited = tokio::time::timeout(
            timeout,
            self.phase.wait_for(|p| matches!(p, Phase::Finished(_))),
        )
        .await;
        match waited {
            Ok(Ok(p)) => match &*p {
                Phase::Finished(o) => o.clone(),
                Phase::Running => Outcome::Unknown,
            },
            _ => Outcome::Unknown,
        }
    }
}

/// What the book knows about one remote id.
#[derive(Debug)]
struct Entry {
    owner: Option<Owner>,
    steps: Vec<PendingStatus>,
    done: Option<(DoneStatus, Option<FailureCause>, Vec<Extension>)>,
    seen: HashSet<PendingStatus>,
    changed: watch::Sender<u64>,
}

#[derive(Clone, Debug)]
struct Owner {
    command_id: u64,
    label: String,
    vehicle_id: String,
}

impl Entry {
    fn new() -> Self {
        Entry {
            owner: None,
            steps: Vec::new(),
            done: None,
            seen: HashSet::new(),
            changed: watch::channel(0).0,
        }
    }
}

/// Remote ids the book remembers without an owner (events for remotes another run sent, or
/// that arrived before their POST answer); beyond this the oldest are forgotten.
const MAX_UNOWNED: usize = 10_000;

/// The state of every remote, fed by webhooks and polls alike. Idempotent.
#[derive(Debug)]
struct Book {
    entries: Mutex<HashMap<String, Entry>>,
    unowned: Mutex<std::collections::VecDeque<String>>,
    events: broadcast::Sender<TrackEvent>,
}

impl Book {
    fn new(capacity: usize) -> Self {
        Book {
            entries: Mutex::new(HashMap::new()),
            unowned: Mutex::new(std::collections::VecDeque::new()),
            events: broadcast::channel(capacity.max(16)).0,
        }
    }

    fn emit(&self, owner: &Owner, rid: Option<&str>, event: EventKind) {
        // No subscriber is fine: the events are also reflected in each `Tracked`.
        let _ = self.events.send(TrackEvent {
            command_id: owner.command_id,
            label: owner.label.clone(),
            vehicle_id: owner.vehicle_id.clone(),
            remote_action_id: rid.map(str::to_owned),
            event,
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records one fact about remote `rid`. Returns true if it changed anything.
    fn apply(&self, rid: &str, state: RemoteState, extensions: Vec<Extension>) -> bool {
        let mut entries = self.lock();
        let fresh = !entries.contains_key(rid);
        let entry = entries.entry(rid.to_owned()).or_insert_with(Entry::new);
        let changed = match state {
            RemoteState::Pending(status) => {
                if entry.done.is_some() || !entry.seen.insert(status.clone()) {
                    false
                } else {
                    entry.steps.push(status.clone());
                    if let Some(owner) = &entry.owner {
                        self.emit(owner, Some(rid), EventKind::Pending { status });
                    }
                    true
                }
            }
            RemoteState::Done {
                status,
                failure_cause,
            } => match &mut entry.done {
                None => {
                    entry.done = Some((status, failure_cause, extensions));
                    true
                }
                // A poll's Done carries no extensions; the webhook's may come later.
                Some((_, _, ext)) if ext.is_empty() && !extensions.is_empty() => {
                    *ext = extensions;
                    true
                }
                Some(_) => false,
            },
        };
        if changed {
            entry.changed.send_modify(|v| *v += 1);
        }
        drop(entries);
        if fresh {
            self.remember_unowned(rid);
        }
        changed
    }

    fn remember_unowned(&self, rid: &str) {
        let mut q = self.unowned.lock().unwrap_or_else(|p| p.into_inner());
        q.push_back(rid.to_owned());
        if q.len() > MAX_UNOWNED {
            let mut entries = self.lock();
            while q.len() > MAX_UNOWNED {
                if let Some(old) = q.pop_front()
                    && entries.get(&old).is_some_and(|e| e.owner.is_none())
                {
                    entries.remove(&old);
                }
            }
        }
    }

    /// Claims `rid` for a command: replays the steps already known and returns a receiver that
    /// changes with every new fact.
    fn attach(&self, rid: &str, owner: Owner) -> watch::Receiver<u64> {
        let mut entries = self.lock();
        let entry = entries.entry(rid.to_owned()).or_insert_with(Entry::new);
        for status in &entry.steps {
            self.emit(
                &owner,
                Some(rid),
                EventKind::Pending {
                    status: status.clone(),
                },
            );
        }
        entry.owner = Some(owner);
        entry.changed.subscribe()
    }

    /// Drops what is known about `rid` once its command has finished with it; a late duplicate
    /// then lands in an unowned entry, which is bounded.
    fn forget(&self, rid: &str) {
        self.lock().remove(rid);
    }

    fn done(&self, rid: &str) -> Option<(DoneStatus, Option<FailureCause>, Vec<Extension>)> {
        self.lock().get(rid).and_then(|e| e.done.clone())
    }

    fn ingest(&self, messages: Vec<Message>) {
        for m in messages {
            let Some(ev) = m.remote_event else { continue };
            if ev.remote_action_id.is_empty() {
                continue;
            }
            if let Some(state) = ev.state() {
                self.apply(&ev.remote_action_id, state, ev.extensions);
            }
        }
    }
}

#[derive(Debug)]
struct Inner {
    client: Client,
    channel_id: String,
    config: TrackerConfig,
    book: Arc<Book>,
    queues: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    next_id: AtomicU64,
    run_tag: String,
}

/// Sends commands and follows each to its end. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Tracker {
    inner: Arc<Inner>,
}

/// A tracker together with its webhook receiver (dropping it stops the receiver).
#[derive(Debug)]
pub struct Session {
    /// The tracker.
    pub tracker: Tracker,
    /// The running receiver.
    pub receiver: WebhookReceiver,
    /// The channel the remotes are sent through.
    pub channel_id: String,
}

impl Tracker {
    /// A tracker for remotes sent through `channel_id`, fed by polling only until messages are
    /// passed to [`Tracker::ingest`].
    pub fn new(client: Client, channel_id: impl Into<String>, config: TrackerConfig) -> Self {
        let book = Arc::new(Book::new(config.event_capacity));
        Self::with_book(client, channel_id.into(), config, book)
    }

    fn with_book(
        client: Client,
        channel_id: String,
        config: TrackerConfig,
        book: Arc<Book>,
    ) -> Self {
        let mut rng = fastrand::Rng::new();
        let run_tag: String = (0..8).map(|_| rng.alphanumeric()).collect();
        Tracker {
            inner: Arc::new(Inner {
                client,
                channel_id,
                config,
                book,
                queues: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                run_tag,
            }),
        }
    }

    /// Starts a webhook receiver, finds or creates the Remote channel `channel_label` pointing
    /// at it (or at `public_url`, when the receiver sits behind a relay), and returns a tracker
    /// fed by both the webhook and polling.
    pub async fn with_webhook(
        client: Client,
        channel_label: &str,
        webhook: WebhookConfig,
        public_url: Option<String>,
        config: TrackerConfig,
    ) -> Result<Session> {
        let book = Arc::new(Book::new(config.event_capacity));
        let sink_book = book.clone();
        let header = webhook.header.clone();
        let secret: Secret = webhook.secret.clone();
        let receiver =
            WebhookReceiver::start(webhook, Arc::new(move |m| sink_book.ingest(m))).await?;
        let target = public_url.unwrap_or_else(|| receiver.url());
        let channel_id = client
            .ensure_webhook_channel(channel_label, &target, &header, &secret)
            .await?;
        let tracker = Self::with_book(client, channel_id.clone(), config, book);
        Ok(Session {
            tracker,
            receiver,
            channel_id,
        })
    }

    /// The channel the remotes go through.
    pub fn channel_id(&self) -> &str {
        &self.inner.channel_id
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// Applies webhook messages (already authenticated). Duplicates change nothing.
    pub fn ingest(&self, messages: Vec<Message>) {
        self.inner.book.ingest(messages);
    }

    /// The stream of every command's events. Subscribe before sending to see them all.
    pub fn events(&self) -> broadcast::Receiver<TrackEvent> {
        self.inner.book.events.subscribe()
    }

    /// Queues `command` for `vehicle_id` and follows it in the background. Returns at once.
    pub fn send(&self, vehicle_id: &str, command: RemoteCommand) -> Tracked {
        let inner = &self.inner;
        let command_id = inner.next_id.fetch_add(1, Ordering::Relaxed);
        let label = format!(
            "{}-{}-{}",
            inner.config.label_prefix, inner.run_tag, command_id
        );
        let owner = Owner {
            command_id,
            label: label.clone(),
            vehicle_id: vehicle_id.to_owned(),
        };
        let (phase_tx, phase_rx) = watch::channel(Phase::Running);
        let (rid_tx, rid_rx) = watch::channel(None);
        inner.book.emit(&owner, None, EventKind::Queued);
        let queue = {
            let mut q = inner.queues.lock().unwrap_or_else(|p| p.into_inner());
            q.entry(vehicle_id.to_owned()).or_default().clone()
        };
        let inner = self.inner.clone();
        tokio::spawn(async move {
            let outcome = run(&inner, queue, &owner, &command, &rid_tx).await;
            let _ = phase_tx.send(Phase::Finished(outcome));
        });
        Tracked {
            command_id,
            label,
            vehicle_id: vehicle_id.to_owned(),
            phase: phase_rx,
            remote_action_id: rid_rx,
        }
    }

    /// Sends `command` and waits up to `timeout` for its end.
    pub async fn send_and_wait(
        &self,
        vehicle_id: &str,
        command: RemoteCommand,
        timeout: Duration,
    ) -> Outcome {
        self.send(vehicle_id, command).wait_done(timeout).await
    }
}

fn rejected(e: &Error) -> (String, String) {
    (e.kind().as_str().to_owned(), e.to_string())
}

/// Finds the remote id of a POST whose answer was lost, by its label, with backoff.
async fn reconcile(inner: &Inner, owner: &Owner) -> Option<String> {
    let mut rng = fastrand::Rng::new();
    for attempt in 0..inner.config.reconcile_attempts {
        if let Ok(Some(r)) = inner
            .client
            .find_remote_by_label(&owner.vehicle_id, &inner.channel_id, &owner.label)
            .await
        {
            return Some(r.remote_action_id);
        }
        tokio::time::sleep(crate::http::backoff_delay(
            attempt,
            inner.config.poll_first.min(Duration::from_secs(1)),
            inner.config.poll_max,
            &mut rng,
        ))
        .await;
    }
    None
}

async fn run(
    inner: &Inner,
    queue: Arc<tokio::sync::Mutex<()>>,
    owner: &Owner,
    command: &RemoteCommand,
    rid_out: &watch::Sender<Option<String>>,
) -> Outcome {
    let book = &inner.book;
    let config = &inner.config;
    // tokio's Mutex is fair, so waiting on it is a FIFO queue per vehicle.
    let mut turn = Some(queue.lock_owned().await);
    let rid = match inner
        .client
        .post_remote(&owner.vehicle_id, &inner.channel_id, command, &owner.label)
        .await
    {
        Ok(Posted::Accepted { remote_action_id }) => remote_action_id,
        Ok(Posted::Lost { reason }) => match reconcile(inner, owner).await {
            Some(rid) => rid,
            None => {
                book.emit(
                    owner,
                    None,
                    EventKind::Unknown {
                        reason: format!(
                            "the server's answer was lost ({reason}) and no remote with this label was found; it was not sent again"
                        ),
                    },
                );
                return Outcome::Unknown;
            }
        },
        Err(e) => {
            let (kind, message) = rejected(&e);
            book.emit(
                owner,
                None,
                EventKind::Rejected {
                    kind: kind.clone(),
                    message: message.clone(),
                },
            );
            return Outcome::Rejected { kind, message };
        }
    };
    let _ = rid_out.send(Some(rid.clone()));
    book.emit(owner, Some(&rid), EventKind::Sent);
    let mut changed = book.attach(&rid, owner.clone());
    let started = Instant::now();
    let mut last_news = started;
    let mut poll_every = config.poll_first;
    let mut next_poll = started + poll_every;
    let mut unknown = false;
    let (status, failure_cause, extensions) = loop {
        if let Some(done) = book.done(&rid) {
            break done;
        }
        let silence_ends = last_news + config.unknown_after;
        tokio::select! {
            r = changed.changed() => {
                if r.is_err() {
                    // The entry was dropped: cannot happen while owned; stop rather than spin.
                    return Outcome::Unknown;
                }
                last_news = Instant::now();
            }
            _ = tokio::time::sleep_until(next_poll) => {
                if let Ok(r) = inner.client.remote(&owner.vehicle_id, &inner.channel_id, &rid).await
                    && let Some(state) = r.state()
                {
                    book.apply(&rid, state, Vec::new());
                }
                poll_every = (poll_every * 2).min(config.poll_max);
                next_poll = Instant::now() + poll_every;
            }
            _ = tokio::time::sleep_until(silence_ends), if !unknown => {
                unknown = true;
                // The server may still be busy with it, but holding the vehicle's queue forever
                // would block every later command: let the next one try.
                turn = None;
                book.emit(owner, Some(&rid), EventKind::Unknown {
                    reason: format!("no news for {} s", config.unknown_after.as_secs()),
                });
            }
            _ = tokio::time::sleep_until(started + config.give_up_after) => {
                book.forget(&rid);
                return Outcome::Unknown;
            }
        }
    };
    drop(turn);
    book.forget(&rid);
    let succeeded = matches!(status, DoneStatus::Success | DoneStatus::AlreadyDone);
    let mut position = position_from_extensions(&extensions);
    let needs_telemetry = succeeded
        && match command {
            RemoteCommand::State => true,
            RemoteCommand::VehicleFinder => position.is_none(),
            _ => false,
        };
    let telemetry = if needs_telemetry {
        inner
            .client
            .latest_telemetry(&owner.vehicle_id)
            .await
            .ok()
            .map(Box::new)
    } else {
        None
    };
    if position.is_none() && matches!(command, RemoteCommand::State | RemoteCommand::VehicleFinder)
    {
        position = telemetry.as_ref().and_then(|t| t.position);
    }
    let report = DoneReport {
        status,
        failure_cause,
        extensions,
        position,
        telemetry,
    };
    book.emit(owner, Some(&rid), EventKind::Done(report.clone()));
    Outcome::Done(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner() -> Owner {
        Owner {
            command_id: 7,
            label: "l".into(),
            vehicle_id: "v".into(),
        }
    }

    fn kinds(rx: &mut broadcast::Receiver<TrackEvent>) -> Vec<EventKind> {
        let mut out = Vec::new();
        while let Ok(e) = rx.try_recv() {
            out.push(e.event);
        }
        out
    }

    #[test]
    fn duplicates_change_nothing_and_pending_after_done_is_ignored() {
        let book = Book::new(64);
        let mut rx = book.events.subscribe();
        let _changes = book.attach("r", owner());
        let pending = |s| RemoteState::Pending(s);
        assert!(book.apply("r", pending(PendingStatus::Accepted), vec![]));
        assert!(!book.apply("r", pending(PendingStatus::Accepted), vec![]));
        let done = RemoteState::Done {
            status: DoneStatus::Failed,
            failure_cause: Some(FailureCause::DoorsOpen),
        };
        assert!(book.apply("r", done.clone(), vec![]));
        assert!(!book.apply("r", done.clone(), vec![]));
        // Out of order: SentToVehicle after Done.
        assert!(!book.apply("r", pending(PendingStatus::SentToVehicle), vec![]));
        // A later Done with a different status does not overwrite the first.
        assert!(!book.apply(
            "r",
            RemoteState::Done {
                status: DoneStatus::Success,
                failure_cause: None
            },
            vec![]
        ));
        assert_eq!(
            book.done("r").map(|d| (d.0, d.1)),
            Some((DoneStatus::Failed, Some(FailureCause::DoorsOpen)))
        );
        assert_eq!(
            kinds(&mut rx),
            vec![EventKind::Pending {
                status: PendingStatus::Accepted
            }]
        );
    }

    #[test]
    fn events_before_the_owner_are_replayed_once_on_attach() {
        let book = Book::new(64);
        let mut rx = book.events.subscribe();
        book.ingest(
            Message::parse_batch(
                br#"[{"channelId":"c","type":"Remote","date":"d","remoteEvent":{"remoteActionId":"early","remoteType":"Horn","eventStatus":{"type":"Pending","status":"Accepted"}}},
                     {"channelId":"c","type":"Remote","date":"d","remoteEvent":{"remoteActionId":"early","remoteType":"Horn","eventStatus":{"type":"Pending","status":"Accepted"}}},
                     {"channelId":"c","type":"Remote","date":"d","remoteEvent":{"remoteActionId":"early","remoteType":"Horn","eventStatus":{"type":"Done","status":"Success"}}}]"#,
            )
            .expect("parses"),
        );
        assert!(kinds(&mut rx).is_empty());
        let _changes = book.attach("early", owner());
        assert_eq!(
            kinds(&mut rx),
            vec![EventKind::Pending {
                status: PendingStatus::Accepted
            }]
        );
        assert_eq!(book.done("early").map(|d| d.0), Some(DoneStatus::Success));
    }

    #[test]
    fn late_extensions_complete_a_polled_done() {
        let book = Book::new(16);
        let done = RemoteState::Done {
            status: DoneStatus::Success,
            failure_cause: None,
        };
        assert!(book.apply("r", done.clone(), vec![]));
        let ext = vec![Extension {
            kind: "vehicle.position".into(),
            body: vec![serde_json::json!({"position":{"geometry":{"coordinates":[1.0,2.0]}}})],
        }];
        assert!(book.apply("r", done.clone(), ext.clone()));
        assert!(!book.apply("r", done, ext.clone()));
        assert_eq!(book.done("r").map(|d| d.2), Some(ext));
    }

    #[test]
    fn unowned_entries_are_bounded() {
        let book = Book::new(16);
        let done = RemoteState::Done {
            status: DoneStatus::Success,
            failure_cause: None,
        };
        for i in 0..(MAX_UNOWNED + 50) {
            book.apply(&format!("r{i}"), done.clone(), vec![]);
        }
        assert!(book.lock().len() <= MAX_UNOWNED);
        assert!(book.done("r0").is_none());
        assert!(book.done(&format!("r{}", MAX_UNOWNED + 49)).is_some());
    }
}
