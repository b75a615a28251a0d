//! How a command row and its steps are read back into a [`CommandRecord`].

use rusqlite::{Connection, Row};

use crate::error::Fault;
use crate::{CommandRecord, Millis, NewCommand, Origin, Outcome, OutcomeRecord, State, StepRecord};

/// The `command` columns every read selects, in the order [`decode`] reads them.
pub(crate) const COLUMNS: &str = "id, request_id, account, vehicle_id, feature, parameters, \
     sender, origin, fleet_run_id, created_at, send_by, state, label, posted_at, \
     remote_action_id, outcome, outcome_status, cause, message, ended_at";

/// A command row without its steps, and its row id (the key of its steps and of paging).
pub(crate) fn decode(row: &Row<'_>) -> Result<(i64, CommandRecord), Fault> {
    let request_id: String = row.get(1)?;
    let corrupt = |what: &str, word: &str| {
        Fault::Corrupt(format!("command {request_id} has {what} {word:?}"))
    };
    let parameters: String = row.get(5)?;
    let parameters = serde_json::from_str(&parameters)
        .map_err(|e| corrupt("unreadable parameters", &e.to_string()))?;
    let origin: String = row.get(7)?;
    let origin = Origin::from_word(&origin).ok_or_else(|| corrupt("origin", &origin))?;
    let state: String = row.get(11)?;
    let state = State::from_word(&state).ok_or_else(|| corrupt("state", &state))?;
    let end = match row.get::<_, Option<String>>(15)? {
        None => None,
        Some(word) => Some(OutcomeRecord {
            outcome: Outcome::from_word(&word).ok_or_else(|| corrupt("outcome", &word))?,
            status: row.get(16)?,
            cause: row.get(17)?,
            message: row.get(18)?,
            at: row.get::<_, Option<Millis>>(19)?.unwrap_or_default(),
        }),
    };
    let command = NewCommand {
        request_id,
        account: row.get(2)?,
        vehicle_id: row.get(3)?,
        feature: row.get(4)?,
        parameters,
        sender: row.get(6)?,
        origin,
        fleet_run_id: row.get(8)?,
        created_at: row.get(9)?,
        send_by: row.get(10)?,
    };
    let record = CommandRecord {
        command,
        state,
        label: row.get(12)?,
        posted_at: row.get(13)?,
        remote_action_id: row.get(14)?,
        steps: Vec::new(),
        end,
    };
    Ok((row.get(0)?, record))
}

/// The commands a `SELECT {COLUMNS} ...` statement returns, each with its steps.
pub(crate) fn load(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<(i64, CommandRecord)>, Fault> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(params)?;
    let mut records = Vec::new();
    while let Some(row) = rows.next()? {
        let (id, mut record) = decode(row)?;
        record.steps = steps(conn, id)?;
        records.push((id, record));
    }
    Ok(records)
}

/// One command by request id, with its steps.
pub(crate) fn find(conn: &Connection, request_id: &str) -> Result<Option<CommandRecord>, Fault> {
    let sql = format!("SELECT {COLUMNS} FROM command WHERE request_id = ?");
    let found = load(conn, &sql, [request_id])?;
    Ok(found.into_iter().next().map(|(_, record)| record))
}

fn steps(conn: &Connection, command_id: i64) -> Result<Vec<StepRecord>, Fault> {
    let mut statement = conn.prepare_cached(
        "SELECT at, code, status, detail FROM step WHERE command_id = ? ORDER BY seq",
    )?;
    let steps = statement
        .query_map([command_id], |row| {
            Ok(StepRecord {
                at: row.get(0)?,
                code: row.get(1)?,
                status: row.get(2)?,
                detail: row.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(steps)
}
