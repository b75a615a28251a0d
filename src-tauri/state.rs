//! The app's one state, managed by Tauri and handed to every command.

use tokio::sync::OnceCell;

use crate::demo::{self, Demo};
use crate::error::Error;
use crate::vault::Vault;

/// The keyring service name every Car Remote credential is filed under.
pub const KEYRING_SERVICE: &str = "car-remote";

/// Everything the commands share.
pub struct AppState {
    /// The OS keyring.
    pub vault: Vault,
    /// The demo fleet, started on first use and kept until the app quits.
    demo: OnceCell<Demo>,
}

impl AppState {
    /// The state of a normal app start.
    pub fn new() -> Self {
        Self {
            vault: Vault::new(KEYRING_SERVICE),
            demo: OnceCell::new(),
        }
    }

    /// The demo fleet, started by the first caller; a failed start is retried by the next one.
    pub async fn demo(&self) -> Result<&Demo, Error> {
        self.demo
            .get_or_try_init(|| async {
                let scale = demo::time_scale(std::env::var(demo::TIME_SCALE_VAR).ok().as_deref())?;
                Demo::start(scale).await
            })
            .await
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
