//! Desktop manners: one running instance (a second launch brings the first window forward and
//! exits), and the main window's size and place remembered from one run to the next.
//!
//! Both are Tauri plugins. On Linux the single-instance lock is a name on the session D-Bus,
//! so each desktop session (and each test's private `dbus-run-session`) has its own instance.
//! The window state is saved when the app exits normally, in `.window-state.json` in the app's
//! config folder.

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_window_state::StateFlags;

/// The label of the window a second launch brings forward (`tauri.conf.json`).
pub const MAIN_WINDOW: &str = "main";

/// What is remembered of a window: its size, its place and whether it was maximised. Not its
/// visibility: a window saved hidden would never show again.
pub fn remembered() -> StateFlags {
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// The single-instance plugin; must be the first plugin registered, so that a second instance
/// exits before anything else starts.
pub fn single_instance<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_single_instance::init(|app, _args, _cwd| {
        log::info!("Car Remote was started again: showing the window already open");
        focus_main(app);
    })
}

/// The window-state plugin, restoring [`remembered`] when the main window opens.
pub fn window_state<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(remembered())
        .build()
}

/// Shows, un-minimises and focuses the main window.
pub fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        log::warn!("Car Remote was started again but has no main window to show");
        return;
    };
    for (what, result) in [
        ("show", window.show()),
        ("unminimize", window.unminimize()),
        ("focus", window.set_focus()),
    ] {
        if let Err(error) = result {
            log::warn!("could not {what} the main window: {error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_size_place_and_maximised_but_not_visibility() {
        let flags = remembered();
        assert!(flags.contains(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED));
        assert!(!flags.contains(StateFlags::VISIBLE));
    }

    #[test]
    fn the_main_window_label_is_the_configured_one() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("valid JSON");
        assert_eq!(config["app"]["windows"][0]["label"], MAIN_WINDOW);
    }
}
