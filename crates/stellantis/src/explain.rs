//! What the API's status words mean for a driver, with what to do about it: one English
//! sentence or two per failure cause, pending step and end status, a short title per step, and
//! the warnings shown before a hard-to-undo command. The app and the CLI show these instead of
//! the raw enum names, so the English wording lives here and nowhere else; [`catalogue`] lists
//! every text by a stable key, which is what translations are keyed by.

use crate::fleet::FleetStage;
use crate::model::Warning;
use crate::tracker::{DoneReport, EventKind};
use crate::wire::response::{DoneStatus, FailureCause, PendingStatus};

impl FailureCause {
    /// Why the command failed and what the driver can do, in plain English.
    pub fn explanation(&self) -> &'static str {
        match self {
            FailureCause::AuthorizationError => {
                "This account is not allowed to do this for this vehicle. Ask the account administrator."
            }
            FailureCause::MissingRights => {
                "This account lacks the rights for this command on this vehicle. Ask the account administrator to grant them."
            }
            FailureCause::GeneralError => {
                "The connected-car service reported an error. Try again later."
            }
            FailureCause::VehicleError => "The vehicle reported an error. Try again later.",
            FailureCause::WrongCommand => {
                "The vehicle did not understand the command. It may not support these settings."
            }
            FailureCause::VehicleConnectionTimeout => {
                "The vehicle did not answer in time. It is probably asleep (deep sleep after some days parked) or out of network coverage. Drive it, or try again later."
            }
            FailureCause::NotPossibleDueToVehicleBatteryLevel => {
                "The vehicle's battery is too low for this. Charge or drive it, then try again."
            }
            FailureCause::NotPossibleDueToVehiclePrivacyLevel => {
                "The vehicle's privacy setting does not allow this. Change the privacy mode in the vehicle, then try again."
            }
            FailureCause::TooManyWakeUpsOverMonth => {
                "The vehicle has been woken up too often this month. Drive it, or wait until next month for remote wake-ups."
            }
            FailureCause::TooManyRequestInShortTime => {
                "Too many commands were sent in a short time. Wait a minute, then try again."
            }
            FailureCause::SameActionInProgress => {
                "Another command is still running for this vehicle. Wait for it to end, then try again."
            }
            FailureCause::NotPossibleDueToVehicleStolenState => {
                "The vehicle is declared stolen, so it refuses this command. If that is a mistake, contact the brand's assistance."
            }
            FailureCause::VehicleInUse => {
                "The vehicle is being driven. Try again once it is parked."
            }
            FailureCause::TooManyRequestSent => {
                "Too many commands were sent to this vehicle. Wait a while, then try again."
            }
            FailureCause::DoorsOpen => "A door or the trunk is open. Close it, then try again.",
            FailureCause::VehicleErrorOrCidInside => {
                "A key is inside the vehicle, or the vehicle reported an error. Take the key out, then try again."
            }
            FailureCause::CidInside => "A key is inside the vehicle. Take it out, then try again.",
            FailureCause::ExternalChargingSystemError => {
                "The charging station or cable reported a problem. Check that the cable is plugged in and the station works, then try again."
            }
            FailureCause::VehicleChargingSystemError => {
                "The vehicle's charging system reported a problem. Have it checked by a dealer."
            }
            FailureCause::VehicleIsNotLocked => {
                "The vehicle must be locked first. Lock it, then try again."
            }
            FailureCause::CanceledByDriver => {
                "Someone in the vehicle cancelled the command. Send it again if it is still needed."
            }
            FailureCause::Other(_) => {
                "The vehicle reported a problem this app does not know. Try again later."
            }
        }
    }
}

impl PendingStatus {
    /// What is happening at this step, and what it means for the driver.
    pub fn explanation(&self) -> &'static str {
        match self {
            PendingStatus::Accepted => "The server accepted the command and is passing it on.",
            PendingStatus::WakingUpVehicle => {
                "The vehicle is asleep; the server is waking it up. This can take a minute or two."
            }
            PendingStatus::CheckingVehicle => {
                "The server is checking that the vehicle can carry out the command."
            }
            PendingStatus::SentToVehicle => {
                "The command reached the vehicle. Waiting for the vehicle to carry it out."
            }
            PendingStatus::VehicleBatteryChargeTooLow => {
                "The vehicle's battery charge is too low, so the command may fail. Charge or drive it soon."
            }
            PendingStatus::TooManyWakeUpsOverMonth => {
                "The vehicle has been woken up many times this month; more remote wake-ups may be refused until next month."
            }
            PendingStatus::VehicleBatteryLevelWarning => {
                "The vehicle warns that its battery level is getting low. Charge or drive it soon."
            }
            PendingStatus::Other(_) => "The command is in progress.",
        }
    }
}

impl PendingStatus {
    /// The step in a few words, for a timeline.
    pub fn title(&self) -> &'static str {
        match self {
            PendingStatus::Accepted => "Accepted",
            PendingStatus::WakingUpVehicle => "Waking up the vehicle",
            PendingStatus::CheckingVehicle => "Checking the vehicle",
            PendingStatus::SentToVehicle => "Sent to the vehicle",
            PendingStatus::VehicleBatteryChargeTooLow => "The vehicle's battery is low",
            PendingStatus::TooManyWakeUpsOverMonth => "Too many wake-ups this month",
            PendingStatus::VehicleBatteryLevelWarning => "Battery level warning",
            PendingStatus::Other(_) => "In progress",
        }
    }
}

impl DoneStatus {
    /// The end in a word or two, for a timeline.
    pub fn title(&self) -> &'static str {
        match self {
            DoneStatus::Success => "Success",
            DoneStatus::AlreadyDone => "Already done",
            DoneStatus::Failed => "Failed",
            DoneStatus::Other(_) => "Ended",
        }
    }

    /// How the command ended, in plain English.
    pub fn explanation(&self) -> &'static str {
        match self {
            DoneStatus::Success => "The vehicle carried out the command.",
            DoneStatus::AlreadyDone => {
                "The vehicle was already in the requested state; nothing was changed."
            }
            DoneStatus::Failed => "The vehicle could not carry out the command. Try again later.",
            DoneStatus::Other(_) => "The command ended; the server did not say how.",
        }
    }
}

impl DoneReport {
    /// The sentence to show for this end: the failure cause's when it failed with one, else
    /// the end status's. A cause sent with a success is ignored (some servers repeat a stale one).
    pub fn explanation(&self) -> &'static str {
        match (&self.status, &self.failure_cause) {
            (DoneStatus::Failed, Some(cause)) => cause.explanation(),
            (status, _) => status.explanation(),
        }
    }
}

impl Warning {
    /// The warning's wording, with `{vehicle}` where the vehicle's name goes.
    pub fn template(self) -> &'static str {
        match self {
            Warning::Immobilize => {
                "{vehicle} will not start until immobilization is switched off again."
            }
            Warning::DeclareStolen => "{vehicle} will be reported stolen.",
            Warning::CrankInhibit => {
                "The engine of {vehicle} will not crank until inhibition is lifted."
            }
            Warning::ConfirmTheft => "You are confirming that {vehicle} has been stolen.",
            Warning::DeleteOnboardData => {
                "The personal data stored in {vehicle} will be deleted; this cannot be undone."
            }
            Warning::WakeUp => {
                "Wake-ups are counted per month and drain the 12 V battery of {vehicle}; do not repeat them often."
            }
        }
    }
}

impl EventKind {
    /// The step's stable code (`queued`, `sent`, `pending`, `done`, `unknown`, `gaveUp`,
    /// `rejected`), as it is tagged on the wire.
    pub fn code(&self) -> &'static str {
        match self {
            EventKind::Queued => "queued",
            EventKind::Sent => "sent",
            EventKind::Pending { .. } => "pending",
            EventKind::Done(_) => "done",
            EventKind::Unknown { .. } => "unknown",
            EventKind::GaveUp { .. } => "gaveUp",
            EventKind::NotSent { .. } => "notSent",
            EventKind::Rejected { .. } => "rejected",
        }
    }

    /// The key of the step's title in [`catalogue`] and in every translation.
    pub fn title_key(&self) -> String {
        match self {
            EventKind::Pending { status } => format!("PendingStatus.{status}.title"),
            EventKind::Done(report) => format!("DoneStatus.{}.title", report.status),
            other => format!("step.{}", other.code()),
        }
    }

    /// The step in a few words, for a timeline.
    pub fn title(&self) -> &'static str {
        match self {
            EventKind::Queued => "Queued for sending",
            EventKind::Sent => "Accepted by the server",
            EventKind::Pending { status } => status.title(),
            EventKind::Done(report) => report.status.title(),
            EventKind::Unknown { .. } => "No answer yet",
            EventKind::GaveUp { .. } => "No longer followed",
            EventKind::NotSent { .. } => "Not sent",
            EventKind::Rejected { .. } => "Refused by the server",
        }
    }

    /// The key of the step's sentence in [`catalogue`], for the steps that have one.
    pub fn text_key(&self) -> Option<String> {
        match self {
            EventKind::Pending { status } => Some(format!("PendingStatus.{status}")),
            EventKind::Done(report) => Some(match (&report.status, &report.failure_cause) {
                (DoneStatus::Failed, Some(cause)) => format!("FailureCause.{cause}"),
                (status, _) => format!("DoneStatus.{status}"),
            }),
            _ => None,
        }
    }

    /// What the step means and what to do, for the steps that have a sentence of their own
    /// (the others carry their reason or the server's message).
    pub fn text(&self) -> Option<&'static str> {
        match self {
            EventKind::Pending { status } => Some(status.explanation()),
            EventKind::Done(report) => Some(report.explanation()),
            _ => None,
        }
    }
}

/// Every English text of this module by its stable key: what translations are keyed by and
/// checked against. Keys: `step.<code>`, `PendingStatus.<status>` and `.title`,
/// `DoneStatus.<status>` and `.title`, `FailureCause.<cause>`, `FleetStage.<stage>`,
/// `Warning.<code>` (with a `{vehicle}` placeholder).
pub fn catalogue() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let reason = || String::new();
    for step in [
        EventKind::Queued,
        EventKind::Sent,
        EventKind::Unknown { reason: reason() },
        EventKind::GaveUp { reason: reason() },
        EventKind::NotSent { reason: reason() },
        EventKind::Rejected {
            kind: String::new(),
            message: String::new(),
        },
    ] {
        out.push((step.title_key(), step.title()));
    }
    for status in PendingStatus::ALL {
        out.push((format!("PendingStatus.{status}.title"), status.title()));
        out.push((format!("PendingStatus.{status}"), status.explanation()));
    }
    for status in DoneStatus::ALL {
        out.push((format!("DoneStatus.{status}.title"), status.title()));
        out.push((format!("DoneStatus.{status}"), status.explanation()));
    }
    for cause in FailureCause::ALL {
        out.push((format!("FailureCause.{cause}"), cause.explanation()));
    }
    for stage in FleetStage::ALL {
        out.push((
            format!("FleetStage.{}", stage.as_str()),
            stage.explanation(),
        ));
    }
    for warning in Warning::ALL {
        out.push((format!("Warning.{}", warning.code()), warning.template()));
    }
    out
}

impl FleetStage {
    /// Where a vehicle of a fleet run stands, in plain English. Ends that come from the server
    /// (a failure, a refusal) are explained by their cause or message instead.
    pub fn explanation(&self) -> &'static str {
        match self {
            FleetStage::Queued => "Waiting for its turn; nothing was sent yet.",
            FleetStage::Sent => "The command was sent; waiting for the server.",
            FleetStage::Pending => "The command is in progress.",
            FleetStage::Succeeded => DoneStatus::Success.explanation(),
            FleetStage::Failed => DoneStatus::Failed.explanation(),
            FleetStage::Unknown => {
                "No answer yet: the command may still end. Check later; do not send it again blindly."
            }
            FleetStage::Refused => "The server refused the command; nothing was carried out.",
            FleetStage::Unsupported => {
                "This vehicle does not support this command, so it was not sent to it."
            }
            FleetStage::NotSent => {
                "The run was cancelled before this vehicle's turn; nothing was sent to it."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// A sentence a driver can read: capitalised, ended, not a bare code, not a fallback.
    fn check(what: &str, sentence: &str, fallback: &str) {
        assert!(
            sentence.starts_with(char::is_uppercase) && sentence.ends_with('.'),
            "{what}: {sentence}"
        );
        assert!(
            !sentence.contains(what),
            "{what} repeats its code: {sentence}"
        );
        assert_ne!(sentence, fallback, "{what} has only the fallback sentence");
    }

    #[test]
    fn every_failure_cause_has_its_own_sentence_with_a_next_step() {
        let fallback = FailureCause::Other("New".into()).explanation();
        assert_eq!(FailureCause::ALL.len(), 21);
        let mut seen = HashSet::new();
        for cause in FailureCause::ALL {
            let sentence = cause.explanation();
            check(cause.as_str(), sentence, fallback);
            assert!(seen.insert(sentence), "{cause} shares its sentence");
            // A cause says what it was and what to do: at least two sentences or an instruction.
            assert!(
                sentence.matches(". ").count() >= 1 || sentence.contains(", then"),
                "{cause} says nothing to do: {sentence}"
            );
        }
        assert_eq!(
            FailureCause::DoorsOpen.explanation(),
            "A door or the trunk is open. Close it, then try again."
        );
        let timeout = FailureCause::VehicleConnectionTimeout.explanation();
        for word in ["did not answer", "asleep", "coverage", "Drive it", "later"] {
            assert!(timeout.contains(word), "{timeout}");
        }
    }

    #[test]
    fn every_pending_and_done_status_has_its_own_sentence() {
        let fallback = PendingStatus::Other("New".into()).explanation();
        let pending: HashSet<_> = PendingStatus::ALL
            .iter()
            .inspect(|s| check(s.as_str(), s.explanation(), fallback))
            .map(PendingStatus::explanation)
            .collect();
        assert_eq!(pending.len(), PendingStatus::ALL.len());
        let fallback = DoneStatus::Other("New".into()).explanation();
        let done: HashSet<_> = DoneStatus::ALL
            .iter()
            .inspect(|s| check(s.as_str(), s.explanation(), fallback))
            .map(DoneStatus::explanation)
            .collect();
        assert_eq!(done.len(), DoneStatus::ALL.len());
    }

    #[test]
    fn the_catalogue_has_one_text_per_key_and_covers_every_step() {
        let catalogue = catalogue();
        let keys: HashSet<&str> = catalogue.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys.len(), catalogue.len(), "a key is listed twice");
        let expected = 6
            + 2 * PendingStatus::ALL.len()
            + 2 * DoneStatus::ALL.len()
            + FailureCause::ALL.len()
            + FleetStage::ALL.len()
            + Warning::ALL.len();
        assert_eq!(catalogue.len(), expected);
        for (key, text) in &catalogue {
            assert!(
                text.starts_with(char::is_uppercase) || text.starts_with('{'),
                "{key}: {text}"
            );
        }
        assert!(keys.contains("FailureCause.DoorsOpen"));
        assert!(keys.contains("PendingStatus.WakingUpVehicle.title"));
        assert!(keys.contains("FleetStage.notSent"));
        assert!(keys.contains("Warning.deleteOnboardData"));
        // Every step's keys are in the catalogue, with the same text.
        let failed = EventKind::Done(DoneReport {
            status: DoneStatus::Failed,
            failure_cause: Some(FailureCause::DoorsOpen),
            extensions: Vec::new(),
            position: None,
            telemetry: None,
        });
        let text_of = |key: &str| catalogue.iter().find(|(k, _)| k == key).map(|(_, t)| *t);
        assert_eq!(failed.text_key().as_deref(), Some("FailureCause.DoorsOpen"));
        assert_eq!(text_of("FailureCause.DoorsOpen"), failed.text());
        assert_eq!(text_of(&failed.title_key()), Some(failed.title()));
        let queued = EventKind::Queued;
        assert_eq!(text_of(&queued.title_key()), Some("Queued for sending"));
    }

    #[test]
    fn a_report_explains_its_cause_only_when_it_failed() {
        let report = |status, failure_cause| DoneReport {
            status,
            failure_cause,
            extensions: Vec::new(),
            position: None,
            telemetry: None,
        };
        let doors = Some(FailureCause::DoorsOpen);
        assert_eq!(
            report(DoneStatus::Failed, doors.clone()).explanation(),
            FailureCause::DoorsOpen.explanation()
        );
        assert_eq!(
            report(DoneStatus::Success, doors).explanation(),
            DoneStatus::Success.explanation()
        );
        assert_eq!(
            report(DoneStatus::Failed, None).explanation(),
            DoneStatus::Failed.explanation()
        );
    }
}
