//! Every table that holds data about a member is in the register of personal data
//! (`membernet_persistence::personal_data`), so a member's export and erasure cover
//! it. The test reads the schema as the migrations made it: a table with a foreign
//! key to `member`, or a column holding an email address, must be registered.

use std::collections::BTreeSet;

use membernet_persistence::personal_data::Part;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::spawn;

/// Columns that hold an address, wherever they are.
const ADDRESS_COLUMNS: &[&str] = &["email", "to_address", "email_address"];

async fn tables_about_members(db: &impl ConnectionTrait) -> BTreeSet<String> {
    let backend = db.get_database_backend();
    let addresses = ADDRESS_COLUMNS
        .iter()
        .map(|column| format!("'{column}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = match backend {
        DbBackend::Sqlite => format!(
            "SELECT m.name AS name FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND f.\"table\" = 'member' \
             UNION SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND c.name IN ({addresses})"
        ),
        _ => format!(
            "SELECT tc.table_name AS name FROM information_schema.table_constraints tc \
             JOIN information_schema.constraint_column_usage cu \
               ON cu.constraint_name = tc.constraint_name \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND cu.table_name = 'member' \
             UNION SELECT table_name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name IN ({addresses})"
        ),
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("the schema can be read")
        .iter()
        .map(|row| row.try_get::<String>("", "name").expect("a table name"))
        .collect()
}

#[tokio::test]
async fn every_table_about_members_is_in_the_register_of_personal_data() {
    let app = spawn().await;
    let found = tables_about_members(app.db()).await;
    assert!(
        found.contains("member_sector"),
        "the schema was read: {found:?}"
    );
    let registered: BTreeSet<String> = Part::ALL
        .iter()
        .map(|part| part.table().to_owned())
        .collect();
    let missing: Vec<&String> = found.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "tables about members that neither the export nor the erasure covers: {missing:?} \
         (add them to membernet_persistence::personal_data::Part)"
    );
}
