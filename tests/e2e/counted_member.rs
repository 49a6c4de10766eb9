//! Who counts as a member is one rule (`Account::counts_as_member`) with one SQL twin
//! (`member_rows::counted`), used by every query that counts or shows members. This test
//! writes an account for every combination of what the rule looks at and checks that
//! the two select the same ones.

use membernet_persistence::{entity::member, member_rows, members};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryFilter};
use time::OffsetDateTime;

use crate::helpers::spawn;

#[tokio::test]
async fn the_sql_condition_and_the_domain_rule_agree_on_who_counts() {
    let app = spawn().await;
    let now = OffsetDateTime::now_utc();
    let mut index = 0;
    for verified in [false, true] {
        for status in ["active", "suspended"] {
            for country in [None, Some("KE")] {
                for role in ["member", "staff"] {
                    index += 1;
                    member::ActiveModel {
                        email: Set(format!("person{index}@ngo.org")),
                        full_name: Set(format!("Person {index}")),
                        country_code: Set(country.map(str::to_owned)),
                        password_hash: Set(None),
                        role: Set(role.to_owned()),
                        status: Set(status.to_owned()),
                        locale: Set("en".to_owned()),
                        email_verified_at: Set(verified.then_some(now)),
                        created_at: Set(now),
                        updated_at: Set(now),
                        listed: Set(false),
                        ..Default::default()
                    }
                    .insert(app.db())
                    .await
                    .expect("an account is written");
                }
            }
        }
    }
    let mut by_sql: Vec<i64> = member::Entity::find()
        .filter(member_rows::counted())
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect();
    by_sql.sort_unstable();
    let mut by_rule = Vec::new();
    for row in member::Entity::find().all(app.db()).await.unwrap() {
        let id = row.id;
        let account = members::find(app.db(), membernet_domain::MemberId(id))
            .await
            .unwrap()
            .unwrap();
        if account.counts_as_member() {
            by_rule.push(id);
        }
    }
    by_rule.sort_unstable();
    assert_eq!(index, 16);
    assert_eq!(
        by_sql.len(),
        2,
        "verified, active and in a country: one member, one staff"
    );
    assert_eq!(by_sql, by_rule);
}
