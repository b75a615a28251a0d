//! How a fleet run sends one vehicle's command: straight through the [`Tracker`] (the default),
//! or through anything that records it first, such as a command journal.
//!
//! - [`FleetSender::send`] either hands back the command's own stream of events (a
//!   [`FleetCommand`]) or says why nothing was sent now ([`Unsent`]); the run reports either
//!   per vehicle, with the same stages and counts.
//! - A sender that finds the vehicle's command already recorded (the same run sent again) sends
//!   nothing: it answers [`Unsent::AlreadyRecorded`] with the recorded end, or, when that
//!   command has no end yet, a [`FleetCommand::following`] stream that looks it up (never a
//!   second POST).

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use super::VehicleResult;
use crate::model::RemoteCommand;
use crate::tracker::{TrackEvent, Tracked, Tracker};

/// A boxed future, as the object-safe traits of this module return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one vehicle's command of a fleet run.
pub trait FleetSender: Send + Sync + Debug {
    /// Sends `command` to `vehicle_id` (or finds it already sent) and returns its events; or
    /// why nothing was sent now.
    fn send<'a>(
        &'a self,
        vehicle_id: &'a str,
        command: RemoteCommand,
    ) -> BoxFuture<'a, Result<FleetCommand, Unsent>>;
}

/// The default: every vehicle's command POSTed through the tracker, nothing recorded.
impl FleetSender for Tracker {
    fn send<'a>(
        &'a self,
        vehicle_id: &'a str,
        command: RemoteCommand,
    ) -> BoxFuture<'a, Result<FleetCommand, Unsent>> {
        let tracked = Tracker::send(self, vehicle_id, command);
        Box::pin(async move { Ok(FleetCommand::new(tracked.label.clone(), tracked)) })
    }
}

/// One command's own events, in order, ending after its final one.
pub trait CommandEvents: Send {
    /// The next event; `None` after the final one.
    fn next(&mut self) -> BoxFuture<'_, Option<TrackEvent>>;

    /// The server's id of the remote, when the stream knows it apart from its events (a
    /// reader that lagged); the run also keeps the last one its events carried.
    fn remote_action_id(&self) -> Option<String> {
        None
    }
}

impl CommandEvents for Tracked {
    fn next(&mut self) -> BoxFuture<'_, Option<TrackEvent>> {
        Box::pin(Tracked::next(self))
    }

    fn remote_action_id(&self) -> Option<String> {
        Tracked::remote_action_id(self)
    }
}

/// A vehicle's command as the run follows it.
pub struct FleetCommand {
    /// The label the remote is (or was) sent under.
    pub label: String,
    /// Whether this send POSTs it: false when an earlier send of the same run did, and this
    /// one only follows it to its end.
    pub posts: bool,
    events: Box<dyn CommandEvents>,
}

impl Debug for FleetCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FleetCommand")
            .field("label", &self.label)
            .field("posts", &self.posts)
            .finish_non_exhaustive()
    }
}

impl FleetCommand {
    /// A command sent now, POSTed once.
    pub fn new(label: impl Into<String>, events: impl CommandEvents + 'static) -> Self {
        FleetCommand {
            label: label.into(),
            posts: true,
            events: Box::new(events),
        }
    }

    /// A command an earlier send recorded and may have POSTed, followed (by its remote id or
    /// label) without a POST now.
    pub fn following(label: impl Into<String>, events: impl CommandEvents + 'static) -> Self {
        FleetCommand {
            posts: false,
            ..FleetCommand::new(label, events)
        }
    }

    pub(super) async fn next(&mut self) -> Option<TrackEvent> {
        self.events.next().await
    }

    pub(super) fn remote_action_id(&self) -> Option<String> {
        self.events.remote_action_id()
    }
}

/// Why a vehicle's command was not sent now.
#[derive(Debug)]
pub enum Unsent {
    /// The same command of the same run was recorded before and has its end: nothing is
    /// sent. The result as recorded (its `vehicle_id`, `posted` and `already_recorded` are set
    /// by the run).
    AlreadyRecorded(Box<VehicleResult>),
    /// It could not be sent, and nothing left (e.g. the journal could not record it first):
    /// reported [`FleetOutcome::NotSent`](super::FleetOutcome::NotSent) with this message.
    Refused(String),
}
