//! The library: members submit resources, blog posts and worker profiles; staff
//! moderate them (approve, ask for changes, reject, withdraw; every decision
//! recorded, the submitter emailed) or publish their own; everyone finds what is
//! published ([`search`]). Files and photos go through [`uploads`].

pub mod emails;
pub mod uploads;

use membernet_domain::{
    Account,
    library::{Decision, DecisionError, Item, ItemDraft, ItemId, Section, Status, StoredFile},
    rate_limit::LimitKey,
};
use membernet_persistence::{
    TransactionTrait,
    library::{
        self, DecisionRecord, NewItem,
        files::{self, FileAccess},
        search::{self, SearchQuery},
    },
    members,
};
use time::OffsetDateTime;

use super::{Error, Result, Services, rate_limit};

pub use library::PAGE_SIZE;

/// The files that come with a form: new uploads already stored ([`uploads::store`]),
/// or `None` to keep what the item has.
#[derive(Debug, Clone, Default)]
pub struct Attached {
    pub file: Option<StoredFile>,
    pub photo: Option<StoredFile>,
}

/// A published item of `section` (anyone).
pub async fn public(services: &Services, section: Section, slug: &str) -> Result<Item> {
    library::get_by_slug(&services.db, slug)
        .await?
        .filter(|item| item.is_public() && item.section() == section)
        .ok_or(Error::NotFound)
}

/// Any item (staff).
pub async fn for_staff(services: &Services, id: i64) -> Result<Item> {
    library::get(&services.db, ItemId(id))
        .await?
        .ok_or(Error::NotFound)
}

/// A member's own item, while they may still change it.
pub async fn own(services: &Services, member: &Account, id: i64) -> Result<Item> {
    library::get(&services.db, ItemId(id))
        .await?
        .filter(|item| item.submitted_by == Some(member.id))
        .ok_or(Error::NotFound)
}

pub async fn search(services: &Services, query: &SearchQuery) -> Result<(Vec<Item>, bool)> {
    Ok(search::search(&services.db, query).await?)
}

pub async fn related(services: &Services, item: &Item) -> Result<Vec<Item>> {
    Ok(search::related(&services.db, item, 4).await?)
}

pub async fn latest(services: &Services, section: Section, limit: u64) -> Result<Vec<Item>> {
    Ok(search::latest(&services.db, section, limit).await?)
}

pub async fn for_country(
    services: &Services,
    country: &membernet_domain::CountryCode,
    section: Section,
    limit: u64,
) -> Result<Vec<Item>> {
    Ok(search::for_country(&services.db, country, section, limit).await?)
}

pub async fn submissions(services: &Services, member: &Account) -> Result<Vec<Item>> {
    Ok(library::submitted_by(&services.db, member.id).await?)
}

pub async fn queue(
    services: &Services,
    status: Status,
    section: Option<Section>,
    page: u64,
) -> Result<(Vec<Item>, bool)> {
    Ok(library::queue(&services.db, status, section, page).await?)
}

pub async fn waiting(services: &Services) -> Result<u64> {
    Ok(library::waiting(&services.db).await?)
}

/// The member who sent `item` in, for staff (`None`: staff's own, or they left).
pub async fn submitter(services: &Services, item: &Item) -> Result<Option<Account>> {
    Ok(match item.submitted_by {
        Some(member) => members::find(&services.db, member).await?,
        None => None,
    })
}

pub async fn history(services: &Services, item: &Item) -> Result<Vec<DecisionRecord>> {
    Ok(library::decisions(&services.db, item.id).await?)
}

/// A member sends something in: it waits for staff.
pub async fn submit(
    services: &Services,
    member: &Account,
    draft: &ItemDraft,
    attached: Attached,
) -> Result<Item> {
    rate_limit::enforce(services, &LimitKey::SubmitBy(member.id)).await?;
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    let (id, _) = library::insert(
        &txn,
        NewItem {
            draft,
            status: Status::Submitted,
            submitted_by: Some(member.id),
            credit: None,
            file_key: attached.file.map(|file| file.key),
            photo_key: attached.photo.map(|file| file.key),
            now,
        },
    )
    .await?;
    txn.commit().await.map_err(anyhow::Error::from)?;
    tracing::info!(item = id.0, "library submission received");
    for_staff(services, id.0).await
}

/// The submitter changes their submission (while it waits, or after staff asked
/// for changes): it goes back to the queue.
pub async fn resubmit(
    services: &Services,
    member: &Account,
    item: &Item,
    draft: &ItemDraft,
    attached: Attached,
) -> Result<()> {
    let to = Decision::Resubmit
        .apply(item.status, "")
        .map_err(|_| Error::Forbidden)?;
    rate_limit::enforce(services, &LimitKey::SubmitBy(member.id)).await?;
    change(
        services,
        member,
        item,
        draft,
        attached,
        Decision::Resubmit,
        to,
    )
    .await
}

/// New fields for `item` and the record of who changed them, in one transaction;
/// nothing changes when someone decided about the item meanwhile (`Forbidden`).
async fn change(
    services: &Services,
    by: &Account,
    item: &Item,
    draft: &ItemDraft,
    attached: Attached,
    decision: Decision,
    to: Status,
) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    library::update(
        &txn,
        item.id,
        draft,
        attached.file.map(|file| Some(file.key)),
        attached.photo.map(|file| Some(file.key)),
        now,
    )
    .await?;
    let recorded =
        library::record_decision(&txn, item, Some(by.id), decision, to, None, None, now).await?;
    if !recorded {
        txn.rollback().await.map_err(anyhow::Error::from)?;
        return Err(Error::Forbidden);
    }
    txn.commit().await.map_err(anyhow::Error::from)?;
    if item.is_public() {
        services.public_changed().await?;
    }
    Ok(())
}

/// Staff publish an item of their own, straight away.
pub async fn publish_new(
    services: &Services,
    staff: &Account,
    draft: &ItemDraft,
    attached: Attached,
) -> Result<Item> {
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    let (id, _) = library::insert(
        &txn,
        NewItem {
            draft,
            status: Status::Published,
            submitted_by: None,
            credit: None,
            file_key: attached.file.map(|file| file.key),
            photo_key: attached.photo.map(|file| file.key),
            now,
        },
    )
    .await?;
    let item = library::get(&txn, id).await?.ok_or(Error::NotFound)?;
    // The record says who published it and when.
    library::record_decision(
        &txn,
        &item,
        Some(staff.id),
        Decision::Publish,
        Status::Published,
        None,
        None,
        now,
    )
    .await?;
    txn.commit().await.map_err(anyhow::Error::from)?;
    services.public_changed().await?;
    for_staff(services, id.0).await
}

/// Staff change an item's fields (its state stays).
pub async fn edit(
    services: &Services,
    staff: &Account,
    item: &Item,
    draft: &ItemDraft,
    attached: Attached,
) -> Result<()> {
    change(
        services,
        staff,
        item,
        draft,
        attached,
        Decision::Edit,
        item.status,
    )
    .await
}

/// What came of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    Done,
    ReasonNeeded,
    /// Not possible from the item's state (someone decided meanwhile).
    NotFromThisState,
}

/// Staff decide about an item: its new state recorded with who, when and why; the
/// submitter emailed (in their language) when it was a member's.
pub async fn decide(
    services: &Services,
    staff: &Account,
    item: &Item,
    decision: Decision,
    reason: &str,
) -> Result<Decided> {
    if matches!(
        decision,
        Decision::Edit | Decision::Resubmit | Decision::Publish
    ) {
        return Err(Error::Forbidden);
    }
    let to = match decision.apply(item.status, reason) {
        Ok(to) => to,
        Err(DecisionError::ReasonNeeded) => return Ok(Decided::ReasonNeeded),
        Err(DecisionError::NotFromThisState) => return Ok(Decided::NotFromThisState),
    };
    let reason = Some(reason.trim()).filter(|reason| !reason.is_empty());
    let submitter = match item.submitted_by {
        Some(member) => members::find(&services.db, member).await?,
        None => None,
    };
    // Approval credits the submitter by the name they have at that moment.
    let credit = (to == Status::Published && item.credit.is_none())
        .then(|| submitter.as_ref().map(|m| m.full_name.as_str().to_owned()))
        .flatten();
    let now = OffsetDateTime::now_utc();
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    library::record_decision(
        &txn,
        item,
        Some(staff.id),
        decision,
        to,
        reason,
        credit,
        now,
    )
    .await?;
    if let Some(member) = &submitter {
        emails::queue_decision(services, &txn, member, item, decision, reason).await?;
    }
    txn.commit().await.map_err(anyhow::Error::from)?;
    services.mailer.wake();
    if item.is_public() || to == Status::Published {
        services.public_changed().await?;
    }
    tracing::info!(
        item = item.id.0,
        decision = decision.code(),
        "library decision"
    );
    Ok(Decided::Done)
}

/// A stored file and whether `viewer` may read it: everyone when a published item
/// uses it; else staff and the member who sent it.
pub async fn file_for(
    services: &Services,
    key: &str,
    viewer: Option<&Account>,
) -> Result<(FileAccess, bool)> {
    let access = files::access(&services.db, key)
        .await?
        .ok_or(Error::NotFound)?;
    let allowed = access.public
        || viewer
            .is_some_and(|viewer| viewer.role.is_staff() || access.people.contains(&viewer.id));
    if !allowed {
        return Err(Error::NotFound);
    }
    let public = access.public;
    Ok((access, public))
}

/// The submitter shown on an item: their name once approved, "a former member"
/// after they left, nobody for staff's own.
pub fn credit(item: &Item) -> Option<Credit<'_>> {
    if item.by_former_member {
        Some(Credit::FormerMember)
    } else {
        item.credit.as_deref().map(Credit::Member)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit<'a> {
    Member(&'a str),
    FormerMember,
}

/// Used by tests and the API: whether an item is public.
pub async fn is_published(services: &Services, id: ItemId) -> Result<bool> {
    Ok(search::is_published(&services.db, id).await?)
}
