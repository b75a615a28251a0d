//! Following one command: wait for the vehicle's turn, POST once, find the remote again by its
//! label if the answer was lost, then follow it through the book (webhooks) and polling until
//! its end, and always send a final event.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::Inner;
use super::book::Owner;
use super::event::{DoneReport, EventKind, Outcome};
use crate::client::Posted;
use crate::model::RemoteCommand;
use crate::wire::response::{DoneStatus, position_from_extensions};

/// Finds the remote id of a POST whose answer was lost, by its label, with backoff.
async fn reconcile(inner: &Inner, owner: &Owner) -> Option<String> {
    let mut rng = fastrand::Rng::new();
    for attempt in 0..inner.config.reconcile_attempts {
        if let Ok(Some(r)) = inner
            .client
            .find_remote_by_label(&owner.vehicle_id, &inner.channel_id, &owner.label)
            .await
        {
            return Some(r.remote_action_id);
        }
        tokio::time::sleep(crate::http::backoff_delay(
            attempt,
            inner.config.poll_first.min(Duration::from_secs(1)),
            inner.config.poll_max,
            &mut rng,
        ))
        .await;
    }
    None
}

/// Ends a command without a known end: the final `GaveUp` event, and `Outcome::Unknown`.
fn gave_up(owner: &Owner, rid: Option<&str>, reason: String) -> Outcome {
    owner.emit(rid, EventKind::GaveUp { reason });
    Outcome::Unknown
}

/// Sends `command` once and follows it to its end; the last event it emits is final.
pub(super) async fn run(
    inner: &Inner,
    queue: Arc<tokio::sync::Mutex<()>>,
    owner: &Owner,
    command: &RemoteCommand,
    rid_out: &watch::Sender<Option<String>>,
) -> Outcome {
    let book = &inner.book;
    let config = &inner.config;
    // tokio's Mutex is fair, so waiting on it is a FIFO queue per vehicle.
    let mut turn = Some(queue.lock_owned().await);
    let rid = match inner
        .client
        .post_remote(&owner.vehicle_id, &inner.channel_id, command, &owner.label)
        .await
    {
        Ok(Posted::Accepted { remote_action_id }) => remote_action_id,
        Ok(Posted::Lost { reason }) => match reconcile(inner, owner).await {
            Some(rid) => rid,
            None => {
                return gave_up(
                    owner,
                    None,
                    format!(
                        "the server's answer was lost ({reason}) and no remote with this label was found; it was not sent again"
                    ),
                );
            }
        },
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
                if let Ok(r) = inner.client.remote(&owner.vehicle_id, &inner.channel_id, &rid).await
                    && let Some(state) = r.state()
                {
                    book.apply(&rid, state, Vec::new());
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
