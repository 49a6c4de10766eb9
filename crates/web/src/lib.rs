//! Membernet's application and web layers, and its command line.
//!
//! - `services`: what the network does, one module a feature; called by the pages
//!   and the command line alike, knowing nothing of HTTP.
//! - `routes`: the pages, one folder a feature, each exporting `router()`. A handler
//!   reads the request, calls one service and renders a template, JSON or a file.
//! - Shared pieces: `http` (sessions, CSRF, sign-in extractors, the client's
//!   address, downloads), `page` (what every page template needs), `forms`,
//!   `locale` (messages, numbers, money, country order), `views` (charts, the map,
//!   CSV), `mail` (composing, queuing, sending email), `config`, `error`, `server`.
//!
//! Business rules live in `membernet_domain`, storage in `membernet_persistence`.
//! CONTRIBUTING.md says where a new feature's parts go.

rust_i18n::i18n!("../../web/locales", fallback = "en");

pub mod app;
pub mod assets;
pub mod background;
pub mod cli;
pub mod config;
pub mod error;
pub mod error_page;
pub mod files;
pub mod forms;
pub mod http;
pub mod locale;
pub mod mail;
pub mod memory;
pub mod metrics;
pub mod page;
pub mod passwords;
pub mod routes;
pub mod server;
pub mod server_lock;
pub mod services;
pub mod state;
pub mod views;
