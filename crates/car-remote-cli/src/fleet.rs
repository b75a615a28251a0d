//! `fleet-send`: one command to many vehicles, with live progress on stderr and a per-vehicle
//! report at the end. The run is journaled: each vehicle's command is recorded before its POST
//! under the run's id (printed first), so `history --fleet-run ID` lists it, `recover` follows
//! what a killed run left unfinished, and `--run-id ID` again sends no vehicle twice.

use std::io::{IsTerminal, Read};
use std::time::Duration;

use car_remote_journal::{FleetJournal, new_request_id};
use stellantis::fleet::{FleetConfig, FleetCounts, FleetOutcome, FleetReport, FleetRun};
use tokio::sync::watch;

use super::Exit;
use super::args::FleetSendArgs;
use super::output::Output;
use super::run::{client_error, command_from_args, journaling};

/// How often the progress line is redrawn on a terminal.
const TERMINAL_EVERY: Duration = Duration::from_millis(200);
/// How often a progress line is written when stderr is a file or a pipe.
const LOG_EVERY: Duration = Duration::from_secs(5);
/// Longest wait of a vehicle's POST once the run reaches it; past it, that vehicle is not sent.
const SEND_BY: Duration = Duration::from_secs(60);

/// Sends the command to every vehicle given, follows each, prints the report.
pub async fn fleet_send(out: &Output, demo: bool, args: FleetSendArgs) -> Exit {
    let (input, command) = match command_from_args(out, &args.feature, args.follow.yes, None) {
        Ok(checked) => checked,
        Err(exit) => return exit,
    };
    // A list that cannot be read is known before connecting.
    let listed = match &args.vehicles_file {
        Some(path) => match read_ids(path) {
            Ok(ids) => Some(ids),
            Err(message) => {
                out.error("invalidInput", &message);
                return Exit::Error;
            }
        },
        None if args.all => None,
        None => Some(args.vehicles.clone()),
    };
    if listed.as_ref().is_some_and(Vec::is_empty) {
        out.error(
            "invalidInput",
            "no vehicles given: name them, use --vehicles FILE, or --all",
        );
        return Exit::Error;
    }
    let follow_for = Duration::from_secs(args.follow.timeout.max(1));
    // Kept alive while the commands are followed: the webhook receiver, the demo simulator.
    let journaling = match journaling(out, demo, args.follow, SEND_BY).await {
        Ok(journaling) => journaling,
        Err(exit) => return exit,
    };
    let tracker = journaling.dispatcher.tracker().clone();
    let ids = match listed {
        Some(ids) => ids,
        None => match tracker.client().vehicles().await {
            Ok(list) => list.into_iter().map(|v| v.id).collect(),
            Err(error) => return client_error(out, &error),
        },
    };
    let run_id = args.run_id.unwrap_or_else(new_request_id);
    eprintln!(
        "· fleet run {run_id} (`history --fleet-run {run_id}` lists it; `fleet-send --run-id \
         {run_id}` again sends no vehicle twice)"
    );
    let sender = FleetJournal::new(journaling.dispatcher.clone(), run_id.clone(), input);
    let run = FleetRun::new(
        &tracker,
        ids,
        command,
        FleetConfig {
            concurrency: args.concurrency.max(1),
            check_capability: !args.no_capability_check,
            follow_for,
            ..FleetConfig::default()
        },
    )
    .sender(sender);
    if !run.duplicates().is_empty() {
        out.warning(&format!(
            "{} vehicle id(s) given more than once; each vehicle is sent the command once: {}",
            run.duplicates().len(),
            run.duplicates().join(", ")
        ));
    }
    let cancel = run.canceller();
    let progress = tokio::spawn(show_progress(run.progress()));
    let report = tokio::select! {
        report = run.run() => report,
        // Ctrl-C stops the sending; what was sent is still followed (a second Ctrl-C kills).
        never = async {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\ncancelled: no more commands are sent; following those already sent");
                cancel.cancel();
            }
            std::future::pending::<FleetReport>().await
        } => never,
    };
    progress.abort();
    let _ = progress.await;
    eprintln!("{}", progress_line(&report.counts));
    out.fleet_report(&run_id, &report);
    exit_for(&report.counts)
}

/// 0 all succeeded; 3 any without an answer yet; else 2.
fn exit_for(counts: &FleetCounts) -> Exit {
    if counts.unknown > 0 {
        Exit::Unknown
    } else if counts.succeeded == counts.total {
        Exit::Success
    } else {
        Exit::Failed
    }
}

/// Vehicle ids from a file (or standard input for `-`): one a line, blank lines and `#`
/// comments skipped.
fn read_ids(path: &std::path::Path) -> Result<Vec<String>, String> {
    let text = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read the vehicle ids from standard input: {e}"))?;
        text
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read the vehicle list {}: {e}; give a file with one id a line",
                path.display()
            )
        })?
    };
    Ok(text
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect())
}

/// One line of counts.
fn progress_line(c: &FleetCounts) -> String {
    format!(
        "fleet: {}/{} ended · queued {} · sent {} · pending {} · succeeded {} · failed {} · unknown {} · refused {} · unsupported {} · not sent {}",
        c.ended(),
        c.total,
        c.queued,
        c.sent,
        c.pending,
        c.succeeded,
        c.failed,
        c.unknown,
        c.refused,
        c.unsupported,
        c.not_sent
    )
}

/// Redraws the progress line on a terminal, or writes one every few seconds to a log.
async fn show_progress(mut counts: watch::Receiver<FleetCounts>) {
    let terminal = std::io::stderr().is_terminal();
    let mut ticks = tokio::time::interval(if terminal { TERMINAL_EVERY } else { LOG_EVERY });
    ticks.tick().await;
    loop {
        ticks.tick().await;
        if !terminal && !counts.has_changed().unwrap_or(false) {
            continue;
        }
        let line = progress_line(&counts.borrow_and_update());
        if terminal {
            // Clear the line and rewrite it in place.
            eprint!("\r\x1b[2K{line}");
        } else {
            eprintln!("{line}");
        }
    }
}

impl Output {
    /// The end of a fleet run: counts, then every vehicle that did not succeed; or, with
    /// `--json`, the whole report with one result per vehicle.
    pub fn fleet_report(&self, run_id: &str, report: &FleetReport) {
        if self.json {
            let mut value = serde_json::to_value(report).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("runId".to_owned(), run_id.into());
            }
            return Self::print_json(&value);
        }
        let c = &report.counts;
        println!(
            "{} ({}) to {} vehicle(s){}",
            report.feature.title(),
            report.feature,
            c.total,
            if report.cancelled { ", cancelled" } else { "" }
        );
        println!("  {:<12} {run_id}", "run");
        for (label, count) in [
            ("succeeded", c.succeeded),
            ("failed", c.failed),
            ("unknown", c.unknown),
            ("refused", c.refused),
            ("unsupported", c.unsupported),
            ("not sent", c.not_sent),
        ] {
            println!("  {label:<12} {count:>6}");
        }
        let already = report.results.iter().filter(|r| r.already_recorded).count();
        if already > 0 {
            println!(
                "  {:<12} {already:>6}  (already in the journal: not sent again)",
                "recorded"
            );
        }
        if !report.duplicates.is_empty() {
            println!(
                "  {:<12} {:>6}  (given more than once, sent once)",
                "duplicates",
                report.duplicates.len()
            );
        }
        let others: Vec<_> = report
            .results
            .iter()
            .filter(|r| r.outcome != FleetOutcome::Succeeded)
            .collect();
        if others.is_empty() {
            return;
        }
        let width = others
            .iter()
            .map(|r| r.vehicle_id.len())
            .max()
            .unwrap_or(7)
            .max(7);
        println!();
        println!(
            "{:<width$}  {:<11}  {:<36}  WHAT IT MEANS",
            "VEHICLE", "OUTCOME", "CAUSE"
        );
        for r in others {
            let cause = r
                .failure_cause
                .as_ref()
                .map(ToString::to_string)
                .or_else(|| r.error_kind.clone())
                .unwrap_or_else(|| "-".to_owned());
            println!(
                "{:<width$}  {:<11}  {:<36}  {}",
                r.vehicle_id,
                outcome_word(r.outcome),
                cause,
                r.explanation
            );
        }
    }
}

/// The outcome as the summary and `--json` spell it.
fn outcome_word(outcome: FleetOutcome) -> String {
    serde_json::to_value(outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{outcome:?}"))
}
