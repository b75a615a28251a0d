//! The navigation remote: a route of 1 to 10 GeoJSON points, `[longitude, latitude]` in range.

use serde_json::{Map, Value};

use super::Action;
use crate::json_check::{
    Check, Invalid, enum_str, object, only_keys, required_enum, required_object, string,
};

/// `navigation`: its `positions`, each a GeoJSON `Feature` with a `Point` and optional properties.
pub(super) fn parse(map: &Map<String, Value>, path: &str) -> Check<Action> {
    only_keys(map, path, &["positions"])?;
    let p = format!("{path}.positions");
    let positions = map
        .get("positions")
        .and_then(Value::as_array)
        .ok_or_else(|| Invalid::new(&p, "is required: an array of 1..10 GeoJSON features"))?;
    if positions.is_empty() || positions.len() > 10 {
        return Err(Invalid::new(
            &p,
            format!("must hold 1..10 positions (got {})", positions.len()),
        ));
    }
    for (i, position) in positions.iter().enumerate() {
        let pp = format!("{p}[{i}]");
        let feature = object(position, &pp)?;
        only_keys(feature, &pp, &["type", "geometry", "properties"])?;
        enum_str(feature, &pp, "type", &["Feature"])?;
        point(
            required_object(feature, &pp, "geometry")?,
            &format!("{pp}.geometry"),
        )?;
        if let Some(props) = feature.get("properties") {
            properties(props, &format!("{pp}.properties"))?;
        }
    }
    Ok(Action::Navigation(Value::Array(positions.clone())))
}

/// A GeoJSON `Point` whose coordinates are `[longitude, latitude]` (optional altitude), in range.
fn point(geometry: &Map<String, Value>, gp: &str) -> Check<()> {
    only_keys(geometry, gp, &["type", "coordinates"])?;
    required_enum(geometry, gp, "type", &["Point"])?;
    let cp = format!("{gp}.coordinates");
    let coords = geometry
        .get("coordinates")
        .and_then(Value::as_array)
        .ok_or_else(|| Invalid::new(&cp, "is required: [longitude, latitude]"))?;
    let numbers: Vec<f64> = coords.iter().filter_map(Value::as_f64).collect();
    if numbers.len() != coords.len() || !(2..=3).contains(&numbers.len()) {
        return Err(Invalid::new(
            &cp,
            "must be [longitude, latitude] (numbers, optional altitude)",
        ));
    }
    if !(-180.0..=180.0).contains(&numbers[0]) {
        return Err(Invalid::new(
            &cp,
            format!("longitude {} is outside -180..180", numbers[0]),
        ));
    }
    // A swapped [latitude, longitude] usually fails here, so the message names the order.
    if !(-90.0..=90.0).contains(&numbers[1]) {
        return Err(Invalid::new(
            &cp,
            format!(
                "latitude {} is outside -90..90 (order is [longitude, latitude])",
                numbers[1]
            ),
        ));
    }
    Ok(())
}

/// A position's `properties`: known fields only, its texts strings, its `address` known fields.
fn properties(props: &Value, prp: &str) -> Check<()> {
    let props = object(props, prp)?;
    only_keys(
        props,
        prp,
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
        string(props, prp, key)?;
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
    Ok(())
}
