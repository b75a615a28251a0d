//! The crate's one error type: a kind a UI can switch on and a message that tells a person what
//! to do next. It serialises as `{"kind":"signedOut","message":"..."}`.

use std::time::Duration;

use serde::ser::SerializeStruct;

use crate::model::{InvalidInput, Warning};

/// What the Stellantis server said in an error body, as far as it said anything.
///
/// This API answers `{"name","debug","message"}`; the older v3 API `{"code","uuid","message"}`.
/// Both are read; `support_id` is the `debug` or `uuid` value that support asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status of the answer.
    pub status: u16,
    /// The error's name or code (`BAD_REQUEST`, `40400`, ...), when given.
    pub name: Option<String>,
    /// The server's human-readable message, when given.
    pub message: Option<String>,
    /// The id that support asks for (`debug` / `uuid`), when given.
    pub support_id: Option<String>,
}

impl ApiError {
    /// Reads an error body leniently: any JSON shape, or none at all.
    pub fn from_body(status: u16, body: &[u8]) -> Self {
        let mut out = ApiError {
            status,
            ..ApiError::default()
        };
        let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body)
        else {
            return out;
        };
        let text = |key: &str| -> Option<String> {
            match map.get(key)? {
                serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        out.name = text("name").or_else(|| text("code"));
        out.message = text("message")
            .or_else(|| text("error_description"))
            .or_else(|| text("httpMessage"));
        out.support_id = text("debug").or_else(|| text("uuid"));
        out
    }

    /// " The server said: ... (support id ...)" or an empty string, to append to a message.
    fn suffix(&self) -> String {
        let mut s = String::new();
        if let Some(m) = &self.message {
            s.push_str(" The server said: ");
            s.push_str(m);
            if !m.ends_with('.') {
                s.push('.');
            }
        }
        if let Some(id) = &self.support_id {
            s.push_str(" Support id: ");
            s.push_str(id);
            s.push('.');
        }
        s
    }
}

/// Everything that can go wrong talking to the Stellantis API.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The credentials were refused (401 on the token or on the API after one refresh).
    #[error(
        "Signed out: the Stellantis server refused the credentials. Check the client id and secret in the settings.{}",
        .0.suffix()
    )]
    SignedOut(ApiError),
    /// The account may not do this (403): a missing scope or a vehicle not in the account.
    #[error(
        "Forbidden: this account may not do that (missing rights or a vehicle not in the account). Ask the account administrator for the scope.{}",
        .0.suffix()
    )]
    Forbidden(ApiError),
    /// The vehicle, remote or channel does not exist, or there is no data for it yet (404).
    #[error("Not found: the vehicle, remote or data does not exist (yet). Refresh the vehicle list and try again.{}", .0.suffix())]
    NotFound(ApiError),
    /// This vehicle does not support this remote (501).
    #[error("Not supported: this vehicle does not support that command. Check its capabilities.{}", .0.suffix())]
    Unsupported(ApiError),
    /// The request quota is used up and the server still says 429 after waiting.
    #[error(
        "Rate limited: the Stellantis server asks to slow down{}. Wait a moment and try again.",
        retry_after.map(|d| format!(" (retry after {} s)", d.as_secs())).unwrap_or_default()
    )]
    RateLimited {
        /// How long the server asked to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// A command's parameters are outside what the API allows.
    #[error("Invalid input: {0}")]
    InvalidInput(#[from] InvalidInput),
    /// A command that is hard to undo was not confirmed; nothing was sent. The message is the
    /// warning, naming the vehicle when the caller gave its name.
    #[error("{} Confirm to send it.", .warning.text(.vehicle.as_deref()))]
    ConfirmationNeeded {
        /// What will happen.
        warning: Warning,
        /// The vehicle's name for people, when the caller gave one.
        vehicle: Option<String>,
    },
    /// The server refused the request as malformed (400): a bug or an API change.
    #[error("Bad request: the server refused the request. Please report this.{}", .0.suffix())]
    BadRequest(ApiError),
    /// The server could not be reached or did not answer in time.
    #[error("Network: {0}. Check the connection and the API URL, then try again.")]
    Network(String),
    /// The server failed (5xx) even after retrying where that is safe.
    #[error("Server error {}: the Stellantis server failed. Try again later; if it persists, contact support.{}", .0.status, .0.suffix())]
    Server(ApiError),
    /// The server answered with a status this client does not expect.
    #[error("Unexpected answer {} from the Stellantis server. Please report this.{}", .0.status, .0.suffix())]
    Unexpected(ApiError),
    /// The server's answer could not be understood.
    #[error("Unreadable answer from the Stellantis server ({0}). Please report this.")]
    Protocol(String),
    /// The client's own settings are unusable (bad URL, certificate or key).
    #[error("Configuration: {0}. Fix it in the settings.")]
    Config(String),
    /// The local webhook receiver could not start.
    #[error("Webhook receiver: {0}. Choose another address or port in the settings.")]
    Webhook(String),
}

/// The kinds of [`Error`], for a UI to switch on (serialised in camelCase).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// See [`Error::SignedOut`].
    SignedOut,
    /// See [`Error::Forbidden`].
    Forbidden,
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::Unsupported`].
    Unsupported,
    /// See [`Error::RateLimited`].
    RateLimited,
    /// See [`Error::InvalidInput`].
    InvalidInput,
    /// See [`Error::ConfirmationNeeded`].
    ConfirmationNeeded,
    /// See [`Error::BadRequest`].
    BadRequest,
    /// See [`Error::Network`].
    Network,
    /// See [`Error::Server`].
    Server,
    /// See [`Error::Unexpected`].
    Unexpected,
    /// See [`Error::Protocol`].
    Protocol,
    /// See [`Error::Config`].
    Config,
    /// See [`Error::Webhook`].
    Webhook,
}

impl ErrorKind {
    /// The camelCase name used on the wire (`"signedOut"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::SignedOut => "signedOut",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "notFound",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::RateLimited => "rateLimited",
            ErrorKind::InvalidInput => "invalidInput",
            ErrorKind::ConfirmationNeeded => "confirmationNeeded",
            ErrorKind::BadRequest => "badRequest",
            ErrorKind::Network => "network",
            ErrorKind::Server => "server",
            ErrorKind::Unexpected => "unexpected",
            ErrorKind::Protocol => "protocol",
            ErrorKind::Config => "config",
            ErrorKind::Webhook => "webhook",
        }
    }
}

impl Error {
    /// The kind of error, for a UI to switch on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::SignedOut(_) => ErrorKind::SignedOut,
            Error::Forbidden(_) => ErrorKind::Forbidden,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Unsupported(_) => ErrorKind::Unsupported,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::ConfirmationNeeded { .. } => ErrorKind::ConfirmationNeeded,
            Error::BadRequest(_) => ErrorKind::BadRequest,
            Error::Network(_) => ErrorKind::Network,
            Error::Server(_) => ErrorKind::Server,
            Error::Unexpected(_) => ErrorKind::Unexpected,
            Error::Protocol(_) => ErrorKind::Protocol,
            Error::Config(_) => ErrorKind::Config,
            Error::Webhook(_) => ErrorKind::Webhook,
        }
    }

    /// The support id (`debug` / `uuid`) the server gave, if any.
    pub fn support_id(&self) -> Option<&str> {
        match self {
            Error::SignedOut(a)
            | Error::Forbidden(a)
            | Error::NotFound(a)
            | Error::Unsupported(a)
            | Error::BadRequest(a)
            | Error::Server(a)
            | Error::Unexpected(a) => a.support_id.as_deref(),
            _ => None,
        }
    }

    /// Maps a non-success HTTP answer to the error a person can act on.
    pub fn from_status(status: u16, body: &[u8], retry_after: Option<Duration>) -> Self {
        let api = ApiError::from_body(status, body);
        match status {
            400 | 422 => Error::BadRequest(api),
            401 => Error::SignedOut(api),
            403 => Error::Forbidden(api),
            404 => Error::NotFound(api),
            429 => Error::RateLimited { retry_after },
            501 => Error::Unsupported(api),
            500..=599 => Error::Server(api),
            _ => Error::Unexpected(api),
        }
    }
}

/// Serialises as `{kind, message}`, plus the structured fields a UI needs to point at the
/// problem: `field`, `allowed` and `got` for invalid input; `warning: {code, text}` and
/// `vehicle` for a command that needs a confirmation.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Error::InvalidInput(invalid) => {
                let mut s = serializer.serialize_struct("Error", 5)?;
                s.serialize_field("kind", self.kind().as_str())?;
                s.serialize_field("message", &self.to_string())?;
                s.serialize_field("field", &invalid.field)?;
                s.serialize_field("allowed", &invalid.allowed)?;
                s.serialize_field("got", &invalid.got)?;
                s.end()
            }
            Error::ConfirmationNeeded { warning, vehicle } => {
                let mut s = serializer.serialize_struct("Error", 4)?;
                s.serialize_field("kind", self.kind().as_str())?;
                s.serialize_field("message", &self.to_string())?;
                s.serialize_field(
                    "warning",
                    &serde_json::json!({
                        "code": warning.code(),
                        "text": warning.text(vehicle.as_deref()),
                    }),
                )?;
                s.serialize_field("vehicle", vehicle)?;
                s.end()
            }
            _ => {
                let mut s = serializer.serialize_struct("Error", 2)?;
                s.serialize_field("kind", self.kind().as_str())?;
                s.serialize_field("message", &self.to_string())?;
                s.end()
            }
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_error_dialects_and_garbage() {
        let a = ApiError::from_body(
            400,
            br#"{"name":"BAD_REQUEST","debug":"ERROR_1","message":"Invalid data provided.","x":1}"#,
        );
        assert_eq!(a.name.as_deref(), Some("BAD_REQUEST"));
        assert_eq!(a.support_id.as_deref(), Some("ERROR_1"));
        let b = ApiError::from_body(404, br#"{"code":40400,"uuid":"u-1","message":"Not Found"}"#);
        assert_eq!(b.name.as_deref(), Some("40400"));
        assert_eq!(b.support_id.as_deref(), Some("u-1"));
        let c = ApiError::from_body(502, b"<html>bad gateway</html>");
        assert_eq!(
            c,
            ApiError {
                status: 502,
                ..ApiError::default()
            }
        );
    }

    #[test]
    fn serialises_as_kind_and_message_with_support_id() {
        let e = Error::from_status(
            503,
            br#"{"name":"UNAVAILABLE","debug":"ERROR_42","message":"down"}"#,
            None,
        );
        assert_eq!(e.kind(), ErrorKind::Server);
        assert_eq!(e.support_id(), Some("ERROR_42"));
        let v = serde_json::to_value(&e).expect("serialises");
        assert_eq!(v["kind"], "server");
        let msg = v["message"].as_str().expect("message is a string");
        assert!(msg.contains("ERROR_42") && msg.contains("down"), "{msg}");
        assert_eq!(v.as_object().map(|o| o.len()), Some(2));
        let kinds = [
            (401, "signedOut"),
            (403, "forbidden"),
            (404, "notFound"),
            (501, "unsupported"),
            (429, "rateLimited"),
            (400, "badRequest"),
            (418, "unexpected"),
        ];
        for (status, kind) in kinds {
            let e = Error::from_status(status, b"", None);
            assert_eq!(serde_json::to_value(&e).expect("serialises")["kind"], kind);
            assert_eq!(serde_json::to_value(e.kind()).expect("serialises"), kind);
        }
    }

    #[test]
    fn invalid_input_and_confirmation_keep_their_structured_fields() {
        let invalid = Error::from(InvalidInput::new(
            "positions[0].latitude",
            "a number from -90 to 90",
            91,
        ));
        let v = serde_json::to_value(&invalid).expect("serialises");
        assert_eq!(v["kind"], "invalidInput");
        assert_eq!(v["field"], "positions[0].latitude");
        assert_eq!(v["allowed"], "a number from -90 to 90");
        assert_eq!(v["got"], "91");
        let confirm = Error::ConfirmationNeeded {
            warning: Warning::Immobilize,
            vehicle: Some("Opel Corsa-e (…0042)".into()),
        };
        let v = serde_json::to_value(&confirm).expect("serialises");
        assert_eq!(v["kind"], "confirmationNeeded");
        assert_eq!(v["warning"]["code"], "immobilize");
        assert_eq!(
            v["warning"]["text"],
            "Opel Corsa-e (…0042) will not start until immobilization is switched off again."
        );
        assert_eq!(v["vehicle"], "Opel Corsa-e (…0042)");
        assert_eq!(
            v["message"],
            "Opel Corsa-e (…0042) will not start until immobilization is switched off again. Confirm to send it."
        );
    }
}
