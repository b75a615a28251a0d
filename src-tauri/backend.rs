//! The server the app drives: the demo simulator or the user's Stellantis account. Both are a
//! signed-in `stellantis` client with a tracker fed by a loopback webhook receiver and by
//! polling, so listing, capability and sending are the same code for both.

use std::time::Duration;

use serde::Serialize;
use stellantis::model::RemoteCommand;
use stellantis::{Client, ClientConfig, Secret, Session, Tracker, TrackerConfig, WebhookConfig};
use stellantis_sim::RunningSim;

use crate::capability::{self, FeatureSupport};
use crate::error::Error;
use crate::progress::{self, Progress};
use crate::settings::ApiUrls;
use crate::vehicle::{self, VehicleSummary};

/// The label of the app's Remote channel.
const CHANNEL_LABEL: &str = "car-remote";

/// What `send` answers at once; the steps follow on the command's channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentCommand {
    /// The app's id of the command.
    pub command_id: u64,
    /// The feature's stable name.
    pub feature: &'static str,
}

/// Where a backend's server runs.
pub enum Origin {
    /// The simulator inside the app, stopped when the backend is dropped.
    Demo {
        /// Held only to keep the simulator running.
        _sim: RunningSim,
    },
    /// A Stellantis account, signed in to as this client id.
    Account(String),
}

/// A signed-in server; dropping it stops the webhook receiver (and the demo simulator).
pub struct Backend {
    session: Session,
    // Declared last: fields drop in order, so a simulator outlives the client's receiver.
    origin: Origin,
}

impl Backend {
    /// Signs in to the account at `urls` with the stored credentials and opens its webhook
    /// channel. The receiver listens on loopback, which a real server cannot reach: there,
    /// polling follows the commands.
    pub async fn account(
        urls: &ApiUrls,
        client_id: String,
        client_secret: Secret,
    ) -> Result<Self, Error> {
        let config = ClientConfig::new(
            urls.base_url.clone(),
            urls.token_url.clone(),
            client_id.clone(),
            client_secret,
        );
        Self::connect(config, Origin::Account(client_id)).await
    }

    /// Builds the client for `config`, signs in, and starts the tracker with its receiver.
    pub async fn connect(config: ClientConfig, origin: Origin) -> Result<Self, Error> {
        let client = Client::new(config)?;
        let tracker = TrackerConfig {
            poll_first: Duration::from_secs(2),
            poll_max: Duration::from_secs(20),
            label_prefix: CHANNEL_LABEL.to_owned(),
            ..TrackerConfig::default()
        };
        let webhook = WebhookConfig::with_secret(Secret::random()?);
        let session = Tracker::with_webhook(client, CHANNEL_LABEL, webhook, None, tracker).await?;
        Ok(Self { session, origin })
    }

    /// The account's client id; `None` for the demo fleet.
    pub fn account_id(&self) -> Option<&str> {
        match &self.origin {
            Origin::Demo { .. } => None,
            Origin::Account(id) => Some(id),
        }
    }

    fn client(&self) -> &Client {
        self.session.tracker.client()
    }

    /// Every vehicle with its latest state; a vehicle whose telemetry fails to load is listed
    /// without it.
    pub async fn fleet(&self) -> Result<Vec<VehicleSummary>, Error> {
        let vehicles = self.client().vehicles().await?;
        let mut summaries = Vec::with_capacity(vehicles.len());
        for vehicle in &vehicles {
            let telemetry = self.client().latest_telemetry(&vehicle.id).await.ok();
            summaries.push(vehicle::summarize(vehicle, telemetry.as_ref()));
        }
        Ok(summaries)
    }

    /// Which features the vehicle supports.
    pub async fn capability(&self, vehicle_id: &str) -> Result<Vec<FeatureSupport>, Error> {
        let capability = self.client().capability(vehicle_id).await?;
        Ok(capability::feature_support(&capability))
    }

    /// Sends `command` and calls `report` with each of its steps, from "queued" to its final
    /// one, in a background task. `report` returns false once nobody listens any more.
    pub fn send<F>(&self, vehicle_id: &str, command: RemoteCommand, mut report: F) -> SentCommand
    where
        F: FnMut(Progress) -> bool + Send + 'static,
    {
        let feature = command.feature().as_str();
        let mut tracked = self.session.tracker.send(vehicle_id, command);
        let command_id = tracked.command_id;
        // The command's own stream ends after its final step, and so does this task; it also
        // ends when the page stops listening.
        tokio::spawn(async move {
            while let Some(event) = tracked.next().await {
                if !report(progress::progress(event.remote_action_id, event.event)) {
                    break;
                }
            }
        });
        SentCommand {
            command_id,
            feature,
        }
    }
}
