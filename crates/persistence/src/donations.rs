//! Donations: the ways to give staff configure and the gifts they record by hand
//! (see `membernet_domain::donations`). A gift links to no account; who recorded or
//! deleted one is in the staff audit log, under the actions below, with the gift's
//! id as its detail ([`gift_detail`]).

use std::collections::HashMap;

use membernet_domain::donations::{
    Currency, DonationOption, Frequency, Gift, GiftDraft, GiftId, OptionDraft, OptionId,
    ProviderUrl, demo,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};
use time::{Date, OffsetDateTime};

use crate::{
    Error, Result,
    entity::{donation_gift, donation_option, member, staff_audit},
};

/// Staff audit actions; the detail names the option (`option=ID`) or the gift.
pub const ADD_OPTION: &str = "add_donation_option";
pub const EDIT_OPTION: &str = "edit_donation_option";
pub const DEACTIVATE_OPTION: &str = "deactivate_donation_option";
pub const REACTIVATE_OPTION: &str = "reactivate_donation_option";
pub const RECORD_GIFT: &str = "record_donation_gift";
pub const DELETE_GIFT: &str = "delete_donation_gift";

/// The audit detail naming an option.
pub fn option_detail(id: OptionId) -> String {
    format!("option={}", id.0)
}

/// The audit detail naming a gift (how its recorder is found again).
pub fn gift_detail(id: GiftId) -> String {
    format!("gift={}", id.0)
}

fn option_of(row: donation_option::Model) -> Result<DonationOption> {
    let corrupt = |what: &str| Error::Corrupt(format!("donation_option {}: {what}", row.id));
    let frequency = Frequency::parse(&row.frequency).ok_or_else(|| corrupt("frequency"))?;
    let currency = Currency::parse(&row.currency).ok_or_else(|| corrupt("currency"))?;
    let url = ProviderUrl::parse(&row.url).map_err(|_| corrupt("url"))?;
    Ok(DonationOption {
        id: OptionId(row.id),
        draft: OptionDraft {
            provider: row.provider,
            frequency,
            currency,
            suggested: row.suggested_minor,
            label: row.label,
            description: row.description,
            url,
            position: row.position,
        },
        active: row.active,
    })
}

fn gift_of(row: donation_gift::Model) -> Result<Gift> {
    let currency = Currency::parse(&row.currency)
        .ok_or_else(|| Error::Corrupt(format!("donation_gift {}: currency", row.id)))?;
    Ok(Gift {
        id: GiftId(row.id),
        draft: GiftDraft {
            amount: row.amount_minor,
            currency,
            received_on: row.received_on,
            donor: row.donor,
            note: row.note,
        },
        recorded_at: row.recorded_at,
    })
}

/// The options in the order givers see them (position, then the first added
/// first); only the active ones when `active_only`.
pub async fn options(db: &impl ConnectionTrait, active_only: bool) -> Result<Vec<DonationOption>> {
    let mut select = donation_option::Entity::find();
    if active_only {
        select = select.filter(donation_option::Column::Active.eq(true));
    }
    select
        .order_by_asc(donation_option::Column::Position)
        .order_by_asc(donation_option::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(option_of)
        .collect()
}

pub async fn option(db: &impl ConnectionTrait, id: OptionId) -> Result<Option<DonationOption>> {
    donation_option::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(option_of)
        .transpose()
}

/// A new option, active at once.
pub async fn add_option(
    db: &impl ConnectionTrait,
    draft: &OptionDraft,
    now: OffsetDateTime,
) -> Result<DonationOption> {
    let row = donation_option::ActiveModel {
        provider: Set(draft.provider.clone()),
        frequency: Set(draft.frequency.code().to_owned()),
        currency: Set(draft.currency.code().to_owned()),
        suggested_minor: Set(draft.suggested),
        label: Set(draft.label.clone()),
        description: Set(draft.description.clone()),
        url: Set(draft.url.as_str().to_owned()),
        position: Set(draft.position),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    option_of(row)
}

/// Changes an option's fields (not whether it is active); false when there is none.
pub async fn update_option(
    db: &impl ConnectionTrait,
    id: OptionId,
    draft: &OptionDraft,
    now: OffsetDateTime,
) -> Result<bool> {
    let updated = donation_option::Entity::update_many()
        .col_expr(
            donation_option::Column::Provider,
            Expr::value(draft.provider.clone()),
        )
        .col_expr(
            donation_option::Column::Frequency,
            Expr::value(draft.frequency.code()),
        )
        .col_expr(
            donation_option::Column::Currency,
            Expr::value(draft.currency.code()),
        )
        .col_expr(
            donation_option::Column::SuggestedMinor,
            Expr::value(draft.suggested),
        )
        .col_expr(
            donation_option::Column::Label,
            Expr::value(draft.label.clone()),
        )
        .col_expr(
            donation_option::Column::Description,
            Expr::value(draft.description.clone()),
        )
        .col_expr(
            donation_option::Column::Url,
            Expr::value(draft.url.as_str()),
        )
        .col_expr(
            donation_option::Column::Position,
            Expr::value(draft.position),
        )
        .col_expr(donation_option::Column::UpdatedAt, Expr::value(now))
        .filter(donation_option::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Shows or hides an option; false when there is none.
pub async fn set_active(
    db: &impl ConnectionTrait,
    id: OptionId,
    active: bool,
    now: OffsetDateTime,
) -> Result<bool> {
    let updated = donation_option::Entity::update_many()
        .col_expr(donation_option::Column::Active, Expr::value(active))
        .col_expr(donation_option::Column::UpdatedAt, Expr::value(now))
        .filter(donation_option::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

pub async fn record_gift(
    db: &impl ConnectionTrait,
    draft: &GiftDraft,
    now: OffsetDateTime,
) -> Result<Gift> {
    let row = donation_gift::ActiveModel {
        amount_minor: Set(draft.amount),
        currency: Set(draft.currency.code().to_owned()),
        received_on: Set(draft.received_on),
        donor: Set(draft.donor.clone()),
        note: Set(draft.note.clone()),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    gift_of(row)
}

pub async fn gift(db: &impl ConnectionTrait, id: GiftId) -> Result<Option<Gift>> {
    donation_gift::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(gift_of)
        .transpose()
}

/// False when there was no such gift (deleted meanwhile).
pub async fn delete_gift(db: &impl ConnectionTrait, id: GiftId) -> Result<bool> {
    let deleted = donation_gift::Entity::delete_by_id(id.0).exec(db).await?;
    Ok(deleted.rows_affected == 1)
}

/// The gifts received from `from` to `to` (both included), the latest received
/// first, at most `limit`, and whether there are more.
pub async fn gifts_between(
    db: &impl ConnectionTrait,
    from: Date,
    to: Date,
    limit: u64,
) -> Result<(Vec<Gift>, bool)> {
    let rows = donation_gift::Entity::find()
        .filter(donation_gift::Column::ReceivedOn.gte(from))
        .filter(donation_gift::Column::ReceivedOn.lte(to))
        .order_by_desc(donation_gift::Column::ReceivedOn)
        .order_by_desc(donation_gift::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    let gifts = rows
        .into_iter()
        .take(limit as usize)
        .map(gift_of)
        .collect::<Result<_>>()?;
    Ok((gifts, more))
}

/// What was received from `from` to `to` (both included), by currency (in the
/// order of their codes), in minor units.
pub async fn totals_between(
    db: &impl ConnectionTrait,
    from: Date,
    to: Date,
) -> Result<Vec<(Currency, i64)>> {
    // SUM of a BIGINT is a NUMERIC on PostgreSQL: cast back to read an i64.
    let rows: Vec<(String, i64)> = donation_gift::Entity::find()
        .select_only()
        .column(donation_gift::Column::Currency)
        .column_as(
            Expr::expr(Func::cast_as(
                Func::sum(Expr::col(donation_gift::Column::AmountMinor)),
                "BIGINT",
            )),
            "total",
        )
        .filter(donation_gift::Column::ReceivedOn.gte(from))
        .filter(donation_gift::Column::ReceivedOn.lte(to))
        .group_by(donation_gift::Column::Currency)
        .order_by_asc(donation_gift::Column::Currency)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(code, total)| {
            Currency::parse(&code)
                .map(|currency| (currency, total))
                .ok_or_else(|| Error::Corrupt(format!("donation_gift currency {code}")))
        })
        .collect()
}

/// Who recorded each of `gifts` (the staff account's name), from the audit log;
/// a gift whose recorder's account was erased since is not in the map.
pub async fn recorders(
    db: &impl ConnectionTrait,
    gifts: &[GiftId],
) -> Result<HashMap<GiftId, String>> {
    if gifts.is_empty() {
        return Ok(HashMap::new());
    }
    let details: HashMap<String, GiftId> = gifts.iter().map(|id| (gift_detail(*id), *id)).collect();
    let recorded: Vec<(String, Option<i64>)> = staff_audit::Entity::find()
        .select_only()
        .column(staff_audit::Column::Detail)
        .column(staff_audit::Column::ActorId)
        .filter(staff_audit::Column::Action.eq(RECORD_GIFT))
        .filter(staff_audit::Column::Detail.is_in(details.keys().cloned()))
        .into_tuple()
        .all(db)
        .await?;
    let mut actors: Vec<i64> = recorded.iter().filter_map(|(_, actor)| *actor).collect();
    actors.sort_unstable();
    actors.dedup();
    if actors.is_empty() {
        return Ok(HashMap::new());
    }
    let names: HashMap<i64, String> = member::Entity::find()
        .select_only()
        .column(member::Column::Id)
        .column(member::Column::FullName)
        .filter(member::Column::Id.is_in(actors))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(recorded
        .into_iter()
        .filter_map(|(detail, actor)| {
            let gift = details.get(&detail)?;
            let name = names.get(&actor?)?;
            Some((*gift, name.clone()))
        })
        .collect())
}

/// The demo network's ways to give and offline gifts (`membernet_domain::donations::demo`).
pub async fn seed_demo(db: &impl ConnectionTrait) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    for input in demo::options() {
        if let Ok(draft) = input.parse() {
            add_option(db, &draft, now).await?;
        }
    }
    for input in demo::gifts(now.date()) {
        if let Ok(draft) = input.parse(now.date()) {
            record_gift(db, &draft, now).await?;
        }
    }
    Ok(())
}
