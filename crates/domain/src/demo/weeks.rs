//! The demo's awareness week (synthetic): a re-creation of the network's
//! Social Service Workforce Week 2022 (theme, daily themes, the two webinars its
//! page names, daily emails and a share kit), set on the seeding day's week so a
//! new user sees what is on today. Its items from the library are picked when it
//! is seeded.

use time::{Date, Duration};

use crate::{
    campaigns::{CampaignInput, VersionInput},
    events::EventInput,
    weeks::{PostInput, WeekInput, iso},
};

pub struct DemoWeek {
    pub input: WeekInput,
    pub days: Vec<DemoDay>,
    pub posts: Vec<PostInput>,
}

pub struct DemoDay {
    pub date: Date,
    pub theme: &'static str,
    pub summary: &'static str,
    /// The day's webinar, if it has one.
    pub webinar: Option<EventInput>,
    /// The day's email (sent on the day, for days up to the seeding day).
    pub email: CampaignInput,
    /// How many resources and stories of the library the day offers.
    pub resources: usize,
    pub stories: usize,
}

/// The week's address and its hashtag.
pub const SLUG: &str = "2022";
pub const HASHTAG: &str = "#SSWWeek";

const DAYS: [(&str, &str); 5] = [
    (
        "Roles across sectors",
        "Social service workers in social welfare, health, education and humanitarian settings: what they do and why it matters.",
    ),
    (
        "Working in communities",
        "How the workforce works best in community settings, shared by members from different sectors.",
    ),
    (
        "Social service workers in health facilities",
        "Their role in addressing social and other determinants of health among children and families.",
    ),
    (
        "Minimum ratios and costing the workforce",
        "Making the investment case: a minimum ratio of workers per population and what reaching it costs.",
    ),
    (
        "Planning and resourcing the workforce we need",
        "Strategies and interventions for planning, developing and supporting the workforce.",
    ),
];

fn webinar(title: &str, summary: &str, description: &str, date: Date) -> EventInput {
    EventInput {
        title: title.to_owned(),
        summary: summary.to_owned(),
        description: description.to_owned(),
        kind: "webinar".to_owned(),
        time_zone: "America/New_York".to_owned(),
        starts: format!("{}T08:00", iso(date)),
        ends: format!("{}T09:00", iso(date)),
        join_url: "https://meet.example.org/ssw-week".to_owned(),
        languages: vec!["en".to_owned()],
        reference_zones: "Africa/Nairobi, Asia/Manila, America/Bogota".to_owned(),
        ..EventInput::default()
    }
}

fn email(day: usize, theme: &str, date: Date) -> CampaignInput {
    let subject = format!("Day {} of {HASHTAG}: {theme}", day + 1);
    let body = format!(
        "Dear colleagues,\n\nToday's theme of Social Service Workforce Week is **{theme}**.\n\n\
         See today's webinar, resources, blog posts and worker profiles on \
         [the week's page](/weeks/{SLUG}/{date}), and share them with {HASHTAG}: \
         [posts and graphics are ready to use](/weeks/{SLUG}/share).\n\n\
         *A synthetic demo email of the network's awareness week.*",
        date = iso(date)
    );
    CampaignInput {
        topic: "week".to_owned(),
        default_language: "en".to_owned(),
        versions: vec![VersionInput {
            language: "en".to_owned(),
            subject,
            body,
        }],
        time_zone: "America/New_York".to_owned(),
        ..CampaignInput::default()
    }
}

/// The week, running from two days before `today` to two days after.
pub fn week(today: Date) -> DemoWeek {
    let first = today - Duration::days(2);
    let input = WeekInput {
        title: "Social Service Workforce Week 2022 (a re-creation)".to_owned(),
        slug: SLUG.to_owned(),
        theme: "Making the Case for Investing in Strengthening the Social Service Workforce Across Sectors"
            .to_owned(),
        hashtag: HASHTAG.to_owned(),
        intro: format!(
            "Every year the network holds Social Service Workforce Week to bring attention to and build support \
             for the social service workforce, and to raise awareness of promising efforts to strengthen it.\n\n\
             This week we:\n\n\
             1. examine the diverse roles of social service workers across sectors, such as health and education, \
             and within humanitarian contexts;\n\
             2. exchange learning on how the workforce works best in community settings across these sectors;\n\
             3. recommend strategies for planning and resourcing the workforce, including how to use minimum ratios \
             and costing to plan the deployment of social service workers (try it with the \
             [workforce planner](/countries/ke/planner)).\n\n\
             To receive the daily emails, packed with resources, blog posts and worker profiles, become a free member.\n\n\
             *A synthetic demo: it re-creates the network's 2022 week (17–21 October 2022) on this week's dates, \
             so that what is on today shows. Join with {HASHTAG}.*"
        ),
        starts_on: iso(first),
        ends_on: iso(first + Duration::days(4)),
        show_donation_total: true,
    };
    let days = DAYS
        .iter()
        .enumerate()
        .map(|(index, (theme, summary))| {
            let date = first + Duration::days(index as i64);
            let webinar = match index {
                2 => Some(webinar(
                    "SSW Week: Social Service Workers in Health Facilities",
                    "Their role in addressing social and other determinants of health among children and families.",
                    "How a well-developed and qualified social service workforce working in and linked to health \
                     facilities can help countries tackle social and other determinants of health: roles, functions \
                     and practice models, and their influence on health outcomes and costs. Country speakers share \
                     promising practice.\n\n*Synthetic demo event.*",
                    date,
                )),
                3 => Some(webinar(
                    "SSW Week: Developing Minimum Social Service Workforce Ratios and Costing the Workforce",
                    "Making the investment case with a minimum ratio and the cost of reaching it.",
                    "In most countries the number of social service workers is seriously inadequate. This webinar \
                     explores the guidance on developing a minimum ratio of social service workers per population \
                     and on calculating the cost of reaching and sustaining it, and how to build the investment case \
                     with it. Try the method on your country with the [workforce planner](/countries/ke/planner).\n\n\
                     *Synthetic demo event.*",
                    date,
                )),
                _ => None,
            };
            DemoDay {
                date,
                theme,
                summary,
                webinar,
                email: email(index, theme, date),
                resources: if index == 1 { 1 } else { 2 },
                stories: if index == 2 { 1 } else { 2 },
            }
        })
        .collect();
    let post = |network: &str, language: &str, body: &str| PostInput {
        network: network.to_owned(),
        language: language.to_owned(),
        body: body.to_owned(),
        link: String::new(),
    };
    let posts = vec![
        post(
            "x",
            "en",
            "This #SSWWeek we join @SSWAlliance in recognizing the increasingly important & diverse role of the #socialserviceworkforce in various settings, such as schools, health facilities and in humanitarian contexts.",
        ),
        post(
            "linkedin",
            "en",
            "This week is #SSWWeek! We join @SSWAlliance in calling for greater investment in and support for the #socialserviceworkforce working across sectors.",
        ),
        post(
            "x",
            "en",
            "#Socialservice workers protect & care for children & families in schools, health facilities & humanitarian contexts. This #SSWWeek we join @SSWAlliance to recognize their role.",
        ),
        post(
            "facebook",
            "fr",
            "Cette #SSWWeek, nous rejoignons @SSWAlliance pour reconnaître le rôle essentiel et varié du personnel des services sociaux dans les écoles, les établissements de santé et les contextes humanitaires.",
        ),
        post(
            "whatsapp",
            "es",
            "Esta #SSWWeek nos unimos a @SSWAlliance para pedir más inversión en la fuerza laboral de servicio social en todos los sectores.",
        ),
    ];
    DemoWeek { input, days, posts }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::weeks::{PostDraft, WeekDraft};

    #[test]
    fn the_demo_week_is_valid_and_today_is_its_middle_day() {
        let today = date!(2026 - 12 - 04);
        let demo = week(today);
        let draft = WeekDraft::check(&demo.input).expect("a valid week");
        assert_eq!(draft.dates().len(), 5);
        assert_eq!(draft.dates()[2], today);
        for post in &demo.posts {
            PostDraft::check(post, HASHTAG, "https://network.example/weeks/2022")
                .expect("a valid post");
        }
        let webinars: Vec<_> = demo
            .days
            .iter()
            .filter_map(|day| day.webinar.as_ref())
            .collect();
        assert_eq!(webinars.len(), 2);
        for webinar in webinars {
            webinar.parse().expect("a valid webinar");
        }
        for day in &demo.days {
            day.email.parse().expect("a valid email");
        }
    }
}
