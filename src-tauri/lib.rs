//! Car Remote: the Tauri shell around the `stellantis` client.

mod backend;
mod capability;
mod commands;
mod demo;
mod error;
mod navigation;
mod progress;
mod settings;
mod state;
mod tiles;
mod vehicle;

use std::sync::Arc;

use tauri::Manager;

/// Builds and runs the app until its last window closes.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(navigation::guard())
        .manage(state::AppState::new())
        .setup(|app| {
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
            commands::credentials_status,
            commands::save_credentials,
            commands::forget_credentials,
            commands::backend_status,
            commands::use_account,
            commands::use_demo,
            commands::fleet,
            commands::capability,
            commands::send_command,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Car Remote could not start: {error}");
        std::process::exit(1);
    }
}
