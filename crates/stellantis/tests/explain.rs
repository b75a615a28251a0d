//! Every status word of the official spec has its own explanation: the enums of
//! `data-treatment.yaml` are read at test time and compared with what the client knows.

#[allow(dead_code)] // the Remote schema helpers serve the contract test
mod spec;

use stellantis::wire::response::{DoneStatus, FailureCause, PendingStatus};

/// The values of `components.schemas.<name>.enum`, or `None` (after printing "skipped") when
/// the spec is absent outside CI.
fn spec_enum(name: &str) -> Option<Vec<String>> {
    let yaml = spec::load_yaml("data-treatment.yaml")?;
    let values = yaml["components"]["schemas"][name]["enum"]
        .as_sequence()
        .unwrap_or_else(|| panic!("{name} has no enum in the spec"))
        .iter()
        .map(|v| v.as_str().expect("a string value").to_owned())
        .collect();
    Some(values)
}

#[test]
fn every_failure_cause_of_the_spec_is_known_and_explained() {
    let Some(values) = spec_enum("RemoteFailedEventStatus") else {
        return;
    };
    assert_eq!(values.len(), 21, "{values:?}");
    let fallback = FailureCause::Other("?".into()).explanation();
    for value in &values {
        let cause = FailureCause::parse(value);
        assert!(!matches!(cause, FailureCause::Other(_)), "{value} unknown");
        assert_ne!(cause.explanation(), fallback, "{value}");
    }
    let known: Vec<&str> = FailureCause::ALL.iter().map(FailureCause::as_str).collect();
    assert_eq!(known, values, "the client's list follows the spec");
}

#[test]
fn every_pending_and_done_status_of_the_spec_is_known_and_explained() {
    let (Some(pending), Some(done)) = (
        spec_enum("RemotePendingEventStatus"),
        spec_enum("RemoteDoneEventStatus"),
    ) else {
        return;
    };
    let fallback = PendingStatus::Other("?".into()).explanation();
    for value in &pending {
        let status = PendingStatus::parse(value);
        assert!(
            !matches!(status, PendingStatus::Other(_)),
            "{value} unknown"
        );
        assert_ne!(status.explanation(), fallback, "{value}");
    }
    let fallback = DoneStatus::Other("?".into()).explanation();
    for value in &done {
        let status = DoneStatus::parse(value);
        assert!(!matches!(status, DoneStatus::Other(_)), "{value} unknown");
        assert_ne!(status.explanation(), fallback, "{value}");
    }
    let known: Vec<&str> = PendingStatus::ALL
        .iter()
        .map(PendingStatus::as_str)
        .collect();
    assert_eq!(known, pending);
    let known: Vec<&str> = DoneStatus::ALL.iter().map(DoneStatus::as_str).collect();
    assert_eq!(known, done);
}
