//! What a fleet run will do, counted before anything is sent (the fleet screen's preview), and
//! what the app knows about support, read in bulk from the vehicle cache.
//!
//! Everything is counted from what is at hand, without a call per vehicle: the account's
//! vehicle list (remembered from the last listing), the cached capabilities (support) and
//! readings (asleep), and the journal's wake-ups this month; the pace is the account's burst
//! quota as the client's pacer last heard it.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use stellantis::fleet::Support;
use stellantis::model::{Feature, RemoteCommand, WAKE_UPS_PER_MONTH};
use stellantis::wire::response::{Capability, ReadTimes, Vehicle};

use crate::reading::Reading;
use crate::vehicle::{self, Names};

/// The pace assumed before the server told the account's burst quota: the API's example
/// quota, 100 requests a second (`../shared/stellantis/NOTES.md` §6.1).
pub const DEFAULT_PER_SECOND: u32 = 100;

/// How many vehicles a guarded command's confirmation names before "and N more".
pub const NAMED_IN_CONFIRMATION: usize = 20;

/// What `fleet_preview` answers: the counts and the sentence to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetPreview {
    /// The feature's stable name.
    pub feature: &'static str,
    /// Vehicles in the run, each once.
    pub total: usize,
    /// Ids given more than once: the extra entries dropped (`given = total + duplicates`).
    pub duplicates: usize,
    /// Ids not in the account's vehicle list (counted in `total`; the server will refuse them).
    pub not_in_account: usize,
    /// Known to support the feature (cached capability).
    pub supported: usize,
    /// Known not to: skipped without a call.
    pub unsupported: usize,
    /// No cached capability says: sent, and a `501` is learnt.
    pub unknown_support: usize,
    /// Of those that will be sent, asleep per their cached reading.
    pub asleep: usize,
    /// Asleep vehicles whose wake-ups this month reached the quota: their command will fail.
    pub wake_budget_exhausted: usize,
    /// Asleep vehicles at or past the warning level of the quota, not at it.
    pub wake_budget_near: usize,
    /// The pace of sending, commands a second.
    pub per_second: u32,
    /// How long sending everything that will be sent takes at that pace, rounded up.
    pub seconds: u64,
    /// Whether the command needs a confirmation (the library's rule).
    pub guarded: bool,
    /// The sentence to confirm, naming the counts (and, when guarded, the warning and the
    /// vehicles).
    pub confirmation: String,
}

/// The ids in order, each once, and how many extra entries were dropped.
pub fn dedupe(ids: &[String]) -> (Vec<String>, usize) {
    let mut seen = HashSet::new();
    let unique: Vec<String> = ids
        .iter()
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect();
    let dropped = ids.len() - unique.len();
    (unique, dropped)
}

/// What the preview counts with, besides the ids.
pub struct Facts<'a> {
    /// The command.
    pub command: &'a RemoteCommand,
    /// The account's vehicles.
    pub vehicles: &'a [Vehicle],
    /// The user's names for them.
    pub names: &'a Names,
    /// What is known about support of the command's feature, by vehicle id.
    pub support: &'a HashMap<String, Support>,
    /// The vehicles asleep per their cached reading.
    pub asleep: &'a HashSet<String>,
    /// Wake-ups this month (as `vehicle_usage` counts them), by vehicle id.
    pub wake_ups: &'a HashMap<String, u64>,
    /// Commands a second.
    pub per_second: u32,
}

/// Counts what a run of `ids` will do and words the confirmation.
pub fn preview(ids: &[String], facts: &Facts<'_>) -> FleetPreview {
    let (unique, duplicates) = dedupe(ids);
    let listed: HashMap<&str, &Vehicle> =
        facts.vehicles.iter().map(|v| (v.id.as_str(), v)).collect();
    let (mut supported, mut unsupported, mut unknown) = (0, 0, 0);
    let (mut asleep, mut exhausted, mut near) = (0, 0, 0);
    let mut not_in_account = 0;
    let mut sent = Vec::new();
    for id in &unique {
        if !listed.contains_key(id.as_str()) {
            not_in_account += 1;
        }
        match facts.support.get(id).copied().unwrap_or(Support::Unknown) {
            Support::Supported => supported += 1,
            Support::Unknown => unknown += 1,
            Support::Unsupported => {
                unsupported += 1;
                continue;
            }
        }
        sent.push(id);
        if facts.asleep.contains(id) {
            asleep += 1;
            let used = facts.wake_ups.get(id).copied().unwrap_or_default();
            if used >= u64::from(WAKE_UPS_PER_MONTH.limit) {
                exhausted += 1;
            } else if used >= u64::from(WAKE_UPS_PER_MONTH.warn_at) {
                near += 1;
            }
        }
    }
    let per_second = facts.per_second.max(1);
    let seconds = (sent.len() as u64).div_ceil(u64::from(per_second));
    let guarded = facts.command.needs_confirmation();
    let mut confirmation = String::new();
    if let Some(warning) = facts.command.warning().filter(|_| guarded) {
        let named: Vec<String> = sent
            .iter()
            .take(NAMED_IN_CONFIRMATION)
            .map(|id| match listed.get(id.as_str()) {
                Some(v) => vehicle::named(v, facts.names),
                None => facts
                    .names
                    .get(*id)
                    .cloned()
                    .unwrap_or_else(|| (*id).clone()),
            })
            .collect();
        let more = sent.len().saturating_sub(named.len());
        let list = match (named.len(), more) {
            (0, _) => "no vehicle".to_owned(),
            (_, 0) => join_and(&named),
            (_, more) => format!("{} and {more} more", named.join(", ")),
        };
        confirmation = format!("{} ", warning.text(Some(&list)));
    }
    let feature = facts.command.feature();
    confirmation.push_str(&format!(
        "Send “{}” to {}?",
        feature.title(),
        vehicles(unique.len())
    ));
    let mut say = |n: usize, one: &str, many: &str| {
        if n > 0 {
            confirmation.push_str(&format!(" {n} {}", if n == 1 { one } else { many }));
        }
    };
    say(
        unsupported,
        "that does not support it will be skipped without a call.",
        "that do not support it will be skipped without a call.",
    );
    say(
        not_in_account,
        "is not in this account and will be refused.",
        "are not in this account and will be refused.",
    );
    say(
        exhausted,
        "is asleep and used this month's wake-ups: it will fail.",
        "are asleep and used this month's wake-ups: they will fail.",
    );
    say(
        near,
        "is asleep and near this month's wake-up limit.",
        "are asleep and near this month's wake-up limit.",
    );
    say(
        duplicates,
        "duplicate selection was dropped: each vehicle gets it once.",
        "duplicate selections were dropped: each vehicle gets it once.",
    );
    if sent.is_empty() {
        confirmation.push_str(" Nothing will be sent.");
    } else {
        confirmation.push_str(&format!(" Sending takes about {seconds} s."));
    }
    FleetPreview {
        feature: feature.as_str(),
        total: unique.len(),
        duplicates,
        not_in_account,
        supported,
        unsupported,
        unknown_support: unknown,
        asleep,
        wake_budget_exhausted: exhausted,
        wake_budget_near: near,
        per_second,
        seconds,
        guarded,
        confirmation,
    }
}

fn vehicles(n: usize) -> String {
    if n == 1 {
        "1 vehicle".to_owned()
    } else {
        format!("{n} vehicles")
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The key the capability answer says `feature`'s support under (its own name where the API
/// has none, as [`Support::of`] reads it).
fn capability_key(feature: Feature) -> &'static str {
    feature.capability_key().unwrap_or(feature.as_str())
}

/// What the cached capabilities (vehicle id, JSON text) say about `feature`, for the vehicles
/// in `wanted` (absent: nothing cached, or unreadable, so unknown).
pub fn support_of(
    cached: Vec<(String, String)>,
    feature: Feature,
    wanted: &HashSet<&str>,
) -> HashMap<String, Support> {
    cached
        .into_iter()
        .filter(|(id, _)| wanted.contains(id.as_str()))
        .filter_map(|(id, text)| {
            let capability = Capability::parse(text.as_bytes()).ok()?;
            Some((id, Support::of(&capability, feature)))
        })
        .collect()
}

/// The times of a cached [`Reading`], all that says whether the vehicle is asleep: read alone
/// from the stored text, without the rest of the state, for previews of thousands.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Times {
    updated_at: Option<String>,
    read_at: ReadTimes,
}

/// The vehicles of `wanted` whose cached reading (vehicle id, JSON text) says they are asleep
/// at `now`.
pub fn asleep_of(
    cached: Vec<(String, String)>,
    wanted: &HashSet<&str>,
    now: jiff::Timestamp,
) -> HashSet<String> {
    cached
        .into_iter()
        .filter(|(id, _)| wanted.contains(id.as_str()))
        .filter_map(|(id, text)| {
            let Times {
                updated_at,
                read_at,
            } = serde_json::from_str(&text).ok()?;
            let reading = Reading {
                updated_at,
                read_at,
                ..Reading::default()
            };
            (vehicle::asleep(&reading, now) == Some(true)).then_some(id)
        })
        .collect()
}

/// `capability` (the cached answer, if any) saying that the vehicle does not support `feature`,
/// as a run learnt from a `501`. Without a cached answer, a document that says only that: the
/// next preview and run skip the vehicle, and a capability read of it replaces the document
/// whole.
pub fn mark_unsupported(capability: Option<Value>, feature: Feature) -> Value {
    let mut value = match capability {
        Some(Value::Object(map)) => Value::Object(map),
        _ => json!({}),
    };
    let key = capability_key(feature);
    let mut at = &mut value;
    for part in ["onboardCapabilities", "remote", key] {
        let Value::Object(map) = at else {
            unreachable!("objects all the way down: made so just above")
        };
        let entry = map.entry(part.to_owned()).or_insert_with(|| json!({}));
        if !entry.is_object() {
            *entry = json!({});
        }
        at = entry;
    }
    if let Value::Object(map) = at {
        map.insert("supported".to_owned(), Value::Bool(false));
    }
    value
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use stellantis::model::CommandInput;

    use super::*;

    fn vehicle(i: usize) -> Vehicle {
        Vehicle {
            id: format!("v{i}"),
            vin: Some(format!("VR3ABCDEFGH{:06}", 100_000 + i)),
            brand_code: Some("AP".into()),
            family_code: Some("P24".into()),
            ..Vehicle::default()
        }
    }

    fn command(input: Value) -> RemoteCommand {
        RemoteCommand::checked(CommandInput::from_json(input).expect("input"), true, None)
            .expect("command")
    }

    #[test]
    fn counts_support_sleep_wake_ups_and_pace() {
        let vehicles: Vec<Vehicle> = (0..10).map(vehicle).collect();
        let mut ids: Vec<String> = (0..10).map(|i| format!("v{i}")).collect();
        ids.extend(["v0".to_owned(), "v1".to_owned(), "stranger".to_owned()]);
        let support = HashMap::from([
            ("v0".to_owned(), Support::Supported),
            ("v1".to_owned(), Support::Unsupported),
            ("v2".to_owned(), Support::Unsupported),
        ]);
        let asleep: HashSet<String> = ["v1", "v3", "v4", "v5"].map(String::from).into();
        let wake_ups = HashMap::from([
            ("v3".to_owned(), 20),
            ("v4".to_owned(), 15),
            ("v6".to_owned(), 30), // awake: no wake-up needed
        ]);
        let lock = command(json!({"feature": "locking", "state": "Locked"}));
        let facts = Facts {
            command: &lock,
            vehicles: &vehicles,
            names: &Names::new(),
            support: &support,
            asleep: &asleep,
            wake_ups: &wake_ups,
            per_second: 5,
        };
        let p = preview(&ids, &facts);
        assert_eq!((p.total, p.duplicates, p.not_in_account), (11, 2, 1));
        assert_eq!((p.supported, p.unsupported, p.unknown_support), (1, 2, 8));
        assert_eq!(
            (p.asleep, p.wake_budget_exhausted, p.wake_budget_near),
            (3, 1, 1),
            "v1 is asleep but skipped"
        );
        assert_eq!((p.per_second, p.seconds), (5, 2), "9 to send at 5 a second");
        assert!(!p.guarded);
        assert_eq!(
            p.confirmation,
            "Send “Lock / unlock” to 11 vehicles? 2 that do not support it will be skipped \
             without a call. 1 is not in this account and will be refused. 1 is asleep and used \
             this month's wake-ups: it will fail. 1 is asleep and near this month's wake-up \
             limit. 2 duplicate selections were dropped: each vehicle gets it once. Sending \
             takes about 2 s."
        );
        let json = serde_json::to_value(&p).expect("json");
        for key in [
            "notInAccount",
            "unknownSupport",
            "wakeBudgetExhausted",
            "perSecond",
        ] {
            assert!(json.get(key).is_some(), "{key}");
        }
        let all_skipped = preview(&ids[1..3], &facts);
        assert_eq!(all_skipped.seconds, 0);
        assert!(all_skipped.confirmation.ends_with("Nothing will be sent."));
    }

    #[test]
    fn a_guarded_command_starts_with_its_warning_naming_the_vehicles() {
        let vehicles: Vec<Vehicle> = (0..25).map(vehicle).collect();
        let ids: Vec<String> = (0..25).map(|i| format!("v{i}")).collect();
        let names = Names::from([("v0".to_owned(), "Blue van".to_owned())]);
        let immobilize = command(json!({"feature": "immobilization", "activate": true}));
        let empty = HashMap::new();
        let facts = Facts {
            command: &immobilize,
            vehicles: &vehicles,
            names: &names,
            support: &HashMap::from([("v1".to_owned(), Support::Unsupported)]),
            asleep: &HashSet::new(),
            wake_ups: &empty,
            per_second: 100,
        };
        let p = preview(&ids, &facts);
        assert!(p.guarded);
        assert!(
            p.confirmation
                .starts_with("Blue van, Peugeot P24 …100002, Peugeot P24 …100003"),
            "{}",
            p.confirmation
        );
        assert!(
            p.confirmation.contains(
                "Peugeot P24 …100020 and 4 more will not start until immobilization is \
                 switched off again. Send “Immobilization” to 25 vehicles?"
            ),
            "20 named, the skipped one not among them: {}",
            p.confirmation
        );
        let few = preview(&ids[..3], &facts);
        assert!(
            few.confirmation
                .starts_with("Blue van and Peugeot P24 …100002 will not start"),
            "{}",
            few.confirmation
        );
        assert!(few.confirmation.contains("about 1 s."));
    }

    #[test]
    fn support_and_sleep_come_from_the_cache_and_a_501_is_merged_into_it() {
        let cached = |id: &str, value: Value| (id.to_owned(), value.to_string());
        let wanted: HashSet<&str> = ["a", "b", "c"].into();
        let support = support_of(
            vec![
                cached(
                    "a",
                    json!({"onboardCapabilities": {"remote": {"horn": {"supported": true}}}}),
                ),
                cached(
                    "b",
                    json!({"onboardCapabilities": {"remote": {"horn": {"supported": false}}}}),
                ),
                cached("c", json!({"onboardCapabilities": {"remote": {}}})),
                cached(
                    "z",
                    json!({"onboardCapabilities": {"remote": {"horn": {"supported": false}}}}),
                ),
            ],
            Feature::Horn,
            &wanted,
        );
        assert_eq!(support.len(), 3, "only the wanted ones");
        assert_eq!(support["a"], Support::Supported);
        assert_eq!(support["b"], Support::Unsupported);
        assert_eq!(support["c"], Support::Unknown);

        let merged = mark_unsupported(
            Some(
                json!({"vin": "X", "onboardCapabilities": {"remote": {"door": {"supported": true}}}}),
            ),
            Feature::Horn,
        );
        assert_eq!(merged["vin"], "X");
        assert_eq!(
            merged.pointer("/onboardCapabilities/remote/door/supported"),
            Some(&json!(true))
        );
        assert_eq!(
            merged.pointer("/onboardCapabilities/remote/horn/supported"),
            Some(&json!(false))
        );
        let fresh = mark_unsupported(None, Feature::VehicleFinder);
        assert_eq!(
            fresh,
            json!({"onboardCapabilities": {"remote": {"vehicleFinder": {"supported": false}}}})
        );
        let odd = mark_unsupported(Some(json!({"onboardCapabilities": 3})), Feature::Locking);
        assert_eq!(
            odd.pointer("/onboardCapabilities/remote/door/supported"),
            Some(&json!(false))
        );

        let now: jiff::Timestamp = "2026-11-26T05:00:00Z".parse().expect("time");
        let reading = |at: &str| {
            serde_json::to_value(Reading {
                updated_at: Some(at.to_owned()),
                ..Reading::default()
            })
            .expect("json")
        };
        let asleep = asleep_of(
            vec![
                cached("a", reading("2026-11-26T01:00:00Z")),
                cached("b", reading("2026-11-26T04:58:00Z")),
                cached("z", reading("2026-11-26T01:00:00Z")),
            ],
            &wanted,
            now,
        );
        assert_eq!(asleep, HashSet::from(["a".to_owned()]));
    }
}
