//! Signups under load, beside argon2 alone on the same cores.
//!
//! Runs the real server (production password hashing) on a temporary SQLite
//! database. With `wrk` installed: five rounds, each argon2id alone (300 hashes on
//! as many threads as the machine has cores) then ten seconds of signups from C
//! connections sent by wrk (a light load generator: each signup its own address,
//! one visitor's cookie and token), timed until every confirmation email they
//! leave to the background is in the outbox; prints each round and the median
//! ratio (the target: signups at 90% or more of argon2's rate: everything but the
//! hash is noise). Without wrk: N join forms fetched, N signups posted from C
//! connections by reqwest in this process, beside argon2 before and after.
//! Also one signup's latency alone.
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
    let hashes = argon2_rate(runs, cores);

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

    // With wrk installed, the load comes from it (a light C load generator, as
    // for the public pages): the signups' own CPU is then not shared with a Rust
    // HTTP client in this process.
    //
    // The machine is shared and noisy: five rounds, each argon2 alone then ten
    // seconds of signups, and the median of the rounds' ratios.
    if which("wrk") {
        let mut ratios = Vec::new();
        let mut before = alone.len();
        let _ = hashes;
        for round in 1..=5 {
            let hashes = argon2_rate(300, cores);
            let (done, signups) = with_wrk(&base, &db, concurrency, before, round).await?;
            before += done;
            let ratio = signups / hashes;
            println!(
                "round {round}: argon2id alone {hashes:.1}/s, then {done} signups from {concurrency} connections (wrk) {signups:.1}/s: {:.0}%",
                ratio * 100.0
            );
            ratios.push(ratio);
        }
        ratios.sort_by(f64::total_cmp);
        println!(
            "one signup alone (median of 10): {:.1} ms",
            alone[5].as_secs_f64() * 1000.0
        );
        println!(
            "signups / argon2 (median of 5 rounds): {:.0}%",
            ratios[2] * 100.0
        );
        return Ok(());
    }

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
    let hashes_after = argon2_rate(runs.min(200), cores);
    let hashes = (hashes + hashes_after) / 2.0;
    report(
        &alone,
        runs,
        signups,
        concurrency,
        runs,
        cores,
        hashes,
        "reqwest, in this process",
    );
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn report(
    alone: &[Duration],
    done: usize,
    signups: f64,
    concurrency: usize,
    runs: usize,
    cores: usize,
    hashes: f64,
    client: &str,
) {
    println!(
        "one signup alone (median of 10): {:.1} ms",
        alone[5].as_secs_f64() * 1000.0
    );
    println!(
        "signups, {done} from {concurrency} connections at once ({client}): {signups:.1} per second"
    );
    println!(
        "argon2id alone (m=19456 KiB, t=2, p=1), {runs} on {cores} threads, before and after: {hashes:.1} per second"
    );
    println!("signups / argon2: {:.0}%", 100.0 * signups / hashes);
}

/// Hashes per second with argon2id's defaults (the production parameters) on
/// `cores` threads.
fn argon2_rate(runs: usize, cores: usize) -> f64 {
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
    runs as f64 / started.elapsed().as_secs_f64()
}

fn which(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Ten seconds of signups from `concurrency` connections of one wrk thread, each
/// with its own address and one visitor's cookie and token (the double-submit
/// token holds for every form that browser sends). Returns how many joined and
/// their rate, timed until every confirmation email is in the outbox.
async fn with_wrk(
    base: &str,
    db: &sea_orm::DatabaseConnection,
    concurrency: usize,
    before: usize,
    round: usize,
) -> anyhow::Result<(usize, f64)> {
    let response = reqwest::get(format!("{base}/join")).await?;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .map(|value| value.split(';').next().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    let page = response.text().await?;
    let (token, shown) = (field(&page, "csrf_token"), field(&page, "shown"));
    let body = format!(
        "csrf_token={token}&shown={shown}&full_name=Bench+Mark&password=river+ledger+quietly+mango&country=KE&privacy=yes&email="
    );
    let script = format!(
        r#"local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
request = function()
  counter = counter + 1
  return wrk.format(nil, "/join", nil, "{body}" .. "r{round}w" .. counter .. "%40example.org")
end
"#
    );
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("join.lua");
    std::fs::write(&path, script)?;
    let started = Instant::now();
    let url = format!("{base}/join");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("wrk")
            .args([
                "-t1",
                &format!("-c{concurrency}"),
                "-d10s",
                "--timeout",
                "30s",
                "-s",
            ])
            .arg(&path)
            .arg(url)
            .output()
    })
    .await??;
    anyhow::ensure!(
        output.status.success(),
        "wrk failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(
        !report.contains("Non-2xx"),
        "some signups were refused:\n{report}"
    );
    // The work each signup leaves to the background (its email) is part of its
    // cost: the clock stops once every email is in the outbox.
    let members = || async {
        membernet_persistence::entity::member::Entity::find()
            .count(db)
            .await
    };
    // (A signup wrk cut off at its deadline may have made its account but not its
    // email: the clock also stops when the outbox has stopped growing for 2 s, and
    // those 2 s are not counted.)
    let joined = members().await? as usize;
    let mut last = (0, Instant::now());
    loop {
        let emails = outbox_email::Entity::find().count(db).await? as usize;
        if emails >= joined {
            last.1 = Instant::now();
            break;
        }
        if emails != last.0 {
            last = (emails, Instant::now());
        } else if last.1.elapsed() > Duration::from_secs(2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let elapsed = last.1.duration_since(started);
    let done = joined - before;
    Ok((done, done as f64 / elapsed.as_secs_f64()))
}
