//! Shared set-up of the CLI's end-to-end tests: a simulator on loopback, and the built binary run
//! against it with the credentials in the environment, as a script would.

// Each test file uses its own part of this set-up.
#![allow(dead_code)]

use std::process::{Command, Output};

use serde_json::Value;
use stellantis_sim::RunningSim;
use tokio::runtime::Runtime;

/// A simulator on a loopback port, with the runtime that serves it, and the data folder (the
/// command journal) every run of the CLI against it shares.
pub struct Sim {
    /// The running simulator, for its ids, counters and faults.
    pub sim: RunningSim,
    /// The CLI's `CAR_REMOTE_DATA_DIR`.
    pub data: tempfile::TempDir,
    _runtime: Runtime,
}

impl Sim {
    /// Starts a simulator with the test defaults (no delays).
    pub fn start() -> Sim {
        Self::start_with(stellantis_sim::SimConfig::for_tests())
    }

    /// Starts a simulator with `config`.
    pub fn start_with(config: stellantis_sim::SimConfig) -> Sim {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let sim = runtime.block_on(async {
            stellantis_sim::start(config)
                .await
                .expect("simulator starts")
        });
        Sim {
            sim,
            data: tempfile::tempdir().expect("a data folder"),
            _runtime: runtime,
        }
    }

    /// The CLI with this simulator's account and data folder in the environment, not run yet.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = base_command(args);
        self.environment(&mut command);
        command
    }

    fn environment(&self, command: &mut Command) {
        command
            .env("STELLANTIS_BASE_URL", self.sim.base_url())
            .env("STELLANTIS_TOKEN_URL", self.sim.token_url())
            .env("STELLANTIS_CLIENT_ID", self.sim.client_id())
            .env("STELLANTIS_CLIENT_SECRET", self.sim.client_secret())
            .env("CAR_REMOTE_DATA_DIR", self.data.path());
    }

    /// The id of the fleet's vehicle at `index` (see `stellantis_sim::fleet`).
    pub fn vehicle(&self, index: usize) -> String {
        self.sim.vehicle_ids()[index].clone()
    }

    /// Runs the CLI with this simulator's account in the environment.
    pub fn cli(&self, args: &[&str]) -> Output {
        cli_with_env(args, |command| self.environment(command))
    }

    /// Runs the CLI with `--wait --timeout 120` after `args`: generous on a busy machine.
    pub fn cli_waiting(&self, args: &[&str]) -> Output {
        self.cli(&[args, &["--wait", "--timeout", "120"]].concat())
    }
}

/// The CLI with no `STELLANTIS_*` variable of this process.
fn base_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_car-remote-cli"));
    command.args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("STELLANTIS_") {
            command.env_remove(name);
        }
    }
    command
}

/// Runs the CLI with no `STELLANTIS_*` variable of this process and a data folder of its own,
/// then `setup`'s changes.
pub fn cli_with_env(args: &[&str], setup: impl FnOnce(&mut Command)) -> Output {
    let data = tempfile::tempdir().expect("a data folder");
    let mut command = base_command(args);
    command.env("CAR_REMOTE_DATA_DIR", data.path());
    setup(&mut command);
    command.output().expect("the CLI runs")
}

/// The JSON document on stdout; panics with both streams when it is not one.
pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
