//! A fleet run through the journal: each vehicle's command recorded before its POST, under a
//! request id made from the run id and the vehicle id, with the run id as its fleet run.
//!
//! - The same run sent again sends no vehicle twice: a vehicle already recorded is answered
//!   from the journal ([`Unsent::AlreadyRecorded`], its recorded end), or, when it has no end
//!   yet, followed by its remote id or label ([`Dispatcher::check`]), never POSTed again.
//! - A run resumed after its front end stopped ([`FleetJournal::resuming`]) sends the vehicles
//!   recorded that never reached the server, and still none that did.
//! - After a crash, [`Dispatcher::recover`] follows the run's unfinished vehicles like any
//!   other command of the origin: they are ordinary journal rows with a fleet run id.

use std::time::Duration;

use stellantis::fleet::{
    BoxFuture, CommandEvents, FleetCommand, FleetOutcome, FleetSender, FleetStage,
};
use stellantis::model::{CommandInput, RemoteCommand};
use stellantis::wire::response::{DoneStatus, FailureCause};
use stellantis::{ErrorKind, TrackEvent, Unsent, VehicleResult};

use crate::{CommandRecord, Dispatched, Dispatcher, Journaled, Outcome, Request, State};

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
    resuming: bool,
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
            resuming: false,
        }
    }

    /// For a run resumed after the front end that ran it stopped: a vehicle recorded that never
    /// reached the server (an intent, or "not sent", also once its label is looked up and not
    /// found) is sent now ([`Dispatcher::send_unsent`]); one the server has is never sent again.
    pub fn resuming(mut self) -> Self {
        self.resuming = true;
        self
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
        match self.dispatch(request.clone()).await? {
            Dispatched::Sent(journaled) => {
                Ok(FleetCommand::new(journaled.label.clone(), journaled))
            }
            Dispatched::Existing(record)
                if self.resuming && record.is_unfinished() && record.remote_action_id.is_none() =>
            {
                self.settle_then_send(&record, request).await
            }
            Dispatched::Existing(record) => self.existing(*record).await,
        }
    }

    /// Resuming: a vehicle recorded with no remote id and no end is first settled (an intent
    /// past its send-by time ends "not sent"; a POST that may have left is looked up under its
    /// label, and followed to its end if the server has it), then sent if it never reached the
    /// server.
    async fn settle_then_send(
        &self,
        record: &CommandRecord,
        request: Request,
    ) -> Result<FleetCommand, Unsent> {
        let request_id = &record.command.request_id;
        if self.dispatcher.is_following(request_id) {
            // Recovery follows it already: its end decides.
            self.dispatcher.until_followed(request_id).await;
        } else if let Ok(Some(mut journaled)) = self.dispatcher.check(request_id).await {
            while journaled.next().await.is_some() {}
        }
        match self.dispatch(request).await? {
            Dispatched::Sent(journaled) => {
                Ok(FleetCommand::new(journaled.label.clone(), journaled))
            }
            Dispatched::Existing(now) => Err(recorded(&now)),
        }
    }

    async fn dispatch(&self, request: Request) -> Result<Dispatched, Unsent> {
        let dispatched = if self.resuming {
            self.dispatcher.send_unsent(request).await
        } else {
            self.dispatcher.send(request).await
        };
        dispatched.map_err(|error| {
            Unsent::Refused(format!(
                "the journal could not record it, so it was not sent ({error})"
            ))
        })
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

/// Where a recorded command of a fleet run stands, from its state and its end (outcome and
/// status): an end as a run reports ends (a rejection whose kind is `unsupported` is
/// unsupported, any other a refusal; an unsettled end is unknown); without an end, `Sent` while
/// it is an intent or its POST is leaving, `Pending` once the server accepted it.
pub fn recorded_stage(state: State, outcome: Option<Outcome>, status: Option<&str>) -> FleetStage {
    match outcome {
        Some(Outcome::Success | Outcome::AlreadyDone) => FleetStage::Succeeded,
        Some(Outcome::Failed) => FleetStage::Failed,
        Some(Outcome::Rejected) if status == Some(ErrorKind::Unsupported.as_str()) => {
            FleetStage::Unsupported
        }
        Some(Outcome::Rejected) => FleetStage::Refused,
        Some(Outcome::NotSent) => FleetStage::NotSent,
        Some(Outcome::Unsettled) => FleetStage::Unknown,
        None => match state {
            State::Intent | State::Posting => FleetStage::Sent,
            State::Accepted => FleetStage::Pending,
            State::Ended => FleetStage::Unknown,
        },
    }
}

/// A recorded command of a fleet run as a result of that run ([`recorded_stage`]), explained by
/// the message recorded with its end, else by its stage.
pub fn recorded_result(record: &CommandRecord) -> VehicleResult {
    let end = record.end.as_ref();
    let status = end.and_then(|e| e.status.clone());
    let outcome = recorded_stage(record.state, end.map(|e| e.outcome), status.as_deref());
    let error_kind = matches!(outcome, FleetOutcome::Unsupported | FleetOutcome::Refused)
        .then(|| status.clone())
        .flatten();
    let done = matches!(outcome, FleetOutcome::Succeeded | FleetOutcome::Failed);
    VehicleResult {
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
        explanation: end
            .and_then(|e| e.message.clone())
            .unwrap_or_else(|| outcome.explanation().to_owned()),
        position: None,
    }
}

/// A recorded command as a fleet run sent again reports it: its end, or unknown without one.
fn recorded(record: &CommandRecord) -> Unsent {
    let mut result = recorded_result(record);
    if record.end.is_none() {
        result.outcome = FleetOutcome::Unknown;
        result.explanation = FleetOutcome::Unknown.explanation().to_owned();
    }
    result.explanation = format!(
        "Sent earlier in this run, not sent again. {}",
        result.explanation
    );
    Unsent::AlreadyRecorded(Box::new(result))
}
