//! Markdown written by staff or members, rendered to HTML that is safe by
//! construction: raw HTML in the text is shown as text (never passed through), a
//! link keeps only `http`, `https`, `mailto` or a path on this site, and an image
//! becomes a link to it (a remote image loaded with the page would tell its owner
//! who reads it).

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// `text` as safe HTML.
pub fn to_html(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES);
    let mut open_links = Vec::new();
    let events = parser.filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = is_safe_url(&dest_url);
            open_links.push(safe);
            safe.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => open_links.pop().unwrap_or(false).then_some(event),
        // An image: a link to it, its description as the link's words.
        Event::Start(Tag::Image {
            dest_url,
            title,
            id,
            ..
        }) => {
            let safe = is_safe_url(&dest_url);
            open_links.push(safe);
            safe.then_some(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Image) => open_links
            .pop()
            .unwrap_or(false)
            .then_some(Event::End(TagEnd::Link)),
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The text of `text` without its markup, for plain-text emails and summaries.
pub fn to_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(words) | Event::Code(words) => out.push_str(&words),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                out.push_str("\n\n")
            }
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// `text` as a plain-text email reads it: paragraphs apart, list items after a
/// dash, and each safe link's address after its words ("the events
/// (https://…/events)"), since a plain-text reader cannot click the words.
pub fn to_email_text(text: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<Option<String>> = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(words) | Event::Code(words) => out.push_str(&words),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(is_safe_url(&dest_url).then(|| dest_url.to_string()));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(Some(url)) = links.pop()
                    && !out.ends_with(url.as_str())
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::End(TagEnd::Item) => out.push('\n'),
            Event::End(TagEnd::List(_)) => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => out.push_str("\n\n"),
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn is_safe_url(url: &CowStr) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
    {
        return true;
    }
    // A path on this site or a fragment, but not `//host` (another site without a
    // scheme) and nothing with a scheme of its own (`javascript:`).
    let relative = url.starts_with('/') && !url.starts_with("//") || url.starts_with('#');
    relative && !url.contains('\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_survives() {
        let html = to_html("**Join us** on [the site](https://example.org).\n\n- one\n- two");
        assert!(html.contains("<strong>Join us</strong>"));
        assert!(html.contains(r#"<a href="https://example.org">the site</a>"#));
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn an_email_s_text_keeps_the_addresses_of_safe_links_only() {
        let text = to_email_text(
            "Hello **all**.\n\n- see [the events](https://net.example/events)\n- [bad](javascript:alert(1))\n\nBye",
        );
        assert_eq!(
            text,
            "Hello all.\n\n- see the events (https://net.example/events)\n- bad\n\nBye"
        );
    }

    #[test]
    fn nothing_active_survives() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
             [click](javascript:alert(1)) [far](//evil.example/x)\n\n\
             ![tracker](https://tracker.example/pixel.gif)\n\n\
             <a href=\"https://x\" onclick=\"steal()\">x</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<a href=\"https://x\" onclick"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("href=\"//evil"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains(r#"<a href="https://tracker.example/pixel.gif">tracker</a>"#));
    }

    #[test]
    fn plain_text_has_the_words() {
        assert_eq!(
            to_text("# Title\n\nSome *words* and `code`."),
            "Title\n\nSome words and code."
        );
    }
}
