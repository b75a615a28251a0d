//! Shared test plumbing: a started simulator, a token, a webhook receiver, waiting for events.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};
use stellantis_sim::{RunningSim, SimConfig};

/// Generous: the machine may be busy.
pub const WAIT: Duration = Duration::from_secs(30);

/// One webhook POST as received.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub body: Value,
    pub headers: HeaderMap,
    pub query: String,
}

/// A tiny webhook target on 127.0.0.1:0 that records what it receives.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    pub deliveries: Arc<Mutex<Vec<Delivery>>>,
    /// The status it answers with (200 by default).
    pub status: Arc<AtomicU16>,
}

async fn receive(
    State(rx): State<Receiver>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> StatusCode {
    let status = StatusCode::from_u16(rx.status.load(Ordering::SeqCst)).unwrap_or(StatusCode::OK);
    if status.is_success() {
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        rx.deliveries.lock().unwrap().push(Delivery {
            body,
            headers,
            query: query.unwrap_or_default(),
        });
    }
    status
}

impl Receiver {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind receiver");
        let url = format!(
            "http://{}/messages/webhook",
            listener.local_addr().expect("addr")
        );
        let rx = Receiver {
            url,
            deliveries: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
        };
        let app = Router::new()
            .route("/messages/webhook", post(receive))
            .with_state(rx.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        rx
    }

    /// Every message received so far, arrays flattened.
    pub fn messages(&self) -> Vec<Value> {
        let deliveries = self.deliveries.lock().unwrap();
        deliveries
            .iter()
            .flat_map(|d| match &d.body {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            })
            .collect()
    }

    /// The events of one remote, in arrival order.
    pub fn events_of(&self, rid: &str) -> Vec<Value> {
        self.messages()
            .into_iter()
            .filter(|m| m["remoteEvent"]["remoteActionId"] == rid)
            .collect()
    }

    /// Wait until the remote's Done event arrived; return all its events.
    pub async fn wait_done(&self, rid: &str) -> Vec<Value> {
        let deadline = Instant::now() + WAIT;
        loop {
            let events = self.events_of(rid);
            if events
                .iter()
                .any(|e| e["remoteEvent"]["eventStatus"]["type"] == "Done")
            {
                return events;
            }
            assert!(
                Instant::now() < deadline,
                "no Done event for {rid}; got {events:#?}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// A simulator plus an authenticated HTTP client.
pub struct Api {
    pub sim: RunningSim,
    pub http: reqwest::Client,
    pub token: String,
}

impl Api {
    pub async fn start(config: SimConfig) -> Self {
        let sim = stellantis_sim::start(config)
            .await
            .expect("simulator starts");
        let http = reqwest::Client::new();
        let token = token(&http, &sim).await;
        Self { sim, http, token }
    }

    pub fn url(&self, path: &str) -> String {
        let sep = if path.contains('?') { '&' } else { '?' };
        format!(
            "{}{path}{sep}client_id={}",
            self.sim.base_url(),
            self.sim.client_id()
        )
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("GET")
    }

    /// GET a full href from a `_links` object.
    pub async fn get_href(&self, href: &str) -> reqwest::Response {
        let sep = if href.contains('?') { '&' } else { '?' };
        let url = format!("{href}{sep}client_id={}", self.sim.client_id());
        self.http
            .get(url)
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("GET href")
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// PUT `body` to `path`.
    pub async fn put(&self, path: &str, body: &Value) -> reqwest::Response {
        self.send(reqwest::Method::PUT, path, body).await
    }

    /// PUT a channel's status (`Running`, `Paused`, or anything to see it refused).
    pub async fn put_channel_status(&self, channel: &str, status: &str) -> reqwest::Response {
        self.put(
            &format!("/accounts/channels/{channel}/status"),
            &json!({ "status": status }),
        )
        .await
    }

    pub async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON")
    }

    /// Create a Remote channel to the receiver with a secret header and a `$Vin` query attribute.
    pub async fn channel(&self, rx: &Receiver) -> String {
        let body = json!({
            "type": ["Remote"],
            "label": "tests",
            "channel": { "webhook": {
                "target": rx.url,
                "name": "test-hook",
                "attributes": [
                    { "type": "Header", "key": "x-webhook-secret", "value": "s3cret" },
                    { "type": "Query", "key": "vin", "value": "$Vin" },
                ],
            }},
        });
        let response = self
            .send(reqwest::Method::POST, "/accounts/channels", &body)
            .await;
        assert_eq!(response.status(), 200, "channel create");
        let value: Value = response.json().await.expect("JSON");
        value["channelId"].as_str().expect("channelId").to_owned()
    }

    pub fn vehicle(&self, index: usize) -> String {
        self.sim.vehicle_ids()[index].clone()
    }

    /// The path of the remotes of vehicle `index` on `channel`.
    pub fn remotes_path(&self, index: usize, channel: &str) -> String {
        format!(
            "/accounts/vehicles/{}/channels/{channel}/remotes",
            self.vehicle(index)
        )
    }

    pub async fn post_remote(
        &self,
        index: usize,
        channel: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.send(
            reqwest::Method::POST,
            &self.remotes_path(index, channel),
            body,
        )
        .await
    }

    /// POST a remote that must be accepted; return its id.
    pub async fn remote(&self, index: usize, channel: &str, body: &Value) -> String {
        let response = self.post_remote(index, channel, body).await;
        let status = response.status();
        let value: Value = response.json().await.expect("JSON");
        assert_eq!(status, 202, "remote {body} on vehicle {index}: {value}");
        value["remoteActionId"]
            .as_str()
            .expect("remoteActionId")
            .to_owned()
    }

    /// Read a remote back.
    pub async fn read_remote(&self, index: usize, channel: &str, rid: &str) -> Value {
        self.json(&format!("{}/{rid}", self.remotes_path(index, channel)))
            .await
    }

    /// GET an admin endpoint (`/stats`, `/fleet`, `/faults`, ...) as JSON.
    pub async fn admin(&self, path: &str) -> Value {
        self.http
            .get(format!("{}/admin{path}", self.sim.admin_url()))
            .send()
            .await
            .expect("admin")
            .json::<Value>()
            .await
            .expect("JSON")
    }

    /// The simulated state of a vehicle (admin endpoint).
    pub async fn admin_state(&self, index: usize) -> Value {
        self.admin(&format!("/vehicles/{}", self.vehicle(index)))
            .await["state"]
            .clone()
    }
}

pub async fn token(http: &reqwest::Client, sim: &RunningSim) -> String {
    token_at(http, &sim.token_url(), sim.client_id(), sim.client_secret()).await
}

/// A client-credentials token from `token_url` for this client id and secret.
pub async fn token_at(
    http: &reqwest::Client,
    token_url: &str,
    client_id: &str,
    client_secret: &str,
) -> String {
    let response = http
        .post(token_url)
        .basic_auth(client_id, Some(client_secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("token request");
    assert_eq!(response.status(), 200);
    let value: Value = response.json().await.expect("JSON");
    value["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

/// `(type, status, failureCause)` of each event.
pub fn statuses(events: &[Value]) -> Vec<(String, String, Option<String>)> {
    events
        .iter()
        .map(|e| {
            let s = &e["remoteEvent"]["eventStatus"];
            (
                s["type"].as_str().unwrap_or("").to_owned(),
                s["status"].as_str().unwrap_or("").to_owned(),
                s["failureCause"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// The Done event's `(status, failureCause)`.
pub fn outcome(events: &[Value]) -> (String, Option<String>) {
    let done = statuses(events)
        .into_iter()
        .find(|(t, _, _)| t == "Done")
        .expect("a Done event");
    (done.1, done.2)
}

/// The 13 remote bodies of CONTRACT.md (State and WakeUp share the wakeup body), plus the
/// other forms of charging, preconditioning, stolen and TAN, with the expected `RemoteType`.
pub fn contract_bodies() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "Charging",
            "Charging",
            json!({"label": "charge now", "action": {"charging": {"charge": {"immediate": true}}}}),
        ),
        (
            "Charging deferred",
            "Charging",
            json!({"action": {"charging": {"charge": {"deferred": {"start": {"startTime": "PT22H30M"}, "end": {"endTime": "PT6H", "chargeToFull": true}}}}}}),
        ),
        (
            "Charging programs",
            "Charging",
            json!({"action": {"charging": {"charge": {"programs": [{"start": "PT1H", "end": "PT5H", "occurrence": {"day": ["Mon", "Wed"]}, "enabled": true, "chargeToFull": false, "minChargingLevel": 20, "maxChargingLevel": 80, "chargeType": "Regular", "slot": 1, "actionsType": "Set"}]}}}}),
        ),
        (
            "Charging settings",
            "Charging",
            json!({"action": {"charging": {"charge": {"settings": {"chargeLimit": "High"}}}}}),
        ),
        (
            "Lights",
            "Lights",
            json!({"action": {"lights": {"state": "Activated"}}}),
        ),
        (
            "Preconditioning",
            "Preconditioning",
            json!({"action": {"preconditioning": {"airConditioning": {"immediate": true}}}}),
        ),
        (
            "Preconditioning programs",
            "Preconditioning",
            json!({"action": {"preconditioning": {"airConditioning": {"programs": [{"start": "PT7H15M", "occurrence": {"day": ["Mon", "Tue", "Fri"]}, "enabled": true, "temp": 21.0, "slot": 1, "actionsType": "Set"}, {"slot": 2, "actionsType": "Delete"}], "settings": {"temp": 20.5, "mode": "Auto", "state": "Activated"}}}}}),
        ),
        (
            "Locking",
            "Locking",
            json!({"action": {"locking": {"state": "Locked"}}}),
        ),
        (
            "Horn",
            "Horn",
            json!({"action": {"horn": {"state": "Activated"}}}),
        ),
        (
            "Navigation",
            "Navigation",
            json!({"action": {"navigation": {"positions": [
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}, "properties": {"name": "start"}},
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [4.83, 45.76]}, "properties": {"name": "Lyon", "address": {"cityName": "Lyon", "countryName": "France"}}},
            ]}}}),
        ),
        (
            "State",
            "Wakeup",
            json!({"label": "state", "action": {"wakeup": {"action": "Wakeup"}}}),
        ),
        (
            "WakeUp",
            "Wakeup",
            json!({"action": {"wakeup": {"action": "Wakeup"}}}),
        ),
        (
            "VehicleFinder",
            "VehicleFinder",
            json!({"extendedEventParam": ["vehicle.position"], "action": {"vehicleFinder": {"action": "GetPresentLocation"}}}),
        ),
        (
            "Tan suppress",
            "Tan.suppress",
            json!({"action": {"tan": {"suppress": {"state": true, "duration": 2}}}}),
        ),
        (
            "Tan confirm",
            "Tan.confirm",
            json!({"action": {"tan": {"confirm": {"state": true}}}}),
        ),
        (
            "OnboardPersonalData",
            "OnboardPersonalData",
            json!({"action": {"onboardPersonalData": {"action": "Delete"}}}),
        ),
        (
            "Immobilization",
            "Immobilization",
            json!({"action": {"immobilization": {"activate": true}}}),
        ),
        (
            "Stolen crank inhibit",
            "Stolen",
            json!({"action": {"stolen": {"crankInhibit": {"activate": true}}}}),
        ),
        (
            "Stolen",
            "Stolen",
            json!({"action": {"stolen": {"state": true}}}),
        ),
    ]
}
