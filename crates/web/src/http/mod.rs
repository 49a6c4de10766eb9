//! HTTP plumbing shared by every feature, and no business rules: the session and who
//! is signed in, CSRF protection, the client's address, the request's language,
//! extractors that answer bad input with the site's own pages, security headers
//! and compression.

pub mod auth;
pub mod cache;
pub mod client_ip;
pub mod csrf;
pub mod download;
pub mod extract;
pub mod fetch_site;
pub mod locale;
pub mod metrics;
pub mod security;
pub mod session;
