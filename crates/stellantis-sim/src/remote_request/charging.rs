//! The charging remote: one of start/stop now, a deferred start and end, up to 2 programs by slot,
//! or a rate or limit setting.

use serde_json::{Map, Value};

use super::program::{occurrence, program_list};
use super::{Action, ChargingAction};
use crate::json_check::{
    Check, Invalid, boolean, enum_str, exactly_one, int_in, object, only_keys, required_bool,
    required_enum, sole_object, time_of_day,
};

/// The fields a charging program may have.
const PROGRAM_KEYS: [&str; 12] = [
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

/// `charging`: its `charge`, holding exactly one of immediate, deferred, programs, settings.
pub(super) fn parse(map: &Map<String, Value>, path: &str) -> Check<Action> {
    let (charge, p) = sole_object(map, path, "charge")?;
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
                .ok_or_else(|| Invalid::new(&kp, "must be true or false"))?,
        ),
        "deferred" => deferred(inner, &kp)?,
        "programs" => programs(inner, &kp)?,
        _ => settings(inner, &kp)?,
    };
    Ok(Action::Charging(action))
}

/// `deferred`: a `start` (a time or immediate, not both) and/or an `end` (a time and whether to
/// charge to full).
fn deferred(inner: &Value, kp: &str) -> Check<ChargingAction> {
    let d = object(inner, kp)?;
    only_keys(d, kp, &["start", "end"])?;
    if d.is_empty() {
        return Err(Invalid::new(kp, "needs start or end"));
    }
    if let Some(start) = d.get("start") {
        let sp = format!("{kp}.start");
        let s = object(start, &sp)?;
        only_keys(s, &sp, &["startTime", "immediate"])?;
        let has_time = time_of_day(s, &sp, "startTime")?.is_some();
        let has_immediate = boolean(s, &sp, "immediate")?.is_some();
        if has_time == has_immediate {
            return Err(Invalid::new(
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
            .ok_or_else(|| Invalid::new(&format!("{ep}.endTime"), "is required"))?;
        required_bool(e, &ep, "chargeToFull")?;
    }
    Ok(ChargingAction::Deferred(inner.clone()))
}

/// `programs`: up to 2 by slot; one that sets its slot needs levels (min ≤ max) and a start.
fn programs(inner: &Value, kp: &str) -> Check<ChargingAction> {
    let list = program_list(inner, kp, 2, &PROGRAM_KEYS, |prog, pp, sets| {
        let min = int_in(prog, pp, "minChargingLevel", 0, 50)?;
        let max = int_in(prog, pp, "maxChargingLevel", 0, 100)?;
        int_in(prog, pp, "minSOC", 0, 50)?;
        int_in(prog, pp, "targetSOC", 0, 100)?;
        if sets {
            let (Some(min), Some(max)) = (min, max) else {
                return Err(Invalid::new(
                    pp,
                    "needs minChargingLevel (0..50) and maxChargingLevel (0..100)",
                ));
            };
            if min > max {
                return Err(Invalid::new(
                    pp,
                    format!("minChargingLevel {min} is above maxChargingLevel {max}"),
                ));
            }
            time_of_day(prog, pp, "start")?.ok_or_else(|| {
                Invalid::new(&format!("{pp}.start"), "is required to set a program")
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
    Ok(ChargingAction::Programs(list.clone()))
}

/// `settings`: exactly one of a charge rate preference or a charge limit.
fn settings(inner: &Value, kp: &str) -> Check<ChargingAction> {
    let s = object(inner, kp)?;
    match exactly_one(s, kp, &["chargePreferenceRate", "chargeLimit"])?.0 {
        "chargePreferenceRate" => {
            required_enum(
                s,
                kp,
                "chargePreferenceRate",
                &["Low", "LowPlus", "Med", "MedPlus", "High"],
            )?;
        }
        _ => {
            required_enum(s, kp, "chargeLimit", &["MedPlus", "High"])?;
        }
    }
    Ok(ChargingAction::Settings(inner.clone()))
}
