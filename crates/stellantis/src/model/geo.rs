//! Positions for the navigation remote: latitude, longitude, waypoints.

use super::InvalidInput;

/// Longest place name sent with a waypoint, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A latitude in degrees, from -90 to 90.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Latitude(f64);

impl Latitude {
    /// Checks that `degrees` is a finite number from -90 to 90.
    pub fn new(degrees: f64) -> Result<Self, InvalidInput> {
        if degrees.is_finite() && (-90.0..=90.0).contains(&degrees) {
            Ok(Self(degrees))
        } else {
            Err(InvalidInput::new(
                "latitude",
                "a number of degrees from -90 to 90",
                degrees,
            ))
        }
    }

    /// The degrees.
    pub fn degrees(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Latitude {
    type Error = InvalidInput;

    fn try_from(degrees: f64) -> Result<Self, InvalidInput> {
        Self::new(degrees)
    }
}

/// A longitude in degrees, from -180 to 180.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Longitude(f64);

impl Longitude {
    /// Checks that `degrees` is a finite number from -180 to 180.
    pub fn new(degrees: f64) -> Result<Self, InvalidInput> {
        if degrees.is_finite() && (-180.0..=180.0).contains(&degrees) {
            Ok(Self(degrees))
        } else {
            Err(InvalidInput::new(
                "longitude",
                "a number of degrees from -180 to 180",
                degrees,
            ))
        }
    }

    /// The degrees.
    pub fn degrees(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Longitude {
    type Error = InvalidInput;

    fn try_from(degrees: f64) -> Result<Self, InvalidInput> {
        Self::new(degrees)
    }
}

/// One point of a route, with an optional place name shown in the vehicle.
#[derive(Debug, Clone, PartialEq)]
pub struct Waypoint {
    latitude: Latitude,
    longitude: Longitude,
    name: Option<String>,
}

impl Waypoint {
    /// A point without a name.
    pub fn new(latitude: Latitude, longitude: Longitude) -> Self {
        Self {
            latitude,
            longitude,
            name: None,
        }
    }

    /// Adds a place name: 1 to 100 characters, no control characters.
    pub fn with_name(mut self, name: &str) -> Result<Self, InvalidInput> {
        let trimmed = name.trim();
        let length = trimmed.chars().count();
        if length == 0 || length > MAX_NAME_CHARS || trimmed.chars().any(char::is_control) {
            return Err(InvalidInput::new(
                "name",
                format!("1 to {MAX_NAME_CHARS} printable characters, or no name"),
                format!("{name:?}"),
            ));
        }
        self.name = Some(trimmed.to_owned());
        Ok(self)
    }

    /// The latitude.
    pub fn latitude(&self) -> Latitude {
        self.latitude
    }

    /// The longitude.
    pub fn longitude(&self) -> Longitude {
        self.longitude
    }

    /// The place name, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

/// A route: 1 to 10 points, the first is the start and the last the destination.
#[derive(Debug, Clone, PartialEq)]
pub struct Waypoints(Vec<Waypoint>);

impl Waypoints {
    /// The most points one navigation remote carries.
    pub const MAX: usize = 10;

    /// Checks that there are 1 to 10 points.
    pub fn new(points: Vec<Waypoint>) -> Result<Self, InvalidInput> {
        if (1..=Self::MAX).contains(&points.len()) {
            Ok(Self(points))
        } else {
            Err(InvalidInput::new(
                "positions",
                format!(
                    "1 to {} positions (start first, destination last)",
                    Self::MAX
                ),
                format!("{} positions", points.len()),
            ))
        }
    }

    /// The points, start first.
    pub fn as_slice(&self) -> &[Waypoint] {
        &self.0
    }

    /// The last point: where the route ends.
    pub fn destination(&self) -> &Waypoint {
        // Never empty: `new` refuses an empty list, so the index is in bounds.
        &self.0[self.0.len() - 1]
    }
}

impl TryFrom<Vec<Waypoint>> for Waypoints {
    type Error = InvalidInput;

    fn try_from(points: Vec<Waypoint>) -> Result<Self, InvalidInput> {
        Self::new(points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lat: f64, lon: f64) -> Waypoint {
        Waypoint::new(Latitude::new(lat).unwrap(), Longitude::new(lon).unwrap())
    }

    #[test]
    fn latitude_and_longitude_are_range_checked() {
        assert!(Latitude::new(90.0).is_ok());
        assert!(Latitude::new(-90.0).is_ok());
        assert_eq!(Latitude::new(90.01).unwrap_err().field, "latitude");
        assert!(Latitude::new(f64::NAN).is_err());
        assert!(Longitude::new(180.0).is_ok());
        assert_eq!(Longitude::new(-180.5).unwrap_err().field, "longitude");
        assert!(Longitude::new(f64::INFINITY).is_err());
    }

    #[test]
    fn waypoints_hold_one_to_ten_points() {
        assert_eq!(Waypoints::new(vec![]).unwrap_err().field, "positions");
        let ten: Vec<Waypoint> = (0..10).map(|i| point(f64::from(i), 2.0)).collect();
        let route = Waypoints::new(ten.clone()).unwrap();
        assert_eq!(route.destination().latitude().degrees(), 9.0);
        let mut eleven = ten;
        eleven.push(point(1.0, 1.0));
        assert_eq!(Waypoints::new(eleven).unwrap_err().got, "11 positions");
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            point(1.0, 2.0).with_name("  Home ").unwrap().name(),
            Some("Home")
        );
        assert!(point(1.0, 2.0).with_name("   ").is_err());
        assert!(point(1.0, 2.0).with_name("a\u{7}b").is_err());
        assert!(point(1.0, 2.0).with_name(&"x".repeat(101)).is_err());
    }
}
