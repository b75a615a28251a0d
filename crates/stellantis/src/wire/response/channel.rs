//! Notification channels (`GET /accounts/channels` and the answer to creating one).

use serde::{Deserialize, Deserializer};

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
#[cfg(test)]
mod tests {
    use super::*;

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
