//! One command's life in the journal: intent, POST, remote id, steps, end, and recovery's view.

mod fixture;

use car_remote_journal::{
    CommandStore, ErrorKind, Origin, Outcome, OutcomeRecord, Recorded, State, new_request_id,
    os_user,
};
use fixture::{TempJournal, command, end, step};
use serde_json::json;

#[test]
fn the_same_request_id_twice_is_one_command() {
    let temp = TempJournal::new();
    let first = temp
        .journal
        .record_intent(&command("r1", "VIN1", 1_000))
        .unwrap();
    assert!(first.is_new());
    assert_eq!(first.record().state, State::Intent);
    temp.journal
        .mark_posting("r1", "Lock doors", 1_001)
        .unwrap();

    // The CLI records the same press later: same command, nothing written, no second POST.
    let mut again = command("r1", "VIN1", 5_000);
    again.origin = Origin::Cli;
    again.sender = "bob".to_owned();
    let second = temp.journal.record_intent(&again).unwrap();
    let Recorded::Existing(existing) = second else {
        panic!("a second intent must not be new: {second:?}");
    };
    assert_eq!(existing.command.created_at, 1_000);
    assert_eq!(existing.command.origin, Origin::App);
    assert_eq!(existing.state, State::Posting);
    assert_eq!(temp.journal.history(&Default::default()).unwrap().total, 1);
}

#[test]
fn a_reused_request_id_for_another_command_is_refused() {
    let temp = TempJournal::new();
    temp.journal
        .record_intent(&command("r1", "VIN1", 1_000))
        .unwrap();
    let mut other = command("r1", "VIN1", 1_000);
    other.parameters = json!({ "action": "unlock" });
    let error = temp.journal.record_intent(&other).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");
    assert!(error.to_string().contains("new request id"), "{error}");
    let kept = temp.journal.get("r1").unwrap().unwrap();
    assert_eq!(kept.command.parameters, json!({ "action": "lock" }));
}

#[test]
fn a_post_is_marked_once_and_never_after_an_end() {
    let temp = TempJournal::new();
    for id in ["twice", "ended"] {
        temp.journal.record_intent(&command(id, "VIN1", 0)).unwrap();
    }
    temp.journal.mark_posting("twice", "Lock", 10).unwrap();
    let error = temp.journal.mark_posting("twice", "Lock", 20).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");
    let record = temp.journal.get("twice").unwrap().unwrap();
    assert_eq!((record.state, record.posted_at), (State::Posting, Some(10)));

    // Recovery gave up on an unsent intent; the front end that recorded it must not send now.
    temp.journal
        .finish("ended", &end(30, Outcome::NotSent))
        .unwrap();
    let error = temp.journal.mark_posting("ended", "Lock", 40).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");
    assert!(error.to_string().contains("notSent"), "{error}");
}

#[test]
fn the_remote_id_moves_the_command_to_accepted() {
    let temp = TempJournal::new();
    temp.journal
        .record_intent(&command("r1", "VIN1", 0))
        .unwrap();
    temp.journal.mark_posting("r1", "Lock", 1).unwrap();
    temp.journal.set_remote_id("r1", "remote-1").unwrap();
    temp.journal.set_remote_id("r1", "remote-1").unwrap();
    let record = temp.journal.get("r1").unwrap().unwrap();
    assert_eq!(record.state, State::Accepted);
    assert_eq!(record.remote_action_id.as_deref(), Some("remote-1"));
    let error = temp.journal.set_remote_id("r1", "remote-2").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");
}

#[test]
fn steps_come_back_in_the_order_they_were_appended() {
    let temp = TempJournal::new();
    temp.journal
        .record_intent(&command("r1", "VIN1", 0))
        .unwrap();
    // Times out of order on purpose: a webhook can report an earlier time after a poll.
    let codes = [
        ("queued", 5),
        ("sent", 3),
        ("pending", 9),
        ("unknown", 7),
        ("done", 8),
    ];
    for (code, at) in codes {
        temp.journal
            .append_step("r1", &step(at, code, Some("WakingUpVehicle")))
            .unwrap();
    }
    let record = temp.journal.get("r1").unwrap().unwrap();
    let got: Vec<_> = record
        .steps
        .iter()
        .map(|s| (s.code.as_str(), s.at))
        .collect();
    assert_eq!(got, codes);
    assert_eq!(record.steps[0].status.as_deref(), Some("WakingUpVehicle"));
}

#[test]
fn the_first_end_stays_unless_it_was_unsettled() {
    let temp = TempJournal::new();
    for id in ["settled", "unknown"] {
        temp.journal.record_intent(&command(id, "VIN1", 0)).unwrap();
    }
    let success = OutcomeRecord {
        status: Some("Success".to_owned()),
        message: Some("Doors locked".to_owned()),
        ..end(10, Outcome::Success)
    };
    temp.journal.finish("settled", &success).unwrap();
    temp.journal
        .finish("settled", &end(20, Outcome::Failed))
        .unwrap();
    let record = temp.journal.get("settled").unwrap().unwrap();
    assert_eq!(record.end.as_ref(), Some(&success));
    assert_eq!(record.state, State::Ended);

    temp.journal
        .finish("unknown", &end(10, Outcome::Unsettled))
        .unwrap();
    temp.journal
        .finish("unknown", &end(15, Outcome::Unsettled))
        .unwrap();
    assert_eq!(
        temp.journal
            .get("unknown")
            .unwrap()
            .unwrap()
            .end
            .unwrap()
            .at,
        10
    );
    temp.journal
        .finish("unknown", &end(30, Outcome::AlreadyDone))
        .unwrap();
    temp.journal
        .finish("unknown", &end(40, Outcome::Failed))
        .unwrap();
    let settled = temp.journal.get("unknown").unwrap().unwrap().end.unwrap();
    assert_eq!((settled.outcome, settled.at), (Outcome::AlreadyDone, 30));
}

#[test]
fn unfinished_lists_what_recovery_follows_oldest_first() {
    let temp = TempJournal::new();
    for (id, at) in [("c", 300), ("a", 100), ("d", 400), ("b", 200), ("e", 500)] {
        temp.journal
            .record_intent(&command(id, "VIN1", at))
            .unwrap();
    }
    temp.journal.mark_posting("b", "Lock", 201).unwrap();
    temp.journal
        .finish("c", &end(301, Outcome::Success))
        .unwrap();
    temp.journal
        .finish("d", &end(401, Outcome::Unsettled))
        .unwrap();
    temp.journal
        .finish("e", &end(501, Outcome::Unsettled))
        .unwrap();
    temp.journal
        .finish("e", &end(502, Outcome::Rejected))
        .unwrap();
    let open = temp.journal.unfinished().unwrap();
    let ids: Vec<_> = open.iter().map(|r| r.command.request_id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "d"]);
    assert!(open.iter().all(|record| record.is_unfinished()));
    assert_eq!(open[0].state, State::Intent, "never sent");
    assert_eq!(open[1].state, State::Posting, "may have reached the server");
}

#[test]
fn unknown_request_ids_are_not_found() {
    let temp = TempJournal::new();
    assert!(temp.journal.get("nope").unwrap().is_none());
    let errors = [
        temp.journal.mark_posting("nope", "Lock", 0).unwrap_err(),
        temp.journal.set_remote_id("nope", "remote").unwrap_err(),
        temp.journal
            .append_step("nope", &step(0, "sent", None))
            .unwrap_err(),
        temp.journal
            .finish("nope", &end(0, Outcome::Success))
            .unwrap_err(),
    ];
    for error in errors {
        assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
        assert!(error.to_string().contains("nope"), "{error}");
    }
}

#[test]
fn an_unusable_request_id_is_refused_not_stored() {
    let temp = TempJournal::new();
    for id in [String::new(), "x".repeat(1_000)] {
        let error = temp
            .journal
            .record_intent(&command(&id, "VIN1", 0))
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Invalid, "{error}");
    }
    assert_eq!(temp.journal.history(&Default::default()).unwrap().total, 0);
}

#[test]
fn a_record_serialises_in_camel_case_for_the_page() {
    let temp = TempJournal::new();
    let recorded = temp
        .journal
        .record_intent(&command("r1", "VIN1", 7))
        .unwrap();
    let json = serde_json::to_value(&recorded).unwrap();
    assert_eq!(json["recorded"], "new");
    assert_eq!(json["command"]["requestId"], "r1");
    assert_eq!(json["command"]["vehicleId"], "VIN1");
    assert_eq!(json["command"]["createdAt"], 7);
    assert_eq!(json["command"]["origin"], "app");
    assert_eq!(json["command"]["state"], "intent");
    assert!(json["command"]["end"].is_null());
}

#[test]
fn request_ids_are_fresh_and_the_sender_has_a_name() {
    let (a, b) = (new_request_id(), new_request_id());
    assert_ne!(a, b);
    assert_eq!(a.len(), 36);
    assert!(!os_user().is_empty());
}
