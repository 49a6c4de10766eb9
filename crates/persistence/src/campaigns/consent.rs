//! What each member chose to receive (`member_topic`), and the record of every
//! choice made (`consent_record`: what, when, how, and from which campaign's link).

use membernet_domain::{
    MemberId,
    campaigns::{CampaignId, ConsentSource, Topic},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::OnConflict,
};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::{consent_record, member_topic},
};

/// One consent given or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentChange {
    pub topic: Topic,
    pub granted: bool,
    pub source: ConsentSource,
    pub campaign: Option<CampaignId>,
    pub at: OffsetDateTime,
}

/// The topics a member receives.
pub async fn topics(db: &impl ConnectionTrait, member: MemberId) -> Result<Vec<Topic>> {
    let mut topics: Vec<Topic> = member_topic::Entity::find()
        .filter(member_topic::Column::MemberId.eq(member.0))
        .all(db)
        .await?
        .iter()
        .filter_map(|row| Topic::parse(&row.topic))
        .collect();
    topics.sort();
    Ok(topics)
}

/// Makes `wanted` the member's topics, recording each change (and only changes:
/// saving the same choices again records nothing). Returns the changes made.
pub async fn set_topics(
    db: &impl ConnectionTrait,
    member: MemberId,
    wanted: &[Topic],
    source: ConsentSource,
    now: OffsetDateTime,
) -> Result<Vec<Topic>> {
    let current = topics(db, member).await?;
    let mut changed = Vec::new();
    for topic in Topic::ALL {
        let (has, wants) = (current.contains(topic), wanted.contains(topic));
        if has == wants {
            continue;
        }
        let change = ConsentChange {
            topic: *topic,
            granted: wants,
            source,
            campaign: None,
            at: now,
        };
        apply(db, member, &change).await?;
        changed.push(*topic);
    }
    Ok(changed)
}

/// Withdraws one topic (an unsubscribe link): `false` when the member did not
/// receive it (a link followed twice records nothing the second time).
pub async fn withdraw(
    db: &impl ConnectionTrait,
    member: MemberId,
    topic: Topic,
    campaign: Option<CampaignId>,
    now: OffsetDateTime,
) -> Result<bool> {
    let removed = member_topic::Entity::delete_many()
        .filter(member_topic::Column::MemberId.eq(member.0))
        .filter(member_topic::Column::Topic.eq(topic.code()))
        .exec(db)
        .await?;
    if removed.rows_affected == 0 {
        return Ok(false);
    }
    record(
        db,
        member,
        &ConsentChange {
            topic,
            granted: false,
            source: ConsentSource::UnsubscribeLink,
            campaign,
            at: now,
        },
    )
    .await?;
    Ok(true)
}

async fn apply(db: &impl ConnectionTrait, member: MemberId, change: &ConsentChange) -> Result<()> {
    if change.granted {
        member_topic::Entity::insert(member_topic::ActiveModel {
            member_id: Set(member.0),
            topic: Set(change.topic.code().to_owned()),
            since: Set(change.at),
        })
        .on_conflict(
            OnConflict::columns([member_topic::Column::MemberId, member_topic::Column::Topic])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    } else {
        member_topic::Entity::delete_many()
            .filter(member_topic::Column::MemberId.eq(member.0))
            .filter(member_topic::Column::Topic.eq(change.topic.code()))
            .exec(db)
            .await?;
    }
    record(db, member, change).await
}

async fn record(db: &impl ConnectionTrait, member: MemberId, change: &ConsentChange) -> Result<()> {
    consent_record::Entity::insert(consent_record::ActiveModel {
        member_id: Set(member.0),
        topic: Set(change.topic.code().to_owned()),
        granted: Set(change.granted),
        source: Set(change.source.code().to_owned()),
        campaign_id: Set(change.campaign.map(|id| id.0)),
        at: Set(change.at),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Every consent the member gave or withdrew, oldest first (their data export).
pub async fn history(db: &impl ConnectionTrait, member: MemberId) -> Result<Vec<ConsentChange>> {
    Ok(consent_record::Entity::find()
        .filter(consent_record::Column::MemberId.eq(member.0))
        .order_by_asc(consent_record::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|row| {
            Some(ConsentChange {
                topic: Topic::parse(&row.topic)?,
                granted: row.granted,
                source: ConsentSource::parse(&row.source)?,
                campaign: row.campaign_id.map(CampaignId),
                at: row.at,
            })
        })
        .collect())
}

/// Erasure: the member's choices and their record go.
pub async fn erase(db: &impl ConnectionTrait, member: MemberId) -> Result<()> {
    member_topic::Entity::delete_many()
        .filter(member_topic::Column::MemberId.eq(member.0))
        .exec(db)
        .await?;
    consent_record::Entity::delete_many()
        .filter(consent_record::Column::MemberId.eq(member.0))
        .exec(db)
        .await?;
    Ok(())
}

/// The demo network's choices, made in one statement whatever its size: about six
/// members in ten take the news, four in ten events, three in ten the week.
pub async fn seed_demo(db: &impl ConnectionTrait) -> Result<()> {
    for (topic, share) in [(Topic::News, 6), (Topic::Events, 4), (Topic::Week, 3)] {
        let sql = format!(
            "INSERT INTO member_topic (member_id, topic, since) \
             SELECT id, '{}', created_at FROM member \
             WHERE email_verified_at IS NOT NULL AND id % 10 < {share} \
             AND NOT EXISTS (SELECT 1 FROM member_topic t WHERE t.member_id = member.id AND t.topic = '{}')",
            topic.code(),
            topic.code()
        );
        db.execute_unprepared(&sql).await?;
        let sql = format!(
            "INSERT INTO consent_record (member_id, topic, granted, source, at) \
             SELECT member_id, topic, {}, '{}', since FROM member_topic \
             WHERE topic = '{}' AND NOT EXISTS \
             (SELECT 1 FROM consent_record c WHERE c.member_id = member_topic.member_id AND c.topic = member_topic.topic)",
            if db.get_database_backend() == sea_orm::DbBackend::Postgres {
                "TRUE"
            } else {
                "1"
            },
            ConsentSource::Demo.code(),
            topic.code()
        );
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}
