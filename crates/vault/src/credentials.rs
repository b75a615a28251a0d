//! The Stellantis account credentials: the client id and the client secret, both kept in the
//! OS keyring (the client id is not secret, but keeping the pair together means one place to
//! sign out from).

use serde::Serialize;

use crate::{
    CLIENT_ID_ENTRY as CLIENT_ID, CLIENT_SECRET_ENTRY as CLIENT_SECRET, Error, Secret, Vault,
};

/// The longest client id or secret accepted, in bytes.
pub const MAX_LEN: usize = 512;

/// What the UI may know about the stored credentials: never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsStatus {
    /// The stored client id, if any.
    pub client_id: Option<String>,
    /// Whether a client secret is stored.
    pub has_secret: bool,
}

/// Reads what is stored.
pub fn status(vault: &Vault) -> Result<CredentialsStatus, Error> {
    let client_id = vault.read(CLIENT_ID)?.map(|id| id.expose().to_owned());
    let has_secret = vault.read(CLIENT_SECRET)?.is_some();
    Ok(CredentialsStatus {
        client_id,
        has_secret,
    })
}

/// The stored client id and secret, for signing in; [`Error::NoCredentials`] when either is
/// missing.
pub fn load(vault: &Vault) -> Result<(String, Secret), Error> {
    match (vault.read(CLIENT_ID)?, vault.read(CLIENT_SECRET)?) {
        (Some(id), Some(secret)) => Ok((id.expose().to_owned(), secret)),
        _ => Err(Error::NoCredentials),
    }
}

/// Checks and stores a client id and secret typed by the user.
pub fn save(vault: &Vault, client_id: &str, secret: Secret) -> Result<CredentialsStatus, Error> {
    let client_id = checked("Client ID", client_id)?;
    let secret = Secret::new(checked("Client secret", secret.expose())?);
    vault.store(CLIENT_ID, &Secret::new(client_id))?;
    vault.store(CLIENT_SECRET, &secret)?;
    status(vault)
}

/// Removes both values; forgetting twice is not an error.
pub fn forget(vault: &Vault) -> Result<CredentialsStatus, Error> {
    vault.delete(CLIENT_SECRET)?;
    vault.delete(CLIENT_ID)?;
    status(vault)
}

fn checked<'a>(field: &'static str, value: &'a str) -> Result<&'a str, Error> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::InvalidInput {
            field,
            reason: "must not be empty; copy it from your Stellantis developer account".into(),
        });
    }
    if value.len() > MAX_LEN {
        return Err(Error::InvalidInput {
            field,
            reason: format!(
                "is {} characters long; at most {MAX_LEN} are accepted",
                value.len()
            ),
        });
    }
    if value.chars().any(char::is_control) {
        return Err(Error::InvalidInput {
            field,
            reason: "contains control characters; paste the value again without line breaks".into(),
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_long_and_control_characters_with_field_names() {
        let cases = [("   ", "must not be empty"), ("a\nb", "control characters")];
        for (input, expected) in cases {
            let err = checked("Client ID", input).expect_err(input);
            assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
            let message = err.to_string();
            assert!(message.starts_with("Client ID: "), "{message}");
            assert!(message.contains(expected), "{message}");
        }
        let long = "x".repeat(MAX_LEN + 1);
        assert!(
            checked("Client secret", &long)
                .expect_err("too long")
                .to_string()
                .contains("at most 512")
        );
        assert_eq!(checked("Client ID", "  abc ").expect("trimmed"), "abc");
    }

    #[test]
    fn save_status_forget_against_the_real_keyring() {
        let vault = Vault::new(format!(
            "car-remote-test-credentials-{}",
            std::process::id()
        ));
        assert_eq!(
            status(&vault).expect("status"),
            CredentialsStatus {
                client_id: None,
                has_secret: false
            }
        );
        let saved = save(&vault, " my-client ", Secret::new("my-secret")).expect("save");
        assert_eq!(
            saved,
            CredentialsStatus {
                client_id: Some("my-client".into()),
                has_secret: true
            }
        );
        let invalid = save(&vault, "", Secret::new("x")).expect_err("empty id refused");
        assert!(matches!(invalid, Error::InvalidInput { .. }), "{invalid:?}");
        // A refused save leaves what was stored untouched.
        assert_eq!(status(&vault).expect("status"), saved);
        let forgotten = forget(&vault).expect("forget");
        assert_eq!(
            forgotten,
            CredentialsStatus {
                client_id: None,
                has_secret: false
            }
        );
        forget(&vault).expect("forgetting twice is fine");
    }
}
