//! The crate's error type: why the simulator could not start.

use std::io;

/// What went wrong while starting or running the simulator.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The listening socket could not be bound.
    #[error(
        "cannot listen on 127.0.0.1:{port}: {source}; choose another port or use 0 for an ephemeral one"
    )]
    Bind {
        /// The port that was asked for.
        port: u16,
        /// The OS error.
        source: io::Error,
    },
    /// A TLS file could not be read or parsed.
    #[error("TLS setup failed: {0}; check the certificate, key and client CA files (PEM)")]
    Tls(String),
    /// The configuration is not usable.
    #[error("invalid simulator configuration: {0}")]
    Config(String),
}

/// The kind of a [`SimError`], for code that switches on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimErrorKind {
    /// See [`SimError::Bind`].
    Bind,
    /// See [`SimError::Tls`].
    Tls,
    /// See [`SimError::Config`].
    Config,
}

impl SimError {
    /// The kind of this error.
    pub fn kind(&self) -> SimErrorKind {
        match self {
            SimError::Bind { .. } => SimErrorKind::Bind,
            SimError::Tls(_) => SimErrorKind::Tls,
            SimError::Config(_) => SimErrorKind::Config,
        }
    }
}
