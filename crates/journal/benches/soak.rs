//! The soak at fleet scale: 10,000 commands (`SOAK_COMMANDS` to change it) through one
//! dispatcher against the simulator with every fault it has, then the same checks as
//! `tests/soak.rs` (nothing lost, nothing sent twice). Prints the counts, the wall time and
//! commands per second; fails only when a check fails, never on time.
//!
//! `cargo bench -p car-remote-journal --bench soak`

#[path = "../tests/soak_run/mod.rs"]
mod soak_run;

fn main() {
    let commands: usize = std::env::var("SOAK_COMMANDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let report = runtime.block_on(soak_run::soak(commands));
    println!("{report}");
    report.assert_clean();
}
