//! Signed self-updates through tauri-plugin-updater: a quiet check at start, "Check for
//! updates" in the window, and installing what was found.
//!
//! The release workflow signs every update artifact with the private key from
//! `TAURI_SIGNING_PRIVATE_KEY` (never in the repository); the public key is
//! `plugins.updater.pubkey` in `tauri.conf.json`. The plugin downloads an update and checks its
//! minisign signature against that key before anything is installed; an update that fails the
//! check is refused as [`Error::UpdateRefused`].

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};

use crate::error::Error;

/// How long one request to the update server (or one download) may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum UpdateCheck {
    /// The version running is the latest.
    UpToDate {
        /// The version running.
        current: String,
    },
    /// A newer, signed version can be installed.
    Available {
        /// The version running.
        current: String,
        /// The version offered.
        version: String,
        /// The release notes, if the server gave any.
        notes: Option<String>,
    },
}

/// The update found by the last check, and the windows waiting to hear of one.
#[derive(Default)]
pub struct Updates {
    found: Mutex<Option<Update>>,
    listeners: Mutex<Vec<Channel<UpdateCheck>>>,
}

impl Updates {
    fn keep(&self, update: Option<Update>) {
        *self.found.lock().unwrap_or_else(PoisonError::into_inner) = update;
    }

    fn found(&self) -> Option<Update> {
        self.found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The updater plugin; its endpoints and public key come from `tauri.conf.json`.
pub fn plugin<R: Runtime>() -> TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

/// Asks the update server whether a newer version exists, and keeps it for [`install`].
pub async fn check<R: Runtime>(app: &AppHandle<R>) -> Result<UpdateCheck, Error> {
    let updater = app
        .updater_builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(refusal_or_unavailable)?;
    let found = updater.check().await.map_err(refusal_or_unavailable)?;
    let current = app.package_info().version.to_string();
    let result = match &found {
        None => UpdateCheck::UpToDate { current },
        Some(update) => UpdateCheck::Available {
            current,
            version: update.version.clone(),
            notes: update.body.clone(),
        },
    };
    app.state::<Updates>().keep(found);
    Ok(result)
}

/// Checks once in the background: never blocks the start, and a failure (offline, no server)
/// is only logged. A window that asked with [`watch`] hears of an update found.
pub fn check_in_background<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        match check(&app).await {
            Ok(UpdateCheck::UpToDate { current }) => {
                log::info!("update check: {current} is the latest version");
            }
            Ok(found @ UpdateCheck::Available { .. }) => {
                log::info!("update check: {found:?}");
                let listeners = std::mem::take(
                    &mut *app
                        .state::<Updates>()
                        .listeners
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner),
                );
                for listener in listeners {
                    // A window closed since it asked: nobody to tell.
                    let _ = listener.send(found.clone());
                }
            }
            Err(error) => log::info!("update check at start did not complete: {error}"),
        }
    });
}

/// Downloads the update found by the last check, verifies its signature, installs it and
/// restarts the app.
pub async fn install<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    let Some(update) = app.state::<Updates>().found() else {
        return Err(Error::UpdateUnavailable(
            "no newer version was found; check for updates first".into(),
        ));
    };
    log::info!("installing update {}", update.version);
    update
        .download_and_install(|_, _| {}, || {})
        .await
        .map_err(refusal_or_unavailable)?;
    log::info!("update {} installed; restarting", update.version);
    app.restart()
}

/// The app's error for an updater failure: a signature that does not verify is a refusal, the
/// rest (network, server, disk) means no update could be had.
pub fn refusal_or_unavailable(error: tauri_plugin_updater::Error) -> Error {
    use tauri_plugin_updater::Error as Updater;
    match error {
        Updater::Minisign(_)
        | Updater::Base64(_)
        | Updater::SignatureUtf8(_)
        | Updater::SignedVersionMismatch { .. }
        | Updater::MissingSignedVersion => Error::UpdateRefused(error.to_string()),
        other => Error::UpdateUnavailable(other.to_string()),
    }
}

/// Checks for an update now (the window's "Check for updates").
#[tauri::command]
pub async fn check_for_updates<R: Runtime>(app: AppHandle<R>) -> Result<UpdateCheck, Error> {
    check(&app).await
}

/// Installs the update found by the last check, then restarts.
#[tauri::command]
pub async fn install_update<R: Runtime>(app: AppHandle<R>) -> Result<(), Error> {
    install(&app).await
}

/// Tells the window on `on_update` when the check at start finds an update (at once if it
/// already has).
#[tauri::command]
pub fn watch_updates<R: Runtime>(app: AppHandle<R>, on_update: Channel<UpdateCheck>) {
    let updates = app.state::<Updates>();
    // Hold the listeners while looking, so a check finishing meanwhile cannot be missed.
    let mut listeners = updates
        .listeners
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    match updates.found() {
        Some(update) => {
            let _ = on_update.send(UpdateCheck::Available {
                current: app.package_info().version.to_string(),
                version: update.version.clone(),
                notes: update.body.clone(),
            });
        }
        None => listeners.push(on_update),
    }
}

#[cfg(test)]
mod tests {
    //! The updater's own verification, end to end: a throwaway key pair from the Tauri CLI
    //! (`tauri signer generate`), a built artifact signed with it (`tauri signer sign`), served
    //! with its manifest on loopback, then checked and downloaded by tauri-plugin-updater in an
    //! app (Tauri's mock runtime: no window needed) whose configured public key is the
    //! throwaway one. The signed artifact comes through; a copy with one byte changed is
    //! refused before it could be installed.

    use std::path::{Path, PathBuf};
    use std::process::Command;

    use axum::Router;
    use axum::routing::get;
    use serde_json::json;

    use super::*;
    use crate::error::ErrorKind;

    /// The Tauri CLI from `npm ci`.
    fn tauri_cli() -> PathBuf {
        let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/tauri");
        assert!(
            cli.exists(),
            "{} is missing: run `npm ci` (or ./dev.sh setup)",
            cli.display()
        );
        cli
    }

    fn run(command: &mut Command) {
        let output = command.output().expect("the Tauri CLI runs");
        assert!(
            output.status.success(),
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A release manifest offering `version` at `url` with `signature`, for this platform.
    fn manifest(version: &str, url: &str, signature: &str) -> String {
        let target = tauri_plugin_updater::target().expect("a platform the updater supports");
        json!({
            "version": version,
            "notes": "test release",
            "pub_date": "2026-01-01T00:00:00Z",
            "platforms": { target: { "url": url, "signature": signature } },
        })
        .to_string()
    }

    fn app_trusting(pubkey: &str) -> tauri::App<tauri::test::MockRuntime> {
        let mut context = tauri::test::mock_context(tauri::test::noop_assets());
        context.config_mut().plugins.0.insert(
            "updater".into(),
            json!({ "pubkey": pubkey, "endpoints": ["https://updates.invalid/latest.json"] }),
        );
        tauri::test::mock_builder()
            .plugin(plugin())
            .manage(Updates::default())
            .build(context)
            .expect("the mock app builds")
    }

    #[test]
    fn the_updater_accepts_a_signed_artifact_and_refuses_a_tampered_copy() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let key = dir.path().join("throwaway.key");
        run(Command::new(tauri_cli())
            .args([
                "signer",
                "generate",
                "--ci",
                "--password",
                "",
                "--write-keys",
            ])
            .arg(&key));
        // Any built file will do as the artifact: this test's own executable.
        let artifact = dir.path().join("car-remote-update.bin");
        std::fs::copy(std::env::current_exe().expect("own path"), &artifact).expect("copy");
        run(Command::new(tauri_cli())
            .args(["signer", "sign", "--password", "", "--private-key-path"])
            .arg(&key)
            .arg(&artifact)
            .env_remove("TAURI_SIGNING_PRIVATE_KEY")
            .env_remove("TAURI_SIGNING_PRIVATE_KEY_PASSWORD"));
        let signature = std::fs::read_to_string(artifact.with_extension("bin.sig")).expect("sig");
        let pubkey = std::fs::read_to_string(key.with_extension("key.pub")).expect("pub");
        let signed = std::fs::read(&artifact).expect("artifact");
        let mut tampered = signed.clone();
        let middle = tampered.len() / 2;
        tampered[middle] ^= 0x01;

        let app = app_trusting(pubkey.trim());
        tauri::async_runtime::block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a loopback port");
            let origin = format!("http://{}", listener.local_addr().expect("address"));
            let good = manifest("9.9.9", &format!("{origin}/signed.bin"), signature.trim());
            let bad = manifest("9.9.9", &format!("{origin}/tampered.bin"), signature.trim());
            let served = signed.clone();
            let routes = Router::new()
                .route("/good.json", get(move || async move { good }))
                .route("/bad.json", get(move || async move { bad }))
                .route("/signed.bin", get(move || async move { served }))
                .route("/tampered.bin", get(move || async move { tampered }));
            tauri::async_runtime::spawn(async move { axum::serve(listener, routes).await });

            let offered = |name: &str| {
                let url = format!("{origin}/{name}").parse().expect("url");
                let updater = app
                    .handle()
                    .updater_builder()
                    .endpoints(vec![url])
                    .expect("endpoints")
                    .build()
                    .expect("an updater");
                async move {
                    updater
                        .check()
                        .await
                        .expect("the manifest is read")
                        .expect("9.9.9 is newer than 0.1.0")
                }
            };

            let update = offered("good.json").await;
            let bytes = update
                .download(|_, _| {}, || {})
                .await
                .expect("the signed artifact verifies");
            assert_eq!(bytes, signed);

            let update = offered("bad.json").await;
            let error = update
                .download(|_, _| {}, || {})
                .await
                .map_err(refusal_or_unavailable)
                .expect_err("the tampered artifact is refused");
            assert_eq!(error.kind(), ErrorKind::UpdateRefused, "{error}");
            let json = serde_json::to_value(&error).expect("serialises");
            assert_eq!(json["kind"], "updateRefused");
            assert!(
                error.to_string().contains("Nothing was installed"),
                "{error}"
            );
        });
    }

    #[test]
    fn an_unreachable_update_server_is_unavailable_not_refused() {
        let app = app_trusting("not used");
        tauri::async_runtime::block_on(async move {
            // A closed loopback port answers at once with "connection refused".
            let url = "http://127.0.0.1:9/latest.json".parse().expect("url");
            let updater = app
                .handle()
                .updater_builder()
                .endpoints(vec![url])
                .expect("endpoints")
                .build()
                .expect("an updater");
            let Err(error) = updater.check().await.map_err(refusal_or_unavailable) else {
                panic!("nothing listens there, yet the check succeeded");
            };
            assert_eq!(error.kind(), ErrorKind::UpdateUnavailable, "{error}");
        });
    }

    #[test]
    fn the_configured_public_key_is_a_minisign_key() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("valid JSON");
        let pubkey = config["plugins"]["updater"]["pubkey"]
            .as_str()
            .expect("plugins.updater.pubkey is set");
        use base64::Engine;
        let text = base64::engine::general_purpose::STANDARD
            .decode(pubkey)
            .expect("base64, as `tauri signer generate` writes it");
        let text = String::from_utf8(text).expect("text");
        minisign_verify::PublicKey::decode(&text).expect("a minisign public key");
        let endpoints = config["plugins"]["updater"]["endpoints"]
            .as_array()
            .expect("endpoints");
        assert!(
            endpoints
                .iter()
                .all(|e| e.as_str().is_some_and(|e| e.starts_with("https://")))
        );
    }
}
