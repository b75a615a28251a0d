//! The pacer: requests kept under the per-second burst quota the server reports in its
//! `X-RateLimit-*` headers, and held back after a `429`.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// Paces requests under the per-second burst quota the server reports.
///
/// At most `limit` sends (`X-RateLimit-Limit-2`) in any window of [`BURST_WINDOW`]: a sliding
/// log of send times, which also keeps under a server that counts in fixed one-second windows.
/// When the server says nothing is left (`X-RateLimit-Remaining-2: 0`) although this client has
/// not used the quota up (another client of the account has), everyone waits a window. A `429`
/// blocks everyone until its `Retry-After` has passed. Until a limit is known, nothing is paced,
/// but the sends are still logged: the server counted them, so the first paced sends must too
/// (not logging them let a run's first window go over the burst by the calls made before it).
#[derive(Debug, Default)]
pub struct Pacer {
    state: Mutex<PacerState>,
}

/// One second plus a margin for the jitter between sending and the server's clock.
///
/// The margin is what a run at the burst loses to it: a 1,050 ms window made a long run last
/// 1.05× its bound N/B; 20 ms keeps that near 1.02× and still absorbs the scheduling jitter of a
/// busy two-core machine (measured by `cargo bench -p stellantis --bench fleet`: no `429`).
pub const BURST_WINDOW: Duration = Duration::from_millis(1020);

#[derive(Debug, Default)]
struct PacerState {
    limit: Option<usize>,
    sends: VecDeque<Instant>,
    blocked_until: Option<Instant>,
    day_remaining: Option<u64>,
}

impl PacerState {
    fn sends_within_window(&self, now: Instant) -> usize {
        self.sends
            .iter()
            .filter(|t| now.saturating_duration_since(**t) < BURST_WINDOW && **t <= now)
            .count()
    }
}

impl Pacer {
    /// Reserves one send at `now` or later; returns how long to wait before sending.
    pub fn reserve(&self, now: Instant) -> Duration {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut at = now;
        if let Some(until) = s.blocked_until {
            if until > now {
                at = until;
            } else {
                s.blocked_until = None;
            }
        }
        // Sends older than a window constrain nothing.
        while s
            .sends
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= BURST_WINDOW)
        {
            s.sends.pop_front();
        }
        let Some(limit) = s.limit.filter(|l| *l > 0) else {
            // No limit known yet: not paced, but logged (at most a window's worth).
            s.sends.push_back(at);
            return at - now;
        };
        if s.sends.len() >= limit {
            at = at.max(s.sends[s.sends.len() - limit] + BURST_WINDOW);
        }
        if let Some(last) = s.sends.back() {
            at = at.max(*last);
        }
        s.sends.push_back(at);
        while s.sends.len() > limit {
            s.sends.pop_front();
        }
        at - now
    }

    /// How long a send reserved at `now` would wait, without reserving it.
    pub fn wait_at(&self, now: Instant) -> Duration {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut at = now;
        if let Some(until) = s.blocked_until.filter(|u| *u > now) {
            at = until;
        }
        if let Some(limit) = s.limit.filter(|l| *l > 0)
            && s.sends.len() >= limit
        {
            at = at.max(s.sends[s.sends.len() - limit] + BURST_WINDOW);
        }
        at - now
    }

    /// Learns the limits from an answer's `X-RateLimit-*` headers.
    pub fn observe(&self, headers: &HeaderMap) {
        self.observe_at(headers, Instant::now());
    }

    fn observe_at(&self, headers: &HeaderMap, now: Instant) {
        let limit = header_u64(headers, "x-ratelimit-limit-2");
        let remaining = header_u64(headers, "x-ratelimit-remaining-2");
        let day = header_u64(headers, "x-ratelimit-remaining-1");
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(l) = limit {
            s.limit = Some(usize::try_from(l).unwrap_or(usize::MAX));
        }
        if remaining == Some(0)
            && let Some(limit) = s.limit
            && s.sends_within_window(now) < limit
        {
            let until = now + BURST_WINDOW;
            if s.blocked_until.is_none_or(|b| b < until) {
                s.blocked_until = Some(until);
            }
        }
        if day.is_some() {
            s.day_remaining = day;
        }
    }

    /// Holds every request back until `now + wait` (after a `429`).
    pub fn block(&self, now: Instant, wait: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let until = now + wait;
        if s.blocked_until.is_none_or(|b| b < until) {
            s.blocked_until = Some(until);
        }
    }

    /// The per-second burst quota the server last reported (`X-RateLimit-Limit-2`); `None`
    /// until an answer carried it.
    pub fn burst_limit(&self) -> Option<usize> {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .limit
            .filter(|l| *l > 0)
    }

    /// What the server last said was left of the day quota.
    pub fn day_remaining(&self) -> Option<u64> {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .day_remaining
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::test_headers as headers;

    #[test]
    fn pacer_keeps_at_most_limit_sends_per_window() {
        let p = Pacer::default();
        let t0 = Instant::now();
        assert_eq!(p.reserve(t0), Duration::ZERO, "no limit known yet");
        assert_eq!(p.burst_limit(), None);
        p.observe_at(
            &headers(&[
                ("x-ratelimit-limit-2", "3"),
                ("x-ratelimit-remaining-2", "2"),
                ("x-ratelimit-remaining-1", "99"),
            ]),
            t0,
        );
        assert_eq!(p.day_remaining(), Some(99));
        assert_eq!(p.burst_limit(), Some(3));
        // The unpaced send before the limit was known counts: two more now, then each next one
        // a window after the one three sends earlier.
        let waits: Vec<_> = (0..7).map(|_| p.reserve(t0)).collect();
        let w = BURST_WINDOW;
        assert_eq!(
            waits,
            [Duration::ZERO, Duration::ZERO, w, w, w, w * 2, w * 2]
        );
        // Any window of BURST_WINDOW holds at most three sends, the first one included.
        let times: Vec<_> = std::iter::once(t0)
            .chain(waits.iter().map(|d| t0 + *d))
            .collect();
        for (i, t) in times.iter().enumerate() {
            let within = times[i..].iter().filter(|u| **u < *t + w).count();
            assert!(within <= 3, "{waits:?}");
        }

        // The server says nothing is left though this client sent nothing: wait a window.
        let q = Pacer::default();
        q.observe_at(
            &headers(&[
                ("x-ratelimit-limit-2", "10"),
                ("x-ratelimit-remaining-2", "0"),
            ]),
            t0,
        );
        assert_eq!(q.reserve(t0), BURST_WINDOW);

        // A 429 holds everyone back for its Retry-After.
        let r = Pacer::default();
        r.block(t0, Duration::from_secs(2));
        assert_eq!(
            r.reserve(t0 + Duration::from_secs(1)),
            Duration::from_secs(1)
        );
        assert_eq!(r.reserve(t0 + Duration::from_secs(3)), Duration::ZERO);
    }
}
