//! The generated fleet: deterministic for a seed, with documented special vehicles at fixed indexes.
//!
//! | index | motorization | trait |
//! |---|---|---|
//! | 0 | Electric | awake, every remote supported, doors closed, unlocked, plugged (not charging) |
//! | 1 | Hybrid | awake, every remote supported, doors closed, locked |
//! | 2 | Thermic | asleep (remotes go through `WakingUpVehicle`); no charging (thermic) |
//! | 3 | Electric | deep sleep: every remote ends `Failed / VehicleConnectionTimeout` |
//! | 4 | Thermic | no horn, no lights (501) |
//! | 5 | Electric | driver door and trunk open: locking ends `Failed / DoorsOpen` |
//! | 6 | Hybrid | moving: most remotes end `Failed / VehicleInUse` |
//! | 7 | Electric | traction battery at 4 %: preconditioning, horn, lights end `NotPossibleDueToVehicleBatteryLevel` |
//! | 8 | Electric | asleep with the month's wake-ups used: `TooManyWakeUpsOverMonth` |
//! | 9 | Thermic | reported stolen: most remotes end `NotPossibleDueToVehicleStolenState` |
//! | 10 | Electric | privacy `Geolocation`: no position; vehicle finder ends `NotPossibleDueToVehiclePrivacyLevel` |
//! | 11 | Thermic | older unit: no immobilization, navigation, TAN, stolen, vehicle finder |
//! | 12 | Electric | plugged and charging (`InProgress`): charging start ends `AlreadyDone` |
//! | 13.. | random | drawn from the seed: mixed energies, ~30 % asleep, a few deep asleep, open doors, moving, privacy modes, missing features |
//!
//! An awake vehicle's telemetry is read as it is served; an asleep one's stays at its last
//! reading, 2 to 20 hours old (7 to 11 days in deep sleep), until a remote wakes it. The stolen
//! vehicle carries `vehicle.stolen` (`StolenObj`) in its telemetry.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::vehicle::{
    Capabilities, ChargingStatus, Feature, Motorization, Privacy, Sleep, Vehicle, VehicleState,
};

/// Wake-ups a vehicle may receive per month before `TooManyWakeUpsOverMonth`.
pub(crate) const WAKEUPS_PER_MONTH: u16 = 20;

const CITIES: [(&str, f64, f64); 12] = [
    ("Paris", 2.3522, 48.8566),
    ("Turin", 7.6869, 45.0703),
    ("Madrid", -3.7038, 40.4168),
    ("Rüsselsheim", 8.4119, 49.9929),
    ("Lyon", 4.8357, 45.7640),
    ("Milan", 9.1900, 45.4642),
    ("Barcelona", 2.1734, 41.3851),
    ("Brussels", 4.3517, 50.8503),
    ("Amsterdam", 4.9041, 52.3676),
    ("Lisbon", -9.1393, 38.7223),
    ("Vienna", 16.3738, 48.2082),
    ("Warsaw", 21.0122, 52.2297),
];

const BRANDS: [(&str, &str, &[&str]); 6] = [
    ("AP", "VR3", &["P24", "P21", "P64"]),
    ("AC", "VR7", &["E3", "C41", "C5A"]),
    ("DS", "VR1", &["D34", "D4X"]),
    ("OP", "W0V", &["O5C", "OMK"]),
    ("FT", "ZFA", &["F50", "F3E"]),
    ("JP", "1C4", &["J0A", "JAV"]),
];

/// One line of the fleet summary: which vehicle has which special trait.
#[derive(Clone, Debug, Serialize)]
pub struct FleetEntry {
    /// Position in the fleet.
    pub index: usize,
    /// Opaque id used in API paths.
    pub id: String,
    /// VIN.
    pub vin: String,
    /// Energy.
    pub motorization: Motorization,
    /// Special traits, e.g. `asleep`, `doorsOpen`, `noHorn`.
    pub traits: Vec<&'static str>,
}

/// All vehicles of the account, with an index by opaque id.
#[derive(Debug)]
pub(crate) struct Fleet {
    pub vehicles: Vec<Vehicle>,
    by_id: HashMap<String, usize>,
}

impl Fleet {
    /// Generate `count` vehicles for `seed`; vehicle i is the same whatever the fleet size.
    pub fn generate(seed: u64, count: usize) -> Self {
        let vehicles: Vec<Vehicle> = (0..count)
            .map(|index| generate_vehicle(seed, index))
            .collect();
        let by_id = vehicles.iter().map(|v| (v.id.clone(), v.index)).collect();
        Self { vehicles, by_id }
    }

    /// The vehicle with this opaque id.
    pub fn get(&self, id: &str) -> Option<&Vehicle> {
        self.by_id.get(id).map(|&index| &self.vehicles[index])
    }

    /// What is special about each vehicle.
    pub fn summary(&self) -> Vec<FleetEntry> {
        self.vehicles.iter().map(entry).collect()
    }
}

fn entry(vehicle: &Vehicle) -> FleetEntry {
    let state = vehicle.lock();
    let mut traits = Vec::new();
    match state.sleep {
        Sleep::Awake => traits.push("awake"),
        Sleep::Light => traits.push("asleep"),
        Sleep::Deep => traits.push("deepSleep"),
    }
    if state.doors_open() {
        traits.push("doorsOpen");
    }
    if state.moving {
        traits.push("moving");
    }
    if state.energy_level < 10.0 {
        traits.push("lowBattery");
    }
    if state.wakeups_this_month >= WAKEUPS_PER_MONTH {
        traits.push("wakeUpsExhausted");
    }
    if state.stolen {
        traits.push("stolen");
    }
    match state.privacy {
        Privacy::None => {}
        Privacy::Geolocation => traits.push("privacyGeolocation"),
        Privacy::Full => traits.push("privacyFull"),
    }
    if state.charging == ChargingStatus::InProgress {
        traits.push("charging");
    }
    let caps = vehicle.capabilities;
    for (feature, name) in [
        (Feature::Horn, "noHorn"),
        (Feature::Lights, "noLights"),
        (Feature::Locking, "noLocking"),
        (Feature::Preconditioning, "noPreconditioning"),
        (Feature::Charging, "noCharging"),
        (Feature::Navigation, "noNavigation"),
        (Feature::Immobilization, "noImmobilization"),
        (Feature::Tan, "noTan"),
        (Feature::Stolen, "noStolen"),
        (Feature::VehicleFinder, "noVehicleFinder"),
    ] {
        if !caps.has(feature) {
            traits.push(name);
        }
    }
    FleetEntry {
        index: vehicle.index,
        id: vehicle.id.clone(),
        vin: vehicle.vin.clone(),
        motorization: vehicle.motorization,
        traits,
    }
}

fn generate_vehicle(seed: u64, index: usize) -> Vehicle {
    // One stream per vehicle so a vehicle does not change when the fleet grows.
    let mut rng = StdRng::seed_from_u64(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let id: String = (0..48)
        .map(|_| format!("{:02x}", rng.random::<u8>()))
        .collect();
    let (brand, wmi, models) = BRANDS[rng.random_range(0..BRANDS.len())];
    let model = models[rng.random_range(0..models.len())];
    const VIN_CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let serial: String = (0..14)
        .map(|_| VIN_CHARS[rng.random_range(0..VIN_CHARS.len())] as char)
        .collect();
    let vin = format!("{wmi}{serial}");
    let (_, lon, lat) = CITIES[index % CITIES.len()];
    let mut state = VehicleState {
        sleep: Sleep::Awake,
        awake_until: None,
        locked: false,
        open_doors: 0,
        moving: false,
        energy_level: rng.random_range(35.0..95.0_f32).round(),
        fuel_level: rng.random_range(20.0..90.0_f32).round(),
        plugged: false,
        charging: ChargingStatus::Disconnected,
        privacy: Privacy::None,
        lon: lon + rng.random_range(-0.08..0.08),
        lat: lat + rng.random_range(-0.05..0.05),
        heading: rng.random_range(0.0..360.0_f32).round(),
        mileage: rng.random_range(800.0..120_000.0_f32).round(),
        wakeups_this_month: rng.random_range(0..5),
        stolen: false,
        stolen_since: None,
        crank_inhibit: false,
        immobilized: false,
        tan_suppressed: None,
        tan_confirmed: None,
        lights_on: false,
        horn_on: false,
        preconditioning_on: false,
        precond_programs: Vec::new(),
        charge_programs: Vec::new(),
        charge_settings: None,
        route: None,
        onboard_data_deletions: 0,
        pending_remote: None,
        updated_at: SystemTime::now(),
    };
    let mut caps = Capabilities::ALL;
    let motorization = match index {
        0 => {
            state.plugged = true;
            state.charging = ChargingStatus::Stopped;
            Motorization::Electric
        }
        1 => {
            state.locked = true;
            Motorization::Hybrid
        }
        2 => {
            state.sleep = Sleep::Light;
            Motorization::Thermic
        }
        3 => {
            state.sleep = Sleep::Deep;
            Motorization::Electric
        }
        4 => {
            caps = caps.without(Feature::Horn).without(Feature::Lights);
            Motorization::Thermic
        }
        5 => {
            state.open_doors = 0b1_0001;
            Motorization::Electric
        }
        6 => {
            state.moving = true;
            Motorization::Hybrid
        }
        7 => {
            state.energy_level = 4.0;
            Motorization::Electric
        }
        8 => {
            state.sleep = Sleep::Light;
            state.wakeups_this_month = WAKEUPS_PER_MONTH;
            Motorization::Electric
        }
        9 => {
            state.stolen = true;
            state.stolen_since = Some(SystemTime::now() - Duration::from_secs(26 * 3600));
            Motorization::Thermic
        }
        10 => {
            state.privacy = Privacy::Geolocation;
            Motorization::Electric
        }
        11 => {
            for feature in [
                Feature::Immobilization,
                Feature::Navigation,
                Feature::Tan,
                Feature::Stolen,
                Feature::VehicleFinder,
            ] {
                caps = caps.without(feature);
            }
            Motorization::Thermic
        }
        12 => {
            state.plugged = true;
            state.charging = ChargingStatus::InProgress;
            Motorization::Electric
        }
        _ => random_traits(&mut rng, &mut state, &mut caps),
    };
    if motorization == Motorization::Thermic {
        caps = caps.without(Feature::Charging);
        state.energy_level = state.fuel_level;
    }
    state.updated_at = SystemTime::now() - last_reading_age(index, state.sleep);
    Vehicle {
        index,
        id,
        vin,
        motorization,
        brand,
        model,
        capabilities: caps,
        state: Mutex::new(state),
    }
}

/// How old an asleep vehicle's last reading is when the simulator starts: a parked car reports
/// nothing until it wakes up (NOTES.md §2.6: awake about 3 min after its last message; deep
/// sleep after about 7 days without a drive). Drawn from the index, not the seed's stream, so
/// every other trait stays as it was.
fn last_reading_age(index: usize, sleep: Sleep) -> Duration {
    let hour = Duration::from_secs(3600);
    match sleep {
        Sleep::Awake => Duration::ZERO,
        Sleep::Light => hour * (2 + (index % 19) as u32),
        Sleep::Deep => hour * 24 * (7 + (index % 5) as u32),
    }
}

fn random_traits(
    rng: &mut StdRng,
    state: &mut VehicleState,
    caps: &mut Capabilities,
) -> Motorization {
    let motorization = match rng.random_range(0..100) {
        0..45 => Motorization::Electric,
        45..70 => Motorization::Hybrid,
        _ => Motorization::Thermic,
    };
    state.sleep = match rng.random_range(0..100) {
        0..3 => Sleep::Deep,
        3..33 => Sleep::Light,
        _ => Sleep::Awake,
    };
    state.locked = rng.random_bool(0.7);
    if rng.random_bool(0.05) {
        state.open_doors = 1 << rng.random_range(0..5);
    }
    state.moving = state.sleep == Sleep::Awake && rng.random_bool(0.05);
    state.privacy = match rng.random_range(0..100) {
        0..5 => Privacy::Geolocation,
        5..7 => Privacy::Full,
        _ => Privacy::None,
    };
    if motorization != Motorization::Thermic && rng.random_bool(0.3) {
        state.plugged = true;
        state.charging = match rng.random_range(0..3) {
            0 => ChargingStatus::InProgress,
            1 => ChargingStatus::Stopped,
            _ => {
                state.energy_level = 100.0;
                ChargingStatus::Finished
            }
        };
    }
    for (feature, missing) in [
        (Feature::Horn, 0.1),
        (Feature::Lights, 0.1),
        (Feature::Immobilization, 0.2),
        (Feature::Navigation, 0.15),
        (Feature::Tan, 0.3),
        (Feature::VehicleFinder, 0.1),
    ] {
        if rng.random_bool(missing) {
            *caps = caps.without(feature);
        }
    }
    motorization
}
