//! Request bodies: the exact JSON the API expects for each of the 13 remote commands.
//!
//! This is the only place that knows the wire spelling of a command (`action` wrapper,
//! `occurrence`, `[longitude, latitude]`); the snapshots in `src/wire/snapshots/` pin it.

use serde_json::{Map, Value, json};

use crate::model::{
    ChargeSettings, ChargingAction, ChargingProgram, Days, DeferredStart, PreconditioningAction,
    PreconditioningProgram, RemoteCommand, StolenAction, TanAction, TimeOfDay, Waypoint,
};

/// The full body of `POST .../channels/{chId}/remotes`: `{label, extendedEventParam?, action}`.
///
/// `label` is the client's own id for the remote, used to find it again if the answer is lost.
/// `State` sends the wake-up body: the telemetry is read once the wake-up is done.
pub fn remote_body(cmd: &RemoteCommand, label: &str) -> Value {
    let mut body = Map::new();
    body.insert("label".to_owned(), Value::from(label));
    if matches!(cmd, RemoteCommand::VehicleFinder) {
        // The position only comes back in the Done event if the request asks for it.
        body.insert("extendedEventParam".to_owned(), json!(["vehicle.position"]));
    }
    body.insert("action".to_owned(), action(cmd));
    Value::Object(body)
}

/// The `action` object: exactly one key, named after the feature.
fn action(cmd: &RemoteCommand) -> Value {
    match cmd {
        RemoteCommand::Charging(charging) => json!({ "charging": { "charge": charge(charging) } }),
        RemoteCommand::Stolen(StolenAction::Declare(stolen)) => {
            json!({ "stolen": { "state": stolen } })
        }
        RemoteCommand::Stolen(StolenAction::CrankInhibit(on)) => {
            json!({ "stolen": { "crankInhibit": { "activate": on } } })
        }
        RemoteCommand::Lights(state) => json!({ "lights": { "state": state.as_str() } }),
        RemoteCommand::Preconditioning(precond) => {
            json!({ "preconditioning": { "airConditioning": air_conditioning(precond) } })
        }
        RemoteCommand::Locking(state) => json!({ "locking": { "state": state.as_str() } }),
        RemoteCommand::Horn(state) => json!({ "horn": { "state": state.as_str() } }),
        RemoteCommand::Immobilization(activate) => {
            json!({ "immobilization": { "activate": activate } })
        }
        RemoteCommand::Navigation(route) => {
            let positions: Vec<Value> = route.as_slice().iter().map(position).collect();
            json!({ "navigation": { "positions": positions } })
        }
        RemoteCommand::State | RemoteCommand::WakeUp => json!({ "wakeup": { "action": "Wakeup" } }),
        RemoteCommand::VehicleFinder => {
            json!({ "vehicleFinder": { "action": "GetPresentLocation" } })
        }
        RemoteCommand::Tan(TanAction::Suppress(duration)) => {
            json!({ "tan": { "suppress": { "state": true, "duration": duration.code() } } })
        }
        RemoteCommand::Tan(TanAction::EndSuppression) => {
            json!({ "tan": { "suppress": { "state": false } } })
        }
        RemoteCommand::Tan(TanAction::Confirm(theft)) => {
            json!({ "tan": { "confirm": { "state": theft } } })
        }
        RemoteCommand::OnboardPersonalData => {
            json!({ "onboardPersonalData": { "action": "Delete" } })
        }
    }
}

/// The `charge` object: exactly one of `immediate`, `deferred`, `programs`, `settings`.
fn charge(charging: &ChargingAction) -> Value {
    match charging {
        ChargingAction::Immediate(now) => json!({ "immediate": now }),
        ChargingAction::Deferred(deferred) => {
            let start = match deferred.start {
                DeferredStart::Now => json!({ "immediate": true }),
                DeferredStart::At(time) => json!({ "startTime": time.to_iso() }),
            };
            let mut body = Map::new();
            body.insert("start".to_owned(), start);
            if let Some(end) = deferred.end {
                body.insert(
                    "end".to_owned(),
                    json!({ "endTime": end.end_time.to_iso(), "chargeToFull": end.charge_to_full }),
                );
            }
            json!({ "deferred": body })
        }
        ChargingAction::Programs(programs) => {
            let list: Vec<Value> = programs.as_slice().iter().map(charging_program).collect();
            json!({ "programs": list })
        }
        ChargingAction::Settings(ChargeSettings::PreferenceRate(rate)) => {
            json!({ "settings": { "chargePreferenceRate": rate.as_str() } })
        }
        ChargingAction::Settings(ChargeSettings::Limit(limit)) => {
            json!({ "settings": { "chargeLimit": limit.as_str() } })
        }
    }
}

/// The fields every `Set` program item carries, charging or air conditioning.
fn set_program(slot: u8, start: TimeOfDay, on: Days, enabled: bool) -> Value {
    json!({
        "slot": slot,
        "actionsType": "Set",
        "start": start.to_iso(),
        "occurrence": { "day": days(on) },
        "enabled": enabled,
    })
}

/// Adds the fields of the object `more` to the object `body`.
fn extend(body: &mut Value, more: Value) {
    if let (Some(map), Value::Object(more)) = (body.as_object_mut(), more) {
        map.extend(more);
    }
}

fn charging_program(program: &ChargingProgram) -> Value {
    match program {
        ChargingProgram::Set(s) => {
            let mut body = set_program(s.slot.get(), s.start, s.days, s.enabled);
            extend(
                &mut body,
                json!({
                    "chargeToFull": s.charge_to_full,
                    "minChargingLevel": s.levels.min().get(),
                    "maxChargingLevel": s.levels.max().get(),
                    "chargeType": s.charge_type.as_str(),
                }),
            );
            if let (Some(end), Some(map)) = (s.end, body.as_object_mut()) {
                map.insert("end".to_owned(), Value::from(end.to_iso()));
            }
            body
        }
        // The schema requires both levels on every charging program item, even a deletion;
        // the widest range says nothing the server could act on.
        ChargingProgram::Delete(slot) => json!({
            "slot": slot.get(),
            "actionsType": "Delete",
            "minChargingLevel": 0,
            "maxChargingLevel": 100,
        }),
    }
}

/// The `airConditioning` object: exactly one of `immediate`, `programs`, `settings`.
fn air_conditioning(precond: &PreconditioningAction) -> Value {
    match precond {
        PreconditioningAction::Immediate(now) => json!({ "immediate": now }),
        PreconditioningAction::Programs(programs) => {
            let list: Vec<Value> = programs
                .as_slice()
                .iter()
                .map(preconditioning_program)
                .collect();
            json!({ "programs": list })
        }
        PreconditioningAction::Settings(s) => json!({
            "settings": {
                "temp": s.temperature.celsius(),
                "mode": s.mode.as_str(),
                "state": s.state.as_str(),
            }
        }),
    }
}

fn preconditioning_program(program: &PreconditioningProgram) -> Value {
    match program {
        PreconditioningProgram::Set(s) => {
            let mut body = set_program(s.slot.get(), s.start, s.days, s.enabled);
            if let (Some(temp), Some(map)) = (s.temperature, body.as_object_mut()) {
                map.insert("temp".to_owned(), Value::from(temp.celsius()));
            }
            body
        }
        PreconditioningProgram::Delete(slot) => json!({
            "slot": slot.get(),
            "actionsType": "Delete",
        }),
    }
}

fn days(days: Days) -> Vec<&'static str> {
    days.to_vec().into_iter().map(|day| day.as_str()).collect()
}

/// A GeoJSON Feature; GeoJSON puts longitude first.
fn position(point: &Waypoint) -> Value {
    let mut feature = json!({
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [point.longitude().degrees(), point.latitude().degrees()],
        },
    });
    if let (Some(name), Some(map)) = (point.name(), feature.as_object_mut()) {
        map.insert("properties".to_owned(), json!({ "name": name }));
    }
    feature
}
