//! A campaign's email: the version in the recipient's language (or the campaign's
//! default), as plain text first and as HTML, with the network's name and a footer
//! that says why it came and how to stop it. No tracking pixel, no rewritten links.
//! Sent with `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058), so mail
//! clients offer a one-click unsubscribe that needs no sign-in.

use askama::Template;
use lettre::{
    Message,
    message::{
        MultiPart,
        header::{HeaderName, HeaderValue},
    },
};
use membernet_domain::{campaigns::Version, markdown};

use super::compose::Email;
use crate::locale::Locale;

#[derive(Template)]
#[template(path = "campaigns/email.html")]
struct Html<'a> {
    language: &'a str,
    subject: &'a str,
    network: &'a str,
    body: &'a str,
    why: &'a str,
    unsubscribe: &'a str,
    unsubscribe_url: &'a str,
    choices: &'a str,
    account_url: &'a str,
    privacy: &'a str,
}

/// One language's email, written once per campaign and language; each recipient's
/// unsubscribe link is put in by [`Written::for_recipient`].
pub struct Written {
    pub subject: String,
    text_body: String,
    html_body: String,
    locale: Locale,
    topic_name: String,
    account_url: String,
}

/// What goes where the recipient's own link will be.
const LINK: &str = "\u{0}unsubscribe\u{0}";

impl Written {
    pub fn new(version: &Version, topic_key: &str, base_url: &str) -> Self {
        let locale = Locale::parse(&version.language).unwrap_or_default();
        // A link to a page of the site ("/events") works in an email too.
        let body = version.body.replace("](/", &format!("]({base_url}/"));
        Self {
            subject: version.subject.clone(),
            text_body: markdown::to_email_text(&body),
            html_body: markdown::to_html(&body),
            locale,
            topic_name: locale.t(topic_key),
            account_url: format!("{base_url}/account#emails"),
        }
    }

    /// The whole email, text and HTML, for one recipient.
    pub fn for_recipient(&self, unsubscribe_url: &str) -> Email {
        let locale = self.locale;
        let network = locale.t("site.name");
        let why = locale.t1("campaigns.email.why", "topic", &self.topic_name);
        let text = format!(
            "{network}\n\n{}\n\n-- \n{why}\n{}: {LINK}\n{}: {}\n{}\n",
            self.text_body.trim_end(),
            locale.t("campaigns.email.unsubscribe"),
            locale.t("campaigns.email.choices"),
            self.account_url,
            locale.t("campaigns.email.privacy"),
        );
        let html = Html {
            language: locale.code(),
            subject: &self.subject,
            network: &network,
            body: &self.html_body,
            why: &why,
            unsubscribe: &locale.t("campaigns.email.unsubscribe"),
            unsubscribe_url: LINK,
            choices: &locale.t("campaigns.email.choices"),
            account_url: &self.account_url,
            privacy: &locale.t("campaigns.email.privacy"),
        }
        .render()
        .unwrap_or_default();
        Email {
            subject: self.subject.clone(),
            text: text.replace(LINK, unsubscribe_url),
            html: Some(html.replace(LINK, &askama_escape(unsubscribe_url))),
            calendar: None,
            link: None,
            valid_for: super::compose::MAX_VALID_FOR,
        }
    }
}

/// The link as it appears in an HTML attribute.
fn askama_escape(url: &str) -> String {
    url.replace('&', "&amp;").replace('"', "&quot;")
}

/// The MIME message: plain text and HTML as alternatives (text first), the
/// unsubscribe headers, and a Message-ID made from the campaign and recipient (sent
/// again after a crash, it is the same message to the mail store).
pub fn message(
    from: &str,
    to: &str,
    email: &Email,
    unsubscribe_url: &str,
    message_id: String,
) -> anyhow::Result<Message> {
    let builder = Message::builder()
        .from(from.parse()?)
        .to(to.parse()?)
        .subject(email.subject.clone())
        .message_id(Some(message_id))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{unsubscribe_url}>"),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ));
    Ok(builder.multipart(MultiPart::alternative_plain_html(
        email.text.clone(),
        email.html.clone().unwrap_or_default(),
    ))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version() -> Version {
        Version {
            language: "fr".to_owned(),
            subject: "Nouvelles du réseau".to_owned(),
            body: "Bonjour **à tous**\n\n<script>alert(1)</script>[lien](javascript:alert(1))"
                .to_owned(),
        }
    }

    #[test]
    fn each_recipient_gets_their_own_link_in_text_and_html() {
        let written = Written::new(&version(), "campaigns.topic.news", "https://net.example");
        let email = written.for_recipient("https://net.example/unsubscribe?token=1.news.2.abc&x=y");
        assert!(email.text.contains("token=1.news.2.abc&x=y"));
        let html = email.html.unwrap();
        assert!(html.contains("token=1.news.2.abc&amp;x=y"));
        assert!(!html.contains('\u{0}') && !email.text.contains('\u{0}'));
        assert!(html.contains("<strong>à tous</strong>"));
        assert!(!html.contains("<script") && !html.contains("href=\"javascript"));
        assert!(html.contains("lang=\"fr\""));
        assert!(!html.contains("<img"), "no tracking pixel");
    }

    #[test]
    fn the_message_carries_the_one_click_headers() {
        let written = Written::new(&version(), "campaigns.topic.news", "https://net.example");
        let url = "https://net.example/unsubscribe?token=t";
        let email = written.for_recipient(url);
        let message = message(
            "Net <no-reply@net.example>",
            "ama@example.org",
            &email,
            url,
            "<c1.r2@net.example>".to_owned(),
        )
        .unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(raw.contains("List-Unsubscribe: <https://net.example/unsubscribe?token=t>"));
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(raw.contains("Message-ID: <c1.r2@net.example>"));
        let text_at = raw.find("text/plain").unwrap();
        assert!(text_at < raw.find("text/html").unwrap(), "plain text first");
    }
}
