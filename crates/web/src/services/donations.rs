//! Donations ("Support the network"): staff configure the ways to give (a
//! provider's payment link or donation page per frequency and currency), givers
//! follow them to the provider and come back to be thanked; staff record the gifts
//! received outside Membernet and see their totals by currency for a period.
//!
//! Membernet never takes a payment and never learns what was given online: the
//! totals are of the gifts staff recorded. Every change staff make is written to
//! the staff audit log in the change's own transaction.

use membernet_domain::{
    Account,
    donations::{Currency, DonationOption, Gift, GiftDraft, GiftId, OptionDraft, OptionId, Period},
};
use membernet_persistence::{
    ConnectionTrait, TransactionTrait, donations,
    staff_audit::{self, Actor},
};
use time::{Date, OffsetDateTime};

use super::{Error, Result, Services};
use crate::locale::Locale;

/// At most this many gifts are listed for a period (the totals count them all).
pub const GIFTS_LISTED: u64 = 200;

/// What was received in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub currency: Currency,
    /// In the currency's minor units.
    pub minor: i64,
}

impl Total {
    /// The amount as the reader's language writes it ("USD 1,250.00";
    /// "1 250,00 USD").
    pub fn display(&self, locale: Locale) -> String {
        locale.amount(self.currency, self.minor)
    }
}

/// The gifts received from `from` to `to` (both days included) by currency, in the
/// order of the currencies' codes: the gifts staff recorded (what was given
/// through a provider is known to the provider only). Empty when `to` is before
/// `from`.
pub async fn totals_between(services: &Services, from: Date, to: Date) -> Result<Vec<Total>> {
    if to < from {
        return Ok(Vec::new());
    }
    Ok(donations::totals_between(&services.db, from, to)
        .await?
        .into_iter()
        .map(|(currency, minor)| Total { currency, minor })
        .collect())
}

/// The ways to give that givers see, in their order.
pub async fn active_options(services: &Services) -> Result<Vec<DonationOption>> {
    Ok(donations::options(&services.db, true).await?)
}

/// The option a giver comes back from (`/support/thanks?option=ID`), if there is
/// such an option; anything else is no option.
pub async fn thanked_for(services: &Services, option: &str) -> Result<Option<DonationOption>> {
    let Ok(id) = option.trim().parse::<i64>() else {
        return Ok(None);
    };
    Ok(donations::option(&services.db, OptionId(id)).await?)
}

/// Any option (staff).
pub async fn option(services: &Services, id: i64) -> Result<DonationOption> {
    donations::option(&services.db, OptionId(id))
        .await?
        .ok_or(Error::NotFound)
}

/// Any gift (staff).
pub async fn gift(services: &Services, id: i64) -> Result<Gift> {
    donations::gift(&services.db, GiftId(id))
        .await?
        .ok_or(Error::NotFound)
}

/// A gift and the name of the staff member who recorded it (`None` once their
/// account is gone).
#[derive(Debug, Clone)]
pub struct RecordedGift {
    pub gift: Gift,
    pub recorded_by: Option<String>,
}

/// The staff page: every option, and for `period` (when it was typed right) the
/// gifts received and their totals.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub options: Vec<DonationOption>,
    pub gifts: Vec<RecordedGift>,
    /// More gifts than [`GIFTS_LISTED`] were received in the period.
    pub more_gifts: bool,
    pub totals: Vec<Total>,
}

pub async fn overview(services: &Services, period: Option<Period>) -> Result<Overview> {
    let options = donations::options(&services.db, false).await?;
    let Some(period) = period else {
        return Ok(Overview {
            options,
            ..Overview::default()
        });
    };
    let (gifts, more_gifts) =
        donations::gifts_between(&services.db, period.from, period.to, GIFTS_LISTED).await?;
    let ids: Vec<GiftId> = gifts.iter().map(|gift| gift.id).collect();
    let mut recorders = donations::recorders(&services.db, &ids).await?;
    let gifts = gifts
        .into_iter()
        .map(|gift| RecordedGift {
            recorded_by: recorders.remove(&gift.id),
            gift,
        })
        .collect();
    Ok(Overview {
        options,
        gifts,
        more_gifts,
        totals: totals_between(services, period.from, period.to).await?,
    })
}

/// The position a new option gets: after the last one, in steps of ten (room to
/// put one between two).
pub async fn next_position(services: &Services) -> Result<i32> {
    Ok(donations::options(&services.db, false)
        .await?
        .iter()
        .map(|option| option.draft.position)
        .max()
        .map_or(10, |last| (last / 10 + 1) * 10)
        .min(membernet_domain::donations::MAX_POSITION))
}

pub async fn add_option(
    services: &Services,
    staff: &Account,
    draft: &OptionDraft,
) -> Result<DonationOption> {
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    let option = donations::add_option(&txn, draft, now).await?;
    audit(
        &txn,
        staff,
        donations::ADD_OPTION,
        &donations::option_detail(option.id),
        now,
    )
    .await?;
    txn.commit().await.map_err(anyhow::Error::from)?;
    Ok(option)
}

pub async fn edit_option(
    services: &Services,
    staff: &Account,
    option: &DonationOption,
    draft: &OptionDraft,
) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    if !donations::update_option(&txn, option.id, draft, now).await? {
        return Err(Error::NotFound);
    }
    audit(
        &txn,
        staff,
        donations::EDIT_OPTION,
        &donations::option_detail(option.id),
        now,
    )
    .await?;
    txn.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Shows an option to givers again, or hides it (it is kept, with its link).
pub async fn set_active(
    services: &Services,
    staff: &Account,
    option: &DonationOption,
    active: bool,
) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    if !donations::set_active(&txn, option.id, active, now).await? {
        return Err(Error::NotFound);
    }
    let action = if active {
        donations::REACTIVATE_OPTION
    } else {
        donations::DEACTIVATE_OPTION
    };
    audit(
        &txn,
        staff,
        action,
        &donations::option_detail(option.id),
        now,
    )
    .await?;
    txn.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

pub async fn record_gift(services: &Services, staff: &Account, draft: &GiftDraft) -> Result<Gift> {
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    let gift = donations::record_gift(&txn, draft, now).await?;
    audit(
        &txn,
        staff,
        donations::RECORD_GIFT,
        &donations::gift_detail(gift.id),
        now,
    )
    .await?;
    txn.commit().await.map_err(anyhow::Error::from)?;
    // Pages that show a week's total may be kept (`http::cache`).
    services.public_changed().await?;
    Ok(gift)
}

/// Deletes a recorded gift; the audit log keeps its amount and day (not the
/// donor's name). `NotFound` when it was deleted meanwhile.
pub async fn delete_gift(services: &Services, staff: &Account, gift: &Gift) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    if !donations::delete_gift(&txn, gift.id).await? {
        return Err(Error::NotFound);
    }
    let detail = format!(
        "{} {} {} received {}",
        donations::gift_detail(gift.id),
        gift.draft.currency.code(),
        gift.draft.currency.plain(gift.draft.amount),
        gift.draft.received_on
    );
    audit(&txn, staff, donations::DELETE_GIFT, &detail, now).await?;
    txn.commit().await.map_err(anyhow::Error::from)?;
    services.public_changed().await?;
    Ok(())
}

async fn audit(
    db: &impl ConnectionTrait,
    staff: &Account,
    action: &'static str,
    detail: &str,
    now: OffsetDateTime,
) -> Result<()> {
    staff_audit::record(
        db,
        staff_audit::Entry {
            actor: Actor::Staff(staff.id),
            action,
            subject: None,
            detail,
            rows: None,
        },
        now,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_reads_in_the_readers_language() {
        let total = Total {
            currency: Currency::parse("EUR").unwrap(),
            minor: 42_000,
        };
        assert_eq!(total.display(Locale::En), "EUR\u{a0}420.00");
        assert_eq!(total.display(Locale::Fr), "420,00\u{a0}EUR");
    }
}
