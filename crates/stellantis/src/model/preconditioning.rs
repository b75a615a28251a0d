//! The preconditioning (air conditioning) remote: now, programs, settings.

use super::bounded::check_program_slots;
use super::{Activation, Days, InvalidInput, PreconditioningSlot, TimeOfDay};

/// What a preconditioning remote asks for: exactly one of the three forms.
#[derive(Debug, Clone, PartialEq)]
pub enum PreconditioningAction {
    /// Start (`true`) or stop (`false`) air conditioning now.
    Immediate(bool),
    /// Set or delete air-conditioning programs.
    Programs(PreconditioningPrograms),
    /// Change the target temperature, mode and state.
    Settings(PreconditioningSettings),
}

/// A cabin target temperature in °C, from 10 to 35.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Temperature(f64);

impl Temperature {
    /// The coldest target accepted.
    pub const MIN: f64 = 10.0;
    /// The warmest target accepted.
    pub const MAX: f64 = 35.0;

    /// Checks a finite number of degrees Celsius from 10 to 35.
    pub fn new(celsius: f64) -> Result<Self, InvalidInput> {
        if celsius.is_finite() && (Self::MIN..=Self::MAX).contains(&celsius) {
            Ok(Self(celsius))
        } else {
            Err(InvalidInput::new(
                "temp",
                format!("degrees Celsius from {} to {}", Self::MIN, Self::MAX),
                celsius,
            ))
        }
    }

    /// Degrees Celsius.
    pub fn celsius(self) -> f64 {
        self.0
    }
}

/// One air-conditioning program: set a slot, or delete it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PreconditioningProgram {
    /// Create or replace the program in its slot.
    Set(PreconditioningSchedule),
    /// Delete the program in this slot.
    Delete(PreconditioningSlot),
}

impl PreconditioningProgram {
    /// The slot this program writes.
    pub fn slot(&self) -> PreconditioningSlot {
        match self {
            PreconditioningProgram::Set(schedule) => schedule.slot,
            PreconditioningProgram::Delete(slot) => *slot,
        }
    }
}

/// A scheduled preconditioning; every field is already valid, so any combination is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreconditioningSchedule {
    /// Which program slot (1 to 4).
    pub slot: PreconditioningSlot,
    /// When the cabin should be ready.
    pub start: TimeOfDay,
    /// The days it runs.
    pub days: Days,
    /// Whether the program is active.
    pub enabled: bool,
    /// The target temperature for this program, if not the vehicle's setting.
    pub temperature: Option<Temperature>,
}

/// 1 to 4 air-conditioning programs, each slot at most once.
#[derive(Debug, Clone, PartialEq)]
pub struct PreconditioningPrograms(Vec<PreconditioningProgram>);

impl PreconditioningPrograms {
    /// Checks 1..=4 programs with distinct slots.
    pub fn new(programs: Vec<PreconditioningProgram>) -> Result<Self, InvalidInput> {
        let slots: Vec<u8> = programs.iter().map(|p| p.slot().get()).collect();
        check_program_slots(&slots, PreconditioningSlot::MAX)?;
        Ok(Self(programs))
    }

    /// The programs, in the order given.
    pub fn as_slice(&self) -> &[PreconditioningProgram] {
        &self.0
    }
}

wire_enum!(
    /// How the air conditioning regulates.
    PreconditioningMode {
        /// The vehicle decides.
        Auto = "Auto",
        /// The user's settings apply.
        Manual = "Manual",
    }
);

/// Preconditioning settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreconditioningSettings {
    /// The target temperature.
    pub temperature: Temperature,
    /// Auto or manual.
    pub mode: PreconditioningMode,
    /// Whether this mode is switched on.
    pub state: Activation,
}
