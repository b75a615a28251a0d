//! Request quotas: a per-second burst and a day quota, reported in `X-RateLimit-*` headers.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName, HeaderValue};

use crate::api_error::ApiError;

const DAY: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug)]
struct Windows {
    second_start: Instant,
    second_count: u32,
    day_start: Instant,
    day_count: u32,
}

/// The per-second and per-day counters of the account.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    burst: u32,
    day: u32,
    windows: Mutex<Windows>,
}

/// What a request left of the quotas, for the response headers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Remaining {
    day_limit: u32,
    day_left: u32,
    burst_limit: u32,
    burst_left: u32,
}

impl Remaining {
    /// Add `X-RateLimit-Limit-1/-Remaining-1` (day) and `-2` (burst).
    pub fn write(&self, headers: &mut HeaderMap) {
        for (name, value) in [
            ("x-ratelimit-limit-1", self.day_limit),
            ("x-ratelimit-remaining-1", self.day_left),
            ("x-ratelimit-limit-2", self.burst_limit),
            ("x-ratelimit-remaining-2", self.burst_left),
        ] {
            headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
        }
    }
}

impl RateLimiter {
    pub fn new(burst: u32, day: u32) -> Self {
        let now = Instant::now();
        Self {
            burst,
            day,
            windows: Mutex::new(Windows {
                second_start: now,
                second_count: 0,
                day_start: now,
                day_count: 0,
            }),
        }
    }

    /// Count one request; an error (429 + `Retry-After`) when a quota is used up.
    pub fn take(&self) -> Result<Remaining, (ApiError, Remaining)> {
        let now = Instant::now();
        let mut w = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if now.duration_since(w.second_start) >= Duration::from_secs(1) {
            w.second_start = now;
            w.second_count = 0;
        }
        if now.duration_since(w.day_start) >= DAY {
            w.day_start = now;
            w.day_count = 0;
        }
        let remaining = |w: &Windows| Remaining {
            day_limit: self.day,
            day_left: self.day.saturating_sub(w.day_count),
            burst_limit: self.burst,
            burst_left: self.burst.saturating_sub(w.second_count),
        };
        if w.day_count >= self.day {
            let reset = DAY
                .saturating_sub(now.duration_since(w.day_start))
                .as_secs()
                .max(1);
            return Err((
                ApiError::too_many(
                    reset,
                    "the day quota is used up; try again after Retry-After seconds",
                ),
                remaining(&w),
            ));
        }
        if w.second_count >= self.burst {
            return Err((
                ApiError::too_many(
                    1,
                    "too many requests this second; slow down and retry after Retry-After seconds",
                ),
                remaining(&w),
            ));
        }
        w.second_count += 1;
        w.day_count += 1;
        Ok(remaining(&w))
    }
}
