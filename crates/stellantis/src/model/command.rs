//! `RemoteCommand`: one of the 13 remotes with parameters that are valid by construction.

use super::{ChargingAction, Feature, PreconditioningAction, StolenAction, TanAction, Waypoints};

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

    /// Whether a person must confirm before sending: the command is hard to undo or stops the car.
    pub fn needs_confirmation(&self) -> bool {
        match self {
            RemoteCommand::Immobilization(activate) => *activate,
            RemoteCommand::Stolen(StolenAction::Declare(on))
            | RemoteCommand::Stolen(StolenAction::CrankInhibit(on)) => *on,
            RemoteCommand::Tan(TanAction::Confirm(theft)) => *theft,
            RemoteCommand::OnboardPersonalData => true,
            _ => false,
        }
    }

    /// A warning to show before sending, when the command has a cost the user should know.
    pub fn warning(&self) -> Option<&'static str> {
        match self {
            RemoteCommand::Immobilization(true) => {
                Some("The vehicle will not start until immobilization is switched off again.")
            }
            RemoteCommand::Stolen(StolenAction::Declare(true)) => {
                Some("The vehicle will be reported stolen.")
            }
            RemoteCommand::Stolen(StolenAction::CrankInhibit(true)) => {
                Some("The vehicle's engine will not crank until inhibition is lifted.")
            }
            RemoteCommand::Tan(TanAction::Confirm(true)) => {
                Some("You are confirming that the vehicle has been stolen.")
            }
            RemoteCommand::OnboardPersonalData => Some(
                "The personal data stored in the vehicle will be deleted; this cannot be undone.",
            ),
            RemoteCommand::State | RemoteCommand::WakeUp => Some(
                "Wake-ups are counted per month and drain the 12 V battery; do not repeat them often.",
            ),
            _ => None,
        }
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
    fn dangerous_commands_need_confirmation() {
        assert!(RemoteCommand::Immobilization(true).needs_confirmation());
        assert!(!RemoteCommand::Immobilization(false).needs_confirmation());
        assert!(RemoteCommand::OnboardPersonalData.needs_confirmation());
        assert!(RemoteCommand::Stolen(StolenAction::Declare(true)).needs_confirmation());
        assert!(!RemoteCommand::Locking(LockState::Unlocked).needs_confirmation());
        assert!(RemoteCommand::WakeUp.warning().is_some());
    }
}
