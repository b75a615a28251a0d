//! Property tests: random user input either builds a command whose JSON validates against the
//! `Remote` schema (and survives a round trip through its input form), or returns an
//! `InvalidInput` naming the field; never a panic.

mod spec;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use stellantis::model::{
    ChargeSettingsInput, ChargingProgramInput, CommandInput, DeferredInput, Feature, InvalidInput,
    PreconditioningProgramInput, PreconditioningSettingsInput, RemoteCommand, WaypointInput,
};
use stellantis::wire::request::remote_body;

static SCHEMA: LazyLock<Option<spec::RemoteSchema>> = LazyLock::new(spec::RemoteSchema::load);

const DAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "mon"];

/// Mostly one of the valid words, sometimes junk.
fn word(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(valid).prop_map(str::to_owned),
        1 => "[a-zA-Z]{0,8}",
        1 => any::<String>(),
    ]
}

fn maybe<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::weighted(0.6, s)
}

fn time() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0..=25i64, 0..=61i64).prop_map(|(h, m)| format!("{h:02}:{m:02}")),
        3 => (0..=25i64, 0..=61i64).prop_map(|(h, m)| format!("PT{h}H{m}M")),
        1 => ".{0,10}",
    ]
}

fn number(low: i64, high: i64) -> impl Strategy<Value = i64> {
    prop_oneof![6 => (low - 3)..=(high + 3), 1 => any::<i64>()]
}

fn degrees(limit: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => (-limit - 5.0)..=(limit + 5.0),
        1 => Just(limit),
        1 => Just(-limit),
        1 => any::<f64>(),
    ]
}

fn days() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(word(DAYS), 0..8)
}

fn charging_program() -> impl Strategy<Value = ChargingProgramInput> {
    (
        number(1, 2),
        maybe(word(&["Set", "Delete"])),
        maybe(time()),
        maybe(time()),
        maybe(days()),
        maybe(any::<bool>()),
        maybe(any::<bool>()),
        maybe(number(0, 50)),
        maybe(number(0, 100)),
        maybe(word(&["Regular", "Cooperative"])),
    )
        .prop_map(
            |(
                slot,
                actions_type,
                start,
                end,
                days,
                enabled,
                charge_to_full,
                min,
                max,
                charge_type,
            )| {
                ChargingProgramInput {
                    slot,
                    actions_type,
                    start,
                    end,
                    days,
                    enabled,
                    charge_to_full,
                    min_charging_level: min,
                    max_charging_level: max,
                    charge_type,
                }
            },
        )
}

fn preconditioning_program() -> impl Strategy<Value = PreconditioningProgramInput> {
    (
        number(1, 4),
        maybe(word(&["Set", "Delete"])),
        maybe(time()),
        maybe(days()),
        maybe(any::<bool>()),
        maybe(degrees(40.0)),
    )
        .prop_map(|(slot, actions_type, start, days, enabled, temp)| {
            PreconditioningProgramInput {
                slot,
                actions_type,
                start,
                days,
                enabled,
                temp,
            }
        })
}

fn waypoint() -> impl Strategy<Value = WaypointInput> {
    (
        degrees(90.0),
        degrees(180.0),
        maybe(prop_oneof![3 => "[A-Za-z ]{1,20}", 1 => any::<String>()]),
    )
        .prop_map(|(latitude, longitude, name)| WaypointInput {
            latitude,
            longitude,
            name,
        })
}

const STATES: &[&str] = &["Activated", "Unactivated"];

fn deferred() -> impl Strategy<Value = DeferredInput> {
    (
        maybe(any::<bool>()),
        maybe(time()),
        maybe(time()),
        maybe(any::<bool>()),
    )
        .prop_map(
            |(immediate, start_time, end_time, charge_to_full)| DeferredInput {
                immediate,
                start_time,
                end_time,
                charge_to_full,
            },
        )
}

fn charge_settings() -> impl Strategy<Value = ChargeSettingsInput> {
    (
        maybe(word(&["Low", "LowPlus", "Med", "MedPlus", "High"])),
        maybe(word(&["MedPlus", "High"])),
    )
        .prop_map(
            |(charge_preference_rate, charge_limit)| ChargeSettingsInput {
                charge_preference_rate,
                charge_limit,
            },
        )
}

fn preconditioning_settings() -> impl Strategy<Value = PreconditioningSettingsInput> {
    (
        degrees(40.0),
        maybe(word(&["Auto", "Manual"])),
        maybe(word(STATES)),
    )
        .prop_map(|(temp, mode, state)| PreconditioningSettingsInput { temp, mode, state })
}

fn charging_of(
    immediate: Option<bool>,
    deferred: Option<DeferredInput>,
    programs: Option<Vec<ChargingProgramInput>>,
    settings: Option<ChargeSettingsInput>,
) -> CommandInput {
    CommandInput::Charging {
        immediate,
        deferred,
        programs,
        settings,
    }
}

fn charging() -> impl Strategy<Value = CommandInput> {
    prop_oneof![
        // Any mix of the four parts: mostly "not exactly one".
        (
            maybe(any::<bool>()),
            maybe(deferred()),
            maybe(proptest::collection::vec(charging_program(), 0..4)),
            maybe(charge_settings()),
        )
            .prop_map(|(i, d, p, s)| charging_of(i, d, p, s)),
        // Exactly one part, so the inner checks get exercised.
        any::<bool>().prop_map(|now| charging_of(Some(now), None, None, None)),
        deferred().prop_map(|d| charging_of(None, Some(d), None, None)),
        proptest::collection::vec(charging_program(), 0..4).prop_map(|p| charging_of(
            None,
            None,
            Some(p),
            None
        )),
        charge_settings().prop_map(|s| charging_of(None, None, None, Some(s))),
    ]
}

fn preconditioning_of(
    immediate: Option<bool>,
    programs: Option<Vec<PreconditioningProgramInput>>,
    settings: Option<PreconditioningSettingsInput>,
) -> CommandInput {
    CommandInput::Preconditioning {
        immediate,
        programs,
        settings,
    }
}

fn preconditioning() -> impl Strategy<Value = CommandInput> {
    prop_oneof![
        (
            maybe(any::<bool>()),
            maybe(proptest::collection::vec(preconditioning_program(), 0..6)),
            maybe(preconditioning_settings()),
        )
            .prop_map(|(i, p, s)| preconditioning_of(i, p, s)),
        any::<bool>().prop_map(|now| preconditioning_of(Some(now), None, None)),
        proptest::collection::vec(preconditioning_program(), 0..6)
            .prop_map(|p| preconditioning_of(None, Some(p), None)),
        preconditioning_settings().prop_map(|s| preconditioning_of(None, None, Some(s))),
    ]
}

fn command_input() -> impl Strategy<Value = CommandInput> {
    prop_oneof![
        4 => charging(),
        1 => (maybe(any::<bool>()), maybe(any::<bool>())).prop_map(|(state, crank_inhibit)| CommandInput::Stolen { state, crank_inhibit }),
        1 => word(STATES).prop_map(|state| CommandInput::Lights { state }),
        3 => preconditioning(),
        1 => word(&["Locked", "Unlocked"]).prop_map(|state| CommandInput::Locking { state }),
        1 => word(STATES).prop_map(|state| CommandInput::Horn { state }),
        1 => any::<bool>().prop_map(|activate| CommandInput::Immobilization { activate }),
        2 => proptest::collection::vec(waypoint(), 0..13).prop_map(|positions| CommandInput::Navigation { positions }),
        1 => Just(CommandInput::State),
        1 => Just(CommandInput::WakeUp),
        1 => Just(CommandInput::VehicleFinder),
        2 => (maybe(any::<bool>()), maybe(number(0, 5)), maybe(any::<bool>()))
            .prop_map(|(suppress, duration, confirm)| CommandInput::Tan { suppress, duration, confirm }),
        1 => Just(CommandInput::OnboardPersonalData),
    ]
}

/// The feature an input is tagged with, read through its serde tag.
fn tagged_feature(input: &CommandInput) -> Feature {
    let tag = serde_json::to_value(input).expect("input serializes")["feature"].clone();
    serde_json::from_value(tag).expect("the tag is a feature name")
}

/// What must hold for every input; returns whether a command was built.
fn check(input: CommandInput) -> Result<bool, TestCaseError> {
    let feature = tagged_feature(&input);
    match RemoteCommand::try_from(input) {
        Ok(cmd) => {
            prop_assert_eq!(cmd.feature(), feature);
            let body = remote_body(&cmd, "prop");
            prop_assert!(
                spec::contract_rules(&body).is_empty(),
                "{:?}",
                spec::contract_rules(&body)
            );
            if let Some(schema) = SCHEMA.as_ref() {
                let problems = schema.problems(&body);
                prop_assert!(problems.is_empty(), "{problems:#?}\n{body:#}");
            }
            // The plain form of a command survives JSON and builds the same command again.
            let plain = CommandInput::from(&cmd);
            let json = serde_json::to_value(&plain).expect("input serializes");
            let back: CommandInput = serde_json::from_value(json).expect("input deserializes");
            prop_assert_eq!(RemoteCommand::try_from(back), Ok(cmd));
            Ok(true)
        }
        Err(InvalidInput {
            field,
            allowed,
            got,
        }) => {
            prop_assert!(!field.is_empty() && !allowed.is_empty() && !got.is_empty());
            Ok(false)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_input_builds_a_valid_command_or_names_the_field(input in command_input()) {
        check(input)?;
    }

    #[test]
    fn random_json_never_panics(json in json_value()) {
        // Whatever arrives from the UI: either a deserialization error, or the checks above.
        if let Ok(input) = serde_json::from_value::<CommandInput>(json) {
            check(input)?;
        }
    }
}

/// JSON objects shaped like inputs: a feature tag and a few plausible fields.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        (-200i64..200).prop_map(serde_json::Value::from),
        (-200.0f64..200.0).prop_map(serde_json::Value::from),
        word(&["Locked", "Activated", "Mon", "PT7H0M", "Delete"]).prop_map(serde_json::Value::from),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                word(&[
                    "slot",
                    "start",
                    "days",
                    "latitude",
                    "longitude",
                    "temp",
                    "immediate",
                    "state",
                    "startTime"
                ]),
                inner,
                0..4
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    let keys = word(&[
        "immediate",
        "state",
        "crankInhibit",
        "positions",
        "programs",
        "settings",
        "suppress",
        "duration",
        "confirm",
        "activate",
        "deferred",
    ]);
    (
        word(&[
            "charging",
            "stolen",
            "lights",
            "preconditioning",
            "locking",
            "horn",
            "immobilization",
            "navigation",
            "state",
            "wakeUp",
            "vehicleFinder",
            "tan",
            "onboardPersonalData",
        ]),
        proptest::collection::btree_map(keys, value, 0..4),
    )
        .prop_map(|(feature, fields)| {
            let mut object: serde_json::Map<String, serde_json::Value> =
                fields.into_iter().collect();
            object.insert("feature".to_owned(), feature.into());
            serde_json::Value::Object(object)
        })
}

#[test]
fn the_generator_builds_valid_commands_of_every_feature() {
    // Without this the property above could pass by rejecting everything.
    let mut runner = TestRunner::deterministic();
    let strategy = command_input();
    let mut built: BTreeMap<Feature, usize> = BTreeMap::new();
    let mut rejected = 0usize;
    for _ in 0..3000 {
        let input = strategy.new_tree(&mut runner).expect("a value").current();
        let feature = tagged_feature(&input);
        match check(input) {
            Ok(true) => *built.entry(feature).or_default() += 1,
            Ok(false) => rejected += 1,
            Err(failure) => panic!("{failure}"),
        }
    }
    println!("built per feature: {built:?}; rejected: {rejected}");
    for feature in Feature::ALL {
        assert!(
            built.get(&feature).copied().unwrap_or(0) > 0,
            "no valid {feature} was generated"
        );
    }
    assert!(rejected > 0, "no invalid input was generated");
}
