//! The journal file itself: its settings, its schema versions, and two writers sharing it.

mod fixture;

use std::sync::Barrier;

use car_remote_journal::{
    CommandStore, ErrorKind, Journal, Outcome, Recorded, SCHEMA_VERSION, State,
};
use fixture::{TempJournal, command, end, step};
use rusqlite::Connection;

fn pragma<T: rusqlite::types::FromSql>(path: &std::path::Path, name: &str) -> T {
    let conn = Connection::open(path).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
        .unwrap()
}

#[test]
fn a_new_file_gets_the_whole_schema_in_wal_mode() {
    let temp = TempJournal::new();
    assert_eq!(pragma::<i64>(&temp.path(), "user_version"), SCHEMA_VERSION);
    assert_eq!(pragma::<String>(&temp.path(), "journal_mode"), "wal");
    let conn = Connection::open(temp.path()).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["command", "fleet_run", "step", "vehicle_cache"]);
    assert_eq!(temp.journal.path(), temp.path());
}

#[test]
fn reopening_keeps_every_command_step_and_end() {
    let temp = TempJournal::new();
    temp.journal
        .record_intent(&command("r1", "VIN1", 1_000))
        .unwrap();
    temp.journal
        .mark_posting("r1", "Lock doors", 1_100)
        .unwrap();
    temp.journal.set_remote_id("r1", "remote-9").unwrap();
    temp.journal
        .append_step("r1", &step(1_200, "pending", Some("WakingUpVehicle")))
        .unwrap();
    temp.journal
        .finish("r1", &end(1_300, Outcome::Success))
        .unwrap();
    let before = temp.journal.get("r1").unwrap().unwrap();
    drop(temp.journal);

    let reopened = Journal::open(temp.dir.path().join("journal.sqlite3")).unwrap();
    let after = reopened.get("r1").unwrap().unwrap();
    assert_eq!(after, before);
    assert_eq!(after.state, State::Ended);
    assert_eq!(after.label.as_deref(), Some("Lock doors"));
    assert_eq!(after.remote_action_id.as_deref(), Some("remote-9"));
    assert_eq!(after.steps.len(), 1);
    assert_eq!(
        pragma::<i64>(reopened.path(), "user_version"),
        SCHEMA_VERSION
    );
}

#[test]
fn a_file_from_a_newer_app_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {};",
            SCHEMA_VERSION + 1
        ))
        .unwrap();
    }
    let error = Journal::open(&path).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooNew);
    let message = error.to_string();
    assert!(message.contains("Update Car Remote"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert_eq!(pragma::<i64>(&path, "user_version"), SCHEMA_VERSION + 1);
}

#[test]
fn a_file_that_is_not_a_database_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    std::fs::write(
        &path,
        b"this is a shopping list, not a journal\n".repeat(200),
    )
    .unwrap();
    let error = Journal::open(&path).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Corrupt, "{error}");
    assert!(error.to_string().contains("move the file aside"), "{error}");
}

#[test]
fn another_programs_database_is_not_written_into() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT)")
        .unwrap();
    let error = Journal::open(&path).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Corrupt, "{error}");
    assert_eq!(pragma::<i64>(&path, "user_version"), 0);
}

#[test]
fn a_missing_folder_is_unavailable_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no such folder").join("journal.sqlite3");
    let error = Journal::open(&path).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{error}");
    assert!(error.to_string().contains("no such folder"), "{error}");
    assert!(error.to_string().contains("CAR_REMOTE_DATA_DIR"), "{error}");
    // Errors cross IPC as {kind, message}.
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["kind"], "unavailable");
    assert_eq!(json["message"], error.to_string());
}

#[test]
fn two_journals_on_one_file_open_and_write_at_once() {
    const PER_WRITER: usize = 150;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    // Both open the fresh file together too: only one may apply the migrations.
    let start = Barrier::new(2);
    std::thread::scope(|scope| {
        for writer in ["app", "cli"] {
            let (start, path) = (&start, &path);
            scope.spawn(move || {
                start.wait();
                let journal = Journal::open(path).unwrap();
                for i in 0..PER_WRITER {
                    let id = format!("{writer}-{i}");
                    // The same shared id from both sides: exactly one of them records it.
                    let shared = format!("shared-{i}");
                    journal
                        .record_intent(&command(&id, "VIN", i as i64))
                        .unwrap();
                    journal
                        .record_intent(&command(&shared, "VIN", i as i64))
                        .unwrap();
                    journal.mark_posting(&id, "Lock", i as i64).unwrap();
                    journal.append_step(&id, &step(1, "sent", None)).unwrap();
                    journal
                        .append_step(&shared, &step(1, writer, None))
                        .unwrap();
                    journal.finish(&id, &end(2, Outcome::Success)).unwrap();
                }
            });
        }
    });
    let journal = Journal::open(&path).unwrap();
    let all = journal.history(&Default::default()).unwrap();
    assert_eq!(all.total, 3 * PER_WRITER as u64);
    for i in 0..PER_WRITER {
        for writer in ["app", "cli"] {
            let record = journal.get(&format!("{writer}-{i}")).unwrap().unwrap();
            assert_eq!(record.state, State::Ended);
        }
        let shared = journal.get(&format!("shared-{i}")).unwrap().unwrap();
        let mut writers: Vec<_> = shared.steps.iter().map(|s| s.code.as_str()).collect();
        writers.sort_unstable();
        assert_eq!(writers, ["app", "cli"]);
    }
    assert_eq!(journal.unfinished().unwrap().len(), PER_WRITER);
}

#[test]
fn one_press_recorded_by_two_front_ends_is_new_for_exactly_one() {
    let temp = TempJournal::new();
    let other = Journal::open(temp.path()).unwrap();
    let start = Barrier::new(2);
    let news = std::thread::scope(|scope| {
        let sides = [&temp.journal, &other].map(|journal| {
            let start = &start;
            scope.spawn(move || {
                start.wait();
                (0..100)
                    .filter(|i| {
                        let new = command(&format!("press-{i}"), "VIN", 0);
                        matches!(journal.record_intent(&new).unwrap(), Recorded::New(_))
                    })
                    .count()
            })
        });
        sides.map(|side| side.join().unwrap())
    });
    assert_eq!(news[0] + news[1], 100, "{news:?}");
}

#[test]
fn a_damaged_row_is_reported_as_corrupt_not_a_panic() {
    let temp = TempJournal::new();
    temp.journal
        .record_intent(&command("r1", "VIN1", 0))
        .unwrap();
    Connection::open(temp.path())
        .unwrap()
        .execute("UPDATE command SET state = 'flying'", [])
        .unwrap();
    let error = temp.journal.get("r1").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Corrupt, "{error}");
    assert!(error.to_string().contains("flying"), "{error}");
    let error = temp.journal.history(&Default::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Corrupt, "{error}");
}
