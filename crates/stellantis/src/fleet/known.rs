//! What a run knows, before sending, about whether each vehicle supports the command: the
//! caller's cache of earlier capability reads (or of what earlier runs learnt from a 501).
//!
//! A run spends no call to find this out: a vehicle known not to support the feature is skipped
//! without any call, every other vehicle is sent the command directly, and a `501` answer is
//! learnt ([`FleetReport::learnt_unsupported`](super::FleetReport::learnt_unsupported)) so the
//! caller can cache it for the next run.

use std::collections::HashMap;
use std::sync::Arc;

use crate::Tracker;
use crate::error::ErrorKind;
use crate::model::Feature;
use crate::wire::response::Capability;

/// Whether a vehicle supports a feature, as far as the caller knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Support {
    /// Known to support it: sent directly.
    Supported,
    /// Known not to support it: skipped, without any call.
    Unsupported,
    /// Not known: sent directly; a `501` answer is learnt.
    Unknown,
}

impl Support {
    /// What a capability answer says about `feature`. The features the spec has no key for are
    /// looked up under their own name (some servers, the simulator among them, answer there);
    /// a missing key is [`Support::Unknown`].
    pub fn of(capability: &Capability, feature: Feature) -> Support {
        let key = feature.capability_key().unwrap_or(feature.as_str());
        match capability.remote_supported(key) {
            Some(true) => Support::Supported,
            Some(false) => Support::Unsupported,
            None => Support::Unknown,
        }
    }

    /// `Some(true)` / `Some(false)` / `None` as [`Support`].
    pub fn from_option(supported: Option<bool>) -> Support {
        match supported {
            Some(true) => Support::Supported,
            Some(false) => Support::Unsupported,
            None => Support::Unknown,
        }
    }
}

/// Answers, without any call, whether a vehicle supports a feature: the caller's cache.
///
/// Implemented for [`NothingKnown`], for a map of earlier capability reads
/// (`HashMap<vehicle id, Capability>`), for a map of what is known for the run's feature
/// (`HashMap<vehicle id, bool>`, `HashMap<vehicle id, Support>`), and for an `Arc` of any of
/// them, so an app can share its cache with a run. Called once per vehicle, before its turn.
pub trait KnownSupport: Send + Sync {
    /// Whether `vehicle_id` supports `feature`, as far as is known.
    fn support(&self, vehicle_id: &str, feature: Feature) -> Support;
}

// A cache may be large and is the caller's: a run's `Debug` names it only.
impl std::fmt::Debug for dyn KnownSupport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KnownSupport")
    }
}

/// Nothing is known: every vehicle is sent the command (the default of a run).
#[derive(Clone, Copy, Debug, Default)]
pub struct NothingKnown;

impl KnownSupport for NothingKnown {
    fn support(&self, _vehicle_id: &str, _feature: Feature) -> Support {
        Support::Unknown
    }
}

/// Earlier capability reads, by vehicle id.
impl KnownSupport for HashMap<String, Capability> {
    fn support(&self, vehicle_id: &str, feature: Feature) -> Support {
        self.get(vehicle_id)
            .map_or(Support::Unknown, |c| Support::of(c, feature))
    }
}

/// Whether each vehicle supports the run's feature, by vehicle id (absent: unknown).
impl KnownSupport for HashMap<String, bool> {
    fn support(&self, vehicle_id: &str, _feature: Feature) -> Support {
        Support::from_option(self.get(vehicle_id).copied())
    }
}

/// What is known about the run's feature, by vehicle id (absent: unknown).
impl KnownSupport for HashMap<String, Support> {
    fn support(&self, vehicle_id: &str, _feature: Feature) -> Support {
        self.get(vehicle_id).copied().unwrap_or(Support::Unknown)
    }
}

impl<T: KnownSupport + ?Sized> KnownSupport for Arc<T> {
    fn support(&self, vehicle_id: &str, feature: Feature) -> Support {
        (**self).support(vehicle_id, feature)
    }
}

/// What the opt-in capability read ([`FleetConfig::check_capability`](super::FleetConfig::check_capability))
/// found for a vehicle whose support was unknown.
pub(super) enum Read {
    /// It says it supports the feature, or does not say: send.
    Send,
    /// It says it does not.
    Unsupported,
    /// Not in this account: the POST would be refused the same way (error kind, message).
    Refused(String, String),
}

/// Reads the vehicle's capability: one GET.
pub(super) async fn read(tracker: &Tracker, vehicle_id: &str, feature: Feature) -> Read {
    match tracker.client().capability(vehicle_id).await {
        Ok(capability) => match Support::of(&capability, feature) {
            Support::Unsupported => Read::Unsupported,
            Support::Supported | Support::Unknown => Read::Send,
        },
        Err(e) if matches!(e.kind(), ErrorKind::Forbidden | ErrorKind::NotFound) => {
            Read::Refused(e.kind().as_str().to_owned(), e.to_string())
        }
        // A capability that cannot be read decides nothing: the POST will tell.
        Err(_) => Read::Send,
    }
}
