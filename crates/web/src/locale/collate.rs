//! Country names in the reader's language, and the order people expect them in:
//! "Åland" with the As and "Éthiopie" with the Es.

use std::sync::LazyLock;

use membernet_domain::{Country, CountryCode, country};

use super::Locale;

impl Locale {
    /// A country's name in this language.
    pub fn country_name(self, code: &CountryCode) -> &'static str {
        code.country().name(self.code())
    }

    /// Every country as (alpha-2 code, name), sorted by name in this language.
    pub fn countries(self) -> &'static [(&'static str, &'static str)] {
        static BY_LOCALE: LazyLock<Vec<Vec<(&'static str, &'static str)>>> = LazyLock::new(|| {
            Locale::ALL
                .iter()
                .map(|locale| {
                    let mut countries: Vec<_> = country::all()
                        .iter()
                        .map(|country: &Country| (country.alpha2, country.name(locale.code())))
                        .collect();
                    countries.sort_by_cached_key(|(_, name)| collate(name));
                    countries
                })
                .collect()
        });
        let index = Locale::ALL
            .iter()
            .position(|locale| *locale == self)
            .unwrap_or(0);
        &BY_LOCALE[index]
    }
}

/// A sort key that puts accented letters with their base letter, case aside.
pub fn collate(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'À'..='Å' | 'à'..='å' => 'a',
            'Ç' | 'ç' => 'c',
            'È'..='Ë' | 'è'..='ë' => 'e',
            'Ì'..='Ï' | 'ì'..='ï' => 'i',
            'Ñ' | 'ñ' => 'n',
            'Ò'..='Ö' | 'ò'..='ö' | 'Ø' | 'ø' => 'o',
            'Ù'..='Ü' | 'ù'..='ü' => 'u',
            'Ý' | 'ý' | 'ÿ' => 'y',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_names_sort_with_their_letter() {
        let mut names = vec!["Égypte", "Espagne", "Allemagne", "Éthiopie", "Zambie"];
        names.sort_by_key(|name| collate(name));
        assert_eq!(
            names,
            ["Allemagne", "Égypte", "Espagne", "Éthiopie", "Zambie"]
        );
    }

    #[test]
    fn countries_are_listed_in_the_languages_order() {
        let french = Locale::Fr.countries();
        let position = |name: &str| french.iter().position(|(_, n)| *n == name).unwrap();
        assert!(position("Égypte") < position("Espagne"));
        assert_eq!(french.len(), country::all().len());
        let spanish = Locale::Es.countries();
        let position = |name: &str| spanish.iter().position(|(_, n)| *n == name).unwrap();
        assert!(position("Egipto") < position("España"));
        assert!(position("España") < position("Etiopía"));
        assert_eq!(Locale::Pt.countries().len(), country::all().len());
        let brazil = CountryCode::parse("BR").unwrap();
        assert_eq!(Locale::Es.country_name(&brazil), "Brasil");
        let germany = CountryCode::parse("DE").unwrap();
        assert_eq!(Locale::Pt.country_name(&germany), "Alemanha");
    }
}
