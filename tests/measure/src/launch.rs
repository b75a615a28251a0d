//! One measured start: a fresh profile, the process in its own group, the time to its window
//! being mapped and to its first meaningful paint (the line it prints then), its memory once
//! idle, then the whole group stopped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use car_remote_measure::memory::{self, ProcessMemory};
use car_remote_measure::x11::MapWatcher;

/// How long a start may take before the run counts as failed.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// What to start and what to wait for.
pub struct Subject<'a> {
    /// How the report names it.
    pub name: String,
    /// The executable.
    pub binary: &'a Path,
    /// Extra environment.
    pub env: Vec<(&'static str, String)>,
    /// The line it prints on standard output once it painted what matters (Car Remote: the
    /// vehicle list, `src-tauri/startup.rs`; the baseline: its page).
    pub painted_line: &'static str,
    /// Whether to empty the kernel's page cache first (root only), so the libraries are read
    /// from disk as after a reboot.
    pub drop_caches: bool,
}

/// What one start measured.
pub struct Sample {
    /// From spawn to the window mapped.
    pub mapped: Duration,
    /// From spawn to the painted line.
    pub painted: Duration,
    /// The process tree's memory once idle.
    pub memory: Vec<ProcessMemory>,
}

/// Starts `subject` once with a fresh profile and measures it.
pub fn measure(watcher: &MapWatcher, subject: &Subject, idle: Duration) -> Result<Sample, String> {
    let profile = Profile::new()?;
    if subject.drop_caches {
        let _ = Command::new("sync").status();
        std::fs::write("/proc/sys/vm/drop_caches", "3")
            .map_err(|e| format!("cannot drop the page cache (root needed): {e}"))?;
    }
    watcher.drain();
    let started = Instant::now();
    let mut command = Command::new(subject.binary);
    command
        .envs(profile.env())
        .envs(subject.env.iter().map(|(k, v)| (*k, v.as_str())))
        .env_remove("CAR_REMOTE_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // Its own process group, so the WebKit processes it starts stop with it. (The measurement
    // runs on Linux only; elsewhere this still compiles for the workspace's build checks.)
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        command.process_group(0);
    }
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", subject.binary.display()))?;
    let mut running = Running(child);
    let pid = running.0.id();
    let painted_at = watch_for(&mut running.0, subject.painted_line);

    let mapped = watcher.wait_for_map(pid, START_TIMEOUT)?.0 - started;
    let painted = painted_at
        .recv_timeout(START_TIMEOUT)
        .map_err(|_| format!("no {:?} line from process {pid}", subject.painted_line))?
        - started;
    std::thread::sleep(idle);
    Ok(Sample {
        mapped,
        painted,
        memory: memory::tree(pid)?,
    })
}

/// Reads the child's standard output (so it never blocks on a full pipe) and reports when a
/// line with `words` comes.
fn watch_for(child: &mut Child, words: &'static str) -> mpsc::Receiver<Instant> {
    let (tx, rx) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains(words) {
                    let _ = tx.send(Instant::now());
                }
            }
        });
    }
    rx
}

/// A started process group, stopped when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// Fresh XDG folders for one start: no saved window, settings, journal or WebKit cache.
struct Profile(PathBuf);

impl Profile {
    fn new() -> Result<Self, String> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir =
            std::env::temp_dir().join(format!("car-remote-measure-{}-{nanos}", std::process::id()));
        for sub in ["config", "data", "cache"] {
            std::fs::create_dir_all(dir.join(sub))
                .map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        Ok(Self(dir))
    }

    fn env(&self) -> [(&'static str, PathBuf); 3] {
        [
            ("XDG_CONFIG_HOME", self.0.join("config")),
            ("XDG_DATA_HOME", self.0.join("data")),
            ("XDG_CACHE_HOME", self.0.join("cache")),
        ]
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
