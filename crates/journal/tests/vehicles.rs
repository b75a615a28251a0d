//! The vehicle cache and the per-vehicle usage queries, on a real SQLite file.

mod fixture;

use car_remote_journal::{
    CommandStore, Journal, Outcome, Suppression, Switch, VehicleCache, VehicleUsage, month_start,
};
use fixture::{TempJournal, command, end};
use serde_json::{Value, json};

#[test]
fn states_and_capabilities_are_kept_per_account_and_survive_a_reopen() {
    let temp = TempJournal::new();
    let states: Vec<(String, Value)> = (0..3)
        .map(|i| (format!("veh-{i}"), json!({"lock": "locked", "n": i})))
        .collect();
    temp.journal.store_states("acct-a", &states, 1_000).unwrap();
    temp.journal
        .store_states("acct-b", &states[..1], 2_000)
        .unwrap();
    // A newer reading replaces the older one; the capability is kept beside it.
    temp.journal
        .store_capability("acct-a", "veh-1", &json!({"horn": true}), 1_500)
        .unwrap();
    temp.journal
        .store_states(
            "acct-a",
            &[("veh-1".into(), json!({"lock": "unlocked"}))],
            3_000,
        )
        .unwrap();
    drop(temp.journal);

    let journal = Journal::open(temp.dir.path().join("journal.sqlite3")).unwrap();
    let mut a = journal.cached_states("acct-a").unwrap();
    a.sort_by(|x, y| x.vehicle_id.cmp(&y.vehicle_id));
    assert_eq!(a.len(), 3);
    assert_eq!(a[1].value, json!({"lock": "unlocked"}));
    assert_eq!(a[1].at, 3_000);
    assert_eq!(a[2].value["n"], 2);
    assert_eq!(journal.cached_states("acct-b").unwrap().len(), 1);
    assert!(journal.cached_states("nobody").unwrap().is_empty());
    let one = journal.cached_state("acct-b", "veh-0").unwrap().unwrap();
    assert_eq!((one.value["n"].clone(), one.at), (json!(0), 2_000));
    assert_eq!(journal.cached_state("acct-b", "veh-1").unwrap(), None);

    let capability = journal
        .cached_capability("acct-a", "veh-1")
        .unwrap()
        .unwrap();
    assert_eq!(
        (capability.value, capability.at),
        (json!({"horn": true}), 1_500)
    );
    assert_eq!(journal.cached_capability("acct-a", "veh-0").unwrap(), None);
    assert_eq!(journal.cached_capabilities("acct-a").unwrap().len(), 1);
    // A capability stored first, the state after: one row, both kept.
    journal
        .store_capability("acct-b", "veh-9", &json!({"door": false}), 10)
        .unwrap();
    assert_eq!(journal.cached_state("acct-b", "veh-9").unwrap(), None);
    assert_eq!(journal.cached_states("acct-b").unwrap().len(), 1);
}

#[test]
fn ten_thousand_states_are_stored_and_read_in_one_go() {
    let temp = TempJournal::new();
    let states: Vec<(String, Value)> = (0..10_000)
        .map(|i| (format!("veh-{i}"), json!({"batteryPercent": i % 100})))
        .collect();
    temp.journal.store_states("demo", &states, 5).unwrap();
    assert_eq!(temp.journal.cached_states("demo").unwrap().len(), 10_000);
    // The same, as the text stored, for a caller that reads only a part of each.
    let texts = temp.journal.cached_state_texts("demo").unwrap();
    assert_eq!(texts.len(), 10_000);
    let (id, text) = texts.iter().find(|(id, _)| id == "veh-42").unwrap();
    assert_eq!(
        (id.as_str(), serde_json::from_str::<Value>(text).unwrap()),
        ("veh-42", json!({"batteryPercent": 42}))
    );
    assert!(
        temp.journal
            .cached_capability_texts("demo")
            .unwrap()
            .is_empty()
    );
    temp.journal
        .store_capability("demo", "veh-1", &json!({"door": true}), 6)
        .unwrap();
    assert_eq!(
        temp.journal.cached_capability_texts("demo").unwrap(),
        [("veh-1".to_owned(), r#"{"door":true}"#.to_owned())]
    );
    assert!(temp.journal.cached_state_texts("other").unwrap().is_empty());
}

/// Records a command of `feature` with `parameters` on `vehicle`, posted at `at` and ended
/// with `outcome` a second later (or not ended when `None`).
fn sent(
    journal: &Journal,
    id: &str,
    vehicle: &str,
    feature: &str,
    parameters: Value,
    at: i64,
    outcome: Option<Outcome>,
) {
    let mut new = command(id, vehicle, at);
    new.feature = feature.to_owned();
    new.parameters = parameters;
    journal.record_intent(&new).unwrap();
    journal
        .mark_posting(id, &format!("car-remote-{id}"), at)
        .unwrap();
    if let Some(outcome) = outcome {
        journal.finish(id, &end(at + 1_000, outcome)).unwrap();
    }
}

#[test]
fn usage_counts_posted_wake_ups_and_reads_the_last_successful_switches() {
    let temp = TempJournal::new();
    let j = &temp.journal;
    let wake = json!({"feature": "wakeUp"});
    let state = json!({"feature": "state"});
    // Before the month: not counted. A wake-up and a state refresh posted in it: counted,
    // whatever their outcome. One only recorded (never posted): not counted.
    sent(
        j,
        "w0",
        "v1",
        "wakeUp",
        wake.clone(),
        500,
        Some(Outcome::Success),
    );
    sent(
        j,
        "w1",
        "v1",
        "wakeUp",
        wake.clone(),
        2_000,
        Some(Outcome::Failed),
    );
    sent(j, "w2", "v1", "state", state, 3_000, None);
    let mut unsent = command("w3", "v1", 4_000);
    unsent.feature = "wakeUp".into();
    j.record_intent(&unsent).unwrap();
    sent(j, "w4", "v2", "wakeUp", wake, 2_500, Some(Outcome::Success));

    let immobilize = |on: bool| json!({"feature": "immobilization", "activate": on});
    sent(
        j,
        "i1",
        "v1",
        "immobilization",
        immobilize(true),
        5_000,
        Some(Outcome::Success),
    );
    // A later release that failed leaves the vehicle immobilized.
    sent(
        j,
        "i2",
        "v1",
        "immobilization",
        immobilize(false),
        6_000,
        Some(Outcome::Failed),
    );
    sent(
        j,
        "s1",
        "v1",
        "stolen",
        json!({"feature": "stolen", "state": true}),
        7_000,
        Some(Outcome::AlreadyDone),
    );
    sent(
        j,
        "c1",
        "v1",
        "stolen",
        json!({"feature": "stolen", "crankInhibit": false}),
        8_000,
        Some(Outcome::Success),
    );
    sent(
        j,
        "t1",
        "v1",
        "tan",
        json!({"feature": "tan", "suppress": true, "duration": 4}),
        9_000,
        Some(Outcome::Success),
    );
    // A theft confirmation is no suppression.
    sent(
        j,
        "t2",
        "v1",
        "tan",
        json!({"feature": "tan", "confirm": false}),
        9_500,
        Some(Outcome::Success),
    );

    let usage = j.vehicle_usage("client-123", "v1", 1_000).unwrap();
    assert_eq!(
        usage,
        VehicleUsage {
            wake_ups: 2,
            immobilized: Some(Switch {
                on: true,
                at: 6_000
            }),
            stolen: Some(Switch {
                on: true,
                at: 8_000
            }),
            crank_inhibit: Some(Switch {
                on: false,
                at: 9_000
            }),
            theft_alerts: Some(Suppression {
                suppressed_until: Some(10_000 + 72 * 3_600_000),
                at: 10_000
            }),
        }
    );
    assert_eq!(j.vehicle_usage("client-123", "v1", 0).unwrap().wake_ups, 3);
    sent(
        j,
        "i3",
        "v2",
        "immobilization",
        immobilize(true),
        5_000,
        Some(Outcome::Success),
    );
    sent(
        j,
        "i4",
        "v2",
        "immobilization",
        immobilize(false),
        5_500,
        Some(Outcome::AlreadyDone),
    );
    sent(
        j,
        "i5",
        "v3",
        "immobilization",
        immobilize(true),
        5_000,
        Some(Outcome::Rejected),
    );
    assert_eq!(j.immobilized_vehicles("client-123").unwrap(), ["v1"]);
    assert!(j.immobilized_vehicles("other").unwrap().is_empty());
    assert_eq!(j.vehicle_usage("client-123", "v2", 0).unwrap().wake_ups, 1);
    // Another account's journal rows are not this one's.
    assert_eq!(
        j.vehicle_usage("other", "v1", 0).unwrap(),
        VehicleUsage::default()
    );

    sent(
        j,
        "t3",
        "v1",
        "tan",
        json!({"feature": "tan", "suppress": false}),
        20_000,
        Some(Outcome::Success),
    );
    let ended = j.vehicle_usage("client-123", "v1", 0).unwrap().theft_alerts;
    assert_eq!(
        ended,
        Some(Suppression {
            suppressed_until: None,
            at: 21_000
        })
    );
}

#[test]
fn the_month_starts_on_the_first_at_midnight_utc() {
    // 2026-11-26T05:00:00Z -> 2026-11-01T00:00:00Z.
    assert_eq!(month_start(1_795_669_200_000), 1_793_491_200_000);
    assert_eq!(month_start(1_793_491_200_000), 1_793_491_200_000);
    assert_eq!(month_start(0), 0);
}
