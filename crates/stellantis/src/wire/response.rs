//! What the server sends back, read leniently: unknown fields are ignored, optional fields may
//! be missing, and an unknown enum value is kept as text instead of failing the whole answer.

use serde::{Deserialize, Deserializer, Serialize};

pub use super::telemetry::{
    Charging, ChargingMode, ChargingStatus, Doors, Energy, EnergyKind, Ignition, LockedState,
    Opening, OpeningState, PreconditioningStatus, PrivacyState, Telemetry,
};

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

open_enum! {
    /// A channel's run state.
    RunStatus {
        /// Delivering.
        Running,
        /// Paused by the owner.
        Paused,
        /// Failed.
        Failed,
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

/// A HAL link.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Link {
    /// Where it points.
    #[serde(default)]
    pub href: String,
}

/// The links of a HAL collection page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PageLinks {
    /// The next page, when there is one.
    #[serde(default)]
    pub next: Option<Link>,
}

/// The links of a single resource.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SelfLinks {
    /// The resource itself.
    #[serde(default, rename = "self")]
    pub self_: Option<Link>,
}

/// One vehicle of the account.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Vehicle {
    /// The opaque id used in every path (not the VIN).
    pub id: String,
    /// The VIN, when given.
    pub vin: Option<String>,
    /// Brand code.
    pub brand_code: Option<String>,
    /// Family code.
    pub family_code: Option<String>,
    /// `Electric`, `Hybrid`, `Thermic`, `Hydrogen`.
    pub motorization: Option<String>,
    /// Fuel type code.
    pub fuel_type: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct VehicleRaw {
    id: Option<String>,
    vin: Option<String>,
    brand_code: Option<String>,
    family_code: Option<String>,
    motorization: Option<String>,
    fuel_type: Option<String>,
    #[serde(rename = "_links")]
    links: SelfLinks,
}

impl VehicleRaw {
    /// The schema has no `id` field: the id is the last segment of the `self` link when absent.
    fn into_vehicle(self) -> Vehicle {
        let id = self
            .id
            .or_else(|| {
                let href = self.links.self_.as_ref()?.href.clone();
                let path = href.split(['?', '#']).next()?.trim_end_matches('/');
                path.rsplit('/').next().map(str::to_owned)
            })
            .unwrap_or_default();
        Vehicle {
            id,
            vin: self.vin,
            brand_code: self.brand_code,
            family_code: self.family_code,
            motorization: self.motorization,
            fuel_type: self.fuel_type,
        }
    }
}

impl<'de> Deserialize<'de> for Vehicle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(VehicleRaw::deserialize(d)?.into_vehicle())
    }
}

/// A page of a HAL collection whose items sit in `_embedded.<key>`.
#[derive(Clone, Debug, Default)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

impl<T: serde::de::DeserializeOwned> Page<T> {
    /// Reads a collection page, taking the items from `_embedded.<key>`. Items that do not
    /// parse are skipped rather than failing the page.
    pub fn parse(body: &[u8], key: &str) -> Result<Self, serde_json::Error> {
        let v: serde_json::Value = serde_json::from_slice(body)?;
        let items = v
            .get("_embedded")
            .and_then(|e| e.get(key))
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|i| serde_json::from_value(i.clone()).ok())
                    .collect()
            })
            .unwrap_or_default();
        let next = v
            .get("_links")
            .and_then(|l| serde_json::from_value::<PageLinks>(l.clone()).ok())
            .and_then(|l| l.next)
            .map(|l| l.href)
            .filter(|h| !h.is_empty());
        Ok(Page { items, next })
    }
}

/// A point on the map (WGS84 degrees): the one point type of the library and of the app's IPC
/// (`{"latitude": …, "longitude": …}`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
}

impl GeoPoint {
    /// Reads a GeoJSON Feature or Point (`coordinates: [lon, lat, ...]`).
    pub fn from_geojson(v: &serde_json::Value) -> Option<Self> {
        let geometry = v.get("geometry").unwrap_or(v);
        let c = geometry.get("coordinates")?.as_array()?;
        let longitude = c.first()?.as_f64()?;
        let latitude = c.get(1)?.as_f64()?;
        ((-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude)).then_some(
            GeoPoint {
                latitude,
                longitude,
            },
        )
    }
}

/// What a vehicle can do (`GET /accounts/vehicles/{id}/capability`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Capability {
    /// The VIN, when given.
    pub vin: Option<String>,
    /// Brand code.
    pub brand: Option<String>,
    /// Model code.
    pub model: Option<String>,
    /// Motorization.
    pub motorization: Option<String>,
    /// The whole answer, for details this type does not name (program slot counts, ...).
    pub raw: serde_json::Value,
}

impl Capability {
    /// Reads the answer.
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        let raw: serde_json::Value = serde_json::from_slice(body)?;
        let text = |k: &str| raw.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        Ok(Capability {
            vin: text("vin"),
            brand: text("brand"),
            model: text("model"),
            motorization: text("motorization"),
            raw,
        })
    }

    /// Whether the vehicle supports the remote under `key` of `onboardCapabilities.remote`
    /// (`door`, `horn`, `charging`, `tanSuppress`, ...); `None` when the answer does not say.
    pub fn remote_supported(&self, key: &str) -> Option<bool> {
        self.raw
            .get("onboardCapabilities")?
            .get("remote")?
            .get(key)?
            .get("supported")?
            .as_bool()
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

/// One webhook header attribute of a channel.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChannelAttribute {
    /// `Header` or `Query`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Header name.
    pub key: Option<String>,
}

/// A notification channel (`GET /accounts/channels`).
#[derive(Clone, Debug, Default)]
pub struct Channel {
    /// Its id.
    pub id: String,
    /// Its label, when it has one.
    pub label: Option<String>,
    /// Its run state.
    pub status: Option<RunStatus>,
    /// The webhook target, when it is a webhook channel.
    pub webhook_target: Option<String>,
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let text = |v: Option<&serde_json::Value>| v.and_then(|x| x.as_str()).map(str::to_owned);
        let subscribe = v.get("subscribe");
        Ok(Channel {
            id: text(v.get("id"))
                .or_else(|| text(v.get("channelId")))
                .unwrap_or_default(),
            label: text(subscribe.and_then(|s| s.get("label"))).or_else(|| text(v.get("label"))),
            status: text(v.get("status")).map(|s| RunStatus::parse(&s)),
            webhook_target: text(
                subscribe
                    .and_then(|s| s.get("channel"))
                    .and_then(|c| c.get("webhook"))
                    .and_then(|w| w.get("target")),
            ),
        })
    }
}

/// The answer to a channel creation (`ChannelRef`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ChannelRef {
    /// The new channel's id.
    pub channel_id: String,
    /// Its run state.
    pub status: Option<RunStatus>,
}

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

impl Message {
    /// Reads one message or a JSON array of them.
    pub fn parse_batch(body: &[u8]) -> Result<Vec<Message>, serde_json::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            Many(Vec<Message>),
            One(Box<Message>),
        }
        Ok(match serde_json::from_slice::<OneOrMany>(body)? {
            OneOrMany::Many(v) => v,
            OneOrMany::One(m) => vec![*m],
        })
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
    fn vehicle_page_is_lenient_and_follows_next() {
        let body = br#"{"_links":{"self":{"href":"/v"},"first":{"href":"/v"},"next":{"href":"/v?pageToken=abc"}},
            "total":3,"totalPage":2,"currentPage":0,"surprise":{"x":1},
            "_embedded":{"vehicles":[
              {"id":"abc123","vin":"VR3","motorization":"Electric","_links":{"self":{"href":"/v/abc123"}},"brandNew":true},
              {"vin":"VR4","_links":{"self":{"href":"https://h/api/accounts/vehicles/def456?x=1"}}},
              {"id":"ghi"}
            ]}}"#;
        let page: Page<Vehicle> = Page::parse(body, "vehicles").expect("parses");
        assert_eq!(page.next.as_deref(), Some("/v?pageToken=abc"));
        let ids: Vec<_> = page.items.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["abc123", "def456", "ghi"]);
        assert_eq!(page.items[0].motorization.as_deref(), Some("Electric"));
        assert_eq!(page.items[2].vin, None);
        let last: Page<Vehicle> = Page::parse(
            br#"{"_links":{"self":{"href":"/v"}},"_embedded":{}}"#,
            "vehicles",
        )
        .expect("parses");
        assert!(last.items.is_empty() && last.next.is_none());
    }

    #[test]
    fn message_single_or_array_with_unknowns() {
        let one = br#"{"channelId":"c1","type":"Remote","date":"2024-01-01T10:00:00Z","new":1,
            "remoteEvent":{"remoteActionId":"r1","remoteType":"Horn",
            "eventStatus":{"type":"Done","status":"Failed","failureCause":"DoorsOpen"}}}"#;
        let m = Message::parse_batch(one).expect("parses");
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
        let m = Message::parse_batch(many).expect("parses");
        assert_eq!(m.len(), 2);
        assert_eq!(
            m[0].remote_event.as_ref().and_then(|e| e.state()),
            Some(RemoteState::Pending(PendingStatus::Other(
                "BrandNewStep".into()
            )))
        );
        assert!(m[1].remote_event.is_none());
        assert!(Message::parse_batch(b"{not json").is_err());
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

    #[test]
    fn channel_from_get_and_from_ref() {
        let ch: Channel = serde_json::from_str(
            r#"{"id":"ch1","status":"Paused","subscribe":{"type":["Remote"],"label":"car-remote","channel":{"webhook":{"target":"http://127.0.0.1:1/hook","name":"n"}}},"createdAt":"x","updatedAt":"y"}"#,
        )
        .expect("parses");
        assert_eq!(ch.id, "ch1");
        assert_eq!(ch.label.as_deref(), Some("car-remote"));
        assert_eq!(ch.status, Some(RunStatus::Paused));
        assert_eq!(
            ch.webhook_target.as_deref(),
            Some("http://127.0.0.1:1/hook")
        );
        let r: ChannelRef = serde_json::from_str(
            r#"{"_links":{"channel":{"href":"h"}},"channelId":"ch2","status":"Running","createdAt":"x","updatedAt":"y"}"#,
        )
        .expect("parses");
        assert_eq!(r.channel_id, "ch2");
    }
}
