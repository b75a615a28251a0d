//! `car-remote-cli`: the Stellantis remote commands from a terminal or a script.
//!
//! Exit codes: 0 success, 1 usage or other error (nothing sent, or the tool could not work),
//! 2 the command failed or was refused, 3 no answer yet (the command may still end; check later).
//! Credentials come from the environment or the OS keyring, never from an argument.

#[path = "../cli/mod.rs"]
mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
