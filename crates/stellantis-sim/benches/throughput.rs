//! Throughput benchmark (in progress).

fn main() {}
