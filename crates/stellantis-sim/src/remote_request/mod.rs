//! A remote POST body, validated as strictly as the spec and CONTRACT.md: exactly one known action,
//! known fields only, enums and ranges checked. The envelope (label, attributes, extended event
//! parameters, the one action) is checked here; each family of actions in a file of its own.

mod action;
mod charging;
mod navigation;
mod preconditioning;
mod program;
mod simple;

use serde_json::Value;

pub(crate) use self::action::{Action, ChargingAction};
use crate::api_error::ApiError;
use crate::json_check::{self, Check, Invalid, enum_str, object, only_keys, required_string};

/// The 12 action keys of the `action` object (the 13th feature, State, is a `wakeup`).
const ACTIONS: [&str; 12] = [
    "locking",
    "horn",
    "lights",
    "preconditioning",
    "onboardPersonalData",
    "charging",
    "wakeup",
    "immobilization",
    "navigation",
    "vehicleFinder",
    "stolen",
    "tan",
];

/// The `extendedEventParam` values: what the Done event may carry as `extensions`.
const EXTENDED_PARAMS: [&str; 6] = [
    "vehicle.latestTelemetry",
    "vehicle.doorsState",
    "vehicle.maintenance",
    "vehicle.position",
    "vehicle.alerts.active",
    "vehicle.alarm",
];

/// A validated remote POST body.
#[derive(Clone, Debug)]
pub(crate) struct RemoteRequest {
    /// The one action it asks for.
    pub action: Action,
    /// The `extendedEventParam` values, in the order sent.
    pub extended: Vec<String>,
    /// The body as sent, echoed by `GET .../remotes/{rid}` (`remote`).
    pub body: Value,
}

/// Validate a POST body.
pub(crate) fn parse(body: &[u8]) -> Result<RemoteRequest, ApiError> {
    request(body).map_err(|invalid| invalid.into_bad_request("remote"))
}

fn request(body: &[u8]) -> Check<RemoteRequest> {
    let value = json_check::parse(body)?;
    let root = object(&value, "body")?;
    only_keys(
        root,
        "body",
        &[
            "label",
            "attributes",
            "channelAttributes",
            "extendedEventParam",
            "action",
        ],
    )?;
    json_check::string(root, "body", "label")?;
    if let Some(attrs) = root.get("attributes") {
        for (i, attr) in json_check::array(attrs, "attributes")?.iter().enumerate() {
            let path = format!("attributes[{i}]");
            let attr = object(attr, &path)?;
            only_keys(attr, &path, &["type", "key", "value"])?;
            enum_str(attr, &path, "type", &["Body"])?;
            required_string(attr, &path, "key")?;
            required_string(attr, &path, "value")?;
        }
    }
    if let Some(attrs) = root.get("channelAttributes") {
        object(attrs, "channelAttributes")?;
    }
    let extended = match root.get("extendedEventParam") {
        Some(params) => extended_params(params)?,
        None => Vec::new(),
    };
    let action = root
        .get("action")
        .ok_or_else(|| Invalid::new("action", "is required"))?;
    Ok(RemoteRequest {
        action: one_action(action)?,
        extended,
        body: value,
    })
}

fn extended_params(params: &Value) -> Check<Vec<String>> {
    let mut extended = Vec::new();
    for param in json_check::array(params, "extendedEventParam")? {
        match param.as_str() {
            Some(p) if EXTENDED_PARAMS.contains(&p) => extended.push(p.to_owned()),
            _ => {
                return Err(Invalid::new(
                    "extendedEventParam",
                    format!(
                        "items must be one of {} (got {param})",
                        EXTENDED_PARAMS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(extended)
}

/// The `action` object: exactly one known action key, its value checked by its family.
fn one_action(action: &Value) -> Check<Action> {
    let action_map = object(action, "action")?;
    if let Some(unknown) = json_check::unknown_key(action_map, &ACTIONS) {
        return Err(Invalid::new(
            "action",
            format!(
                "has an unknown action `{unknown}` (known: {})",
                ACTIONS.join(", ")
            ),
        ));
    }
    let mut entries = action_map.iter();
    let (key, inner) = match (entries.next(), entries.next()) {
        (Some(one), None) => one,
        (None, _) => {
            return Err(Invalid::new(
                "action",
                "must hold exactly one action, it is empty",
            ));
        }
        (Some(_), Some(_)) => {
            let keys: Vec<&str> = action_map.keys().map(String::as_str).collect();
            return Err(Invalid::new(
                "action",
                format!("must hold exactly one action, got {}", keys.join(" and ")),
            ));
        }
    };
    let path = format!("action.{key}");
    let map = object(inner, &path)?;
    match key.as_str() {
        "stolen" => simple::stolen(map, &path),
        "tan" => simple::tan(map, &path),
        "navigation" => navigation::parse(map, &path),
        "preconditioning" => preconditioning::parse(map, &path),
        "charging" => charging::parse(map, &path),
        other => simple::parse(other, map, &path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_both_remote_type_vocabularies() {
        let lock = parse(br#"{"action":{"locking":{"state":"Locked"}}}"#).unwrap();
        assert_eq!(lock.action, Action::Locking(true));
        assert_eq!(
            (lock.action.remote_type(), lock.action.legacy_remote_type()),
            ("Locking", "Doors")
        );
        let tan = parse(br#"{"action":{"tan":{"suppress":{"state":false}}}}"#).unwrap();
        assert_eq!(
            tan.action,
            Action::TanSuppress {
                state: false,
                duration: None
            }
        );
        assert_eq!(tan.action.remote_type(), "Tan.suppress");
    }
}
