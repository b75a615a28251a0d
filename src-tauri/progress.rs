//! One step of a command's life as the timeline shows it, made from the tracker's events: the
//! UI gets stable codes (to translate) plus an English sentence for every failure cause.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use stellantis::EventKind;
use stellantis::wire::response::DoneStatus;

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
            // The wording lives in the library, shared with the CLI.
            let explanation = matches!(report.status, DoneStatus::Failed)
                .then(|| report.explanation().to_owned());
            let cause = report
                .failure_cause
                .filter(|_| matches!(report.status, DoneStatus::Failed));
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

#[cfg(test)]
mod tests {
    use stellantis::DoneReport;
    use stellantis::wire::response::{FailureCause, GeoPoint, PendingStatus};

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
            matches!(failed_silently, Step::Done { explanation: Some(ref e), .. } if e == DoneStatus::Failed.explanation())
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
}
