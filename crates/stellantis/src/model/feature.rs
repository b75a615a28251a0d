//! The 13 remote features of the product brief, by a stable name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::InvalidInput;

/// One of the 13 remote features; its name (`"wakeUp"`, `"vehicleFinder"`) is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Feature {
    /// Start, stop, defer or schedule charging, or change charge settings.
    Charging,
    /// Declare the vehicle stolen, or inhibit its crank.
    Stolen,
    /// Switch the lights on or off.
    Lights,
    /// Heat or cool the cabin now, on a schedule, or change the settings.
    Preconditioning,
    /// Lock or unlock the doors.
    Locking,
    /// Sound the horn.
    Horn,
    /// Stop (or allow again) the vehicle from starting.
    Immobilization,
    /// Send a route of 1 to 10 positions to the vehicle's navigation.
    Navigation,
    /// Wake the vehicle, then read its latest telemetry.
    State,
    /// Wake the vehicle so it updates its data.
    WakeUp,
    /// Ask the vehicle where it is.
    VehicleFinder,
    /// Suppress theft alarm notifications for a while, or confirm or deny a theft.
    Tan,
    /// Delete the personal data stored in the vehicle.
    OnboardPersonalData,
}

impl Feature {
    /// The 13 features, in the brief's order.
    pub const ALL: [Feature; 13] = [
        Feature::Charging,
        Feature::Stolen,
        Feature::Lights,
        Feature::Preconditioning,
        Feature::Locking,
        Feature::Horn,
        Feature::Immobilization,
        Feature::Navigation,
        Feature::State,
        Feature::WakeUp,
        Feature::VehicleFinder,
        Feature::Tan,
        Feature::OnboardPersonalData,
    ];

    /// The stable name (the serde tag of [`super::CommandInput`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Charging => "charging",
            Feature::Stolen => "stolen",
            Feature::Lights => "lights",
            Feature::Preconditioning => "preconditioning",
            Feature::Locking => "locking",
            Feature::Horn => "horn",
            Feature::Immobilization => "immobilization",
            Feature::Navigation => "navigation",
            Feature::State => "state",
            Feature::WakeUp => "wakeUp",
            Feature::VehicleFinder => "vehicleFinder",
            Feature::Tan => "tan",
            Feature::OnboardPersonalData => "onboardPersonalData",
        }
    }

    /// A short name for people ("Vehicle finder").
    pub fn title(self) -> &'static str {
        match self {
            Feature::Charging => "Charging",
            Feature::Stolen => "Stolen vehicle",
            Feature::Lights => "Lights",
            Feature::Preconditioning => "Preconditioning",
            Feature::Locking => "Lock / unlock",
            Feature::Horn => "Horn",
            Feature::Immobilization => "Immobilization",
            Feature::Navigation => "Send a route",
            Feature::State => "Refresh state",
            Feature::WakeUp => "Wake up",
            Feature::VehicleFinder => "Vehicle finder",
            Feature::Tan => "Theft alarm notification",
            Feature::OnboardPersonalData => "Delete onboard personal data",
        }
    }
}

impl Feature {
    /// Whether some command of this feature must be confirmed before it is sent (a front end
    /// styles its controls as dangerous): the features of [`super::Warning`]s that need one.
    pub fn guarded(self) -> bool {
        super::Warning::ALL
            .iter()
            .any(|warning| warning.needs_confirmation() && warning.feature() == self)
    }

    /// The key under `onboardCapabilities.remote` of the capability answer that says whether
    /// the vehicle supports this feature; `None` where the API has no such key.
    pub fn capability_key(self) -> Option<&'static str> {
        match self {
            Feature::Charging => Some("charging"),
            Feature::Stolen => Some("stolen"),
            Feature::Lights => Some("lights"),
            Feature::Preconditioning => Some("preconditioning"),
            Feature::Locking => Some("door"),
            Feature::Horn => Some("horn"),
            Feature::Navigation => Some("navigation"),
            Feature::State | Feature::WakeUp => Some("wakeup"),
            Feature::Tan => Some("tanSuppress"),
            Feature::Immobilization | Feature::VehicleFinder | Feature::OnboardPersonalData => None,
        }
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Feature {
    type Err = InvalidInput;

    /// Accepts the stable name in any case, with or without `-`/`_` (`wake-up`, `WAKE_UP`).
    fn from_str(text: &str) -> Result<Self, InvalidInput> {
        let wanted: String = text.chars().filter(|c| *c != '-' && *c != '_').collect();
        Feature::ALL
            .into_iter()
            .find(|feature| feature.as_str().eq_ignore_ascii_case(&wanted))
            .ok_or_else(|| {
                let names: Vec<&str> = Feature::ALL.iter().map(|f| f.as_str()).collect();
                InvalidInput::new("feature", format!("one of {}", names.join(", ")), text)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_from_str() {
        for feature in Feature::ALL {
            let json = serde_json::to_value(feature).expect("a feature serializes");
            assert_eq!(json, serde_json::Value::from(feature.as_str()));
            assert_eq!(feature.as_str().parse::<Feature>(), Ok(feature));
        }
        assert_eq!("wake-up".parse::<Feature>(), Ok(Feature::WakeUp));
        assert_eq!(
            "VEHICLE_FINDER".parse::<Feature>(),
            Ok(Feature::VehicleFinder)
        );
        assert_eq!("honk".parse::<Feature>().unwrap_err().field, "feature");
    }
}
