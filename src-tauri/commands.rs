//! Every `#[tauri::command]`: each reads the state, calls one function, returns its answer.
//! Keyring calls block, so they run on the blocking thread pool, off the async runtime.

use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use car_remote_vault::{self as credentials, CredentialsStatus, Secret, Vault};
use stellantis::model::{CommandInput, RemoteCommand};

use crate::backend::SentCommand;
use crate::capability::FeatureSupport;
use crate::error::Error;
use crate::progress::Progress;
use crate::state::{AppState, BackendStatus};
use crate::vehicle::VehicleSummary;

async fn with_vault<T, F>(state: &State<'_, AppState>, work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce(&Vault) -> Result<T, car_remote_vault::Error> + Send + 'static,
{
    let vault = state.vault.clone();
    Ok(tauri::async_runtime::spawn_blocking(move || work(&vault))
        .await
        .map_err(|join| Error::Internal(join.to_string()))??)
}

/// Which credentials are stored (never the secret).
#[tauri::command]
pub async fn credentials_status(state: State<'_, AppState>) -> Result<CredentialsStatus, Error> {
    with_vault(&state, credentials::status).await
}

/// Stores the client id and secret in the OS keyring.
#[tauri::command]
pub async fn save_credentials(
    state: State<'_, AppState>,
    client_id: String,
    client_secret: String,
) -> Result<CredentialsStatus, Error> {
    let secret = Secret::new(client_secret);
    let status = with_vault(&state, move |vault| {
        credentials::save(vault, &client_id, secret)
    })
    .await?;
    state.credentials_saved();
    Ok(status)
}

/// Removes the stored credentials and signs the account out.
#[tauri::command]
pub async fn forget_credentials(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<CredentialsStatus, Error> {
    let status = with_vault(&state, credentials::forget).await?;
    state.credentials_forgotten(&app).await?;
    Ok(status)
}

/// Which backend is in use (demo fleet or account) and the stored account URLs.
#[tauri::command]
pub async fn backend_status(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<BackendStatus, Error> {
    state.status(&app).await
}

/// Stores the account URLs and signs in to the account with the stored credentials.
#[tauri::command]
pub async fn use_account(
    app: AppHandle,
    state: State<'_, AppState>,
    base_url: String,
    token_url: String,
) -> Result<BackendStatus, Error> {
    state.use_account(&app, &base_url, &token_url).await
}

/// Goes back to the built-in demo fleet.
#[tauri::command]
pub async fn use_demo(app: AppHandle, state: State<'_, AppState>) -> Result<BackendStatus, Error> {
    state.use_demo(&app).await
}

/// Every vehicle of the fleet with its latest state.
#[tauri::command]
pub async fn fleet(state: State<'_, AppState>) -> Result<Vec<VehicleSummary>, Error> {
    state.backend().await?.fleet().await
}

/// Which of the 13 features the vehicle supports.
#[tauri::command]
pub async fn capability(
    state: State<'_, AppState>,
    vehicle_id: String,
) -> Result<Vec<FeatureSupport>, Error> {
    state.backend().await?.capability(&vehicle_id).await
}

/// Checks a command at the library's one door, sends it, and streams each of its steps on
/// `on_progress`. `input` is taken as plain JSON so that a wrong shape is answered with a typed
/// error naming the field; `vehicle_name` is only used to name the vehicle in a confirmation.
#[tauri::command]
pub async fn send_command(
    state: State<'_, AppState>,
    vehicle_id: String,
    vehicle_name: Option<String>,
    input: serde_json::Value,
    confirmed: bool,
    on_progress: Channel<Progress>,
) -> Result<SentCommand, Error> {
    let input = CommandInput::from_json(input).map_err(stellantis::Error::from)?;
    let command = RemoteCommand::checked(input, confirmed, vehicle_name.as_deref())?;
    let backend = state.backend().await?;
    Ok(backend.send(&vehicle_id, command, move |step| {
        on_progress.send(step).is_ok()
    }))
}
