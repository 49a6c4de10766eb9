//! The member list's filters as typed in its query string (`/staff/members?…`, and
//! the command line's `export members` flags): parsed into a `MemberQuery`, with a
//! message per filter that is not understood, and written back into links, the
//! export's file name and the audit log.

use membernet_domain::{AccountStatus, CountryCode, Role, country};
use membernet_persistence::staff_members::{MemberQuery, MemberSort};
use serde::Deserialize;
use time::Date;

use crate::{forms::FieldErrors, locale::Locale};

/// The list's query string, as typed (kept on the page when something is wrong).
#[derive(Deserialize, Default, Clone)]
pub struct Filters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub verified: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: u64,
    #[serde(default)]
    pub format: String,
}

const FIELD_ORDER: [&str; 7] = [
    "q", "country", "region", "status", "verified", "role", "sort",
];

impl Filters {
    /// The query, or a message per field that does not parse.
    pub fn parse(&self, locale: Locale) -> Result<MemberQuery, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut query = MemberQuery {
            search: self.q.trim().to_owned(),
            page: self.page,
            ..MemberQuery::default()
        };
        if !self.country.trim().is_empty() {
            match CountryCode::parse(&self.country) {
                Ok(code) => query.countries = vec![code],
                Err(_) => errors.add("country", locale.t("staff_members.error.country")),
            }
        } else if !self.region.is_empty() {
            query.countries = country::in_region(&self.region);
            if query.countries.is_empty() {
                errors.add("region", locale.t("staff_members.error.region"));
            }
        }
        match self.status.as_str() {
            "" => {}
            raw => match AccountStatus::parse(raw) {
                Some(status) => query.status = Some(status),
                None => errors.add("status", locale.t("staff_members.error.status")),
            },
        }
        match self.verified.as_str() {
            "" => {}
            "yes" => query.verified = Some(true),
            "no" => query.verified = Some(false),
            _ => errors.add("verified", locale.t("staff_members.error.verified")),
        }
        match self.role.as_str() {
            "" => {}
            raw => match Role::parse(raw) {
                Some(role) => query.role = Some(role),
                None => errors.add("role", locale.t("staff_members.error.role")),
            },
        }
        match self.sort.as_str() {
            "" => {}
            raw => match MemberSort::parse(raw) {
                Some(sort) => query.sort = sort,
                None => errors.add("sort", locale.t("staff_members.error.sort")),
            },
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            errors.order_by(&FIELD_ORDER);
            Err(errors)
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("q", self.q.trim().to_owned()),
            ("country", self.country.trim().to_ascii_uppercase()),
            ("region", self.region.clone()),
            ("status", self.status.clone()),
            ("verified", self.verified.clone()),
            ("role", self.role.clone()),
            ("sort", self.sort.clone()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }

    /// The view's filters and sort as a query string, as the audit log keeps them:
    /// that a search was used (`search=yes`), never what was searched (names,
    /// addresses), which the log would keep for ever.
    pub fn audited(&self) -> String {
        let pairs: Vec<(&str, String)> = self
            .pairs()
            .into_iter()
            .map(|(key, value)| match key {
                "q" => ("search", "yes".to_owned()),
                _ => (key, value),
            })
            .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    pub fn link(&self, page: u64) -> String {
        let mut pairs = self.pairs();
        if page > 0 {
            pairs.push(("page", page.to_string()));
        }
        format!(
            "/staff/members?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }

    pub fn csv_link(&self) -> String {
        let mut pairs = self.pairs();
        pairs.push(("format", "csv".to_owned()));
        format!(
            "/staff/members?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }

    /// `members-country-KE-status-active-2026-11-29.csv`: the filters, then the day.
    pub fn file_name(&self, today: Date) -> String {
        let mut name = String::from("members");
        for (key, value) in self.pairs() {
            if key == "sort" {
                continue;
            }
            let key = if key == "q" { "search" } else { key };
            let value = value
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| !word.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            if !value.is_empty() {
                let value: String = value.chars().take(40).collect();
                name.push_str(&format!("-{key}-{value}"));
            }
        }
        format!("{name}-{today}.csv")
    }

    pub fn is_country(&self, code: &str) -> bool {
        self.country.trim().eq_ignore_ascii_case(code)
    }

    /// A country typed into the URL that is not in the list, kept to show it.
    pub fn unknown_country(&self) -> Option<&str> {
        let typed = self.country.trim();
        (!typed.is_empty() && CountryCode::parse(typed).is_err()).then_some(typed)
    }
}

#[cfg(test)]
mod tests {
    use super::Filters;

    #[test]
    fn the_file_name_says_which_filters_made_it() {
        let filters = Filters {
            country: "ke".into(),
            status: "active".into(),
            sort: "joined".into(),
            ..Filters::default()
        };
        let day = time::macros::date!(2026 - 11 - 29);
        assert_eq!(
            filters.file_name(day),
            "members-country-KE-status-active-2026-11-29.csv"
        );
        let search = Filters {
            q: "\"; rm -rf /".into(),
            ..Filters::default()
        };
        assert_eq!(search.file_name(day), "members-search-rm-rf-2026-11-29.csv");
        assert_eq!(Filters::default().file_name(day), "members-2026-11-29.csv");
    }
}
