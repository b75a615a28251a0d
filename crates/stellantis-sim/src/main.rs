//! The `stellantis-sim` binary (in progress).

fn main() {}
