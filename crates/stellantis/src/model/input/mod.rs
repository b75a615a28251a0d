//! `CommandInput`: the plain form of a command that the UI and the CLI send, and the one door
//! (`RemoteCommand::try_from`) from it to a checked [`RemoteCommand`].
//!
//! Fields are plain strings and numbers on purpose: a wrong word or an out-of-range number must
//! reach the model's checks and come back as an [`InvalidInput`] naming the field, instead of a
//! generic deserialization error.
//!
//! [`RemoteCommand`]: super::RemoteCommand
//! [`InvalidInput`]: super::InvalidInput

mod check;
mod form;
mod plain;
mod program;

pub use form::{
    ChargeSettingsInput, ChargingProgramInput, CommandInput, DeferredInput,
    PreconditioningProgramInput, PreconditioningSettingsInput, WaypointInput,
};
