//! Car Remote's credentials in the OS keyring (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows): the only code that talks to the keyring, used by the app and
//! by `car-remote-cli` alike, so the service and entry names exist once.
//!
//! Values are held in [`stellantis::Secret`], which never prints and is wiped when dropped.

mod credentials;
mod vault;

pub use credentials::{CredentialsStatus, MAX_LEN, forget, load, save, status};
pub use stellantis::Secret;
pub use vault::Vault;

/// The keyring service every Car Remote credential is filed under.
pub const SERVICE: &str = "car-remote";

/// The keyring entry (account) that holds the Stellantis client id.
pub const CLIENT_ID_ENTRY: &str = "client-id";

/// The keyring entry (account) that holds the Stellantis client secret.
pub const CLIENT_SECRET_ENTRY: &str = "client-secret";

/// What can go wrong with the keyring or the credentials typed into it.
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
    /// No client id and secret are stored.
    #[error(
        "No Stellantis credentials are stored. Enter the client ID and secret in the Stellantis \
         account card of Car Remote and save them, then try again."
    )]
    NoCredentials,
}
