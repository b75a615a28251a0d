//! Car Remote: the Tauri shell around the `stellantis` client.

mod commands;
mod credentials;
mod error;
mod state;
mod vault;

/// Builds and runs the app until its last window closes.
pub fn run() {
    let result = tauri::Builder::default()
        .manage(state::AppState::new())
        .invoke_handler(tauri::generate_handler![
            commands::credentials_status,
            commands::save_credentials,
            commands::forget_credentials,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Car Remote could not start: {error}");
        std::process::exit(1);
    }
}
