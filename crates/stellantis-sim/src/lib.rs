//! A faithful simulator of the Stellantis Connected Vehicles API server ("data-treatment" API
//! v1.0.28 plus its webhook `Message`), built from the official OpenAPI files and CONTRACT.md,
//! independently of the client crate.
//!
//! It serves the OAuth2 token endpoint (`/as/token.oauth2`) and the API under
//! `/api/connectedcar/v1`: vehicles, capability, latest telemetry, channels and remotes, runs each
//! remote through its lifecycle and POSTs its events to the channel's webhook. Faults can be injected
//! on demand. Use [`start`] in-process, or the `stellantis-sim` binary.
//!
//! The fleet is deterministic for a seed; the special vehicles by index are listed in [`fleet`]
//! (vehicle 0 is awake, supports every remote and has its doors closed).
//!
//! Admin endpoints (no auth): `GET/PUT /admin/faults`, `GET /admin/stats`, `GET /admin/fleet`,
//! `GET /admin/vehicles/{id}`.

mod admin;
mod api_error;
mod auth;
mod channels;
mod clock;
mod config;
mod error;
mod faults;
pub mod fleet;
mod json_check;
mod lifecycle;
mod paging;
mod rate_limit;
mod remote_request;
mod remotes;
mod server;
mod sim;
mod tls;
mod vehicle;
mod vehicles;
mod webhook;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;

pub use config::{SimConfig, TlsMode};
pub use error::{SimError, SimErrorKind};
pub use faults::Faults;
pub use fleet::FleetEntry;
pub use sim::Stats;
pub use tls::TlsMaterial;
pub use vehicle::Motorization;

use sim::{API_PATH, Sim, TOKEN_PATH};

/// A running simulator; shuts the server down when dropped.
pub struct RunningSim {
    sim: Arc<Sim>,
    addr: SocketAddr,
    tls_material: Option<TlsMaterial>,
    shutdown: watch::Sender<bool>,
}

impl std::fmt::Debug for RunningSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningSim")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

/// Start the simulator in-process on a loopback port (ephemeral when `config.port` is 0).
pub async fn start(config: SimConfig) -> Result<RunningSim, SimError> {
    if !(config.time_scale.is_finite() && (0.0..=1e6).contains(&config.time_scale)) {
        return Err(SimError::Config(format!(
            "time_scale must be a number in 0..1000000 (got {})",
            config.time_scale
        )));
    }
    if config.burst_per_second == 0 || config.day_quota == 0 {
        return Err(SimError::Config(
            "burst_per_second and day_quota must be at least 1".to_owned(),
        ));
    }
    let tls = tls::setup(&config.tls)?;
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, config.port)))
        .await
        .map_err(|source| SimError::Bind {
            port: config.port,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SimError::Bind {
        port: config.port,
        source,
    })?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let (shutdown, shutdown_rx) = watch::channel(false);
    let sim = Sim::new(config, format!("{scheme}://{addr}"), shutdown_rx.clone());
    let (acceptor, tls_material) = match tls {
        Some((config, material)) => (Some(tokio_rustls::TlsAcceptor::from(config)), material),
        None => (None, None),
    };
    tokio::spawn(server::serve(
        listener,
        server::router(sim.clone()),
        acceptor,
        shutdown_rx,
    ));
    Ok(RunningSim {
        sim,
        addr,
        tls_material,
        shutdown,
    })
}

impl RunningSim {
    /// The API base URL, e.g. `http://127.0.0.1:41234/api/connectedcar/v1` (https with TLS).
    pub fn base_url(&self) -> String {
        format!("{}{API_PATH}", self.sim.origin)
    }

    /// The token endpoint, e.g. `http://127.0.0.1:41234/as/token.oauth2`.
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.sim.origin)
    }

    /// The origin for admin endpoints, e.g. `http://127.0.0.1:41234`.
    pub fn admin_url(&self) -> String {
        self.sim.origin.clone()
    }

    /// The socket address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The accepted client id.
    pub fn client_id(&self) -> &str {
        &self.sim.config.client_id
    }

    /// The accepted client secret.
    pub fn client_secret(&self) -> &str {
        &self.sim.config.client_secret
    }

    /// Replace the injected faults (same as `PUT /admin/faults`).
    pub fn set_faults(&self, faults: Faults) {
        self.sim.set_faults(faults);
    }

    /// The faults now in effect.
    pub fn faults(&self) -> Faults {
        self.sim.faults()
    }

    /// PEMs for a client when started with `TlsMode::Generated`.
    pub fn tls_material(&self) -> Option<&TlsMaterial> {
        self.tls_material.as_ref()
    }

    /// Opaque vehicle ids, in fleet order.
    pub fn vehicle_ids(&self) -> Vec<String> {
        self.sim
            .fleet
            .vehicles
            .iter()
            .map(|v| v.id.clone())
            .collect()
    }

    /// How many remote POSTs reached the server (to prove "never sent twice").
    pub fn remote_posts(&self) -> u64 {
        self.sim.counters.snapshot().remote_posts
    }

    /// All counters (same as `GET /admin/stats`).
    pub fn stats(&self) -> Stats {
        self.sim.counters.snapshot()
    }

    /// Which vehicle has which special trait (same as `GET /admin/fleet`).
    pub fn fleet_summary(&self) -> Vec<FleetEntry> {
        self.sim.fleet.summary()
    }

    /// Stop serving (also done on drop).
    pub fn shutdown(&self) {
        let _ = self.shutdown.send(true);
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        self.shutdown();
    }
}
