//! One register of personal data: every table that holds something about a member,
//! what the member's data export (`/account/export`) takes from it, and what erasure
//! does to it.
//!
//! A feature that stores data about members adds its table to [`Part`]: its part of
//! the export and of the erasure sit together here, so neither can be forgotten. A
//! test reads the database schema and fails when a table that refers to a member (a
//! foreign key to `member`, or an email address column) is not in the register.
//!
//! Erasure removes the person: their account row with its profile, sectors, tokens
//! and sessions, the emails addressed to them, and the rate-limit counters keyed by
//! their address. What stays is the anonymous history — membership events keep their
//! country, month and the kind of link the member joined from (`week`, not which
//! week), with the member's id cleared — so the figures stay true; and
//! the network's own records (the staff audit log, scenarios and workforce figures
//! staff entered) stay with the link to the person cleared.

use membernet_domain::{
    Account, MemberId, Role,
    membership::{month_key, month_start},
    rate_limit::LimitKey,
    staff,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use serde_json::{Map, Value, json};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::{
    Result,
    entity::{
        country_workforce, member, membership_event, outbox_email, planner_scenario, session,
        staff_audit,
    },
    members, membership, profile_counts, rate_limits, rollup, sessions, staff_members,
};

fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// Each place personal data lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The account row: the address, name, country, role, language, profile and
    /// the link the member joined from; the organisation the member works for.
    /// Deleted last.
    Account,
    /// The sectors a member works in: exported with the profile, deleted with the
    /// account row (`ON DELETE CASCADE`).
    Sectors,
    /// One-time links: hashes only, never exported (they are secrets); deleted with
    /// the account row.
    Tokens,
    /// Sessions: their expiry is exported; deleted.
    Sessions,
    /// Joining, leaving, moving: exported; anonymised (country, month and the kind
    /// of link the member joined from stay).
    MembershipHistory,
    /// Emails addressed to the member: subject and dates exported; deleted.
    Emails,
    /// Rate-limit counters keyed by the member's address: deleted.
    RateLimits,
    /// What staff did to the member's account, and what the member did as staff:
    /// exported; kept as the network's record with the link to the person cleared.
    StaffAudit,
    /// Workforce plans the member saved as staff: exported; kept, author cleared.
    Scenarios,
    /// Workforce figures the member entered as staff: exported; kept, author cleared.
    WorkforceFigures,
    /// The full-text index of names (SQLite's FTS5 table; a column index on
    /// PostgreSQL): kept in step with the account row by triggers.
    NameSearch,
    /// Event registrations (the member's, and any made with their address as a
    /// guest): exported; anonymised (event, status, country and attendance stay,
    /// so the event's counts stay true; name, address and link to the member go).
    EventRegistrations,
    /// The email topics the member receives: exported; deleted.
    Topics,
    /// Every consent to emails given or withdrawn (what, when, how): exported;
    /// deleted.
    Consent,
    /// The campaigns sent to the member: exported; anonymised (the campaign's
    /// figures by status, language and country stay; the link to the member goes,
    /// and nothing still waiting is sent).
    CampaignEmails,
    /// What the member sent to the library: exported. On erasure, published items
    /// stay (the network's library) credited to "a former member"; everything not
    /// published is deleted.
    LibraryItems,
    /// Files the member uploaded: exported (name, kind, size); those of deleted
    /// items go with them (housekeeping removes the bytes), the rest stay with the
    /// link to the member cleared.
    LibraryFiles,
    /// Moderation decisions the member took as staff (or their resubmissions):
    /// exported; kept as the network's record with the link cleared.
    LibraryDecisions,
}

impl Part {
    pub const ALL: [Part; 18] = [
        Part::Account,
        Part::Sectors,
        Part::Tokens,
        Part::Sessions,
        Part::MembershipHistory,
        Part::Emails,
        Part::RateLimits,
        Part::StaffAudit,
        Part::Scenarios,
        Part::WorkforceFigures,
        Part::NameSearch,
        Part::EventRegistrations,
        Part::Topics,
        Part::Consent,
        Part::CampaignEmails,
        Part::LibraryItems,
        Part::LibraryFiles,
        Part::LibraryDecisions,
    ];

    /// The table this part lives in.
    pub fn table(self) -> &'static str {
        match self {
            Part::Account => "member",
            Part::Sectors => "member_sector",
            Part::Tokens => "email_token",
            Part::Sessions => "session",
            Part::MembershipHistory => "membership_event",
            Part::Emails => "outbox_email",
            Part::RateLimits => "rate_limit",
            Part::StaffAudit => "staff_audit",
            Part::Scenarios => "planner_scenario",
            Part::WorkforceFigures => "country_workforce",
            Part::NameSearch => "member_name_search",
            Part::EventRegistrations => "event_registration",
            Part::Topics => "member_topic",
            Part::Consent => "consent_record",
            Part::CampaignEmails => "campaign_recipient",
            Part::LibraryItems => "library_item",
            Part::LibraryFiles => "library_file",
            Part::LibraryDecisions => "library_decision",
        }
    }

    /// This part's sections of the member's export, each under its key; none for
    /// parts that are not exported (secrets, counters, indexes) or exported within
    /// another.
    async fn export(
        self,
        db: &impl ConnectionTrait,
        account: &Account,
    ) -> Result<Vec<(&'static str, Value)>> {
        let id = account.id.0;
        let section = |key: &'static str, value: Value| vec![(key, value)];
        Ok(match self {
            Part::Account => {
                let Some((profile, organization)) = members::profile(db, account.id).await? else {
                    return Ok(Vec::new());
                };
                let locale = members::locale(db, account.id).await?;
                let join_source = members::join_source(db, account.id).await?;
                vec![
                    (
                        "account",
                        json!({
                        "email": account.email.as_str(),
                        "full_name": account.full_name.as_str(),
                        "country": account.country.map(|code| code.to_string()),
                        "role": account.role.as_str(),
                        "status": account.status.as_str(),
                        "language": locale,
                        "email_verified_at": account.email_verified_at.map(timestamp),
                        "joined_at": timestamp(account.created_at),
                        "joined_from": join_source.map(|source| source.as_param()),
                        "has_password": account.has_password,
                        }),
                    ),
                    (
                        "profile",
                        json!({
                            "job_title": profile.job_title,
                            "category": profile.category.map(|category| category.code()),
                            "sectors": profile.sectors.iter().map(|sector| sector.code()).collect::<Vec<_>>(),
                            "areas_of_interest": profile.interests,
                            "bio": profile.bio,
                            "listed_in_directory": profile.listed,
                        }),
                    ),
                    (
                        "organization",
                        json!(organization.map(|organization| json!({
                            "name": organization.name,
                            "type": organization.kind.code(),
                            "country": organization.country.map(|code| code.to_string()),
                            "website": organization.website,
                        }))),
                    ),
                ]
            }
            Part::Sectors | Part::Tokens | Part::RateLimits | Part::NameSearch => Vec::new(),
            Part::Sessions => {
                let rows = session::Entity::find()
                    .filter(session::Column::MemberId.eq(id))
                    .all(db)
                    .await?;
                section(
                    "sessions",
                    rows.iter()
                        .map(|session| json!({ "expires_at": timestamp(session.expires_at) }))
                        .collect(),
                )
            }
            Part::MembershipHistory => {
                let rows = membership_event::Entity::find()
                    .filter(membership_event::Column::MemberId.eq(id))
                    .order_by_asc(membership_event::Column::Id)
                    .all(db)
                    .await?;
                section(
                    "membership_history",
                    rows.iter()
                        .map(|event| {
                            json!({
                                "event": event.kind,
                                "country": event.country_code,
                                "from_country": event.from_country_code,
                                "joined_from": event.source,
                                "at": timestamp(event.occurred_at),
                            })
                        })
                        .collect(),
                )
            }
            Part::Emails => {
                let rows = outbox_email::Entity::find()
                    .filter(outbox_email::Column::ToAddress.eq(account.email.as_str()))
                    .order_by_asc(outbox_email::Column::Id)
                    .all(db)
                    .await?;
                section(
                    "emails_sent",
                    rows.iter()
                        .map(|email| {
                            json!({
                                "subject": email.subject,
                                "queued_at": timestamp(email.created_at),
                                "sent_at": email.sent_at.map(timestamp),
                            })
                        })
                        .collect(),
                )
            }
            Part::StaffAudit => {
                let rows = staff_audit::Entity::find()
                    .filter(
                        staff_audit::Column::SubjectId
                            .eq(id)
                            .or(staff_audit::Column::ActorId.eq(id)),
                    )
                    .order_by_asc(staff_audit::Column::Id)
                    .all(db)
                    .await?;
                section(
                    "staff_audit",
                    rows.iter()
                        .map(|row| {
                            json!({
                                "action": row.action,
                                "by_you": row.actor_id == Some(id),
                                "about_you": row.subject_id == Some(id),
                                "at": timestamp(row.created_at),
                            })
                        })
                        .collect(),
                )
            }
            Part::EventRegistrations => {
                let rows = crate::events::of_person(db, id, account.email.as_str()).await?;
                section(
                    "event_registrations",
                    rows.iter()
                        .map(|(event, row)| {
                            json!({
                                "event": event.draft.title,
                                "event_starts_at": timestamp(event.draft.starts_at),
                                "name": row.name,
                                "email": row.email,
                                "country": row.country,
                                "status": row.status.code(),
                                "attended": row.attended,
                                "at": timestamp(row.created_at),
                            })
                        })
                        .collect(),
                )
            }
            Part::Topics => {
                let topics = crate::campaigns::consent::topics(db, account.id).await?;
                section(
                    "email_topics",
                    topics.iter().map(|topic| json!(topic.code())).collect(),
                )
            }
            Part::Consent => {
                let history = crate::campaigns::consent::history(db, account.id).await?;
                section(
                    "email_consent",
                    history
                        .iter()
                        .map(|change| {
                            json!({
                                "topic": change.topic.code(),
                                "granted": change.granted,
                                "how": change.source.code(),
                                "campaign": change.campaign.map(|id| id.0),
                                "at": timestamp(change.at),
                            })
                        })
                        .collect(),
                )
            }
            Part::CampaignEmails => {
                let rows = crate::campaigns::sending::of_member(db, account.id).await?;
                section(
                    "campaign_emails",
                    rows.iter()
                        .map(|(campaign, status, sent_at)| {
                            json!({
                                "campaign": campaign.0,
                                "status": status,
                                "sent_at": sent_at.map(timestamp),
                            })
                        })
                        .collect(),
                )
            }
            Part::LibraryItems | Part::LibraryFiles | Part::LibraryDecisions => {
                crate::library::personal::export(db, self.table(), account.id).await?
            }
            Part::Scenarios => {
                let rows = planner_scenario::Entity::find()
                    .filter(planner_scenario::Column::CreatedBy.eq(id))
                    .order_by_asc(planner_scenario::Column::Id)
                    .all(db)
                    .await?;
                section(
                    "workforce_plans_saved",
                    rows.iter()
                        .map(|row| {
                            json!({
                                "country": row.country_code,
                                "name": row.name,
                                "published": row.published,
                                "at": timestamp(row.created_at),
                            })
                        })
                        .collect(),
                )
            }
            Part::WorkforceFigures => {
                let rows = country_workforce::Entity::find()
                    .filter(country_workforce::Column::UpdatedBy.eq(id))
                    .all(db)
                    .await?;
                section(
                    "workforce_figures_entered",
                    rows.iter()
                        .map(|row| {
                            json!({
                                "country": row.country_code,
                                "workers": row.workers,
                                "year": row.year,
                                "at": timestamp(row.updated_at),
                            })
                        })
                        .collect(),
                )
            }
        })
    }

    /// Erases this part for the member, inside the erasure's transaction.
    async fn erase(self, db: &impl ConnectionTrait, account: &Account) -> Result<()> {
        match self {
            Part::MembershipHistory => anonymise_history(db, account.id).await,
            Part::EventRegistrations => {
                let now = OffsetDateTime::now_utc();
                crate::events::erase_person(db, account.id.0, account.email.as_str(), now).await
            }
            // Both tables go in one step.
            Part::Topics => Ok(()),
            Part::Consent => crate::campaigns::consent::erase(db, account.id).await,
            Part::CampaignEmails => crate::campaigns::sending::erase(db, account.id).await,
            Part::LibraryItems | Part::LibraryFiles | Part::LibraryDecisions => {
                crate::library::personal::erase(db, self.table(), account.id).await
            }
            Part::Sessions => {
                sessions::delete_for_member(db, account.id, None).await?;
                Ok(())
            }
            Part::Emails => {
                outbox_email::Entity::delete_many()
                    .filter(outbox_email::Column::ToAddress.eq(account.email.as_str()))
                    .exec(db)
                    .await?;
                Ok(())
            }
            Part::RateLimits => {
                // The same keys the limits counted under: one type names them both ways.
                for pattern in LimitKey::naming(&account.email) {
                    rate_limits::clear_matching(db, &pattern).await?;
                }
                Ok(())
            }
            Part::Account => {
                // Sectors, tokens and the name index go with the row (`ON DELETE
                // CASCADE`, triggers); the audit log, scenarios and workforce figures
                // keep their rows with the link cleared (`ON DELETE SET NULL`).
                member::Entity::delete_by_id(account.id.0).exec(db).await?;
                Ok(())
            }
            Part::Sectors
            | Part::Tokens
            | Part::StaffAudit
            | Part::Scenarios
            | Part::WorkforceFigures
            | Part::NameSearch => Ok(()),
        }
    }
}

/// Everything held about the member, as JSON.
pub async fn export(db: &impl ConnectionTrait, id: MemberId) -> Result<Option<Value>> {
    let Some(account) = members::find(db, id).await? else {
        return Ok(None);
    };
    let mut data = Map::new();
    for part in Part::ALL {
        for (key, value) in part.export(db, &account).await? {
            data.insert(key.to_owned(), value);
        }
    }
    data.insert(
        "exported_at".to_owned(),
        Value::String(timestamp(OffsetDateTime::now_utc())),
    );
    Ok(Some(Value::Object(data)))
}

/// What an erasure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erasure {
    Erased,
    NotFound,
    /// The account is the network's last active admin: it stays (make another admin
    /// first).
    LastAdmin,
}

/// Erases the member (see the module doc). A counted member leaves the figures in
/// the same transaction. `by` is who erased the account when it was not its owner
/// (staff, the command line): written to the staff audit log in the same
/// transaction.
pub async fn erase(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: MemberId,
    by: Option<crate::staff_audit::Actor>,
    now: OffsetDateTime,
) -> Result<Erasure> {
    let txn = crate::db::begin_write(db).await?;
    staff_members::lock_admins(&txn, now).await?;
    members::lock(&txn, id, now).await?;
    let Some(account) = members::find(&txn, id).await? else {
        return Ok(Erasure::NotFound);
    };
    if account.role == Role::Admin && account.is_active() {
        let others = staff_members::other_active_admins(&txn, id).await?;
        if staff::keep_an_admin(others).is_err() {
            txn.rollback().await?;
            return Ok(Erasure::LastAdmin);
        }
    }
    if let Some(actor) = by {
        let entry = crate::staff_audit::Entry {
            actor,
            action: crate::staff_audit::ERASE_MEMBER,
            // Cleared with the account: the log keeps that an erasure happened.
            subject: Some(id),
            detail: "",
            rows: None,
        };
        crate::staff_audit::record(&txn, entry, now).await?;
    }
    let counted = profile_counts::snapshot(&txn, id).await?;
    membership::change(&txn, id, counted.as_ref(), None, now).await?;
    // The account row goes last: the other parts find the member through it.
    for part in Part::ALL.iter().skip(1).chain(&[Part::Account]) {
        part.erase(&txn, &account).await?;
    }
    txn.commit().await?;
    Ok(Erasure::Erased)
}

/// After an erasure, on SQLite: the name index drops the deleted entries its segments
/// still hold, and the write-ahead log is copied into the main file and emptied, so
/// the person's details are in neither file (`secure_delete` overwrote them in the
/// main file). Returns false when a connection reading at that moment kept the log
/// from emptying: try again later. PostgreSQL: nothing to do (its files are the
/// server's; see the README on backups).
pub async fn scrub(db: &impl ConnectionTrait) -> Result<bool> {
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return Ok(true);
    }
    db.execute_unprepared("INSERT INTO member_name_search(member_name_search) VALUES ('optimize')")
        .await?;
    crate::db::checkpoint(db).await
}

/// Events keep their country, month and source kind; the link to the person, what
/// they said about their work and the exact moments go, and the rollup follows.
async fn anonymise_history(db: &impl ConnectionTrait, id: MemberId) -> Result<()> {
    let events = membership_event::Entity::find()
        .filter(membership_event::Column::MemberId.eq(id.0))
        .all(db)
        .await?;
    for event in events {
        let month = month_start(month_key(event.occurred_at)).unwrap_or(event.occurred_at);
        let mut anonymous = event.clone();
        anonymous.member_id = None;
        anonymous.occurred_at = month;
        anonymous.category = None;
        anonymous.sectors = None;
        anonymous.organization_type = None;
        anonymous.from_category = None;
        anonymous.from_sectors = None;
        anonymous.from_organization_type = None;
        if let (Some(was), Some(now_is)) =
            (rollup::change_of(&event), rollup::change_of(&anonymous))
        {
            rollup::reattribute(db, (&was, event.occurred_at), (&now_is, month)).await?;
        }
        let none = || Expr::value(Option::<String>::None);
        membership_event::Entity::update_many()
            .col_expr(
                membership_event::Column::MemberId,
                Expr::value(Option::<i64>::None),
            )
            .col_expr(membership_event::Column::OccurredAt, Expr::value(month))
            .col_expr(membership_event::Column::Category, none())
            .col_expr(membership_event::Column::Sectors, none())
            .col_expr(membership_event::Column::OrganizationType, none())
            .col_expr(membership_event::Column::FromCategory, none())
            .col_expr(membership_event::Column::FromSectors, none())
            .col_expr(membership_event::Column::FromOrganizationType, none())
            .filter(membership_event::Column::Id.eq(event.id))
            .exec(db)
            .await?;
    }
    Ok(())
}
