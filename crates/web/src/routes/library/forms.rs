//! The library's form, shared by members' submissions, their changes and staff's
//! editing: sent as `multipart/form-data` (it may carry a file and a photo), read
//! field by field with a ceiling on its size. Uploads are checked and stored before
//! the other fields are judged, so a form with a field to correct keeps its file:
//! the page carries the stored file's signed key back instead of asking for it
//! again. Nothing typed is lost.

use axum::extract::Multipart;
use bytes::{Bytes, BytesMut};
use membernet_domain::{
    Account,
    library::{Item, ItemDraft, ItemInput, Section, StoredFile, draft::Attachments},
};

use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    locale::Locale,
    services::{
        Services,
        library::{
            Attached,
            uploads::{self, Slot, Upload},
        },
    },
};

/// What the form holds, as typed, and its files.
#[derive(Debug, Clone, Default)]
pub struct ItemForm {
    pub input: ItemInput,
    /// A file stored with this form (a new one or carried back).
    pub file: Option<StoredFile>,
    pub photo: Option<StoredFile>,
    /// The signed keys that carry them through a form shown again.
    pub file_token: String,
    pub photo_token: String,
}

impl ItemForm {
    pub fn of(item: &Item) -> Self {
        Self {
            input: ItemInput::of(&item.fields),
            ..Self::default()
        }
    }

    pub fn blank(section: Section, kind: Option<&str>, language: &str) -> Self {
        let kind = match (section, kind) {
            (Section::Story, Some("profile")) => "profile",
            (Section::Story, _) => "blog",
            (Section::Resource, _) => "report",
        };
        Self {
            input: ItemInput {
                kind: kind.to_owned(),
                language: language.to_owned(),
                ..ItemInput::default()
            },
            ..Self::default()
        }
    }

    pub fn has_topic(&self, code: &str) -> bool {
        self.input.topics.iter().any(|topic| topic == code)
    }

    pub fn has_country(&self, code: &str) -> bool {
        self.input
            .countries
            .iter()
            .any(|c| c.eq_ignore_ascii_case(code))
    }
}

/// The form's fields, in the order they appear (for the error summary).
pub const FIELDS: &[&str] = &[
    "kind",
    "title",
    "summary",
    "body",
    "file",
    "link",
    "photo",
    "photo_alt",
    "photo_consent",
    "authors",
    "publisher",
    "year",
    "language",
    "licence",
    "countries",
    "topics",
    "role",
    "worker_name",
    "worker_role",
    "worker_place",
    "worker_consent",
];

/// Reads the whole form: text fields into the input, files into uploads. A body
/// larger than two uploads and the text is refused (413).
async fn read(
    multipart: &mut Multipart,
    upload_max: usize,
) -> Result<(ItemForm, Option<Upload>, Option<Upload>)> {
    let mut form = ItemForm::default();
    let mut file = None;
    let mut photo = None;
    let ceiling = upload_max.saturating_mul(2).saturating_add(256 * 1024);
    let mut total = 0usize;
    let bad = |_| AppError::BadRequest;
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let mut bytes = BytesMut::new();
        while let Some(chunk) = field.chunk().await.map_err(bad)? {
            total += chunk.len();
            if total > ceiling {
                return Err(AppError::PayloadTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        let bytes: Bytes = bytes.freeze();
        if let Some(file_name) = file_name {
            if bytes.is_empty() {
                continue;
            }
            let upload = Upload {
                name: file_name,
                bytes,
            };
            match name.as_str() {
                "file" => file = Some(upload),
                "photo" => photo = Some(upload),
                _ => {}
            }
            continue;
        }
        let value = String::from_utf8_lossy(&bytes).into_owned();
        let input = &mut form.input;
        match name.as_str() {
            "kind" => input.kind = value,
            "title" => input.title = value,
            "summary" => input.summary = value,
            "body" => input.body = value,
            "authors" => input.authors = value,
            "publisher" => input.publisher = value,
            "year" => input.year = value,
            "language" => input.language = value,
            "licence" => input.licence = value,
            "link" => input.link = value,
            "countries" => input.countries.push(value),
            "topics" => input.topics.push(value),
            "role" => input.role = value,
            "worker_name" => input.worker_name = value,
            "worker_role" => input.worker_role = value,
            "worker_place" => input.worker_place = value,
            "worker_consent" => input.worker_consent = true,
            "photo_alt" => input.photo_alt = value,
            "photo_consent" => input.photo_consent = true,
            "file_token" => form.file_token = value,
            "photo_token" => form.photo_token = value,
            _ => {}
        }
    }
    Ok((form, file, photo))
}

/// A form read and judged: the draft and its files, or the form to show again
/// with every problem.
pub enum Judged {
    Valid(ItemDraft, Attached),
    Invalid(ItemForm, FieldErrors),
}

/// Reads, stores the uploads and judges the form for `section`. `existing`: the
/// item being changed (its file and photo count as present).
pub async fn judge(
    services: &Services,
    account: &Account,
    locale: Locale,
    multipart: &mut Multipart,
    section: Section,
    existing: Option<&Item>,
) -> Result<Judged> {
    let (mut form, file, photo) = read(multipart, services.config.upload_max).await?;
    let mut errors = FieldErrors::default();
    // New uploads first; else what an earlier attempt stored.
    let sent = [
        (
            "file",
            Slot::Document,
            file.as_ref(),
            form.file_token.clone(),
        ),
        (
            "photo",
            Slot::Photo,
            photo.as_ref(),
            form.photo_token.clone(),
        ),
    ];
    for (field, slot, upload, carried) in sent {
        match uploads::attach(services, account, slot, upload, &carried).await? {
            Ok(stored) if slot == Slot::Document => form.file = stored,
            Ok(stored) => form.photo = stored,
            Err(refused) => errors.add(
                field,
                locale.t(&format!("library.upload.{}", refused.code())),
            ),
        }
    }
    form.file_token = form
        .file
        .as_ref()
        .map(|file| uploads::carry(services, file))
        .unwrap_or_default();
    form.photo_token = form
        .photo
        .as_ref()
        .map(|photo| uploads::carry(services, photo))
        .unwrap_or_default();
    let attachments = Attachments {
        file: form.file.is_some() || existing.is_some_and(|item| item.file.is_some()),
        photo: form.photo.is_some() || existing.is_some_and(|item| item.photo.is_some()),
        new_photo: form.photo.is_some(),
    };
    let year = time::OffsetDateTime::now_utc().year();
    match form.input.parse(section, attachments, year) {
        Ok(draft) if errors.is_empty() => {
            let attached = Attached {
                file: form.file.clone(),
                photo: form.photo.clone(),
            };
            Ok(Judged::Valid(draft, attached))
        }
        Ok(_) => Ok(Judged::Invalid(form, errors)),
        Err(problems) => {
            for problem in problems {
                let message = match problem {
                    membernet_domain::library::ItemError::TooLong(_) => {
                        locale.t("library.error.too_long")
                    }
                    other => locale.t(&format!("library.error.{}", other.code())),
                };
                errors.add(problem.field(), message);
            }
            errors.order_by(FIELDS);
            Ok(Judged::Invalid(form, errors))
        }
    }
}
