//! Doors (`vehicle.doorsState`): what the locks report and which openings stand open.

use serde::Serialize;
use serde_json::Value;

use super::field::text;

open_enum! {
    /// One entry of `doorsState.lockedState`.
    LockedState {
        /// All doors unlocked.
        Unlocked,
        /// All doors locked.
        Locked,
        /// Locked with the deadlock.
        SuperLocked,
        /// Only the driver's door unlocked.
        DriverDoorUnlocked,
        /// The cabin doors unlocked.
        CabinDoorsUnlocked,
        /// The cargo doors locked.
        CargoDoorsLocked,
        /// The cargo doors unlocked.
        CargoDoorsUnlocked,
        /// The rear doors unlocked.
        RearDoorsUnlocked,
        /// The rear doors locked.
        RearDoorsLocked,
        /// The passenger's door unlocked.
        PassengerDoorUnlocked,
    }
}

open_enum! {
    /// Whether one opening is open (`doorsState.opening[].state`).
    OpeningState {
        /// Open.
        Open,
        /// Closed.
        Closed,
    }
}

/// One opening: a door, the trunk, a window, the hood (`doorsState.opening[]`).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Opening {
    /// `Driver`, `Passenger`, `RearLeft`, `RearRight`, `Trunk`, `RearWindow`, `RoofWindow`,
    /// `HoodDoor`, ... as sent.
    pub identifier: String,
    /// Open or closed; `None` when the vehicle did not say.
    pub state: Option<OpeningState>,
}

/// Doors: locks and openings (`vehicle.doorsState`).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Doors {
    /// Every lock state the vehicle reports (most report one).
    pub locked_state: Vec<LockedState>,
    /// Each opening's state.
    pub openings: Vec<Opening>,
}

impl Doors {
    /// `Some(true)` when locked, `Some(false)` when any part is unlocked, `None` when unknown.
    pub fn locked(&self) -> Option<bool> {
        use LockedState as L;
        let unlocked = |s: &LockedState| {
            matches!(
                s,
                L::Unlocked
                    | L::DriverDoorUnlocked
                    | L::CabinDoorsUnlocked
                    | L::CargoDoorsUnlocked
                    | L::RearDoorsUnlocked
                    | L::PassengerDoorUnlocked
            )
        };
        if self.locked_state.iter().any(unlocked) {
            Some(false)
        } else if self.locked_state.iter().any(|s| {
            matches!(
                s,
                L::Locked | L::SuperLocked | L::CargoDoorsLocked | L::RearDoorsLocked
            )
        }) {
            Some(true)
        } else {
            None
        }
    }

    /// The identifiers of the openings reported open.
    pub fn open(&self) -> impl Iterator<Item = &str> {
        self.openings
            .iter()
            .filter(|o| o.state == Some(OpeningState::Open))
            .map(|o| o.identifier.as_str())
    }
}

/// Locks and openings; `None` when neither is readable.
pub(super) fn doors(v: &Value) -> Option<Doors> {
    let locked_state: Vec<LockedState> = v
        .get("lockedState")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(LockedState::parse)
                .collect()
        })
        .unwrap_or_default();
    let openings: Vec<Opening> = v
        .get("opening")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|o| {
                    Some(Opening {
                        identifier: o.get("identifier")?.as_str()?.to_owned(),
                        state: text(o.get("state")).map(|s| OpeningState::parse(&s)),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    (!locked_state.is_empty() || !openings.is_empty()).then_some(Doors {
        locked_state,
        openings,
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_state_reads_partial_locks_as_unlocked() {
        let doors = |states: &[&str]| Doors {
            locked_state: states.iter().map(|s| LockedState::parse(s)).collect(),
            openings: Vec::new(),
        };
        assert_eq!(doors(&["Locked"]).locked(), Some(true));
        assert_eq!(
            doors(&["RearDoorsLocked", "DriverDoorUnlocked"]).locked(),
            Some(false)
        );
        assert_eq!(doors(&["Sealed"]).locked(), None);
        assert_eq!(doors(&[]).locked(), None);
    }
}
