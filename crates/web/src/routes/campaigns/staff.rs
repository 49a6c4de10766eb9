//! `/staff/campaigns`: staff write a campaign (a version per language, Markdown),
//! choose its topic and audience, see how many it would reach, preview it per
//! language, send it to themselves, then send it now or at a time; follow it as it
//! goes (sent, failed, bounced, unsubscribed, by language and country); put it in
//! the public archive.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::{
    campaigns::{Campaign, LANGUAGES, RecipientStatus, Topic, language_for},
    events::{Event, zone},
    markdown,
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
};
use membernet_persistence::campaigns::sending::Figures;
use serde::Deserialize;

use super::forms::CampaignForm;
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
        campaigns::{self, Changed},
    },
    state::AppState,
    views::regions::{RegionOption, region_options},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/campaigns", get(list))
        .route("/staff/campaigns/new", get(new).post(create))
        .route("/staff/campaigns/{id}", get(edit).post(save))
        .route("/staff/campaigns/{id}/preview", get(preview))
        .route("/staff/campaigns/{id}/{action}", post(act))
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    page: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "campaigns/staff_list.html")]
struct ListTemplate {
    page: Page,
    campaigns: Vec<Campaign>,
    page_number: u64,
    has_more: bool,
}

async fn list(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Result<ListTemplate> {
    let page_number = query.page.min(10_000);
    let (campaigns, total) = campaigns::list(&services, page_number).await?;
    Ok(ListTemplate {
        page,
        campaigns,
        has_more: (page_number + 1) * campaigns::PAGE_SIZE < total,
        page_number,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "campaigns/edit.html")]
struct EditTemplate {
    page: Page,
    /// `None` for a new campaign.
    campaign: Option<Campaign>,
    form: CampaignForm,
    errors: FieldErrors,
    /// How many it would reach now (a saved campaign not yet sent).
    audience: Option<u64>,
    figures: Option<Figures>,
    events: Vec<Event>,
    regions: Vec<RegionOption>,
    zones: &'static [&'static str],
    /// Without an SMTP server nothing is sent.
    smtp: bool,
}

impl EditTemplate {
    async fn new(
        services: &Services,
        page: Page,
        campaign: Option<Campaign>,
        form: CampaignForm,
    ) -> Result<Self> {
        let (audience, figures) = match &campaign {
            Some(campaign) if campaign.is_editable() => (
                Some(campaigns::audience_size(services, campaign).await?),
                None,
            ),
            Some(campaign) => (None, Some(campaigns::figures(services, campaign).await?)),
            None => (None, None),
        };
        Ok(Self {
            page,
            campaign,
            form,
            errors: FieldErrors::default(),
            audience,
            figures,
            events: campaigns::upcoming_events(services).await?,
            regions: region_options(),
            zones: zone::choices(),
            smtp: services.config.smtp_url.is_some(),
        })
    }

    fn action(&self) -> String {
        match &self.campaign {
            Some(campaign) => format!("/staff/campaigns/{}", campaign.id),
            None => "/staff/campaigns/new".to_owned(),
        }
    }

    fn editable(&self) -> bool {
        self.campaign.as_ref().is_none_or(Campaign::is_editable)
    }

    /// The campaign names an event no longer in the list of upcoming ones.
    fn event_not_listed(&self) -> bool {
        let chosen = &self.form.input.event;
        !chosen.is_empty() && !self.events.iter().any(|e| e.id.0.to_string() == *chosen)
    }

    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }

    fn languages(&self) -> &'static [&'static str] {
        LANGUAGES
    }

    fn categories(&self) -> &'static [WorkforceCategory] {
        WorkforceCategory::ALL
    }

    fn sectors(&self) -> &'static [Sector] {
        Sector::ALL
    }

    fn organization_types(&self) -> &'static [OrganizationType] {
        OrganizationType::ALL
    }

    fn status_key(&self) -> String {
        match &self.campaign {
            Some(campaign) => campaign.status.message_key(),
            None => "campaigns.status.new".to_owned(),
        }
    }

    /// "Tuesday 10 March 2026, 09:00 EAT" in the campaign's zone.
    fn when(&self, campaign: &Campaign) -> Option<String> {
        let at = campaign.started_at.or(campaign.draft.send_at)?;
        let local = campaign.draft.zone.local(at);
        Some(format!(
            "{} ({})",
            self.page.locale.day_and_time(&local),
            campaign.draft.zone.name()
        ))
    }

    /// The figures' rows: (label, recipients per status in [`STATUSES`] order).
    /// (heading key, rows) of the figures' tables.
    #[allow(clippy::type_complexity)]
    fn figure_tables(&self) -> Vec<(&'static str, Vec<(String, Vec<u64>)>)> {
        vec![
            ("campaigns.figures.by_language", self.rows_by_language()),
            ("campaigns.figures.by_country", self.rows_by_country()),
        ]
    }

    fn rows_by_language(&self) -> Vec<(String, Vec<u64>)> {
        let Some(figures) = &self.figures else {
            return Vec::new();
        };
        table(figures.by_language.iter().map(|(language, status, n)| {
            (
                self.page.locale.t(&format!("language.{language}")),
                *status,
                *n,
            )
        }))
    }

    fn rows_by_country(&self) -> Vec<(String, Vec<u64>)> {
        let Some(figures) = &self.figures else {
            return Vec::new();
        };
        let locale = self.page.locale;
        table(figures.by_country.iter().map(|(country, status, n)| {
            let name = country
                .as_deref()
                .and_then(|code| membernet_domain::CountryCode::parse(code).ok())
                .map(|code| locale.country_name(&code).to_owned())
                .unwrap_or_else(|| locale.t("campaigns.figures.no_country"));
            (name, *status, *n)
        }))
    }

    fn total(&self, status: &RecipientStatus) -> u64 {
        self.figures
            .as_ref()
            .and_then(|figures| figures.by_status.iter().find(|(s, _)| s == status))
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    fn statuses(&self) -> &'static [RecipientStatus] {
        RecipientStatus::ALL
    }

    fn refused(mut self, errors: FieldErrors) -> Response {
        self.errors = errors;
        (StatusCode::UNPROCESSABLE_ENTITY, self).into_response()
    }
}

/// Rows of (label, count per status), largest first.
fn table(cells: impl Iterator<Item = (String, RecipientStatus, u64)>) -> Vec<(String, Vec<u64>)> {
    let mut rows: Vec<(String, Vec<u64>)> = Vec::new();
    for (label, status, n) in cells {
        let column = RecipientStatus::ALL
            .iter()
            .position(|s| *s == status)
            .unwrap_or(0);
        let index = match rows.iter().position(|(known, _)| *known == label) {
            Some(index) => index,
            None => {
                rows.push((label, vec![0; RecipientStatus::ALL.len()]));
                rows.len() - 1
            }
        };
        rows[index].1[column] += n;
    }
    rows.sort_by(|a, b| {
        b.1.iter()
            .sum::<u64>()
            .cmp(&a.1.iter().sum::<u64>())
            .then(a.0.cmp(&b.0))
    });
    rows
}

async fn new(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
) -> Result<EditTemplate> {
    let zone = staff
        .country
        .and_then(membernet_domain::events::Zone::guess_for)
        .map(|zone| zone.name().to_owned())
        .unwrap_or_else(|| "UTC".to_owned());
    EditTemplate::new(&services, page, None, CampaignForm::blank(&zone)).await
}

async fn create(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let mut form = CampaignForm::from_pairs(pairs);
    if form.insert.is_some() {
        return with_events(&services, page, None, form).await;
    }
    let draft = match form.parse(page.locale) {
        Ok(draft) => draft,
        Err(errors) => {
            form.insert = None;
            let template = EditTemplate::new(&services, page, None, form).await?;
            return Ok(template.refused(errors));
        }
    };
    let campaign = campaigns::create(&services, &staff, &draft).await?;
    session.set_flash("campaigns.flash.created").await?;
    Ok(Redirect::to(&format!("/staff/campaigns/{}", campaign.id)).into_response())
}

/// The form again, the upcoming events added to the default language's body.
async fn with_events(
    services: &Services,
    page: Page,
    campaign: Option<Campaign>,
    mut form: CampaignForm,
) -> Result<Response> {
    let events = campaigns::upcoming_events(services).await?;
    form.insert_events(&events, &services.config.base_url);
    form.insert = None;
    Ok(EditTemplate::new(services, page, campaign, form)
        .await?
        .into_response())
}

async fn edit(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(id): Path<i64>,
) -> Result<EditTemplate> {
    let campaign = campaigns::for_staff(&services, id).await?;
    let form = CampaignForm::of(&campaign.draft);
    EditTemplate::new(&services, page, Some(campaign), form).await
}

async fn save(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let campaign = campaigns::for_staff(&services, id).await?;
    let form = CampaignForm::from_pairs(pairs);
    if form.insert.is_some() {
        return with_events(&services, page, Some(campaign), form).await;
    }
    let draft = match form.parse(page.locale) {
        Ok(draft) => draft,
        Err(errors) => {
            let template = EditTemplate::new(&services, page, Some(campaign), form).await?;
            return Ok(template.refused(errors));
        }
    };
    let flash = match campaigns::update(&services, &campaign, &draft).await? {
        Changed::Done => "campaigns.flash.saved",
        _ => "campaigns.flash.not_editable",
    };
    session.set_flash(flash).await?;
    Ok(Redirect::to(&format!("/staff/campaigns/{id}")).into_response())
}

/// The campaign page's buttons.
async fn act(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path((id, action)): Path<(i64, String)>,
) -> Result<Response> {
    let campaign = campaigns::for_staff(&services, id).await?;
    let changed = match action.as_str() {
        "send" => campaigns::schedule(&services, &staff, &campaign, true).await?,
        "schedule" => campaigns::schedule(&services, &staff, &campaign, false).await?,
        "unschedule" => campaigns::unschedule(&services, &campaign).await?,
        "cancel" => campaigns::cancel(&services, &staff, &campaign).await?,
        "test" => {
            campaigns::send_test(&services, &staff, &campaign, page.locale.code()).await?;
            session.set_flash("campaigns.flash.test_sent").await?;
            return Ok(Redirect::to(&format!("/staff/campaigns/{id}")).into_response());
        }
        "archive" | "unarchive" => {
            campaigns::set_archived(&services, &campaign, action == "archive").await?;
            Changed::Done
        }
        "duplicate" => {
            let copy = campaigns::duplicate(&services, &staff, &campaign).await?;
            session.set_flash("campaigns.flash.duplicated").await?;
            return Ok(Redirect::to(&format!("/staff/campaigns/{}", copy.id)).into_response());
        }
        _ => return Err(AppError::NotFound),
    };
    let flash = match changed {
        Changed::Done => format!("campaigns.flash.{action}"),
        Changed::NotEditable => "campaigns.flash.not_editable".to_owned(),
        Changed::NoSendTime => "campaigns.flash.no_send_time".to_owned(),
        Changed::InThePast => "campaigns.flash.in_the_past".to_owned(),
        Changed::NobodyToSendTo => "campaigns.flash.nobody".to_owned(),
    };
    session.set_flash(&flash).await?;
    Ok(Redirect::to(&format!("/staff/campaigns/{id}")).into_response())
}

#[derive(Deserialize, Default)]
struct PreviewQuery {
    #[serde(default)]
    language: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "campaigns/preview.html")]
struct PreviewTemplate {
    page: Page,
    campaign: Campaign,
    language: String,
    subject: String,
    html: String,
    text: String,
}

/// The email as a recipient reading `language` gets it: HTML and plain text.
async fn preview(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<PreviewQuery>,
) -> Result<PreviewTemplate> {
    let campaign = campaigns::for_staff(&services, id).await?;
    let version = language_for(&campaign.draft, &query.language).clone();
    Ok(PreviewTemplate {
        page,
        language: version.language.clone(),
        subject: version.subject.clone(),
        html: markdown::to_html(&version.body),
        text: markdown::to_email_text(&version.body),
        campaign,
    })
}
