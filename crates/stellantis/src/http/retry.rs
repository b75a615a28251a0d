//! The retry policy: jittered exponential backoff, the server's `Retry-After`, and what one call
//! has already spent on `401` and `429` answers.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// The delay before retry number `attempt` (0-based): `base * 2^attempt`, capped at `max`,
/// then jittered uniformly into its upper half so that clients do not retry in lockstep.
pub fn backoff_delay(
    attempt: u32,
    base: Duration,
    max: Duration,
    rng: &mut fastrand::Rng,
) -> Duration {
    let full = base.saturating_mul(1u32 << attempt.min(20)).min(max);
    let half = full / 2;
    half + full.mul_f64(rng.f64()) / 2
}

/// The longest `Retry-After` taken as given; a larger value (whatever its size) counts as this.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(24 * 3600);

/// Reads `Retry-After` (seconds, clamped to [`RETRY_AFTER_CAP`]; an HTTP date is not worth
/// parsing here, so it counts as 1 s).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    Some(match v.parse::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => {
            Duration::from_secs_f64(s.min(RETRY_AFTER_CAP.as_secs_f64()))
        }
        _ => Duration::from_secs(1),
    })
}

/// What one call has already spent on `401` and `429` answers.
#[derive(Debug, Default)]
pub(super) struct Settling {
    /// A fresh token was fetched after a `401`.
    pub(super) reauthorised: bool,
    /// `429` answers waited through.
    pub(super) waits: u32,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::http::test_headers as headers;

    #[test]
    fn backoff_doubles_jitters_and_caps() {
        let mut rng = fastrand::Rng::with_seed(7);
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for attempt in 0..10 {
            let full = (base * 2u32.pow(attempt)).min(max);
            let d = backoff_delay(attempt, base, max, &mut rng);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
        let ds: HashSet<_> = (0..20)
            .map(|_| backoff_delay(3, base, max, &mut rng))
            .collect();
        assert!(ds.len() > 10, "jittered");
        assert!(backoff_delay(99, base, max, &mut rng) <= max);
    }
    #[test]
    fn retry_after_of_any_size_is_clamped_never_a_panic() {
        for huge in ["1e30", "18446744073709551616", "99999999999999999999999"] {
            assert_eq!(
                retry_after(&headers(&[("retry-after", huge)])),
                Some(RETRY_AFTER_CAP),
                "{huge}"
            );
        }
        assert_eq!(
            retry_after(&headers(&[("retry-after", "-5")])),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn retry_after_seconds_or_one() {
        assert_eq!(
            retry_after(&headers(&[("retry-after", "3")])),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(&headers(&[(
                "retry-after",
                "Wed, 21 Oct 2015 07:28:00 GMT"
            )])),
            Some(Duration::from_secs(1))
        );
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }
}
