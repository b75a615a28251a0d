//! Client for the Stellantis Connected Vehicles API: the 13 remote commands, OAuth2 client
//! credentials, channels and webhooks, and tracking of every remote action to its end.
//!
//! This crate knows the API and nothing about windows: it never depends on Tauri.

pub mod auth;
pub mod client;
pub mod error;
pub mod http;
pub mod model;
pub mod tracker;
pub mod webhook;
pub mod wire;

pub use auth::{Credentials, Secret};
pub use client::{Client, ClientConfig, Posted};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use http::{ClientIdentity, HttpConfig};
pub use tracker::{
    DoneReport, EventKind, Outcome, Session, TrackEvent, Tracked, Tracker, TrackerConfig,
};
pub use webhook::{WebhookConfig, WebhookReceiver};
