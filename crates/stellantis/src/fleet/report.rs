//! What a fleet run reports: where each vehicle stands, the counts, the per-vehicle events and
//! results, and the final report.

use serde::Serialize;

use crate::model::Feature;
use crate::wire::response::{DoneStatus, FailureCause, GeoPoint, PendingStatus};

/// Where one vehicle of a run stands. The first three move forward only; the others are ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FleetStage {
    /// Not sent yet (waiting for a slot or for its capability).
    Queued,
    /// Handed to the tracker: the POST is on its way or was accepted.
    Sent,
    /// The server reported a step.
    Pending,
    /// Ended `Success` or `AlreadyDone`.
    Succeeded,
    /// Ended `Failed`.
    Failed,
    /// No end known within [`FleetConfig::follow_for`](super::FleetConfig::follow_for); it may still end.
    Unknown,
    /// The server refused the POST, or the vehicle is not in the account.
    Refused,
    /// The vehicle does not support the feature.
    Unsupported,
    /// The run was cancelled before this vehicle's command was sent.
    NotSent,
}

impl FleetStage {
    /// Every stage, in the order a vehicle moves through them, then the ends.
    pub const ALL: &'static [FleetStage] = &[
        FleetStage::Queued,
        FleetStage::Sent,
        FleetStage::Pending,
        FleetStage::Succeeded,
        FleetStage::Failed,
        FleetStage::Unknown,
        FleetStage::Refused,
        FleetStage::Unsupported,
        FleetStage::NotSent,
    ];

    /// The stage's stable name, as it is serialised (`notSent`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            FleetStage::Queued => "queued",
            FleetStage::Sent => "sent",
            FleetStage::Pending => "pending",
            FleetStage::Succeeded => "succeeded",
            FleetStage::Failed => "failed",
            FleetStage::Unknown => "unknown",
            FleetStage::Refused => "refused",
            FleetStage::Unsupported => "unsupported",
            FleetStage::NotSent => "notSent",
        }
    }

    pub(super) fn rank(self) -> u8 {
        match self {
            FleetStage::Queued => 0,
            FleetStage::Sent => 1,
            FleetStage::Pending => 2,
            _ => 3,
        }
    }

    /// True once the vehicle's result is final.
    pub fn is_end(self) -> bool {
        self.rank() == 3
    }
}

/// How a vehicle's command ended, as far as the run can tell.
pub type FleetOutcome = FleetStage;

/// How many vehicles of a run are at each stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetCounts {
    /// Vehicles in the run (after deduplication).
    pub total: usize,
    /// Not sent yet.
    pub queued: usize,
    /// Sent, no step reported yet.
    pub sent: usize,
    /// A step reported, not ended.
    pub pending: usize,
    /// Ended `Success` or `AlreadyDone`.
    pub succeeded: usize,
    /// Ended `Failed`.
    pub failed: usize,
    /// No end known in time.
    pub unknown: usize,
    /// Refused by the server.
    pub refused: usize,
    /// The feature is not supported.
    pub unsupported: usize,
    /// Cancelled before sending.
    pub not_sent: usize,
}

impl FleetCounts {
    pub(super) fn slot(&mut self, stage: FleetStage) -> &mut usize {
        match stage {
            FleetStage::Queued => &mut self.queued,
            FleetStage::Sent => &mut self.sent,
            FleetStage::Pending => &mut self.pending,
            FleetStage::Succeeded => &mut self.succeeded,
            FleetStage::Failed => &mut self.failed,
            FleetStage::Unknown => &mut self.unknown,
            FleetStage::Refused => &mut self.refused,
            FleetStage::Unsupported => &mut self.unsupported,
            FleetStage::NotSent => &mut self.not_sent,
        }
    }

    /// Counts `n` more vehicles at `stage` (the total is left as it is).
    pub fn add(&mut self, stage: FleetStage, n: usize) {
        *self.slot(stage) += n;
    }

    /// How many vehicles are at `stage`.
    pub fn at(&self, stage: FleetStage) -> usize {
        let mut copy = *self;
        *copy.slot(stage)
    }

    /// Vehicles whose result is final.
    pub fn ended(&self) -> usize {
        self.succeeded
            + self.failed
            + self.unknown
            + self.refused
            + self.unsupported
            + self.not_sent
    }
}

/// The final result for one vehicle.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VehicleResult {
    /// The vehicle.
    pub vehicle_id: String,
    /// The server's id of the remote, when one was accepted.
    pub remote_action_id: Option<String>,
    /// The label sent with the remote, when one was sent.
    pub label: Option<String>,
    /// How it ended.
    pub outcome: FleetOutcome,
    /// Whether a POST was made for this vehicle by this run (never more than one).
    pub posted: bool,
    /// Whether an earlier send of the same run had recorded this vehicle's command (see
    /// [`FleetSender`](super::FleetSender)): nothing was sent now; the result is the recorded
    /// end, or the end that command was followed to.
    pub already_recorded: bool,
    /// The end status the server reported.
    pub status: Option<DoneStatus>,
    /// Why it failed, when it did.
    pub failure_cause: Option<FailureCause>,
    /// The error kind of a refusal (`unsupported`, `forbidden`, ...).
    pub error_kind: Option<String>,
    /// What it means and what to do, in plain English.
    pub explanation: String,
    /// The vehicle's position (vehicle finder).
    pub position: Option<GeoPoint>,
}

/// What happened to one vehicle of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum FleetEventKind {
    /// Handed to the tracker.
    Sent,
    /// The server accepted the remote (202).
    Accepted {
        /// The server's id of the remote.
        remote_action_id: String,
    },
    /// A step while in progress.
    Pending {
        /// Which step.
        status: PendingStatus,
    },
    /// The vehicle's final result.
    Ended(VehicleResult),
}

/// One event of one vehicle of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetEvent {
    /// The vehicle.
    pub vehicle_id: String,
    /// What happened.
    pub event: FleetEventKind,
}

/// The end of a run.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetReport {
    /// The feature sent.
    pub feature: Feature,
    /// Counts by outcome.
    pub counts: FleetCounts,
    /// Ids given more than once; each of these vehicles was in the run once.
    pub duplicates: Vec<String>,
    /// Whether the run was cancelled.
    pub cancelled: bool,
    /// One result per vehicle, in input order.
    pub results: Vec<VehicleResult>,
    /// The vehicles this run found not to support the feature (a `501`, or the opt-in
    /// capability read) although that was not known before: for the caller to cache, so that
    /// the next run skips them without a call. In input order.
    pub learnt_unsupported: Vec<String>,
}
