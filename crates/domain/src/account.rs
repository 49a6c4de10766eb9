//! Accounts, roles and who counts as a member.
//!
//! Everyone who joins gets an account with the `member` role. Staff run the network;
//! admins are staff who may also grant and revoke the staff role. A person counts as a
//! member of the network from the moment their email address is verified, while their
//! account is active (DESIGN.md, "Statistics semantics").

use time::OffsetDateTime;

use crate::{CountryCode, FullName, MemberEmail};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MemberId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Member,
    Staff,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "member" => Some(Role::Member),
            "staff" => Some(Role::Staff),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn is_staff(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    Active,
    Suspended,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "active" => Some(AccountStatus::Active),
            "suspended" => Some(AccountStatus::Suspended),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: MemberId,
    pub email: MemberEmail,
    pub full_name: FullName,
    /// `None` only for staff accounts made from the command line.
    pub country: Option<CountryCode>,
    pub role: Role,
    pub status: AccountStatus,
    pub email_verified_at: Option<OffsetDateTime>,
    pub has_password: bool,
    pub created_at: OffsetDateTime,
}

impl Account {
    pub fn is_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }

    pub fn is_active(&self) -> bool {
        self.status == AccountStatus::Active
    }

    /// Counted in the network's figures: verified, active, and somewhere.
    pub fn counts_as_member(&self) -> bool {
        self.is_verified() && self.is_active() && self.country.is_some()
    }

    /// May sign in at all. Suspended accounts may not; unverified ones may, and are
    /// asked to verify.
    pub fn may_sign_in(&self) -> bool {
        self.is_active() && self.has_password
    }

    pub fn may_open_staff_area(&self) -> bool {
        self.role.is_staff() && self.is_active()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: Role, status: AccountStatus, verified: bool) -> Account {
        Account {
            id: MemberId(1),
            email: MemberEmail::parse("amina@ngo.org").unwrap(),
            full_name: FullName::parse("Amina Otieno").unwrap(),
            country: Some(CountryCode::parse("KE").unwrap()),
            role,
            status,
            email_verified_at: verified.then(OffsetDateTime::now_utc),
            has_password: true,
            created_at: OffsetDateTime::now_utc(),
        }
    }

    #[test]
    fn an_unverified_account_does_not_count_as_a_member() {
        assert!(!account(Role::Member, AccountStatus::Active, false).counts_as_member());
        assert!(account(Role::Member, AccountStatus::Active, true).counts_as_member());
    }

    #[test]
    fn an_account_without_a_country_is_not_counted() {
        let mut staff = account(Role::Admin, AccountStatus::Active, true);
        staff.country = None;
        assert!(!staff.counts_as_member());
        assert!(staff.may_open_staff_area());
    }

    #[test]
    fn a_suspended_account_neither_counts_nor_signs_in() {
        let suspended = account(Role::Member, AccountStatus::Suspended, true);
        assert!(!suspended.counts_as_member());
        assert!(!suspended.may_sign_in());
    }

    #[test]
    fn only_active_staff_and_admins_open_the_staff_area() {
        assert!(!account(Role::Member, AccountStatus::Active, true).may_open_staff_area());
        assert!(account(Role::Staff, AccountStatus::Active, true).may_open_staff_area());
        assert!(account(Role::Admin, AccountStatus::Active, true).may_open_staff_area());
        assert!(!account(Role::Admin, AccountStatus::Suspended, true).may_open_staff_area());
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [Role::Member, Role::Staff, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
