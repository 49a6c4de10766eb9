//! The demo network's programme: webinars and meetings like the network's own
//! (synthetic), some past with their recordings, some to come, in several
//! languages and zones, placed around the day the demo is seeded.

use time::{Date, Duration};

use crate::events::{EventInput, SpeakerInput};

/// One event of the programme and what happens to it.
pub struct DemoEvent {
    pub input: EventInput,
    /// Drafts stay for staff to find; the rest are published.
    pub published: bool,
    pub cancelled: bool,
    /// How many demo members register.
    pub registrations: usize,
    /// Of those registered, the share (in percent) marked as attended (past
    /// events).
    pub attended_percent: u32,
}

struct Row {
    title: &'static str,
    summary: &'static str,
    description: &'static str,
    kind: &'static str,
    zone: &'static str,
    /// Days from the seeding day.
    day: i64,
    start: &'static str,
    end: &'static str,
    languages: &'static [&'static str],
    countries: &'static [&'static str],
    regions: &'static [&'static str],
    reference_zones: &'static str,
    speakers: &'static [(&'static str, &'static str, &'static str)],
    capacity: &'static str,
    registrations: usize,
    attended_percent: u32,
}

const ROWS: &[Row] = &[
    Row {
        title: "Social Service Workers in Health Facilities",
        summary: "How hospitals and clinics work with social service workers, and what it takes to plan for them.",
        description: "Social service workers in health facilities support patients and families through illness, disability and loss, and link them to services in the community.\n\nIn this webinar:\n\n- findings from a review of hospital social work in four countries;\n- how one hospital in Kenya planned its social work team;\n- questions from participants.\n\n*Synthetic demo event.*",
        kind: "webinar",
        zone: "America/New_York",
        day: -75,
        start: "08:30",
        end: "10:00",
        languages: &["en"],
        countries: &["KE", "ZA", "ID"],
        regions: &[],
        reference_zones: "Africa/Johannesburg, Asia/Jakarta",
        speakers: &[
            (
                "Amina Odhiambo (demo)",
                "Medical social worker",
                "A county referral hospital",
            ),
            (
                "Daniel Mensah (demo)",
                "Researcher",
                "A school of social work",
            ),
        ],
        capacity: "",
        registrations: 60,
        attended_percent: 65,
    },
    Row {
        title: "Developing Minimum Social Service Workforce Ratios and Costing",
        summary: "A method to set a minimum ratio of social service workers to population, and to cost reaching it.",
        description: "Ministries ask how many social service workers they need. This session walks through the network's guidance: choosing a ratio, counting the workforce you have, and costing the gap with the **workforce planner**.\n\n*Synthetic demo event.*",
        kind: "webinar",
        zone: "America/New_York",
        day: -30,
        start: "09:00",
        end: "10:30",
        languages: &["en", "fr"],
        countries: &[],
        regions: &["africa", "asia"],
        reference_zones: "Africa/Johannesburg, Asia/Jakarta, Europe/Paris",
        speakers: &[(
            "Grace Banda (demo)",
            "Workforce planning adviser",
            "A ministry of social welfare",
        )],
        capacity: "",
        registrations: 80,
        attended_percent: 55,
    },
    Row {
        title: "Le travail social en milieu scolaire",
        summary: "Échanges entre praticiens d’Afrique de l’Ouest et centrale sur l’accompagnement des élèves et des familles.",
        description: "Un webinaire en français pour partager les pratiques des travailleurs sociaux dans les écoles.\n\n*Événement fictif de démonstration.*",
        kind: "webinar",
        zone: "Africa/Dakar",
        day: -12,
        start: "14:00",
        end: "15:30",
        languages: &["fr"],
        countries: &["SN", "CI", "CM"],
        regions: &["western-africa"],
        reference_zones: "Europe/Paris, Africa/Douala",
        speakers: &[(
            "Aïssatou Diallo (démo)",
            "Assistante sociale scolaire",
            "Un lycée public",
        )],
        capacity: "",
        registrations: 30,
        attended_percent: 70,
    },
    Row {
        title: "Supervision that supports: a workshop for supervisors",
        summary: "A hands-on session for supervisors of community social service workers. Seats are limited.",
        description: "Supervision keeps workers safe and services good. Bring a case from your own practice.\n\n*Synthetic demo event.*",
        kind: "hybrid",
        zone: "Africa/Nairobi",
        day: 9,
        start: "10:00",
        end: "13:00",
        languages: &["en", "sw"],
        countries: &["KE", "UG", "TZ"],
        regions: &["eastern-africa"],
        reference_zones: "Europe/London",
        speakers: &[(
            "Joseph Kariuki (demo)",
            "Supervisor",
            "A child protection NGO",
        )],
        capacity: "25",
        registrations: 25,
        attended_percent: 0,
    },
    Row {
        title: "Fortalecimiento de la fuerza laboral de servicio social en América Latina",
        summary: "Un intercambio regional sobre formación, registro y condiciones de trabajo.",
        description: "Webinar en español con experiencias de tres países.\n\n*Evento de demostración ficticio.*",
        kind: "webinar",
        zone: "America/Bogota",
        day: 16,
        start: "11:00",
        end: "12:30",
        languages: &["es"],
        countries: &["CO", "PE", "GT"],
        regions: &["latin-america-and-the-caribbean"],
        reference_zones: "America/Mexico_City, America/Sao_Paulo",
        speakers: &[(
            "Lucía Fernández (demo)",
            "Trabajadora social",
            "Una red nacional",
        )],
        capacity: "",
        registrations: 20,
        attended_percent: 0,
    },
    Row {
        title: "Social Service Workforce Week: opening webinar",
        summary: "The week opens with the state of the workforce and the stories of workers across the network.",
        description: "Join the network for the opening of the awareness week.\n\n*Synthetic demo event.*",
        kind: "webinar",
        zone: "America/New_York",
        day: 34,
        start: "08:30",
        end: "10:00",
        languages: &["en", "fr", "es", "pt"],
        countries: &[],
        regions: &[],
        reference_zones: "Africa/Johannesburg, Asia/Jakarta, Europe/Paris",
        speakers: &[],
        capacity: "",
        registrations: 40,
        attended_percent: 0,
    },
    Row {
        title: "Regional meeting on case management (postponed)",
        summary: "This demo meeting was cancelled, to show how a cancelled event reads.",
        description: "*Synthetic demo event.*",
        kind: "in_person",
        zone: "Asia/Manila",
        day: 20,
        start: "09:00",
        end: "17:00",
        languages: &["en"],
        countries: &["PH"],
        regions: &["south-eastern-asia"],
        reference_zones: "",
        speakers: &[],
        capacity: "60",
        registrations: 0,
        attended_percent: 0,
    },
];

/// The programme around `today`.
pub fn programme(today: Date) -> Vec<DemoEvent> {
    ROWS.iter()
        .enumerate()
        .map(|(index, row)| {
            let day = today + Duration::days(row.day);
            let day = format!(
                "{:04}-{:02}-{:02}",
                day.year(),
                u8::from(day.month()),
                day.day()
            );
            let is_place = row.kind != "webinar";
            DemoEvent {
                input: EventInput {
                    title: row.title.to_owned(),
                    summary: row.summary.to_owned(),
                    description: row.description.to_owned(),
                    kind: row.kind.to_owned(),
                    time_zone: row.zone.to_owned(),
                    starts: format!("{day}T{}", row.start),
                    ends: format!("{day}T{}", row.end),
                    join_url: if row.kind == "in_person" {
                        String::new()
                    } else {
                        format!("https://meet.example.org/demo-{}", index + 1)
                    },
                    place: if is_place {
                        "Conference centre (demo address)".to_owned()
                    } else {
                        String::new()
                    },
                    capacity: row.capacity.to_owned(),
                    deadline: String::new(),
                    languages: row
                        .languages
                        .iter()
                        .map(|code| (*code).to_owned())
                        .collect(),
                    countries: row
                        .countries
                        .iter()
                        .map(|code| (*code).to_owned())
                        .collect(),
                    regions: row.regions.iter().map(|slug| (*slug).to_owned()).collect(),
                    reference_zones: row.reference_zones.to_owned(),
                    speakers: row
                        .speakers
                        .iter()
                        .map(|(name, role, organization)| SpeakerInput {
                            name: (*name).to_owned(),
                            role: (*role).to_owned(),
                            organization: (*organization).to_owned(),
                        })
                        .collect(),
                    recording_url: if row.day < 0 {
                        format!("https://video.example.org/demo-recording-{}", index + 1)
                    } else {
                        String::new()
                    },
                    slides_url: String::new(),
                },
                published: true,
                cancelled: row.title.contains("postponed"),
                registrations: row.registrations,
                attended_percent: row.attended_percent,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn every_demo_event_is_valid() {
        for event in programme(date!(2026 - 12 - 04)) {
            assert!(event.input.parse().is_ok(), "{:?}", event.input.parse());
        }
    }
}
