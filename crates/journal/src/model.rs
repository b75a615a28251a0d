//! What the journal records about a command: its intent, its steps and its end.
//!
//! Every time is milliseconds since the Unix epoch (UTC) as an `i64`: one integer crosses IPC,
//! sorts in SQLite and needs no time library at either end; only the CSV export spells RFC 3339.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC: the journal's one time type.
pub type Millis = i64;

/// A command about to be sent, as recorded before its POST leaves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCommand {
    /// The caller-made id that names this command everywhere (the page makes a UUID per press).
    pub request_id: String,
    /// The Stellantis client id the command is sent under (never a secret).
    pub account: String,
    /// The vehicle it is sent to.
    pub vehicle_id: String,
    /// Which of the remote commands it is (`"doors"`, `"charging"`, ...).
    pub feature: String,
    /// The command's parameters as the front end validated them.
    pub parameters: serde_json::Value,
    /// The OS user who sent it (see [`crate::os_user`]).
    pub sender: String,
    /// Which front end sent it.
    pub origin: Origin,
    /// The fleet run it belongs to, if it was sent to many vehicles at once.
    pub fleet_run_id: Option<String>,
    /// When it was recorded.
    pub created_at: Millis,
    /// The latest time it may still be sent: a command found unsent after this is not sent.
    pub send_by: Millis,
}

/// Which front end recorded a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    /// The desktop app.
    App,
    /// `car-remote-cli`.
    Cli,
}

/// How far a command has gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum State {
    /// Recorded, not sent: found so at recovery, it never reached the server.
    Intent,
    /// The POST was about to leave: found so at recovery, it may have reached the server.
    Posting,
    /// The server accepted it and gave it a remote action id.
    Accepted,
    /// It has an end (see [`OutcomeRecord`]).
    Ended,
}

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The vehicle did it.
    Success,
    /// The vehicle was already in the asked state.
    AlreadyDone,
    /// The vehicle tried and failed.
    Failed,
    /// The server refused the command.
    Rejected,
    /// It was never sent (given up before its POST left).
    NotSent,
    /// Its fate is not known yet: a later look-up may still settle it.
    Unsettled,
}

/// One thing that happened to a command after its intent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepRecord {
    /// When it happened.
    pub at: Millis,
    /// What happened, as a code the UI translates (`"queued"`, `"sent"`, `"pending"`, `"done"`...).
    pub code: String,
    /// The Stellantis status word, if the server gave one (`"WakingUpVehicle"`).
    pub status: Option<String>,
    /// Anything more worth keeping.
    pub detail: Option<String>,
}

/// How and when a command ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeRecord {
    /// When it ended.
    pub at: Millis,
    /// How it ended.
    pub outcome: Outcome,
    /// The last Stellantis status word, if any.
    pub status: Option<String>,
    /// The server's or the client's reason code, if any.
    pub cause: Option<String>,
    /// The message a person was shown, if any.
    pub message: Option<String>,
}

/// Everything the journal knows about one command.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandRecord {
    /// The command as its intent was recorded (its fields sit beside the others in JSON).
    #[serde(flatten)]
    pub command: NewCommand,
    /// How far it has gone.
    pub state: State,
    /// The label given when its POST left (what the UI calls it), if it left.
    pub label: Option<String>,
    /// When its POST left, if it did.
    pub posted_at: Option<Millis>,
    /// The server's remote action id, once it accepted the command.
    pub remote_action_id: Option<String>,
    /// Its steps, in the order they were appended.
    pub steps: Vec<StepRecord>,
    /// How it ended; `None` while it has no end.
    pub end: Option<OutcomeRecord>,
}

impl CommandRecord {
    /// A command just recorded: an intent, nothing sent, no steps.
    pub fn intent(command: NewCommand) -> Self {
        CommandRecord {
            command,
            state: State::Intent,
            label: None,
            posted_at: None,
            remote_action_id: None,
            steps: Vec::new(),
            end: None,
        }
    }

    /// True when recovery must still follow it: no end yet, or ended [`Outcome::Unsettled`].
    pub fn is_unfinished(&self) -> bool {
        self.end
            .as_ref()
            .is_none_or(|end| end.outcome == Outcome::Unsettled)
    }
}

/// What [`crate::CommandStore::record_intent`] did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "recorded", content = "command")]
pub enum Recorded {
    /// The intent is new: the caller sends the command.
    New(CommandRecord),
    /// The request id was already recorded (by this or another front end): the caller must not
    /// send again, only follow this command.
    Existing(CommandRecord),
}

impl Recorded {
    /// The command, new or existing.
    pub fn record(&self) -> &CommandRecord {
        match self {
            Recorded::New(record) | Recorded::Existing(record) => record,
        }
    }

    /// The command, new or existing, by value.
    pub fn into_record(self) -> CommandRecord {
        match self {
            Recorded::New(record) | Recorded::Existing(record) => record,
        }
    }

    /// True when this call recorded the intent, so this caller is the one that sends it.
    pub fn is_new(&self) -> bool {
        matches!(self, Recorded::New(_))
    }
}

/// The word each enum is stored under: the same camelCase as its serde form, spelled once here
/// so SQLite rows, CSV cells and IPC agree.
macro_rules! words {
    ($ty:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $ty {
            /// The stored word (the same as its serde form).
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $word),+ }
            }

            /// The value stored as `word`, if it is one.
            pub fn from_word(word: &str) -> Option<Self> {
                match word { $($word => Some($ty::$variant),)+ _ => None }
            }
        }
    };
}

words!(Origin { App => "app", Cli => "cli" });
words!(State { Intent => "intent", Posting => "posting", Accepted => "accepted", Ended => "ended" });
words!(Outcome {
    Success => "success",
    AlreadyDone => "alreadyDone",
    Failed => "failed",
    Rejected => "rejected",
    NotSent => "notSent",
    Unsettled => "unsettled",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_words_are_the_serde_words() {
        let outcomes = [
            Outcome::Success,
            Outcome::AlreadyDone,
            Outcome::Failed,
            Outcome::Rejected,
            Outcome::NotSent,
            Outcome::Unsettled,
        ];
        for outcome in outcomes {
            let json = serde_json::to_value(outcome).unwrap();
            assert_eq!(json, outcome.as_str());
            assert_eq!(Outcome::from_word(outcome.as_str()), Some(outcome));
        }
        for state in [State::Intent, State::Posting, State::Accepted, State::Ended] {
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
            assert_eq!(State::from_word(state.as_str()), Some(state));
        }
        for origin in [Origin::App, Origin::Cli] {
            assert_eq!(serde_json::to_value(origin).unwrap(), origin.as_str());
        }
        assert_eq!(Outcome::from_word("Success"), None);
    }
}
