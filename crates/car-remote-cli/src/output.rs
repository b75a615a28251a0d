//! What the tool prints: text for people on stdout (progress on stderr), or one JSON document.

use serde::Serialize;
use serde_json::{Value, json};
use stellantis::model::Feature;
use stellantis::wire::response::{
    Capability, Charging, ChargingMode, ChargingStatus, DoneStatus, EnergyKind, Ignition,
    PreconditioningStatus, PrivacyState, Telemetry, Vehicle,
};
use stellantis::{DoneReport, EventKind, Outcome, TrackEvent};

/// Text or JSON.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// One JSON document on stdout instead of text.
    pub json: bool,
}

impl Output {
    /// Prints `value` as pretty JSON.
    pub(super) fn print_json<T: Serialize>(value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(error) => eprintln!("error: the result could not be written as JSON ({error})"),
        }
    }

    /// An error: on stderr as text, or as `{"error":{kind,message}}` on stdout.
    pub fn error(&self, kind: &str, message: &str) {
        if self.json {
            Self::print_json(&json!({ "error": { "kind": kind, "message": message } }));
        } else {
            eprintln!("error: {message}");
        }
    }

    /// A warning before sending; always on stderr so JSON stays clean.
    pub fn warning(&self, message: &str) {
        eprintln!("warning: {message}");
    }

    /// The vehicle list.
    pub fn vehicles(&self, vehicles: &[Vehicle]) {
        if self.json {
            return Self::print_json(&vehicles);
        }
        if vehicles.is_empty() {
            println!("No vehicles in this account.");
            return;
        }
        let width = vehicles
            .iter()
            .map(|v| v.id.len())
            .max()
            .unwrap_or(2)
            .max(2);
        println!("{:<width$}  {:<17}  {:<10}  BRAND", "ID", "VIN", "ENERGY");
        for v in vehicles {
            println!(
                "{:<width$}  {:<17}  {:<10}  {}",
                v.id,
                v.vin.as_deref().unwrap_or("-"),
                v.motorization.as_deref().unwrap_or("-"),
                v.brand_code.as_deref().unwrap_or("-"),
            );
        }
    }

    /// The latest telemetry.
    pub fn telemetry(&self, vehicle: &str, telemetry: &Telemetry) {
        if self.json {
            return Self::print_json(&json!({ "vehicleId": vehicle, "telemetry": telemetry }));
        }
        println!("Vehicle {vehicle}");
        print_telemetry(telemetry);
    }

    /// What the vehicle supports, feature by feature.
    pub fn capability(&self, vehicle: &str, capability: &Capability) {
        let rows: Vec<(Feature, Option<bool>)> = Feature::ALL
            .into_iter()
            .map(|f| {
                (
                    f,
                    f.capability_key()
                        .and_then(|k| capability.remote_supported(k)),
                )
            })
            .collect();
        if self.json {
            let supported: serde_json::Map<String, Value> = rows
                .iter()
                .map(|(f, s)| (f.as_str().to_owned(), json!(s)))
                .collect();
            return Self::print_json(&json!({
                "vehicleId": vehicle,
                "supported": supported,
                "capability": capability,
            }));
        }
        println!("Vehicle {vehicle}");
        for (feature, supported) in rows {
            let said = match supported {
                Some(true) => "supported",
                Some(false) => "not supported",
                None => "not stated (try it; 501 means unsupported)",
            };
            println!("  {:<22} {said}", feature.as_str());
        }
    }

    /// The 13 features.
    pub fn features(&self) {
        if self.json {
            let list: Vec<Value> = Feature::ALL
                .iter()
                .map(|f| json!({ "feature": f.as_str(), "title": f.title() }))
                .collect();
            return Self::print_json(&list);
        }
        for feature in Feature::ALL {
            println!("  {:<22} {}", feature.as_str(), feature.title());
        }
    }

    /// A progress line for one event of the command (stderr, text mode only).
    pub fn progress(&self, event: &TrackEvent) {
        if self.json {
            return;
        }
        let line = match &event.event {
            EventKind::Queued => "queued".to_owned(),
            EventKind::Sent => format!(
                "accepted by the server (remote id {})",
                event.remote_action_id.as_deref().unwrap_or("?")
            ),
            EventKind::Pending { status } => {
                format!("pending: {status} — {}", status.explanation())
            }
            EventKind::Done(report) => format!("done: {}", report.status),
            EventKind::Unknown { reason } => format!("no answer yet ({reason}); still listening"),
            EventKind::GaveUp { reason } => format!("no longer followed: {reason}"),
            EventKind::NotSent { reason } => format!("not sent: {reason}"),
            EventKind::Rejected { message, .. } => format!("refused: {message}"),
        };
        eprintln!("· {line}");
    }

    /// The result of a command sent without `--wait`: accepted under this id.
    pub fn accepted(&self, sent: &Sent, remote_action_id: Option<&str>) {
        if self.json {
            return Self::print_json(&sent.result_json(remote_action_id, "accepted"));
        }
        println!(
            "Accepted by the server (remote id {}). Use --wait to follow it to the end.",
            remote_action_id.unwrap_or("?")
        );
    }

    /// The end of a command.
    pub fn outcome(&self, sent: &Sent, remote_action_id: Option<&str>, outcome: &Outcome) {
        if self.json {
            let mut result = serde_json::to_value(outcome).unwrap_or(Value::Null);
            if let (Outcome::Done(report), Some(fields)) = (outcome, result.as_object_mut()) {
                fields.insert("explanation".to_owned(), json!(report.explanation()));
            }
            return Self::print_json(&sent.result_json(remote_action_id, result));
        }
        match outcome {
            Outcome::Done(report) => print_done(report),
            Outcome::Unknown => println!(
                "No answer yet: the command may still end. Check later (label {}).",
                sent.label
            ),
            Outcome::Rejected { message, .. } => println!("Refused by the server: {message}"),
            Outcome::NotSent { reason } => println!("Not sent: {reason}. Nothing was done."),
        }
    }
}

/// What identifies a command sent by this run.
#[derive(Debug)]
pub struct Sent {
    /// The journal's id of the command.
    pub request_id: String,
    /// The label sent with the remote.
    pub label: String,
    /// The vehicle.
    pub vehicle_id: String,
    /// The feature.
    pub feature: Feature,
}

impl Sent {
    /// The `--json` form of a command's result: what was sent, and `result`.
    fn result_json(&self, remote_action_id: Option<&str>, result: impl Serialize) -> Value {
        json!({
            "requestId": self.request_id,
            "label": self.label,
            "vehicleId": self.vehicle_id,
            "feature": self.feature,
            "remoteActionId": remote_action_id,
            "result": result,
        })
    }
}

fn print_done(report: &DoneReport) {
    // The code for scripts and searches, then what it means for the driver.
    match (&report.status, &report.failure_cause) {
        (DoneStatus::Failed, Some(cause)) => {
            println!("Failed: {cause} — {}", report.explanation())
        }
        (DoneStatus::Failed, None) => println!("Failed — {}", report.explanation()),
        (status, _) => println!("Done: {status} — {}", report.explanation()),
    }
    if let Some(position) = &report.position {
        println!(
            "Position: {:.6}, {:.6}",
            position.latitude, position.longitude
        );
    }
    if let Some(telemetry) = &report.telemetry {
        print_telemetry(telemetry);
    }
}

/// The telemetry as aligned `label  value` lines; what the answer does not carry is left out.
fn print_telemetry(telemetry: &Telemetry) {
    for (label, value) in telemetry_lines(telemetry) {
        println!("  {label:<16} {value}");
    }
}

/// The lines of [`print_telemetry`], in reading order.
fn telemetry_lines(t: &Telemetry) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    if let Some(at) = &t.created_at {
        lines.push(("updated", at.clone()));
    }
    if let Some(p) = &t.position {
        lines.push(("position", format!("{:.6}, {:.6}", p.latitude, p.longitude)));
    }
    for energy in &t.energies {
        let label = match energy.kind {
            EnergyKind::Electric => "battery",
            EnergyKind::Fuel => "fuel",
            EnergyKind::Other(_) => "energy",
        };
        let mut value = energy
            .level
            .map(|l| format!("{l:.0} %"))
            .unwrap_or_else(|| "-".to_owned());
        if let Some(km) = energy.autonomy_km {
            value.push_str(&format!(", {km:.0} km range"));
        }
        if let EnergyKind::Other(kind) = &energy.kind {
            value.push_str(&format!(" ({kind})"));
        }
        lines.push((label, value));
        if let Some(charging) = &energy.charging {
            lines.push(("charging", charging_line(charging)));
        }
    }
    if let Some(doors) = &t.doors {
        let locked = match doors.locked() {
            Some(true) => "locked".to_owned(),
            Some(false) => "unlocked".to_owned(),
            None if doors.locked_state.is_empty() => "lock state unknown".to_owned(),
            None => join(&doors.locked_state),
        };
        let open: Vec<&str> = doors.open().collect();
        let openings = if open.is_empty() {
            if doors.openings.is_empty() {
                String::new()
            } else {
                ", all closed".to_owned()
            }
        } else {
            format!(", open: {}", open.join(", "))
        };
        lines.push(("doors", format!("{locked}{openings}")));
    }
    if let Some(ignition) = &t.ignition {
        let said = match ignition {
            Ignition::Stop => "off".to_owned(),
            Ignition::StartUp => "starting".to_owned(),
            Ignition::Start => "on".to_owned(),
            Ignition::Other(other) => other.clone(),
        };
        lines.push(("ignition", said));
    }
    if let Some(moving) = t.moving {
        lines.push(("moving", if moving { "yes" } else { "no" }.to_owned()));
    }
    if let Some(privacy) = &t.privacy {
        let said = match privacy {
            PrivacyState::None => "off (position and data shared)".to_owned(),
            PrivacyState::Geolocation => "position hidden".to_owned(),
            PrivacyState::Full => "position and data hidden".to_owned(),
            PrivacyState::Other(other) => other.clone(),
        };
        lines.push(("privacy", said));
    }
    if let Some(percent) = t.battery_12v_percent {
        lines.push(("12 V battery", format!("{percent:.0} %")));
    }
    if let Some(km) = t.odometer_km {
        lines.push(("odometer", format!("{km:.0} km")));
    }
    if let Some(temp) = t.air_temperature_c {
        lines.push(("outside air", format!("{temp:.1} °C")));
    }
    if let Some(status) = &t.preconditioning {
        let said = match status {
            PreconditioningStatus::Enabled => "on".to_owned(),
            PreconditioningStatus::Disabled => "off".to_owned(),
            PreconditioningStatus::Finished => "finished".to_owned(),
            PreconditioningStatus::Failure => "failed".to_owned(),
            PreconditioningStatus::Other(other) => other.clone(),
        };
        lines.push(("preconditioning", said));
    }
    lines
}

/// `charging, plugged, slow, 2 h 10 min left` from what the vehicle said.
fn charging_line(c: &Charging) -> String {
    let mut parts = Vec::new();
    if let Some(status) = &c.status {
        parts.push(match status {
            ChargingStatus::Disconnected => "not plugged in".to_owned(),
            ChargingStatus::InProgress => "charging".to_owned(),
            ChargingStatus::Failure => "failed".to_owned(),
            ChargingStatus::Stopped => "stopped".to_owned(),
            ChargingStatus::Finished => "finished".to_owned(),
            ChargingStatus::Other(other) => other.clone(),
        });
    }
    // "not plugged in" already says it.
    match c.plugged {
        Some(true) => parts.push("plugged in".to_owned()),
        Some(false) if c.status != Some(ChargingStatus::Disconnected) => {
            parts.push("not plugged in".to_owned())
        }
        _ => {}
    }
    match &c.mode {
        Some(ChargingMode::Slow) => parts.push("slow".to_owned()),
        Some(ChargingMode::Quick) => parts.push("fast".to_owned()),
        Some(ChargingMode::Other(other)) => parts.push(format!("mode {other}")),
        Some(ChargingMode::No) | None => {}
    }
    if c.status == Some(ChargingStatus::InProgress) {
        match (c.remaining_minutes, &c.remaining_time) {
            (Some(minutes), _) => {
                parts.push(format!("{} h {:02} min left", minutes / 60, minutes % 60))
            }
            (None, Some(raw)) => parts.push(format!("{raw} left")),
            (None, None) => {}
        }
    }
    if parts.is_empty() {
        "-".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Values joined by commas.
fn join<T: std::fmt::Display>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
