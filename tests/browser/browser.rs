//! Headless Chromium through chromedriver, and what the tests do with a page the way
//! a person does: fill a field found by its visible label, press a button or follow
//! a link found by its text. Also: axe-core, and the page's layout measurements.
//!
//! Each test starts its own chromedriver (on a free port, in a process group of its
//! own so that the browser goes with it even when the test fails).

use std::{
    io::Write,
    net::TcpListener,
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{LazyLock, OnceLock},
    time::{Duration, Instant},
};

use fantoccini::{
    Client, ClientBuilder, Locator, elements::Element, wd::WebDriverCompatibleCommand,
};
use reqwest::{Method, Url};
use serde_json::{Value, json};

use crate::helpers::TestApp;

const ENABLE: &str = "run `sudo apt-get install chromium chromium-driver && npm ci --prefix tests/browser` to enable it \
     (MEMBERNET_CHROMEDRIVER and MEMBERNET_CHROMIUM name other binaries)";

/// What the suite needs from the machine.
pub struct Tools {
    chromedriver: PathBuf,
    chromium: PathBuf,
}

/// The tools, or `None` (after saying so, once) when the suite is to be skipped.
/// `MEMBERNET_BROWSER_TESTS=required` makes a missing tool fail the test instead;
/// `MEMBERNET_BROWSER_TESTS=skip` skips the suite.
pub fn tools() -> Option<&'static Tools> {
    static FOUND: OnceLock<Result<Tools, String>> = OnceLock::new();
    let mut first = false;
    let found = FOUND.get_or_init(|| {
        first = true;
        find_tools()
    });
    match found {
        Ok(tools) => Some(tools),
        Err(missing) if std::env::var("MEMBERNET_BROWSER_TESTS").as_deref() == Ok("required") => {
            panic!("MEMBERNET_BROWSER_TESTS=required, but {missing}: {ENABLE}")
        }
        Err(missing) => {
            if first {
                // Straight to stderr: the test harness hides what tests `eprintln!`
                // when they pass, and this must be seen.
                let _ = writeln!(
                    std::io::stderr(),
                    "\nbrowser suite skipped: {missing}; {ENABLE}\n"
                );
            }
            None
        }
    }
}

fn find_tools() -> Result<Tools, String> {
    if std::env::var("MEMBERNET_BROWSER_TESTS").as_deref() == Ok("skip") {
        return Err("MEMBERNET_BROWSER_TESTS=skip".to_owned());
    }
    let chromedriver = binary("MEMBERNET_CHROMEDRIVER", "chromedriver")?;
    let chromium = binary("MEMBERNET_CHROMIUM", "chromium")?;
    if !axe_path().is_file() {
        return Err(format!("{} is missing", axe_path().display()));
    }
    Ok(Tools {
        chromedriver,
        chromium,
    })
}

/// `$variable`, else `name` on the PATH.
fn binary(variable: &str, name: &str) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(variable).filter(|path| !path.is_empty()) {
        let path = PathBuf::from(path);
        return match path.is_file() {
            true => Ok(path),
            false => Err(format!("{variable}={} is not a file", path.display())),
        };
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .ok_or_else(|| format!("`{name}` is not on the PATH"))
}

fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("browser/node_modules/axe-core/axe.min.js")
}

/// How the browser's window is set up.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// In CSS pixels.
    pub width: u32,
    pub height: u32,
    /// 2.0 is a page zoomed to 200%: each CSS pixel takes two of the screen's.
    pub zoom: f64,
}

impl Window {
    pub const DESKTOP: Window = Window {
        width: 1280,
        height: 900,
        zoom: 1.0,
    };
    pub const PHONE: Window = Window {
        width: 360,
        height: 740,
        zoom: 1.0,
    };
    /// WCAG 1.4.10 (Reflow): content readable without scrolling sideways at 320 px.
    pub const NARROW: Window = Window {
        width: 320,
        height: 640,
        zoom: 1.0,
    };
    /// A 1280 px wide screen with the page zoomed to 200% (WCAG 1.4.4): the page
    /// lays out in 640 CSS pixels, each two screen pixels wide.
    pub const ZOOMED: Window = Window {
        width: 640,
        height: 450,
        zoom: 2.0,
    };
}

pub struct Browser {
    pub client: Client,
    base_url: String,
    _driver: Driver,
}

impl Browser {
    pub async fn open(tools: &Tools, app: &TestApp, window: Window) -> Browser {
        let port = free_port();
        let mut driver = Command::new(&tools.chromedriver);
        driver
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        let driver = Driver(driver.spawn().expect("chromedriver starts"));
        let mut browser_args = vec![
            "--headless=new".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--no-first-run".to_owned(),
            "--hide-scrollbars".to_owned(),
            "--lang=en-GB".to_owned(),
            // The page's viewport is then set through DevTools (see `set_viewport`):
            // a window cannot be narrower than 500 px.
            "--window-size=1280,900".to_owned(),
        ];
        // Containers run tests as root, where Chromium's sandbox cannot start.
        if is_root() {
            browser_args.push("--no-sandbox".to_owned());
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": tools.chromium,
                "args": browser_args,
                "prefs": { "intl.accept_languages": "en-GB,en" },
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let attempt =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(capabilities.clone())
                    .connect(&url)
                    .await;
            match attempt {
                Ok(client) => break client,
                Err(error) if started.elapsed() > Duration::from_secs(20) => {
                    panic!("chromedriver at {url} starts a browser: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let browser = Browser {
            client,
            base_url: app.base_url.clone(),
            _driver: driver,
        };
        browser.set_viewport(window, window.height).await;
        browser
    }

    /// Lays pages out `window.width` CSS pixels wide and `height` high, each CSS
    /// pixel `window.zoom` screen pixels: what a phone, or a zoomed page, shows.
    async fn set_viewport(&self, window: Window, height: u32) {
        self.devtools(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": window.width,
                "height": height,
                "deviceScaleFactor": window.zoom,
                "mobile": false,
            }),
        )
        .await;
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    async fn devtools(&self, command: &'static str, params: Value) -> Value {
        self.client
            .issue_cmd(DevTools { command, params })
            .await
            .unwrap_or_else(|error| panic!("{command} runs: {error}"))
    }

    /// Ends the browser session.
    pub async fn close(&self) {
        let _ = self.client.clone().close().await;
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base_url))
            .await
            .unwrap_or_else(|error| panic!("the browser opens {path}: {error}"));
    }

    /// The current address's path and query.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("a current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The text a person reads on the page.
    pub async fn text(&self) -> String {
        self.find(Locator::Css("body"))
            .await
            .text()
            .await
            .expect("the page's text")
    }

    pub async fn assert_reads(&self, expected: &str) {
        let text = self.text().await;
        assert!(
            text.contains(expected),
            "expected {} to read {expected:?}; it reads:\n{text}",
            self.path().await
        );
    }

    pub async fn heading(&self) -> String {
        self.find(Locator::Css("h1"))
            .await
            .text()
            .await
            .expect("the heading's text")
    }

    async fn find(&self, locator: Locator<'_>) -> Element {
        match self.client.find(locator).await {
            Ok(element) => element,
            Err(error) => {
                let text = match self.client.find(Locator::Css("body")).await {
                    Ok(body) => body.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!(
                    "{locator:?} is on {}: {error}\nThe page reads:\n{text}",
                    self.path().await
                )
            }
        }
    }

    /// The form control whose `<label>` reads `label`.
    pub async fn field(&self, label: &str) -> Element {
        let xpath = format!(
            "//*[@id=//label[normalize-space()={}]/@for]",
            xpath_literal(label)
        );
        self.find(Locator::XPath(&xpath)).await
    }

    /// Types `value` into the field labelled `label` (after emptying it).
    pub async fn fill(&self, label: &str, value: &str) {
        let field = self.field(label).await;
        field.clear().await.expect("the field can be emptied");
        field.send_keys(value).await.expect("the field takes text");
    }

    /// Chooses the option reading `option` in the list labelled `label`.
    pub async fn choose(&self, label: &str, option: &str) {
        self.field(label)
            .await
            .select_by_label(option)
            .await
            .unwrap_or_else(|error| panic!("{label:?} offers {option:?}: {error}"));
    }

    /// Ticks the checkbox labelled `label` (when it is not ticked yet), by its label,
    /// as a person does.
    pub async fn tick(&self, label: &str) {
        if !self
            .field(label)
            .await
            .is_selected()
            .await
            .expect("a checkbox")
        {
            let xpath = format!("//label[normalize-space()={}]", xpath_literal(label));
            self.find(Locator::XPath(&xpath))
                .await
                .click()
                .await
                .expect("the label takes a click");
        }
    }

    /// Presses the button reading `text`, and waits for the page it leads to.
    pub async fn press(&self, text: &str) {
        let xpath = format!("//button[normalize-space()={}]", xpath_literal(text));
        let button = self.find(Locator::XPath(&xpath)).await;
        self.navigating(async {
            button
                .click()
                .await
                .unwrap_or_else(|error| panic!("the button {text:?} takes a click: {error}"));
        })
        .await;
    }

    /// Follows the (first) link reading `text`, and waits for the page it leads to.
    pub async fn follow(&self, text: &str) {
        let xpath = format!("//a[normalize-space()={}]", xpath_literal(text));
        let link = self.find(Locator::XPath(&xpath)).await;
        self.navigating(async {
            link.click()
                .await
                .unwrap_or_else(|error| panic!("the link {text:?} takes a click: {error}"));
        })
        .await;
    }

    /// Does `action`, then waits until the page has been replaced by a new one and
    /// that one has loaded. (A click returns as soon as the browser has it, which
    /// can be before the form's answer arrives.)
    pub async fn navigating(&self, action: impl std::future::Future<Output = ()>) {
        let old = self.find(Locator::Css("html")).await;
        action.await;
        let started = Instant::now();
        while old.tag_name().await.is_ok() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no new page after 15 s on {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.client
            .wait()
            .for_element(Locator::Css("body"))
            .await
            .expect("the new page has a body");
    }

    /// Runs a script in the page (WebDriver scripts are not bound by the page's CSP).
    pub async fn run(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|error| panic!("the script runs: {error}\n{script}"))
    }

    /// axe-core's WCAG 2.2 A and AA violations on the page, one line each: the rule,
    /// its impact, what it asks, and the elements at fault.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        static AXE: LazyLock<String> =
            LazyLock::new(|| std::fs::read_to_string(axe_path()).expect("axe-core is installed"));
        self.run(&AXE).await;
        let outcome = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                  .then(results => done(results.violations.map(v =>
                    `${v.id} (${v.impact}): ${v.help}: ` +
                    v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(error => done(['axe failed: ' + error]));"#,
                vec![],
            )
            .await
            .expect("axe runs");
        serde_json::from_value(outcome).expect("a list of violations")
    }

    /// True when the page needs no sideways scrolling.
    pub async fn fits_the_width(&self) -> (bool, Value) {
        let sizes = self
            .run(
                r#"const describe = element => element.tagName.toLowerCase()
                    + (element.id ? '#' + element.id : '')
                    + (element.className && typeof element.className === 'string'
                        ? '.' + element.className.trim().split(/\s+/).join('.') : '');
                const past = [...document.body.querySelectorAll('*')]
                    .filter(element => element.getBoundingClientRect().right > innerWidth + 0.5)
                    .filter(element => !element.closest('.scroll'))
                    .slice(0, 5)
                    .map(element => describe(element) + ' ' + Math.round(element.getBoundingClientRect().right));
                return { scrollWidth: document.documentElement.scrollWidth,
                    innerWidth: window.innerWidth, devicePixelRatio: window.devicePixelRatio,
                    past_the_right_edge: past };"#,
            )
            .await;
        let fits = sizes["scrollWidth"].as_u64() <= sizes["innerWidth"].as_u64();
        (fits, sizes)
    }

    /// A PNG of the whole page at the window's width.
    pub async fn screenshot_whole_page(&self, window: Window) -> Vec<u8> {
        let height = self
            .run("return document.documentElement.scrollHeight;")
            .await
            .as_u64()
            .unwrap_or(u64::from(window.height)) as u32;
        self.set_viewport(window, height.max(window.height)).await;
        let png = self.client.screenshot().await.expect("a screenshot");
        self.set_viewport(window, window.height).await;
        png
    }
}

/// A running chromedriver, ended (with the browser it started) when dropped, even
/// when a test fails half-way.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver and the Chromium it started share a process group: end both.
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-TERM", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

/// chromedriver's door to the DevTools Protocol.
#[derive(Debug)]
struct DevTools {
    command: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base: &Url,
        session: Option<&str>,
    ) -> Result<Url, <Url as std::str::FromStr>::Err> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &Url) -> (Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (Method::POST, Some(body.to_string()))
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.trim_ascii() == b"0")
}

/// `text` as an XPath string literal.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
