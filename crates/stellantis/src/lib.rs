//! Client for the Stellantis Connected Vehicles API: the 13 remote commands, OAuth2 client
//! credentials, channels and webhooks, and tracking of every remote action to its end.
//!
//! This crate knows the API and nothing about windows: it never depends on Tauri.
//!
//! # Sending a command and following it to its end
//!
//! ```no_run
//! use std::time::Duration;
//! use stellantis::{Client, ClientConfig, Outcome, Secret, Tracker, TrackerConfig, WebhookConfig};
//! use stellantis::model::RemoteCommand;
//!
//! # async fn demo() -> stellantis::Result<()> {
//! let client = Client::new(ClientConfig::new(
//!     "https://api.example/api/connectedcar/v1",
//!     "https://idp.example/as/token.oauth2",
//!     "my-client-id",
//!     Secret::new("from the OS keyring"),
//! ))?;
//! let vehicles = client.vehicles().await?;
//! // A loopback webhook receiver + the app's Remote channel + polling as a fallback.
//! let session = Tracker::with_webhook(
//!     client,
//!     "car-remote",
//!     WebhookConfig::with_secret(Secret::random()?),
//!     None,
//!     TrackerConfig::default(),
//! )
//! .await?;
//! let mut tracked = session.tracker.send(&vehicles[0].id, RemoteCommand::WakeUp);
//! // This command's own steps: Queued, Sent, Pending..., then one of Done / Rejected / GaveUp.
//! while let Some(step) = tracked.next().await {
//!     println!("{}", step.event.title());
//! }
//! match tracked.wait_done(Duration::from_secs(300)).await {
//!     Outcome::Done(report) if report.succeeded() => println!("done: {:?}", report.status),
//!     // "A door or the trunk is open. Close it, then try again." and the like.
//!     Outcome::Done(report) => println!("failed: {}", report.explanation()),
//!     Outcome::Unknown => println!("no answer yet: check later"),
//!     Outcome::NotSent { reason } => println!("not sent: {reason}"),
//!     Outcome::Rejected { message, .. } => println!("{message}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Behind it: [`auth`] caches the OAuth2 token (one refresh at a time, again once on a 401);
//! [`http`] paces under `X-RateLimit-*`, waits out `429`, retries GETs with jittered backoff and
//! never repeats a remote POST whose answer was lost; [`client`] reconciles such a POST by its
//! label; [`webhook`] receives the server's messages; [`tracker`] queues one remote per vehicle
//! and merges webhook and polling into one idempotent state per remote; [`fleet`] sends one
//! command to many vehicles through it, bounded, with progress and a result per vehicle.

pub mod auth;
pub mod client;
pub mod error;
pub mod explain;
pub mod fleet;
pub mod http;
pub mod model;
pub mod secret;
pub mod tracker;
pub mod webhook;
pub mod wire;

pub use auth::Credentials;
pub use client::{Client, ClientConfig, Posted};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use fleet::{
    FleetCancel, FleetCommand, FleetConfig, FleetCounts, FleetEvent, FleetEventKind, FleetOutcome,
    FleetReport, FleetRun, FleetSender, FleetStage, Unsent, VehicleResult,
};
pub use http::{ClientIdentity, HttpConfig};
pub use secret::Secret;
pub use tracker::{
    Canceller, DoneReport, EventKind, Outcome, PostGate, Resume, SendOptions, Session, TrackEvent,
    Tracked, Tracker, TrackerConfig,
};
pub use webhook::{WebhookConfig, WebhookReceiver};
pub use wire::response::GeoPoint;
