//! The journal from the terminal: `history` lists what was sent (by the app and this tool),
//! `recover` follows to its end what an earlier run left without one, and a command sent again
//! under a recorded request id is answered from the journal.

use std::time::Duration;

use car_remote_journal::{CommandRecord, HistoryQuery, Journaled, Outcome, OutcomeFilter, rfc3339};
use clap::Args;
use stellantis::EventKind;

use super::Exit;
use super::args::FollowArgs;
use super::output::Output;
use super::run::{journal, journaling};

/// `history`: which commands, and how to print them.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this vehicle's commands.
    #[arg(long, value_name = "ID")]
    pub vehicle: Option<String>,
    /// Only the commands of this fleet run (the id `fleet-send` printed).
    #[arg(long, value_name = "ID")]
    pub fleet_run: Option<String>,
    /// Only this feature's commands (`locking`, `horn`...).
    #[arg(long)]
    pub feature: Option<String>,
    /// Only the commands that ended so (`success`, `alreadyDone`, `failed`, `rejected`,
    /// `notSent`, `unsettled`), or `notEnded`.
    #[arg(long, value_parser = parse_outcome)]
    pub outcome: Option<OutcomeFilter>,
    /// How many commands at most (newest first); every one with --csv.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Every matching command as CSV on standard output (a header row, then one row each).
    #[arg(long, conflicts_with = "limit")]
    pub csv: bool,
}

/// `recover`: how long to follow.
#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// Channel, public URL and the longest wait in seconds for the commands to end.
    #[command(flatten)]
    pub follow: FollowArgs,
}

fn parse_outcome(word: &str) -> Result<OutcomeFilter, String> {
    OutcomeFilter::try_from(word.to_owned())
}

/// Lists the journal's commands.
pub fn history(out: &Output, args: HistoryArgs) -> Exit {
    let store = match journal(out) {
        Ok(store) => store,
        Err(exit) => return exit,
    };
    let query = HistoryQuery {
        vehicle_id: args.vehicle,
        feature: args.feature,
        fleet_run_id: args.fleet_run,
        outcome: args.outcome,
        limit: Some(args.limit),
        ..HistoryQuery::default()
    };
    if args.csv {
        let mut stdout = std::io::stdout().lock();
        return match store.export_csv(&query, &mut stdout) {
            Ok(_) => Exit::Success,
            Err(error) => {
                out.error(error.kind().as_str(), &error.to_string());
                Exit::Error
            }
        };
    }
    let page = match store.history(&query) {
        Ok(page) => page,
        Err(error) => {
            out.error(error.kind().as_str(), &error.to_string());
            return Exit::Error;
        }
    };
    if out.json {
        Output::print_json(&page);
        return Exit::Success;
    }
    if page.rows.is_empty() {
        println!("No commands in the journal yet.");
        return Exit::Success;
    }
    for record in &page.rows {
        println!("{}", line(record));
    }
    if page.total > page.rows.len() as u64 {
        println!(
            "({} of {} commands; --limit shows more)",
            page.rows.len(),
            page.total
        );
    }
    Exit::Success
}

/// One command in one line: when, what, which vehicle, how it ended, who sent it from where.
fn line(record: &CommandRecord) -> String {
    let c = &record.command;
    let end = match &record.end {
        Some(end) => {
            let detail = end
                .cause
                .as_deref()
                .or(end.message.as_deref())
                .map(|d| format!(" — {d}"))
                .unwrap_or_default();
            format!("{}{detail}", end.outcome.as_str())
        }
        None => format!("not ended ({})", record.state.as_str()),
    };
    format!(
        "{}  {:<20} {:<24} {}  [{} from {}, request {}]",
        rfc3339(c.created_at),
        c.feature,
        c.vehicle_id,
        end,
        c.sender,
        c.origin.as_str(),
        c.request_id
    )
}

/// A command sent under a request id the journal already holds: nothing is sent; its record
/// is shown, and the exit code says how it ended (0, 2, or 3 while it has no end).
pub fn already_recorded(out: &Output, record: &CommandRecord) -> Exit {
    if out.json {
        Output::print_json(&serde_json::json!({ "alreadyRecorded": record }));
    } else {
        eprintln!(
            "· request {} is already in the journal: nothing was sent again",
            record.command.request_id
        );
        println!("{}", line(record));
    }
    match record.end.as_ref().map(|e| e.outcome) {
        Some(Outcome::Success | Outcome::AlreadyDone) => Exit::Success,
        Some(Outcome::Failed | Outcome::Rejected | Outcome::NotSent) => Exit::Failed,
        Some(Outcome::Unsettled) | None => Exit::Unknown,
    }
}

/// Follows every command of this account that an earlier run of this tool left without an
/// end, never sending any again; exits 0 once all have ended, 3 if some still have no end.
pub async fn recover(out: &Output, demo: bool, args: RecoverArgs) -> Exit {
    let timeout = Duration::from_secs(args.follow.timeout.max(1));
    let journaling = match journaling(out, demo, args.follow, Duration::from_secs(60)).await {
        Ok(journaling) => journaling,
        Err(exit) => return exit,
    };
    let dispatcher = &journaling.dispatcher;
    let store = dispatcher.store().clone();
    let followed = match dispatcher.recover().await {
        Ok(followed) => followed,
        Err(error) => {
            out.error(error.kind().as_str(), &error.to_string());
            return Exit::Error;
        }
    };
    if !out.json {
        eprintln!("· following {} unfinished command(s)", followed.len());
    }
    let ids: Vec<String> = followed.iter().map(|j| j.request_id.clone()).collect();
    let waits = followed
        .into_iter()
        .map(|journaled| until_end(journaled, timeout));
    let settled = futures_join(waits).await;
    let mut records = Vec::new();
    for id in &ids {
        if let Ok(Some(record)) = store.get(id) {
            records.push(record);
        }
    }
    if out.json {
        Output::print_json(&records);
    } else {
        for record in &records {
            println!("{}", line(record));
        }
    }
    if settled.iter().all(|ended| *ended) {
        Exit::Success
    } else {
        Exit::Unknown
    }
}

/// Reads a command's events until its final one; whether it got there within `timeout`.
async fn until_end(mut journaled: Journaled, timeout: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        match tokio::time::timeout_at(deadline, journaled.next()).await {
            Ok(Some(event)) if event.event.is_final() => {
                return !matches!(event.event, EventKind::GaveUp { .. });
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return false,
        }
    }
}

/// Waits for every future, concurrently.
async fn futures_join<F: std::future::Future<Output = bool> + Send + 'static>(
    waits: impl Iterator<Item = F>,
) -> Vec<bool> {
    let mut set = tokio::task::JoinSet::new();
    for wait in waits {
        set.spawn(wait);
    }
    let mut out = Vec::new();
    while let Some(joined) = set.join_next().await {
        out.push(joined.unwrap_or(false));
    }
    out
}
