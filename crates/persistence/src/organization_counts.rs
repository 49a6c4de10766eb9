//! How many counted members work at each organisation, held in
//! `organization.counted_members` and kept exact in the same transaction as whatever
//! changes it: [`profile_counts::apply`](crate::profile_counts::apply) moves a
//! member's count from the organisation they counted at before to the one they
//! count at after (joining, confirming, leaving, suspension, a new employer), and a
//! merge moves a duplicate's count to its target. The public figures then read the
//! organisations with members per country from the organisation table alone.
//!
//! [`differences`] compares every count with the member rows (for `membernet stats
//! rebuild --check` and the tests); [`set_right`] sets the ones it found (a rebuild),
//! [`recount`] does both (after the demo seed's bulk insert).

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use crate::{
    Result,
    entity::{member, organization},
    member_rows,
};

/// Adds `delta` to an organisation's count.
pub async fn add(db: &impl ConnectionTrait, organization: i64, delta: i64) -> Result<()> {
    if delta == 0 {
        return Ok(());
    }
    organization::Entity::update_many()
        .col_expr(
            organization::Column::CountedMembers,
            Expr::col(organization::Column::CountedMembers).add(delta),
        )
        .filter(organization::Column::Id.eq(organization))
        .exec(db)
        .await?;
    Ok(())
}

/// An organisation whose stored count is not what its member rows say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub organization: i64,
    pub stored: i64,
    pub counted: i64,
}

/// Every organisation whose count differs from its member rows.
pub async fn differences(db: &impl ConnectionTrait) -> Result<Vec<Difference>> {
    let counted: HashMap<i64, i64> = member::Entity::find()
        .select_only()
        .column(member::Column::OrganizationId)
        .column_as(member::Column::Id.count(), "members")
        .filter(member::Column::OrganizationId.is_not_null())
        .filter(member_rows::counted())
        .group_by(member::Column::OrganizationId)
        .into_tuple::<(Option<i64>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(id, members)| Some((id?, members)))
        .collect();
    let stored: Vec<(i64, i64)> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .column(organization::Column::CountedMembers)
        .into_tuple()
        .all(db)
        .await?;
    let mut differences: Vec<Difference> = stored
        .into_iter()
        .filter_map(|(organization, stored)| {
            let counted = counted.get(&organization).copied().unwrap_or(0);
            (stored != counted).then_some(Difference {
                organization,
                stored,
                counted,
            })
        })
        .collect();
    differences.sort_by_key(|difference| difference.organization);
    Ok(differences)
}

/// Sets every organisation's count from its member rows; returns how many changed.
pub async fn recount(db: &impl ConnectionTrait) -> Result<usize> {
    let differences = differences(db).await?;
    set_right(db, &differences).await?;
    Ok(differences.len())
}

/// Sets each organisation in `differences` to the count its member rows give.
pub async fn set_right(db: &impl ConnectionTrait, differences: &[Difference]) -> Result<()> {
    for difference in differences {
        organization::Entity::update_many()
            .col_expr(
                organization::Column::CountedMembers,
                Expr::value(difference.counted),
            )
            .filter(organization::Column::Id.eq(difference.organization))
            .exec(db)
            .await?;
    }
    Ok(())
}
