//! The SQLite journal: one file per user, shared by the app and the CLI.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior, params};

use crate::error::Fault;
use crate::location::{FILE_NAME, data_dir};
use crate::query::Cursor;
use crate::row::{self, COLUMNS};
use crate::{CommandRecord, CommandStore, Error, HistoryPage, HistoryQuery, Millis, NewCommand};
use crate::{FleetRunListing, FleetRunRecord};
use crate::{Outcome, OutcomeRecord, Recorded, State, StepRecord, VehicleUsage, export, schema};

/// The longest request id accepted: ids are UUIDs in practice, and every index carries them.
pub const MAX_REQUEST_ID: usize = 256;

/// The command journal in one SQLite file (see [`CommandStore`] for what it records).
///
/// Open one per process and share it (it is `Send + Sync`); another process may open the same
/// file at once: writes wait for each other up to a busy timeout.
pub struct Journal {
    path: PathBuf,
    // One connection: SQLite serialises writers anyway, and a page takes milliseconds.
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").field("path", &self.path).finish()
    }
}

impl Journal {
    /// Opens (creating it and its folder if needed) `journal.sqlite3` in [`crate::data_dir`].
    pub fn open_default() -> Result<Self, Error> {
        let dir = data_dir()?;
        std::fs::create_dir_all(&dir).map_err(|e| Error::Unavailable {
            path: dir.clone(),
            reason: e.to_string(),
        })?;
        Self::open(dir.join(FILE_NAME))
    }

    /// Opens the journal at `path`, creating the file (not its folder) and migrating its schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref().to_path_buf();
        let mut conn = Connection::open(&path).map_err(|e| Error::Unavailable {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        schema::prepare(&mut conn, &path)?;
        Ok(Journal {
            path,
            conn: Mutex::new(conn),
        })
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled its transaction back on unwind: the connection
        // is still sound.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `work` in a write transaction, taken at once so that a concurrent writer in another
    /// process makes this one wait (busy timeout) rather than fail mid-way.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, Fault>,
    ) -> Result<T, Error> {
        let mut conn = self.lock();
        let run = || {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        run().map_err(|fault: Fault| fault.at(&self.path))
    }

    /// Runs `work` in a read transaction: one snapshot, however many statements.
    pub(crate) fn read<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, Fault>,
    ) -> Result<T, Error> {
        let mut conn = self.lock();
        let run = || {
            let tx = conn.transaction()?;
            let value = work(&tx)?;
            tx.finish()?;
            Ok(value)
        };
        run().map_err(|fault: Fault| fault.at(&self.path))
    }
}

fn check_request_id(request_id: &str) -> Result<(), Fault> {
    if request_id.is_empty() || request_id.len() > MAX_REQUEST_ID {
        return Err(Error::Invalid(format!(
            "A request id must have 1 to {MAX_REQUEST_ID} bytes; this one has {}. Give the \
             command a new request id.",
            request_id.len()
        ))
        .into());
    }
    Ok(())
}

fn not_found(request_id: &str) -> Fault {
    Error::NotFound {
        request_id: request_id.to_owned(),
    }
    .into()
}

fn conflict(request_id: &str, detail: String) -> Fault {
    Error::Conflict {
        request_id: request_id.to_owned(),
        detail,
    }
    .into()
}

/// The same command as `new`, as far as sending goes (sender, origin and times may differ when
/// another front end records the same press).
fn same_command(existing: &NewCommand, new: &NewCommand) -> bool {
    existing.account == new.account
        && existing.vehicle_id == new.vehicle_id
        && existing.feature == new.feature
        && existing.parameters == new.parameters
}

impl CommandStore for Journal {
    fn record_intent(&self, new: &NewCommand) -> Result<Recorded, Error> {
        self.write(|tx| {
            check_request_id(&new.request_id)?;
            if let Some(existing) = row::find(tx, &new.request_id)? {
                if !same_command(&existing.command, new) {
                    let detail = format!(
                        "this request id is already recorded for {} on vehicle {} with other \
                         details, so this command was not recorded or sent. Send it again under \
                         a new request id.",
                        existing.command.feature, existing.command.vehicle_id
                    );
                    return Err(conflict(&new.request_id, detail));
                }
                return Ok(Recorded::Existing(existing));
            }
            tx.prepare_cached(
                "INSERT INTO command (request_id, account, vehicle_id, feature, parameters, \
                 sender, origin, fleet_run_id, created_at, send_by, state) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )?
            .execute(params![
                new.request_id,
                new.account,
                new.vehicle_id,
                new.feature,
                new.parameters.to_string(),
                new.sender,
                new.origin.as_str(),
                new.fleet_run_id,
                new.created_at,
                new.send_by,
                State::Intent.as_str(),
            ])?;
            Ok(Recorded::New(CommandRecord::intent(new.clone())))
        })
    }

    fn rearm_unsent(
        &self,
        request_id: &str,
        created_at: Millis,
        send_by: Millis,
    ) -> Result<bool, Error> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE command SET state = 'intent', created_at = ?, send_by = ?, \
                     label = NULL, posted_at = NULL, outcome = NULL, outcome_status = NULL, \
                     cause = NULL, message = NULL, ended_at = NULL \
                     WHERE request_id = ? AND remote_action_id IS NULL \
                     AND ((state = 'intent' AND posted_at IS NULL) OR outcome = ?)",
                )?
                .execute(params![
                    created_at,
                    send_by,
                    request_id,
                    Outcome::NotSent.as_str()
                ])?;
            Ok(changed == 1)
        })
    }

    fn mark_posting(&self, request_id: &str, label: &str, at: Millis) -> Result<(), Error> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE command SET state = 'posting', label = ?, posted_at = ? \
                     WHERE request_id = ? AND state = 'intent'",
                )?
                .execute(params![label, at, request_id])?;
            if changed == 1 {
                return Ok(());
            }
            // Nothing changed: unknown, or past its intent. Either way no POST may leave.
            let existing = row::find(tx, request_id)?.ok_or_else(|| not_found(request_id))?;
            let detail = match &existing.end {
                Some(end) => format!(
                    "it already ended ({}), so it must not be sent. Send a new command if it is \
                     still wanted.",
                    end.outcome.as_str()
                ),
                None => format!(
                    "its POST already left (state {}), so it must not be sent again. Follow it \
                     in the history.",
                    existing.state.as_str()
                ),
            };
            Err(conflict(request_id, detail))
        })
    }

    fn set_remote_id(&self, request_id: &str, remote_action_id: &str) -> Result<(), Error> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE command SET remote_action_id = ?2, \
                     state = CASE state WHEN 'ended' THEN 'ended' ELSE 'accepted' END \
                     WHERE request_id = ?1 \
                     AND (remote_action_id IS NULL OR remote_action_id = ?2)",
                )?
                .execute(params![request_id, remote_action_id])?;
            if changed == 1 {
                return Ok(());
            }
            let existing = row::find(tx, request_id)?.ok_or_else(|| not_found(request_id))?;
            let detail = format!(
                "it already has remote action id {}, not {remote_action_id}. Report this: the \
                 server gave one command two ids.",
                existing.remote_action_id.unwrap_or_default()
            );
            Err(conflict(request_id, detail))
        })
    }

    fn append_step(&self, request_id: &str, step: &StepRecord) -> Result<(), Error> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "INSERT INTO step (command_id, seq, at, code, status, detail) \
                     SELECT id, \
                       (SELECT COALESCE(MAX(seq), 0) + 1 FROM step WHERE command_id = command.id), \
                       ?, ?, ?, ? \
                     FROM command WHERE request_id = ?",
                )?
                .execute(params![
                    step.at,
                    step.code,
                    step.status,
                    step.detail,
                    request_id
                ])?;
            if changed == 0 {
                return Err(not_found(request_id));
            }
            Ok(())
        })
    }

    fn finish(&self, request_id: &str, outcome: &OutcomeRecord) -> Result<(), Error> {
        self.write(|tx| {
            // Only a first end, or a settled end after an unsettled one, is written.
            let changed = tx
                .prepare_cached(
                    "UPDATE command SET state = 'ended', outcome = ?1, outcome_status = ?2, \
                     cause = ?3, message = ?4, ended_at = ?5 \
                     WHERE request_id = ?6 \
                     AND (outcome IS NULL OR (outcome = 'unsettled' AND ?1 <> 'unsettled'))",
                )?
                .execute(params![
                    outcome.outcome.as_str(),
                    outcome.status,
                    outcome.cause,
                    outcome.message,
                    outcome.at,
                    request_id
                ])?;
            if changed == 0 && row::find(tx, request_id)?.is_none() {
                return Err(not_found(request_id));
            }
            Ok(())
        })
    }

    fn unfinished(&self) -> Result<Vec<CommandRecord>, Error> {
        self.read(|tx| {
            let sql = format!(
                "SELECT {COLUMNS} FROM command \
                 WHERE outcome IS NULL OR outcome = '{}' ORDER BY created_at, id",
                Outcome::Unsettled.as_str()
            );
            let found = row::load(tx, &sql, [])?;
            Ok(found.into_iter().map(|(_, record)| record).collect())
        })
    }

    fn get(&self, request_id: &str) -> Result<Option<CommandRecord>, Error> {
        self.read(|tx| row::find(tx, request_id))
    }

    fn history(&self, query: &HistoryQuery) -> Result<HistoryPage, Error> {
        self.read(|tx| {
            let all = query.filter(false);
            let total: i64 = tx
                .prepare_cached(&format!("SELECT COUNT(*) FROM command {}", all.clause))?
                .query_row(rusqlite::params_from_iter(&all.params), |row| row.get(0))?;
            let page = query.filter(true);
            let size = query.page_size();
            let sql = format!(
                "SELECT {COLUMNS} FROM command {} ORDER BY created_at DESC, id DESC \
                 LIMIT ? OFFSET ?",
                page.clause
            );
            let mut params = page.params;
            // One row more than asked says whether a next page exists.
            params.push(i64::from(size + 1).into());
            params.push(i64::try_from(query.offset).unwrap_or(i64::MAX).into());
            let mut rows = row::load(tx, &sql, rusqlite::params_from_iter(&params))?;
            let next = if rows.len() > size as usize {
                rows.truncate(size as usize);
                rows.last()
                    .map(|(id, record)| Cursor::new(record.command.created_at, *id))
            } else {
                None
            };
            Ok(HistoryPage {
                rows: rows.into_iter().map(|(_, record)| record).collect(),
                total: u64::try_from(total).unwrap_or_default(),
                next,
            })
        })
    }

    fn export_csv(&self, query: &HistoryQuery, out: &mut dyn Write) -> Result<u64, Error> {
        // A connection of its own: a long export in WAL mode then holds neither this journal's
        // lock nor the writers of another process.
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|conn| conn.busy_timeout(schema::BUSY_TIMEOUT).map(|()| conn))
        .map_err(|e| Error::sqlite(&self.path, e))?;
        export::write_csv(&conn, query, out).map_err(|fault| fault.at(&self.path))
    }

    fn vehicle_usage(
        &self,
        account: &str,
        vehicle_id: &str,
        since: Millis,
    ) -> Result<VehicleUsage, Error> {
        self.usage_of(account, vehicle_id, since)
    }

    fn immobilized_vehicles(&self, account: &str) -> Result<Vec<String>, Error> {
        self.immobilized_of(account)
    }

    fn wake_ups_by_vehicle(
        &self,
        account: &str,
        since: Millis,
    ) -> Result<HashMap<String, u64>, Error> {
        self.wake_ups_of(account, since)
    }

    fn record_fleet_run(&self, run: &FleetRunRecord) -> Result<bool, Error> {
        self.record_run(run)
    }

    fn end_fleet_run(
        &self,
        run_id: &str,
        ended_at: Millis,
        cancelled: bool,
        skipped: &[String],
    ) -> Result<bool, Error> {
        self.end_run(run_id, ended_at, cancelled, skipped)
    }

    fn fleet_run(&self, run_id: &str) -> Result<Option<FleetRunRecord>, Error> {
        self.run_of(run_id)
    }

    fn fleet_runs(&self, account: &str, limit: u32) -> Result<Vec<FleetRunListing>, Error> {
        self.runs_of(account, limit)
    }

    fn fleet_commands(&self, run_id: &str) -> Result<Vec<CommandRecord>, Error> {
        self.commands_of_run(run_id)
    }
}
