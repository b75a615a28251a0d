//! Reading one JSON field leniently: a value of the wrong type counts as missing.

use serde_json::Value;

/// A string value, or `None`.
pub(super) fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

/// A finite number, also when sent as a numeric string.
pub(super) fn number(v: Option<&Value>) -> Option<f64> {
    let n = match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    n.filter(|n: &f64| n.is_finite())
}
