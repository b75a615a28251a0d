//! The soak behind `tests/soak.rs` (1,000 commands) and `benches/soak.rs` (10,000): commands
//! sent through one [`Dispatcher`] to a simulated server over real HTTP on loopback while every
//! fault the simulator has is injected, then checked against the journal and the server.
//!
//! - Faults change every [`PHASE`] commands: 10 % of the requests answered 503, 10 % of the
//!   remote POSTs that create a remote answered unusably (dropped, stored then 504, unreadable
//!   202; counts, so re-armed each phase), a little latency, duplicate, out-of-order and late
//!   webhooks, and one phase in four a 429 storm (40 % of the requests).
//! - One command in ten may wait only [`IMPATIENT`] before its POST leaves, so storms make some
//!   end "not sent" (rate limited), a legal end; the others have the dispatcher's 60 s.
//! - One request id in [`TWICE`] is sent twice at the same moment, one more after the run.
//! - Then: every request id is in the journal with an end (or unsettled), every stream ended
//!   with one final event that the journal agrees with, the server holds at most one remote per
//!   label and none for a command the journal says was not sent or refused, and recovery settles
//!   what is left without a single POST. A calm round at the end counts POSTs exactly: each
//!   request id sent twice makes one.
//!
//! Nothing here asserts a time: [`HANG_GUARD`] only turns a stream that never ends into a
//! reported problem instead of a hung run.

#![allow(dead_code)] // The test and the bench each use their own part of it.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use car_remote_journal::{
    CommandRecord, CommandStore, Dispatched, Dispatcher, Journal, Journaled, Origin, Outcome,
    Request, label_for,
};
use stellantis::model::{CommandInput, RemoteCommand};
use stellantis::wire::response::{DoneStatus, RemoteAction};
use stellantis::{Client, ClientConfig, EventKind, Secret, Session, Tracker, TrackerConfig};
use stellantis_sim::{Faults, RunningSim, SimConfig};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Vehicles of the simulated fleet, all used (the first 13 have fixed traits: asleep, deep
/// sleep, no horn, doors open, moving, low battery, wake-ups used up, stolen...).
pub const VEHICLES: usize = 40;
/// Commands in flight at once (the tracker runs one at a time per vehicle).
pub const IN_FLIGHT: usize = 2 * VEHICLES;
/// Commands per fault phase.
pub const PHASE: usize = 50;
/// One request id in this many is sent twice at once; the one half-way between, once more later.
pub const TWICE: usize = 50;
/// How long an impatient command (one in ten) may wait before its POST leaves.
pub const IMPATIENT: Duration = Duration::from_millis(1_500);
/// Request ids sent twice at once in the calm round, where POSTs are counted exactly.
pub const CALM: usize = 8;
/// A stream silent this long is reported as never ending (no end takes near this long).
pub const HANG_GUARD: Duration = Duration::from_secs(300);

/// The commands, as JSON inputs, taken in turn by each vehicle.
const FEATURES: [&str; 6] = [
    r#"{"feature":"locking","state":"Locked"}"#,
    r#"{"feature":"horn","state":"Activated"}"#,
    r#"{"feature":"locking","state":"Unlocked"}"#,
    r#"{"feature":"lights","state":"Activated"}"#,
    r#"{"feature":"wakeUp"}"#,
    r#"{"feature":"state"}"#,
];

/// The faults of phase `k`.
pub fn phase(k: usize) -> Faults {
    Faults {
        error_5xx_share: 0.1,
        rate_429_share: if k % 4 == 2 { 0.4 } else { 0.0 },
        latency_ms: [0, 1, 4][k % 3],
        drop_after_remote_create: 2,
        gateway_timeout_after_remote_create: 2,
        unreadable_accept_after_remote_create: 1,
        duplicate_webhooks: k.is_multiple_of(2),
        reorder_webhooks: k % 3 != 1,
        late_webhooks_ms: if k % 4 == 3 { 40 } else { 0 },
        webhook_unreachable: k % 8 == 5,
        legacy_remote_type_names: k % 5 == 1,
    }
}

/// True when phase `k` is a 429 storm.
fn storm(k: usize) -> bool {
    phase(k).rate_429_share > 0.0
}

/// The create faults of `armed` that were used up, now that `left` remain: dropped
/// connections, 504s, unreadable 202s.
fn used(armed: &Faults, left: &Faults) -> [u32; 3] {
    let count = |f: &Faults| {
        [
            f.drop_after_remote_create,
            f.gateway_timeout_after_remote_create,
            f.unreadable_accept_after_remote_create,
        ]
    };
    let (armed, left) = (count(armed), count(left));
    std::array::from_fn(|i| armed[i] - left[i])
}

/// The simulator, a webhook session on it, and a dispatcher journaling into a temporary folder.
pub struct Rig {
    pub sim: RunningSim,
    pub session: Session,
    pub dispatch: Dispatcher,
    pub vehicles: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Rig {
    pub async fn start() -> Rig {
        let sim = stellantis_sim::start(SimConfig {
            vehicles: VEHICLES,
            seed: 7,
            // The client paces itself under the burst quota it reads; the soak is about faults.
            burst_per_second: 20_000,
            day_quota: u32::MAX,
            // Deliveries that failed while the receiver was "unreachable" come in soon after.
            webhook_retry_interval: Duration::from_millis(300),
            ..SimConfig::for_tests()
        })
        .await
        .expect("the simulator starts");
        let config = ClientConfig::new(
            sim.base_url(),
            sim.token_url(),
            sim.client_id(),
            Secret::new(sim.client_secret()),
        );
        let tracking = TrackerConfig {
            poll_first: Duration::from_millis(25),
            poll_max: Duration::from_millis(250),
            unknown_after: Duration::from_secs(2),
            give_up_after: Duration::from_secs(40),
            // A lost answer is looked up about a second long: enough to see a created remote
            // through a 503 or a 429 storm, short enough to let the vehicle's queue move.
            reconcile_attempts: 8,
            ..TrackerConfig::default()
        };
        let hook = stellantis::WebhookConfig::with_secret(Secret::random().expect("random"));
        let client = Client::new(config).expect("a client");
        let session = Tracker::with_webhook(client, "journal-soak", hook, None, tracking)
            .await
            .expect("a webhook session");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let journal = Journal::open(dir.path().join("journal.sqlite3")).expect("a journal");
        let account = sim.client_id().to_owned();
        let dispatch = Dispatcher::new(
            session.tracker.clone(),
            Arc::new(journal),
            account,
            Origin::App,
            Duration::from_secs(60),
        );
        let vehicles = sim.vehicle_ids();
        Rig {
            sim,
            session,
            dispatch,
            vehicles,
            _dir: dir,
        }
    }

    /// Command `n` of the soak (`prefix` tells the rounds apart).
    pub fn request(&self, prefix: &str, n: usize) -> Request {
        let json = FEATURES[(n / VEHICLES) % FEATURES.len()];
        let input = CommandInput::from_json(serde_json::from_str(json).expect("JSON"))
            .expect("a command input");
        Request {
            request_id: format!("{prefix}-{n:05}"),
            vehicle_id: self.vehicles[n % VEHICLES].clone(),
            command: RemoteCommand::checked(input.clone(), true, None).expect("a command"),
            input,
            fleet_run_id: None,
            send_by: (n % 10 == 7).then_some(IMPATIENT),
        }
    }

    /// Adds up the create faults phase `k - 1` used, before phase `k` re-arms them.
    fn faults_used(&self, report: &mut Report, k: usize) {
        if let Some(previous) = k.checked_sub(1) {
            let used = used(&phase(previous), &self.sim.faults());
            for (total, used) in report.create_faults.iter_mut().zip(used) {
                *total += used;
            }
        }
    }

    fn store(&self) -> &dyn CommandStore {
        self.dispatch.store().as_ref()
    }
}

/// What one stream showed: its final event, and anything wrong with it.
#[derive(Debug, Default)]
pub struct Stream {
    pub request_id: String,
    /// The final event, when the stream ended after exactly one, last.
    pub last: Option<EventKind>,
    /// Two sends of the same request id both went out.
    pub sent_twice: bool,
    pub problems: Vec<String>,
}

/// Reads a command's events to the end: `Queued` first, then exactly one final event, last.
pub async fn drain(mut journaled: Journaled) -> Stream {
    let mut events = Vec::new();
    let mut stream = Stream {
        request_id: journaled.request_id.clone(),
        ..Stream::default()
    };
    loop {
        match tokio::time::timeout(HANG_GUARD, journaled.next()).await {
            Ok(Some(event)) => events.push(event.event),
            Ok(None) => break,
            Err(_) => {
                stream.problems.push(format!(
                    "{}: its stream did not end (events so far: {events:?})",
                    stream.request_id
                ));
                break;
            }
        }
    }
    let finals = events.iter().filter(|e| e.is_final()).count();
    if events.first() != Some(&EventKind::Queued)
        || finals != 1
        || !events.last().is_some_and(EventKind::is_final)
    {
        stream.problems.push(format!(
            "{}: not Queued first and one final event last: {events:?}",
            stream.request_id
        ));
    } else if stream.problems.is_empty() {
        stream.last = events.pop();
    }
    stream
}

/// Sends `request`, twice at the same moment when `twice`: exactly one send may go out.
async fn send(dispatch: Dispatcher, request: Request, twice: bool) -> Stream {
    let first = dispatch.send(request.clone());
    let (one, two) = if twice {
        let (one, two) = tokio::join!(first, dispatch.send(request.clone()));
        (one, Some(two))
    } else {
        (first.await, None)
    };
    let mut sent = Vec::new();
    for dispatched in [Some(one), two].into_iter().flatten() {
        if let Dispatched::Sent(journaled) = dispatched.expect("the journal records the intent") {
            sent.push(journaled);
        }
    }
    let twice_sent = sent.len() > 1;
    let Some(journaled) = sent.pop() else {
        return Stream {
            request_id: request.request_id.clone(),
            problems: vec![format!("{}: no send went out", request.request_id)],
            ..Stream::default()
        };
    };
    let mut stream = drain(journaled).await;
    for other in sent {
        // Followed too, so that nothing is left running; it is a problem all the same.
        stream.problems.extend(drain(other).await.problems);
    }
    stream.sent_twice = twice_sent;
    stream
}

/// The journal's outcome word for a stream's final event.
fn expected_outcome(last: &EventKind) -> Option<Outcome> {
    Some(match last {
        EventKind::Done(report) => match report.status {
            DoneStatus::Success => Outcome::Success,
            DoneStatus::AlreadyDone => Outcome::AlreadyDone,
            _ => Outcome::Failed,
        },
        EventKind::Rejected { .. } => Outcome::Rejected,
        EventKind::NotSent { .. } => Outcome::NotSent,
        EventKind::GaveUp { .. } => Outcome::Unsettled,
        _ => return None,
    })
}

/// Why a command was not sent, or why its end is not known, in a few words.
fn reason(message: &str) -> String {
    let known = [
        ("rate limited", "rate limited"),
        (
            "could not leave within",
            "its send-by time passed in the vehicle's queue",
        ),
        (
            "no remote under this label",
            "answer unusable, no remote under its label",
        ),
        (
            "could not be looked up",
            "answer unusable, the lookup failed",
        ),
        (
            "no end was reported within",
            "no end within the follow time",
        ),
    ];
    known
        .iter()
        .find(|(part, _)| message.contains(part))
        .map_or_else(|| message.to_owned(), |(_, words)| (*words).to_owned())
}

/// The journal's view of the soak's commands.
#[derive(Debug, Default)]
pub struct Tally {
    /// How many commands ended so, by outcome word (`unfinished` when without an end).
    pub outcomes: BTreeMap<&'static str, usize>,
    /// Failure causes of the failed ones.
    pub causes: BTreeMap<String, usize>,
    /// Why the not-sent ones were not, and why the unsettled ones are not known.
    pub reasons: BTreeMap<String, usize>,
    /// Commands with a remote id.
    pub with_remote_id: usize,
    /// Request ids the journal does not have.
    pub lost: Vec<String>,
    pub problems: Vec<String>,
}

impl Tally {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.outcomes.get(outcome.as_str()).copied().unwrap_or(0)
    }
}

/// Reads every command back from the journal and counts how each ended.
pub fn tally(store: &dyn CommandStore, ids: &[String]) -> (Tally, HashMap<String, CommandRecord>) {
    let mut tally = Tally::default();
    let mut records = HashMap::new();
    for id in ids {
        let Some(record) = store.get(id).expect("the journal reads") else {
            tally.lost.push(id.clone());
            continue;
        };
        tally.with_remote_id += usize::from(record.remote_action_id.is_some());
        let word = record
            .end
            .as_ref()
            .map_or("unfinished", |e| e.outcome.as_str());
        *tally.outcomes.entry(word).or_default() += 1;
        match &record.end {
            Some(end) if end.outcome == Outcome::Failed => match &end.cause {
                Some(cause) => *tally.causes.entry(cause.clone()).or_default() += 1,
                None => tally.problems.push(format!("{id}: failed without a cause")),
            },
            Some(end) if matches!(end.outcome, Outcome::NotSent | Outcome::Unsettled) => {
                let why = reason(end.message.as_deref().unwrap_or(""));
                *tally.reasons.entry(format!("{word}: {why}")).or_default() += 1;
            }
            _ => {}
        }
        records.insert(id.clone(), record);
    }
    (tally, records)
}

/// What the server holds, compared with the journal.
#[derive(Debug, Default)]
pub struct Server {
    /// Remotes the simulator created (its counter).
    pub created: u64,
    /// Remotes listed on the channel, over every vehicle.
    pub listed: usize,
    /// Labels held more than once.
    pub sent_twice: usize,
    /// Commands the server has a remote for while the journal has no remote id.
    pub created_unknown: Vec<String>,
    pub problems: Vec<String>,
}

/// Lists every vehicle's remotes on the channel and holds them against the journal.
pub async fn server(rig: &Rig, records: &HashMap<String, CommandRecord>) -> Server {
    let client = rig.session.tracker.client();
    let mut by_label: HashMap<String, Vec<RemoteAction>> = HashMap::new();
    let mut out = Server {
        created: rig.sim.stats().remotes_created,
        ..Server::default()
    };
    for vehicle in &rig.vehicles {
        let remotes = client
            .remotes(vehicle, &rig.session.channel_id, 10_000)
            .await
            .expect("the remotes are listed");
        out.listed += remotes.len();
        for remote in remotes {
            let label = remote.label().unwrap_or_default().to_owned();
            by_label.entry(label).or_default().push(remote);
        }
    }
    if out.listed as u64 != out.created {
        out.problems.push(format!(
            "the server created {} remotes but lists {}",
            out.created, out.listed
        ));
    }
    for (id, record) in records {
        let label = record.label.clone().unwrap_or_else(|| label_for(id));
        let held = by_label.remove(&label).unwrap_or_default();
        if held.len() > 1 {
            out.sent_twice += 1;
            out.problems
                .push(format!("{id}: the server holds {} remotes", held.len()));
        }
        let outcome = record.end.as_ref().map(|e| e.outcome);
        let remote = held.first();
        match (remote, &record.remote_action_id) {
            (Some(r), Some(rid)) if &r.remote_action_id != rid => out.problems.push(format!(
                "{id}: journaled as remote {rid}, the server's is {}",
                r.remote_action_id
            )),
            (Some(_), None) => out.created_unknown.push(id.clone()),
            (None, Some(rid)) => out.problems.push(format!(
                "{id}: journaled as remote {rid}, unknown to the server"
            )),
            _ => {}
        }
        match (outcome, remote) {
            (Some(Outcome::NotSent | Outcome::Rejected), Some(r)) => out.problems.push(format!(
                "{id}: journaled {:?}, yet the server created remote {} ({:?}); steps {:?}",
                outcome, r.remote_action_id, r.status, record.steps
            )),
            (Some(Outcome::Success | Outcome::AlreadyDone | Outcome::Failed), r) => {
                let end = record.end.as_ref().expect("an end");
                let server = r.map(|r| {
                    let cause = r.failure_cause.as_ref().map(ToString::to_string);
                    (r.status.clone(), cause)
                });
                if server != Some((end.status.clone(), end.cause.clone())) {
                    out.problems.push(format!(
                        "{id}: journaled {:?} {:?}, the server says {server:?}",
                        end.status, end.cause
                    ));
                }
            }
            _ => {}
        }
    }
    for (label, remotes) in by_label {
        out.problems.push(format!(
            "{} remote(s) under label {label:?} that no journaled command has",
            remotes.len()
        ));
    }
    out
}

/// Everything the soak found.
#[derive(Debug, Default)]
pub struct Report {
    /// Distinct request ids sent in the faulty run.
    pub commands: usize,
    /// Of those, sent twice on purpose.
    pub twice: usize,
    /// The journal right after the faulty run.
    pub run: Tally,
    /// Streams that did not end with exactly one final event, last (a dead task, a hang).
    pub unended: usize,
    /// Commands whose stream ended but whose journal record has no end.
    pub ends_not_journaled: usize,
    /// Request ids two sends of which both went out.
    pub sent_twice_at_once: usize,
    /// Commands recovery followed, and POSTs it made (must be 0).
    pub recovered: usize,
    pub recovery_posts: u64,
    /// The journal after recovery and the calm round.
    pub settled: Tally,
    pub server: Server,
    /// Remote POSTs that reached the server, 429s the client waited through, GET retries.
    pub posts: u64,
    pub rate_limited: u64,
    pub retries: u64,
    /// POSTs the calm round made for its [`CALM`] request ids, each sent twice.
    pub calm_posts: u64,
    /// Create faults the server used: connections dropped, 504s, unreadable 202s.
    pub create_faults: [u32; 3],
    /// Wall time of the faulty run, and the part of it spent in 429 storms.
    pub took: Duration,
    pub storms: Duration,
    pub problems: Vec<String>,
}

impl Report {
    /// Commands lost: not in the journal, their stream without its end, or their end not
    /// journaled.
    pub fn lost(&self) -> usize {
        self.run.lost.len() + self.unended + self.ends_not_journaled
    }

    /// Commands sent twice: both sends of one request id went out, or the server holds two
    /// remotes under one label.
    pub fn sent_twice(&self) -> usize {
        self.sent_twice_at_once + self.server.sent_twice
    }

    pub fn commands_per_second(&self) -> f64 {
        self.commands as f64 / self.took.as_secs_f64()
    }

    /// Fails, naming the first problems, unless nothing was lost or sent twice and every check
    /// held.
    pub fn assert_clean(&self) {
        let problems: Vec<&String> = [
            &self.problems,
            &self.run.problems,
            &self.settled.problems,
            &self.server.problems,
        ]
        .into_iter()
        .flatten()
        .collect();
        assert!(
            problems.is_empty() && self.lost() == 0 && self.sent_twice() == 0,
            "{} problem(s), the first: {:#?}",
            problems.len(),
            &problems[..problems.len().min(20)]
        );
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (run, after) = (&self.run, &self.settled);
        let success = run.count(Outcome::Success) + run.count(Outcome::AlreadyDone);
        writeln!(
            f,
            "soak: {} commands, {success} success ({} already done), {} failed, {} rejected, \
             {} not sent, {} unsettled, {} unfinished; {} lost, {} sent twice; {:.1} s \
             ({:.0} commands/s)",
            self.commands,
            run.count(Outcome::AlreadyDone),
            run.count(Outcome::Failed),
            run.count(Outcome::Rejected),
            run.count(Outcome::NotSent),
            run.count(Outcome::Unsettled),
            run.outcomes.get("unfinished").copied().unwrap_or(0),
            self.lost(),
            self.sent_twice(),
            self.took.as_secs_f64(),
            self.commands_per_second(),
        )?;
        writeln!(
            f,
            "  faults: 429 storms for {:.1} s of it; remote created, then its connection dropped \
             {} times, 504 {} times, 202 unreadable {} times",
            self.storms.as_secs_f64(),
            self.create_faults[0],
            self.create_faults[1],
            self.create_faults[2]
        )?;
        writeln!(f, "  failed, by cause: {:?}", run.causes)?;
        writeln!(f, "  not sent or unsettled, by reason: {:?}", run.reasons)?;
        writeln!(
            f,
            "  {} request ids sent twice on purpose: each sent once; calm round: {CALM} ids \
             sent twice made {} POSTs",
            self.twice, self.calm_posts
        )?;
        writeln!(
            f,
            "  client: {} remote POSTs reached the server, {} 429s waited through, {} GET retries",
            self.posts, self.rate_limited, self.retries
        )?;
        writeln!(
            f,
            "  recovery: followed {} unsettled, {} POSTs; after it: {:?}",
            self.recovered, self.recovery_posts, after.outcomes
        )?;
        let unknown = &self.server.created_unknown;
        write!(
            f,
            "  server: {} remotes created, {} listed; the journal has a remote id for {} after \
             the run, {} after recovery and the calm round, and none for {} the server created \
             {:?}; problems: {}",
            self.server.created,
            self.server.listed,
            run.with_remote_id,
            after.with_remote_id,
            unknown.len(),
            &unknown[..unknown.len().min(10)],
            self.problems.len()
                + run.problems.len()
                + after.problems.len()
                + self.server.problems.len()
        )
    }
}

/// Runs the soak with `commands` commands and checks everything; see the module's doc.
pub async fn soak(commands: usize) -> Report {
    let rig = Rig::start().await;
    let mut report = Report {
        commands,
        ..Report::default()
    };
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = JoinSet::new();
    let started = Instant::now();
    let mut phase_started = started;
    for n in 0..commands {
        if n % PHASE == 0 {
            rig.faults_used(&mut report, n / PHASE);
            if n > 0 && storm(n / PHASE - 1) {
                report.storms += phase_started.elapsed();
            }
            phase_started = Instant::now();
            rig.sim.set_faults(phase(n / PHASE));
        }
        let permit = permits.clone().acquire_owned().await.expect("open");
        let twice = n % TWICE == 0;
        report.twice += usize::from(twice);
        let (dispatch, request) = (rig.dispatch.clone(), rig.request("soak", n));
        tasks.spawn(async move {
            let stream = send(dispatch, request, twice).await;
            drop(permit);
            stream
        });
    }
    let mut streams = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(stream) => {
                report.unended += usize::from(stream.last.is_none());
                report.sent_twice_at_once += usize::from(stream.sent_twice);
                report.problems.extend(stream.problems);
                streams.insert(stream.request_id, stream.last);
            }
            Err(join) => {
                report.unended += 1;
                report
                    .problems
                    .push(format!("a command's task died: {join}"));
            }
        }
    }
    report.took = started.elapsed();
    let last = commands.saturating_sub(1) / PHASE;
    rig.faults_used(&mut report, last + 1);
    if storm(last) {
        report.storms += phase_started.elapsed();
    }
    let mut ids: Vec<String> = (0..commands).map(|n| format!("soak-{n:05}")).collect();
    // Sent again after the run: the recorded command back, nothing sent.
    for n in (TWICE / 2..commands).step_by(TWICE) {
        report.twice += 1;
        match rig.dispatch.send(rig.request("soak", n)).await {
            Ok(Dispatched::Existing(_)) => {}
            other => report
                .problems
                .push(format!("soak-{n:05} sent again after the run: {other:?}")),
        }
    }
    let (run, records) = tally(rig.store(), &ids);
    for (id, record) in &records {
        let last = streams.get(id).and_then(Option::as_ref);
        let journaled = record.end.as_ref().map(|e| e.outcome);
        report.ends_not_journaled += usize::from(last.is_some() && journaled.is_none());
        if last.and_then(expected_outcome) != journaled {
            report.problems.push(format!(
                "{id}: the stream ended {last:?}, the journal says {journaled:?}"
            ));
        }
    }
    report.run = run;

    rig.sim.set_faults(Faults::default());
    let posts = rig.sim.remote_posts();
    let followed = rig.dispatch.recover().await.expect("recovery");
    report.recovered = followed.len();
    for journaled in followed {
        report.problems.extend(drain(journaled).await.problems);
    }
    report.recovery_posts = rig.sim.remote_posts() - posts;
    if report.recovery_posts != 0 {
        report
            .problems
            .push(format!("recovery sent {} POSTs", report.recovery_posts));
    }

    let posts = rig.sim.remote_posts();
    for n in 0..CALM {
        let stream = send(rig.dispatch.clone(), rig.request("calm", n), true).await;
        report.problems.extend(stream.problems);
        ids.push(format!("calm-{n:05}"));
    }
    report.calm_posts = rig.sim.remote_posts() - posts;
    if report.calm_posts != CALM as u64 {
        report.problems.push(format!(
            "{CALM} request ids sent twice made {} POSTs",
            report.calm_posts
        ));
    }

    let (settled, records) = tally(rig.store(), &ids);
    report.server = server(&rig, &records).await;
    report.settled = settled;
    let stats = rig.session.tracker.client().http().stats();
    report.posts = rig.sim.remote_posts();
    report.rate_limited = stats.rate_limited.load(Ordering::Relaxed);
    report.retries = stats.retries.load(Ordering::Relaxed);
    report
}
