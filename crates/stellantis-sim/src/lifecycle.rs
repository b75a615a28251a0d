//! The life of a remote per CONTRACT.md §2: Pending (`Accepted` → `WakingUpVehicle` when asleep →
//! `CheckingVehicle` → `SentToVehicle`) then one Done (`Success` | `AlreadyDone` | `Failed` + cause),
//! changing the vehicle on the way.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};

use crate::fleet::WAKEUPS_PER_MONTH;
use crate::remote_request::{Action, ChargingAction};
use crate::remotes::{Progress, RemoteRecord};
use crate::sim::Sim;
use crate::vehicle::{ChargingStatus, Motorization, Privacy, Sleep, Vehicle, VehicleState};
use crate::webhook;

/// Realistic durations (multiplied by the time scale).
const ACCEPT_TO_CHECK: Duration = Duration::from_millis(500);
const WAKE_UP: Duration = Duration::from_secs(20);
const WAKE_UP_TIMEOUT: Duration = Duration::from_secs(60);
const STAY_AWAKE: Duration = Duration::from_secs(180);
const CHECK: Duration = Duration::from_secs(1);
const EXECUTE: Duration = Duration::from_secs(4);

/// Traction battery level under which energy-hungry remotes are refused.
const LOW_BATTERY: f32 = 10.0;

/// How a remote ends.
type Outcome = (&'static str, Option<&'static str>);

fn failed(cause: &'static str) -> Outcome {
    ("Failed", Some(cause))
}

/// Sends a remote's events, holding back the last pending one when the reorder fault is on.
struct Emitter<'a> {
    sim: &'a Arc<Sim>,
    record: &'a RemoteRecord,
    held: Option<Value>,
}

impl Emitter<'_> {
    fn pending(&mut self, status: &'static str) {
        self.record.set_progress(Progress {
            status,
            failure: None,
            done: false,
        });
        let message = webhook::message(self.sim, self.record, "Pending", status, None, None);
        if self.sim.faults().reorder_webhooks {
            if let Some(previous) = self.held.replace(message) {
                self.sim
                    .deliverer
                    .send(self.sim, &self.record.channel_id, previous);
            }
        } else {
            self.sim
                .deliverer
                .send(self.sim, &self.record.channel_id, message);
        }
    }

    fn done(&mut self, (status, failure): Outcome, extensions: Option<Value>) {
        self.record.set_progress(Progress {
            status,
            failure,
            done: true,
        });
        self.sim.remotes.finished(self.record);
        let message = webhook::message(self.sim, self.record, "Done", status, failure, extensions);
        self.sim
            .deliverer
            .send(self.sim, &self.record.channel_id, message);
        if let Some(held) = self.held.take() {
            self.sim
                .deliverer
                .send(self.sim, &self.record.channel_id, held);
        }
    }
}

/// Run a remote to Done. `busy`: another remote was pending on the vehicle at POST time.
pub(crate) async fn run(sim: Arc<Sim>, record: Arc<RemoteRecord>, busy: bool) {
    let mut out = Emitter {
        sim: &sim,
        record: &record,
        held: None,
    };
    if busy {
        // A pre-check failure: no Accepted, straight to Done.
        out.done(failed("SameActionInProgress"), None);
        return;
    }
    let vehicle = &sim.fleet.vehicles[record.vehicle];
    let outcome = drive(&sim, vehicle, &record, &mut out).await;
    if let Some(outcome) = outcome {
        let extensions = if outcome.0 == "Failed" {
            None
        } else {
            extensions(&sim, vehicle, &record.request.extended)
        };
        out.done(outcome, extensions);
    }
    let mut state = vehicle.lock();
    if state.pending_remote.as_deref() == Some(record.id.as_str()) {
        state.pending_remote = None;
    }
}

/// The steps up to the outcome; None when the simulator stopped meanwhile.
async fn drive(
    sim: &Arc<Sim>,
    vehicle: &Vehicle,
    record: &RemoteRecord,
    out: &mut Emitter<'_>,
) -> Option<Outcome> {
    let action = &record.request.action;
    let navigation = matches!(action, Action::Navigation(_));
    if !navigation {
        out.pending("Accepted");
    }
    if !sim.pause(ACCEPT_TO_CHECK).await {
        return None;
    }
    let (awake, sleep, wakeups) = {
        let state = vehicle.lock();
        (
            state.is_awake(Instant::now()),
            state.sleep,
            state.wakeups_this_month,
        )
    };
    if !awake {
        if wakeups >= WAKEUPS_PER_MONTH {
            out.pending("TooManyWakeUpsOverMonth");
            return Some(failed("TooManyWakeUpsOverMonth"));
        }
        if !navigation {
            out.pending("WakingUpVehicle");
        }
        if sleep == Sleep::Deep {
            if !sim.pause(WAKE_UP_TIMEOUT).await {
                return None;
            }
            return Some(failed("VehicleConnectionTimeout"));
        }
        if !sim.pause(WAKE_UP).await {
            return None;
        }
        let mut state = vehicle.lock();
        state.wakeups_this_month = state.wakeups_this_month.saturating_add(1);
        state.awake_until = Some(Instant::now() + sim.config.scaled(STAY_AWAKE));
    }
    out.pending("CheckingVehicle");
    if !sim.pause(CHECK).await {
        return None;
    }
    {
        let state = vehicle.lock();
        if state.stolen && !allowed_when_stolen(action) {
            return Some(failed("NotPossibleDueToVehicleStolenState"));
        }
        if matches!(action, Action::VehicleFinder) && state.privacy != Privacy::None {
            return Some(failed("NotPossibleDueToVehiclePrivacyLevel"));
        }
        if state.energy_level < LOW_BATTERY
            && vehicle.motorization != Motorization::Thermic
            && needs_energy(action)
        {
            drop(state);
            out.pending("VehicleBatteryChargeTooLow");
            return Some(failed("NotPossibleDueToVehicleBatteryLevel"));
        }
    }
    out.pending("SentToVehicle");
    if !sim.pause(EXECUTE).await {
        return None;
    }
    let mut state = vehicle.lock();
    let outcome = apply(&mut state, action);
    if outcome.0 != "Failed" {
        state.updated_at = SystemTime::now();
    }
    Some(outcome)
}

fn allowed_when_stolen(action: &Action) -> bool {
    matches!(
        action,
        Action::StolenState(_)
            | Action::StolenCrankInhibit(_)
            | Action::Immobilization(_)
            | Action::VehicleFinder
            | Action::TanSuppress { .. }
            | Action::TanConfirm(_)
            | Action::Wakeup
    )
}

fn needs_energy(action: &Action) -> bool {
    match action {
        Action::Horn(on) | Action::Lights(on) => *on,
        Action::Preconditioning { immediate, .. } => *immediate == Some(true),
        _ => false,
    }
}

fn blocked_while_moving(action: &Action) -> bool {
    matches!(
        action,
        Action::Locking(_)
            | Action::Horn(_)
            | Action::Lights(_)
            | Action::Preconditioning { .. }
            | Action::Charging(_)
            | Action::Immobilization(_)
            | Action::OnboardPersonalDataDelete
    )
}

fn toggle(current: &mut bool, wanted: bool) -> Outcome {
    if *current == wanted {
        ("AlreadyDone", None)
    } else {
        *current = wanted;
        ("Success", None)
    }
}

fn set_slots(slots: &mut Vec<Value>, programs: &[Value]) {
    for program in programs {
        let slot = program.get("slot").and_then(Value::as_i64);
        slots.retain(|p| p.get("slot").and_then(Value::as_i64) != slot);
        if program.get("actionsType").and_then(Value::as_str) != Some("Delete") {
            slots.push(program.clone());
        }
    }
    slots.sort_by_key(|p| p.get("slot").and_then(Value::as_i64));
}

/// What the vehicle does with the command.
fn apply(state: &mut VehicleState, action: &Action) -> Outcome {
    const OK: Outcome = ("Success", None);
    if state.moving && blocked_while_moving(action) {
        return failed("VehicleInUse");
    }
    match action {
        Action::Locking(lock) => {
            if *lock && state.doors_open() {
                return failed("DoorsOpen");
            }
            toggle(&mut state.locked, *lock)
        }
        Action::Horn(on) => {
            if *on {
                OK
            } else {
                ("AlreadyDone", None)
            }
        }
        Action::Lights(on) => toggle(&mut state.lights_on, *on),
        Action::Preconditioning {
            immediate,
            programs,
            settings,
        } => {
            set_slots(&mut state.precond_programs, programs);
            match immediate {
                Some(on) if programs.is_empty() && settings.is_none() => {
                    toggle(&mut state.preconditioning_on, *on)
                }
                Some(on) => {
                    state.preconditioning_on = *on;
                    OK
                }
                None => OK,
            }
        }
        Action::Charging(ChargingAction::Immediate(start)) => match (*start, state.charging) {
            (true, ChargingStatus::InProgress)
            | (
                false,
                ChargingStatus::Stopped | ChargingStatus::Finished | ChargingStatus::Disconnected,
            ) => ("AlreadyDone", None),
            (true, _) if !state.plugged => failed("ExternalChargingSystemError"),
            (true, _) => {
                state.charging = ChargingStatus::InProgress;
                OK
            }
            (false, _) => {
                state.charging = ChargingStatus::Stopped;
                OK
            }
        },
        Action::Charging(ChargingAction::Programs(programs)) => {
            set_slots(&mut state.charge_programs, programs);
            OK
        }
        Action::Charging(ChargingAction::Deferred(value) | ChargingAction::Settings(value)) => {
            state.charge_settings = Some(value.clone());
            OK
        }
        Action::StolenState(on) => {
            let outcome = toggle(&mut state.stolen, *on);
            state.stolen_since = match (state.stolen, state.stolen_since) {
                (true, since) => since.or_else(|| Some(SystemTime::now())),
                (false, _) => None,
            };
            outcome
        }
        Action::StolenCrankInhibit(on) => toggle(&mut state.crank_inhibit, *on),
        Action::Immobilization(on) => toggle(&mut state.immobilized, *on),
        Action::Navigation(route) => {
            state.route = Some(route.clone());
            OK
        }
        Action::Wakeup | Action::VehicleFinder => OK,
        Action::TanSuppress {
            state: on,
            duration,
        } => {
            state.tan_suppressed = if *on {
                Some(duration.unwrap_or(0))
            } else {
                None
            };
            OK
        }
        Action::TanConfirm(confirmed) => {
            state.tan_confirmed = Some(*confirmed);
            OK
        }
        Action::OnboardPersonalDataDelete => {
            state.onboard_data_deletions += 1;
            state.route = None;
            state.precond_programs.clear();
            state.charge_programs.clear();
            OK
        }
    }
}

/// The Done event's `extensions` for the `extendedEventParam` the request asked for.
fn extensions(sim: &Sim, vehicle: &Vehicle, wanted: &[String]) -> Option<Value> {
    if wanted.is_empty() {
        return None;
    }
    let state = vehicle.lock();
    let read = state.reading_time(Instant::now(), SystemTime::now());
    let list: Vec<Value> = wanted
        .iter()
        .filter_map(|param| {
            let body = match param.as_str() {
                "vehicle.position" => json!({ "position": Vehicle::position_json(&state, read)? }),
                "vehicle.doorsState" => json!({ "doorState": Vehicle::doors_json(&state, read) }),
                "vehicle.latestTelemetry" => json!({ "latestTelemetry": vehicle.telemetry_json(&sim.base(), &state) }),
                "vehicle.maintenance" => json!({ "maintenance": { "daysBeforeMaintenance": 210, "mileageBeforeMaintenance": 11_500 } }),
                "vehicle.alerts.active" => json!({ "alerts": [] }),
                "vehicle.alarm" => json!({ "alarm": { "status": { "activation": if state.stolen { "Activated" } else { "Deactivated" } } } }),
                _ => return None,
            };
            Some(json!({ "type": param, "body": [body] }))
        })
        .collect();
    (!list.is_empty()).then_some(Value::Array(list))
}
