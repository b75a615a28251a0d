//! What the tracker tells about a command: its events, the report of its end, its outcome.

use serde::Serialize;

use crate::wire::response::{
    DoneStatus, Extension, FailureCause, GeoPoint, PendingStatus, Telemetry,
};

/// The end of a remote.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoneReport {
    /// `Success`, `AlreadyDone` or `Failed`.
    pub status: DoneStatus,
    /// Why it failed, when it did.
    pub failure_cause: Option<FailureCause>,
    /// Extra data the Done event carried.
    pub extensions: Vec<Extension>,
    /// The vehicle's position (VehicleFinder; State when the telemetry has one).
    pub position: Option<GeoPoint>,
    /// The latest telemetry (State; VehicleFinder without a position extension).
    /// (Boxed: it is large, and most reports have none.)
    pub telemetry: Option<Box<Telemetry>>,
}

impl DoneReport {
    /// True for `Success` and `AlreadyDone`.
    pub fn succeeded(&self) -> bool {
        matches!(self.status, DoneStatus::Success | DoneStatus::AlreadyDone)
    }
}

/// What happened to one event of a command.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum EventKind {
    /// Waiting for the vehicle's previous remote to end.
    Queued,
    /// The server accepted the remote (202).
    Sent,
    /// A step while in progress.
    Pending {
        /// Which step.
        status: PendingStatus,
    },
    /// It ended. Final.
    Done(DoneReport),
    /// No answer for a while: "no answer yet — check later". Not final: a later event still
    /// settles it.
    Unknown {
        /// Why it is unknown.
        reason: String,
    },
    /// The command is no longer followed and its end is not known (its answer was lost and no
    /// remote was found, or no end came within the follow time). Final.
    GaveUp {
        /// Why it is no longer followed.
        reason: String,
    },
    /// It was not sent, and nothing was carried out: it could not leave before its send-by
    /// time (pacing, `429`s, the vehicle's previous command), it was cancelled while queued, the
    /// connection could not be opened, or a lookup showed the server never created it. Final;
    /// it is never sent afterwards.
    NotSent {
        /// Why, in words.
        reason: String,
    },
    /// The server refused the POST; nothing was carried out. Final.
    Rejected {
        /// The error kind (`unsupported`, `forbidden`, ...).
        kind: String,
        /// What to tell a person.
        message: String,
    },
}

impl EventKind {
    /// True for the last event a command has: `Done`, `GaveUp`, `NotSent` or `Rejected`.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            EventKind::Done(_)
                | EventKind::GaveUp { .. }
                | EventKind::NotSent { .. }
                | EventKind::Rejected { .. }
        )
    }
}

/// One event of one command.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackEvent {
    /// The client's id of the command (unique within this tracker).
    pub command_id: u64,
    /// The label sent with the remote.
    pub label: String,
    /// The vehicle.
    pub vehicle_id: String,
    /// The server's id of the remote, once known.
    pub remote_action_id: Option<String>,
    /// What happened.
    pub event: EventKind,
}

/// How a command ended as far as the client can tell.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum Outcome {
    /// The server reported its end.
    Done(DoneReport),
    /// No end is known (yet): lost answer, silence, or the wait ran out.
    Unknown,
    /// It was not sent; nothing was carried out (see [`EventKind::NotSent`]).
    NotSent {
        /// Why, in words.
        reason: String,
    },
    /// The server refused it before doing anything.
    Rejected {
        /// The error kind.
        kind: String,
        /// What to tell a person.
        message: String,
    },
}
