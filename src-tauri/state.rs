//! The app's one state, managed by Tauri and handed to every command.

use crate::vault::Vault;

/// The keyring service name every Car Remote credential is filed under.
pub const KEYRING_SERVICE: &str = "car-remote";

/// Everything the commands share.
pub struct AppState {
    /// The OS keyring.
    pub vault: Vault,
}

impl AppState {
    /// The state of a normal app start.
    pub fn new() -> Self {
        Self {
            vault: Vault::new(KEYRING_SERVICE),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
