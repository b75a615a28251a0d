//! When each reading of a telemetry was taken: every block (`energies[]`, `doorsState`,
//! `battery`...) carries its own `createdAt`, which may be far older than the answer's own (a
//! parked car's doors were last read when it was parked).
//!
//! The times are kept as sent (RFC 3339 text); they also read back from their own JSON, so a
//! front end can cache them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::field::text;

/// The `createdAt` of each block, else the answer's own; `None` when the block is absent.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct ReadTimes {
    /// `vehicle.location` (or `position`, `lastPosition`), also from its `properties`.
    pub position: Option<String>,
    /// The newest `createdAt` of `vehicle.energies[]`.
    pub energy: Option<String>,
    /// `vehicle.doorsState`.
    pub doors: Option<String>,
    /// `vehicle.battery` (the 12 V battery).
    pub battery: Option<String>,
    /// `vehicle.odometer`.
    pub odometer: Option<String>,
    /// `vehicle.preconditioning`.
    pub preconditioning: Option<String>,
}

/// The times of `raw`, a whole telemetry answer.
pub(super) fn read_times(raw: &Value) -> ReadTimes {
    let answer = text(raw.get("createdAt"));
    let vehicle = raw.get("vehicle");
    let block = |name: &str| vehicle.and_then(|v| v.get(name)).filter(|b| b.is_object());
    let at = |block: Option<&Value>| {
        block.map(|b| {
            text(b.get("createdAt"))
                .or_else(|| text(b.pointer("/properties/createdAt")))
                .or_else(|| answer.clone())
        })?
    };
    let position = block("location")
        .or_else(|| block("position"))
        .or_else(|| raw.get("lastPosition").filter(|p| p.is_object()));
    let energies = vehicle
        .and_then(|v| v.get("energies"))
        .and_then(Value::as_array)
        .filter(|list| !list.is_empty());
    // RFC 3339 times in UTC compare as text; the newest energy reading is the one to show.
    let energy = energies.and_then(|list| {
        list.iter()
            .filter_map(|e| text(e.get("createdAt")))
            .max()
            .or_else(|| answer.clone())
    });
    ReadTimes {
        position: at(position),
        energy,
        doors: at(block("doorsState")),
        battery: at(block("battery")),
        odometer: at(block("odometer")),
        preconditioning: at(block("preconditioning")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_block_has_its_own_time_else_the_answers() {
        let times = read_times(&json!({
            "createdAt": "2026-11-26T05:00:00Z",
            "vehicle": {
                "location": {"type": "Feature", "properties": {"createdAt": "2026-11-25T20:00:00Z"}},
                "energies": [
                    {"type": "Electric", "createdAt": "2026-11-25T21:00:00Z"},
                    {"type": "Fuel", "createdAt": "2026-11-25T22:00:00Z"}
                ],
                "doorsState": {"createdAt": "2026-11-25T19:00:00Z"},
                "battery": {"voltage": 80},
                "odometer": "nonsense"
            }
        }));
        assert_eq!(times.position.as_deref(), Some("2026-11-25T20:00:00Z"));
        assert_eq!(times.energy.as_deref(), Some("2026-11-25T22:00:00Z"));
        assert_eq!(times.doors.as_deref(), Some("2026-11-25T19:00:00Z"));
        assert_eq!(times.battery.as_deref(), Some("2026-11-26T05:00:00Z"));
        assert_eq!(times.odometer, None, "not a block");
        assert_eq!(times.preconditioning, None);
        assert_eq!(read_times(&json!({})), ReadTimes::default());
    }
}
