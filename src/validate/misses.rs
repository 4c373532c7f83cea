//! Where the score missed: churned accounts it put in the healthiest band (blindsided),
//! retained accounts it put in the worst (false alarms), and what each measure gave them.

use rayon::prelude::*;
use serde::Serialize;

use crate::data::{History, NumericColumn};
use crate::scorecard::{Scorecard, ScoredAccounts};

/// The score's misses for one candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Misses {
    pub blindsided: Blindsided,
    pub false_alarms: FalseAlarms,
    /// Per measure: mean points among blindsided churners, caught churners and retained
    /// accounts, to see which measures looked healthy on the churners the score missed.
    pub measures: Vec<MissedMeasure>,
}

/// Churned accounts in the healthiest band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blindsided {
    /// The healthiest band's name.
    pub band: String,
    pub accounts: usize,
    /// `accounts / all churned`; `None` when no account churned.
    pub share_of_churned: Option<f64>,
    /// Their total value, when a value column is given.
    pub value: Option<f64>,
}

/// Retained accounts in the worst band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FalseAlarms {
    /// The worst band's name.
    pub band: String,
    pub accounts: usize,
    /// `accounts / all retained`; `None` when every account churned.
    pub share_of_retained: Option<f64>,
}

/// One measure's mean points in the three groups; `None` where the group has no account
/// with points for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedMeasure {
    pub name: String,
    /// Among churned accounts in the healthiest band.
    pub mean_points_blindsided: Option<f64>,
    /// Among churned accounts in the worst band (the churn the score caught).
    pub mean_points_caught: Option<f64>,
    /// Among retained accounts.
    pub mean_points_retained: Option<f64>,
}

/// Which of the three groups an account is in, if any (the discriminant is the slot of its
/// sums in [`mean_points`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Blindsided = 0,
    Caught = 1,
    Retained = 2,
    Other = 3,
}

/// The misses of `scored` (scored by `scorecard`) on `history`'s outcomes and values.
pub fn misses(scorecard: &Scorecard, scored: &ScoredAccounts, history: &History) -> Misses {
    let (worst, healthiest) = (0, scorecard.bands.len().saturating_sub(1));
    let outcome = |row: usize| match (history.churned[row], scored.band(row)) {
        (false, _) => Outcome::Retained,
        (true, band) if band == healthiest => Outcome::Blindsided,
        (true, band) if band == worst => Outcome::Caught,
        (true, _) => Outcome::Other,
    };
    let outcomes: Vec<Outcome> = (0..history.len()).map(outcome).collect();
    let count = |wanted: Outcome| outcomes.iter().filter(|&&o| o == wanted).count();
    let all_churned = history.churned_count();
    let all_retained = history.len() - all_churned;
    let blindsided = count(Outcome::Blindsided);
    let false_alarms = (0..history.len())
        .filter(|&row| !history.churned[row] && scored.band(row) == worst)
        .count();
    let value = history.value.as_deref().map(|values| {
        (0..history.len())
            .filter(|&row| outcomes[row] == Outcome::Blindsided)
            .map(|row| values[row])
            .sum()
    });
    let measures = scored
        .measure_names
        .par_iter()
        .zip(&scored.points)
        .map(|(name, points)| mean_points(name, points, &outcomes))
        .collect();
    Misses {
        blindsided: Blindsided {
            band: scorecard.bands[healthiest].name.clone(),
            accounts: blindsided,
            share_of_churned: share(blindsided, all_churned),
            value,
        },
        false_alarms: FalseAlarms {
            band: scorecard.bands[worst].name.clone(),
            accounts: false_alarms,
            share_of_retained: share(false_alarms, all_retained),
        },
        measures,
    }
}

/// `part / whole`; `None` for an empty whole.
fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A measure's mean points in each group, over the accounts with points for it.
///
/// Branch-free per row (the groups fall in no order a branch predictor could follow): every
/// row adds to its group's slot, `Other` to a fourth that is not read, and a missing value
/// adds 0 to the sum and to the count, so each sum is the same as adding the present points
/// in row order.
fn mean_points(name: &str, points: &NumericColumn, outcomes: &[Outcome]) -> MissedMeasure {
    // (sum, count) for blindsided, caught, retained, other
    let mut sums = [(0.0, 0usize); 4];
    for (&points, &outcome) in points.nan_encoded().iter().zip(outcomes) {
        let present = !points.is_nan();
        let slot = &mut sums[outcome as usize];
        slot.0 += if present { points } else { 0.0 };
        slot.1 += usize::from(present);
    }
    let mean = |(sum, count): (f64, usize)| (count > 0).then(|| sum / count as f64);
    MissedMeasure {
        name: name.to_string(),
        mean_points_blindsided: mean(sums[Outcome::Blindsided as usize]),
        mean_points_caught: mean(sums[Outcome::Caught as usize]),
        mean_points_retained: mean(sums[Outcome::Retained as usize]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::{Band, ScoredAccounts};

    fn bands() -> Vec<Band> {
        ["red", "yellow", "green"]
            .iter()
            .map(|name| Band {
                name: name.to_string(),
                below: None,
                color: "#000".into(),
            })
            .collect()
    }

    #[test]
    fn counts_the_blindsided_and_the_false_alarms_with_mean_points() {
        let mut scorecard = crate::scorecard::parse_scorecard(
            "name = \"t\"\n[[measures]]\nname = \"M\"\ncolumn = \"m\"\nweight = 1\n\
             [measures.scoring]\nmethod = \"linear\"\nmin = 0\nmax = 1\ndirection = \"higher_is_better\"\n",
            std::path::Path::new("t.toml"),
        )
        .unwrap();
        scorecard.bands = bands();
        // rows: green churned ×2 (points 80, 60), red churned (10), yellow churned (50),
        // red retained (20), green retained (missing points)
        let scored = ScoredAccounts {
            scores: vec![0.0; 6],
            bands: vec![2, 2, 0, 1, 0, 2],
            profiles: vec![0; 6],
            measure_names: vec!["M".into()],
            points: vec![[Some(80.0), Some(60.0), Some(10.0), Some(50.0), Some(20.0), None].into()],
        };
        let history = History {
            ids: (0..6).map(|i| i.to_string()).collect(),
            churned: vec![true, true, true, true, false, false],
            value: Some(vec![100.0, 50.0, 1.0, 1.0, 1.0, 1.0]),
            ..History::default()
        };
        let result = misses(&scorecard, &scored, &history);
        assert_eq!(
            result.blindsided,
            Blindsided {
                band: "green".into(),
                accounts: 2,
                share_of_churned: Some(0.5),
                value: Some(150.0)
            }
        );
        assert_eq!(
            result.false_alarms,
            FalseAlarms {
                band: "red".into(),
                accounts: 1,
                share_of_retained: Some(0.5)
            }
        );
        assert_eq!(
            result.measures,
            vec![MissedMeasure {
                name: "M".into(),
                mean_points_blindsided: Some(70.0),
                mean_points_caught: Some(10.0),
                mean_points_retained: Some(20.0),
            }]
        );
    }
}
