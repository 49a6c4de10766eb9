//! Rate limits on what can be abused: joining, signing in, password resets, emails.
//!
//! Each limit is a fixed window: at most `max_hits` in each window of `window`
//! seconds, counted per [`LimitKey`] (a client address, or an account's address).
//! The counters live in the database, so per-account limits hold across instances.
//! Keys are values of one type, so what counts a hit and what erases a person's
//! counters name them the same way.

use std::{fmt, net::IpAddr, time::Duration};

use crate::{MemberEmail, MemberId};

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
    pub delete_per_account: RateLimit,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            join_per_ip: RateLimit::new(10, 3600),
            login_per_ip: RateLimit::new(60, 900),
            login_per_account: RateLimit::new(10, 900),
            reset_per_ip: RateLimit::new(10, 3600),
            email_per_address: RateLimit::new(5, 3600),
            delete_per_account: RateLimit::new(5, 3600),
        }
    }
}

/// A client as rate limits count it: an IPv4 address, or the /64 an IPv6 address
/// belongs to (one subscriber usually holds a whole /64 and could rotate through it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.to_canonical() {
            IpAddr::V4(address) => write!(f, "{address}"),
            IpAddr::V6(address) => {
                let network = u128::from(address) & (u128::MAX << 64);
                write!(f, "{}/64", std::net::Ipv6Addr::from(network))
            }
        }
    }
}

/// What a limit counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitKey {
    /// Signups from one client.
    JoinFrom(ClientAddress),
    /// Sign-in attempts from one client.
    LoginFrom(ClientAddress),
    /// Failed sign-ins to one account, by its address.
    LoginTo(MemberEmail),
    /// Password-reset requests from one client.
    ResetFrom(ClientAddress),
    /// Emails that strangers can make the network send to one address.
    EmailsTo(MemberEmail),
    /// Attempts to erase one account (each checks a password).
    DeleteAccount(MemberId),
}

impl LimitKey {
    /// The counter's key in storage: "join:ip:203.0.113.9", "email:amina@ngo.org".
    pub fn key(&self) -> String {
        match self {
            LimitKey::JoinFrom(client) => format!("join:ip:{client}"),
            LimitKey::LoginFrom(client) => format!("login:ip:{client}"),
            LimitKey::LoginTo(email) => format!("login:account:{email}"),
            LimitKey::ResetFrom(client) => format!("reset:ip:{client}"),
            LimitKey::EmailsTo(email) => format!("email:{email}"),
            LimitKey::DeleteAccount(id) => format!("delete:account:{}", id.0),
        }
    }

    /// The limit's name for logs: what was limited, not whom.
    pub fn name(&self) -> &'static str {
        match self {
            LimitKey::JoinFrom(_) => "join:ip",
            LimitKey::LoginFrom(_) => "login:ip",
            LimitKey::LoginTo(_) => "login:account",
            LimitKey::ResetFrom(_) => "reset:ip",
            LimitKey::EmailsTo(_) => "email",
            LimitKey::DeleteAccount(_) => "delete:account",
        }
    }

    /// The limit that applies to this key.
    pub fn limit(&self, limits: &RateLimits) -> RateLimit {
        match self {
            LimitKey::JoinFrom(_) => limits.join_per_ip,
            LimitKey::LoginFrom(_) => limits.login_per_ip,
            LimitKey::LoginTo(_) => limits.login_per_account,
            LimitKey::ResetFrom(_) => limits.reset_per_ip,
            LimitKey::EmailsTo(_) => limits.email_per_address,
            LimitKey::DeleteAccount(_) => limits.delete_per_account,
        }
    }

    /// Every key that names the person with `email`: erased with them.
    pub fn naming(email: &MemberEmail) -> [LimitKey; 2] {
        [
            LimitKey::LoginTo(email.clone()),
            LimitKey::EmailsTo(email.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn clients_are_counted_by_address_and_ipv6_clients_by_their_64() {
        assert_eq!(
            ClientAddress(ip("2001:db8:1:2:3:4:5:6")).to_string(),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            ClientAddress(ip("::ffff:203.0.113.9")).to_string(),
            "203.0.113.9"
        );
        assert_eq!(ClientAddress(ip("203.0.113.9")).to_string(), "203.0.113.9");
    }

    #[test]
    fn keys_name_what_they_count_and_logs_only_what_was_limited() {
        let client = ClientAddress(ip("203.0.113.9"));
        let email = MemberEmail::parse("Amina@NGO.org").unwrap();
        assert_eq!(LimitKey::JoinFrom(client).key(), "join:ip:203.0.113.9");
        assert_eq!(
            LimitKey::LoginTo(email.clone()).key(),
            "login:account:amina@ngo.org"
        );
        assert_eq!(
            LimitKey::EmailsTo(email.clone()).key(),
            "email:amina@ngo.org"
        );
        assert!(!LimitKey::LoginTo(email).name().contains('@'));
    }

    #[test]
    fn a_person_is_named_by_exactly_the_keys_of_their_address() {
        let email = MemberEmail::parse("amina@ngo.org").unwrap();
        let named: Vec<String> = LimitKey::naming(&email).iter().map(LimitKey::key).collect();
        assert_eq!(
            named,
            ["login:account:amina@ngo.org", "email:amina@ngo.org"]
        );
    }

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
