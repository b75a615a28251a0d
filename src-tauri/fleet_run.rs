//! The fleet screen: one command to many vehicles, through the journal (the running part is in
//! `fleet_live.rs`, the preview's counting in `fleet_plan.rs`, the rows in `fleet_row.rs`).
//!
//! - [`Backend::fleet_preview`] counts what a run will do (`fleet_plan.rs`), from the cache and
//!   the journal in bulk.
//! - [`Backend::fleet_start`] records the run's plan in the journal before anything is sent,
//!   then runs a [`FleetRun`] in a background task, each vehicle's command through
//!   [`FleetJournal`] (recorded before its POST, once per run and vehicle). What the capability
//!   cache knows is skipped without a call; what the run learns (`501`) is written back to it.
//! - Progress goes to the window at most every 100 ms (`fleet_live.rs`): the counts and only
//!   the rows that changed since the last update; the last one is `finished` and carries the
//!   final row of every vehicle that changed, taken from the run's report, so a lagging event
//!   stream loses no end. A window that stops listening (reloaded) does not stop the run.
//! - The runs running now stay in the backend ([`LiveRuns`]): list, view and cancel read them
//!   there; every other run is read from the journal, and one the app stopped during (its plan
//!   has no end) is "interrupted": [`Backend::fleet_resume`] sends the same plan again under
//!   the same id: vehicles whose POST left are followed, never sent again; the others are sent.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use car_remote_journal::{CommandStore, FleetJournal, FleetRunListing, FleetRunRecord, rfc3339};
use serde::Serialize;
use serde_json::Value;
use stellantis::fleet::{FleetCounts, FleetRun};
use stellantis::model::{CommandInput, Feature, RemoteCommand};

use crate::backend::{Backend, SEND_BY, lock};
use crate::error::Error;
use crate::fleet_live::{self, LiveRun, RunEnd};
use crate::fleet_plan::{self, DEFAULT_PER_SECOND, Facts, FleetPreview};
use crate::fleet_row::{self, FleetRow};
use crate::history;
use crate::usage;
use crate::vehicle::Names;

pub use crate::fleet_live::{FleetUpdate, LiveRuns};

/// How many runs the list shows, newest first.
pub const LISTED_RUNS: u32 = 50;

/// What `fleet_start` and `fleet_resume` answer at once; progress follows on the channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetStarted {
    /// The run's id.
    pub run_id: String,
    /// Its vehicles, each once.
    pub total: usize,
    /// True when this run id was already recorded: nothing was started now.
    pub existing: bool,
}

/// A run as the list of runs shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetRunSummary {
    /// The run's id.
    pub run_id: String,
    /// The feature's stable name.
    pub feature: String,
    /// The command as the user gave it (a `CommandInput`).
    pub input: Value,
    /// When its plan was recorded (RFC 3339).
    pub created_at: String,
    /// When it ended (RFC 3339), if it did.
    pub ended_at: Option<String>,
    /// Whether it was cancelled.
    pub cancelled: bool,
    /// Running in this app now.
    pub active: bool,
    /// Not ended and not running: the app stopped during it; it can be resumed.
    pub interrupted: bool,
    /// How many vehicles are at each stage.
    pub counts: FleetCounts,
}

/// One run with every vehicle of its plan, in plan order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetRunView {
    /// The run.
    #[serde(flatten)]
    pub summary: FleetRunSummary,
    /// Every vehicle of its plan, in order.
    pub rows: Vec<FleetRow>,
}

/// What `fleet_cancel` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetCancelled {
    /// True when the run was running and now sends nothing more.
    pub cancelled: bool,
}

fn summary_of(listing: FleetRunListing) -> FleetRunSummary {
    FleetRunSummary {
        interrupted: listing.ended_at.is_none(),
        run_id: listing.run_id,
        feature: listing.feature,
        input: listing.input,
        created_at: rfc3339(listing.created_at),
        ended_at: listing.ended_at.map(rfc3339),
        cancelled: listing.cancelled,
        active: false,
        counts: listing.counts,
    }
}

fn no_selection() -> Error {
    Error::InvalidInput {
        field: "vehicleIds",
        reason: "select at least one vehicle".to_owned(),
    }
}

impl Backend {
    fn journal_store(&self) -> Result<Arc<dyn CommandStore>, Error> {
        Ok(self.dispatcher()?.store().clone())
    }

    /// The account's pace: the burst quota the server last reported, else the API's example.
    fn per_second(&self) -> u32 {
        self.client()
            .http()
            .pacer()
            .burst_limit()
            .map_or(DEFAULT_PER_SECOND, |l| u32::try_from(l).unwrap_or(u32::MAX))
    }

    /// Every vehicle's wake-ups this month (since the app started, for the demo fleet), from
    /// the journal in one read; empty without a journal.
    async fn wake_ups(&self) -> HashMap<String, u64> {
        let Some(store) = self.store().cloned() else {
            return HashMap::new();
        };
        let (_, since) =
            usage::count_from(self.is_demo(), self.started_at(), car_remote_journal::now());
        let account = self.account_key().to_owned();
        let found =
            history::blocking(store, move |s| Ok(s.wake_ups_by_vehicle(&account, since)?)).await;
        found.unwrap_or_else(|error| {
            log::warn!("fleet preview: wake-ups not read ({error})");
            HashMap::new()
        })
    }

    /// What the cache knows of `feature`'s support for `vehicles`.
    async fn known_support(
        &self,
        vehicles: &[String],
        feature: Feature,
    ) -> HashMap<String, stellantis::fleet::Support> {
        let wanted: HashSet<String> = vehicles.iter().cloned().collect();
        self.with_cache(move |c, account| {
            let wanted: HashSet<&str> = wanted.iter().map(String::as_str).collect();
            Ok(fleet_plan::support_of(
                c.cached_capability_texts(account)?,
                feature,
                &wanted,
            ))
        })
        .await
        .unwrap_or_default()
    }

    /// Counts what sending `input` to `vehicle_ids` will do, and words its confirmation; reads
    /// the cache and the journal in bulk, sends nothing.
    pub async fn fleet_preview(
        &self,
        vehicle_ids: Vec<String>,
        input: Value,
        names: Names,
    ) -> Result<FleetPreview, Error> {
        let input = CommandInput::from_json(input).map_err(stellantis::Error::from)?;
        // The preview is what a person confirms: the confirmation is asked for after it.
        let command = RemoteCommand::checked(input, true, None)?;
        if vehicle_ids.is_empty() {
            return Err(no_selection());
        }
        let (unique, _) = fleet_plan::dedupe(&vehicle_ids);
        let feature = command.feature();
        let now = jiff::Timestamp::now();
        let wanted: HashSet<String> = unique.into_iter().collect();
        let cached = self.with_cache(move |c, account| {
            let wanted: HashSet<&str> = wanted.iter().map(String::as_str).collect();
            let capabilities = c.cached_capability_texts(account)?;
            let support = fleet_plan::support_of(capabilities, feature, &wanted);
            let asleep = fleet_plan::asleep_of(c.cached_state_texts(account)?, &wanted, now);
            Ok((support, asleep))
        });
        let (vehicles, cached, wake_ups) =
            tokio::join!(self.known_vehicles(), cached, self.wake_ups());
        let vehicles = vehicles?;
        let (support, asleep) = cached.unwrap_or_default();
        Ok(fleet_plan::preview(
            &vehicle_ids,
            &Facts {
                command: &command,
                vehicles: &vehicles,
                names: &names,
                support: &support,
                asleep: &asleep,
                wake_ups: &wake_ups,
                per_second: self.per_second(),
            },
        ))
    }

    /// Checks the command, records run `run_id`'s plan (`vehicle_ids`, each once, in order) in
    /// the journal, and runs it in the background, calling `report` with its progress (it
    /// returns false once nobody listens; the run goes on). `count` is the preview's total: a
    /// selection that changed since is refused. A run id already recorded starts nothing.
    pub async fn fleet_start<F>(
        &self,
        run_id: String,
        vehicle_ids: Vec<String>,
        input: Value,
        confirmed: bool,
        count: usize,
        report: F,
    ) -> Result<FleetStarted, Error>
    where
        F: FnMut(FleetUpdate) -> bool + Send + 'static,
    {
        let input = CommandInput::from_json(input).map_err(stellantis::Error::from)?;
        let command = RemoteCommand::checked(input.clone(), confirmed, None)?;
        if vehicle_ids.is_empty() {
            return Err(no_selection());
        }
        let (plan, _) = fleet_plan::dedupe(&vehicle_ids);
        if plan.len() != count {
            return Err(Error::SelectionChanged {
                previewed: count,
                now: plan.len(),
            });
        }
        let store = self.journal_store()?;
        let record = FleetRunRecord {
            run_id: run_id.clone(),
            account: self.account_key().to_owned(),
            feature: command.feature().as_str().to_owned(),
            input: serde_json::to_value(&input)
                .map_err(|e| Error::Internal(format!("the command cannot be recorded ({e})")))?,
            vehicles: plan,
            created_at: car_remote_journal::now(),
            ended_at: None,
            cancelled: false,
            skipped: Vec::new(),
        };
        let plan = record.clone();
        let (recorded, existing) = history::blocking(store, move |s| {
            if s.record_fleet_run(&plan)? {
                return Ok((true, None));
            }
            Ok((false, s.fleet_run(&plan.run_id)?))
        })
        .await?;
        if !recorded {
            return Ok(FleetStarted {
                run_id,
                total: existing.map_or(record.vehicles.len(), |r| r.vehicles.len()),
                existing: true,
            });
        }
        self.launch(record, command, input, false, report).await
    }

    /// Sends run `run_id` again, for a run the app stopped during (its plan recorded, no end):
    /// the vehicles whose POST left are followed from the journal, never sent again; those never
    /// recorded, or recorded but never POSTed (the app stopped before), are sent now.
    pub async fn fleet_resume<F>(&self, run_id: &str, report: F) -> Result<FleetStarted, Error>
    where
        F: FnMut(FleetUpdate) -> bool + Send + 'static,
    {
        let not_resumable = |reason: String| Error::FleetRunNotResumable {
            run_id: run_id.to_owned(),
            reason,
        };
        if lock(self.live_runs()).contains_key(run_id) {
            return Err(not_resumable(
                "it is still running; follow it on the fleet screen.".to_owned(),
            ));
        }
        let store = self.journal_store()?;
        let id = run_id.to_owned();
        let record = history::blocking(store, move |s| Ok(s.fleet_run(&id)?))
            .await?
            .filter(|r| r.account == self.account_key())
            .ok_or_else(|| Error::FleetRunUnknown(run_id.to_owned()))?;
        if let Some(ended) = record.ended_at {
            return Err(not_resumable(format!(
                "it ended at {}. To send its vehicles again, select those to retry and start a \
                 new run.",
                rfc3339(ended)
            )));
        }
        let input =
            CommandInput::from_json(record.input.clone()).map_err(stellantis::Error::from)?;
        // Confirmed when the run was started; the person presses "resume" now.
        let command = RemoteCommand::checked(input.clone(), true, None)?;
        self.launch(record, command, input, true, report).await
    }

    /// Runs the recorded plan `record` in the background (see the module's notes); `resuming`
    /// a run the app stopped during, the vehicles whose POST never left are sent now.
    async fn launch<F>(
        &self,
        record: FleetRunRecord,
        command: RemoteCommand,
        input: CommandInput,
        resuming: bool,
        report: F,
    ) -> Result<FleetStarted, Error>
    where
        F: FnMut(FleetUpdate) -> bool + Send + 'static,
    {
        let dispatcher = self.dispatcher()?.clone();
        let feature = command.feature();
        let known = self.known_support(&record.vehicles, feature).await;
        let run = FleetRun::new(
            dispatcher.tracker(),
            record.vehicles.clone(),
            command,
            self.fleet_config().clone(),
        )
        .known(known)
        .sender({
            let sender = FleetJournal::new(dispatcher.clone(), record.run_id.clone(), input)
                .send_by(SEND_BY);
            if resuming { sender.resuming() } else { sender }
        });
        let live = Arc::new(LiveRun::new(&record, run.canceller(), run.progress()));
        {
            let mut runs = lock(self.live_runs());
            if runs.contains_key(&record.run_id) {
                return Err(Error::FleetRunNotResumable {
                    run_id: record.run_id,
                    reason: "it is already running; follow it on the fleet screen.".to_owned(),
                });
            }
            runs.insert(record.run_id.clone(), live.clone());
        }
        let events = run.events();
        let end = RunEnd {
            store: dispatcher.store().clone(),
            cache: self.cache().cloned(),
            account: self.account_key().to_owned(),
            feature,
            plan: record.vehicles.clone(),
            skipped_before: record.skipped.clone(),
            live_runs: self.live_runs().clone(),
        };
        tokio::spawn(fleet_live::follow(
            run,
            events,
            live,
            end,
            self.notifier().clone(),
            report,
        ));
        Ok(FleetStarted {
            run_id: record.run_id,
            total: record.vehicles.len(),
            existing: false,
        })
    }

    /// Cancels a running run: nothing more is sent, what was sent is still followed. False
    /// when it is not running (ended, or unknown) or was cancelled already.
    pub fn fleet_cancel(&self, run_id: &str) -> bool {
        let live = lock(self.live_runs()).get(run_id).cloned();
        match live {
            Some(run) if !run.cancel.is_cancelled() => {
                run.cancel.cancel();
                true
            }
            _ => false,
        }
    }

    /// The newest [`LISTED_RUNS`] runs of this account, newest first; running ones from memory.
    pub async fn fleet_runs(&self) -> Result<Vec<FleetRunSummary>, Error> {
        let store = self.journal_store()?;
        let account = self.account_key().to_owned();
        let listed =
            history::blocking(store, move |s| Ok(s.fleet_runs(&account, LISTED_RUNS)?)).await?;
        let live = lock(self.live_runs()).clone();
        Ok(listed
            .into_iter()
            .map(|listing| match live.get(&listing.run_id) {
                Some(run) => run.summary(),
                None => summary_of(listing),
            })
            .collect())
    }

    /// One run with every vehicle of its plan: from memory while it runs, else from the
    /// journal (its commands in one read).
    pub async fn fleet_run(&self, run_id: &str) -> Result<FleetRunView, Error> {
        if let Some(live) = lock(self.live_runs()).get(run_id).cloned() {
            return Ok(live.view());
        }
        let store = self.journal_store()?;
        let (id, account) = (run_id.to_owned(), self.account_key().to_owned());
        let found = history::blocking(store, move |s| {
            match s.fleet_run(&id)?.filter(|r| r.account == account) {
                Some(record) => {
                    let commands = s.fleet_commands(&id)?;
                    Ok(Some((record, commands)))
                }
                None => Ok(None),
            }
        })
        .await?;
        let (record, commands) = found.ok_or_else(|| Error::FleetRunUnknown(run_id.to_owned()))?;
        let interrupted = record.ended_at.is_none();
        let rows =
            fleet_row::journal_rows(&record.vehicles, commands, &record.skipped, interrupted);
        Ok(FleetRunView {
            summary: FleetRunSummary {
                run_id: record.run_id,
                feature: record.feature,
                input: record.input,
                created_at: rfc3339(record.created_at),
                ended_at: record.ended_at.map(rfc3339),
                cancelled: record.cancelled,
                active: false,
                interrupted,
                counts: fleet_row::counts_of(&rows),
            },
            rows,
        })
    }

    /// Run `run_id`'s rows as the CSV export writes them (see [`fleet_row::CSV_HEADER`]).
    pub async fn fleet_export_rows(
        &self,
        run_id: &str,
        names: Names,
    ) -> Result<Vec<[String; 10]>, Error> {
        let view = self.fleet_run(run_id).await?;
        // Without the list (offline), the export still has every row, named by id.
        let vehicles = match self.known_vehicles().await {
            Ok(vehicles) => vehicles,
            Err(error) => {
                log::warn!("fleet export: vehicle list not read ({error})");
                Arc::default()
            }
        };
        Ok(fleet_row::csv_rows(&view.rows, &vehicles, &names))
    }
}

#[cfg(test)]
#[path = "fleet_run_tests.rs"]
mod tests;
