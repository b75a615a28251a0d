//! Checks of a JSON request body's fields, shared by the endpoints that take one: known keys only,
//! typed and required values, enums, integers in range, ISO-8601 times of day. A failed check says
//! where (the field's path) and why; the endpoint turns it into its 400.

use std::fmt::Display;

use serde_json::{Map, Value};

use crate::api_error::ApiError;

/// A field that failed a check: its path (`action.horn.state`; empty for the whole body) and why.
#[derive(Debug)]
pub(crate) struct Invalid {
    path: String,
    what: String,
}

/// The outcome of a check.
pub(crate) type Check<T> = Result<T, Invalid>;

impl Invalid {
    /// `path` failed: `what` reads after it ("is required").
    pub fn new(path: &str, what: impl Display) -> Self {
        Self {
            path: path.to_owned(),
            what: what.to_string(),
        }
    }

    /// The 400 answer for a `kind` body (`remote`, `channel`): `invalid remote body: {path} {what}`.
    pub fn into_bad_request(self, kind: &str) -> ApiError {
        let Self { path, what } = self;
        if path.is_empty() {
            ApiError::bad_request(format!("invalid {kind} body: {what}"))
        } else {
            ApiError::bad_request(format!("invalid {kind} body: {path} {what}"))
        }
    }
}

/// The path of `key` inside `path` (just `key` at the top of the body, where `path` is empty).
pub(crate) fn field(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The body as JSON.
pub(crate) fn parse(body: &[u8]) -> Check<Value> {
    serde_json::from_slice(body).map_err(|e| Invalid::new("", format!("not JSON ({e})")))
}

/// `value` as an object.
pub(crate) fn object<'a>(value: &'a Value, path: &str) -> Check<&'a Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| Invalid::new(path, "must be a JSON object"))
}

/// A required object field.
pub(crate) fn required_object<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
) -> Check<&'a Map<String, Value>> {
    let path = field(path, key);
    let value = map
        .get(key)
        .ok_or_else(|| Invalid::new(&path, "is required"))?;
    object(value, &path)
}

/// The object in `key`, the only field `map` may have (a wrapper such as `{"charge": {...}}`),
/// with its path.
pub(crate) fn sole_object<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
) -> Check<(&'a Map<String, Value>, String)> {
    only_keys(map, path, &[key])?;
    Ok((required_object(map, path, key)?, field(path, key)))
}

/// `value` as an array.
pub(crate) fn array<'a>(value: &'a Value, path: &str) -> Check<&'a Vec<Value>> {
    value
        .as_array()
        .ok_or_else(|| Invalid::new(path, "must be an array"))
}

/// The first key of `map` that is not `allowed`, if any.
pub(crate) fn unknown_key<'a>(map: &'a Map<String, Value>, allowed: &[&str]) -> Option<&'a str> {
    map.keys()
        .map(String::as_str)
        .find(|key| !allowed.contains(key))
}

/// Refuses any key of `map` that is not `allowed` (so a misspelt field is an error, not ignored).
pub(crate) fn only_keys(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Check<()> {
    match unknown_key(map, allowed) {
        Some(key) => Err(Invalid::new(
            path,
            format!(
                "has an unknown field `{key}` (allowed: {})",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// The one key of `map` (among `keys`) and its value: the spec's "one attribute per request".
pub(crate) fn exactly_one<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    keys: &[&str],
) -> Check<(&'a str, &'a Value)> {
    only_keys(map, path, keys)?;
    let present: Vec<(&String, &Value)> = map.iter().collect();
    match present.as_slice() {
        [(key, value)] => Ok((key.as_str(), value)),
        [] => Err(Invalid::new(
            path,
            format!("needs exactly one of {}", keys.join(", ")),
        )),
        _ => Err(Invalid::new(
            path,
            format!(
                "takes one attribute per request, got {}",
                map.keys().cloned().collect::<Vec<_>>().join(" and ")
            ),
        )),
    }
}

/// An optional boolean field.
pub(crate) fn boolean(map: &Map<String, Value>, path: &str, key: &str) -> Check<Option<bool>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(Invalid::new(&field(path, key), "must be true or false")),
    }
}

/// A required boolean field.
pub(crate) fn required_bool(map: &Map<String, Value>, path: &str, key: &str) -> Check<bool> {
    boolean(map, path, key)?.ok_or_else(|| Invalid::new(&field(path, key), "is required"))
}

/// An optional string field.
pub(crate) fn string<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
) -> Check<Option<&'a str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Invalid::new(&field(path, key), "must be a string")),
    }
}

/// A required string field.
pub(crate) fn required_string<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
) -> Check<&'a str> {
    string(map, path, key)?.ok_or_else(|| Invalid::new(&field(path, key), "is required"))
}

/// An optional string field that must be one of `allowed`.
pub(crate) fn enum_str<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
    allowed: &[&str],
) -> Check<Option<&'a str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s)),
        Some(other) => Err(Invalid::new(
            &field(path, key),
            format!("must be one of {} (got {other})", allowed.join(", ")),
        )),
    }
}

/// A required string field that must be one of `allowed`.
pub(crate) fn required_enum<'a>(
    map: &'a Map<String, Value>,
    path: &str,
    key: &str,
    allowed: &[&str],
) -> Check<&'a str> {
    enum_str(map, path, key, allowed)?.ok_or_else(|| Invalid::new(&field(path, key), "is required"))
}

/// An optional integer field in `min..=max`.
pub(crate) fn int_in(
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
            _ => Err(Invalid::new(
                &field(path, key),
                format!("must be an integer in {min}..{max} (got {value})"),
            )),
        },
    }
}

/// An optional number field.
pub(crate) fn number(map: &Map<String, Value>, path: &str, key: &str) -> Check<Option<f64>> {
    match map.get(key) {
        None => Ok(None),
        Some(value) => value
            .as_f64()
            .map(Some)
            .ok_or_else(|| Invalid::new(&field(path, key), "must be a number")),
    }
}

/// An optional ISO-8601 duration from midnight such as `PT14H30M` (under 24 h).
pub(crate) fn time_of_day(map: &Map<String, Value>, path: &str, key: &str) -> Check<Option<()>> {
    let Some(text) = string(map, path, key)? else {
        return Ok(None);
    };
    let invalid = || {
        Invalid::new(
            &field(path, key),
            format!("must be an ISO-8601 duration from midnight like PT14H30M (got {text:?})"),
        )
    };
    let rest = text.strip_prefix("PT").ok_or_else(invalid)?;
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut seconds = 0u64;
    let mut digits = String::new();
    // Units must come in the order H, M, S, each at most once.
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
}
