//! What the library's pages show of an item, in the reader's language.

use membernet_domain::{
    events::Zone,
    library::{Item, Section},
    markdown,
};
use time::OffsetDateTime;

use crate::{
    locale::Locale,
    services::library::{self, Credit, emails::public_path},
};

/// An item as a page shows it.
pub struct ItemView {
    pub item: Item,
    pub locale: Locale,
}

impl ItemView {
    pub fn new(item: Item, locale: Locale) -> Self {
        Self { item, locale }
    }

    pub fn path(&self) -> String {
        public_path(&self.item)
    }

    pub fn kind(&self) -> String {
        self.locale.t(&self.item.fields.kind.message_key())
    }

    pub fn date(&self) -> String {
        date(
            self.locale,
            self.item.published_at.unwrap_or(self.item.created_at),
        )
    }

    pub fn language(&self) -> String {
        self.locale
            .t(&format!("language.{}", self.item.fields.language))
    }

    pub fn countries(&self) -> String {
        self.item
            .fields
            .countries
            .iter()
            .map(|code| self.locale.country_name(code))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn topics(&self) -> Vec<(String, String)> {
        self.item
            .fields
            .topics
            .iter()
            .map(|topic| (topic.code().to_owned(), self.locale.t(&topic.message_key())))
            .collect()
    }

    /// "Sent in by Amina Otieno", "Sent in by a former member", or nothing.
    pub fn credit(&self) -> Option<String> {
        match library::credit(&self.item)? {
            Credit::Member(name) => Some(self.locale.t1("library.credit", "name", name)),
            Credit::FormerMember => Some(self.locale.t("library.credit_former")),
        }
    }

    pub fn body_html(&self) -> String {
        markdown::to_html(&self.item.fields.body)
    }

    pub fn is_story(&self) -> bool {
        self.item.section() == Section::Story
    }

    /// The document's address (`/files/{key}/{name}`).
    pub fn file_url(&self) -> Option<String> {
        self.item
            .file
            .as_ref()
            .map(|file| format!("/files/{}/{}", file.key, file.name))
    }

    pub fn file_label(&self) -> Option<String> {
        let file = self.item.file.as_ref()?;
        Some(format!(
            "{} · {}",
            file.kind.extension().to_uppercase(),
            size(self.locale, file.bytes)
        ))
    }

    /// The photo's smallest width's address and its `srcset`.
    pub fn photo(&self) -> Option<(String, String)> {
        let photo = self.item.photo.as_ref()?;
        let smallest = photo.widths.first()?;
        let srcset = photo
            .widths
            .iter()
            .map(|w| format!("/files/{}/{w}.jpg {w}w", photo.key))
            .collect::<Vec<_>>()
            .join(", ");
        Some((format!("/files/{}/{smallest}.jpg", photo.key), srcset))
    }

    pub fn status(&self) -> String {
        self.locale.t(&self.item.status.message_key())
    }
}

/// A day in UTC, as the reader writes it.
pub fn date(locale: Locale, at: OffsetDateTime) -> String {
    locale.short_day(&Zone::utc().local(at))
}

/// "2.4 MB", "180 KB".
pub fn size(locale: Locale, bytes: i64) -> String {
    locale.file_size(bytes.max(0) as u64)
}
