//! Writing the membership event log, and the statistics rollup kept exact beside it
//! (by area, segment, week and month; see [`crate::rollup`]).
//!
//! Every event is written with its rollup updates in the caller's transaction, so
//! they never disagree. [`change`] is the one way to record that who counts changed.

use membernet_domain::{
    MemberId,
    membership::MembershipEventKind,
    statistics::{Change, Standing},
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::membership_event,
    profile_counts::{self, Counted},
    rollup,
};

/// The event row recording `change`.
fn event(member: MemberId, change: &Change, now: OffsetDateTime) -> membership_event::ActiveModel {
    let kind = MembershipEventKind::of(change);
    let (from, to) = match change {
        Change::Joined(to) | Change::Left(to) => (None, to),
        Change::Changed { from, to } => (Some(from), to),
    };
    membership_event::ActiveModel {
        member_id: Set(Some(member.0)),
        kind: Set(kind.as_str().to_owned()),
        country_code: Set(to.country.as_str().to_owned()),
        from_country_code: Set(from
            .filter(|from| from.country != to.country)
            .map(|from| from.country.as_str().to_owned())),
        occurred_at: Set(now),
        category: Set(to.category.map(|category| category.code().to_owned())),
        sectors: Set(to.sectors_text()),
        organization_type: Set(to.organization_type.map(|kind| kind.code().to_owned())),
        from_category: Set(from.and_then(|from| from.category.map(|c| c.code().to_owned()))),
        from_sectors: Set(from.and_then(Standing::sectors_text)),
        from_organization_type: Set(
            from.and_then(|from| from.organization_type.map(|kind| kind.code().to_owned()))
        ),
        // A member's source never changes, so one column holds both sides.
        source: Set(to.source.map(|kind| kind.code().to_owned())),
        ..Default::default()
    }
}

/// Records a change in who counts: the event (with the standing before and after)
/// and the statistics rollup, in the caller's transaction.
pub async fn record(
    db: &impl ConnectionTrait,
    member: MemberId,
    change: &Change,
    now: OffsetDateTime,
) -> Result<()> {
    record_many(db, &[(member, change.clone())], now).await
}

/// Records many members' changes at once (an organisation's members when staff
/// change its type): the events in batches, and the rollup once, with the changes'
/// counts added up.
pub async fn record_many(
    db: &impl ConnectionTrait,
    changes: &[(MemberId, Change)],
    now: OffsetDateTime,
) -> Result<()> {
    for chunk in changes.chunks(1_000) {
        let events = chunk
            .iter()
            .map(|(member, change)| event(*member, change, now));
        membership_event::Entity::insert_many(events)
            .exec_without_returning(db)
            .await?;
    }
    rollup::apply_many(db, changes.iter().map(|(_, change)| change), now).await
}

/// Moves a member from how they counted (`before`) to how they count (`after`), both
/// from [`profile_counts::snapshot`]: the breakdowns by country, and the event with
/// its rollups when what they count as changed. Every change to who counts goes
/// through here: verification, the account form, erasure, suspension, organisation
/// edits.
pub async fn change(
    db: &impl ConnectionTrait,
    member: MemberId,
    before: Option<&Counted>,
    after: Option<&Counted>,
    now: OffsetDateTime,
) -> Result<()> {
    profile_counts::apply(db, before, after).await?;
    let (before, after) = (before.map(Counted::standing), after.map(Counted::standing));
    match Change::between(before.as_ref(), after.as_ref()) {
        Some(change) => record(db, member, &change, now).await,
        None => Ok(()),
    }
}
