//! Fleet runs' plans in a real SQLite file: recorded once before sending, ended, listed newest
//! first per account with counts from their commands, read back with every command in one
//! read, kept across a reopen; and the wake-ups of every vehicle in one query.

mod fixture;

use car_remote_journal::{
    CommandStore, FleetRunRecord, Journal, NewCommand, Origin, Outcome, OutcomeRecord, State,
    fleet_request_id, recorded_result, recorded_stage,
};
use fixture::{TempJournal, command};
use serde_json::json;
use stellantis::fleet::{FleetCounts, FleetStage};

fn plan(run_id: &str, account: &str, vehicles: usize, at: i64) -> FleetRunRecord {
    FleetRunRecord {
        run_id: run_id.to_owned(),
        account: account.to_owned(),
        feature: "locking".to_owned(),
        input: json!({"feature": "locking", "state": "Locked"}),
        vehicles: (0..vehicles).map(|i| format!("veh-{i}")).collect(),
        created_at: at,
        ended_at: None,
        cancelled: false,
        skipped: Vec::new(),
    }
}

/// Vehicle `vehicle`'s command of run `run_id`, recorded and (when `posted`) posted.
fn vehicle_command(journal: &Journal, run_id: &str, vehicle: &str, posted: bool) -> String {
    let request_id = fleet_request_id(run_id, vehicle);
    let new = NewCommand {
        fleet_run_id: Some(run_id.to_owned()),
        account: "acct".to_owned(),
        parameters: json!({"feature": "locking", "state": "Locked"}),
        ..command(&request_id, vehicle, 1_000)
    };
    journal.record_intent(&new).expect("intent");
    if posted {
        journal
            .mark_posting(&request_id, "label", 1_001)
            .expect("posting");
    }
    request_id
}

fn finish(journal: &Journal, request_id: &str, outcome: Outcome, status: Option<&str>) {
    let end = OutcomeRecord {
        at: 2_000,
        outcome,
        status: status.map(str::to_owned),
        cause: (outcome == Outcome::Failed).then(|| "DoorsOpen".to_owned()),
        message: Some(format!("ended {}", outcome.as_str())),
    };
    journal.finish(request_id, &end).expect("finish");
}

#[test]
fn a_plan_is_recorded_once_ended_and_kept_across_a_reopen() {
    let temp = TempJournal::new();
    let run = plan("run-1", "acct", 4, 1_000);
    assert!(temp.journal.record_fleet_run(&run).expect("recorded"));
    let other = FleetRunRecord {
        vehicles: vec!["elsewhere".into()],
        ..run.clone()
    };
    assert!(
        !temp.journal.record_fleet_run(&other).expect("answered"),
        "the same run id again records nothing"
    );
    assert_eq!(temp.journal.fleet_run("run-1").expect("read"), Some(run));
    assert_eq!(temp.journal.fleet_run("nope").expect("read"), None);
    let too_long = plan(&"r".repeat(200), "acct", 1, 1_000);
    assert!(temp.journal.record_fleet_run(&too_long).is_err());

    let skipped = vec!["veh-3".to_owned()];
    assert!(
        temp.journal
            .end_fleet_run("run-1", 5_000, true, &skipped)
            .expect("ended")
    );
    assert!(
        !temp
            .journal
            .end_fleet_run("nope", 5_000, false, &[])
            .expect("answered")
    );
    let reopened = Journal::open(temp.path()).expect("reopened");
    let read = reopened.fleet_run("run-1").expect("read").expect("kept");
    assert_eq!(
        (read.ended_at, read.cancelled, read.skipped),
        (Some(5_000), true, skipped)
    );
    assert_eq!(read.vehicles.len(), 4);
}

#[test]
fn runs_are_listed_newest_first_per_account_with_counts_from_their_commands() {
    let temp = TempJournal::new();
    let j = &temp.journal;
    j.record_fleet_run(&plan("old", "acct", 2, 1_000))
        .expect("plan");
    j.record_fleet_run(&plan("new", "acct", 8, 3_000))
        .expect("plan");
    j.record_fleet_run(&plan("theirs", "other", 1, 9_000))
        .expect("plan");
    // "new": one success, one failure, one unsupported (501), one refused, one unsettled, one
    // still an intent, one accepted, and "veh-7" skipped as known not to support it.
    let ok = vehicle_command(j, "new", "veh-0", true);
    finish(j, &ok, Outcome::Success, Some("Success"));
    let failed = vehicle_command(j, "new", "veh-1", true);
    finish(j, &failed, Outcome::Failed, Some("Failed"));
    let unsupported = vehicle_command(j, "new", "veh-2", true);
    finish(j, &unsupported, Outcome::Rejected, Some("unsupported"));
    let refused = vehicle_command(j, "new", "veh-3", true);
    finish(j, &refused, Outcome::Rejected, Some("forbidden"));
    let unsettled = vehicle_command(j, "new", "veh-4", true);
    finish(j, &unsettled, Outcome::Unsettled, None);
    vehicle_command(j, "new", "veh-5", false);
    let accepted = vehicle_command(j, "new", "veh-6", true);
    j.set_remote_id(&accepted, "rid-6").expect("accepted");
    j.end_fleet_run("new", 4_000, false, &["veh-7".to_owned()])
        .expect("ended");

    let listed = j.fleet_runs("acct", 50).expect("listed");
    let ids: Vec<&str> = listed.iter().map(|r| r.run_id.as_str()).collect();
    assert_eq!(ids, ["new", "old"]);
    assert_eq!(
        listed[0].counts,
        FleetCounts {
            total: 8,
            queued: 0,
            sent: 1,
            pending: 1,
            succeeded: 1,
            failed: 1,
            unknown: 1,
            refused: 1,
            // The 501 and the skipped one.
            unsupported: 2,
            not_sent: 0,
        }
    );
    assert_eq!(listed[0].ended_at, Some(4_000));
    assert_eq!(listed[0].input["state"], "Locked");
    assert_eq!(
        listed[1].counts,
        FleetCounts {
            total: 2,
            not_sent: 2,
            ..FleetCounts::default()
        },
        "a plan with nothing recorded: every vehicle not sent"
    );
    assert_eq!(j.fleet_runs("acct", 1).expect("listed").len(), 1);
    assert!(j.fleet_runs("nobody", 50).expect("listed").is_empty());

    let commands = j.fleet_commands("new").expect("commands");
    assert_eq!(commands.len(), 7);
    assert_eq!(commands[0].command.vehicle_id, "veh-0");
    let stages: Vec<FleetStage> = commands
        .iter()
        .map(|c| recorded_result(c).outcome)
        .collect();
    assert_eq!(
        stages,
        [
            FleetStage::Succeeded,
            FleetStage::Failed,
            FleetStage::Unsupported,
            FleetStage::Refused,
            FleetStage::Unknown,
            FleetStage::Sent,
            FleetStage::Pending,
        ]
    );
    let failed = recorded_result(&commands[1]);
    assert_eq!(
        failed.failure_cause.map(|c| c.to_string()).as_deref(),
        Some("DoorsOpen")
    );
    assert_eq!(failed.explanation, "ended failed");
    assert_eq!(
        recorded_result(&commands[3]).error_kind.as_deref(),
        Some("forbidden")
    );
    assert_eq!(
        recorded_result(&commands[6]).remote_action_id.as_deref(),
        Some("rid-6")
    );
    assert!(j.fleet_commands("old").expect("commands").is_empty());
    assert_eq!(
        recorded_stage(State::Ended, Some(Outcome::NotSent), None),
        FleetStage::NotSent
    );
}

#[test]
fn wake_ups_of_every_vehicle_in_one_read_count_as_usage_does() {
    let temp = TempJournal::new();
    let j = &temp.journal;
    let mut n = 0;
    let mut sent = |vehicle: &str, feature: &str, at: i64, posted: bool| {
        n += 1;
        let id = format!("w{n}");
        let new = NewCommand {
            account: "acct".to_owned(),
            feature: feature.to_owned(),
            origin: Origin::Cli,
            ..command(&id, vehicle, at)
        };
        j.record_intent(&new).expect("intent");
        if posted {
            j.mark_posting(&id, "label", at).expect("posting");
        }
    };
    sent("a", "wakeUp", 5_000, true);
    sent("a", "state", 6_000, true);
    sent("a", "wakeUp", 500, true); // before `since`
    sent("a", "wakeUp", 7_000, false); // never posted
    sent("a", "locking", 7_000, true); // not a wake-up
    sent("b", "wakeUp", 8_000, true);
    let counts = j.wake_ups_by_vehicle("acct", 1_000).expect("counts");
    assert_eq!(counts.len(), 2);
    assert_eq!(counts["a"], 2);
    assert_eq!(counts["b"], 1);
    for vehicle in ["a", "b"] {
        let usage = j.vehicle_usage("acct", vehicle, 1_000).expect("usage");
        assert_eq!(usage.wake_ups, counts[vehicle], "{vehicle}");
    }
    assert!(
        j.wake_ups_by_vehicle("other", 0)
            .expect("counts")
            .is_empty()
    );
}
