//! The storage seam: what the tracker, the app and the CLI ask of a journal, whatever holds it.
//!
//! [`crate::Journal`] keeps it in one SQLite file per user; a shared store for a team (PostgreSQL)
//! can implement the same trait later. Methods are blocking: async callers use `spawn_blocking`.

use std::collections::HashMap;
use std::io::Write;

use crate::{CommandRecord, Error, HistoryPage, HistoryQuery, Millis, NewCommand, OutcomeRecord};
use crate::{FleetRunListing, FleetRunRecord, Recorded, StepRecord, VehicleUsage};

/// A durable record of remote commands: each written before its POST leaves, every step after,
/// and its end.
pub trait CommandStore: Send + Sync {
    /// Records a command before it is sent, once per request id.
    ///
    /// The first call returns [`Recorded::New`]: that caller sends it. Any later call with the
    /// same request id, from this front end or another, writes nothing and returns
    /// [`Recorded::Existing`]: that caller must follow it, not send it. A later call whose
    /// account, vehicle, feature or parameters differ is refused with [`Error::Conflict`].
    fn record_intent(&self, new: &NewCommand) -> Result<Recorded, Error>;

    /// Makes a command that never reached the server (still an intent, or ended "not sent":
    /// never POSTed, or POSTed and then not found on the server under its label) an intent
    /// again, created at `created_at` with send-by time `send_by`, its end cleared: true when
    /// rearmed, false otherwise (its POST left and it is not settled "not sent", it has a
    /// remote id, or it is unknown). Only for a command no live sender holds (a run resumed
    /// after the front end that recorded it stopped).
    fn rearm_unsent(
        &self,
        request_id: &str,
        created_at: Millis,
        send_by: Millis,
    ) -> Result<bool, Error>;

    /// Notes that the POST is about to leave, under `label` (state `posting`).
    ///
    /// Refused with [`Error::Conflict`] unless the command is still an intent: a second POST
    /// must never leave.
    fn mark_posting(&self, request_id: &str, label: &str, at: Millis) -> Result<(), Error>;

    /// Records the server's remote action id (state `accepted`, unless it has already ended).
    ///
    /// Setting the same id again does nothing; a different one is refused with [`Error::Conflict`].
    fn set_remote_id(&self, request_id: &str, remote_action_id: &str) -> Result<(), Error>;

    /// Appends a step after the command's earlier steps.
    fn append_step(&self, request_id: &str, step: &StepRecord) -> Result<(), Error>;

    /// Records how the command ended (state `ended`).
    ///
    /// The first end is kept and later ones ignored, except that an `Unsettled` end gives way to
    /// the first settled one: an unknown command that a later look-up settled.
    fn finish(&self, request_id: &str, outcome: &OutcomeRecord) -> Result<(), Error>;

    /// Every command that has no end or ended `Unsettled`, oldest first: what recovery follows.
    fn unfinished(&self) -> Result<Vec<CommandRecord>, Error>;

    /// One command with its steps, or `None` if the request id is unknown.
    fn get(&self, request_id: &str) -> Result<Option<CommandRecord>, Error>;

    /// One page of the commands matching `query`, newest first, with the total they make.
    fn history(&self, query: &HistoryQuery) -> Result<HistoryPage, Error>;

    /// Writes every command matching `query` (no paging) to `out` as CSV with a header row,
    /// newest first, and returns how many rows it wrote (the header not counted).
    fn export_csv(&self, query: &HistoryQuery, out: &mut dyn Write) -> Result<u64, Error>;

    /// `vehicle_id`'s use of the wake-up quota under `account` (wake-up and state commands
    /// whose POST left at or after `since`, from any front end) and the switches its last
    /// successful commands left.
    fn vehicle_usage(
        &self,
        account: &str,
        vehicle_id: &str,
        since: Millis,
    ) -> Result<VehicleUsage, Error>;

    /// The vehicles of `account` whose last successful immobilization command immobilized them,
    /// sorted.
    fn immobilized_vehicles(&self, account: &str) -> Result<Vec<String>, Error>;

    /// Every vehicle of `account` with its use of the wake-up quota since `since`, counted as
    /// [`CommandStore::vehicle_usage`] counts it, in one read; vehicles with none are absent.
    fn wake_ups_by_vehicle(
        &self,
        account: &str,
        since: Millis,
    ) -> Result<HashMap<String, u64>, Error>;

    /// Records a fleet run's plan before any of its vehicles is sent, once per run id: true
    /// when recorded now, false (nothing written) when the run id was already recorded.
    fn record_fleet_run(&self, run: &FleetRunRecord) -> Result<bool, Error>;

    /// Records how a fleet run ended (when, whether it was cancelled, which vehicles it skipped
    /// as known not to support the feature); false when no such run is recorded.
    fn end_fleet_run(
        &self,
        run_id: &str,
        ended_at: Millis,
        cancelled: bool,
        skipped: &[String],
    ) -> Result<bool, Error>;

    /// One fleet run's plan and end, or `None` if the run id is unknown.
    fn fleet_run(&self, run_id: &str) -> Result<Option<FleetRunRecord>, Error>;

    /// The newest `limit` fleet runs of `account`, newest first, each with its counts from the
    /// journal (read in bulk, without loading the runs' vehicles).
    fn fleet_runs(&self, account: &str, limit: u32) -> Result<Vec<FleetRunListing>, Error>;

    /// Every command recorded for fleet run `run_id`, in the order they were recorded, without
    /// their steps (one read, however many vehicles).
    fn fleet_commands(&self, run_id: &str) -> Result<Vec<CommandRecord>, Error>;
}
