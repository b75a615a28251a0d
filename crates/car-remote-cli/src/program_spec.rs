//! Programs on the command line: `slot=1,start=22:30,days=Mon+Tue,min=20,max=80` or `slot=2,delete`.
//!
//! Only the shape is read here; ranges, times and day names are checked by the model, so the
//! messages are the same as in the app.

use stellantis::model::{ChargingProgramInput, InvalidInput, PreconditioningProgramInput};

const CHARGING_KEYS: &str = "slot=N,start=HH:MM,days=Mon+Tue,min=0..50,max=0..100[,end=HH:MM][,type=Regular|Cooperative][,enabled=true|false][,full=true|false], or slot=N,delete";
const PRECONDITIONING_KEYS: &str =
    "slot=N,start=HH:MM,days=Mon+Tue[,temp=21][,enabled=true|false], or slot=N,delete";

/// The `key=value` pairs of one spec; `delete` stands alone.
fn pairs<'a>(
    field: &str,
    allowed: &str,
    spec: &'a str,
) -> Result<Vec<(&'a str, Option<&'a str>)>, InvalidInput> {
    spec.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((key, value)) => Ok((key.trim(), Some(value.trim()))),
            None if part.eq_ignore_ascii_case("delete") => Ok(("delete", None)),
            None => Err(InvalidInput::new(field, allowed, format!("{part:?}"))),
        })
        .collect()
}

fn number<T: std::str::FromStr>(
    field: &str,
    key: &str,
    value: Option<&str>,
) -> Result<T, InvalidInput> {
    value.and_then(|v| v.parse().ok()).ok_or_else(|| {
        InvalidInput::new(format!("{field}.{key}"), "a number", format!("{value:?}"))
    })
}

fn boolean(field: &str, key: &str, value: Option<&str>) -> Result<bool, InvalidInput> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        Some("true" | "yes" | "on") => Ok(true),
        Some("false" | "no" | "off") => Ok(false),
        _ => Err(InvalidInput::new(
            format!("{field}.{key}"),
            "true or false",
            format!("{value:?}"),
        )),
    }
}

fn days(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(['+', ' ', '/'])
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The text after `key=`, or nothing for a bare word.
fn text(value: Option<&str>) -> Option<String> {
    value.map(str::to_owned)
}

/// The program, if its spec named a slot (`allowed` says which slots exist).
fn with_slot<P>(program: P, has_slot: bool, field: &str, allowed: &str) -> Result<P, InvalidInput> {
    if has_slot {
        Ok(program)
    } else {
        Err(InvalidInput::new(
            format!("{field}.slot"),
            allowed,
            "nothing",
        ))
    }
}

/// A charging program spec.
pub fn charging(index: usize, spec: &str) -> Result<ChargingProgramInput, InvalidInput> {
    let field = format!("program[{index}]");
    let mut program = ChargingProgramInput::default();
    let mut has_slot = false;
    for (key, value) in pairs(&field, CHARGING_KEYS, spec)? {
        match key.to_ascii_lowercase().as_str() {
            "slot" => {
                program.slot = number(&field, key, value)?;
                has_slot = true;
            }
            "delete" => program.actions_type = Some("Delete".to_owned()),
            "start" => program.start = text(value),
            "end" => program.end = text(value),
            "days" => program.days = Some(days(value)),
            "min" => program.min_charging_level = Some(number(&field, key, value)?),
            "max" => program.max_charging_level = Some(number(&field, key, value)?),
            "type" => program.charge_type = text(value),
            "enabled" => program.enabled = Some(boolean(&field, key, value)?),
            "full" => program.charge_to_full = Some(boolean(&field, key, value)?),
            _ => return Err(InvalidInput::new(&field, CHARGING_KEYS, format!("{key:?}"))),
        }
    }
    with_slot(program, has_slot, &field, "slot=1 or slot=2")
}

/// An air-conditioning program spec.
pub fn preconditioning(
    index: usize,
    spec: &str,
) -> Result<PreconditioningProgramInput, InvalidInput> {
    let field = format!("program[{index}]");
    let mut program = PreconditioningProgramInput::default();
    let mut has_slot = false;
    for (key, value) in pairs(&field, PRECONDITIONING_KEYS, spec)? {
        match key.to_ascii_lowercase().as_str() {
            "slot" => {
                program.slot = number(&field, key, value)?;
                has_slot = true;
            }
            "delete" => program.actions_type = Some("Delete".to_owned()),
            "start" => program.start = text(value),
            "days" => program.days = Some(days(value)),
            "temp" => program.temp = Some(number(&field, key, value)?),
            "enabled" => program.enabled = Some(boolean(&field, key, value)?),
            _ => {
                return Err(InvalidInput::new(
                    &field,
                    PRECONDITIONING_KEYS,
                    format!("{key:?}"),
                ));
            }
        }
    }
    with_slot(program, has_slot, &field, "slot=1 to slot=4")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charging_specs_fill_the_input() {
        let p = charging(
            0,
            "slot=1, start=22:30,end=06:00,days=Mon+Tue,min=20,max=80,type=Cooperative,full=false",
        )
        .unwrap();
        assert_eq!(p.slot, 1);
        assert_eq!(p.days, Some(vec!["Mon".to_owned(), "Tue".to_owned()]));
        assert_eq!(
            (p.min_charging_level, p.max_charging_level),
            (Some(20), Some(80))
        );
        assert_eq!(p.charge_to_full, Some(false));
        let d = charging(1, "slot=2,delete").unwrap();
        assert_eq!(d.actions_type.as_deref(), Some("Delete"));
    }

    #[test]
    fn bad_specs_name_the_program() {
        assert_eq!(
            charging(1, "start=22:30").unwrap_err().field,
            "program[1].slot"
        );
        assert_eq!(charging(0, "slot=x").unwrap_err().field, "program[0].slot");
        assert_eq!(
            charging(0, "slot=1,colour=red").unwrap_err().field,
            "program[0]"
        );
        assert_eq!(
            preconditioning(0, "slot=1,enabled=maybe")
                .unwrap_err()
                .field,
            "program[0].enabled"
        );
        assert_eq!(
            preconditioning(2, "slot=4,temp=21.5").unwrap().temp,
            Some(21.5)
        );
    }
}
