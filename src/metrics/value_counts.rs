//! A sample's distinct values, counted by outcome.
//!
//! Points often take few distinct values: a thresholds or categories measure has a handful,
//! and a linear one over coarse data (utilization to two decimals, whole-number NPS) a few
//! hundred. Then every statistic of the two class samples — AUC, its DeLong interval, the
//! point-biserial correlation — follows from one counting pass and a sort of the distinct
//! values, instead of sorting a million points
//! ([`auc_with_ci_counted`](super::delong_sorted::auc_with_ci_counted),
//! [`point_biserial_counted`](super::correlation::point_biserial_counted)).

/// Distinct values of a sample, ascending, with how many retained and churned accounts hold
/// each (`-0.0` counts as `0.0`: the two are equal).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValueCounts {
    pub values: Vec<f64>,
    pub retained: Vec<usize>,
    pub churned: Vec<usize>,
}

/// Most distinct values worth counting rather than sorting: the table of 8,192 slots
/// (24 bytes each, 192 KB) stays in cache while a million values are counted.
pub const MOST_COUNTED: usize = 4096;

/// Marks an empty slot of the counting table: a NaN bit pattern, which no counted value has.
const EMPTY: u64 = u64::MAX;

impl ValueCounts {
    /// Counts `(value, churned)` pairs. `None` when more than `max_distinct` values are
    /// distinct (sorting is then the better way) or a value is not finite.
    ///
    /// ```
    /// use healthscore::metrics::value_counts::ValueCounts;
    /// let counts = ValueCounts::tally([(60.0, true), (100.0, false), (60.0, false)], 10).unwrap();
    /// assert_eq!((counts.values, counts.retained, counts.churned), (vec![60.0, 100.0], vec![1, 1], vec![1, 0]));
    /// assert!(ValueCounts::tally([(1.0, true), (2.0, true)], 1).is_none());
    /// ```
    pub fn tally(pairs: impl IntoIterator<Item = (f64, bool)>, max_distinct: usize) -> Option<ValueCounts> {
        // open addressing, at most half full: a probe is usually one step
        let capacity = (2 * max_distinct.max(1)).next_power_of_two();
        let shift = 64 - capacity.trailing_zeros();
        let mut keys = vec![EMPTY; capacity];
        let mut counts = vec![[0usize; 2]; capacity];
        let mut distinct = 0;
        for (value, churned) in pairs {
            if !value.is_finite() {
                return None;
            }
            // + 0.0 turns -0.0 into 0.0 and leaves every other value as it is
            let bits = (value + 0.0).to_bits();
            let mut slot = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
            while keys[slot] != bits {
                if keys[slot] == EMPTY {
                    if distinct == max_distinct {
                        return None;
                    }
                    keys[slot] = bits;
                    distinct += 1;
                    break;
                }
                slot = (slot + 1) & (capacity - 1);
            }
            counts[slot][usize::from(churned)] += 1;
        }
        let mut held: Vec<(f64, [usize; 2])> = keys
            .iter()
            .zip(&counts)
            .filter(|(&key, _)| key != EMPTY)
            .map(|(&key, &count)| (f64::from_bits(key), count))
            .collect();
        held.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        Some(ValueCounts {
            values: held.iter().map(|h| h.0).collect(),
            retained: held.iter().map(|h| h.1[0]).collect(),
            churned: held.iter().map(|h| h.1[1]).collect(),
        })
    }

    /// Number of retained accounts counted.
    pub fn retained_total(&self) -> usize {
        self.retained.iter().sum()
    }

    /// Number of churned accounts counted.
    pub fn churned_total(&self) -> usize {
        self.churned.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_distinct_value_by_class_in_ascending_order() {
        let pairs = [
            (3.0, false),
            (-0.0, true),
            (3.0, true),
            (0.0, false),
            (-2.5, false),
            (3.0, false),
        ];
        let counts = ValueCounts::tally(pairs, 3).unwrap();
        assert_eq!(counts.values, [-2.5, 0.0, 3.0]);
        assert_eq!(counts.retained, [1, 1, 2]);
        assert_eq!(counts.churned, [0, 1, 1]);
        assert_eq!((counts.retained_total(), counts.churned_total()), (4, 2));
        assert!(counts.values[1].is_sign_positive(), "-0.0 is counted as 0.0");
    }

    #[test]
    fn too_many_distinct_values_or_a_non_finite_one_gives_none() {
        assert!(ValueCounts::tally((0..5).map(|i| (i as f64, false)), 4).is_none());
        assert!(ValueCounts::tally((0..4).map(|i| (i as f64, false)), 4).is_some());
        assert!(ValueCounts::tally([(f64::NAN, true)], 4).is_none());
        assert_eq!(ValueCounts::tally([], 4), Some(ValueCounts::default()));
    }
}
