//! Following one command: wait for the vehicle's turn, POST once, find the remote again by its
//! label if the answer was lost, then follow it through the book (webhooks) and polling until
//! its end, and always send a final event.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::book::Owner;
use super::event::{DoneReport, EventKind, Outcome};
use super::{Inner, PostGate};
use crate::client::Posted;
use crate::error::Error;
use crate::model::RemoteCommand;
use crate::wire::response::{DoneStatus, position_from_extensions};

/// What looking a remote up by its label found.
enum Lookup {
    /// The server has it, under this id.
    Found(String),
    /// Every lookup was answered, and none found it: the server never created it.
    Absent,
    /// Some lookup could not be answered: nothing is known.
    Failed(String),
}

/// Looks up, with backoff, the remote sent (or maybe sent) under the owner's label.
async fn reconcile(inner: &Inner, owner: &Owner) -> Lookup {
    let mut rng = fastrand::Rng::new();
    let mut failure = None;
    for attempt in 0..inner.config.reconcile_attempts.max(1) {
        match inner
            .client
            .find_remote_by_label(&owner.vehicle_id, &inner.channel_id, &owner.label)
            .await
        {
            Ok(Some(r)) => return Lookup::Found(r.remote_action_id),
            Ok(None) => {}
            Err(e) => failure = Some(e.to_string()),
        }
        if attempt + 1 < inner.config.reconcile_attempts {
            tokio::time::sleep(crate::http::backoff_delay(
                attempt,
                inner.config.poll_first.min(Duration::from_secs(1)),
                inner.config.poll_max,
                &mut rng,
            ))
            .await;
        }
    }
    match failure {
        Some(reason) => Lookup::Failed(reason),
        None => Lookup::Absent,
    }
}

/// Ends a command that was not sent: the final `NotSent` event.
fn not_sent(owner: &Owner, reason: String) -> Outcome {
    owner.emit(
        None,
        EventKind::NotSent {
            reason: reason.clone(),
        },
    );
    Outcome::NotSent { reason }
}

/// Ends a command without a known end: the final `GaveUp` event, and `Outcome::Unknown`.
fn gave_up(owner: &Owner, rid: Option<&str>, reason: String) -> Outcome {
    owner.emit(rid, EventKind::GaveUp { reason });
    Outcome::Unknown
}

/// How a command is to be sent: its cancel flag, send-by time and pre-POST check.
pub(super) struct Sending {
    pub(super) cancelled: watch::Receiver<bool>,
    pub(super) send_by: Duration,
    pub(super) gate: Option<PostGate>,
}

/// Sends `command` once and follows it to its end; the last event it emits is final.
pub(super) async fn run(
    inner: &Inner,
    queue: Arc<tokio::sync::Mutex<()>>,
    owner: &Owner,
    command: &RemoteCommand,
    rid_out: &watch::Sender<Option<String>>,
    sending: Sending,
) -> Outcome {
    let Sending {
        mut cancelled,
        send_by,
        gate,
    } = sending;
    let deadline = Instant::now() + send_by;
    // tokio's Mutex is fair, so waiting on it is a FIFO queue per vehicle.
    let turn = tokio::select! {
        turn = queue.lock_owned() => turn,
        _ = tokio::time::sleep_until(deadline) => {
            return not_sent(owner, format!(
                "it could not leave within {} s: the vehicle's previous command was still running",
                send_by.as_secs()
            ));
        }
        _ = cancelled.wait_for(|c| *c) => {
            return not_sent(owner, "it was cancelled before it was sent".into());
        }
    };
    if *cancelled.borrow() {
        return not_sent(owner, "it was cancelled before it was sent".into());
    }
    if let Some(gate) = gate
        && let Err(reason) = gate.check().await
    {
        return not_sent(owner, reason);
    }
    let posted = inner
        .client
        .post_remote(
            &owner.vehicle_id,
            &inner.channel_id,
            command,
            &owner.label,
            Some(deadline.into_std()),
        )
        .await;
    let rid = match posted {
        Ok(Posted::Accepted { remote_action_id }) => remote_action_id,
        Ok(Posted::Lost { reason }) => match reconcile(inner, owner).await {
            Lookup::Found(rid) => rid,
            Lookup::Absent => {
                return not_sent(
                    owner,
                    format!(
                        "the server's answer was unusable ({reason}) and the server has no remote under this label: it was not created, and it was not sent again"
                    ),
                );
            }
            Lookup::Failed(failure) => {
                return gave_up(
                    owner,
                    None,
                    format!(
                        "the server's answer was unusable ({reason}) and the remote could not be looked up ({failure}); it was not sent again: check it later"
                    ),
                );
            }
        },
        Err(Error::RateLimited { retry_after }) => {
            return not_sent(
                owner,
                format!(
                    "rate limited: the server's request quota would have held it past its send-by time of {} s{}",
                    send_by.as_secs(),
                    retry_after
                        .map(|d| format!(" (it asked to wait {} s)", d.as_secs()))
                        .unwrap_or_default()
                ),
            );
        }
        // The connection could not be opened: the request never left.
        Err(e @ Error::Network(_)) => return not_sent(owner, e.to_string()),
        Err(e) => {
            let (kind, message) = (e.kind().as_str().to_owned(), e.to_string());
            owner.emit(
                None,
                EventKind::Rejected {
                    kind: kind.clone(),
                    message: message.clone(),
                },
            );
            return Outcome::Rejected { kind, message };
        }
    };
    follow_remote(inner, owner, command, rid_out, rid, Some(turn)).await
}

/// Follows a command an earlier run sent (or may have sent), without sending it again.
pub(super) async fn resume(
    inner: &Inner,
    owner: &Owner,
    command: &RemoteCommand,
    rid_out: &watch::Sender<Option<String>>,
    remote_action_id: Option<String>,
) -> Outcome {
    let rid = match remote_action_id {
        Some(rid) => rid,
        None => match reconcile(inner, owner).await {
            Lookup::Found(rid) => rid,
            Lookup::Absent => {
                return not_sent(
                    owner,
                    "the server has no remote under its label: it was never sent, and it is not sent now".into(),
                );
            }
            Lookup::Failed(failure) => {
                return gave_up(
                    owner,
                    None,
                    format!("the remote could not be looked up ({failure}); check it later"),
                );
            }
        },
    };
    follow_remote(inner, owner, command, rid_out, rid, None).await
}

/// Follows remote `rid` to its end through the book and polling. `turn` is the vehicle's queue
/// slot, held until the end (or until the remote goes silent) so the vehicle's next command waits.
async fn follow_remote(
    inner: &Inner,
    owner: &Owner,
    command: &RemoteCommand,
    rid_out: &watch::Sender<Option<String>>,
    rid: String,
    mut turn: Option<tokio::sync::OwnedMutexGuard<()>>,
) -> Outcome {
    let book = &inner.book;
    let config = &inner.config;
    let _ = rid_out.send(Some(rid.clone()));
    owner.emit(Some(&rid), EventKind::Sent);
    let mut changed = book.attach(&rid, owner.clone());
    let started = Instant::now();
    let mut last_news = started;
    let mut poll_every = config.poll_first;
    let mut next_poll = started + poll_every;
    let mut unknown = false;
    let (status, failure_cause, extensions) = loop {
        if let Some(done) = book.done(&rid) {
            break done;
        }
        let silence_ends = last_news + config.unknown_after;
        tokio::select! {
            r = changed.changed() => {
                if r.is_err() {
                    // The entry was dropped: cannot happen while owned; stop rather than spin.
                    return gave_up(owner, Some(&rid), "the command's state was lost".into());
                }
                last_news = Instant::now();
            }
            _ = tokio::time::sleep_until(next_poll) => {
                let poll = async {
                    // The account's poll budget is shared by every command it follows.
                    if let Some(budget) = &inner.poll_budget {
                        budget.until_ready().await;
                    }
                    inner.client.remote(&owner.vehicle_id, &inner.channel_id, &rid).await
                };
                // A webhook's news while the poll waits (for its budget, a 429, a slow answer)
                // is taken at once: the poll is dropped, and tried again later if still needed.
                tokio::select! {
                    polled = poll => {
                        if let Ok(r) = polled
                            && let Some(state) = r.state()
                        {
                            book.apply(&rid, state, Vec::new());
                        }
                    }
                    r = changed.changed() => {
                        if r.is_err() {
                            return gave_up(owner, Some(&rid), "the command's state was lost".into());
                        }
                        last_news = Instant::now();
                    }
                }
                poll_every = (poll_every * 2).min(config.poll_max);
                next_poll = Instant::now() + poll_every;
            }
            _ = tokio::time::sleep_until(silence_ends), if !unknown => {
                unknown = true;
                // The server may still be busy with it, but holding the vehicle's queue forever
                // would block every later command: let the next one try.
                turn = None;
                owner.emit(Some(&rid), EventKind::Unknown {
                    reason: format!("no news for {} s", config.unknown_after.as_secs()),
                });
            }
            _ = tokio::time::sleep_until(started + config.give_up_after) => {
                book.forget(&rid);
                return gave_up(
                    owner,
                    Some(&rid),
                    format!(
                        "no end was reported within {} min; it is no longer followed",
                        config.give_up_after.as_secs() / 60
                    ),
                );
            }
        }
    };
    drop(turn);
    book.forget(&rid);
    let succeeded = matches!(status, DoneStatus::Success | DoneStatus::AlreadyDone);
    let mut position = position_from_extensions(&extensions);
    let needs_telemetry = succeeded
        && match command {
            RemoteCommand::State => true,
            RemoteCommand::VehicleFinder => position.is_none(),
            _ => false,
        };
    let telemetry = if needs_telemetry {
        inner
            .client
            .latest_telemetry(&owner.vehicle_id)
            .await
            .ok()
            .map(Box::new)
    } else {
        None
    };
    if position.is_none() && matches!(command, RemoteCommand::State | RemoteCommand::VehicleFinder)
    {
        position = telemetry.as_ref().and_then(|t| t.position);
    }
    let report = DoneReport {
        status,
        failure_cause,
        extensions,
        position,
        telemetry,
    };
    owner.emit(Some(&rid), EventKind::Done(report.clone()));
    Outcome::Done(report)
}
