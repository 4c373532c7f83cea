//! Stratified bootstrap percentile interval for the AUC difference of two scorecards,
//! resampling rows, or whole accounts with all their rows when snapshots are pooled.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::check::{at_least, both_classes, confidence as check_confidence, paired_inputs, same_length};
use super::delong::same_accounts;
use super::quantile::linear_quantile;
use super::ranked::RankedScores;
use super::MetricError;

/// Percentile bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct BootstrapInterval {
    /// Lower percentile, at `(1 − confidence)/2`.
    pub low: f64,
    /// Upper percentile, at `1 − (1 − confidence)/2`.
    pub high: f64,
    /// Number of resamples the interval is based on.
    pub resamples: usize,
}

/// Percentile interval of `AUC(a) − AUC(b)` over stratified bootstrap resamples.
///
/// Each resample draws, with replacement, as many churned accounts from the churned accounts
/// and as many retained from the retained as the data holds (so every resample has both
/// classes), and evaluates both scorecards on the same drawn accounts. The interval is the
/// `(1 ± confidence)/2` quantiles of the differences, interpolated linearly (numpy's
/// default; [`linear_quantile`]).
///
/// Deterministic for a given `seed` whatever the number of threads: resample `i` draws from
/// [`resample_rng`]`(seed, i)`. Runs in parallel with rayon; each resample costs O(n)
/// (accounts are sorted once per scorecard, resamples are multiplicity counts in a reused
/// per-thread buffer, kept in the first scorecard's sorted order).
///
/// Errors: [`MetricError::LengthMismatch`], [`MetricError::Empty`],
/// [`MetricError::NonFinite`], [`MetricError::OneClass`], [`MetricError::InvalidConfidence`],
/// [`MetricError::TooFew`] when `resamples == 0`.
///
/// ```
/// use healthscore::metrics::bootstrap::paired_auc_diff_interval;
/// let churned = [true, false, true, false, false, true];
/// let a = [1.0, 5.0, 2.0, 4.0, 6.0, 3.0];
/// let interval = paired_auc_diff_interval(&a, &a, &churned, 200, 7, 0.95).unwrap();
/// assert_eq!((interval.low, interval.high, interval.resamples), (0.0, 0.0, 200));
/// ```
pub fn paired_auc_diff_interval(
    scores_a: &[f64],
    scores_b: &[f64],
    churned: &[bool],
    resamples: usize,
    seed: u64,
    confidence: f64,
) -> Result<BootstrapInterval, MetricError> {
    same_length(scores_a.len(), churned.len())?;
    same_length(scores_b.len(), churned.len())?;
    paired_inputs(scores_a, churned)?;
    paired_inputs(scores_b, churned)?;
    both_classes(churned)?;
    check_confidence(confidence)?;
    at_least("bootstrap resamples", resamples, 1)?;
    let a = RankedScores::new(scores_a, churned)?;
    let b = RankedScores::new(scores_b, churned)?;
    paired_auc_diff_interval_ranked(&a, &b, resamples, seed, confidence)
}

/// [`paired_auc_diff_interval`] on two rankings of the same accounts (each sorted once,
/// e.g. shared with the DeLong test). Same resamples, same interval.
///
/// Errors: [`MetricError::LengthMismatch`], [`MetricError::DifferentOutcomes`] (see
/// [`paired_test_ranked`](super::delong::paired_test_ranked)), then as
/// [`paired_auc_diff_interval`].
pub fn paired_auc_diff_interval_ranked(
    a: &RankedScores,
    b: &RankedScores,
    resamples: usize,
    seed: u64,
    confidence: f64,
) -> Result<BootstrapInterval, MetricError> {
    same_accounts(a, b)?;
    a.both_classes()?;
    check_confidence(confidence)?;
    at_least("bootstrap resamples", resamples, 1)?;
    let mut diffs = resampled_auc_diffs(a, b, resamples, seed);
    diffs.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    Ok(BootstrapInterval {
        low: linear_quantile(&diffs, tail),
        high: linear_quantile(&diffs, 1.0 - tail),
        resamples: diffs.len(),
    })
}

/// [`paired_auc_diff_interval_ranked`] resampling accounts instead of rows, for a history
/// that pools several snapshots (rows) per account: rows of one account are not
/// independent, so each resample draws accounts with replacement, stratified by whether the
/// account ever churned (as many churned and as many retained accounts as the data holds),
/// and every drawn account brings all its rows. `accounts[row]` numbers each row's account
/// (0..k). The AUC of a resample is over the drawn rows, so its numbers of churned and
/// retained rows vary from resample to resample. With one row per account this draws exactly
/// what the row bootstrap draws (same seed, same interval).
///
/// Errors: as [`paired_auc_diff_interval_ranked`], and [`MetricError::LengthMismatch`] when
/// `accounts` does not number every row.
pub fn paired_auc_diff_interval_by_account(
    a: &RankedScores,
    b: &RankedScores,
    accounts: &[u32],
    resamples: usize,
    seed: u64,
    confidence: f64,
) -> Result<BootstrapInterval, MetricError> {
    same_accounts(a, b)?;
    same_length(accounts.len(), a.len())?;
    a.both_classes()?;
    check_confidence(confidence)?;
    at_least("bootstrap resamples", resamples, 1)?;
    let layout = DrawLayout::new(a, b);
    let clusters = AccountStrata::new(accounts, a.churned(), &layout);
    let mut diffs: Vec<f64> = (0..resamples)
        .into_par_iter()
        .map_init(
            || (vec![0u32; clusters.accounts], vec![0u32; a.len()]),
            |(account_draws, times_drawn), i| {
                account_draws.fill(0);
                let mut rng = resample_rng(seed, i);
                clusters.draw(&mut rng, |account| account_draws[account as usize] += 1);
                let (mut churned_rows, mut retained_rows) = (0u64, 0u64);
                for (slot, times) in times_drawn.iter_mut().enumerate() {
                    *times = account_draws[clusters.account_of_slot[slot] as usize];
                    match slot < layout.churned {
                        true => churned_rows += u64::from(*times),
                        false => retained_rows += u64::from(*times),
                    }
                }
                let twice_u_a = layout.weighted_twice_u(a, &layout.slots_a, times_drawn);
                let twice_u_b = layout.weighted_twice_u(b, &layout.slots_b, times_drawn);
                (twice_u_a - twice_u_b) / (2.0 * churned_rows as f64 * retained_rows as f64)
            },
        )
        .collect();
    diffs.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    Ok(BootstrapInterval {
        low: linear_quantile(&diffs, tail),
        high: linear_quantile(&diffs, 1.0 - tail),
        resamples: diffs.len(),
    })
}

/// Row indices of one account bootstrap resample, as [`paired_auc_diff_interval_by_account`]
/// draws it with `rng = resample_rng(seed, i)`: each drawn account's rows in row order,
/// churned accounts' draws first.
pub fn account_resample_indices<R: Rng + ?Sized>(
    accounts: &[u32],
    churned: &[bool],
    rng: &mut R,
) -> Vec<usize> {
    let strata = AccountStrata::by_account(accounts, churned);
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); strata.accounts];
    for (row, &account) in accounts.iter().enumerate() {
        rows_of[account as usize].push(row);
    }
    let mut indices = Vec::new();
    strata.draw(rng, |account| indices.extend(&rows_of[account as usize]));
    indices
}

/// Accounts of each class (churned: any of its rows churned), in order of first row, and
/// each draw slot's account.
struct AccountStrata {
    accounts: usize,
    churned: Vec<u32>,
    retained: Vec<u32>,
    /// The account of the row at each slot of a [`DrawLayout`].
    account_of_slot: Vec<u32>,
}

impl AccountStrata {
    fn by_account(accounts: &[u32], churned: &[bool]) -> Self {
        let count = accounts.iter().map(|&a| a as usize + 1).max().unwrap_or(0);
        let mut ever_churned = vec![false; count];
        let mut first_row = vec![usize::MAX; count];
        for (row, (&account, &c)) in accounts.iter().zip(churned).enumerate() {
            ever_churned[account as usize] |= c;
            first_row[account as usize] = first_row[account as usize].min(row);
        }
        let mut order: Vec<u32> = (0..count as u32)
            .filter(|&a| first_row[a as usize] != usize::MAX)
            .collect();
        order.sort_unstable_by_key(|&a| first_row[a as usize]);
        let (churned, retained) = order.into_iter().partition(|&a| ever_churned[a as usize]);
        AccountStrata {
            accounts: count,
            churned,
            retained,
            account_of_slot: Vec::new(),
        }
    }

    fn new(accounts: &[u32], churned: &[bool], layout: &DrawLayout) -> Self {
        let mut strata = Self::by_account(accounts, churned);
        let rows = Strata::new(churned);
        strata.account_of_slot = rows
            .churned
            .iter()
            .chain(&rows.retained)
            .map(|&row| accounts[row])
            .collect();
        debug_assert_eq!(rows.churned.len(), layout.churned);
        strata
    }

    /// Calls `take` once per drawn account: churned accounts' draws first, then retained.
    fn draw<R: Rng + ?Sized>(&self, rng: &mut R, mut take: impl FnMut(u32)) {
        for pool in [&self.churned, &self.retained] {
            for _ in 0..pool.len() {
                take(pool[rng.gen_range(0..pool.len())]);
            }
        }
    }
}

/// The random stream for resample `resample` of a bootstrap seeded with `seed`: ChaCha8
/// seeded from `seed`, on stream number `resample` (independent, non-overlapping streams).
pub fn resample_rng(seed: u64, resample: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(resample as u64);
    rng
}

/// Row indices of one stratified bootstrap resample: first as many draws (with replacement)
/// from the churned rows as there are churned rows, then the same for retained rows.
///
/// Draws in the same order as [`paired_auc_diff_interval`], so with
/// `rng = resample_rng(seed, i)` this reproduces its resample `i`.
pub fn stratified_resample_indices<R: Rng + ?Sized>(churned: &[bool], rng: &mut R) -> Vec<usize> {
    let strata = Strata::new(churned);
    let mut indices = Vec::with_capacity(churned.len());
    strata.draw(rng, |i| indices.push(i));
    indices
}

/// Row indices of each class.
struct Strata {
    churned: Vec<usize>,
    retained: Vec<usize>,
}

impl Strata {
    fn new(churned: &[bool]) -> Self {
        let (churned, retained) = (0..churned.len()).partition(|&i| churned[i]);
        Self { churned, retained }
    }

    /// Calls `take` once per drawn row: churned draws first, then retained.
    fn draw<R: Rng + ?Sized>(&self, rng: &mut R, mut take: impl FnMut(usize)) {
        for pool in [&self.churned, &self.retained] {
            for _ in 0..pool.len() {
                take(pool[rng.gen_range(0..pool.len())]);
            }
        }
    }
}

/// `AUC(a) − AUC(b)` for resamples `0..resamples`, in resample order.
fn resampled_auc_diffs(a: &RankedScores, b: &RankedScores, resamples: usize, seed: u64) -> Vec<f64> {
    let layout = DrawLayout::new(a, b);
    let (churned, retained) = (layout.churned, a.len() - layout.churned);
    let pairs = churned as f64 * retained as f64;
    (0..resamples)
        .into_par_iter()
        .map_init(
            || vec![0u32; a.len()],
            |times_drawn, i| {
                times_drawn.fill(0);
                let mut rng = resample_rng(seed, i);
                // the draws of `Strata::draw`, counted by slot instead of by row
                for _ in 0..churned {
                    times_drawn[rng.gen_range(0..churned)] += 1;
                }
                for _ in 0..retained {
                    times_drawn[churned + rng.gen_range(0..retained)] += 1;
                }
                let twice_u_a = layout.weighted_twice_u(a, &layout.slots_a, times_drawn);
                let twice_u_b = layout.weighted_twice_u(b, &layout.slots_b, times_drawn);
                (twice_u_a - twice_u_b) / (2.0 * pairs)
            },
        )
        .collect()
}

/// Where each account sits among the draws: its "slot" is its index in the churned pool,
/// or the number of churned accounts plus its index in the retained pool (pools in row
/// order, as [`Strata`]), so a resample counts its draws by slot with no lookup, and reads
/// the counts back along each ranking's sorted order. A slot below `churned` is a churned
/// account.
struct DrawLayout {
    churned: usize,
    /// The slot of the account at each position of `a`'s sorted order.
    slots_a: Vec<u32>,
    /// The slot of the account at each position of `b`'s sorted order.
    slots_b: Vec<u32>,
}

impl DrawLayout {
    fn new(a: &RankedScores, b: &RankedScores) -> Self {
        assert!(
            a.len() <= u32::MAX as usize,
            "too many accounts for the bootstrap"
        );
        let strata = Strata::new(a.churned());
        let mut slot_of_row = vec![0u32; a.len()];
        for (slot, &row) in strata.churned.iter().chain(&strata.retained).enumerate() {
            slot_of_row[row] = slot as u32;
        }
        let slots = |ranked: &RankedScores| {
            ranked
                .order()
                .iter()
                .map(|&row| slot_of_row[row as usize])
                .collect()
        };
        DrawLayout {
            churned: strata.churned.len(),
            slots_a: slots(a),
            slots_b: slots(b),
        }
    }

    /// Twice the Mann–Whitney U of a resample given as multiplicities by slot:
    /// Σ over tie runs of `retained drawn · (2·churned drawn below + churned drawn in run)`,
    /// `slots` being `ranked`'s sorted order as slots. Exact in f64 (integers below 2^53).
    fn weighted_twice_u(&self, ranked: &RankedScores, slots: &[u32], times_drawn: &[u32]) -> f64 {
        let mut churned_below = 0u64;
        let mut twice_u = 0.0;
        for run in ranked.runs() {
            let (mut run_churned, mut run_retained) = (0u64, 0u64);
            for &slot in &slots[run.start()..run.start() + run.len()] {
                let weight = u64::from(times_drawn[slot as usize]);
                if (slot as usize) < self.churned {
                    run_churned += weight;
                } else {
                    run_retained += weight;
                }
            }
            twice_u += (run_retained * (2 * churned_below + run_churned)) as f64;
            churned_below += run_churned;
        }
        twice_u
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::auc::roc_auc;
    use crate::metrics::tolerance::EXACT;
    use proptest::prelude::*;

    fn example() -> (Vec<f64>, Vec<f64>, Vec<bool>) {
        let churned: Vec<bool> = (0..40).map(|i| i % 3 == 0).collect();
        let a: Vec<f64> = (0..40).map(|i| f64::from((i * 7) % 13 + 3 * (i % 3))).collect();
        let b: Vec<f64> = (0..40).map(|i| f64::from((i * 5) % 11)).collect();
        (a, b, churned)
    }

    #[test]
    fn each_resample_matches_auc_on_the_drawn_accounts() {
        let (a, b, churned) = example();
        let (ranked_a, ranked_b) = (
            RankedScores::new(&a, &churned).unwrap(),
            RankedScores::new(&b, &churned).unwrap(),
        );
        let diffs = resampled_auc_diffs(&ranked_a, &ranked_b, 5, 42);
        for (i, diff) in diffs.iter().enumerate() {
            let rows = stratified_resample_indices(&churned, &mut resample_rng(42, i));
            let pick = |v: &[f64]| rows.iter().map(|&r| v[r]).collect::<Vec<f64>>();
            let outcomes: Vec<bool> = rows.iter().map(|&r| churned[r]).collect();
            let expected = roc_auc(&pick(&a), &outcomes).unwrap() - roc_auc(&pick(&b), &outcomes).unwrap();
            assert!(
                (diff - expected).abs() < EXACT,
                "resample {i}: {diff} vs {expected}"
            );
        }
    }

    #[test]
    fn each_account_resample_matches_auc_on_the_drawn_rows() {
        let (a, b, churned) = example();
        // 40 rows of 14 accounts: rows 3k..3k+2 belong to account k
        let accounts: Vec<u32> = (0..40).map(|row| row / 3).collect();
        let (ranked_a, ranked_b) = (
            RankedScores::new(&a, &churned).unwrap(),
            RankedScores::new(&b, &churned).unwrap(),
        );
        let interval =
            paired_auc_diff_interval_by_account(&ranked_a, &ranked_b, &accounts, 5, 42, 0.95).unwrap();
        let mut expected: Vec<f64> = (0..5)
            .map(|i| {
                let rows = account_resample_indices(&accounts, &churned, &mut resample_rng(42, i));
                let pick = |v: &[f64]| rows.iter().map(|&r| v[r]).collect::<Vec<f64>>();
                let outcomes: Vec<bool> = rows.iter().map(|&r| churned[r]).collect();
                roc_auc(&pick(&a), &outcomes).unwrap() - roc_auc(&pick(&b), &outcomes).unwrap()
            })
            .collect();
        expected.sort_unstable_by(f64::total_cmp);
        assert!((interval.low - linear_quantile(&expected, 0.025)).abs() < EXACT);
        assert!((interval.high - linear_quantile(&expected, 0.975)).abs() < EXACT);
        // the draws keep whole accounts: each account's rows come a whole number of times
        let rows = account_resample_indices(&accounts, &churned, &mut resample_rng(42, 0));
        let mut per_row = [0usize; 40];
        rows.iter().for_each(|&r| per_row[r] += 1);
        assert!(per_row.chunks(3).all(|c| c.iter().all(|&n| n == c[0])));
        assert!(per_row.iter().any(|&n| n != 1), "a resample, not the data");
    }

    #[test]
    fn with_one_row_per_account_the_account_bootstrap_is_the_row_bootstrap() {
        let (a, b, churned) = example();
        let accounts: Vec<u32> = (0..40).collect();
        let (ranked_a, ranked_b) = (
            RankedScores::new(&a, &churned).unwrap(),
            RankedScores::new(&b, &churned).unwrap(),
        );
        let by_row = paired_auc_diff_interval_ranked(&ranked_a, &ranked_b, 50, 9, 0.9).unwrap();
        let by_account =
            paired_auc_diff_interval_by_account(&ranked_a, &ranked_b, &accounts, 50, 9, 0.9).unwrap();
        assert_eq!(by_row, by_account);
    }

    #[test]
    fn resamples_keep_class_counts() {
        let (_, _, churned) = example();
        let rows = stratified_resample_indices(&churned, &mut resample_rng(1, 0));
        assert_eq!(rows.len(), churned.len());
        let drawn_churned = rows.iter().filter(|&&r| churned[r]).count();
        assert_eq!(drawn_churned, churned.iter().filter(|&&c| c).count());
    }

    #[test]
    fn same_seed_same_interval_whatever_the_thread_count() {
        let (a, b, churned) = example();
        let run_with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| paired_auc_diff_interval(&a, &b, &churned, 300, 9, 0.9).unwrap())
        };
        let one = run_with(1);
        assert_eq!(one, run_with(3));
        assert!(one.low < one.high);
        let other_seed = paired_auc_diff_interval(&a, &b, &churned, 300, 10, 0.9).unwrap();
        assert_ne!(one, other_seed);
    }

    #[test]
    fn zero_resamples_is_an_error() {
        let (a, b, churned) = example();
        let err = paired_auc_diff_interval(&a, &b, &churned, 0, 1, 0.95).unwrap_err();
        assert!(matches!(err, MetricError::TooFew { got: 0, min: 1, .. }));
    }

    #[test]
    fn one_class_is_an_error() {
        let err = paired_auc_diff_interval(&[1.0], &[2.0], &[true], 10, 1, 0.95).unwrap_err();
        assert!(matches!(
            err,
            MetricError::OneClass {
                churned: 1,
                retained: 0
            }
        ));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn reports_exactly_the_requested_resamples(resamples in 1usize..300, seed: u64) {
            let (a, b, churned) = example();
            let interval = paired_auc_diff_interval(&a, &b, &churned, resamples, seed, 0.95).unwrap();
            prop_assert_eq!(interval.resamples, resamples);
            let (ranked_a, ranked_b) = (
                RankedScores::new(&a, &churned).unwrap(),
                RankedScores::new(&b, &churned).unwrap(),
            );
            prop_assert_eq!(resampled_auc_diffs(&ranked_a, &ranked_b, resamples, seed).len(), resamples);
            prop_assert!(-1.0 <= interval.low && interval.low <= interval.high && interval.high <= 1.0);
        }
    }
}
