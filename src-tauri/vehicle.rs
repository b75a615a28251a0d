//! A vehicle summary: what the vehicle list and the map show about one vehicle, taken from the vehicle record and
//! the client's typed reading of its latest telemetry. Every field may be missing (privacy settings, older units, a telemetry
//! that failed to load): the summary then says "unknown" instead of failing the whole list.

use serde::Serialize;
use stellantis::GeoPoint;
use stellantis::wire::response::{Doors, Energy, Telemetry, Vehicle};

/// One vehicle as the UI lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VehicleSummary {
    /// The opaque id every command uses.
    pub id: String,
    /// A name for people: brand and model, else the VIN, else the id.
    pub label: String,
    /// The brand's name ("Peugeot"), when the brand code is known.
    pub brand: Option<String>,
    /// The model (family) code.
    pub model: Option<String>,
    /// The VIN, when the account shows it.
    pub vin: Option<String>,
    /// `electric`, `hybrid`, `thermic`, `hydrogen`, or `unknown`.
    pub energy: &'static str,
    /// Where the vehicle last reported itself; `None` when hidden or unknown.
    pub position: Option<GeoPoint>,
    /// Traction battery level in percent (electric and hybrid).
    pub battery_percent: Option<f64>,
    /// Fuel level in percent (thermic and hybrid).
    pub fuel_percent: Option<f64>,
    /// `locked`, `unlocked`, or `None` when unknown.
    pub lock: Option<&'static str>,
    /// The identifiers of the doors reported open (`Driver`, `Trunk`...).
    pub open_doors: Vec<String>,
    /// Whether it is moving, when known.
    pub moving: Option<bool>,
    /// Charging status as the API spells it (`InProgress`, `Stopped`...), when electric.
    pub charging: Option<String>,
    /// Whether the charging cable is plugged in, when electric.
    pub plugged: Option<bool>,
    /// When the telemetry was built (RFC 3339), if it loaded.
    pub updated_at: Option<String>,
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

/// Builds the summary from the vehicle record and, when it loaded, its latest telemetry.
pub fn summarize(vehicle: &Vehicle, telemetry: Option<&Telemetry>) -> VehicleSummary {
    let brand = vehicle.brand_code.as_deref().and_then(brand_name);
    let model = vehicle.family_code.clone().filter(|m| !m.is_empty());
    let vin = vehicle.vin.clone().filter(|v| !v.is_empty());
    let label = match (brand, &model) {
        (Some(brand), Some(model)) => format!("{brand} {model}"),
        (Some(brand), None) => brand.to_owned(),
        (None, Some(model)) => model.clone(),
        (None, None) => vin.clone().unwrap_or_else(|| vehicle.id.clone()),
    };
    let level = |energy: Option<&Energy>| {
        energy
            .and_then(|e| e.level)
            .filter(|l| (0.0..=100.0).contains(l))
    };
    let doors = telemetry.and_then(|t| t.doors.as_ref());
    let charging = telemetry.and_then(Telemetry::charging);
    VehicleSummary {
        id: vehicle.id.clone(),
        label,
        brand: brand.map(str::to_owned),
        model,
        vin,
        energy: energy_kind(vehicle.motorization.as_deref()),
        position: telemetry.and_then(|t| t.position),
        battery_percent: level(telemetry.and_then(Telemetry::electric)),
        fuel_percent: level(telemetry.and_then(Telemetry::fuel)),
        lock: doors
            .and_then(Doors::locked)
            .map(|locked| if locked { "locked" } else { "unlocked" }),
        open_doors: doors
            .map(|d| d.open().map(str::to_owned).collect())
            .unwrap_or_default(),
        moving: telemetry.and_then(|t| t.moving),
        charging: charging
            .and_then(|c| c.status.as_ref())
            .map(|s| s.as_str().to_owned()),
        plugged: charging.and_then(|c| c.plugged),
        updated_at: telemetry.and_then(|t| t.created_at.clone()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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

    #[test]
    fn reads_position_levels_lock_doors_and_charging_from_telemetry() {
        let telemetry = Telemetry::from_value(json!({
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
            Some(&telemetry),
        );
        assert_eq!(summary.label, "Peugeot P24");
        assert_eq!(summary.energy, "hybrid");
        assert_eq!(
            summary.position,
            Some(GeoPoint {
                latitude: 48.85,
                longitude: 2.35
            })
        );
        assert_eq!(summary.battery_percent, Some(81.5));
        assert_eq!(summary.fuel_percent, Some(40.0));
        assert_eq!(summary.lock, Some("unlocked"));
        assert_eq!(summary.open_doors, vec!["Driver", "Trunk"]);
        assert_eq!(summary.moving, Some(true));
        assert_eq!(summary.charging.as_deref(), Some("InProgress"));
        assert_eq!(summary.plugged, Some(true));
        assert_eq!(summary.updated_at.as_deref(), Some("2026-11-26T05:00:00Z"));
    }

    #[test]
    fn tolerates_a_missing_telemetry_and_unknown_codes() {
        let summary = summarize(&vehicle(Some("ZZ"), None, Some("Steam")), None);
        assert_eq!(summary.label, "VR3ABCDEFGH123456");
        assert_eq!(summary.brand, None);
        assert_eq!(summary.energy, "unknown");
        assert_eq!(summary.position, None);
        assert_eq!(summary.battery_percent, None);
        assert_eq!(summary.lock, None);
        assert!(summary.open_doors.is_empty());
        let bare = Vehicle {
            id: "only-id".into(),
            ..Vehicle::default()
        };
        assert_eq!(summarize(&bare, None).label, "only-id");
    }

    #[test]
    fn locked_states_and_out_of_range_levels() {
        let telemetry = Telemetry::from_value(json!({"vehicle": {
            "energies": [{"type": "Electric", "level": 140}],
            "doorsState": {"lockedState": ["Locked", "SuperLocked"]}
        }}));
        let summary = summarize(
            &vehicle(Some("ac"), Some("E3"), Some("Electric")),
            Some(&telemetry),
        );
        assert_eq!(summary.label, "Citroën E3");
        assert_eq!(summary.lock, Some("locked"));
        assert_eq!(
            summary.battery_percent, None,
            "a level over 100 is not shown"
        );
    }
}
