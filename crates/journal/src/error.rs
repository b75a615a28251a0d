//! The journal's one error type and the kinds a UI switches on.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// What can go wrong with the command journal.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The system names no data folder, so the journal has no default place.
    #[error(
        "This system reports no data folder for Car Remote's command journal. Set the \
         CAR_REMOTE_DATA_DIR environment variable to a writable folder and start again."
    )]
    NoDataDir,
    /// The journal file or its folder cannot be created or opened.
    #[error(
        "Car Remote cannot open its command journal at {path} ({reason}). Check that the folder \
         exists and is writable, or set CAR_REMOTE_DATA_DIR to another folder, then start again."
    )]
    Unavailable {
        /// The file or folder that could not be opened or created.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The file was written by a newer Car Remote whose schema this one does not know.
    #[error(
        "The command journal at {path} was written by a newer Car Remote (journal version \
         {found}; this one reads up to {supported}). Update Car Remote to open it."
    )]
    TooNew {
        /// The journal file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// The file is not a journal, or its content is damaged.
    #[error(
        "The command journal at {path} is damaged or is not a Car Remote journal ({detail}). \
         Close every Car Remote window and terminal, move the file aside (keep it for support), \
         and start again to begin a new journal."
    )]
    Corrupt {
        /// The journal file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// Another Car Remote held the journal locked for longer than the busy timeout.
    #[error(
        "The command journal at {path} stayed locked by another Car Remote (the app or the CLI) \
         for more than {seconds} s. Try again once it has finished."
    )]
    Busy {
        /// The journal file.
        path: PathBuf,
        /// How long this one waited.
        seconds: u64,
    },
    /// Reading or writing the journal failed for another reason (disk full, I/O error...).
    #[error(
        "Reading or writing the command journal at {path} failed ({source}). Check the free disk \
         space and the file's permissions, then try again."
    )]
    Storage {
        /// The journal file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// Writing the CSV export failed.
    #[error(
        "Writing the history export failed ({source}). Check the destination and its free \
         space, then export again."
    )]
    Export {
        /// What the destination said.
        source: std::io::Error,
    },
    /// No command in the journal has this request id.
    #[error(
        "No command with request id {request_id} is in the journal. Check the id against the \
         history."
    )]
    NotFound {
        /// The request id asked for.
        request_id: String,
    },
    /// The request asks for something the recorded command contradicts.
    #[error("Command {request_id}: {detail}")]
    Conflict {
        /// The command's request id.
        request_id: String,
        /// What contradicts what, and what to do.
        detail: String,
    },
    /// A value given to the journal is unusable.
    #[error("{0}")]
    Invalid(String),
    /// A background task of the journal stopped before answering (a bug, not the user's doing).
    #[error(
        "A task of the command journal stopped unexpectedly ({0}). Try again; if it persists, \
         restart Car Remote."
    )]
    Interrupted(String),
}

/// The kinds of [`Error`], for a UI to switch on (serialised in camelCase).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// See [`Error::NoDataDir`] and [`Error::Unavailable`].
    Unavailable,
    /// See [`Error::TooNew`].
    TooNew,
    /// See [`Error::Corrupt`].
    Corrupt,
    /// See [`Error::Busy`].
    Busy,
    /// See [`Error::Storage`] and [`Error::Export`].
    Io,
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::Conflict`].
    Conflict,
    /// See [`Error::Invalid`].
    Invalid,
    /// See [`Error::Interrupted`].
    Interrupted,
}

impl ErrorKind {
    /// The camelCase name used on the wire (`"tooNew"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::TooNew => "tooNew",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::Busy => "busy",
            ErrorKind::Io => "io",
            ErrorKind::NotFound => "notFound",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Interrupted => "interrupted",
        }
    }
}

impl Error {
    /// The kind of error, for a UI to switch on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NoDataDir | Error::Unavailable { .. } => ErrorKind::Unavailable,
            Error::TooNew { .. } => ErrorKind::TooNew,
            Error::Corrupt { .. } => ErrorKind::Corrupt,
            Error::Busy { .. } => ErrorKind::Busy,
            Error::Storage { .. } | Error::Export { .. } => ErrorKind::Io,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::Interrupted(_) => ErrorKind::Interrupted,
        }
    }

    /// Sorts a SQLite failure on the journal at `path` into the kind a person can act on.
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy {
                path,
                seconds: crate::schema::BUSY_TIMEOUT.as_secs(),
            },
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::Corrupt {
                path,
                detail: source.to_string(),
            },
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
                Error::Unavailable {
                    path,
                    reason: source.to_string(),
                }
            }
            _ => Error::Storage { path, source },
        }
    }
}

/// Crosses IPC as `{"kind": "...", "message": "..."}`, like every Car Remote error.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

/// A failure inside the journal before it knows which file to name: converted to an [`Error`]
/// at the public edge, where the path is at hand, so `?` works on SQLite calls inside.
#[derive(Debug)]
pub(crate) enum Fault {
    /// SQLite failed.
    Db(rusqlite::Error),
    /// A stored value is not one the journal writes.
    Corrupt(String),
    /// A journal error already complete.
    Journal(Error),
}

impl From<rusqlite::Error> for Fault {
    fn from(e: rusqlite::Error) -> Self {
        Fault::Db(e)
    }
}

impl From<Error> for Fault {
    fn from(e: Error) -> Self {
        Fault::Journal(e)
    }
}

impl Fault {
    /// The public error, naming the journal file at `path`.
    pub(crate) fn at(self, path: &Path) -> Error {
        match self {
            Fault::Db(e) => Error::sqlite(path, e),
            Fault::Corrupt(detail) => Error::Corrupt {
                path: path.to_path_buf(),
                detail,
            },
            Fault::Journal(e) => e,
        }
    }
}
