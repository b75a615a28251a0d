//! One simulated vehicle: its fixed identity and capabilities, its changing state, its JSON views.

use std::sync::Mutex;
use std::time::{Instant, SystemTime};

use serde::Serialize;
use serde_json::{Value, json};

use crate::clock;

/// Energy the vehicle runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Motorization {
    /// Battery electric.
    Electric,
    /// Plug-in hybrid.
    Hybrid,
    /// Combustion engine only.
    Thermic,
}

impl Motorization {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Motorization::Electric => "Electric",
            Motorization::Hybrid => "Hybrid",
            Motorization::Thermic => "Thermic",
        }
    }
}

/// How deeply the vehicle's telematics unit sleeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Sleep {
    /// Reachable now.
    Awake,
    /// Asleep: reachable after a wake-up (`WakingUpVehicle`).
    Light,
    /// Deep sleep, not reachable: every remote ends `VehicleConnectionTimeout`.
    Deep,
}

/// Privacy mode set in the car.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Privacy {
    /// Everything shared.
    None,
    /// Position hidden.
    Geolocation,
    /// Position and data hidden.
    Full,
}

impl Privacy {
    fn as_str(self) -> &'static str {
        match self {
            Privacy::None => "None",
            Privacy::Geolocation => "Geolocation",
            Privacy::Full => "Full",
        }
    }
}

/// The remote features a vehicle may support (bits of [`Capabilities`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u16)]
pub enum Feature {
    /// `locking` (capability key `door`).
    Locking = 1,
    /// `horn`.
    Horn = 1 << 1,
    /// `lights`.
    Lights = 1 << 2,
    /// `preconditioning`.
    Preconditioning = 1 << 3,
    /// `charging`.
    Charging = 1 << 4,
    /// `wakeup`.
    Wakeup = 1 << 5,
    /// `navigation`.
    Navigation = 1 << 6,
    /// `stolen`.
    Stolen = 1 << 7,
    /// `tan` (capability key `tanSuppress`).
    Tan = 1 << 8,
    /// `immobilization` (simulator extension key in the capability).
    Immobilization = 1 << 9,
    /// `vehicleFinder` (simulator extension key in the capability).
    VehicleFinder = 1 << 10,
    /// `onboardPersonalData` (simulator extension key in the capability).
    OnboardPersonalData = 1 << 11,
}

/// A set of supported remote features.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities(pub u16);

impl Capabilities {
    /// Every feature.
    pub const ALL: Capabilities = Capabilities(0x0fff);

    /// Whether `feature` is supported.
    pub fn has(self, feature: Feature) -> bool {
        self.0 & feature as u16 != 0
    }

    /// The set without `feature`.
    pub fn without(self, feature: Feature) -> Self {
        Capabilities(self.0 & !(feature as u16))
    }
}

/// Doors, as bits of [`VehicleState::open_doors`].
pub(crate) const DOORS: [&str; 5] = ["Driver", "Passenger", "RearLeft", "RearRight", "Trunk"];

/// The charging state reported in telemetry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChargingStatus {
    /// No cable.
    Disconnected,
    /// Charging now.
    InProgress,
    /// Plugged, not charging.
    Stopped,
    /// Plugged, full.
    Finished,
}

impl ChargingStatus {
    fn as_str(self) -> &'static str {
        match self {
            ChargingStatus::Disconnected => "Disconnected",
            ChargingStatus::InProgress => "InProgress",
            ChargingStatus::Stopped => "Stopped",
            ChargingStatus::Finished => "Finished",
        }
    }
}

/// What changes on a vehicle as remotes run.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VehicleState {
    /// Sleep depth when no wake-up is in effect.
    pub sleep: Sleep,
    /// A wake-up keeps the vehicle awake until then.
    #[serde(skip)]
    pub awake_until: Option<Instant>,
    /// Doors locked.
    pub locked: bool,
    /// Bit i set = `DOORS[i]` open.
    pub open_doors: u8,
    /// Driving now.
    pub moving: bool,
    /// Traction battery (or fuel for thermic) level, percent.
    pub energy_level: f32,
    /// Fuel level of a hybrid, percent.
    pub fuel_level: f32,
    /// Charging cable plugged.
    pub plugged: bool,
    /// Charging state.
    pub charging: ChargingStatus,
    /// Privacy mode.
    pub privacy: Privacy,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Heading, degrees.
    pub heading: f32,
    /// Odometer, km.
    pub mileage: f32,
    /// Wake-ups used this month.
    pub wakeups_this_month: u16,
    /// Reported stolen.
    pub stolen: bool,
    /// Since when it is reported stolen (`vehicle.stolen.startedAt`).
    #[serde(skip)]
    pub stolen_since: Option<SystemTime>,
    /// Crank inhibition active (stolen-vehicle feature).
    pub crank_inhibit: bool,
    /// Immobilization active.
    pub immobilized: bool,
    /// Theft-alarm notifications suppressed, with the duration code 0..5.
    pub tan_suppressed: Option<u8>,
    /// Last theft-alarm confirmation sent.
    pub tan_confirmed: Option<bool>,
    /// Lights on.
    pub lights_on: bool,
    /// Horn sounding.
    pub horn_on: bool,
    /// Air conditioning running.
    pub preconditioning_on: bool,
    /// Preconditioning programs by slot 1..4 (the request's program objects).
    pub precond_programs: Vec<Value>,
    /// Charging programs by slot 1..2.
    pub charge_programs: Vec<Value>,
    /// Last charge settings / deferred charge sent.
    pub charge_settings: Option<Value>,
    /// The last navigation route sent: GeoJSON features.
    pub route: Option<Value>,
    /// How many onboard personal data deletions ran.
    pub onboard_data_deletions: u32,
    /// The remote now running on this vehicle (one at a time).
    pub pending_remote: Option<String>,
    /// Last change of this state.
    #[serde(skip)]
    pub updated_at: SystemTime,
}

impl VehicleState {
    /// Whether any door is open.
    pub fn doors_open(&self) -> bool {
        self.open_doors != 0
    }

    /// Whether the vehicle is reachable now without a wake-up.
    pub fn is_awake(&self, now: Instant) -> bool {
        self.sleep == Sleep::Awake || self.awake_until.is_some_and(|until| until > now)
    }

    /// When the telemetry now served was read: an awake vehicle reports as it goes (now); an
    /// asleep one stays at its last reading, taken when it last changed or when its last
    /// wake-up ran out, whichever is later (so a parked car's data is hours old).
    pub fn reading_time(&self, now: Instant, wall: SystemTime) -> SystemTime {
        if self.is_awake(now) {
            return wall;
        }
        let woke_until = self
            .awake_until
            .map(|until| wall - now.saturating_duration_since(until));
        woke_until.map_or(self.updated_at, |until| until.max(self.updated_at))
    }
}

/// A vehicle of the fleet.
#[derive(Debug)]
pub struct Vehicle {
    /// Position in the fleet.
    pub index: usize,
    /// Opaque id used in paths.
    pub id: String,
    /// Vehicle identification number.
    pub vin: String,
    /// Energy.
    pub motorization: Motorization,
    /// Brand code, e.g. "AP" (Peugeot).
    pub brand: &'static str,
    /// Model code.
    pub model: &'static str,
    /// Supported remotes.
    pub capabilities: Capabilities,
    /// Changing state.
    pub state: Mutex<VehicleState>,
}

impl Vehicle {
    /// Lock the state; a poisoned lock only means another request panicked mid-update.
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, VehicleState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn fuel_type(&self) -> &'static str {
        match self.motorization {
            Motorization::Electric => "E",
            Motorization::Hybrid => "H",
            Motorization::Thermic => "G",
        }
    }

    /// The `Vehicle` schema (list item and detail).
    pub(crate) fn json(&self, base: &str) -> Value {
        let me = format!("{base}/accounts/vehicles/{}", self.id);
        json!({
            "id": self.id,
            "vin": self.vin,
            "brandCode": self.brand,
            "familyCode": self.model,
            "motorization": self.motorization.as_str(),
            "fuelType": self.fuel_type(),
            "_links": {
                "self": { "href": me },
                "lastTelemetries": { "href": format!("{me}/telemetries/latest") },
                "telemetries": { "href": format!("{me}/telemetries") },
                "remotes": { "href": format!("{me}/channels/{{chId}}/remotes"), "templated": true },
            },
        })
    }

    /// The `VehicleCapability` schema.
    pub(crate) fn capability_json(&self) -> Value {
        let caps = self.capabilities;
        let simple = |feature: Feature, scope: &str| json!({ "supported": caps.has(feature), "scopeName": scope });
        let electric = self.motorization != Motorization::Thermic;
        let mut data = vec![
            "data:telemetry",
            "data:telemetry:vehicle",
            "data:telemetry:vehicle:doorsState",
            "data:telemetry:vehicle:odometer",
            "data:telemetry:vehicle:kinetic",
            "data:telemetry:privacy",
            "data:position",
        ];
        if electric {
            data.push("data:telemetry:vehicle:energies");
            data.push("data:telemetry:vehicle:battery");
        }
        json!({
            "vin": self.vin,
            "brand": self.brand,
            "model": self.model,
            "motorization": self.motorization.as_str(),
            "onboardCapabilities": {
                "data": data,
                "remote": {
                    "preconditioning": {
                        "supported": caps.has(Feature::Preconditioning),
                        "scopeName": "remote:preconditioning:write",
                        "parameters": { "programs": { "size": 4, "temperature": true }, "immediate": true },
                    },
                    "charging": {
                        "supported": caps.has(Feature::Charging),
                        "scopeName": "remote:charging:write",
                        "parameters": {
                            "immediate": { "start": true, "stop": true },
                            "programs": {
                                "supported": caps.has(Feature::Charging),
                                "size": 2,
                                "occurrence": true,
                                "minChargingLevel": true,
                                "maxChargingLevel": true,
                            },
                            "settings": { "level": true, "type": true },
                        },
                    },
                    "door": simple(Feature::Locking, "remote:door:write"),
                    "horn": simple(Feature::Horn, "remote:horn:write"),
                    "lights": simple(Feature::Lights, "remote:lights:write"),
                    "wakeup": simple(Feature::Wakeup, "remote:wakeup:write"),
                    "navigation": simple(Feature::Navigation, "remote:navigation:write"),
                    "stolen": { "supported": caps.has(Feature::Stolen) },
                    "tanSuppress": { "supported": caps.has(Feature::Tan) },
                    "immobilization": { "supported": caps.has(Feature::Immobilization) },
                    "vehicleFinder": { "supported": caps.has(Feature::VehicleFinder) },
                    "onboardPersonalData": { "supported": caps.has(Feature::OnboardPersonalData) },
                },
            },
        })
    }

    /// A GeoJSON position feature (schema `Position`), or None when privacy hides it.
    pub(crate) fn position_json(state: &VehicleState, read: SystemTime) -> Option<Value> {
        if state.privacy != Privacy::None {
            return None;
        }
        let at = clock::rfc3339(read);
        Some(json!({
            "type": "Feature",
            "createdAt": at,
            "geometry": { "type": "Point", "coordinates": [state.lon, state.lat, 35.0] },
            "properties": {
                "createdAt": at,
                "heading": state.heading,
                "signalQuality": 4,
                "type": "Acquire",
                "fixStatus": "3D",
            },
        }))
    }

    /// The doors block (schema `DoorsState`).
    pub(crate) fn doors_json(state: &VehicleState, read: SystemTime) -> Value {
        let opening: Vec<Value> = DOORS
            .iter()
            .enumerate()
            .map(|(bit, door)| {
                let open = state.open_doors & (1 << bit) != 0;
                json!({ "identifier": door, "state": if open { "Open" } else { "Closed" } })
            })
            .collect();
        json!({
            "createdAt": clock::rfc3339(read),
            "lockedState": [if state.locked { "Locked" } else { "Unlocked" }],
            "opening": opening,
        })
    }

    /// The latest telemetry (schema `AggregatedTelemetries`).
    pub(crate) fn telemetry_json(&self, base: &str, state: &VehicleState) -> Value {
        let read = state.reading_time(Instant::now(), SystemTime::now());
        let at = clock::rfc3339(read);
        let me = format!("{base}/accounts/vehicles/{}", self.id);
        let mut energies = Vec::new();
        if self.motorization != Motorization::Thermic {
            let capacity = if self.motorization == Motorization::Electric {
                50_000
            } else {
                12_000
            };
            energies.push(json!({
                "createdAt": at,
                "type": "Electric",
                "subType": "ElectricEnergy",
                "level": state.energy_level,
                "autonomy": (state.energy_level * if self.motorization == Motorization::Electric { 3.4 } else { 0.6 }) as i64,
                "extension": { "electric": {
                    "battery": {
                        "load": { "createdAt": at, "capacity": capacity, "residual": (capacity as f32 * state.energy_level / 100.0) as i64 },
                        "health": { "createdAt": at, "capacity": 96, "resistance": 4 },
                    },
                    "charging": {
                        "plugged": state.plugged,
                        "status": state.charging.as_str(),
                        "remainingTime": if state.charging == ChargingStatus::InProgress { "PT2H10M" } else { "PT0S" },
                        "chargingMode": if state.charging == ChargingStatus::InProgress { "Slow" } else { "No" },
                    },
                }},
            }));
        }
        if self.motorization != Motorization::Electric {
            let level = if self.motorization == Motorization::Hybrid {
                state.fuel_level
            } else {
                state.energy_level
            };
            energies.push(json!({
                "createdAt": at,
                "type": "Fuel",
                "subType": "FossilEnergy",
                "level": level,
                "autonomy": (level * 7.0) as i64,
            }));
        }
        let mut vehicle = json!({
            "ignition": { "createdAt": at, "type": if state.moving { "Start" } else { "Stop" } },
            "preconditioning": { "createdAt": at, "airConditioning": {
                "status": if state.preconditioning_on { "Enabled" } else { "Disabled" },
                "programs": state.precond_programs.iter().filter(|p| p.get("start").is_some()).cloned().collect::<Vec<_>>(),
            }},
            "energies": energies,
            "doorsState": Self::doors_json(state, read),
            "battery": { "createdAt": at, "voltage": if state.energy_level < 10.0 { 61.0 } else { 88.0 } },
            "odometer": { "createdAt": at, "mileage": state.mileage },
            "kinetic": { "createdAt": at, "moving": state.moving, "speed": if state.moving { 48.0 } else { 0.0 } },
        });
        if let Some(obj) = vehicle.as_object_mut() {
            if let Some(position) = Self::position_json(state, read) {
                obj.insert("location".to_owned(), position);
            }
            // `StolenObj` (data-treatment.yaml): present while the vehicle is reported stolen.
            if let (true, Some(since)) = (state.stolen, state.stolen_since) {
                obj.insert(
                    "stolen".to_owned(),
                    json!({
                        "createdAt": at,
                        "id": format!("stolen-{}", self.index),
                        "state": true,
                        "startedAt": clock::rfc3339(since),
                        "_links": { "self": { "href": format!("{me}/stolen") }, "vehicle": { "href": me } },
                    }),
                );
            }
        }
        json!({
            "createdAt": at,
            "updatedAt": at,
            "_links": { "self": { "href": format!("{me}/telemetries/latest") }, "vehicle": { "href": me } },
            "vehicle": vehicle,
            "privacy": { "createdAt": at, "state": state.privacy.as_str() },
            "environment": { "air": { "createdAt": at, "temp": 14.5 } },
        })
    }
}
