//! The library's form page, shared by a member's submission and changes and by
//! staff's editing (with their decisions and the record of them beside it).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use membernet_domain::library::{Decision, Item, Kind, LANGUAGES, Section, Topic};
use membernet_persistence::library::DecisionRecord;

use super::{forms::ItemForm, view::ItemView};
use crate::{forms::FieldErrors, page::Page};

/// The library's form, for a member, staff, new or existing.
#[derive(Template, WebTemplate)]
#[template(path = "library/form.html")]
pub struct FormTemplate {
    pub page: Page,
    pub section: Section,
    pub form: ItemForm,
    pub errors: FieldErrors,
    /// Where the form is sent.
    pub action: String,
    /// The item being changed.
    pub item: Option<Item>,
    /// Staff's page (no guidelines; the decisions beside it).
    pub staff: bool,
    /// The largest upload, in bytes.
    pub upload_max: usize,
    /// Staff's page of an existing item: its decisions and their record.
    pub panel: Option<Panel>,
}

impl FormTemplate {
    fn heading(&self) -> String {
        let key = match (&self.item, self.staff) {
            (Some(item), _) => return item.fields.title.clone(),
            (None, true) => "library.staff.new",
            (None, false) if self.is_story() && self.is_profile() => "library.submit_profile",
            (None, false) if self.is_story() => "library.submit_blog",
            (None, false) => "library.submit_resource",
        };
        self.page.locale.t(key)
    }

    fn upload_max(&self) -> String {
        super::view::size(self.page.locale, self.upload_max as i64)
    }

    fn kinds(&self) -> Vec<Kind> {
        Kind::of(self.section).collect()
    }

    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }

    fn languages(&self) -> &'static [&'static str] {
        LANGUAGES
    }

    fn is_story(&self) -> bool {
        self.section == Section::Story
    }

    fn is_profile(&self) -> bool {
        self.form.input.kind == "profile"
    }

    fn existing_file(&self) -> Option<String> {
        self.item
            .as_ref()?
            .file
            .as_ref()
            .map(|file| file.name.clone())
    }

    fn existing_photo(&self) -> bool {
        self.item.as_ref().is_some_and(|item| item.photo.is_some())
    }

    pub fn refused(mut self, errors: FieldErrors) -> Response {
        self.errors = errors;
        (StatusCode::UNPROCESSABLE_ENTITY, self).into_response()
    }
}

/// What staff see beside an existing item's form.
pub struct Panel {
    pub view: ItemView,
    pub decisions: Vec<Decision>,
    pub history: Vec<(DecisionRecord, String)>,
    /// The reason typed, and what was wrong with it.
    pub reason: String,
    pub reason_error: Option<String>,
    /// Who sent it in: (name, address).
    pub submitter: Option<(String, String)>,
}
