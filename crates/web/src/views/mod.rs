//! Pieces of pages and files drawn on the server, each taking the reader's `Locale`
//! and nothing more: growth charts, the world map, CSV, the region menu.

pub mod calendar;
pub mod charts;
pub mod csv;
pub mod map;
pub mod regions;

/// A moment as feeds and the API write it (RFC 3339: `2026-03-10T13:30:00Z`).
pub fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
