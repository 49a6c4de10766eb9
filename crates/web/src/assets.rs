//! The site's static files (the stylesheet, the little JavaScript there is, the
//! icon), compiled into the binary so it runs from any directory.

/// A file from `web/static`, compiled into the binary and served by `routes::assets`
/// at an address holding a hash of its content (`/static/site.0123abcd….css`), so
/// browsers may keep it for a year and still never see a stale copy.
pub struct StaticAsset {
    pub stem: &'static str,
    pub extension: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
    hash: u64,
}

impl StaticAsset {
    const fn new(
        stem: &'static str,
        extension: &'static str,
        content_type: &'static str,
        body: &'static [u8],
    ) -> Self {
        Self {
            stem,
            extension,
            content_type,
            body,
            hash: fnv1a(body),
        }
    }

    /// `site.0123456789abcdef.css`
    pub fn file_name(&self) -> String {
        format!("{}.{:016x}.{}", self.stem, self.hash, self.extension)
    }

    pub fn url(&self) -> String {
        format!("/static/{}", self.file_name())
    }
}

pub static SITE_CSS: StaticAsset = StaticAsset::new(
    "site",
    "css",
    "text/css; charset=utf-8",
    include_bytes!("../../../web/static/site.css"),
);
pub static ORGANIZATION_SUGGEST_JS: StaticAsset = StaticAsset::new(
    "organization-suggest",
    "js",
    "text/javascript; charset=utf-8",
    include_bytes!("../../../web/static/organization-suggest.js"),
);
pub static EVENTS_JS: StaticAsset = StaticAsset::new(
    "events",
    "js",
    "text/javascript; charset=utf-8",
    include_bytes!("../../../web/static/events.js"),
);
pub static SHARE_JS: StaticAsset = StaticAsset::new(
    "share",
    "js",
    "text/javascript; charset=utf-8",
    include_bytes!("../../../web/static/share.js"),
);
/// The icon, drawn by `scripts/make-icons.py`, which also makes the PNG sizes and
/// `favicon.ico` from the same drawing.
pub static ICON_SVG: StaticAsset = StaticAsset::new(
    "icon",
    "svg",
    "image/svg+xml",
    include_bytes!("../../../web/static/icon.svg"),
);
pub static ICON_192: StaticAsset = StaticAsset::new(
    "icon-192",
    "png",
    "image/png",
    include_bytes!("../../../web/static/icon-192.png"),
);
pub static ICON_512: StaticAsset = StaticAsset::new(
    "icon-512",
    "png",
    "image/png",
    include_bytes!("../../../web/static/icon-512.png"),
);
/// At the address browsers ask for whatever a page says (`/favicon.ico`).
pub static FAVICON: &[u8] = include_bytes!("../../../web/static/favicon.ico");

/// FNV-1a, 64 bits: computed at compile time, stable across builds and Rust
/// versions (unlike `DefaultHasher`); a cache key, not a security measure.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut index = 0;
    while index < bytes.len() {
        hash ^= bytes[index] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        index += 1;
    }
    hash
}
