//! Rate limits on what can be abused: joining, signing in, password resets, emails.
//!
//! Each limit is a fixed window: at most `max_hits` in each window of `window`
//! seconds, counted per key ("login:account:amina@ngo.org", "join:ip:203.0.113.9").
//! The counters live in the database, so per-account limits hold across instances.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max_hits: u32,
    pub window: Duration,
}

impl RateLimit {
    pub const fn new(max_hits: u32, window_secs: u64) -> Self {
        Self {
            max_hits,
            window: Duration::from_secs(window_secs),
        }
    }

    fn window_secs(&self) -> i64 {
        self.window.as_secs().max(1) as i64
    }

    /// The start (unix seconds) of the window `now` falls in.
    pub fn window_start(&self, now_unix: i64) -> i64 {
        now_unix - now_unix.rem_euclid(self.window_secs())
    }

    /// Given the hits counted in the current window (this one included), whether
    /// the request may go ahead, and if not, how long until it may.
    pub fn decide(&self, hits: u32, window_start: i64, now_unix: i64) -> Decision {
        if hits <= self.max_hits {
            Decision::Allow
        } else {
            let reopens = window_start + self.window_secs();
            Decision::Deny {
                retry_after: Duration::from_secs((reopens - now_unix).max(1) as u64),
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny { retry_after: Duration },
}

/// The limits the network applies; operators keep the defaults, tests tighten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub join_per_ip: RateLimit,
    pub login_per_ip: RateLimit,
    pub login_per_account: RateLimit,
    pub reset_per_ip: RateLimit,
    /// Also bounds how many emails one address can be sent by strangers.
    pub email_per_address: RateLimit,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            join_per_ip: RateLimit::new(10, 3600),
            login_per_ip: RateLimit::new(60, 900),
            login_per_account: RateLimit::new(10, 900),
            reset_per_ip: RateLimit::new(10, 3600),
            email_per_address: RateLimit::new(5, 3600),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned_to_their_length() {
        let limit = RateLimit::new(3, 900);
        assert_eq!(limit.window_start(1_000), 900);
        assert_eq!(limit.window_start(1_799), 900);
        assert_eq!(limit.window_start(1_800), 1_800);
    }

    #[test]
    fn hits_up_to_the_limit_are_allowed_and_the_next_is_told_when_to_retry() {
        let limit = RateLimit::new(3, 900);
        assert_eq!(limit.decide(3, 900, 1_000), Decision::Allow);
        assert_eq!(
            limit.decide(4, 900, 1_000),
            Decision::Deny {
                retry_after: Duration::from_secs(800)
            }
        );
    }
}
