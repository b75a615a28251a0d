//! The app's one state, managed by Tauri and handed to every command, and the choice of the
//! backend it drives (the demo fleet or the user's account).

use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tokio::sync::OnceCell;

use car_remote_journal::{CommandStore, Journal, VehicleCache};
use car_remote_vault::{self as credentials, Vault};

use crate::backend::{Backend, Journaling};
use crate::changes::Changes;
use crate::demo;
use crate::error::{Error, ErrorKind};
use crate::settings::{self, ApiUrls, Mode, Polling, Settings};

/// Which backend to build when it is first needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// The simulator inside the app.
    Demo,
    /// The user's account at these URLs, with the credentials in the keyring.
    Account(ApiUrls),
}

impl Plan {
    /// The plan the stored settings ask for; stored URLs that are no longer valid mean demo.
    pub fn from_settings(settings: &Settings) -> Self {
        match (settings.mode, settings.urls()) {
            (Mode::Account, Ok(urls)) => Plan::Account(urls),
            _ => Plan::Demo,
        }
    }
}

/// A chosen plan and, once built, its backend.
struct Slot {
    plan: Plan,
    backend: OnceCell<Arc<Backend>>,
    // Why the server (or the keyring) refused to sign in, once it did: later calls answer the
    // same without asking again, until the credentials or the plan change.
    refused: Mutex<Option<String>>,
}

impl Slot {
    fn new(plan: Plan) -> Arc<Self> {
        Arc::new(Slot {
            plan,
            backend: OnceCell::new(),
            refused: Mutex::new(None),
        })
    }
}

/// What the header and the account card show about the backend in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackendStatus {
    /// `demo` or `account`.
    pub mode: Mode,
    /// The account's client id, in account mode.
    pub account: Option<String>,
    /// The stored API base URL, to fill the form with.
    pub base_url: Option<String>,
    /// The stored token URL, to fill the form with.
    pub token_url: Option<String>,
    /// How command progress is followed: `webhook` (the demo fleet's server reaches the app's
    /// receiver) or `polling` (a real server cannot reach it: the app asks, sparingly).
    pub following: &'static str,
}

/// Everything the commands share.
pub struct AppState {
    /// The OS keyring.
    pub vault: Vault,
    /// The command journal (and the vehicle cache in its file), or why it could not be opened.
    journal: Result<Arc<Journal>, String>,
    /// The windows that follow the journal's changes.
    pub changes: Arc<Changes>,
    /// How real accounts are polled (from the settings at start).
    polling: Mutex<Polling>,
    // Replaced whole on a switch: the old backend (and its webhook receiver) is dropped once
    // the last command still using it ends.
    slot: Mutex<Arc<Slot>>,
}

impl AppState {
    /// The state of a normal app start: the demo fleet until the settings say otherwise, and
    /// the journal in `CAR_REMOTE_DATA_DIR` or the app's data folder (shared with the CLI).
    pub fn new() -> Self {
        let journal = Journal::open_default()
            .map(Arc::new)
            .map_err(|error| error.to_string());
        Self::with(Vault::app(), journal)
    }

    /// A state whose credentials live under `vault`, recording into `journal`.
    pub fn with(vault: Vault, journal: Result<Arc<Journal>, String>) -> Self {
        Self {
            vault,
            journal,
            changes: Arc::default(),
            polling: Mutex::default(),
            slot: Mutex::new(Slot::new(Plan::Demo)),
        }
    }

    /// Chooses the backend to use from now on; it is built by the next caller of [`backend`].
    ///
    /// [`backend`]: AppState::backend
    pub fn select(&self, plan: Plan) {
        let fresh = Slot::new(plan);
        let old = std::mem::replace(
            &mut *self.slot.lock().unwrap_or_else(PoisonError::into_inner),
            fresh,
        );
        // Long work on the old backend (reading the fleet's states) ends now, not when done.
        if let Some(backend) = old.backend.get() {
            backend.retire();
        }
        // Dropped outside the lock: stopping a receiver or a simulator is not a short section.
        drop(old);
    }

    /// The chosen plan.
    #[cfg(test)]
    pub fn plan(&self) -> Plan {
        self.current().plan.clone()
    }

    fn current(&self) -> Arc<Slot> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The backend in use, built by the first caller. A build that failed on the way (network,
    /// server) is tried again by the next caller; a refused sign-in is not: its answer stands
    /// until the credentials or the plan change.
    pub async fn backend(&self) -> Result<Arc<Backend>, Error> {
        let slot = self.current();
        if let Some(message) = lock(&slot.refused).clone() {
            return Err(Error::SignInRefused(message));
        }
        let built = slot
            .backend
            .get_or_try_init(|| {
                build(
                    &slot.plan,
                    &self.vault,
                    *lock(&self.polling),
                    self.journaling(),
                )
            })
            .await
            .cloned();
        if let Err(error) = &built
            && matches!(
                error.kind(),
                ErrorKind::SignedOut | ErrorKind::Api(stellantis::ErrorKind::SignedOut)
            )
        {
            *lock(&slot.refused) = Some(error.to_string());
        }
        built
    }

    /// The journal, for reading its history.
    pub fn journal(&self) -> Result<Arc<dyn CommandStore>, Error> {
        self.journal
            .clone()
            .map(|journal| journal as Arc<dyn CommandStore>)
            .map_err(Error::JournalUnavailable)
    }

    fn journaling(&self) -> Journaling {
        let changes = self.changes.clone();
        Journaling {
            store: self
                .journal
                .clone()
                .map(|journal| journal as Arc<dyn CommandStore>),
            cache: self
                .journal
                .clone()
                .map(|journal| journal as Arc<dyn VehicleCache>),
            notify: Arc::new(move |request_id| changes.notify(request_id)),
        }
    }

    /// The credentials were saved: an account that refused the old ones is asked again.
    pub fn credentials_saved(&self) {
        let plan = self.current().plan.clone();
        if matches!(plan, Plan::Account(_)) {
            self.select(plan);
        }
    }

    /// The credentials were forgotten: an account in use is signed out, and the app goes back
    /// to the demo fleet (and starts there next time).
    pub async fn credentials_forgotten<R: Runtime>(&self, app: &AppHandle<R>) -> Result<(), Error> {
        if matches!(self.current().plan, Plan::Account(_)) {
            self.use_demo(app).await?;
        }
        Ok(())
    }

    /// Restores the backend the stored settings chose (at app start; nothing is built yet).
    pub fn restore<R: Runtime>(&self, app: &AppHandle<R>) {
        // Unreadable settings leave the app on the demo fleet; the account card shows the error
        // the next time they are read.
        if let Ok(settings) = settings::load(app) {
            self.select(Plan::from_settings(&settings));
        }
        if let Ok(polling) = settings::polling(app) {
            *lock(&self.polling) = polling;
        }
    }

    /// What the settings say and which account is in use.
    pub async fn status<R: Runtime>(&self, app: &AppHandle<R>) -> Result<BackendStatus, Error> {
        let settings = settings::load(app)?;
        let slot = self.current();
        let account = match (&slot.plan, slot.backend.get()) {
            (Plan::Demo, _) => None,
            (Plan::Account(_), Some(backend)) => backend.account_id().map(str::to_owned),
            (Plan::Account(_), None) => {
                let vault = self.vault.clone();
                blocking(move || Ok(credentials::status(&vault)?))
                    .await?
                    .client_id
            }
        };
        Ok(BackendStatus {
            mode: match slot.plan {
                Plan::Demo => Mode::Demo,
                Plan::Account(_) => Mode::Account,
            },
            account,
            base_url: settings.base_url,
            token_url: settings.token_url,
            following: match slot.plan {
                Plan::Demo => "webhook",
                Plan::Account(_) => "polling",
            },
        })
    }

    /// Checks the URLs, stores them with the account mode, and signs in with the stored
    /// credentials; the error says what to fix (a field, the credentials, the server).
    pub async fn use_account<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        base_url: &str,
        token_url: &str,
    ) -> Result<BackendStatus, Error> {
        let urls = ApiUrls::checked(base_url, token_url)?;
        // Signing in comes before saving, so the app never restarts on an account it cannot use.
        self.try_plan(Plan::Account(urls.clone())).await?;
        settings::save(
            app,
            &Settings {
                mode: Mode::Account,
                base_url: Some(urls.base_url),
                token_url: Some(urls.token_url),
            },
        )?;
        self.status(app).await
    }

    /// Switches to `plan` and builds its backend; when that fails, the previous backend stays
    /// in use, as it was (not rebuilt), and the error says why.
    pub async fn try_plan(&self, plan: Plan) -> Result<Arc<Backend>, Error> {
        let previous = self.current();
        self.select(plan);
        match self.backend().await {
            Ok(backend) => Ok(backend),
            Err(error) => {
                let failed = std::mem::replace(
                    &mut *self.slot.lock().unwrap_or_else(PoisonError::into_inner),
                    previous,
                );
                drop(failed);
                Err(error)
            }
        }
    }

    /// Goes back to the demo fleet, keeping the account's URLs for next time.
    pub async fn use_demo<R: Runtime>(&self, app: &AppHandle<R>) -> Result<BackendStatus, Error> {
        let settings = Settings {
            mode: Mode::Demo,
            ..settings::load(app)?
        };
        settings::save(app, &settings)?;
        self.select(Plan::Demo);
        self.status(app).await
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs keyring work on the blocking pool, off the async runtime.
pub async fn blocking<T, F>(work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, Error> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|join| Error::Internal(join.to_string()))?
}

async fn build(
    plan: &Plan,
    vault: &Vault,
    polling: Polling,
    journaling: Journaling,
) -> Result<Arc<Backend>, Error> {
    let backend = match plan {
        Plan::Demo => {
            let scale = demo::time_scale(std::env::var(demo::TIME_SCALE_VAR).ok().as_deref())?;
            demo::start(scale, journaling).await?
        }
        Plan::Account(urls) => {
            let vault = vault.clone();
            let (client_id, secret) = blocking(move || Ok(credentials::load(&vault)?)).await?;
            Backend::account(urls, client_id, secret, polling, journaling).await?
        }
    };
    Ok(Arc::new(backend))
}

#[cfg(test)]
pub(crate) mod tests {
    use stellantis_sim::SimConfig;

    use car_remote_vault::Secret;

    use super::*;
    use crate::vehicle::Names;

    /// A journal in a temporary folder that lives as long as the folder value.
    pub(crate) fn test_journal() -> (tempfile::TempDir, Result<Arc<Journal>, String>) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let journal = Journal::open(dir.path().join("journal.sqlite3")).expect("a journal");
        (dir, Ok(Arc::new(journal)))
    }

    #[test]
    fn stored_settings_choose_the_plan() {
        let urls = Settings {
            mode: Mode::Account,
            base_url: Some("https://api.example.com/v1".into()),
            token_url: Some("https://auth.example.com/token".into()),
        };
        assert!(
            matches!(Plan::from_settings(&urls), Plan::Account(u) if u.base_url == "https://api.example.com/v1")
        );
        let demo = Settings {
            mode: Mode::Demo,
            ..urls.clone()
        };
        assert_eq!(Plan::from_settings(&demo), Plan::Demo);
        let broken = Settings {
            token_url: Some("http://auth.example.com/token".into()),
            ..urls
        };
        assert_eq!(Plan::from_settings(&broken), Plan::Demo);
    }

    /// Switching between the demo fleet and an account served by a second simulator, over
    /// real HTTP, with the credentials in the real keyring.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn switches_between_demo_and_account_backends() {
        let sim = stellantis_sim::start(SimConfig {
            vehicles: 7,
            seed: 3,
            time_scale: 0.0,
            ..SimConfig::default()
        })
        .await
        .expect("simulator");
        let vault = Vault::new(format!("car-remote-test-state-{}", std::process::id()));
        let (_journal_dir, journal) = test_journal();
        let state = AppState::with(vault.clone(), journal);
        let urls = ApiUrls::checked(&sim.base_url(), &sim.token_url()).expect("loopback URLs");

        let demo = state.backend().await.expect("demo");
        assert_eq!(demo.account_id(), None);
        assert_eq!(
            demo.fleet(Names::new()).await.expect("demo fleet").len(),
            demo::FLEET_SIZE
        );
        drop(demo);

        state.select(Plan::Account(urls.clone()));
        let missing = state.backend().await.err().expect("no credentials");
        assert_eq!(missing.kind(), ErrorKind::SignedOut);
        assert!(missing.to_string().contains("save them"), "{missing}");

        let id = sim.client_id();
        let forget = |vault: &Vault| credentials::forget(vault).expect("forget");
        credentials::save(&vault, id, Secret::new("wrong")).expect("save");
        // Saved behind the app's back: the earlier "no credentials" answer still stands.
        assert_eq!(
            state.backend().await.err().map(|e| e.kind()),
            Some(ErrorKind::SignedOut)
        );
        state.credentials_saved();
        let refused = state.backend().await.err().expect("wrong secret");
        assert_eq!(
            refused.kind(),
            ErrorKind::Api(stellantis::ErrorKind::SignedOut)
        );
        assert!(refused.to_string().contains("refused"), "{refused}");

        // A refused sign-in is not asked again on every call: even with the right secret now
        // in the keyring, the answer stands until the app is told the credentials changed.
        credentials::save(&vault, id, Secret::new(sim.client_secret())).expect("save");
        let again = state.backend().await.err().expect("the refusal stands");
        assert_eq!(again.kind(), ErrorKind::SignedOut);
        assert_eq!(again.to_string(), refused.to_string());
        state.credentials_saved();
        let account = state.backend().await.expect("signed in");
        assert_eq!(account.account_id(), Some(id));
        assert_eq!(
            account
                .fleet(Names::new())
                .await
                .expect("account fleet")
                .len(),
            7
        );
        assert_eq!(state.plan(), Plan::Account(urls));
        drop(account);

        state.select(Plan::Demo);
        let back = state.backend().await.expect("demo again");
        assert_eq!(
            back.fleet(Names::new()).await.expect("fleet").len(),
            demo::FLEET_SIZE
        );
        forget(&vault);
    }
    /// A sign-in that fails leaves the demo backend in use, the very same one (not rebuilt).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_sign_in_keeps_the_previous_backend() {
        let sim = stellantis_sim::start(SimConfig {
            vehicles: 3,
            ..SimConfig::for_tests()
        })
        .await
        .expect("simulator");
        let vault = Vault::new(format!("car-remote-test-try-{}", std::process::id()));
        let (_journal_dir, journal) = test_journal();
        let state = AppState::with(vault.clone(), journal);
        let urls = ApiUrls::checked(&sim.base_url(), &sim.token_url()).expect("loopback URLs");
        let demo = state.backend().await.expect("demo");

        credentials::save(&vault, sim.client_id(), Secret::new("wrong")).expect("save");
        let refused = state
            .try_plan(Plan::Account(urls.clone()))
            .await
            .err()
            .expect("wrong secret refused");
        assert_eq!(
            refused.kind(),
            ErrorKind::Api(stellantis::ErrorKind::SignedOut)
        );
        assert_eq!(state.plan(), Plan::Demo);
        let still = state.backend().await.expect("demo still there");
        assert!(Arc::ptr_eq(&demo, &still), "the demo backend was rebuilt");

        credentials::save(&vault, sim.client_id(), Secret::new(sim.client_secret())).expect("save");
        let account = state
            .try_plan(Plan::Account(urls.clone()))
            .await
            .expect("signed in");
        assert_eq!(account.fleet(Names::new()).await.expect("fleet").len(), 3);
        assert_eq!(state.plan(), Plan::Account(urls));
        credentials::forget(&vault).expect("forget");
    }
}
