//! Client overhead against a zero-delay simulator (written below).

fn main() {}
