//! Criterion benchmarks of the statistics `validate` computes, at 1,000,000 accounts.
//!
//! Run with `cargo bench --bench metrics` (release build; about two minutes). Each statistic
//! is timed twice: through its slice function, which sorts the scores itself, and on a
//! [`RankedScores`] view sorted once beforehand, as `validate` uses them (one sort per
//! candidate shared by every statistic). The binning `tune` runs per measure and fold is
//! timed last.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use healthscore::metrics::{
    average_precision, bootstrap, correlation, deciles, delong, delong_sorted, ks, value_counts::ValueCounts,
    RankedScores,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

/// Accounts per benchmark.
const ACCOUNTS: usize = 1_000_000;
/// Bootstrap resamples per timed run (each costs O(n) for both scorecards).
const RESAMPLES: usize = 20;

/// Two correlated health scores on 0–100 (two decimals, so with ties, like real scorecards)
/// and churn outcomes that are likelier for low latent health (about 15% churn).
struct Accounts {
    a: Vec<f64>,
    b: Vec<f64>,
    churned: Vec<bool>,
}

fn accounts() -> Accounts {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let mut normal = move || -> f64 { rng.sample(StandardNormal) };
    let mut draws = ChaCha8Rng::seed_from_u64(7);
    let score = |x: f64| ((50.0 + 15.0 * x).clamp(0.0, 100.0) * 100.0).round() / 100.0;
    let (mut a, mut b, mut churned) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ACCOUNTS {
        let health = normal();
        let churn_probability = 1.0 / (1.0 + (1.8 + 1.2 * health).exp());
        churned.push(draws.gen::<f64>() < churn_probability);
        a.push(score(0.8 * health + 0.6 * normal()));
        b.push(score(0.6 * health + 0.8 * normal()));
    }
    Accounts { a, b, churned }
}

fn slice_functions(c: &mut Criterion, data: &Accounts) {
    let mut group = c.benchmark_group("1M accounts, slice API (sorts per call)");
    group.sample_size(10);
    group.bench_function("AUC + DeLong interval", |bench| {
        bench.iter(|| delong::auc_with_ci(black_box(&data.a), &data.churned, 0.95).unwrap())
    });
    group.bench_function("paired DeLong test", |bench| {
        bench.iter(|| delong::paired_test(black_box(&data.a), &data.b, &data.churned).unwrap())
    });
    group.bench_function("KS", |bench| {
        bench.iter(|| ks::ks_statistic(black_box(&data.a), &data.churned).unwrap())
    });
    group.bench_function("average precision", |bench| {
        bench.iter(|| average_precision::average_precision(black_box(&data.a), &data.churned).unwrap())
    });
    group.bench_function("deciles", |bench| {
        bench.iter(|| deciles::score_deciles(black_box(&data.a), &data.churned, 10).unwrap())
    });
    group.finish();
}

fn ranked_view(c: &mut Criterion, data: &Accounts) {
    let ranked_a = RankedScores::new(&data.a, &data.churned).unwrap();
    let ranked_b = RankedScores::new(&data.b, &data.churned).unwrap();
    let mut group = c.benchmark_group("1M accounts, ranked once");
    group.sample_size(10);
    group.bench_function("rank (the one sort)", |bench| {
        bench.iter(|| RankedScores::new(black_box(&data.a), &data.churned).unwrap())
    });
    group.bench_function("AUC + DeLong interval", |bench| {
        bench.iter(|| black_box(&ranked_a).auc_with_ci(0.95).unwrap())
    });
    group.bench_function("paired DeLong test", |bench| {
        bench.iter(|| delong::paired_test_ranked(black_box(&ranked_a), &ranked_b).unwrap())
    });
    group.bench_function("KS", |bench| bench.iter(|| black_box(&ranked_a).ks().unwrap()));
    group.bench_function("average precision", |bench| {
        bench.iter(|| black_box(&ranked_a).average_precision().unwrap())
    });
    group.bench_function("deciles", |bench| {
        bench.iter(|| black_box(&ranked_a).deciles(10).unwrap())
    });
    group.bench_function("Spearman with churn", |bench| {
        bench.iter(|| black_box(&ranked_a).spearman_with_churn())
    });
    group.bench_function("rank 4 segments of 250,000", |bench| {
        let segments: Vec<Vec<usize>> = (0..4)
            .map(|s| (0..ACCOUNTS).filter(|row| row % 4 == s).collect())
            .collect();
        bench.iter(|| {
            segments
                .iter()
                .map(|rows| {
                    let scores = rows.iter().map(|&r| data.a[r]).collect();
                    let churned = rows.iter().map(|&r| data.churned[r]).collect();
                    RankedScores::from_vecs(scores, churned).unwrap()
                })
                .collect::<Vec<_>>()
        })
    });
    group.bench_function(format!("bootstrap, {RESAMPLES} resamples"), |bench| {
        bench.iter(|| {
            bootstrap::paired_auc_diff_interval_ranked(black_box(&ranked_a), &ranked_b, RESAMPLES, 42, 0.95)
                .unwrap()
        })
    });
    group.finish();
}

/// Points split by outcome, each side radix-sorted: (retained, churned).
fn split_and_sort(pairs: impl Iterator<Item = (f64, bool)>) -> (Vec<f64>, Vec<f64>) {
    let (mut retained, mut churned) = (Vec::new(), Vec::new());
    for (points, c) in pairs {
        if c {
            churned.push(points);
        } else {
            retained.push(points);
        }
    }
    radsort::sort(&mut retained);
    radsort::sort(&mut churned);
    (retained, churned)
}

/// The per-measure path of `validate`: split the points by outcome, radix-sort each side,
/// then AUC + DeLong interval and point-biserial correlation from the two sorted samples.
fn class_split(c: &mut Criterion, data: &Accounts) {
    let split = || split_and_sort(data.a.iter().copied().zip(data.churned.iter().copied()));
    let (retained, churned) = split();
    let mut group = c.benchmark_group("1M accounts, split by outcome and sorted");
    group.sample_size(10);
    group.bench_function("split + radix sorts", |bench| bench.iter(split));
    group.bench_function("AUC + DeLong interval (two samples)", |bench| {
        bench.iter(|| delong_sorted::auc_with_ci_sorted(black_box(&retained), &churned, 0.95).unwrap())
    });
    group.bench_function("point-biserial (two samples)", |bench| {
        bench.iter(|| correlation::point_biserial_split(black_box(&retained), &churned).unwrap())
    });
    group.finish();
}

/// The per-measure path of `validate` for points with few distinct values (here whole
/// points, 101 values): count them by outcome, then the same statistics from the counts;
/// beside it the sorting path on the same points.
fn counted(c: &mut Criterion, data: &Accounts) {
    let points: Vec<f64> = data.a.iter().map(|s| s.round()).collect();
    let pairs = || points.iter().copied().zip(data.churned.iter().copied());
    let counts = ValueCounts::tally(pairs(), 4096).unwrap();
    let mut group = c.benchmark_group("1M accounts, 101 distinct points");
    group.sample_size(10);
    group.bench_function("split + radix sorts", |bench| {
        bench.iter(|| split_and_sort(pairs()))
    });
    group.bench_function("count by outcome", |bench| {
        bench.iter(|| ValueCounts::tally(black_box(pairs()), 4096).unwrap())
    });
    group.bench_function("AUC + DeLong interval (counted)", |bench| {
        bench.iter(|| delong_sorted::auc_with_ci_counted(black_box(&counts), 0.95).unwrap())
    });
    group.bench_function("point-biserial (counted)", |bench| {
        bench.iter(|| correlation::point_biserial_counted(black_box(&counts)).unwrap())
    });
    group.finish();
}

/// The measure correlation matrix of `validate`: 9 points columns (one with a tenth
/// missing), 36 pairwise-complete Pearson correlations.
fn correlation_matrix(c: &mut Criterion, data: &Accounts) {
    let columns: Vec<Vec<f64>> = (0..9)
        .map(|m| {
            data.a
                .iter()
                .zip(&data.b)
                .enumerate()
                .map(|(row, (&a, &b))| match m {
                    0 if row % 10 == 3 => f64::NAN,
                    _ => ((a * (m + 1) as f64 + b * (9 - m) as f64) / 10.0).round(),
                })
                .collect()
        })
        .collect();
    let slices: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let mut group = c.benchmark_group("1M accounts, 9 measures");
    group.sample_size(10);
    group.bench_function("pairwise-complete correlation matrix", |bench| {
        bench.iter(|| healthscore::metrics::correlation_matrix::pairwise_pearson_complete(black_box(&slices)))
    });
    group.finish();
}

/// `tune`'s monotone binning of one measure: sort and tally 1M values (two decimals, so
/// about 10,000 distinct ones), then 20 pre-bins merged into at most 6 monotone bins with the
/// largest information value.
fn binning(c: &mut Criterion, data: &Accounts) {
    use healthscore::metrics::binning::{best_binning, tally, BinningLimits};
    let limits = BinningLimits {
        max_bins: 6,
        min_share: 0.05,
    };
    let tallies = tally(&data.a, &data.churned).unwrap();
    let mut group = c.benchmark_group("1M accounts, one measure binned");
    group.sample_size(10);
    group.bench_function("sort + tally by value", |bench| {
        bench.iter(|| tally(black_box(&data.a), black_box(&data.churned)).unwrap())
    });
    group.bench_function("pre-bins + monotone merge + WoE", |bench| {
        bench.iter(|| best_binning(black_box(&tallies), limits, None).unwrap())
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let data = accounts();
    slice_functions(c, &data);
    ranked_view(c, &data);
    class_split(c, &data);
    counted(c, &data);
    correlation_matrix(c, &data);
    binning(c, &data);
}

criterion_group! {
    name = metrics;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(metrics);
