//! Member accounts: creating, finding, verifying, editing.
//!
//! Whatever changes who counts as a member (verification, a country change while
//! counted) writes its membership event in the same transaction, so the event log
//! and the accounts never disagree.

use membernet_domain::{
    Account, AccountStatus, CountryCode, FullName, MemberEmail, MemberId, Role,
    join_source::JoinSource,
    organization::{Organization, OrganizationId, OrganizationName, OrganizationType},
    profile::{Profile, Sector, WorkforceCategory},
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionSession,
    TransactionTrait, TryInsertResult,
    sea_query::{Expr, OnConflict},
};
use time::OffsetDateTime;

use crate::{
    Error, Result,
    entity::{member, member_sector},
    member_rows, membership, organizations, profile_counts, sessions,
};

/// The organisation an account is to work for: one the network knows, or a new one
/// created in the same transaction as the account's change (so a signup that fails
/// leaves no organisation behind).
#[derive(Debug, Clone, Copy)]
pub enum Affiliated<'a> {
    Known(OrganizationId),
    New {
        name: &'a OrganizationName,
        kind: OrganizationType,
    },
}

impl Affiliated<'_> {
    async fn resolve(
        self,
        db: &impl ConnectionTrait,
        country: Option<CountryCode>,
        now: OffsetDateTime,
    ) -> Result<OrganizationId> {
        Ok(match self {
            Affiliated::Known(id) => id,
            Affiliated::New { name, kind } => {
                organizations::find_or_create(db, name, kind, country, now)
                    .await?
                    .id
            }
        })
    }
}

/// A member's profile and the organisation they work for.
pub async fn profile(
    db: &impl ConnectionTrait,
    id: MemberId,
) -> Result<Option<(Profile, Option<Organization>)>> {
    let Some(row) = member::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(None);
    };
    let mut sectors: Vec<Sector> = member_sector::Entity::find()
        .filter(member_sector::Column::MemberId.eq(id.0))
        .all(db)
        .await?
        .iter()
        .filter_map(|row| Sector::parse(&row.sector))
        .collect();
    sectors.sort();
    let profile = Profile {
        job_title: row.job_title,
        category: row.category.as_deref().and_then(WorkforceCategory::parse),
        sectors,
        interests: row.interests,
        bio: row.bio,
        listed: row.listed,
    };
    let organization = match row.organization_id {
        Some(org) => organizations::find(db, OrganizationId(org)).await?,
        None => None,
    };
    Ok(Some((profile, organization)))
}

pub struct NewAccount<'a> {
    pub email: &'a MemberEmail,
    pub full_name: &'a FullName,
    pub country: Option<CountryCode>,
    pub password_hash: Option<&'a str>,
    pub role: Role,
    pub locale: &'a str,
    /// What the join form asks about work; the rest of the profile comes later.
    pub category: Option<WorkforceCategory>,
    pub organization: Option<Affiliated<'a>>,
    pub listed: bool,
    /// The email topics chosen on the join form (none unless ticked).
    pub topics: &'a [membernet_domain::campaigns::Topic],
    /// The link the account joined from; kept as long as the account.
    pub join_source: &'a JoinSource,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Created {
    Created(MemberId),
    EmailTaken,
}

/// Creates an account, and its new organisation if it names one, in one transaction:
/// when the address is taken, nothing is written.
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    new: NewAccount<'_>,
    now: OffsetDateTime,
) -> Result<Created> {
    let txn = crate::db::begin_write(db).await?;
    let organization = match new.organization {
        Some(affiliated) => Some(affiliated.resolve(&txn, new.country, now).await?),
        None => None,
    };
    let row = member::ActiveModel {
        email: Set(new.email.as_str().to_owned()),
        full_name: Set(new.full_name.as_str().to_owned()),
        country_code: Set(new.country.map(|code| code.as_str().to_owned())),
        password_hash: Set(new.password_hash.map(str::to_owned)),
        role: Set(new.role.as_str().to_owned()),
        status: Set(AccountStatus::Active.as_str().to_owned()),
        locale: Set(new.locale.to_owned()),
        email_verified_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        category: Set(new.category.map(|category| category.code().to_owned())),
        organization_id: Set(organization.map(|id| id.0)),
        listed: Set(new.listed),
        join_source: Set(Some(new.join_source.as_param())),
        ..Default::default()
    };
    // `ON CONFLICT DO NOTHING`: a taken address is an outcome, not an error that
    // would end the transaction on PostgreSQL.
    match member::Entity::insert(row)
        .on_conflict(
            OnConflict::column(member::Column::Email)
                .do_nothing()
                .to_owned(),
        )
        .try_insert()
        .exec(&txn)
        .await?
    {
        TryInsertResult::Inserted(inserted) => {
            let id = MemberId(inserted.last_insert_id);
            if !new.topics.is_empty() {
                crate::campaigns::consent::set_topics(
                    &txn,
                    id,
                    new.topics,
                    membernet_domain::campaigns::ConsentSource::JoinForm,
                    now,
                )
                .await?;
            }
            txn.commit().await?;
            Ok(Created::Created(id))
        }
        TryInsertResult::Conflicted | TryInsertResult::Empty => {
            txn.rollback().await?;
            Ok(Created::EmailTaken)
        }
    }
}

pub async fn find(db: &impl ConnectionTrait, id: MemberId) -> Result<Option<Account>> {
    member::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(member_rows::to_account)
        .transpose()
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &MemberEmail,
) -> Result<Option<Account>> {
    Ok(find_with_password_hash(db, email)
        .await?
        .map(|(account, _)| account))
}

/// The account and its password hash, for signing in.
pub async fn find_with_password_hash(
    db: &impl ConnectionTrait,
    email: &MemberEmail,
) -> Result<Option<(Account, Option<String>)>> {
    let Some(row) = member::Entity::find()
        .filter(member::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let hash = row.password_hash.clone();
    Ok(Some((member_rows::to_account(row)?, hash)))
}

pub async fn password_hash(db: &impl ConnectionTrait, id: MemberId) -> Result<Option<String>> {
    Ok(member::Entity::find_by_id(id.0)
        .select_only()
        .column(member::Column::PasswordHash)
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten())
}

/// Takes a member's row for the rest of the transaction by writing to it first: the
/// row lock on PostgreSQL, the write lock on SQLite. Transactions that read a member
/// and then change what they read call this before reading, so concurrent changes
/// queue and each sees the one before it (a read-then-write would race on
/// PostgreSQL and fail with SQLITE_BUSY_SNAPSHOT on SQLite).
pub async fn lock(db: &impl ConnectionTrait, id: MemberId, now: OffsetDateTime) -> Result<()> {
    member::Entity::update_many()
        .col_expr(member::Column::UpdatedAt, Expr::value(now))
        .filter(member::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Clears what a member wrote about their work and takes them out of the directory.
pub async fn clear_profile(db: &impl ConnectionTrait, id: MemberId) -> Result<()> {
    member::Entity::update_many()
        .col_expr(
            member::Column::JobTitle,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            member::Column::Category,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            member::Column::Interests,
            Expr::value(Option::<String>::None),
        )
        .col_expr(member::Column::Bio, Expr::value(Option::<String>::None))
        .col_expr(
            member::Column::OrganizationId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(member::Column::Listed, Expr::value(false))
        .filter(member::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    member_sector::Entity::delete_many()
        .filter(member_sector::Column::MemberId.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks the address verified; the first time, the member joins the network.
/// Returns whether this call verified it (false when it already was).
pub async fn verify_email(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: MemberId,
    now: OffsetDateTime,
) -> Result<bool> {
    let txn = crate::db::begin_write(db).await?;
    let updated = member::Entity::update_many()
        .col_expr(member::Column::EmailVerifiedAt, Expr::value(now))
        .col_expr(member::Column::UpdatedAt, Expr::value(now))
        .filter(member::Column::Id.eq(id.0))
        .filter(member::Column::EmailVerifiedAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    let account = find(&txn, id)
        .await?
        .ok_or_else(|| Error::Corrupt(format!("member {} vanished mid-transaction", id.0)))?;
    if account.counts_as_member() {
        let counted = profile_counts::snapshot(&txn, id).await?;
        membership::change(&txn, id, None, counted.as_ref(), now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Removes the password: nobody signs in until a reset or setup link sets one.
pub async fn clear_password(
    db: &impl ConnectionTrait,
    id: MemberId,
    now: OffsetDateTime,
) -> Result<()> {
    member::Entity::update_many()
        .col_expr(
            member::Column::PasswordHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(member::Column::UpdatedAt, Expr::value(now))
        .filter(member::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    id: MemberId,
    hash: &str,
    now: OffsetDateTime,
) -> Result<()> {
    member::Entity::update_many()
        .col_expr(member::Column::PasswordHash, Expr::value(hash))
        .col_expr(member::Column::UpdatedAt, Expr::value(now))
        .filter(member::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// What the account page saves.
pub struct AccountChanges<'a> {
    pub full_name: &'a FullName,
    pub country: CountryCode,
    pub profile: &'a Profile,
    pub organization: Option<Affiliated<'a>>,
    /// The language the member reads the site (and their emails) in.
    pub locale: &'a str,
}

/// Saves the account page. A counted member who moves country moves in the figures;
/// a verified account given its first country starts to count.
pub async fn update_account(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: MemberId,
    changes: AccountChanges<'_>,
    now: OffsetDateTime,
) -> Result<()> {
    let AccountChanges {
        full_name,
        country,
        profile,
        organization,
        locale,
    } = changes;
    let txn = crate::db::begin_write(db).await?;
    lock(&txn, id, now).await?;
    let organization = match organization {
        Some(affiliated) => Some(affiliated.resolve(&txn, Some(country), now).await?),
        None => None,
    };
    let Some(row) = member::Entity::find_by_id(id.0).one(&txn).await? else {
        return Err(Error::Corrupt(format!("member {} not found", id.0)));
    };
    let counted_before = profile_counts::snapshot(&txn, id).await?;
    let mut active: member::ActiveModel = row.into();
    active.full_name = Set(full_name.as_str().to_owned());
    active.country_code = Set(Some(country.as_str().to_owned()));
    active.updated_at = Set(now);
    active.job_title = Set(profile.job_title.clone());
    active.category = Set(profile.category.map(|category| category.code().to_owned()));
    active.interests = Set(profile.interests.clone());
    active.bio = Set(profile.bio.clone());
    active.listed = Set(profile.listed);
    active.organization_id = Set(organization.map(|id| id.0));
    active.locale = Set(locale.to_owned());
    active.update(&txn).await?;
    member_sector::Entity::delete_many()
        .filter(member_sector::Column::MemberId.eq(id.0))
        .exec(&txn)
        .await?;
    if !profile.sectors.is_empty() {
        let rows = profile
            .sectors
            .iter()
            .map(|sector| member_sector::ActiveModel {
                member_id: Set(id.0),
                sector: Set(sector.code().to_owned()),
            });
        member_sector::Entity::insert_many(rows).exec(&txn).await?;
    }
    let counted_after = profile_counts::snapshot(&txn, id).await?;
    membership::change(
        &txn,
        id,
        counted_before.as_ref(),
        counted_after.as_ref(),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn set_locale(db: &impl ConnectionTrait, id: MemberId, locale: &str) -> Result<()> {
    member::Entity::update_many()
        .col_expr(member::Column::Locale, Expr::value(locale))
        .filter(member::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// The language a member reads emails in.
pub async fn locale(db: &impl ConnectionTrait, id: MemberId) -> Result<Option<String>> {
    Ok(member::Entity::find_by_id(id.0)
        .select_only()
        .column(member::Column::Locale)
        .into_tuple::<String>()
        .one(db)
        .await?)
}

/// The link a member joined from; `None` when they joined before sources were
/// recorded.
pub async fn join_source(db: &impl ConnectionTrait, id: MemberId) -> Result<Option<JoinSource>> {
    Ok(member::Entity::find_by_id(id.0)
        .select_only()
        .column(member::Column::JoinSource)
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten()
        .map(|source| JoinSource::parse(&source)))
}

/// Whether any staff or admin account exists (the first-start hint needs it).
pub async fn staff_exists(db: &impl ConnectionTrait) -> Result<bool> {
    Ok(member::Entity::find()
        .select_only()
        .column(member::Column::Id)
        .filter(member::Column::Role.is_in([Role::Staff.as_str(), Role::Admin.as_str()]))
        .into_tuple::<i64>()
        .one(db)
        .await?
        .is_some())
}

/// Makes `email` an admin: a new account (verified, no password yet) or an existing
/// one promoted. The caller sends the account-setup link.
///
/// An existing account whose address was never verified may have been opened by
/// someone else with this address: its password and sessions are wiped, so only the
/// setup link (sent to the address) opens it.
pub async fn make_admin(
    db: &(impl ConnectionTrait + TransactionTrait),
    email: &MemberEmail,
    full_name: &FullName,
    now: OffsetDateTime,
) -> Result<MemberId> {
    let txn = crate::db::begin_write(db).await?;
    // Write before reading, as `lock` does: the address's row (if any) is taken, and
    // on SQLite the write lock, so a writer in between cannot fail the transaction.
    member::Entity::update_many()
        .col_expr(member::Column::Email, Expr::col(member::Column::Email))
        .filter(member::Column::Email.eq(email.as_str()))
        .exec(&txn)
        .await?;
    let id = match find_by_email(&txn, email).await? {
        Some(existing) => {
            let mut promote = member::Entity::update_many()
                .col_expr(member::Column::Role, Expr::value(Role::Admin.as_str()))
                .col_expr(member::Column::UpdatedAt, Expr::value(now))
                .filter(member::Column::Id.eq(existing.id.0));
            if !existing.is_verified() {
                promote = promote.col_expr(
                    member::Column::PasswordHash,
                    Expr::value(Option::<String>::None),
                );
                sessions::delete_for_member(&txn, existing.id, None).await?;
                clear_profile(&txn, existing.id).await?;
            }
            promote.exec(&txn).await?;
            verify_email(&txn, existing.id, now).await?;
            existing.id
        }
        None => {
            let new = NewAccount {
                email,
                full_name,
                country: None,
                password_hash: None,
                role: Role::Admin,
                locale: "en",
                category: None,
                organization: None,
                listed: false,
                topics: &[],
                // Made on the command line, not from a link.
                join_source: &JoinSource::Direct,
            };
            match create(&txn, new, now).await? {
                Created::Created(id) => {
                    verify_email(&txn, id, now).await?;
                    id
                }
                Created::EmailTaken => {
                    return Err(Error::Corrupt(
                        "the address was taken while the admin was being created".into(),
                    ));
                }
            }
        }
    };
    txn.commit().await?;
    Ok(id)
}

/// What the staff area counts over the accounts table itself (members and countries
/// are public figures: `public_figures`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccountCounts {
    /// Joined but not yet verified.
    pub unverified: u64,
    pub staff: u64,
}

pub async fn account_counts(db: &impl ConnectionTrait) -> Result<AccountCounts> {
    use sea_orm::PaginatorTrait;
    let unverified = member::Entity::find()
        .filter(member::Column::EmailVerifiedAt.is_null())
        .count(db)
        .await?;
    let staff = member::Entity::find()
        .filter(member::Column::Role.is_in([Role::Staff.as_str(), Role::Admin.as_str()]))
        .count(db)
        .await?;
    Ok(AccountCounts { unverified, staff })
}

/// How many counted members (`member_rows::counted`) joined from exactly `source`:
/// `week:2022` counts that week's joins, not other weeks'. [`JoinSource::Direct`]
/// counts those who came from no tagged link, not those who joined before sources
/// were recorded. One count over the index `idx_member_join_source_counted`.
pub async fn joined_from(db: &impl ConnectionTrait, source: &JoinSource) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(member::Entity::find()
        .filter(member::Column::JoinSource.eq(source.as_param()))
        .filter(member_rows::counted())
        .count(db)
        .await?)
}
