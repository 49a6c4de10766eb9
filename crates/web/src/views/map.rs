//! The members map: every country coloured by its members, drawn on the server as SVG.
//!
//! The shapes are projected once, by `scripts/world-map/project.mjs`, into
//! `web/static/world-map.tsv` (how, and from what, is in that folder's README); here
//! they are only coloured. Each country is a link to its profile whose `<title>` names
//! it with its members, shown on hover and read by screen readers; a readout in the
//! ocean shows the same on keyboard focus. Countries too small for the shapes are dots.
//!
//! Rules: colours are five classes of viridis, readable for colour-blind people, set
//! by class in the stylesheet (the CSP forbids inline styles); the class breaks are
//! quantiles of the countries with members rounded to round numbers, so a map with a
//! few large countries still tells the small ones apart. Countries without members are
//! a neutral grey, still linked but left out of the tab order, so a keyboard user
//! steps through the countries that have members rather than all 240. The map is
//! never the only way to the figures: pages show them as a table too ([`by_members`]).

use std::{collections::HashMap, fmt::Write, sync::LazyLock};

use membernet_domain::{Country, country};

use crate::locale::Locale;

const WORLD_MAP_TSV: &str = include_str!("../../../../web/static/world-map.tsv");

/// The most colour classes the stylesheet defines (`m1` … `m5`).
const CLASSES: usize = 5;

enum Shape {
    /// An SVG path `d`, already projected.
    Path(&'static str),
    /// A dot for a country too small for the shapes: `cx`, `cy`.
    Dot(&'static str, &'static str),
}

struct Place {
    country: &'static Country,
    shape: Shape,
}

struct WorldMap {
    view_box: &'static str,
    places: Vec<Place>,
}

static WORLD_MAP: LazyLock<WorldMap> = LazyLock::new(|| {
    parse(WORLD_MAP_TSV).unwrap_or_else(|error| {
        // The file is compiled in and checked by the tests below: this is a bug.
        tracing::error!("web/static/world-map.tsv: {error}");
        WorldMap {
            view_box: "0 0 1000 440",
            places: Vec::new(),
        }
    })
});

/// Reads the projected map: `#` comments, a `viewBox` row, then one row per country,
/// its ISO numeric code (alpha-2 where it has none) and a path or `cx cy`.
fn parse(text: &'static str) -> Result<WorldMap, String> {
    let by_code: HashMap<&str, &'static Country> = country::all()
        .iter()
        .flat_map(|country| [(country.numeric, country), (country.alpha2, country)])
        .filter(|(code, _)| !code.is_empty())
        .collect();
    let mut view_box = None;
    let mut places = Vec::new();
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let (code, shape) = line
            .split_once('\t')
            .ok_or_else(|| format!("a row without a tab: {line:.40}"))?;
        if code == "viewBox" {
            view_box = Some(shape);
            continue;
        }
        let country = by_code
            .get(code)
            .ok_or_else(|| format!("{code} is not a country in seed/countries.tsv"))?;
        let shape = match shape.split_once(' ') {
            _ if shape.starts_with('M') => Shape::Path(shape),
            Some((cx, cy)) if cx.parse::<f64>().is_ok() && cy.parse::<f64>().is_ok() => {
                Shape::Dot(cx, cy)
            }
            _ => return Err(format!("{code} has neither a path nor a dot")),
        };
        places.push(Place { country, shape });
    }
    Ok(WorldMap {
        view_box: view_box.ok_or("no viewBox row")?,
        places,
    })
}

/// The smallest of 1, 2, 5, 10, 20, 50 … that is at least `value`.
fn round_up(value: u64) -> u64 {
    let mut magnitude = 1;
    loop {
        for step in [1, 2, 5] {
            if step * magnitude >= value {
                return step * magnitude;
            }
        }
        magnitude *= 10;
    }
}

/// The colour classes for these counts, as each class's highest value (inclusive):
/// quintiles of the countries with members, rounded up to round numbers, the last
/// one the largest count. Fewer than five when the counts are few or alike.
pub fn class_breaks(counts: &HashMap<String, u64>) -> Vec<u64> {
    let mut values: Vec<u64> = counts.values().copied().filter(|v| *v > 0).collect();
    values.sort_unstable();
    let Some(&max) = values.last() else {
        return Vec::new();
    };
    let mut breaks: Vec<u64> = Vec::new();
    for class in 1..CLASSES {
        let quantile = values[(values.len() * class).div_ceil(CLASSES) - 1];
        let upper = round_up(quantile).min(max);
        if breaks.last().is_none_or(|last| upper > *last) {
            breaks.push(upper);
        }
    }
    if breaks.last().is_none_or(|last| max > *last) {
        breaks.push(max);
    }
    breaks
}

/// The stylesheet class for a count: `m1` (fewest) … `m5` (most), spread over the
/// five colours when there are fewer classes; `None` for no members.
fn colour_class(breaks: &[u64], members: u64) -> Option<usize> {
    if members == 0 || breaks.is_empty() {
        return None;
    }
    let class = breaks
        .iter()
        .position(|upper| members <= *upper)
        .unwrap_or(breaks.len() - 1);
    Some(match breaks.len() {
        1 => CLASSES.div_ceil(2),
        n => 1 + (class * (CLASSES - 1) + (n - 1) / 2) / (n - 1),
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "Kenya: 1,234 members", in the reader's language.
fn country_label(locale: Locale, country: &Country, members: u64) -> String {
    let name = country.name(locale.code());
    match members {
        0 => locale.t1("map.country.none", "country", name),
        1 => locale.t1("map.country.one", "country", name),
        _ => locale.t2(
            "map.country.other",
            "country",
            name,
            "members",
            &locale.number(members),
        ),
    }
}

/// The map of members by country, with its legend: an SVG whose countries link to
/// their profiles, then the colour key as a list. `counts` is members by upper-case
/// alpha-2 code, as `countries::member_counts` gives it; `id` makes the ids of the
/// map's title and description unique on the page. Insert it unescaped (`|safe`):
/// every text in it is escaped here.
pub fn world_map(id: &str, counts: &HashMap<String, u64>, locale: Locale) -> String {
    let map = &*WORLD_MAP;
    let id = escape(id);
    let breaks = class_breaks(counts);
    let with_members = counts.values().filter(|members| **members > 0).count();
    // Links inside an SVG with role="img" would be hidden from screen readers, so
    // the map is a labelled group (the charts in `charts.rs` are images).
    let mut svg = format!(
        "<div class=\"world-map\"><svg viewBox=\"{}\" role=\"group\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        map.view_box,
        escape(&locale.t("map.title")),
        escape(&locale.t1("map.description", "countries", &locale.number(with_members))),
    );
    // Dots after shapes, so that a small state is drawn over its neighbour.
    let shapes = map
        .places
        .iter()
        .filter(|p| matches!(p.shape, Shape::Path(_)));
    let dots = map
        .places
        .iter()
        .filter(|p| matches!(p.shape, Shape::Dot(..)));
    for place in shapes.chain(dots) {
        let country = place.country;
        let members = counts.get(country.alpha2).copied().unwrap_or(0);
        let label = escape(&country_label(locale, country, members));
        let _ = write!(
            svg,
            "<a href=\"/countries/{}\"",
            country.alpha2.to_ascii_lowercase()
        );
        match colour_class(&breaks, members) {
            Some(class) => {
                let _ = write!(svg, " class=\"m{class}\"");
            }
            None => svg.push_str(" tabindex=\"-1\""),
        }
        let _ = write!(svg, "><title>{label}</title>");
        match place.shape {
            Shape::Path(d) => {
                let _ = write!(svg, "<path d=\"{d}\"/>");
            }
            Shape::Dot(cx, cy) => {
                let _ = write!(svg, "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"4.5\"/>");
            }
        }
        // The readout, placed by the stylesheet and shown on hover and focus.
        let _ = write!(svg, "<text>{label}</text></a>");
    }
    svg.push_str("</svg>");
    legend(&mut svg, &breaks, locale);
    svg.push_str("</div>");
    svg
}

/// The colour key: a swatch and a range per class, and one for no members.
fn legend(html: &mut String, breaks: &[u64], locale: Locale) {
    let _ = write!(
        html,
        "<p class=\"map-legend\"><span>{}</span> \
         <span><span class=\"swatch\"></span> {}</span>",
        escape(&locale.t("map.legend")),
        escape(&locale.t("map.legend.none"))
    );
    let mut lower = 1;
    for upper in breaks {
        let range = if lower == *upper {
            locale.number(upper)
        } else {
            format!("{}–{}", locale.number(lower), locale.number(upper))
        };
        let class = colour_class(breaks, *upper).unwrap_or(1);
        let _ = write!(
            html,
            " <span><span class=\"swatch m{class}\"></span> {}</span>",
            escape(&range)
        );
        lower = upper + 1;
    }
    let _ = write!(
        html,
        "</p><p class=\"map-credit\">{}</p>",
        escape(&locale.t("map.credit"))
    );
}

/// A row of the table that goes with the map.
pub struct CountryMembers {
    pub country: &'static Country,
    pub name: &'static str,
    pub members: u64,
}

/// The countries with members, most first (then by name): the map's figures as a
/// table, for screen readers and for reading off exact numbers.
pub fn by_members(counts: &HashMap<String, u64>, locale: Locale) -> Vec<CountryMembers> {
    let mut rows: Vec<CountryMembers> = country::all()
        .iter()
        .filter_map(|country| {
            let members = counts.get(country.alpha2).copied().filter(|m| *m > 0)?;
            Some(CountryMembers {
                country,
                name: country.name(locale.code()),
                members,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.members.cmp(&a.members).then(a.name.cmp(b.name)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u64)]) -> HashMap<String, u64> {
        pairs
            .iter()
            .map(|(code, members)| (code.to_string(), *members))
            .collect()
    }

    #[test]
    fn every_code_in_the_map_file_is_a_known_country() {
        let map = parse(WORLD_MAP_TSV).expect("web/static/world-map.tsv parses");
        assert!(map.places.len() > 200, "{} places", map.places.len());
        let mut seen = std::collections::HashSet::new();
        for place in &map.places {
            assert!(
                seen.insert(place.country.alpha2),
                "{} twice",
                place.country.alpha2
            );
        }
        assert_eq!(WORLD_MAP.places.len(), map.places.len());
    }

    #[test]
    fn every_country_with_a_population_is_on_the_map() {
        let placed: Vec<&str> = WORLD_MAP.places.iter().map(|p| p.country.alpha2).collect();
        let missing: Vec<&str> = country::all()
            .iter()
            .filter(|country| country.population.is_some())
            .map(|country| country.alpha2)
            .filter(|code| !placed.contains(code))
            .collect();
        assert!(missing.is_empty(), "not on the map: {missing:?}");
        let kind = |code: &str| {
            WORLD_MAP
                .places
                .iter()
                .find(|p| p.country.alpha2 == code)
                .map(|p| matches!(p.shape, Shape::Path(_)))
        };
        assert_eq!(kind("KE"), Some(true), "Kenya is a shape");
        assert_eq!(kind("XK"), Some(true), "Kosovo is a shape");
        assert_eq!(kind("SG"), Some(false), "Singapore is a dot");
    }

    #[test]
    fn unreadable_rows_are_refused() {
        assert!(parse("viewBox\t0 0 10 10\n999\tM0 0z\n").is_err());
        assert!(parse("viewBox\t0 0 10 10\n404\tsomewhere\n").is_err());
        assert!(parse("404\tM0 0z\n").is_err());
        assert!(parse("# a comment\nviewBox\t0 0 10 10\n404\t1.5 2\n").is_ok());
    }

    #[test]
    fn breaks_are_round_quantiles_ending_at_the_largest_count() {
        let spread = counts(&[
            ("KE", 1),
            ("UG", 3),
            ("TZ", 7),
            ("RW", 12),
            ("NG", 40),
            ("GH", 90),
            ("ZA", 180),
            ("US", 420),
            ("IN", 800),
            ("BR", 1234),
        ]);
        assert_eq!(class_breaks(&spread), [5, 20, 100, 500, 1234]);
        assert_eq!(class_breaks(&counts(&[("KE", 4), ("UG", 4)])), [4]);
        assert_eq!(class_breaks(&counts(&[("KE", 0)])), Vec::<u64>::new());
    }

    #[test]
    fn colours_follow_the_classes_and_spread_when_there_are_few() {
        let breaks = [5, 20, 100, 500, 1234];
        assert_eq!(colour_class(&breaks, 0), None);
        assert_eq!(colour_class(&breaks, 1), Some(1));
        assert_eq!(colour_class(&breaks, 5), Some(1));
        assert_eq!(colour_class(&breaks, 6), Some(2));
        assert_eq!(colour_class(&breaks, 101), Some(4));
        assert_eq!(colour_class(&breaks, 1234), Some(5));
        assert_eq!(colour_class(&[3, 9], 2), Some(1));
        assert_eq!(colour_class(&[3, 9], 9), Some(5));
        assert_eq!(colour_class(&[4], 4), Some(3));
    }

    #[test]
    fn each_country_links_to_its_profile_with_its_members() {
        let svg = world_map("members", &counts(&[("KE", 1234), ("SG", 1)]), Locale::En);
        assert!(svg.contains(
            "<a href=\"/countries/ke\" class=\"m5\"><title>Kenya: 1,234 members</title><path d=\"M"
        ));
        assert!(svg.contains(
            "<a href=\"/countries/sg\" class=\"m1\"><title>Singapore: 1 member</title><circle"
        ));
        assert!(svg.contains(
            "<a href=\"/countries/fr\" tabindex=\"-1\"><title>France: no members</title>"
        ));
        assert_eq!(
            svg.matches("<a href=").count(),
            WORLD_MAP.places.len(),
            "one link per country"
        );
        assert!(svg.contains("<title id=\"members-title\">"));
        assert!(svg.contains("aria-describedby=\"members-desc\""));
        assert!(svg.contains("<span class=\"swatch m1\"></span> 1</span>"));
        assert!(svg.contains("<span class=\"swatch m5\"></span> 2–1,234</span>"));
        assert!(
            !svg.contains("style="),
            "no inline styles: the CSP forbids them"
        );
    }

    #[test]
    fn text_in_the_map_is_escaped() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        let svg = world_map("a\"b", &HashMap::new(), Locale::En);
        assert!(svg.contains("id=\"a&quot;b-title\""));
        // Names with an apostrophe or ampersand come through intact.
        assert!(svg.contains("<title>Côte d'Ivoire: no members</title>"));
        assert!(svg.contains("<title>Trinidad and Tobago: no members</title>"));
        assert!(!svg.contains("<a href=\"/countries/aq\""), "no Antarctica");
    }

    #[test]
    fn the_table_lists_countries_with_members_most_first() {
        let rows = by_members(
            &counts(&[("KE", 3), ("UG", 9), ("TZ", 3), ("FR", 0)]),
            Locale::En,
        );
        let names: Vec<_> = rows.iter().map(|row| (row.name, row.members)).collect();
        assert_eq!(names, [("Uganda", 9), ("Kenya", 3), ("Tanzania", 3)]);
    }
}
