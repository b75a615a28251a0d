//! Fleet runs in the journal: each run's plan (account, command, vehicles in order) recorded
//! before any of its vehicles is sent, its end once the run is over, and what the list of runs
//! and one run's view read back in bulk (one query for a run's commands, one for the counts of
//! many runs), plus the wake-ups of every vehicle of an account in one query for a preview.
//!
//! A run's vehicles are ordinary `command` rows under the request ids
//! [`fleet_request_id`](crate::fleet_request_id) gives, with the run's id as their fleet run; a
//! run whose plan has no end was stopped during (the app quit): it can be listed as
//! interrupted and sent again under the same id, which posts only the vehicles never recorded.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stellantis::fleet::FleetCounts;
use stellantis::model::Feature;

use crate::error::Fault;
use crate::row::{self, COLUMNS};
use crate::{CommandRecord, Error, Journal, Millis, Outcome, State, recorded_stage};

/// A fleet run's plan as recorded before anything was sent, and its end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetRunRecord {
    /// The run's id (the first half of each vehicle's request id).
    pub run_id: String,
    /// The account it is sent under (a client id, or `demo`).
    pub account: String,
    /// The feature's stable name.
    pub feature: String,
    /// The command as the user gave it (a `CommandInput` as JSON).
    pub input: Value,
    /// The vehicles, deduplicated, in the order they are sent.
    pub vehicles: Vec<String>,
    /// When the plan was recorded.
    pub created_at: Millis,
    /// When the run ended; `None` while it runs, or when the app stopped during it.
    pub ended_at: Option<Millis>,
    /// Whether it was cancelled.
    pub cancelled: bool,
    /// The vehicles skipped without a call as known not to support the feature (set at the end).
    pub skipped: Vec<String>,
}

/// A fleet run as the list of runs shows it: its plan without the vehicles, and its counts from
/// the journal.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetRunListing {
    /// The run's id.
    pub run_id: String,
    /// The feature's stable name.
    pub feature: String,
    /// The command as the user gave it.
    pub input: Value,
    /// When the plan was recorded.
    pub created_at: Millis,
    /// When the run ended, if it did.
    pub ended_at: Option<Millis>,
    /// Whether it was cancelled.
    pub cancelled: bool,
    /// Where its vehicles stand as recorded: each recorded command by [`recorded_stage`], the
    /// skipped vehicles unsupported, every other vehicle of the plan not sent.
    pub counts: FleetCounts,
}

fn ids_json(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned())
}

fn ids_from(run_id: &str, what: &str, text: Option<String>) -> Result<Vec<String>, Fault> {
    match text {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| Fault::Corrupt(format!("fleet run {run_id} has unreadable {what}: {e}"))),
    }
}

fn json_from(run_id: &str, text: &str) -> Result<Value, Fault> {
    serde_json::from_str(text)
        .map_err(|e| Fault::Corrupt(format!("fleet run {run_id} has an unreadable input: {e}")))
}

fn state_word(run_id: &str, word: &str) -> Result<State, Fault> {
    State::from_word(word).ok_or_else(|| {
        Fault::Corrupt(format!(
            "a command of fleet run {run_id} has state {word:?}"
        ))
    })
}

impl Journal {
    /// [`crate::CommandStore::record_fleet_run`] on this file.
    pub(crate) fn record_run(&self, run: &FleetRunRecord) -> Result<bool, Error> {
        self.write(|tx| {
            if run.run_id.is_empty() || run.run_id.len() > crate::MAX_REQUEST_ID / 2 {
                return Err(Error::Invalid(format!(
                    "A fleet run id must have 1 to {} bytes; this one has {}. Start the run \
                     again from the preview.",
                    crate::MAX_REQUEST_ID / 2,
                    run.run_id.len()
                ))
                .into());
            }
            let added = tx
                .prepare_cached(
                    "INSERT INTO fleet_run (run_id, account, feature, input, vehicles, \
                     created_at, ended_at, cancelled, skipped) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING",
                )?
                .execute(params![
                    run.run_id,
                    run.account,
                    run.feature,
                    run.input.to_string(),
                    ids_json(&run.vehicles),
                    run.created_at,
                    run.ended_at,
                    run.cancelled,
                    ids_json(&run.skipped),
                ])?;
            Ok(added == 1)
        })
    }

    /// [`crate::CommandStore::end_fleet_run`] on this file.
    pub(crate) fn end_run(
        &self,
        run_id: &str,
        ended_at: Millis,
        cancelled: bool,
        skipped: &[String],
    ) -> Result<bool, Error> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE fleet_run SET ended_at = ?, cancelled = ?, skipped = ? \
                     WHERE run_id = ?",
                )?
                .execute(params![ended_at, cancelled, ids_json(skipped), run_id])?;
            Ok(changed == 1)
        })
    }

    /// [`crate::CommandStore::fleet_run`] on this file.
    pub(crate) fn run_of(&self, run_id: &str) -> Result<Option<FleetRunRecord>, Error> {
        self.read(|tx| {
            type Raw = (
                String,
                String,
                String,
                String,
                Millis,
                Option<Millis>,
                bool,
                Option<String>,
            );
            let raw: Option<Raw> = tx
                .prepare_cached(
                    "SELECT account, feature, input, vehicles, created_at, ended_at, cancelled, \
                     skipped FROM fleet_run WHERE run_id = ?",
                )?
                .query_row([run_id], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                    ))
                })
                .optional()?;
            let Some((account, feature, input, vehicles, created_at, ended_at, cancelled, skipped)) =
                raw
            else {
                return Ok(None);
            };
            Ok(Some(FleetRunRecord {
                run_id: run_id.to_owned(),
                account,
                feature,
                input: json_from(run_id, &input)?,
                vehicles: ids_from(run_id, "vehicles", Some(vehicles))?,
                created_at,
                ended_at,
                cancelled,
                skipped: ids_from(run_id, "skipped vehicles", skipped)?,
            }))
        })
    }

    /// [`crate::CommandStore::fleet_runs`] on this file.
    pub(crate) fn runs_of(&self, account: &str, limit: u32) -> Result<Vec<FleetRunListing>, Error> {
        self.read(|tx| {
            let mut statement = tx.prepare_cached(
                "SELECT run_id, feature, input, created_at, ended_at, cancelled, \
                 json_array_length(vehicles), COALESCE(json_array_length(skipped), 0) \
                 FROM fleet_run WHERE account = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
            )?;
            let rows = statement.query_map(params![account, limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Millis>(3)?,
                    r.get::<_, Option<Millis>>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })?;
            let mut runs = Vec::new();
            let mut sizes = Vec::new();
            for row in rows {
                let (run_id, feature, input, created_at, ended_at, cancelled, total, skipped) =
                    row?;
                let total = usize::try_from(total).unwrap_or_default();
                let skipped = usize::try_from(skipped).unwrap_or_default();
                let counts = FleetCounts {
                    total,
                    ..FleetCounts::default()
                };
                runs.push(FleetRunListing {
                    input: json_from(&run_id, &input)?,
                    run_id,
                    feature,
                    created_at,
                    ended_at,
                    cancelled,
                    counts,
                });
                sizes.push(skipped);
            }
            if runs.is_empty() {
                return Ok(runs);
            }
            // One grouped read of every listed run's commands.
            let index: HashMap<&str, usize> = runs
                .iter()
                .enumerate()
                .map(|(i, r)| (r.run_id.as_str(), i))
                .collect();
            let marks = vec!["?"; runs.len()].join(", ");
            let mut statement = tx.prepare(&format!(
                "SELECT fleet_run_id, state, outcome, outcome_status, COUNT(*) FROM command \
                 WHERE fleet_run_id IN ({marks}) GROUP BY 1, 2, 3, 4"
            ))?;
            let groups = statement.query_map(
                rusqlite::params_from_iter(runs.iter().map(|r| r.run_id.as_str())),
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                },
            )?;
            let mut tallies: Vec<(FleetCounts, usize)> =
                vec![(FleetCounts::default(), 0); runs.len()];
            for group in groups {
                let (run_id, state, outcome, status, n) = group?;
                let Some(&i) = index.get(run_id.as_str()) else {
                    continue;
                };
                let state = state_word(&run_id, &state)?;
                let outcome = outcome.as_deref().and_then(Outcome::from_word);
                let n = usize::try_from(n).unwrap_or_default();
                tallies[i]
                    .0
                    .add(recorded_stage(state, outcome, status.as_deref()), n);
                tallies[i].1 += n;
            }
            drop(statement);
            for ((run, (tally, recorded)), skipped) in runs.iter_mut().zip(tallies).zip(sizes) {
                let total = run.counts.total;
                run.counts = FleetCounts { total, ..tally };
                run.counts.unsupported += skipped;
                run.counts.not_sent += total.saturating_sub(recorded + skipped);
            }
            Ok(runs)
        })
    }

    /// [`crate::CommandStore::fleet_commands`] on this file.
    pub(crate) fn commands_of_run(&self, run_id: &str) -> Result<Vec<CommandRecord>, Error> {
        self.read(|tx| {
            let mut statement = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM command WHERE fleet_run_id = ? ORDER BY id"
            ))?;
            let mut rows = statement.query([run_id])?;
            let mut found = Vec::new();
            while let Some(r) = rows.next()? {
                found.push(row::decode(r)?.1);
            }
            Ok(found)
        })
    }

    /// [`crate::CommandStore::wake_ups_by_vehicle`] on this file.
    pub(crate) fn wake_ups_of(
        &self,
        account: &str,
        since: Millis,
    ) -> Result<HashMap<String, u64>, Error> {
        self.read(|tx| {
            // The same count as `vehicle_usage`, for every vehicle at once.
            let mut statement = tx.prepare_cached(
                "SELECT vehicle_id, COUNT(*) FROM command \
                 WHERE account = ?1 AND feature IN (?2, ?3) \
                 AND posted_at IS NOT NULL AND posted_at >= ?4 GROUP BY vehicle_id",
            )?;
            let rows = statement.query_map(
                params![
                    account,
                    Feature::WakeUp.as_str(),
                    Feature::State.as_str(),
                    since
                ],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
            )?;
            let mut found = HashMap::new();
            for row in rows {
                let (vehicle, n) = row?;
                found.insert(vehicle, u64::try_from(n).unwrap_or_default());
            }
            Ok(found)
        })
    }
}
