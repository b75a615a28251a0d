//! The API calls: reads (vehicles, capability, telemetry, remotes), channels, and the remote
//! POST, which is sent at most once and, when its answer is lost, found again by its label.

use std::sync::Arc;

use reqwest::Method;
use serde_json::json;

use crate::auth::{Credentials, Secret, TokenSource};
use crate::error::{Error, Result};
use crate::http::{Delivery, Http, HttpConfig, build_client};
use crate::model::RemoteCommand;
use crate::wire::request::remote_body;
use crate::wire::response::{
    Capability, Channel, ChannelRef, Page, RemoteAction, RemotePosted, RunStatus, Telemetry,
    Vehicle,
};

/// Everything needed to talk to one Stellantis account.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The API base, e.g. `https://host/api/connectedcar/v1`.
    pub base_url: String,
    /// The OAuth2 token endpoint and the application's credentials.
    pub credentials: Credentials,
    /// Timeouts, retries and TLS.
    pub http: HttpConfig,
}

impl ClientConfig {
    /// A configuration with default timeouts and no mTLS.
    pub fn new(
        base_url: impl Into<String>,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Secret,
    ) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            credentials: Credentials {
                token_url: token_url.into(),
                client_id: client_id.into(),
                client_secret,
                scope: None,
            },
            http: HttpConfig::default(),
        }
    }
}

/// What became of a remote POST.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Posted {
    /// The server accepted it (202) under this id.
    Accepted {
        /// The id to follow it by.
        remote_action_id: String,
    },
    /// The answer was lost: the server may or may not have it. Never resend; look it up by
    /// label ([`Client::find_remote_by_label`]).
    Lost {
        /// What happened to the answer.
        reason: String,
    },
}

/// The most pages a listing follows, so a server that loops its `next` links cannot hang us.
const MAX_PAGES: usize = 1000;

/// A Stellantis API client. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    http: Arc<Http>,
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::Protocol(format!("{what}: {e}")))
}

/// An opaque id as one path segment: percent-encoded so it cannot change the path. An empty
/// id, or one made only of dots (`.`, `..`), would still name another path whatever its
/// encoding (URLs treat `%2E` as a dot), so it is refused.
fn seg(s: &str) -> Result<String> {
    if s.chars().all(|c| c == '.') {
        return Err(Error::InvalidInput(crate::model::InvalidInput::new(
            "id",
            "an id as the vehicle list or the server gave it (not empty, not only dots)",
            format!("{s:?}"),
        )));
    }
    Ok(s.chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '~' => c.to_string(),
            other => {
                let mut buf = [0u8; 4];
                other
                    .encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect())
}

impl Client {
    /// Builds the client (TLS, token cache); makes no request yet.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let reqwest = build_client(&config.http)?;
        let tokens = Arc::new(TokenSource::new(config.credentials, reqwest.clone()));
        let http = Http::new(reqwest, &config.base_url, tokens, config.http)?;
        Ok(Client {
            http: Arc::new(http),
        })
    }

    /// The transport (counters, pacer, token source).
    pub fn http(&self) -> &Http {
        &self.http
    }

    async fn pages<T: serde::de::DeserializeOwned>(
        &self,
        first: &str,
        key: &str,
        max_pages: usize,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        let mut next = Some(first.to_owned());
        let mut seen = std::collections::HashSet::new();
        while let Some(link) = next.take() {
            if seen.len() >= max_pages || !seen.insert(link.clone()) {
                break;
            }
            let body = self.http.get(&link).await?;
            let page: Page<T> =
                Page::parse(&body, key).map_err(|e| Error::Protocol(format!("{key} page: {e}")))?;
            out.extend(page.items);
            next = page.next;
        }
        Ok(out)
    }

    /// Every vehicle of the account, following the pages.
    pub async fn vehicles(&self) -> Result<Vec<Vehicle>> {
        self.pages("/accounts/vehicles", "vehicles", MAX_PAGES)
            .await
    }

    /// One vehicle.
    pub async fn vehicle(&self, vehicle_id: &str) -> Result<Vehicle> {
        let body = self
            .http
            .get(&format!("/accounts/vehicles/{}", seg(vehicle_id)?))
            .await?;
        let mut v: Vehicle = parse("vehicle", &body)?;
        if v.id.is_empty() {
            v.id = vehicle_id.to_owned();
        }
        Ok(v)
    }

    /// What the vehicle can do.
    pub async fn capability(&self, vehicle_id: &str) -> Result<Capability> {
        let body = self
            .http
            .get(&format!(
                "/accounts/vehicles/{}/capability",
                seg(vehicle_id)?
            ))
            .await?;
        Capability::parse(&body).map_err(|e| Error::Protocol(format!("capability: {e}")))
    }

    /// The latest telemetry (position, energy, doors, ...).
    pub async fn latest_telemetry(&self, vehicle_id: &str) -> Result<Telemetry> {
        let body = self
            .http
            .get(&format!(
                "/accounts/vehicles/{}/telemetries/latest",
                seg(vehicle_id)?
            ))
            .await?;
        Telemetry::parse(&body).map_err(|e| Error::Protocol(format!("telemetry: {e}")))
    }

    fn remotes_path(vehicle_id: &str, channel_id: &str) -> Result<String> {
        Ok(format!(
            "/accounts/vehicles/{}/channels/{}/remotes",
            seg(vehicle_id)?,
            seg(channel_id)?
        ))
    }

    /// One remote, read back.
    pub async fn remote(
        &self,
        vehicle_id: &str,
        channel_id: &str,
        remote_action_id: &str,
    ) -> Result<RemoteAction> {
        let path = format!(
            "{}/{}",
            Self::remotes_path(vehicle_id, channel_id)?,
            seg(remote_action_id)?
        );
        parse("remote", &self.http.get(&path).await?)
    }

    /// The vehicle's remotes on this channel, newest first, up to `max_pages` pages.
    pub async fn remotes(
        &self,
        vehicle_id: &str,
        channel_id: &str,
        max_pages: usize,
    ) -> Result<Vec<RemoteAction>> {
        self.pages(
            &Self::remotes_path(vehicle_id, channel_id)?,
            "remoteActions",
            max_pages.max(1),
        )
        .await
    }

    /// The remote this client sent under `label`, if the server has it (reconciliation after a
    /// lost answer). Looks at the newest few pages only: the label was just used.
    pub async fn find_remote_by_label(
        &self,
        vehicle_id: &str,
        channel_id: &str,
        label: &str,
    ) -> Result<Option<RemoteAction>> {
        // Page by page, newest first: the label was just used, so it is usually on the first.
        let mut next = Some(Self::remotes_path(vehicle_id, channel_id)?);
        for _ in 0..3 {
            let Some(link) = next.take() else { break };
            let body = self.http.get(&link).await?;
            let page: Page<RemoteAction> = Page::parse(&body, "remoteActions")
                .map_err(|e| Error::Protocol(format!("remoteActions page: {e}")))?;
            if let Some(found) = page.items.into_iter().find(|r| r.label() == Some(label)) {
                return Ok(Some(found));
            }
            next = page.next;
        }
        Ok(None)
    }

    /// Sends a remote command **once**. `label` must be unique: it is how a remote whose answer
    /// was lost is found again. With `send_by`, a POST that pacing or `429`s would hold past that
    /// instant is not sent ([`Error::RateLimited`]). An answer that may hide a created remote (lost,
    /// a gateway error, a 2xx that cannot be read) is [`Posted::Lost`]: settle it by label.
    pub async fn post_remote(
        &self,
        vehicle_id: &str,
        channel_id: &str,
        command: &RemoteCommand,
        label: &str,
        send_by: Option<std::time::Instant>,
    ) -> Result<Posted> {
        let body = remote_body(command, label);
        let path = Self::remotes_path(vehicle_id, channel_id)?;
        match self
            .http
            .send_at_most_once(Method::POST, &path, Some(&body), send_by)
            .await?
        {
            Delivery::Answered(bytes) => {
                Ok(match parse::<RemotePosted>("remote accepted", &bytes) {
                    Ok(RemotePosted {
                        remote_action_id: Some(remote_action_id),
                        ..
                    }) if !remote_action_id.is_empty() => Posted::Accepted { remote_action_id },
                    Ok(_) => Posted::Lost {
                        reason: "the server accepted the remote without giving its id".into(),
                    },
                    Err(error) => Posted::Lost {
                        reason: format!("the server's acceptance could not be read ({error})"),
                    },
                })
            }
            Delivery::Lost(reason) => Ok(Posted::Lost { reason }),
        }
    }

    /// Every notification channel of the account.
    pub async fn channels(&self) -> Result<Vec<Channel>> {
        self.pages("/accounts/channels", "channels", MAX_PAGES)
            .await
    }

    fn channel_body(label: &str, target: &str, header: &str, secret: &Secret) -> serde_json::Value {
        json!({
            "type": ["Remote"],
            "label": label,
            "channel": { "webhook": {
                "target": target,
                "name": label,
                "attributes": [ { "type": "Header", "key": header, "value": secret.expose() } ],
            } },
        })
    }

    /// Finds the app's Remote webhook channel by `label`, pointing it at `target` with the
    /// secret header, or creates it. Returns its id and leaves it running.
    pub async fn ensure_webhook_channel(
        &self,
        label: &str,
        target: &str,
        header: &str,
        secret: &Secret,
    ) -> Result<String> {
        let body = Self::channel_body(label, target, header, secret);
        if let Some(existing) = self
            .channels()
            .await?
            .into_iter()
            .find(|c| c.label.as_deref() == Some(label))
        {
            // The receiver's port and the secret may have changed since last time: rewrite both.
            self.http
                .put_idempotent(&format!("/accounts/channels/{}", seg(&existing.id)?), &body)
                .await?;
            if existing.status != Some(RunStatus::Running) {
                self.set_channel_status(&existing.id, RunStatus::Running)
                    .await?;
            }
            return Ok(existing.id);
        }
        match self
            .http
            .send_at_most_once(Method::POST, "/accounts/channels", Some(&body), None)
            .await?
        {
            Delivery::Answered(bytes) => {
                let r: ChannelRef = parse("channel created", &bytes)?;
                if r.channel_id.is_empty() {
                    return Err(Error::Protocol("channel created without an id".into()));
                }
                Ok(r.channel_id)
            }
            Delivery::Lost(reason) => self
                .channels()
                .await?
                .into_iter()
                .find(|c| c.label.as_deref() == Some(label))
                .map(|c| c.id)
                .ok_or(Error::Network(format!(
                    "the channel creation got no answer ({reason}) and the channel is not there"
                ))),
        }
    }

    /// Pauses or resumes a channel.
    pub async fn set_channel_status(&self, channel_id: &str, status: RunStatus) -> Result<()> {
        self.http
            .put_idempotent(
                &format!("/accounts/channels/{}/status", seg(channel_id)?),
                &json!({ "status": status.as_str() }),
            )
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::seg;

    #[test]
    fn ids_cannot_change_the_path() {
        let seg = |s| seg(s).expect("a usable id");
        assert_eq!(seg("abc-DEF_1.2~"), "abc-DEF_1.2~");
        assert_eq!(seg("../x?y#z"), "..%2Fx%3Fy%23z");
        assert_eq!(seg("é"), "%C3%A9");
        for unusable in ["", ".", "..", "..."] {
            let error = super::seg(unusable).expect_err(unusable);
            assert_eq!(error.kind(), crate::ErrorKind::InvalidInput, "{unusable:?}");
        }
    }
}
