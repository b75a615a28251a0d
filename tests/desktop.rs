//! Desktop manners of the real app binary, in a real (virtual) X display with a private D-Bus
//! and keyring (`./dev.sh test` runs this under Xvfb):
//! - a second launch leaves one window: it hands over to the first and exits;
//! - closing the window and starting again restores its size and place;
//! - the log of the whole run, at the most verbose level, holds neither the client secret nor a
//!   token, while the app signed in with them (an account served by the simulator).
//!
//! Without `$DISPLAY` and a session D-Bus (a plain `cargo test`) it says so and passes.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use car_remote_measure::x11::{Geometry, MapWatcher};
use car_remote_vault::{Secret, Vault};
use stellantis_sim::SimConfig;

/// `tauri.conf.json`'s identifier: the folder name under the XDG folders.
const IDENTIFIER: &str = "app.carremote.desktop";
const TIMEOUT: Duration = Duration::from_secs(60);
/// Written by the app once the window painted the vehicle list (src-tauri/startup.rs).
const PAINTED: &str = "vehicle list first painted";

/// A started app: its process, in its own group, and the lines it printed so far.
struct App {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl App {
    fn start(profile: &Path) -> App {
        let mut command = Command::new(env!("CARGO_BIN_EXE_car-remote"));
        command
            .env("XDG_CONFIG_HOME", profile.join("config"))
            .env("XDG_DATA_HOME", profile.join("data"))
            .env("XDG_CACHE_HOME", profile.join("cache"))
            .env_remove("CAR_REMOTE_DATA_DIR")
            .env("CAR_REMOTE_LOG", "trace")
            .env("CAR_REMOTE_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt as _;
            command.process_group(0);
        }
        let mut child = command.spawn().expect("the app starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let stdout = child.stdout.take().expect("piped");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                sink.lock().expect("lines").push(line);
            }
        });
        App { child, lines }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn printed(&self, words: &str) -> bool {
        self.lines
            .lock()
            .expect("lines")
            .iter()
            .any(|line| line.contains(words))
    }

    fn wait_for_line(&self, words: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while !self.printed(words) {
            assert!(Instant::now() < deadline, "the app never printed {words:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for_exit(&mut self, within: Duration) -> ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not exit within {within:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let group = format!("-{}", self.child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        }
        let _ = self.child.wait();
    }
}

/// The credentials this test stored in the keyring, removed again at the end.
struct StoredCredentials(Vault);

impl Drop for StoredCredentials {
    fn drop(&mut self) {
        let _ = car_remote_vault::forget(&self.0);
    }
}

fn log_text(profile: &Path) -> String {
    let dir = profile.join("data").join(IDENTIFIER).join("logs");
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir)
        .expect("the log folder exists")
        .flatten()
    {
        text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
    }
    text
}

#[test]
fn one_instance_remembered_window_and_a_log_without_secrets() {
    if std::env::var_os("DISPLAY").is_none()
        || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
    {
        eprintln!("skipped: needs an X display and a session D-Bus (run ./dev.sh test)");
        return;
    }
    let profile = tempfile::tempdir().expect("a temporary folder");
    let profile: PathBuf = profile.path().to_owned();

    // An account served by the simulator, with a secret this test knows, as a user would set it
    // up: credentials in the keyring, account mode and URLs in settings.json.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let secret = format!("log-test-secret-{nanos}");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let sim = runtime
        .block_on(stellantis_sim::start(SimConfig {
            vehicles: 7,
            time_scale: 0.0,
            client_id: "log-test-client".into(),
            client_secret: secret.clone(),
            ..SimConfig::default()
        }))
        .expect("the simulator starts");
    let vault = Vault::app();
    car_remote_vault::save(&vault, "log-test-client", Secret::new(secret.clone()))
        .expect("credentials saved to the keyring");
    let _stored = StoredCredentials(vault);
    let data = profile.join("data").join(IDENTIFIER);
    std::fs::create_dir_all(&data).expect("data folder");
    let settings = serde_json::json!({
        "mode": "account",
        "apiBaseUrl": sim.base_url(),
        "tokenUrl": sim.token_url(),
    });
    std::fs::write(data.join("settings.json"), settings.to_string()).expect("settings");

    let watcher = MapWatcher::connect().expect("the X display");

    // First launch: the window shows the account's vehicles.
    let mut first = App::start(&profile);
    let (_, window) = watcher
        .wait_for_map(first.pid(), TIMEOUT)
        .expect("the window is mapped");
    first.wait_for_line(PAINTED);
    assert!(sim.stats().tokens_issued >= 1, "the app signed in");

    // Second launch: it hands over to the first and exits; one window remains.
    let mut second = App::start(&profile);
    let status = second.wait_for_exit(Duration::from_secs(20));
    assert!(
        status.success(),
        "the second instance exits cleanly: {status}"
    );
    first.wait_for_line("started again");
    assert!(
        first.child.try_wait().expect("wait").is_none(),
        "the first still runs"
    );
    assert_eq!(watcher.windows_of(first.pid()).expect("windows").len(), 1);
    assert!(
        watcher
            .windows_of(second.pid())
            .expect("windows")
            .is_empty()
    );

    // Move and resize the window, close it as a window manager would: the app exits.
    let wanted = Geometry {
        x: 120,
        y: 70,
        width: 900,
        height: 600,
    };
    watcher.configure(window, wanted).expect("configure");
    let deadline = Instant::now() + Duration::from_secs(10);
    while watcher.geometry(window).expect("geometry") != wanted {
        assert!(Instant::now() < deadline, "the window did not move");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Let the app hear of the move before it is closed.
    std::thread::sleep(Duration::from_millis(500));
    watcher.close(window).expect("close");
    let status = first.wait_for_exit(Duration::from_secs(20));
    assert!(
        status.success(),
        "closing the window ends the app: {status}"
    );
    let state = profile
        .join("config")
        .join(IDENTIFIER)
        .join(".window-state.json");
    assert!(state.exists(), "{} was written", state.display());

    // Start again: same size, same place.
    let mut third = App::start(&profile);
    let (_, window) = watcher
        .wait_for_map(third.pid(), TIMEOUT)
        .expect("the window is mapped again");
    third.wait_for_line(PAINTED);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = watcher.geometry(window).expect("geometry");
        if now == wanted {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the window came back at {now:?}, not {wanted:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    watcher.close(window).expect("close");
    third.wait_for_exit(Duration::from_secs(20));

    // The log of all three runs: written, verbose, and without the secret or a token.
    let log = log_text(&profile);
    assert!(
        log.matches("started (Tauri").count() >= 2,
        "a start line per run:\n{log}"
    );
    assert!(
        log.contains("[TRACE]") || log.contains("[DEBUG]"),
        "the run logged verbosely"
    );
    assert!(!log.contains(&secret), "the client secret is in the log");
    for token_sign in ["access_token", "Bearer "] {
        assert!(!log.contains(token_sign), "{token_sign:?} is in the log");
    }
    drop(sim);
}
