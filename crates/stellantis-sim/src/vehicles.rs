//! Vehicle reads: the list, one vehicle, its capability, its latest telemetry.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::api_error::ApiError;
use crate::paging::PageQuery;
use crate::server::query_pairs;
use crate::sim::Sim;
use crate::vehicle::Vehicle;

fn find<'a>(sim: &'a Sim, id: &str) -> Result<&'a Vehicle, ApiError> {
    sim.fleet.get(id).ok_or_else(|| {
        ApiError::forbidden(format!(
            "vehicle {id} is not held by this account; use an id from GET /accounts/vehicles"
        ))
    })
}

/// `GET /accounts/vehicles` (HAL collection, paged; `vinPrefix` filters).
pub(crate) async fn list(
    State(sim): State<Arc<Sim>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(query.as_deref());
    let prefix = pairs
        .iter()
        .find(|(k, _)| k == "vinPrefix")
        .map(|(_, v)| v.as_str());
    let base = sim.base();
    let matching: Vec<&Vehicle> = match prefix {
        Some(prefix) => sim
            .fleet
            .vehicles
            .iter()
            .filter(|v| v.vin.starts_with(prefix))
            .collect(),
        None => sim.fleet.vehicles.iter().collect(),
    };
    let page = PageQuery::from_pairs(&pairs).resolve(matching.len())?;
    let items: Vec<Value> = matching[page.items()]
        .iter()
        .map(|v| v.json(&base))
        .collect();
    let href = format!("{base}/accounts/vehicles");
    Ok(Json(page.collection(&href, matching.len(), "vehicles", items)).into_response())
}

/// `GET /accounts/vehicles/{id}`.
pub(crate) async fn read(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let vehicle = find(&sim, &id)?;
    Ok(Json(vehicle.json(&sim.base())).into_response())
}

/// `GET /accounts/vehicles/{id}/capability`.
pub(crate) async fn capability(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(find(&sim, &id)?.capability_json()).into_response())
}

/// `GET /accounts/vehicles/{id}/telemetries/latest`.
pub(crate) async fn telemetry(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let vehicle = find(&sim, &id)?;
    let body = {
        let state = vehicle.lock();
        vehicle.telemetry_json(&sim.base(), &state)
    };
    Ok(Json(body).into_response())
}
