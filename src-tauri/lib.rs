//! Car Remote: the Tauri shell around the `stellantis` client.

mod about;
mod backend;
mod capability;
mod changes;
mod commands;
mod demo;
mod desktop;
mod error;
mod fleet;
mod fleet_live;
mod fleet_plan;
mod fleet_row;
mod fleet_run;
mod history;
mod logging;
mod navigation;
mod preferences;
mod programs;
mod progress;
mod reading;
mod settings;
mod startup;
mod state;
mod tiles;
mod updates;
mod usage;
mod vehicle;

use std::sync::Arc;

use tauri::Manager;

/// Builds and runs the app until its last window closes.
pub fn run() {
    let startup = startup::Startup::now();
    let result = tauri::Builder::default()
        // First: a second launch hands over to the running one and exits before anything starts.
        .plugin(desktop::single_instance())
        .plugin(logging::plugin())
        .plugin(desktop::window_state())
        .plugin(updates::plugin())
        .manage(startup)
        .manage(updates::Updates::default())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(navigation::guard())
        // Used from Rust only (the history and fleet exports' save dialog): the window gets no
        // permission.
        .plugin(tauri_plugin_dialog::init())
        // The page asks for a notification when a command ends while the window is not focused.
        .plugin(tauri_plugin_notification::init())
        .manage(state::AppState::new())
        .setup(|app| {
            logging::log_start(app.handle());
            updates::check_in_background(app.handle().clone());
            app.state::<state::AppState>().restore(app.handle());
            // Without a cache folder (no home directory) tiles still load, cached in a temp folder.
            let cache_root = app
                .path()
                .app_cache_dir()
                .unwrap_or_else(|_| std::env::temp_dir().join("car-remote"))
                .join("tiles");
            app.manage(Arc::new(tiles::TileStore::from_env(&cache_root)?));
            Ok(())
        })
        .register_asynchronous_uri_scheme_protocol(tiles::SCHEME, |context, request, responder| {
            // The handler runs on the WebView's thread: answer from a task, never block it.
            let app = context.app_handle().clone();
            let path = request.uri().path().to_owned();
            tauri::async_runtime::spawn(async move {
                let store = app.state::<Arc<tiles::TileStore>>().inner().clone();
                responder.respond(store.respond(&path).await);
            });
        })
        .invoke_handler(tauri::generate_handler![
            about::about,
            updates::check_for_updates,
            updates::install_update,
            updates::watch_updates,
            startup::startup_painted,
            commands::credentials_status,
            commands::save_credentials,
            commands::forget_credentials,
            commands::backend_status,
            commands::use_account,
            commands::use_demo,
            commands::fleet,
            commands::fleet_states,
            commands::vehicle,
            commands::vehicle_usage,
            commands::rename_vehicle,
            commands::preferences,
            commands::set_preferences,
            commands::capability,
            commands::send_command,
            commands::check_now,
            commands::cancel_command,
            commands::history,
            commands::export_history,
            commands::journal_changes,
            commands::fleet_preview,
            commands::fleet_start,
            commands::fleet_cancel,
            commands::fleet_runs,
            commands::fleet_run,
            commands::fleet_resume,
            commands::fleet_export,
            commands::fleet_groups,
            commands::save_fleet_group,
            commands::delete_fleet_group,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Car Remote could not start: {error}");
        std::process::exit(1);
    }
}
