//! Time as the domain sees it: whole seconds since the Unix epoch, in UTC.
//!
//! Everything that depends on "now" (code lifetimes, throttling delays, session
//! expiry, TOTP steps) takes a [`Timestamp`] argument instead of reading the
//! system clock, so the rules are unit-tested with any time we like. Only the
//! command layer asks a [`Clock`] for the current time, once per run.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Seconds since 1970-01-01T00:00:00Z.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// This time plus `seconds`, saturating instead of overflowing.
    pub fn plus(self, seconds: u64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// Whole seconds from `self` until `later` (0 when `later` is not later).
    pub fn seconds_until(self, later: Timestamp) -> u64 {
        later.0.saturating_sub(self.0)
    }

    /// RFC 3339 in UTC, e.g. `2026-11-28T09:30:00Z`.
    pub fn rfc3339(self) -> String {
        let days = self.0 / 86_400;
        let secs = self.0 % 86_400;
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// Where the current time comes from. The binary uses [`SystemClock`]; tests of
/// the domain pass fixed timestamps directly.
pub trait Clock {
    fn now(&self) -> Timestamp;
}

/// The operating system's wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            // A clock set before 1970 is broken; treating it as the epoch makes
            // every lifetime look expired, which fails closed.
            .unwrap_or(0);
        Timestamp(secs)
    }
}

/// Days since the epoch to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(Timestamp(0).rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp(59).rfc3339(), "1970-01-01T00:00:59Z");
        // RFC 6238 Appendix B instants.
        assert_eq!(Timestamp(1_111_111_109).rfc3339(), "2005-03-18T01:58:29Z");
        assert_eq!(Timestamp(1_234_567_890).rfc3339(), "2009-02-13T23:31:30Z");
        assert_eq!(Timestamp(2_000_000_000).rfc3339(), "2033-05-18T03:33:20Z");
        assert_eq!(Timestamp(20_000_000_000).rfc3339(), "2603-10-11T11:33:20Z");
        // Leap day.
        assert_eq!(Timestamp(951_782_400).rfc3339(), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(Timestamp(u64::MAX).plus(5), Timestamp(u64::MAX));
        assert_eq!(Timestamp(10).seconds_until(Timestamp(4)), 0);
        assert_eq!(Timestamp(4).seconds_until(Timestamp(10)), 6);
    }
}
