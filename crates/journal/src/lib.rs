//! Car Remote's durable command journal, shared by the app and `car-remote-cli`.
//!
//! Every remote command is recorded before its POST leaves ([`CommandStore::record_intent`],
//! then [`CommandStore::mark_posting`]), every step after, and its end. At start, what has no end
//! ([`CommandStore::unfinished`]) is looked up on the server and followed, never sent again.
//!
//! [`Dispatcher`] is how a front end sends through the journal: the intent recorded (once per
//! request id), "posting" recorded right before the POST, every step and the end recorded as the
//! tracker reports them, and [`Dispatcher::recover`] to follow what an earlier run left.
//!
//! [`Journal`] keeps it in one SQLite file in [`data_dir`]; [`CommandStore`] is the seam a
//! shared store for teams can implement later. Times are [`Millis`]: milliseconds since the Unix
//! epoch, UTC.

mod cache;
mod dispatcher;
mod error;
mod export;
mod fleet;
mod fleet_run;
mod journal;
mod location;
mod model;
mod query;
mod row;
mod schema;
mod store;
mod usage;

pub use cache::{Cached, VehicleCache};
pub use dispatcher::{Dispatched, Dispatcher, Journaled, Request, label_for};
pub use error::{Error, ErrorKind};
pub use export::{CSV_HEADER, rfc3339, write_csv_records};
pub use fleet::{FleetJournal, fleet_request_id, recorded_result, recorded_stage};
pub use fleet_run::{FleetRunListing, FleetRunRecord};
pub use journal::{Journal, MAX_REQUEST_ID};
pub use location::{APP_IDENTIFIER, DATA_DIR_VAR, FILE_NAME, data_dir, data_dir_from};
pub use model::{
    CommandRecord, Millis, NewCommand, Origin, Outcome, OutcomeRecord, Recorded, State, StepRecord,
};
pub use query::{Cursor, DEFAULT_PAGE, HistoryPage, HistoryQuery, MAX_PAGE, OutcomeFilter};
pub use store::CommandStore;
pub use usage::{Suppression, Switch, VehicleUsage, month_start};

/// The schema version this build of the journal writes; a file with a higher one is refused.
pub const SCHEMA_VERSION: i64 = schema::VERSION;

/// The OS user running this process (`USER`, `LOGNAME`, `USERNAME`, else the home folder's
/// name), or `"unknown"`: a command's sender.
pub fn os_user() -> String {
    let home = || {
        dirs::home_dir()
            .and_then(|home| home.file_name().map(|n| n.to_string_lossy().into_owned()))
            .filter(|name| !name.is_empty())
    };
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .filter_map(std::env::var_os)
        .map(|name| name.to_string_lossy().into_owned())
        .find(|name| !name.is_empty())
        .or_else(home)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A fresh random request id (a UUID v4), for a caller that has none of its own.
pub fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The current time as [`Millis`]; a clock before 1970 reads as 0.
pub fn now() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}
