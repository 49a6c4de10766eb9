//! Where demo members came from: most directly, some from the awareness week of
//! the year they joined (`week:2022`), a few from an event or a newsletter. The
//! slugs have the shape of the site's own (words and a date) but name no demo
//! event or newsletter: those are dated from the seeding day, members are not.

use time::{Date, OffsetDateTime};

use crate::{
    events::slug_for,
    join_source::{JoinSource, SourceKind, SourceSlug},
    random::SplitMix64,
};

/// Direct, week, event, campaign: in hundredths.
const WEIGHTS: [u32; 4] = [78, 12, 5, 5];

const EVENTS: [&str; 3] = [
    "Supervision in practice webinar",
    "Regional workshop on workforce planning",
    "World Social Work Day panel",
];

/// The source of a member who joined at `joined_at`.
pub(super) fn join_source(joined_at: OffsetDateTime, rng: &mut SplitMix64) -> JoinSource {
    let kind = SourceKind::ALL[rng.weighted(&WEIGHTS)];
    let slug = match kind {
        SourceKind::Direct => return JoinSource::Direct,
        SourceKind::Week => joined_at.year().to_string(),
        SourceKind::Event => slug_for(rng.pick::<&str>(&EVENTS), joined_at),
        SourceKind::Campaign => {
            let first = Date::from_calendar_date(joined_at.year(), joined_at.month(), 1)
                .map_or(joined_at, |day| day.midnight().assume_utc());
            slug_for("Network news", first)
        }
    };
    SourceSlug::parse(&slug).map_or(JoinSource::Direct, |slug| JoinSource::tagged(kind, slug))
}
