//! The app's one error type. It crosses IPC as `{"kind": "...", "message": "..."}` so the UI can
//! switch on `kind` and show `message`, which always says what to do next.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Everything that can go wrong in the app shell.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No Secret Service / keychain / credential manager answered.
    #[error(
        "The system keyring is not available ({0}). Car Remote keeps your credentials only there: \
         on Linux, install and unlock a Secret Service provider such as GNOME Keyring or KeePassXC, \
         then try again."
    )]
    KeyringUnavailable(String),
    /// The keyring answered but refused or failed the operation.
    #[error("The system keyring could not complete the operation ({0}). Unlock it and try again.")]
    Keyring(String),
    /// A value typed by the user is not acceptable.
    #[error("{field}: {reason}")]
    InvalidInput {
        /// The form field, as the user sees it.
        field: &'static str,
        /// What is wrong and what is accepted.
        reason: String,
    },
    /// A command typed in the app is not acceptable; the message names the field.
    #[error("{0}")]
    InvalidCommand(String),
    /// A command that is hard to undo was sent without the user's confirmation.
    #[error("{0} Confirm it to send it.")]
    ConfirmationNeeded(&'static str),
    /// The account mode was chosen but no client id and secret are stored.
    #[error(
        "No Stellantis credentials are stored. Enter the client ID and secret in the Stellantis \
         account card, save them, then choose \"Use this account\" again."
    )]
    NoCredentials,
    /// The settings file could not be read or written.
    #[error(
        "The settings could not be read or saved ({0}). Check that the app's data folder is writable, then try again."
    )]
    Settings(String),
    /// The built-in demo fleet could not start.
    #[error("The demo fleet could not start ({0}). Restart the app; if it persists, report it.")]
    DemoUnavailable(String),
    /// The Stellantis API (or the demo fleet's server) refused or failed a request.
    #[error("{0}")]
    Api(#[from] stellantis::Error),
    /// A map tile is neither in the cache nor reachable (offline, or the tile server failed).
    #[error(
        "This map tile is not cached and could not be fetched ({0}). Check the internet connection; \
         areas seen before still show offline."
    )]
    TileUnavailable(String),
    /// A background task died before answering (a bug, not the user's doing).
    #[error(
        "An internal task stopped unexpectedly ({0}). Please try again; if it persists, restart the app."
    )]
    Internal(String),
}

impl Error {
    /// The stable, camelCase kind the UI switches on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::KeyringUnavailable(_) => "keyringUnavailable",
            Error::Keyring(_) => "keyring",
            Error::InvalidInput { .. } => "invalidInput",
            Error::InvalidCommand(_) => "invalidInput",
            Error::ConfirmationNeeded(_) => "confirmationNeeded",
            Error::NoCredentials => "signedOut",
            Error::Settings(_) => "settings",
            Error::DemoUnavailable(_) => "demoUnavailable",
            Error::Api(error) => error.kind().as_str(),
            Error::TileUnavailable(_) => "tileUnavailable",
            Error::Internal(_) => "internal",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_ipc_as_kind_and_message() {
        let error = Error::InvalidInput {
            field: "Client ID",
            reason: "must not be empty".into(),
        };
        let json = serde_json::to_value(&error).expect("serialises");
        assert_eq!(json["kind"], "invalidInput");
        assert_eq!(json["message"], "Client ID: must not be empty");
        assert_eq!(json.as_object().map(|o| o.len()), Some(2));
    }

    #[test]
    fn api_errors_keep_the_client_kind() {
        let error = Error::from(stellantis::Error::Config("no base URL".into()));
        let json = serde_json::to_value(&error).expect("serialises");
        assert_eq!(json["kind"], "config");
        assert!(
            json["message"]
                .as_str()
                .is_some_and(|m| m.contains("no base URL"))
        );
        let confirm = Error::ConfirmationNeeded("It cannot be undone.");
        assert_eq!(confirm.kind(), "confirmationNeeded");
        assert_eq!(
            confirm.to_string(),
            "It cannot be undone. Confirm it to send it."
        );
    }
}
