//! The email a submitter gets when staff decide about what they sent.

use membernet_domain::{
    Account,
    library::{Decision, Item, Section},
};
use membernet_persistence::{ConnectionTrait, members};

use super::super::{Result, Services};
use crate::{
    locale::Locale,
    mail::{Compose, Email},
};

/// Where a page shows `item` to the public.
pub fn public_path(item: &Item) -> String {
    match item.section() {
        Section::Resource => format!("/resources/{}", item.slug),
        Section::Story => format!("/stories/{}", item.slug),
    }
}

struct DecisionEmail<'a> {
    decision: Decision,
    title: &'a str,
    reason: Option<&'a str>,
    url: String,
}

impl Compose for DecisionEmail<'_> {
    fn compose(&self, locale: Locale, _base_url: &str) -> Email {
        let code = self.decision.code();
        let mut text = locale.t1(&format!("library.email.{code}_body"), "title", self.title);
        if let Some(reason) = self.reason {
            text.push_str("\n\n");
            text.push_str(&locale.t("library.email.reason"));
            text.push_str("\n\n");
            text.push_str(reason);
        }
        text.push_str("\n\n");
        text.push_str(&self.url);
        text.push('\n');
        Email {
            subject: locale.t1(
                &format!("library.email.{code}_subject"),
                "title",
                self.title,
            ),
            text,
            html: None,
            calendar: None,
            link: None,
            valid_for: crate::mail::compose::MAX_VALID_FOR,
        }
    }
}

/// Queues, in `db`'s transaction, the submitter's email about `decision` (approved,
/// changes asked for, rejected or withdrawn), in their language.
pub(super) async fn queue_decision(
    services: &Services,
    db: &impl ConnectionTrait,
    member: &Account,
    item: &Item,
    decision: Decision,
    reason: Option<&str>,
) -> Result<()> {
    let base = &services.config.base_url;
    let url = match decision {
        Decision::Approve => format!("{base}{}", public_path(item)),
        Decision::RequestChanges => format!("{base}/account/submissions/{}", item.id),
        _ => format!("{base}/account#submissions"),
    };
    let locale = members::locale(db, member.id)
        .await?
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or_default();
    let email = DecisionEmail {
        decision,
        title: &item.fields.title,
        reason,
        url,
    }
    .compose(locale, base);
    services
        .mailer
        .queue(db, &member.email, &email)
        .await
        .map_err(super::super::Error::Internal)?;
    Ok(())
}
