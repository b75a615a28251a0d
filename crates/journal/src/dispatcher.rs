//! Sending through the journal, and recovering what an earlier run left without an end.
//!
//! - The intent is recorded before anything is sent, once per request id: the same id again
//!   gives the recorded command back ([`Dispatched::Existing`]) and no POST.
//! - Right before the POST leaves, the command is marked "posting" (with its label); if the
//!   journal refuses (the command already ended, e.g. recovery marked it not sent), no POST
//!   leaves. So a command found in "intent" was never sent, and one in "posting" is looked up.
//! - Every event is recorded before it is passed on, by a task that runs to the command's end
//!   whether or not anyone still listens.
//! - [`Dispatcher::recover`] follows every unfinished command of the account by its remote id or
//!   label ([`stellantis::Tracker::resume`]), never sending it again.

use std::sync::Arc;
use std::time::Duration;

use stellantis::model::{CommandInput, RemoteCommand};
use stellantis::{
    Canceller, EventKind, PostGate, Resume, SendOptions, TrackEvent, Tracked, Tracker,
};
use tokio::sync::mpsc;

use crate::{
    CommandRecord, CommandStore, Error, Millis, NewCommand, Origin, Outcome, OutcomeRecord,
    Recorded, State, StepRecord, now, os_user,
};

/// The label a command is sent under: made from its request id, so it is known before the POST
/// and the remote can be found again after a crash.
pub fn label_for(request_id: &str) -> String {
    format!("car-remote-{request_id}")
}

/// One command to send.
#[derive(Debug, Clone)]
pub struct Request {
    /// The caller's id of this press or call: the same id twice is the same command.
    pub request_id: String,
    /// The vehicle.
    pub vehicle_id: String,
    /// The command as the user gave it (recorded as its parameters).
    pub input: CommandInput,
    /// The command, checked ([`RemoteCommand::checked`]).
    pub command: RemoteCommand,
    /// The fleet run it belongs to, if any.
    pub fleet_run_id: Option<String>,
    /// How long the POST may wait before it leaves; the dispatcher's default when `None`.
    pub send_by: Option<Duration>,
}

/// What [`Dispatcher::send`] did.
#[derive(Debug)]
pub enum Dispatched {
    /// The command is new: it is being sent and followed.
    Sent(Journaled),
    /// A command with this request id was already recorded: nothing was sent now.
    Existing(Box<CommandRecord>),
}

/// A command being sent or followed through the journal: its events, once recorded.
#[derive(Debug)]
pub struct Journaled {
    /// The command's request id.
    pub request_id: String,
    /// The label it is (or was) sent under.
    pub label: String,
    /// The vehicle.
    pub vehicle_id: String,
    events: mpsc::UnboundedReceiver<TrackEvent>,
    canceller: Canceller,
}

impl Journaled {
    /// The command's next event, after it was recorded; `None` after its final one.
    pub async fn next(&mut self) -> Option<TrackEvent> {
        self.events.recv().await
    }

    /// Cancels the command if its POST has not left yet (it then ends "not sent").
    pub fn cancel(&self) {
        self.canceller.cancel();
    }

    /// A handle that cancels this command, for another task.
    pub fn canceller(&self) -> Canceller {
        self.canceller.clone()
    }
}

/// Sends commands of one account through the journal and the tracker. Cheap to clone.
#[derive(Clone)]
pub struct Dispatcher {
    tracker: Tracker,
    store: Arc<dyn CommandStore>,
    account: String,
    origin: Origin,
    send_by: Duration,
    ephemeral: bool,
    following: Arc<Following>,
}

/// The commands this dispatcher and its clones follow now, each with its number of followers
/// (a command sent, or looked up again), and a signal at every follower's end.
#[derive(Debug, Default)]
struct Following {
    commands: std::sync::Mutex<std::collections::HashMap<String, usize>>,
    ended: tokio::sync::Notify,
}

impl Following {
    fn commands(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, usize>> {
        self.commands
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn start(&self, request_id: &str) {
        *self.commands().entry(request_id.to_owned()).or_default() += 1;
    }

    fn end(&self, request_id: &str) {
        let mut commands = self.commands();
        if let Some(count) = commands.get_mut(request_id) {
            *count -= 1;
            if *count == 0 {
                commands.remove(request_id);
            }
        }
        drop(commands);
        self.ended.notify_waiters();
    }

    fn contains(&self, request_id: &str) -> bool {
        self.commands().contains_key(request_id)
    }
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("account", &self.account)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// Runs journal work on the blocking pool, off the async runtime.
async fn blocking<T, F>(store: &Arc<dyn CommandStore>, work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce(&dyn CommandStore) -> Result<T, Error> + Send + 'static,
{
    let store = store.clone();
    tokio::task::spawn_blocking(move || work(store.as_ref()))
        .await
        .map_err(|join| Error::Interrupted(join.to_string()))?
}

fn millis(duration: Duration) -> Millis {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl Dispatcher {
    /// A dispatcher for `account` (a client id, never a secret), recording commands as sent
    /// from `origin`, with the tracker's send-by time as its default.
    pub fn new(
        tracker: Tracker,
        store: Arc<dyn CommandStore>,
        account: impl Into<String>,
        origin: Origin,
        send_by: Duration,
    ) -> Self {
        Dispatcher {
            tracker,
            store,
            account: account.into(),
            origin,
            send_by,
            ephemeral: false,
            following: Arc::default(),
        }
    }

    /// Whether this dispatcher, or a clone, follows command `request_id` now.
    pub fn is_following(&self, request_id: &str) -> bool {
        self.following.contains(request_id)
    }

    /// Waits until nothing here follows command `request_id` any more (its end recorded).
    pub async fn until_followed(&self, request_id: &str) {
        loop {
            let ended = self.following.ended.notified();
            if !self.is_following(request_id) {
                return;
            }
            ended.await;
        }
    }

    /// Marks the server as one that does not outlive this process (the demo fleet's
    /// simulator): what an earlier run left there cannot be looked up, so recovery records it
    /// as unsettled instead of following it.
    pub fn ephemeral(mut self) -> Self {
        self.ephemeral = true;
        self
    }

    /// The account commands are recorded under.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The journal.
    pub fn store(&self) -> &Arc<dyn CommandStore> {
        &self.store
    }

    /// The tracker.
    pub fn tracker(&self) -> &Tracker {
        &self.tracker
    }

    /// Records the intent, then sends and follows the command; the same request id again gives
    /// the recorded command back and sends nothing.
    pub async fn send(&self, request: Request) -> Result<Dispatched, Error> {
        self.dispatch(request, false).await
    }

    /// As [`Dispatcher::send`], except that a command recorded under the same request id that
    /// never reached the server (an intent, or ended "not sent") is sent now, with a new
    /// send-by time ([`CommandStore::rearm_unsent`]), unless something here still follows it:
    /// for a fleet run resumed after the front end that recorded it stopped, so that no live
    /// sender holds its intents. A command whose POST left is given back, never sent again.
    pub async fn send_unsent(&self, request: Request) -> Result<Dispatched, Error> {
        self.dispatch(request, true).await
    }

    async fn dispatch(&self, request: Request, rearm: bool) -> Result<Dispatched, Error> {
        let created_at = now();
        let send_by = request.send_by.unwrap_or(self.send_by);
        let new = NewCommand {
            request_id: request.request_id.clone(),
            account: self.account.clone(),
            vehicle_id: request.vehicle_id.clone(),
            feature: request.command.feature().as_str().to_owned(),
            parameters: serde_json::to_value(&request.input)
                .map_err(|e| Error::Invalid(format!("the command cannot be recorded ({e})")))?,
            sender: os_user(),
            origin: self.origin,
            fleet_run_id: request.fleet_run_id.clone(),
            created_at,
            send_by: created_at.saturating_add(millis(send_by)),
        };
        let following = self.following.clone();
        let recorded = blocking(&self.store, move |s| match s.record_intent(&new)? {
            Recorded::Existing(_)
                if rearm
                    && !following.contains(&new.request_id)
                    && s.rearm_unsent(&new.request_id, new.created_at, new.send_by)? =>
            {
                Ok(Recorded::New(CommandRecord::intent(new)))
            }
            recorded => Ok(recorded),
        })
        .await?;
        if let Recorded::Existing(record) = recorded {
            return Ok(Dispatched::Existing(Box::new(record)));
        }
        let request_id = request.request_id;
        let label = label_for(&request_id);
        let gate = {
            let (store, request_id, label) =
                (self.store.clone(), request_id.clone(), label.clone());
            PostGate::new(move || {
                let (store, request_id, label) = (store.clone(), request_id.clone(), label.clone());
                Box::pin(async move {
                    blocking(&store, move |s| s.mark_posting(&request_id, &label, now()))
                        .await
                        .map_err(|e| format!("the journal did not let it leave ({e})"))
                })
            })
        };
        let tracked = self.tracker.send_with(
            &request.vehicle_id,
            request.command,
            SendOptions {
                label: Some(label),
                send_by: Some(send_by),
                before_post: Some(gate),
            },
        );
        Ok(Dispatched::Sent(self.journal(request_id, tracked)))
    }

    /// Follows every unfinished command of this account and origin that an earlier run left,
    /// without sending any again. A command still in its intent past its send-by
    /// time was never sent: it ends "not sent". Returns the commands now followed.
    pub async fn recover(&self) -> Result<Vec<Journaled>, Error> {
        let unfinished = blocking(&self.store, |s| s.unfinished()).await?;
        let mut followed = Vec::new();
        for record in unfinished {
            // Each front end follows its own commands: they went through its own channel,
            // where their labels are looked up.
            if record.command.account != self.account || record.command.origin != self.origin {
                continue;
            }
            if let Some(journaled) = self.resume(record).await? {
                followed.push(journaled);
            }
        }
        Ok(followed)
    }

    /// Looks one command up again and follows it ("check now"): its remote id or label, never
    /// a new POST. `None` when it needed no following (it had ended, or was never sent).
    pub async fn check(&self, request_id: &str) -> Result<Option<Journaled>, Error> {
        let id = request_id.to_owned();
        let record = blocking(&self.store, move |s| s.get(&id))
            .await?
            .ok_or_else(|| Error::NotFound {
                request_id: request_id.to_owned(),
            })?;
        if !record.is_unfinished() {
            return Ok(None);
        }
        self.resume(record).await
    }

    async fn resume(&self, record: CommandRecord) -> Result<Option<Journaled>, Error> {
        let request_id = record.command.request_id.clone();
        let end = |outcome, message: &str| OutcomeRecord {
            at: now(),
            outcome,
            status: None,
            cause: None,
            message: Some(message.to_owned()),
        };
        if record.state == State::Intent {
            if record.command.send_by > now() {
                // Its own front end may still send it before its send-by time.
                return Ok(None);
            }
            let end = end(
                Outcome::NotSent,
                "it was not sent before Car Remote stopped, and is not sent now",
            );
            blocking(&self.store, move |s| s.finish(&request_id, &end)).await?;
            return Ok(None);
        }
        if self.ephemeral {
            let end = end(
                Outcome::Unsettled,
                "the demo fleet restarted with Car Remote, so the end of this command is not known",
            );
            blocking(&self.store, move |s| s.finish(&request_id, &end)).await?;
            return Ok(None);
        }
        let command = CommandInput::from_json(record.command.parameters.clone())
            .map_err(stellantis::Error::from)
            .and_then(|input| RemoteCommand::checked(input, true, None));
        let command = match command {
            Ok(command) => command,
            Err(error) => {
                let end = end(
                    Outcome::Unsettled,
                    &format!("its recorded parameters cannot be read again ({error})"),
                );
                blocking(&self.store, move |s| s.finish(&request_id, &end)).await?;
                return Ok(None);
            }
        };
        let label = record
            .label
            .clone()
            .unwrap_or_else(|| label_for(&request_id));
        let tracked = self.tracker.resume(
            &record.command.vehicle_id,
            command,
            Resume {
                label,
                remote_action_id: record.remote_action_id.clone(),
            },
        );
        Ok(Some(self.journal(request_id, tracked)))
    }

    /// Records every event of `tracked` before passing it on, to the command's end.
    fn journal(&self, request_id: String, mut tracked: Tracked) -> Journaled {
        let (tx, events) = mpsc::unbounded_channel();
        let journaled = Journaled {
            request_id: request_id.clone(),
            label: tracked.label.clone(),
            vehicle_id: tracked.vehicle_id.clone(),
            events,
            canceller: tracked.canceller(),
        };
        let store = self.store.clone();
        let following = self.following.clone();
        following.start(&request_id);
        tokio::spawn(async move {
            while let Some(event) = tracked.next().await {
                let (id, kind) = (request_id.clone(), event.event.clone());
                let remote_id = event.remote_action_id.clone();
                // A step the journal could not write is still shown; the end is retried by
                // recovery, since the command then stays unfinished in the journal.
                let _ =
                    blocking(&store, move |s| record(s, &id, remote_id.as_deref(), &kind)).await;
                let _ = tx.send(event);
            }
            following.end(&request_id);
        });
        journaled
    }
}

/// Writes one event of command `request_id`.
fn record(
    store: &dyn CommandStore,
    request_id: &str,
    remote_action_id: Option<&str>,
    event: &EventKind,
) -> Result<(), Error> {
    let at = now();
    let step = |code: &str, status: Option<String>, detail: Option<String>| StepRecord {
        at,
        code: code.to_owned(),
        status,
        detail,
    };
    let end = |outcome, status: Option<String>, cause: Option<String>, message: Option<String>| {
        OutcomeRecord {
            at,
            outcome,
            status,
            cause,
            message,
        }
    };
    match event {
        EventKind::Queued => store.append_step(request_id, &step("queued", None, None)),
        EventKind::Sent => {
            if let Some(rid) = remote_action_id {
                store.set_remote_id(request_id, rid)?;
            }
            store.append_step(request_id, &step("sent", None, None))
        }
        EventKind::Pending { status } => {
            store.append_step(request_id, &step("pending", Some(status.to_string()), None))
        }
        EventKind::Unknown { reason } => {
            store.append_step(request_id, &step("unknown", None, Some(reason.clone())))
        }
        EventKind::Done(report) => {
            if let Some(rid) = remote_action_id {
                store.set_remote_id(request_id, rid).ok();
            }
            let status = report.status.to_string();
            store.append_step(request_id, &step("done", Some(status.clone()), None))?;
            let outcome = match report.status {
                stellantis::wire::response::DoneStatus::Success => Outcome::Success,
                stellantis::wire::response::DoneStatus::AlreadyDone => Outcome::AlreadyDone,
                _ => Outcome::Failed,
            };
            let cause = report
                .failure_cause
                .as_ref()
                .filter(|_| outcome == Outcome::Failed)
                .map(ToString::to_string);
            let message = Some(report.explanation().to_owned());
            store.finish(request_id, &end(outcome, Some(status), cause, message))
        }
        EventKind::Rejected { kind, message } => {
            store.append_step(request_id, &step("rejected", None, Some(message.clone())))?;
            store.finish(
                request_id,
                &end(
                    Outcome::Rejected,
                    Some(kind.clone()),
                    None,
                    Some(message.clone()),
                ),
            )
        }
        EventKind::NotSent { reason } => {
            store.append_step(request_id, &step("notSent", None, Some(reason.clone())))?;
            store.finish(
                request_id,
                &end(Outcome::NotSent, None, None, Some(reason.clone())),
            )
        }
        EventKind::GaveUp { reason } => {
            store.append_step(request_id, &step("gaveUp", None, Some(reason.clone())))?;
            store.finish(
                request_id,
                &end(Outcome::Unsettled, None, None, Some(reason.clone())),
            )
        }
    }
}
