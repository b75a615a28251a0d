//! What a history page or an export asks for, and the SQL filter it becomes.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::{CommandRecord, Millis, Outcome};

/// Rows in a page when the query names no limit.
pub const DEFAULT_PAGE: u32 = 50;

/// The most rows one page returns, whatever the query asks (a page carries every step).
pub const MAX_PAGE: u32 = 1000;

/// Which commands a history page or an export covers; every field left empty matches all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HistoryQuery {
    /// Only this vehicle's commands.
    pub vehicle_id: Option<String>,
    /// Only this feature's commands.
    pub feature: Option<String>,
    /// Only commands that ended so, or have no end yet.
    pub outcome: Option<OutcomeFilter>,
    /// Only commands created at or after this time.
    pub from: Option<Millis>,
    /// Only commands created before this time.
    pub to: Option<Millis>,
    /// Only this fleet run's commands.
    pub fleet_run_id: Option<String>,
    /// Rows per page: [`DEFAULT_PAGE`] when `None`, at most [`MAX_PAGE`]. Ignored by the export.
    pub limit: Option<u32>,
    /// Keyset paging: the page after this cursor (the previous page's `next`). Ignored by the
    /// export.
    pub after: Option<Cursor>,
    /// Offset paging: rows to skip (after `after`, if both are given). Ignored by the export.
    pub offset: u64,
}

/// An outcome to filter on, or "no end yet".
///
/// Crosses IPC as one word: an [`Outcome`] word (`"success"`, `"unsettled"`...) or `"notEnded"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum OutcomeFilter {
    /// Commands that ended with this outcome.
    Is(Outcome),
    /// Commands with no end yet (an `Unsettled` end is an end: ask for it with `Is`).
    NotEnded,
}

const NOT_ENDED: &str = "notEnded";

impl TryFrom<String> for OutcomeFilter {
    type Error = String;

    fn try_from(word: String) -> Result<Self, Self::Error> {
        if word == NOT_ENDED {
            return Ok(OutcomeFilter::NotEnded);
        }
        Outcome::from_word(&word)
            .map(OutcomeFilter::Is)
            .ok_or_else(|| format!("unknown outcome filter {word:?}"))
    }
}

impl From<OutcomeFilter> for String {
    fn from(filter: OutcomeFilter) -> Self {
        match filter {
            OutcomeFilter::Is(outcome) => outcome.as_str().to_owned(),
            OutcomeFilter::NotEnded => NOT_ENDED.to_owned(),
        }
    }
}

/// Where a history page ended, to ask for the next one. Pass it back as it came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cursor {
    // The last row's sort key: newest first by creation time, then by insertion order.
    created_at: Millis,
    row: i64,
}

impl Cursor {
    pub(crate) fn new(created_at: Millis, row: i64) -> Self {
        Cursor { created_at, row }
    }
}

/// One page of history, newest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    /// The commands on this page, each with its steps.
    pub rows: Vec<CommandRecord>,
    /// How many commands match the filter in all pages.
    pub total: u64,
    /// The cursor for the next page, or `None` when this is the last.
    pub next: Option<Cursor>,
}

/// A query's filter as SQL: a `WHERE` clause (or nothing) and its parameters.
pub(crate) struct Filter {
    pub(crate) clause: String,
    pub(crate) params: Vec<Value>,
}

impl HistoryQuery {
    /// The rows a page returns.
    pub(crate) fn page_size(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
    }

    /// The filter without paging (for the total and the export), or with the keyset cursor.
    pub(crate) fn filter(&self, with_cursor: bool) -> Filter {
        let mut terms: Vec<&str> = Vec::new();
        let mut params = Vec::new();
        let texts = [
            ("vehicle_id = ?", &self.vehicle_id),
            ("feature = ?", &self.feature),
            ("fleet_run_id = ?", &self.fleet_run_id),
        ];
        for (term, value) in texts {
            if let Some(value) = value {
                terms.push(term);
                params.push(Value::Text(value.clone()));
            }
        }
        match self.outcome {
            Some(OutcomeFilter::Is(outcome)) => {
                terms.push("outcome = ?");
                params.push(Value::Text(outcome.as_str().to_owned()));
            }
            Some(OutcomeFilter::NotEnded) => terms.push("outcome IS NULL"),
            None => {}
        }
        if let Some(from) = self.from {
            terms.push("created_at >= ?");
            params.push(Value::Integer(from));
        }
        if let Some(to) = self.to {
            terms.push("created_at < ?");
            params.push(Value::Integer(to));
        }
        if let (true, Some(cursor)) = (with_cursor, self.after) {
            // A row value compare, so SQLite walks the (…, created_at, id) indexes from the cursor.
            terms.push("(created_at, id) < (?, ?)");
            params.push(Value::Integer(cursor.created_at));
            params.push(Value::Integer(cursor.row));
        }
        let clause = if terms.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", terms.join(" AND "))
        };
        Filter { clause, params }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_filter_is_one_word_on_the_wire() {
        let filter: OutcomeFilter = serde_json::from_str("\"notEnded\"").unwrap();
        assert_eq!(filter, OutcomeFilter::NotEnded);
        let filter: OutcomeFilter = serde_json::from_str("\"alreadyDone\"").unwrap();
        assert_eq!(filter, OutcomeFilter::Is(Outcome::AlreadyDone));
        assert_eq!(
            serde_json::to_string(&OutcomeFilter::Is(Outcome::Unsettled)).unwrap(),
            "\"unsettled\""
        );
        assert!(serde_json::from_str::<OutcomeFilter>("\"won\"").is_err());
    }

    #[test]
    fn an_empty_query_deserialises_from_an_empty_object() {
        let query: HistoryQuery = serde_json::from_str("{}").unwrap();
        assert_eq!(query, HistoryQuery::default());
        assert_eq!(query.page_size(), DEFAULT_PAGE);
        assert!(query.filter(true).clause.is_empty());
    }

    #[test]
    fn page_size_stays_within_bounds() {
        let mut query = HistoryQuery {
            limit: Some(0),
            ..HistoryQuery::default()
        };
        assert_eq!(query.page_size(), 1);
        query.limit = Some(u32::MAX);
        assert_eq!(query.page_size(), MAX_PAGE);
    }
}
