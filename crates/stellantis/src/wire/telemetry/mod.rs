//! The latest telemetry of a vehicle (`GET .../telemetries/latest`, schema
//! `AggregatedTelemetries`), read leniently: every field is optional, a field of the wrong type
//! is treated as missing, unknown enum values are kept as text, and the whole answer stays in
//! `raw` for what this type does not name.
//!
//! This file holds the whole answer and the vehicle-wide fields; the energies, the doors, the
//! lenient reading of one field and ISO-8601 durations each have their own.

mod doors;
mod duration;
mod energy;
mod field;
mod times;

pub use doors::{Doors, LockedState, Opening, OpeningState};
pub use duration::duration_minutes;
pub use energy::{Charging, ChargingMode, ChargingStatus, Energy, EnergyKind};
pub use times::ReadTimes;

use serde::Serialize;
use serde_json::Value;

use super::response::GeoPoint;
use doors::doors;
use energy::energy;
use field::{number, text};
use times::read_times;

open_enum! {
    /// The ignition (`vehicle.ignition.type`).
    Ignition {
        /// Engine off.
        Stop,
        /// Starting.
        StartUp,
        /// Engine on.
        Start,
    }
}

open_enum! {
    /// The privacy mode set in the vehicle (`privacy.state`).
    PrivacyState {
        /// Everything is shared.
        None,
        /// The position is hidden.
        Geolocation,
        /// The position and the data are hidden.
        Full,
    }
}

open_enum! {
    /// The air conditioning's preconditioning state
    /// (`vehicle.preconditioning.airConditioning.status`).
    PreconditioningStatus {
        /// Running.
        Enabled,
        /// Off.
        Disabled,
        /// It ran to its end.
        Finished,
        /// It failed (see the failure cause).
        Failure,
    }
}

/// The latest telemetry: what a driver wants to see, each field `None` when the answer does not
/// carry it, plus the whole answer.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Telemetry {
    /// When the server built it.
    pub created_at: Option<String>,
    /// The vehicle's last position.
    pub position: Option<GeoPoint>,
    /// Each energy (electric, fuel), in the order sent.
    pub energies: Vec<Energy>,
    /// Locks and openings.
    pub doors: Option<Doors>,
    /// Engine off, starting, on.
    pub ignition: Option<Ignition>,
    /// Whether the vehicle is moving.
    pub moving: Option<bool>,
    /// The privacy mode set in the vehicle.
    pub privacy: Option<PrivacyState>,
    /// The 12 V battery's level, percent (`vehicle.battery.voltage`, which the spec defines as
    /// a percentage despite its name).
    pub battery_12v_percent: Option<f64>,
    /// The odometer, km.
    pub odometer_km: Option<f64>,
    /// The outside air temperature, °C.
    pub air_temperature_c: Option<f64>,
    /// Whether the air conditioning is preconditioning the cabin.
    pub preconditioning: Option<PreconditioningStatus>,
    /// Whether the vehicle is reported stolen (`vehicle.stolen.state`, schema `StolenObj`).
    pub stolen: Option<bool>,
    /// When each reading was taken.
    pub read_at: ReadTimes,
    /// The whole answer.
    pub raw: Value,
}

impl Telemetry {
    /// Reads the answer; only a body that is not JSON at all is an error.
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        let raw: Value = serde_json::from_slice(body)?;
        Ok(Telemetry::from_value(raw))
    }

    /// Reads an already parsed answer; never fails.
    pub fn from_value(raw: Value) -> Self {
        let vehicle = raw.get("vehicle");
        let field = |name: &str| vehicle.and_then(|v| v.get(name));
        let position = field("location")
            .or_else(|| field("position"))
            .or_else(|| raw.get("lastPosition"))
            .and_then(GeoPoint::from_geojson);
        let energies = field("energies")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(energy).collect())
            .unwrap_or_default();
        Telemetry {
            created_at: text(raw.get("createdAt")),
            position,
            energies,
            doors: field("doorsState").and_then(doors),
            ignition: text(field("ignition").and_then(|i| i.get("type")))
                .map(|s| Ignition::parse(&s)),
            moving: field("kinetic")
                .and_then(|k| k.get("moving"))
                .and_then(Value::as_bool),
            privacy: text(raw.pointer("/privacy/state")).map(|s| PrivacyState::parse(&s)),
            battery_12v_percent: number(field("battery").and_then(|b| b.get("voltage"))),
            odometer_km: number(field("odometer").and_then(|o| o.get("mileage"))),
            air_temperature_c: number(raw.pointer("/environment/air/temp")),
            preconditioning: text(
                field("preconditioning").and_then(|p| p.pointer("/airConditioning/status")),
            )
            .map(|s| PreconditioningStatus::parse(&s)),
            stolen: field("stolen")
                .and_then(|s| s.get("state"))
                .and_then(Value::as_bool),
            read_at: read_times(&raw),
            raw,
        }
    }

    /// The first energy of this kind.
    pub fn energy(&self, kind: &EnergyKind) -> Option<&Energy> {
        self.energies.iter().find(|e| &e.kind == kind)
    }

    /// The traction battery, when the vehicle has one.
    pub fn electric(&self) -> Option<&Energy> {
        self.energy(&EnergyKind::Electric)
    }

    /// The fuel tank, when the vehicle has one.
    pub fn fuel(&self) -> Option<&Energy> {
        self.energy(&EnergyKind::Fuel)
    }

    /// The charging state of the traction battery.
    pub fn charging(&self) -> Option<&Charging> {
        self.electric()?.charging.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The shape `stellantis-sim` serves for a plugged electric vehicle (trimmed of links).
    fn simulator_body() -> Value {
        json!({
            "createdAt": "2026-11-26T05:00:00Z",
            "updatedAt": "2026-11-26T05:00:00Z",
            "_links": {"self": {"href": "/v/1/telemetries/latest"}, "vehicle": {"href": "/v/1"}},
            "vehicle": {
                "ignition": {"createdAt": "t", "type": "Stop"},
                "preconditioning": {"createdAt": "t", "airConditioning": {"status": "Disabled", "programs": []}},
                "energies": [{
                    "createdAt": "t", "type": "Electric", "subType": "ElectricEnergy",
                    "level": 80.0, "autonomy": 272,
                    "extension": {"electric": {
                        "battery": {"load": {"createdAt": "t", "capacity": 50000, "residual": 40000}},
                        "charging": {"plugged": true, "status": "InProgress", "remainingTime": "PT2H10M", "chargingMode": "Slow"}
                    }}
                }, {
                    "createdAt": "t", "type": "Fuel", "subType": "FossilEnergy", "level": 55.5, "autonomy": 388
                }],
                "doorsState": {"createdAt": "t", "lockedState": ["Unlocked"], "opening": [
                    {"identifier": "Driver", "state": "Open"},
                    {"identifier": "Passenger", "state": "Closed"},
                    {"identifier": "Trunk", "state": "Open"}
                ]},
                "battery": {"createdAt": "t", "voltage": 88.0},
                "odometer": {"createdAt": "t", "mileage": 12345.6},
                "kinetic": {"createdAt": "t", "moving": false, "speed": 0.0},
                "stolen": {"createdAt": "t", "id": "s1", "state": true, "startedAt": "t"},
                "location": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.3522, 48.8566]}}
            },
            "privacy": {"createdAt": "t", "state": "None"},
            "environment": {"air": {"createdAt": "t", "temp": 14.5}}
        })
    }

    #[test]
    fn reads_every_field_of_the_simulator_shape() {
        let body = serde_json::to_vec(&simulator_body()).expect("serializes");
        let t = Telemetry::parse(&body).expect("parses");
        assert_eq!(t.created_at.as_deref(), Some("2026-11-26T05:00:00Z"));
        assert_eq!(
            t.position,
            Some(GeoPoint {
                latitude: 48.8566,
                longitude: 2.3522
            })
        );
        let electric = t.electric().expect("electric energy");
        assert_eq!(electric.level, Some(80.0));
        assert_eq!(electric.autonomy_km, Some(272.0));
        assert_eq!(electric.sub_type.as_deref(), Some("ElectricEnergy"));
        let charging = t.charging().expect("charging");
        assert_eq!(charging.status, Some(ChargingStatus::InProgress));
        assert_eq!(charging.plugged, Some(true));
        assert_eq!(charging.mode, Some(ChargingMode::Slow));
        assert_eq!(charging.remaining_time.as_deref(), Some("PT2H10M"));
        assert_eq!(charging.remaining_minutes, Some(130));
        let fuel = t.fuel().expect("fuel energy");
        assert_eq!((fuel.level, fuel.autonomy_km), (Some(55.5), Some(388.0)));
        assert_eq!(fuel.charging, None);
        let doors = t.doors.as_ref().expect("doors");
        assert_eq!(doors.locked(), Some(false));
        assert_eq!(doors.open().collect::<Vec<_>>(), ["Driver", "Trunk"]);
        assert_eq!(doors.openings.len(), 3);
        assert_eq!(t.ignition, Some(Ignition::Stop));
        assert_eq!(t.moving, Some(false));
        assert_eq!(t.privacy, Some(PrivacyState::None));
        assert_eq!(t.battery_12v_percent, Some(88.0));
        assert_eq!(t.odometer_km, Some(12345.6));
        assert_eq!(t.air_temperature_c, Some(14.5));
        assert_eq!(t.preconditioning, Some(PreconditioningStatus::Disabled));
        assert_eq!(t.stolen, Some(true));
        assert_eq!(t.read_at.doors.as_deref(), Some("t"));
        assert_eq!(
            t.read_at.position.as_deref(),
            Some("2026-11-26T05:00:00Z"),
            "a location without its own time takes the answer's"
        );
        assert_eq!(t.raw, simulator_body());
    }

    #[test]
    fn a_sparse_body_gives_none_without_failing() {
        let t = Telemetry::parse(br#"{"createdAt":"x"}"#).expect("parses");
        assert_eq!(t.created_at.as_deref(), Some("x"));
        assert!(t.energies.is_empty() && t.electric().is_none() && t.charging().is_none());
        assert_eq!(
            (t.doors, t.ignition, t.moving, t.privacy),
            (None, None, None, None)
        );
        assert_eq!(
            (
                t.battery_12v_percent,
                t.odometer_km,
                t.air_temperature_c,
                t.position
            ),
            (None, None, None, None)
        );
        assert_eq!((t.preconditioning, t.stolen), (None, None));
        assert_eq!(
            Telemetry::parse(b"{}").expect("parses"),
            Telemetry::from_value(json!({}))
        );
        assert!(Telemetry::parse(b"not json").is_err());
    }

    #[test]
    fn wrong_types_unknown_values_and_extra_fields_are_tolerated() {
        let t = Telemetry::from_value(json!({
            "surprise": [1, 2],
            "vehicle": {
                "ignition": {"type": "Hovering"},
                "energies": [
                    {"level": 10},
                    {"type": "Electric", "level": "47.5", "autonomy": "far",
                     "extension": {"electric": {"charging": {"status": "Teleporting", "plugged": "yes",
                        "remainingTime": "soon", "settings": {"chargingMode": "Quick"}}}}},
                    {"type": "Hydrogen", "level": 140}
                ],
                "doorsState": {"lockedState": ["SuperLocked", 3], "opening": [{"state": "Open"}, {"identifier": "HoodDoor", "state": "Ajar"}]},
                "battery": {"voltage": null},
                "odometer": {"mileage": true},
                "kinetic": {"moving": 1}
            },
            "privacy": {"state": "Partial"},
            "environment": {"air": "warm"}
        }));
        assert_eq!(t.energies.len(), 2, "the entry without a type is skipped");
        let electric = t.electric().expect("electric");
        assert_eq!((electric.level, electric.autonomy_km), (Some(47.5), None));
        let charging = t.charging().expect("charging");
        assert_eq!(
            charging.status,
            Some(ChargingStatus::Other("Teleporting".into()))
        );
        assert_eq!(charging.plugged, None);
        assert_eq!(charging.mode, Some(ChargingMode::Quick));
        assert_eq!(
            (
                charging.remaining_time.as_deref(),
                charging.remaining_minutes
            ),
            (Some("soon"), None)
        );
        let other = t.energy(&EnergyKind::Other("Hydrogen".into()));
        assert_eq!(other.map(|e| e.level), Some(None), "140 % is no level");
        let doors = t.doors.as_ref().expect("doors");
        assert_eq!(doors.locked(), Some(true));
        assert_eq!(
            doors.openings,
            [Opening {
                identifier: "HoodDoor".into(),
                state: Some(OpeningState::Other("Ajar".into()))
            }]
        );
        assert_eq!(doors.open().count(), 0);
        assert_eq!(t.ignition, Some(Ignition::Other("Hovering".into())));
        assert_eq!(t.privacy, Some(PrivacyState::Other("Partial".into())));
        assert_eq!(
            (t.battery_12v_percent, t.odometer_km, t.moving),
            (None, None, None)
        );
        assert_eq!(t.air_temperature_c, None);
    }
}
