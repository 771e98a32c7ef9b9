//! Throttling of failed attempts, per user, kept in the database so that every
//! process shares it and rerunning the command does not reset it.
//!
//! Failed passwords, one-time codes and recovery codes all count. The first few
//! consecutive failures are free; after them every further attempt must wait a
//! delay that doubles from `base_delay` up to `max_delay`; after `lockout_after`
//! consecutive failures the account stays locked until an admin unlocks it. A
//! success resets the count.

use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The numbers, from the configuration.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Consecutive failures allowed before delays start.
    pub free_failures: u32,
    /// First delay, in seconds.
    pub base_delay: u64,
    /// Largest delay, in seconds.
    pub max_delay: u64,
    /// Consecutive failures after which only `user unlock` helps.
    pub lockout_after: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            free_failures: 5,
            base_delay: 30,
            max_delay: 15 * 60,
            lockout_after: 100,
        }
    }
}

/// A user's throttling state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttle {
    /// Consecutive failed attempts.
    pub failures: u32,
    /// When the last failure happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<Timestamp>,
    /// Locked until an admin runs `user unlock`.
    pub locked: bool,
}

/// Why an attempt may not be made now.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Wait this many seconds.
    Wait(u64),
    /// Locked until an admin unlocks the account.
    Locked,
}

impl Throttle {
    /// Whether an attempt may be made at `now`.
    pub fn check(&self, now: Timestamp, rules: &Rules) -> Result<(), Refusal> {
        if self.locked {
            return Err(Refusal::Locked);
        }
        match (self.delay(rules), self.last_failure) {
            (Some(delay), Some(last)) => {
                let wait = now.seconds_until(last.plus(delay));
                if wait > 0 {
                    Err(Refusal::Wait(wait))
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    /// The delay the current failure count imposes after the last failure.
    fn delay(&self, rules: &Rules) -> Option<u64> {
        let over = self.failures.checked_sub(rules.free_failures)?;
        let factor = 1u64.checked_shl(over).unwrap_or(u64::MAX);
        Some(rules.base_delay.saturating_mul(factor).min(rules.max_delay))
    }

    /// Records a failed attempt. Returns what the next attempt faces, so the
    /// caller can tell the user (and audit a lockout).
    pub fn record_failure(&mut self, now: Timestamp, rules: &Rules) -> Option<Refusal> {
        self.failures = self.failures.saturating_add(1);
        self.last_failure = Some(now);
        if self.failures >= rules.lockout_after {
            self.locked = true;
        }
        self.check(now, rules).err()
    }

    /// Takes back a failure recorded in advance (see the login's password
    /// check) once the attempt turned out right. `before` is the state
    /// before that failure. When no other failure came in meanwhile, the
    /// state is exactly `before`, time of the last failure included (else a
    /// right attempt after a served delay would start a new delay).
    pub fn give_back(&mut self, before: &Throttle, rules: &Rules) {
        if self.failures == before.failures.saturating_add(1) {
            *self = before.clone();
            return;
        }
        self.failures = self.failures.saturating_sub(1);
        if self.locked && !before.locked && self.failures < rules.lockout_after {
            self.locked = false;
        }
    }

    /// Whether a refusal at `now` may be owed to attempts still being
    /// checked, not to failures: a password attempt is counted as a failure
    /// before its hash is checked (so parallel guesses cannot slip under
    /// the limit) and given back when it was right, within the few seconds
    /// a hash takes, `settle`. A refusal whose last counted attempt is
    /// older than that is owed to failures alone; a lock always is.
    pub fn may_clear_soon(&self, now: Timestamp, settle: u64) -> bool {
        !self.locked
            && self
                .last_failure
                .is_some_and(|last| last.plus(settle).0 >= now.0)
    }

    /// Records a success: the count starts again.
    pub fn record_success(&mut self) {
        *self = Throttle::default();
    }

    /// What `user unlock` does.
    pub fn unlock(&mut self) {
        *self = Throttle::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail_n(t: &mut Throttle, n: u32, at: Timestamp) {
        for _ in 0..n {
            t.record_failure(at, &Rules::default());
        }
    }

    #[test]
    fn five_failures_are_free_then_delays_grow_and_cap() {
        let rules = Rules::default();
        let t0 = Timestamp(1_000_000);
        let mut t = Throttle::default();
        fail_n(&mut t, 4, t0);
        assert_eq!(t.check(t0, &rules), Ok(()));
        assert_eq!(t.record_failure(t0, &rules), Some(Refusal::Wait(30)));
        assert_eq!(t.check(t0.plus(29), &rules), Err(Refusal::Wait(1)));
        assert_eq!(t.check(t0.plus(30), &rules), Ok(()));
        // Each further failure doubles the delay: 60, 120, 240, 480, then 900.
        let mut now = t0.plus(30);
        for expected in [60, 120, 240, 480, 900, 900, 900] {
            assert_eq!(t.record_failure(now, &rules), Some(Refusal::Wait(expected)));
            now = now.plus(expected);
            assert_eq!(t.check(now, &rules), Ok(()));
        }
    }

    #[test]
    fn a_hundred_failures_lock_until_unlocked() {
        let rules = Rules::default();
        let mut t = Throttle::default();
        fail_n(&mut t, 99, Timestamp(0));
        assert!(!t.locked);
        t.record_failure(Timestamp(0), &rules);
        assert!(t.locked);
        // No amount of waiting helps.
        assert_eq!(
            t.check(Timestamp(10_000_000_000), &rules),
            Err(Refusal::Locked)
        );
        t.unlock();
        assert_eq!(t.check(Timestamp(0), &rules), Ok(()));
    }

    #[test]
    fn success_resets_the_count() {
        let rules = Rules::default();
        let mut t = Throttle::default();
        fail_n(&mut t, 4, Timestamp(50));
        t.record_success();
        fail_n(&mut t, 4, Timestamp(60));
        assert_eq!(t.check(Timestamp(60), &rules), Ok(()));
        assert_eq!(t.failures, 4);
    }

    #[test]
    fn a_failure_counted_in_advance_is_given_back_whole() {
        let rules = Rules::default();
        let mut t = Throttle::default();
        fail_n(&mut t, 5, Timestamp(1_000));
        let before = t.clone();
        // Counted in advance at a time after the delay was served...
        t.record_failure(Timestamp(1_031), &rules);
        // ...and given back: no new delay.
        t.give_back(&before, &rules);
        assert_eq!(t, before);
        assert_eq!(t.check(Timestamp(1_031), &rules), Ok(()));
        // With another failure in between, only one is taken back.
        let mut t = before.clone();
        t.record_failure(Timestamp(1_031), &rules);
        t.record_failure(Timestamp(1_031), &rules);
        t.give_back(&before, &rules);
        assert_eq!(t.failures, before.failures + 1);
        // A lock the advance failure caused goes with it.
        let rules = Rules {
            lockout_after: 3,
            ..Rules::default()
        };
        let mut t = Throttle::default();
        fail_n(&mut t, 2, Timestamp(0));
        let before = t.clone();
        t.record_failure(Timestamp(0), &rules);
        assert!(t.locked);
        t.give_back(&before, &rules);
        assert!(!t.locked);
    }

    #[test]
    fn only_a_recent_delay_may_clear_soon_never_a_lock() {
        let rules = Rules::default();
        let mut t = Throttle::default();
        assert!(!t.may_clear_soon(Timestamp(100), 3), "nothing counted");
        fail_n(&mut t, 6, Timestamp(100));
        assert!(t.check(Timestamp(101), &rules).is_err());
        assert!(t.may_clear_soon(Timestamp(100), 3));
        assert!(t.may_clear_soon(Timestamp(103), 3));
        assert!(!t.may_clear_soon(Timestamp(104), 3), "settled: failures");
        t.locked = true;
        assert!(
            !t.may_clear_soon(Timestamp(100), 3),
            "a lock is never waited out"
        );
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        let rules = Rules {
            lockout_after: u32::MAX,
            ..Rules::default()
        };
        let mut t = Throttle {
            failures: u32::MAX - 1,
            last_failure: Some(Timestamp(0)),
            locked: false,
        };
        assert_eq!(
            t.record_failure(Timestamp(0), &rules),
            Some(Refusal::Locked)
        );
        assert_eq!(t.failures, u32::MAX);
    }
}
