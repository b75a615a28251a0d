//! A fleet run through the journal: each vehicle's command recorded before its POST, under a
//! request id made from the run id and the vehicle id, with the run id as its fleet run.
//!
//! - The same run sent again sends no vehicle twice: a vehicle already recorded is answered
//!   from the journal ([`Unsent::AlreadyRecorded`], its recorded end), or, when it has no end
//!   yet, followed by its remote id or label ([`Dispatcher::check`]), never POSTed again.
//! - After a crash, [`Dispatcher::recover`] follows the run's unfinished vehicles like any
//!   other command of the origin: they are ordinary journal rows with a fleet run id.

use std::time::Duration;

use stellantis::fleet::{BoxFuture, CommandEvents, FleetCommand, FleetOutcome, FleetSender};
use stellantis::model::{CommandInput, RemoteCommand};
use stellantis::wire::response::{DoneStatus, FailureCause};
use stellantis::{ErrorKind, TrackEvent, Unsent, VehicleResult};

use crate::{CommandRecord, Dispatched, Dispatcher, Journaled, Outcome, Request};

/// The request id of `vehicle_id`'s command in fleet run `run_id`: the same for every send of
/// that run, so the journal records each vehicle once.
pub fn fleet_request_id(run_id: &str, vehicle_id: &str) -> String {
    format!("{run_id}/{vehicle_id}")
}

/// Sends a fleet run's commands through a [`Dispatcher`] (see the module's notes).
#[derive(Debug, Clone)]
pub struct FleetJournal {
    dispatcher: Dispatcher,
    run_id: String,
    input: CommandInput,
    send_by: Option<Duration>,
}

impl FleetJournal {
    /// Run `run_id` of the command given as `input` (recorded as every vehicle's parameters),
    /// through `dispatcher`, with its send-by time.
    pub fn new(dispatcher: Dispatcher, run_id: impl Into<String>, input: CommandInput) -> Self {
        FleetJournal {
            dispatcher,
            run_id: run_id.into(),
            input,
            send_by: None,
        }
    }

    /// How long each vehicle's POST may wait before it leaves (the dispatcher's default
    /// otherwise); the time starts when the run reaches the vehicle.
    pub fn send_by(mut self, send_by: Duration) -> Self {
        self.send_by = Some(send_by);
        self
    }

    /// The run's id.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    async fn send_one(
        &self,
        vehicle_id: &str,
        command: RemoteCommand,
    ) -> Result<FleetCommand, Unsent> {
        let request = Request {
            request_id: fleet_request_id(&self.run_id, vehicle_id),
            vehicle_id: vehicle_id.to_owned(),
            input: self.input.clone(),
            command,
            fleet_run_id: Some(self.run_id.clone()),
            send_by: self.send_by,
        };
        match self.dispatcher.send(request).await {
            Ok(Dispatched::Sent(journaled)) => {
                Ok(FleetCommand::new(journaled.label.clone(), journaled))
            }
            Ok(Dispatched::Existing(record)) => self.existing(*record).await,
            Err(error) => Err(Unsent::Refused(format!(
                "the journal could not record it, so it was not sent ({error})"
            ))),
        }
    }

    /// A vehicle this run recorded before: its recorded end, or followed to one (no POST).
    async fn existing(&self, record: CommandRecord) -> Result<FleetCommand, Unsent> {
        if !record.is_unfinished() {
            return Err(recorded(&record));
        }
        let request_id = record.command.request_id.clone();
        match self.dispatcher.check(&request_id).await {
            Ok(Some(journaled)) => Ok(FleetCommand::following(journaled.label.clone(), journaled)),
            // Settled by the check itself (never sent, or a demo fleet that restarted), or
            // still an intent its own run may send: as recorded now.
            Ok(None) => {
                let store = self.dispatcher.store().clone();
                let now = tokio::task::spawn_blocking(move || store.get(&request_id))
                    .await
                    .ok()
                    .and_then(Result::ok)
                    .flatten();
                Err(recorded(now.as_ref().unwrap_or(&record)))
            }
            Err(error) => {
                let mut result = recorded(&record);
                if let Unsent::AlreadyRecorded(r) = &mut result {
                    r.explanation =
                        format!("{} It could not be looked up now ({error}).", r.explanation);
                }
                Err(result)
            }
        }
    }
}

impl FleetSender for FleetJournal {
    fn send<'a>(
        &'a self,
        vehicle_id: &'a str,
        command: RemoteCommand,
    ) -> BoxFuture<'a, Result<FleetCommand, Unsent>> {
        Box::pin(self.send_one(vehicle_id, command))
    }
}

impl CommandEvents for Journaled {
    fn next(&mut self) -> BoxFuture<'_, Option<TrackEvent>> {
        Box::pin(Journaled::next(self))
    }
}

/// A recorded command as a fleet run reports it.
fn recorded(record: &CommandRecord) -> Unsent {
    let end = record.end.as_ref();
    let status = end.and_then(|e| e.status.clone());
    let (outcome, error_kind) = match end.map(|e| e.outcome) {
        Some(Outcome::Success | Outcome::AlreadyDone) => (FleetOutcome::Succeeded, None),
        Some(Outcome::Failed) => (FleetOutcome::Failed, None),
        Some(Outcome::Rejected) if status.as_deref() == Some(ErrorKind::Unsupported.as_str()) => {
            (FleetOutcome::Unsupported, status.clone())
        }
        Some(Outcome::Rejected) => (FleetOutcome::Refused, status.clone()),
        Some(Outcome::NotSent) => (FleetOutcome::NotSent, None),
        Some(Outcome::Unsettled) | None => (FleetOutcome::Unknown, None),
    };
    let done = matches!(outcome, FleetOutcome::Succeeded | FleetOutcome::Failed);
    let said = end
        .and_then(|e| e.message.clone())
        .unwrap_or_else(|| outcome.explanation().to_owned());
    Unsent::AlreadyRecorded(Box::new(VehicleResult {
        vehicle_id: record.command.vehicle_id.clone(),
        remote_action_id: record.remote_action_id.clone(),
        label: record.label.clone(),
        outcome,
        posted: false,
        already_recorded: true,
        status: status.as_deref().filter(|_| done).map(DoneStatus::parse),
        failure_cause: end
            .and_then(|e| e.cause.as_deref())
            .filter(|_| outcome == FleetOutcome::Failed)
            .map(FailureCause::parse),
        error_kind,
        explanation: format!(
            "Already in the journal (request {}): nothing was sent again. {said}",
            record.command.request_id
        ),
        position: None,
    }))
}
