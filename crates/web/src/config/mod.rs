//! Configuration: read once at start-up into one struct, failing fast with a clear
//! message. Nothing else in the program reads the environment.
//!
//! Settings come from `MEMBERNET_*` variables (DESIGN.md lists them); command-line
//! flags override them. Tests build a [`Config`] directly, which is the only way to get
//! cheap password hashing or relaxed anti-bot timings: no variable turns those on.

use std::{net::SocketAddr, str::FromStr, time::Duration};

use anyhow::{Context, bail};
use membernet_domain::{
    disclosure::Threshold,
    rate_limit::{RateLimit, RateLimits},
};

mod trusted_proxies;

pub use trusted_proxies::TrustedProxies;

pub use crate::{
    passwords::{HashingLimits, PasswordHashing},
    server::Timeouts,
};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/membernet.db?mode=rwc";
pub const DEFAULT_BIND: &str = "127.0.0.1:3000";

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    /// Where the site is reached from outside, for links in emails. No trailing slash.
    pub base_url: String,
    /// `None`: emails stay in the outbox and their links are logged (development).
    pub smtp_url: Option<String>,
    pub email_from: String,
    pub secure_cookies: bool,
    pub trusted_proxies: TrustedProxies,
    pub password_hashing: PasswordHashing,
    /// How many password hashes run at once, and how long a request waits for one.
    pub hashing_limits: HashingLimits,
    pub rate_limits: RateLimits,
    /// A join form sent back faster than this was filled in by a machine.
    pub join_min_fill_time: Duration,
    /// How often the outbox is checked for emails to send or retry.
    pub outbox_poll_interval: Duration,
    /// `/readyz` fails when an email has been due for longer than this
    /// (`MEMBERNET_OUTBOX_STUCK_AFTER`, default 15m).
    pub outbox_stuck_after: time::Duration,
    /// `/metrics` answers the bearer of this token (`MEMBERNET_METRICS_TOKEN`).
    pub metrics_token: Option<String>,
    /// Metrics also (or instead) on this address, without a token
    /// (`MEMBERNET_METRICS_BIND`, for a private network).
    pub metrics_bind: Option<SocketAddr>,
    pub timeouts: Timeouts,
    /// Public breakdowns show counts below this as "fewer than N"
    /// (`MEMBERNET_PUBLIC_MIN_COUNT`, default 5; see `membernet_domain::disclosure`).
    pub public_min_count: Threshold,
    /// Campaign emails sent per minute, every instance together
    /// (`MEMBERNET_CAMPAIGN_RATE`, default 600).
    pub campaign_rate: u32,
    /// How long a campaign recipient claimed by a sender stays its own: one whose
    /// sender died is taken up again after this (`MEMBERNET_CAMPAIGN_LEASE`, default 2m).
    pub campaign_lease: Duration,
    /// Where uploaded files are kept: a folder (`MEMBERNET_FILES`, default
    /// `data/files`) or `s3://bucket/prefix`.
    pub files: String,
    /// The largest file a form may upload, in bytes (`MEMBERNET_UPLOAD_MAX`,
    /// default 20MB).
    pub upload_max: usize,
}

/// The settings as the environment gives them; `serve --bind` overrides `bind`.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub base_url: Option<String>,
    pub smtp_url: Option<String>,
    pub email_from: Option<String>,
    pub secure_cookies: Option<String>,
    pub trusted_proxies: Option<String>,
    /// `MEMBERNET_LIMIT_*` settings that were given, by name.
    pub rate_limits: Vec<(String, String)>,
    /// `MEMBERNET_LOG_EMAIL_LINKS`: without SMTP on a public (https) site, the links in
    /// emails go to the log only when this says so.
    pub log_email_links: Option<String>,
    pub timeout_headers: Option<String>,
    pub timeout_body: Option<String>,
    pub timeout_request: Option<String>,
    pub shutdown_grace: Option<String>,
    pub public_min_count: Option<String>,
    pub outbox_stuck_after: Option<String>,
    pub metrics_token: Option<String>,
    pub metrics_bind: Option<String>,
    pub campaign_rate: Option<String>,
    pub campaign_lease: Option<String>,
    pub files: Option<String>,
    pub upload_max: Option<String>,
}

impl Settings {
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        };
        Self {
            database_url: var("MEMBERNET_DATABASE_URL"),
            bind: var("MEMBERNET_BIND"),
            base_url: var("MEMBERNET_BASE_URL"),
            smtp_url: var("MEMBERNET_SMTP_URL"),
            email_from: var("MEMBERNET_EMAIL_FROM"),
            secure_cookies: var("MEMBERNET_SECURE_COOKIES"),
            trusted_proxies: var("MEMBERNET_TRUSTED_PROXIES"),
            rate_limits: RateLimits::SETTINGS
                .iter()
                .filter_map(|(name, _)| var(name).map(|value| ((*name).to_owned(), value)))
                .collect(),
            log_email_links: var("MEMBERNET_LOG_EMAIL_LINKS"),
            timeout_headers: var("MEMBERNET_TIMEOUT_HEADERS"),
            timeout_body: var("MEMBERNET_TIMEOUT_BODY"),
            timeout_request: var("MEMBERNET_TIMEOUT_REQUEST"),
            shutdown_grace: var("MEMBERNET_SHUTDOWN_GRACE"),
            public_min_count: var("MEMBERNET_PUBLIC_MIN_COUNT"),
            outbox_stuck_after: var("MEMBERNET_OUTBOX_STUCK_AFTER"),
            campaign_rate: var("MEMBERNET_CAMPAIGN_RATE"),
            campaign_lease: var("MEMBERNET_CAMPAIGN_LEASE"),
            files: var("MEMBERNET_FILES"),
            upload_max: var("MEMBERNET_UPLOAD_MAX"),
            metrics_token: var("MEMBERNET_METRICS_TOKEN"),
            metrics_bind: var("MEMBERNET_METRICS_BIND"),
        }
    }
}

impl Config {
    pub fn from_settings(settings: Settings) -> anyhow::Result<Self> {
        let bind_text = settings.bind.as_deref().unwrap_or(DEFAULT_BIND);
        let bind = SocketAddr::from_str(bind_text).with_context(|| {
            format!("MEMBERNET_BIND: '{bind_text}' is not an address like 127.0.0.1:3000")
        })?;
        let base_url = settings
            .base_url
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            bail!("MEMBERNET_BASE_URL: '{base_url}' must start with http:// or https://");
        }
        if let Some(smtp) = &settings.smtp_url
            && !(smtp.starts_with("smtp://") || smtp.starts_with("smtps://"))
        {
            bail!("MEMBERNET_SMTP_URL must start with smtp:// or smtps://");
        }
        let log_email_links = match settings.log_email_links.as_deref() {
            None => false,
            Some(value) => parse_bool(value).with_context(|| {
                format!("MEMBERNET_LOG_EMAIL_LINKS: '{value}' is not true or false")
            })?,
        };
        if settings.smtp_url.is_none() && base_url.starts_with("https://") && !log_email_links {
            bail!(
                "MEMBERNET_SMTP_URL is not set, so emails (with their sign-in and password \
                 links) would be written to the log of a public site ({base_url}). Set \
                 MEMBERNET_SMTP_URL, or MEMBERNET_LOG_EMAIL_LINKS=true if that is really \
                 what you want"
            );
        }
        let secure_cookies = match settings.secure_cookies.as_deref() {
            // Behind an HTTPS proxy the bind address is loopback but the site is not.
            None => !bind.ip().is_loopback() || base_url.starts_with("https://"),
            Some(value) => parse_bool(value).with_context(|| {
                format!("MEMBERNET_SECURE_COOKIES: '{value}' is not true or false")
            })?,
        };
        let trusted_proxies =
            TrustedProxies::parse(settings.trusted_proxies.as_deref().unwrap_or(""))
                .context("MEMBERNET_TRUSTED_PROXIES")?;
        let mut rate_limits = RateLimits::default();
        for (name, value) in &settings.rate_limits {
            let limit = rate_limits
                .by_setting(name)
                .with_context(|| format!("{name} is not a rate limit Membernet knows"))?;
            *limit = RateLimit::parse(value).with_context(|| {
                format!("{name}: '{value}' is not a limit like 10/1h (hits per s, m, h or d)")
            })?;
        }
        let defaults = Timeouts::default();
        let duration = |value: &Option<String>, name: &str, default: Duration| match value {
            None => Ok(default),
            Some(text) => parse_duration(text)
                .with_context(|| format!("{name}: '{text}' is not a duration like 10s, 2m or 1h")),
        };
        let timeouts = Timeouts {
            headers: duration(
                &settings.timeout_headers,
                "MEMBERNET_TIMEOUT_HEADERS",
                defaults.headers,
            )?,
            body: duration(
                &settings.timeout_body,
                "MEMBERNET_TIMEOUT_BODY",
                defaults.body,
            )?,
            request: duration(
                &settings.timeout_request,
                "MEMBERNET_TIMEOUT_REQUEST",
                defaults.request,
            )?,
            shutdown: duration(
                &settings.shutdown_grace,
                "MEMBERNET_SHUTDOWN_GRACE",
                defaults.shutdown,
            )?,
        };
        let public_min_count = match settings.public_min_count.as_deref() {
            None => Threshold::DEFAULT,
            Some(text) => match text.trim().parse::<u64>() {
                Ok(min) if min >= 1 => Threshold::new(min),
                _ => bail!(
                    "MEMBERNET_PUBLIC_MIN_COUNT: '{text}' is not a whole number of at least 1"
                ),
            },
        };
        let outbox_stuck_after = match settings.outbox_stuck_after.as_deref() {
            None => Duration::from_secs(15 * 60),
            Some(text) => parse_duration(text).with_context(|| {
                format!("MEMBERNET_OUTBOX_STUCK_AFTER: '{text}' is not a duration like 15m")
            })?,
        };
        let campaign_rate = match settings.campaign_rate.as_deref() {
            None => 600,
            Some(text) => match text.trim().parse::<u32>() {
                Ok(rate) if rate >= 1 => rate,
                _ => bail!(
                    "MEMBERNET_CAMPAIGN_RATE: '{text}' is not a number of emails a minute (at least 1)"
                ),
            },
        };
        let campaign_lease = match settings.campaign_lease.as_deref() {
            None => Duration::from_secs(120),
            Some(text) => parse_duration(text).with_context(|| {
                format!("MEMBERNET_CAMPAIGN_LEASE: '{text}' is not a duration like 2m")
            })?,
        };
        let upload_max = match settings.upload_max.as_deref() {
            None => DEFAULT_UPLOAD_MAX,
            Some(text) => parse_size(text).with_context(|| {
                format!("MEMBERNET_UPLOAD_MAX: '{text}' is not a size like 20MB")
            })?,
        };
        let files = match settings.files.as_deref().map(str::trim) {
            None => DEFAULT_FILES.to_owned(),
            Some(files) => {
                let bucket = files
                    .strip_prefix("s3://")
                    .map(|rest| rest.split('/').next());
                if bucket == Some(Some("")) || (bucket.is_none() && files.contains("://")) {
                    bail!("MEMBERNET_FILES: '{files}' is not a folder nor s3://bucket/prefix");
                }
                files.to_owned()
            }
        };
        if let Some(token) = &settings.metrics_token
            && token.trim().len() < 16
        {
            bail!("MEMBERNET_METRICS_TOKEN must be at least 16 characters");
        }
        let metrics_bind = match settings.metrics_bind.as_deref() {
            None => None,
            Some(text) => Some(SocketAddr::from_str(text.trim()).with_context(|| {
                format!("MEMBERNET_METRICS_BIND: '{text}' is not an address like 127.0.0.1:9100")
            })?),
        };
        let email_from = settings.email_from.unwrap_or_else(|| {
            let host = base_url
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split([':', '/']).next())
                .filter(|host| host.contains('.') && host.parse::<std::net::IpAddr>().is_err())
                .unwrap_or("membernet.localhost");
            format!("Membernet <no-reply@{host}>")
        });
        Ok(Self {
            database_url: settings
                .database_url
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            bind,
            base_url,
            smtp_url: settings.smtp_url,
            email_from,
            secure_cookies,
            trusted_proxies,
            password_hashing: PasswordHashing::Owasp,
            hashing_limits: HashingLimits::default(),
            rate_limits,
            join_min_fill_time: Duration::from_secs(3),
            outbox_poll_interval: Duration::from_secs(5),
            outbox_stuck_after: time::Duration::try_from(outbox_stuck_after)
                .unwrap_or(time::Duration::minutes(15)),
            metrics_token: settings.metrics_token.map(|token| token.trim().to_owned()),
            metrics_bind,
            timeouts,
            public_min_count,
            campaign_rate,
            campaign_lease,
            files,
            upload_max,
        })
    }
}

/// Uploads go beside the default SQLite file (`data/membernet.db`).
pub const DEFAULT_FILES: &str = "data/files";
/// 20 MB.
pub const DEFAULT_UPLOAD_MAX: usize = 20_000_000;

/// "512KB", "20MB", "1GB" (powers of 1000) or a number of bytes, at least 1KB.
fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim().to_ascii_uppercase();
    let (number, factor) = if let Some(n) = text.strip_suffix("GB") {
        (n, 1_000_000_000)
    } else if let Some(n) = text.strip_suffix("MB") {
        (n, 1_000_000)
    } else if let Some(n) = text.strip_suffix("KB") {
        (n, 1_000)
    } else {
        (text.strip_suffix('B').unwrap_or(&text), 1)
    };
    let size = number.trim().parse::<usize>().ok()?.checked_mul(factor)?;
    (size >= 1_000).then_some(size)
}

/// "30s", "2m", "1h" (at least a second).
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let amount: u64 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
    let seconds = match unit {
        's' => amount,
        'm' => amount.checked_mul(60)?,
        'h' => amount.checked_mul(3_600)?,
        _ => return None,
    };
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

fn parse_bool(value: &str) -> anyhow::Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => bail!("not a boolean"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_serve_loopback_without_secure_cookies() {
        let config = Config::from_settings(Settings::default()).unwrap();
        assert_eq!(config.bind.to_string(), DEFAULT_BIND);
        assert_eq!(config.base_url, "http://127.0.0.1:3000");
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert!(!config.secure_cookies);
        assert_eq!(config.password_hashing, PasswordHashing::Owasp);
    }

    #[test]
    fn a_public_bind_address_turns_secure_cookies_on() {
        let settings = Settings {
            bind: Some("0.0.0.0:8080".into()),
            ..Settings::default()
        };
        assert!(Config::from_settings(settings).unwrap().secure_cookies);
    }

    #[test]
    fn bad_values_fail_with_the_variable_named() {
        let settings = Settings {
            bind: Some("localhost".into()),
            ..Settings::default()
        };
        let error = Config::from_settings(settings).unwrap_err();
        assert!(format!("{error:#}").contains("MEMBERNET_BIND"));

        let settings = Settings {
            secure_cookies: Some("maybe".into()),
            ..Settings::default()
        };
        let error = Config::from_settings(settings).unwrap_err();
        assert!(format!("{error:#}").contains("MEMBERNET_SECURE_COOKIES"));
    }

    #[test]
    fn rate_limits_are_settings_and_bad_ones_stop_the_start() {
        let settings = Settings {
            rate_limits: vec![("MEMBERNET_LIMIT_JOIN_PER_IP".into(), "30/1h".into())],
            ..Settings::default()
        };
        let config = Config::from_settings(settings).unwrap();
        assert_eq!(config.rate_limits.join_per_ip, RateLimit::new(30, 3_600));
        assert_eq!(
            config.rate_limits.login_per_ip,
            RateLimits::default().login_per_ip
        );

        let settings = Settings {
            rate_limits: vec![("MEMBERNET_LIMIT_JOIN_PER_IP".into(), "lots".into())],
            ..Settings::default()
        };
        let error = Config::from_settings(settings).unwrap_err();
        assert!(format!("{error:#}").contains("MEMBERNET_LIMIT_JOIN_PER_IP"));
    }

    #[test]
    fn the_public_threshold_is_a_setting_of_at_least_one() {
        let config = Config::from_settings(Settings::default()).unwrap();
        assert_eq!(config.public_min_count, Threshold::DEFAULT);
        assert_eq!(config.public_min_count.min(), 5);
        let with = |value: &str| {
            Config::from_settings(Settings {
                public_min_count: Some(value.into()),
                ..Settings::default()
            })
        };
        assert_eq!(with("10").unwrap().public_min_count.min(), 10);
        for bad in ["0", "-3", "few"] {
            let error = with(bad).unwrap_err();
            assert!(
                format!("{error:#}").contains("MEMBERNET_PUBLIC_MIN_COUNT"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_public_site_without_smtp_does_not_start_unless_told_to_log_links() {
        let public = Settings {
            base_url: Some("https://network.example.org".into()),
            ..Settings::default()
        };
        let error = Config::from_settings(public.clone()).unwrap_err();
        assert!(format!("{error:#}").contains("MEMBERNET_SMTP_URL"));
        let with_smtp = Settings {
            smtp_url: Some("smtp://mail.example.org:25".into()),
            ..public.clone()
        };
        assert!(Config::from_settings(with_smtp).is_ok());
        let told = Settings {
            log_email_links: Some("true".into()),
            ..public
        };
        assert!(Config::from_settings(told).is_ok());
    }

    #[test]
    fn timeouts_are_settings() {
        let settings = Settings {
            timeout_headers: Some("5s".into()),
            shutdown_grace: Some("2m".into()),
            ..Settings::default()
        };
        let config = Config::from_settings(settings).unwrap();
        assert_eq!(config.timeouts.headers, Duration::from_secs(5));
        assert_eq!(config.timeouts.shutdown, Duration::from_secs(120));
        assert_eq!(config.timeouts.body, Timeouts::default().body);
        let settings = Settings {
            timeout_request: Some("soon".into()),
            ..Settings::default()
        };
        let error = Config::from_settings(settings).unwrap_err();
        assert!(format!("{error:#}").contains("MEMBERNET_TIMEOUT_REQUEST"));
    }

    #[test]
    fn upload_sizes_are_written_with_their_unit() {
        assert_eq!(parse_size("20MB"), Some(20_000_000));
        assert_eq!(parse_size(" 512kb "), Some(512_000));
        assert_eq!(parse_size("1GB"), Some(1_000_000_000));
        assert_eq!(parse_size("4096"), Some(4_096));
        assert_eq!(parse_size("10"), None);
        assert_eq!(parse_size("big"), None);
        let config = Config::from_settings(Settings::default()).unwrap();
        assert_eq!(config.upload_max, DEFAULT_UPLOAD_MAX);
        assert_eq!(config.files, DEFAULT_FILES);
        let settings = |files: &str, upload_max: &str| Settings {
            files: Some(files.to_owned()),
            upload_max: Some(upload_max.to_owned()),
            ..Settings::default()
        };
        let config = Config::from_settings(settings(" s3://bucket/uploads ", "512KB")).unwrap();
        assert_eq!(
            (config.files.as_str(), config.upload_max),
            ("s3://bucket/uploads", 512_000)
        );
        let config = Config::from_settings(settings("/var/lib/membernet/files", "1GB")).unwrap();
        assert_eq!(config.files, "/var/lib/membernet/files");
        let error = Config::from_settings(settings("data/files", "twenty")).unwrap_err();
        assert!(format!("{error:#}").contains("MEMBERNET_UPLOAD_MAX"));
        for files in ["s3://", "s3:///uploads", "https://bucket.example"] {
            let error = Config::from_settings(settings(files, "20MB")).unwrap_err();
            assert!(format!("{error:#}").contains("MEMBERNET_FILES"), "{files}");
        }
    }

    #[test]
    fn the_sender_address_follows_the_public_host() {
        let settings = Settings {
            base_url: Some("https://network.example.org/".into()),
            smtp_url: Some("smtp://mail.example.org:25".into()),
            ..Settings::default()
        };
        let config = Config::from_settings(settings).unwrap();
        assert_eq!(config.base_url, "https://network.example.org");
        assert!(
            config.secure_cookies,
            "an https site gets Secure cookies even on loopback"
        );
        assert_eq!(
            config.email_from,
            "Membernet <no-reply@network.example.org>"
        );
    }
}
