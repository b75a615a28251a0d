//! The vehicle cache beside the journal: the last known state (the front end's summary of the
//! latest telemetry) and capability of each vehicle of an account, each with when it was read.
//!
//! It lets a window show a fleet of thousands at once, before any telemetry is read again, and
//! the fleet screen read capabilities without a request per vehicle. Values are JSON the front
//! end wrote; the cache does not look inside them.

use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use crate::error::Fault;
use crate::{Error, Journal, Millis};

/// One vehicle's cached value and when it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Cached {
    /// The vehicle.
    pub vehicle_id: String,
    /// The value as it was stored.
    pub value: Value,
    /// When it was read from the server.
    pub at: Millis,
}

/// The cache of vehicle states and capabilities, per account (a Stellantis client id, or
/// `"demo"`). Methods are blocking: async callers use `spawn_blocking`.
pub trait VehicleCache: Send + Sync {
    /// Every cached state of `account`'s vehicles, in no particular order.
    fn cached_states(&self, account: &str) -> Result<Vec<Cached>, Error>;

    /// One vehicle's cached state.
    fn cached_state(&self, account: &str, vehicle_id: &str) -> Result<Option<Cached>, Error>;

    /// Stores the states of many vehicles (`(vehicle id, state)`), read at `at`, in one write.
    fn store_states(
        &self,
        account: &str,
        states: &[(String, Value)],
        at: Millis,
    ) -> Result<(), Error>;

    /// Every cached capability of `account`'s vehicles, in no particular order.
    fn cached_capabilities(&self, account: &str) -> Result<Vec<Cached>, Error>;

    /// One vehicle's cached capability.
    fn cached_capability(&self, account: &str, vehicle_id: &str) -> Result<Option<Cached>, Error>;

    /// Every cached state of `account` as the JSON text it was stored as (vehicle id, text),
    /// for a caller that reads only a part of thousands of them (a fleet preview).
    fn cached_state_texts(&self, account: &str) -> Result<Vec<(String, String)>, Error>;

    /// Every cached capability of `account` as the JSON text it was stored as.
    fn cached_capability_texts(&self, account: &str) -> Result<Vec<(String, String)>, Error>;

    /// Stores one vehicle's capability, read at `at`.
    fn store_capability(
        &self,
        account: &str,
        vehicle_id: &str,
        capability: &Value,
        at: Millis,
    ) -> Result<(), Error>;
}

/// Which of the two values a query reads; the column names are ours, never the caller's.
#[derive(Clone, Copy)]
enum Column {
    State,
    Capability,
}

impl Column {
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            Column::State => ("state", "state_at"),
            Column::Capability => ("capability", "capability_at"),
        }
    }
}

fn decode(vehicle_id: String, text: String, at: Millis) -> Result<Cached, Fault> {
    let value = serde_json::from_str(&text)
        .map_err(|e| Fault::Corrupt(format!("a cached value of vehicle {vehicle_id}: {e}")))?;
    Ok(Cached {
        vehicle_id,
        value,
        at,
    })
}

impl Journal {
    fn cached_all(&self, account: &str, column: Column) -> Result<Vec<Cached>, Error> {
        let (value, at) = column.sql();
        self.read(|tx| {
            let mut statement = tx.prepare_cached(&format!(
                "SELECT vehicle_id, {value}, {at} FROM vehicle_cache \
                 WHERE account = ? AND {value} IS NOT NULL"
            ))?;
            let rows = statement
                .query_map([account], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            let mut found = Vec::new();
            for row in rows {
                let (id, text, at) = row?;
                found.push(decode(id, text, at)?);
            }
            Ok(found)
        })
    }

    fn texts_all(&self, account: &str, column: Column) -> Result<Vec<(String, String)>, Error> {
        let (value, _) = column.sql();
        self.read(|tx| {
            let mut statement = tx.prepare_cached(&format!(
                "SELECT vehicle_id, {value} FROM vehicle_cache \
                 WHERE account = ? AND {value} IS NOT NULL"
            ))?;
            let rows = statement.query_map([account], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn cached_one(
        &self,
        account: &str,
        vehicle_id: &str,
        column: Column,
    ) -> Result<Option<Cached>, Error> {
        let (value, at) = column.sql();
        self.read(|tx| {
            let row: Option<(String, Millis)> = tx
                .prepare_cached(&format!(
                    "SELECT {value}, {at} FROM vehicle_cache \
                     WHERE account = ? AND vehicle_id = ? AND {value} IS NOT NULL"
                ))?
                .query_row([account, vehicle_id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            row.map(|(text, at)| decode(vehicle_id.to_owned(), text, at))
                .transpose()
        })
    }
}

impl VehicleCache for Journal {
    fn cached_states(&self, account: &str) -> Result<Vec<Cached>, Error> {
        self.cached_all(account, Column::State)
    }

    fn cached_state(&self, account: &str, vehicle_id: &str) -> Result<Option<Cached>, Error> {
        self.cached_one(account, vehicle_id, Column::State)
    }

    fn store_states(
        &self,
        account: &str,
        states: &[(String, Value)],
        at: Millis,
    ) -> Result<(), Error> {
        self.write(|tx| {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO vehicle_cache (account, vehicle_id, state, state_at) \
                 VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (account, vehicle_id) DO UPDATE SET state = ?3, state_at = ?4",
            )?;
            for (vehicle_id, state) in states {
                upsert.execute(params![account, vehicle_id, state.to_string(), at])?;
            }
            Ok(())
        })
    }

    fn cached_capabilities(&self, account: &str) -> Result<Vec<Cached>, Error> {
        self.cached_all(account, Column::Capability)
    }

    fn cached_capability(&self, account: &str, vehicle_id: &str) -> Result<Option<Cached>, Error> {
        self.cached_one(account, vehicle_id, Column::Capability)
    }

    fn cached_state_texts(&self, account: &str) -> Result<Vec<(String, String)>, Error> {
        self.texts_all(account, Column::State)
    }

    fn cached_capability_texts(&self, account: &str) -> Result<Vec<(String, String)>, Error> {
        self.texts_all(account, Column::Capability)
    }

    fn store_capability(
        &self,
        account: &str,
        vehicle_id: &str,
        capability: &Value,
        at: Millis,
    ) -> Result<(), Error> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO vehicle_cache (account, vehicle_id, capability, capability_at) \
                 VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (account, vehicle_id) DO UPDATE SET capability = ?3, \
                 capability_at = ?4",
            )?
            .execute(params![account, vehicle_id, capability.to_string(), at])?;
            Ok(())
        })
    }
}
