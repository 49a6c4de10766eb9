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
            membernet_persistence::donations::seed_demo(&services.db).await?;
            week(services).await?;
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
/// and 40 stories published over the last years (a dozen resources with a PDF to
/// download, four stories with a photo in its widths), a few members' submissions
/// waiting in the moderation queue.
async fn library(services: &Services, seed: u64) -> Result<()> {
    use membernet_domain::{
        demo::library::demo_pdf,
        library::{Section, StoredFile, draft::Attachments, files::FileKind},
    };
    use membernet_persistence::library::{DemoEntry, files};
    let submitters = membernet_persistence::library::demo_submitters(&services.db, 10).await?;
    let now = time::OffsetDateTime::now_utc();
    let mut waiting = submitters.iter().cycle();
    let mut entries = Vec::new();
    let (mut pdfs, mut photos) = (0, 0);
    for item in membernet_domain::demo::library::library(seed, 300, 40) {
        let mut attachments = Attachments::default();
        let mut file = None;
        let mut photo = None;
        if item.section == Section::Resource && !item.waiting && pdfs < 12 {
            pdfs += 1;
            let stored = StoredFile {
                key: crate::files::new_key(),
                kind: FileKind::Pdf,
                name: membernet_domain::library::files::download_name(
                    &item.input.title,
                    FileKind::Pdf,
                ),
                bytes: 0,
                widths: Vec::new(),
            };
            let bytes = demo_pdf(&item.input.title);
            services
                .files
                .put(&stored.key, bytes.clone().into())
                .await?;
            let stored = StoredFile {
                bytes: bytes.len() as i64,
                ..stored
            };
            files::insert(&services.db, &stored, None, now).await?;
            attachments.file = true;
            file = Some(stored.key);
        }
        if item.section == Section::Story && !item.waiting && photos < 4 {
            photos += 1;
            let stored = demo_photo(services, photos, now).await?;
            attachments.photo = true;
            photo = Some(stored.key);
        }
        let mut input = item.input;
        if photo.is_some() {
            input.photo_alt =
                "An abstract pattern standing in for a photo (synthetic demo)".to_owned();
        }
        let Ok(draft) = input.parse(item.section, attachments, now.year()) else {
            continue;
        };
        entries.push(DemoEntry {
            draft,
            submitter: if item.waiting {
                waiting.next().copied()
            } else {
                None
            },
            at: now - time::Duration::days(item.days_ago),
            file_key: file,
            photo_key: photo,
        });
    }
    membernet_persistence::library::seed_demo(&services.db, &entries).await?;
    Ok(())
}

/// A picture for a demo story (a pattern, not a person), stored in its widths.
async fn demo_photo(
    services: &Services,
    index: u32,
    now: time::OffsetDateTime,
) -> Result<membernet_domain::library::StoredFile> {
    use membernet_domain::library::{StoredFile, files::FileKind};
    let png = tokio::task::spawn_blocking(move || {
        let image = image::RgbImage::from_fn(1400, 930, |x, y| {
            let band = ((x / 70 + y / 70 + index) % 4) as u8;
            image::Rgb([30 + band * 40, 90 + band * 25, 140 + band * 20])
        });
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(image)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map(|_| png)
    })
    .await
    .map_err(|error| super::Error::Internal(error.into()))?
    .map_err(|error| super::Error::Internal(error.into()))?;
    let photo = tokio::task::spawn_blocking(move || crate::files::prepare_photo(&png))
        .await
        .map_err(|error| super::Error::Internal(error.into()))?
        .map_err(|error| super::Error::Internal(anyhow::anyhow!("demo photo: {error}")))?;
    let key = crate::files::new_key();
    let mut widths = Vec::new();
    let mut total = 0;
    for (width, jpeg) in photo.variants {
        total += jpeg.len();
        services
            .files
            .put(&crate::files::variant_key(&key, width), jpeg.into())
            .await?;
        widths.push(width);
    }
    let stored = StoredFile {
        key,
        kind: FileKind::Jpeg,
        name: format!("demo-photo-{index}.jpg"),
        bytes: total as i64,
        widths,
    };
    membernet_persistence::library::files::insert(&services.db, &stored, None, now).await?;
    Ok(stored)
}

/// The demo's email choices (about six members in ten take the news) and its
/// campaigns (`membernet_domain::demo::campaigns`): a newsletter sent three weeks
/// ago to everyone who had chosen the news then (recorded as sent: the demo sends
/// no email), in the public archive; two drafts to open and try.
async fn newsletters(services: &Services) -> Result<()> {
    use membernet_persistence::campaigns::{self, consent};
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
        sent_as_demo(services, campaign.id, now - time::Duration::days(days)).await?;
    }
    Ok(())
}

/// Records a demo campaign as sent at `sent_at` to everyone who had chosen its
/// topic (the demo sends no email), and puts it in the public archive.
async fn sent_as_demo(
    services: &Services,
    id: membernet_domain::campaigns::CampaignId,
    sent_at: time::OffsetDateTime,
) -> Result<()> {
    use membernet_persistence::campaigns::{self, audience, sending};
    let now = time::OffsetDateTime::now_utc();
    campaigns::schedule(&services.db, id, sent_at, now).await?;
    if let Some(campaign) = campaigns::find(&services.db, id).await? {
        audience::freeze(&services.db, &campaign, sent_at).await?;
        sending::record_demo_delivery(&services.db, id, sent_at).await?;
        sending::finish_done(&services.db, sent_at).await?;
        campaigns::set_archived(&services.db, id, true).await?;
    }
    Ok(())
}

/// The demo's awareness week (`membernet_domain::demo::weeks`): the 2022 week's
/// theme and days on this week's dates, its two webinars, a daily email (those
/// up to today recorded as sent), resources and stories from the demo library,
/// posts and two synthetic graphics; published.
async fn week(services: &Services) -> Result<()> {
    use membernet_domain::{
        events::EventStatus,
        library::Section,
        weeks::{Day, ItemKind, PostDraft, WeekDraft, WeekStatus},
    };
    use membernet_persistence::{campaigns, events, library::search, weeks};
    let now = time::OffsetDateTime::now_utc();
    let demo = membernet_domain::demo::weeks::week(now.date());
    let Ok(draft) = WeekDraft::check(&demo.input) else {
        return Ok(());
    };
    let wanted = |count: fn(&membernet_domain::demo::weeks::DemoDay) -> usize| {
        demo.days.iter().map(count).sum::<usize>() as u64
    };
    // The newest of each section, one a title (the demo library repeats some).
    let distinct = |items: Vec<membernet_domain::library::Item>| {
        let mut seen = std::collections::HashSet::new();
        items
            .into_iter()
            .filter(move |item| seen.insert(item.fields.title.clone()))
    };
    let mut resources = distinct(
        search::latest(&services.db, Section::Resource, 3 * wanted(|d| d.resources)).await?,
    );
    let mut stories =
        distinct(search::latest(&services.db, Section::Story, 3 * wanted(|d| d.stories)).await?);
    let id = weeks::insert(&services.db, &draft, WeekStatus::Published, now).await?;
    for day in &demo.days {
        let mut items = Vec::new();
        if let Some(Ok(webinar)) = day.webinar.as_ref().map(|input| input.parse()) {
            let event = events::create(&services.db, &webinar, now).await?;
            events::set_status(&services.db, event.id, EventStatus::Published, now).await?;
            items.push((ItemKind::Event, event.id.0));
        }
        items.extend(
            resources
                .by_ref()
                .take(day.resources)
                .map(|item| (ItemKind::Resource, item.id.0)),
        );
        items.extend(
            stories
                .by_ref()
                .take(day.stories)
                .map(|item| (ItemKind::Story, item.id.0)),
        );
        if let Ok(email) = day.email.parse() {
            let campaign = campaigns::create(&services.db, &email, now).await?;
            // Sent at 8:00 in New York on its day, for the days up to today.
            let sent_at = (day.date.midnight().assume_utc() + time::Duration::hours(13)).min(now);
            if day.date <= now.date() {
                sent_as_demo(services, campaign.id, sent_at).await?;
            }
            items.push((ItemKind::Campaign, campaign.id.0));
        }
        let stored = Day {
            theme: day.theme.to_owned(),
            summary: day.summary.to_owned(),
        };
        weeks::set_day(&services.db, id, day.date, &stored, &items).await?;
    }
    let url = format!("{}/weeks/{}", services.config.base_url, draft.slug);
    for post in &demo.posts {
        if let Ok(post) = PostDraft::check(post, &draft.hashtag, &url) {
            weeks::add_post(&services.db, id, &post).await?;
        }
    }
    if let Some(week) = weeks::get(&services.db, id).await? {
        for (width, height, alt) in [
            (
                1200,
                675,
                "Synthetic demo graphic for X, LinkedIn and Facebook: bands of the network's colours (a real kit would carry the week's message and hashtag).",
            ),
            (
                1080,
                1080,
                "Synthetic demo graphic for Instagram and Facebook: a square pattern in the network's colours (a real kit would carry the week's message).",
            ),
        ] {
            let picture = bytes::Bytes::from(demo_graphic(width, height));
            if let Err(refused) =
                super::weeks::add_graphic(services, &week, Some(picture), alt, "en").await?
            {
                tracing::warn!(?refused, "a demo graphic was refused");
            }
        }
    }
    Ok(())
}

/// A synthetic graphic: diagonal bands in the site's colours (PNG).
fn demo_graphic(width: u32, height: u32) -> Vec<u8> {
    let colours = [
        [0x1d, 0x4e, 0x89],
        [0x2a, 0x7f, 0x62],
        [0xf2, 0xa5, 0x41],
        [0xf7, 0xf4, 0xea],
    ];
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb(colours[(((x + y) / 90) % 4) as usize])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    if picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .is_err()
    {
        return Vec::new();
    }
    bytes.into_inner()
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
