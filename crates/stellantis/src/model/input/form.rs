//! The serde shapes of [`CommandInput`] and its parts, as a person or a script writes them:
//! unknown fields are refused, and every value stays plain text or a plain number so that the
//! checks in `check` can name the field at fault.

use serde::{Deserialize, Serialize};

/// A command as a person or a script wrote it, tagged by feature name (`{"feature":"locking","state":"Locked"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "feature",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum CommandInput {
    /// Charging: exactly one of `immediate`, `deferred`, `programs`, `settings`.
    Charging {
        /// Start (`true`) or stop (`false`) now.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        immediate: Option<bool>,
        /// A deferred charge.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deferred: Option<DeferredInput>,
        /// Charging programs (1 or 2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        programs: Option<Vec<ChargingProgramInput>>,
        /// Charge settings.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        settings: Option<ChargeSettingsInput>,
    },
    /// Stolen: exactly one of `state`, `crankInhibit`.
    Stolen {
        /// Declare stolen (`true`) or not (`false`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        state: Option<bool>,
        /// Inhibit the crank (`true`) or not (`false`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        crank_inhibit: Option<bool>,
    },
    /// Lights: `state` is `Activated` or `Unactivated`.
    Lights {
        /// `Activated` or `Unactivated`.
        state: String,
    },
    /// Preconditioning: exactly one of `immediate`, `programs`, `settings`.
    Preconditioning {
        /// Start (`true`) or stop (`false`) now.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        immediate: Option<bool>,
        /// Air-conditioning programs (1 to 4).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        programs: Option<Vec<PreconditioningProgramInput>>,
        /// Settings.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        settings: Option<PreconditioningSettingsInput>,
    },
    /// Locking: `state` is `Locked` or `Unlocked`.
    Locking {
        /// `Locked` or `Unlocked`.
        state: String,
    },
    /// Horn: `state` is `Activated` or `Unactivated`.
    Horn {
        /// `Activated` or `Unactivated`.
        state: String,
    },
    /// Immobilization on (`true`) or off (`false`).
    Immobilization {
        /// Immobilize (`true`) or release (`false`).
        activate: bool,
    },
    /// Navigation: 1 to 10 positions, start first, destination last.
    Navigation {
        /// The route.
        positions: Vec<WaypointInput>,
    },
    /// Wake up, then read the latest telemetry.
    State,
    /// Wake up.
    WakeUp,
    /// Ask for the present location.
    VehicleFinder,
    /// Theft alarm notification: exactly one of `suppress`, `confirm`.
    Tan {
        /// Suppress notifications (`true`, needs `duration`) or receive them again (`false`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suppress: Option<bool>,
        /// Suppression duration code 0..=5, with `suppress: true` only.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration: Option<i64>,
        /// Confirm (`true`) or deny (`false`) a theft.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        confirm: Option<bool>,
    },
    /// Delete the onboard personal data.
    OnboardPersonalData,
}

/// A deferred charge as typed: start now (`immediate: true`) or at `startTime`, never both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeferredInput {
    /// Start now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immediate: Option<bool>,
    /// Start time, `HH:MM` or `PT14H30M`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// End time, `HH:MM` or `PT6H0M`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// With an end time: keep charging until full instead (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_to_full: Option<bool>,
}

/// A charging program as typed; `Delete` needs only the slot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargingProgramInput {
    /// Slot 1 or 2.
    pub slot: i64,
    /// `Set` (default) or `Delete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions_type: Option<String>,
    /// Start time (needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Days (`Mon`..`Sun`, needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    /// Enabled (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Charge until full (default `true`, the API's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_to_full: Option<bool>,
    /// Minimum level 0..=50 (needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_charging_level: Option<i64>,
    /// Maximum level 0..=100 (needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_charging_level: Option<i64>,
    /// `Regular` (default) or `Cooperative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_type: Option<String>,
}

/// Charge settings as typed: exactly one of the two.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargeSettingsInput {
    /// `Low`, `LowPlus`, `Med`, `MedPlus` or `High`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_preference_rate: Option<String>,
    /// `MedPlus` or `High`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_limit: Option<String>,
}

/// An air-conditioning program as typed; `Delete` needs only the slot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreconditioningProgramInput {
    /// Slot 1 to 4.
    pub slot: i64,
    /// `Set` (default) or `Delete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions_type: Option<String>,
    /// Time the cabin should be ready (needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Days (`Mon`..`Sun`, needed for `Set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    /// Enabled (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Target temperature °C, 10..=35.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temp: Option<f64>,
}

/// Preconditioning settings as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreconditioningSettingsInput {
    /// Target temperature °C, 10..=35.
    pub temp: f64,
    /// `Auto` (default) or `Manual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `Activated` (default) or `Unactivated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A route point as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WaypointInput {
    /// Degrees, -90..=90.
    pub latitude: f64,
    /// Degrees, -180..=180.
    pub longitude: f64,
    /// Place name shown in the vehicle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}
