//! Contract test: every request body the model can emit, with representative parameters, is
//! pinned by a snapshot and validates against the `Remote` schema of `data-treatment.yaml`.

mod spec;

use std::collections::BTreeSet;

use serde_json::{Value, json};
use stellantis::model::{CommandInput, Feature, RemoteCommand};
use stellantis::wire::request::remote_body;

/// A command built from its user-input form; the examples below must all be valid.
fn command(input: Value) -> RemoteCommand {
    let input: CommandInput = serde_json::from_value(input.clone())
        .unwrap_or_else(|e| panic!("{input} does not parse: {e}"));
    RemoteCommand::try_from(input).unwrap_or_else(|e| panic!("example is invalid: {e}"))
}

/// One representative of every body shape, named for its snapshot.
fn examples() -> Vec<(&'static str, RemoteCommand)> {
    let ten: Vec<Value> = (0..10)
        .map(|i| json!({ "latitude": 48.0 + f64::from(i) / 10.0, "longitude": 2.0 - f64::from(i) / 10.0 }))
        .collect();
    vec![
        (
            "charging_immediate_start",
            command(json!({ "feature": "charging", "immediate": true })),
        ),
        (
            "charging_immediate_stop",
            command(json!({ "feature": "charging", "immediate": false })),
        ),
        (
            "charging_deferred_at_until",
            command(json!({
                "feature": "charging",
                "deferred": { "startTime": "22:30", "endTime": "PT6H0M", "chargeToFull": false }
            })),
        ),
        (
            "charging_deferred_now",
            command(json!({ "feature": "charging", "deferred": { "immediate": true } })),
        ),
        (
            "charging_programs",
            command(json!({
                "feature": "charging",
                "programs": [
                    { "slot": 1, "start": "PT22H30M", "end": "06:00", "days": ["Mon", "Tue", "Fri"],
                      "enabled": true, "chargeToFull": false, "minChargingLevel": 20,
                      "maxChargingLevel": 80, "chargeType": "Cooperative" },
                    { "slot": 2, "actionsType": "Delete" }
                ]
            })),
        ),
        (
            "charging_settings_rate",
            command(
                json!({ "feature": "charging", "settings": { "chargePreferenceRate": "MedPlus" } }),
            ),
        ),
        (
            "charging_settings_limit",
            command(json!({ "feature": "charging", "settings": { "chargeLimit": "High" } })),
        ),
        (
            "stolen_state",
            command(json!({ "feature": "stolen", "state": true })),
        ),
        (
            "stolen_crank_inhibit",
            command(json!({ "feature": "stolen", "crankInhibit": true })),
        ),
        (
            "lights",
            command(json!({ "feature": "lights", "state": "Activated" })),
        ),
        (
            "preconditioning_immediate",
            command(json!({ "feature": "preconditioning", "immediate": true })),
        ),
        (
            "preconditioning_programs",
            command(json!({
                "feature": "preconditioning",
                "programs": [
                    { "slot": 4, "start": "07:00", "days": ["Mon", "Wed"], "enabled": true, "temp": 21.5 },
                    { "slot": 1, "start": "PT18H15M", "days": ["Sun"], "enabled": false },
                    { "slot": 2, "actionsType": "Delete" }
                ]
            })),
        ),
        (
            "preconditioning_settings",
            command(json!({
                "feature": "preconditioning",
                "settings": { "temp": 20, "mode": "Manual", "state": "Unactivated" }
            })),
        ),
        (
            "locking",
            command(json!({ "feature": "locking", "state": "Locked" })),
        ),
        (
            "horn",
            command(json!({ "feature": "horn", "state": "Activated" })),
        ),
        (
            "immobilization",
            command(json!({ "feature": "immobilization", "activate": true })),
        ),
        (
            "navigation_one",
            command(json!({
                "feature": "navigation",
                "positions": [{ "latitude": 48.8584, "longitude": 2.2945, "name": "Tour Eiffel" }]
            })),
        ),
        (
            "navigation_ten",
            command(json!({ "feature": "navigation", "positions": ten })),
        ),
        ("state", command(json!({ "feature": "state" }))),
        ("wake_up", command(json!({ "feature": "wakeUp" }))),
        (
            "vehicle_finder",
            command(json!({ "feature": "vehicleFinder" })),
        ),
        (
            "tan_suppress",
            command(json!({ "feature": "tan", "suppress": true, "duration": 5 })),
        ),
        (
            "tan_end_suppression",
            command(json!({ "feature": "tan", "suppress": false })),
        ),
        (
            "tan_confirm",
            command(json!({ "feature": "tan", "confirm": false })),
        ),
        (
            "onboard_personal_data",
            command(json!({ "feature": "onboardPersonalData" })),
        ),
    ]
}

#[test]
fn examples_cover_all_13_features() {
    let covered: BTreeSet<Feature> = examples().iter().map(|(_, c)| c.feature()).collect();
    let all: BTreeSet<Feature> = Feature::ALL.into_iter().collect();
    assert_eq!(covered, all);
}

#[test]
fn every_body_matches_its_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, cmd) in examples() {
            insta::assert_json_snapshot!(name, remote_body(&cmd, "car-remote-0001"));
        }
    });
}

#[test]
fn every_body_validates_against_the_remote_schema() {
    let Some(schema) = spec::RemoteSchema::load() else {
        return;
    };
    for (name, cmd) in examples() {
        let body = remote_body(&cmd, "car-remote-0001");
        let problems = schema.problems(&body);
        assert!(problems.is_empty(), "{name}: {problems:#?}\n{body:#}");
    }
}

#[test]
fn the_checker_catches_wrong_bodies() {
    // Proves the check above can fail: each mutation breaks one contract rule.
    let Some(schema) = spec::RemoteSchema::load() else {
        return;
    };
    let good = remote_body(&examples()[4].1, "l");
    let mut misspelled = good.clone();
    let program = &mut misspelled["action"]["charging"]["charge"]["programs"][0];
    let occurrence = program["occurrence"].take();
    program.as_object_mut().map(|p| p.remove("occurrence"));
    program["occurence"] = occurrence;
    let wrong = [
        ("misspelled occurrence", misspelled),
        ("no action", json!({ "label": "l" })),
        (
            "two actions",
            json!({ "action": { "horn": { "state": "Activated" }, "lights": { "state": "Activated" } } }),
        ),
        (
            "bad lock state",
            json!({ "action": { "locking": { "state": "Open" } } }),
        ),
        (
            "slot 3",
            json!({ "action": { "charging": { "charge": { "programs": [{ "slot": 3, "minChargingLevel": 0, "maxChargingLevel": 1 }] } } } }),
        ),
        (
            "tan duration 6",
            json!({ "action": { "tan": { "suppress": { "state": true, "duration": 6 } } } }),
        ),
        (
            "both stolen attributes",
            json!({ "action": { "stolen": { "state": true, "crankInhibit": { "activate": true } } } }),
        ),
        (
            "startTime with immediate",
            json!({ "action": { "charging": { "charge": { "deferred": { "start": { "immediate": true, "startTime": "PT1H0M" } } } } } }),
        ),
        (
            "lat/lon swapped out of range",
            json!({ "action": { "navigation": { "positions": [{ "type": "Feature", "geometry": { "type": "Point", "coordinates": [10.0, 120.0] } }] } } }),
        ),
    ];
    for (what, body) in wrong {
        assert!(
            !schema.problems(&body).is_empty(),
            "{what} was not caught: {body}"
        );
    }
}

#[test]
fn navigation_puts_longitude_first() {
    let body = remote_body(&examples()[16].1, "l");
    assert_eq!(
        body["action"]["navigation"]["positions"][0]["geometry"]["coordinates"],
        json!([2.2945, 48.8584])
    );
}

#[test]
fn state_sends_the_wakeup_body_and_finder_asks_for_the_position() {
    assert_eq!(
        remote_body(&RemoteCommand::State, "a")["action"],
        json!({ "wakeup": { "action": "Wakeup" } })
    );
    assert_eq!(
        remote_body(&RemoteCommand::State, "a"),
        remote_body(&RemoteCommand::WakeUp, "a")
    );
    let finder = remote_body(&RemoteCommand::VehicleFinder, "a");
    assert_eq!(finder["extendedEventParam"], json!(["vehicle.position"]));
    assert_eq!(finder["label"], json!("a"));
}
