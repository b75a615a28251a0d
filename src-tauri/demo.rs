//! The demo fleet: the Stellantis server simulator running inside the app, signed in to as a
//! [`Backend`] like a real account, so everything the app does with vehicles goes through the
//! same `stellantis` client either way.

use stellantis::{ClientConfig, Secret};
use stellantis_sim::SimConfig;

use crate::backend::{Backend, Journaling, Origin};
use crate::error::Error;

/// The environment variable that sets the simulator's speed (1 = real time, 0 = no delays).
pub const TIME_SCALE_VAR: &str = "CAR_REMOTE_DEMO_TIME_SCALE";

/// A fifth of real time: a lock takes about a second, a wake-up a few seconds, which still shows
/// every step of the timeline.
const DEFAULT_TIME_SCALE: f64 = 0.2;

/// How many vehicles the demo fleet has by default, and its seed (the same fleet on every start).
pub const FLEET_SIZE: usize = 25;
const FLEET_SEED: u64 = 1;

/// The environment variable that sets how many vehicles the demo fleet has (a large fleet, to
/// try the app or measure it; `./dev.sh measure` uses 25 and 1,000).
pub const VEHICLES_VAR: &str = "CAR_REMOTE_DEMO_VEHICLES";

/// The largest demo fleet (the simulator is tested with 10,000).
const MAX_FLEET_SIZE: usize = 10_000;

/// The demo fleet's size from the environment variable's value; [`FLEET_SIZE`] when unset.
pub fn fleet_size(value: Option<&str>) -> Result<usize, Error> {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(FLEET_SIZE);
    };
    match text.parse::<usize>() {
        Ok(size) if (1..=MAX_FLEET_SIZE).contains(&size) => Ok(size),
        _ => Err(Error::DemoUnavailable(format!(
            "{VEHICLES_VAR} is {text:?}; set it to a whole number from 1 to {MAX_FLEET_SIZE}, or unset it"
        ))),
    }
}

/// The time scale from the environment variable's value; the default when unset.
pub fn time_scale(value: Option<&str>) -> Result<f64, Error> {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(DEFAULT_TIME_SCALE);
    };
    match text.parse::<f64>() {
        Ok(scale) if scale.is_finite() && (0.0..=10.0).contains(&scale) => Ok(scale),
        _ => Err(Error::DemoUnavailable(format!(
            "{TIME_SCALE_VAR} is {text:?}; set it to a number from 0 (no delays) to 10, or unset it"
        ))),
    }
}

/// The demo account's per-second burst quota for a fleet of `vehicles`: the API's example
/// quota (100 a second, `../shared/stellantis/NOTES.md` §6.1) for a small fleet, and half the
/// fleet a second for a large one, as a big fleet's contract would have. Reading every
/// vehicle's telemetry then takes about 2 s of quota whatever the size (10,000 vehicles at 100
/// a second would take 100 s); past a few thousand, this computer's speed is the limit.
pub fn burst_per_second(vehicles: usize) -> u32 {
    u32::try_from((vehicles / 2).max(100)).unwrap_or(u32::MAX)
}

/// The demo account's daily quota: the API's example (100,000) or a hundred reads of every
/// vehicle, whichever is larger, so a large demo fleet can be reloaded all day.
pub fn day_quota(vehicles: usize) -> u32 {
    u32::try_from(vehicles.saturating_mul(100).max(100_000)).unwrap_or(u32::MAX)
}

/// Starts the simulator, signs in to it and opens the webhook channel.
pub async fn start(time_scale: f64, journaling: Journaling) -> Result<Backend, Error> {
    let vehicles = fleet_size(std::env::var(VEHICLES_VAR).ok().as_deref())?;
    start_with(vehicles, time_scale, journaling).await
}

/// Starts a demo fleet of `vehicles`.
pub async fn start_with(
    vehicles: usize,
    time_scale: f64,
    journaling: Journaling,
) -> Result<Backend, Error> {
    let sim = stellantis_sim::start(SimConfig {
        vehicles,
        seed: FLEET_SEED,
        time_scale,
        burst_per_second: burst_per_second(vehicles),
        day_quota: day_quota(vehicles),
        ..SimConfig::default()
    })
    .await
    .map_err(|e| Error::DemoUnavailable(e.to_string()))?;
    let config = ClientConfig::new(
        sim.base_url(),
        sim.token_url(),
        sim.client_id(),
        Secret::new(sim.client_secret()),
    );
    Backend::connect(
        config,
        Origin::Demo { _sim: sim },
        Backend::demo_tracking(),
        journaling,
    )
    .await
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use serde_json::json;

    use car_remote_journal::{CommandStore, Request};
    use stellantis::model::{CommandInput, RemoteCommand};

    use super::*;
    use crate::progress::Step;

    #[test]
    fn time_scale_defaults_and_rejects_nonsense() {
        assert_eq!(time_scale(None).expect("default"), DEFAULT_TIME_SCALE);
        assert_eq!(time_scale(Some(" ")).expect("blank"), DEFAULT_TIME_SCALE);
        assert_eq!(time_scale(Some("0")).expect("zero"), 0.0);
        assert_eq!(time_scale(Some("0.05")).expect("small"), 0.05);
        for bad in ["fast", "-1", "NaN", "1e9"] {
            let error = time_scale(Some(bad)).expect_err(bad);
            assert_eq!(error.kind(), crate::error::ErrorKind::DemoUnavailable);
            assert!(error.to_string().contains(TIME_SCALE_VAR), "{error}");
        }
    }

    #[test]
    fn fleet_size_defaults_and_rejects_nonsense() {
        assert_eq!(fleet_size(None).expect("default"), FLEET_SIZE);
        assert_eq!(fleet_size(Some("")).expect("blank"), FLEET_SIZE);
        assert_eq!(fleet_size(Some(" 1000 ")).expect("large"), 1000);
        assert_eq!(fleet_size(Some("1")).expect("one"), 1);
        for bad in ["0", "-5", "many", "2.5", "10001"] {
            let error = fleet_size(Some(bad)).expect_err(bad);
            assert_eq!(error.kind(), crate::error::ErrorKind::DemoUnavailable);
            assert!(error.to_string().contains(VEHICLES_VAR), "{error}");
        }
    }

    /// The whole path over real HTTP: simulator, client, webhook receiver, tracker, and the
    /// steps `send` reports, for a success and a failure with its cause.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn demo_fleet_lists_vehicles_and_reports_every_step() {
        let (_dir, journal) = crate::state::tests::test_journal();
        let changed = Arc::new(Mutex::new(Vec::<String>::new()));
        let seen = changed.clone();
        let journaling = crate::fleet::tests::journaling(&journal, move |id: &str| {
            seen.lock().expect("lock").push(id.to_owned())
        });
        let demo = start_with(FLEET_SIZE, 0.0, journaling)
            .await
            .expect("demo starts");
        let fleet = crate::fleet::tests::states(&demo).await;
        assert_eq!(fleet.len(), FLEET_SIZE);
        assert!(
            fleet
                .iter()
                .filter(|v| v.reading.position.is_some())
                .count()
                >= 20
        );
        // Vehicle 5 of the demo fleet has a door open; vehicle 0 has every remote.
        assert!(!fleet[5].reading.open_doors.is_empty(), "{:?}", fleet[5]);
        let support = demo.capability(&fleet[0].id).await.expect("capability");
        assert!(support.iter().all(|s| s.supported != Some(false)));
        let no_horn = demo.capability(&fleet[4].id).await.expect("capability");
        assert!(
            no_horn
                .iter()
                .any(|s| s.feature == "horn" && s.supported == Some(false))
        );

        for (index, expected) in [(0, "Success"), (5, "Failed")] {
            let steps = Arc::new(Mutex::new(Vec::new()));
            let (done_tx, done_rx) = tokio::sync::oneshot::channel();
            let mut done_tx = Some(done_tx);
            let sink = steps.clone();
            let input = CommandInput::from_json(json!({"feature": "locking", "state": "Locked"}))
                .expect("valid");
            let request = Request {
                request_id: format!("press-{index}"),
                vehicle_id: fleet[index].id.clone(),
                command: RemoteCommand::checked(input.clone(), false, None).expect("valid"),
                input,
                fleet_run_id: None,
                send_by: None,
            };
            let sent = demo
                .send(request.clone(), move |p| {
                    let last = p.step.is_final();
                    sink.lock().expect("lock").push(p);
                    if last && let Some(tx) = done_tx.take() {
                        let _ = tx.send(());
                    }
                    true
                })
                .await
                .expect("sent");
            assert!(!sent.existing);
            // The same press again: the journal has it, nothing is sent.
            let again = demo.send(request, |_| true).await.expect("answered");
            assert!(again.existing);
            tokio::time::timeout(Duration::from_secs(60), done_rx)
                .await
                .expect("the command ends within a minute")
                .expect("done reported");
            let progress = steps.lock().expect("lock").clone();
            let steps: Vec<Step> = progress.iter().map(|p| p.step.clone()).collect();
            assert_eq!(steps.first(), Some(&Step::Queued), "{steps:?}");
            assert!(steps.contains(&Step::Sent), "{steps:?}");
            assert!(
                steps
                    .iter()
                    .any(|s| matches!(s, Step::Pending { status } if status == "Accepted")),
                "{steps:?}"
            );
            match steps.last() {
                Some(Step::Done { status, cause, .. }) => {
                    assert_eq!(status, expected);
                    if expected == "Failed" {
                        assert_eq!(cause.as_deref(), Some("DoorsOpen"));
                        let text = progress.last().and_then(|p| p.text);
                        assert!(text.is_some_and(|e| e.contains("door")), "{text:?}");
                    }
                }
                other => panic!("last step {other:?} in {steps:?}"),
            }
        }
        // Both commands are in the journal with their ends, and the windows were told.
        let store = journal.clone().expect("journal");
        for (id, outcome) in [("press-0", "success"), ("press-5", "failed")] {
            let record = store.get(id).expect("read").expect("recorded");
            assert_eq!(
                record.end.map(|e| e.outcome.as_str()),
                Some(outcome),
                "{id}"
            );
        }
        assert!(
            changed
                .lock()
                .expect("lock")
                .iter()
                .any(|id| id == "press-5")
        );
        let after = crate::fleet::tests::states(&demo).await;
        assert_eq!(after[0].reading.lock, Some(crate::reading::Lock::Locked));
        // One vehicle read alone says the same as the fleet (an awake vehicle's readings are
        // timed as they are served, so the times differ).
        let one = demo
            .vehicle(&fleet[0].id, crate::vehicle::Names::new())
            .await
            .expect("one vehicle");
        let untimed = |mut v: crate::vehicle::VehicleSummary| {
            v.reading.updated_at = None;
            v.reading.read_at = Default::default();
            v
        };
        assert_eq!(untimed(one), untimed(after[0].clone()));
    }

    #[test]
    fn a_large_demo_fleet_gets_a_larger_quota() {
        assert_eq!(burst_per_second(25), 100);
        assert_eq!(burst_per_second(1_000), 500);
        assert_eq!(burst_per_second(10_000), 5_000);
        assert_eq!(day_quota(25), 100_000);
        assert_eq!(day_quota(10_000), 1_000_000);
    }
}
