//! The member directory: verified, active members who chose to be listed, and no one
//! else, whatever the query. Name search uses the database's own full-text index
//! (FTS5 on SQLite, a GIN `tsvector` index on PostgreSQL), never a scan of names.

use membernet_domain::{
    CountryCode, MemberId,
    organization::OrganizationId,
    profile::{Sector, WorkforceCategory},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
    sea_query::{Expr, SimpleExpr},
};

use crate::{
    Result,
    entity::{member, member_sector, organization},
};

pub const PAGE_SIZE: u64 = 20;

#[derive(Debug, Default, Clone)]
pub struct DirectoryQuery {
    /// Words of a name; each matches the start of a word in the member's name.
    pub name: String,
    /// Empty: anywhere. A region is passed as its countries.
    pub countries: Vec<CountryCode>,
    pub organization: Option<OrganizationId>,
    pub category: Option<WorkforceCategory>,
    pub sector: Option<Sector>,
    pub page: u64,
}

/// What the directory shows of a member. Never the email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEntry {
    pub id: MemberId,
    pub full_name: String,
    pub job_title: Option<String>,
    pub bio: Option<String>,
    pub country: Option<CountryCode>,
    pub category: Option<WorkforceCategory>,
    /// (slug, name)
    pub organization: Option<(String, String)>,
}

/// Only the members the directory may show: the one place that rule lives.
pub fn listed() -> Select<member::Entity> {
    member::Entity::find()
        .filter(member::Column::Listed.eq(true))
        .filter(crate::member_rows::counted())
}

/// Names matching `words` through the full-text index (FTS5 on SQLite, the
/// `tsvector` index on PostgreSQL): each word a prefix, all required; `None` when
/// there are no words. The directory and the staff member list both search so.
pub(crate) fn name_match(backend: DbBackend, words: &str) -> Option<SimpleExpr> {
    let terms = name_terms(words);
    if terms.is_empty() {
        return None;
    }
    Some(match backend {
        DbBackend::Postgres => {
            let tsquery = terms
                .iter()
                .map(|term| format!("{term}:*"))
                .collect::<Vec<_>>()
                .join(" & ");
            Expr::cust_with_values(
                "to_tsvector('simple', \"member\".\"full_name\") @@ to_tsquery('simple', $1)",
                [tsquery],
            )
        }
        _ => {
            let fts = terms
                .iter()
                .map(|term| format!("\"{term}\"*"))
                .collect::<Vec<_>>()
                .join(" ");
            Expr::cust_with_values(
                "\"member\".\"id\" IN (SELECT rowid FROM member_name_search WHERE member_name_search MATCH ?)",
                [fts],
            )
        }
    })
}

/// The full-text query's words: letters and digits only, so nothing typed can
/// change the query's syntax.
fn name_terms(words: &str) -> Vec<String> {
    words
        .split_whitespace()
        .map(|word| {
            word.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .take(6)
        .collect()
}

pub async fn search(
    db: &impl ConnectionTrait,
    query: &DirectoryQuery,
) -> Result<(Vec<DirectoryEntry>, bool)> {
    let mut select = listed();
    if let Some(matches) = name_match(db.get_database_backend(), &query.name) {
        select = select.filter(matches);
    }
    if !query.countries.is_empty() {
        let codes = query.countries.iter().map(|code| code.as_str().to_owned());
        select = select.filter(member::Column::CountryCode.is_in(codes));
    }
    if let Some(organization) = query.organization {
        select = select.filter(member::Column::OrganizationId.eq(organization.0));
    }
    if let Some(category) = query.category {
        select = select.filter(member::Column::Category.eq(category.code()));
    }
    if let Some(sector) = query.sector {
        select = select.filter(
            member::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(member_sector::Column::MemberId)
                    .from(member_sector::Entity)
                    .and_where(member_sector::Column::Sector.eq(sector.code()))
                    .to_owned(),
            ),
        );
    }
    let rows = select
        .order_by_asc(member::Column::FullName)
        .order_by_asc(member::Column::Id)
        .offset(query.page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let has_more = rows.len() as u64 > PAGE_SIZE;
    let rows: Vec<_> = rows.into_iter().take(PAGE_SIZE as usize).collect();
    let organization_ids: Vec<i64> = rows.iter().filter_map(|row| row.organization_id).collect();
    let organizations: std::collections::HashMap<i64, (String, String)> =
        if organization_ids.is_empty() {
            Default::default()
        } else {
            organization::Entity::find()
                .filter(organization::Column::Id.is_in(organization_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|row| (row.id, (row.slug, row.name)))
                .collect()
        };
    let entries = rows
        .into_iter()
        .map(|row| DirectoryEntry {
            id: MemberId(row.id),
            organization: row
                .organization_id
                .and_then(|id| organizations.get(&id).cloned()),
            full_name: row.full_name,
            job_title: row.job_title,
            bio: row.bio,
            country: row
                .country_code
                .as_deref()
                .and_then(|code| CountryCode::parse(code).ok()),
            category: row.category.as_deref().and_then(WorkforceCategory::parse),
        })
        .collect();
    Ok((entries, has_more))
}

#[cfg(test)]
mod tests {
    use super::name_terms;

    #[test]
    fn search_words_cannot_carry_query_syntax() {
        assert_eq!(name_terms("ami\" OR x*"), ["ami", "OR", "x"]);
        assert_eq!(name_terms(" Nguyễn  Lan "), ["Nguyễn", "Lan"]);
        assert!(name_terms("*** ---").is_empty());
    }
}
