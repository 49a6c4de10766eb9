//! What staff type for a week and for each of its days, and the checks that turn
//! it into a [`WeekDraft`] or a [`DayDraft`]: every field's problem at once, so the
//! form can show them all.

use time::Date;

use super::{ItemAddress, iso, parse_iso};

pub const MAX_TITLE: usize = 200;
pub const MAX_THEME: usize = 300;
pub const MAX_INTRO: usize = 20_000;
pub const MAX_SLUG: usize = 60;
pub const MAX_HASHTAG: usize = 60;
/// Awareness weeks run a week; a fortnight leaves room for a long one.
pub const MAX_DAYS: i64 = 14;
pub const MAX_DAY_SUMMARY: usize = 600;
pub const MAX_DAY_ITEMS: usize = 20;

/// A week's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeekInput {
    pub title: String,
    pub slug: String,
    pub theme: String,
    pub hashtag: String,
    pub intro: String,
    pub starts_on: String,
    pub ends_on: String,
    pub show_donation_total: bool,
}

/// A valid week's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekDraft {
    pub title: String,
    /// Lower-case letters, digits and dashes (`2022`, `workforce-week-2023`).
    pub slug: String,
    pub theme: String,
    /// With its `#` (`#SSWWeek`).
    pub hashtag: String,
    /// Markdown (see `crate::markdown`).
    pub intro: String,
    pub starts_on: Date,
    pub ends_on: Date,
    /// Whether the week's pages show the gifts recorded during it.
    pub show_donation_total: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekError {
    TitleMissing,
    TitleTooLong,
    SlugInvalid,
    ThemeMissing,
    ThemeTooLong,
    HashtagInvalid,
    IntroTooLong,
    StartInvalid,
    EndInvalid,
    EndBeforeStart,
    TooLong,
}

impl WeekError {
    /// The form field the problem is shown next to.
    pub fn field(self) -> &'static str {
        use WeekError::*;
        match self {
            TitleMissing | TitleTooLong => "title",
            SlugInvalid => "slug",
            ThemeMissing | ThemeTooLong => "theme",
            HashtagInvalid => "hashtag",
            IntroTooLong => "intro",
            StartInvalid => "starts_on",
            EndInvalid | EndBeforeStart | TooLong => "ends_on",
        }
    }

    /// The message's key in the catalogues (`weeks.error.*`).
    pub fn code(self) -> &'static str {
        use WeekError::*;
        match self {
            TitleMissing => "title_missing",
            TitleTooLong | ThemeTooLong | IntroTooLong => "too_long",
            SlugInvalid => "slug_invalid",
            ThemeMissing => "theme_missing",
            HashtagInvalid => "hashtag_invalid",
            StartInvalid | EndInvalid => "date_invalid",
            EndBeforeStart => "end_before_start",
            TooLong => "too_many_days",
        }
    }
}

impl WeekDraft {
    pub fn check(input: &WeekInput) -> Result<WeekDraft, Vec<WeekError>> {
        let mut errors = Vec::new();
        let title = input.title.trim().to_owned();
        if title.is_empty() {
            errors.push(WeekError::TitleMissing);
        } else if title.chars().count() > MAX_TITLE {
            errors.push(WeekError::TitleTooLong);
        }
        let slug = input.slug.trim().to_ascii_lowercase();
        if !valid_slug(&slug) {
            errors.push(WeekError::SlugInvalid);
        }
        let theme = input.theme.trim().to_owned();
        if theme.is_empty() {
            errors.push(WeekError::ThemeMissing);
        } else if theme.chars().count() > MAX_THEME {
            errors.push(WeekError::ThemeTooLong);
        }
        let hashtag = hashtag(&input.hashtag);
        if hashtag.is_none() {
            errors.push(WeekError::HashtagInvalid);
        }
        let intro = input.intro.trim().to_owned();
        if intro.chars().count() > MAX_INTRO {
            errors.push(WeekError::IntroTooLong);
        }
        let starts_on = parse_iso(&input.starts_on);
        if starts_on.is_none() {
            errors.push(WeekError::StartInvalid);
        }
        let ends_on = parse_iso(&input.ends_on);
        if ends_on.is_none() {
            errors.push(WeekError::EndInvalid);
        }
        if let (Some(starts), Some(ends)) = (starts_on, ends_on) {
            if ends < starts {
                errors.push(WeekError::EndBeforeStart);
            } else if (ends - starts).whole_days() >= MAX_DAYS {
                errors.push(WeekError::TooLong);
            }
        }
        match (hashtag, starts_on, ends_on) {
            (Some(hashtag), Some(starts_on), Some(ends_on)) if errors.is_empty() => Ok(WeekDraft {
                title,
                slug,
                theme,
                hashtag,
                intro,
                starts_on,
                ends_on,
                show_donation_total: input.show_donation_total,
            }),
            _ => Err(errors),
        }
    }

    /// The week's dates, first to last.
    pub fn dates(&self) -> Vec<Date> {
        let mut dates = vec![self.starts_on];
        while let Some(next) = dates.last().and_then(|day| day.next_day()) {
            if next > self.ends_on {
                break;
            }
            dates.push(next);
        }
        dates
    }

    /// The fields as the form shows them.
    pub fn input(&self) -> WeekInput {
        WeekInput {
            title: self.title.clone(),
            slug: self.slug.clone(),
            theme: self.theme.clone(),
            hashtag: self.hashtag.clone(),
            intro: self.intro.clone(),
            starts_on: iso(self.starts_on),
            ends_on: iso(self.ends_on),
            show_donation_total: self.show_donation_total,
        }
    }
}

/// A week's address: `2022`, `workforce-week-2023`.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A hashtag as networks read one: `#`, then letters, digits or underscores (any
/// script), the `#` added when it was left out.
pub fn hashtag(typed: &str) -> Option<String> {
    let tag = typed.trim();
    let tag = tag.strip_prefix('#').unwrap_or(tag);
    let valid = !tag.is_empty()
        && tag.chars().count() <= MAX_HASHTAG
        && tag.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !tag.chars().all(|c| c.is_ascii_digit());
    valid.then(|| format!("#{tag}"))
}

/// A day's fields as typed: its theme, a line about it, and what it offers, one
/// address a line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayInput {
    pub theme: String,
    pub summary: String,
    pub items: String,
}

/// A valid day: what it offers, in the order typed, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayDraft {
    pub theme: String,
    pub summary: String,
    pub items: Vec<ItemAddress>,
}

/// What is wrong with a day: the field, the problem's code (`weeks.error.*`) and,
/// for an address, the line as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayError {
    pub field: &'static str,
    pub code: &'static str,
    pub line: Option<String>,
}

impl DayDraft {
    pub fn check(input: &DayInput) -> Result<DayDraft, Vec<DayError>> {
        let mut errors = Vec::new();
        let theme = input.theme.trim().to_owned();
        if theme.chars().count() > MAX_THEME {
            errors.push(DayError {
                field: "theme",
                code: "too_long",
                line: None,
            });
        }
        let summary = input.summary.trim().to_owned();
        if summary.chars().count() > MAX_DAY_SUMMARY {
            errors.push(DayError {
                field: "summary",
                code: "too_long",
                line: None,
            });
        }
        let mut items: Vec<ItemAddress> = Vec::new();
        for line in input.items.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match ItemAddress::parse(line) {
                Some(address) if !items.contains(&address) => items.push(address),
                Some(_) => {}
                None => errors.push(DayError {
                    field: "items",
                    code: "address_invalid",
                    line: Some(line.chars().take(200).collect()),
                }),
            }
        }
        if items.len() > MAX_DAY_ITEMS {
            errors.push(DayError {
                field: "items",
                code: "too_many_items",
                line: None,
            });
        }
        if errors.is_empty() {
            Ok(DayDraft {
                theme,
                summary,
                items,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::weeks::ItemKind;

    fn input() -> WeekInput {
        WeekInput {
            title: "Social Service Workforce Week 2022".into(),
            slug: "2022".into(),
            theme: "Making the case for investing".into(),
            hashtag: "#SSWWeek".into(),
            intro: "Every year…".into(),
            starts_on: "2022-10-17".into(),
            ends_on: "2022-10-21".into(),
            show_donation_total: true,
        }
    }

    #[test]
    fn a_good_week_is_kept_as_typed() {
        let draft = WeekDraft::check(&input()).unwrap();
        assert_eq!(draft.hashtag, "#SSWWeek");
        assert_eq!(draft.starts_on, date!(2022 - 10 - 17));
        assert_eq!(
            draft.dates(),
            vec![
                date!(2022 - 10 - 17),
                date!(2022 - 10 - 18),
                date!(2022 - 10 - 19),
                date!(2022 - 10 - 20),
                date!(2022 - 10 - 21)
            ]
        );
        assert_eq!(WeekDraft::check(&draft.input()).unwrap(), draft);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let errors = WeekDraft::check(&WeekInput {
            title: " ".into(),
            slug: "Week 2022!".into(),
            theme: String::new(),
            hashtag: "#two words".into(),
            intro: "x".repeat(MAX_INTRO + 1),
            starts_on: "2022-10-17".into(),
            ends_on: "2022-10-16".into(),
            show_donation_total: false,
        })
        .unwrap_err();
        assert_eq!(
            errors,
            vec![
                WeekError::TitleMissing,
                WeekError::SlugInvalid,
                WeekError::ThemeMissing,
                WeekError::HashtagInvalid,
                WeekError::IntroTooLong,
                WeekError::EndBeforeStart,
            ]
        );
        let mut long = input();
        long.ends_on = "2022-11-30".into();
        assert_eq!(WeekDraft::check(&long), Err(vec![WeekError::TooLong]));
        let mut bad_date = input();
        bad_date.starts_on = "17/10/2022".into();
        assert_eq!(
            WeekDraft::check(&bad_date),
            Err(vec![WeekError::StartInvalid])
        );
    }

    #[test]
    fn hashtags_are_one_word_with_their_sign() {
        assert_eq!(hashtag("SSWWeek").as_deref(), Some("#SSWWeek"));
        assert_eq!(hashtag(" #Semaine_TSS ").as_deref(), Some("#Semaine_TSS"));
        assert_eq!(hashtag("#Trabajo2022").as_deref(), Some("#Trabajo2022"));
        for bad in ["", "#", "#a b", "#2022", "#a-b", "##x"] {
            assert_eq!(hashtag(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_day_lists_addresses_once_in_order_and_names_bad_lines() {
        let day = DayDraft::check(&DayInput {
            theme: "Health facilities".into(),
            summary: String::new(),
            items: "/events/health-2022\n\n/resources/paper\n/events/health-2022\n".into(),
        })
        .unwrap();
        assert_eq!(day.items.len(), 2);
        assert_eq!(day.items[1].kind, ItemKind::Resource);
        let errors = DayDraft::check(&DayInput {
            theme: String::new(),
            summary: String::new(),
            items: "/events/ok\n/members/3\n".into(),
        })
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "address_invalid");
        assert_eq!(errors[0].line.as_deref(), Some("/members/3"));
    }
}
