//! The energies of a vehicle (`vehicle.energies[]`): traction battery and fuel tank, with the
//! battery's charging state.

use serde::Serialize;
use serde_json::Value;

use super::duration::duration_minutes;
use super::field::{number, text};

open_enum! {
    /// The kind of an energy (`energies[].type`).
    EnergyKind {
        /// Traction battery.
        Electric,
        /// Fuel tank.
        Fuel,
    }
}

open_enum! {
    /// The charging system's state (`ChargingStatusEnum`).
    ChargingStatus {
        /// No cable.
        Disconnected,
        /// Charging now.
        InProgress,
        /// The charging system reported a failure.
        Failure,
        /// Plugged, not charging.
        Stopped,
        /// Plugged, full (or at its target level).
        Finished,
    }
}

open_enum! {
    /// The charging speed (`charging.chargingMode`).
    ChargingMode {
        /// Not charging.
        No,
        /// Slow charging.
        Slow,
        /// Fast charging.
        Quick,
    }
}

/// The charging state of the electric energy (`extension.electric.charging`).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Charging {
    /// Charging, stopped, finished, ...
    pub status: Option<ChargingStatus>,
    /// Whether a cable is plugged in.
    pub plugged: Option<bool>,
    /// Slow, quick, or not charging.
    pub mode: Option<ChargingMode>,
    /// Time left until full, as sent (ISO-8601 duration such as `PT2H10M`).
    pub remaining_time: Option<String>,
    /// The same in minutes, when it reads as a duration.
    pub remaining_minutes: Option<u64>,
}

/// One energy of the vehicle (`vehicle.energies[]`).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Energy {
    /// Electric or fuel.
    pub kind: EnergyKind,
    /// `ElectricEnergy`, `FossilEnergy`, `Hydrogen`, ... as sent.
    pub sub_type: Option<String>,
    /// Battery charge or tank level, percent (0–100).
    pub level: Option<f64>,
    /// How far it can go on this energy, km.
    pub autonomy_km: Option<f64>,
    /// The charging state (electric energy only).
    pub charging: Option<Charging>,
}

/// One energy; an entry without a `type` cannot be told apart and is skipped.
pub(super) fn energy(v: &Value) -> Option<Energy> {
    let kind = EnergyKind::parse(v.get("type")?.as_str()?);
    let charging = v.pointer("/extension/electric/charging").map(|c| {
        let remaining_time = text(c.get("remainingTime"));
        Charging {
            status: text(c.get("status")).map(|s| ChargingStatus::parse(&s)),
            plugged: c.get("plugged").and_then(Value::as_bool),
            // `chargingMode` moved under `settings`; older answers have it beside `status`.
            mode: text(
                c.pointer("/settings/chargingMode")
                    .or_else(|| c.get("chargingMode")),
            )
            .map(|s| ChargingMode::parse(&s)),
            remaining_minutes: remaining_time.as_deref().and_then(duration_minutes),
            remaining_time,
        }
    });
    Some(Energy {
        kind,
        sub_type: text(v.get("subType")),
        level: number(v.get("level")).filter(|l| (0.0..=100.0).contains(l)),
        autonomy_km: number(v.get("autonomy")).filter(|a| *a >= 0.0),
        charging,
    })
}
