//! The slot programs that charging and preconditioning share: a list of slots, each used once, set
//! or deleted, and the week days a program recurs on.

use serde_json::{Map, Value};

use crate::json_check::{Check, Invalid, array, enum_str, int_in, object, only_keys};

/// The `occurrence.day` values.
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Checks a program list at `path`: an array of 1 to `max` objects with only `keys`, each
/// with a slot 1..=`max` used once and an optional `actionsType`. `rest` checks the other fields
/// of one program, told whether it sets its slot (rather than deleting it).
pub(super) fn program_list<'a>(
    value: &'a Value,
    path: &str,
    max: u8,
    keys: &[&str],
    mut rest: impl FnMut(&Map<String, Value>, &str, bool) -> Check<()>,
) -> Check<&'a Vec<Value>> {
    let list = array(value, path)?;
    if list.is_empty() || list.len() > usize::from(max) {
        return Err(Invalid::new(path, format!("must hold 1..{max} programs")));
    }
    let mut seen = vec![false; usize::from(max) + 1];
    for (i, program) in list.iter().enumerate() {
        let pp = format!("{path}[{i}]");
        let prog = object(program, &pp)?;
        only_keys(prog, &pp, keys)?;
        let slot = int_in(prog, &pp, "slot", 1, i64::from(max))?.ok_or_else(|| {
            Invalid::new(&format!("{pp}.slot"), format!("is required (1..{max})"))
        })?;
        if std::mem::replace(&mut seen[slot as usize], true) {
            return Err(Invalid::new(
                &pp,
                format!("uses slot {slot} twice; each slot once"),
            ));
        }
        let kind = enum_str(prog, &pp, "actionsType", &["Set", "Delete"])?.unwrap_or("Set");
        rest(prog, &pp, kind == "Set")?;
    }
    Ok(list)
}

/// A program's optional `occurrence`: `{"day": [...]}` with days `Mon`..`Sun`.
pub(super) fn occurrence(map: &Map<String, Value>, path: &str) -> Check<()> {
    let Some(value) = map.get("occurrence") else {
        return Ok(());
    };
    let path = format!("{path}.occurrence");
    let occ = object(value, &path)?;
    only_keys(occ, &path, &["day"])?;
    let days = occ
        .get("day")
        .and_then(Value::as_array)
        .ok_or_else(|| Invalid::new(&format!("{path}.day"), "is required: an array of Mon..Sun"))?;
    for day in days {
        if !day.as_str().is_some_and(|d| DAYS.contains(&d)) {
            return Err(Invalid::new(
                &format!("{path}.day"),
                format!("items must be one of {} (got {day})", DAYS.join(", ")),
            ));
        }
    }
    Ok(())
}
