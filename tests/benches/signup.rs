//! Signups under load, beside argon2 alone on the same cores.
//!
//! Hashes N passwords with argon2id (production parameters) on as many threads as
//! the machine has cores; then runs the real server (production password hashing) on
//! a temporary SQLite database, fetches N join forms (each with its own cookie and
//! token), posts the N signups from C connections at once and times them until
//! every confirmation email they leave to the background is in the outbox.
//! Prints both rates and their ratio (the target: signups at 90% or more of argon2's
//! rate: everything but the hash is noise), and one signup's latency alone.
//!
//!     cargo bench -p membernet-tests --bench signup [-- N [C]]     (default 200 32)

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use argon2::{Argon2, PasswordHasher};
use membernet_domain::rate_limit::RateLimit;
use membernet_persistence::entity::outbox_email;
use membernet_web::{
    app::App,
    config::{Config, PasswordHashing, Settings},
};
use sea_orm::{EntityTrait, PaginatorTrait};
use tokio::{net::TcpListener, sync::Semaphore};

/// A join form as a visitor's browser holds it: its cookie jar, token and stamp.
struct Form {
    client: reqwest::Client,
    token: String,
    shown: String,
}

fn field(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).expect("the field") + marker.len();
    page[start..start + page[start..].find('"').expect("a closing quote")].to_owned()
}

async fn form(base: &str) -> anyhow::Result<Form> {
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let page = client
        .get(format!("{base}/join"))
        .send()
        .await?
        .text()
        .await?;
    Ok(Form {
        token: field(&page, "csrf_token"),
        shown: field(&page, "shown"),
        client,
    })
}

async fn join(base: String, form: Form, n: usize) -> anyhow::Result<Duration> {
    let email = format!("bench{n}@example.org");
    let fields = [
        ("csrf_token", form.token.as_str()),
        ("shown", form.shown.as_str()),
        ("full_name", "Bench Mark"),
        ("email", &email),
        ("password", "river ledger quietly mango"),
        ("country", "KE"),
        ("privacy", "yes"),
    ];
    let started = Instant::now();
    let response = form
        .client
        .post(format!("{base}/join"))
        .form(&fields)
        .send()
        .await?;
    let status = response.status();
    response.bytes().await?;
    anyhow::ensure!(status.is_success(), "signup {n} answered {status}");
    Ok(started.elapsed())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    let runs = numbers.first().copied().unwrap_or(200);
    let concurrency = numbers.get(1).copied().unwrap_or(32);
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    // argon2 alone, the same number of hashes on every core, first: nothing else
    // runs yet.
    let started = Instant::now();
    let threads: Vec<_> = (0..cores)
        .map(|thread| {
            std::thread::spawn(move || {
                let argon2 = Argon2::default();
                for _ in (thread..runs).step_by(cores) {
                    argon2
                        .hash_password(b"river ledger quietly mango")
                        .expect("argon2 hashes");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a hashing thread");
    }
    let hashes = runs as f64 / started.elapsed().as_secs_f64();

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
    let db = app.state.services.db.clone();
    tokio::spawn(app.serve(listener));
    let base = format!("http://{address}");

    // One signup alone, a few times: its latency.
    let mut alone = Vec::new();
    for n in 0..10 {
        let form = form(&base).await?;
        alone.push(join(base.clone(), form, 1_000_000 + n).await?);
    }
    alone.sort();

    // N signups from C connections at once.
    let mut forms = Vec::with_capacity(runs);
    for _ in 0..runs {
        forms.push(form(&base).await?);
    }
    let slots = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    let mut joins = Vec::with_capacity(runs);
    for (n, form) in forms.into_iter().enumerate() {
        let permit = Arc::clone(&slots).acquire_owned().await?;
        let base = base.clone();
        joins.push(tokio::spawn(async move {
            let outcome = join(base, form, n).await;
            drop(permit);
            outcome
        }));
    }
    for joined in joins {
        joined.await??;
    }
    // The work each signup leaves to the background (its email) is part of its cost:
    // the clock stops once every email is in the outbox.
    while (outbox_email::Entity::find().count(&db).await? as usize) < runs + alone.len() {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let signups = runs as f64 / started.elapsed().as_secs_f64();

    println!(
        "one signup alone (median of 10): {:.1} ms",
        alone[5].as_secs_f64() * 1000.0
    );
    println!("signups, {runs} from {concurrency} connections at once: {signups:.1} per second");
    println!(
        "argon2id alone (m=19456 KiB, t=2, p=1), {runs} on {cores} threads: {hashes:.1} per second"
    );
    println!("signups / argon2: {:.0}%", 100.0 * signups / hashes);
    Ok(())
}
