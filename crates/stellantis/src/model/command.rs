//! `RemoteCommand`: one of the 13 remotes with parameters that are valid by construction.

use super::{
    ChargingAction, CommandInput, Feature, PreconditioningAction, StolenAction, TanAction,
    Waypoints,
};
use crate::error::Error;

wire_enum!(
    /// On or off, as the horn, lights and preconditioning settings spell it.
    Activation {
        /// On.
        Activated = "Activated",
        /// Off.
        Unactivated = "Unactivated",
    }
);

wire_enum!(
    /// Locked or unlocked doors.
    LockState {
        /// Lock the doors.
        Locked = "Locked",
        /// Unlock the doors.
        Unlocked = "Unlocked",
    }
);

/// One of the 13 remote commands; every parameter inside has already been checked.
#[derive(Debug, Clone, PartialEq)]
pub enum RemoteCommand {
    /// Charging: now, deferred, programs or settings.
    Charging(ChargingAction),
    /// Stolen state or crank inhibition.
    Stolen(StolenAction),
    /// Lights on or off.
    Lights(Activation),
    /// Air conditioning: now, programs or settings.
    Preconditioning(PreconditioningAction),
    /// Lock or unlock.
    Locking(LockState),
    /// Horn on or off (only the states the vehicle's capability allows).
    Horn(Activation),
    /// Immobilize (`true`) the vehicle or allow it to start again (`false`).
    Immobilization(bool),
    /// Send a route: start first, destination last.
    Navigation(Waypoints),
    /// Wake the vehicle, then read its latest telemetry.
    State,
    /// Wake the vehicle.
    WakeUp,
    /// Ask for the vehicle's present location.
    VehicleFinder,
    /// Theft alarm notification: suppress or confirm.
    Tan(TanAction),
    /// Delete the personal data stored in the vehicle (irreversible).
    OnboardPersonalData,
}

impl RemoteCommand {
    /// Which of the 13 features this is.
    pub fn feature(&self) -> Feature {
        match self {
            RemoteCommand::Charging(_) => Feature::Charging,
            RemoteCommand::Stolen(_) => Feature::Stolen,
            RemoteCommand::Lights(_) => Feature::Lights,
            RemoteCommand::Preconditioning(_) => Feature::Preconditioning,
            RemoteCommand::Locking(_) => Feature::Locking,
            RemoteCommand::Horn(_) => Feature::Horn,
            RemoteCommand::Immobilization(_) => Feature::Immobilization,
            RemoteCommand::Navigation(_) => Feature::Navigation,
            RemoteCommand::State => Feature::State,
            RemoteCommand::WakeUp => Feature::WakeUp,
            RemoteCommand::VehicleFinder => Feature::VehicleFinder,
            RemoteCommand::Tan(_) => Feature::Tan,
            RemoteCommand::OnboardPersonalData => Feature::OnboardPersonalData,
        }
    }

    /// The `remoteType` the server reports in this command's events.
    pub fn remote_type(&self) -> &'static str {
        match self {
            RemoteCommand::Charging(_) => "Charging",
            RemoteCommand::Stolen(_) => "Stolen",
            RemoteCommand::Lights(_) => "Lights",
            RemoteCommand::Preconditioning(_) => "Preconditioning",
            RemoteCommand::Locking(_) => "Locking",
            RemoteCommand::Horn(_) => "Horn",
            RemoteCommand::Immobilization(_) => "Immobilization",
            RemoteCommand::Navigation(_) => "Navigation",
            // State has no remote of its own: it is a wake-up followed by a telemetry read.
            RemoteCommand::State | RemoteCommand::WakeUp => "Wakeup",
            RemoteCommand::VehicleFinder => "VehicleFinder",
            RemoteCommand::Tan(TanAction::Confirm(_)) => "Tan.confirm",
            RemoteCommand::Tan(_) => "Tan.suppress",
            RemoteCommand::OnboardPersonalData => "OnboardPersonalData",
        }
    }

    /// What the user should know before this command is sent, if anything.
    pub fn warning(&self) -> Option<Warning> {
        match self {
            RemoteCommand::Immobilization(true) => Some(Warning::Immobilize),
            RemoteCommand::Stolen(StolenAction::Declare(true)) => Some(Warning::DeclareStolen),
            RemoteCommand::Stolen(StolenAction::CrankInhibit(true)) => Some(Warning::CrankInhibit),
            RemoteCommand::Tan(TanAction::Confirm(true)) => Some(Warning::ConfirmTheft),
            RemoteCommand::OnboardPersonalData => Some(Warning::DeleteOnboardData),
            RemoteCommand::State | RemoteCommand::WakeUp => Some(Warning::WakeUp),
            _ => None,
        }
    }

    /// Whether a person must confirm before sending: the command is hard to undo or stops the car.
    pub fn needs_confirmation(&self) -> bool {
        self.warning().is_some_and(Warning::needs_confirmation)
    }

    /// The one door from user input to a command, for every front end: checks the input (the
    /// error names the field), then refuses a command that needs a confirmation unless
    /// `confirmed`, with [`Error::ConfirmationNeeded`] carrying the warning that names
    /// `vehicle` (a name for people, when the caller has one). Nothing is sent here.
    pub fn checked(
        input: CommandInput,
        confirmed: bool,
        vehicle: Option<&str>,
    ) -> Result<RemoteCommand, Error> {
        let command = RemoteCommand::try_from(input)?;
        match command.warning() {
            Some(warning) if warning.needs_confirmation() && !confirmed => {
                Err(Error::ConfirmationNeeded {
                    warning,
                    vehicle: vehicle.map(str::to_owned),
                })
            }
            _ => Ok(command),
        }
    }
}

/// The wake-ups a vehicle is assumed to accept per calendar month before the server answers
/// `TooManyWakeUpsOverMonth`, and from how many a front end warns.
///
/// The quota is real but its size is not published: the API names the failure ("until the end
/// of the month", `../shared/stellantis/NOTES.md` §2.3 "WakeUp", from the notifications page),
/// and the community only reports shorter limits (about 6 wake-ups per 20 minutes, NOTES.md
/// §6.1). 20 is this project's working figure, the one the simulator enforces; change it here
/// when a real account tells otherwise.
pub const WAKE_UPS_PER_MONTH: WakeUpQuota = WakeUpQuota {
    limit: 20,
    warn_at: 15,
};

/// A monthly wake-up quota: [`WAKE_UPS_PER_MONTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WakeUpQuota {
    /// Wake-ups per month before the server refuses them.
    pub limit: u32,
    /// From this many, a front end warns that the limit is near.
    pub warn_at: u32,
}

/// A warning to show before a command is sent: what will happen, in [`Warning::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Warning {
    /// The vehicle will not start until released.
    Immobilize,
    /// The vehicle will be reported stolen.
    DeclareStolen,
    /// The engine will not crank until released.
    CrankInhibit,
    /// The user confirms a theft.
    ConfirmTheft,
    /// The onboard personal data will be deleted for good.
    DeleteOnboardData,
    /// Wake-ups are counted and drain the 12 V battery (no confirmation needed).
    WakeUp,
}

impl Warning {
    /// Every warning.
    pub const ALL: &'static [Warning] = &[
        Warning::Immobilize,
        Warning::DeclareStolen,
        Warning::CrankInhibit,
        Warning::ConfirmTheft,
        Warning::DeleteOnboardData,
        Warning::WakeUp,
    ];

    /// The stable code a front end keys its translations by (`immobilize`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Warning::Immobilize => "immobilize",
            Warning::DeclareStolen => "declareStolen",
            Warning::CrankInhibit => "crankInhibit",
            Warning::ConfirmTheft => "confirmTheft",
            Warning::DeleteOnboardData => "deleteOnboardData",
            Warning::WakeUp => "wakeUp",
        }
    }

    /// The feature whose commands carry this warning.
    pub fn feature(self) -> Feature {
        match self {
            Warning::Immobilize => Feature::Immobilization,
            Warning::DeclareStolen | Warning::CrankInhibit => Feature::Stolen,
            Warning::ConfirmTheft => Feature::Tan,
            Warning::DeleteOnboardData => Feature::OnboardPersonalData,
            Warning::WakeUp => Feature::WakeUp,
        }
    }

    /// Whether the command must be confirmed before it is sent (every warning but the wake-up's).
    pub fn needs_confirmation(self) -> bool {
        !matches!(self, Warning::WakeUp)
    }

    /// The warning in words, naming `vehicle` ("the vehicle" when there is no name).
    pub fn text(self, vehicle: Option<&str>) -> String {
        let vehicle = vehicle.map(str::trim).filter(|v| !v.is_empty());
        let text = self
            .template()
            .replace("{vehicle}", vehicle.unwrap_or("the vehicle"));
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => text,
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_types_follow_the_contract() {
        assert_eq!(RemoteCommand::State.remote_type(), "Wakeup");
        assert_eq!(RemoteCommand::WakeUp.remote_type(), "Wakeup");
        assert_eq!(
            RemoteCommand::Tan(TanAction::EndSuppression).remote_type(),
            "Tan.suppress"
        );
        assert_eq!(
            RemoteCommand::Tan(TanAction::Confirm(false)).remote_type(),
            "Tan.confirm"
        );
        assert_eq!(
            RemoteCommand::Locking(LockState::Locked).feature(),
            Feature::Locking
        );
    }

    #[test]
    fn each_warning_names_the_feature_of_its_commands() {
        let warned = [
            RemoteCommand::Immobilization(true),
            RemoteCommand::Stolen(StolenAction::Declare(true)),
            RemoteCommand::Stolen(StolenAction::CrankInhibit(true)),
            RemoteCommand::Tan(TanAction::Confirm(true)),
            RemoteCommand::OnboardPersonalData,
            RemoteCommand::WakeUp,
        ];
        for command in &warned {
            let warning = command.warning().expect("a warning");
            assert_eq!(warning.feature(), command.feature(), "{warning:?}");
        }
        assert_eq!(warned.len(), Warning::ALL.len());
        let guarded: Vec<Feature> = Feature::ALL.into_iter().filter(|f| f.guarded()).collect();
        assert_eq!(
            guarded,
            [
                Feature::Stolen,
                Feature::Immobilization,
                Feature::Tan,
                Feature::OnboardPersonalData
            ]
        );
    }

    #[test]
    fn dangerous_commands_need_confirmation() {
        assert!(RemoteCommand::Immobilization(true).needs_confirmation());
        assert!(!RemoteCommand::Immobilization(false).needs_confirmation());
        assert!(RemoteCommand::OnboardPersonalData.needs_confirmation());
        assert!(RemoteCommand::Stolen(StolenAction::Declare(true)).needs_confirmation());
        assert!(!RemoteCommand::Locking(LockState::Unlocked).needs_confirmation());
        assert_eq!(RemoteCommand::WakeUp.warning(), Some(Warning::WakeUp));
        assert!(!RemoteCommand::WakeUp.needs_confirmation());
    }

    #[test]
    fn the_door_checks_the_input_then_the_confirmation() {
        let erase = CommandInput::OnboardPersonalData;
        let refused = RemoteCommand::checked(erase.clone(), false, Some("Peugeot e-208 (…4321)"))
            .expect_err("needs confirmation");
        assert_eq!(refused.kind(), crate::ErrorKind::ConfirmationNeeded);
        assert_eq!(
            refused.to_string(),
            "The personal data stored in Peugeot e-208 (…4321) will be deleted; this cannot be undone. Confirm to send it."
        );
        assert!(matches!(
            RemoteCommand::checked(erase, true, None),
            Ok(RemoteCommand::OnboardPersonalData)
        ));
        let release = CommandInput::Immobilization { activate: false };
        assert!(matches!(
            RemoteCommand::checked(release, false, None),
            Ok(RemoteCommand::Immobilization(false))
        ));
        let ajar = CommandInput::Locking {
            state: "Ajar".into(),
        };
        let invalid = RemoteCommand::checked(ajar, true, None).expect_err("no such state");
        assert_eq!(invalid.kind(), crate::ErrorKind::InvalidInput);
        let wake =
            RemoteCommand::checked(CommandInput::WakeUp, false, None).expect("no confirmation");
        assert_eq!(
            wake.warning().map(|w| w.text(None)),
            Some("Wake-ups are counted per month and drain the 12 V battery of the vehicle; do not repeat them often.".to_owned())
        );
    }

    #[test]
    fn a_warning_without_a_vehicle_name_starts_with_a_capital() {
        assert_eq!(
            Warning::Immobilize.text(None),
            "The vehicle will not start until immobilization is switched off again."
        );
        assert_eq!(
            Warning::Immobilize.text(Some("  ")),
            Warning::Immobilize.text(None)
        );
        let codes: std::collections::HashSet<_> = Warning::ALL.iter().map(|w| w.code()).collect();
        assert_eq!(codes.len(), Warning::ALL.len());
    }
}
