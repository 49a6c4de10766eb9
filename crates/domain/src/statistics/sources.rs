//! Where members came from over a period: the joins of each [`SourceKind`] (read
//! from the rollup's source segments) beside everyone's joins, and the joins of
//! members whose source is unknown (they joined before sources were recorded) as
//! the difference.

use super::growth::permille_text;
use crate::join_source::SourceKind;

/// One row of the table of joins by source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceJoins {
    /// `None`: joined before sources were recorded.
    pub source: Option<SourceKind>,
    pub joined: i64,
    /// Share of everyone's joins, in tenths of a percent (rounded to the nearest);
    /// `None` when nobody joined.
    pub share_permille: Option<i64>,
}

impl SourceJoins {
    /// The share as text, like `12.5`.
    pub fn share_text(&self) -> Option<String> {
        self.share_permille.map(permille_text)
    }
}

/// Every kind in [`SourceKind::ALL`]'s order with its joins, then those without a
/// source when there are any. `everyone` is the joins of every member, `by_kind`
/// each kind's (a kind missing is zero).
pub fn joins_by_source(everyone: i64, by_kind: &[(SourceKind, i64)]) -> Vec<SourceJoins> {
    let share = |joined: i64| (everyone > 0).then(|| (joined * 2000 + everyone) / (2 * everyone));
    let mut rows: Vec<SourceJoins> = SourceKind::ALL
        .iter()
        .map(|kind| {
            let joined = by_kind
                .iter()
                .filter(|(found, _)| found == kind)
                .map(|(_, joined)| *joined)
                .sum();
            SourceJoins {
                source: Some(*kind),
                joined,
                share_permille: share(joined),
            }
        })
        .collect();
    let unknown = everyone - rows.iter().map(|row| row.joined).sum::<i64>();
    if unknown > 0 {
        rows.push(SourceJoins {
            source: None,
            joined: unknown,
            share_permille: share(unknown),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_without_a_source_are_the_rest_of_everyone() {
        let rows = joins_by_source(
            10,
            &[
                (SourceKind::Direct, 5),
                (SourceKind::Week, 2),
                (SourceKind::Campaign, 1),
            ],
        );
        let joined: Vec<(Option<SourceKind>, i64)> =
            rows.iter().map(|row| (row.source, row.joined)).collect();
        assert_eq!(
            joined,
            [
                (Some(SourceKind::Direct), 5),
                (Some(SourceKind::Week), 2),
                (Some(SourceKind::Event), 0),
                (Some(SourceKind::Campaign), 1),
                (None, 2),
            ]
        );
        assert_eq!(rows[0].share_text().as_deref(), Some("50.0"));
        assert_eq!(rows[1].share_permille, Some(200));
    }

    #[test]
    fn when_every_join_has_a_source_there_is_no_unknown_row() {
        let rows = joins_by_source(3, &[(SourceKind::Direct, 2), (SourceKind::Week, 1)]);
        assert_eq!(rows.len(), SourceKind::ALL.len());
        // Two thirds, to the nearest tenth of a percent.
        assert_eq!(rows[0].share_text().as_deref(), Some("66.7"));
        assert_eq!(rows[1].share_text().as_deref(), Some("33.3"));
    }

    #[test]
    fn nobody_joined_has_no_shares() {
        let rows = joins_by_source(0, &[]);
        assert!(rows.iter().all(|row| row.joined == 0));
        assert!(rows.iter().all(|row| row.share_permille.is_none()));
    }
}
