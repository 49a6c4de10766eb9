//! How long one signup takes, and how much of it is argon2.
//!
//! Runs the real server (production password hashing) on a temporary SQLite
//! database, posts N signups over HTTP one after another, and times argon2id with the
//! same parameters on its own. Prints medians; the machines are noisy.
//!
//!     cargo bench -p membernet-tests --bench signup [-- N]

use std::time::{Duration, Instant};

use argon2::{Argon2, PasswordHasher};
use membernet_domain::rate_limit::RateLimit;
use membernet_web::{
    app::App,
    config::{Config, PasswordHashing, Settings},
};
use tokio::net::TcpListener;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir()?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let mut config = Config::from_settings(Settings {
        database_url: Some(format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        )),
        bind: Some(address.to_string()),
        ..Settings::default()
    })?;
    assert_eq!(config.password_hashing, PasswordHashing::Owasp);
    config.join_min_fill_time = Duration::ZERO;
    config.rate_limits.join_per_ip = RateLimit::new(u32::MAX, 3600);
    config.rate_limits.email_per_address = RateLimit::new(u32::MAX, 3600);
    let app = App::build(config).await?;
    tokio::spawn(app.serve(listener));

    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let base = format!("http://{address}");
    let mut signups = Vec::with_capacity(runs);
    for n in 0..runs {
        let page = client
            .get(format!("{base}/join"))
            .send()
            .await?
            .text()
            .await?;
        let marker = "name=\"csrf_token\" value=\"";
        let start = page.find(marker).expect("a CSRF token") + marker.len();
        let token = &page[start..start + page[start..].find('"').expect("a closing quote")];
        let email = format!("bench{n}@example.org");
        let form = [
            ("csrf_token", token),
            ("full_name", "Bench Mark"),
            ("email", &email),
            ("password", "river ledger quietly mango"),
            ("country", "KE"),
            ("privacy", "yes"),
        ];
        let started = Instant::now();
        let response = client
            .post(format!("{base}/join"))
            .form(&form)
            .send()
            .await?;
        let status = response.status();
        response.bytes().await?;
        signups.push(started.elapsed());
        assert!(status.is_success(), "signup {n} answered {status}");
    }

    let argon2 = Argon2::default();
    let mut hashes = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        argon2
            .hash_password(b"river ledger quietly mango")
            .map_err(|error| anyhow::anyhow!("{error}"))?;
        hashes.push(started.elapsed());
    }

    let signup = median(signups);
    let hash = median(hashes);
    println!("signup POST /join, median of {runs}: {}", ms(signup));
    println!(
        "argon2id hash (m=19456 KiB, t=2, p=1), median of {runs}: {}",
        ms(hash)
    );
    println!(
        "argon2's share of a signup: {:.0}%",
        100.0 * hash.as_secs_f64() / signup.as_secs_f64()
    );
    Ok(())
}
