//! Reclassification between two banded scores of the same accounts: how many move to a
//! worse or a healthier band, and the net reclassification improvement (NRI).

use super::check::same_length;
use super::MetricError;

/// Accounts (and churned accounts among them) in one cell of the band-by-band table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoveCount {
    pub accounts: usize,
    pub churned: usize,
}

/// The band-by-band table and the categorical NRI of score b against score a.
#[derive(Debug, Clone, PartialEq)]
pub struct ReclassificationTable {
    /// `moves[i][j]`: accounts in band `i` under a and band `j` under b (band 0 the worst).
    pub moves: Vec<Vec<MoveCount>>,
    /// Share of churned accounts b puts in a worse band than a, minus the share it puts in a
    /// healthier one; `None` when no account churned.
    pub nri_churned: Option<f64>,
    /// Share of retained accounts b puts in a healthier band, minus the share it puts in a
    /// worse one; `None` when no account was retained.
    pub nri_retained: Option<f64>,
    /// `nri_churned + nri_retained`; `None` when either is.
    pub nri: Option<f64>,
}

/// Cross-tabulates the bands two scores give the same accounts and computes the categorical
/// net reclassification improvement of b over a (Pencina et al. 2008, *Statistics in
/// Medicine* 27:157–172), with bands as risk categories, band 0 the worst (highest risk):
///
/// `NRI_churned = P(worse under b | churned) − P(healthier under b | churned)`,
/// `NRI_retained = P(healthier under b | retained) − P(worse under b | retained)`,
/// `NRI = NRI_churned + NRI_retained`. One pass, O(n + k²).
///
/// Errors: [`MetricError::LengthMismatch`] when the three slices differ in length;
/// [`MetricError::TooFew`] when a band index is not below `bands`.
///
/// ```
/// use healthscore::metrics::reclassification::reclassification;
/// // a churned account moves from band 1 to 0 (worse), a retained one from 0 to 1
/// let table = reclassification(&[1, 0], &[0, 1], &[true, false], 2).unwrap();
/// assert_eq!((table.nri_churned, table.nri_retained, table.nri), (Some(1.0), Some(1.0), Some(2.0)));
/// ```
pub fn reclassification(
    bands_a: &[u8],
    bands_b: &[u8],
    churned: &[bool],
    bands: usize,
) -> Result<ReclassificationTable, MetricError> {
    same_length(bands_a.len(), churned.len())?;
    same_length(bands_b.len(), churned.len())?;
    if let Some(band) = bands_a
        .iter()
        .chain(bands_b)
        .map(|&b| usize::from(b))
        .find(|&b| b >= bands)
    {
        return Err(MetricError::TooFew {
            what: "bands",
            got: bands,
            min: band + 1,
        });
    }
    let mut moves = vec![vec![MoveCount::default(); bands]; bands];
    // [churned, retained] × [worse, healthier]
    let mut moved = [[0usize; 2]; 2];
    for ((&a, &b), &churned) in bands_a.iter().zip(bands_b).zip(churned) {
        let cell = &mut moves[usize::from(a)][usize::from(b)];
        cell.accounts += 1;
        cell.churned += usize::from(churned);
        let class = usize::from(!churned);
        if b < a {
            moved[class][0] += 1;
        } else if b > a {
            moved[class][1] += 1;
        }
    }
    let all_churned = churned.iter().filter(|&&c| c).count();
    let all_retained = churned.len() - all_churned;
    let net = |up: usize, down: usize, of: usize| (of > 0).then(|| (up as f64 - down as f64) / of as f64);
    let nri_churned = net(moved[0][0], moved[0][1], all_churned);
    let nri_retained = net(moved[1][1], moved[1][0], all_retained);
    Ok(ReclassificationTable {
        moves,
        nri_churned,
        nri_retained,
        nri: nri_churned.zip(nri_retained).map(|(c, r)| c + r),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn moves_cover_every_account_and_swapping_negates_the_nri(
            rows in prop::collection::vec((0u8..3, 0u8..3, any::<bool>()), 1..100)
        ) {
            let a: Vec<u8> = rows.iter().map(|r| r.0).collect();
            let b: Vec<u8> = rows.iter().map(|r| r.1).collect();
            let churned: Vec<bool> = rows.iter().map(|r| r.2).collect();
            let forward = reclassification(&a, &b, &churned, 3).unwrap();
            let backward = reclassification(&b, &a, &churned, 3).unwrap();
            let total: usize = forward.moves.iter().flatten().map(|c| c.accounts).sum();
            prop_assert_eq!(total, rows.len());
            for i in 0..3 {
                for j in 0..3 {
                    prop_assert_eq!(forward.moves[i][j], backward.moves[j][i]);
                }
            }
            for (f, b) in [(forward.nri_churned, backward.nri_churned), (forward.nri_retained, backward.nri_retained)] {
                prop_assert_eq!(f.map(|v| -v), b);
                prop_assert!(f.is_none_or(|v| (-1.0..=1.0).contains(&v)));
            }
        }
    }

    #[test]
    fn counts_moves_and_nets_them_by_class() {
        // three bands; churned: 2→0 (worse), 1→1, 0→1 (healthier), 2→1 (worse);
        // retained: 0→2 (healthier), 1→0 (worse), 2→2, 1→2 (healthier)
        let a = [2, 1, 0, 2, 0, 1, 2, 1];
        let b = [0, 1, 1, 1, 2, 0, 2, 2];
        let churned = [true, true, true, true, false, false, false, false];
        let table = reclassification(&a, &b, &churned, 3).unwrap();
        assert_eq!(
            table.moves[2][0],
            MoveCount {
                accounts: 1,
                churned: 1
            }
        );
        assert_eq!(
            table.moves[1][2],
            MoveCount {
                accounts: 1,
                churned: 0
            }
        );
        assert_eq!(
            table.moves[2][2],
            MoveCount {
                accounts: 1,
                churned: 0
            }
        );
        let total: usize = table.moves.iter().flatten().map(|c| c.accounts).sum();
        assert_eq!(total, 8);
        // churned: 2 worse, 1 healthier of 4; retained: 2 healthier, 1 worse of 4
        assert_eq!(table.nri_churned, Some(0.25));
        assert_eq!(table.nri_retained, Some(0.25));
        assert_eq!(table.nri, Some(0.5));
    }

    #[test]
    fn the_same_bands_give_zero_and_one_class_gives_none() {
        let table = reclassification(&[0, 1, 2], &[0, 1, 2], &[true, false, false], 3).unwrap();
        assert_eq!(
            (table.nri_churned, table.nri_retained, table.nri),
            (Some(0.0), Some(0.0), Some(0.0))
        );
        let table = reclassification(&[0, 1], &[1, 1], &[false, false], 2).unwrap();
        assert_eq!(
            (table.nri_churned, table.nri_retained, table.nri),
            (None, Some(0.5), None)
        );
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(matches!(
            reclassification(&[0], &[0, 1], &[true, false], 2),
            Err(MetricError::LengthMismatch { .. })
        ));
        assert!(matches!(
            reclassification(&[0, 2], &[0, 1], &[true, false], 2),
            Err(MetricError::TooFew { .. })
        ));
    }
}
