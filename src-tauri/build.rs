//! Build script: generates the Tauri context and the permissions of the app's own commands.

fn main() {
    // Listing the commands makes Tauri deny every app command that no capability grants,
    // so `src-tauri/capabilities/` is the single list of what the window may call.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "credentials_status",
        "save_credentials",
        "forget_credentials",
        "backend_status",
        "use_account",
        "use_demo",
        "fleet",
        "fleet_states",
        "vehicle",
        "vehicle_usage",
        "rename_vehicle",
        "preferences",
        "set_preferences",
        "capability",
        "send_command",
        "check_now",
        "cancel_command",
        "history",
        "export_history",
        "journal_changes",
        // The fleet screen (fleet_run.rs) and its saved groups (preferences.rs).
        "fleet_preview",
        "fleet_start",
        "fleet_cancel",
        "fleet_runs",
        "fleet_run",
        "fleet_resume",
        "fleet_export",
        "fleet_groups",
        "save_fleet_group",
        "delete_fleet_group",
        // About box, updates, start-up timing (about.rs, updates.rs, startup.rs).
        "about",
        "check_for_updates",
        "install_update",
        "watch_updates",
        "startup_painted",
    ]);
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports failure by exiting non-zero; the message is the useful part.
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
