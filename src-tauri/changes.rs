//! Journal changes pushed to the page: each time a command's record changes (a step, an end, a
//! recovered command), every subscribed window is told its request id, so the history it shows
//! stays current without polling.

use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tauri::ipc::Channel;

/// What changed: one command's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The command's request id.
    pub request_id: String,
}

/// Something to call with a request id whose record changed.
pub type Notifier = Arc<dyn Fn(&str) + Send + Sync>;

/// The windows' subscriptions.
#[derive(Default)]
pub struct Changes {
    channels: Mutex<Vec<Channel<Change>>>,
}

impl Changes {
    /// Adds a window's channel; it is dropped once the window stops listening.
    pub fn subscribe(&self, channel: Channel<Change>) {
        self.lock().push(channel);
    }

    /// Tells every subscribed window that `request_id` changed.
    pub fn notify(&self, request_id: &str) {
        let change = Change {
            request_id: request_id.to_owned(),
        };
        self.lock()
            .retain(|channel| channel.send(change.clone()).is_ok());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Channel<Change>>> {
        self.channels.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
