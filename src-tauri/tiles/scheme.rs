//! The `tiles` URI scheme: one WebView request in, one HTTP response out, with the status and
//! caching headers the WebView needs.

use tauri::http::{Response, StatusCode, header};

use super::id::TileId;
use super::store::TileStore;
use crate::error::Error;

/// The URI scheme the WebView loads tiles from (`tiles://localhost/{z}/{x}/{y}.png` on Linux and
/// macOS, `http://tiles.localhost/{z}/{x}/{y}.png` on Windows).
pub const SCHEME: &str = "tiles";

impl TileStore {
    /// The answer to one `tiles:` request: the image, 400 for a path that is not a tile, 504
    /// when the tile is neither cached nor reachable.
    pub async fn respond(&self, path: &str) -> Response<Vec<u8>> {
        let result = match TileId::parse(path) {
            Ok(id) => self.tile(id).await,
            Err(error) => Err(error),
        };
        let (status, content_type, body, cache) = match result {
            Ok(bytes) => (StatusCode::OK, image_type(&bytes), bytes, "max-age=86400"),
            Err(error) => {
                let status = match error {
                    Error::InvalidInput { .. } => StatusCode::BAD_REQUEST,
                    _ => StatusCode::GATEWAY_TIMEOUT,
                };
                (
                    status,
                    "text/plain",
                    error.to_string().into_bytes(),
                    "no-store",
                )
            }
        };
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CACHE_CONTROL, cache)
            .body(body)
            .unwrap_or_else(|_| Response::new(Vec::new()))
    }
}

/// PNG, JPEG or WebP by their first bytes; tile servers send one of these.
fn image_type(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else {
        "image/png"
    }
}
