//! The app's log: `log` records of the app and its libraries, through tauri-plugin-log, into
//! `car-remote.log` in the app's log folder (and on standard output, for `./dev.sh run` and
//! `./dev.sh measure`).
//!
//! Nothing secret can reach it by construction: client secrets and tokens are
//! `stellantis::Secret`, whose `Debug` and `Display` print `<redacted>`. `tests/desktop.rs`
//! reads the log of a real run, at the most verbose level, for the secret and the token.

use std::path::PathBuf;

use log::LevelFilter;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};

/// The environment variable that sets how much is logged: `error`, `warn`, `info`, `debug`,
/// `trace` (every library too) or `off`.
pub const LEVEL_VAR: &str = "CAR_REMOTE_LOG";

/// The log file's name in the log folder, without its `.log` extension.
pub const FILE_NAME: &str = "car-remote";

/// A log file is rotated past this size; the last few are kept.
const MAX_FILE_BYTES: u128 = 2_000_000;
const FILES_KEPT: usize = 3;

/// The crates whose `info` lines are worth keeping by default; every other library logs only
/// its warnings and errors unless `CAR_REMOTE_LOG` asks for more.
const OWN_CRATES: [&str; 5] = [
    "car_remote_lib",
    "stellantis",
    "stellantis_sim",
    "car_remote_journal",
    "car_remote_vault",
];

/// How much to log, from the value of [`LEVEL_VAR`]: `None` when unset or blank (the default
/// applies), `Err` with the text when it is not a level.
pub fn level(value: Option<&str>) -> Result<Option<LevelFilter>, String> {
    match value.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse::<LevelFilter>()
            .map(Some)
            .map_err(|_| text.to_owned()),
    }
}

/// The log plugin, configured from the environment. Register it early: records logged before
/// its setup runs are lost.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    let requested = level(std::env::var(LEVEL_VAR).ok().as_deref());
    let mut builder = tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::Stdout))
        .target(Target::new(TargetKind::LogDir {
            file_name: Some(FILE_NAME.into()),
        }))
        .max_file_size(MAX_FILE_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(FILES_KEPT))
        // UTC with milliseconds: command steps and start-up phases are often well under a second.
        .format(|out, message, record| {
            let now = TimezoneStrategy::UseUtc.get_now();
            out.finish(format_args!(
                "[{}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}Z][{}][{}] {}",
                now.year(),
                u8::from(now.month()),
                now.day(),
                now.hour(),
                now.minute(),
                now.second(),
                now.millisecond(),
                record.target(),
                record.level(),
                message
            ))
        });
    builder = match requested {
        Ok(Some(level)) => builder.level(level),
        // Unset or not a level: the app's own crates at info, libraries at warn. The bad value
        // is reported once the logger runs (see `log_start`).
        Ok(None) | Err(_) => OWN_CRATES
            .iter()
            .fold(builder.level(LevelFilter::Warn), |builder, name| {
                builder.level_for(*name, LevelFilter::Info)
            }),
    };
    builder.build()
}

/// Where the log files are written, if the platform has such a folder.
pub fn log_dir<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    app.path().app_log_dir().ok()
}

/// The first lines of every run's log: which version runs, where its data and logs are.
pub fn log_start<R: Runtime>(app: &AppHandle<R>) {
    let about = crate::about::About::of(app);
    log::info!(
        "Car Remote {} started (Tauri {}); data in {}, logs in {}",
        about.version,
        about.tauri_version,
        about.data_dir.as_deref().unwrap_or("(no data folder)"),
        about.log_dir.as_deref().unwrap_or("(no log folder)"),
    );
    if let Err(text) = level(std::env::var(LEVEL_VAR).ok().as_deref()) {
        log::warn!(
            "{LEVEL_VAR} is {text:?}, which is not a level; logging at the default level \
             (use error, warn, info, debug, trace or off)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_defaults_when_unset_and_names_a_bad_value() {
        assert_eq!(level(None), Ok(None));
        assert_eq!(level(Some("  ")), Ok(None));
        assert_eq!(level(Some("trace")), Ok(Some(LevelFilter::Trace)));
        assert_eq!(level(Some(" WARN ")), Ok(Some(LevelFilter::Warn)));
        assert_eq!(level(Some("off")), Ok(Some(LevelFilter::Off)));
        assert_eq!(level(Some("loud")), Err("loud".to_owned()));
    }
}
