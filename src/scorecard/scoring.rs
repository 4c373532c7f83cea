//! Turning one measure's values into 0–100 points, one scoring method per function.

use super::{Direction, Step, StepRule};
use crate::metrics::value_counts::{ValueCounts, MOST_COUNTED};

/// Linear points: `100 · (value − min) / (max − min)`, clamped to 0..100, reversed
/// (`100 − …`) when lower is better. Requires `min < max` (the validator guarantees it).
pub fn linear_points(value: f64, min: f64, max: f64, direction: Direction) -> f64 {
    let share = ((value - min) / (max - min)).clamp(0.0, 1.0);
    match direction {
        Direction::HigherIsBetter => 100.0 * share,
        Direction::LowerIsBetter => 100.0 * (1.0 - share),
    }
}

/// Step points: the first step whose rule matches (`value <= bound` for `upto`,
/// `value >= bound` for `atleast`) gives its points; `otherwise` when none matches.
pub fn threshold_points(value: f64, steps: &[Step], otherwise: f64) -> f64 {
    steps
        .iter()
        .find(|step| match step.rule {
            StepRule::UpTo => value <= step.bound,
            StepRule::AtLeast => value >= step.bound,
        })
        .map_or(otherwise, |step| step.points)
}

/// Percentile points for every present value: `100 · (r − 1) / (m − 1)` where `r` is the
/// value's average rank (ties share it) among the `m` present values; reversed when lower
/// is better. A single present value, or all equal, gets 50. Missing values stay `None`.
pub fn percentile_points(values: &[Option<f64>], direction: Direction) -> Vec<Option<f64>> {
    counted_percentile_points(values, direction)
        .unwrap_or_else(|| sorted_percentile_points(values, direction))
}

/// [`percentile_points`] by sorting the present values.
fn sorted_percentile_points(values: &[Option<f64>], direction: Direction) -> Vec<Option<f64>> {
    let mut present: Vec<(f64, usize)> = values
        .iter()
        .enumerate()
        .filter_map(|(row, value)| value.map(|v| (v, row)))
        .collect();
    present.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut points = vec![None; values.len()];
    let count = present.len();
    let mut start = 0;
    while start < count {
        let mut end = start + 1;
        while end < count && present[end].0 == present[start].0 {
            end += 1;
        }
        // 0-based average position of the tie run, so the lowest value gets 0.
        let average_position = (start + end - 1) as f64 / 2.0;
        let share = if count > 1 {
            average_position / (count - 1) as f64
        } else {
            0.5
        };
        let value = match direction {
            Direction::HigherIsBetter => 100.0 * share,
            Direction::LowerIsBetter => 100.0 * (1.0 - share),
        };
        for &(_, row) in &present[start..end] {
            points[row] = Some(value);
        }
        start = end;
    }
    points
}

/// [`percentile_points`] by counting the distinct values, when there are at most
/// [`MOST_COUNTED`] (a 0–10 NPS has 11): the tie run of the `k`-th smallest value
/// starts at position `B_k`, the number of smaller values, so its average position is the
/// same `(B_k + B_k + c_k − 1) / 2` as after a sort, without sorting a million values.
fn counted_percentile_points(values: &[Option<f64>], direction: Direction) -> Option<Vec<Option<f64>>> {
    let present = values.iter().flatten().map(|&v| (v, false));
    let counts = ValueCounts::tally(present, MOST_COUNTED)?;
    let count: usize = counts.retained_total();
    let mut below = 0;
    let points_of_value: Vec<f64> = counts
        .retained
        .iter()
        .map(|&held| {
            let average_position = (below + below + held - 1) as f64 / 2.0;
            below += held;
            let share = if count > 1 {
                average_position / (count - 1) as f64
            } else {
                0.5
            };
            match direction {
                Direction::HigherIsBetter => 100.0 * share,
                Direction::LowerIsBetter => 100.0 * (1.0 - share),
            }
        })
        .collect();
    let points = values
        .iter()
        .map(|value| {
            value.map(|v| {
                // every present value was counted, -0.0 as 0.0
                let k = counts
                    .values
                    .binary_search_by(|held| held.total_cmp(&(v + 0.0)))
                    .unwrap_or_default();
                points_of_value[k]
            })
        })
        .collect();
    Some(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upto(bound: f64, points: f64) -> Step {
        Step {
            rule: StepRule::UpTo,
            bound,
            points,
        }
    }

    fn atleast(bound: f64, points: f64) -> Step {
        Step {
            rule: StepRule::AtLeast,
            bound,
            points,
        }
    }

    #[test]
    fn linear_maps_min_to_zero_and_max_to_hundred() {
        let up = Direction::HigherIsBetter;
        assert_eq!(linear_points(0.2, 0.2, 0.9, up), 0.0);
        assert_eq!(linear_points(0.9, 0.2, 0.9, up), 100.0);
        assert!((linear_points(0.55, 0.2, 0.9, up) - 50.0).abs() < 1e-12);
    }

    #[test]
    fn linear_clamps_outside_the_range() {
        let up = Direction::HigherIsBetter;
        assert_eq!(linear_points(-5.0, 0.0, 10.0, up), 0.0);
        assert_eq!(linear_points(15.0, 0.0, 10.0, up), 100.0);
    }

    #[test]
    fn linear_reverses_when_lower_is_better() {
        let down = Direction::LowerIsBetter;
        assert_eq!(linear_points(0.0, 0.0, 10.0, down), 100.0);
        assert_eq!(linear_points(10.0, 0.0, 10.0, down), 0.0);
        assert_eq!(linear_points(2.5, 0.0, 10.0, down), 75.0);
        assert_eq!(linear_points(99.0, 0.0, 10.0, down), 0.0);
    }

    #[test]
    fn thresholds_upto_is_inclusive_at_the_cutoff() {
        let steps = [upto(0.0, 100.0), upto(3.0, 70.0), upto(6.0, 40.0)];
        assert_eq!(threshold_points(0.0, &steps, 0.0), 100.0);
        assert_eq!(threshold_points(0.5, &steps, 0.0), 70.0);
        assert_eq!(threshold_points(3.0, &steps, 0.0), 70.0);
        assert_eq!(threshold_points(3.0001, &steps, 0.0), 40.0);
        assert_eq!(threshold_points(6.0, &steps, 0.0), 40.0);
        assert_eq!(threshold_points(7.0, &steps, 0.0), 0.0);
    }

    #[test]
    fn thresholds_atleast_first_match_wins() {
        let steps = [atleast(0.8, 100.0), atleast(0.5, 60.0)];
        assert_eq!(threshold_points(0.8, &steps, 10.0), 100.0);
        assert_eq!(threshold_points(0.79, &steps, 10.0), 60.0);
        assert_eq!(threshold_points(0.5, &steps, 10.0), 60.0);
        assert_eq!(threshold_points(0.49, &steps, 10.0), 10.0);
    }

    #[test]
    fn percentile_by_counting_equals_percentile_by_sorting() {
        // ties, missing values, -0.0 beside 0.0, both directions
        let values: Vec<Option<f64>> = (0..500)
            .map(|i: i32| match i % 7 {
                0 => None,
                1 => Some(-0.0),
                2 => Some(0.0),
                _ => Some(f64::from((i * 37) % 23) / 2.0),
            })
            .collect();
        for direction in [Direction::HigherIsBetter, Direction::LowerIsBetter] {
            let counted = counted_percentile_points(&values, direction).unwrap();
            assert_eq!(counted, sorted_percentile_points(&values, direction));
        }
        let distinct: Vec<Option<f64>> = (0..5000).map(|i| Some(f64::from(i))).collect();
        assert!(counted_percentile_points(&distinct, Direction::HigherIsBetter).is_none());
    }

    #[test]
    fn percentile_spreads_ranks_over_zero_to_hundred() {
        let values = [Some(10.0), Some(30.0), Some(20.0)];
        let points = percentile_points(&values, Direction::HigherIsBetter);
        assert_eq!(points, vec![Some(0.0), Some(100.0), Some(50.0)]);
    }

    #[test]
    fn percentile_ties_share_their_average_rank() {
        // Sorted: 1, 2, 2, 3 → positions 0, 1.5, 1.5, 3 of 3.
        let values = [Some(2.0), Some(1.0), Some(3.0), Some(2.0)];
        let points = percentile_points(&values, Direction::HigherIsBetter);
        assert_eq!(points, vec![Some(50.0), Some(0.0), Some(100.0), Some(50.0)]);
    }

    #[test]
    fn percentile_reverses_and_keeps_missing() {
        let values = [Some(1.0), None, Some(3.0)];
        let points = percentile_points(&values, Direction::LowerIsBetter);
        assert_eq!(points, vec![Some(100.0), None, Some(0.0)]);
    }

    #[test]
    fn percentile_of_constant_or_single_values_is_fifty() {
        let constant = [Some(4.0), Some(4.0), Some(4.0)];
        let all_fifty = vec![Some(50.0); 3];
        assert_eq!(percentile_points(&constant, Direction::HigherIsBetter), all_fifty);
        assert_eq!(
            percentile_points(&[Some(1.0)], Direction::LowerIsBetter),
            vec![Some(50.0)]
        );
    }
}
