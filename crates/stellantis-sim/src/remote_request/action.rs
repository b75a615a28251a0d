//! The validated action of a remote, and the capability and `RemoteType` names it maps to.

use serde_json::Value;

use crate::vehicle::Feature;

/// What a charging remote asks for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ChargingAction {
    /// Start (`true`) or stop charging now.
    Immediate(bool),
    /// A deferred start and/or end, as sent.
    Deferred(Value),
    /// Charging programs to set or delete by slot, as sent.
    Programs(Vec<Value>),
    /// A charge rate or limit setting, as sent.
    Settings(Value),
}

/// The validated action of a remote.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    /// A charging request.
    Charging(ChargingAction),
    /// Declare the vehicle stolen (`true`) or recovered.
    StolenState(bool),
    /// Activate (`true`) or release the crank inhibit.
    StolenCrankInhibit(bool),
    /// Lights on (`true`) or off.
    Lights(bool),
    /// Air conditioning now, programs by slot, and/or settings (as sent).
    Preconditioning {
        /// Start (`true`) or stop now.
        immediate: Option<bool>,
        /// Programs to set or delete by slot.
        programs: Vec<Value>,
        /// Temperature, mode and state.
        settings: Option<Value>,
    },
    /// Lock (`true`) or unlock the doors.
    Locking(bool),
    /// Sound the horn (`true`) or stop it.
    Horn(bool),
    /// Immobilize (`true`) or release the vehicle.
    Immobilization(bool),
    /// Send a route: the GeoJSON positions as sent.
    Navigation(Value),
    /// Wake the vehicle up (the State remote).
    Wakeup,
    /// Report the vehicle's present location.
    VehicleFinder,
    /// Suppress (`state`) the TAN for a `duration` code, or stop suppressing.
    TanSuppress {
        /// Suppress (`true`) or stop suppressing.
        state: bool,
        /// 0=2 h, 1=4 h, 2=12 h, 3=24 h, 4=3 days, 5=7 days.
        duration: Option<u8>,
    },
    /// Confirm (`true`) the TAN, or not.
    TanConfirm(bool),
    /// Delete the onboard personal data.
    OnboardPersonalDataDelete,
}

impl Action {
    /// The capability this action needs.
    pub fn feature(&self) -> Feature {
        match self {
            Action::Charging(_) => Feature::Charging,
            Action::StolenState(_) | Action::StolenCrankInhibit(_) => Feature::Stolen,
            Action::Lights(_) => Feature::Lights,
            Action::Preconditioning { .. } => Feature::Preconditioning,
            Action::Locking(_) => Feature::Locking,
            Action::Horn(_) => Feature::Horn,
            Action::Immobilization(_) => Feature::Immobilization,
            Action::Navigation(_) => Feature::Navigation,
            Action::Wakeup => Feature::Wakeup,
            Action::VehicleFinder => Feature::VehicleFinder,
            Action::TanSuppress { .. } | Action::TanConfirm(_) => Feature::Tan,
            Action::OnboardPersonalDataDelete => Feature::OnboardPersonalData,
        }
    }

    /// The `RemoteType` of data-treatment.yaml and CONTRACT.md.
    pub fn remote_type(&self) -> &'static str {
        match self {
            Action::Charging(_) => "Charging",
            Action::StolenState(_) | Action::StolenCrankInhibit(_) => "Stolen",
            Action::Lights(_) => "Lights",
            Action::Preconditioning { .. } => "Preconditioning",
            Action::Locking(_) => "Locking",
            Action::Horn(_) => "Horn",
            Action::Immobilization(_) => "Immobilization",
            Action::Navigation(_) => "Navigation",
            Action::Wakeup => "Wakeup",
            Action::VehicleFinder => "VehicleFinder",
            Action::TanSuppress { .. } => "Tan.suppress",
            Action::TanConfirm(_) => "Tan.confirm",
            Action::OnboardPersonalDataDelete => "OnboardPersonalData",
        }
    }

    /// The `RemoteType` of platform-notification.yaml, where it has one (else the contract name).
    pub fn legacy_remote_type(&self) -> &'static str {
        match self {
            Action::Charging(_) => "ElectricBatteryChargingRequest",
            Action::Preconditioning { .. } => "ThermalPreconditioning",
            Action::Locking(_) => "Doors",
            Action::Wakeup => "WakeUp",
            Action::TanSuppress { .. } | Action::TanConfirm(_) => "Tan",
            other => other.remote_type(),
        }
    }
}
