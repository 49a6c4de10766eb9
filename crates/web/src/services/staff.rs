//! Staff's work on accounts: the member list, its CSV export (written to the audit
//! log before the file leaves), one account as staff see it with what they may do to
//! it, role changes, suspension and reinstatement, and the log of exports.
//!
//! The rules are `membernet_domain::staff`'s; `membernet_persistence::staff_members`
//! applies them inside each change's transaction. A refusal the page explains
//! (yourself, an admin, the last admin) is an outcome; one that means the request
//! should not have been made (no such account, no longer staff or admin) is an
//! [`Error`].

use membernet_domain::{
    Account, AccountStatus, CountryCode, MemberEmail, MemberId, Role,
    rate_limit::LimitKey,
    staff::{self, Changed, Party, Refusal},
};
use membernet_persistence::{
    members, outbox,
    personal_data::{self, Erasure},
    public_figures,
    staff_audit::{self, Actor, ExportEntry},
    staff_members::{self, MemberQuery, MemberRow},
};
use time::OffsetDateTime;

use super::{Error, Result, Services, rate_limit};
use crate::views::csv;

/// The figures on the staff area's front page.
pub struct Overview {
    pub members: u64,
    pub countries: u64,
    pub unverified: u64,
    pub staff: u64,
    pub outbox_waiting: u64,
    /// The latest emails the outbox gave up on (expired unsent, failed ten times,
    /// refused for good), newest first.
    pub abandoned_emails: Vec<outbox::OutboxEmail>,
}

/// How many abandoned emails the staff home lists.
const ABANDONED_SHOWN: u64 = 20;

pub async fn overview(services: &Services) -> Result<Overview> {
    // Members and countries are the public figures, from their one source.
    let figures = public_figures::members(&services.db).await?;
    let accounts = members::account_counts(&services.db).await?;
    Ok(Overview {
        members: figures.total(),
        countries: figures.countries() as u64,
        unverified: accounts.unverified,
        staff: accounts.staff,
        outbox_waiting: outbox::waiting(&services.db).await?,
        abandoned_emails: outbox::abandoned(&services.db, ABANDONED_SHOWN).await?,
    })
}

/// One page of the member list, and whether another follows.
pub async fn search(services: &Services, query: &MemberQuery) -> Result<(Vec<MemberRow>, bool)> {
    Ok(staff_members::search(&services.db, query).await?)
}

/// The export's columns, in English and fixed, so scripts can rely on them.
const CSV_HEADER: [&str; 10] = [
    "name",
    "email",
    "country",
    "organisation",
    "category",
    "sectors",
    "joined",
    "verified",
    "status",
    "role",
];

/// The member export: a header row, then one row per account (codes, not
/// translated labels, so the file reads the same in every language).
fn members_csv(rows: &[MemberRow]) -> String {
    let mut out = csv::line(&CSV_HEADER);
    for row in rows {
        let sectors: Vec<&str> = row.sectors.iter().map(|sector| sector.code()).collect();
        out.push_str(&csv::line(&[
            row.full_name.as_str(),
            row.email.as_str(),
            row.country.as_ref().map(CountryCode::as_str).unwrap_or(""),
            row.organization.as_deref().unwrap_or(""),
            row.category.map(|category| category.code()).unwrap_or(""),
            &sectors.join("; "),
            &row.verified_at
                .map(|at| at.date().to_string())
                .unwrap_or_default(),
            if row.verified_at.is_some() {
                "yes"
            } else {
                "no"
            },
            row.status.as_str(),
            row.role.as_str(),
        ]));
    }
    out
}

/// A member export, as CSV, and how many accounts it holds.
pub struct Export {
    pub csv: String,
    pub rows: u64,
}

/// Every account `query` matches, as CSV, written to the audit log first: who
/// (`by`), when, which filters (`filters`, the member list's query string) and how
/// many rows.
pub async fn export_members(
    services: &Services,
    by: Actor,
    query: &MemberQuery,
    filters: &str,
    now: OffsetDateTime,
) -> Result<Export> {
    let rows = staff_members::export(&services.db, query).await?;
    let count = rows.len() as u64;
    staff_audit::record_export(&services.db, by, filters, count, now).await?;
    Ok(Export {
        csv: members_csv(&rows),
        rows: count,
    })
}

/// One page of the export log, newest first, and whether another follows.
pub async fn exports(services: &Services, page: u64) -> Result<(Vec<ExportEntry>, bool)> {
    Ok(staff_audit::exports(&services.db, page).await?)
}

/// An account as `viewer` sees it on its page, with what they may do to it.
pub struct MemberView {
    pub member: MemberRow,
    pub is_self: bool,
    pub may_change_role: bool,
    pub may_suspend: bool,
    pub may_erase: bool,
}

pub async fn member(services: &Services, viewer: &Account, id: MemberId) -> Result<MemberView> {
    let member = staff_members::find(&services.db, id)
        .await?
        .ok_or(Error::NotFound)?;
    let (actor, subject) = (Party::from(viewer), member.party());
    Ok(MemberView {
        is_self: member.id == viewer.id,
        may_change_role: staff::may_change_role(&actor, &subject).is_ok(),
        may_suspend: staff::may_change_status(&actor, &subject, AccountStatus::Suspended).is_ok(),
        may_erase: staff::may_erase(&actor, &subject).is_ok(),
        member,
    })
}

/// What a change came to: done, nothing to do, or refused for a reason the page
/// explains.
pub type Outcome = std::result::Result<Changed, Refusal>;

fn settled(outcome: Outcome) -> Result<Outcome> {
    match outcome {
        Err(Refusal::NotFound) => Err(Error::NotFound),
        Err(Refusal::NotAdmin | Refusal::NotStaff) => Err(Error::Forbidden),
        outcome => Ok(outcome),
    }
}

/// An admin gives the account `id` the role `to`.
pub async fn change_role(
    services: &Services,
    admin: &Account,
    id: MemberId,
    to: Role,
) -> Result<Outcome> {
    let now = OffsetDateTime::now_utc();
    let outcome = staff_members::set_role(&services.db, admin, id, to, now).await?;
    if outcome == Ok(Changed::Changed) {
        tracing::info!(
            admin = admin.id.0,
            member = id.0,
            role = to.as_str(),
            "role changed"
        );
    }
    settled(outcome)
}

/// Staff suspend (`to` = suspended) or reinstate the account `id`.
pub async fn change_status(
    services: &Services,
    staff: &Account,
    id: MemberId,
    to: AccountStatus,
) -> Result<Outcome> {
    let now = OffsetDateTime::now_utc();
    let outcome = staff_members::set_status(&services.db, staff, id, to, now).await?;
    if outcome == Ok(Changed::Changed) {
        tracing::info!(
            staff = staff.id.0,
            member = id.0,
            status = to.as_str(),
            "status changed"
        );
    }
    settled(outcome)
}

/// What erasing an account from the staff area came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erased {
    Erased,
    /// The staff member's own password did not match (the same confirmation as for
    /// one's own account).
    WrongPassword,
    Refused(Refusal),
}

/// Staff erase the account `id` (a suspended member, say, who cannot sign in to do
/// it), confirmed with their own password; the audit log records it in the erasure's
/// transaction.
pub async fn erase_member(
    services: &Services,
    staff: &Account,
    id: MemberId,
    password: String,
) -> Result<Erased> {
    rate_limit::enforce(services, &LimitKey::DeleteAccount(staff.id)).await?;
    let subject = staff_members::find(&services.db, id)
        .await?
        .ok_or(Error::NotFound)?;
    if let Err(refusal) = staff::may_erase(&Party::from(staff), &subject.party()) {
        return Ok(Erased::Refused(refusal));
    }
    let hash = members::password_hash(&services.db, staff.id).await?;
    if !services.passwords.verify(password, hash).await? {
        return Ok(Erased::WrongPassword);
    }
    erase(services, id, Actor::Staff(staff.id)).await
}

/// `membernet member erase --email E`: for an operator, no password asked.
pub async fn erase_from_command_line(services: &Services, email: &MemberEmail) -> Result<Erased> {
    let account = members::find_by_email(&services.db, email)
        .await?
        .ok_or(Error::NotFound)?;
    erase(services, account.id, Actor::CommandLine).await
}

async fn erase(services: &Services, id: MemberId, by: Actor) -> Result<Erased> {
    super::events::release_before_erasure(services, id).await?;
    let now = OffsetDateTime::now_utc();
    match personal_data::erase(&services.db, id, Some(by), now).await? {
        Erasure::Erased => {
            tracing::info!(member = id.0, "an account was erased by staff");
            services.public_changed().await?;
            services.scrub_after_erasure().await?;
            Ok(Erased::Erased)
        }
        Erasure::LastAdmin => Ok(Erased::Refused(Refusal::LastAdmin)),
        Erasure::NotFound => Err(Error::NotFound),
    }
}
