//! Where the journal lives: the folder both front ends find without being told.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::Error;

/// The app's identifier in `tauri.conf.json`: Tauri's `app_data_dir()` is the platform data
/// folder joined with it, so the CLI finds the app's journal there too.
pub const APP_IDENTIFIER: &str = "app.carremote.desktop";

/// The environment variable that moves the data folder (tests, portable installs, a second
/// profile).
pub const DATA_DIR_VAR: &str = "CAR_REMOTE_DATA_DIR";

/// The journal's file name inside the data folder.
pub const FILE_NAME: &str = "journal.sqlite3";

/// Car Remote's data folder: `CAR_REMOTE_DATA_DIR` if set and not empty, else the platform data
/// folder joined with [`APP_IDENTIFIER`].
pub fn data_dir() -> Result<PathBuf, Error> {
    data_dir_from(std::env::var_os(DATA_DIR_VAR))
}

/// [`data_dir`] with the value of `CAR_REMOTE_DATA_DIR` given rather than read, so a test or a
/// `--data-dir` option need not touch the process environment.
pub fn data_dir_from(override_dir: Option<OsString>) -> Result<PathBuf, Error> {
    match override_dir {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => dirs::data_dir()
            .map(|base| base.join(APP_IDENTIFIER))
            .ok_or(Error::NoDataDir),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_wins_when_set() {
        let dir = data_dir_from(Some("/srv/car-remote".into())).unwrap();
        assert_eq!(dir, PathBuf::from("/srv/car-remote"));
    }

    #[test]
    fn an_empty_variable_is_no_variable() {
        let empty = data_dir_from(Some(OsString::new()));
        let unset = data_dir_from(None);
        match (empty, unset) {
            (Ok(empty), Ok(unset)) => {
                assert_eq!(empty, unset);
                assert!(unset.ends_with(APP_IDENTIFIER));
            }
            // A system with no data folder fails both ways, with the kind that says so.
            (Err(empty), Err(unset)) => {
                assert_eq!(empty.kind(), crate::ErrorKind::Unavailable);
                assert_eq!(unset.kind(), crate::ErrorKind::Unavailable);
            }
            (empty, unset) => panic!("empty {empty:?} and unset {unset:?} differ"),
        }
    }
}
