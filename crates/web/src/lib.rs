//! Membernet's web layer and command line: the axum router, its handlers and
//! extractors, the askama templates' Rust side, the mailer and the configuration.
//!
//! A handler reads the request, calls a domain or repository function, and renders a
//! template. Business rules live in `membernet_domain`; storage in
//! `membernet_persistence`. Each feature module under `routes` exports `router()`.

rust_i18n::i18n!("../../web/locales", fallback = "en");

pub mod app;
pub mod assets;
pub mod background;
pub mod cli;
pub mod config;
pub mod error;
pub mod error_page;
pub mod forms;
pub mod http;
pub mod locale;
pub mod mail;
pub mod page;
pub mod passwords;
pub mod routes;
pub mod server;
pub mod services;
pub mod state;
pub mod views;
