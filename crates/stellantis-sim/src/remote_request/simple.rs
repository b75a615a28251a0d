//! The simple remotes: one state to set (locking, horn, lights, immobilization), one fixed action
//! word (wakeup, vehicle finder, onboard data deletion), or one attribute per request (stolen, TAN).

use serde_json::{Map, Value};

use super::Action;
use crate::json_check::{
    Check, Invalid, exactly_one, field, int_in, object, only_keys, required_bool, required_enum,
};

/// The action `key` whose object is `map` at `path`: one of the state or fixed-word remotes.
pub(super) fn parse(key: &str, map: &Map<String, Value>, path: &str) -> Check<Action> {
    Ok(match key {
        "locking" => {
            only_keys(map, path, &["state"])?;
            Action::Locking(required_enum(map, path, "state", &["Locked", "Unlocked"])? == "Locked")
        }
        "horn" => Action::Horn(activated(map, path)?),
        "lights" => Action::Lights(activated(map, path)?),
        "immobilization" => {
            only_keys(map, path, &["activate"])?;
            Action::Immobilization(required_bool(map, path, "activate")?)
        }
        "wakeup" => {
            word(map, path, "Wakeup")?;
            Action::Wakeup
        }
        "vehicleFinder" => {
            word(map, path, "GetPresentLocation")?;
            Action::VehicleFinder
        }
        "onboardPersonalData" => {
            word(map, path, "Delete")?;
            Action::OnboardPersonalDataDelete
        }
        _ => {
            return Err(Invalid::new(
                "action",
                format!("has an unknown action `{key}`"),
            ));
        }
    })
}

/// `{"state": "Activated" | "Unactivated"}`: whether it is activated.
fn activated(map: &Map<String, Value>, path: &str) -> Check<bool> {
    only_keys(map, path, &["state"])?;
    Ok(required_enum(map, path, "state", &["Activated", "Unactivated"])? == "Activated")
}

/// `{"action": word}`, the only value these remotes take.
fn word(map: &Map<String, Value>, path: &str, word: &str) -> Check<()> {
    only_keys(map, path, &["action"])?;
    required_enum(map, path, "action", &[word])?;
    Ok(())
}

/// `stolen`: its `state`, or its `crankInhibit`, never both.
pub(super) fn stolen(map: &Map<String, Value>, path: &str) -> Check<Action> {
    match exactly_one(map, path, &["state", "crankInhibit"])? {
        ("state", Value::Bool(b)) => Ok(Action::StolenState(*b)),
        ("state", _) => Err(Invalid::new(&field(path, "state"), "must be true or false")),
        (_, inner) => {
            let p = field(path, "crankInhibit");
            let inner = object(inner, &p)?;
            only_keys(inner, &p, &["activate"])?;
            Ok(Action::StolenCrankInhibit(required_bool(
                inner, &p, "activate",
            )?))
        }
    }
}

/// `tan`: `suppress` (with a duration code when suppressing) or `confirm`, never both.
pub(super) fn tan(map: &Map<String, Value>, path: &str) -> Check<Action> {
    let (key, inner) = exactly_one(map, path, &["suppress", "confirm"])?;
    let p = field(path, key);
    let inner = object(inner, &p)?;
    if key == "confirm" {
        only_keys(inner, &p, &["state"])?;
        return Ok(Action::TanConfirm(required_bool(inner, &p, "state")?));
    }
    only_keys(inner, &p, &["state", "duration"])?;
    let state = required_bool(inner, &p, "state")?;
    let duration = int_in(inner, &p, "duration", 0, 5)?;
    if state && duration.is_none() {
        return Err(Invalid::new(
            &field(&p, "duration"),
            "is required when suppressing (0=2 h, 1=4 h, 2=12 h, 3=24 h, 4=3 days, 5=7 days)",
        ));
    }
    Ok(Action::TanSuppress {
        state,
        duration: duration.map(|d| d as u8),
    })
}
