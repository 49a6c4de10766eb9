//! The demo network: a synthetic, deterministic network (the domain's generator,
//! `membernet_domain::demo`) written into an empty database, labelled as synthetic on
//! every page. Every feature that has something to show adds its part here, so a new
//! user sees it working at first start (`serve --demo`).

use std::sync::atomic::Ordering;

use membernet_domain::demo::DemoNetwork;
use membernet_persistence::demo_seed;

use super::{Result, Services};

/// What seeding came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seeded {
    Seeded {
        members: u64,
        organizations: u64,
    },
    /// The database holds a network already: nothing was written.
    NotEmpty,
}

/// Writes a demo network of `members` members (the same network for the same
/// `seed`) into an empty database. `progress` is told how many members are written.
pub async fn seed(
    services: &Services,
    members: usize,
    seed: u64,
    progress: impl FnMut(u64),
) -> Result<Seeded> {
    let network = DemoNetwork::new(members, seed);
    match demo_seed::seed(&services.db, &network, progress).await {
        Ok(seeded) => {
            programme(services).await?;
            newsletters(services).await?;
            library(services, seed).await?;
            services.demo.store(true, Ordering::Relaxed);
            services.public_changed().await?;
            Ok(Seeded::Seeded {
                members: seeded.members,
                organizations: seeded.organizations,
            })
        }
        Err(membernet_persistence::Error::NotEmpty) => Ok(Seeded::NotEmpty),
        Err(error) => Err(error.into()),
    }
}

/// The demo library (`membernet_domain::demo::library`, synthetic): 300 resources
/// and 40 stories published over the last years, a few members' submissions
/// waiting in the moderation queue.
async fn library(services: &Services, seed: u64) -> Result<()> {
    use membernet_domain::library::draft::Attachments;
    let submitters = membernet_persistence::library::demo_submitters(&services.db, 10).await?;
    let now = time::OffsetDateTime::now_utc();
    let mut waiting = submitters.iter().cycle();
    let items: Vec<_> = membernet_domain::demo::library::library(seed, 300, 40)
        .into_iter()
        .filter_map(|item| {
            let draft = item
                .input
                .parse(item.section, Attachments::default(), now.year())
                .ok()?;
            let submitter = if item.waiting {
                waiting.next().copied()
            } else {
                None
            };
            Some((draft, submitter, now - time::Duration::days(item.days_ago)))
        })
        .collect();
    membernet_persistence::library::seed_demo(&services.db, &items).await?;
    Ok(())
}

/// The demo's email choices (about six members in ten take the news) and its
/// campaigns (`membernet_domain::demo::campaigns`): a newsletter sent three weeks
/// ago to everyone who had chosen the news then (recorded as sent: the demo sends
/// no email), in the public archive; two drafts to open and try.
async fn newsletters(services: &Services) -> Result<()> {
    use membernet_persistence::campaigns::{self, audience, consent, sending};
    consent::seed_demo(&services.db).await?;
    let now = time::OffsetDateTime::now_utc();
    for demo in membernet_domain::demo::campaigns::campaigns() {
        let Ok(draft) = demo.input.parse() else {
            continue;
        };
        let campaign = campaigns::create(&services.db, &draft, now).await?;
        let Some(days) = demo.sent_days_ago else {
            continue;
        };
        let sent_at = now - time::Duration::days(days);
        campaigns::schedule(&services.db, campaign.id, sent_at, now).await?;
        if let Some(campaign) = campaigns::find(&services.db, campaign.id).await? {
            audience::freeze(&services.db, &campaign, sent_at).await?;
            sending::record_demo_delivery(&services.db, campaign.id, sent_at).await?;
            sending::finish_done(&services.db, sent_at).await?;
            campaigns::set_archived(&services.db, campaign.id, true).await?;
        }
    }
    Ok(())
}

/// The demo programme (`membernet_domain::demo::events`): past webinars with their
/// registrations, attendance and recordings, events to come with registrations
/// and a full workshop with a waiting list, a draft and a cancelled meeting.
async fn programme(services: &Services) -> Result<()> {
    use membernet_domain::events::{RegistrationId, RegistrationStatus};
    use membernet_persistence::events::{self, NewRegistration, Registered};
    let now = time::OffsetDateTime::now_utc();
    let mut offset = 0;
    for (index, demo) in membernet_domain::demo::events::programme(now.date())
        .into_iter()
        .enumerate()
    {
        let Ok(draft) = demo.input.parse() else {
            continue;
        };
        let event = events::create(&services.db, &draft, now).await?;
        if demo.published {
            events::set_status(
                &services.db,
                event.id,
                membernet_domain::events::EventStatus::Published,
                now,
            )
            .await?;
        }
        // A full event gets a short waiting list too.
        let wanted = demo.registrations + if draft.capacity.is_some() { 3 } else { 0 };
        let people = demo_seed::event_registrants(&services.db, offset, wanted as u64).await?;
        offset = (offset + 7 * (index as u64 + 1)) % 200;
        let mut attended = Vec::new();
        for (n, (id, name, email, country, language)) in people.into_iter().enumerate() {
            let person = NewRegistration {
                member: Some(id),
                name,
                email,
                country,
                language,
                pending: false,
            };
            let registered_at =
                draft.starts_at.min(now) - time::Duration::days(20 - (n as i64 % 19));
            if let Registered::Seat(row) =
                events::register(&services.db, event.id, &person, registered_at).await?
                && (n as u32 * 100) < demo.attended_percent * demo.registrations as u32
                && row.status == RegistrationStatus::Registered
            {
                attended.push(RegistrationId(row.id.0));
            }
        }
        if !attended.is_empty() {
            events::set_attendance(&services.db, event.id, &attended, now).await?;
        }
        if demo.cancelled {
            events::set_status(
                &services.db,
                event.id,
                membernet_domain::events::EventStatus::Cancelled,
                now,
            )
            .await?;
        }
    }
    Ok(())
}
