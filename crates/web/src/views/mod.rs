//! Pieces of pages and files drawn on the server, each taking the reader's `Locale`
//! and nothing more: growth charts, the world map, CSV, the region menu.

pub mod calendar;
pub mod charts;
pub mod csv;
pub mod map;
pub mod regions;
