//! Who counts as what: a counted member's [`Standing`], the [`Segment`]s it puts
//! them in, and a [`Change`] from one standing to another.
//!
//! Where a member came from ([`SourceKind`]) is part of their standing from the
//! day they join and never changes after; members who joined before sources were
//! recorded have none, and count in no source segment.

use std::collections::BTreeSet;

use super::area::area_keys;
use crate::{
    CountryCode,
    join_source::SourceKind,
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
};

/// The segment of every member.
pub const EVERYONE: &str = "";
/// The segment counting an area's countries with members (month grain only).
pub const COUNTRIES: &str = "countries";

/// A filter on who is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    Everyone,
    Category(WorkforceCategory),
    Sector(Sector),
    OrganizationType(OrganizationType),
    /// The members who joined from one kind of link.
    Source(SourceKind),
}

impl Segment {
    pub fn key(self) -> String {
        match self {
            Segment::Everyone => EVERYONE.to_owned(),
            Segment::Category(category) => format!("category:{}", category.code()),
            Segment::Sector(sector) => format!("sector:{}", sector.code()),
            Segment::OrganizationType(kind) => format!("organization:{}", kind.code()),
            Segment::Source(kind) => format!("source:{}", kind.code()),
        }
    }
}

/// What a counted member counts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub country: CountryCode,
    pub category: Option<WorkforceCategory>,
    pub sectors: Vec<Sector>,
    pub organization_type: Option<OrganizationType>,
    /// Where they came from; `None` when they joined before sources were recorded.
    pub source: Option<SourceKind>,
}

impl Standing {
    pub fn segments(&self) -> Vec<Segment> {
        let mut segments = vec![Segment::Everyone];
        segments.extend(self.category.map(Segment::Category));
        let sectors: BTreeSet<Sector> = self.sectors.iter().copied().collect();
        segments.extend(sectors.into_iter().map(Segment::Sector));
        segments.extend(self.organization_type.map(Segment::OrganizationType));
        segments.extend(self.source.map(Segment::Source));
        segments
    }

    /// Every (area, segment) key this standing counts in.
    pub fn keys(&self) -> BTreeSet<(String, String)> {
        let segments: Vec<String> = self.segments().into_iter().map(Segment::key).collect();
        area_keys(self.country)
            .iter()
            .flat_map(|area| {
                segments
                    .iter()
                    .map(move |segment| (area.clone(), segment.clone()))
            })
            .collect()
    }

    /// Sectors as stored in the event log: codes, sorted, comma-separated.
    pub fn sectors_text(&self) -> Option<String> {
        let codes: BTreeSet<&str> = self.sectors.iter().map(|sector| sector.code()).collect();
        (!codes.is_empty()).then(|| codes.into_iter().collect::<Vec<_>>().join(","))
    }

    /// Reads [`Standing::sectors_text`] back (unknown codes dropped).
    pub fn parse_sectors(text: Option<&str>) -> Vec<Sector> {
        text.unwrap_or_default()
            .split(',')
            .filter_map(|code| Sector::parse(code.trim()))
            .collect()
    }
}

/// A change in who counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Joined(Standing),
    Left(Standing),
    /// A counted member moved country or changed what they count as.
    Changed {
        from: Standing,
        to: Standing,
    },
}

impl Change {
    /// The change between two snapshots of a member; `None` when nothing counted changed.
    pub fn between(before: Option<&Standing>, after: Option<&Standing>) -> Option<Change> {
        match (before, after) {
            (None, None) => None,
            (None, Some(to)) => Some(Change::Joined(to.clone())),
            (Some(from), None) => Some(Change::Left(from.clone())),
            (Some(from), Some(to)) => (from.keys() != to.keys()).then(|| Change::Changed {
                from: from.clone(),
                to: to.clone(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statistics::WORLD;

    fn standing(source: Option<SourceKind>) -> Standing {
        Standing {
            country: CountryCode::parse("KE").unwrap(),
            category: None,
            sectors: vec![],
            organization_type: None,
            source,
        }
    }

    #[test]
    fn a_member_counts_in_the_segment_of_where_they_came_from() {
        let from_the_week = standing(Some(SourceKind::Week));
        assert_eq!(
            from_the_week.segments(),
            [Segment::Everyone, Segment::Source(SourceKind::Week)]
        );
        assert!(
            from_the_week
                .keys()
                .contains(&(WORLD.to_owned(), "source:week".to_owned()))
        );
        // Joined before sources were recorded: in no source segment.
        assert_eq!(standing(None).segments(), [Segment::Everyone]);
    }
}
