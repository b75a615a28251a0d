//! Remote actions: the POST that creates one, the GETs that read them back, and their store.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use rand::RngCore;
use serde_json::{Value, json};

use crate::api_error::ApiError;
use crate::channels::Channel;
use crate::faults::{self, CreateFault};
use crate::lifecycle;
use crate::paging::PageQuery;
use crate::remote_request::{self, RemoteRequest};
use crate::server::{ConnectionKill, query_pairs};
use crate::sim::{Counters, Sim};
use crate::vehicle::Vehicle;

/// Where a remote stands, as `GET .../remotes/{rid}` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Progress {
    /// `RemoteActionStatus`: a pending status, or Success / AlreadyDone / Failed.
    pub status: &'static str,
    /// Set when `status` is Failed.
    pub failure: Option<&'static str>,
    /// Done (no more events).
    pub done: bool,
}

/// One remote action.
#[derive(Debug)]
pub(crate) struct RemoteRecord {
    pub id: String,
    pub vehicle: usize,
    pub channel_id: String,
    pub request: RemoteRequest,
    progress: Mutex<Progress>,
}

impl RemoteRecord {
    pub fn progress(&self) -> Progress {
        *self.progress.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_progress(&self, progress: Progress) {
        *self.progress.lock().unwrap_or_else(|p| p.into_inner()) = progress;
    }

    /// The `label` of the request, if any.
    pub fn label(&self) -> &str {
        self.request
            .body
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    fn json(&self, base: &str, vehicle_id: &str) -> Value {
        let progress = self.progress();
        let mut value = json!({
            "_links": {
                "self": { "href": format!("{base}/accounts/vehicles/{vehicle_id}/channels/{}/remotes/{}", self.channel_id, self.id) },
                "channel": { "href": format!("{base}/accounts/channels/{}", self.channel_id) },
            },
            "remoteActionId": self.id,
            "type": self.request.action.remote_type(),
            "status": progress.status,
            "remote": self.request.body,
        });
        if let (Some(cause), Some(obj)) = (progress.failure, value.as_object_mut()) {
            obj.insert("failureCause".to_owned(), Value::from(cause));
        }
        value
    }
}

#[derive(Debug, Default)]
struct Inner {
    by_id: HashMap<String, Arc<RemoteRecord>>,
    /// Per (vehicle index, channel id), oldest first.
    lists: HashMap<(usize, String), Vec<Arc<RemoteRecord>>>,
    pending_by_channel: HashMap<String, usize>,
}

/// All remotes ever created.
#[derive(Debug, Default)]
pub(crate) struct RemoteStore {
    inner: Mutex<Inner>,
}

impl RemoteStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn insert(&self, record: Arc<RemoteRecord>) {
        let mut inner = self.lock();
        *inner
            .pending_by_channel
            .entry(record.channel_id.clone())
            .or_default() += 1;
        inner
            .lists
            .entry((record.vehicle, record.channel_id.clone()))
            .or_default()
            .push(record.clone());
        inner.by_id.insert(record.id.clone(), record);
    }

    /// Record that a remote reached Done.
    pub fn finished(&self, record: &RemoteRecord) {
        let mut inner = self.lock();
        if let Some(count) = inner.pending_by_channel.get_mut(&record.channel_id) {
            *count = count.saturating_sub(1);
        }
    }

    /// How many remotes of this channel are still pending.
    pub fn pending_on_channel(&self, channel_id: &str) -> usize {
        self.lock()
            .pending_by_channel
            .get(channel_id)
            .copied()
            .unwrap_or(0)
    }

    /// The remote with this id, if it belongs to that vehicle and channel.
    fn get(&self, id: &str, vehicle: usize, channel_id: &str) -> Option<Arc<RemoteRecord>> {
        self.lock()
            .by_id
            .get(id)
            .filter(|r| r.vehicle == vehicle && r.channel_id == channel_id)
            .cloned()
    }
}

/// The vehicle and channel a remotes path names: 403 for a vehicle the account does not
/// hold, then 404 for a channel that does not exist.
fn vehicle_and_channel<'a>(
    sim: &'a Sim,
    vehicle_id: &str,
    channel_id: &str,
) -> Result<(&'a Vehicle, Channel), ApiError> {
    let vehicle = sim.fleet.get(vehicle_id).ok_or_else(|| {
        ApiError::forbidden(format!(
            "vehicle {vehicle_id} is not held by this account; use an id from GET /accounts/vehicles"
        ))
    })?;
    let channel = sim.channels.get(channel_id).ok_or_else(|| {
        ApiError::not_found(format!(
            "channel {channel_id} does not exist; create one with POST /accounts/channels"
        ))
    })?;
    Ok((vehicle, channel))
}

/// `POST /accounts/vehicles/{id}/channels/{chId}/remotes`.
pub(crate) async fn create(
    State(sim): State<Arc<Sim>>,
    Path((vehicle_id, channel_id)): Path<(String, String)>,
    kill: Option<Extension<ConnectionKill>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (vehicle, channel) = vehicle_and_channel(&sim, &vehicle_id, &channel_id)?;
    if !channel.remote {
        return Err(ApiError::bad_request(format!(
            "channel {channel_id} is not subscribed to Remote events; create it with \"type\": [\"Remote\"]"
        )));
    }
    let request = remote_request::parse(&body)?;
    if !vehicle.capabilities.has(request.action.feature()) {
        return Err(ApiError::not_supported(format!(
            "Remote operation is not supported by the vehicle ({} on vehicle {vehicle_id}); check GET /accounts/vehicles/{vehicle_id}/capability",
            request.action.remote_type()
        )));
    }
    let mut raw = [0u8; 20];
    rand::rng().fill_bytes(&mut raw);
    let id: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let remote_type = request.action.remote_type();
    let record = Arc::new(RemoteRecord {
        id: id.clone(),
        vehicle: vehicle.index,
        channel_id: channel_id.clone(),
        request,
        progress: Mutex::new(Progress {
            status: "Accepted",
            failure: None,
            done: false,
        }),
    });
    let busy = {
        let mut state = vehicle.lock();
        match &state.pending_remote {
            Some(_) => true,
            None => {
                state.pending_remote = Some(id.clone());
                false
            }
        }
    };
    sim.remotes.insert(record.clone());
    Counters::bump(&sim.counters.remotes_created);
    tokio::spawn(lifecycle::run(sim.clone(), record, busy));
    let fault = sim.take_create_fault(kill.is_some());
    if let (Some(CreateFault::Drop), Some(Extension(kill))) = (fault, kill) {
        kill.trigger();
        // The connection is being torn down; never answer.
        std::future::pending::<()>().await;
    }
    if fault == Some(CreateFault::GatewayTimeout) {
        return Ok(faults::gateway_timeout());
    }
    let base = sim.base();
    let body = json!({
        "_links": {
            "channel": { "href": format!("{base}/accounts/channels/{channel_id}") },
            "remote": { "href": format!("{base}/accounts/vehicles/{vehicle_id}/channels/{channel_id}/remotes/{id}") },
        },
        "remoteActionId": id,
        "type": remote_type,
    });
    if fault == Some(CreateFault::UnreadableAccept) {
        return Ok(faults::unreadable_accept(&body, &id));
    }
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

/// `GET /accounts/vehicles/{id}/channels/{chId}/remotes/{rid}`.
pub(crate) async fn read(
    State(sim): State<Arc<Sim>>,
    Path((vehicle_id, channel_id, remote_id)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let (vehicle, _) = vehicle_and_channel(&sim, &vehicle_id, &channel_id)?;
    let record = sim
        .remotes
        .get(&remote_id, vehicle.index, &channel_id)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "remote {remote_id} does not exist for this vehicle and channel"
            ))
        })?;
    Ok(Json(record.json(&sim.base(), &vehicle_id)).into_response())
}

/// `GET /accounts/vehicles/{id}/channels/{chId}/remotes`: newest first, paged.
pub(crate) async fn list(
    State(sim): State<Arc<Sim>>,
    Path((vehicle_id, channel_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let (vehicle, _) = vehicle_and_channel(&sim, &vehicle_id, &channel_id)?;
    let records: Vec<Arc<RemoteRecord>> = sim
        .remotes
        .lock()
        .lists
        .get(&(vehicle.index, channel_id.clone()))
        .map(|list| list.iter().rev().cloned().collect())
        .unwrap_or_default();
    let page = PageQuery::from_pairs(&query_pairs(query.as_deref())).resolve(records.len())?;
    let base = sim.base();
    let items: Vec<Value> = records[page.items()]
        .iter()
        .map(|r| r.json(&base, &vehicle_id))
        .collect();
    let href = format!("{base}/accounts/vehicles/{vehicle_id}/channels/{channel_id}/remotes");
    Ok(Json(page.collection(&href, records.len(), "remoteActions", items)).into_response())
}
