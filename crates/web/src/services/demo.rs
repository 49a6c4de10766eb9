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
