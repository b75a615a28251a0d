//! Request bodies (in progress).
