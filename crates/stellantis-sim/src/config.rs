//! How a simulator instance is configured: fleet size, seed, time scale, credentials, limits, TLS.

use std::path::PathBuf;
use std::time::Duration;

use crate::faults::Faults;

/// Everything a simulator instance needs to know before it starts.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Number of vehicles in the generated fleet (default 25; 10,000+ works).
    pub vehicles: usize,
    /// Seed of the deterministic fleet and of the fault dice (default 1).
    pub seed: u64,
    /// 1.0 = realistic seconds, 0.0 = no delays (tests and benchmarks).
    pub time_scale: f64,
    /// The OAuth2 client id the token endpoint and the `client_id` query parameter accept.
    pub client_id: String,
    /// The OAuth2 client secret the token endpoint accepts.
    pub client_secret: String,
    /// Lifetime of an issued bearer token (default 3600 s; tests use 1-2 s).
    pub token_lifetime: Duration,
    /// Requests accepted per second before 429 (default 100).
    pub burst_per_second: u32,
    /// Requests accepted per 24 h before 429 (default 100,000).
    pub day_quota: u32,
    /// Wait between two webhook delivery attempts (default 10 s, multiplied by `time_scale`;
    /// used as is when `time_scale` is 0, since a zero interval would spin).
    pub webhook_retry_interval: Duration,
    /// How long a failing webhook delivery is retried before it is dropped (default 72 h,
    /// multiplied by `time_scale`; used as is when `time_scale` is 0).
    pub webhook_give_up_after: Duration,
    /// Plain HTTP, or HTTPS with a required client certificate.
    pub tls: TlsMode,
    /// Misbehaviour on demand; can be changed while running.
    pub faults: Faults,
    /// TCP port on 127.0.0.1 (0 = ephemeral).
    pub port: u16,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            vehicles: 25,
            seed: 1,
            time_scale: 1.0,
            client_id: "demo-client".to_owned(),
            client_secret: "demo-secret".to_owned(),
            token_lifetime: Duration::from_secs(3600),
            burst_per_second: 100,
            day_quota: 100_000,
            webhook_retry_interval: Duration::from_secs(10),
            webhook_give_up_after: Duration::from_secs(72 * 3600),
            tls: TlsMode::None,
            faults: Faults::default(),
            port: 0,
        }
    }
}

impl SimConfig {
    /// A configuration for tests: no delays, otherwise defaults.
    pub fn for_tests() -> Self {
        Self {
            time_scale: 0.0,
            ..Self::default()
        }
    }

    /// A realistic duration scaled by the time scale (zero when the scale is 0).
    pub(crate) fn scaled(&self, realistic: Duration) -> Duration {
        if self.time_scale <= 0.0 || !self.time_scale.is_finite() {
            Duration::ZERO
        } else {
            realistic.mul_f64(self.time_scale)
        }
    }

    /// A webhook timing: scaled, except that a zero scale keeps the configured value.
    pub(crate) fn webhook_timing(&self, configured: Duration) -> Duration {
        if self.time_scale <= 0.0 || !self.time_scale.is_finite() {
            configured
        } else {
            configured.mul_f64(self.time_scale)
        }
    }
}

/// Whether the simulator speaks plain HTTP or HTTPS with a required client certificate.
#[derive(Clone, Debug, Default)]
pub enum TlsMode {
    /// Plain HTTP on loopback.
    #[default]
    None,
    /// HTTPS with certificates generated at start (see `RunningSim::tls_material`).
    Generated,
    /// HTTPS with PEM files: server chain, server key, and the CA that signs client certificates.
    Files {
        /// PEM file with the server certificate chain.
        cert: PathBuf,
        /// PEM file with the server private key.
        key: PathBuf,
        /// PEM file with the CA certificate(s) a client certificate must chain to.
        client_ca: PathBuf,
    },
}
