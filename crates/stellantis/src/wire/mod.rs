//! The JSON of the API, in one place: request bodies built from the model, and lenient
//! response types (unknown fields ignored, missing optional fields tolerated).

// First, so that the modules below can declare their enums with it.
#[macro_use]
mod open_enum;

pub mod request;
pub mod response;
pub mod telemetry;
