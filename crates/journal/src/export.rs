//! The history as CSV (RFC 4180), one row per command, for spreadsheets and scripts.

use std::io::Write;

use rusqlite::Connection;

use crate::error::{Error, Fault};
use crate::row::{self, COLUMNS};
use crate::{HistoryQuery, Millis};

/// The header row, in column order.
pub const CSV_HEADER: [&str; 17] = [
    "request_id",
    "created_at",
    "account",
    "vehicle_id",
    "feature",
    "parameters",
    "sender",
    "origin",
    "fleet_run_id",
    "label",
    "remote_action_id",
    "state",
    "outcome",
    "status",
    "cause",
    "message",
    "ended_at",
];

/// Writes every command matching `query` (paging ignored), newest first, and returns the count.
pub(crate) fn write_csv(
    conn: &Connection,
    query: &HistoryQuery,
    out: &mut dyn Write,
) -> Result<u64, Fault> {
    // One snapshot for the whole file, even while the app or the CLI keeps writing.
    let tx = conn.unchecked_transaction()?;
    let filter = query.filter(false);
    let sql = format!(
        "SELECT {COLUMNS} FROM command {} ORDER BY created_at DESC, id DESC",
        filter.clause
    );
    let mut statement = tx.prepare(&sql)?;
    let mut rows = statement.query(rusqlite::params_from_iter(&filter.params))?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(CSV_HEADER).map_err(export_failed)?;
    let mut count = 0;
    while let Some(found) = rows.next()? {
        let (_, record) = row::decode(found)?;
        let (command, end) = (&record.command, record.end.as_ref());
        csv.write_record([
            command.request_id.as_str(),
            &rfc3339(command.created_at),
            &command.account,
            &command.vehicle_id,
            &command.feature,
            &command.parameters.to_string(),
            &command.sender,
            command.origin.as_str(),
            command.fleet_run_id.as_deref().unwrap_or_default(),
            record.label.as_deref().unwrap_or_default(),
            record.remote_action_id.as_deref().unwrap_or_default(),
            record.state.as_str(),
            end.map(|end| end.outcome.as_str()).unwrap_or_default(),
            end.and_then(|end| end.status.as_deref())
                .unwrap_or_default(),
            end.and_then(|end| end.cause.as_deref()).unwrap_or_default(),
            end.and_then(|end| end.message.as_deref())
                .unwrap_or_default(),
            &end.map(|end| rfc3339(end.at)).unwrap_or_default(),
        ])
        .map_err(export_failed)?;
        count += 1;
    }
    csv.flush().map_err(|source| Error::Export { source })?;
    Ok(count)
}

/// Writes `header` then every row of `rows` as CSV (RFC 4180) to `out`, and returns how many rows
/// it wrote (the header not counted): the same format as the history export, for the front
/// ends' other tables (a fleet run's vehicles).
pub fn write_csv_records<R, F>(
    out: &mut dyn Write,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<u64, Error>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let failed = |e: csv::Error| Error::Export { source: e.into() };
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(header).map_err(failed)?;
    let mut count = 0;
    for row in rows {
        csv.write_record(row).map_err(failed)?;
        count += 1;
    }
    csv.flush().map_err(|source| Error::Export { source })?;
    Ok(count)
}

fn export_failed(e: csv::Error) -> Fault {
    Error::Export { source: e.into() }.into()
}

/// `ms` as RFC 3339 in UTC with milliseconds (`2026-05-01T08:30:00.250Z`); a time outside the
/// years 1 to 9999, which no clock of ours writes, stays the raw number rather than failing.
pub fn rfc3339(ms: Millis) -> String {
    // 0001-01-01T00:00:00.000Z ..= 9999-12-31T23:59:59.999Z: the years RFC 3339 can spell.
    const SPELLABLE: std::ops::RangeInclusive<Millis> = -62_135_596_800_000..=253_402_300_799_999;
    SPELLABLE
        .contains(&ms)
        .then(|| jiff::Timestamp::from_millisecond(ms).ok())
        .flatten()
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn times_are_rfc3339_utc_with_milliseconds() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_777_624_200_250), "2026-05-01T08:30:00.250Z");
        assert_eq!(rfc3339(i64::MAX), i64::MAX.to_string());
    }
}
