//! The staff audit log records that a member export used a search (`search=yes`),
//! not what was searched: names and addresses typed into the search would otherwise
//! be kept for ever, and outlive the erasure of the people they name. Exports logged
//! before keep their filters with the search words replaced so.

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, FromQueryResult},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(FromQueryResult)]
struct Logged {
    id: i64,
    detail: String,
}

/// `q=amina&country=KE` → `search=yes&country=KE` (every other pair as it was).
fn without_search_words(detail: &str) -> String {
    detail
        .split('&')
        .map(|pair| {
            if pair.starts_with("q=") {
                "search=yes"
            } else {
                pair
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let select = Query::select()
            .columns([StaffAudit::Id, StaffAudit::Detail])
            .from(StaffAudit::Table)
            .and_where(Expr::col(StaffAudit::Action).eq("export_members"))
            .and_where(Expr::col(StaffAudit::Detail).like("%q=%"))
            .to_owned();
        let logged = Logged::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?;
        for row in logged {
            let cleaned = without_search_words(&row.detail);
            if cleaned != row.detail {
                let update = Query::update()
                    .table(StaffAudit::Table)
                    .value(StaffAudit::Detail, cleaned)
                    .and_where(Expr::col(StaffAudit::Id).eq(row.id))
                    .to_owned();
                db.execute(&update).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // What was searched is gone for good, as intended.
        Ok(())
    }
}

#[derive(DeriveIden)]
enum StaffAudit {
    Table,
    Id,
    Action,
    Detail,
}

#[cfg(test)]
mod tests {
    use super::without_search_words;

    #[test]
    fn search_words_give_way_to_the_fact_of_a_search() {
        assert_eq!(
            without_search_words("q=amina+otieno&country=KE"),
            "search=yes&country=KE"
        );
        assert_eq!(
            without_search_words("country=KE&sort=name"),
            "country=KE&sort=name"
        );
        assert_eq!(without_search_words("faq=1"), "faq=1");
    }
}
