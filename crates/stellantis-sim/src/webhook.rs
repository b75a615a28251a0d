//! Webhook delivery: each event POSTed as the spec's `Message` to the channel's target, with its
//! header/query attributes; retried on non-2xx or timeout; a lagging receiver gets JSON arrays.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::channels::{AttributeKind, Channel};
use crate::clock;
use crate::remotes::RemoteRecord;
use crate::sim::{Counters, Sim};

/// How long one delivery attempt may take before it counts as failed.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// Most messages in one array.
const MAX_BATCH: usize = 50;

/// A message waiting for delivery, serialized (compact while a receiver lags), with the VIN its
/// `$Vin` attribute stands for.
#[derive(Debug)]
struct Outgoing {
    message: String,
    vin: String,
}

/// Per-channel delivery queues and the HTTP client they share.
#[derive(Debug)]
pub(crate) struct Deliverer {
    client: reqwest::Client,
    outboxes: Mutex<HashMap<String, mpsc::UnboundedSender<Outgoing>>>,
}

impl Deliverer {
    pub fn new() -> Self {
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map(|builder| {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            builder.with_root_certificates(roots).with_no_client_auth()
        });
        let builder = reqwest::Client::builder()
            .timeout(ATTEMPT_TIMEOUT)
            .pool_max_idle_per_host(4);
        let builder = match tls {
            Ok(config) => builder.use_preconfigured_tls(config),
            Err(_) => builder,
        };
        Self {
            client: builder.build().unwrap_or_default(),
            outboxes: Mutex::new(HashMap::new()),
        }
    }

    /// Queue a message for a channel, starting the channel's worker on first use.
    pub fn send(&self, sim: &Arc<Sim>, channel_id: &str, message: Value) {
        let vin = message
            .pointer("/remoteEvent/vin")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let message = message.to_string();
        Counters::bump(&sim.counters.webhook_messages);
        let mut outboxes = self.outboxes.lock().unwrap_or_else(|p| p.into_inner());
        let sender = outboxes.entry(channel_id.to_owned()).or_insert_with(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(worker(sim.clone(), channel_id.to_owned(), rx));
            tx
        });
        if let Err(mpsc::error::SendError(outgoing)) = sender.send(Outgoing { message, vin }) {
            // The worker ended (channel deleted): start a fresh one for this message.
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(worker(sim.clone(), channel_id.to_owned(), rx));
            let _ = tx.send(outgoing);
            *sender = tx;
        }
    }
}

/// The `Message` of platform-notification.yaml for one event of a remote.
pub(crate) fn message(
    sim: &Sim,
    record: &RemoteRecord,
    event_type: &str,
    status: &str,
    failure: Option<&str>,
    extensions: Option<Value>,
) -> Value {
    let action = &record.request.action;
    let remote_type = if sim.faults().legacy_remote_type_names {
        action.legacy_remote_type()
    } else {
        action.remote_type()
    };
    let mut event_status = json!({ "type": event_type, "status": status });
    if let Some(cause) = failure {
        event_status["failureCause"] = Value::from(cause);
    }
    let mut remote_event = json!({
        "remoteActionId": record.id,
        "remoteType": remote_type,
        "vin": sim.fleet.vehicles[record.vehicle].vin,
        "eventStatus": event_status,
    });
    if let Some(extensions) = extensions {
        remote_event["extensions"] = extensions;
    }
    let attributes: Vec<Value> = record
        .request
        .body
        .get("attributes")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|attr| {
                    let key = attr.get("key")?.as_str()?;
                    let value = match attr.get("value")?.as_str()? {
                        "$RemoteType" => action.remote_type(),
                        "$RemoteStatus" => status,
                        "$RemoteLabel" => record.label(),
                        other => other,
                    };
                    Some(json!({ "key": key, "value": value }))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut message = json!({
        "channelId": record.channel_id,
        "type": "Remote",
        "date": clock::now(),
        "remoteEvent": remote_event,
    });
    if !attributes.is_empty() {
        message["attributes"] = Value::Array(attributes);
    }
    message
}

fn substitute(value: &str, channel: &Channel, vin: &str) -> String {
    match value {
        "$Vin" => vin.to_owned(),
        "$ChannelId" => channel.id.clone(),
        "$ChannelLabel" => channel.label.clone(),
        other => other.to_owned(),
    }
}

/// One delivery attempt of a body (a `Message` or a JSON array of them).
async fn attempt(sim: &Sim, channel: &Channel, body: &str, array: bool, vin: &str) -> bool {
    let faults = sim.faults();
    if faults.late_webhooks_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.late_webhooks_ms)).await;
    }
    if faults.webhook_unreachable {
        Counters::bump(&sim.counters.webhook_failures);
        return false;
    }
    let Ok(mut url) = reqwest::Url::parse(&channel.target) else {
        return false;
    };
    let query: Vec<(String, String)> = channel
        .attributes
        .iter()
        .filter(|a| a.kind == AttributeKind::Query)
        .map(|a| (a.key.clone(), substitute(&a.value, channel, vin)))
        .collect();
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    let mut request = sim.deliverer.client.post(url);
    for attr in channel
        .attributes
        .iter()
        .filter(|a| a.kind == AttributeKind::Header)
    {
        request = request.header(attr.key.as_str(), substitute(&attr.value, channel, vin));
    }
    let request = request
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_owned());
    let ok = matches!(request.send().await, Ok(response) if response.status().is_success());
    if ok {
        Counters::bump(&sim.counters.webhook_posts);
        if array {
            Counters::bump(&sim.counters.webhook_arrays);
        }
    } else {
        Counters::bump(&sim.counters.webhook_failures);
    }
    ok
}

/// One channel's delivery loop: in order, batching whatever piled up while the receiver lagged.
async fn worker(sim: Arc<Sim>, channel_id: String, mut rx: mpsc::UnboundedReceiver<Outgoing>) {
    let mut queue: VecDeque<Outgoing> = VecDeque::new();
    let mut failing_since: Option<Instant> = None;
    loop {
        if queue.is_empty() {
            tokio::select! {
                next = rx.recv() => match next {
                    Some(outgoing) => queue.push_back(outgoing),
                    None => return,
                },
                _ = sim.stopped() => return,
            }
        }
        while let Ok(outgoing) = rx.try_recv() {
            queue.push_back(outgoing);
        }
        let Some(channel) = sim.channels.get(&channel_id) else {
            // Deleted channel: nothing to deliver to.
            sim.counters
                .webhook_dropped
                .fetch_add(queue.len() as u64, std::sync::atomic::Ordering::Relaxed);
            return;
        };
        if !channel.running {
            sim.counters
                .webhook_dropped
                .fetch_add(queue.len() as u64, std::sync::atomic::Ordering::Relaxed);
            queue.clear();
            continue;
        }
        let count = queue.len().min(MAX_BATCH);
        let vin = queue.front().map(|o| o.vin.clone()).unwrap_or_default();
        let array = count > 1;
        let body = if array {
            let items: Vec<&str> = queue
                .iter()
                .take(count)
                .map(|o| o.message.as_str())
                .collect();
            format!("[{}]", items.join(","))
        } else {
            queue.front().map(|o| o.message.clone()).unwrap_or_default()
        };
        let delivered = tokio::select! {
            ok = attempt(&sim, &channel, &body, array, &vin) => ok,
            _ = sim.stopped() => return,
        };
        if delivered {
            queue.drain(..count);
            failing_since = None;
            if sim.faults().duplicate_webhooks {
                attempt(&sim, &channel, &body, array, &vin).await;
            }
            continue;
        }
        let since = *failing_since.get_or_insert_with(Instant::now);
        if since.elapsed() >= sim.config.webhook_timing(sim.config.webhook_give_up_after) {
            sim.counters
                .webhook_dropped
                .fetch_add(queue.len() as u64, std::sync::atomic::Ordering::Relaxed);
            queue.clear();
            failing_since = None;
            continue;
        }
        let wait = sim
            .config
            .webhook_timing(sim.config.webhook_retry_interval)
            .max(Duration::from_millis(5));
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = sim.stopped() => return,
        }
    }
}
