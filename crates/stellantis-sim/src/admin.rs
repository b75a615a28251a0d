//! Admin endpoints for tests and the demo (no auth, loopback only): faults, stats, fleet.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::api_error::ApiError;
use crate::faults::Faults;
use crate::sim::Sim;

/// `GET /admin/faults`.
pub(crate) async fn get_faults(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.faults()).into_response()
}

/// `PUT /admin/faults` with the `Faults` JSON (missing fields = off).
pub(crate) async fn put_faults(
    State(sim): State<Arc<Sim>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let faults: Faults = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("faults body is not valid: {e}")))?;
    sim.set_faults(faults);
    Ok(Json(sim.faults()).into_response())
}

/// `GET /admin/stats`.
pub(crate) async fn stats(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.counters.snapshot()).into_response()
}

/// `GET /admin/fleet`: which vehicle has which trait.
pub(crate) async fn fleet(State(sim): State<Arc<Sim>>) -> Response {
    Json(json!({ "vehicles": sim.fleet.summary() })).into_response()
}

/// `GET /admin/vehicles/{id}`: the full simulated state (stolen, immobilized, route, TAN...).
pub(crate) async fn vehicle(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let vehicle = sim
        .fleet
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no vehicle {id}")))?;
    let state = vehicle.lock().clone();
    Ok(Json(json!({ "index": vehicle.index, "vin": vehicle.vin, "state": state })).into_response())
}
