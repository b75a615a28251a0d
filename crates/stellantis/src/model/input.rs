//! `CommandInput`: the plain form of a command that the UI and the CLI send, and the one door
//! (`RemoteCommand::try_from`) from it to a checked [`RemoteCommand`].
//!
//! Fields are plain strings and numbers on purpose: a wrong word or an out-of-range number must
//! reach the model's checks and come back as an [`InvalidInput`] naming the field, instead of a
//! generic deserialization error.

use serde::{Deserialize, Serialize};

use super::{
    Activation, ChargeLevels, ChargeLimit, ChargeRate, ChargeSettings, ChargeType, ChargingAction,
    ChargingProgram, ChargingPrograms, ChargingSchedule, ChargingSlot, Days, DeferredCharge,
    DeferredEnd, DeferredStart, InvalidInput, Latitude, LockState, Longitude, MaxChargingLevel,
    MinChargingLevel, PreconditioningAction, PreconditioningMode, PreconditioningProgram,
    PreconditioningPrograms, PreconditioningSchedule, PreconditioningSettings, PreconditioningSlot,
    RemoteCommand, StolenAction, TanAction, TanDuration, Temperature, TimeOfDay, Waypoint,
    Waypoints,
};

/// A command as a person or a script wrote it, tagged by feature name (`{"feature":"locking","state":"Locked"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "feature",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum CommandInput {
    /// Charging: exactly one of `immediate`, `deferred`, `programs`, `settings`.
    Charging {
        /// Start (`true`) or stop (`false`) now.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        immediate: Option<bool>,
        /// A deferred charge.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deferred: Option<DeferredInput>,
        /// Charging programs (1 or 2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        programs: Option<Vec<ChargingProgramInput>>,
        /// Charge settings.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        settings: Option<ChargeSettingsInput>,
    },
    /// Stolen: exactly one of `state`, `crankInhibit`.
    Stolen {
        /// Declare stolen (`true`) or not (`false`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        state: Option<bool>,
        /// Inhibit the crank (`true`) or not (`false`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        crank_inhibit: Option<bool>,
    },
    /// Lights: `state` is `Activated` or `Unactivated`.
    Lights {
        /// `Activated` or `Unactivated`.
        state: String,
    },
    /// Preconditioning: exactly one of `immediate`, `programs`, `settings`.
    Preconditioning {
        /// Start (`true`) or stop (`false`) now.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        immediate: Option<bool>,
        /// Air-conditioning programs (1 to 4).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        programs: Option<Vec<PreconditioningProgramInput>>,
        /// Settings.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        settings: Option<PreconditioningSettingsInput>,
    },
    /// Locking: `state` is `Locked` or `Unlocked`.
    Locking {
        /// `Locked` or `Unlocked`.
        state: String,
    },
    /// Horn: `state` is `Activated` or `Unactivated`.
    Horn {
        /// `Activated` or `Unactivated`.
        state: String,
    },
    /// Immobilization on (`true`) or off (`false`).
    Immobilization {
        /// Immobilize (`true`) or release (`false`).
        activate: bool,
    },
    /// Navigation: 1 to 10 positions, start first, destination last.
    Navigation {
        /// The route.
        positions: Vec<WaypointInput>,
    },
    /// Wake up, then read the latest telemetry.
    State,
    /// Wake up.
    WakeUp,
    /// Ask for the present location.
    VehicleFinder,
    /// Theft alarm notification: exactly one of `suppress`, `confirm`.
    Tan {
        /// Suppress notifications (`true`, needs `duration`) or receive them again (`false`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suppress: Option<bool>,
        /// Suppression duration code 0..=5, with `suppress: true` only.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration: Option<i64>,
        /// Confirm (`true`) or deny (`false`) a theft.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        confirm: Option<bool>,
    },
    /// Delete the onboard personal data.
    OnboardPersonalData,
}

/// A deferred charge as typed: start now (`immediate: true`) or at `startTime`, never both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeferredInput {
    /// Start now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immediate: Option<bool>,
    /// Start time, `HH:MM` or `PT14H30M`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// End time, `HH:MM` or `PT6H0M`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// With an end time: keep charging until full instead (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_to_full: Option<bool>,
}

/// A charging program as typed; `Delete` needs only the slot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargingProgramInput {
    /// Slot 1 or 2.
    pub slot: i64,
    /// `Set` (default) or `Delete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions_type: Option<String>,
    /// Start time (needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Days (`Mon`..`Sun`, needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    /// Enabled (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Charge until full (default `true`, the API's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_to_full: Option<bool>,
    /// Minimum level 0..=50 (needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_charging_level: Option<i64>,
    /// Maximum level 0..=100 (needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_charging_level: Option<i64>,
    /// `Regular` (default) or `Cooperative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_type: Option<String>,
}

/// Charge settings as typed: exactly one of the two.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargeSettingsInput {
    /// `Low`, `LowPlus`, `Med`, `MedPlus` or `High`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_preference_rate: Option<String>,
    /// `MedPlus` or `High`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_limit: Option<String>,
}

/// An air-conditioning program as typed; `Delete` needs only the slot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreconditioningProgramInput {
    /// Slot 1 to 4.
    pub slot: i64,
    /// `Set` (default) or `Delete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions_type: Option<String>,
    /// Time the cabin should be ready (needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Days (`Mon`..`Sun`, needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    /// Enabled (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Target temperature °C, 10..=35.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temp: Option<f64>,
}

/// Preconditioning settings as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreconditioningSettingsInput {
    /// Target temperature °C, 10..=35.
    pub temp: f64,
    /// `Auto` (default) or `Manual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `Activated` (default) or `Unactivated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A route point as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WaypointInput {
    /// Degrees, -90..=90.
    pub latitude: f64,
    /// Degrees, -180..=180.
    pub longitude: f64,
    /// Place name shown in the vehicle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

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

/// `Set` unless the input says `Delete`.
fn is_delete(actions_type: Option<&str>) -> Result<bool, InvalidInput> {
    match actions_type {
        None => Ok(false),
        Some(text) if text.trim().eq_ignore_ascii_case("Set") => Ok(false),
        Some(text) if text.trim().eq_ignore_ascii_case("Delete") => Ok(true),
        Some(text) => Err(InvalidInput::new(
            "actionsType",
            "Set or Delete",
            format!("{text:?}"),
        )),
    }
}

/// A value a `Set` program cannot do without.
fn required<T>(value: Option<T>, field: &str, allowed: &str) -> Result<T, InvalidInput> {
    value.ok_or_else(|| {
        InvalidInput::new(
            field,
            format!("{allowed} (required to set a program)"),
            "nothing",
        )
    })
}

/// The start time a `Set` program needs.
fn program_start(start: Option<String>) -> Result<TimeOfDay, InvalidInput> {
    TimeOfDay::parse("start", &required(start, "start", TimeOfDay::ALLOWED)?)
}

/// The days a `Set` program needs.
fn program_days(days: Option<Vec<String>>) -> Result<Days, InvalidInput> {
    Days::parse("days", &required(days, "days", "a list of days Mon..Sun")?)
}

fn charging_program(input: ChargingProgramInput) -> Result<ChargingProgram, InvalidInput> {
    let slot = ChargingSlot::new(input.slot)?;
    if is_delete(input.actions_type.as_deref())? {
        return Ok(ChargingProgram::Delete(slot));
    }
    let start = program_start(input.start)?;
    let end = input
        .end
        .map(|end| TimeOfDay::parse("end", &end))
        .transpose()?;
    let days = program_days(input.days)?;
    let min = MinChargingLevel::new(required(
        input.min_charging_level,
        "minChargingLevel",
        "a whole number from 0 to 50",
    )?)?;
    let max = MaxChargingLevel::new(required(
        input.max_charging_level,
        "maxChargingLevel",
        "a whole number from 0 to 100",
    )?)?;
    let charge_type = input
        .charge_type
        .map(|text| ChargeType::parse("chargeType", &text))
        .transpose()?
        .unwrap_or(ChargeType::Regular);
    Ok(ChargingProgram::Set(ChargingSchedule {
        slot,
        start,
        end,
        days,
        enabled: input.enabled.unwrap_or(true),
        charge_to_full: input.charge_to_full.unwrap_or(true),
        levels: ChargeLevels::new(min, max)?,
        charge_type,
    }))
}

fn preconditioning_program(
    input: PreconditioningProgramInput,
) -> Result<PreconditioningProgram, InvalidInput> {
    let slot = PreconditioningSlot::new(input.slot)?;
    if is_delete(input.actions_type.as_deref())? {
        return Ok(PreconditioningProgram::Delete(slot));
    }
    let start = program_start(input.start)?;
    let days = program_days(input.days)?;
    Ok(PreconditioningProgram::Set(PreconditioningSchedule {
        slot,
        start,
        days,
        enabled: input.enabled.unwrap_or(true),
        temperature: input.temp.map(Temperature::new).transpose()?,
    }))
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

impl From<&RemoteCommand> for CommandInput {
    /// The plain form of a checked command; converting it back gives an equal command.
    fn from(command: &RemoteCommand) -> Self {
        match command {
            RemoteCommand::Charging(action) => {
                let (mut immediate, mut deferred, mut programs, mut settings) =
                    (None, None, None, None);
                match action {
                    ChargingAction::Immediate(now) => immediate = Some(*now),
                    ChargingAction::Deferred(d) => deferred = Some(deferred_input(d)),
                    ChargingAction::Programs(list) => {
                        programs =
                            Some(list.as_slice().iter().map(charging_program_input).collect());
                    }
                    ChargingAction::Settings(s) => settings = Some(charge_settings_input(*s)),
                }
                CommandInput::Charging {
                    immediate,
                    deferred,
                    programs,
                    settings,
                }
            }
            RemoteCommand::Stolen(StolenAction::Declare(state)) => CommandInput::Stolen {
                state: Some(*state),
                crank_inhibit: None,
            },
            RemoteCommand::Stolen(StolenAction::CrankInhibit(on)) => CommandInput::Stolen {
                state: None,
                crank_inhibit: Some(*on),
            },
            RemoteCommand::Lights(state) => CommandInput::Lights {
                state: state.as_str().to_owned(),
            },
            RemoteCommand::Preconditioning(action) => match action {
                PreconditioningAction::Immediate(now) => CommandInput::Preconditioning {
                    immediate: Some(*now),
                    programs: None,
                    settings: None,
                },
                PreconditioningAction::Programs(list) => CommandInput::Preconditioning {
                    immediate: None,
                    programs: Some(
                        list.as_slice()
                            .iter()
                            .map(preconditioning_program_input)
                            .collect(),
                    ),
                    settings: None,
                },
                PreconditioningAction::Settings(s) => CommandInput::Preconditioning {
                    immediate: None,
                    programs: None,
                    settings: Some(PreconditioningSettingsInput {
                        temp: s.temperature.celsius(),
                        mode: Some(s.mode.as_str().to_owned()),
                        state: Some(s.state.as_str().to_owned()),
                    }),
                },
            },
            RemoteCommand::Locking(state) => CommandInput::Locking {
                state: state.as_str().to_owned(),
            },
            RemoteCommand::Horn(state) => CommandInput::Horn {
                state: state.as_str().to_owned(),
            },
            RemoteCommand::Immobilization(activate) => CommandInput::Immobilization {
                activate: *activate,
            },
            RemoteCommand::Navigation(route) => CommandInput::Navigation {
                positions: route
                    .as_slice()
                    .iter()
                    .map(|p| WaypointInput {
                        latitude: p.latitude().degrees(),
                        longitude: p.longitude().degrees(),
                        name: p.name().map(str::to_owned),
                    })
                    .collect(),
            },
            RemoteCommand::State => CommandInput::State,
            RemoteCommand::WakeUp => CommandInput::WakeUp,
            RemoteCommand::VehicleFinder => CommandInput::VehicleFinder,
            RemoteCommand::Tan(action) => match action {
                TanAction::Suppress(duration) => CommandInput::Tan {
                    suppress: Some(true),
                    duration: Some(i64::from(duration.code())),
                    confirm: None,
                },
                TanAction::EndSuppression => CommandInput::Tan {
                    suppress: Some(false),
                    duration: None,
                    confirm: None,
                },
                TanAction::Confirm(theft) => CommandInput::Tan {
                    suppress: None,
                    duration: None,
                    confirm: Some(*theft),
                },
            },
            RemoteCommand::OnboardPersonalData => CommandInput::OnboardPersonalData,
        }
    }
}

fn deferred_input(deferred: &DeferredCharge) -> DeferredInput {
    let (immediate, start_time) = match deferred.start {
        DeferredStart::Now => (Some(true), None),
        DeferredStart::At(time) => (None, Some(time.to_iso())),
    };
    DeferredInput {
        immediate,
        start_time,
        end_time: deferred.end.map(|end| end.end_time.to_iso()),
        charge_to_full: deferred.end.map(|end| end.charge_to_full),
    }
}

fn charge_settings_input(settings: ChargeSettings) -> ChargeSettingsInput {
    match settings {
        ChargeSettings::PreferenceRate(rate) => ChargeSettingsInput {
            charge_preference_rate: Some(rate.as_str().to_owned()),
            charge_limit: None,
        },
        ChargeSettings::Limit(limit) => ChargeSettingsInput {
            charge_preference_rate: None,
            charge_limit: Some(limit.as_str().to_owned()),
        },
    }
}

fn day_names(days: Days) -> Vec<String> {
    days.to_vec()
        .iter()
        .map(|d| d.as_str().to_owned())
        .collect()
}

fn charging_program_input(program: &ChargingProgram) -> ChargingProgramInput {
    match program {
        ChargingProgram::Delete(slot) => ChargingProgramInput {
            slot: i64::from(slot.get()),
            actions_type: Some("Delete".to_owned()),
            ..ChargingProgramInput::default()
        },
        ChargingProgram::Set(s) => ChargingProgramInput {
            slot: i64::from(s.slot.get()),
            actions_type: Some("Set".to_owned()),
            start: Some(s.start.to_iso()),
            end: s.end.map(TimeOfDay::to_iso),
            days: Some(day_names(s.days)),
            enabled: Some(s.enabled),
            charge_to_full: Some(s.charge_to_full),
            min_charging_level: Some(i64::from(s.levels.min().get())),
            max_charging_level: Some(i64::from(s.levels.max().get())),
            charge_type: Some(s.charge_type.as_str().to_owned()),
        },
    }
}

fn preconditioning_program_input(program: &PreconditioningProgram) -> PreconditioningProgramInput {
    match program {
        PreconditioningProgram::Delete(slot) => PreconditioningProgramInput {
            slot: i64::from(slot.get()),
            actions_type: Some("Delete".to_owned()),
            ..PreconditioningProgramInput::default()
        },
        PreconditioningProgram::Set(s) => PreconditioningProgramInput {
            slot: i64::from(s.slot.get()),
            actions_type: Some("Set".to_owned()),
            start: Some(s.start.to_iso()),
            days: Some(day_names(s.days)),
            enabled: Some(s.enabled),
            temp: s.temperature.map(Temperature::celsius),
        },
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
