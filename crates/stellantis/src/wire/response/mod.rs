//! What the server sends back, read leniently: unknown fields are ignored, optional fields may
//! be missing, and an unknown enum value is kept as text instead of failing the whole answer.
//!
//! One file per kind of answer: a remote and where it stands, the webhook messages that report
//! it, HAL collection pages, vehicles and what they can do, notification channels, map points.

mod capability;
mod channel;
mod geo;
mod hal;
mod message;
mod remote;
mod vehicle;

pub use capability::Capability;
pub use channel::{Channel, ChannelAttribute, ChannelRef, RunStatus};
pub use geo::GeoPoint;
pub use hal::{Link, Page, PageLinks, SelfLinks};
pub use message::{Batch, EventStatus, Extension, Message, RemoteEvent, position_from_extensions};
pub use remote::{
    DoneStatus, FailureCause, PendingStatus, RemoteAction, RemotePosted, RemoteState,
};
pub use vehicle::Vehicle;

pub use super::telemetry::{
    Charging, ChargingMode, ChargingStatus, Doors, Energy, EnergyKind, Ignition, LockedState,
    Opening, OpeningState, PreconditioningStatus, PrivacyState, ReadTimes, Telemetry,
};
