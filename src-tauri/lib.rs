//! Car Remote: the Tauri shell around the `stellantis` client.

mod capability;
mod commands;
mod credentials;
mod demo;
mod error;
mod fleet;
mod progress;
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
