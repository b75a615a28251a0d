//! The theft-related remotes: stolen state and theft alarm notifications (TAN).

use super::InvalidInput;

/// A stolen remote: one attribute per request, as the API requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StolenAction {
    /// Declare the vehicle stolen (`true`) or found again (`false`).
    Declare(bool),
    /// Inhibit (`true`) or allow again (`false`) the crank of a stolen vehicle.
    CrankInhibit(bool),
}

/// A theft alarm notification remote: one attribute per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TanAction {
    /// Stop theft alarm notifications for a while.
    Suppress(TanDuration),
    /// Receive theft alarm notifications again.
    EndSuppression,
    /// Confirm (`true`) or deny (`false`) a theft after a notification.
    Confirm(bool),
}

/// How long theft alarm notifications stay suppressed; sent as the code 0..=5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TanDuration {
    /// 2 hours (code 0).
    TwoHours,
    /// 4 hours (code 1).
    FourHours,
    /// 12 hours (code 2).
    TwelveHours,
    /// 24 hours (code 3).
    TwentyFourHours,
    /// 3 days (code 4).
    ThreeDays,
    /// 7 days (code 5).
    SevenDays,
}

impl TanDuration {
    /// Every duration, by code.
    pub const ALL: [TanDuration; 6] = [
        TanDuration::TwoHours,
        TanDuration::FourHours,
        TanDuration::TwelveHours,
        TanDuration::TwentyFourHours,
        TanDuration::ThreeDays,
        TanDuration::SevenDays,
    ];

    /// What the codes mean, for messages and help texts.
    pub const ALLOWED: &'static str =
        "a code from 0 to 5 (0 = 2 h, 1 = 4 h, 2 = 12 h, 3 = 24 h, 4 = 3 days, 5 = 7 days)";

    /// The duration for an API code 0..=5.
    pub fn from_code(code: i64) -> Result<Self, InvalidInput> {
        usize::try_from(code)
            .ok()
            .and_then(|index| Self::ALL.get(index).copied())
            .ok_or_else(|| InvalidInput::new("duration", Self::ALLOWED, code))
    }

    /// How long it lasts, in hours.
    pub fn hours(self) -> u32 {
        match self {
            TanDuration::TwoHours => 2,
            TanDuration::FourHours => 4,
            TanDuration::TwelveHours => 12,
            TanDuration::TwentyFourHours => 24,
            TanDuration::ThreeDays => 72,
            TanDuration::SevenDays => 168,
        }
    }

    /// The API code 0..=5.
    pub fn code(self) -> u8 {
        match self {
            TanDuration::TwoHours => 0,
            TanDuration::FourHours => 1,
            TanDuration::TwelveHours => 2,
            TanDuration::TwentyFourHours => 3,
            TanDuration::ThreeDays => 4,
            TanDuration::SevenDays => 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tan_codes_round_trip_and_are_bounded() {
        for duration in TanDuration::ALL {
            assert_eq!(
                TanDuration::from_code(i64::from(duration.code())),
                Ok(duration)
            );
        }
        assert_eq!(TanDuration::from_code(6).unwrap_err().field, "duration");
        assert!(TanDuration::from_code(-1).is_err());
    }
}
