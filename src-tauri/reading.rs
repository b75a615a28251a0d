//! What a vehicle's latest telemetry says, as the window shows it and the vehicle cache keeps
//! it: levels and range per energy, charging, doors, preconditioning, privacy, stolen state,
//! 12 V battery, odometer, ignition, and when each reading was taken. Every field may be
//! missing (privacy settings, older units); unknown API values read as missing, never as text
//! the UI would show raw.

use serde::{Deserialize, Serialize};
use stellantis::GeoPoint;

use crate::programs::{ProgramReading, preconditioning_programs};
use stellantis::wire::response::{
    Doors, Energy, EnergyKind, Ignition as ApiIgnition, PreconditioningStatus, PrivacyState,
    ReadTimes, Telemetry,
};

/// Locked or unlocked doors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Lock {
    /// Locked (or super-locked).
    Locked,
    /// Unlocked.
    Unlocked,
}

/// One energy the vehicle runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EnergyType {
    /// Traction battery.
    Electric,
    /// Fuel tank.
    Fuel,
}

/// The level and range of one energy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnergyLevel {
    /// Electric or fuel.
    pub kind: EnergyType,
    /// Battery charge or tank level, percent.
    pub level_percent: Option<f64>,
    /// How far it goes on this energy, km.
    pub range_km: Option<f64>,
}

/// The air conditioning's preconditioning state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Preconditioning {
    /// Running.
    Enabled,
    /// Off.
    Disabled,
    /// It ran to its end.
    Finished,
    /// It failed.
    Failure,
}

/// The privacy mode set in the vehicle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Privacy {
    /// Everything is shared.
    None,
    /// The position is hidden.
    Geolocation,
    /// The position and the data are hidden.
    Full,
}

/// Engine off, starting, on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Ignition {
    /// Off.
    Stop,
    /// Starting.
    StartUp,
    /// On.
    Start,
}

/// The state part of a vehicle summary: what its latest telemetry said (kept in the vehicle
/// cache as this JSON; a field missing from an older cached value reads as unknown).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Reading {
    /// Where the vehicle last reported itself; `None` when hidden or unknown.
    pub position: Option<GeoPoint>,
    /// Traction battery level in percent (electric and hybrid).
    pub battery_percent: Option<f64>,
    /// Fuel level in percent (thermic and hybrid).
    pub fuel_percent: Option<f64>,
    /// Locked or unlocked, when known.
    pub lock: Option<Lock>,
    /// The identifiers of the doors reported open (`Driver`, `Trunk`...).
    pub open_doors: Vec<String>,
    /// Whether it is moving, when known.
    pub moving: Option<bool>,
    /// Charging status as the API spells it (`InProgress`, `Stopped`...), when electric.
    pub charging: Option<String>,
    /// Whether the charging cable is plugged in, when electric.
    pub plugged: Option<bool>,
    /// When the telemetry was built (RFC 3339).
    pub updated_at: Option<String>,
    /// Level and range of each energy, electric first as sent.
    pub energies: Vec<EnergyLevel>,
    /// The charging speed as the API spells it (`Slow`, `Quick`, `No`).
    pub charging_mode: Option<String>,
    /// Minutes left until the battery is full, while charging.
    pub charging_remaining_minutes: Option<u64>,
    /// The preconditioning state.
    pub preconditioning: Option<Preconditioning>,
    /// The privacy mode.
    pub privacy: Option<Privacy>,
    /// Whether the vehicle is reported stolen.
    pub stolen: Option<bool>,
    /// The 12 V battery's level, percent.
    pub battery_12v_percent: Option<f64>,
    /// The odometer, km.
    pub odometer_km: Option<f64>,
    /// The ignition.
    pub ignition: Option<Ignition>,
    /// When each reading was taken (its block's own time, else the telemetry's).
    pub read_at: ReadTimes,
    /// The air-conditioning programs set in the vehicle, by slot.
    pub preconditioning_programs: Vec<ProgramReading>,
}

fn level(energy: Option<&Energy>) -> Option<f64> {
    energy
        .and_then(|e| e.level)
        .filter(|l| (0.0..=100.0).contains(l))
}

impl Reading {
    /// Reads the telemetry.
    pub fn from_telemetry(telemetry: &Telemetry) -> Self {
        let doors = telemetry.doors.as_ref();
        let charging = telemetry.charging();
        let energies = telemetry
            .energies
            .iter()
            .filter_map(|energy| {
                let kind = match energy.kind {
                    EnergyKind::Electric => EnergyType::Electric,
                    EnergyKind::Fuel => EnergyType::Fuel,
                    EnergyKind::Other(_) => return None,
                };
                Some(EnergyLevel {
                    kind,
                    level_percent: level(Some(energy)),
                    range_km: energy.autonomy_km,
                })
            })
            .collect();
        Reading {
            position: telemetry.position,
            battery_percent: level(telemetry.electric()),
            fuel_percent: level(telemetry.fuel()),
            lock: doors
                .and_then(Doors::locked)
                .map(|locked| if locked { Lock::Locked } else { Lock::Unlocked }),
            open_doors: doors
                .map(|d| d.open().map(str::to_owned).collect())
                .unwrap_or_default(),
            moving: telemetry.moving,
            charging: charging
                .and_then(|c| c.status.as_ref())
                .map(|s| s.as_str().to_owned()),
            plugged: charging.and_then(|c| c.plugged),
            updated_at: telemetry.created_at.clone(),
            energies,
            charging_mode: charging
                .and_then(|c| c.mode.as_ref())
                .map(|m| m.as_str().to_owned()),
            charging_remaining_minutes: charging.and_then(|c| c.remaining_minutes),
            preconditioning: telemetry.preconditioning.as_ref().and_then(|p| match p {
                PreconditioningStatus::Enabled => Some(Preconditioning::Enabled),
                PreconditioningStatus::Disabled => Some(Preconditioning::Disabled),
                PreconditioningStatus::Finished => Some(Preconditioning::Finished),
                PreconditioningStatus::Failure => Some(Preconditioning::Failure),
                PreconditioningStatus::Other(_) => None,
            }),
            privacy: telemetry.privacy.as_ref().and_then(|p| match p {
                PrivacyState::None => Some(Privacy::None),
                PrivacyState::Geolocation => Some(Privacy::Geolocation),
                PrivacyState::Full => Some(Privacy::Full),
                PrivacyState::Other(_) => None,
            }),
            stolen: telemetry.stolen,
            battery_12v_percent: telemetry
                .battery_12v_percent
                .filter(|l| (0.0..=100.0).contains(l)),
            odometer_km: telemetry.odometer_km.filter(|km| *km >= 0.0),
            ignition: telemetry.ignition.as_ref().and_then(|i| match i {
                ApiIgnition::Stop => Some(Ignition::Stop),
                ApiIgnition::StartUp => Some(Ignition::StartUp),
                ApiIgnition::Start => Some(Ignition::Start),
                ApiIgnition::Other(_) => None,
            }),
            read_at: telemetry.read_at.clone(),
            preconditioning_programs: preconditioning_programs(&telemetry.raw),
        }
    }

    /// The newest time among the readings and the telemetry's own, when one reads as RFC 3339.
    pub fn newest(&self) -> Option<jiff::Timestamp> {
        let t = &self.read_at;
        [
            &self.updated_at,
            &t.position,
            &t.energy,
            &t.doors,
            &t.battery,
            &t.odometer,
            &t.preconditioning,
        ]
        .into_iter()
        .flatten()
        .fold(Vec::<&str>::with_capacity(7), |mut distinct, at| {
            // The blocks of one answer mostly share its time: each distinct text is parsed once.
            if !distinct.contains(&at.as_str()) {
                distinct.push(at);
            }
            distinct
        })
        .into_iter()
        .filter_map(|at| at.parse::<jiff::Timestamp>().ok())
        .max()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn telemetry() -> Telemetry {
        Telemetry::from_value(json!({
            "createdAt": "2026-11-26T05:00:00Z",
            "vehicle": {
                "location": {"type": "Feature", "createdAt": "2026-11-26T04:00:00Z",
                    "geometry": {"type": "Point", "coordinates": [2.35, 48.85, 35.0]}},
                "energies": [
                    {"createdAt": "2026-11-26T04:30:00Z", "type": "Electric", "level": 81.5, "autonomy": 270,
                     "extension": {"electric": {"charging": {"plugged": true, "status": "InProgress",
                        "remainingTime": "PT1H5M", "chargingMode": "Slow"}}}},
                    {"type": "Fuel", "level": 40, "autonomy": 300},
                    {"type": "Hydrogen", "level": 3}
                ],
                "doorsState": {"lockedState": ["Unlocked"], "opening": [
                    {"identifier": "Driver", "state": "Open"},
                    {"identifier": "Trunk", "state": "Closed"}
                ]},
                "preconditioning": {"airConditioning": {"status": "Teleporting"}},
                "ignition": {"type": "StartUp"},
                "battery": {"voltage": 66},
                "odometer": {"mileage": 12345.5},
                "stolen": {"state": true},
                "kinetic": {"moving": true}
            },
            "privacy": {"state": "Geolocation"}
        }))
    }

    #[test]
    fn reads_every_field_the_window_shows() {
        let reading = Reading::from_telemetry(&telemetry());
        assert_eq!(reading.battery_percent, Some(81.5));
        assert_eq!(reading.fuel_percent, Some(40.0));
        assert_eq!(
            reading.energies,
            [
                EnergyLevel {
                    kind: EnergyType::Electric,
                    level_percent: Some(81.5),
                    range_km: Some(270.0)
                },
                EnergyLevel {
                    kind: EnergyType::Fuel,
                    level_percent: Some(40.0),
                    range_km: Some(300.0)
                },
            ],
            "hydrogen is not one the window knows"
        );
        assert_eq!(reading.lock, Some(Lock::Unlocked));
        assert_eq!(reading.open_doors, ["Driver"]);
        assert_eq!(reading.charging.as_deref(), Some("InProgress"));
        assert_eq!(reading.charging_mode.as_deref(), Some("Slow"));
        assert_eq!(reading.charging_remaining_minutes, Some(65));
        assert_eq!(reading.preconditioning, None, "an unknown value is unknown");
        assert_eq!(reading.privacy, Some(Privacy::Geolocation));
        assert_eq!(reading.stolen, Some(true));
        assert_eq!(reading.battery_12v_percent, Some(66.0));
        assert_eq!(reading.odometer_km, Some(12345.5));
        assert_eq!(reading.ignition, Some(Ignition::StartUp));
        assert_eq!(
            reading.read_at.position.as_deref(),
            Some("2026-11-26T04:00:00Z")
        );
        assert_eq!(
            reading.read_at.doors.as_deref(),
            Some("2026-11-26T05:00:00Z")
        );
        assert_eq!(
            reading.newest().map(|t| t.to_string()),
            Some("2026-11-26T05:00:00Z".to_owned())
        );
    }

    #[test]
    fn crosses_ipc_and_the_cache_in_camel_case_and_reads_back() {
        let reading = Reading::from_telemetry(&telemetry());
        let json = serde_json::to_value(&reading).expect("json");
        for key in [
            "battery12vPercent",
            "odometerKm",
            "chargingRemainingMinutes",
            "chargingMode",
            "openDoors",
            "readAt",
        ] {
            assert!(json.get(key).is_some(), "{key} in {json}");
        }
        assert_eq!(json["ignition"], "startUp");
        assert_eq!(json["privacy"], "geolocation");
        assert_eq!(json["lock"], "unlocked");
        assert_eq!(json["energies"][0]["kind"], "electric");
        assert_eq!(json["energies"][0]["levelPercent"], 81.5);
        assert_eq!(json["energies"][0]["rangeKm"], 270.0);
        assert_eq!(json["readAt"]["odometer"], "2026-11-26T05:00:00Z");
        let back: Reading = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, reading);
        // An older cached value, missing fields: they read as unknown.
        let old: Reading = serde_json::from_value(json!({"lock": "locked"})).expect("lenient");
        assert_eq!(old.lock, Some(Lock::Locked));
        assert_eq!(old.read_at, ReadTimes::default());
    }
}
