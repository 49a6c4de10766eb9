//! Email campaigns: staff write one (a version per language), choose who receives
//! it (members who chose its topic, narrowed like the staff statistics, or an
//! event's registrants), see how many that is, try it on themselves, and send it
//! now or at a time. Sending ([`sending`]) freezes the audience and works through
//! it at the configured pace; members choose their topics and unsubscribe with one
//! click ([`consent`]).

use membernet_domain::{
    Account,
    campaigns::{Campaign, CampaignDraft, CampaignId, CampaignStatus, language_for},
    events::Event,
};
use membernet_persistence::{
    campaigns::{self, audience, sending::Figures},
    events::{self, Listing},
    staff_audit::{self, Actor},
};
use time::OffsetDateTime;

use super::{Error, Result, Services};
use crate::mail::campaigns::Written;

pub mod consent;
pub mod sending;

pub use campaigns::PAGE_SIZE;

/// Any campaign (staff).
pub async fn for_staff(services: &Services, id: i64) -> Result<Campaign> {
    campaigns::find(&services.db, CampaignId(id))
        .await?
        .ok_or(Error::NotFound)
}

pub async fn list(services: &Services, page: u64) -> Result<(Vec<Campaign>, u64)> {
    Ok(campaigns::list(&services.db, page).await?)
}

pub async fn create(
    services: &Services,
    staff: &Account,
    draft: &CampaignDraft,
) -> Result<Campaign> {
    let now = OffsetDateTime::now_utc();
    let campaign = campaigns::create(&services.db, draft, now).await?;
    audit(
        services,
        staff,
        staff_audit::CREATE_CAMPAIGN,
        &campaign,
        now,
    )
    .await?;
    Ok(campaign)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Done,
    /// It started sending (or was cancelled) meanwhile: nothing changed.
    NotEditable,
    /// Scheduling without a send time.
    NoSendTime,
    /// Scheduling for a time already past.
    InThePast,
    /// Sending to an empty audience.
    NobodyToSendTo,
}

pub async fn update(
    services: &Services,
    campaign: &Campaign,
    draft: &CampaignDraft,
) -> Result<Changed> {
    let now = OffsetDateTime::now_utc();
    if !campaigns::update(&services.db, campaign.id, draft, now).await? {
        return Ok(Changed::NotEditable);
    }
    Ok(Changed::Done)
}

/// How many members would receive it if it were sent now.
pub async fn audience_size(services: &Services, campaign: &Campaign) -> Result<u64> {
    Ok(audience::count(&services.db, campaign.draft.topic, &campaign.draft.audience).await?)
}

/// Sends at the campaign's send time (`at`: now, to send at once).
pub async fn schedule(
    services: &Services,
    staff: &Account,
    campaign: &Campaign,
    now_instead: bool,
) -> Result<Changed> {
    let now = OffsetDateTime::now_utc();
    let at = match (now_instead, campaign.draft.send_at) {
        (true, _) => now,
        (false, None) => return Ok(Changed::NoSendTime),
        (false, Some(at)) if at <= now => return Ok(Changed::InThePast),
        (false, Some(at)) => at,
    };
    if audience_size(services, campaign).await? == 0 {
        return Ok(Changed::NobodyToSendTo);
    }
    if !campaigns::schedule(&services.db, campaign.id, at, now).await? {
        return Ok(Changed::NotEditable);
    }
    let action = if now_instead {
        staff_audit::SEND_CAMPAIGN
    } else {
        staff_audit::SCHEDULE_CAMPAIGN
    };
    audit(services, staff, action, campaign, now).await?;
    if now_instead {
        services.campaign_wake.notify_one();
    }
    Ok(Changed::Done)
}

/// Stops a campaign: a draft or a scheduled one is not sent; one sending sends no
/// more (those already sent stay sent).
pub async fn cancel(services: &Services, staff: &Account, campaign: &Campaign) -> Result<Changed> {
    let now = OffsetDateTime::now_utc();
    let moved = campaigns::transition(
        &services.db,
        campaign.id,
        &[
            CampaignStatus::Draft,
            CampaignStatus::Scheduled,
            CampaignStatus::Sending,
        ],
        CampaignStatus::Cancelled,
        now,
    )
    .await?;
    if !moved {
        return Ok(Changed::NotEditable);
    }
    campaigns::sending::cancel_pending(&services.db, campaign.id).await?;
    audit(services, staff, staff_audit::CANCEL_CAMPAIGN, campaign, now).await?;
    Ok(Changed::Done)
}

/// Back from scheduled to draft.
pub async fn unschedule(services: &Services, campaign: &Campaign) -> Result<Changed> {
    let now = OffsetDateTime::now_utc();
    let moved = campaigns::transition(
        &services.db,
        campaign.id,
        &[CampaignStatus::Scheduled],
        CampaignStatus::Draft,
        now,
    )
    .await?;
    Ok(if moved {
        Changed::Done
    } else {
        Changed::NotEditable
    })
}

/// A new draft like `campaign`, to send a day after it (the next of a series: one
/// email a day through a week).
pub async fn duplicate(
    services: &Services,
    staff: &Account,
    campaign: &Campaign,
) -> Result<Campaign> {
    let mut draft = campaign.draft.clone();
    draft.send_at = campaign
        .draft
        .send_at
        .or(campaign.started_at)
        .map(|at| draft.zone.days_later(at, 1));
    create(services, staff, &draft).await
}

pub async fn set_archived(services: &Services, campaign: &Campaign, archived: bool) -> Result<()> {
    Ok(campaigns::set_archived(&services.db, campaign.id, archived).await?)
}

/// The campaign as `staff` would receive it in `language`, sent to them now (the
/// unsubscribe link in it works for them, like any recipient's).
pub async fn send_test(
    services: &Services,
    staff: &Account,
    campaign: &Campaign,
    language: &str,
) -> Result<()> {
    let version = language_for(&campaign.draft, language);
    let topic_key = campaign.draft.topic.message_key();
    let written = Written::new(version, &topic_key, &services.config.base_url);
    let url = consent::unsubscribe_url(services, staff.id, campaign.draft.topic, campaign.id);
    let mut email = written.for_recipient(&url);
    email.subject = format!("[TEST] {}", email.subject);
    services
        .mailer
        .queue(&services.db, &staff.email, &email)
        .await
        .map_err(Error::Internal)?;
    services.mailer.wake();
    Ok(())
}

pub async fn figures(services: &Services, campaign: &Campaign) -> Result<Figures> {
    Ok(campaigns::sending::figures(&services.db, campaign.id).await?)
}

/// Published events still to come, soonest first (to put in a campaign).
pub async fn upcoming_events(services: &Services) -> Result<Vec<Event>> {
    let listing = Listing {
        upcoming: Some(true),
        ..Listing::default()
    };
    let now = OffsetDateTime::now_utc();
    Ok(events::list(&services.db, &listing, now, 0, 5).await?.0)
}

/// The public archive, a page at a time.
pub async fn archive(services: &Services, page: u64) -> Result<(Vec<Campaign>, u64)> {
    Ok(campaigns::archive(&services.db, page).await?)
}

/// One newsletter of the archive.
pub async fn archived(services: &Services, slug: &str) -> Result<Campaign> {
    match campaigns::by_slug(&services.db, slug).await? {
        Some(campaign) if campaign.is_public() => Ok(campaign),
        _ => Err(Error::NotFound),
    }
}

async fn audit(
    services: &Services,
    staff: &Account,
    action: &'static str,
    campaign: &Campaign,
    now: OffsetDateTime,
) -> Result<()> {
    let detail = format!("campaign {} ({})", campaign.id, campaign.slug);
    staff_audit::record(
        &services.db,
        staff_audit::Entry {
            actor: Actor::Staff(staff.id),
            action,
            subject: None,
            detail: &detail,
            rows: None,
        },
        now,
    )
    .await?;
    Ok(())
}
