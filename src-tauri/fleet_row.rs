//! One vehicle of a fleet run as the fleet screen's table (and its CSV export) shows it: where
//! it stands, how it ended and why, in Rust's words, and whether trying it again can help.
//!
//! Rows come from three places, with one shape: a live run's events ([`FleetRow::apply`]), its
//! final report ([`FleetRow::from_result`]), and, for a run not running in this window, the
//! journal ([`journal_rows`]: each recorded command as `recorded_result` maps it, the vehicles
//! skipped as unsupported, every other vehicle of the plan not sent).
//!
//! Whether a row is `retryable` (the screen offers "retry" for those) is decided here:
//! - not sent, or no answer yet (unknown): yes;
//! - failed: by its cause ([`retryable_cause`]); a failure without a cause: yes;
//! - refused: only for a refusal that passes (rate limited, server or network error);
//! - succeeded, unsupported, and everything still running: no.

use std::collections::{HashMap, HashSet};

use car_remote_journal::{CommandRecord, recorded_result};
use serde::Serialize;
use stellantis::ErrorKind;
use stellantis::fleet::{FleetCounts, FleetEventKind, FleetStage, VehicleResult};
use stellantis::wire::response::{FailureCause, PendingStatus, Vehicle};

use crate::vehicle::{self, Names};

/// One vehicle of a fleet run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetRow {
    /// The vehicle.
    pub vehicle_id: String,
    /// Where it stands (`queued`, `sent`, `pending`, `succeeded`, `failed`, `unknown`,
    /// `refused`, `unsupported`, `notSent`).
    pub stage: FleetStage,
    /// The end status the server reported (`Success`, `AlreadyDone`, `Failed`).
    pub status: Option<String>,
    /// Why it failed, as the server spells it (`DoorsOpen`...).
    pub failure_cause: Option<String>,
    /// The error kind of a refusal (`unsupported`, `forbidden`, `rateLimited`...).
    pub error_kind: Option<String>,
    /// What happened and what to do, in plain English.
    pub explanation: String,
    /// Whether sending it again can change the outcome (see the module's notes).
    pub retryable: bool,
    /// The server's id of the remote, once it accepted one.
    pub remote_action_id: Option<String>,
}

/// Whether a failure with this cause can end otherwise when the command is sent again (the
/// vehicle wakes, is parked, its door is closed, the server's short-term limit passes), as
/// opposed to one only a person elsewhere can lift (rights, a stolen declaration, the month's
/// wake-ups, a setting chosen in the vehicle, a repair).
pub fn retryable_cause(cause: &FailureCause) -> bool {
    match cause {
        // The account's rights: the administrator, not a retry.
        FailureCause::AuthorizationError | FailureCause::MissingRights => false,
        // The vehicle did not understand: the same command fails the same way.
        FailureCause::WrongCommand => false,
        // Refused until next month.
        FailureCause::TooManyWakeUpsOverMonth => false,
        // Declared stolen: refused until the declaration is lifted.
        FailureCause::NotPossibleDueToVehicleStolenState => false,
        // A privacy mode chosen in the vehicle, on purpose: not for a fleet manager to retry.
        FailureCause::NotPossibleDueToVehiclePrivacyLevel => false,
        // A fault of the vehicle's charging system: a dealer's job.
        FailureCause::VehicleChargingSystemError => false,
        // Passing conditions: an error of the service or the vehicle, asleep or out of
        // coverage, a short-term limit, another command running, driven, a door open, a key
        // inside, the station or cable, not locked yet, cancelled by the driver, a low battery
        // (charged or driven since), and a cause this app does not know ("try again later").
        FailureCause::GeneralError
        | FailureCause::VehicleError
        | FailureCause::VehicleConnectionTimeout
        | FailureCause::NotPossibleDueToVehicleBatteryLevel
        | FailureCause::TooManyRequestInShortTime
        | FailureCause::SameActionInProgress
        | FailureCause::VehicleInUse
        | FailureCause::TooManyRequestSent
        | FailureCause::DoorsOpen
        | FailureCause::VehicleErrorOrCidInside
        | FailureCause::CidInside
        | FailureCause::ExternalChargingSystemError
        | FailureCause::VehicleIsNotLocked
        | FailureCause::CanceledByDriver
        | FailureCause::Other(_) => true,
    }
}

/// Whether a refusal of this error kind passes (rate limited, a server or network error); a
/// refusal for rights, a vehicle not in the account, an invalid or unsupported command does not.
pub fn retryable_kind(kind: &str) -> bool {
    [
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::Network,
    ]
    .iter()
    .any(|k| k.as_str() == kind)
}

/// Whether a vehicle at `stage`, failed with `cause` or refused with `kind`, is worth sending
/// again (see the module's notes).
pub fn retryable(stage: FleetStage, cause: Option<&FailureCause>, kind: Option<&str>) -> bool {
    match stage {
        FleetStage::NotSent | FleetStage::Unknown => true,
        FleetStage::Failed => cause.is_none_or(retryable_cause),
        FleetStage::Refused => kind.is_some_and(retryable_kind),
        FleetStage::Queued
        | FleetStage::Sent
        | FleetStage::Pending
        | FleetStage::Succeeded
        | FleetStage::Unsupported => false,
    }
}

impl FleetRow {
    /// A vehicle waiting for its turn.
    pub fn queued(vehicle_id: &str) -> Self {
        Self::at(
            vehicle_id,
            FleetStage::Queued,
            stage_text(FleetStage::Queued),
        )
    }

    fn at(vehicle_id: &str, stage: FleetStage, explanation: &str) -> Self {
        FleetRow {
            vehicle_id: vehicle_id.to_owned(),
            stage,
            status: None,
            failure_cause: None,
            error_kind: None,
            explanation: explanation.to_owned(),
            retryable: retryable(stage, None, None),
            remote_action_id: None,
        }
    }

    /// A vehicle's final result.
    pub fn from_result(result: &VehicleResult) -> Self {
        FleetRow {
            vehicle_id: result.vehicle_id.clone(),
            stage: result.outcome,
            status: result.status.as_ref().map(|s| s.as_str().to_owned()),
            failure_cause: result.failure_cause.as_ref().map(|c| c.as_str().to_owned()),
            error_kind: result.error_kind.clone(),
            explanation: result.explanation.clone(),
            retryable: retryable(
                result.outcome,
                result.failure_cause.as_ref(),
                result.error_kind.as_deref(),
            ),
            remote_action_id: result.remote_action_id.clone(),
        }
    }

    /// Moves the row on with one of its vehicle's events; false when nothing changed (an event
    /// after its end, or one that says nothing new).
    pub fn apply(&mut self, event: &FleetEventKind) -> bool {
        let before = self.clone();
        match event {
            FleetEventKind::Ended(result) => {
                let remote_action_id = self.remote_action_id.take();
                *self = Self::from_result(result);
                if self.remote_action_id.is_none() {
                    self.remote_action_id = remote_action_id;
                }
            }
            _ if self.stage.is_end() => {}
            FleetEventKind::Sent => {
                if self.stage == FleetStage::Queued {
                    self.stage = FleetStage::Sent;
                    self.explanation = stage_text(FleetStage::Sent).to_owned();
                }
            }
            FleetEventKind::Accepted { remote_action_id } => {
                self.remote_action_id = Some(remote_action_id.clone());
                if self.stage != FleetStage::Pending {
                    self.stage = FleetStage::Sent;
                    self.explanation = PendingStatus::Accepted.explanation().to_owned();
                }
            }
            FleetEventKind::Pending { status } => {
                self.stage = FleetStage::Pending;
                self.explanation = status.explanation().to_owned();
            }
        }
        *self != before
    }
}

fn stage_text(stage: FleetStage) -> &'static str {
    stage.explanation()
}

/// What a vehicle of an interrupted run that was never recorded means.
const NEVER_SENT: &str = "Not sent: Car Remote stopped before this vehicle's turn. Resume the \
     run to send it; vehicles already sent are not sent again.";

/// Every vehicle of a run's `plan`, in order, as the journal has it: a recorded command by
/// `recorded_result`, a vehicle in `skipped` unsupported, any other not sent (explained as
/// cut short by a stop when the run was `interrupted`, by its cancel otherwise).
pub fn journal_rows(
    plan: &[String],
    records: Vec<CommandRecord>,
    skipped: &[String],
    interrupted: bool,
) -> Vec<FleetRow> {
    let mut recorded: HashMap<String, CommandRecord> = records
        .into_iter()
        .map(|r| (r.command.vehicle_id.clone(), r))
        .collect();
    let skipped: HashSet<&str> = skipped.iter().map(String::as_str).collect();
    plan.iter()
        .map(|id| match recorded.remove(id) {
            Some(record) => FleetRow::from_result(&recorded_result(&record)),
            None if skipped.contains(id.as_str()) => FleetRow::at(
                id,
                FleetStage::Unsupported,
                stage_text(FleetStage::Unsupported),
            ),
            None if interrupted => FleetRow::at(id, FleetStage::NotSent, NEVER_SENT),
            None => FleetRow::at(id, FleetStage::NotSent, stage_text(FleetStage::NotSent)),
        })
        .collect()
}

/// The counts of `rows`.
pub fn counts_of(rows: &[FleetRow]) -> FleetCounts {
    let mut counts = FleetCounts {
        total: rows.len(),
        ..FleetCounts::default()
    };
    for row in rows {
        counts.add(row.stage, 1);
    }
    counts
}

/// The CSV export's header row.
pub const CSV_HEADER: [&str; 10] = [
    "vehicle_id",
    "vin",
    "vehicle",
    "stage",
    "status",
    "failure_cause",
    "error_kind",
    "explanation",
    "remote_action_id",
    "retryable",
];

/// The CSV export's rows, one per row, with each vehicle's VIN and its label in the window
/// (from the account's vehicle list; empty VIN and the id as label for a vehicle not in it).
pub fn csv_rows(rows: &[FleetRow], vehicles: &[Vehicle], names: &Names) -> Vec<[String; 10]> {
    let by_id: HashMap<&str, &Vehicle> = vehicles.iter().map(|v| (v.id.as_str(), v)).collect();
    rows.iter()
        .map(|row| {
            let vehicle = by_id.get(row.vehicle_id.as_str());
            [
                row.vehicle_id.clone(),
                vehicle.and_then(|v| v.vin.clone()).unwrap_or_default(),
                vehicle.map_or_else(|| row.vehicle_id.clone(), |v| vehicle::label(v, names)),
                row.stage.as_str().to_owned(),
                row.status.clone().unwrap_or_default(),
                row.failure_cause.clone().unwrap_or_default(),
                row.error_kind.clone().unwrap_or_default(),
                row.explanation.clone(),
                row.remote_action_id.clone().unwrap_or_default(),
                row.retryable.to_string(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use stellantis::wire::response::DoneStatus;

    use super::*;

    fn result(outcome: FleetStage) -> VehicleResult {
        VehicleResult {
            vehicle_id: "v1".into(),
            remote_action_id: Some("rid".into()),
            label: None,
            outcome,
            posted: true,
            already_recorded: false,
            status: None,
            failure_cause: None,
            error_kind: None,
            explanation: "said".into(),
            position: None,
        }
    }

    #[test]
    fn every_cause_is_decided_and_only_passing_ones_are_retryable() {
        let no = [
            FailureCause::AuthorizationError,
            FailureCause::MissingRights,
            FailureCause::WrongCommand,
            FailureCause::TooManyWakeUpsOverMonth,
            FailureCause::NotPossibleDueToVehicleStolenState,
            FailureCause::NotPossibleDueToVehiclePrivacyLevel,
            FailureCause::VehicleChargingSystemError,
        ];
        for cause in FailureCause::ALL {
            assert_eq!(retryable_cause(cause), !no.contains(cause), "{cause}");
        }
        assert!(retryable_cause(&FailureCause::Other("New".into())));
        assert!(retryable(FleetStage::Failed, None, None));
        assert!(retryable(
            FleetStage::Failed,
            Some(&FailureCause::DoorsOpen),
            None
        ));
        assert!(!retryable(
            FleetStage::Failed,
            Some(&FailureCause::MissingRights),
            None
        ));
        for (kind, again) in [
            ("rateLimited", true),
            ("server", true),
            ("network", true),
            ("forbidden", false),
            ("notFound", false),
            ("invalidInput", false),
            ("badRequest", false),
        ] {
            assert_eq!(
                retryable(FleetStage::Refused, None, Some(kind)),
                again,
                "{kind}"
            );
        }
        for stage in [FleetStage::NotSent, FleetStage::Unknown] {
            assert!(retryable(stage, None, None));
        }
        for stage in [
            FleetStage::Succeeded,
            FleetStage::Unsupported,
            FleetStage::Queued,
            FleetStage::Sent,
            FleetStage::Pending,
        ] {
            assert!(!retryable(stage, None, Some("server")), "{stage:?}");
        }
    }

    #[test]
    fn a_row_moves_forward_with_its_events_and_ends_with_its_result() {
        let mut row = FleetRow::queued("v1");
        assert!(!row.retryable);
        assert!(row.apply(&FleetEventKind::Sent));
        assert_eq!(row.stage, FleetStage::Sent);
        assert!(!row.apply(&FleetEventKind::Sent), "nothing new");
        assert!(row.apply(&FleetEventKind::Accepted {
            remote_action_id: "rid-1".into()
        }));
        assert_eq!(row.remote_action_id.as_deref(), Some("rid-1"));
        assert!(row.apply(&FleetEventKind::Pending {
            status: PendingStatus::WakingUpVehicle
        }));
        assert_eq!(row.stage, FleetStage::Pending);
        assert!(row.explanation.contains("asleep"), "{}", row.explanation);
        let mut failed = result(FleetStage::Failed);
        failed.remote_action_id = None;
        failed.status = Some(DoneStatus::Failed);
        failed.failure_cause = Some(FailureCause::DoorsOpen);
        assert!(row.apply(&FleetEventKind::Ended(failed)));
        assert_eq!(
            (
                row.stage,
                row.status.as_deref(),
                row.failure_cause.as_deref()
            ),
            (FleetStage::Failed, Some("Failed"), Some("DoorsOpen"))
        );
        assert_eq!(row.remote_action_id.as_deref(), Some("rid-1"), "kept");
        assert!(row.retryable);
        assert!(!row.apply(&FleetEventKind::Sent), "an end is final");
        let json = serde_json::to_value(&row).expect("json");
        assert_eq!(json["stage"], "failed");
        assert_eq!(json["failureCause"], "DoorsOpen");
        assert_eq!(json["remoteActionId"], "rid-1");
        let not_sent = FleetRow::from_result(&result(FleetStage::NotSent));
        assert_eq!(
            serde_json::to_value(&not_sent).expect("json")["stage"],
            "notSent"
        );
        assert!(not_sent.retryable);
    }

    #[test]
    fn rows_count_and_export_in_plan_order() {
        let plan: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let rows = journal_rows(&plan, Vec::new(), &["b".to_owned()], true);
        assert_eq!(
            rows.iter().map(|r| r.stage).collect::<Vec<_>>(),
            [
                FleetStage::NotSent,
                FleetStage::Unsupported,
                FleetStage::NotSent
            ]
        );
        assert!(rows[0].retryable && !rows[1].retryable);
        assert!(rows[0].explanation.contains("Resume"));
        let counts = counts_of(&rows);
        assert_eq!(
            (counts.total, counts.not_sent, counts.unsupported),
            (3, 2, 1)
        );
        let vehicles = [Vehicle {
            id: "a".into(),
            vin: Some("VR3ABCDEFGH123456".into()),
            brand_code: Some("AP".into()),
            family_code: Some("P24".into()),
            ..Vehicle::default()
        }];
        let csv = csv_rows(&rows, &vehicles, &Names::new());
        assert_eq!(
            csv[0][..4],
            ["a", "VR3ABCDEFGH123456", "Peugeot P24", "notSent"]
        );
        assert_eq!(csv[0][9], "true");
        assert_eq!(csv[1][1..3], ["", "b"], "not in the list: no VIN, the id");
    }
}
