//! Each account's score explained: the points it lost to each measure, the three measures
//! that cost it most in words, and how far it is from the next healthier band.

use rayon::prelude::*;

use super::weights::{group_sums, group_weight, measure_columns, present_group_weight};
use super::{Profile, Scorecard, ScoredAccounts};
use crate::data::{JoinedText, NumericColumn};
use crate::format::push_one_decimal;

/// Measures that lost fewer points than this are left out of the reasons (they would read
/// "−0.0").
pub const SMALLEST_REASON: f64 = 0.05;

/// How many measures the reasons name at most.
pub const REASONS_NAMED: usize = 3;

/// Why every account scored what it did, column by column in history row order.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Points lost per measure name (as [`ScoredAccounts::measure_names`]); missing where
    /// the account has no points for the measure (skipped as missing, or not in its
    /// profile).
    pub lost: Vec<NumericColumn>,
    /// The measures that lost most, largest first, as "Seat utilization −12.4; NPS −5.1"
    /// (at most [`REASONS_NAMED`], each losing at least [`SMALLEST_REASON`]; empty when
    /// none did), one row per account.
    pub reasons: JoinedText,
    /// Points to the next healthier band's cutoff; `None` in the healthiest band.
    pub to_next_band: Vec<Option<f64>>,
}

/// Rows per parallel piece.
const CHUNK: usize = 1 << 14;

/// Explains every scored account.
///
/// A measure's effective weight in an account's score is its share of the weight the
/// account's score is made of: `e_m = (W_g / Σ_g' W_g') · (w_m / Σ_{m' ∈ g} w_m')` over the
/// groups and measures the account has points for (the same normalization as
/// [`apply`](super::apply)). The points it lost are `lost_m = e_m · (100 − p_m)`, so that
/// `score + Σ_m lost_m = 100` (up to float rounding, and to the clamping of a score outside
/// 0–100, which valid points never produce). Measures skipped as missing lose nothing.
/// `to_next_band` is the band's cutoff minus the score (rounded to 1e-9 like scores, and
/// never 0 below a cutoff).
///
/// Pieces of [`CHUNK`] rows are explained in parallel, each writing its reasons into one
/// string, and the pieces are joined without copying ([`JoinedText`]).
pub fn explain(scorecard: &Scorecard, scored: &ScoredAccounts) -> Explanation {
    let rows = scored.scores.len();
    let columns = measure_columns(&scorecard.profiles, &scored.measure_names);
    let mut lost = vec![vec![f64::NAN; rows]; scored.measure_names.len()];
    let mut to_next_band = vec![None; rows];
    let mut pieces: Vec<Vec<&mut [f64]>> = (0..rows.div_ceil(CHUNK)).map(|_| Vec::new()).collect();
    for column in &mut lost {
        for (piece, slice) in pieces.iter_mut().zip(column.chunks_mut(CHUNK)) {
            piece.push(slice);
        }
    }
    let reasons: Vec<JoinedText> = pieces
        .into_par_iter()
        .zip(to_next_band.par_chunks_mut(CHUNK))
        .enumerate()
        .map(|(chunk, (mut lost, to_next_band))| {
            let mut scratch = Scratch::default();
            let mut reasons = JoinedText::default();
            for (offset, to_next_band) in to_next_band.iter_mut().enumerate() {
                let row = chunk * CHUNK + offset;
                let profile = scored.profile(row);
                let account = Account {
                    profile: &scorecard.profiles[profile],
                    columns: &columns[profile],
                    points: &scored.points,
                    row,
                };
                account.lost(&mut scratch);
                for (&(_, column), &points_lost) in scratch.measures.iter().zip(&scratch.lost) {
                    lost[column][offset] = points_lost;
                }
                reasons.push_with(|text| account.write_reasons(&scratch, text));
                *to_next_band = points_to_next_band(scorecard, scored, row);
            }
            reasons.shrink_to_fit();
            reasons
        })
        .collect();
    let mut joined = JoinedText::default();
    for piece in reasons {
        joined.append(piece);
    }
    Explanation {
        lost: lost.into_iter().map(NumericColumn::from_nan_encoded).collect(),
        reasons: joined,
        to_next_band,
    }
}

/// Space reused from row to row.
#[derive(Default)]
struct Scratch {
    sums: Vec<(f64, f64)>,
    /// (index in the profile, points column) of each measure with points in the row.
    measures: Vec<(usize, usize)>,
    /// Points lost by each of `measures`.
    lost: Vec<f64>,
}

/// One account, for explaining.
struct Account<'a> {
    profile: &'a Profile,
    columns: &'a [usize],
    points: &'a [NumericColumn],
    row: usize,
}

impl Account<'_> {
    /// Fills `scratch.measures` and `scratch.lost` with the points each measure lost.
    fn lost(&self, scratch: &mut Scratch) {
        group_sums(
            self.profile,
            self.columns,
            self.points,
            self.row,
            &mut scratch.sums,
        );
        let total_weight = present_group_weight(self.profile, &scratch.sums);
        scratch.measures.clear();
        scratch.lost.clear();
        for (index, (measure, &column)) in self.profile.measures.iter().zip(self.columns).enumerate() {
            let Some(points) = self.points[column].get(self.row) else {
                continue;
            };
            let group = measure.group.unwrap_or(0);
            let share =
                group_weight(self.profile, group) / total_weight * measure.weight / scratch.sums[group].1;
            scratch.measures.push((index, column));
            scratch.lost.push(share * (100.0 - points));
        }
    }

    /// Appends the reasons of the measures in `scratch` (after [`Account::lost`]) to `text`:
    /// the largest losses first, the first listed on a tie.
    fn write_reasons(&self, scratch: &Scratch, text: &mut String) {
        let mut named = [usize::MAX; REASONS_NAMED];
        for slot in 0..REASONS_NAMED {
            let mut best: Option<usize> = None;
            for (i, &points_lost) in scratch.lost.iter().enumerate() {
                let larger = best.is_none_or(|b| points_lost > scratch.lost[b]);
                if points_lost >= SMALLEST_REASON && !named[..slot].contains(&i) && larger {
                    best = Some(i);
                }
            }
            let Some(best) = best else { break };
            named[slot] = best;
            if slot > 0 {
                text.push_str("; ");
            }
            text.push_str(&self.profile.measures[scratch.measures[best].0].name);
            text.push_str(" \u{2212}");
            push_one_decimal(text, scratch.lost[best]);
        }
    }
}

/// The points from `row`'s score up to its band's cutoff; `None` in the healthiest band.
fn points_to_next_band(scorecard: &Scorecard, scored: &ScoredAccounts, row: usize) -> Option<f64> {
    let cutoff = scorecard.bands[scored.band(row)].below?;
    let gap = cutoff - scored.scores[row];
    let rounded = super::round_score(gap);
    Some(if rounded > 0.0 { rounded } else { gap })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::History;
    use crate::scorecard::{apply, parse_scorecard};
    use proptest::prelude::*;

    /// Two groups (3:1); in "Usage", a (weight 3) and b (weight 1); in "Support", c alone,
    /// skipped when missing; bands red < 40 ≤ yellow < 70 ≤ green.
    const CARD: &str = r#"
name = "t"

[[bands]]
name = "red"
below = 40

[[bands]]
name = "yellow"
below = 70

[[bands]]
name = "green"

[[groups]]
name = "Usage"
weight = 3

[[groups]]
name = "Support"
weight = 1

[[measures]]
name = "A"
column = "a"
weight = 3
group = "Usage"
missing = "skip"
[measures.scoring]
method = "linear"
min = 0
max = 100
direction = "higher_is_better"

[[measures]]
name = "B"
column = "b"
weight = 1
group = "Usage"
missing = "skip"
[measures.scoring]
method = "linear"
min = 0
max = 100
direction = "higher_is_better"

[[measures]]
name = "C"
column = "c"
weight = 1
group = "Support"
missing = "skip"
[measures.scoring]
method = "linear"
min = 0
max = 100
direction = "higher_is_better"
"#;

    fn explained(rows: &[[Option<f64>; 3]]) -> (ScoredAccounts, Explanation) {
        let card = parse_scorecard(CARD, std::path::Path::new("t.toml")).unwrap();
        let mut history = History {
            ids: (0..rows.len()).map(|i| format!("A{i}")).collect(),
            churned: vec![false; rows.len()],
            ..History::default()
        };
        for (k, column) in ["a", "b", "c"].iter().enumerate() {
            let values: Vec<Option<f64>> = rows.iter().map(|r| r[k]).collect();
            history.numeric.insert(column.to_string(), values.into());
        }
        let scored = apply(&card, &history).unwrap();
        let explanation = explain(&card, &scored);
        (scored, explanation)
    }

    #[test]
    fn lost_points_follow_the_effective_weights() {
        // A 20, B 60, C 100: Usage = (3·20 + 60)/4 = 30, score = (3·30 + 100)/4 = 47.5;
        // effective weights A 9/16, B 3/16, C 1/4: lost 45, 7.5, 0.
        let (scored, explanation) = explained(&[[Some(20.0), Some(60.0), Some(100.0)]]);
        assert_eq!(scored.scores, vec![47.5]);
        assert_eq!(explanation.lost[0], [Some(45.0)]);
        assert_eq!(explanation.lost[1], [Some(7.5)]);
        assert_eq!(explanation.lost[2], [Some(0.0)]);
        assert_eq!(
            explanation.reasons.iter().collect::<Vec<_>>(),
            ["A \u{2212}45.0; B \u{2212}7.5"]
        );
        assert_eq!(explanation.to_next_band, vec![Some(22.5)]);
    }

    #[test]
    fn a_skipped_measure_loses_nothing_and_the_others_carry_its_weight() {
        // C missing: the Support group drops out, Usage is the whole score:
        // (3·0 + 50)/4 = 12.5, A loses 3/4·100 = 75, B 1/4·50 = 12.5.
        let (scored, explanation) = explained(&[[Some(0.0), Some(50.0), None]]);
        assert_eq!(scored.scores, vec![12.5]);
        assert_eq!(explanation.lost[0], [Some(75.0)]);
        assert_eq!(explanation.lost[1], [Some(12.5)]);
        assert_eq!(explanation.lost[2], [None]);
        assert_eq!(
            explanation.reasons.iter().collect::<Vec<_>>(),
            ["A \u{2212}75.0; B \u{2212}12.5"]
        );
        assert_eq!(explanation.to_next_band, vec![Some(27.5)]);
    }

    #[test]
    fn reasons_name_three_at_most_and_none_for_a_perfect_account() {
        // all lose: A 9/16·90, B 3/16·10, C 1/4·60 → A, C, B
        let (_, explanation) = explained(&[
            [Some(10.0), Some(90.0), Some(40.0)],
            [Some(100.0), Some(100.0), Some(100.0)],
            [Some(100.0), Some(99.9), Some(100.0)],
        ]);
        assert_eq!(
            explanation.reasons.get(0),
            "A \u{2212}50.6; C \u{2212}15.0; B \u{2212}1.9"
        );
        assert_eq!(explanation.reasons.get(1), "");
        // B loses 3/16·0.1 ≈ 0.019 < 0.05: not named
        assert_eq!(explanation.reasons.get(2), "");
        assert_eq!(explanation.to_next_band[1], None);
    }

    proptest! {
        #[test]
        fn score_and_lost_points_add_up_to_a_hundred(
            rows in prop::collection::vec(
                prop::array::uniform3(prop::option::weighted(0.8, -20.0f64..120.0)),
                1..60,
            )
        ) {
            let rows: Vec<[Option<f64>; 3]> = rows
                .into_iter()
                .map(|r| if r.iter().all(Option::is_none) { [Some(50.0), None, None] } else { r })
                .collect();
            let (scored, explanation) = explained(&rows);
            for row in 0..rows.len() {
                let lost: f64 = explanation.lost.iter().filter_map(|c| c.get(row)).sum();
                prop_assert!((scored.scores[row] + lost - 100.0).abs() < 1e-6);
                prop_assert!(explanation.lost.iter().filter_map(|c| c.get(row)).all(|l| l >= 0.0));
                match explanation.to_next_band[row] {
                    Some(gap) => prop_assert!(gap > 0.0 && scored.bands[row] < 2),
                    None => prop_assert_eq!(scored.bands[row], 2),
                }
            }
        }
    }
}
