//! Misbehaviour on demand: error shares, latency, dropped connections, lost or unreadable
//! answers to a remote POST, webhook trouble.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
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
    /// The next N remote POSTs create the remote (it runs its whole lifecycle as usual), then
    /// answer `504 Gateway Timeout` with the API gateway's error body instead of the 202.
    pub gateway_timeout_after_remote_create: u32,
    /// The next N remote POSTs create the remote (it runs as usual), then answer 202 with a body
    /// that is not valid JSON: the real body cut off before the first occurrence of the remote id.
    pub unreadable_accept_after_remote_create: u32,
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

/// What a remote POST that created its remote answers instead of a plain 202 (at most one per
/// POST, taken from the counts in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CreateFault {
    /// `drop_after_remote_create`: close the connection, never answer.
    Drop,
    /// `gateway_timeout_after_remote_create`: 504 with the gateway body.
    GatewayTimeout,
    /// `unreadable_accept_after_remote_create`: 202 with a truncated body.
    UnreadableAccept,
}

impl Faults {
    /// Consume one create fault, if any count is left. `can_drop` is false when the request did
    /// not come over a connection the simulator can close (the drop count is then left alone).
    pub(crate) fn take_create_fault(&mut self, can_drop: bool) -> Option<CreateFault> {
        let counts = [
            (&mut self.drop_after_remote_create, CreateFault::Drop),
            (
                &mut self.gateway_timeout_after_remote_create,
                CreateFault::GatewayTimeout,
            ),
            (
                &mut self.unreadable_accept_after_remote_create,
                CreateFault::UnreadableAccept,
            ),
        ];
        for (count, fault) in counts {
            if *count > 0 && (can_drop || fault != CreateFault::Drop) {
                *count -= 1;
                return Some(fault);
            }
        }
        None
    }

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

/// The 504 an API gateway (IBM API Connect, in front of the Stellantis API) answers when the
/// backend did not answer in time: its own error shape, not the API's `{name, debug, message}`.
pub(crate) fn gateway_timeout() -> Response {
    let body = serde_json::json!({
        "httpCode": "504",
        "httpMessage": "Gateway Timeout",
        "moreInformation": "The backend did not respond in time (injected fault); the request may or may not have been processed",
    });
    (StatusCode::GATEWAY_TIMEOUT, axum::Json(body)).into_response()
}

/// A 202 whose body is `accepted` cut off before the first occurrence of `id`, so that no
/// client can read the remote id from it (and it is not valid JSON).
pub(crate) fn unreadable_accept(accepted: &serde_json::Value, id: &str) -> Response {
    let mut text = accepted.to_string();
    let cut = text.find(id).unwrap_or(text.len() / 2);
    text.truncate(cut);
    let mut response = (StatusCode::ACCEPTED, text).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/hal+json"),
    );
    response
}
