//! The way back: a checked [`RemoteCommand`] written in its plain form, so that converting it
//! again gives an equal command (the journal and the UI's forms show commands this way).

use crate::model::{
    ChargeSettings, ChargingAction, ChargingProgram, Days, DeferredCharge, DeferredStart,
    PreconditioningAction, PreconditioningProgram, RemoteCommand, StolenAction, TanAction,
    Temperature, TimeOfDay,
};

use super::form::{
    ChargeSettingsInput, ChargingProgramInput, CommandInput, DeferredInput,
    PreconditioningProgramInput, PreconditioningSettingsInput, WaypointInput,
};

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
