//! The air-conditioning programs a vehicle reports in its telemetry
//! (`vehicle.preconditioning.airConditioning.programs`, schema `PreconditioningProgram`), read
//! leniently so the window's program forms can start from what is set in the vehicle. A program
//! without a valid slot is left out; any other field that does not read stays unknown.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use stellantis::wire::telemetry::duration_minutes;

/// One program slot as the vehicle reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramReading {
    /// Slot 1 to 4.
    pub slot: u8,
    /// When the cabin should be ready, `HH:MM`.
    pub start: Option<String>,
    /// The days (`Mon`..`Sun`) it runs on.
    pub days: Vec<String>,
    /// Cabin temperature, °C.
    pub temp: Option<f64>,
    /// Whether it is on.
    pub enabled: Option<bool>,
}

/// The programs in `raw` (a whole telemetry answer), by slot, each slot once.
pub fn preconditioning_programs(raw: &Value) -> Vec<ProgramReading> {
    let Some(list) = raw
        .pointer("/vehicle/preconditioning/airConditioning/programs")
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    let mut programs: Vec<ProgramReading> = list.iter().filter_map(program).collect();
    programs.sort_by_key(|p| p.slot);
    programs.dedup_by_key(|p| p.slot);
    programs
}

fn program(value: &Value) -> Option<ProgramReading> {
    let slot = value
        .get("slot")
        .and_then(Value::as_u64)
        .filter(|s| (1..=4).contains(s))?;
    let days = value
        .pointer("/occurrence/day")
        .and_then(Value::as_array)
        .map(|days| {
            days.iter()
                .filter_map(Value::as_str)
                .filter(|d| DAYS.contains(d))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Some(ProgramReading {
        slot: slot as u8,
        start: value.get("start").and_then(Value::as_str).and_then(clock),
        days,
        temp: value
            .get("temp")
            .and_then(Value::as_f64)
            .filter(|t| t.is_finite()),
        enabled: value.get("enabled").and_then(Value::as_bool),
    })
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `PT7H45M` (time from midnight, as the API sends it) or `07:45` as `07:45`.
fn clock(text: &str) -> Option<String> {
    let minutes = match text.split_once(':') {
        Some((h, m)) => h.trim().parse::<u64>().ok()? * 60 + m.trim().parse::<u64>().ok()?,
        None => duration_minutes(text)?,
    };
    (minutes < 24 * 60).then(|| format!("{:02}:{:02}", minutes / 60, minutes % 60))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_each_slot_once_in_order_with_its_time_days_and_temperature() {
        let raw = json!({"vehicle": {"preconditioning": {"airConditioning": {"programs": [
            {"slot": 3, "start": "PT7H45M", "occurrence": {"day": ["Mon", "Wed", "Fri"]}, "enabled": true, "temp": 19.5},
            {"slot": 1, "start": "06:05", "occurrence": {"day": ["Sat", "Someday"]}},
            {"slot": 3, "start": "PT9H"},
            {"slot": 7, "start": "PT1H"},
            {"start": "PT1H"},
            {"slot": 2, "start": "PT25H", "enabled": "yes", "temp": "warm"}
        ]}}}});
        let programs = preconditioning_programs(&raw);
        assert_eq!(
            programs,
            vec![
                ProgramReading {
                    slot: 1,
                    start: Some("06:05".into()),
                    days: vec!["Sat".into()],
                    temp: None,
                    enabled: None
                },
                ProgramReading {
                    slot: 2,
                    start: None,
                    days: vec![],
                    temp: None,
                    enabled: None
                },
                ProgramReading {
                    slot: 3,
                    start: Some("07:45".into()),
                    days: vec!["Mon".into(), "Wed".into(), "Fri".into()],
                    temp: Some(19.5),
                    enabled: Some(true),
                },
            ]
        );
    }

    #[test]
    fn no_programs_block_reads_as_none() {
        assert!(preconditioning_programs(&json!({"vehicle": {}})).is_empty());
        assert!(
            preconditioning_programs(
                &json!({"vehicle": {"preconditioning": {"airConditioning": {"programs": {}}}}})
            )
            .is_empty()
        );
    }
}
