//! One step of a command's life as the timeline shows it, made from the command's own tracker
//! events: the API's codes, and the library's English title and sentence with the keys that
//! translations are filed under (`ui/explanations.js`).

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use stellantis::wire::response::DoneStatus;
use stellantis::{EventKind, GeoPoint};

/// One step of one command, sent to the page through the command's IPC channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Milliseconds since the Unix epoch when the app learnt of it.
    pub at: u64,
    /// The server's id of the remote, once known.
    pub remote_action_id: Option<String>,
    /// The key of the step's title in the library's catalogue.
    pub title_key: String,
    /// The step's title in English.
    pub title: &'static str,
    /// The key of the step's sentence, when it has one.
    pub text_key: Option<String>,
    /// What the step means and what to do, in English, when it has a sentence.
    pub text: Option<&'static str>,
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
        /// Where the vehicle is (vehicle finder, state refresh).
        position: Option<GeoPoint>,
    },
    /// No news for a while; a later event can still settle it.
    Unknown {
        /// Why.
        reason: String,
    },
    /// No longer followed, its end unknown.
    GaveUp {
        /// Why.
        reason: String,
    },
    /// It was not sent, and never will be; nothing was done.
    NotSent {
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

#[cfg(test)]
impl Step {
    /// True for the last step a command can have.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Step::Done { .. } | Step::GaveUp { .. } | Step::NotSent { .. } | Step::Rejected { .. }
        )
    }
}

/// The step for one tracker event, stamped with the present time.
pub fn progress(remote_action_id: Option<String>, event: EventKind) -> Progress {
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or_default();
    Progress {
        at,
        remote_action_id,
        title_key: event.title_key(),
        title: event.title(),
        text_key: event.text_key(),
        text: event.text(),
        step: step(event),
    }
}

fn step(event: EventKind) -> Step {
    match event {
        EventKind::Queued => Step::Queued,
        EventKind::Sent => Step::Sent,
        EventKind::Pending { status } => Step::Pending {
            status: status.as_str().to_owned(),
        },
        EventKind::Done(report) => {
            // A cause only explains a failure; some servers repeat a stale one on success.
            let cause = report
                .failure_cause
                .as_ref()
                .filter(|_| matches!(report.status, DoneStatus::Failed));
            Step::Done {
                status: report.status.as_str().to_owned(),
                succeeded: report.succeeded(),
                cause: cause.map(|c| c.as_str().to_owned()),
                position: report.position,
            }
        }
        EventKind::Unknown { reason } => Step::Unknown { reason },
        EventKind::GaveUp { reason } => Step::GaveUp { reason },
        EventKind::NotSent { reason } => Step::NotSent { reason },
        EventKind::Rejected { kind, message } => Step::Rejected { kind, message },
    }
}

#[cfg(test)]
mod tests {
    use stellantis::DoneReport;
    use stellantis::wire::response::{FailureCause, PendingStatus};

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
    fn failed_done_carries_the_cause_and_its_sentence_by_key() {
        let progress = progress(
            Some("r1".into()),
            done(DoneStatus::Failed, Some(FailureCause::DoorsOpen)),
        );
        let json = serde_json::to_value(&progress).expect("json");
        assert_eq!(json["type"], "done");
        assert_eq!(json["status"], "Failed");
        assert_eq!(json["succeeded"], false);
        assert_eq!(json["cause"], "DoorsOpen");
        assert_eq!(json["remoteActionId"], "r1");
        assert_eq!(json["titleKey"], "DoneStatus.Failed.title");
        assert_eq!(json["title"], "Failed");
        assert_eq!(json["textKey"], "FailureCause.DoorsOpen");
        assert_eq!(json["text"], FailureCause::DoorsOpen.explanation());
        assert!(json["at"].as_u64().is_some_and(|at| at > 0));
        assert!(progress.step.is_final());
    }

    #[test]
    fn success_has_no_cause_and_keeps_the_position_as_a_geo_point() {
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
        let progress = progress(None, event);
        assert_eq!(progress.text_key.as_deref(), Some("DoneStatus.Success"));
        assert_eq!(
            progress.step,
            Step::Done {
                status: "Success".into(),
                succeeded: true,
                cause: None,
                position: Some(GeoPoint {
                    latitude: 45.76,
                    longitude: 4.83
                }),
            }
        );
        let json = serde_json::to_value(&progress).expect("json");
        assert_eq!(
            json["position"],
            serde_json::json!({"latitude": 45.76, "longitude": 4.83})
        );
        let failed_silently = super::progress(None, done(DoneStatus::Failed, None));
        assert_eq!(failed_silently.text, Some(DoneStatus::Failed.explanation()));
    }

    /// The page translates the library's wording by key (`ui/explanations.js`): every key the
    /// library knows must be there in every language, with the same placeholders, and no key
    /// the library does not know.
    #[test]
    fn every_library_text_is_translated_in_every_language() {
        use std::collections::{BTreeMap, BTreeSet};
        let source = include_str!("../ui/explanations.js");
        let marker = "export const explanations = ";
        let start = source
            .rfind(marker)
            .expect("ui/explanations.js exports `explanations`");
        let body = source[start + marker.len()..]
            .trim_end()
            .strip_suffix(';')
            .expect("the object is the file's last statement");
        let languages: BTreeMap<String, BTreeMap<String, String>> =
            serde_json::from_str(body).expect("the translations are strict JSON");
        assert!(languages.contains_key("fr"), "{:?}", languages.keys());
        let catalogue = stellantis::explain::catalogue();
        let known: BTreeSet<&str> = catalogue.iter().map(|(key, _)| key.as_str()).collect();
        let placeholders = |text: &str| -> BTreeSet<String> {
            text.split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect()
        };
        for (language, texts) in &languages {
            for (key, english) in &catalogue {
                let translated = texts
                    .get(key)
                    .unwrap_or_else(|| panic!("{language} has no translation of {key}"));
                assert!(!translated.trim().is_empty(), "{language} {key} is empty");
                assert_eq!(
                    placeholders(translated),
                    placeholders(english),
                    "{language} {key}: placeholders differ"
                );
            }
            let extra: Vec<_> = texts
                .keys()
                .filter(|key| !known.contains(key.as_str()))
                .collect();
            assert!(
                extra.is_empty(),
                "{language} translates unknown keys {extra:?}"
            );
        }
    }

    #[test]
    fn pending_queued_unknown_gave_up_rejected() {
        let pending = progress(
            None,
            EventKind::Pending {
                status: PendingStatus::WakingUpVehicle,
            },
        );
        let json = serde_json::to_value(&pending).expect("json");
        assert_eq!(json["type"], "pending");
        assert_eq!(json["status"], "WakingUpVehicle");
        assert_eq!(json["titleKey"], "PendingStatus.WakingUpVehicle.title");
        assert_eq!(json["textKey"], "PendingStatus.WakingUpVehicle");
        assert!(!pending.step.is_final());
        let queued = progress(None, EventKind::Queued);
        assert_eq!(queued.title_key, "step.queued");
        assert_eq!(queued.text_key, None);
        assert!(!queued.step.is_final());
        let unknown = EventKind::Unknown {
            reason: "no news".into(),
        };
        assert!(!progress(None, unknown).step.is_final());
        let gave_up = progress(
            None,
            EventKind::GaveUp {
                reason: "lost".into(),
            },
        );
        assert!(gave_up.step.is_final());
        assert_eq!(
            serde_json::to_value(&gave_up).expect("json")["type"],
            "gaveUp"
        );
        let rejected = progress(
            None,
            EventKind::Rejected {
                kind: "unsupported".into(),
                message: "not supported".into(),
            },
        );
        assert!(rejected.step.is_final());
        assert_eq!(
            serde_json::to_value(&rejected).expect("json")["kind"],
            "unsupported"
        );
    }
}
