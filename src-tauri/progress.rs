//! One step of a command's life as the timeline shows it, made from the tracker's events: the
//! UI gets stable codes (to translate) plus an English sentence for every failure cause.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use stellantis::EventKind;
use stellantis::wire::response::{DoneStatus, FailureCause};

use crate::fleet::Position;

/// One step of one command, sent to the page through the command's IPC channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Milliseconds since the Unix epoch when the app learnt of it.
    pub at: u64,
    /// The server's id of the remote, once known.
    pub remote_action_id: Option<String>,
    /// What happened.
    #[serde(flatten)]
    pub step: Step,
}

/// What happened, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Step {
    /// Waiting for the vehicle's previous command to end.
    Queued,
    /// The server accepted the command.
    Sent,
    /// A step while in progress (`Accepted`, `WakingUpVehicle`, `SentToVehicle`...).
    Pending {
        /// The API's name of the step.
        status: String,
    },
    /// It ended.
    Done {
        /// `Success`, `AlreadyDone` or `Failed`.
        status: String,
        /// True for `Success` and `AlreadyDone`.
        succeeded: bool,
        /// The API's failure cause, when it failed.
        cause: Option<String>,
        /// The cause explained for a person, when it failed.
        explanation: Option<String>,
        /// Where the vehicle is (vehicle finder, state refresh).
        position: Option<Position>,
    },
    /// No news for a while; a later event can still settle it.
    Unknown {
        /// Why.
        reason: String,
    },
    /// The server refused it; nothing was done.
    Rejected {
        /// The error kind (`unsupported`, `forbidden`...).
        kind: String,
        /// What to tell a person.
        message: String,
    },
}

impl Step {
    /// True for the last step a command can have.
    pub fn is_final(&self) -> bool {
        matches!(self, Step::Done { .. } | Step::Rejected { .. })
    }
}

/// The step for one tracker event.
pub fn step(event: EventKind) -> Step {
    match event {
        EventKind::Queued => Step::Queued,
        EventKind::Sent => Step::Sent,
        EventKind::Pending { status } => Step::Pending {
            status: status.as_str().to_owned(),
        },
        EventKind::Done(report) => {
            let succeeded = report.succeeded();
            // A cause only explains a failure; some servers repeat a stale one on success.
            let cause = report
                .failure_cause
                .filter(|_| matches!(report.status, DoneStatus::Failed));
            let explanation = match (&report.status, &cause) {
                (DoneStatus::Failed, Some(cause)) => Some(explain(cause)),
                (DoneStatus::Failed, None) => Some(
                    "The vehicle reported a failure without saying why. Try again later.".into(),
                ),
                _ => None,
            };
            Step::Done {
                status: report.status.as_str().to_owned(),
                succeeded,
                cause: cause.map(|c| c.as_str().to_owned()),
                explanation,
                position: report.position.map(|p| Position {
                    lat: p.latitude,
                    lon: p.longitude,
                }),
            }
        }
        EventKind::Unknown { reason } => Step::Unknown { reason },
        EventKind::Rejected { kind, message } => Step::Rejected { kind, message },
    }
}

/// Stamps a step with the present time.
pub fn now(remote_action_id: Option<String>, step: Step) -> Progress {
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or_default();
    Progress {
        at,
        remote_action_id,
        step,
    }
}

/// A failure cause in words a driver understands, with what to do about it.
pub fn explain(cause: &FailureCause) -> String {
    let text = match cause {
        FailureCause::DoorsOpen => "A door or the trunk is open. Close it, then try again.",
        FailureCause::VehicleInUse => "The vehicle is being driven. Try again once it is parked.",
        FailureCause::NotPossibleDueToVehicleBatteryLevel => {
            "The vehicle's battery is too low for this. Charge or drive it, then try again."
        }
        FailureCause::NotPossibleDueToVehiclePrivacyLevel => {
            "The vehicle's privacy setting does not allow this. Change it in the vehicle."
        }
        FailureCause::NotPossibleDueToVehicleStolenState => {
            "The vehicle is declared stolen, so it refuses this command."
        }
        FailureCause::TooManyWakeUpsOverMonth => {
            "The vehicle has been woken up too often this month. It will accept wake-ups again next month."
        }
        FailureCause::VehicleConnectionTimeout => {
            "The vehicle did not answer in time (it may be in deep sleep or out of network coverage). Try again later."
        }
        FailureCause::SameActionInProgress => {
            "Another command is still running for this vehicle. Wait for it to end."
        }
        FailureCause::TooManyRequestInShortTime | FailureCause::TooManyRequestSent => {
            "Too many commands were sent in a short time. Wait a minute, then try again."
        }
        FailureCause::AuthorizationError | FailureCause::MissingRights => {
            "This account is not allowed to do this for this vehicle. Ask the account administrator."
        }
        FailureCause::WrongCommand => {
            "The vehicle did not understand the command. It may not support these settings."
        }
        FailureCause::VehicleError | FailureCause::GeneralError => {
            "The vehicle reported an error. Try again later."
        }
        FailureCause::VehicleErrorOrCidInside | FailureCause::CidInside => {
            "A key is inside the vehicle, or the vehicle reported an error. Take the key out, then try again."
        }
        FailureCause::ExternalChargingSystemError => {
            "The charging station or cable reported a problem. Check that the cable is plugged in."
        }
        FailureCause::VehicleChargingSystemError => {
            "The vehicle's charging system reported a problem. Have it checked."
        }
        FailureCause::VehicleIsNotLocked => "The vehicle must be locked first.",
        FailureCause::CanceledByDriver => "The driver cancelled the command in the vehicle.",
        FailureCause::Other(code) => {
            return format!("The vehicle reported \"{code}\". Try again later.");
        }
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use stellantis::DoneReport;
    use stellantis::wire::response::{GeoPoint, PendingStatus};

    use super::*;

    fn done(status: DoneStatus, cause: Option<FailureCause>) -> EventKind {
        EventKind::Done(DoneReport {
            status,
            failure_cause: cause,
            extensions: Vec::new(),
            position: None,
            telemetry: None,
        })
    }

    #[test]
    fn failed_done_carries_the_cause_and_its_explanation() {
        let step = step(done(DoneStatus::Failed, Some(FailureCause::DoorsOpen)));
        let json = serde_json::to_value(now(Some("r1".into()), step.clone())).expect("json");
        assert_eq!(json["type"], "done");
        assert_eq!(json["status"], "Failed");
        assert_eq!(json["succeeded"], false);
        assert_eq!(json["cause"], "DoorsOpen");
        assert_eq!(json["remoteActionId"], "r1");
        assert!(json["at"].as_u64().is_some_and(|at| at > 0));
        assert!(
            json["explanation"]
                .as_str()
                .is_some_and(|e| e.contains("door"))
        );
        assert!(step.is_final());
    }

    #[test]
    fn success_has_no_cause_and_keeps_the_position() {
        let event = EventKind::Done(DoneReport {
            status: DoneStatus::Success,
            failure_cause: Some(FailureCause::GeneralError),
            extensions: Vec::new(),
            position: Some(GeoPoint {
                latitude: 45.76,
                longitude: 4.83,
            }),
            telemetry: None,
        });
        assert_eq!(
            step(event),
            Step::Done {
                status: "Success".into(),
                succeeded: true,
                cause: None,
                explanation: None,
                position: Some(Position {
                    lat: 45.76,
                    lon: 4.83
                }),
            }
        );
        let failed_silently = step(done(DoneStatus::Failed, None));
        assert!(
            matches!(failed_silently, Step::Done { explanation: Some(ref e), .. } if e.contains("without saying why"))
        );
    }

    #[test]
    fn pending_queued_unknown_rejected() {
        let pending = step(EventKind::Pending {
            status: PendingStatus::WakingUpVehicle,
        });
        assert_eq!(
            serde_json::to_value(&pending).expect("json"),
            serde_json::json!({"type": "pending", "status": "WakingUpVehicle"})
        );
        assert!(!pending.is_final());
        assert!(!step(EventKind::Queued).is_final());
        assert!(
            !step(EventKind::Unknown {
                reason: "no news".into()
            })
            .is_final()
        );
        let rejected = step(EventKind::Rejected {
            kind: "unsupported".into(),
            message: "not supported".into(),
        });
        assert!(rejected.is_final());
        assert_eq!(
            serde_json::to_value(&rejected).expect("json")["kind"],
            "unsupported"
        );
    }

    #[test]
    fn every_cause_is_explained_in_a_sentence() {
        let causes = [
            FailureCause::VehicleInUse,
            FailureCause::TooManyWakeUpsOverMonth,
            FailureCause::VehicleConnectionTimeout,
            FailureCause::NotPossibleDueToVehicleBatteryLevel,
            FailureCause::Other("Martian".into()),
        ];
        for cause in causes {
            let text = explain(&cause);
            assert!(text.ends_with('.'), "{text}");
            assert!(!text.contains(cause.as_str()) || cause.as_str() == "Martian");
        }
        assert!(explain(&FailureCause::Other("Martian".into())).contains("\"Martian\""));
    }
}
