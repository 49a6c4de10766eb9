//! What the week's pages show, in the reader's language and zone: the days with
//! their dates written out, each item with what it is and (an event) when it is for
//! the reader, and the share kit's posts with their share links.

use membernet_domain::{
    events::Zone,
    markdown,
    weeks::{Graphic, Item, ItemKind, Post, Week, When, iso},
};
use time::{Date, OffsetDateTime};

use crate::{
    locale::Locale,
    services::weeks::{Programme, ProgrammeDay},
};

/// The reader's date in their zone.
pub fn today(zone: &Zone, now: OffsetDateTime) -> Date {
    let local = zone.local(now);
    time::Month::try_from(local.month)
        .ok()
        .and_then(|month| Date::from_calendar_date(local.year.into(), month, local.day).ok())
        .unwrap_or_else(|| now.date())
}

/// The week's header, as every page of it shows it.
pub struct WeekView {
    pub slug: String,
    /// `/weeks/2022`.
    pub path: String,
    pub title: String,
    pub theme: String,
    pub hashtag: String,
    /// "Monday 17 October 2022 – Friday 21 October 2022".
    pub dates: String,
    pub intro_html: String,
    pub draft: bool,
    /// `/join?from=week:2022`.
    pub join_link: String,
    /// Where today falls, in words ("Today is day 3 of 5", "Starts in 4 days").
    pub when: String,
}

impl WeekView {
    pub fn new(locale: Locale, week: &Week, today: Date) -> Self {
        let draft = &week.draft;
        let total = week.dates().len();
        let when = match week.when(today) {
            When::Before { days: 1 } => locale.t("weeks.when.tomorrow"),
            When::Before { days } => locale.t1("weeks.when.before", "days", &locale.number(days)),
            When::During(date) => {
                let n = (date - draft.starts_on).whole_days() + 1;
                locale.t2(
                    "weeks.when.during",
                    "day",
                    &locale.number(n),
                    "days",
                    &locale.number(total),
                )
            }
            When::After => locale.t("weeks.when.after"),
        };
        WeekView {
            slug: week.slug.clone(),
            path: format!("/weeks/{}", week.slug),
            title: draft.title.clone(),
            theme: draft.theme.clone(),
            hashtag: draft.hashtag.clone(),
            dates: format!(
                "{} – {}",
                locale.date(draft.starts_on),
                locale.date(draft.ends_on)
            ),
            intro_html: markdown::to_html(&draft.intro),
            draft: !week.is_public(),
            join_link: week.join_source().join_link(),
            when,
        }
    }
}

/// A day as the week's page and the day's own page show it.
pub struct DayView {
    /// `2022-10-17`: its address under the week.
    pub iso: String,
    /// "Monday 17 October 2022".
    pub date: String,
    /// "Day 1".
    pub number: String,
    pub theme: String,
    pub summary: String,
    pub is_today: bool,
    pub items: Vec<ItemView>,
}

impl DayView {
    pub fn new(
        locale: Locale,
        index: usize,
        day: &ProgrammeDay,
        reader: &Zone,
        today: Date,
    ) -> Self {
        DayView {
            iso: iso(day.date),
            date: locale.date(day.date),
            number: locale.t1("weeks.day_number", "n", &locale.number(index + 1)),
            theme: day.day.theme.clone(),
            summary: day.day.summary.clone(),
            is_today: day.date == today,
            items: day
                .items
                .iter()
                .map(|item| ItemView::new(locale, item, reader))
                .collect(),
        }
    }
}

/// Every day of `programme`, for a reader in `reader` whose date is `today`.
pub fn day_views(
    locale: Locale,
    programme: &Programme,
    reader: &Zone,
    today: Date,
) -> Vec<DayView> {
    programme
        .days
        .iter()
        .enumerate()
        .map(|(index, day)| DayView::new(locale, index, day, reader, today))
        .collect()
}

pub struct ItemView {
    pub kind: ItemKind,
    /// "Webinar", "Resource", "Story", "Email of the day".
    pub label: String,
    pub path: String,
    pub title: String,
    pub summary: String,
    /// An event's time in the reader's zone.
    pub when: Option<String>,
    /// Kept on the day but not public yet (staff see it, marked).
    pub hidden: bool,
}

impl ItemView {
    pub fn new(locale: Locale, item: &Item, reader: &Zone) -> Self {
        ItemView {
            kind: item.kind,
            label: locale.t(&item.kind.message_key()),
            path: item.path(),
            title: item.title.clone(),
            summary: item.summary.clone(),
            when: item
                .starts_at
                .filter(|_| item.kind == ItemKind::Event)
                .map(|at| locale.day_and_time(&reader.local(at))),
            hidden: !item.public,
        }
    }

    pub fn is_campaign(&self) -> bool {
        self.kind == ItemKind::Campaign
    }
}

/// A post of the kit, with the words to copy and its share link.
pub struct PostView {
    pub id: i64,
    pub network: &'static str,
    pub language: String,
    pub body: String,
    pub link: String,
    /// What the copy button copies: the words and the link.
    pub text: String,
    pub share_url: String,
    /// Only the link goes through the share address (Facebook, LinkedIn).
    pub link_only: bool,
}

impl PostView {
    pub fn new(post: &Post, week_url: &str) -> Self {
        let draft = &post.draft;
        let link = draft.link.clone().unwrap_or_else(|| week_url.to_owned());
        PostView {
            id: post.id,
            network: draft.network.name(),
            language: draft.language.clone(),
            text: format!("{} {link}", draft.body),
            share_url: draft.network.share_url(&draft.body, &link),
            link_only: !draft.network.takes_text(),
            body: draft.body.clone(),
            link,
        }
    }
}

/// A graphic of the kit: where to download it and what it suits.
pub struct GraphicView {
    pub id: i64,
    pub alt: String,
    pub language: String,
    pub width: u32,
    pub height: u32,
    pub size: String,
    pub suits: String,
    pub path: String,
}

impl GraphicView {
    pub fn new(locale: Locale, week: &Week, graphic: &Graphic) -> Self {
        let suits = graphic.shape().suits();
        GraphicView {
            id: graphic.id,
            alt: graphic.alt.clone(),
            language: graphic.language.clone(),
            width: graphic.width,
            height: graphic.height,
            size: locale.file_size(graphic.bytes),
            suits: if suits.is_empty() {
                locale.t("weeks.kit.suits_none")
            } else {
                locale.t1("weeks.kit.suits", "networks", &suits.join(", "))
            },
            path: graphic_path(week, graphic),
        }
    }
}

pub fn graphic_path(week: &Week, graphic: &Graphic) -> String {
    format!(
        "/weeks/{}/graphics/{}",
        week.slug,
        graphic_file_name(graphic)
    )
}

/// `3-1200x675.jpg`: its id, then its size.
pub fn graphic_file_name(graphic: &Graphic) -> String {
    format!("{}-{}x{}.jpg", graphic.id, graphic.width, graphic.height)
}
