//! The JSON of the API, in one place: request bodies built from the model, and lenient
//! response types (unknown fields ignored, missing optional fields tolerated).

pub mod request;
pub mod response;
