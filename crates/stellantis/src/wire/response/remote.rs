//! A remote as the server reports it: the steps while it runs, how it ended and why, the 202
//! answer to its POST and the remote read back (`GET .../remotes/{rid}`).

use serde::Deserialize;

open_enum! {
    /// A step while a remote is in progress (`eventStatus.type == "Pending"`).
    PendingStatus {
        /// The server accepted the remote.
        Accepted,
        /// The vehicle is asleep and being woken.
        WakingUpVehicle,
        /// The server checks the vehicle.
        CheckingVehicle,
        /// The command went to the vehicle.
        SentToVehicle,
        /// The 12 V battery is low.
        VehicleBatteryChargeTooLow,
        /// Too many wake-ups this month.
        TooManyWakeUpsOverMonth,
        /// Battery level warning.
        VehicleBatteryLevelWarning,
    }
}

open_enum! {
    /// How a remote ended (`eventStatus.type == "Done"`).
    DoneStatus {
        /// The vehicle did it.
        Success,
        /// The vehicle was already in the requested state.
        AlreadyDone,
        /// It failed; see the failure cause.
        Failed,
    }
}

open_enum! {
    /// Why a remote failed (schema `RemoteFailedEventStatus`).
    FailureCause {
        /// Authorisation error.
        AuthorizationError,
        /// General error.
        GeneralError,
        /// The vehicle reported an error.
        VehicleError,
        /// The command was wrong.
        WrongCommand,
        /// The vehicle did not answer in time.
        VehicleConnectionTimeout,
        /// The account lacks the rights.
        MissingRights,
        /// Battery level too low.
        NotPossibleDueToVehicleBatteryLevel,
        /// The vehicle's privacy setting prevents it.
        NotPossibleDueToVehiclePrivacyLevel,
        /// Too many wake-ups this month.
        TooManyWakeUpsOverMonth,
        /// Too many requests in a short time.
        TooManyRequestInShortTime,
        /// Another remote is still in progress for this vehicle.
        SameActionInProgress,
        /// The vehicle is declared stolen.
        NotPossibleDueToVehicleStolenState,
        /// The vehicle is in use.
        VehicleInUse,
        /// Too many requests sent.
        TooManyRequestSent,
        /// A door is open.
        DoorsOpen,
        /// Vehicle error or key inside.
        VehicleErrorOrCidInside,
        /// The key is inside.
        CidInside,
        /// External charging system error.
        ExternalChargingSystemError,
        /// Vehicle charging system error.
        VehicleChargingSystemError,
        /// The vehicle is not locked.
        VehicleIsNotLocked,
        /// The driver cancelled it.
        CanceledByDriver,
    }
}

/// Where a remote stands, read from an event or from `GET .../remotes/{rid}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RemoteState {
    /// Still in progress at this step.
    Pending(PendingStatus),
    /// Finished.
    Done {
        /// How it ended.
        status: DoneStatus,
        /// Why, when it failed.
        failure_cause: Option<FailureCause>,
    },
}

impl RemoteState {
    /// From the flat `status` of a `RemoteAction` (the GET answer), which mixes both kinds.
    pub fn from_flat(status: &str, failure_cause: Option<FailureCause>) -> Self {
        match DoneStatus::parse(status) {
            DoneStatus::Other(_) => RemoteState::Pending(PendingStatus::parse(status)),
            done => RemoteState::Done {
                status: done,
                failure_cause,
            },
        }
    }

    /// True once the remote has ended.
    pub fn is_done(&self) -> bool {
        matches!(self, RemoteState::Done { .. })
    }
}

/// The 202 answer to a remote POST.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RemotePosted {
    /// The id to follow the remote by.
    pub remote_action_id: Option<String>,
    /// The remote type the server understood.
    #[serde(rename = "type")]
    pub remote_type: Option<serde_json::Value>,
}

/// A remote read back (`GET .../remotes/{rid}` or an item of the list).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RemoteAction {
    /// Its id.
    pub remote_action_id: String,
    /// Its type (`Locking`, `Tan.suppress`, ...).
    #[serde(rename = "type")]
    pub remote_type: Option<String>,
    /// The flat status (`Accepted` ... `Success`).
    pub status: Option<String>,
    /// Why it failed.
    pub failure_cause: Option<FailureCause>,
    /// The request body echoed back, which carries the client's `label`.
    pub remote: Option<serde_json::Value>,
}

impl RemoteAction {
    /// The label the client gave the remote, read from the echoed request.
    pub fn label(&self) -> Option<&str> {
        self.remote.as_ref()?.get("label")?.as_str()
    }

    /// Where it stands; `None` when the server gave no status.
    pub fn state(&self) -> Option<RemoteState> {
        let status = self.status.as_deref()?;
        Some(RemoteState::from_flat(status, self.failure_cause.clone()))
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::response::{Capability, GeoPoint, Telemetry};

    #[test]
    fn remote_action_flat_status_label_and_telemetry() {
        let r: RemoteAction = serde_json::from_str(
            r#"{"_links":{"self":{"href":"x"}},"remoteActionId":"r9","type":"Locking","status":"Failed",
                "failureCause":"SomethingNew","remote":{"label":"car-remote-1","action":{"locking":{"state":"Locked"}}}}"#,
        )
        .expect("parses");
        assert_eq!(r.label(), Some("car-remote-1"));
        assert_eq!(
            r.state(),
            Some(RemoteState::Done {
                status: DoneStatus::Failed,
                failure_cause: Some(FailureCause::Other("SomethingNew".into()))
            })
        );
        let p: RemoteAction =
            serde_json::from_str(r#"{"remoteActionId":"r","status":"SentToVehicle"}"#)
                .expect("parses");
        assert_eq!(
            p.state(),
            Some(RemoteState::Pending(PendingStatus::SentToVehicle))
        );
        let t = Telemetry::parse(
            br#"{"createdAt":"2024","vehicle":{"location":{"type":"Feature","geometry":{"type":"Point","coordinates":[-1.5,47.2]},"properties":{"createdAt":"x"}}}}"#,
        )
        .expect("parses");
        assert_eq!(
            t.position,
            Some(GeoPoint {
                latitude: 47.2,
                longitude: -1.5
            })
        );
        let c = Capability::parse(
            br#"{"vin":"V","onboardCapabilities":{"remote":{"horn":{"supported":false},"door":{"supported":true}}}}"#,
        )
        .expect("parses");
        assert_eq!(c.remote_supported("horn"), Some(false));
        assert_eq!(c.remote_supported("door"), Some(true));
        assert_eq!(c.remote_supported("tanSuppress"), None);
    }
}
