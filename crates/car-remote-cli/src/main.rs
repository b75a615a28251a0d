//! `car-remote-cli`: the Stellantis remote commands from a terminal or a script.
//!
//! Exit codes: 0 success, 1 usage or other error (nothing sent, or the tool could not work),
//! 2 the command failed or was refused, 3 no answer yet (the command may still end; check later).
//! Credentials come from the environment or the OS keyring, never from an argument.
//!
//! The modules: arguments, credentials, running a command, printing the result.

mod args;
mod credentials;
mod exit;
mod fleet;
mod history;
mod output;
mod program_spec;
mod run;

use std::process::ExitCode;

use clap::Parser;

pub use exit::Exit;

/// Parses the arguments, runs the command and turns the result into an exit code.
fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap would exit 2 on a usage error, but 2 means "the command failed" here.
            let _ = error.print();
            return if error.use_stderr() {
                Exit::Error.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return Exit::Error.into();
        }
    };
    runtime.block_on(run::run(cli)).into()
}
