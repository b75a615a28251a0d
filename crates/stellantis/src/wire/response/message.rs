//! Webhook messages (`Message` of platform-notification.yaml): the remote event each carries,
//! and the extra data (`extensions[]`) such as a found vehicle's position.

use serde::{Deserialize, Serialize};

use super::geo::GeoPoint;
use super::remote::{DoneStatus, FailureCause, PendingStatus, RemoteState};

/// Extra data attached to an event (`extensions[]`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Extension {
    /// `vehicle.position`, `vehicle.doorsState`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The data, as sent.
    pub body: Vec<serde_json::Value>,
}

/// `eventStatus` of a remote event.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EventStatus {
    /// `Pending` or `Done`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The status within that type.
    pub status: String,
    /// Why it failed, when it did.
    pub failure_cause: Option<FailureCause>,
}

/// `remoteEvent` of a webhook message.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RemoteEvent {
    /// The remote it is about.
    pub remote_action_id: String,
    /// Its type.
    pub remote_type: Option<String>,
    /// Where it stands.
    pub event_status: EventStatus,
    /// Extra data (the position for VehicleFinder).
    pub extensions: Vec<Extension>,
}

impl RemoteEvent {
    /// Where the remote stands according to this event; `None` if the status makes no sense.
    pub fn state(&self) -> Option<RemoteState> {
        let s = &self.event_status;
        match s.kind.as_str() {
            "Pending" => Some(RemoteState::Pending(PendingStatus::parse(&s.status))),
            // The docs also show `type: Failed`; the enum says Done + status Failed.
            "Done" | "Failed" => Some(RemoteState::Done {
                status: DoneStatus::parse(&s.status),
                failure_cause: s.failure_cause.clone(),
            }),
            _ if !s.status.is_empty() => {
                Some(RemoteState::from_flat(&s.status, s.failure_cause.clone()))
            }
            _ => None,
        }
    }
}

/// A webhook message (`Message` of platform-notification.yaml).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Message {
    /// The channel it came through.
    pub channel_id: Option<String>,
    /// `Remote` or `Monitor`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// When it was built.
    pub date: Option<String>,
    /// The remote event, for `Remote` messages.
    pub remote_event: Option<RemoteEvent>,
}

/// The messages of one webhook body, and how many of its elements could not be read.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// The messages read.
    pub messages: Vec<Message>,
    /// Elements of an array that were not messages (skipped; the others still count).
    pub malformed: usize,
}

impl Message {
    /// Reads one message or a JSON array of them. In an array, an element that is not a
    /// message is skipped and counted, so one bad element cannot hold back the good ones; a
    /// body that is not JSON, or a lone object that is not a message, is an error.
    pub fn parse_batch(body: &[u8]) -> Result<Batch, serde_json::Error> {
        match serde_json::from_slice::<serde_json::Value>(body)? {
            serde_json::Value::Array(items) => {
                let mut batch = Batch::default();
                for item in items {
                    match serde_json::from_value::<Message>(item) {
                        Ok(message) => batch.messages.push(message),
                        Err(_) => batch.malformed += 1,
                    }
                }
                Ok(batch)
            }
            other => Ok(Batch {
                messages: vec![serde_json::from_value(other)?],
                malformed: 0,
            }),
        }
    }
}

/// The position carried by a Done event's `vehicle.position` extension, if any.
pub fn position_from_extensions(extensions: &[Extension]) -> Option<GeoPoint> {
    extensions
        .iter()
        .filter(|e| e.kind == "vehicle.position")
        .flat_map(|e| e.body.iter())
        .find_map(|b| GeoPoint::from_geojson(b.get("position").unwrap_or(b)))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_single_or_array_with_unknowns() {
        let one = br#"{"channelId":"c1","type":"Remote","date":"2024-01-01T10:00:00Z","new":1,
            "remoteEvent":{"remoteActionId":"r1","remoteType":"Horn",
            "eventStatus":{"type":"Done","status":"Failed","failureCause":"DoorsOpen"}}}"#;
        let m = Message::parse_batch(one).expect("parses").messages;
        assert_eq!(m.len(), 1);
        let ev = m[0].remote_event.as_ref().expect("remote event");
        assert_eq!(
            ev.state(),
            Some(RemoteState::Done {
                status: DoneStatus::Failed,
                failure_cause: Some(FailureCause::DoorsOpen)
            })
        );
        let many = br#"[{"channelId":"c","type":"Remote","date":"d","remoteEvent":{"remoteActionId":"r","remoteType":"Wakeup","eventStatus":{"type":"Pending","status":"BrandNewStep"}}},
                       {"channelId":"c","type":"Monitor","date":"d"}]"#;
        let m = Message::parse_batch(many).expect("parses").messages;
        assert_eq!(m.len(), 2);
        assert_eq!(
            m[0].remote_event.as_ref().and_then(|e| e.state()),
            Some(RemoteState::Pending(PendingStatus::Other(
                "BrandNewStep".into()
            )))
        );
        assert!(m[1].remote_event.is_none());
        assert!(Message::parse_batch(b"{not json").is_err());
        assert!(Message::parse_batch(br#"{"remoteEvent": 5}"#).is_err());
    }

    #[test]
    fn one_malformed_element_does_not_hold_back_the_others() {
        let mixed = br#"[{"channelId":"c","type":"Remote","remoteEvent":{"remoteActionId":"r1","eventStatus":{"type":"Done","status":"Success"}}},
                        42,
                        {"channelId":"c","remoteEvent":"not an event"},
                        {"channelId":"c","type":"Remote","remoteEvent":{"remoteActionId":"r2","eventStatus":{"type":"Pending","status":"Accepted"}}}]"#;
        let batch = Message::parse_batch(mixed).expect("the array is read");
        assert_eq!(batch.malformed, 2);
        let ids: Vec<_> = batch
            .messages
            .iter()
            .filter_map(|m| m.remote_event.as_ref().map(|e| e.remote_action_id.as_str()))
            .collect();
        assert_eq!(ids, ["r1", "r2"]);
    }

    #[test]
    fn position_from_extension_in_lon_lat_order() {
        let ext: Vec<Extension> = serde_json::from_str(
            r#"[{"type":"vehicle.doorsState","body":[{}]},
                {"type":"vehicle.position","body":[{"position":{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85,35]}}}]}]"#,
        )
        .expect("parses");
        assert_eq!(
            position_from_extensions(&ext),
            Some(GeoPoint {
                latitude: 48.85,
                longitude: 2.35
            })
        );
        assert_eq!(position_from_extensions(&ext[..1]), None);
    }
}
