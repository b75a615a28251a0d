//! Where the tool finds the account: the environment first, then the OS keyring entries the
//! Car Remote app saves. Never a command-line argument (it would show in `ps` and shell history).

use car_remote_vault::{CLIENT_ID_ENTRY, CLIENT_SECRET_ENTRY, SERVICE, Vault};
use stellantis::Secret;

/// How to reach one Stellantis account.
#[derive(Debug)]
pub struct Account {
    /// The API base URL.
    pub base_url: String,
    /// The OAuth2 token endpoint.
    pub token_url: String,
    /// The application's client id.
    pub client_id: String,
    /// The application's client secret.
    pub client_secret: Secret,
}

/// Why no account could be put together; the message says what to set.
#[derive(Debug)]
pub struct MissingCredentials(String);

impl std::fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A non-empty environment variable.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A keyring entry of the app; `None` if absent.
fn keyring(entry: &str) -> Result<Option<Secret>, String> {
    Vault::app()
        .read(entry)
        .map_err(|error| format!("the OS keyring could not be read ({error})"))
}

/// One value: the environment variable, else the keyring entry.
fn value(variable: &str, entry: &str) -> Result<Secret, MissingCredentials> {
    if let Some(value) = env(variable) {
        return Ok(Secret::new(value));
    }
    match keyring(entry) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(MissingCredentials(format!(
            "no {variable}: set it in the environment, or save the credentials in the Car Remote app (OS keyring, service \"{SERVICE}\")"
        ))),
        Err(reason) => Err(MissingCredentials(format!(
            "no {variable} in the environment and {reason}; set {variable}"
        ))),
    }
}

/// The account from the environment and the keyring.
pub fn from_environment() -> Result<Account, MissingCredentials> {
    let url = |variable: &str, what: &str| {
        env(variable).ok_or_else(|| {
            MissingCredentials(format!(
                "no {variable}: set it to the {what} of your Stellantis developer account (or use --demo)"
            ))
        })
    };
    Ok(Account {
        base_url: url("STELLANTIS_BASE_URL", "API base URL")?,
        token_url: url("STELLANTIS_TOKEN_URL", "OAuth2 token URL")?,
        client_id: value("STELLANTIS_CLIENT_ID", CLIENT_ID_ENTRY)?
            .expose()
            .to_owned(),
        client_secret: value("STELLANTIS_CLIENT_SECRET", CLIENT_SECRET_ENTRY)?,
    })
}
