//! The runs of tied scores of a ranking, held in about 8 bytes a run: each run's score, and
//! two bits per sorted position (where a run starts, whether the account churned) from
//! which the runs' positions and class counts are read back in one sequential pass.

use super::ranks::ClassRun;

/// Runs of equal scores over a sorted order, lowest first, with their class counts.
///
/// With continuous scores nearly every account is a run of its own, so a ranking holds
/// about one run per account: a [`ClassRun`] per run would take 24 bytes an account
/// (240 MB at ten million accounts); this keeps the score of each run (8 bytes) and two
/// bit sets over the sorted positions, and [`iter`](TieRuns::iter) gives the same runs
/// in the same order. Positions are below `u32::MAX` (as [`ClassRun`]'s).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TieRuns {
    /// The score shared by each run, lowest first.
    scores: Vec<f64>,
    /// Bit `p` set where a run starts at sorted position `p`.
    starts: Vec<u64>,
    /// Bit `p` set where the account at sorted position `p` churned.
    churned: Vec<u64>,
    /// Sorted positions (accounts).
    positions: usize,
}

impl TieRuns {
    /// Builds the runs from the scores and outcomes in sorted order (`sorted` yields
    /// `(score, churned)` by ascending score, `positions` of them, `runs` distinct); a run
    /// is a stretch of `==` scores, holding the score of its first account.
    pub fn from_sorted(sorted: impl Iterator<Item = (f64, bool)>, positions: usize, runs: usize) -> TieRuns {
        let words = positions.div_ceil(64);
        let mut runs = TieRuns {
            scores: Vec::with_capacity(runs),
            starts: vec![0; words],
            churned: vec![0; words],
            positions,
        };
        for (position, (score, churned)) in sorted.enumerate() {
            if runs.scores.last() != Some(&score) {
                runs.scores.push(score);
                runs.starts[position / 64] |= 1 << (position % 64);
            }
            if churned {
                runs.churned[position / 64] |= 1 << (position % 64);
            }
        }
        runs
    }

    /// Number of runs.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// The runs, lowest score first.
    pub fn iter(&self) -> TieRunIter<'_> {
        TieRunIter {
            runs: self,
            index: 0,
            start: 0,
        }
    }

    /// The first sorted position after `position` where a run starts, or the number of
    /// positions when none does.
    fn next_start(&self, position: usize) -> usize {
        let from = position + 1;
        if from >= self.positions {
            return self.positions;
        }
        let mut word = from / 64;
        let mut bits = self.starts[word] & (u64::MAX << (from % 64));
        while bits == 0 {
            word += 1;
            if word == self.starts.len() {
                return self.positions;
            }
            bits = self.starts[word];
        }
        (word * 64 + bits.trailing_zeros() as usize).min(self.positions)
    }

    /// Churned accounts at sorted positions `start..end`.
    fn churned_between(&self, start: usize, end: usize) -> usize {
        let mut count = 0;
        let mut position = start;
        while position < end {
            let (word, bit) = (position / 64, position % 64);
            let take = (64 - bit).min(end - position);
            let mask = if take == 64 {
                u64::MAX
            } else {
                ((1u64 << take) - 1) << bit
            };
            count += (self.churned[word] & mask).count_ones() as usize;
            position += take;
        }
        count
    }
}

/// Bit `position` of `bits`.
#[inline]
fn bit(bits: &[u64], position: usize) -> bool {
    bits[position / 64] >> (position % 64) & 1 == 1
}

/// The runs of a [`TieRuns`], lowest score first.
#[derive(Debug, Clone)]
pub(crate) struct TieRunIter<'a> {
    runs: &'a TieRuns,
    /// The next run.
    index: usize,
    /// Its first sorted position.
    start: usize,
}

impl Iterator for TieRunIter<'_> {
    type Item = ClassRun;

    #[inline]
    fn next(&mut self) -> Option<ClassRun> {
        let score = *self.runs.scores.get(self.index)?;
        let runs = self.runs;
        let after = self.start + 1;
        // most runs are one account (continuous scores): two bit reads
        let (end, churned) = if after >= runs.positions || bit(&runs.starts, after) {
            (after, usize::from(bit(&runs.churned, self.start)))
        } else {
            let end = runs.next_start(self.start);
            (end, runs.churned_between(self.start, end))
        };
        let run = ClassRun::with_counts(self.start, score, churned, end - self.start - churned);
        self.index += 1;
        self.start = end;
        Some(run)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.runs.len() - self.index;
        (left, Some(left))
    }
}

impl ExactSizeIterator for TieRunIter<'_> {}

impl<'a> IntoIterator for &'a TieRuns {
    type Item = ClassRun;
    type IntoIter = TieRunIter<'a>;

    fn into_iter(self) -> TieRunIter<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The runs as a vector of [`ClassRun`]s, built one account at a time.
    fn runs_one_by_one(sorted: &[(f64, bool)]) -> Vec<ClassRun> {
        // (start, score, churned, retained)
        let mut runs: Vec<(usize, f64, usize, usize)> = Vec::new();
        for (position, &(score, churned)) in sorted.iter().enumerate() {
            match runs.last_mut() {
                Some(run) if run.1 == score => {
                    run.2 += usize::from(churned);
                    run.3 += usize::from(!churned);
                }
                _ => runs.push((position, score, usize::from(churned), usize::from(!churned))),
            }
        }
        runs.into_iter()
            .map(|(start, score, churned, retained)| ClassRun::with_counts(start, score, churned, retained))
            .collect()
    }

    #[test]
    fn hand_made_runs() {
        let sorted = [(1.0, true), (2.0, false), (2.0, true), (2.0, false), (5.0, true)];
        let runs: Vec<(usize, f64, usize, usize)> = TieRuns::from_sorted(sorted.into_iter(), 5, 3)
            .iter()
            .map(|r| (r.start(), r.score, r.churned(), r.retained()))
            .collect();
        assert_eq!(runs, vec![(0, 1.0, 1, 0), (1, 2.0, 1, 2), (4, 5.0, 1, 0)]);
    }

    #[test]
    fn runs_across_words_and_negative_zero() {
        // a run of 130 accounts over three words, after -0.0 and 0.0 tied in one run
        let mut sorted = vec![(-0.0, true), (0.0, false)];
        sorted.extend((0..130).map(|i| (1.0, i % 3 == 0)));
        sorted.push((2.0, false));
        let runs = TieRuns::from_sorted(sorted.iter().copied(), sorted.len(), 3);
        assert_eq!(runs.iter().collect::<Vec<_>>(), runs_one_by_one(&sorted));
        assert_eq!(runs.len(), 3);
        assert_eq!(
            runs.iter().next().map(|r| r.score.to_bits()),
            Some((-0.0f64).to_bits())
        );
    }

    #[test]
    fn no_accounts_no_runs() {
        assert!(TieRuns::from_sorted(std::iter::empty(), 0, 0)
            .iter()
            .next()
            .is_none());
    }

    proptest! {
        #[test]
        fn same_runs_as_one_by_one(
            rows in prop::collection::vec((-5i32..5, any::<bool>()), 0..300)
        ) {
            let mut sorted: Vec<(f64, bool)> = rows.into_iter().map(|(s, c)| (f64::from(s), c)).collect();
            sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
            let distinct = runs_one_by_one(&sorted).len();
            let runs = TieRuns::from_sorted(sorted.iter().copied(), sorted.len(), distinct);
            prop_assert_eq!(runs.iter().len(), runs_one_by_one(&sorted).len());
            prop_assert_eq!(runs.iter().collect::<Vec<_>>(), runs_one_by_one(&sorted));
        }
    }
}
