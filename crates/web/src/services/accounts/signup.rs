//! Joining the network: a free account in one form.
//!
//! A new address gets a confirmation email, a known one a note to its owner, after
//! the same work (the password is hashed either way) and with the same answer. Bots
//! meet a honeypot field and a minimum fill time; addresses meet rate limits. The
//! account and its new organisation, if it names one, are written in one
//! transaction, with the link the joiner came from (`?from=`, see
//! `membernet_domain::join_source`). An address that already has an account keeps
//! the source it joined from.

use membernet_domain::{
    Role,
    rate_limit::{ClientAddress, LimitKey},
    signup::{Signup, filled_too_fast},
};
use membernet_persistence::members;
use time::OffsetDateTime;

use super::{affiliated, emails};
use crate::{
    locale::Locale,
    services::{Result, Services, rate_limit},
};

pub struct JoinRequest {
    pub client: ClientAddress,
    /// The honeypot field (hidden from people) was filled in.
    pub honeypot: bool,
    pub form_shown_at: Option<OffsetDateTime>,
    pub now: OffsetDateTime,
    /// The form as a valid signup, or `None` when a field is not valid.
    pub signup: Option<Signup>,
    /// The page's language: the account's, and its first email's.
    pub locale: Locale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    /// The email that follows is on its way (or the honeypot caught a bot, which is
    /// told the same).
    Sent,
    /// Sent back faster than a person fills the form in.
    TooFast,
    /// A field is not valid (the caller has the messages).
    Invalid,
    /// The organisation is new to the network and its type was not chosen.
    OrganizationTypeNeeded,
}

pub async fn join(services: &Services, request: JoinRequest) -> Result<Joined> {
    rate_limit::enforce(services, &LimitKey::JoinFrom(request.client)).await?;
    if request.honeypot {
        tracing::info!("join: honeypot filled; nothing created");
        return Ok(Joined::Sent);
    }
    let minimum = services.config.join_min_fill_time;
    if filled_too_fast(request.form_shown_at, request.now, minimum) {
        tracing::info!("join: form sent back faster than a person fills it in");
        return Ok(Joined::TooFast);
    }
    let Some(signup) = request.signup else {
        return Ok(Joined::Invalid);
    };
    let organization = match &signup.organization {
        None => None,
        Some(affiliation) => match affiliated(services, affiliation).await? {
            Some(organization) => Some(organization),
            None => return Ok(Joined::OrganizationTypeNeeded),
        },
    };
    // Hash before the address is looked up, so both outcomes cost the same.
    let hash = services
        .passwords
        .hash(signup.password.expose().to_owned())
        .await?;
    let created = members::create(
        &services.db,
        members::NewAccount {
            email: &signup.email,
            full_name: &signup.full_name,
            country: Some(signup.country),
            password_hash: Some(&hash),
            role: Role::Member,
            locale: request.locale.code(),
            category: signup.category,
            organization,
            listed: signup.listed,
            topics: &signup.topics,
            join_source: &signup.source,
        },
        request.now,
    )
    .await?;
    let work = emails::after_signup(services.clone(), signup.email, created, request.locale);
    services.background.spawn("signup email", work);
    services.metrics.signup();
    Ok(Joined::Sent)
}
