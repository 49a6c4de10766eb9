//! Sending campaigns, for as long as the process runs: a campaign whose time has
//! come is started (its audience frozen, by one instance), then its recipients are
//! claimed in batches within the pace (`MEMBERNET_CAMPAIGN_RATE` emails a minute,
//! all instances together) and sent by SMTP one by one.
//!
//! Nobody is skipped: a recipient is marked only after the server answered; one
//! claimed by a process that died is taken up again when its lease runs out
//! (`MEMBERNET_CAMPAIGN_LEASE`). Nobody gets two: a recipient is claimed by one
//! conditional update before it is sent, and marked sent as soon as the server took
//! it; the one email a crash can catch between those two moments is sent again with
//! the same Message-ID, which mail stores treat as the same message. Consent is
//! checked again for every batch, so someone who withdrew a second before their
//! email went out does not get it.

use std::collections::HashMap;

use membernet_domain::{
    MemberId,
    campaigns::{self, Campaign, CampaignId, CampaignStatus, language_for},
};
use membernet_persistence::campaigns::{
    self as stored, audience,
    sending::{self as store, Recipient},
};
use time::OffsetDateTime;
use tokio::sync::watch;

use super::consent;
use crate::{
    mail::{campaigns::Written, sender, smtp::Smtp},
    services::{Result, Services},
};

/// Recipients claimed at a time.
const BATCH: u32 = 50;
/// A recipient the server keeps refusing is given up on after this many tries.
const MAX_ATTEMPTS: i32 = 6;
/// How often the sender looks for work when nothing wakes it.
const POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// What a round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub started: u64,
    pub sent: u64,
    /// The pace allowed nothing more this minute.
    pub throttled: bool,
}

/// Sends until `stop` says so; the email being sent when it does is finished first.
pub async fn run(services: Services, mut stop: watch::Receiver<bool>) {
    let mut smtp = services.config.smtp_url.as_deref().and_then(Smtp::new);
    while !*stop.borrow() {
        let pause = match round(&services, smtp.as_mut(), &stop).await {
            Ok(round) if round.sent > 0 || round.started > 0 => std::time::Duration::ZERO,
            Ok(round) if round.throttled => std::time::Duration::from_secs(1),
            Ok(_) => POLL,
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "campaign sending failed");
                POLL
            }
        };
        if pause.is_zero() {
            tokio::task::yield_now().await;
            continue;
        }
        tokio::select! {
            _ = services.campaign_wake.notified() => {}
            _ = tokio::time::sleep(pause) => {}
            _ = stop.changed() => {}
        }
    }
}

/// Starts what is due, then sends one batch.
pub async fn round(
    services: &Services,
    transport: Option<&mut Smtp>,
    stop: &watch::Receiver<bool>,
) -> Result<Round> {
    let db = &services.db;
    let now = OffsetDateTime::now_utc();
    let mut round = Round::default();
    for id in audience::due(db, now).await? {
        let Some(campaign) = stored::find(db, id).await? else {
            continue;
        };
        if let Some(recipients) = audience::freeze(db, &campaign, now).await? {
            tracing::info!(campaign = id.0, recipients, "campaign started");
            round.started += 1;
        }
    }
    // Without an SMTP server nothing is sent: recipients wait, frozen.
    let Some(transport) = transport else {
        store::finish_done(db, now).await?;
        return Ok(round);
    };
    let rate = services.config.campaign_rate;
    let sent_last_minute =
        store::sent_since(db, now - time::Duration::minutes(1), rate.min(1_000_000)).await?;
    let budget = campaigns::budget(rate, sent_last_minute, BATCH);
    if budget == 0 {
        round.throttled = true;
        return Ok(round);
    }
    let lease = now + services.config.campaign_lease;
    let claimed = store::claim(db, budget, lease, now).await?;
    let mut by_campaign: HashMap<i64, Vec<Recipient>> = HashMap::new();
    for row in claimed {
        by_campaign.entry(row.campaign_id).or_default().push(row);
    }
    for (id, rows) in by_campaign {
        if *stop.borrow() {
            break;
        }
        round.sent += send_batch(services, &mut *transport, CampaignId(id), rows, stop).await?;
    }
    store::finish_done(db, OffsetDateTime::now_utc()).await?;
    Ok(round)
}

async fn send_batch(
    services: &Services,
    transport: &mut Smtp,
    id: CampaignId,
    rows: Vec<Recipient>,
    stop: &watch::Receiver<bool>,
) -> Result<u64> {
    let db = &services.db;
    let Some(campaign) = stored::find(db, id).await? else {
        return Ok(0);
    };
    if campaign.status != CampaignStatus::Sending {
        store::cancel_pending(db, id).await?;
        return Ok(0);
    }
    let member_ids: Vec<i64> = rows.iter().filter_map(|row| row.member_id).collect();
    let addresses = store::deliverable(db, campaign.draft.topic, &member_ids).await?;
    let (to_send, gone): (Vec<Recipient>, Vec<Recipient>) = rows.into_iter().partition(|row| {
        row.member_id
            .is_some_and(|member| addresses.contains_key(&member))
    });
    let gone: Vec<i64> = gone.iter().map(|row| row.id).collect();
    store::mark_withdrawn(db, &gone).await?;
    let mut written: HashMap<String, Written> = HashMap::new();
    let mut sent = 0;
    for row in to_send {
        if *stop.borrow() {
            // Left claimed: taken up again when the lease runs out.
            break;
        }
        let member = MemberId(row.member_id.unwrap_or_default());
        let address = &addresses[&member.0];
        let version = language_for(&campaign.draft, &row.language);
        let email_text = written.entry(version.language.clone()).or_insert_with(|| {
            Written::new(
                version,
                &campaign.draft.topic.message_key(),
                &services.config.base_url,
            )
        });
        let url = consent::unsubscribe_url(services, member, campaign.draft.topic, campaign.id);
        let email = email_text.for_recipient(&url);
        let message = crate::mail::campaigns::message(
            &services.config.email_from,
            address,
            &email,
            &url,
            message_id(services, &campaign, &row),
        );
        let outcome = match message {
            Ok(message) => transport
                .send(message)
                .await
                .map_err(|error| (error.is_permanent(), format!("{error:#}"))),
            Err(error) => Err((true, format!("{error:#}"))),
        };
        let now = OffsetDateTime::now_utc();
        match outcome {
            Ok(()) => {
                store::mark_sent(db, row.id, now).await?;
                services.metrics.email_sent();
                sent += 1;
            }
            Err((true, reason)) => {
                services.metrics.email_failed();
                tracing::warn!(
                    campaign = id.0,
                    recipient = row.id,
                    reason,
                    "address refused for good"
                );
                store::mark_bounced(db, &row, &reason, now).await?;
            }
            Err((false, reason)) => {
                services.metrics.email_failed();
                let retry_at = now + sender::backoff(row.attempts.max(1) - 1);
                store::mark_failed(db, &row, &reason, retry_at, MAX_ATTEMPTS).await?;
            }
        }
    }
    Ok(sent)
}

/// `<c12.r3456@host>`: the same for a recipient however often it is sent.
fn message_id(services: &Services, campaign: &Campaign, row: &Recipient) -> String {
    let host = services
        .config
        .base_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|host| !host.is_empty())
        .unwrap_or("membernet.localhost");
    format!("<campaign{}.recipient{}@{host}>", campaign.id.0, row.id)
}
