//! A vehicle summary: what the vehicle list and the map show about one vehicle, made of the
//! vehicle record, the user's name for it, and the [`Reading`] of its latest telemetry (read now,
//! or from the vehicle cache). Every state field may be missing: the summary then says
//! "unknown" instead of failing the whole list.
//!
//! Two fields are worked out here, when the summary is made, from the reading and the clock:
//! - `asleep`: the vehicle's newest reading is more than [`ASLEEP_AFTER`] old. A vehicle stays
//!   awake about 3 minutes after its last message and reports while awake
//!   (`../shared/stellantis/NOTES.md` §2.6), so older data means it stopped reporting: asleep,
//!   deep asleep, or out of coverage, and a command will first have to wake it. `None` without
//!   a reading with a readable time.
//! - `attention`: what needs a look, as codes the UI translates.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde::Serialize;
use stellantis::wire::response::Vehicle;

use crate::reading::Reading;

/// A reading older than this means the vehicle is asleep (see the module's text).
pub const ASLEEP_AFTER: Duration = Duration::from_secs(10 * 60);

/// Below this level (percent) of any energy, the vehicle needs attention.
const LOW_ENERGY_PERCENT: f64 = 15.0;

/// Below this 12 V battery level (percent), the vehicle needs attention (wake-ups and remotes
/// drain it).
const LOW_12V_PERCENT: f64 = 70.0;

/// The user's names for vehicles, by vehicle id.
pub type Names = HashMap<String, String>;

/// Why a vehicle needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Attention {
    /// A door is open.
    DoorsOpen,
    /// An energy is below 15 %.
    LowEnergy,
    /// The 12 V battery is below 70 %.
    Low12v,
    /// The vehicle is reported stolen.
    Stolen,
    /// The journal's last successful immobilization of it immobilized it.
    Immobilized,
    /// Its telemetry could not be read just now.
    Unreadable,
}

/// What a summary is made with besides the vehicle and its reading.
#[derive(Debug, Clone)]
pub struct Context {
    /// The user's names for vehicles.
    pub names: Names,
    /// The vehicles the journal says are immobilized.
    pub immobilized: HashSet<String>,
    /// Now, for the readings' ages.
    pub now: jiff::Timestamp,
}

/// One vehicle as the UI lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VehicleSummary {
    /// The opaque id every command uses.
    pub id: String,
    /// A name for people: the user's name, else brand and model, else the VIN, else the id.
    pub label: String,
    /// The user's name for it, if any.
    pub name: Option<String>,
    /// The brand's name ("Peugeot"), when the brand code is known.
    pub brand: Option<String>,
    /// The model (family) code.
    pub model: Option<String>,
    /// The VIN, when the account shows it.
    pub vin: Option<String>,
    /// The VIN's last 6 characters.
    pub vin_tail: Option<String>,
    /// `electric`, `hybrid`, `thermic`, `hydrogen`, or `unknown`.
    pub energy: &'static str,
    /// What its latest telemetry said; every field unknown when none was read.
    #[serde(flatten)]
    pub reading: Reading,
    /// Whether it is asleep (see the module's text).
    pub asleep: Option<bool>,
    /// What needs attention; empty when all is well.
    pub attention: Vec<Attention>,
}

/// The brand's name for a Stellantis brand code; `None` for codes this app does not know.
pub fn brand_name(code: &str) -> Option<&'static str> {
    Some(match code.trim().to_ascii_uppercase().as_str() {
        "AP" => "Peugeot",
        "AC" => "Citroën",
        "DS" => "DS",
        "OP" | "OV" => "Opel",
        "VX" => "Vauxhall",
        "FT" => "Fiat",
        "JP" | "JE" => "Jeep",
        "AR" => "Alfa Romeo",
        "LA" => "Lancia",
        "MA" => "Maserati",
        "AB" => "Abarth",
        _ => return None,
    })
}

fn energy_kind(motorization: Option<&str>) -> &'static str {
    match motorization.map(str::to_ascii_lowercase).as_deref() {
        Some("electric") => "electric",
        Some("hybrid") => "hybrid",
        Some("thermic") => "thermic",
        Some("hydrogen") => "hydrogen",
        _ => "unknown",
    }
}

/// Whether a vehicle whose newest reading is `reading` is asleep at `now`.
pub fn asleep(reading: &Reading, now: jiff::Timestamp) -> Option<bool> {
    let newest = reading.newest()?;
    let age = now.duration_since(newest);
    Some(age > jiff::SignedDuration::try_from(ASLEEP_AFTER).unwrap_or(jiff::SignedDuration::MAX))
}

fn attention(reading: &Reading, immobilized: bool, unreadable: bool) -> Vec<Attention> {
    let low_energy = reading
        .energies
        .iter()
        .filter_map(|e| e.level_percent)
        .any(|level| level < LOW_ENERGY_PERCENT);
    [
        (!reading.open_doors.is_empty(), Attention::DoorsOpen),
        (low_energy, Attention::LowEnergy),
        (
            reading
                .battery_12v_percent
                .is_some_and(|l| l < LOW_12V_PERCENT),
            Attention::Low12v,
        ),
        (reading.stolen == Some(true), Attention::Stolen),
        (immobilized, Attention::Immobilized),
        (unreadable, Attention::Unreadable),
    ]
    .into_iter()
    .filter_map(|(on, code)| on.then_some(code))
    .collect()
}

/// The vehicle's label in the window: the user's name for it, else brand and model, else the
/// VIN, else the id.
pub fn label(vehicle: &Vehicle, names: &Names) -> String {
    let brand = vehicle.brand_code.as_deref().and_then(brand_name);
    let model = vehicle.family_code.as_deref().filter(|m| !m.is_empty());
    match (names.get(&vehicle.id), brand, model) {
        (Some(name), _, _) => name.clone(),
        (None, Some(brand), Some(model)) => format!("{brand} {model}"),
        (None, Some(brand), None) => brand.to_owned(),
        (None, None, Some(model)) => model.to_owned(),
        (None, None, None) => vin_of(vehicle).unwrap_or(&vehicle.id).to_owned(),
    }
}

/// The vehicle as a sentence names it, telling apart vehicles of one model as the list's rows
/// do: the user's name, else its label followed by "…" and the VIN's last 6 characters.
pub fn named(vehicle: &Vehicle, names: &Names) -> String {
    let label = label(vehicle, names);
    match (names.contains_key(&vehicle.id), vin_tail(vehicle)) {
        (false, Some(tail)) if vin_of(vehicle) != Some(label.as_str()) => {
            format!("{label} …{tail}")
        }
        _ => label,
    }
}

fn vin_of(vehicle: &Vehicle) -> Option<&str> {
    vehicle.vin.as_deref().filter(|v| !v.is_empty())
}

fn vin_tail(vehicle: &Vehicle) -> Option<String> {
    vin_of(vehicle).map(|v| {
        let chars: Vec<char> = v.chars().collect();
        chars[chars.len().saturating_sub(6)..].iter().collect()
    })
}

/// Builds the summary from the vehicle record and its reading (`None` when none is known);
/// `unreadable` when its telemetry failed just now.
pub fn summarize(
    vehicle: &Vehicle,
    reading: Option<Reading>,
    unreadable: bool,
    context: &Context,
) -> VehicleSummary {
    let brand = vehicle.brand_code.as_deref().and_then(brand_name);
    let model = vehicle.family_code.clone().filter(|m| !m.is_empty());
    let vin = vin_of(vehicle).map(str::to_owned);
    let name = context.names.get(&vehicle.id).cloned();
    let label = label(vehicle, &context.names);
    let vin_tail = vin_tail(vehicle);
    let reading = reading.unwrap_or_default();
    VehicleSummary {
        id: vehicle.id.clone(),
        label,
        name,
        brand: brand.map(str::to_owned),
        model,
        vin,
        vin_tail,
        energy: energy_kind(vehicle.motorization.as_deref()),
        asleep: asleep(&reading, context.now),
        attention: attention(
            &reading,
            context.immobilized.contains(&vehicle.id),
            unreadable,
        ),
        reading,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use stellantis::GeoPoint;
    use stellantis::wire::response::Telemetry;

    use super::*;
    use crate::reading::Lock;

    fn vehicle(brand: Option<&str>, model: Option<&str>, motorization: Option<&str>) -> Vehicle {
        Vehicle {
            id: "veh-1".into(),
            vin: Some("VR3ABCDEFGH123456".into()),
            brand_code: brand.map(str::to_owned),
            family_code: model.map(str::to_owned),
            motorization: motorization.map(str::to_owned),
            fuel_type: None,
        }
    }

    fn at(now: &str) -> Context {
        Context {
            names: Names::new(),
            immobilized: HashSet::new(),
            now: now.parse().expect("a time"),
        }
    }

    fn read(body: serde_json::Value) -> Option<Reading> {
        Some(Reading::from_telemetry(&Telemetry::from_value(body)))
    }

    #[test]
    fn reads_position_levels_lock_doors_and_charging_from_telemetry() {
        let reading = read(json!({
            "createdAt": "2026-11-26T05:00:00Z",
            "vehicle": {
                "location": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.35, 48.85, 35.0]}},
                "energies": [
                    {"type": "Electric", "level": 81.5, "extension": {"electric": {"charging": {"plugged": true, "status": "InProgress"}}}},
                    {"type": "Fuel", "level": 40}
                ],
                "doorsState": {"lockedState": ["Unlocked"], "opening": [
                    {"identifier": "Driver", "state": "Open"},
                    {"identifier": "Passenger", "state": "Closed"},
                    {"identifier": "Trunk", "state": "Open"}
                ]},
                "kinetic": {"moving": true}
            }
        }));
        let summary = summarize(
            &vehicle(Some("AP"), Some("P24"), Some("Hybrid")),
            reading,
            false,
            &at("2026-11-26T05:05:00Z"),
        );
        assert_eq!(summary.label, "Peugeot P24");
        assert_eq!(summary.name, None);
        assert_eq!(summary.vin_tail.as_deref(), Some("123456"));
        assert_eq!(summary.energy, "hybrid");
        let r = &summary.reading;
        assert_eq!(
            r.position,
            Some(GeoPoint {
                latitude: 48.85,
                longitude: 2.35
            })
        );
        assert_eq!(
            (r.battery_percent, r.fuel_percent),
            (Some(81.5), Some(40.0))
        );
        assert_eq!(r.lock, Some(Lock::Unlocked));
        assert_eq!(r.open_doors, vec!["Driver", "Trunk"]);
        assert_eq!(r.moving, Some(true));
        assert_eq!(r.charging.as_deref(), Some("InProgress"));
        assert_eq!(r.plugged, Some(true));
        assert_eq!(r.updated_at.as_deref(), Some("2026-11-26T05:00:00Z"));
        assert_eq!(summary.asleep, Some(false), "read 5 minutes ago");
        assert_eq!(summary.attention, [Attention::DoorsOpen]);
        let json = serde_json::to_value(&summary).expect("json");
        assert_eq!(json["vinTail"], "123456");
        assert_eq!(json["batteryPercent"], 81.5);
        assert_eq!(json["attention"], json!(["doorsOpen"]));
        assert_eq!(json["readAt"]["doors"], "2026-11-26T05:00:00Z");
        assert!(json["name"].is_null() && json["stolen"].is_null());
    }

    #[test]
    fn the_users_name_is_the_label() {
        let mut context = at("2026-11-26T05:00:00Z");
        context.names.insert("veh-1".into(), "Family car".into());
        let summary = summarize(
            &vehicle(Some("OP"), Some("O5C"), None),
            None,
            false,
            &context,
        );
        assert_eq!(summary.label, "Family car");
        assert_eq!(summary.name.as_deref(), Some("Family car"));
        assert_eq!(summary.model.as_deref(), Some("O5C"));
        let v = vehicle(Some("OP"), Some("O5C"), None);
        assert_eq!(named(&v, &context.names), "Family car");
        assert_eq!(named(&v, &Names::new()), "Opel O5C …123456");
        assert_eq!(label(&v, &Names::new()), "Opel O5C");
        let bare = Vehicle {
            id: "only-id".into(),
            ..Vehicle::default()
        };
        assert_eq!(named(&bare, &Names::new()), "only-id");
        let vin_only = Vehicle {
            vin: Some("VR3ABCDEFGH123456".into()),
            ..bare
        };
        assert_eq!(named(&vin_only, &Names::new()), "VR3ABCDEFGH123456");
    }

    #[test]
    fn asleep_after_ten_minutes_without_a_reading() {
        let old = read(json!({"createdAt": "2026-11-26T01:00:00Z",
            "vehicle": {"doorsState": {"createdAt": "2026-11-26T04:49:00Z", "lockedState": ["Locked"]}}}));
        let v = vehicle(Some("AP"), None, None);
        assert_eq!(
            summarize(&v, old.clone(), false, &at("2026-11-26T05:00:00Z")).asleep,
            Some(true),
            "the newest reading, 11 minutes old"
        );
        assert_eq!(
            summarize(&v, old, false, &at("2026-11-26T04:58:00Z")).asleep,
            Some(false)
        );
        assert_eq!(
            summarize(&v, None, false, &at("2026-11-26T05:00:00Z")).asleep,
            None
        );
    }

    #[test]
    fn attention_codes() {
        let reading = read(json!({"vehicle": {
            "energies": [{"type": "Electric", "level": 14}, {"type": "Fuel", "level": 60}],
            "battery": {"voltage": 61},
            "stolen": {"state": true}
        }}));
        let mut context = at("2026-11-26T05:00:00Z");
        context.immobilized.insert("veh-1".into());
        let summary = summarize(
            &vehicle(None, None, Some("Hybrid")),
            reading,
            true,
            &context,
        );
        assert_eq!(
            summary.attention,
            [
                Attention::LowEnergy,
                Attention::Low12v,
                Attention::Stolen,
                Attention::Immobilized,
                Attention::Unreadable
            ]
        );
        let json = serde_json::to_value(&summary).expect("json");
        assert_eq!(
            json["attention"],
            json!(["lowEnergy", "low12v", "stolen", "immobilized", "unreadable"])
        );
    }

    #[test]
    fn tolerates_a_missing_telemetry_and_unknown_codes() {
        let context = at("2026-11-26T05:00:00Z");
        let summary = summarize(
            &vehicle(Some("ZZ"), None, Some("Steam")),
            None,
            false,
            &context,
        );
        assert_eq!(summary.label, "VR3ABCDEFGH123456");
        assert_eq!(summary.brand, None);
        assert_eq!(summary.energy, "unknown");
        assert_eq!(summary.reading, Reading::default());
        assert!(summary.attention.is_empty());
        let bare = Vehicle {
            id: "only-id".into(),
            ..Vehicle::default()
        };
        let bare = summarize(&bare, None, false, &context);
        assert_eq!((bare.label.as_str(), bare.vin_tail), ("only-id", None));
    }

    #[test]
    fn locked_states_and_out_of_range_levels() {
        let reading = read(json!({"vehicle": {
            "energies": [{"type": "Electric", "level": 140}],
            "doorsState": {"lockedState": ["Locked", "SuperLocked"]}
        }}));
        let summary = summarize(
            &vehicle(Some("ac"), Some("E3"), Some("Electric")),
            reading,
            false,
            &at("2026-11-26T05:00:00Z"),
        );
        assert_eq!(summary.label, "Citroën E3");
        assert_eq!(summary.reading.lock, Some(Lock::Locked));
        assert_eq!(
            summary.reading.battery_percent, None,
            "a level over 100 is not shown"
        );
        assert!(summary.attention.is_empty(), "no level is no low level");
    }
}
