//! A member's row as the domain sees it, and the one rule over rows that every
//! query counting or showing members shares. Kept apart from the repositories so
//! that each can use it (members, organisations, the directory, the statistics)
//! without them depending on one another.

use membernet_domain::{
    Account, AccountStatus, CountryCode, FullName, MemberEmail, MemberId, Role,
};
use sea_orm::{
    Condition,
    sea_query::{Expr, ExprTrait},
};

use crate::{Error, Result, entity::member};

/// The rows of accounts that count as members of the network: the SQL twin of
/// [`Account::counts_as_member`] (verified, active, and in a country). Every query
/// that counts or shows members filters with this one condition; a test checks that
/// the two agree on every combination.
pub fn counted() -> Condition {
    Condition::all()
        .add(Expr::col((member::Entity, member::Column::EmailVerifiedAt)).is_not_null())
        .add(Expr::col((member::Entity, member::Column::Status)).eq(AccountStatus::Active.as_str()))
        .add(Expr::col((member::Entity, member::Column::CountryCode)).is_not_null())
}

/// A stored country code (member, organisation): `Err` when it is not one of the
/// reference data's, which makes its row corrupt.
pub fn stored_country(
    code: Option<&str>,
) -> std::result::Result<Option<CountryCode>, membernet_domain::country::CountryError> {
    code.map(CountryCode::parse).transpose()
}

/// The account a row holds; a row that does not fit the domain is corrupt.
pub fn to_account(row: member::Model) -> Result<Account> {
    let corrupt = |what: &str| Error::Corrupt(format!("member {}: {what}", row.id));
    Ok(Account {
        id: MemberId(row.id),
        email: MemberEmail::parse(&row.email).map_err(|_| corrupt("email"))?,
        full_name: FullName::parse(&row.full_name).map_err(|_| corrupt("full name"))?,
        country: stored_country(row.country_code.as_deref()).map_err(|_| corrupt("country"))?,
        role: Role::parse(&row.role).ok_or_else(|| corrupt("role"))?,
        status: AccountStatus::parse(&row.status).ok_or_else(|| corrupt("status"))?,
        email_verified_at: row.email_verified_at,
        has_password: row.password_hash.is_some(),
        created_at: row.created_at,
    })
}
