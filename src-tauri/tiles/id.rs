//! Which tile a `tiles:` path names, checked before anything is read or fetched.

use crate::error::Error;

/// The highest zoom level served (OpenStreetMap's standard layer stops at 19).
pub const MAX_ZOOM: u8 = 19;

/// Where a tile sits on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileId {
    /// Zoom level, 0..=19.
    pub z: u8,
    /// Column, below 2^z.
    pub x: u32,
    /// Row, below 2^z.
    pub y: u32,
}

impl TileId {
    /// Reads `/{z}/{x}/{y}.png` (the path of a `tiles:` URL) and checks the numbers.
    pub fn parse(path: &str) -> Result<Self, Error> {
        let invalid = |reason: String| Error::InvalidInput {
            field: "tile",
            reason,
        };
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let [z, x, y] = parts.as_slice() else {
            return Err(invalid(format!("{path:?} is not /z/x/y.png")));
        };
        let Some(y) = y.strip_suffix(".png") else {
            return Err(invalid(format!("{path:?} does not end in .png")));
        };
        let number = |text: &str| -> Result<u32, Error> {
            // Only plain digits: no signs, spaces or other forms `parse` would also accept.
            if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(format!(
                    "{text:?} in {path:?} is not a tile number"
                )));
            }
            text.parse()
                .map_err(|_| invalid(format!("{text:?} in {path:?} is not a tile number")))
        };
        let z = number(z)?;
        if z > u32::from(MAX_ZOOM) {
            return Err(invalid(format!("zoom {z} is above {MAX_ZOOM}")));
        }
        let side = 1u32 << z;
        let (x, y) = (number(x)?, number(y)?);
        if x >= side || y >= side {
            return Err(invalid(format!("x and y must be below {side} at zoom {z}")));
        }
        Ok(Self { z: z as u8, x, y })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        assert_eq!(
            TileId::parse("/0/0/0.png").ok(),
            Some(TileId { z: 0, x: 0, y: 0 })
        );
        assert_eq!(
            TileId::parse("/19/524287/524287.png").ok(),
            Some(TileId {
                z: 19,
                x: 524_287,
                y: 524_287
            })
        );
        for bad in [
            "/20/0/0.png",
            "/0/1/0.png",
            "/3/0/8.png",
            "/3/8/0.png",
            "/3/1/1",
            "/3/1/1.jpg",
            "/3/-1/1.png",
            "/3/+1/1.png",
            "/3/1.png",
            "/a/1/1.png",
            "/1/1/1/1.png",
            "/3/ 1/1.png",
            "/99999999999/0/0.png",
            "",
        ] {
            let error = TileId::parse(bad).expect_err(bad);
            assert_eq!(error.kind(), crate::error::ErrorKind::InvalidInput, "{bad}");
        }
    }
}
