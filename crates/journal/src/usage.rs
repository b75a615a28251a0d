//! What the journal says about one vehicle beyond single commands: how many wake-ups were sent
//! to it since a time (the monthly quota counts them), and the switches its last successful
//! commands left on or off (immobilization, stolen state, crank inhibit, theft alert
//! suppression). Every origin of the account counts: the CLI's commands as much as the app's.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::Value;
use stellantis::model::{Feature, TanDuration};

use crate::error::Fault;
use crate::{Error, Journal, Millis, Outcome};

/// A switch as the vehicle's last successful command of it left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Switch {
    /// On (`true`) or off.
    pub on: bool,
    /// When that command ended.
    pub at: Millis,
}

/// The theft alert suppression as the last successful `tan` suppress command left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suppression {
    /// Until when alerts are suppressed (possibly past); `None` when that command ended the
    /// suppression.
    pub suppressed_until: Option<Millis>,
    /// When that command ended.
    pub at: Millis,
}

/// One vehicle's use of the quota and its switches, from the journal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VehicleUsage {
    /// Wake-up and state commands whose POST left since the time asked for.
    pub wake_ups: u64,
    /// The last successful immobilization.
    pub immobilized: Option<Switch>,
    /// The last successful stolen declaration.
    pub stolen: Option<Switch>,
    /// The last successful crank inhibit.
    pub crank_inhibit: Option<Switch>,
    /// The last successful theft alert suppression (or its end).
    pub theft_alerts: Option<Suppression>,
}

/// The first millisecond of the calendar month (UTC) that `at` falls in: where a monthly quota
/// starts counting.
pub fn month_start(at: Millis) -> Millis {
    let utc = jiff::tz::Offset::UTC;
    let start = jiff::Timestamp::from_millisecond(at).ok().and_then(|t| {
        let first = utc.to_datetime(t).date().first_of_month();
        utc.to_timestamp(first.to_datetime(jiff::civil::Time::midnight()))
            .ok()
    });
    start.map_or(at, |t| t.as_millisecond())
}

/// The parameter `key` and the end time of the vehicle's last successful (or already done)
/// command of `feature` that has `key`, with its whole parameters.
fn last_with(
    tx: &Transaction<'_>,
    account: &str,
    vehicle_id: &str,
    feature: Feature,
    key: &str,
) -> Result<Option<(Value, Millis)>, Fault> {
    let path = format!("$.{key}");
    let row: Option<(String, Millis)> = tx
        .prepare_cached(
            "SELECT parameters, ended_at FROM command \
             WHERE vehicle_id = ?1 AND account = ?2 AND feature = ?3 \
             AND outcome IN (?4, ?5) AND json_extract(parameters, ?6) IS NOT NULL \
             ORDER BY ended_at DESC, id DESC LIMIT 1",
        )?
        .query_row(
            params![
                vehicle_id,
                account,
                feature.as_str(),
                Outcome::Success.as_str(),
                Outcome::AlreadyDone.as_str(),
                path
            ],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    row.map(|(text, at)| {
        serde_json::from_str(&text)
            .map(|parameters| (parameters, at))
            .map_err(|e| Fault::Corrupt(format!("recorded parameters: {e}")))
    })
    .transpose()
}

fn switch(found: Option<(Value, Millis)>, key: &str) -> Option<Switch> {
    let (parameters, at) = found?;
    Some(Switch {
        on: parameters.get(key)?.as_bool()?,
        at,
    })
}

impl Journal {
    /// [`crate::CommandStore::vehicle_usage`] on this file.
    pub(crate) fn usage_of(
        &self,
        account: &str,
        vehicle_id: &str,
        since: Millis,
    ) -> Result<VehicleUsage, Error> {
        self.read(|tx| {
            let wake_ups: i64 = tx
                .prepare_cached(
                    "SELECT COUNT(*) FROM command \
                     WHERE vehicle_id = ?1 AND account = ?2 AND feature IN (?3, ?4) \
                     AND posted_at IS NOT NULL AND posted_at >= ?5",
                )?
                .query_row(
                    params![
                        vehicle_id,
                        account,
                        Feature::WakeUp.as_str(),
                        Feature::State.as_str(),
                        since
                    ],
                    |row| row.get(0),
                )?;
            let last = |feature, key| last_with(tx, account, vehicle_id, feature, key);
            let theft_alerts = last(Feature::Tan, "suppress")?.and_then(|(parameters, at)| {
                let on = parameters.get("suppress")?.as_bool()?;
                let hours = parameters
                    .get("duration")
                    .and_then(Value::as_i64)
                    .and_then(|code| TanDuration::from_code(code).ok())
                    .map_or(0, TanDuration::hours);
                Some(Suppression {
                    suppressed_until: on.then(|| at + i64::from(hours) * 3_600_000),
                    at,
                })
            });
            Ok(VehicleUsage {
                wake_ups: u64::try_from(wake_ups).unwrap_or_default(),
                immobilized: switch(last(Feature::Immobilization, "activate")?, "activate"),
                stolen: switch(last(Feature::Stolen, "state")?, "state"),
                crank_inhibit: switch(last(Feature::Stolen, "crankInhibit")?, "crankInhibit"),
                theft_alerts,
            })
        })
    }
}

impl Journal {
    /// [`crate::CommandStore::immobilized_vehicles`] on this file.
    pub(crate) fn immobilized_of(&self, account: &str) -> Result<Vec<String>, Error> {
        self.read(|tx| {
            // Oldest first: each vehicle's last successful command decides.
            let mut statement = tx.prepare_cached(
                "SELECT vehicle_id, json_extract(parameters, '$.activate') FROM command \
                 WHERE account = ?1 AND feature = ?2 AND outcome IN (?3, ?4) \
                 ORDER BY ended_at, id",
            )?;
            let rows = statement.query_map(
                params![
                    account,
                    Feature::Immobilization.as_str(),
                    Outcome::Success.as_str(),
                    Outcome::AlreadyDone.as_str()
                ],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<bool>>(1)?)),
            )?;
            let mut last = std::collections::HashMap::new();
            for row in rows {
                let (vehicle, on) = row?;
                if let Some(on) = on {
                    last.insert(vehicle, on);
                }
            }
            let mut on: Vec<String> = last
                .into_iter()
                .filter_map(|(vehicle, on)| on.then_some(vehicle))
                .collect();
            on.sort();
            Ok(on)
        })
    }
}
