//! Wall-clock timestamps in the API's format (RFC 3339, UTC).

use std::time::SystemTime;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Format a time as RFC 3339 in UTC (e.g. `2026-01-02T10:00:00.123Z`).
pub(crate) fn rfc3339(at: SystemTime) -> String {
    OffsetDateTime::from(at)
        .format(&Rfc3339)
        // Formatting a valid UTC time as RFC 3339 cannot fail; keep a valid fallback anyway.
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// The current time in RFC 3339.
pub(crate) fn now() -> String {
    rfc3339(SystemTime::now())
}
