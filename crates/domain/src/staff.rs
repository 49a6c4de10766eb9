//! What staff may do to an account: suspend or reinstate it, and change its role.
//!
//! The rules, in the order they are checked:
//! - Suspending and reinstating: whoever acts is still active staff (read again when
//!   the change is made: someone demoted or suspended meanwhile acts no more); the
//!   account exists; nobody acts on their own account; an admin is never suspended.
//! - Changing a role: whoever acts is still an active admin; the account exists;
//!   nobody changes their own role; and the network keeps at least one active admin,
//!   so the last one cannot be made staff or a member.
//! - Either way, an account that already is so is left as it is.
//!
//! - Only an account whose address is confirmed becomes staff or admin: an
//!   unconfirmed account may have been opened by anyone with someone else's address
//!   (the command line refuses it too).
//!
//! Counting the other admins needs the database and must happen in the change's own
//! transaction, so [`role_change`] says when the count is needed and [`keep_an_admin`]
//! judges it.

use crate::{Account, AccountStatus, MemberId, Role};

/// An account as these rules see it: the one acting, or the one acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Party {
    pub id: MemberId,
    pub role: Role,
    pub status: AccountStatus,
    /// Whether its address is confirmed.
    pub verified: bool,
}

impl Party {
    fn is_active_staff(&self) -> bool {
        self.role.is_staff() && self.status == AccountStatus::Active
    }
}

impl From<&Account> for Party {
    fn from(account: &Account) -> Self {
        Party {
            id: account.id,
            role: account.role,
            status: account.status,
            verified: account.is_verified(),
        }
    }
}

/// Why a change to an account was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only admins change roles.
    NotAdmin,
    /// The actor is no longer active staff (demoted or suspended since).
    NotStaff,
    /// Nobody changes their own role or suspends themselves.
    Yourself,
    /// Admins are not suspended.
    Admin,
    /// The network keeps at least one admin.
    LastAdmin,
    /// Staff and admins are accounts whose address is confirmed.
    Unconfirmed,
    NotFound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Changed,
    /// It already was so; nothing is written.
    Unchanged,
}

/// Whether `actor` may suspend or reinstate `subject` (what a page offers; see
/// [`status_change`] for the whole rule).
pub fn may_change_status(actor: &Party, subject: &Party, to: AccountStatus) -> Result<(), Refusal> {
    if actor.id == subject.id {
        Err(Refusal::Yourself)
    } else if to == AccountStatus::Suspended && subject.role == Role::Admin {
        Err(Refusal::Admin)
    } else {
        Ok(())
    }
}

/// Whether `actor` may erase `subject`'s account: active staff erase members (a
/// suspended member, say, who cannot sign in to erase their own); only an admin
/// erases a staff or admin account; nobody erases their own here (the account page
/// does). The last admin stays whoever asks (checked in the erasure's transaction).
pub fn may_erase(actor: &Party, subject: &Party) -> Result<(), Refusal> {
    if !actor.is_active_staff() {
        Err(Refusal::NotStaff)
    } else if actor.id == subject.id {
        Err(Refusal::Yourself)
    } else if subject.role.is_staff() && actor.role != Role::Admin {
        Err(Refusal::NotAdmin)
    } else {
        Ok(())
    }
}

/// Whether `actor` may change `subject`'s role (what a page offers; see
/// [`role_change`] for the whole rule). The place to refuse an unconfirmed subject.
pub fn may_change_role(actor: &Party, subject: &Party) -> Result<(), Refusal> {
    if actor.role != Role::Admin {
        Err(Refusal::NotAdmin)
    } else if actor.id == subject.id {
        Err(Refusal::Yourself)
    } else {
        Ok(())
    }
}

/// Suspending (`to` = suspended) or reinstating `subject`, with `actor` and `subject`
/// as they are when the change is made (`None`: no such account).
pub fn status_change(
    actor: Option<&Party>,
    subject: Option<&Party>,
    to: AccountStatus,
) -> Result<Changed, Refusal> {
    let actor = actor
        .filter(|actor| actor.is_active_staff())
        .ok_or(Refusal::NotStaff)?;
    let subject = subject.ok_or(Refusal::NotFound)?;
    may_change_status(actor, subject, to)?;
    Ok(if subject.status == to {
        Changed::Unchanged
    } else {
        Changed::Changed
    })
}

/// What a permitted role change takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    /// The account already has that role.
    Unchanged,
    Allowed,
    /// It takes an admin's role away: allowed if another active admin remains (count
    /// them in the change's transaction and ask [`keep_an_admin`]).
    AllowedIfAnotherAdmin,
}

/// Giving `subject` the role `to`, with `actor` and `subject` as they are when the
/// change is made (`None`: no such account).
pub fn role_change(
    actor: Option<&Party>,
    subject: Option<&Party>,
    to: Role,
) -> Result<RoleChange, Refusal> {
    let subject = subject.ok_or(Refusal::NotFound)?;
    let actor = actor
        .filter(|actor| actor.is_active_staff())
        .ok_or(Refusal::NotAdmin)?;
    may_change_role(actor, subject)?;
    if to.is_staff() && !subject.verified && subject.role != to {
        return Err(Refusal::Unconfirmed);
    }
    Ok(if subject.role == to {
        RoleChange::Unchanged
    } else if subject.role == Role::Admin {
        RoleChange::AllowedIfAnotherAdmin
    } else {
        RoleChange::Allowed
    })
}

/// The last-admin rule: an admin's role goes only while `other_active_admins` remain.
pub fn keep_an_admin(other_active_admins: u64) -> Result<(), Refusal> {
    if other_active_admins == 0 {
        Err(Refusal::LastAdmin)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: [Role; 3] = [Role::Member, Role::Staff, Role::Admin];
    const STATUSES: [AccountStatus; 2] = [AccountStatus::Active, AccountStatus::Suspended];

    fn party(id: i64, role: Role) -> Party {
        Party {
            id: MemberId(id),
            role,
            status: AccountStatus::Active,
            verified: true,
        }
    }

    /// The whole role rule, the admins counted only when asked for.
    fn decide_role(
        actor: Option<&Party>,
        subject: Option<&Party>,
        to: Role,
        other_admins: u64,
    ) -> Result<Changed, Refusal> {
        match role_change(actor, subject, to)? {
            RoleChange::Unchanged => Ok(Changed::Unchanged),
            RoleChange::Allowed => Ok(Changed::Changed),
            RoleChange::AllowedIfAnotherAdmin => {
                keep_an_admin(other_admins).map(|()| Changed::Changed)
            }
        }
    }

    #[test]
    fn staff_suspend_members_and_staff_but_not_admins_or_themselves() {
        let staff = party(1, Role::Staff);
        let suspended = AccountStatus::Suspended;
        assert_eq!(
            may_change_status(&staff, &party(2, Role::Member), suspended),
            Ok(())
        );
        assert_eq!(
            may_change_status(&staff, &party(2, Role::Staff), suspended),
            Ok(())
        );
        assert_eq!(
            may_change_status(&staff, &party(2, Role::Admin), suspended),
            Err(Refusal::Admin)
        );
        assert_eq!(
            may_change_status(&staff, &staff, suspended),
            Err(Refusal::Yourself)
        );
    }

    #[test]
    fn only_admins_change_roles_and_never_their_own() {
        let member = party(2, Role::Member);
        assert_eq!(
            may_change_role(&party(1, Role::Staff), &member),
            Err(Refusal::NotAdmin)
        );
        let admin = party(1, Role::Admin);
        assert_eq!(may_change_role(&admin, &member), Ok(()));
        assert_eq!(may_change_role(&admin, &admin), Err(Refusal::Yourself));
    }

    #[test]
    fn every_status_change_follows_the_rule() {
        for actor_role in ROLES {
            for actor_status in STATUSES {
                for subject_role in ROLES {
                    for subject_status in STATUSES {
                        for to in STATUSES {
                            for itself in [false, true] {
                                let actor = Party {
                                    status: actor_status,
                                    ..party(1, actor_role)
                                };
                                let subject = if itself {
                                    actor
                                } else {
                                    Party {
                                        status: subject_status,
                                        ..party(2, subject_role)
                                    }
                                };
                                let expected = if !actor_role.is_staff()
                                    || actor_status == AccountStatus::Suspended
                                {
                                    Err(Refusal::NotStaff)
                                } else if itself {
                                    Err(Refusal::Yourself)
                                } else if to == AccountStatus::Suspended
                                    && subject_role == Role::Admin
                                {
                                    Err(Refusal::Admin)
                                } else if subject_status == to {
                                    Ok(Changed::Unchanged)
                                } else {
                                    Ok(Changed::Changed)
                                };
                                assert_eq!(
                                    status_change(Some(&actor), Some(&subject), to),
                                    expected,
                                    "{actor:?} sets {subject:?} {to:?}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_status_change_needs_active_staff_then_an_account() {
        let staff = party(1, Role::Staff);
        let member = party(2, Role::Member);
        let suspend = AccountStatus::Suspended;
        assert_eq!(
            status_change(None, Some(&member), suspend),
            Err(Refusal::NotStaff)
        );
        assert_eq!(status_change(None, None, suspend), Err(Refusal::NotStaff));
        assert_eq!(
            status_change(Some(&staff), None, suspend),
            Err(Refusal::NotFound)
        );
    }

    #[test]
    fn every_role_change_follows_the_rule() {
        for actor_role in ROLES {
            for actor_status in STATUSES {
                for subject_role in ROLES {
                    for to in ROLES {
                        for itself in [false, true] {
                            for verified in [false, true] {
                                for other_admins in [0, 1] {
                                    let actor = Party {
                                        status: actor_status,
                                        ..party(1, actor_role)
                                    };
                                    let subject = if itself {
                                        Party { verified, ..actor }
                                    } else {
                                        Party {
                                            verified,
                                            ..party(2, subject_role)
                                        }
                                    };
                                    let expected = if actor_role != Role::Admin
                                        || actor_status == AccountStatus::Suspended
                                    {
                                        Err(Refusal::NotAdmin)
                                    } else if itself {
                                        Err(Refusal::Yourself)
                                    } else if subject.role == to {
                                        Ok(Changed::Unchanged)
                                    } else if to.is_staff() && !verified {
                                        Err(Refusal::Unconfirmed)
                                    } else if subject.role == Role::Admin && other_admins == 0 {
                                        Err(Refusal::LastAdmin)
                                    } else {
                                        Ok(Changed::Changed)
                                    };
                                    assert_eq!(
                                        decide_role(Some(&actor), Some(&subject), to, other_admins),
                                        expected,
                                        "{actor:?} gives {subject:?} {to:?}, {other_admins} other admins"
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_role_change_needs_an_account_then_an_active_admin() {
        let admin = party(1, Role::Admin);
        let member = party(2, Role::Member);
        assert_eq!(
            role_change(None, Some(&member), Role::Staff),
            Err(Refusal::NotAdmin)
        );
        assert_eq!(role_change(None, None, Role::Staff), Err(Refusal::NotFound));
        assert_eq!(
            role_change(Some(&admin), None, Role::Staff),
            Err(Refusal::NotFound)
        );
    }

    #[test]
    fn the_admins_are_counted_only_when_an_admin_loses_the_role() {
        let admin = party(1, Role::Admin);
        let other = party(2, Role::Admin);
        assert_eq!(
            role_change(Some(&admin), Some(&other), Role::Staff),
            Ok(RoleChange::AllowedIfAnotherAdmin)
        );
        assert_eq!(
            role_change(Some(&admin), Some(&other), Role::Admin),
            Ok(RoleChange::Unchanged)
        );
        assert_eq!(
            role_change(Some(&admin), Some(&party(2, Role::Staff)), Role::Admin),
            Ok(RoleChange::Allowed)
        );
        assert_eq!(keep_an_admin(0), Err(Refusal::LastAdmin));
        assert_eq!(keep_an_admin(1), Ok(()));
    }

    #[test]
    fn an_unconfirmed_account_is_never_made_staff_or_admin() {
        let unconfirmed = Party {
            verified: false,
            ..party(2, Role::Member)
        };
        for to in [Role::Staff, Role::Admin] {
            assert_eq!(
                role_change(Some(&party(1, Role::Admin)), Some(&unconfirmed), to),
                Err(Refusal::Unconfirmed)
            );
        }
        assert_eq!(
            role_change(
                Some(&party(1, Role::Admin)),
                Some(&unconfirmed),
                Role::Member
            ),
            Ok(RoleChange::Unchanged)
        );
    }

    #[test]
    fn staff_erase_members_and_only_admins_erase_staff() {
        let admin = party(1, Role::Admin);
        let staff = party(2, Role::Staff);
        let member = party(3, Role::Member);
        let suspended = Party {
            status: AccountStatus::Suspended,
            ..party(4, Role::Member)
        };
        assert_eq!(may_erase(&staff, &member), Ok(()));
        assert_eq!(may_erase(&staff, &suspended), Ok(()));
        assert_eq!(may_erase(&staff, &admin), Err(Refusal::NotAdmin));
        assert_eq!(may_erase(&admin, &staff), Ok(()));
        assert_eq!(may_erase(&admin, &admin), Err(Refusal::Yourself));
        assert_eq!(may_erase(&member, &suspended), Err(Refusal::NotStaff));
        let suspended_staff = Party {
            status: AccountStatus::Suspended,
            ..staff
        };
        assert_eq!(may_erase(&suspended_staff, &member), Err(Refusal::NotStaff));
    }
}
