//! Accounts: joining, confirming an address, signing in, resetting a password, the
//! member's own profile, their data and its erasure, and admins made from the
//! command line.
//!
//! No answer tells whether an address has an account: joining with a known address,
//! asking for a reset link for an unknown one and signing in with either take the
//! same work and show the same page; the emails that follow (sent in the background,
//! see `emails`) say what happened, to the address's owner only.

pub mod admin;
pub mod authentication;
pub mod data;
pub mod emails;
pub mod erasure;
pub mod password_reset;
pub mod profile;
pub mod signup;
pub mod verification;

use membernet_domain::signup::Affiliation;
use membernet_persistence::{members::Affiliated, organizations};

use super::{Result, Services};

/// The organisation an affiliation names: the one the network knows by that name,
/// or a new one of the type chosen. `None` when it would be new and no type was
/// chosen (the form asks for it).
async fn affiliated<'a>(
    services: &Services,
    affiliation: &'a Affiliation,
) -> Result<Option<Affiliated<'a>>> {
    if let Some(known) = organizations::find_by_name(&services.db, &affiliation.name).await? {
        return Ok(Some(Affiliated::Known(known.id)));
    }
    Ok(affiliation.kind.map(|kind| Affiliated::New {
        name: &affiliation.name,
        kind,
    }))
}
