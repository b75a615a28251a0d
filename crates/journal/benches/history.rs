//! How the journal holds up at fleet scale: 100,000 commands (five steps each) over 1,000
//! vehicles and 13 features, written through the public API, then history pages, the total and
//! the full CSV export timed. Prints numbers; asserts nothing about time.
//!
//! `cargo bench -p car-remote-journal`; `JOURNAL_BENCH_COMMANDS=10000` for a quicker run.

use std::time::{Duration, Instant};

use car_remote_journal::{
    CommandStore, HistoryQuery, Journal, NewCommand, Origin, Outcome, OutcomeFilter, OutcomeRecord,
    StepRecord,
};

const VEHICLES: usize = 1_000;
const FEATURES: usize = 13;
const OUTCOMES: [Outcome; 5] = [
    Outcome::Success,
    Outcome::Success,
    Outcome::AlreadyDone,
    Outcome::Failed,
    Outcome::Rejected,
];
/// Runs per measurement after the first; the median is printed beside the first.
const RUNS: usize = 15;

fn main() {
    let commands: usize = std::env::var("JOURNAL_BENCH_COMMANDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("journal.sqlite3");
    let journal = Journal::open(&path).expect("a new journal");

    let started = Instant::now();
    let writes = fill(&journal, commands);
    let took = started.elapsed();
    println!(
        "fill: {commands} commands, {writes} writes in {:.1} s ({:.0} writes/s, {:.1} MB)",
        took.as_secs_f64(),
        writes as f64 / took.as_secs_f64(),
        file_size(&path) as f64 / 1e6,
    );

    let journal = &journal;
    let page = |query: HistoryQuery| {
        move || {
            let page = journal.history(&query).expect("a page");
            assert!(!page.rows.is_empty());
        }
    };
    let vehicle = Some("VIN00000042".to_owned());
    let failed = Some(OutcomeFilter::Is(Outcome::Failed));
    measure("page of 50, no filter", page(HistoryQuery::default()));
    measure(
        "page of 50, one vehicle",
        page(HistoryQuery {
            vehicle_id: vehicle.clone(),
            ..HistoryQuery::default()
        }),
    );
    measure(
        "page of 50, outcome failed",
        page(HistoryQuery {
            outcome: failed,
            ..HistoryQuery::default()
        }),
    );
    measure(
        "page of 50, not ended",
        page(HistoryQuery {
            outcome: Some(OutcomeFilter::NotEnded),
            ..HistoryQuery::default()
        }),
    );
    measure(
        "page of 50, one feature and failed",
        page(HistoryQuery {
            feature: Some("feature3".to_owned()),
            outcome: failed,
            ..HistoryQuery::default()
        }),
    );
    let deep = deep_cursor(journal);
    measure(
        "page of 50 after 1,000 rows (keyset)",
        page(HistoryQuery {
            after: Some(deep),
            ..HistoryQuery::default()
        }),
    );
    measure(
        &format!("page of 50 at offset {}", commands / 2),
        page(HistoryQuery {
            offset: (commands / 2) as u64,
            ..HistoryQuery::default()
        }),
    );
    measure("total, no filter (page of 1)", || {
        let page = journal
            .history(&HistoryQuery {
                limit: Some(1),
                ..HistoryQuery::default()
            })
            .expect("a page");
        assert_eq!(page.total, commands as u64);
    });
    measure("unfinished()", || {
        journal.unfinished().expect("the unfinished");
    });

    let csv = dir.path().join("history.csv");
    let started = Instant::now();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&csv).expect("a CSV file"));
    let rows = journal
        .export_csv(&HistoryQuery::default(), &mut out)
        .expect("the export");
    drop(out);
    println!(
        "export CSV of everything: {rows} rows in {:.0} ms, {:.1} MB",
        ms(started.elapsed()),
        file_size(&csv) as f64 / 1e6,
    );
}

/// Writes `commands` commands the way the tracker will: intent, posting, remote id, steps, end.
/// Returns the number of journal writes (each its own transaction).
fn fill(journal: &Journal, commands: usize) -> usize {
    let mut writes = 0;
    let base = 1_700_000_000_000_i64;
    for i in 0..commands {
        let at = base + i as i64 * 1_000;
        let request_id = format!("req-{i:08}");
        let new = NewCommand {
            request_id: request_id.clone(),
            account: "client-0001".to_owned(),
            vehicle_id: format!("VIN{:08}", i % VEHICLES),
            feature: format!("feature{}", i % FEATURES),
            parameters: serde_json::json!({ "action": "lock", "n": i }),
            sender: "fleet-manager".to_owned(),
            origin: if i % 4 == 0 { Origin::Cli } else { Origin::App },
            fleet_run_id: (i % 10 == 0).then(|| format!("run-{}", i / 1_000)),
            created_at: at,
            send_by: at + 60_000,
        };
        journal.record_intent(&new).expect("intent");
        journal
            .mark_posting(&request_id, "Lock", at + 1)
            .expect("posting");
        journal
            .set_remote_id(&request_id, &format!("remote-{i}"))
            .expect("remote id");
        writes += 3;
        for (n, (code, status)) in [
            ("queued", None),
            ("sent", Some("Accepted")),
            ("pending", Some("WakingUpVehicle")),
            ("pending", Some("InProgress")),
            ("done", Some("Success")),
        ]
        .into_iter()
        .enumerate()
        {
            let step = StepRecord {
                at: at + 2 + n as i64,
                code: code.to_owned(),
                status: status.map(str::to_owned),
                detail: None,
            };
            journal.append_step(&request_id, &step).expect("step");
            writes += 1;
        }
        // One in a thousand is left without an end, as a crash would leave it.
        if i % 1_000 != 999 {
            let end = OutcomeRecord {
                at: at + 10,
                outcome: OUTCOMES[i % OUTCOMES.len()],
                status: Some("Success".to_owned()),
                cause: None,
                message: None,
            };
            journal.finish(&request_id, &end).expect("finish");
            writes += 1;
        }
    }
    writes
}

/// The cursor after the first 1,000 rows, newest first.
fn deep_cursor(journal: &Journal) -> car_remote_journal::Cursor {
    let mut query = HistoryQuery {
        limit: Some(1_000),
        ..HistoryQuery::default()
    };
    query.after = journal.history(&query).expect("a page").next;
    query.after.expect("more than 1,000 rows")
}

fn measure(name: &str, mut run: impl FnMut()) {
    let started = Instant::now();
    run();
    let first = started.elapsed();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .collect();
    times.sort_unstable();
    println!(
        "{name}: first {:.2} ms, median {:.2} ms",
        ms(first),
        ms(times[RUNS / 2])
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// The file and its write-ahead log, which holds the latest commits until a checkpoint.
fn file_size(path: &std::path::Path) -> u64 {
    let size = |path: &std::path::Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    size(path) + size(&path.with_extension("sqlite3-wal"))
}
