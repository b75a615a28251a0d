//! The journal's SQLite settings and schema, and the migrations that bring a file up to date.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Each migration is applied once,
//! in order, inside one write transaction at open, so a crash mid-way leaves the old version and
//! two front ends opening a fresh file at once cannot both apply it.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use crate::Error;

/// How long a write waits for another Car Remote (the app or the CLI) to release the file.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The migrations, oldest first; the schema version is their count. Never edit one that has
/// shipped: add the next.
const MIGRATIONS: &[&str] = &[
    // 1: commands, their steps, and the indexes history pages and recovery walk (recovery's
    // outcome IS NULL OR outcome = 'unsettled' is two ranges of command_outcome).
    "CREATE TABLE command (
        id               INTEGER PRIMARY KEY,
        request_id       TEXT    NOT NULL UNIQUE,
        account          TEXT    NOT NULL,
        vehicle_id       TEXT    NOT NULL,
        feature          TEXT    NOT NULL,
        parameters       TEXT    NOT NULL,
        sender           TEXT    NOT NULL,
        origin           TEXT    NOT NULL,
        fleet_run_id     TEXT,
        created_at       INTEGER NOT NULL,
        send_by          INTEGER NOT NULL,
        state            TEXT    NOT NULL DEFAULT 'intent',
        label            TEXT,
        posted_at        INTEGER,
        remote_action_id TEXT,
        outcome          TEXT,
        outcome_status   TEXT,
        cause            TEXT,
        message          TEXT,
        ended_at         INTEGER
    );
    CREATE TABLE step (
        command_id INTEGER NOT NULL REFERENCES command (id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        at         INTEGER NOT NULL,
        code       TEXT    NOT NULL,
        status     TEXT,
        detail     TEXT,
        PRIMARY KEY (command_id, seq)
    ) WITHOUT ROWID;
    -- Newest first is ORDER BY created_at DESC, id DESC; every index ends in created_at and
    -- carries the rowid, so each filter's page is an index range read backwards.
    CREATE INDEX command_created ON command (created_at);
    CREATE INDEX command_vehicle ON command (vehicle_id, created_at);
    CREATE INDEX command_feature ON command (feature, created_at);
    CREATE INDEX command_outcome ON command (outcome, created_at);
    CREATE INDEX command_fleet_run ON command (fleet_run_id, created_at)
        WHERE fleet_run_id IS NOT NULL;",
    // 2: the last known state and capability of each vehicle of an account, so a window can
    // show its fleet at once and read capabilities without a request per vehicle. A cache:
    // every value can be read from the server again.
    "CREATE TABLE vehicle_cache (
        account       TEXT    NOT NULL,
        vehicle_id    TEXT    NOT NULL,
        state         TEXT,
        state_at      INTEGER,
        capability    TEXT,
        capability_at INTEGER,
        PRIMARY KEY (account, vehicle_id)
    ) WITHOUT ROWID;",
    // 3: the plan of each fleet run, recorded before any of its vehicles is sent, so that a run
    // the app stopped during is still listed (and can be resumed) after a restart. Each
    // vehicle's command is an ordinary `command` row with the run's id as its fleet_run_id;
    // `vehicles` and `skipped` are JSON arrays of vehicle ids (the plan, in order; those skipped
    // as known not to support the feature, set at the end).
    "CREATE TABLE fleet_run (
        run_id     TEXT    PRIMARY KEY,
        account    TEXT    NOT NULL,
        feature    TEXT    NOT NULL,
        input      TEXT    NOT NULL,
        vehicles   TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        ended_at   INTEGER,
        cancelled  INTEGER NOT NULL DEFAULT 0,
        skipped    TEXT
    );
    CREATE INDEX fleet_run_account ON fleet_run (account, created_at);",
];

/// The schema version this build writes and reads.
pub(crate) const VERSION: i64 = MIGRATIONS.len() as i64;

/// Sets the connection up for two front ends sharing one file, then migrates it.
pub(crate) fn prepare(conn: &mut Connection, path: &Path) -> Result<(), Error> {
    let fail = |e| Error::sqlite(path, e);
    // First, so that every statement below waits for the other front end instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    // WAL lets the app read history while the CLI writes; NORMAL is durable across a crash of
    // the program (only an OS crash or power loss may drop the last commits).
    let mode = wal_mode(conn).map_err(fail)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Unavailable {
            path: path.to_path_buf(),
            reason: format!("SQLite kept journal mode {mode:?} instead of WAL"),
        });
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
        .map_err(fail)?;
    migrate(conn, path)
}

/// Switches the file to WAL. SQLite answers a switch that meets another connection's lock with
/// "busy" at once, without the busy handler (two front ends opening a fresh file together meet
/// here), so the switch is tried again for as long as the busy timeout.
fn wal_mode(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), Error> {
    let fail = |e| Error::sqlite(path, e);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(fail)?;
    let found: i64 = tx
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(fail)?;
    if found > VERSION {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found,
            supported: VERSION,
        });
    }
    if found < 0 {
        return Err(Error::Corrupt {
            path: path.to_path_buf(),
            detail: format!("journal version {found}"),
        });
    }
    if found == 0 && has_foreign_tables(&tx).map_err(fail)? {
        return Err(Error::Corrupt {
            path: path.to_path_buf(),
            detail: "an SQLite file of another program".to_owned(),
        });
    }
    for (done, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql).map_err(fail)?;
        // PRAGMA takes no parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", done + 1))
            .map_err(fail)?;
    }
    tx.commit().map_err(fail)
}

/// True when a file at version 0 already holds tables: someone else's database, not ours to
/// write into.
fn has_foreign_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
        [],
        |row| row.get(0),
    )
}
