//! The one door from a [`CommandInput`] to a checked [`RemoteCommand`] (`RemoteCommand::try_from`),
//! and [`CommandInput::from_json`]: every error is an [`InvalidInput`] naming the field at fault.

use crate::model::{
    Activation, ChargeLimit, ChargeRate, ChargeSettings, ChargingAction, ChargingPrograms,
    DeferredCharge, DeferredEnd, DeferredStart, InvalidInput, Latitude, LockState, Longitude,
    PreconditioningAction, PreconditioningMode, PreconditioningPrograms, PreconditioningSettings,
    RemoteCommand, StolenAction, TanAction, TanDuration, Temperature, TimeOfDay, Waypoint,
    Waypoints,
};

use super::form::{
    ChargeSettingsInput, CommandInput, DeferredInput, PreconditioningSettingsInput, WaypointInput,
};
use super::program::{charging_program, preconditioning_program};

impl CommandInput {
    /// Reads a command from JSON as a front end sends it (`{"feature":"locking",...}`); a wrong
    /// shape is an [`InvalidInput`] naming the field at fault where the JSON says which.
    pub fn from_json(value: serde_json::Value) -> Result<Self, InvalidInput> {
        serde_json::from_value(value).map_err(|error| {
            let message = error.to_string();
            // serde names the field in backquotes: "unknown field `x`", "missing field `state`".
            let field = message
                .split_once("field `")
                .and_then(|(_, rest)| rest.split_once('`'))
                .map_or("feature", |(name, _)| name)
                .to_owned();
            InvalidInput::new(
                field,
                "a command as the feature list describes it, e.g. {\"feature\":\"locking\",\"state\":\"Locked\"}",
                message,
            )
        })
    }
}

impl TryFrom<CommandInput> for RemoteCommand {
    type Error = InvalidInput;

    fn try_from(input: CommandInput) -> Result<Self, InvalidInput> {
        Ok(match input {
            CommandInput::Charging {
                immediate,
                deferred,
                programs,
                settings,
            } => {
                let given = [
                    ("immediate", immediate.is_some()),
                    ("deferred", deferred.is_some()),
                    ("programs", programs.is_some()),
                    ("settings", settings.is_some()),
                ];
                exactly_one("charging", &given)?;
                RemoteCommand::Charging(if let Some(now) = immediate {
                    ChargingAction::Immediate(now)
                } else if let Some(deferred) = deferred {
                    ChargingAction::Deferred(deferred_charge(deferred)?)
                } else if let Some(settings) = settings {
                    ChargingAction::Settings(charge_settings(settings)?)
                } else {
                    let built = each("programs", programs.unwrap_or_default(), charging_program)?;
                    ChargingAction::Programs(ChargingPrograms::new(built)?)
                })
            }
            CommandInput::Stolen {
                state,
                crank_inhibit,
            } => match (state, crank_inhibit) {
                (Some(stolen), None) => RemoteCommand::Stolen(StolenAction::Declare(stolen)),
                (None, Some(inhibit)) => RemoteCommand::Stolen(StolenAction::CrankInhibit(inhibit)),
                (state, inhibit) => {
                    return Err(not_exactly_one(
                        "stolen",
                        &[
                            ("state", state.is_some()),
                            ("crankInhibit", inhibit.is_some()),
                        ],
                    ));
                }
            },
            CommandInput::Lights { state } => {
                RemoteCommand::Lights(Activation::parse("state", &state)?)
            }
            CommandInput::Preconditioning {
                immediate,
                programs,
                settings,
            } => {
                let given = [
                    ("immediate", immediate.is_some()),
                    ("programs", programs.is_some()),
                    ("settings", settings.is_some()),
                ];
                exactly_one("preconditioning", &given)?;
                RemoteCommand::Preconditioning(if let Some(now) = immediate {
                    PreconditioningAction::Immediate(now)
                } else if let Some(settings) = settings {
                    PreconditioningAction::Settings(
                        preconditioning_settings(settings).map_err(|e| e.within("settings"))?,
                    )
                } else {
                    let built = each(
                        "programs",
                        programs.unwrap_or_default(),
                        preconditioning_program,
                    )?;
                    PreconditioningAction::Programs(PreconditioningPrograms::new(built)?)
                })
            }
            CommandInput::Locking { state } => {
                RemoteCommand::Locking(LockState::parse("state", &state)?)
            }
            CommandInput::Horn { state } => {
                RemoteCommand::Horn(Activation::parse("state", &state)?)
            }
            CommandInput::Immobilization { activate } => RemoteCommand::Immobilization(activate),
            CommandInput::Navigation { positions } => {
                let points = each("positions", positions, waypoint)?;
                RemoteCommand::Navigation(Waypoints::new(points)?)
            }
            CommandInput::State => RemoteCommand::State,
            CommandInput::WakeUp => RemoteCommand::WakeUp,
            CommandInput::VehicleFinder => RemoteCommand::VehicleFinder,
            CommandInput::Tan {
                suppress,
                duration,
                confirm,
            } => RemoteCommand::Tan(tan(suppress, duration, confirm)?),
            CommandInput::OnboardPersonalData => RemoteCommand::OnboardPersonalData,
        })
    }
}

/// Builds each item of the list `field`; an error names the item (`programs[1].slot`).
fn each<I, T>(
    field: &str,
    items: Vec<I>,
    build: fn(I) -> Result<T, InvalidInput>,
) -> Result<Vec<T>, InvalidInput> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| build(item).map_err(|e| e.within(&format!("{field}[{i}]"))))
        .collect()
}

/// Checks that exactly one of the named parts was given.
fn exactly_one(what: &str, given: &[(&str, bool)]) -> Result<(), InvalidInput> {
    if given.iter().filter(|(_, present)| *present).count() == 1 {
        Ok(())
    } else {
        Err(not_exactly_one(what, given))
    }
}

/// The error for "not exactly one of these parts", naming what was given.
fn not_exactly_one(what: &str, given: &[(&str, bool)]) -> InvalidInput {
    let present: Vec<&str> = given.iter().filter(|(_, g)| *g).map(|(n, _)| *n).collect();
    let names: Vec<&str> = given.iter().map(|(n, _)| *n).collect();
    InvalidInput::new(
        what,
        format!("exactly one of {} per command", names.join(", ")),
        if present.is_empty() {
            "none".to_owned()
        } else {
            present.join(" and ")
        },
    )
}

fn deferred_charge(input: DeferredInput) -> Result<DeferredCharge, InvalidInput> {
    let start = match (input.immediate, input.start_time) {
        (Some(true), Some(time)) => {
            return Err(InvalidInput::new(
                "deferred.startTime",
                "no startTime when deferred.immediate is true (the API refuses both together)",
                format!("{time:?}"),
            ));
        }
        (Some(true), None) => DeferredStart::Now,
        (_, Some(time)) => DeferredStart::At(TimeOfDay::parse("deferred.startTime", &time)?),
        (_, None) => {
            return Err(InvalidInput::new(
                "deferred.startTime",
                format!("{}, or deferred.immediate = true", TimeOfDay::ALLOWED),
                "nothing",
            ));
        }
    };
    let end = match (input.end_time, input.charge_to_full) {
        (Some(time), full) => Some(DeferredEnd {
            end_time: TimeOfDay::parse("deferred.endTime", &time)?,
            charge_to_full: full.unwrap_or(false),
        }),
        (None, None) => None,
        (None, Some(full)) => {
            return Err(InvalidInput::new(
                "deferred.endTime",
                format!("{} when deferred.chargeToFull is given", TimeOfDay::ALLOWED),
                format!("chargeToFull = {full} without endTime"),
            ));
        }
    };
    Ok(DeferredCharge { start, end })
}

fn charge_settings(input: ChargeSettingsInput) -> Result<ChargeSettings, InvalidInput> {
    match (input.charge_preference_rate, input.charge_limit) {
        (Some(rate), None) => Ok(ChargeSettings::PreferenceRate(ChargeRate::parse(
            "settings.chargePreferenceRate",
            &rate,
        )?)),
        (None, Some(limit)) => Ok(ChargeSettings::Limit(ChargeLimit::parse(
            "settings.chargeLimit",
            &limit,
        )?)),
        (rate, limit) => Err(not_exactly_one(
            "settings",
            &[
                ("chargePreferenceRate", rate.is_some()),
                ("chargeLimit", limit.is_some()),
            ],
        )),
    }
}

fn preconditioning_settings(
    input: PreconditioningSettingsInput,
) -> Result<PreconditioningSettings, InvalidInput> {
    Ok(PreconditioningSettings {
        temperature: Temperature::new(input.temp)?,
        mode: input
            .mode
            .map(|text| PreconditioningMode::parse("mode", &text))
            .transpose()?
            .unwrap_or(PreconditioningMode::Auto),
        state: input
            .state
            .map(|text| Activation::parse("state", &text))
            .transpose()?
            .unwrap_or(Activation::Activated),
    })
}

fn waypoint(input: WaypointInput) -> Result<Waypoint, InvalidInput> {
    let point = Waypoint::new(
        Latitude::new(input.latitude)?,
        Longitude::new(input.longitude)?,
    );
    match input.name {
        Some(name) => point.with_name(&name),
        None => Ok(point),
    }
}

fn tan(
    suppress: Option<bool>,
    duration: Option<i64>,
    confirm: Option<bool>,
) -> Result<TanAction, InvalidInput> {
    exactly_one(
        "tan",
        &[
            ("suppress", suppress.is_some()),
            ("confirm", confirm.is_some()),
        ],
    )?;
    match (suppress, duration, confirm) {
        (Some(true), Some(code), _) => Ok(TanAction::Suppress(TanDuration::from_code(code)?)),
        (Some(true), None, _) => Err(InvalidInput::new(
            "duration",
            format!("{} (required to suppress)", TanDuration::ALLOWED),
            "nothing",
        )),
        (Some(false), None, _) => Ok(TanAction::EndSuppression),
        (_, Some(code), _) => Err(InvalidInput::new(
            "duration",
            "no duration unless suppress is true",
            code,
        )),
        (None, None, Some(theft)) => Ok(TanAction::Confirm(theft)),
        (None, None, None) => Err(InvalidInput::new("tan", "suppress or confirm", "none")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn build(value: serde_json::Value) -> Result<RemoteCommand, InvalidInput> {
        let input: CommandInput = serde_json::from_value(value).expect("the input parses");
        RemoteCommand::try_from(input)
    }

    #[test]
    fn unknown_fields_are_refused() {
        let typo = json!({ "feature": "locking", "state": "Locked", "sate": "x" });
        assert_eq!(
            CommandInput::from_json(typo).expect_err("typo").field,
            "sate"
        );
        let missing =
            CommandInput::from_json(json!({ "feature": "locking" })).expect_err("no state");
        assert_eq!(missing.field, "state");
        let unknown =
            CommandInput::from_json(json!({ "feature": "teleport" })).expect_err("no such feature");
        assert_eq!(unknown.field, "feature");
        assert!(unknown.got.contains("teleport"), "{unknown}");
        let nested = json!({ "feature": "charging", "deferred": { "startTIme": "22:30" } });
        assert!(serde_json::from_value::<CommandInput>(nested).is_err());
    }

    #[test]
    fn start_time_never_goes_with_immediate() {
        let error = build(json!({
            "feature": "charging",
            "deferred": { "immediate": true, "startTime": "22:30" }
        }))
        .unwrap_err();
        assert_eq!(error.field, "deferred.startTime");
        let error = build(json!({ "feature": "charging", "deferred": {} })).unwrap_err();
        assert_eq!(error.field, "deferred.startTime");
    }

    #[test]
    fn tan_needs_one_attribute_and_a_duration_to_suppress() {
        let both = build(json!({ "feature": "tan", "suppress": false, "confirm": true }));
        assert_eq!(both.unwrap_err().got, "suppress and confirm");
        let no_duration = build(json!({ "feature": "tan", "suppress": true }));
        assert_eq!(no_duration.unwrap_err().field, "duration");
        let stray = build(json!({ "feature": "tan", "confirm": true, "duration": 1 }));
        assert_eq!(stray.unwrap_err().field, "duration");
        assert_eq!(
            build(json!({ "feature": "tan", "suppress": true, "duration": 4 })),
            Ok(RemoteCommand::Tan(TanAction::Suppress(
                TanDuration::ThreeDays
            )))
        );
    }

    #[test]
    fn program_errors_name_the_program() {
        let error = build(json!({
            "feature": "charging",
            "programs": [{ "slot": 1, "start": "22:30", "days": ["Mon"], "minChargingLevel": 60, "maxChargingLevel": 80 }]
        }))
        .unwrap_err();
        assert_eq!(error.field, "programs[0].minChargingLevel");
        let error = build(json!({
            "feature": "preconditioning",
            "programs": [{ "slot": 5, "actionsType": "Delete" }]
        }))
        .unwrap_err();
        assert_eq!(error.field, "programs[0].slot");
        assert_eq!(error.allowed, "a whole number from 1 to 4");
    }

    #[test]
    fn stolen_needs_exactly_one_attribute() {
        let error = build(json!({ "feature": "stolen" })).unwrap_err();
        assert_eq!(
            (error.field.as_str(), error.got.as_str()),
            ("stolen", "none")
        );
        assert_eq!(
            build(json!({ "feature": "stolen", "crankInhibit": false })),
            Ok(RemoteCommand::Stolen(StolenAction::CrankInhibit(false)))
        );
    }
}
