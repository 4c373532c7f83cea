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
    counted_percentile_points(values, values, direction)
        .unwrap_or_else(|| sorted_percentile_points(values, direction))
}

/// [`percentile_points`] of `values` ranked among `population` rather than among
/// themselves: a value gets the points it has in `percentile_points(population)`. This
/// scores some accounts (a segment's) as if all of them had been scored. A value absent
/// from the population is placed between its neighbours there (clamped to 0–100).
pub fn percentile_points_among(
    values: &[Option<f64>],
    population: &[Option<f64>],
    direction: Direction,
) -> Vec<Option<f64>> {
    counted_percentile_points(values, population, direction)
        .unwrap_or_else(|| searched_percentile_points(values, population, direction))
}

/// The points of a value `held` times among `count` present values, `below` of them
/// smaller: its tie run's 0-based average position `below + (held − 1) / 2` (exact in
/// `f64`) over `count − 1`, so the lowest value gets 0; 50 when `count` is 1.
fn rank_points(below: usize, held: usize, count: usize, direction: Direction) -> f64 {
    let average_position = below as f64 + (held as f64 - 1.0) / 2.0;
    let share = if count > 1 {
        (average_position / (count - 1) as f64).clamp(0.0, 1.0)
    } else {
        0.5
    };
    match direction {
        Direction::HigherIsBetter => 100.0 * share,
        Direction::LowerIsBetter => 100.0 * (1.0 - share),
    }
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
        let value = rank_points(start, end - start, count, direction);
        for &(_, row) in &present[start..end] {
            points[row] = Some(value);
        }
        start = end;
    }
    points
}

/// [`percentile_points_among`] by sorting the population and searching it for each value.
fn searched_percentile_points(
    values: &[Option<f64>],
    population: &[Option<f64>],
    direction: Direction,
) -> Vec<Option<f64>> {
    // -0.0 as 0.0, so that the two tie as they do under `==`
    let mut sorted: Vec<f64> = population.iter().flatten().map(|&v| v + 0.0).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    values
        .iter()
        .map(|value| {
            value.map(|v| {
                let below = sorted.partition_point(|&p| p < v);
                let through = sorted.partition_point(|&p| p <= v);
                rank_points(below, through - below, sorted.len(), direction)
            })
        })
        .collect()
}

/// [`percentile_points_among`] by counting the population's distinct values, when there
/// are at most [`MOST_COUNTED`] (a 0–10 NPS has 11): the tie run of the `k`-th smallest
/// value starts at position `B_k`, the number of smaller values, so its average position
/// is the same `B_k + (c_k − 1) / 2` as after a sort, without sorting a million values.
fn counted_percentile_points(
    values: &[Option<f64>],
    population: &[Option<f64>],
    direction: Direction,
) -> Option<Vec<Option<f64>>> {
    let present = population.iter().flatten().map(|&v| (v, false));
    let counts = ValueCounts::tally(present, MOST_COUNTED)?;
    let count: usize = counts.retained_total();
    let mut below_each = Vec::with_capacity(counts.retained.len() + 1);
    let mut below = 0;
    let points_of_value: Vec<f64> = counts
        .retained
        .iter()
        .map(|&held| {
            below_each.push(below);
            let points = rank_points(below, held, count, direction);
            below += held;
            points
        })
        .collect();
    below_each.push(below);
    let points = values
        .iter()
        .map(|value| {
            // every population value was counted, -0.0 as 0.0
            value.map(
                |v| match counts.values.binary_search_by(|held| held.total_cmp(&(v + 0.0))) {
                    Ok(k) => points_of_value[k],
                    Err(k) => rank_points(below_each[k], 0, count, direction),
                },
            )
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
            let counted = counted_percentile_points(&values, &values, direction).unwrap();
            assert_eq!(counted, sorted_percentile_points(&values, direction));
        }
        let distinct: Vec<Option<f64>> = (0..5000).map(|i| Some(f64::from(i))).collect();
        assert!(counted_percentile_points(&distinct, &distinct, Direction::HigherIsBetter).is_none());
    }

    #[test]
    fn percentile_among_a_population_gives_each_member_its_points_there() {
        // few distinct values (counted) and many (searched), with ties, missing and -0.0
        let few: Vec<Option<f64>> = (0..600)
            .map(|i: i32| match i % 9 {
                0 => None,
                1 => Some(-0.0),
                2 => Some(0.0),
                _ => Some(f64::from((i * 37) % 23) / 2.0),
            })
            .collect();
        let many: Vec<Option<f64>> = (0..6000)
            .map(|i: i32| (i % 11 != 0).then(|| f64::from((i * 7919) % 4999) - 100.0))
            .collect();
        for population in [few, many] {
            let rows: Vec<usize> = (0..population.len()).filter(|r| r % 3 == 1).collect();
            let members: Vec<Option<f64>> = rows.iter().map(|&r| population[r]).collect();
            for direction in [Direction::HigherIsBetter, Direction::LowerIsBetter] {
                let whole = percentile_points(&population, direction);
                let expected: Vec<Option<f64>> = rows.iter().map(|&r| whole[r]).collect();
                assert_eq!(
                    percentile_points_among(&members, &population, direction),
                    expected
                );
            }
        }
    }

    #[test]
    fn percentile_among_places_an_outsider_between_its_neighbours() {
        // population 10, 20, 30: positions 0, 1, 2 of 2
        let population = [Some(10.0), Some(20.0), Some(30.0)];
        let values = [Some(15.0), Some(5.0), Some(35.0), None];
        let expected = vec![Some(25.0), Some(0.0), Some(100.0), None];
        let up = Direction::HigherIsBetter;
        assert_eq!(percentile_points_among(&values, &population, up), expected);
        let many: Vec<Option<f64>> = (0..5000).map(|i| Some(f64::from(i) * 10.0)).collect();
        let points = percentile_points_among(&[Some(15.0), Some(-1.0)], &many, up);
        assert_eq!(points, vec![Some(100.0 * (1.5 / 4999.0)), Some(0.0)]);
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
