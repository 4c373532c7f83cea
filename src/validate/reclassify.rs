//! Reclassification between two candidates: which band each puts every account in, and
//! whether b moves churners to worse bands and retained accounts to healthier ones.

use serde::Serialize;

use super::Candidate;
use crate::metrics::reclassification::reclassification;

/// How candidate b moves the accounts between bands compared with candidate a.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reclassification {
    /// Every cell of the band-of-a × band-of-b table, a's worst band first, then b's.
    pub moves: Vec<BandMove>,
    /// Share of churned accounts b puts in a worse band than a minus the share it puts in a
    /// healthier one; `None` when no account churned.
    pub nri_churned: Option<f64>,
    /// Share of retained accounts b puts in a healthier band minus the share it puts in a
    /// worse one; `None` when no account was retained.
    pub nri_retained: Option<f64>,
    /// `nri_churned + nri_retained` (the net reclassification improvement).
    pub nri: Option<f64>,
}

/// The accounts a puts in `band_a` and b in `band_b`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandMove {
    pub band_a: String,
    pub band_b: String,
    pub accounts: usize,
    pub churned: usize,
}

/// The reclassification of b against a on the same accounts (bands compared by position,
/// worst first), or why there is none: their numbers of bands differ.
pub fn reclassify(a: &Candidate, b: &Candidate, churned: &[bool]) -> Result<Reclassification, String> {
    let (bands_a, bands_b) = (&a.scorecard.bands, &b.scorecard.bands);
    if bands_a.len() != bands_b.len() {
        return Err(format!(
            "'{}' has {} bands and '{}' has {}: bands can only be compared one for one",
            a.scorecard.name,
            bands_a.len(),
            b.scorecard.name,
            bands_b.len()
        ));
    }
    let table = reclassification(&a.scored.bands, &b.scored.bands, churned, bands_a.len())
        .map_err(|error| error.to_string())?;
    let mut moves = Vec::with_capacity(bands_a.len() * bands_a.len());
    for (row, band_a) in table.moves.iter().zip(bands_a) {
        for (cell, band_b) in row.iter().zip(bands_b) {
            moves.push(BandMove {
                band_a: band_a.name.clone(),
                band_b: band_b.name.clone(),
                accounts: cell.accounts,
                churned: cell.churned,
            });
        }
    }
    Ok(Reclassification {
        moves,
        nri_churned: table.nri_churned,
        nri_retained: table.nri_retained,
        nri: table.nri,
    })
}
