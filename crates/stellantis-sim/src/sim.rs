//! The simulator's shared state: configuration, fleet, tokens, limits, channels, remotes, counters.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use tokio::sync::watch;

use crate::auth::TokenStore;
use crate::channels::ChannelStore;
use crate::config::SimConfig;
use crate::faults::{CreateFault, Faults};
use crate::fleet::Fleet;
use crate::rate_limit::RateLimiter;
use crate::remotes::RemoteStore;
use crate::webhook::Deliverer;

/// The path of the API under the origin (the spec's server path).
pub(crate) const API_PATH: &str = "/api/connectedcar/v1";
/// The token endpoint's path (the one the Stellantis docs show).
pub(crate) const TOKEN_PATH: &str = "/as/token.oauth2";

/// Counters exposed by `GET /admin/stats`.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub api_requests: AtomicU64,
    pub remote_posts: AtomicU64,
    pub remotes_created: AtomicU64,
    pub webhook_messages: AtomicU64,
    pub webhook_posts: AtomicU64,
    pub webhook_arrays: AtomicU64,
    pub webhook_failures: AtomicU64,
    pub webhook_dropped: AtomicU64,
    pub tokens_issued: AtomicU64,
}

/// A snapshot of the counters.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// API requests received (after auth).
    pub api_requests: u64,
    /// Remote POSTs that reached the server (valid or not).
    pub remote_posts: u64,
    /// Remotes created (answered 202, or created and then answered otherwise by a create fault).
    pub remotes_created: u64,
    /// Webhook messages handed to the delivery queue.
    pub webhook_messages: u64,
    /// Successful webhook HTTP POSTs.
    pub webhook_posts: u64,
    /// Of those, how many carried a JSON array (a lagging receiver).
    pub webhook_arrays: u64,
    /// Failed delivery attempts (non-2xx, timeout, unreachable).
    pub webhook_failures: u64,
    /// Messages given up after the retry time, or not sent because the channel was paused.
    pub webhook_dropped: u64,
    /// Tokens issued.
    pub tokens_issued: u64,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            api_requests: get(&self.api_requests),
            remote_posts: get(&self.remote_posts),
            remotes_created: get(&self.remotes_created),
            webhook_messages: get(&self.webhook_messages),
            webhook_posts: get(&self.webhook_posts),
            webhook_arrays: get(&self.webhook_arrays),
            webhook_failures: get(&self.webhook_failures),
            webhook_dropped: get(&self.webhook_dropped),
            tokens_issued: get(&self.tokens_issued),
        }
    }
}

/// Everything the handlers and background tasks share.
pub(crate) struct Sim {
    pub config: SimConfig,
    /// `http(s)://127.0.0.1:port`.
    pub origin: String,
    pub fleet: Fleet,
    pub tokens: TokenStore,
    pub limits: RateLimiter,
    faults: Mutex<Faults>,
    dice: Mutex<StdRng>,
    pub channels: ChannelStore,
    pub remotes: RemoteStore,
    pub counters: Counters,
    pub deliverer: Deliverer,
    shutdown: watch::Receiver<bool>,
}

impl Sim {
    pub fn new(config: SimConfig, origin: String, shutdown: watch::Receiver<bool>) -> Arc<Self> {
        Arc::new(Self {
            fleet: Fleet::generate(config.seed, config.vehicles),
            tokens: TokenStore::new(
                config.client_id.clone(),
                config.client_secret.clone(),
                config.token_lifetime,
            ),
            limits: RateLimiter::new(config.burst_per_second, config.day_quota),
            faults: Mutex::new(config.faults.clone().sanitized()),
            dice: Mutex::new(StdRng::seed_from_u64(config.seed.wrapping_add(0xFA17))),
            channels: ChannelStore::default(),
            remotes: RemoteStore::default(),
            counters: Counters::default(),
            deliverer: Deliverer::new(),
            shutdown,
            origin,
            config,
        })
    }

    /// The API base URL, e.g. `http://127.0.0.1:8080/api/connectedcar/v1`.
    pub fn base(&self) -> String {
        format!("{}{API_PATH}", self.origin)
    }

    pub fn faults(&self) -> Faults {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.lock().unwrap_or_else(|p| p.into_inner()) = faults.sanitized();
    }

    /// Consume one of the faults that change the answer to a remote POST that created its
    /// remote (drop, 504, unreadable 202), if any count is left; see `Faults::take_create_fault`.
    pub fn take_create_fault(&self, can_drop: bool) -> Option<CreateFault> {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take_create_fault(can_drop)
    }

    /// Roll the seeded dice: true with probability `share`.
    pub fn roll(&self, share: f64) -> bool {
        share > 0.0
            && self
                .dice
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .random_bool(share.clamp(0.0, 1.0))
    }

    /// True once the simulator is shutting down.
    pub fn is_stopping(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Resolves when the simulator shuts down.
    pub async fn stopped(&self) {
        let mut rx = self.shutdown.clone();
        // An error means the sender is gone, which also means shutdown.
        let _ = rx.wait_for(|stop| *stop).await;
    }

    /// Sleep a realistic duration scaled by the time scale; false if the simulator stopped meanwhile.
    pub async fn pause(&self, realistic: std::time::Duration) -> bool {
        let wait = self.config.scaled(realistic);
        if wait.is_zero() {
            return !self.is_stopping();
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => !self.is_stopping(),
            _ = self.stopped() => false,
        }
    }
}
