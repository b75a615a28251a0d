//! Channels: where remote events go (a webhook target with header/query attributes).

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use serde_json::{Map, Value, json};

use crate::api_error::ApiError;
use crate::clock;
use crate::json_check::{self, Check, Invalid, object, unknown_key};
use crate::sim::Sim;

/// At most this many channels per account (data-treatment.yaml).
pub(crate) const MAX_CHANNELS: usize = 5;

/// Where a webhook attribute goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttributeKind {
    Header,
    Query,
}

/// A registered header or query attribute (value may be `$Vin`, `$ChannelId`, `$ChannelLabel`).
#[derive(Clone, Debug)]
pub(crate) struct Attribute {
    pub kind: AttributeKind,
    pub key: String,
    pub value: String,
}

/// A channel as stored.
#[derive(Clone, Debug)]
pub(crate) struct Channel {
    pub id: String,
    pub subscribe: Value,
    pub running: bool,
    pub created_at: String,
    pub updated_at: String,
    pub label: String,
    pub target: String,
    pub attributes: Vec<Attribute>,
    pub remote: bool,
}

impl Channel {
    fn status(&self) -> &'static str {
        if self.running { "Running" } else { "Paused" }
    }

    fn json(&self, base: &str) -> Value {
        json!({
            "_links": { "self": { "href": format!("{base}/accounts/channels/{}", self.id) } },
            "id": self.id,
            "subscribe": self.subscribe,
            "status": self.status(),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        })
    }

    fn reference(&self, base: &str) -> Value {
        json!({
            "_links": { "channel": { "href": format!("{base}/accounts/channels/{}", self.id) } },
            "channelId": self.id,
            "status": self.status(),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        })
    }
}

/// The account's channels.
#[derive(Debug, Default)]
pub(crate) struct ChannelStore {
    channels: Mutex<Vec<Channel>>,
}

impl ChannelStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Channel>> {
        self.channels.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of the channel with this id.
    pub fn get(&self, id: &str) -> Option<Channel> {
        self.lock().iter().find(|c| c.id == id).cloned()
    }
}

/// The parsed, validated `ChannelSubscribe` body.
struct Subscribe {
    value: Value,
    label: String,
    target: String,
    attributes: Vec<Attribute>,
    remote: bool,
}

fn parse_subscribe(body: &[u8]) -> Check<Subscribe> {
    let value = json_check::parse(body)?;
    let root = object(&value, "")?;
    if let Some(key) = unknown_key(root, &["type", "label", "channel"]) {
        return Err(Invalid::new(
            "",
            format!("unknown field `{key}` (allowed: type, label, channel)"),
        ));
    }
    let mut remote = false;
    if let Some(types) = root.get("type") {
        let types = types
            .as_array()
            .ok_or_else(|| Invalid::new("type", "must be an array such as [\"Remote\"]"))?;
        for t in types {
            match t.as_str() {
                Some("Remote") => remote = true,
                Some("Monitor") => {}
                _ => {
                    return Err(Invalid::new(
                        "type",
                        format!("items must be Monitor or Remote (got {t})"),
                    ));
                }
            }
        }
    }
    let label = json_check::string(root, "", "label")?
        .unwrap_or_default()
        .to_owned();
    let channel = root
        .get("channel")
        .and_then(Value::as_object)
        .ok_or_else(|| Invalid::new("channel", "is required: {\"webhook\": {...}}"))?;
    if channel.contains_key("websocket") || channel.contains_key("pushnotif") {
        return Err(Invalid::new("", "only webhook channels are simulated"));
    }
    known_keys(channel, "channel", &["webhook"])?;
    let webhook = channel
        .get("webhook")
        .and_then(Value::as_object)
        .ok_or_else(|| Invalid::new("channel.webhook", "is required"))?;
    parse_webhook(webhook).map(|(target, attributes)| Subscribe {
        value: value.clone(),
        label,
        target,
        attributes,
        remote,
    })
}

fn parse_webhook(webhook: &Map<String, Value>) -> Check<(String, Vec<Attribute>)> {
    let path = "channel.webhook";
    known_keys(webhook, path, &["target", "name", "attributes"])?;
    let target = text(webhook, path, "target")?;
    if !(target.starts_with("http://") || target.starts_with("https://"))
        || reqwest::Url::parse(target).is_err()
    {
        return Err(Invalid::new(
            "channel.webhook.target",
            format!("must be an http(s) URL (got {target:?})"),
        ));
    }
    text(webhook, path, "name")?;
    let mut attributes = Vec::new();
    if let Some(list) = webhook.get("attributes") {
        for (i, attr) in json_check::array(list, "channel.webhook.attributes")?
            .iter()
            .enumerate()
        {
            attributes.push(attribute(
                attr,
                &format!("channel.webhook.attributes[{i}]"),
            )?);
        }
    }
    Ok((target.to_owned(), attributes))
}

/// One webhook attribute at `path`: a Header (a valid HTTP header) or a Query parameter.
fn attribute(attr: &Value, path: &str) -> Check<Attribute> {
    let attr = attr
        .as_object()
        .ok_or_else(|| Invalid::new(path, "must be an object"))?;
    known_keys(attr, path, &["type", "key", "value"])?;
    let kind = match attr.get("type").and_then(Value::as_str) {
        Some("Header") => AttributeKind::Header,
        Some("Query") => AttributeKind::Query,
        _ => {
            return Err(Invalid::new(
                &format!("{path}.type"),
                "must be Header or Query",
            ));
        }
    };
    let key = text(attr, path, "key")?;
    let value = text(attr, path, "value")?;
    if kind == AttributeKind::Header
        && (axum::http::HeaderName::from_bytes(key.as_bytes()).is_err()
            || axum::http::HeaderValue::from_str(value).is_err())
    {
        return Err(Invalid::new(path, "is not a valid HTTP header"));
    }
    Ok(Attribute {
        kind,
        key: key.to_owned(),
        value: value.to_owned(),
    })
}

/// Refuses a key of `map` that is not `allowed`, naming only the key (the channel body's wording).
fn known_keys(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Check<()> {
    match unknown_key(map, allowed) {
        Some(key) => Err(Invalid::new(path, format!("has an unknown field `{key}`"))),
        None => Ok(()),
    }
}

/// A string field; absent or of another type, it "is required" (the channel body's wording).
fn text<'a>(map: &'a Map<String, Value>, path: &str, key: &str) -> Check<&'a str> {
    map.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| Invalid::new(&json_check::field(path, key), "is required"))
}

/// The subscription in a POST or PUT body, or the 400 that refuses it.
fn subscription(body: &[u8]) -> Result<Subscribe, ApiError> {
    parse_subscribe(body).map_err(|invalid| invalid.into_bad_request("channel"))
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!(
        "channel {id} does not exist; list channels with GET /accounts/channels"
    ))
}

/// `GET /accounts/channels`.
pub(crate) async fn list(State(sim): State<Arc<Sim>>) -> Response {
    let base = sim.base();
    let items: Vec<Value> = sim.channels.lock().iter().map(|c| c.json(&base)).collect();
    let href = format!("{base}/accounts/channels");
    let total = items.len();
    Json(json!({
        "_links": { "self": { "href": href }, "first": { "href": href } },
        "total": total,
        "totalPage": 1,
        "currentPage": 1,
        "_embedded": { "channels": items },
    }))
    .into_response()
}

/// `POST /accounts/channels`: 200 with a `ChannelRef`.
pub(crate) async fn create(State(sim): State<Arc<Sim>>, body: Bytes) -> Result<Response, ApiError> {
    let subscribe = subscription(&body)?;
    let mut raw = [0u8; 16];
    rand::rng().fill_bytes(&mut raw);
    let id: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let now = clock::now();
    let channel = Channel {
        id,
        subscribe: subscribe.value,
        running: true,
        created_at: now.clone(),
        updated_at: now,
        label: subscribe.label,
        target: subscribe.target,
        attributes: subscribe.attributes,
        remote: subscribe.remote,
    };
    let reference = {
        let mut channels = sim.channels.lock();
        if channels.len() >= MAX_CHANNELS {
            return Err(ApiError::bad_request(format!(
                "at most {MAX_CHANNELS} channels per account; delete or reuse one"
            )));
        }
        let reference = channel.reference(&sim.base());
        channels.push(channel);
        reference
    };
    Ok(Json(reference).into_response())
}

/// `GET /accounts/channels/{chId}`.
pub(crate) async fn read(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let channel = sim.channels.get(&id).ok_or_else(|| not_found(&id))?;
    Ok(Json(channel.json(&sim.base())).into_response())
}

/// `PUT /accounts/channels/{chId}`: replace the subscription; 202 with a `ChannelRef`.
pub(crate) async fn update(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let subscribe = subscription(&body)?;
    change(&sim, &id, |channel| {
        channel.subscribe = subscribe.value;
        channel.label = subscribe.label;
        channel.target = subscribe.target;
        channel.attributes = subscribe.attributes;
        channel.remote = subscribe.remote;
    })
}

/// `PUT /accounts/channels/{chId}/status`: `{"status": "Running"|"Paused"}`; 202.
pub(crate) async fn set_status(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let value = json_check::parse(&body).map_err(|invalid| invalid.into_bad_request("channel"))?;
    let running = match value
        .as_object()
        .and_then(|o| (o.len() == 1).then(|| o.get("status")).flatten())
        .and_then(Value::as_str)
    {
        Some("Running") => true,
        Some("Paused") => false,
        _ => {
            return Err(ApiError::bad_request(
                "status body must be {\"status\": \"Running\" | \"Paused\"}",
            ));
        }
    };
    change(&sim, &id, |channel| channel.running = running)
}

/// Applies `edit` to the channel `id`, stamps it updated, and answers 202 with its reference.
fn change(sim: &Sim, id: &str, edit: impl FnOnce(&mut Channel)) -> Result<Response, ApiError> {
    let mut channels = sim.channels.lock();
    let channel = channels
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(|| not_found(id))?;
    edit(channel);
    channel.updated_at = clock::now();
    Ok((StatusCode::ACCEPTED, Json(channel.reference(&sim.base()))).into_response())
}

/// `DELETE /accounts/channels/{chId}`: 204, refused (400) while one of its remotes is pending.
pub(crate) async fn delete(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if sim.channels.get(&id).is_none() {
        return Err(not_found(&id));
    }
    let pending = sim.remotes.pending_on_channel(&id);
    if pending > 0 {
        return Err(ApiError::bad_request(format!(
            "channel {id} has {pending} pending remote(s); delete it once they are done"
        )));
    }
    sim.channels.lock().retain(|c| c.id != id);
    Ok(StatusCode::NO_CONTENT.into_response())
}
