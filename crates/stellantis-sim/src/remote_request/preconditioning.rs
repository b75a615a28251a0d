//! The preconditioning remote: air conditioning now, up to 4 programs by slot, and/or settings.

use serde_json::{Map, Value};

use super::Action;
use super::program::{occurrence, program_list};
use crate::json_check::{
    Check, Invalid, boolean, enum_str, number, object, only_keys, sole_object, time_of_day,
};

/// The fields a preconditioning program may have.
const PROGRAM_KEYS: [&str; 6] = [
    "start",
    "occurrence",
    "enabled",
    "temp",
    "slot",
    "actionsType",
];

/// `preconditioning`: its `airConditioning` with at least one of immediate, programs, settings.
pub(super) fn parse(map: &Map<String, Value>, path: &str) -> Check<Action> {
    let (ac, p) = sole_object(map, path, "airConditioning")?;
    only_keys(ac, &p, &["immediate", "programs", "settings"])?;
    if ac.is_empty() {
        return Err(Invalid::new(&p, "needs immediate, programs or settings"));
    }
    let immediate = boolean(ac, &p, "immediate")?;
    let mut programs = Vec::new();
    if let Some(list) = ac.get("programs") {
        let list = program_list(
            list,
            &format!("{p}.programs"),
            4,
            &PROGRAM_KEYS,
            |prog, pp, sets| {
                if time_of_day(prog, pp, "start")?.is_none() && sets {
                    return Err(Invalid::new(
                        &format!("{pp}.start"),
                        "is required to set a program",
                    ));
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
        Some(settings) => Some(self::settings(settings, &format!("{p}.settings"))?),
    };
    Ok(Action::Preconditioning {
        immediate,
        programs,
        settings,
    })
}

/// The `settings`: a required `temp`, an optional mode and state; returned as sent.
fn settings(settings: &Value, sp: &str) -> Check<Value> {
    let s = object(settings, sp)?;
    only_keys(s, sp, &["temp", "mode", "state"])?;
    number(s, sp, "temp")?.ok_or_else(|| Invalid::new(&format!("{sp}.temp"), "is required"))?;
    enum_str(s, sp, "mode", &["Manual", "Auto"])?;
    enum_str(s, sp, "state", &["Activated", "Unactivated"])?;
    Ok(settings.clone())
}
