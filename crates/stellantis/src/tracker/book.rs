//! The book: what is known about every remote, fed by webhooks and polls alike. Applying the
//! same fact twice changes nothing, a Pending step after Done is ignored, and each new fact is
//! sent to the one command that owns the remote, on that command's own stream.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};

use tokio::sync::{mpsc, watch};

use super::event::{EventKind, TrackEvent};
use crate::wire::response::{
    DoneStatus, Extension, FailureCause, Message, PendingStatus, RemoteState,
};

/// The end of a remote as the book knows it: status, cause, extensions.
pub(super) type Done = (DoneStatus, Option<FailureCause>, Vec<Extension>);

/// The command a remote belongs to, and its event stream.
#[derive(Clone, Debug)]
pub(super) struct Owner {
    pub(super) command_id: u64,
    pub(super) label: String,
    pub(super) vehicle_id: String,
    pub(super) events: mpsc::UnboundedSender<TrackEvent>,
}

impl Owner {
    /// Sends one event to the command's stream. A command's stream holds a handful of events
    /// (queued, sent, the pending steps, one end), so it is unbounded without growing without end;
    /// nobody listening any more is fine.
    pub(super) fn emit(&self, rid: Option<&str>, event: EventKind) {
        let _ = self.events.send(TrackEvent {
            command_id: self.command_id,
            label: self.label.clone(),
            vehicle_id: self.vehicle_id.clone(),
            remote_action_id: rid.map(str::to_owned),
            event,
        });
    }
}

/// What the book knows about one remote id.
#[derive(Debug)]
struct Entry {
    owner: Option<Owner>,
    steps: Vec<PendingStatus>,
    done: Option<Done>,
    seen: HashSet<PendingStatus>,
    changed: watch::Sender<u64>,
}

impl Entry {
    fn new() -> Self {
        Entry {
            owner: None,
            steps: Vec::new(),
            done: None,
            seen: HashSet::new(),
            changed: watch::channel(0).0,
        }
    }
}

/// Remote ids the book remembers without an owner (events for remotes another run sent, or
/// that arrived before their POST answer); beyond this the oldest are forgotten.
pub(super) const MAX_UNOWNED: usize = 10_000;

/// The state of every remote. Idempotent.
#[derive(Debug, Default)]
pub(super) struct Book {
    entries: Mutex<HashMap<String, Entry>>,
    unowned: Mutex<VecDeque<String>>,
}

impl Book {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records one fact about remote `rid`. Returns true if it changed anything.
    pub(super) fn apply(&self, rid: &str, state: RemoteState, extensions: Vec<Extension>) -> bool {
        let mut entries = self.lock();
        let fresh = !entries.contains_key(rid);
        let entry = entries.entry(rid.to_owned()).or_insert_with(Entry::new);
        let changed = match state {
            RemoteState::Pending(status) => {
                if entry.done.is_some() || !entry.seen.insert(status.clone()) {
                    false
                } else {
                    entry.steps.push(status.clone());
                    if let Some(owner) = &entry.owner {
                        owner.emit(Some(rid), EventKind::Pending { status });
                    }
                    true
                }
            }
            RemoteState::Done {
                status,
                failure_cause,
            } => match &mut entry.done {
                None => {
                    entry.done = Some((status, failure_cause, extensions));
                    true
                }
                // A poll's Done carries no extensions; the webhook's may come later.
                Some((_, _, ext)) if ext.is_empty() && !extensions.is_empty() => {
                    *ext = extensions;
                    true
                }
                Some(_) => false,
            },
        };
        if changed {
            entry.changed.send_modify(|v| *v += 1);
        }
        drop(entries);
        if fresh {
            self.remember_unowned(rid);
        }
        changed
    }

    fn remember_unowned(&self, rid: &str) {
        let mut q = self.unowned.lock().unwrap_or_else(|p| p.into_inner());
        q.push_back(rid.to_owned());
        if q.len() > MAX_UNOWNED {
            let mut entries = self.lock();
            while q.len() > MAX_UNOWNED {
                if let Some(old) = q.pop_front()
                    && entries.get(&old).is_some_and(|e| e.owner.is_none())
                {
                    entries.remove(&old);
                }
            }
        }
    }

    /// Claims `rid` for a command: replays the steps already known to it and returns a receiver
    /// that changes with every new fact.
    pub(super) fn attach(&self, rid: &str, owner: Owner) -> watch::Receiver<u64> {
        let mut entries = self.lock();
        let entry = entries.entry(rid.to_owned()).or_insert_with(Entry::new);
        for status in &entry.steps {
            owner.emit(
                Some(rid),
                EventKind::Pending {
                    status: status.clone(),
                },
            );
        }
        entry.owner = Some(owner);
        entry.changed.subscribe()
    }

    /// Drops what is known about `rid` once its command has finished with it; a late duplicate
    /// then lands in an unowned entry, which is bounded.
    pub(super) fn forget(&self, rid: &str) {
        self.lock().remove(rid);
    }

    /// The end of `rid`, once known.
    pub(super) fn done(&self, rid: &str) -> Option<Done> {
        self.lock().get(rid).and_then(|e| e.done.clone())
    }

    /// Applies authenticated webhook messages.
    pub(super) fn ingest(&self, messages: Vec<Message>) {
        for m in messages {
            let Some(ev) = m.remote_event else { continue };
            if ev.remote_action_id.is_empty() {
                continue;
            }
            if let Some(state) = ev.state() {
                self.apply(&ev.remote_action_id, state, ev.extensions);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner() -> (Owner, mpsc::UnboundedReceiver<TrackEvent>) {
        let (events, rx) = mpsc::unbounded_channel();
        let owner = Owner {
            command_id: 7,
            label: "l".into(),
            vehicle_id: "v".into(),
            events,
        };
        (owner, rx)
    }

    fn kinds(rx: &mut mpsc::UnboundedReceiver<TrackEvent>) -> Vec<EventKind> {
        let mut out = Vec::new();
        while let Ok(e) = rx.try_recv() {
            out.push(e.event);
        }
        out
    }

    #[test]
    fn duplicates_change_nothing_and_pending_after_done_is_ignored() {
        let book = Book::default();
        let (owner, mut rx) = owner();
        let _changes = book.attach("r", owner);
        let pending = |s| RemoteState::Pending(s);
        assert!(book.apply("r", pending(PendingStatus::Accepted), vec![]));
        assert!(!book.apply("r", pending(PendingStatus::Accepted), vec![]));
        let done = RemoteState::Done {
            status: DoneStatus::Failed,
            failure_cause: Some(FailureCause::DoorsOpen),
        };
        assert!(book.apply("r", done.clone(), vec![]));
        assert!(!book.apply("r", done.clone(), vec![]));
        // Out of order: SentToVehicle after Done.
        assert!(!book.apply("r", pending(PendingStatus::SentToVehicle), vec![]));
        // A later Done with a different status does not overwrite the first.
        assert!(!book.apply(
            "r",
            RemoteState::Done {
                status: DoneStatus::Success,
                failure_cause: None
            },
            vec![]
        ));
        assert_eq!(
            book.done("r").map(|d| (d.0, d.1)),
            Some((DoneStatus::Failed, Some(FailureCause::DoorsOpen)))
        );
        assert_eq!(
            kinds(&mut rx),
            vec![EventKind::Pending {
                status: PendingStatus::Accepted
            }]
        );
    }

    #[test]
    fn events_before_the_owner_are_replayed_once_on_attach() {
        let book = Book::default();
        let (owner, mut rx) = owner();
        book.ingest(
            Message::parse_batch(
                br#"[{"channelId":"c","type":"Remote","date":"d","remoteEvent":{"remoteActionId":"early","remoteType":"Horn","eventStatus":{"type":"Pending","status":"Accepted"}}},
                     {"channelId":"c","type":"Remote","date":"d","remoteEvent":{"remoteActionId":"early","remoteType":"Horn","eventStatus":{"type":"Pending","status":"Accepted"}}},
                     {"channelId":"c","type":"Remote","date":"d","remoteEvent":{"remoteActionId":"early","remoteType":"Horn","eventStatus":{"type":"Done","status":"Success"}}}]"#,
            )
            .expect("parses")
            .messages,
        );
        assert!(kinds(&mut rx).is_empty());
        let _changes = book.attach("early", owner);
        assert_eq!(
            kinds(&mut rx),
            vec![EventKind::Pending {
                status: PendingStatus::Accepted
            }]
        );
        assert_eq!(book.done("early").map(|d| d.0), Some(DoneStatus::Success));
    }

    #[test]
    fn events_reach_only_their_own_command() {
        let book = Book::default();
        let (first, mut first_rx) = owner();
        let (second, mut second_rx) = owner();
        let _a = book.attach("a", first);
        let _b = book.attach("b", second);
        book.apply("a", RemoteState::Pending(PendingStatus::Accepted), vec![]);
        book.apply(
            "b",
            RemoteState::Pending(PendingStatus::SentToVehicle),
            vec![],
        );
        assert_eq!(
            kinds(&mut first_rx),
            vec![EventKind::Pending {
                status: PendingStatus::Accepted
            }]
        );
        assert_eq!(
            kinds(&mut second_rx),
            vec![EventKind::Pending {
                status: PendingStatus::SentToVehicle
            }]
        );
    }

    #[test]
    fn late_extensions_complete_a_polled_done() {
        let book = Book::default();
        let done = RemoteState::Done {
            status: DoneStatus::Success,
            failure_cause: None,
        };
        assert!(book.apply("r", done.clone(), vec![]));
        let ext = vec![Extension {
            kind: "vehicle.position".into(),
            body: vec![serde_json::json!({"position":{"geometry":{"coordinates":[1.0,2.0]}}})],
        }];
        assert!(book.apply("r", done.clone(), ext.clone()));
        assert!(!book.apply("r", done, ext.clone()));
        assert_eq!(book.done("r").map(|d| d.2), Some(ext));
    }

    #[test]
    fn unowned_entries_are_bounded() {
        let book = Book::default();
        let done = RemoteState::Done {
            status: DoneStatus::Success,
            failure_cause: None,
        };
        for i in 0..(MAX_UNOWNED + 50) {
            book.apply(&format!("r{i}"), done.clone(), vec![]);
        }
        assert!(book.lock().len() <= MAX_UNOWNED);
        assert!(book.done("r0").is_none());
        assert!(book.done(&format!("r{}", MAX_UNOWNED + 49)).is_some());
    }
}
