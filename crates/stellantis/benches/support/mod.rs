//! What both benchmarks start with: a simulator in this process, a client signed in to it, and
//! a tracker whose ends arrive through the webhook only (polling pushed out of reach).

use std::time::Duration;

use stellantis::{Client, ClientConfig, Secret, Session, Tracker, TrackerConfig, WebhookConfig};
use stellantis_sim::{RunningSim, SimConfig};

/// Starts the simulator with `config` and a webhook-fed tracker on the channel `channel_label`.
pub async fn start(
    config: SimConfig,
    channel_label: &str,
) -> Result<(RunningSim, Client, Session), String> {
    let sim = stellantis_sim::start(config)
        .await
        .map_err(|e| format!("simulator: {e}"))?;
    let client = Client::new(ClientConfig::new(
        sim.base_url(),
        sim.token_url(),
        sim.client_id(),
        Secret::new(sim.client_secret()),
    ))
    .map_err(|e| e.to_string())?;
    let session = Tracker::with_webhook(
        client.clone(),
        channel_label,
        WebhookConfig::with_secret(Secret::random().map_err(|e| e.to_string())?),
        None,
        TrackerConfig {
            poll_first: Duration::from_secs(3600),
            poll_max: Duration::from_secs(3600),
            unknown_after: Duration::from_secs(3600),
            ..TrackerConfig::default()
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok((sim, client, session))
}
