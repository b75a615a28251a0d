//! The exit codes, documented in `--help` and the README.

use std::process::ExitCode;

/// How the tool ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done (or, without `--wait`, accepted by the server).
    Success,
    /// 1: usage error, invalid input, missing credentials, network or server trouble.
    Error,
    /// 2: the command ended `Failed`, or the server refused it.
    Failed,
    /// 3: no answer yet: the command may still end; check later.
    Unknown,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Error => 1,
            Exit::Failed => 2,
            Exit::Unknown => 3,
        })
    }
}
