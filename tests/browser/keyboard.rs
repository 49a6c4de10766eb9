//! Keyboard only: the join journey with Tab, typing, Space and Enter and never a
//! click, and a focus indicator on every element the Tab key reaches.

use fantoccini::{
    actions::{InputSource, KeyAction, KeyActions},
    key::Key,
};
use serde_json::Value;

use crate::{
    accessibility::network,
    browser::{self, Browser, Window},
    helpers::{PASSWORD, spawn},
};

/// What the page says of the focused element: its tag, id, text, and whether a
/// focus indicator shows (an outline or a box shadow).
const FOCUSED: &str = r#"
const element = document.activeElement;
const style = getComputedStyle(element);
const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
const shadowed = style.boxShadow !== 'none';
const box = element.getBoundingClientRect();
return {
  tag: element.tagName.toLowerCase(),
  id: element.id,
  text: (element.innerText || element.value || '').trim().slice(0, 60),
  visible: element !== document.body && (outlined || shadowed),
  on_screen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
    && box.left < innerWidth,
};"#;

impl Browser {
    /// Types `keys` (text, or `Key`s) as key presses on whatever has the focus.
    pub async fn keys(&self, keys: &str) {
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client
            .perform_actions(actions)
            .await
            .expect("the keys are pressed");
    }

    pub async fn focused(&self) -> Value {
        self.run(FOCUSED).await
    }

    /// Presses Tab until the focus reaches the element with `id`; each element on
    /// the way must show that it has the focus.
    pub async fn tab_to(&self, id: &str) {
        for _ in 0..60 {
            self.keys(&Key::Tab.to_string()).await;
            let focused = self.focused().await;
            assert_focus_shows(&focused, &self.path().await);
            if focused["id"] == id {
                return;
            }
        }
        panic!("the Tab key never reaches #{id} on {}", self.path().await);
    }

    /// Presses Tab until it reaches the button reading `text`.
    pub async fn tab_to_button(&self, text: &str) {
        for _ in 0..60 {
            self.keys(&Key::Tab.to_string()).await;
            let focused = self.focused().await;
            assert_focus_shows(&focused, &self.path().await);
            if focused["tag"] == "button" && focused["text"] == text {
                return;
            }
        }
        panic!(
            "the Tab key never reaches the button {text:?} on {}",
            self.path().await
        );
    }

    /// The id of the field labelled `label` (read, not clicked).
    pub async fn id_of(&self, label: &str) -> String {
        self.field(label)
            .await
            .attr("id")
            .await
            .expect("an attribute")
            .expect("the field has an id")
    }
}

#[track_caller]
fn assert_focus_shows(focused: &Value, path: &str) {
    assert!(
        focused["visible"] == true && focused["on_screen"] == true,
        "on {path}, the focused element shows no focus indicator or is off screen: {focused}"
    );
}

pub async fn a_professional_joins_with_the_keyboard_alone() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    let browser = Browser::open(tools, &app, Window::PHONE).await;
    browser.goto("/join").await;

    // The first Tab reaches the skip link, which then shows, and leads to the form.
    browser.keys(&Key::Tab.to_string()).await;
    let skip = browser.focused().await;
    assert_eq!(skip["text"], "Skip to main content", "{skip}");
    assert_focus_shows(&skip, "/join");
    browser.keys(&Key::Enter.to_string()).await;

    for (label, value) in [
        ("Full name", "Wanjiru Kamau"),
        ("Email address", "wanjiru@example.org"),
        ("Choose a password", PASSWORD),
    ] {
        let id = browser.id_of(label).await;
        browser.tab_to(&id).await;
        browser.keys(value).await;
    }
    // A closed list takes typing: the first country starting with the letters.
    browser.tab_to("country").await;
    browser.keys("Kenya").await;
    browser.tab_to("privacy").await;
    browser.keys(&Key::Space.to_string()).await;
    browser.tab_to_button("Join").await;
    browser
        .navigating(browser.keys(&Key::Enter.to_string()))
        .await;

    assert_eq!(browser.heading().await, "Check your email");
    let account = app.account("wanjiru@example.org").await;
    assert_eq!(
        account.country.map(|code| code.as_str().to_owned()),
        Some("KE".to_owned())
    );
    browser.close().await;
}

pub async fn every_element_the_tab_key_reaches_shows_its_focus() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    network(&app).await;
    let browser = Browser::open(tools, &app, Window::DESKTOP).await;
    let mut pages = vec![
        "/",
        "/join",
        "/members",
        "/countries/ke",
        "/countries/ke/planner",
    ];

    for round in 0..2 {
        for path in &pages {
            browser.goto(path).await;
            let mut seen = 0;
            loop {
                browser.keys(&Key::Tab.to_string()).await;
                let focused = browser.focused().await;
                if focused["tag"] == "body" || seen > 150 {
                    break;
                }
                assert_focus_shows(&focused, path);
                seen += 1;
                // Back at the start: every element has had the focus.
                if seen > 1 && focused["text"] == "Skip to main content" {
                    break;
                }
            }
            eprintln!("focus shows on all {seen} elements the Tab key reaches on {path}");
        }
        if round == 0 {
            browser.goto("/login").await;
            browser.fill("Email address", "amina@ngo.org").await;
            browser.fill("Password", PASSWORD).await;
            browser.press("Log in").await;
            pages = vec!["/account"];
        }
    }
    browser.close().await;
}
