//! Shared set-up of the integration tests: a zero-delay simulator on loopback, a client for it,
//! a webhook session, and the 13 commands with representative parameters.

#![allow(dead_code)]

use std::time::Duration;

use serde_json::json;
use stellantis::model::{CommandInput, RemoteCommand};
use stellantis::{
    Client, ClientConfig, Outcome, Secret, Session, Tracker, TrackerConfig, WebhookConfig,
};
use stellantis_sim::{RunningSim, SimConfig};

/// Generous: the machine may be busy, and nothing here should take long.
pub const WAIT: Duration = Duration::from_secs(60);

/// A zero-delay simulator with test defaults, changed by `tweak`.
pub async fn sim(tweak: impl FnOnce(&mut SimConfig)) -> RunningSim {
    let mut config = SimConfig::for_tests();
    tweak(&mut config);
    stellantis_sim::start(config)
        .await
        .expect("simulator starts")
}

/// The client configuration for `sim`'s account, with the library's defaults.
pub fn config(sim: &RunningSim) -> ClientConfig {
    ClientConfig::new(
        sim.base_url(),
        sim.token_url(),
        sim.client_id(),
        Secret::new(sim.client_secret()),
    )
}

/// A client for `sim` with short backoffs.
pub fn client(sim: &RunningSim) -> Client {
    let mut config = config(sim);
    config.http.backoff_base = Duration::from_millis(10);
    config.http.backoff_max = Duration::from_millis(200);
    if let Some(tls) = sim.tls_material() {
        config.http.extra_ca_pem = Some(tls.ca_cert_pem.clone());
        config.http.identity = Some(stellantis::ClientIdentity {
            cert_pem: tls.client_cert_pem.clone(),
            key_pem: Secret::new(tls.client_key_pem.clone()),
        });
    }
    Client::new(config).expect("client builds")
}

/// A channel for following by polling alone: it still needs a webhook target, where nothing
/// listens (the simulator's `webhook_unreachable` fault keeps it from delivering there).
pub async fn polling_channel(client: &Client) -> String {
    client
        .ensure_webhook_channel(
            "car-remote-polling",
            "http://127.0.0.1:9/messages/webhook",
            "x-car-remote-secret",
            &Secret::random().expect("OS random generator"),
        )
        .await
        .expect("channel")
}

/// A webhook session labelled `car-remote-test` with a fresh secret, tracking as `config` says.
pub async fn session(client: Client, config: TrackerConfig) -> Session {
    session_labelled(client, "car-remote-test", config).await
}

/// A webhook session on the channel labelled `label` with a fresh secret.
pub async fn session_labelled(client: Client, label: &str, config: TrackerConfig) -> Session {
    Tracker::with_webhook(
        client,
        label,
        WebhookConfig::with_secret(Secret::random().expect("OS random generator")),
        None,
        config,
    )
    .await
    .expect("session starts")
}

/// Everything waiting on a broadcast stream (a fleet run's events).
pub fn drain<T: Clone>(rx: &mut tokio::sync::broadcast::Receiver<T>) -> Vec<T> {
    let mut out = Vec::new();
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}

/// Every event of one command, in order, up to its final one.
pub async fn steps(tracked: &mut stellantis::Tracked) -> Vec<stellantis::TrackEvent> {
    let mut out = Vec::new();
    while let Ok(Some(e)) = tokio::time::timeout(WAIT, tracked.next()).await {
        out.push(e);
    }
    out
}

/// Asserts that the command ended, successfully.
pub fn assert_succeeded(outcome: &Outcome) {
    assert!(
        matches!(outcome, Outcome::Done(r) if r.succeeded()),
        "{outcome:?}"
    );
}

/// Tracking that never polls: whatever ends, ended through the webhook.
pub fn webhook_only() -> TrackerConfig {
    TrackerConfig {
        poll_first: Duration::from_secs(3600),
        poll_max: Duration::from_secs(3600),
        unknown_after: Duration::from_secs(3600),
        ..TrackerConfig::default()
    }
}

/// Tracking by polling, quickly.
pub fn polling_fast() -> TrackerConfig {
    TrackerConfig {
        poll_first: Duration::from_millis(20),
        poll_max: Duration::from_millis(200),
        unknown_after: Duration::from_secs(3600),
        ..TrackerConfig::default()
    }
}

/// Builds a command the way the UI and the CLI do.
pub fn command(input: serde_json::Value) -> RemoteCommand {
    let input: CommandInput =
        serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("input {input}: {e}"));
    RemoteCommand::try_from(input).expect("valid command")
}

/// The 13 commands, with parameters a healthy, awake, plugged vehicle accepts.
pub fn all_commands() -> Vec<RemoteCommand> {
    [
        json!({"feature":"charging","immediate":true}),
        json!({"feature":"stolen","crankInhibit":false}),
        json!({"feature":"lights","state":"Activated"}),
        json!({"feature":"preconditioning","immediate":true}),
        json!({"feature":"locking","state":"Locked"}),
        json!({"feature":"horn","state":"Activated"}),
        json!({"feature":"immobilization","activate":false}),
        json!({"feature":"navigation","positions":[
            {"latitude":48.8566,"longitude":2.3522,"name":"Paris"},
            {"latitude":45.7640,"longitude":4.8357,"name":"Lyon"}]}),
        json!({"feature":"state"}),
        json!({"feature":"wakeUp"}),
        json!({"feature":"vehicleFinder"}),
        json!({"feature":"tan","suppress":true,"duration":0}),
        json!({"feature":"onboardPersonalData"}),
    ]
    .into_iter()
    .map(command)
    .collect()
}
