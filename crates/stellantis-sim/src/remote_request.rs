//! A remote POST body, validated as strictly as the spec and CONTRACT.md: exactly one known action,
//! known fields only, enums and ranges checked.

use serde_json::{Map, Value};

use crate::api_error::ApiError;
use crate::vehicle::Feature;

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

const EXTENDED_PARAMS: [&str; 6] = [
    "vehicle.latestTelemetry",
    "vehicle.doorsState",
    "vehicle.maintenance",
    "vehicle.position",
    "vehicle.alerts.active",
    "vehicle.alarm",
];

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// What a charging remote asks for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ChargingAction {
    Immediate(bool),
    Deferred(Value),
    Programs(Vec<Value>),
    Settings(Value),
}

/// The validated action of a remote.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    Charging(ChargingAction),
    StolenState(bool),
    StolenCrankInhibit(bool),
    Lights(bool),
    Preconditioning {
        immediate: Option<bool>,
        programs: Vec<Value>,
        settings: Option<Value>,
    },
    Locking(bool),
    Horn(bool),
    Immobilization(bool),
    Navigation(Value),
    Wakeup,
    VehicleFinder,
    TanSuppress {
        state: bool,
        duration: Option<u8>,
    },
    TanConfirm(bool),
    OnboardPersonalDataDelete,
}

impl Action {
    /// The capability this action needs.
    pub fn feature(&self) -> Feature {
        match self {
            Action::Charging(_) => Feature::Charging,
            Action::StolenState(_) | Action::StolenCrankInhibit(_) => Feature::Stolen,
            Action::Lights(_) => Feature::Lights,
            Action::Preconditioning { .. } => Feature::Preconditioning,
            Action::Locking(_) => Feature::Locking,
            Action::Horn(_) => Feature::Horn,
            Action::Immobilization(_) => Feature::Immobilization,
            Action::Navigation(_) => Feature::Navigation,
            Action::Wakeup => Feature::Wakeup,
            Action::VehicleFinder => Feature::VehicleFinder,
            Action::TanSuppress { .. } | Action::TanConfirm(_) => Feature::Tan,
            Action::OnboardPersonalDataDelete => Feature::OnboardPersonalData,
        }
    }

    /// The `RemoteType` of data-treatment.yaml and CONTRACT.md.
    pub fn remote_type(&self) -> &'static str {
        match self {
            Action::Charging(_) => "Charging",
            Action::StolenState(_) | Action::StolenCrankInhibit(_) => "Stolen",
            Action::Lights(_) => "Lights",
            Action::Preconditioning { .. } => "Preconditioning",
            Action::Locking(_) => "Locking",
            Action::Horn(_) => "Horn",
            Action::Immobilization(_) => "Immobilization",
            Action::Navigation(_) => "Navigation",
            Action::Wakeup => "Wakeup",
            Action::VehicleFinder => "VehicleFinder",
            Action::TanSuppress { .. } => "Tan.suppress",
            Action::TanConfirm(_) => "Tan.confirm",
            Action::OnboardPersonalDataDelete => "OnboardPersonalData",
        }
    }

    /// The `RemoteType` of platform-notification.yaml, where it has one (else the contract name).
    pub fn legacy_remote_type(&self) -> &'static str {
        match self {
            Action::Charging(_) => "ElectricBatteryChargingRequest",
            Action::Preconditioning { .. } => "ThermalPreconditioning",
            Action::Locking(_) => "Doors",
            Action::Wakeup => "WakeUp",
            Action::TanSuppress { .. } | Action::TanConfirm(_) => "Tan",
            other => other.remote_type(),
        }
    }
}

/// A validated remote POST body.
#[derive(Clone, Debug)]
pub(crate) struct RemoteRequest {
    pub action: Action,
    pub extended: Vec<String>,
    /// The body as sent, echoed by `GET .../remotes/{rid}` (`remote`).
    pub body: Value,
}

type Check<T> = Result<T, ApiError>;

fn bad(path: &str, what: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(format!("invalid remote body: {path} {what}"))
}

fn object<'a>(value: &'a Value, path: &str) -> Check<&'a Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| bad(path, "must be a JSON object"))
}

fn only_keys(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Check<()> {
    match map.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(bad(
            path,
            format!(
                "has an unknown field `{key}` (allowed: {})",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

fn boolean(map: &Map<String, Value>, path: &str, key: &str) -> Check<Option<bool>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(bad(&format!("{path}.{key}"), "must be true or false")),
    }
}

fn required_bool(map: &Map<String, Value>, path: &str, key: &str) -> Check<bool> {
    boolean(map, path, key)?.ok_or_else(|| bad(&format!("{path}.{key}"), "is required"))
}

fn enum_str<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
    allowed: &[&str],
) -> Check<Option<&'a str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s)),
        Some(other) => Err(bad(
            &format!("{path}.{key}"),
            format!("must be one of {} (got {other})", allowed.join(", ")),
        )),
    }
}

fn required_enum<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
    allowed: &[&str],
) -> Check<&'a str> {
    enum_str(map, path, key, allowed)?.ok_or_else(|| bad(&format!("{path}.{key}"), "is required"))
}

fn int_in(
    map: &Map<String, Value>,
    path: &str,
    key: &str,
    min: i64,
    max: i64,
) -> Check<Option<i64>> {
    match map.get(key) {
        None => Ok(None),
        Some(value) => match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(bad(
                &format!("{path}.{key}"),
                format!("must be an integer in {min}..{max} (got {value})"),
            )),
        },
    }
}

fn number(map: &Map<String, Value>, path: &str, key: &str) -> Check<Option<f64>> {
    match map.get(key) {
        None => Ok(None),
        Some(value) => value
            .as_f64()
            .map(Some)
            .ok_or_else(|| bad(&format!("{path}.{key}"), "must be a number")),
    }
}

fn string<'a>(map: &'a Map<String, Value>, path: &str, key: &str) -> Check<Option<&'a str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(&format!("{path}.{key}"), "must be a string")),
    }
}

/// An ISO-8601 duration from midnight such as `PT14H30M` (under 24 h).
fn time_of_day(map: &Map<String, Value>, path: &str, key: &str) -> Check<Option<()>> {
    let Some(text) = string(map, path, key)? else {
        return Ok(None);
    };
    let invalid = || {
        bad(
            &format!("{path}.{key}"),
            format!("must be an ISO-8601 duration from midnight like PT14H30M (got {text:?})"),
        )
    };
    let rest = text.strip_prefix("PT").ok_or_else(invalid)?;
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut seconds = 0u64;
    let mut digits = String::new();
    let mut last_unit = 0;
    for ch in rest.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        let (order, factor) = match ch {
            'H' => (1, 3600),
            'M' => (2, 60),
            'S' => (3, 1),
            _ => return Err(invalid()),
        };
        if digits.is_empty() || order <= last_unit {
            return Err(invalid());
        }
        let n: u64 = digits.parse().map_err(|_| invalid())?;
        seconds = seconds.saturating_add(n.saturating_mul(factor));
        digits.clear();
        last_unit = order;
    }
    if !digits.is_empty() || seconds >= 24 * 3600 {
        return Err(invalid());
    }
    Ok(Some(()))
}

fn occurrence(map: &Map<String, Value>, path: &str) -> Check<()> {
    let Some(value) = map.get("occurrence") else {
        return Ok(());
    };
    let path = format!("{path}.occurrence");
    let occ = object(value, &path)?;
    only_keys(occ, &path, &["day"])?;
    let days = occ
        .get("day")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(&format!("{path}.day"), "is required: an array of Mon..Sun"))?;
    for day in days {
        if !day.as_str().is_some_and(|d| DAYS.contains(&d)) {
            return Err(bad(
                &format!("{path}.day"),
                format!("items must be one of {} (got {day})", DAYS.join(", ")),
            ));
        }
    }
    Ok(())
}

/// Validate a POST body.
pub(crate) fn parse(body: &[u8]) -> Check<RemoteRequest> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid remote body: not JSON ({e})")))?;
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
    string(root, "body", "label")?;
    if let Some(attrs) = root.get("attributes") {
        let attrs = attrs
            .as_array()
            .ok_or_else(|| bad("attributes", "must be an array"))?;
        for (i, attr) in attrs.iter().enumerate() {
            let path = format!("attributes[{i}]");
            let attr = object(attr, &path)?;
            only_keys(attr, &path, &["type", "key", "value"])?;
            enum_str(attr, &path, "type", &["Body"])?;
            string(attr, &path, "key")?
                .ok_or_else(|| bad(&format!("{path}.key"), "is required"))?;
            string(attr, &path, "value")?
                .ok_or_else(|| bad(&format!("{path}.value"), "is required"))?;
        }
    }
    if let Some(attrs) = root.get("channelAttributes") {
        object(attrs, "channelAttributes")?;
    }
    let mut extended = Vec::new();
    if let Some(params) = root.get("extendedEventParam") {
        let params = params
            .as_array()
            .ok_or_else(|| bad("extendedEventParam", "must be an array"))?;
        for param in params {
            match param.as_str() {
                Some(p) if EXTENDED_PARAMS.contains(&p) => extended.push(p.to_owned()),
                _ => {
                    return Err(bad(
                        "extendedEventParam",
                        format!(
                            "items must be one of {} (got {param})",
                            EXTENDED_PARAMS.join(", ")
                        ),
                    ));
                }
            }
        }
    }
    let action = root
        .get("action")
        .ok_or_else(|| bad("action", "is required"))?;
    let action_map = object(action, "action")?;
    if let Some(unknown) = action_map.keys().find(|k| !ACTIONS.contains(&k.as_str())) {
        return Err(bad(
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
        (None, _) => return Err(bad("action", "must hold exactly one action, it is empty")),
        (Some(_), Some(_)) => {
            let keys: Vec<&str> = action_map.keys().map(String::as_str).collect();
            return Err(bad(
                "action",
                format!("must hold exactly one action, got {}", keys.join(" and ")),
            ));
        }
    };
    let path = format!("action.{key}");
    let map = object(inner, &path)?;
    let action = match key.as_str() {
        "locking" => {
            only_keys(map, &path, &["state"])?;
            Action::Locking(
                required_enum(map, &path, "state", &["Locked", "Unlocked"])? == "Locked",
            )
        }
        "horn" => {
            only_keys(map, &path, &["state"])?;
            Action::Horn(
                required_enum(map, &path, "state", &["Activated", "Unactivated"])? == "Activated",
            )
        }
        "lights" => {
            only_keys(map, &path, &["state"])?;
            Action::Lights(
                required_enum(map, &path, "state", &["Activated", "Unactivated"])? == "Activated",
            )
        }
        "immobilization" => {
            only_keys(map, &path, &["activate"])?;
            Action::Immobilization(required_bool(map, &path, "activate")?)
        }
        "wakeup" => {
            only_keys(map, &path, &["action"])?;
            required_enum(map, &path, "action", &["Wakeup"])?;
            Action::Wakeup
        }
        "vehicleFinder" => {
            only_keys(map, &path, &["action"])?;
            required_enum(map, &path, "action", &["GetPresentLocation"])?;
            Action::VehicleFinder
        }
        "onboardPersonalData" => {
            only_keys(map, &path, &["action"])?;
            required_enum(map, &path, "action", &["Delete"])?;
            Action::OnboardPersonalDataDelete
        }
        "stolen" => stolen(map, &path)?,
        "tan" => tan(map, &path)?,
        "navigation" => navigation(map, &path)?,
        "preconditioning" => preconditioning(map, &path)?,
        "charging" => charging(map, &path)?,
        _ => return Err(bad("action", format!("has an unknown action `{key}`"))),
    };
    Ok(RemoteRequest {
        action,
        extended,
        body: value,
    })
}

fn exactly_one<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    keys: &[&str],
) -> Check<(&'a str, &'a Value)> {
    only_keys(map, path, keys)?;
    let present: Vec<(&String, &Value)> = map.iter().collect();
    match present.as_slice() {
        [(key, value)] => Ok((key.as_str(), value)),
        [] => Err(bad(
            path,
            format!("needs exactly one of {}", keys.join(", ")),
        )),
        _ => Err(bad(
            path,
            format!(
                "takes one attribute per request, got {}",
                map.keys().cloned().collect::<Vec<_>>().join(" and ")
            ),
        )),
    }
}

fn stolen(map: &Map<String, Value>, path: &str) -> Check<Action> {
    match exactly_one(map, path, &["state", "crankInhibit"])? {
        ("state", Value::Bool(b)) => Ok(Action::StolenState(*b)),
        ("state", _) => Err(bad(&format!("{path}.state"), "must be true or false")),
        (_, inner) => {
            let p = format!("{path}.crankInhibit");
            let inner = object(inner, &p)?;
            only_keys(inner, &p, &["activate"])?;
            Ok(Action::StolenCrankInhibit(required_bool(
                inner, &p, "activate",
            )?))
        }
    }
}

fn tan(map: &Map<String, Value>, path: &str) -> Check<Action> {
    let (key, inner) = exactly_one(map, path, &["suppress", "confirm"])?;
    let p = format!("{path}.{key}");
    let inner = object(inner, &p)?;
    if key == "confirm" {
        only_keys(inner, &p, &["state"])?;
        return Ok(Action::TanConfirm(required_bool(inner, &p, "state")?));
    }
    only_keys(inner, &p, &["state", "duration"])?;
    let state = required_bool(inner, &p, "state")?;
    let duration = int_in(inner, &p, "duration", 0, 5)?;
    if state && duration.is_none() {
        return Err(bad(
            &format!("{p}.duration"),
            "is required when suppressing (0=2 h, 1=4 h, 2=12 h, 3=24 h, 4=3 days, 5=7 days)",
        ));
    }
    Ok(Action::TanSuppress {
        state,
        duration: duration.map(|d| d as u8),
    })
}

fn navigation(map: &Map<String, Value>, path: &str) -> Check<Action> {
    only_keys(map, path, &["positions"])?;
    let p = format!("{path}.positions");
    let positions = map
        .get("positions")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(&p, "is required: an array of 1..10 GeoJSON features"))?;
    if positions.is_empty() || positions.len() > 10 {
        return Err(bad(
            &p,
            format!("must hold 1..10 positions (got {})", positions.len()),
        ));
    }
    for (i, position) in positions.iter().enumerate() {
        let pp = format!("{p}[{i}]");
        let feature = object(position, &pp)?;
        only_keys(feature, &pp, &["type", "geometry", "properties"])?;
        enum_str(feature, &pp, "type", &["Feature"])?;
        let gp = format!("{pp}.geometry");
        let geometry = object(
            feature
                .get("geometry")
                .ok_or_else(|| bad(&gp, "is required"))?,
            &gp,
        )?;
        only_keys(geometry, &gp, &["type", "coordinates"])?;
        required_enum(geometry, &gp, "type", &["Point"])?;
        let cp = format!("{gp}.coordinates");
        let coords = geometry
            .get("coordinates")
            .and_then(Value::as_array)
            .ok_or_else(|| bad(&cp, "is required: [longitude, latitude]"))?;
        let numbers: Vec<f64> = coords.iter().filter_map(Value::as_f64).collect();
        if numbers.len() != coords.len() || !(2..=3).contains(&numbers.len()) {
            return Err(bad(
                &cp,
                "must be [longitude, latitude] (numbers, optional altitude)",
            ));
        }
        if !(-180.0..=180.0).contains(&numbers[0]) {
            return Err(bad(
                &cp,
                format!("longitude {} is outside -180..180", numbers[0]),
            ));
        }
        if !(-90.0..=90.0).contains(&numbers[1]) {
            return Err(bad(
                &cp,
                format!(
                    "latitude {} is outside -90..90 (order is [longitude, latitude])",
                    numbers[1]
                ),
            ));
        }
        if let Some(props) = feature.get("properties") {
            let prp = format!("{pp}.properties");
            let props = object(props, &prp)?;
            only_keys(
                props,
                &prp,
                &[
                    "address",
                    "placeid",
                    "name",
                    "category",
                    "phoneNumber",
                    "url",
                ],
            )?;
            for key in ["name", "category", "phoneNumber", "url"] {
                string(props, &prp, key)?;
            }
            if let Some(address) = props.get("address") {
                let ap = format!("{prp}.address");
                let address = object(address, &ap)?;
                only_keys(
                    address,
                    &ap,
                    &[
                        "houseNumber",
                        "postalCode",
                        "streetName",
                        "cityName",
                        "countryName",
                        "provinceName",
                    ],
                )?;
            }
        }
    }
    Ok(Action::Navigation(Value::Array(positions.clone())))
}

/// Checks a program list at `path`: an array of 1 to `max` objects with only `keys`, each
/// with a slot 1..=`max` used once and an optional `actionsType`. `rest` checks the other fields
/// of one program, told whether it sets its slot (rather than deleting it).
fn program_list<'a>(
    value: &'a Value,
    path: &str,
    max: u8,
    keys: &[&str],
    mut rest: impl FnMut(&Map<String, Value>, &str, bool) -> Check<()>,
) -> Check<&'a Vec<Value>> {
    let list = value
        .as_array()
        .ok_or_else(|| bad(path, "must be an array"))?;
    if list.is_empty() || list.len() > usize::from(max) {
        return Err(bad(path, format!("must hold 1..{max} programs")));
    }
    let mut seen = vec![false; usize::from(max) + 1];
    for (i, program) in list.iter().enumerate() {
        let pp = format!("{path}[{i}]");
        let prog = object(program, &pp)?;
        only_keys(prog, &pp, keys)?;
        let slot = int_in(prog, &pp, "slot", 1, i64::from(max))?
            .ok_or_else(|| bad(&format!("{pp}.slot"), format!("is required (1..{max})")))?;
        if std::mem::replace(&mut seen[slot as usize], true) {
            return Err(bad(&pp, format!("uses slot {slot} twice; each slot once")));
        }
        let kind = enum_str(prog, &pp, "actionsType", &["Set", "Delete"])?.unwrap_or("Set");
        rest(prog, &pp, kind == "Set")?;
    }
    Ok(list)
}

fn preconditioning(map: &Map<String, Value>, path: &str) -> Check<Action> {
    only_keys(map, path, &["airConditioning"])?;
    let p = format!("{path}.airConditioning");
    let ac = object(
        map.get("airConditioning")
            .ok_or_else(|| bad(&p, "is required"))?,
        &p,
    )?;
    only_keys(ac, &p, &["immediate", "programs", "settings"])?;
    if ac.is_empty() {
        return Err(bad(&p, "needs immediate, programs or settings"));
    }
    let immediate = boolean(ac, &p, "immediate")?;
    let mut programs = Vec::new();
    if let Some(list) = ac.get("programs") {
        let keys = [
            "start",
            "occurrence",
            "enabled",
            "temp",
            "slot",
            "actionsType",
        ];
        let list = program_list(
            list,
            &format!("{p}.programs"),
            4,
            &keys,
            |prog, pp, sets| {
                if time_of_day(prog, pp, "start")?.is_none() && sets {
                    return Err(bad(&format!("{pp}.start"), "is required to set a program"));
                }
                occurrence(prog, pp)?;
                boolean(prog, pp, "enabled")?;
                number(prog, pp, "temp")?;
                Ok(())
            },
        )?;
        programs = list.clone();
    }
    let settings = match ac.get("settings") {
        None => None,
        Some(settings) => {
            let sp = format!("{p}.settings");
            let s = object(settings, &sp)?;
            only_keys(s, &sp, &["temp", "mode", "state"])?;
            number(s, &sp, "temp")?.ok_or_else(|| bad(&format!("{sp}.temp"), "is required"))?;
            enum_str(s, &sp, "mode", &["Manual", "Auto"])?;
            enum_str(s, &sp, "state", &["Activated", "Unactivated"])?;
            Some(settings.clone())
        }
    };
    Ok(Action::Preconditioning {
        immediate,
        programs,
        settings,
    })
}

fn charging(map: &Map<String, Value>, path: &str) -> Check<Action> {
    only_keys(map, path, &["charge"])?;
    let p = format!("{path}.charge");
    let charge = object(map.get("charge").ok_or_else(|| bad(&p, "is required"))?, &p)?;
    let (key, inner) = exactly_one(
        charge,
        &p,
        &["immediate", "deferred", "programs", "settings"],
    )?;
    let kp = format!("{p}.{key}");
    let action = match key {
        "immediate" => ChargingAction::Immediate(
            inner
                .as_bool()
                .ok_or_else(|| bad(&kp, "must be true or false"))?,
        ),
        "deferred" => {
            let d = object(inner, &kp)?;
            only_keys(d, &kp, &["start", "end"])?;
            if d.is_empty() {
                return Err(bad(&kp, "needs start or end"));
            }
            if let Some(start) = d.get("start") {
                let sp = format!("{kp}.start");
                let s = object(start, &sp)?;
                only_keys(s, &sp, &["startTime", "immediate"])?;
                let has_time = time_of_day(s, &sp, "startTime")?.is_some();
                let has_immediate = boolean(s, &sp, "immediate")?.is_some();
                if has_time == has_immediate {
                    return Err(bad(
                        &sp,
                        "needs exactly one of startTime and immediate (never together)",
                    ));
                }
            }
            if let Some(end) = d.get("end") {
                let ep = format!("{kp}.end");
                let e = object(end, &ep)?;
                only_keys(e, &ep, &["endTime", "chargeToFull"])?;
                time_of_day(e, &ep, "endTime")?
                    .ok_or_else(|| bad(&format!("{ep}.endTime"), "is required"))?;
                required_bool(e, &ep, "chargeToFull")?;
            }
            ChargingAction::Deferred(inner.clone())
        }
        "programs" => {
            let keys = [
                "start",
                "end",
                "occurrence",
                "enabled",
                "chargeToFull",
                "minChargingLevel",
                "maxChargingLevel",
                "minSOC",
                "targetSOC",
                "chargeType",
                "slot",
                "actionsType",
            ];
            let list = program_list(inner, &kp, 2, &keys, |prog, pp, sets| {
                let min = int_in(prog, pp, "minChargingLevel", 0, 50)?;
                let max = int_in(prog, pp, "maxChargingLevel", 0, 100)?;
                int_in(prog, pp, "minSOC", 0, 50)?;
                int_in(prog, pp, "targetSOC", 0, 100)?;
                if sets {
                    let (Some(min), Some(max)) = (min, max) else {
                        return Err(bad(
                            pp,
                            "needs minChargingLevel (0..50) and maxChargingLevel (0..100)",
                        ));
                    };
                    if min > max {
                        return Err(bad(
                            pp,
                            format!("minChargingLevel {min} is above maxChargingLevel {max}"),
                        ));
                    }
                    time_of_day(prog, pp, "start")?.ok_or_else(|| {
                        bad(&format!("{pp}.start"), "is required to set a program")
                    })?;
                }
                time_of_day(prog, pp, "start")?;
                time_of_day(prog, pp, "end")?;
                occurrence(prog, pp)?;
                boolean(prog, pp, "enabled")?;
                boolean(prog, pp, "chargeToFull")?;
                enum_str(prog, pp, "chargeType", &["Regular", "Cooperative"])?;
                Ok(())
            })?;
            ChargingAction::Programs(list.clone())
        }
        _ => {
            let s = object(inner, &kp)?;
            match exactly_one(s, &kp, &["chargePreferenceRate", "chargeLimit"])?.0 {
                "chargePreferenceRate" => {
                    required_enum(
                        s,
                        &kp,
                        "chargePreferenceRate",
                        &["Low", "LowPlus", "Med", "MedPlus", "High"],
                    )?;
                }
                _ => {
                    required_enum(s, &kp, "chargeLimit", &["MedPlus", "High"])?;
                }
            }
            ChargingAction::Settings(inner.clone())
        }
    };
    Ok(Action::Charging(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(text: &str) -> bool {
        let map: Map<String, Value> = [("t".to_owned(), Value::from(text))].into_iter().collect();
        time_of_day(&map, "x", "t").is_ok()
    }

    #[test]
    fn times_of_day_are_iso_durations_under_a_day() {
        for ok in ["PT14H30M", "PT0S", "PT23H59M59S", "PT45M", "PT6H"] {
            assert!(times(ok), "{ok}");
        }
        for bad in [
            "14:30", "PT", "P1D", "PT24H", "PT30M14H", "PTH", "PT1.5H", "pt1h",
        ] {
            assert!(!times(bad), "{bad}");
        }
    }

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
