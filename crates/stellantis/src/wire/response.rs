//! Response types (in progress).
