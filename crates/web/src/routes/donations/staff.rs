//! `/staff/donations`: the ways to give (add, edit, hide or show again, ordered by
//! position), the gifts received outside Membernet (record, delete after a
//! confirmation) and their totals by currency for a period (this year unless
//! another is chosen). Every change is in the staff audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::donations::{Currency, Frequency, Gift, Period};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{
    OptionView,
    forms::{GiftForm, OptionForm, PeriodForm},
};
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{
        auth::RequireStaff,
        extract::{Form, Query},
        session::AuthSession,
    },
    page::Page,
    services::{
        Services,
        donations::{self, GIFTS_LISTED, RecordedGift},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/donations", get(overview))
        .route(
            "/staff/donations/options/new",
            get(new_option).post(create_option),
        )
        .route(
            "/staff/donations/options/{id}",
            get(edit_option).post(save_option),
        )
        .route("/staff/donations/options/{id}/active", post(set_active))
        .route(
            "/staff/donations/gifts/new",
            get(new_gift).post(record_gift),
        )
        .route(
            "/staff/donations/gifts/{id}/delete",
            get(confirm_delete).post(delete_gift),
        )
}

fn today() -> time::Date {
    OffsetDateTime::now_utc().date()
}

/// A gift as the staff page lists it.
pub struct GiftView {
    pub gift: Gift,
    pub amount: String,
    pub recorded_by: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "donations/staff.html")]
struct OverviewTemplate {
    page: Page,
    options: Vec<OptionView>,
    period: PeriodForm,
    errors: FieldErrors,
    gifts: Vec<GiftView>,
    more_gifts: bool,
    gifts_listed: u64,
    /// (currency code, total in the reader's language).
    totals: Vec<(&'static str, String)>,
}

async fn overview(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Query(mut period): Query<PeriodForm>,
) -> Result<Response> {
    let locale = page.locale;
    let (chosen, errors) = match period.parse(locale, today()) {
        Ok(chosen) => (Some(chosen), FieldErrors::default()),
        Err(errors) => (None, errors),
    };
    let overview = donations::overview(&services, chosen).await?;
    let template = OverviewTemplate {
        options: overview
            .options
            .into_iter()
            .map(|option| OptionView::new(option, locale))
            .collect(),
        period,
        gifts: overview
            .gifts
            .into_iter()
            .map(|RecordedGift { gift, recorded_by }| GiftView {
                amount: locale.amount(gift.draft.currency, gift.draft.amount),
                gift,
                recorded_by,
            })
            .collect(),
        more_gifts: overview.more_gifts,
        gifts_listed: GIFTS_LISTED,
        totals: overview
            .totals
            .iter()
            .map(|total| (total.currency.code(), total.display(locale)))
            .collect(),
        page,
        errors,
    };
    let status = if template.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, template).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "donations/option_form.html")]
struct OptionTemplate {
    page: Page,
    /// `None` for a new option.
    option: Option<OptionView>,
    form: OptionForm,
    errors: FieldErrors,
    /// The site's address (`MEMBERNET_BASE_URL`), for the return address.
    base_url: String,
}

impl OptionTemplate {
    fn action(&self) -> String {
        match &self.option {
            Some(option) => format!("/staff/donations/options/{}", option.id()),
            None => "/staff/donations/options/new".to_owned(),
        }
    }

    /// The address to give the provider as the page to return to after a gift.
    fn return_url(&self) -> Option<String> {
        let option = self.option.as_ref()?;
        Some(format!(
            "{}/support/thanks?option={}",
            self.base_url.trim_end_matches('/'),
            option.id()
        ))
    }

    fn frequencies(&self) -> &'static [Frequency] {
        Frequency::ALL
    }

    fn currencies(&self) -> Vec<&'static str> {
        Currency::all().map(Currency::code).collect()
    }

    fn refused(mut self, errors: FieldErrors) -> Response {
        self.errors = errors;
        (StatusCode::UNPROCESSABLE_ENTITY, self).into_response()
    }
}

async fn new_option(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
) -> Result<OptionTemplate> {
    Ok(OptionTemplate {
        page,
        option: None,
        form: OptionForm::blank(donations::next_position(&services).await?),
        errors: FieldErrors::default(),
        base_url: services.config.base_url.clone(),
    })
}

async fn create_option(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Form(form): Form<OptionForm>,
) -> Result<Response> {
    let draft = match form.parse(page.locale) {
        Ok(draft) => draft,
        Err(errors) => {
            let template = OptionTemplate {
                page,
                option: None,
                form,
                errors: FieldErrors::default(),
                base_url: services.config.base_url.clone(),
            };
            return Ok(template.refused(errors));
        }
    };
    donations::add_option(&services, &staff, &draft).await?;
    session.set_flash("donations.flash.option_added").await?;
    Ok(Redirect::to("/staff/donations").into_response())
}

async fn edit_option(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(id): Path<i64>,
) -> Result<OptionTemplate> {
    let option = donations::option(&services, id).await?;
    Ok(OptionTemplate {
        form: OptionForm::of(&option),
        option: Some(OptionView::new(option, page.locale)),
        page,
        errors: FieldErrors::default(),
        base_url: services.config.base_url.clone(),
    })
}

async fn save_option(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<OptionForm>,
) -> Result<Response> {
    let option = donations::option(&services, id).await?;
    let draft = match form.parse(page.locale) {
        Ok(draft) => draft,
        Err(errors) => {
            let template = OptionTemplate {
                option: Some(OptionView::new(option, page.locale)),
                page,
                form,
                errors: FieldErrors::default(),
                base_url: services.config.base_url.clone(),
            };
            return Ok(template.refused(errors));
        }
    };
    donations::edit_option(&services, &staff, &option, &draft).await?;
    session.set_flash("donations.flash.option_saved").await?;
    Ok(Redirect::to("/staff/donations").into_response())
}

#[derive(Deserialize)]
struct ActiveForm {
    active: String,
}

/// Hides an option from givers (`active=false`) or shows it again (`true`).
async fn set_active(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<ActiveForm>,
) -> Result<Response> {
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest),
    };
    let option = donations::option(&services, id).await?;
    donations::set_active(&services, &staff, &option, active).await?;
    let flash = if active {
        "donations.flash.option_shown"
    } else {
        "donations.flash.option_hidden"
    };
    session.set_flash(flash).await?;
    Ok(Redirect::to("/staff/donations").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "donations/gift_form.html")]
struct GiftTemplate {
    page: Page,
    form: GiftForm,
    errors: FieldErrors,
}

impl GiftTemplate {
    fn currencies(&self) -> Vec<&'static str> {
        Currency::all().map(Currency::code).collect()
    }
}

async fn new_gift(RequireStaff(_): RequireStaff, page: Page) -> GiftTemplate {
    GiftTemplate {
        page,
        form: GiftForm::blank(today()),
        errors: FieldErrors::default(),
    }
}

async fn record_gift(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Form(form): Form<GiftForm>,
) -> Result<Response> {
    let draft = match form.parse(page.locale, today()) {
        Ok(draft) => draft,
        Err(errors) => {
            let template = GiftTemplate { page, form, errors };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
        }
    };
    let gift = donations::record_gift(&services, &staff, &draft).await?;
    session.set_flash("donations.flash.gift_recorded").await?;
    // The year the gift was received in, so it is in the list that opens.
    let year = Period::year_of(gift.draft.received_on);
    Ok(Redirect::to(&format!(
        "/staff/donations?from={}&to={}",
        year.from, year.to
    ))
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "donations/gift_delete.html")]
struct DeleteTemplate {
    page: Page,
    gift: GiftView,
}

async fn confirm_delete(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(id): Path<i64>,
) -> Result<DeleteTemplate> {
    let gift = donations::gift(&services, id).await?;
    Ok(DeleteTemplate {
        gift: GiftView {
            amount: page.locale.amount(gift.draft.currency, gift.draft.amount),
            gift,
            recorded_by: None,
        },
        page,
    })
}

async fn delete_gift(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    session: AuthSession,
    Path(id): Path<i64>,
) -> Result<Response> {
    let gift = donations::gift(&services, id).await?;
    donations::delete_gift(&services, &staff, &gift).await?;
    session.set_flash("donations.flash.gift_deleted").await?;
    let year = Period::year_of(gift.draft.received_on);
    Ok(Redirect::to(&format!(
        "/staff/donations?from={}&to={}",
        year.from, year.to
    ))
    .into_response())
}
