//! Tracking every remote to its end.
//!
//! - One remote at a time per vehicle: the server refuses a second one while the first is
//!   pending (`SameActionInProgress`), so commands for one vehicle wait in a FIFO queue.
//! - Two sources feed one state per remote (`book.rs`): the webhook receiver and polling
//!   `GET .../remotes/{rid}` with backoff. Applying the same fact twice changes nothing, and a
//!   Pending step that arrives after Done is ignored.
//! - [`Tracker::send`] hands back a [`Tracked`] handle that yields that command's own
//!   [`TrackEvent`]s: `Queued`, `Sent`, each `Pending` step, `Unknown` after a configurable
//!   silence (a later event still settles it), and exactly one final event: `Done` (status,
//!   cause, extensions), `Rejected` when the server refused the POST, or `GaveUp` when the end
//!   could not be learnt. No reader shares a stream with another command, so a busy tracker
//!   cannot make one lose its end.
//! - `State` is a wake-up followed by the latest telemetry; `VehicleFinder` takes the position
//!   from the Done event's extensions, else from the telemetry.

mod book;
mod event;
mod follow;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

pub use event::{DoneReport, EventKind, Outcome, TrackEvent};

use crate::auth::Secret;
use crate::client::Client;
use crate::error::Result;
use crate::model::RemoteCommand;
use crate::webhook::{WebhookConfig, WebhookReceiver};
use crate::wire::response::Message;
use book::{Book, Owner};

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
    /// How long a command may wait (for its vehicle's turn, pacing, `429`s) before its POST
    /// leaves; past it, it ends `NotSent` and is never sent. [`SendOptions::send_by`] overrides.
    pub send_by: Duration,
    /// At most this many polls of `GET .../remotes/{rid}` per minute for the whole tracker
    /// (one account), whatever the number of commands followed; `None` for no cap. Accounts
    /// that poll too often get throttled or banned.
    pub polls_per_minute: Option<std::num::NonZeroU32>,
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
            send_by: Duration::from_secs(60),
            polls_per_minute: None,
        }
    }
}

/// How one command is sent.
#[derive(Clone, Debug, Default)]
pub struct SendOptions {
    /// The label to send the remote under (unique: it is how the remote is found again, also
    /// after a crash); made from the tracker's prefix when `None`.
    pub label: Option<String>,
    /// How long the POST may wait before it leaves; [`TrackerConfig::send_by`] when `None`.
    pub send_by: Option<Duration>,
    /// Asked right before the POST leaves (e.g. to record "posting" in a journal); an error
    /// stops it, and the command ends `NotSent` with that reason.
    pub before_post: Option<PostGate>,
}

/// The future a [`PostGate`] returns: `Ok` lets the POST leave, `Err(reason)` stops it.
pub type GateFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send>>;

/// A check made right before a POST leaves. Cheap to clone.
#[derive(Clone)]
pub struct PostGate(Arc<dyn Fn() -> GateFuture + Send + Sync>);

impl PostGate {
    /// A gate that runs `check` before the POST.
    pub fn new(check: impl Fn() -> GateFuture + Send + Sync + 'static) -> Self {
        PostGate(Arc::new(check))
    }

    pub(crate) async fn check(&self) -> Result<(), String> {
        (self.0)().await
    }
}

impl std::fmt::Debug for PostGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostGate")
    }
}

/// What a recovered command is known by: its label, and its remote id when it was learnt.
#[derive(Clone, Debug)]
pub struct Resume {
    /// The label the remote was (or may have been) sent under.
    pub label: String,
    /// The server's id of the remote, when its acceptance was read.
    pub remote_action_id: Option<String>,
}

#[derive(Clone, Debug)]
enum Phase {
    Running,
    Finished(Outcome),
}

/// A command being tracked: its own stream of events, and its end.
#[derive(Debug)]
pub struct Tracked {
    /// The client's id of the command.
    pub command_id: u64,
    /// The label sent with the remote.
    pub label: String,
    /// The vehicle.
    pub vehicle_id: String,
    events: mpsc::UnboundedReceiver<TrackEvent>,
    ended: bool,
    phase: watch::Receiver<Phase>,
    remote_action_id: watch::Receiver<Option<String>>,
    cancel: Arc<watch::Sender<bool>>,
}

impl Tracked {
    /// The command's next event, in order; `None` once its final event (`Done`, `Rejected`
    /// or `GaveUp`) has been returned.
    pub async fn next(&mut self) -> Option<TrackEvent> {
        if self.ended {
            return None;
        }
        let event = self.events.recv().await;
        // No sender left means the command's task is gone: nothing more can come.
        self.ended = event.as_ref().is_none_or(|e| e.event.is_final());
        event
    }

    /// Cancels the command if its POST has not left yet (it then ends `NotSent`); a command
    /// already sent cannot be called back, and is still followed to its end.
    pub fn cancel(&self) {
        self.cancel.send_replace(true);
    }

    /// A handle that cancels this command (see [`Tracked::cancel`]), for another task.
    pub fn canceller(&self) -> Canceller {
        Canceller(self.cancel.clone())
    }

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

/// Cancels one queued command from anywhere. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Canceller(Arc<watch::Sender<bool>>);

impl Canceller {
    /// See [`Tracked::cancel`].
    pub fn cancel(&self) {
        self.0.send_replace(true);
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
    poll_budget: Option<governor::DefaultDirectRateLimiter>,
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
        Self::with_book(client, channel_id.into(), config, Arc::default())
    }

    fn with_book(
        client: Client,
        channel_id: String,
        config: TrackerConfig,
        book: Arc<Book>,
    ) -> Self {
        let poll_budget = config
            .polls_per_minute
            .map(|n| governor::RateLimiter::direct(governor::Quota::per_minute(n)));
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
                poll_budget,
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
        let book: Arc<Book> = Arc::default();
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

    /// Queues `command` for `vehicle_id` and follows it in the background. Returns at once with
    /// the command's handle, whose stream already holds its `Queued` event.
    pub fn send(&self, vehicle_id: &str, command: RemoteCommand) -> Tracked {
        self.send_with(vehicle_id, command, SendOptions::default())
    }

    /// [`Tracker::send`] with a label of the caller's (e.g. made from a journal's request id)
    /// and a send-by time.
    pub fn send_with(
        &self,
        vehicle_id: &str,
        command: RemoteCommand,
        options: SendOptions,
    ) -> Tracked {
        let send_by = options.send_by.unwrap_or(self.inner.config.send_by);
        let label = options.label;
        let gate = options.before_post;
        self.start(
            vehicle_id,
            label,
            move |inner, queue, owner, rid, cancel| async move {
                let sending = follow::Sending {
                    cancelled: cancel,
                    send_by,
                    gate,
                };
                follow::run(&inner, queue, &owner, &command, &rid, sending).await
            },
        )
    }

    /// Follows a command an earlier run sent (or may have sent) without sending it again: by
    /// its remote id when known, else by looking its label up on the server; a label the server
    /// does not know means it was never sent (`NotSent`). For recovery after a crash or a
    /// restart, and for "check now".
    pub fn resume(&self, vehicle_id: &str, command: RemoteCommand, known: Resume) -> Tracked {
        let Resume {
            label,
            remote_action_id,
        } = known;
        self.start(
            vehicle_id,
            Some(label),
            move |inner, _queue, owner, rid, _cancel| async move {
                follow::resume(&inner, &owner, &command, &rid, remote_action_id).await
            },
        )
    }

    fn start<F, Fut>(&self, vehicle_id: &str, label: Option<String>, work: F) -> Tracked
    where
        F: FnOnce(
                Arc<Inner>,
                Arc<tokio::sync::Mutex<()>>,
                Owner,
                watch::Sender<Option<String>>,
                watch::Receiver<bool>,
            ) -> Fut
            + Send
            + 'static,
        Fut: std::future::Future<Output = Outcome> + Send + 'static,
    {
        let inner = &self.inner;
        let command_id = inner.next_id.fetch_add(1, Ordering::Relaxed);
        let label = label.unwrap_or_else(|| {
            format!(
                "{}-{}-{}",
                inner.config.label_prefix, inner.run_tag, command_id
            )
        });
        let (events_tx, events) = mpsc::unbounded_channel();
        let owner = Owner {
            command_id,
            label: label.clone(),
            vehicle_id: vehicle_id.to_owned(),
            events: events_tx,
        };
        let (phase_tx, phase_rx) = watch::channel(Phase::Running);
        let (rid_tx, rid_rx) = watch::channel(None);
        let cancel = Arc::new(watch::channel(false).0);
        owner.emit(None, EventKind::Queued);
        let queue = {
            let mut q = inner.queues.lock().unwrap_or_else(|p| p.into_inner());
            q.entry(vehicle_id.to_owned()).or_default().clone()
        };
        let inner = self.inner.clone();
        let cancelled = cancel.subscribe();
        tokio::spawn(async move {
            let outcome = work(inner, queue, owner, rid_tx, cancelled).await;
            let _ = phase_tx.send(Phase::Finished(outcome));
        });
        Tracked {
            command_id,
            label,
            vehicle_id: vehicle_id.to_owned(),
            events,
            ended: false,
            phase: phase_rx,
            remote_action_id: rid_rx,
            cancel,
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
