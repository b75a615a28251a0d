//! A vehicle's use of the monthly wake-up quota and the switches its last successful commands
//! left, from the journal, as the window shows them next to the wake-up, stolen,
//! immobilization and theft alert forms.

use car_remote_journal::{Millis, Suppression, Switch, VehicleUsage, rfc3339};
use serde::Serialize;
use stellantis::model::WAKE_UPS_PER_MONTH;

/// From when wake-ups are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Since {
    /// The first of this month (UTC): an account's journal has the whole month.
    Month,
    /// The start of the app: the demo fleet's simulator starts afresh with it.
    AppStart,
}

/// A switch and when the command that set it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SwitchAt {
    /// On or off.
    pub on: bool,
    /// RFC 3339.
    pub at: String,
}

/// The theft alert suppression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TheftAlerts {
    /// Until when alerts are suppressed (RFC 3339, possibly past); `None` when the last
    /// command ended the suppression.
    pub suppressed_until: Option<String>,
    /// When that command ended (RFC 3339).
    pub at: String,
}

/// What `vehicle_usage` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Wake-up and state commands sent to the vehicle since `since`.
    pub wake_ups: u64,
    /// From when they are counted.
    pub since: Since,
    /// The monthly quota ([`WAKE_UPS_PER_MONTH`]).
    pub limit: u32,
    /// From how many wake-ups the window warns.
    pub warn_at: u32,
    /// The last successful immobilization.
    pub immobilized: Option<SwitchAt>,
    /// The last successful stolen declaration.
    pub stolen: Option<SwitchAt>,
    /// The last successful crank inhibit.
    pub crank_inhibit: Option<SwitchAt>,
    /// The last successful theft alert suppression (or its end).
    pub theft_alerts: Option<TheftAlerts>,
}

fn switch(switch: Option<Switch>) -> Option<SwitchAt> {
    switch.map(|s| SwitchAt {
        on: s.on,
        at: rfc3339(s.at),
    })
}

/// The window's view of the journal's `usage`.
pub fn usage(usage: VehicleUsage, since: Since) -> Usage {
    Usage {
        wake_ups: usage.wake_ups,
        since,
        limit: WAKE_UPS_PER_MONTH.limit,
        warn_at: WAKE_UPS_PER_MONTH.warn_at,
        immobilized: switch(usage.immobilized),
        stolen: switch(usage.stolen),
        crank_inhibit: switch(usage.crank_inhibit),
        theft_alerts: usage.theft_alerts.map(|t: Suppression| TheftAlerts {
            suppressed_until: t.suppressed_until.map(rfc3339),
            at: rfc3339(t.at),
        }),
    }
}

/// Where the count starts for an account (the month) or the demo fleet (`started`).
pub fn count_from(demo: bool, started: Millis, now: Millis) -> (Since, Millis) {
    if demo {
        (Since::AppStart, started)
    } else {
        (Since::Month, car_remote_journal::month_start(now))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn crosses_ipc_in_the_spec_shape() {
        let answer = usage(
            VehicleUsage {
                wake_ups: 3,
                immobilized: Some(Switch { on: true, at: 0 }),
                stolen: None,
                crank_inhibit: Some(Switch {
                    on: false,
                    at: 1_000,
                }),
                theft_alerts: Some(Suppression {
                    suppressed_until: Some(7_200_000),
                    at: 0,
                }),
            },
            Since::Month,
        );
        assert_eq!(
            serde_json::to_value(answer).expect("json"),
            json!({
                "wakeUps": 3, "since": "month", "limit": 20, "warnAt": 15,
                "immobilized": {"on": true, "at": "1970-01-01T00:00:00.000Z"},
                "stolen": null,
                "crankInhibit": {"on": false, "at": "1970-01-01T00:00:01.000Z"},
                "theftAlerts": {"suppressedUntil": "1970-01-01T02:00:00.000Z",
                    "at": "1970-01-01T00:00:00.000Z"}
            })
        );
        assert_eq!(count_from(true, 5, 9), (Since::AppStart, 5));
        assert_eq!(count_from(false, 5, 9).0, Since::Month);
        assert_eq!(
            serde_json::to_value(Since::AppStart).expect("json"),
            "appStart"
        );
    }
}
