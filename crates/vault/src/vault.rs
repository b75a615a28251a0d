//! The keyring itself: the entries of one service name, read, written and deleted.

use crate::{Error, SERVICE, Secret};

/// Entries of one keyring service name ([`SERVICE`] for Car Remote; tests use their own).
#[derive(Clone, Debug)]
pub struct Vault {
    service: String,
}

impl Vault {
    /// Car Remote's own entries, shared by the app and the CLI.
    pub fn app() -> Self {
        Self::new(SERVICE)
    }

    /// A vault whose entries are filed under `service`.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// Stores (or replaces) the secret kept under `account`.
    pub fn store(&self, account: &str, secret: &Secret) -> Result<(), Error> {
        self.entry(account)?
            .set_password(secret.expose())
            .map_err(keyring_error)
    }

    /// Reads the secret kept under `account`; `None` when there is none.
    pub fn read(&self, account: &str) -> Result<Option<Secret>, Error> {
        match self.entry(account)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(other) => Err(keyring_error(other)),
        }
    }

    /// Deletes the secret kept under `account`; `false` when there was none.
    pub fn delete(&self, account: &str) -> Result<bool, Error> {
        match self.entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(other) => Err(keyring_error(other)),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, Error> {
        keyring::Entry::new(&self.service, account).map_err(keyring_error)
    }
}

fn keyring_error(error: keyring::Error) -> Error {
    match error {
        keyring::Error::NoStorageAccess(inner) => Error::KeyringUnavailable(inner.to_string()),
        keyring::Error::PlatformFailure(inner) => Error::KeyringUnavailable(inner.to_string()),
        // The remaining variants never carry the secret itself, only what was wrong with it.
        other => Error::Keyring(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    //! These tests talk to the real OS keyring. On Linux the test command (`./dev.sh test`)
    //! starts a private D-Bus session with an unlocked gnome-keyring, so nothing touches the
    //! developer's own keyring.

    use std::process::Command;

    use super::*;

    fn test_vault() -> Vault {
        let unique = format!(
            "car-remote-test-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        );
        Vault::new(unique)
    }

    #[test]
    fn round_trip_through_the_real_secret_service() {
        let vault = test_vault();
        let account = "client-secret";

        assert!(vault.read(account).expect("keyring reachable").is_none());
        vault
            .store(account, &Secret::new("s3cr3t-value"))
            .expect("store succeeds");
        let read = vault
            .read(account)
            .expect("read succeeds")
            .expect("present");
        assert_eq!(read.expose(), "s3cr3t-value");

        // Read the item back through another Secret Service client, which proves it is stored
        // in the real keyring and not in keyring-rs's in-memory mock store.
        if cfg!(target_os = "linux") {
            let output = Command::new("secret-tool")
                .args(["lookup", "service", &vault.service, "username", account])
                .output()
                .expect("secret-tool is installed by ./dev.sh setup (package libsecret-tools)");
            assert!(output.status.success(), "secret-tool found no item");
            assert_eq!(String::from_utf8_lossy(&output.stdout), "s3cr3t-value");
        }

        vault
            .store(account, &Secret::new("replaced"))
            .expect("replace succeeds");
        assert_eq!(
            vault
                .read(account)
                .expect("read")
                .expect("present")
                .expose(),
            "replaced"
        );

        assert!(vault.delete(account).expect("delete succeeds"));
        assert!(vault.read(account).expect("read after delete").is_none());
        assert!(
            !vault
                .delete(account)
                .expect("second delete is not an error")
        );
    }
}
