//! The share kit: ready-made posts and the plain share addresses of each network
//! (a link the reader follows, never a script of theirs on our page), and the
//! shapes of graphics each network shows best.

use super::WeekId;

/// The networks a post is written for. Each has a share address that takes the
/// post's words (or, for those that only take an address, the post's link).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Network {
    X,
    Facebook,
    LinkedIn,
    WhatsApp,
    Bluesky,
}

impl Network {
    pub const ALL: &'static [Network] = &[
        Network::X,
        Network::Facebook,
        Network::LinkedIn,
        Network::WhatsApp,
        Network::Bluesky,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Network::X => "x",
            Network::Facebook => "facebook",
            Network::LinkedIn => "linkedin",
            Network::WhatsApp => "whatsapp",
            Network::Bluesky => "bluesky",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|n| n.code() == code)
    }

    /// Its own name (not translated).
    pub fn name(self) -> &'static str {
        match self {
            Network::X => "X",
            Network::Facebook => "Facebook",
            Network::LinkedIn => "LinkedIn",
            Network::WhatsApp => "WhatsApp",
            Network::Bluesky => "Bluesky",
        }
    }

    /// The most a post may hold, its link included. X counts any link as 23
    /// characters; Bluesky counts it whole.
    pub fn limit(self) -> usize {
        match self {
            Network::X => 280,
            Network::Bluesky => 300,
            Network::Facebook | Network::LinkedIn | Network::WhatsApp => 3_000,
        }
    }

    /// How many characters a post's words and link take on this network.
    pub fn length(self, body: &str, link: &str) -> usize {
        let link = match self {
            Network::X => 23,
            _ => link.chars().count(),
        };
        body.chars().count() + 1 + link
    }

    /// The network's own share address for a post: the words and the link,
    /// percent-encoded, and nothing else (no tracking, no app id). Facebook and
    /// LinkedIn take only an address: the post's words are for copying.
    pub fn share_url(self, body: &str, link: &str) -> String {
        let both = format!("{body} {link}");
        match self {
            Network::X => format!(
                "https://x.com/intent/tweet?text={}&url={}",
                encode(body),
                encode(link)
            ),
            Network::Facebook => {
                format!(
                    "https://www.facebook.com/sharer/sharer.php?u={}",
                    encode(link)
                )
            }
            Network::LinkedIn => format!(
                "https://www.linkedin.com/sharing/share-offsite/?url={}",
                encode(link)
            ),
            Network::WhatsApp => format!("https://wa.me/?text={}", encode(&both)),
            Network::Bluesky => format!("https://bsky.app/intent/compose?text={}", encode(&both)),
        }
    }

    /// Whether the share address carries the post's words (else only its link).
    pub fn takes_text(self) -> bool {
        !matches!(self, Network::Facebook | Network::LinkedIn)
    }
}

/// Percent-encoding for a query value (RFC 3986: only unreserved characters stay).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub const MAX_LINK: usize = 500;

/// A post as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostInput {
    pub network: String,
    pub language: String,
    pub body: String,
    /// Empty: the week's own page.
    pub link: String,
}

/// A valid post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostDraft {
    pub network: Network,
    pub language: String,
    pub body: String,
    /// `None`: the week's own page.
    pub link: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostError {
    NetworkUnknown,
    LanguageUnknown,
    BodyMissing,
    /// The words do not carry the week's hashtag.
    HashtagMissing,
    TooLong,
    LinkInvalid,
}

impl PostError {
    pub fn field(self) -> &'static str {
        match self {
            PostError::NetworkUnknown => "network",
            PostError::LanguageUnknown => "language",
            PostError::BodyMissing | PostError::HashtagMissing | PostError::TooLong => "body",
            PostError::LinkInvalid => "link",
        }
    }

    /// `weeks.error.*`.
    pub fn code(self) -> &'static str {
        match self {
            PostError::NetworkUnknown => "network_unknown",
            PostError::LanguageUnknown => "language_unknown",
            PostError::BodyMissing => "body_missing",
            PostError::HashtagMissing => "hashtag_missing",
            PostError::TooLong => "post_too_long",
            PostError::LinkInvalid => "link_invalid",
        }
    }
}

impl PostDraft {
    /// Checks a post for a week with `hashtag`, whose page is `week_url` (the link
    /// when none is typed, counted in the length).
    pub fn check(
        input: &PostInput,
        hashtag: &str,
        week_url: &str,
    ) -> Result<PostDraft, Vec<PostError>> {
        let mut errors = Vec::new();
        let network = Network::parse(input.network.trim());
        if network.is_none() {
            errors.push(PostError::NetworkUnknown);
        }
        let language = input.language.trim().to_owned();
        if !crate::events::LANGUAGES.contains(&language.as_str()) {
            errors.push(PostError::LanguageUnknown);
        }
        let body = input.body.trim().to_owned();
        if body.is_empty() {
            errors.push(PostError::BodyMissing);
        } else if !carries_hashtag(&body, hashtag) {
            errors.push(PostError::HashtagMissing);
        }
        let link = input.link.trim();
        let link = if link.is_empty() {
            None
        } else if is_web_link(link) {
            Some(link.to_owned())
        } else {
            errors.push(PostError::LinkInvalid);
            None
        };
        if let Some(network) = network {
            let shared = link.as_deref().unwrap_or(week_url);
            if network.length(&body, shared) > network.limit() {
                errors.push(PostError::TooLong);
            }
        }
        match network {
            Some(network) if errors.is_empty() => Ok(PostDraft {
                network,
                language,
                body,
                link,
            }),
            _ => Err(errors),
        }
    }

    pub fn input(&self) -> PostInput {
        PostInput {
            network: self.network.code().to_owned(),
            language: self.language.clone(),
            body: self.body.clone(),
            link: self.link.clone().unwrap_or_default(),
        }
    }
}

/// Whether `body` carries `hashtag` as a whole tag (`#SSWWeekly` is another tag),
/// in any case.
pub fn carries_hashtag(body: &str, hashtag: &str) -> bool {
    let (body, tag) = (body.to_lowercase(), hashtag.to_lowercase());
    body.match_indices(&tag).any(|(at, found)| {
        body[at + found.len()..]
            .chars()
            .next()
            .is_none_or(|next| !(next.is_alphanumeric() || next == '_'))
    })
}

/// An `https` address (or `http`), one token, with a host.
fn is_web_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty()
                && !host.contains('@')
                && link.len() <= MAX_LINK
                && !link.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// A post as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub id: i64,
    pub week: WeekId,
    pub draft: PostDraft,
}

/// The shapes networks show a picture best in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphicShape {
    /// 1:1, e.g. 1080 × 1080.
    Square,
    /// 16:9 to 1.91:1, e.g. 1200 × 675 or 1200 × 628.
    Landscape,
    /// 4:5, e.g. 1080 × 1350.
    Portrait,
    /// 9:16, e.g. 1080 × 1920.
    Story,
    Other,
}

/// Narrower than this, a graphic looks blurred on every network.
pub const MIN_GRAPHIC_WIDTH: u32 = 600;

impl GraphicShape {
    pub fn of(width: u32, height: u32) -> GraphicShape {
        if width == 0 || height == 0 {
            return GraphicShape::Other;
        }
        let ratio = f64::from(width) / f64::from(height);
        match ratio {
            r if (0.95..=1.05).contains(&r) => GraphicShape::Square,
            r if (1.70..=2.0).contains(&r) => GraphicShape::Landscape,
            r if (0.75..=0.85).contains(&r) => GraphicShape::Portrait,
            r if (0.50..=0.60).contains(&r) => GraphicShape::Story,
            _ => GraphicShape::Other,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            GraphicShape::Square => "square",
            GraphicShape::Landscape => "landscape",
            GraphicShape::Portrait => "portrait",
            GraphicShape::Story => "story",
            GraphicShape::Other => "other",
        }
    }

    /// Where this shape shows whole (names of networks, not translated).
    pub fn suits(self) -> &'static [&'static str] {
        match self {
            GraphicShape::Square => &["Instagram", "Facebook", "LinkedIn", "X"],
            GraphicShape::Landscape => &["X", "LinkedIn", "Facebook", "Bluesky"],
            GraphicShape::Portrait => &["Instagram", "Facebook"],
            GraphicShape::Story => &["Instagram", "Facebook", "WhatsApp"],
            GraphicShape::Other => &[],
        }
    }
}

pub const MAX_ALT: usize = 500;

/// A graphic as stored: the picture is in the file store under `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graphic {
    pub id: i64,
    pub week: WeekId,
    pub key: String,
    pub alt: String,
    pub language: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

impl Graphic {
    pub fn shape(&self) -> GraphicShape {
        GraphicShape::of(self.width, self.height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEK: &str = "https://network.example/weeks/2022";

    fn post(network: &str, body: &str) -> PostInput {
        PostInput {
            network: network.into(),
            language: "en".into(),
            body: body.into(),
            link: String::new(),
        }
    }

    #[test]
    fn share_links_carry_the_encoded_words_and_nothing_else() {
        let body = "This #SSWWeek we join @SSWAlliance & friends: 100% behind workers";
        assert_eq!(
            Network::X.share_url(body, WEEK),
            "https://x.com/intent/tweet?text=This%20%23SSWWeek%20we%20join%20%40SSWAlliance%20%26%20friends%3A%20100%25%20behind%20workers&url=https%3A%2F%2Fnetwork.example%2Fweeks%2F2022"
        );
        assert_eq!(
            Network::WhatsApp.share_url("Olá #SSWWeek", WEEK),
            "https://wa.me/?text=Ol%C3%A1%20%23SSWWeek%20https%3A%2F%2Fnetwork.example%2Fweeks%2F2022"
        );
        assert_eq!(
            Network::Facebook.share_url(body, WEEK),
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnetwork.example%2Fweeks%2F2022"
        );
        assert!(
            Network::LinkedIn
                .share_url(body, WEEK)
                .ends_with("?url=https%3A%2F%2Fnetwork.example%2Fweeks%2F2022")
        );
        assert!(
            Network::Bluesky
                .share_url(body, WEEK)
                .starts_with("https://bsky.app/intent/compose?text=This%20%23SSWWeek")
        );
    }

    #[test]
    fn a_post_carries_the_hashtag_and_fits_its_network() {
        let draft =
            PostDraft::check(&post("x", "Join us this #sswweek"), "#SSWWeek", WEEK).unwrap();
        assert_eq!(draft.network, Network::X);
        assert_eq!(draft.link, None);
        assert_eq!(
            PostDraft::check(&post("x", "Join us"), "#SSWWeek", WEEK),
            Err(vec![PostError::HashtagMissing])
        );
        assert_eq!(
            PostDraft::check(&post("x", "Join us #SSWWeekly"), "#SSWWeek", WEEK),
            Err(vec![PostError::HashtagMissing])
        );
        assert!(carries_hashtag("#SSWWeek! Join", "#SSWWeek"));
        assert!(carries_hashtag("Join (#sswweek)", "#SSWWeek"));
        // On X a link counts 23: 256 characters of words fit, 257 do not.
        let fits = format!("#SSWWeek {}", "a".repeat(247));
        assert!(PostDraft::check(&post("x", &fits), "#SSWWeek", WEEK).is_ok());
        let over = format!("{fits}a");
        assert_eq!(
            PostDraft::check(&post("x", &over), "#SSWWeek", WEEK),
            Err(vec![PostError::TooLong])
        );
        assert!(PostDraft::check(&post("linkedin", &over), "#SSWWeek", WEEK).is_ok());
        let errors = PostDraft::check(
            &PostInput {
                network: "myspace".into(),
                language: "xx".into(),
                body: " ".into(),
                link: "javascript:alert(1)".into(),
            },
            "#SSWWeek",
            WEEK,
        )
        .unwrap_err();
        assert_eq!(
            errors,
            vec![
                PostError::NetworkUnknown,
                PostError::LanguageUnknown,
                PostError::BodyMissing,
                PostError::LinkInvalid
            ]
        );
        for bad in [
            "http://",
            "https://user@evil.example/",
            "ftp://x.example",
            "https://a b.example",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }

    #[test]
    fn graphics_are_matched_to_the_networks_they_suit() {
        assert_eq!(GraphicShape::of(1080, 1080), GraphicShape::Square);
        assert_eq!(GraphicShape::of(1200, 675), GraphicShape::Landscape);
        assert_eq!(GraphicShape::of(1200, 628), GraphicShape::Landscape);
        assert_eq!(GraphicShape::of(1080, 1350), GraphicShape::Portrait);
        assert_eq!(GraphicShape::of(1080, 1920), GraphicShape::Story);
        assert_eq!(GraphicShape::of(1000, 300), GraphicShape::Other);
        assert!(GraphicShape::Landscape.suits().contains(&"LinkedIn"));
        assert!(GraphicShape::Other.suits().is_empty());
    }
}
