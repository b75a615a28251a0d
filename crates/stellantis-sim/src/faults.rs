//! Misbehaviour on demand: error shares, latency, dropped connections, webhook trouble.

use serde::{Deserialize, Serialize};

/// Faults the simulator injects; settable at start, by `RunningSim::set_faults` or `PUT /admin/faults`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Faults {
    /// 0..1 share of API requests answered 503 with the spec error body.
    pub error_5xx_share: f64,
    /// 0..1 share of API requests answered 429 + `Retry-After`.
    pub rate_429_share: f64,
    /// Milliseconds added to every API response.
    pub latency_ms: u64,
    /// The next N remote POSTs create the remote, then the connection is closed with no answer.
    pub drop_after_remote_create: u32,
    /// Every webhook is sent twice.
    pub duplicate_webhooks: bool,
    /// A remote's last two events are delivered in reverse order (Done before SentToVehicle).
    pub reorder_webhooks: bool,
    /// Every webhook delivery is delayed by this many milliseconds.
    pub late_webhooks_ms: u64,
    /// Deliveries fail as if the target were down (they are retried; polling still works).
    pub webhook_unreachable: bool,
    /// Webhooks carry the `RemoteType` names of platform-notification.yaml (`Doors`, `WakeUp`,
    /// `ThermalPreconditioning`...) instead of the CONTRACT.md names (`Locking`, `Wakeup`...).
    pub legacy_remote_type_names: bool,
}

impl Faults {
    /// Clamp shares into 0..1 so a bad admin request cannot make the dice meaningless.
    pub(crate) fn sanitized(mut self) -> Self {
        self.error_5xx_share = clamp_share(self.error_5xx_share);
        self.rate_429_share = clamp_share(self.rate_429_share);
        self
    }
}

fn clamp_share(share: f64) -> f64 {
    if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    }
}
