//! Finding published items: full-text search over title, summary, authors and
//! publisher through each database's own index (FTS5 on SQLite, a GIN `tsvector`
//! index on PostgreSQL), with filters by kind, topic, countries, language and year,
//! sorted by relevance or date. Only published items are ever returned.

use membernet_domain::{
    CountryCode,
    library::{Item, ItemId, Kind, Section, Status, Topic, search_terms},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement, Value,
};

use crate::{
    Result,
    entity::{library_item, library_item_country, library_item_topic},
};

use super::{PAGE_SIZE, to_items};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first when there are words; newest first otherwise.
    #[default]
    Relevance,
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub section: Option<Section>,
    pub words: String,
    pub kind: Option<Kind>,
    pub topic: Option<Topic>,
    /// Empty: anywhere. A region is passed as its countries.
    pub countries: Vec<CountryCode>,
    pub language: Option<String>,
    pub year: Option<i32>,
    pub sort: Sort,
    pub page: u64,
    /// Items a page (at most 100); 0 means the usual [`PAGE_SIZE`].
    pub per_page: u64,
}

/// SQL text with its values, numbered for the backend as they are added.
struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn value(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        // Numbered on both (`?3` is SQLite's own form), so a value may be used
        // anywhere in the text whatever the order it was added in.
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => format!("?{}", self.values.len()),
        }
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }
}

/// One page of published items matching `query`, and whether there are more.
pub async fn search(db: &impl ConnectionTrait, query: &SearchQuery) -> Result<(Vec<Item>, bool)> {
    let backend = db.get_database_backend();
    let per_page = match query.per_page {
        0 => PAGE_SIZE,
        n => n.min(100),
    };
    let terms = search_terms(&query.words);
    let mut sql = Sql {
        backend,
        text: String::new(),
        values: Vec::new(),
    };
    if !terms.is_empty() && backend == DbBackend::Sqlite {
        return sqlite_search(db, sql, query, &terms, per_page).await;
    }
    let mut rank = None;
    sql.push("SELECT i.* FROM library_item i WHERE ");
    let status = sql.value(Status::Published.code());
    sql.push(&format!("i.status = {status} "));
    // With words on PostgreSQL, the filters are tokens of the same `tsvector`
    // (see the migration): one GIN search finds the words and the filters.
    let facets_in_vector = !terms.is_empty() && backend == DbBackend::Postgres;
    if facets_in_vector {
        let mut parts: Vec<String> = terms.iter().map(|term| format!("{term}:*A")).collect();
        parts.extend(facet_groups(query).into_iter().map(|group| {
            let any = group
                .iter()
                .map(|token| token.replace('_', "zq"))
                .collect::<Vec<_>>()
                .join(" | ");
            format!("({any})")
        }));
        let value = sql.value(parts.join(" & "));
        sql.push(&format!(
            "AND i.search_vector @@ to_tsquery('simple', {value}) "
        ));
        rank = Some(format!(
            "ts_rank(i.search_vector, to_tsquery('simple', {value})) DESC"
        ));
    }
    if let Some(section) = query.section {
        let value = sql.value(section.code());
        sql.push(&format!("AND i.section = {value} "));
    }
    if facets_in_vector {
        return finish(db, sql, query, rank, per_page).await;
    }
    if let Some(kind) = query.kind {
        let value = sql.value(kind.code());
        sql.push(&format!("AND i.kind = {value} "));
    }
    if let Some(language) = &query.language {
        let value = sql.value(language.clone());
        sql.push(&format!("AND i.language = {value} "));
    }
    if let Some(year) = query.year {
        let value = sql.value(year);
        sql.push(&format!("AND i.year = {value} "));
    }
    if let Some(topic) = query.topic {
        let value = sql.value(topic.code());
        sql.push(&format!(
            "AND EXISTS (SELECT 1 FROM library_item_topic t \
             WHERE t.item_id = i.id AND t.topic = {value}) "
        ));
    }
    if !query.countries.is_empty() {
        let codes: Vec<String> = query
            .countries
            .iter()
            .map(|code| sql.value(code.as_str()))
            .collect();
        sql.push(&format!(
            "AND EXISTS (SELECT 1 FROM library_item_country c \
             WHERE c.item_id = i.id AND c.country_code IN ({})) ",
            codes.join(", ")
        ));
    }
    finish(db, sql, query, rank, per_page).await
}

/// Orders, cuts the page and reads its items.
async fn finish(
    db: &impl ConnectionTrait,
    mut sql: Sql,
    query: &SearchQuery,
    rank: Option<String>,
    per_page: u64,
) -> Result<(Vec<Item>, bool)> {
    let order = match (query.sort, rank) {
        (Sort::Relevance, Some(rank)) => format!("{rank}, i.published_at DESC, i.id DESC"),
        _ => "i.published_at DESC, i.id DESC".to_owned(),
    };
    let limit = sql.value((per_page + 1) as i64);
    let offset = sql.value((query.page.min(10_000) * per_page) as i64);
    sql.push(&format!("ORDER BY {order} LIMIT {limit} OFFSET {offset}"));
    let rows = library_item::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            sql.backend,
            sql.text,
            sql.values,
        ))
        .all(db)
        .await?;
    let more = rows.len() as u64 > per_page;
    let rows = rows.into_iter().take(per_page as usize).collect();
    Ok((to_items(db, rows).await?, more))
}

/// The filters as index tokens (`membernet_domain::library::facet`): every group
/// must match, any token of a group will do (a region's countries).
fn facet_groups(query: &SearchQuery) -> Vec<Vec<String>> {
    use membernet_domain::library::facet;
    let mut groups = Vec::new();
    if let Some(section) = query.section {
        groups.push(vec![facet("s", section.code())]);
    }
    if let Some(kind) = query.kind {
        groups.push(vec![facet("k", kind.code())]);
    }
    if let Some(language) = &query.language {
        groups.push(vec![facet("l", language)]);
    }
    if let Some(year) = query.year {
        groups.push(vec![facet("y", &year.to_string())]);
    }
    if let Some(topic) = query.topic {
        groups.push(vec![facet("t", topic.code())]);
    }
    if !query.countries.is_empty() {
        groups.push(
            query
                .countries
                .iter()
                .map(|code| facet("c", code.as_str()))
                .collect(),
        );
    }
    groups
}

/// A search with words on SQLite: one search of the FTS5 index, which holds the
/// published items only, with their filter values as tokens (`c_ke`, `k_report`),
/// so the filters are part of the same index search. By relevance, the index ranks
/// and limits by itself and only the page's rows are read; newest first, every
/// match's row is read for its date.
async fn sqlite_search(
    db: &impl ConnectionTrait,
    mut sql: Sql,
    query: &SearchQuery,
    terms: &[String],
    per_page: u64,
) -> Result<(Vec<Item>, bool)> {
    let words = terms
        .iter()
        .map(|term| format!("\"{term}\"*"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let facets: Vec<String> = facet_groups(query)
        .into_iter()
        .map(|group| {
            let any = group
                .iter()
                .map(|token| format!("\"{token}\""))
                .collect::<Vec<_>>()
                .join(" OR ");
            format!("({any})")
        })
        .collect();
    let mut expression = format!("search_text : ({words})");
    if !facets.is_empty() {
        expression.push_str(&format!(" AND search_facets : ({})", facets.join(" AND ")));
    }
    let matching = sql.value(expression);
    // The index holds the published items only; the state is checked again all
    // the same (an index rebuilt by hand would hold every item).
    let published = sql.value(Status::Published.code());
    let limit = sql.value((per_page + 1) as i64);
    let offset = sql.value((query.page.min(10_000) * per_page) as i64);
    sql.push(&match query.sort {
        Sort::Relevance => format!(
            "SELECT i.* FROM (SELECT rowid, rank FROM library_search \
             WHERE library_search MATCH {matching} ORDER BY rank, rowid DESC \
             LIMIT {limit} OFFSET {offset}) s \
             CROSS JOIN library_item i ON i.id = s.rowid \
             WHERE i.status = {published} ORDER BY s.rank, s.rowid DESC"
        ),
        Sort::Newest => format!(
            "SELECT i.* FROM library_search CROSS JOIN library_item i \
             ON i.id = library_search.rowid WHERE library_search MATCH {matching} \
             AND i.status = {published} \
             ORDER BY i.published_at DESC, i.id DESC LIMIT {limit} OFFSET {offset}"
        ),
    });
    let rows = library_item::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            sql.backend,
            sql.text,
            sql.values,
        ))
        .all(db)
        .await?;
    let more = rows.len() as u64 > per_page;
    let rows = rows.into_iter().take(per_page as usize).collect();
    Ok((to_items(db, rows).await?, more))
}

/// The newest published items of a section (feeds, home blocks).
pub async fn latest(db: &impl ConnectionTrait, section: Section, limit: u64) -> Result<Vec<Item>> {
    let rows = published(section)
        .order_by_desc(library_item::Column::PublishedAt)
        .order_by_desc(library_item::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    to_items(db, rows).await
}

fn published(section: Section) -> sea_orm::Select<library_item::Entity> {
    library_item::Entity::find()
        .filter(library_item::Column::Section.eq(section.code()))
        .filter(library_item::Column::Status.eq(Status::Published.code()))
}

/// Published items of a section that concern `country`, newest first.
pub async fn for_country(
    db: &impl ConnectionTrait,
    country: &CountryCode,
    section: Section,
    limit: u64,
) -> Result<Vec<Item>> {
    let rows = published(section)
        .filter(
            library_item::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(library_item_country::Column::ItemId)
                    .from(library_item_country::Entity)
                    .and_where(library_item_country::Column::CountryCode.eq(country.as_str()))
                    .to_owned(),
            ),
        )
        .order_by_desc(library_item::Column::PublishedAt)
        .order_by_desc(library_item::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    to_items(db, rows).await
}

/// Published items of the same section sharing a topic with `item` (or, without
/// topics, of its kind), newest first.
pub async fn related(db: &impl ConnectionTrait, item: &Item, limit: u64) -> Result<Vec<Item>> {
    let mut select = published(item.section()).filter(library_item::Column::Id.ne(item.id.0));
    select = if item.fields.topics.is_empty() {
        select.filter(library_item::Column::Kind.eq(item.fields.kind.code()))
    } else {
        select.filter(
            library_item::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(library_item_topic::Column::ItemId)
                    .from(library_item_topic::Entity)
                    .and_where(
                        library_item_topic::Column::Topic
                            .is_in(item.fields.topics.iter().map(|t| t.code())),
                    )
                    .to_owned(),
            ),
        )
    };
    let rows = select
        .order_by_desc(library_item::Column::PublishedAt)
        .order_by_desc(library_item::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    to_items(db, rows).await
}

/// The ids of published items, for tests and the API's existence checks.
pub async fn is_published(db: &impl ConnectionTrait, id: ItemId) -> Result<bool> {
    Ok(library_item::Entity::find_by_id(id.0)
        .filter(library_item::Column::Status.eq(Status::Published.code()))
        .one(db)
        .await?
        .is_some())
}
