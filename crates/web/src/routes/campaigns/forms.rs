//! Staff's campaign form: a subject and a body per language (`subject_fr`,
//! `body_fr`…), the audience's filters, the zone and the send time; and the block
//! of upcoming events staff can put into a body.

use membernet_domain::{
    campaigns::{CampaignDraft, CampaignError, CampaignInput, LANGUAGES, Topic, VersionInput},
    events::Event,
};

use crate::{forms::FieldErrors, locale::Locale};

#[derive(Debug, Clone, Default)]
pub struct CampaignForm {
    pub input: CampaignInput,
    /// "events": put the upcoming events into the default language's body (and
    /// show the form again, saving nothing).
    pub insert: Option<String>,
}

impl CampaignForm {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = CampaignForm::default();
        let input = &mut form.input;
        input.versions = LANGUAGES
            .iter()
            .map(|language| VersionInput {
                language: (*language).to_owned(),
                ..VersionInput::default()
            })
            .collect();
        for (name, value) in pairs {
            match name.as_str() {
                "topic" => input.topic = value,
                "default_language" => input.default_language = value,
                "country" => input.country = value,
                "region" => input.region = value,
                "category" => input.category = value,
                "sector" => input.sector = value,
                "organization_type" => input.organization_type = value,
                "event" => input.event = value,
                "time_zone" => input.time_zone = value,
                "send_at" => input.send_at = value,
                "insert" => form.insert = Some(value),
                other => {
                    let (field, language) = match other.split_once('_') {
                        Some(split) => split,
                        None => continue,
                    };
                    if let Some(version) = input
                        .versions
                        .iter_mut()
                        .find(|version| version.language == language)
                    {
                        match field {
                            "subject" => version.subject = value,
                            "body" => version.body = value,
                            _ => {}
                        }
                    }
                }
            }
        }
        form
    }

    /// A new campaign's form: network news in English, sent from `zone`.
    pub fn blank(zone: &str) -> Self {
        Self {
            input: CampaignInput {
                topic: Topic::News.code().to_owned(),
                default_language: "en".to_owned(),
                versions: LANGUAGES
                    .iter()
                    .map(|language| VersionInput {
                        language: (*language).to_owned(),
                        ..VersionInput::default()
                    })
                    .collect(),
                time_zone: zone.to_owned(),
                ..CampaignInput::default()
            },
            insert: None,
        }
    }

    pub fn of(draft: &CampaignDraft) -> Self {
        Self {
            input: CampaignInput::of(draft),
            insert: None,
        }
    }

    pub fn parse(&self, locale: Locale) -> Result<CampaignDraft, FieldErrors> {
        self.input.parse().map_err(|errors| {
            let mut fields = FieldErrors::default();
            for error in errors {
                fields.add(&error.field(), message(locale, error));
            }
            fields
        })
    }

    /// Puts the upcoming events at the end of the default language's body, as a
    /// Markdown list of links written in that language.
    pub fn insert_events(&mut self, events: &[Event], base_url: &str) {
        let language = self.input.default_language.clone();
        let locale = Locale::parse(&language).unwrap_or_default();
        let mut block = format!("\n\n## {}\n\n", locale.t("campaigns.block.events"));
        if events.is_empty() {
            block.push_str(&locale.t("campaigns.block.no_events"));
            block.push('\n');
        }
        for event in events {
            let draft = &event.draft;
            block.push_str(&format!(
                "- [{}]({base_url}/events/{}): {}\n",
                draft.title.replace(['[', ']'], ""),
                event.slug,
                locale.span_in(&draft.zone, draft.starts_at, draft.ends_at)
            ));
        }
        if let Some(version) = self
            .input
            .versions
            .iter_mut()
            .find(|version| version.language == language)
        {
            version.body = format!("{}{block}", version.body.trim_end())
                .trim_start()
                .to_owned();
        }
    }
}

fn message(locale: Locale, error: CampaignError) -> String {
    let text = locale.t(&format!("campaigns.error.{}", error.code()));
    match error {
        CampaignError::SubjectMissing(language)
        | CampaignError::SubjectTooLong(language)
        | CampaignError::SubjectOnSeveralLines(language)
        | CampaignError::BodyMissing(language)
        | CampaignError::BodyTooLong(language) => {
            format!("{} ({})", text, locale.t(&format!("language.{language}")))
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_reads_its_own_fields() {
        let form = CampaignForm::from_pairs(vec![
            ("topic".into(), "week".into()),
            ("default_language".into(), "fr".into()),
            ("subject_fr".into(), "Semaine".into()),
            ("body_fr".into(), "Bonjour".into()),
            ("subject_en".into(), "Week".into()),
            ("subject_xx".into(), "ignored".into()),
            ("insert".into(), "events".into()),
        ]);
        assert_eq!(form.input.version("fr").subject, "Semaine");
        assert_eq!(form.input.version("en").subject, "Week");
        assert_eq!(form.input.versions.len(), LANGUAGES.len());
        assert_eq!(form.insert.as_deref(), Some("events"));
    }
}
