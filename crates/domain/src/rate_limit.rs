//! Rate limits on what can be abused: joining, signing in, password resets, emails.
//!
//! Each limit is a fixed window: at most `max_hits` in each window of `window`
//! seconds, counted per [`LimitKey`] (a client address, or an account's address).
//! The counters live in the database, so per-account limits hold across instances.
//! Keys are values of one type, so what counts a hit and what erases a person's
//! counters name them the same way.

use std::{fmt, net::IpAddr, time::Duration};

use sha2::{Digest, Sha256};

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

    /// A limit as operators write it: "10/1h" (ten an hour), "60/15m", "5/30s",
    /// "100/1d".
    pub fn parse(text: &str) -> Option<Self> {
        let (hits, window) = text.trim().split_once('/')?;
        let hits: u32 = hits.trim().parse().ok().filter(|hits| *hits > 0)?;
        let window = window.trim();
        let unit = window.chars().last()?;
        let amount: u64 = window[..window.len() - unit.len_utf8()].parse().ok()?;
        let seconds = match unit {
            's' => amount,
            'm' => amount.checked_mul(60)?,
            'h' => amount.checked_mul(3_600)?,
            'd' => amount.checked_mul(86_400)?,
            _ => return None,
        };
        (seconds > 0).then(|| Self::new(hits, seconds))
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

/// The limits the network applies: each can be set (`MEMBERNET_LIMIT_*`, see
/// [`RateLimits::SETTINGS`]); tests tighten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub join_per_ip: RateLimit,
    pub login_per_ip: RateLimit,
    /// Per account and client.
    pub login_per_account: RateLimit,
    /// Per account, from all clients together.
    pub login_per_account_anywhere: RateLimit,
    pub reset_per_ip: RateLimit,
    /// Also bounds how many emails one address can be sent by strangers.
    pub email_per_address: RateLimit,
    pub delete_per_account: RateLimit,
    /// Library submissions and uploads by one member.
    pub submit_per_member: RateLimit,
}

impl RateLimits {
    /// Each limit's setting, as (name, what it counts).
    pub const SETTINGS: [(&'static str, &'static str); 8] = [
        ("MEMBERNET_LIMIT_JOIN_PER_IP", "signups from one address"),
        (
            "MEMBERNET_LIMIT_LOGIN_PER_IP",
            "sign-in attempts from one address",
        ),
        (
            "MEMBERNET_LIMIT_LOGIN_PER_ACCOUNT",
            "sign-in attempts to one account from one address",
        ),
        (
            "MEMBERNET_LIMIT_LOGIN_PER_ACCOUNT_ANYWHERE",
            "sign-in attempts to one account from all addresses",
        ),
        (
            "MEMBERNET_LIMIT_RESET_PER_IP",
            "password-reset requests from one address",
        ),
        (
            "MEMBERNET_LIMIT_EMAIL_PER_ADDRESS",
            "emails strangers can have sent to one address",
        ),
        (
            "MEMBERNET_LIMIT_DELETE_PER_ACCOUNT",
            "attempts to erase one account",
        ),
        (
            "MEMBERNET_LIMIT_SUBMIT_PER_MEMBER",
            "library submissions and uploads by one member",
        ),
    ];

    /// The limit a setting names.
    pub fn by_setting(&mut self, name: &str) -> Option<&mut RateLimit> {
        Some(match name {
            "MEMBERNET_LIMIT_JOIN_PER_IP" => &mut self.join_per_ip,
            "MEMBERNET_LIMIT_LOGIN_PER_IP" => &mut self.login_per_ip,
            "MEMBERNET_LIMIT_LOGIN_PER_ACCOUNT" => &mut self.login_per_account,
            "MEMBERNET_LIMIT_LOGIN_PER_ACCOUNT_ANYWHERE" => &mut self.login_per_account_anywhere,
            "MEMBERNET_LIMIT_RESET_PER_IP" => &mut self.reset_per_ip,
            "MEMBERNET_LIMIT_EMAIL_PER_ADDRESS" => &mut self.email_per_address,
            "MEMBERNET_LIMIT_DELETE_PER_ACCOUNT" => &mut self.delete_per_account,
            "MEMBERNET_LIMIT_SUBMIT_PER_MEMBER" => &mut self.submit_per_member,
            _ => return None,
        })
    }
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            join_per_ip: RateLimit::new(10, 3600),
            login_per_ip: RateLimit::new(60, 900),
            login_per_account: RateLimit::new(10, 900),
            login_per_account_anywhere: RateLimit::new(100, 3600),
            reset_per_ip: RateLimit::new(10, 3600),
            email_per_address: RateLimit::new(5, 3600),
            delete_per_account: RateLimit::new(5, 3600),
            submit_per_member: RateLimit::new(30, 86_400),
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
    /// Sign-in attempts from one client, whatever the account.
    LoginFrom(ClientAddress),
    /// Sign-in attempts to one account from one client: someone guessing from one
    /// place cannot lock out the owner signing in from another.
    LoginTo {
        account: MemberEmail,
        client: ClientAddress,
    },
    /// Sign-in attempts to one account from anywhere: a looser backstop against
    /// guessing from many places at once.
    LoginToFromAnywhere(MemberEmail),
    /// Password-reset requests from one client.
    ResetFrom(ClientAddress),
    /// Emails that strangers can make the network send to one address.
    EmailsTo(MemberEmail),
    /// Attempts to erase one account (each checks a password).
    DeleteAccount(MemberId),
    /// Library submissions and file uploads by one member.
    SubmitBy(MemberId),
}

/// A key, or every key that starts so (the sign-in counters of one account, one a
/// client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMatch {
    Exact(String),
    Prefix(String),
}

/// An address as it appears in keys: a digest, so the counters table holds no
/// addresses and any text is a short, fixed-length key.
fn digest(email: &MemberEmail) -> String {
    let hash = Sha256::digest(email.as_str().as_bytes());
    hash.iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl LimitKey {
    /// The counter's key in storage: "join:ip:203.0.113.9", "email:9f86d081…".
    pub fn key(&self) -> String {
        match self {
            LimitKey::JoinFrom(client) => format!("join:ip:{client}"),
            LimitKey::LoginFrom(client) => format!("login:ip:{client}"),
            LimitKey::LoginTo { account, client } => {
                format!("login:account:{}:{client}", digest(account))
            }
            LimitKey::LoginToFromAnywhere(account) => format!("login:any:{}", digest(account)),
            LimitKey::ResetFrom(client) => format!("reset:ip:{client}"),
            LimitKey::EmailsTo(email) => format!("email:{}", digest(email)),
            LimitKey::DeleteAccount(id) => format!("delete:account:{}", id.0),
            LimitKey::SubmitBy(id) => format!("submit:member:{}", id.0),
        }
    }

    /// The limit's name for logs: what was limited, not whom.
    pub fn name(&self) -> &'static str {
        match self {
            LimitKey::JoinFrom(_) => "join:ip",
            LimitKey::LoginFrom(_) => "login:ip",
            LimitKey::LoginTo { .. } => "login:account",
            LimitKey::LoginToFromAnywhere(_) => "login:any",
            LimitKey::ResetFrom(_) => "reset:ip",
            LimitKey::EmailsTo(_) => "email",
            LimitKey::DeleteAccount(_) => "delete:account",
            LimitKey::SubmitBy(_) => "submit:member",
        }
    }

    /// The limit that applies to this key.
    pub fn limit(&self, limits: &RateLimits) -> RateLimit {
        match self {
            LimitKey::JoinFrom(_) => limits.join_per_ip,
            LimitKey::LoginFrom(_) => limits.login_per_ip,
            LimitKey::LoginTo { .. } => limits.login_per_account,
            LimitKey::LoginToFromAnywhere(_) => limits.login_per_account_anywhere,
            LimitKey::ResetFrom(_) => limits.reset_per_ip,
            LimitKey::EmailsTo(_) => limits.email_per_address,
            LimitKey::DeleteAccount(_) => limits.delete_per_account,
            LimitKey::SubmitBy(_) => limits.submit_per_member,
        }
    }

    /// Every counter that names the person with `email`: erased with them.
    pub fn naming(email: &MemberEmail) -> [KeyMatch; 3] {
        [
            KeyMatch::Prefix(format!("login:account:{}:", digest(email))),
            KeyMatch::Exact(LimitKey::LoginToFromAnywhere(email.clone()).key()),
            KeyMatch::Exact(LimitKey::EmailsTo(email.clone()).key()),
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

    #[test]
    fn limits_are_written_as_hits_per_window() {
        assert_eq!(RateLimit::parse("10/1h"), Some(RateLimit::new(10, 3_600)));
        assert_eq!(
            RateLimit::parse(" 60 / 15m "),
            Some(RateLimit::new(60, 900))
        );
        assert_eq!(RateLimit::parse("5/30s"), Some(RateLimit::new(5, 30)));
        assert_eq!(
            RateLimit::parse("100/1d"),
            Some(RateLimit::new(100, 86_400))
        );
        for bad in ["", "10", "10/", "0/1h", "10/0h", "10/1w", "ten/1h", "-1/1h"] {
            assert_eq!(RateLimit::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_limit_has_its_setting() {
        let mut limits = RateLimits::default();
        for (name, _) in RateLimits::SETTINGS {
            assert!(limits.by_setting(name).is_some(), "{name}");
        }
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
    fn keys_name_what_they_count_and_hold_no_address() {
        let client = ClientAddress(ip("203.0.113.9"));
        let email = MemberEmail::parse("Amina@NGO.org").unwrap();
        assert_eq!(LimitKey::JoinFrom(client).key(), "join:ip:203.0.113.9");
        let login = LimitKey::LoginTo {
            account: email.clone(),
            client,
        };
        assert!(login.key().starts_with("login:account:"));
        assert!(login.key().ends_with(":203.0.113.9"));
        for key in [login.key(), LimitKey::EmailsTo(email.clone()).key()] {
            assert!(!key.contains("amina"), "{key}");
        }
        assert_eq!(login.name(), "login:account");
    }

    #[test]
    fn an_account_is_counted_apart_for_each_client() {
        let email = MemberEmail::parse("amina@ngo.org").unwrap();
        let from = |address: &str| LimitKey::LoginTo {
            account: email.clone(),
            client: ClientAddress(ip(address)),
        };
        assert_ne!(from("203.0.113.9").key(), from("198.51.100.7").key());
    }

    #[test]
    fn a_person_is_named_by_exactly_the_keys_of_their_address() {
        let email = MemberEmail::parse("amina@ngo.org").unwrap();
        let other = MemberEmail::parse("bo@ngo.org").unwrap();
        let matches = |key: &str, of: &MemberEmail| {
            LimitKey::naming(of).iter().any(|pattern| match pattern {
                KeyMatch::Exact(exact) => exact == key,
                KeyMatch::Prefix(prefix) => key.starts_with(prefix.as_str()),
            })
        };
        let client = ClientAddress(ip("203.0.113.9"));
        let keys = [
            LimitKey::LoginTo {
                account: email.clone(),
                client,
            },
            LimitKey::LoginToFromAnywhere(email.clone()),
            LimitKey::EmailsTo(email.clone()),
        ];
        for key in &keys {
            assert!(matches(&key.key(), &email), "{key:?}");
            assert!(!matches(&key.key(), &other), "{key:?}");
        }
        assert!(!matches(&LimitKey::LoginFrom(client).key(), &email));
    }
}
