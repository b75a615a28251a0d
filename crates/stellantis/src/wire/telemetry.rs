//! The latest telemetry of a vehicle (`GET .../telemetries/latest`, schema
//! `AggregatedTelemetries`), read leniently: every field is optional, a field of the wrong type
//! is treated as missing, unknown enum values are kept as text, and the whole answer stays in
//! `raw` for what this type does not name.

use serde::Serialize;
use serde_json::Value;

use super::response::GeoPoint;

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

/// A string value, or `None`.
fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

/// A finite number, also when sent as a numeric string.
fn number(v: Option<&Value>) -> Option<f64> {
    let n = match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    n.filter(|n: &f64| n.is_finite())
}

/// One energy; an entry without a `type` cannot be told apart and is skipped.
fn energy(v: &Value) -> Option<Energy> {
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

/// Locks and openings; `None` when neither is readable.
fn doors(v: &Value) -> Option<Doors> {
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

/// Minutes of an ISO-8601 time duration such as `PT2H10M`, `PT45M30S`, `P1DT2H` (seconds are
/// rounded down); `None` when it does not read as one.
pub fn duration_minutes(iso: &str) -> Option<u64> {
    let rest = iso.trim().strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((days, time)) => (days, time),
        None => (rest, ""),
    };
    let mut seconds: f64 = 0.0;
    let mut read = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else {
                let (_, factor) = units.iter().find(|(u, _)| *u == c)?;
                seconds += number.parse::<f64>().ok()? * factor;
                number.clear();
            }
        }
        number.is_empty().then_some(())
    };
    read(days, &[('W', 604_800.0), ('D', 86_400.0)])?;
    read(time, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)])?;
    (rest != "T" && !rest.is_empty()).then_some((seconds / 60.0).floor() as u64)
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
        assert_eq!(t.preconditioning, None);
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

    #[test]
    fn iso_durations_in_minutes() {
        assert_eq!(duration_minutes("PT2H10M"), Some(130));
        assert_eq!(duration_minutes("PT0S"), Some(0));
        assert_eq!(duration_minutes("PT45M59S"), Some(45));
        assert_eq!(duration_minutes("P1DT1H"), Some(1500));
        assert_eq!(duration_minutes("PT1.5H"), Some(90));
        for bad in ["", "P", "PT", "2H", "PT2X", "PT2", "soon"] {
            assert_eq!(duration_minutes(bad), None, "{bad}");
        }
    }
}
