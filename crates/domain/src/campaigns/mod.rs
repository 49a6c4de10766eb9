//! Email campaigns and newsletters: what members agreed to receive (topics and the
//! record of every consent given or withdrawn), what staff write (a version per
//! language), who receives it (an audience frozen when sending starts), and the
//! rules of sending (the pace, who is still to be sent to, what an unsubscribe link
//! says).

pub mod draft;

use std::fmt;

use time::OffsetDateTime;

pub use draft::{CampaignDraft, CampaignError, CampaignInput, Version, VersionInput};

use crate::{
    CountryCode, MemberId, events::EventId, organization::OrganizationType, profile::Sector,
    profile::WorkforceCategory, profile::code_list,
};

code_list!(
    /// What a campaign is about, and so who may receive it: only members who chose
    /// the topic.
    Topic, "campaigns.topic", {
        News => "news",
        Events => "events",
        Week => "week",
        Regional => "regional",
    }
);

code_list!(
    /// How a consent was given or withdrawn.
    ConsentSource, "campaigns.source", {
        JoinForm => "join_form",
        AccountPage => "account_page",
        UnsubscribeLink => "unsubscribe_link",
        Import => "import",
        Demo => "demo",
    }
);

code_list!(
    /// Where a campaign is in its life.
    CampaignStatus, "campaigns.status", {
        Draft => "draft",
        Scheduled => "scheduled",
        Sending => "sending",
        Sent => "sent",
        Cancelled => "cancelled",
    }
);

code_list!(
    /// What became of one recipient's email.
    RecipientStatus, "campaigns.recipient", {
        // Still to be sent (or being sent: claimed until a lease runs out).
        Pending => "pending",
        Sent => "sent",
        // The server kept refusing it for a while; given up on.
        Failed => "failed",
        // Refused for good: the address does not take mail.
        Bounced => "bounced",
        // Not sent: the member withdrew consent, left, or their address bounced
        // after the audience was frozen.
        Withdrawn => "withdrawn",
        // Not sent: staff cancelled the campaign.
        Cancelled => "cancelled",
    }
);

/// The languages a campaign can be written in: the network's publishing languages.
pub const LANGUAGES: &[&str] = &["en", "fr", "es", "pt"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CampaignId(pub i64);

impl fmt::Display for CampaignId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Who a campaign goes to: members who chose its topic, narrowed by the staff
/// statistics' filters or to an event's registrants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    /// Empty: every country.
    pub countries: Vec<CountryCode>,
    /// The region the countries came from, when staff picked one (shown back).
    pub region: Option<String>,
    pub category: Option<WorkforceCategory>,
    pub sector: Option<Sector>,
    pub organization_type: Option<OrganizationType>,
    /// Only people registered (with a seat) for this event.
    pub event: Option<EventId>,
}

/// A campaign as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: CampaignId,
    pub slug: String,
    pub status: CampaignStatus,
    pub draft: CampaignDraft,
    /// The audience's size, frozen when sending started.
    pub recipients: u64,
    /// In the public archive of newsletters.
    pub archived: bool,
    pub created_at: OffsetDateTime,
    pub started_at: Option<OffsetDateTime>,
    pub finished_at: Option<OffsetDateTime>,
}

impl Campaign {
    /// Staff may still change what it says and who it goes to.
    pub fn is_editable(&self) -> bool {
        matches!(
            self.status,
            CampaignStatus::Draft | CampaignStatus::Scheduled
        )
    }

    /// Anyone may read it in the archive.
    pub fn is_public(&self) -> bool {
        self.archived && self.status == CampaignStatus::Sent
    }
}

/// How many emails may go now: `rate_per_minute` over any minute, `sent_last_minute`
/// already went, at most `batch`.
pub fn budget(rate_per_minute: u32, sent_last_minute: u64, batch: u32) -> u32 {
    let left = u64::from(rate_per_minute).saturating_sub(sent_last_minute);
    left.min(u64::from(batch)) as u32
}

/// What an unsubscribe link says, before it is signed: this member, this topic,
/// from this campaign (to count unsubscriptions per campaign).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsubscribe {
    pub member: MemberId,
    pub topic: Topic,
    pub campaign: CampaignId,
}

impl Unsubscribe {
    /// `12.news.7`: the signed part of the link.
    pub fn message(&self) -> String {
        format!(
            "{}.{}.{}",
            self.member.0,
            self.topic.code(),
            self.campaign.0
        )
    }

    pub fn parse(message: &str) -> Option<Self> {
        let mut parts = message.split('.');
        let member = parts.next()?.parse().ok().map(MemberId)?;
        let topic = Topic::parse(parts.next()?)?;
        let campaign = parts.next()?.parse().ok().map(CampaignId)?;
        if parts.next().is_some() {
            return None;
        }
        Some(Self {
            member,
            topic,
            campaign,
        })
    }
}

/// The language a recipient reads: theirs when the campaign has a version in it,
/// else the campaign's default.
pub fn language_for<'a>(draft: &'a CampaignDraft, recipient: &str) -> &'a Version {
    draft
        .versions
        .iter()
        .find(|version| version.language == recipient)
        .unwrap_or_else(|| draft.default_version())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_keeps_to_the_rate_over_a_minute() {
        assert_eq!(budget(600, 0, 100), 100);
        assert_eq!(budget(600, 550, 100), 50);
        assert_eq!(budget(600, 600, 100), 0);
        assert_eq!(budget(600, 900, 100), 0);
    }

    #[test]
    fn an_unsubscribe_message_reads_back_and_nothing_else_does() {
        let link = Unsubscribe {
            member: MemberId(12),
            topic: Topic::News,
            campaign: CampaignId(7),
        };
        assert_eq!(link.message(), "12.news.7");
        assert_eq!(Unsubscribe::parse("12.news.7"), Some(link));
        for bad in [
            "",
            "12.news",
            "12.gossip.7",
            "x.news.7",
            "12.news.7.1",
            "12.news.x",
        ] {
            assert_eq!(Unsubscribe::parse(bad), None, "{bad}");
        }
    }
}
