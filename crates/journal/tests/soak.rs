//! The soak, at 1,000 commands: every fault the simulator has, one dispatcher, and then nothing
//! lost and nothing sent twice, read from the journal and the server (see `soak_run`).

mod soak_run;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_commands_through_every_fault_none_lost_none_sent_twice() {
    let report = soak_run::soak(1_000).await;
    println!("{report}");
    report.assert_clean();
}
