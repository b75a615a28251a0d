//! The non-secret settings, kept in `settings.json` through tauri-plugin-store: which backend the
//! app drives (the demo fleet or the user's account) and the account's API and token URLs. The
//! client id and secret are not here: they stay together in the OS keyring (`credentials.rs`).
//! The user's names for vehicles, language and theme are in the same file (`preferences.rs`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use crate::error::Error;

/// The store file, in the app's data folder.
pub(crate) const STORE_FILE: &str = "settings.json";
const KEY_MODE: &str = "mode";
const KEY_BASE_URL: &str = "apiBaseUrl";
const KEY_TOKEN_URL: &str = "tokenUrl";

/// The longest URL accepted; real ones are far shorter.
const MAX_URL_LEN: usize = 2048;

/// Which backend the app drives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// The simulator inside the app.
    #[default]
    Demo,
    /// The user's Stellantis account.
    Account,
}

/// The account's two URLs, each checked by [`checked_url`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiUrls {
    /// The API base, e.g. `https://api.groupe-psa.com/connectedcar/v1`.
    pub base_url: String,
    /// The OAuth2 token endpoint.
    pub token_url: String,
}

impl ApiUrls {
    /// Checks both URLs typed by the user; the error names the field that is wrong.
    pub fn checked(base_url: &str, token_url: &str) -> Result<Self, Error> {
        Ok(Self {
            base_url: checked_url("API base URL", base_url)?,
            token_url: checked_url("Token URL", token_url)?,
        })
    }
}

/// Everything stored; a missing or unreadable value reads as its default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The chosen backend.
    pub mode: Mode,
    /// The last API base URL entered, as stored.
    pub base_url: Option<String>,
    /// The last token URL entered, as stored.
    pub token_url: Option<String>,
}

impl Settings {
    /// The account URLs when both are stored and still valid.
    pub fn urls(&self) -> Result<ApiUrls, Error> {
        ApiUrls::checked(
            self.base_url.as_deref().unwrap_or_default(),
            self.token_url.as_deref().unwrap_or_default(),
        )
    }

    /// Reads the settings from the store's values; anything unexpected is ignored.
    pub fn from_values(
        mode: Option<serde_json::Value>,
        base_url: Option<serde_json::Value>,
        token_url: Option<serde_json::Value>,
    ) -> Self {
        let text = |value: Option<serde_json::Value>| match value {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
            _ => None,
        };
        Self {
            mode: mode
                .and_then(|m| serde_json::from_value(m).ok())
                .unwrap_or_default(),
            base_url: text(base_url),
            token_url: text(token_url),
        }
    }
}

/// Checks one URL typed by the user: absolute http(s), and https unless the host is loopback
/// (a local simulator), so that a token never crosses a network in clear.
pub fn checked_url(field: &'static str, value: &str) -> Result<String, Error> {
    let invalid = |reason: &str| Error::InvalidInput {
        field,
        reason: reason.to_owned(),
    };
    let value = value.trim();
    if value.is_empty() {
        return Err(invalid(
            "must not be empty; copy it from your Stellantis developer account",
        ));
    }
    if value.len() > MAX_URL_LEN {
        return Err(invalid("is too long for a URL; paste the address again"));
    }
    let url = tauri::Url::parse(value)
        .map_err(|_| invalid("is not an absolute URL; write it in full, starting with https://"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid("must start with https:// and name a server"));
    }
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(invalid(
            "must use https:// (plain http:// is only accepted for localhost, 127.0.0.1 or [::1])",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "must not contain a user name or password; the credentials go in their own fields",
        ));
    }
    // The client appends paths to the base: a trailing slash would double it.
    Ok(value.trim_end_matches('/').to_owned())
}

fn is_loopback(url: &tauri::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub(crate) fn store_error(error: tauri_plugin_store::Error) -> Error {
    Error::Settings(error.to_string())
}

/// How a real account's commands are polled when no webhook reaches the app: the first poll
/// after the POST, the longest interval (the interval doubles up to it), and a cap for the
/// whole account. The defaults follow what the community found safe (about one poll per two
/// minutes per vehicle; accounts that poll more get throttled or banned). Set in
/// `settings.json` as `pollFirstSeconds`, `pollMaxSeconds` and `pollsPerMinute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    /// The first poll after the POST was accepted.
    pub first: std::time::Duration,
    /// The longest interval between two polls of one command.
    pub max: std::time::Duration,
    /// At most this many polls per minute for the whole account.
    pub per_minute: std::num::NonZeroU32,
}

impl Default for Polling {
    fn default() -> Self {
        Polling {
            first: std::time::Duration::from_secs(30),
            max: std::time::Duration::from_secs(120),
            per_minute: std::num::NonZeroU32::new(20).unwrap_or(std::num::NonZeroU32::MIN),
        }
    }
}

impl Polling {
    /// Reads the three stored values; a missing one, or one out of its range (first 10-600 s,
    /// max from first to 3600 s, 1-120 polls a minute), keeps its default.
    pub fn from_values(
        first: Option<serde_json::Value>,
        max: Option<serde_json::Value>,
        per_minute: Option<serde_json::Value>,
    ) -> Self {
        let defaults = Polling::default();
        let number = |value: Option<serde_json::Value>, range: std::ops::RangeInclusive<u64>| {
            value.and_then(|v| v.as_u64()).filter(|n| range.contains(n))
        };
        let first = number(first, 10..=600)
            .map(std::time::Duration::from_secs)
            .unwrap_or(defaults.first);
        let max = number(max, first.as_secs()..=3600)
            .map(std::time::Duration::from_secs)
            .unwrap_or(defaults.max.max(first));
        let per_minute = number(per_minute, 1..=120)
            .and_then(|n| u32::try_from(n).ok())
            .and_then(std::num::NonZeroU32::new)
            .unwrap_or(defaults.per_minute);
        Polling {
            first,
            max,
            per_minute,
        }
    }
}

/// Where `settings.json` is kept: beside the journal, in `CAR_REMOTE_DATA_DIR` when it is set,
/// else in the app's data folder (the store's own default, the same folder).
pub(crate) fn store_path() -> PathBuf {
    car_remote_journal::data_dir()
        .map(|dir| dir.join(STORE_FILE))
        .unwrap_or_else(|_| PathBuf::from(STORE_FILE))
}

/// Reads the polling schedule of real accounts.
pub fn polling<R: Runtime>(app: &AppHandle<R>) -> Result<Polling, Error> {
    let store = app.store(store_path()).map_err(store_error)?;
    Ok(Polling::from_values(
        store.get("pollFirstSeconds"),
        store.get("pollMaxSeconds"),
        store.get("pollsPerMinute"),
    ))
}

/// Reads the stored settings.
pub fn load<R: Runtime>(app: &AppHandle<R>) -> Result<Settings, Error> {
    let store = app.store(store_path()).map_err(store_error)?;
    Ok(Settings::from_values(
        store.get(KEY_MODE),
        store.get(KEY_BASE_URL),
        store.get(KEY_TOKEN_URL),
    ))
}

/// Stores the settings and writes the file at once.
pub fn save<R: Runtime>(app: &AppHandle<R>, settings: &Settings) -> Result<(), Error> {
    let store = app.store(store_path()).map_err(store_error)?;
    store.set(KEY_MODE, serde_json::json!(settings.mode));
    let text = |value: &Option<String>| serde_json::json!(value.clone().unwrap_or_default());
    store.set(KEY_BASE_URL, text(&settings.base_url));
    store.set(KEY_TOKEN_URL, text(&settings.token_url));
    store.save().map_err(store_error)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn polling_defaults_are_safe_and_bad_values_keep_them() {
        let defaults = Polling::default();
        assert_eq!(defaults.first.as_secs(), 30);
        assert_eq!(defaults.max.as_secs(), 120);
        assert_eq!(defaults.per_minute.get(), 20);
        assert_eq!(Polling::from_values(None, None, None), defaults);
        let junk = Polling::from_values(Some(json!(1)), Some(json!("x")), Some(json!(1000)));
        assert_eq!(junk, defaults);
        let custom = Polling::from_values(Some(json!(60)), Some(json!(300)), Some(json!(5)));
        assert_eq!(
            (
                custom.first.as_secs(),
                custom.max.as_secs(),
                custom.per_minute.get()
            ),
            (60, 300, 5)
        );
        // A max below the first poll is refused: the max is at least the first.
        let inverted = Polling::from_values(Some(json!(300)), Some(json!(60)), None);
        assert_eq!(inverted.max.as_secs(), 300);
    }

    #[test]
    fn accepts_https_and_loopback_http() {
        for (input, expected) in [
            (
                " https://api.example.com/connectedcar/v1/ ",
                "https://api.example.com/connectedcar/v1",
            ),
            ("http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api"),
            ("http://localhost:9/token", "http://localhost:9/token"),
            ("http://[::1]:8080/api", "http://[::1]:8080/api"),
        ] {
            assert_eq!(checked_url("API base URL", input).expect(input), expected);
        }
    }

    #[test]
    fn refuses_bad_urls_naming_the_field() {
        for (input, expected) in [
            ("", "must not be empty"),
            ("api.example.com/v1", "not an absolute URL"),
            ("ftp://api.example.com", "must start with https://"),
            ("http://api.example.com/v1", "must use https://"),
            ("http://192.168.1.2/v1", "must use https://"),
            ("https://me:pw@api.example.com", "user name or password"),
        ] {
            let error = checked_url("Token URL", input).expect_err(input);
            assert_eq!(error.kind(), crate::error::ErrorKind::InvalidInput);
            let message = error.to_string();
            assert!(message.starts_with("Token URL: "), "{message}");
            assert!(message.contains(expected), "{input}: {message}");
        }
        let both = ApiUrls::checked("https://ok.example.com", "nope").expect_err("token URL");
        assert!(both.to_string().starts_with("Token URL: "), "{both}");
    }

    #[test]
    fn reads_stored_values_leniently() {
        let settings = Settings::from_values(
            Some(json!("account")),
            Some(json!("https://a.example.com")),
            Some(json!("")),
        );
        assert_eq!(settings.mode, Mode::Account);
        assert_eq!(settings.base_url.as_deref(), Some("https://a.example.com"));
        assert_eq!(settings.token_url, None);
        assert!(settings.urls().is_err(), "an empty token URL is not usable");
        let junk = Settings::from_values(Some(json!("warp")), Some(json!(3)), None);
        assert_eq!(junk, Settings::default());
        assert_eq!(junk.mode, Mode::Demo);
    }
}
