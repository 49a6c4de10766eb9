//! What members receive: their topics (chosen at joining and on the account page,
//! each change recorded with how it was made), the one-click unsubscribe link in
//! every campaign email (signed for one member, one topic and the campaign it came
//! in; no sign-in needed), and confirming again an address that bounced.

use membernet_domain::{
    Account, MemberId,
    campaigns::{CampaignId, ConsentSource, Topic, Unsubscribe},
    rate_limit::LimitKey,
    signature::Purpose,
};
use membernet_persistence::campaigns::{consent, sending};
use time::OffsetDateTime;

use crate::{
    locale::Locale,
    mail::{Compose, Email},
    services::{Result, Services, rate_limit},
};

pub async fn topics(services: &Services, member: MemberId) -> Result<Vec<Topic>> {
    Ok(consent::topics(&services.db, member).await?)
}

/// Makes `wanted` the member's topics (from the account page).
pub async fn set_topics(services: &Services, member: MemberId, wanted: &[Topic]) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    consent::set_topics(
        &services.db,
        member,
        wanted,
        ConsentSource::AccountPage,
        now,
    )
    .await?;
    Ok(())
}

/// `12.news.7.<signature>`.
pub fn sign(services: &Services, link: Unsubscribe) -> String {
    services
        .signing
        .sign_text(Purpose::Unsubscribe, &link.message())
}

pub fn unsubscribe_url(
    services: &Services,
    member: MemberId,
    topic: Topic,
    campaign: CampaignId,
) -> String {
    let token = sign(
        services,
        Unsubscribe {
            member,
            topic,
            campaign,
        },
    );
    format!("{}/unsubscribe?token={token}", services.config.base_url)
}

/// What a link says, when the site signed it unchanged.
pub fn verify(services: &Services, token: &str) -> Option<Unsubscribe> {
    Unsubscribe::parse(services.signing.verify_text(Purpose::Unsubscribe, token)?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsubscribed {
    /// The topic is withdrawn now.
    Done(Topic),
    /// It was already (the link followed twice, or the member chose so since).
    Already(Topic),
    /// The link is not one the site signed.
    BadLink,
}

/// Withdraws the topic a link names; the same answer for a member since erased as
/// for one who already unsubscribed.
pub async fn unsubscribe(services: &Services, token: &str) -> Result<Unsubscribed> {
    let Some(link) = verify(services, token) else {
        return Ok(Unsubscribed::BadLink);
    };
    let now = OffsetDateTime::now_utc();
    let withdrawn = consent::withdraw(
        &services.db,
        link.member,
        link.topic,
        Some(link.campaign),
        now,
    )
    .await?;
    if withdrawn {
        tracing::info!(campaign = link.campaign.0, "unsubscribed by link");
        Ok(Unsubscribed::Done(link.topic))
    } else {
        Ok(Unsubscribed::Already(link.topic))
    }
}

/// Since when campaigns skip the member's address (a server refused it for good).
pub async fn undeliverable_since(
    services: &Services,
    member: MemberId,
) -> Result<Option<OffsetDateTime>> {
    Ok(sending::undeliverable_since(&services.db, member).await?)
}

/// The link that proves the address takes mail again: signed for this member and
/// this bounce (once cleared, or after another bounce, it no longer works).
fn address_token(services: &Services, member: MemberId, since: OffsetDateTime) -> String {
    let message = format!("{}.{}", member.0, since.unix_timestamp());
    services.signing.sign_text(Purpose::AddressWorks, &message)
}

struct AddressCheck<'a> {
    url: &'a str,
}

impl Compose for AddressCheck<'_> {
    fn compose(&self, locale: Locale, _base_url: &str) -> Email {
        Email {
            subject: locale.t("campaigns.address.email_subject"),
            text: locale.t1("campaigns.address.email_body", "link", self.url),
            html: None,
            calendar: None,
            link: Some(self.url.to_owned()),
            valid_for: crate::mail::compose::MAX_VALID_FOR,
        }
    }
}

/// Emails the member a link to confirm their address takes mail again (within the
/// address's email limit). `false` when it is not marked as bouncing.
pub async fn check_address(services: &Services, account: &Account, locale: Locale) -> Result<bool> {
    let Some(since) = undeliverable_since(services, account.id).await? else {
        return Ok(false);
    };
    rate_limit::enforce(services, &LimitKey::EmailsTo(account.email.clone())).await?;
    let url = format!(
        "{}/account/address?token={}",
        services.config.base_url,
        address_token(services, account.id, since)
    );
    services
        .mailer
        .send(&account.email, locale, AddressCheck { url: &url })
        .await?;
    Ok(true)
}

/// The member followed the link: their address takes mail; campaigns go to it again.
pub async fn address_works(services: &Services, token: &str) -> Result<bool> {
    let Some(message) = services.signing.verify_text(Purpose::AddressWorks, token) else {
        return Ok(false);
    };
    let Some(member) = message
        .split_once('.')
        .and_then(|(id, _)| id.parse().ok())
        .map(MemberId)
    else {
        return Ok(false);
    };
    let Some(since) = undeliverable_since(services, member).await? else {
        return Ok(false);
    };
    if address_token(services, member, since) != token {
        return Ok(false);
    }
    sending::clear_undeliverable(&services.db, member).await?;
    Ok(true)
}
