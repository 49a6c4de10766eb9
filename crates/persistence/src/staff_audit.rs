//! The staff audit log: who exported members' personal data, when, with which
//! filters, and how many rows left (written in the request or command that makes
//! the export, before the file is handed over; staff read it newest first); and who
//! suspended, reinstated or changed the role of which account (written in the
//! change's own transaction).

use std::collections::HashMap;

use membernet_domain::MemberId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::{member, staff_audit},
};

pub const EXPORT_MEMBERS: &str = "export_members";
/// An event's registrants exported; the detail names the event (`event=slug`).
pub const EXPORT_REGISTRANTS: &str = "export_registrants";
pub const SUSPEND_MEMBER: &str = "suspend_member";
pub const REINSTATE_MEMBER: &str = "reinstate_member";
/// The detail is the new role (`role=staff`).
pub const CHANGE_ROLE: &str = "change_role";
/// Staff (or the command line) erased an account; its id is gone with it.
pub const ERASE_MEMBER: &str = "erase_member";
/// A campaign created, scheduled, sent or cancelled; the detail names it.
pub const CREATE_CAMPAIGN: &str = "create_campaign";
pub const SCHEDULE_CAMPAIGN: &str = "schedule_campaign";
pub const SEND_CAMPAIGN: &str = "send_campaign";
pub const CANCEL_CAMPAIGN: &str = "cancel_campaign";
pub const PAGE_SIZE: u64 = 50;

/// Who acted: a staff account, or someone at the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Staff(MemberId),
    CommandLine,
}

/// The note kept for what was done from the command line (no account did it).
pub const COMMAND_LINE: &str = "command line";

/// One line of the log.
pub struct Entry<'a> {
    pub actor: Actor,
    pub action: &'static str,
    /// The account acted on, if one was.
    pub subject: Option<MemberId>,
    pub detail: &'a str,
    pub rows: Option<u64>,
}

/// Writes `entry`; call it in the transaction (or request) that does what it says.
pub async fn record(
    db: &impl ConnectionTrait,
    entry: Entry<'_>,
    now: OffsetDateTime,
) -> Result<()> {
    let (actor_id, actor_note) = match entry.actor {
        Actor::Staff(id) => (Some(id.0), None),
        Actor::CommandLine => (None, Some(COMMAND_LINE.to_owned())),
    };
    staff_audit::ActiveModel {
        actor_id: Set(actor_id),
        actor_note: Set(actor_note),
        action: Set(entry.action.to_owned()),
        subject_id: Set(entry.subject.map(|id| id.0)),
        detail: Set(entry.detail.to_owned()),
        row_count: Set(entry
            .rows
            .map(|rows| i64::try_from(rows).unwrap_or(i64::MAX))),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// An export of the member list with `filters` (its query string), `rows` long.
pub async fn record_export(
    db: &impl ConnectionTrait,
    actor: Actor,
    filters: &str,
    rows: u64,
    now: OffsetDateTime,
) -> Result<()> {
    let entry = Entry {
        actor,
        action: EXPORT_MEMBERS,
        subject: None,
        detail: filters,
        rows: Some(rows),
    };
    record(db, entry, now).await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportEntry {
    pub at: OffsetDateTime,
    /// (id, name, email) of the staff account; `None` when erased since, or when
    /// `note` says who it was.
    pub actor: Option<(MemberId, String, String)>,
    pub note: Option<String>,
    /// The member list's query string.
    pub filters: String,
    pub rows: u64,
}

/// One page of exports, newest first, and whether another follows.
pub async fn exports(db: &impl ConnectionTrait, page: u64) -> Result<(Vec<ExportEntry>, bool)> {
    let rows = staff_audit::Entity::find()
        .filter(staff_audit::Column::Action.is_in([EXPORT_MEMBERS, EXPORT_REGISTRANTS]))
        .order_by_desc(staff_audit::Column::Id)
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let has_more = rows.len() as u64 > PAGE_SIZE;
    let rows: Vec<_> = rows.into_iter().take(PAGE_SIZE as usize).collect();
    let mut actor_ids: Vec<i64> = rows.iter().filter_map(|row| row.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors: HashMap<i64, (String, String)> = if actor_ids.is_empty() {
        HashMap::new()
    } else {
        member::Entity::find()
            .select_only()
            .column(member::Column::Id)
            .column(member::Column::FullName)
            .column(member::Column::Email)
            .filter(member::Column::Id.is_in(actor_ids))
            .into_tuple::<(i64, String, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, name, email)| (id, (name, email)))
            .collect()
    };
    let entries = rows
        .into_iter()
        .map(|row| ExportEntry {
            at: row.created_at,
            actor: row.actor_id.and_then(|id| {
                actors
                    .get(&id)
                    .map(|(name, email)| (MemberId(id), name.clone(), email.clone()))
            }),
            note: row.actor_note,
            filters: row.detail,
            rows: row.row_count.unwrap_or_default().max(0) as u64,
        })
        .collect();
    Ok((entries, has_more))
}
