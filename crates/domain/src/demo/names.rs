//! A demo member's email address, made from their name.

use std::fmt::Write;

const EMAIL_DOMAIN: &str = "demo.membernet.example";

/// `given.family.N@demo.membernet.example`: the member's number keeps it unique.
pub(super) fn email_address(given: &str, family: &str, index: usize) -> String {
    let mut email = String::with_capacity(given.len() + family.len() + EMAIL_DOMAIN.len() + 10);
    push_address_part(&mut email, given);
    email.push('.');
    push_address_part(&mut email, family);
    // Writing to a String cannot fail.
    let _ = write!(email, ".{}@{EMAIL_DOMAIN}", index + 1);
    email
}

/// Lower-case ASCII letters with word breaks as dots: what mail systems take everywhere.
fn push_address_part(email: &mut String, name: &str) {
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            email.push(c);
        } else if c == ' ' || c == '-' {
            if !email.ends_with('.') {
                email.push('.');
            }
        } else if let Some(plain) = ascii_letter(c) {
            email.push_str(plain);
        }
    }
}

/// The base letters of the accented letters in the name lists (`seed/demo/names.tsv`).
fn ascii_letter(c: char) -> Option<&'static str> {
    const FOLDS: [(&str, &str); 18] = [
        ("a", "àáâãäåāăąạảấầẩẫậắằẳẵặ"),
        ("e", "èéêëēĕėęěẹẻẽếềểễệ"),
        ("i", "ìíîïīĭįıỉị"),
        ("o", "òóôõöøōŏőơọỏốồổỗộớờởỡợ"),
        ("u", "ùúûüūŭůűųưụủứừửữự"),
        ("y", "ýÿỳỵỷỹ"),
        ("c", "çćĉċč"),
        ("d", "đďð"),
        ("g", "ğģ"),
        ("l", "ł"),
        ("n", "ñńň"),
        ("r", "ř"),
        ("s", "śşšș"),
        ("t", "ţťț"),
        ("z", "źżž"),
        ("ss", "ß"),
        ("ae", "æ"),
        ("oe", "œ"),
    ];
    FOLDS
        .iter()
        .find(|(_, accented)| accented.contains(c))
        .map(|(plain, _)| *plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        country,
        demo::{placement::is_inhabited, words::names_for},
        email::MemberEmail,
    };

    #[test]
    fn every_name_in_the_lists_has_an_address_form() {
        for country in country::all().iter().filter(|c| is_inhabited(c)) {
            let names = names_for(country);
            for (given, family) in names.given.iter().zip(names.family.iter().cycle()) {
                assert!(
                    MemberEmail::parse(&email_address(given, family, 0)).is_ok(),
                    "{given}"
                );
            }
            for (family, given) in names.family.iter().zip(names.given.iter().cycle()) {
                assert!(
                    MemberEmail::parse(&email_address(given, family, 0)).is_ok(),
                    "{family}"
                );
            }
        }
    }
}
