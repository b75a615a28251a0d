//! Every `#[tauri::command]`: each reads the state, calls one function, returns its answer.
//! Keyring calls block, so they run on the blocking thread pool, off the async runtime.

use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use car_remote_vault::{self as credentials, CredentialsStatus, Secret, Vault};
use stellantis::model::{CommandInput, RemoteCommand};

use car_remote_journal::{HistoryPage, HistoryQuery, Request};
use tauri_plugin_dialog::DialogExt;

use crate::backend::{Cancelled, Checked, SentCommand};
use crate::capability::FeatureSupport;
use crate::changes::Change;
use crate::error::Error;
use crate::fleet::FleetRead;
use crate::fleet_plan::FleetPreview;
use crate::fleet_row;
use crate::fleet_run::{FleetCancelled, FleetRunSummary, FleetRunView, FleetStarted, FleetUpdate};
use crate::history::{self, Exported};
use crate::preferences::{self, FleetGroup, Preferences};
use crate::progress::Progress;
use crate::state::{AppState, BackendStatus};
use crate::usage::Usage;
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

/// Every vehicle of the fleet with its last known state (from the cache), at once.
#[tauri::command]
pub async fn fleet(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Vec<VehicleSummary>, Error> {
    let names = preferences::vehicle_names(&app)?;
    state.backend().await?.fleet(names).await
}

/// Reads every vehicle's latest telemetry and sends the updated summaries on `on_states` in
/// batches; answers how many were read once all were (or the backend was switched).
#[tauri::command]
pub async fn fleet_states(
    app: AppHandle,
    state: State<'_, AppState>,
    on_states: Channel<Vec<VehicleSummary>>,
) -> Result<FleetRead, Error> {
    let names = preferences::vehicle_names(&app)?;
    let backend = state.backend().await?;
    backend
        .fleet_states(names, move |batch| on_states.send(batch).is_ok())
        .await
}

/// One vehicle with its latest state, read now (after one of its commands ended).
#[tauri::command]
pub async fn vehicle(
    app: AppHandle,
    state: State<'_, AppState>,
    vehicle_id: String,
) -> Result<VehicleSummary, Error> {
    let names = preferences::vehicle_names(&app)?;
    state.backend().await?.vehicle(&vehicle_id, names).await
}

/// The vehicle's wake-ups this month and the switches its last commands left (journal).
#[tauri::command]
pub async fn vehicle_usage(state: State<'_, AppState>, vehicle_id: String) -> Result<Usage, Error> {
    state.backend().await?.usage(&vehicle_id).await
}

/// Names the vehicle (an empty or missing name removes it) and returns its summary.
#[tauri::command]
pub async fn rename_vehicle(
    app: AppHandle,
    state: State<'_, AppState>,
    vehicle_id: String,
    name: Option<String>,
) -> Result<VehicleSummary, Error> {
    let names = preferences::rename(&app, &vehicle_id, name.as_deref())?;
    state
        .backend()
        .await?
        .known_vehicle(&vehicle_id, names)
        .await
}

/// The stored language and theme.
#[tauri::command]
pub fn preferences(app: AppHandle) -> Result<Preferences, Error> {
    preferences::load(&app)
}

/// Checks and stores the language and theme (`{language, theme}`).
#[tauri::command]
pub fn set_preferences(
    app: AppHandle,
    preferences: serde_json::Value,
) -> Result<Preferences, Error> {
    preferences::save(&app, &preferences)
}

/// Which of the 13 features the vehicle supports.
#[tauri::command]
pub async fn capability(
    state: State<'_, AppState>,
    vehicle_id: String,
) -> Result<Vec<FeatureSupport>, Error> {
    state.backend().await?.capability(&vehicle_id).await
}

/// Checks a command at the library's one door, records it in the journal under the page's
/// `request_id` (one per press: the same id again sends nothing), sends it, and streams each
/// of its steps on `on_progress`. `input` is taken as plain JSON so that a wrong shape is
/// answered with a typed error naming the field; `vehicle_name` only names the vehicle in a
/// confirmation.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // One per IPC argument of the page's call.
pub async fn send_command(
    state: State<'_, AppState>,
    request_id: String,
    vehicle_id: String,
    vehicle_name: Option<String>,
    input: serde_json::Value,
    confirmed: bool,
    on_progress: Channel<Progress>,
) -> Result<SentCommand, Error> {
    let input = CommandInput::from_json(input).map_err(stellantis::Error::from)?;
    let command = RemoteCommand::checked(input.clone(), confirmed, vehicle_name.as_deref())?;
    let request = Request {
        request_id,
        vehicle_id,
        input,
        command,
        fleet_run_id: None,
        send_by: None,
    };
    let backend = state.backend().await?;
    backend
        .send(request, move |step| on_progress.send(step).is_ok())
        .await
}

/// Looks an unfinished or unsettled command up again ("check now"), never sending it again,
/// and streams its steps on `on_progress`.
#[tauri::command]
pub async fn check_now(
    state: State<'_, AppState>,
    request_id: String,
    on_progress: Channel<Progress>,
) -> Result<Checked, Error> {
    let backend = state.backend().await?;
    backend
        .check(&request_id, move |step| on_progress.send(step).is_ok())
        .await
}

/// Cancels a command that is still waiting to be sent.
#[tauri::command]
pub async fn cancel_command(
    state: State<'_, AppState>,
    request_id: String,
) -> Result<Cancelled, Error> {
    let cancelled = state.backend().await?.cancel(&request_id);
    Ok(Cancelled { cancelled })
}

/// A page of the journal's commands, newest first.
#[tauri::command]
pub async fn history(
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<HistoryPage, Error> {
    let store = state.journal()?;
    history::blocking(store, move |s| history::page(s, &query)).await
}

/// Exports every command matching `query` as CSV to a file chosen in the save dialog;
/// `None` when the user cancelled.
#[tauri::command]
pub async fn export_history(
    app: AppHandle,
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<Option<Exported>, Error> {
    let store = state.journal()?;
    history::blocking(store, move |s| {
        save_path(&app, "car-remote-history.csv")
            .map(|path| history::export(s, &query, path))
            .transpose()
    })
    .await
}

/// Where to save an export: the file `CAR_REMOTE_SAVE_PATH` names (the tests), else the one
/// chosen in the save dialog (`None` when cancelled). Blocks: call it off the async runtime.
fn save_path(app: &AppHandle, file_name: &str) -> Option<std::path::PathBuf> {
    match std::env::var_os(history::SAVE_PATH_VAR) {
        Some(path) => Some(std::path::PathBuf::from(path)),
        None => app
            .dialog()
            .file()
            .add_filter("CSV", &["csv"])
            .set_file_name(file_name)
            .blocking_save_file()
            .and_then(|file| file.into_path().ok()),
    }
}

/// Subscribes the window to the journal's changes: the request id of every command whose
/// record changes is sent on `on_change`.
#[tauri::command]
pub fn journal_changes(state: State<'_, AppState>, on_change: Channel<Change>) {
    state.changes.subscribe(on_change);
}

/// Counts what sending `input` (the same JSON as `send_command`'s) to `vehicle_ids` will do,
/// with the sentence to confirm; sends nothing.
#[tauri::command]
pub async fn fleet_preview(
    app: AppHandle,
    state: State<'_, AppState>,
    vehicle_ids: Vec<String>,
    input: serde_json::Value,
) -> Result<FleetPreview, Error> {
    let names = preferences::vehicle_names(&app)?;
    state
        .backend()
        .await?
        .fleet_preview(vehicle_ids, input, names)
        .await
}

/// Records fleet run `run_id` (one per press: the same id again starts nothing) and sends it
/// in the background, with its progress on `on_progress`; `count` is the preview's total.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // One per IPC argument of the page's call.
pub async fn fleet_start(
    state: State<'_, AppState>,
    run_id: String,
    vehicle_ids: Vec<String>,
    input: serde_json::Value,
    confirmed: bool,
    count: usize,
    on_progress: Channel<FleetUpdate>,
) -> Result<FleetStarted, Error> {
    let backend = state.backend().await?;
    backend
        .fleet_start(
            run_id,
            vehicle_ids,
            input,
            confirmed,
            count,
            move |update| on_progress.send(update).is_ok(),
        )
        .await
}

/// Stops a running fleet run from sending more; what was sent is still followed.
#[tauri::command]
pub async fn fleet_cancel(
    state: State<'_, AppState>,
    run_id: String,
) -> Result<FleetCancelled, Error> {
    let cancelled = state.backend().await?.fleet_cancel(&run_id);
    Ok(FleetCancelled { cancelled })
}

/// The newest fleet runs of this account, newest first.
#[tauri::command]
pub async fn fleet_runs(state: State<'_, AppState>) -> Result<Vec<FleetRunSummary>, Error> {
    state.backend().await?.fleet_runs().await
}

/// One fleet run with every vehicle of its plan.
#[tauri::command]
pub async fn fleet_run(state: State<'_, AppState>, run_id: String) -> Result<FleetRunView, Error> {
    state.backend().await?.fleet_run(&run_id).await
}

/// Sends an interrupted fleet run again (only its vehicles never recorded are posted), with
/// its progress on `on_progress`.
#[tauri::command]
pub async fn fleet_resume(
    state: State<'_, AppState>,
    run_id: String,
    on_progress: Channel<FleetUpdate>,
) -> Result<FleetStarted, Error> {
    let backend = state.backend().await?;
    backend
        .fleet_resume(&run_id, move |update| on_progress.send(update).is_ok())
        .await
}

/// Exports a fleet run's vehicles as CSV to a file chosen in the save dialog; `None` when the
/// user cancelled.
#[tauri::command]
pub async fn fleet_export(
    app: AppHandle,
    state: State<'_, AppState>,
    run_id: String,
) -> Result<Option<Exported>, Error> {
    let names = preferences::vehicle_names(&app)?;
    let rows = state
        .backend()
        .await?
        .fleet_export_rows(&run_id, names)
        .await?;
    let file_name = format!("car-remote-fleet-{run_id}.csv");
    tauri::async_runtime::spawn_blocking(move || {
        save_path(&app, &file_name)
            .map(|path| {
                history::write_file(path, |out| {
                    Ok(car_remote_journal::write_csv_records(
                        out,
                        &fleet_row::CSV_HEADER,
                        rows,
                    )?)
                })
            })
            .transpose()
    })
    .await
    .map_err(|join| Error::Internal(join.to_string()))?
}

/// The saved groups of vehicles, sorted by name.
#[tauri::command]
pub fn fleet_groups(app: AppHandle) -> Result<Vec<FleetGroup>, Error> {
    preferences::fleet_groups(&app)
}

/// Saves a group of vehicles (replacing the group of that name); answers every group.
#[tauri::command]
pub fn save_fleet_group(
    app: AppHandle,
    name: String,
    vehicle_ids: Vec<String>,
) -> Result<Vec<FleetGroup>, Error> {
    preferences::save_fleet_group(&app, &name, vehicle_ids)
}

/// Deletes the group of that name; answers every group.
#[tauri::command]
pub fn delete_fleet_group(app: AppHandle, name: String) -> Result<Vec<FleetGroup>, Error> {
    preferences::delete_fleet_group(&app, &name)
}
