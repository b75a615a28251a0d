//! Quota-safe following: with no webhook reaching the client, the polls of every command it
//! follows share one per-account budget, however many commands there are.

mod common;

use std::num::NonZeroU32;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;
use serde_json::json;
use stellantis::tracker::EventKind;
use stellantis::{Tracker, TrackerConfig};
use stellantis_sim::Faults;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_poll_of_the_account_fits_one_budget() {
    // Slow remotes (real time) and no webhook: the commands stay pending while polled.
    let sim = sim(|c| {
        c.time_scale = 1.0;
        c.faults = Faults {
            webhook_unreachable: true,
            ..Faults::default()
        };
    })
    .await;
    let client = client(&sim);
    let channel = polling_channel(&client).await;
    let budget: u32 = 3;
    let tracker = Tracker::new(
        client.clone(),
        channel,
        TrackerConfig {
            poll_first: Duration::from_millis(20),
            poll_max: Duration::from_millis(100),
            polls_per_minute: NonZeroU32::new(budget),
            ..TrackerConfig::default()
        },
    );
    let mut sent = Vec::new();
    for vehicle in &sim.vehicle_ids()[..4] {
        let mut t = tracker.send(vehicle, command(json!({"feature": "wakeUp"})));
        // Wait for the POST's answer: from then on only polls go out.
        while let Some(event) = t.next().await {
            if matches!(event.event, EventKind::Sent) {
                break;
            }
        }
        sent.push(t);
    }
    let requests = || client.http().stats().requests.load(Ordering::Relaxed);
    let before = requests();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let polls = requests() - before;
    // Four commands polled every 20-100 ms would make dozens of requests; the budget allows
    // its burst of `budget`, then one every 20 s.
    assert!(polls <= u64::from(budget), "{polls} polls in 1.5 s");
    assert!(polls >= 1, "nothing was polled");
    drop(sent);
}
