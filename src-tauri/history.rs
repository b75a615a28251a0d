//! The journal's history for the window: a page of commands, and every matching command
//! exported as CSV to a file the user picks in the system's save dialog.

use std::path::PathBuf;
use std::sync::Arc;

use car_remote_journal::{CommandStore, HistoryPage, HistoryQuery};
use serde::Serialize;

use crate::error::Error;

/// The environment variable that names the export's file instead of asking: the end-to-end
/// tests use it, since WebDriver cannot drive a native dialog.
pub const SAVE_PATH_VAR: &str = "CAR_REMOTE_SAVE_PATH";

/// Where an export went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    /// The file written.
    pub path: PathBuf,
    /// How many commands it holds.
    pub rows: u64,
}

/// One page of commands, newest first.
pub fn page(store: &dyn CommandStore, query: &HistoryQuery) -> Result<HistoryPage, Error> {
    Ok(store.history(query)?)
}

/// Writes every command matching `query` to `path` as CSV; written to a temporary file beside
/// it first, so a failed export never leaves half a file under the chosen name.
pub fn export(
    store: &dyn CommandStore,
    query: &HistoryQuery,
    path: PathBuf,
) -> Result<Exported, Error> {
    write_file(path, |out| Ok(store.export_csv(query, out)?))
}

/// Writes a file at `path` with `write` (which answers how many rows it wrote) through a
/// temporary file beside it, renamed once complete: a failed export leaves nothing under the
/// chosen name.
pub fn write_file(
    path: PathBuf,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<u64, Error>,
) -> Result<Exported, Error> {
    let partial = path.with_extension("csv.partial");
    let failed = |e: std::io::Error| {
        Error::Journal(car_remote_journal::Error::Invalid(format!(
            "The export could not be written to {} ({e}). Choose another folder, then export again.",
            path.display()
        )))
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(&partial).map_err(failed)?);
    let rows = match write(&mut file) {
        Ok(rows) => rows,
        Err(error) => {
            drop(file);
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    use std::io::Write as _;
    file.flush().map_err(failed)?;
    drop(file);
    std::fs::rename(&partial, &path).map_err(failed)?;
    Ok(Exported { path, rows })
}

/// Runs journal work on the blocking pool.
pub async fn blocking<T, F>(store: Arc<dyn CommandStore>, work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce(&dyn CommandStore) -> Result<T, Error> + Send + 'static,
{
    tokio::task::spawn_blocking(move || work(store.as_ref()))
        .await
        .map_err(|join| Error::Internal(join.to_string()))?
}

#[cfg(test)]
mod tests {
    use car_remote_journal::{Journal, NewCommand, Origin};

    use super::*;

    #[test]
    fn exports_every_match_to_the_file_and_nothing_on_failure() {
        let dir = tempfile::tempdir().expect("folder");
        let journal = Journal::open(dir.path().join("journal.sqlite3")).expect("journal");
        for n in 0..3 {
            journal
                .record_intent(&NewCommand {
                    request_id: format!("r{n}"),
                    account: "a".into(),
                    vehicle_id: format!("v{n}"),
                    feature: "horn".into(),
                    parameters: serde_json::json!({"feature": "horn", "state": "Activated"}),
                    sender: "me".into(),
                    origin: Origin::App,
                    fleet_run_id: None,
                    created_at: 1_000 + n,
                    send_by: 61_000,
                })
                .expect("intent");
        }
        let all = HistoryQuery::default();
        assert_eq!(page(&journal, &all).expect("page").total, 3);
        let target = dir.path().join("history.csv");
        let exported = export(&journal, &all, target.clone()).expect("export");
        assert_eq!(exported.rows, 3);
        let text = std::fs::read_to_string(&target).expect("written");
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(!dir.path().join("history.csv.partial").exists());
        let nowhere = dir.path().join("no such folder").join("history.csv");
        let error = export(&journal, &all, nowhere.clone()).expect_err("no folder");
        assert!(
            error.to_string().contains("Choose another folder"),
            "{error}"
        );
        assert!(!nowhere.exists());
    }
}
