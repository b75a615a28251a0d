//! The 13 remote commands of the Stellantis API, built so that an invalid one cannot exist.
//!
//! Every value that comes from a person (a latitude, a slot, a charge level, a time of day)
//! goes through a constructor that returns [`InvalidInput`] naming the field and what is
//! allowed. [`CommandInput`] is the plain, serde-friendly form the UI and the CLI send;
//! [`RemoteCommand::checked`] is the one door from it to a command, for the app and the CLI
//! alike: the input's checks, then the confirmation a hard-to-undo command needs.

/// Declares a closed set of API words (`"Locked"`, `"Mon"`, ...) with parsing that names the field.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the API's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value as the API spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// Parses the API spelling (case-insensitively); the error names `field`.
            pub fn parse(field: &str, text: &str) -> Result<Self, $crate::model::InvalidInput> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str().eq_ignore_ascii_case(text.trim()))
                    .ok_or_else(|| {
                        $crate::model::InvalidInput::new(field, Self::allowed(), format!("{text:?}"))
                    })
            }

            /// The allowed spellings, for error messages and help texts.
            pub fn allowed() -> String {
                let words: Vec<&str> = Self::ALL.iter().map(|value| value.as_str()).collect();
                format!("one of {}", words.join(", "))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

mod bounded;
mod charging;
mod command;
mod feature;
mod geo;
mod input;
mod invalid;
mod preconditioning;
mod schedule;
mod theft;

pub use bounded::{ChargingSlot, MaxChargingLevel, MinChargingLevel, PreconditioningSlot};
pub use charging::{
    ChargeLevels, ChargeLimit, ChargeRate, ChargeSettings, ChargeType, ChargingAction,
    ChargingProgram, ChargingPrograms, ChargingSchedule, DeferredCharge, DeferredEnd,
    DeferredStart,
};
pub use command::{Activation, LockState, RemoteCommand, WAKE_UPS_PER_MONTH, WakeUpQuota, Warning};
pub use feature::Feature;
pub use geo::{Latitude, Longitude, Waypoint, Waypoints};
pub use input::{
    ChargeSettingsInput, ChargingProgramInput, CommandInput, DeferredInput,
    PreconditioningProgramInput, PreconditioningSettingsInput, WaypointInput,
};
pub use invalid::InvalidInput;
pub use preconditioning::{
    PreconditioningAction, PreconditioningMode, PreconditioningProgram, PreconditioningPrograms,
    PreconditioningSchedule, PreconditioningSettings, Temperature,
};
pub use schedule::{Days, TimeOfDay, Weekday};
pub use theft::{StolenAction, TanAction, TanDuration};
