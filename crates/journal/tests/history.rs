//! History pages, their filters and paging, and the CSV export.

mod fixture;

use car_remote_journal::{
    CSV_HEADER, CommandStore, HistoryQuery, Origin, Outcome, OutcomeFilter, rfc3339,
};
use fixture::{TempJournal, command, end, step};
use serde_json::json;

/// 30 commands, one per second from t = 1 s: vehicles VIN0..VIN2 in turn, every third
/// `charging`, the first ten in fleet run `run-1`; ends cycle through success, failed, none.
fn journal_of_thirty() -> TempJournal {
    let temp = TempJournal::new();
    for i in 0..30_i64 {
        let mut new = command(
            &format!("r{i:02}"),
            &format!("VIN{}", i % 3),
            (i + 1) * 1_000,
        );
        if i % 3 == 1 {
            new.feature = "charging".to_owned();
        }
        if i < 10 {
            new.fleet_run_id = Some("run-1".to_owned());
        }
        let id = new.request_id.clone();
        temp.journal.record_intent(&new).unwrap();
        temp.journal
            .append_step(&id, &step(new.created_at, "sent", None))
            .unwrap();
        match i % 3 {
            0 => temp.journal.finish(&id, &end(i, Outcome::Success)).unwrap(),
            1 => temp.journal.finish(&id, &end(i, Outcome::Failed)).unwrap(),
            _ => {}
        }
    }
    temp
}

fn ids(temp: &TempJournal, query: &HistoryQuery) -> (Vec<String>, u64) {
    let page = temp.journal.history(query).unwrap();
    let ids = page
        .rows
        .into_iter()
        .map(|r| r.command.request_id)
        .collect();
    (ids, page.total)
}

#[test]
fn an_unfiltered_page_is_newest_first_with_steps_and_the_total() {
    let temp = journal_of_thirty();
    let page = temp.journal.history(&HistoryQuery::default()).unwrap();
    assert_eq!(page.total, 30);
    assert_eq!(page.rows.len(), 30);
    assert_eq!(page.rows[0].command.request_id, "r29");
    assert_eq!(page.rows[29].command.request_id, "r00");
    assert!(page.rows.iter().all(|row| row.steps.len() == 1));
    assert_eq!(page.next, None);
}

#[test]
fn each_filter_narrows_the_rows_and_the_total() {
    let temp = journal_of_thirty();
    let vehicle = HistoryQuery {
        vehicle_id: Some("VIN1".to_owned()),
        ..HistoryQuery::default()
    };
    let (rows, total) = ids(&temp, &vehicle);
    assert_eq!(total, 10);
    assert_eq!(rows[..3], ["r28", "r25", "r22"]);

    let feature = HistoryQuery {
        feature: Some("charging".to_owned()),
        ..HistoryQuery::default()
    };
    assert_eq!(ids(&temp, &feature).1, 10);

    let failed = HistoryQuery {
        outcome: Some(OutcomeFilter::Is(Outcome::Failed)),
        ..HistoryQuery::default()
    };
    assert_eq!(ids(&temp, &failed), (ids(&temp, &feature).0, 10));

    let open = HistoryQuery {
        outcome: Some(OutcomeFilter::NotEnded),
        ..HistoryQuery::default()
    };
    let (rows, total) = ids(&temp, &open);
    assert_eq!(total, 10);
    assert_eq!(rows[0], "r29");

    // From is inclusive, to exclusive: r05 (6 s) up to but not r08 (9 s).
    let window = HistoryQuery {
        from: Some(6_000),
        to: Some(9_000),
        ..HistoryQuery::default()
    };
    assert_eq!(
        ids(&temp, &window),
        (vec!["r07".into(), "r06".into(), "r05".into()], 3)
    );

    let run = HistoryQuery {
        fleet_run_id: Some("run-1".to_owned()),
        vehicle_id: Some("VIN0".to_owned()),
        ..HistoryQuery::default()
    };
    assert_eq!(ids(&temp, &run).0, ["r09", "r06", "r03", "r00"]);

    let none = HistoryQuery {
        vehicle_id: Some("VIN404".to_owned()),
        ..HistoryQuery::default()
    };
    assert_eq!(ids(&temp, &none), (vec![], 0));
}

#[test]
fn keyset_pages_cover_every_row_once() {
    let temp = journal_of_thirty();
    let mut query = HistoryQuery {
        limit: Some(7),
        ..HistoryQuery::default()
    };
    let mut seen = Vec::new();
    loop {
        let page = temp.journal.history(&query).unwrap();
        assert_eq!(page.total, 30, "the total ignores the cursor");
        seen.extend(page.rows.into_iter().map(|r| r.command.request_id));
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    let expected: Vec<_> = (0..30).rev().map(|i| format!("r{i:02}")).collect();
    assert_eq!(seen, expected);
}

#[test]
fn keyset_paging_keeps_commands_created_in_the_same_millisecond() {
    let temp = TempJournal::new();
    for i in 0..5 {
        temp.journal
            .record_intent(&command(&format!("same-{i}"), "VIN", 42))
            .unwrap();
    }
    let first = temp
        .journal
        .history(&HistoryQuery {
            limit: Some(2),
            ..HistoryQuery::default()
        })
        .unwrap();
    let rest = temp
        .journal
        .history(&HistoryQuery {
            after: first.next,
            ..HistoryQuery::default()
        })
        .unwrap();
    let all: Vec<_> = first
        .rows
        .iter()
        .chain(&rest.rows)
        .map(|r| r.command.request_id.as_str())
        .collect();
    assert_eq!(all, ["same-4", "same-3", "same-2", "same-1", "same-0"]);
}

#[test]
fn offset_pages_skip_rows() {
    let temp = journal_of_thirty();
    let query = HistoryQuery {
        vehicle_id: Some("VIN2".to_owned()),
        limit: Some(3),
        offset: 3,
        ..HistoryQuery::default()
    };
    let page = temp.journal.history(&query).unwrap();
    let rows: Vec<_> = page
        .rows
        .iter()
        .map(|r| r.command.request_id.as_str())
        .collect();
    assert_eq!(rows, ["r20", "r17", "r14"]);
    assert_eq!(page.total, 10);
    assert!(page.next.is_some());
}

#[test]
fn a_query_comes_from_the_page_as_camel_case_json() {
    let query: HistoryQuery =
        serde_json::from_str(r#"{"vehicleId":"VIN2","outcome":"notEnded","limit":5}"#).unwrap();
    assert_eq!(query.vehicle_id.as_deref(), Some("VIN2"));
    assert_eq!(query.outcome, Some(OutcomeFilter::NotEnded));
    let temp = journal_of_thirty();
    let page = temp.journal.history(&query).unwrap();
    assert_eq!((page.rows.len(), page.total), (5, 10));
    // The cursor goes back to the page and returns as it came.
    let mut query = HistoryQuery {
        limit: Some(1),
        ..HistoryQuery::default()
    };
    let next = temp.journal.history(&query).unwrap().next;
    let json = serde_json::to_string(&next).unwrap();
    query.after = serde_json::from_str(&json).unwrap();
    assert_eq!(
        temp.journal.history(&query).unwrap().rows[0]
            .command
            .request_id,
        "r28"
    );
}

#[test]
fn the_csv_export_quotes_what_needs_quoting() {
    let temp = TempJournal::new();
    let mut awkward = command("r1", "VIN, \"the blue one\"", 1_777_624_200_250);
    awkward.parameters = json!({ "note": "a, b \"c\"\nd" });
    awkward.origin = Origin::Cli;
    awkward.fleet_run_id = Some("run-7".to_owned());
    temp.journal.record_intent(&awkward).unwrap();
    temp.journal.mark_posting("r1", "Lock doors", 1).unwrap();
    temp.journal.set_remote_id("r1", "remote-1").unwrap();
    let failed = car_remote_journal::OutcomeRecord {
        status: Some("Failure".to_owned()),
        cause: Some("vehicleAsleep".to_owned()),
        message: Some("The car did not wake up,\nso nothing happened.".to_owned()),
        ..end(1_777_624_260_000, Outcome::Failed)
    };
    temp.journal.finish("r1", &failed).unwrap();
    temp.journal
        .record_intent(&command("r2", "VIN2", 1_777_624_300_000))
        .unwrap();

    let mut out = Vec::new();
    let count = temp
        .journal
        .export_csv(&HistoryQuery::default(), &mut out)
        .unwrap();
    assert_eq!(count, 2);

    // Read back with a CSV reader: every field survives quoting exactly.
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap(), CSV_HEADER.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "r2", "newest first");
    assert_eq!(&rows[0][12], "", "no outcome yet");
    let row = &rows[1];
    let fields: Vec<&str> = row.iter().collect();
    assert_eq!(
        fields,
        [
            "r1",
            "2026-05-01T08:30:00.250Z",
            "client-123",
            "VIN, \"the blue one\"",
            "locking",
            r#"{"note":"a, b \"c\"\nd"}"#,
            "alice",
            "cli",
            "run-7",
            "Lock doors",
            "remote-1",
            "ended",
            "failed",
            "Failure",
            "vehicleAsleep",
            "The car did not wake up,\nso nothing happened.",
            "2026-05-01T08:31:00.000Z",
        ]
    );
    let parameters: serde_json::Value = serde_json::from_str(&row[5]).unwrap();
    assert_eq!(parameters, awkward.parameters);

    // And the raw text follows RFC 4180: quoted fields, doubled quotes, the newline inside.
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(r#""VIN, ""the blue one""""#), "{text}");
    assert!(
        text.contains("\"The car did not wake up,\nso nothing happened.\""),
        "{text}"
    );
}

#[test]
fn the_csv_export_takes_the_filter_but_not_the_paging() {
    let temp = journal_of_thirty();
    let query = HistoryQuery {
        feature: Some("charging".to_owned()),
        limit: Some(2),
        offset: 5,
        ..HistoryQuery::default()
    };
    let mut out = Vec::new();
    assert_eq!(temp.journal.export_csv(&query, &mut out).unwrap(), 10);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 11);
    assert!(text.starts_with(&CSV_HEADER.join(",")));
    assert!(text.contains(&rfc3339(29_000)), "{text}");

    let mut empty = Vec::new();
    let none = HistoryQuery {
        vehicle_id: Some("VIN404".to_owned()),
        ..HistoryQuery::default()
    };
    assert_eq!(temp.journal.export_csv(&none, &mut empty).unwrap(), 0);
    assert_eq!(
        String::from_utf8(empty).unwrap().lines().count(),
        1,
        "header only"
    );
}

/// Linux's /dev/full: a real destination that fails every write as a full disk does.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_export_error() {
    let temp = journal_of_thirty();
    let mut full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let error = temp
        .journal
        .export_csv(&HistoryQuery::default(), &mut full)
        .unwrap_err();
    assert_eq!(error.kind(), car_remote_journal::ErrorKind::Io, "{error}");
    assert!(error.to_string().contains("export"), "{error}");
}
