//! The server the app drives: the demo simulator or the user's Stellantis account. Both are a
//! signed-in `stellantis` client with a tracker fed by a loopback webhook receiver and by
//! polling, so listing, capability and sending are the same code for both. Every command goes
//! through the command journal ([`Dispatcher`]): recorded before it is sent, once per request id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use car_remote_journal::{
    CommandStore, Dispatched, Dispatcher, Journaled, Millis, Request, VehicleCache,
};
use serde::Serialize;
use stellantis::fleet::FleetConfig;
use stellantis::wire::response::Vehicle;
use stellantis::{
    Canceller, Client, ClientConfig, Secret, Session, Tracker, TrackerConfig, WebhookConfig,
};
use stellantis_sim::RunningSim;

use crate::changes::Notifier;
use crate::error::Error;
use crate::fleet_run::LiveRuns;
use crate::progress::{self, Progress};
use crate::settings::{ApiUrls, Polling};

/// The label of the app's Remote channel.
const CHANNEL_LABEL: &str = "car-remote";

/// How long a command may wait before its POST leaves; past it, it is not sent at all.
pub const SEND_BY: Duration = Duration::from_secs(60);

/// What `send` answers at once; the steps follow on the command's channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentCommand {
    /// The command's request id.
    pub request_id: String,
    /// The feature's stable name.
    pub feature: &'static str,
    /// True when this request id was already recorded: nothing was sent now, and no steps
    /// follow (the history has the command).
    pub existing: bool,
}

/// What `check_now` answers at once.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Checked {
    /// The command's request id.
    pub request_id: String,
    /// True when the command is being looked up and followed (steps follow on the channel);
    /// false when it needed nothing (it had ended, or had never been sent).
    pub following: bool,
}

/// What `cancel_command` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cancelled {
    /// True when the command was still waiting and will not be sent.
    pub cancelled: bool,
}

/// The journal a backend records into, and whom to tell about each change.
#[derive(Clone)]
pub struct Journaling {
    /// The journal, or why it could not be opened (then nothing can be sent).
    pub store: Result<Arc<dyn CommandStore>, String>,
    /// The vehicle cache in the journal's file, or why it could not be opened (then the fleet
    /// shows no state until its telemetry is read).
    pub cache: Result<Arc<dyn VehicleCache>, String>,
    /// Told the request id of every command whose record changed.
    pub notify: Notifier,
}

/// Where a backend's server runs.
pub enum Origin {
    /// The simulator inside the app, stopped when the backend is dropped.
    Demo {
        /// Held only to keep the simulator running.
        _sim: RunningSim,
    },
    /// A Stellantis account, signed in to as this client id.
    Account(String),
}

/// A signed-in server; dropping it stops the webhook receiver (and the demo simulator).
pub struct Backend {
    session: Session,
    dispatcher: Result<Dispatcher, String>,
    // The account commands and cached states are recorded under ("demo" for the demo fleet).
    account: String,
    cache: Option<Arc<dyn VehicleCache>>,
    started_at: Millis,
    // True once the app switched away from this backend: long work on it (fleet_states) ends.
    retired: tokio::sync::watch::Sender<bool>,
    notify: Notifier,
    // Commands not sent yet, by request id, so they can be cancelled.
    queued: Arc<Mutex<HashMap<String, Canceller>>>,
    // The account's vehicle list as last listed, for the fleet screen's preview and export.
    listed: Mutex<Option<Arc<Vec<Vehicle>>>>,
    // The fleet runs running in this app now (src-tauri/fleet_run.rs).
    live_runs: LiveRuns,
    // How fleet runs are sent (concurrency, follow time).
    fleet_config: FleetConfig,
    // Declared last: fields drop in order, so a simulator outlives the client's receiver.
    origin: Origin,
}

impl Backend {
    /// Signs in to the account at `urls` with the stored credentials and opens its webhook
    /// channel. The receiver listens on loopback, which a real server cannot reach: there,
    /// polling follows the commands.
    pub async fn account(
        urls: &ApiUrls,
        client_id: String,
        client_secret: Secret,
        polling: Polling,
        journaling: Journaling,
    ) -> Result<Self, Error> {
        let config = ClientConfig::new(
            urls.base_url.clone(),
            urls.token_url.clone(),
            client_id.clone(),
            client_secret,
        );
        let tracker = TrackerConfig {
            poll_first: polling.first,
            poll_max: polling.max,
            polls_per_minute: Some(polling.per_minute),
            label_prefix: CHANNEL_LABEL.to_owned(),
            ..TrackerConfig::default()
        };
        Self::connect(config, Origin::Account(client_id), tracker, journaling).await
    }

    /// The tracker settings of the demo fleet: its simulator is on this computer, and its
    /// webhooks arrive, so polling is only a fallback and has no quota to spare.
    pub fn demo_tracking() -> TrackerConfig {
        TrackerConfig {
            poll_first: Duration::from_secs(2),
            poll_max: Duration::from_secs(20),
            label_prefix: CHANNEL_LABEL.to_owned(),
            ..TrackerConfig::default()
        }
    }

    /// Builds the client for `config`, signs in, starts the tracker with its receiver, and
    /// follows what an earlier run of the app left unfinished in the journal.
    pub async fn connect(
        config: ClientConfig,
        origin: Origin,
        tracker: TrackerConfig,
        journaling: Journaling,
    ) -> Result<Self, Error> {
        let client = Client::new(config)?;
        let webhook = WebhookConfig::with_secret(Secret::random()?);
        let session = Tracker::with_webhook(client, CHANNEL_LABEL, webhook, None, tracker).await?;
        let (account, ephemeral) = match &origin {
            // The demo's simulator starts afresh with the app: nothing of an earlier run
            // can be looked up there.
            Origin::Demo { .. } => ("demo".to_owned(), true),
            Origin::Account(id) => (id.clone(), false),
        };
        let dispatcher = journaling.store.map(|store| {
            let dispatcher = Dispatcher::new(
                session.tracker.clone(),
                store,
                account.clone(),
                car_remote_journal::Origin::App,
                SEND_BY,
            );
            if ephemeral {
                dispatcher.ephemeral()
            } else {
                dispatcher
            }
        });
        let backend = Self {
            session,
            dispatcher,
            account,
            cache: journaling.cache.ok(),
            started_at: car_remote_journal::now(),
            retired: tokio::sync::watch::Sender::new(false),
            notify: journaling.notify,
            queued: Arc::default(),
            listed: Mutex::new(None),
            live_runs: LiveRuns::default(),
            fleet_config: FleetConfig::default(),
            origin,
        };
        backend.recover().await;
        Ok(backend)
    }

    /// Follows what an earlier run left unfinished; a journal that cannot be read now is
    /// tried again at the next start.
    async fn recover(&self) {
        let Ok(dispatcher) = &self.dispatcher else {
            return;
        };
        if let Ok(followed) = dispatcher.recover().await {
            for journaled in followed {
                (self.notify)(&journaled.request_id);
                self.relay(journaled, |_| true);
            }
        }
    }

    pub(crate) fn dispatcher(&self) -> Result<&Dispatcher, Error> {
        self.dispatcher
            .as_ref()
            .map_err(|reason| Error::JournalUnavailable(reason.clone()))
    }

    /// The account's client id; `None` for the demo fleet.
    pub fn account_id(&self) -> Option<&str> {
        match &self.origin {
            Origin::Demo { .. } => None,
            Origin::Account(id) => Some(id),
        }
    }

    /// The signed-in client.
    pub(crate) fn client(&self) -> &Client {
        self.session.tracker.client()
    }

    /// The account commands and cached states are kept under (`demo` for the demo fleet).
    pub(crate) fn account_key(&self) -> &str {
        &self.account
    }

    /// Whether this is the demo fleet (its simulator starts afresh with the app).
    pub(crate) fn is_demo(&self) -> bool {
        matches!(self.origin, Origin::Demo { .. })
    }

    /// When this backend was built.
    pub(crate) fn started_at(&self) -> Millis {
        self.started_at
    }

    /// The vehicle cache, when the journal's file opened.
    pub(crate) fn cache(&self) -> Option<&Arc<dyn VehicleCache>> {
        self.cache.as_ref()
    }

    /// The journal, when it opened.
    pub(crate) fn store(&self) -> Option<&Arc<dyn CommandStore>> {
        self.dispatcher.as_ref().ok().map(Dispatcher::store)
    }

    /// Why the journal could not be opened (empty when it did).
    pub(crate) fn journal_problem(&self) -> String {
        self.dispatcher.as_ref().err().cloned().unwrap_or_default()
    }

    /// Whom to tell that a command's record changed.
    pub(crate) fn notifier(&self) -> &Notifier {
        &self.notify
    }

    /// The fleet runs running in this app now.
    pub(crate) fn live_runs(&self) -> &LiveRuns {
        &self.live_runs
    }

    /// How fleet runs are sent.
    pub(crate) fn fleet_config(&self) -> &FleetConfig {
        &self.fleet_config
    }

    /// Sends fleet runs with `config` from now on (the tests' smaller runs).
    #[cfg(test)]
    pub(crate) fn set_fleet_config(&mut self, config: FleetConfig) {
        self.fleet_config = config;
    }

    /// The demo fleet's simulator (the tests count its POSTs).
    #[cfg(test)]
    pub(crate) fn demo_sim(&self) -> Option<&RunningSim> {
        match &self.origin {
            Origin::Demo { _sim: sim } => Some(sim),
            Origin::Account(_) => None,
        }
    }

    /// Remembers the account's vehicle list as just listed.
    pub(crate) fn remember_vehicles(&self, vehicles: Arc<Vec<Vehicle>>) {
        *lock(&self.listed) = Some(vehicles);
    }

    /// The account's vehicle list as last listed, or listed now when it never was.
    pub(crate) async fn known_vehicles(&self) -> Result<Arc<Vec<Vehicle>>, Error> {
        if let Some(listed) = lock(&self.listed).clone() {
            return Ok(listed);
        }
        let vehicles = Arc::new(self.client().vehicles().await?);
        self.remember_vehicles(vehicles.clone());
        Ok(vehicles)
    }

    /// Tells long work on this backend to end: the app switched to another one.
    pub fn retire(&self) {
        self.retired.send_replace(true);
    }

    /// Becomes true when the backend is retired.
    pub(crate) fn retired(&self) -> tokio::sync::watch::Receiver<bool> {
        self.retired.subscribe()
    }

    /// Records and sends the command of `request` and calls `report` with each of its steps,
    /// from "queued" to its final one, in a background task (`report` returns false once nobody
    /// listens any more). A request id already recorded sends nothing.
    pub async fn send<F>(&self, request: Request, report: F) -> Result<SentCommand, Error>
    where
        F: FnMut(Progress) -> bool + Send + 'static,
    {
        let feature = request.command.feature().as_str();
        let request_id = request.request_id.clone();
        match self.dispatcher()?.send(request).await? {
            Dispatched::Existing(_) => Ok(SentCommand {
                request_id,
                feature,
                existing: true,
            }),
            Dispatched::Sent(journaled) => {
                (self.notify)(&request_id);
                self.relay(journaled, report);
                Ok(SentCommand {
                    request_id,
                    feature,
                    existing: false,
                })
            }
        }
    }

    /// Looks an unfinished command up again and follows it ("check now"); never a new POST.
    pub async fn check<F>(&self, request_id: &str, report: F) -> Result<Checked, Error>
    where
        F: FnMut(Progress) -> bool + Send + 'static,
    {
        let following = match self.dispatcher()?.check(request_id).await? {
            Some(journaled) => {
                self.relay(journaled, report);
                true
            }
            None => false,
        };
        (self.notify)(request_id);
        Ok(Checked {
            request_id: request_id.to_owned(),
            following,
        })
    }

    /// Cancels a command that has not been sent yet; false when it is not waiting any more.
    pub fn cancel(&self, request_id: &str) -> bool {
        let canceller = lock(&self.queued).remove(request_id);
        canceller.map(|c| c.cancel()).is_some()
    }

    /// Passes every (already journaled) step of `journaled` to `report`, and tells the windows;
    /// keeps reading to the end even when `report` stops listening, so the history stays live.
    fn relay<F>(&self, mut journaled: Journaled, mut report: F)
    where
        F: FnMut(Progress) -> bool + Send + 'static,
    {
        let request_id = journaled.request_id.clone();
        lock(&self.queued).insert(request_id.clone(), journaled.canceller());
        let (queued, notify) = (self.queued.clone(), self.notify.clone());
        tokio::spawn(async move {
            let mut listening = true;
            while let Some(event) = journaled.next().await {
                if !matches!(event.event, stellantis::EventKind::Queued) {
                    // Past the queue: sent, or ended; nothing to cancel any more.
                    lock(&queued).remove(&request_id);
                }
                notify(&request_id);
                if listening {
                    listening = report(progress::progress(event.remote_action_id, event.event));
                }
            }
            lock(&queued).remove(&request_id);
        });
    }
}

/// Locks `mutex`, through a panic another holder left (the data stays usable).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    //! Nothing secret leaves the keyring: a real-account setup against the simulator, with a
    //! recognisable secret, leaves it in neither the journal file nor any reply the window gets.

    use std::sync::Arc;

    use car_remote_journal::{CommandStore, HistoryQuery, Journal, Request};
    use serde_json::json;
    use stellantis::model::{CommandInput, RemoteCommand};
    use stellantis_sim::SimConfig;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_client_secret_reaches_neither_the_journal_nor_any_reply() {
        let secret = format!("leak-canary-{}", Secret::random().expect("random").expose());
        let sim = stellantis_sim::start(SimConfig {
            vehicles: 3,
            client_secret: secret.clone(),
            ..SimConfig::for_tests()
        })
        .await
        .expect("simulator");
        let dir = tempfile::tempdir().expect("folder");
        let path = dir.path().join("journal.sqlite3");
        let journal = Arc::new(Journal::open(&path).expect("journal"));
        let store: Arc<dyn CommandStore> = journal.clone();
        let journaling = Journaling {
            store: Ok(store.clone()),
            cache: Ok(journal.clone()),
            notify: Arc::new(|_: &str| {}),
        };
        let urls = ApiUrls {
            base_url: sim.base_url(),
            token_url: sim.token_url(),
        };
        let backend = Backend::account(
            &urls,
            sim.client_id().to_owned(),
            Secret::new(secret.clone()),
            Polling::default(),
            journaling,
        )
        .await
        .expect("signed in");
        let mut replies = Vec::new();
        let fleet = backend
            .fleet(crate::vehicle::Names::new())
            .await
            .expect("fleet");
        replies.push(serde_json::to_string(&fleet).expect("json"));
        let vehicle = fleet[0].id.clone();
        replies.push(
            serde_json::to_string(
                &backend
                    .vehicle(&vehicle, crate::vehicle::Names::new())
                    .await
                    .expect("one"),
            )
            .expect("json"),
        );
        replies.push(
            serde_json::to_string(&backend.capability(&vehicle).await.expect("capability"))
                .expect("json"),
        );
        let input = CommandInput::from_json(json!({"feature": "locking", "state": "Locked"}))
            .expect("input");
        let steps = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = steps.clone();
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        let mut done_tx = Some(done_tx);
        let sent = backend
            .send(
                Request {
                    request_id: "leak-1".into(),
                    vehicle_id: vehicle.clone(),
                    command: RemoteCommand::checked(input.clone(), false, None).expect("command"),
                    input,
                    fleet_run_id: None,
                    send_by: None,
                },
                move |p| {
                    let last = matches!(
                        p.step,
                        crate::progress::Step::Done { .. }
                            | crate::progress::Step::Rejected { .. }
                            | crate::progress::Step::NotSent { .. }
                            | crate::progress::Step::GaveUp { .. }
                    );
                    sink.lock()
                        .expect("lock")
                        .push(serde_json::to_string(&p).expect("json"));
                    if last && let Some(tx) = done_tx.take() {
                        let _ = tx.send(());
                    }
                    true
                },
            )
            .await
            .expect("sent");
        replies.push(serde_json::to_string(&sent).expect("json"));
        tokio::time::timeout(std::time::Duration::from_secs(60), done_rx)
            .await
            .expect("in time")
            .expect("ended");
        replies.extend(steps.lock().expect("lock").iter().cloned());
        // The fleet's states and the vehicle's usage, which also fill the cache in the file.
        let mut batches = Vec::new();
        backend
            .fleet_states(crate::vehicle::Names::new(), |batch| {
                batches.push(serde_json::to_string(&batch).expect("json"));
                true
            })
            .await
            .expect("states");
        replies.extend(batches);
        replies.push(
            serde_json::to_string(&backend.usage(&vehicle).await.expect("usage")).expect("json"),
        );
        let page = store.history(&HistoryQuery::default()).expect("history");
        assert_eq!(page.total, 1);
        replies.push(serde_json::to_string(&page).expect("json"));
        let mut csv = Vec::new();
        store
            .export_csv(&HistoryQuery::default(), &mut csv)
            .expect("csv");
        replies.push(String::from_utf8_lossy(&csv).into_owned());
        // A refused sign-in's error is a reply too.
        let refused = Backend::account(
            &urls,
            sim.client_id().to_owned(),
            Secret::new(format!("{secret}-wrong")),
            Polling::default(),
            Journaling {
                store: Ok(store.clone()),
                cache: Err("not used here".into()),
                notify: Arc::new(|_: &str| {}),
            },
        )
        .await
        .err()
        .expect("refused");
        replies.push(serde_json::to_string(&refused).expect("json"));
        drop(backend);
        for reply in &replies {
            assert!(
                !reply.contains(&secret),
                "the secret is in a reply: {reply}"
            );
        }
        // The journal file itself, WAL included, byte for byte.
        for file in std::fs::read_dir(dir.path()).expect("folder") {
            let bytes = std::fs::read(file.expect("entry").path()).expect("read");
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "the secret is in the journal's files");
        }
        assert!(replies.len() >= 8, "{}", replies.len());
    }
}
