//! The demo network's campaigns (synthetic): a newsletter sent three weeks before
//! the seeding day and in the public archive, and two drafts staff can open, try
//! and send: the awareness week's opening email and a note about the webinars.

use crate::campaigns::{CampaignInput, VersionInput};

/// One campaign of the demo and what became of it.
pub struct DemoCampaign {
    pub input: CampaignInput,
    /// Sent this many days before the seeding day (and archived); `None`: a draft.
    pub sent_days_ago: Option<i64>,
}

fn version(language: &str, subject: &str, body: &str) -> VersionInput {
    VersionInput {
        language: language.to_owned(),
        subject: subject.to_owned(),
        body: body.to_owned(),
    }
}

pub fn campaigns() -> Vec<DemoCampaign> {
    vec![
        DemoCampaign {
            input: CampaignInput {
                topic: "news".to_owned(),
                default_language: "en".to_owned(),
                versions: vec![
                    version(
                        "en",
                        "Network news: new members, a workforce guide and two webinars",
                        "Dear colleagues,\n\nThe network welcomed **new members in 30 countries** this month. \
                         Thank you for the work you do every day for children, families and communities.\n\n\
                         ## In this issue\n\n- A short guide to planning the social service workforce, \
                         with the workforce planner on our site\n- Two webinars coming up: \
                         [see the programme](/events)\n- Country profiles updated with this year's figures\n\n\
                         Share this email with a colleague who is not yet a member: joining is free.\n\n\
                         *This newsletter is part of a synthetic demo network.*",
                    ),
                    version(
                        "fr",
                        "Nouvelles du réseau : nouveaux membres, un guide et deux webinaires",
                        "Chers collègues,\n\nLe réseau a accueilli **de nouveaux membres dans 30 pays** ce mois-ci. \
                         Merci pour le travail que vous faites chaque jour pour les enfants, les familles et les communautés.\n\n\
                         ## Dans ce numéro\n\n- Un court guide pour planifier le personnel des services sociaux, \
                         avec l’outil de planification du site\n- Deux webinaires à venir : \
                         [voir le programme](/events)\n- Des profils de pays mis à jour\n\n\
                         Transférez cet e-mail à un collègue qui n’est pas encore membre : l’adhésion est gratuite.\n\n\
                         *Cette lettre fait partie d’un réseau de démonstration synthétique.*",
                    ),
                ],
                time_zone: "UTC".to_owned(),
                ..CampaignInput::default()
            },
            sent_days_ago: Some(21),
        },
        DemoCampaign {
            input: CampaignInput {
                topic: "week".to_owned(),
                default_language: "en".to_owned(),
                versions: vec![
                    version(
                        "en",
                        "Social Service Workforce Week starts on Monday",
                        "Dear colleagues,\n\nNext week the network celebrates the social service workforce: \
                         one theme a day, a webinar each day, stories of social service workers and \
                         resources to share.\n\n**Register for the webinars** on our events page, and share \
                         the week with #SSWWeek.\n\n*A demo campaign: open it, preview it, send yourself a test.*",
                    ),
                    version(
                        "fr",
                        "La Semaine du personnel des services sociaux commence lundi",
                        "Chers collègues,\n\nLa semaine prochaine, le réseau célèbre le personnel des services sociaux : \
                         un thème par jour, un webinaire chaque jour, des témoignages et des ressources à partager.\n\n\
                         **Inscrivez-vous aux webinaires** sur la page des événements, et partagez la semaine avec #SSWWeek.\n\n\
                         *Une campagne de démonstration : ouvrez-la, prévisualisez-la, envoyez-vous un test.*",
                    ),
                ],
                time_zone: "America/New_York".to_owned(),
                ..CampaignInput::default()
            },
            sent_days_ago: None,
        },
        DemoCampaign {
            input: CampaignInput {
                topic: "events".to_owned(),
                default_language: "en".to_owned(),
                versions: vec![version(
                    "en",
                    "Webinars for social service workers in Africa",
                    "Dear colleagues in Africa,\n\nOur next webinars are on the programme below. \
                     Each is free and recorded for those who cannot attend.",
                )],
                region: "africa".to_owned(),
                time_zone: "Africa/Nairobi".to_owned(),
                ..CampaignInput::default()
            },
            sent_days_ago: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_campaign_is_valid() {
        for campaign in campaigns() {
            campaign.input.parse().expect("a valid demo campaign");
        }
    }
}
