//! Staff's forms for a week: the week itself, a day (its theme and the addresses of
//! what it offers), a post of the share kit, and a graphic (a multipart form).

use axum::extract::Multipart;
use bytes::{Bytes, BytesMut};
use membernet_domain::weeks::{
    DayDraft, DayInput, PostDraft, PostInput, WeekDraft, WeekInput, draft::DayError,
};
use serde::Deserialize;

use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    locale::Locale,
    services::weeks::{GraphicRefused, Refused},
};

/// The week form's fields in order (for the error summary).
pub const WEEK_FIELDS: &[&str] = &[
    "title",
    "slug",
    "theme",
    "hashtag",
    "starts_on",
    "ends_on",
    "intro",
];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct WeekForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub hashtag: String,
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub show_donation_total: Option<String>,
}

impl WeekForm {
    pub fn input(&self) -> WeekInput {
        WeekInput {
            title: self.title.clone(),
            slug: self.slug.clone(),
            theme: self.theme.clone(),
            hashtag: self.hashtag.clone(),
            intro: self.intro.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            show_donation_total: self.show_donation_total.is_some(),
        }
    }

    pub fn parse(&self, locale: Locale) -> Result<WeekDraft, FieldErrors> {
        WeekDraft::check(&self.input()).map_err(|problems| {
            let mut errors = FieldErrors::default();
            for problem in problems {
                errors.add(
                    problem.field(),
                    locale.t(&format!("weeks.error.{}", problem.code())),
                );
            }
            errors.order_by(WEEK_FIELDS);
            errors
        })
    }
}

/// Why the week's changes were not saved, beside the field concerned.
pub fn refused(locale: Locale, refused: &Refused) -> FieldErrors {
    let mut errors = FieldErrors::default();
    match refused {
        Refused::SlugTaken => errors.add("slug", locale.t("weeks.error.slug_taken")),
        Refused::SlugPublished => errors.add("slug", locale.t("weeks.error.slug_published")),
        Refused::DaysOutside(dates) => {
            let dates: Vec<String> = dates.iter().map(|date| locale.date(*date)).collect();
            errors.add(
                "ends_on",
                locale.t1("weeks.error.days_outside", "days", &dates.join(", ")),
            );
        }
    }
    errors
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DayForm {
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub items: String,
}

impl DayForm {
    pub fn parse(&self, locale: Locale) -> Result<DayDraft, FieldErrors> {
        DayDraft::check(&DayInput {
            theme: self.theme.clone(),
            summary: self.summary.clone(),
            items: self.items.clone(),
        })
        .map_err(|problems| day_errors(locale, &problems))
    }
}

fn day_errors(locale: Locale, problems: &[DayError]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let mut lines = Vec::new();
    for problem in problems {
        match &problem.line {
            Some(line) => lines.push(line.clone()),
            None => errors.add(
                problem.field,
                locale.t(&format!("weeks.error.{}", problem.code)),
            ),
        }
    }
    if !lines.is_empty() {
        errors.add(
            "items",
            locale.t1("weeks.error.address_invalid", "lines", &lines.join(", ")),
        );
    }
    errors
}

/// Addresses that name nothing on the site.
pub fn unknown_addresses(locale: Locale, paths: &[String]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(
        "items",
        locale.t1("weeks.error.address_unknown", "lines", &paths.join(", ")),
    );
    errors
}

/// A post as typed (its fields are `post_*`: the week's page has several forms).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PostForm {
    #[serde(default)]
    pub post_network: String,
    #[serde(default)]
    pub post_language: String,
    #[serde(default)]
    pub post_body: String,
    #[serde(default)]
    pub post_link: String,
}

impl PostForm {
    pub fn input(&self) -> PostInput {
        PostInput {
            network: self.post_network.clone(),
            language: self.post_language.clone(),
            body: self.post_body.clone(),
            link: self.post_link.clone(),
        }
    }

    pub fn parse(
        &self,
        locale: Locale,
        hashtag: &str,
        week_url: &str,
    ) -> Result<PostDraft, FieldErrors> {
        PostDraft::check(&self.input(), hashtag, week_url).map_err(|problems| {
            let mut errors = FieldErrors::default();
            for problem in problems {
                let message = locale.t1(
                    &format!("weeks.error.{}", problem.code()),
                    "hashtag",
                    hashtag,
                );
                errors.add(&format!("post_{}", problem.field()), message);
            }
            errors
        })
    }
}

/// A graphic as sent: its description, language and picture.
#[derive(Debug, Clone, Default)]
pub struct GraphicForm {
    pub alt: String,
    pub language: String,
    pub picture: Option<Bytes>,
}

impl GraphicForm {
    /// Reads the multipart form; a body larger than one upload and the text is
    /// refused (413).
    pub async fn read(multipart: &mut Multipart, upload_max: usize) -> Result<GraphicForm> {
        let mut form = GraphicForm::default();
        let ceiling = upload_max.saturating_add(64 * 1024);
        let mut total = 0usize;
        let bad = |_| AppError::BadRequest;
        while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_owned();
            let mut bytes = BytesMut::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                total += chunk.len();
                if total > ceiling {
                    return Err(AppError::PayloadTooLarge);
                }
                bytes.extend_from_slice(&chunk);
            }
            match name.as_str() {
                "graphic" => form.picture = Some(bytes.freeze()),
                "graphic_alt" => form.alt = String::from_utf8_lossy(&bytes).into_owned(),
                "graphic_language" => form.language = String::from_utf8_lossy(&bytes).into_owned(),
                _ => {}
            }
        }
        Ok(form)
    }

    pub fn errors(locale: Locale, refused: &[GraphicRefused]) -> FieldErrors {
        let mut errors = FieldErrors::default();
        for problem in refused {
            let field = match problem.field() {
                "graphic" => "graphic".to_owned(),
                other => format!("graphic_{other}"),
            };
            errors.add(&field, locale.t(&format!("weeks.error.{}", problem.code())));
        }
        errors
    }
}
