//! Every `#[tauri::command]`: each reads the state, calls one function, returns its answer.
//! Keyring calls block, so they run on the blocking thread pool, off the async runtime.

use tauri::State;

use crate::credentials::{self, CredentialsStatus};
use crate::error::Error;
use crate::state::AppState;
use crate::vault::{Secret, Vault};

async fn with_vault<T, F>(state: State<'_, AppState>, work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce(&Vault) -> Result<T, Error> + Send + 'static,
{
    let vault = state.vault.clone();
    tauri::async_runtime::spawn_blocking(move || work(&vault))
        .await
        .map_err(|join| Error::Internal(join.to_string()))?
}

/// Which credentials are stored (never the secret).
#[tauri::command]
pub async fn credentials_status(state: State<'_, AppState>) -> Result<CredentialsStatus, Error> {
    with_vault(state, credentials::status).await
}

/// Stores the client id and secret in the OS keyring.
#[tauri::command]
pub async fn save_credentials(
    state: State<'_, AppState>,
    client_id: String,
    client_secret: String,
) -> Result<CredentialsStatus, Error> {
    let secret = Secret::new(client_secret);
    with_vault(state, move |vault| {
        credentials::save(vault, &client_id, secret)
    })
    .await
}

/// Removes the stored credentials.
#[tauri::command]
pub async fn forget_credentials(state: State<'_, AppState>) -> Result<CredentialsStatus, Error> {
    with_vault(state, credentials::forget).await
}
