//! Membership statistics: what each membership event adds to the figures of each area
//! (a country, its sub-region, its region, the network) and segment (everyone, or the
//! members of one category, sector or organisation type, or who joined from one kind
//! of link), by week and by month, and the growth read back from those figures.
//!
//! A member's [`Standing`] is what they count as: their country and what they said
//! about their work. Every change to who counts is a [`Change`] from one standing to
//! another, recorded in the event log with both standings; [`deltas`] turns it into
//! counts to add. The database applies those in the event's transaction, and
//! [`Rollup`] replays the whole log in memory: the rebuild command compares the two.
//!
//! Each row also carries running totals (members at the end of the period, everyone
//! who ever joined, everyone who ever left), so any period's figures are two index
//! look-ups, not a sum over history.
//!
//! One more segment counts countries rather than members: for a sub-region, region or
//! the network, how many of its countries have at least one member at the end of each
//! month ([`COUNTRIES`], see [`countries_delta`]).
//!
//! Growth over time is the [`series`] by week, month, quarter or year, and an area's
//! [`Summary`] over a period. A row says how many joined, left, moved in and moved
//! out in its period, and the running totals at its end. A series starts from the
//! totals before its first period and adds each period's net change; a summary needs
//! only the totals before and at the end of the period.

mod area;
mod calendar;
mod growth;
mod replay;
mod rollup;
mod sources;
mod standing;

pub use area::{Area, WORLD};
pub use calendar::{Grain, Month, date_key, monday_of};
pub use growth::{
    Interval, MAX_WEEKLY_YEARS, MAX_YEARS, PeriodError, Point, Summary, check_period,
    permille_text, series,
};
pub use replay::Rollup;
pub use rollup::{Delta, Key, Totals, countries_delta, deltas};
pub use sources::{SourceJoins, joins_by_source};
pub use standing::{COUNTRIES, Change, EVERYONE, Segment, Standing};
