//! The charging remote: start/stop now, deferred, programs, settings.

use super::bounded::check_program_slots;
use super::{ChargingSlot, Days, InvalidInput, MaxChargingLevel, MinChargingLevel, TimeOfDay};

/// What a charging remote asks for: exactly one of the four forms the API accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum ChargingAction {
    /// Start (`true`) or stop (`false`) charging now.
    Immediate(bool),
    /// Charge now or from a time of day, optionally until an end time.
    Deferred(DeferredCharge),
    /// Set or delete scheduled charging programs.
    Programs(ChargingPrograms),
    /// Change the charge rate or the charge limit.
    Settings(ChargeSettings),
}

/// A deferred charge; `start` is either now or a time, never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeferredCharge {
    /// When charging starts.
    pub start: DeferredStart,
    /// When charging ends, if the user set an end.
    pub end: Option<DeferredEnd>,
}

/// When a deferred charge starts: `immediate` and `startTime` can never be sent together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeferredStart {
    /// Start now.
    Now,
    /// Start at this time of day.
    At(TimeOfDay),
}

/// When a deferred charge ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeferredEnd {
    /// The time of day charging stops.
    pub end_time: TimeOfDay,
    /// Keep charging until the battery is full instead.
    pub charge_to_full: bool,
}

/// One charging program: set a slot, or delete it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargingProgram {
    /// Create or replace the program in its slot.
    Set(ChargingSchedule),
    /// Delete the program in this slot.
    Delete(ChargingSlot),
}

impl ChargingProgram {
    /// The slot this program writes.
    pub fn slot(&self) -> ChargingSlot {
        match self {
            ChargingProgram::Set(schedule) => schedule.slot,
            ChargingProgram::Delete(slot) => *slot,
        }
    }
}

/// A scheduled charge; every field is already valid, so any combination is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargingSchedule {
    /// Which program slot (1 or 2).
    pub slot: ChargingSlot,
    /// Start time of day.
    pub start: TimeOfDay,
    /// End time of day, if any.
    pub end: Option<TimeOfDay>,
    /// The days it runs.
    pub days: Days,
    /// Whether the program is active.
    pub enabled: bool,
    /// Keep charging until full.
    pub charge_to_full: bool,
    /// Minimum and maximum charge levels.
    pub levels: ChargeLevels,
    /// Regular or cooperative schedule.
    pub charge_type: ChargeType,
}

/// The charge levels of a program: minimum 0..=50, maximum 0..=100, minimum not above maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargeLevels {
    min: MinChargingLevel,
    max: MaxChargingLevel,
}

impl ChargeLevels {
    /// Checks that the minimum is not above the maximum.
    pub fn new(min: MinChargingLevel, max: MaxChargingLevel) -> Result<Self, InvalidInput> {
        if min.get() <= max.get() {
            Ok(Self { min, max })
        } else {
            Err(InvalidInput::new(
                "minChargingLevel",
                format!("at most maxChargingLevel ({})", max.get()),
                min.get(),
            ))
        }
    }

    /// The minimum level, percent.
    pub fn min(self) -> MinChargingLevel {
        self.min
    }

    /// The maximum level, percent.
    pub fn max(self) -> MaxChargingLevel {
        self.max
    }
}

/// 1 or 2 charging programs, each slot at most once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargingPrograms(Vec<ChargingProgram>);

impl ChargingPrograms {
    /// Checks 1..=2 programs with distinct slots.
    pub fn new(programs: Vec<ChargingProgram>) -> Result<Self, InvalidInput> {
        let slots: Vec<u8> = programs.iter().map(|p| p.slot().get()).collect();
        check_program_slots(&slots, ChargingSlot::MAX)?;
        Ok(Self(programs))
    }

    /// The programs, in the order given.
    pub fn as_slice(&self) -> &[ChargingProgram] {
        &self.0
    }
}

wire_enum!(
    /// A charging program's kind.
    ChargeType {
        /// An ordinary schedule.
        Regular = "Regular",
        /// A cooperative (grid-friendly) schedule.
        Cooperative = "Cooperative",
    }
);

wire_enum!(
    /// How much of the plug's maximum current the car draws.
    ChargeRate {
        /// 20 %.
        Low = "Low",
        /// 40 %.
        LowPlus = "LowPlus",
        /// 60 %.
        Med = "Med",
        /// 80 %.
        MedPlus = "MedPlus",
        /// 100 %.
        High = "High",
    }
);

wire_enum!(
    /// The battery level charging stops at.
    ChargeLimit {
        /// 80 %.
        MedPlus = "MedPlus",
        /// 100 %.
        High = "High",
    }
);

/// Charge settings: one of the two per remote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeSettings {
    /// Set the charge rate (`chargePreferenceRate`).
    PreferenceRate(ChargeRate),
    /// Set the charge limit (`chargeLimit`).
    Limit(ChargeLimit),
}
