//! The test harness: each test gets the real application on its own port with its
//! own database (a fresh SQLite file; or, when `MEMBERNET_TEST_POSTGRES_URL` is set, a
//! fresh PostgreSQL database, dropped afterwards), and a browser-like client with a
//! cookie jar that does not follow redirects (tests check where they lead).

use std::time::Duration;

use membernet_domain::MemberEmail;
use membernet_persistence::{DatabaseConnection, members, outbox};
use membernet_web::{
    app::App,
    config::{Config, PasswordHashing, Settings},
    services::Services,
};
use rand::RngCore;
use reqwest::{StatusCode, header::HeaderMap, redirect::Policy};
use sea_orm::{ConnectionTrait, Database};
use tokio::net::TcpListener;

pub const PASSWORD: &str = "river ledger quietly mango";
/// The password test admins choose.
pub const STAFF_PASSWORD: &str = "staff room kettle honest";

pub struct TestApp {
    pub base_url: String,
    /// What the running application uses: the database, the mailer, background work.
    pub services: Services,
    /// Ends the server (as SIGTERM does), and the server's task.
    shutdown: Option<Shutdown>,
    pub client: reqwest::Client,
    _sqlite_dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

/// A response, read whole.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get("location")
            .and_then(|value| value.to_str().ok())
    }

    /// The CSRF token of the page's first form.
    pub fn csrf_token(&self) -> String {
        self.input_value("csrf_token")
            .expect("the page has a form with a CSRF token")
    }

    /// The value of the first input named `name`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let tag_start = self.body.find(&format!("name=\"{name}\""))?;
        let tag = &self.body[tag_start..];
        let tag = &tag[..tag.find('>')?];
        let start = tag.find("value=\"")? + "value=\"".len();
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_owned())
    }

    #[track_caller]
    pub fn assert_contains(&self, text: &str) {
        assert!(
            self.body.contains(text),
            "expected the page ({}) to contain {text:?}; it reads:\n{}",
            self.status,
            self.body
        );
    }
}

pub fn test_config() -> Config {
    let mut config = Config::from_settings(Settings {
        bind: Some("127.0.0.1:0".into()),
        ..Settings::default()
    })
    .expect("the test settings are valid");
    config.password_hashing = PasswordHashing::CheapForTests;
    config.join_min_fill_time = Duration::ZERO;
    config.outbox_poll_interval = Duration::from_millis(100);
    // Tests count a handful of members, so every public count is exact here; the
    // tests of small-number disclosure (disclosure.rs) use the default threshold.
    config.public_min_count = membernet_domain::disclosure::Threshold::new(1);
    // Each test's uploads in a folder of their own.
    config.files = std::env::temp_dir()
        .join(format!("membernet-test-files-{}", rand::random::<u64>()))
        .to_string_lossy()
        .into_owned();
    config
}

pub async fn spawn() -> TestApp {
    spawn_with(|_| {}).await
}

/// The server's warnings and errors in a failing test's output (the test harness
/// shows what a test printed only when it fails).
fn log_to_the_test_output() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
            )
            .try_init();
    });
}

pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    log_to_the_test_output();
    let mut config = test_config();
    adjust(&mut config);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("a bound address");
    config.bind = address;
    config.base_url = format!("http://{address}");

    let (sqlite_dir, postgres) = match std::env::var("MEMBERNET_TEST_POSTGRES_URL") {
        Ok(server_url) if !server_url.is_empty() => {
            let name = format!("membernet_test_{:016x}", rand::rng().next_u64());
            let admin = Database::connect(server_url.as_str())
                .await
                .expect("MEMBERNET_TEST_POSTGRES_URL answers");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("a test database can be created");
            admin.close().await.ok();
            config.database_url = with_database(&server_url, &name);
            (None, Some((server_url, name)))
        }
        _ => {
            let dir = tempfile::tempdir().expect("a temporary directory");
            config.database_url =
                format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
            (Some(dir), None)
        }
    };

    let (base_url, services, shutdown) = serve(config, listener).await;
    TestApp {
        base_url,
        services,
        shutdown: Some(shutdown),
        client: new_client(),
        _sqlite_dir: sqlite_dir,
        postgres,
    }
}

type Shutdown = (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
);

/// Builds the application for `config` and serves it on `listener` until shut down.
async fn serve(config: Config, listener: TcpListener) -> (String, Services, Shutdown) {
    let base_url = config.base_url.clone();
    let app = App::build(config).await.expect("the app starts");
    let services = app.state.services.clone();
    let (shutdown, shutdown_signal) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let signal = async {
            let _ = shutdown_signal.await;
        };
        app.serve_until(listener, signal)
            .await
            .expect("the server runs");
    });
    (base_url, services, (shutdown, server))
}

impl TestApp {
    /// A second instance of the application on the same database, as behind a load
    /// balancer (it owns nothing: the first one drops the database).
    pub async fn second_instance(&self) -> TestApp {
        let mut config = (*self.services.config).clone();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("a bound address");
        config.bind = address;
        config.base_url = format!("http://{address}");
        let (base_url, services, shutdown) = serve(config, listener).await;
        TestApp {
            base_url,
            services,
            shutdown: Some(shutdown),
            client: new_client(),
            _sqlite_dir: None,
            postgres: None,
        }
    }
}

/// An empty database of its own on the test PostgreSQL server (`None` without
/// `MEMBERNET_TEST_POSTGRES_URL`): its URL, and a guard that drops it.
pub async fn empty_postgres_database() -> Option<(String, EmptyDatabase)> {
    let server_url = std::env::var("MEMBERNET_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())?;
    let name = format!("membernet_test_{:016x}", rand::rng().next_u64());
    let admin = Database::connect(server_url.as_str()).await.ok()?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("a test database can be created");
    admin.close().await.ok();
    let url = with_database(&server_url, &name);
    Some((url, EmptyDatabase(Some((server_url, name)))))
}

/// Drops its database when dropped.
pub struct EmptyDatabase(Option<(String, String)>);

impl Drop for EmptyDatabase {
    fn drop(&mut self) {
        let Some((server_url, name)) = self.0.take() else {
            return;
        };
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = Database::connect(server_url.as_str()).await.ok()?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .ok()
            })
        })
        .join();
    }
}

/// `postgres://host/db?x` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_and_path = &base[scheme_end..];
    let host = host_and_path.split('/').next().unwrap_or(host_and_path);
    format!("{}{host}/{name}{query}", &base[..scheme_end])
}

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("a client")
}

/// A browser behind a proxy that names it `address` (the app must trust the proxy,
/// 127.0.0.1, through `MEMBERNET_TRUSTED_PROXIES`).
pub fn client_at(address: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-forwarded-for",
        address.parse().expect("an address for a header"),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .default_headers(headers)
        .build()
        .expect("a client")
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some((server_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop is synchronous; the database goes on a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = Database::connect(server_url.as_str()).await.ok()?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .ok()
            })
        });
        let _ = dropped.join();
    }
}

impl TestApp {
    pub fn db(&self) -> &DatabaseConnection {
        &self.services.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(&self.client, path).await
    }

    pub async fn get_with(&self, client: &reqwest::Client, path: &str) -> Page {
        read(
            client
                .get(self.url(path))
                .send()
                .await
                .expect("GET answers"),
        )
        .await
    }

    /// A GET as a browser sends it when a link or image on another site starts it.
    pub async fn get_cross_site(&self, path: &str) -> Page {
        read(
            self.client
                .get(self.url(path))
                .header("sec-fetch-site", "cross-site")
                .send()
                .await
                .expect("GET answers"),
        )
        .await
    }

    /// Posts `fields` to `action`, as-is (no CSRF token added).
    pub async fn post_raw(&self, action: &str, fields: &[(&str, &str)]) -> Page {
        read(
            self.client
                .post(self.url(action))
                .form(fields)
                .send()
                .await
                .expect("POST answers"),
        )
        .await
    }

    /// Opens `form_page`, then posts `fields` to `action` with the page's CSRF token,
    /// as a browser does.
    pub async fn submit(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        self.submit_with(&self.client, form_page, action, fields)
            .await
    }

    pub async fn submit_with(
        &self,
        client: &reqwest::Client,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> Page {
        let token = self.get_with(client, form_page).await.csrf_token();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        read(
            client
                .post(self.url(action))
                .form(&all)
                .send()
                .await
                .expect("POST answers"),
        )
        .await
    }

    pub async fn join(&self, name: &str, email: &str, password: &str, country: &str) -> Page {
        let fields = [
            ("full_name", name),
            ("email", email),
            ("password", password),
            ("country", country),
            ("privacy", "yes"),
        ];
        self.submit("/join", "/join", &fields).await
    }

    /// The emails queued for `address`, newest first, once the emails that requests
    /// leave to the background are written.
    pub async fn emails_to(&self, address: &str) -> Vec<outbox::OutboxEmail> {
        self.services.background.settled().await;
        outbox::for_address(self.db(), address)
            .await
            .expect("the outbox reads")
    }

    /// The path and query of the one-time link in the newest email to `address`.
    pub async fn link_sent_to(&self, address: &str) -> String {
        let emails = self.emails_to(address).await;
        let newest = emails.first().expect("an email was sent");
        link_in(&newest.body_text, &self.base_url).expect("the email holds a link")
    }

    /// Verifies `address` through the link in its newest email.
    pub async fn verify(&self, address: &str) -> Page {
        let link = self.link_sent_to(address).await;
        self.submit(&link, "/verify-email", &[("token", &token_of(&link))])
            .await
    }

    /// Joins and verifies a member.
    /// Joins and verifies a member, as a person does: signed in when they confirm
    /// their address, so their password stays (see `verify_signed_in`).
    pub async fn member(&self, name: &str, email: &str, country: &str) {
        let joined = self.join(name, email, PASSWORD, country).await;
        assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
        let verified = self.verify_signed_in(email, PASSWORD).await;
        assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    }

    /// Confirms `address` from a browser of its own, signed in to the account first.
    pub async fn verify_signed_in(&self, address: &str, password: &str) -> Page {
        let browser = new_client();
        let signed_in = self.log_in_with(&browser, address, password).await;
        assert_eq!(
            signed_in.status,
            StatusCode::SEE_OTHER,
            "{}",
            signed_in.body
        );
        let link = self.link_sent_to(address).await;
        self.submit_with(
            &browser,
            &link,
            "/verify-email",
            &[("token", &token_of(&link))],
        )
        .await
    }

    /// A verified member signed in on a browser of their own, with `fields` saved on
    /// the account form beside their name and country. Returns the browser and the
    /// answer to the save.
    pub async fn member_with_profile(
        &self,
        name: &str,
        email: &str,
        country: &str,
        fields: &[(&str, &str)],
    ) -> (reqwest::Client, Page) {
        let client = new_client();
        self.member(name, email, country).await;
        self.log_in_with(&client, email, PASSWORD).await;
        let mut all = vec![("full_name", name), ("country", country)];
        all.extend_from_slice(fields);
        let saved = self
            .submit_with(&client, "/account", "/account", &all)
            .await;
        (client, saved)
    }

    /// Asks for a password-reset link for `address` and returns the link sent.
    pub async fn request_reset(&self, address: &str) -> String {
        // Emails earlier requests left to the background are written first, so the
        // newest email is the reset link (background tasks finish in any order).
        self.services.background.settled().await;
        let page = self
            .submit(
                "/password/forgot",
                "/password/forgot",
                &[("email", address)],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        self.link_sent_to(address).await
    }

    /// Chooses `password` on the page a reset or setup link opens.
    pub async fn reset_password(&self, link: &str, password: &str) -> Page {
        let token = token_of(link);
        let fields = [("token", token.as_str()), ("password", password)];
        self.submit(link, "/password/reset", &fields).await
    }

    /// Asserts the statistics rollup is what a replay of the event log gives
    /// (`membernet stats rebuild --check`), every event read.
    pub async fn assert_rollup_matches_log(&self) {
        let checked = membernet_persistence::rollup::rebuild(self.db(), true)
            .await
            .unwrap();
        assert_eq!(checked.events_unreadable, 0);
        assert!(
            checked.differences.is_empty(),
            "the rollup differs from the log: {:?}",
            &checked.differences[..checked.differences.len().min(5)]
        );
        assert!(
            checked.organizations.is_empty(),
            "organisations' counts differ from the member rows: {:?}",
            checked.organizations
        );
    }

    /// Makes `email` an admin (`membernet admin create`) and chooses its password
    /// through the one-time link on `client`, which is then signed in at `/staff`.
    pub async fn sign_in_admin_with(&self, client: &reqwest::Client, email: &str, name: &str) {
        let link = membernet_web::cli::create_admin(&self.services, email, Some(name))
            .await
            .unwrap();
        let path = link.strip_prefix(&self.base_url).unwrap().to_owned();
        let token = token_of(&path);
        let fields = [("token", token.as_str()), ("password", STAFF_PASSWORD)];
        let set = self
            .submit_with(client, &path, "/password/reset", &fields)
            .await;
        assert_eq!(set.location(), Some("/staff"));
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Page {
        self.log_in_with(&self.client, email, password).await
    }

    pub async fn log_in_with(&self, client: &reqwest::Client, email: &str, password: &str) -> Page {
        self.submit_with(
            client,
            "/login",
            "/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// A confirmed member with `PASSWORD`, written straight to the database, who
    /// chose the email `topics` at joining: for tests whose emails go by SMTP (the
    /// outbox clears a link once it is sent, so it cannot be read back there).
    pub async fn stored_member(
        &self,
        name: &str,
        email: &str,
        country: &str,
        topics: &[membernet_domain::campaigns::Topic],
    ) -> membernet_domain::MemberId {
        let hash = self
            .services
            .passwords
            .hash(PASSWORD.to_owned())
            .await
            .expect("the password hashes");
        let email = MemberEmail::parse(email).expect("a valid address");
        let full_name = membernet_domain::FullName::parse(name).expect("a valid name");
        let now = time::OffsetDateTime::now_utc();
        let created = members::create(
            self.db(),
            members::NewAccount {
                email: &email,
                full_name: &full_name,
                country: Some(membernet_domain::CountryCode::parse(country).expect("a country")),
                password_hash: Some(&hash),
                role: membernet_domain::Role::Member,
                locale: "en",
                category: None,
                organization: None,
                listed: false,
                topics,
                join_source: &membernet_domain::join_source::JoinSource::Direct,
            },
            now,
        )
        .await
        .expect("the account is written");
        let members::Created::Created(id) = created else {
            panic!("{email} is taken");
        };
        members::verify_email(self.db(), id, now)
            .await
            .expect("the address is confirmed");
        id
    }

    pub async fn account(&self, email: &str) -> membernet_domain::Account {
        let email = MemberEmail::parse(email).expect("a valid address");
        members::find_by_email(self.db(), &email)
            .await
            .expect("the database answers")
            .expect("the account exists")
    }
}

pub(crate) async fn read(response: reqwest::Response) -> Page {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.expect("a readable body");
    Page {
        status,
        headers,
        body,
    }
}

/// The first `base_url/…` link in `text`, as a path with its query.
pub fn link_in(text: &str, base_url: &str) -> Option<String> {
    let start = text.find(base_url)? + base_url.len();
    let rest = &text[start..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

pub fn token_of(link: &str) -> String {
    let value = link.split("token=").nth(1).unwrap_or_default();
    value.split('&').next().unwrap_or_default().to_owned()
}

impl TestApp {
    /// The SQLite database file, when the test runs on SQLite.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        self._sqlite_dir
            .as_ref()
            .map(|dir| dir.path().join("test.db"))
    }

    /// Shuts the server down as SIGTERM does, and waits until it has stopped.
    pub async fn shut_down(&mut self) {
        let (signal, server) = self.shutdown.take().expect("the server is running");
        let _ = signal.send(());
        server.await.expect("the server stopped cleanly");
    }

    /// Fills the (empty) database with a synthetic demo network of `members`, as
    /// `membernet seed demo` does, so pages show what a real network's would.
    pub async fn seed_demo_network(&self, members: usize) {
        let seeded = membernet_web::services::demo::seed(&self.services, members, 1, |_| {})
            .await
            .expect("the demo network is written");
        assert!(matches!(
            seeded,
            membernet_web::services::demo::Seeded::Seeded { .. }
        ));
    }
}
