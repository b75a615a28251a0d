//! The fleet for the window, fast first and fresh after:
//! - [`Backend::fleet`] lists the vehicles (the paged vehicle list) with their last known state
//!   from the vehicle cache in the journal's file, reading no telemetry: a 10,000-vehicle
//!   fleet shows at once.
//! - [`Backend::fleet_states`] then reads every vehicle's latest telemetry, a few at a time
//!   through the client's pacer (which keeps under the account's burst quota), writes each to
//!   the cache, and hands the updated summaries over in batches.
//!
//! One vehicle read now ([`Backend::vehicle`]) and its capability ([`Backend::capability`])
//! update the cache too; a cache that cannot be read or written (no journal) only costs speed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use car_remote_journal::{CommandStore, VehicleCache};
use futures_util::StreamExt;
use serde::Serialize;
use stellantis::wire::response::Vehicle;

use crate::backend::Backend;
use crate::capability::{self, FeatureSupport};
use crate::error::Error;
use crate::reading::Reading;
use crate::usage::{self, Usage};
use crate::vehicle::{self, Context, Names, VehicleSummary};

/// Telemetry reads in flight at once; the pacer spaces them under the burst quota, this only
/// bounds the open connections and the memory of answers not yet summarised.
pub const READ_CONCURRENCY: usize = 16;

/// The longest a read summary waits before it is handed over.
pub const BATCH_INTERVAL: Duration = Duration::from_millis(200);

/// The most summaries in one batch.
pub const BATCH_SIZE: usize = 500;

/// What `fleet_states` answers once every vehicle was read (or the backend was switched).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetRead {
    /// Vehicles whose telemetry was read.
    pub read: usize,
    /// Vehicles whose telemetry could not be read (listed with `unreadable`).
    pub failed: usize,
}

/// Summaries read and not handed over yet, with the readings to cache.
#[derive(Default)]
struct Batch {
    summaries: Vec<VehicleSummary>,
    readings: Vec<(String, serde_json::Value)>,
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

impl Backend {
    /// Runs cache work on the blocking pool; `None` without a cache or when it failed (logged:
    /// the window still gets its answer, only slower next time).
    pub(crate) async fn with_cache<T, F>(&self, work: F) -> Option<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn VehicleCache, &str) -> Result<T, car_remote_journal::Error> + Send + 'static,
    {
        let cache = self.cache()?.clone();
        let account = self.account_key().to_owned();
        match tokio::task::spawn_blocking(move || work(cache.as_ref(), &account)).await {
            Ok(Ok(value)) => Some(value),
            Ok(Err(error)) => {
                log::warn!("vehicle cache: {error}");
                None
            }
            Err(join) => {
                log::warn!("vehicle cache task: {join}");
                None
            }
        }
    }

    /// The journal's read of which vehicles are immobilized; empty without a journal.
    async fn context(&self, names: Names) -> Context {
        let immobilized = match self.store() {
            Some(store) => {
                let (store, account): (Arc<dyn CommandStore>, String) =
                    (store.clone(), self.account_key().to_owned());
                tokio::task::spawn_blocking(move || store.immobilized_vehicles(&account))
                    .await
                    .ok()
                    .and_then(Result::ok)
                    .unwrap_or_default()
            }
            None => Vec::new(),
        };
        Context {
            names,
            immobilized: immobilized.into_iter().collect::<HashSet<_>>(),
            now: now(),
        }
    }

    /// Every cached reading of this account, by vehicle id.
    async fn cached_readings(&self) -> HashMap<String, Reading> {
        let cached = self.with_cache(|c, account| c.cached_states(account)).await;
        cached
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| Some((c.vehicle_id, serde_json::from_value(c.value).ok()?)))
            .collect()
    }

    /// Every vehicle with its last known state (from the cache; unknown where none is cached),
    /// named as the user named them. Reads no telemetry.
    pub async fn fleet(&self, names: Names) -> Result<Vec<VehicleSummary>, Error> {
        let vehicles = Arc::new(self.client().vehicles().await?);
        self.remember_vehicles(vehicles.clone());
        let (mut cached, context) = tokio::join!(self.cached_readings(), self.context(names));
        Ok(vehicles
            .iter()
            .map(|v| vehicle::summarize(v, cached.remove(&v.id), false, &context))
            .collect())
    }

    /// Reads every vehicle's latest telemetry, caches it, and calls `send` with the updated
    /// summaries in batches (at most [`BATCH_SIZE`], at least every [`BATCH_INTERVAL`] while
    /// reads arrive). A vehicle whose read fails is sent with its cached state and
    /// `unreadable`. Ends early, with what it did, when `send` returns false (nobody listens)
    /// or the app switched to another backend.
    pub async fn fleet_states<F>(&self, names: Names, mut send: F) -> Result<FleetRead, Error>
    where
        F: FnMut(Vec<VehicleSummary>) -> bool,
    {
        let mut retired = self.retired();
        let vehicles = self.client().vehicles().await?;
        self.remember_vehicles(Arc::new(vehicles.clone()));
        let (mut cached, context) = tokio::join!(self.cached_readings(), self.context(names));
        let client = self.client().clone();
        let mut reads = futures_util::stream::iter(vehicles)
            .map(|vehicle: Vehicle| {
                let client = client.clone();
                async move {
                    let telemetry = client.latest_telemetry(&vehicle.id).await;
                    (vehicle, telemetry)
                }
            })
            .buffer_unordered(READ_CONCURRENCY);
        let mut counts = FleetRead::default();
        let mut batch = Batch::default();
        let mut tick = tokio::time::interval(BATCH_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        if *retired.borrow_and_update() {
            return Ok(counts);
        }
        loop {
            let full = tokio::select! {
                biased;
                _ = retired.changed() => return Ok(counts),
                next = reads.next() => {
                    let Some((vehicle, telemetry)) = next else { break };
                    let summary = match telemetry {
                        Ok(telemetry) => {
                            counts.read += 1;
                            let reading = Reading::from_telemetry(&telemetry);
                            if let Ok(json) = serde_json::to_value(&reading) {
                                batch.readings.push((vehicle.id.clone(), json));
                            }
                            vehicle::summarize(&vehicle, Some(reading), false, &context)
                        }
                        Err(_) => {
                            counts.failed += 1;
                            vehicle::summarize(&vehicle, cached.remove(&vehicle.id), true, &context)
                        }
                    };
                    batch.summaries.push(summary);
                    batch.summaries.len() >= BATCH_SIZE
                }
                _ = tick.tick() => !batch.summaries.is_empty(),
            };
            if full && !self.hand_over(&mut batch, &mut send).await {
                return Ok(counts);
            }
        }
        if !batch.summaries.is_empty() {
            self.hand_over(&mut batch, &mut send).await;
        }
        Ok(counts)
    }

    /// Caches the batch's readings, then sends its summaries; false when nobody listens.
    async fn hand_over<F>(&self, batch: &mut Batch, send: &mut F) -> bool
    where
        F: FnMut(Vec<VehicleSummary>) -> bool,
    {
        let readings = std::mem::take(&mut batch.readings);
        if !readings.is_empty() {
            let at = car_remote_journal::now();
            self.with_cache(move |c, account| c.store_states(account, &readings, at))
                .await;
        }
        send(std::mem::take(&mut batch.summaries))
    }

    /// One vehicle with its latest state, read now (what the page asks after a command of it
    /// ended); the reading is cached. A telemetry that fails gives the cached state, marked
    /// `unreadable`.
    pub async fn vehicle(&self, vehicle_id: &str, names: Names) -> Result<VehicleSummary, Error> {
        let (vehicle, telemetry) = tokio::join!(
            self.client().vehicle(vehicle_id),
            self.client().latest_telemetry(vehicle_id)
        );
        let vehicle = vehicle?;
        let context = self.context(names).await;
        let Ok(telemetry) = telemetry else {
            let cached = self.cached_reading(vehicle_id).await;
            return Ok(vehicle::summarize(&vehicle, cached, true, &context));
        };
        let reading = Reading::from_telemetry(&telemetry);
        if let Ok(json) = serde_json::to_value(&reading) {
            let (id, at) = (vehicle_id.to_owned(), car_remote_journal::now());
            self.with_cache(move |c, account| c.store_states(account, &[(id, json)], at))
                .await;
        }
        Ok(vehicle::summarize(&vehicle, Some(reading), false, &context))
    }

    /// One vehicle with its cached state, reading no telemetry (after it was renamed).
    pub async fn known_vehicle(
        &self,
        vehicle_id: &str,
        names: Names,
    ) -> Result<VehicleSummary, Error> {
        let vehicle = self.client().vehicle(vehicle_id).await?;
        let (cached, context) = tokio::join!(self.cached_reading(vehicle_id), self.context(names));
        Ok(vehicle::summarize(&vehicle, cached, false, &context))
    }

    async fn cached_reading(&self, vehicle_id: &str) -> Option<Reading> {
        let id = vehicle_id.to_owned();
        let cached = self
            .with_cache(move |c, account| c.cached_state(account, &id))
            .await??;
        serde_json::from_value(cached.value).ok()
    }

    /// Which features the vehicle supports, and how; the answer is cached for the fleet screen.
    pub async fn capability(&self, vehicle_id: &str) -> Result<Vec<FeatureSupport>, Error> {
        let capability = self.client().capability(vehicle_id).await?;
        let (id, raw, at) = (
            vehicle_id.to_owned(),
            capability.raw.clone(),
            car_remote_journal::now(),
        );
        self.with_cache(move |c, account| c.store_capability(account, &id, &raw, at))
            .await;
        Ok(capability::feature_support(&capability))
    }

    /// The vehicle's wake-ups this month (since the app started, for the demo fleet) and the
    /// switches its last successful commands left, from the journal.
    pub async fn usage(&self, vehicle_id: &str) -> Result<Usage, Error> {
        let store = self
            .store()
            .cloned()
            .ok_or_else(|| Error::JournalUnavailable(self.journal_problem()))?;
        let (since, from) =
            usage::count_from(self.is_demo(), self.started_at(), car_remote_journal::now());
        let (account, id) = (self.account_key().to_owned(), vehicle_id.to_owned());
        let found = tokio::task::spawn_blocking(move || store.vehicle_usage(&account, &id, from))
            .await
            .map_err(|join| Error::Internal(join.to_string()))??;
        Ok(usage::usage(found, since))
    }
}

#[cfg(test)]
#[path = "fleet_tests.rs"]
pub(crate) mod tests;
