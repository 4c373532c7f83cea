//! Input validation shared by every metric: lengths, emptiness, finiteness, class balance.

use super::MetricError;

/// Checks that `scores` and `churned` describe the same non-empty set of accounts and that
/// every score is finite.
///
/// Checks run in this order: [`MetricError::LengthMismatch`], [`MetricError::Empty`],
/// [`MetricError::NonFinite`] (reporting the first offending row).
///
/// ```
/// use healthscore::metrics::{check::paired_inputs, MetricError};
/// assert!(paired_inputs(&[1.0, 2.0], &[true, false]).is_ok());
/// assert_eq!(paired_inputs(&[1.0], &[]), Err(MetricError::LengthMismatch { scores: 1, outcomes: 0 }));
/// ```
pub fn paired_inputs(scores: &[f64], churned: &[bool]) -> Result<(), MetricError> {
    same_length(scores.len(), churned.len())?;
    finite(scores)
}

/// Checks that `values` is non-empty and every value is finite.
pub fn finite(values: &[f64]) -> Result<(), MetricError> {
    if values.is_empty() {
        return Err(MetricError::Empty);
    }
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(MetricError::NonFinite {
            index,
            value: values[index],
        }),
        None => Ok(()),
    }
}

/// Checks that two columns have the same number of rows.
pub fn same_length(scores: usize, outcomes: usize) -> Result<(), MetricError> {
    if scores == outcomes {
        Ok(())
    } else {
        Err(MetricError::LengthMismatch { scores, outcomes })
    }
}

/// Numbers of churned and retained accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassCounts {
    /// Accounts with outcome `true`.
    pub churned: usize,
    /// Accounts with outcome `false`.
    pub retained: usize,
}

/// Counts churned and retained accounts.
pub fn class_counts(churned: &[bool]) -> ClassCounts {
    let n_churned = churned.iter().filter(|&&c| c).count();
    ClassCounts {
        churned: n_churned,
        retained: churned.len() - n_churned,
    }
}

/// Counts the classes and fails with [`MetricError::OneClass`] unless both are present.
pub fn both_classes(churned: &[bool]) -> Result<ClassCounts, MetricError> {
    let counts = class_counts(churned);
    if counts.churned == 0 || counts.retained == 0 {
        return Err(MetricError::OneClass {
            churned: counts.churned,
            retained: counts.retained,
        });
    }
    Ok(counts)
}

/// Checks that a confidence level lies strictly between 0 and 1.
pub fn confidence(confidence: f64) -> Result<(), MetricError> {
    if confidence > 0.0 && confidence < 1.0 {
        Ok(())
    } else {
        Err(MetricError::InvalidConfidence { confidence })
    }
}

/// Checks that a count parameter is at least `min`.
pub fn at_least(what: &'static str, got: usize, min: usize) -> Result<(), MetricError> {
    if got >= min {
        Ok(())
    } else {
        Err(MetricError::TooFew { what, got, min })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_mismatch_is_reported_before_emptiness() {
        let err = paired_inputs(&[], &[true]).unwrap_err();
        assert!(matches!(
            err,
            MetricError::LengthMismatch {
                scores: 0,
                outcomes: 1
            }
        ));
    }

    #[test]
    fn empty_input_is_rejected() {
        assert!(matches!(paired_inputs(&[], &[]).unwrap_err(), MetricError::Empty));
    }

    #[test]
    fn first_non_finite_row_is_named() {
        let err = paired_inputs(&[1.0, f64::INFINITY, f64::NAN], &[true, false, true]);
        assert!(matches!(
            err,
            Err(MetricError::NonFinite { index: 1, value }) if value == f64::INFINITY
        ));
    }

    #[test]
    fn one_class_counts_both_groups() {
        let err = both_classes(&[true, true]).unwrap_err();
        assert_eq!(
            err,
            MetricError::OneClass {
                churned: 2,
                retained: 0
            }
        );
    }

    #[test]
    fn confidence_must_be_strictly_inside_unit_interval() {
        for bad in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            assert!(matches!(
                confidence(bad),
                Err(MetricError::InvalidConfidence { .. })
            ));
        }
        assert!(confidence(0.95).is_ok());
    }

    #[test]
    fn too_few_names_the_parameter() {
        let err = at_least("bins", 0, 1).unwrap_err();
        assert_eq!(err.to_string(), "bins must be at least 1, got 0");
    }

    #[test]
    fn error_messages_users_see_are_stable() {
        let err = MetricError::LengthMismatch {
            scores: 3,
            outcomes: 2,
        };
        assert_eq!(
            err.to_string(),
            "3 scores but 2 outcomes: each account needs exactly one of each"
        );
        let err = MetricError::NonFinite {
            index: 4,
            value: f64::NAN,
        };
        assert_eq!(
            err.to_string(),
            "score at row 4 is NaN: scores must be finite numbers"
        );
    }
}
