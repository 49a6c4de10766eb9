//! The demo network's library (synthetic): a few hundred resources and stories
//! across countries, topics and the four languages, so search and filters have
//! something to find; and a few members' submissions waiting in the moderation
//! queue. Every title says what it is about; every publisher and summary says it is
//! synthetic; links go to `example.org`.

use crate::{
    library::{ItemInput, Kind, Section, Topic},
    random::SplitMix64,
};

/// One item of the demo library and what became of it.
pub struct DemoItem {
    pub section: Section,
    pub input: ItemInput,
    /// Published this many days before the seeding day.
    pub days_ago: i64,
    /// Waiting for staff, sent in by a demo member (else published by staff).
    pub waiting: bool,
}

/// Countries the demo library concerns, as codes.
const COUNTRIES: &[&str] = &[
    "KE", "NG", "ZA", "UG", "TZ", "GH", "ET", "RW", "SN", "CI", "CM", "MW", "ZM", "ZW", "IN", "BD",
    "NP", "PH", "ID", "VN", "KH", "BR", "MX", "CO", "PE", "GT", "HT", "US", "GB", "MD", "UA", "RO",
    "JO", "LB", "EG", "MA", "MZ", "AO", "PT", "FR",
];

/// (language, publisher, title pattern per kind…) — `{topic}` and `{country}` are
/// filled in; the words are the language's own.
struct Words {
    language: &'static str,
    publishers: &'static [&'static str],
    titles: &'static [&'static str],
    summary: &'static str,
    synthetic: &'static str,
}

const WORDS: &[Words] = &[
    Words {
        language: "en",
        publishers: &[
            "Ministry of Social Development (synthetic)",
            "National Association of Social Workers (synthetic)",
            "Regional Child Protection Network (synthetic)",
            "University School of Social Work (synthetic)",
        ],
        titles: &[
            "{kind}: {topic} in {country}",
            "Strengthening {topic} in {country}",
            "{topic}: lessons from {country}",
            "A practical guide to {topic}",
            "Mapping the social service workforce in {country}",
        ],
        summary: "This {kind} looks at {topic} in {country}: who does the work, how they are trained and supervised, and what would help them reach more families. It draws on interviews with social service workers and managers.",
        synthetic: "Synthetic demo content.",
    },
    Words {
        language: "fr",
        publishers: &[
            "Ministère de l'Action sociale (synthétique)",
            "Association nationale des travailleurs sociaux (synthétique)",
            "Réseau régional de protection de l'enfance (synthétique)",
        ],
        titles: &[
            "{kind} : {topic} au {country}",
            "Renforcer {topic} : l'exemple du {country}",
            "Guide pratique : {topic}",
            "État des lieux des travailleurs sociaux, {country}",
        ],
        summary: "Ce document porte sur {topic} ({country}) : qui fait le travail, comment les équipes sont formées et supervisées, et ce qui les aiderait à atteindre plus de familles. Il s'appuie sur des entretiens avec des travailleurs sociaux.",
        synthetic: "Contenu de démonstration synthétique.",
    },
    Words {
        language: "es",
        publishers: &[
            "Ministerio de Desarrollo Social (sintético)",
            "Colegio de Trabajadores Sociales (sintético)",
            "Red Regional de Protección de la Niñez (sintético)",
        ],
        titles: &[
            "Evaluación de la fuerza laboral: {topic} en {country}",
            "Fortalecer {topic} en {country}",
            "Guía práctica sobre {topic}",
            "Lecciones de {country}: {topic}",
        ],
        summary: "Este documento trata de {topic} en {country}: quién hace el trabajo, cómo se forma y supervisa al personal y qué le ayudaría a llegar a más familias. Se basa en entrevistas con trabajadoras y trabajadores sociales.",
        synthetic: "Contenido de demostración sintético.",
    },
    Words {
        language: "pt",
        publishers: &[
            "Ministério do Desenvolvimento Social (sintético)",
            "Conselho de Assistentes Sociais (sintético)",
        ],
        titles: &[
            "Avaliação da força de trabalho: {topic} em {country}",
            "Fortalecer {topic} em {country}",
            "Guia prático sobre {topic}",
        ],
        summary: "Este documento trata de {topic} em {country}: quem faz o trabalho, como as equipas são formadas e supervisionadas e o que as ajudaria a chegar a mais famílias. Baseia-se em entrevistas com assistentes sociais.",
        synthetic: "Conteúdo de demonstração sintético.",
    },
];

/// A topic's words in a language (the demo's own, lower case).
fn topic_words(topic: Topic, language: &str) -> &'static str {
    use Topic::*;
    let index = match language {
        "fr" => 1,
        "es" => 2,
        "pt" => 3,
        _ => 0,
    };
    let words: [&str; 4] = match topic {
        ChildProtection => [
            "child protection",
            "la protection de l'enfance",
            "la protección infantil",
            "a proteção da criança",
        ],
        CaseManagement => [
            "case management",
            "la gestion de cas",
            "la gestión de casos",
            "a gestão de casos",
        ],
        WorkforcePlanning => [
            "workforce planning",
            "la planification des effectifs",
            "la planificación de la fuerza laboral",
            "o planeamento da força de trabalho",
        ],
        Education => [
            "education and training",
            "la formation",
            "la formación",
            "a formação",
        ],
        Supervision => [
            "supervision",
            "la supervision",
            "la supervisión",
            "a supervisão",
        ],
        MentalHealth => [
            "mental health and psychosocial support",
            "la santé mentale",
            "la salud mental",
            "a saúde mental",
        ],
        SocialProtection => [
            "social protection",
            "la protection sociale",
            "la protección social",
            "a proteção social",
        ],
        Disability => [
            "disability inclusion",
            "l'inclusion du handicap",
            "la inclusión de la discapacidad",
            "a inclusão da deficiência",
        ],
        GenderViolence => [
            "gender-based violence",
            "les violences fondées sur le genre",
            "la violencia de género",
            "a violência de género",
        ],
        Emergencies => [
            "emergencies",
            "les situations d'urgence",
            "las emergencias",
            "as emergências",
        ],
        Ageing => [
            "care for older people",
            "l'accompagnement des personnes âgées",
            "el cuidado de personas mayores",
            "o cuidado de pessoas idosas",
        ],
        Recognition => [
            "recognition of the workforce",
            "la reconnaissance des travailleurs",
            "el reconocimiento del personal",
            "o reconhecimento dos profissionais",
        ],
    };
    words[index]
}

fn kind_words(kind: Kind, language: &str) -> &'static str {
    let index = match language {
        "fr" => 1,
        "es" => 2,
        "pt" => 3,
        _ => 0,
    };
    let words: [&str; 4] = match kind {
        Kind::Report => ["Report", "Rapport", "Informe", "Relatório"],
        Kind::Toolkit => [
            "Toolkit",
            "Boîte à outils",
            "Caja de herramientas",
            "Kit de ferramentas",
        ],
        Kind::Guidance => ["Guidance", "Orientations", "Orientaciones", "Orientações"],
        Kind::Research => [
            "Research brief",
            "Note de recherche",
            "Nota de investigación",
            "Nota de pesquisa",
        ],
        Kind::CaseStudy => [
            "Country case study",
            "Étude de cas",
            "Estudio de caso",
            "Estudo de caso",
        ],
        Kind::Training => [
            "Training module",
            "Module de formation",
            "Módulo de formación",
            "Módulo de formação",
        ],
        Kind::Video => ["Video", "Vidéo", "Vídeo", "Vídeo"],
        _ => ["Note", "Note", "Nota", "Nota"],
    };
    words[index]
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

const AUTHORS: &[&str] = &[
    "A. Mwangi",
    "B. Okafor",
    "C. Nkosi",
    "D. Mensah",
    "E. Diallo",
    "F. Rahman",
    "G. Santos",
    "H. Nguyen",
    "I. Moreno",
    "J. Silva",
    "K. Achieng",
    "L. Haddad",
    "M. Banda",
    "N. Sharma",
];

const WORKERS: &[(&str, &str, &str)] = &[
    ("Grace", "child protection officer", "Kisumu"),
    ("Ibrahim", "community social worker", "Kano"),
    ("Thandiwe", "case manager", "Durban"),
    ("Mariam", "para social worker", "Mwanza"),
    ("Carlos", "family support worker", "Cusco"),
    ("Priya", "school social worker", "Pune"),
    ("Lucía", "psychosocial counsellor", "Medellín"),
    ("Joseph", "probation officer", "Lilongwe"),
    ("Fatou", "social welfare officer", "Thiès"),
    ("Ana", "community health and social worker", "Maputo"),
];

/// The demo library: `resources` resources, `stories` stories, a handful waiting.
pub fn library(seed: u64, resources: usize, stories: usize) -> Vec<DemoItem> {
    let mut random = SplitMix64::stream(seed, 0x11b2, 0);
    let resource_kinds: Vec<Kind> = Kind::of(Section::Resource).collect();
    let mut items = Vec::with_capacity(resources + stories);
    for index in 0..resources {
        // Half in English; the rest shared among French, Spanish and Portuguese.
        let words = if random.chance(0.5) {
            &WORDS[0]
        } else {
            &WORDS[1 + random.below(WORDS.len() - 1)]
        };
        let kind = resource_kinds[random.below(resource_kinds.len())];
        let topic = Topic::ALL[random.below(Topic::ALL.len())];
        let second = Topic::ALL[random.below(Topic::ALL.len())];
        let country_code = COUNTRIES[random.below(COUNTRIES.len())];
        let country = crate::CountryCode::parse(country_code)
            .map(|code| code.country().name(words.language).to_owned())
            .unwrap_or_else(|_| country_code.to_owned());
        let topic_text = topic_words(topic, words.language);
        let title = words.titles[random.below(words.titles.len())]
            .replace("{kind}", kind_words(kind, words.language))
            .replace("{topic}", topic_text)
            .replace("{country}", &country);
        let summary = format!(
            "{} {}",
            words
                .summary
                .replace("{kind}", &kind_words(kind, words.language).to_lowercase())
                .replace("{topic}", topic_text)
                .replace("{country}", &country),
            words.synthetic
        );
        let year = 2012 + random.below(15) as i32;
        let mut countries = vec![country_code.to_owned()];
        if random.chance(0.3) {
            countries.push(COUNTRIES[random.below(COUNTRIES.len())].to_owned());
        }
        let slug_hint = index + 1;
        items.push(DemoItem {
            section: Section::Resource,
            waiting: index % 60 == 7,
            days_ago: (random.below(900) + 1) as i64,
            input: ItemInput {
                kind: kind.code().to_owned(),
                title: capitalised(&title),
                summary,
                authors: format!(
                    "{}, {}",
                    AUTHORS[random.below(AUTHORS.len())],
                    AUTHORS[random.below(AUTHORS.len())]
                ),
                publisher: words.publishers[random.below(words.publishers.len())].to_owned(),
                year: year.to_string(),
                language: words.language.to_owned(),
                licence: if random.chance(0.6) {
                    "CC BY 4.0".to_owned()
                } else {
                    String::new()
                },
                link: format!("https://example.org/library/demo-{slug_hint}"),
                countries,
                topics: vec![topic.code().to_owned(), second.code().to_owned()],
                ..ItemInput::default()
            },
        });
    }
    for index in 0..stories {
        let (name, role, place) = WORKERS[index % WORKERS.len()];
        let topic = Topic::ALL[random.below(Topic::ALL.len())];
        let profile = index % 2 == 0;
        let country = COUNTRIES[random.below(COUNTRIES.len())];
        let (kind, title, body) = if profile {
            (
                Kind::Profile,
                format!("{name}, {role} in {place}"),
                format!(
                    "{name} has worked as a {role} in {place} for {} years.\n\n\
                     \"Most days start with a home visit,\" {name} says. \"A family tells you what \
                     they need if you listen long enough.\"\n\n\
                     ## What the work takes\n\n- Time with each family, and a manageable caseload\n\
                     - Supervision from someone who has done the job\n- Training that fits the \
                     problems people bring\n\nThis profile is part of the demo network's synthetic library.",
                    3 + index % 15
                ),
            )
        } else {
            let topic_text = topic_words(topic, "en");
            (
                Kind::Blog,
                format!("What we learned about {topic_text} this year"),
                format!(
                    "Our team spent the year looking at {topic_text} with colleagues across the \
                     network.\n\nThree things stood out:\n\n1. Social service workers need time, not \
                     only training.\n2. Supervision makes the difference between coping and \
                     burning out.\n3. Families notice when the same person comes back.\n\n\
                     Read the [workforce planner](/planner) to see what a minimum ratio of workers \
                     would cost in your country.\n\n*This post is part of the demo network's synthetic library.*"
                ),
            )
        };
        items.push(DemoItem {
            section: Section::Story,
            waiting: index == 3,
            days_ago: (random.below(600) + 1) as i64,
            input: ItemInput {
                kind: kind.code().to_owned(),
                title,
                body,
                language: "en".to_owned(),
                countries: vec![country.to_owned()],
                topics: vec![topic.code().to_owned()],
                role: if profile {
                    String::new()
                } else {
                    "Programme manager".to_owned()
                },
                worker_name: if profile {
                    name.to_owned()
                } else {
                    String::new()
                },
                worker_role: if profile {
                    capitalised(role)
                } else {
                    String::new()
                },
                worker_place: if profile {
                    place.to_owned()
                } else {
                    String::new()
                },
                worker_consent: profile,
                ..ItemInput::default()
            },
        });
    }
    items
}

/// A one-page PDF for a demo resource: its title and a line saying it is
/// synthetic (valid PDF 1.4, cross-reference offsets computed).
pub fn demo_pdf(title: &str) -> Vec<u8> {
    let text: String = crate::library::fold(title)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | ',' | '.' | ':' | '-'))
        .take(80)
        .collect();
    let content = format!(
        "BT /F1 16 Tf 56 760 Td ({text}) Tj 0 -28 Td /F1 11 Tf \
         (A synthetic document of the Membernet demo network.) Tj ET"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::draft::Attachments;

    #[test]
    fn every_demo_item_is_valid_and_the_library_is_varied() {
        let items = library(7, 300, 40);
        assert_eq!(items.len(), 340);
        for item in &items {
            let parsed = item.input.parse(item.section, Attachments::default(), 2026);
            assert!(parsed.is_ok(), "{:?}: {:?}", item.input.title, parsed.err());
        }
        let languages: std::collections::HashSet<&str> =
            items.iter().map(|i| i.input.language.as_str()).collect();
        assert_eq!(languages.len(), 4);
        assert!(items.iter().filter(|i| i.waiting).count() >= 3);
        assert!(items.iter().all(|i| {
            i.section == Section::Story
                || WORDS.iter().any(|w| i.input.summary.ends_with(w.synthetic))
        }));
        let pdf = demo_pdf("Évaluation (protection) de l'enfance");
        assert_eq!(
            crate::library::files::FileKind::sniff(&pdf),
            Some(crate::library::files::FileKind::Pdf)
        );
        assert!(pdf.ends_with(b"%%EOF\n"));
        // The same seed, the same library.
        assert_eq!(library(7, 300, 40)[123].input.title, items[123].input.title);
    }
}
