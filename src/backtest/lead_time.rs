//! Early-warning lead time: how well the score separates snapshots taken some time before a
//! churn from snapshots of accounts that never churn, by how long before the churn.
//!
//! For each lead bucket (0–30, 31–90, 91–180, 181–365, over 365 days), the positives are
//! the snapshots taken that many days before their account's churn date (the first churn
//! date on or after the snapshot), the negatives are every snapshot of the accounts that
//! never churn in the history (no churn date, no churned row), and the AUC is DeLong's.
//! Accounts still active at the end of the history count as negatives even if they churn
//! later; snapshots taken after an account's only churn, and accounts marked churned without
//! a date, are left out. An account's churn date is taken from whichever of its rows holds
//! it (exports often fill it only on the churned row).

use serde::Serialize;

use super::timeline::{Lead, Timeline};
use crate::data::stream::{PeriodRows, SpooledScores};
use crate::metrics::delong_sorted::auc_with_ci_sorted;

/// The lead buckets: label, first and last day (inclusive; `None` = no upper end).
pub const BUCKETS: [(&str, i32, Option<i32>); 5] = [
    ("0–30 days", 0, Some(30)),
    ("31–90 days", 31, Some(90)),
    ("91–180 days", 91, Some(180)),
    ("181–365 days", 181, Some(365)),
    ("over 365 days", 366, None),
];

const NEGATIVE: u8 = BUCKETS.len() as u8;
const EXCLUDED: u8 = NEGATIVE + 1;

/// Lead-time AUC of every candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadTimeReport {
    /// The outcome date column the churn dates came from.
    pub outcome_date: String,
    /// Snapshots of accounts that never churn (the negatives of every bucket).
    pub negatives: usize,
    /// Snapshots taken after their account's last churn date.
    pub after_churn: usize,
    /// Snapshots of accounts marked churned but without any churn date.
    pub churned_without_date: usize,
    pub scorecards: Vec<LeadTimeScorecard>,
}

/// One candidate's AUC per lead bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadTimeScorecard {
    pub name: String,
    pub buckets: Vec<LeadBucket>,
}

/// One lead bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadBucket {
    pub bucket: &'static str,
    pub min_days: i32,
    /// `null` for the open last bucket.
    pub max_days: Option<i32>,
    /// Snapshots of later churners taken this long before the churn.
    pub positives: usize,
    pub negatives: usize,
    /// `null` when either side has fewer accounts than the minimum per class.
    pub auc: Option<f64>,
    pub auc_se: Option<f64>,
    pub auc_ci: Option<[f64; 2]>,
}

/// The bucket of a lead in days.
pub fn bucket_of(days: i32) -> usize {
    BUCKETS
        .iter()
        .position(|&(_, _, max)| max.is_none_or(|max| days <= max))
        .unwrap_or(BUCKETS.len() - 1)
}

/// Collects each candidate's scores, period by period, already split by lead class: one
/// sample of never-churning snapshots (the negatives shared by every bucket) and one per
/// bucket (later churners), each kept in a temporary file until the end, so that what the
/// view holds does not grow with the history. Nothing row-aligned outlives a period.
#[derive(Debug, Default)]
pub struct LeadTimeCollector {
    /// Lead class of each row of the period observed last.
    period_classes: Vec<u8>,
    /// Per candidate, the never-churning snapshots' scores.
    negatives: Vec<SpooledScores>,
    /// Per candidate and bucket, the later churners' scores.
    positives: Vec<Vec<SpooledScores>>,
    after_churn: usize,
    churned_without_date: usize,
}

impl LeadTimeCollector {
    /// A collector for `candidates` scorecards. Errors: the temporary files cannot be made.
    pub fn new(candidates: usize) -> std::io::Result<LeadTimeCollector> {
        Ok(LeadTimeCollector {
            negatives: (0..candidates)
                .map(|_| SpooledScores::new())
                .collect::<std::io::Result<_>>()?,
            positives: (0..candidates)
                .map(|_| BUCKETS.iter().map(|_| SpooledScores::new()).collect())
                .collect::<std::io::Result<_>>()?,
            ..LeadTimeCollector::default()
        })
    }

    /// Starts a period with its rows (file rows, for the timeline); then give each
    /// candidate's scores on them to [`LeadTimeCollector::observe_scores`].
    pub fn observe_rows(&mut self, timeline: &Timeline, rows: &PeriodRows) {
        self.period_classes.clear();
        for (&account, &date) in rows.accounts.iter().zip(&rows.dates) {
            let class = match timeline.lead(account, date) {
                Lead::Churns(days) => bucket_of(days) as u8,
                Lead::NeverChurns => NEGATIVE,
                Lead::Excluded => EXCLUDED,
            };
            if class == EXCLUDED {
                // after its churn when the account has dates, else churned without one
                if timeline.has_churn_date(account) {
                    self.after_churn += 1;
                } else {
                    self.churned_without_date += 1;
                }
            }
            self.period_classes.push(class);
        }
    }

    /// Adds candidate `candidate`'s scores on the rows last observed, in their order.
    /// Errors: the temporary file cannot be written.
    pub fn observe_scores(&mut self, candidate: usize, scores: &[f64]) -> std::io::Result<()> {
        let (negatives, positives) = (&mut self.negatives[candidate], &mut self.positives[candidate]);
        for (&class, &score) in self.period_classes.iter().zip(scores) {
            match class {
                NEGATIVE => negatives.push(score)?,
                EXCLUDED => {}
                bucket => positives[bucket as usize].push(score)?,
            }
        }
        Ok(())
    }

    /// AUC per bucket and candidate; a side with fewer than `min_class` snapshots gets none.
    /// One candidate's never-churning scores, and one bucket's churners, are read back and
    /// held at a time. Errors: a temporary file cannot be read.
    pub fn finish(
        self,
        outcome_date: &str,
        names: &[String],
        confidence: f64,
        min_class: usize,
    ) -> std::io::Result<LeadTimeReport> {
        let negatives = self.negatives.first().map_or(0, SpooledScores::count);
        let mut scorecards = Vec::with_capacity(names.len());
        for (name, (spooled, positives)) in names.iter().zip(self.negatives.into_iter().zip(self.positives)) {
            let mut negatives = spooled.read_all()?;
            radsort::sort(&mut negatives);
            let buckets = positives
                .into_iter()
                .enumerate()
                .map(|(b, spooled)| {
                    let mut bucket = spooled.read_all()?;
                    radsort::sort(&mut bucket);
                    Ok(lead_bucket(b, &negatives, &bucket, confidence, min_class))
                })
                .collect::<std::io::Result<_>>()?;
            scorecards.push(LeadTimeScorecard {
                name: name.clone(),
                buckets,
            });
        }
        Ok(LeadTimeReport {
            outcome_date: outcome_date.to_string(),
            negatives,
            after_churn: self.after_churn,
            churned_without_date: self.churned_without_date,
            scorecards,
        })
    }
}

/// Bucket `bucket`'s AUC of sorted `positives` against sorted `negatives`.
fn lead_bucket(
    bucket: usize,
    negatives: &[f64],
    positives: &[f64],
    confidence: f64,
    min_class: usize,
) -> LeadBucket {
    let (label, min_days, max_days) = BUCKETS[bucket];
    let enough = positives.len() >= min_class.max(2) && negatives.len() >= min_class.max(2);
    let estimate = enough
        .then(|| auc_with_ci_sorted(negatives, positives, confidence).ok())
        .flatten();
    LeadBucket {
        bucket: label,
        min_days,
        max_days,
        positives: positives.len(),
        negatives: negatives.len(),
        auc: estimate.map(|e| e.auc),
        auc_se: estimate.map(|e| e.std_error),
        auc_ci: estimate.map(|e| [e.ci_low, e.ci_high]),
    }
}

/// One warning per bucket too small for an AUC.
pub fn lead_time_warnings(report: &LeadTimeReport, min_class: usize) -> Vec<String> {
    let Some(first) = report.scorecards.first() else {
        return Vec::new();
    };
    first
        .buckets
        .iter()
        .filter(|b| b.auc.is_none())
        .map(|b| {
            format!(
                "lead time {}: {} churning and {} never-churning snapshots; at least {min_class} of each are needed \
                 for an AUC",
                b.bucket, b.positives, b.negatives
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_include_both_ends() {
        let of = |days| BUCKETS[bucket_of(days)].0;
        assert_eq!(
            (of(0), of(30), of(31), of(90), of(91)),
            (
                "0–30 days",
                "0–30 days",
                "31–90 days",
                "31–90 days",
                "91–180 days"
            )
        );
        assert_eq!(
            (of(365), of(366), of(5000)),
            ("181–365 days", "over 365 days", "over 365 days")
        );
    }
}
