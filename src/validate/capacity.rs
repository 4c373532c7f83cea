//! The review capacities asked for: the shares of accounts, lowest scores first, that a
//! review team can look at (`metrics::capacity` computes what each catches).

use super::ValidateError;

/// The review capacities (shares of accounts) `validate` and `report` use by default.
pub const DEFAULT_CAPACITY: [f64; 3] = [0.05, 0.1, 0.2];

/// The review capacities as given on the command line ("0.05", "0.1", …): each a number
/// strictly between 0 and 1, none repeated.
///
/// Errors: [`ValidateError::BadOption`] naming the first value that is not a number, not
/// in (0, 1), or given twice.
pub fn review_shares(given: &[String]) -> Result<Vec<f64>, ValidateError> {
    let mut shares: Vec<f64> = Vec::with_capacity(given.len());
    for text in given {
        let bad = || ValidateError::BadOption {
            option: "the review capacities",
            value: format!("'{}'", text.escape_debug()),
            allowed: "shares of accounts strictly between 0 and 1, each given once (e.g. 0.05,0.1,0.2)",
        };
        let share: f64 = text.trim().parse().map_err(|_| bad())?;
        if !(share > 0.0 && share < 1.0) || shares.contains(&share) {
            return Err(bad());
        }
        shares.push(share);
    }
    Ok(shares)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_shares_refuse_bad_repeated_and_out_of_range_values() {
        let given = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        assert_eq!(review_shares(&given("0.05,0.1,0.2")), Ok(vec![0.05, 0.1, 0.2]));
        for bad in ["0", "1", "1.5", "-0.1", "abc", "", "NaN", "0.1,0.10"] {
            assert!(
                matches!(review_shares(&given(bad)), Err(ValidateError::BadOption { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            review_shares(&given("0.1,2")).unwrap_err().to_string(),
            "the review capacities must be shares of accounts strictly between 0 and 1, \
             each given once (e.g. 0.05,0.1,0.2), got '2'"
        );
    }
}
