//! Membernet's domain: the rules of the network, free of I/O.
//!
//! Types here can only hold valid values ("parse, don't validate"): a [`MemberEmail`]
//! is a deliverable-looking address, a [`NewPassword`] has passed the password policy,
//! a [`CountryCode`] names a country in the reference data. The web layer checks a
//! form's shape, then converts it into these types; persistence stores and returns
//! them. Nothing here knows about HTTP or the database, so every rule is unit-tested
//! without either.

pub mod account;
pub mod campaigns;
pub mod country;
pub mod demo;
pub mod disclosure;
pub mod donations;
pub mod email;
pub mod events;
pub mod join_source;
pub mod library;
pub mod markdown;
pub mod membership;
pub mod name;
pub mod organization;
pub mod password;
pub mod planner;
pub mod profile;
pub mod public_figures;
pub mod random;
pub mod rate_limit;
pub mod signature;
pub mod signup;
pub mod staff;
pub mod statistics;
pub mod token;
pub mod weeks;
pub mod workforce;

pub use account::{Account, AccountStatus, MemberId, Role};
pub use country::{Country, CountryCode};
pub use email::MemberEmail;
pub use name::FullName;
pub use password::NewPassword;
