//! Joining the network: what a signup is, how a form filled in by a machine is told
//! from one filled in by a person, and which email follows.
//!
//! The answer to a signup never tells whether an address already has an account:
//! the person sees "check your email" either way, and the email says what happened
//! (see [`FollowUp`]).

use std::time::Duration;

use time::OffsetDateTime;

use crate::{
    Account, CountryCode, FullName, MemberEmail, NewPassword,
    organization::{OrganizationName, OrganizationType},
    profile::WorkforceCategory,
};

/// The organisation a member says they work for, as typed: a name (matched to the
/// organisations the network knows after normalisation) and, for a new one, its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliation {
    pub name: OrganizationName,
    pub kind: Option<OrganizationType>,
}

/// A signup whose every field is valid.
#[derive(Debug, Clone)]
pub struct Signup {
    pub full_name: FullName,
    pub email: MemberEmail,
    pub password: NewPassword,
    pub country: CountryCode,
    pub category: Option<WorkforceCategory>,
    pub organization: Option<Affiliation>,
    pub listed: bool,
    /// The email topics ticked (none by default).
    pub topics: Vec<crate::campaigns::Topic>,
    /// The link the joiner came from (kept on the account).
    pub source: crate::join_source::JoinSource,
}

/// Whether a join form came back faster than a person fills one in. A form whose
/// showing was never recorded (no session, or a bot posting directly) counts as too
/// fast, unless no minimum is set.
pub fn filled_too_fast(
    shown_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
    minimum: Duration,
) -> bool {
    match shown_at {
        Some(shown) => (now - shown) < minimum,
        None => !minimum.is_zero(),
    }
}

/// The email that follows a signup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    /// A new account: a link to confirm the address.
    ConfirmAddress,
    /// The address belongs to a confirmed account: a note to its owner that someone
    /// tried to join with it (and how to sign in or reset the password).
    AlreadyRegistered,
    /// The address belongs to an account never confirmed: a link to choose a password
    /// and finish joining (it proves the address).
    FinishJoining,
}

impl FollowUp {
    /// `existing` is the account that already had the address, if any.
    pub fn after_signup(existing: Option<&Account>) -> Self {
        match existing {
            None => FollowUp::ConfirmAddress,
            Some(account) if account.is_verified() => FollowUp::AlreadyRegistered,
            Some(_) => FollowUp::FinishJoining,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AccountStatus, MemberId, Role};

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_700_000_000 + seconds).unwrap()
    }

    #[test]
    fn a_form_sent_back_within_the_minimum_was_filled_by_a_machine() {
        let minimum = Duration::from_secs(3);
        assert!(filled_too_fast(Some(at(0)), at(2), minimum));
        assert!(!filled_too_fast(Some(at(0)), at(3), minimum));
        assert!(!filled_too_fast(Some(at(0)), at(60), minimum));
    }

    #[test]
    fn a_form_never_shown_is_too_fast_unless_there_is_no_minimum() {
        assert!(filled_too_fast(None, at(0), Duration::from_secs(3)));
        assert!(!filled_too_fast(None, at(0), Duration::ZERO));
    }

    fn account(verified: bool) -> Account {
        Account {
            id: MemberId(1),
            email: MemberEmail::parse("amina@ngo.org").unwrap(),
            full_name: FullName::parse("Amina Otieno").unwrap(),
            country: CountryCode::parse("KE").ok(),
            role: Role::Member,
            status: AccountStatus::Active,
            email_verified_at: verified.then(|| at(0)),
            has_password: true,
            created_at: at(0),
        }
    }

    #[test]
    fn the_email_after_a_signup_depends_on_who_had_the_address() {
        assert_eq!(FollowUp::after_signup(None), FollowUp::ConfirmAddress);
        assert_eq!(
            FollowUp::after_signup(Some(&account(true))),
            FollowUp::AlreadyRegistered
        );
        assert_eq!(
            FollowUp::after_signup(Some(&account(false))),
            FollowUp::FinishJoining
        );
    }
}
