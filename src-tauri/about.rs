//! What the About box shows: the version, the licence, and where the app keeps its data and
//! its logs (so a user can find them for a bug report or a backup).

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};

/// The app's identity and folders, as the About box shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct About {
    /// The product name, e.g. `Car Remote`.
    pub name: String,
    /// The app's version, e.g. `0.1.0`.
    pub version: String,
    /// The Tauri version it is built on.
    pub tauri_version: String,
    /// The licence, as an SPDX expression.
    pub licence: String,
    /// The project's home page.
    pub repository: String,
    /// The folder of the command journal (`CAR_REMOTE_DATA_DIR` or the app's data folder).
    pub data_dir: Option<String>,
    /// The folder of the settings file, when it is not the data folder.
    pub settings_dir: Option<String>,
    /// The folder of the log files.
    pub log_dir: Option<String>,
}

impl About {
    /// The running app's identity and folders; a folder the platform lacks is `None`.
    pub fn of<R: Runtime>(app: &AppHandle<R>) -> Self {
        let shown = |path: std::path::PathBuf| path.display().to_string();
        let data_dir = car_remote_journal::data_dir().ok().map(shown);
        let settings_dir = app
            .path()
            .app_data_dir()
            .ok()
            .map(shown)
            .filter(|dir| Some(dir) != data_dir.as_ref());
        Self {
            name: app.package_info().name.clone(),
            version: app.package_info().version.to_string(),
            tauri_version: tauri::VERSION.to_owned(),
            licence: env!("CARGO_PKG_LICENSE").to_owned(),
            repository: env!("CARGO_PKG_REPOSITORY").to_owned(),
            data_dir,
            settings_dir,
            log_dir: crate::logging::log_dir(app).map(shown),
        }
    }
}

/// The About box's contents.
#[tauri::command]
pub fn about<R: Runtime>(app: AppHandle<R>) -> About {
    About::of(&app)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_version_licence_and_folders() {
        let app = tauri::test::mock_app();
        let about = About::of(app.handle());
        assert_eq!(about.licence, "MIT OR Apache-2.0");
        assert!(about.repository.starts_with("https://"), "{about:?}");
        assert!(!about.version.is_empty());
        assert_eq!(about.tauri_version, tauri::VERSION);
        let json = serde_json::to_value(&about).expect("serialises");
        for key in ["version", "licence", "dataDir", "logDir", "settingsDir"] {
            assert!(json.get(key).is_some(), "{key} missing from {json}");
        }
    }
}
