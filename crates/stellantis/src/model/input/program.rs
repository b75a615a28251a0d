//! The charging and air-conditioning programs of a command, built from their plain form: `Set`
//! needs every value a schedule has, `Delete` only the slot.

use crate::model::{
    ChargeLevels, ChargeType, ChargingProgram, ChargingSchedule, ChargingSlot, Days, InvalidInput,
    MaxChargingLevel, MinChargingLevel, PreconditioningProgram, PreconditioningSchedule,
    PreconditioningSlot, Temperature, TimeOfDay,
};

use super::form::{ChargingProgramInput, PreconditioningProgramInput};

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

/// One charging program of a `charging` command.
pub(super) fn charging_program(
    input: ChargingProgramInput,
) -> Result<ChargingProgram, InvalidInput> {
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

/// One air-conditioning program of a `preconditioning` command.
pub(super) fn preconditioning_program(
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
