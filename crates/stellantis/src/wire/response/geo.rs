//! The one point type of the library and of the app's IPC.

use serde::{Deserialize, Serialize};

/// A point on the map (WGS84 degrees): the one point type of the library and of the app's IPC
/// (`{"latitude": …, "longitude": …}`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
}

impl GeoPoint {
    /// Reads a GeoJSON Feature or Point (`coordinates: [lon, lat, ...]`).
    pub fn from_geojson(v: &serde_json::Value) -> Option<Self> {
        let geometry = v.get("geometry").unwrap_or(v);
        let c = geometry.get("coordinates")?.as_array()?;
        let longitude = c.first()?.as_f64()?;
        let latitude = c.get(1)?.as_f64()?;
        ((-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude)).then_some(
            GeoPoint {
                latitude,
                longitude,
            },
        )
    }
}
