//! The app's one error type. It crosses IPC as `{"kind": "...", "message": "..."}` so the UI can
//! switch on `kind` and show `message`, which always says what to do next. Errors of the
//! `stellantis` library keep their structured fields (`field`, `allowed`, `got` for invalid
//! input; `warning` and `vehicle` for a command that needs a confirmation).

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Everything that can go wrong in the app shell.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The keyring or the credentials typed into it.
    #[error(transparent)]
    Vault(#[from] car_remote_vault::Error),
    /// A value typed by the user in the app's own forms (the account URLs) is not acceptable.
    #[error("{field}: {reason}")]
    InvalidInput {
        /// The form field, as the user sees it.
        field: &'static str,
        /// What is wrong and what is accepted.
        reason: String,
    },
    /// The settings file could not be read or written.
    #[error(
        "The settings could not be read or saved ({0}). Check that the app's data folder is writable, then try again."
    )]
    Settings(String),
    /// The built-in demo fleet could not start.
    #[error("The demo fleet could not start ({0}). Restart the app; if it persists, report it.")]
    DemoUnavailable(String),
    /// The Stellantis API (or the demo fleet's server) refused or failed a request, or the
    /// library refused a command (invalid, or not confirmed).
    #[error(transparent)]
    Api(#[from] stellantis::Error),
    /// The account refused to sign in earlier and nothing changed since: the same answer,
    /// without asking the server again.
    #[error("{0}")]
    SignInRefused(String),
    /// The command journal could not be opened, so no command can be sent (one that could not
    /// be recorded could be lost or sent twice).
    #[error(
        "{0} Car Remote sends no command it cannot record; the vehicle list and the map still work."
    )]
    JournalUnavailable(String),
    /// Reading or writing the command journal failed.
    #[error(transparent)]
    Journal(#[from] car_remote_journal::Error),
    /// A map tile is neither in the cache nor reachable (offline, or the tile server failed).
    #[error(
        "This map tile is not cached and could not be fetched ({0}). Check the internet connection; \
         areas seen before still show offline."
    )]
    TileUnavailable(String),
    /// The update server could not be reached or read, or the update could not be downloaded
    /// or installed (src-tauri/updates.rs).
    #[error(
        "Car Remote could not check for or get an update ({0}). Check the internet connection and \
         try again later; this version keeps working."
    )]
    UpdateUnavailable(String),
    /// A downloaded update failed its signature check and was not installed.
    #[error(
        "The update was refused: its signature does not match Car Remote's update key ({0}), so it \
         may be damaged or tampered with. Nothing was installed and this version keeps running; \
         try again later or download the release from the project's page."
    )]
    UpdateRefused(String),
    /// A fleet run was started with another selection than the one its preview counted.
    #[error(
        "The selection changed since the preview ({previewed} vehicles then, {now} now), so \
         nothing was sent. Open the preview again, check it, then send."
    )]
    SelectionChanged {
        /// How many vehicles the preview counted.
        previewed: usize,
        /// How many are selected now (after removing duplicates).
        now: usize,
    },
    /// No fleet run with this id is in this account's journal.
    #[error(
        "No fleet run {0} is in this account's journal. Pick a run from the list of fleet runs."
    )]
    FleetRunUnknown(String),
    /// A fleet run that cannot be resumed: it is still running, or it ended.
    #[error("Fleet run {run_id} cannot be resumed: {reason}")]
    FleetRunNotResumable {
        /// The run.
        run_id: String,
        /// Why, and what to do instead.
        reason: String,
    },
    /// A background task died before answering (a bug, not the user's doing).
    #[error(
        "An internal task stopped unexpectedly ({0}). Please try again; if it persists, restart the app."
    )]
    Internal(String),
}

/// The kind of an [`Error`], which the UI switches on. Serialised as one camelCase word; the
/// library's kinds (`signedOut`, `invalidInput`, `confirmationNeeded`, ...) pass through as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// No Secret Service / keychain / credential manager answered.
    KeyringUnavailable,
    /// The keyring refused or failed the operation.
    Keyring,
    /// A value typed in a form is not acceptable.
    InvalidInput,
    /// No credentials are stored, or the server refused them.
    SignedOut,
    /// The settings file could not be read or written.
    Settings,
    /// The demo fleet could not start.
    DemoUnavailable,
    /// The command journal could not be opened, read or written.
    Journal,
    /// A map tile could not be had.
    TileUnavailable,
    /// No update could be checked for, downloaded or installed.
    UpdateUnavailable,
    /// An update failed its signature check.
    UpdateRefused,
    /// A fleet run's selection changed since its preview.
    SelectionChanged,
    /// No such fleet run.
    FleetRunUnknown,
    /// A fleet run that is running or ended cannot be resumed.
    FleetRunNotResumable,
    /// A bug.
    Internal,
    /// A kind of the `stellantis` library.
    Api(stellantis::ErrorKind),
}

impl ErrorKind {
    /// The word on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::KeyringUnavailable => "keyringUnavailable",
            ErrorKind::Keyring => "keyring",
            ErrorKind::InvalidInput => "invalidInput",
            ErrorKind::SignedOut => "signedOut",
            ErrorKind::Settings => "settings",
            ErrorKind::DemoUnavailable => "demoUnavailable",
            ErrorKind::Journal => "journal",
            ErrorKind::TileUnavailable => "tileUnavailable",
            ErrorKind::UpdateUnavailable => "updateUnavailable",
            ErrorKind::UpdateRefused => "updateRefused",
            ErrorKind::SelectionChanged => "selectionChanged",
            ErrorKind::FleetRunUnknown => "fleetRunUnknown",
            ErrorKind::FleetRunNotResumable => "fleetRunNotResumable",
            ErrorKind::Internal => "internal",
            ErrorKind::Api(kind) => kind.as_str(),
        }
    }
}

impl Serialize for ErrorKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Error {
    /// The kind the UI switches on.
    pub fn kind(&self) -> ErrorKind {
        use car_remote_vault::Error as Vault;
        match self {
            Error::Vault(Vault::KeyringUnavailable(_)) => ErrorKind::KeyringUnavailable,
            Error::Vault(Vault::Keyring(_)) => ErrorKind::Keyring,
            Error::Vault(Vault::InvalidInput { .. }) | Error::InvalidInput { .. } => {
                ErrorKind::InvalidInput
            }
            Error::Vault(Vault::NoCredentials) | Error::SignInRefused(_) => ErrorKind::SignedOut,
            Error::Settings(_) => ErrorKind::Settings,
            Error::DemoUnavailable(_) => ErrorKind::DemoUnavailable,
            Error::Api(error) => ErrorKind::Api(error.kind()),
            Error::JournalUnavailable(_) | Error::Journal(_) => ErrorKind::Journal,
            Error::TileUnavailable(_) => ErrorKind::TileUnavailable,
            Error::UpdateUnavailable(_) => ErrorKind::UpdateUnavailable,
            Error::UpdateRefused(_) => ErrorKind::UpdateRefused,
            Error::SelectionChanged { .. } => ErrorKind::SelectionChanged,
            Error::FleetRunUnknown(_) => ErrorKind::FleetRunUnknown,
            Error::FleetRunNotResumable { .. } => ErrorKind::FleetRunNotResumable,
            Error::Internal(_) => ErrorKind::Internal,
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The library's errors carry their structured fields; keep them whole.
        if let Error::Api(error) = self {
            return error.serialize(serializer);
        }
        let field = match self {
            Error::InvalidInput { field, .. }
            | Error::Vault(car_remote_vault::Error::InvalidInput { field, .. }) => Some(*field),
            _ => None,
        };
        let mut s = serializer.serialize_struct("Error", 2 + usize::from(field.is_some()))?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        if let Some(field) = field {
            s.serialize_field("field", field)?;
        }
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use stellantis::model::{CommandInput, RemoteCommand};

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
        assert_eq!(json["field"], "Client ID");
        let settings = serde_json::to_value(Error::Settings("disk full".into())).expect("json");
        assert_eq!(settings.as_object().map(|o| o.len()), Some(2));
        let keyring = Error::from(car_remote_vault::Error::KeyringUnavailable(
            "no D-Bus".into(),
        ));
        assert_eq!(keyring.kind(), ErrorKind::KeyringUnavailable);
        assert_eq!(
            serde_json::to_value(&keyring).expect("json")["kind"],
            "keyringUnavailable"
        );
    }

    #[test]
    fn api_errors_keep_the_library_kind_and_fields() {
        let error = Error::from(stellantis::Error::Config("no base URL".into()));
        assert_eq!(error.kind(), ErrorKind::Api(stellantis::ErrorKind::Config));
        let json = serde_json::to_value(&error).expect("serialises");
        assert_eq!(json["kind"], "config");
        assert!(
            json["message"]
                .as_str()
                .is_some_and(|m| m.contains("no base URL"))
        );
        let input = serde_json::json!({"feature": "navigation", "positions": [{"latitude": 91, "longitude": 2}]});
        let invalid = CommandInput::from_json(input)
            .map_err(stellantis::Error::from)
            .and_then(|input| RemoteCommand::checked(input, false, None))
            .map_err(Error::from)
            .expect_err("latitude out of range");
        let json = serde_json::to_value(&invalid).expect("serialises");
        assert_eq!(json["kind"], "invalidInput");
        assert_eq!(json["field"], "positions[0].latitude");
        assert_eq!(json["got"], "91");
        assert!(json["allowed"].as_str().is_some_and(|a| a.contains("-90")));
    }
}
