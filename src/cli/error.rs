//! Errors on their way to the user: mistakes in the command line itself, and every error a
//! command returns, carried with whether the user's input is at fault.

use std::fmt;
use std::path::PathBuf;

use crate::error::Fault;

/// What a command returns: any library error converts into a [`Failure`] with `?`, but only
/// if it says whose fault it is.
pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// An error a command ends with, and whether the user's input is at fault (exit status 2)
/// or the tool or the machine (exit status 1).
///
/// Library errors convert only when they implement [`Fault`], so a new error type cannot
/// reach the user without being classified; errors the command line makes itself with
/// `anyhow` (a file it cannot write, a table it cannot build) are the tool's.
#[derive(Debug)]
pub struct Failure {
    input: bool,
    error: anyhow::Error,
    /// The one-line message when the command line words it (adding flag names), instead
    /// of the error and its causes.
    message: Option<String>,
}

impl Failure {
    /// Whether the user's input (data, scorecards, flags) is at fault.
    pub fn is_input(&self) -> bool {
        self.input
    }

    /// The error and its causes.
    pub fn error(&self) -> &anyhow::Error {
        &self.error
    }

    /// The same failure, shown to the user as `message`.
    pub fn reworded(self, message: String) -> Failure {
        Failure {
            message: Some(message),
            ..self
        }
    }
}

impl<E> From<E> for Failure
where
    E: Fault + std::error::Error + Send + Sync + 'static,
{
    fn from(error: E) -> Failure {
        Failure {
            input: error.is_input(),
            error: anyhow::Error::new(error),
            message: None,
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        Failure {
            input: false,
            error,
            message: None,
        }
    }
}

/// `{}` shows the error, `{:#}` the error and its causes on one line, as `anyhow` does;
/// both show the command line's wording when it has one.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(message) = &self.message {
            write!(f, "{message}")
        } else if f.alternate() {
            write!(f, "{:#}", self.error)
        } else {
            write!(f, "{}", self.error)
        }
    }
}

/// A mistake in the command line itself (as opposed to the files it names).
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("{flag} {} is the input {what}; choose another file so the input is never overwritten", out.display())]
    OutputIsInput {
        flag: &'static str,
        out: PathBuf,
        what: &'static str,
    },
    #[error("--out {}: expected a .csv or .parquet file name", out.display())]
    OutputFormat { out: PathBuf },
    #[error("{flag} must be at least {minimum}, got {value}")]
    TooSmall {
        flag: &'static str,
        minimum: usize,
        value: usize,
    },
    #[error("{flag}: expected an ISO date like 2025-01-01, got '{value}'")]
    BadDate { flag: &'static str, value: String },
    #[error("{flag} {} already exists; pass --force to overwrite it", out.display())]
    OutputExists { flag: &'static str, out: PathBuf },
}

impl Fault for UsageError {
    /// Every mistake in the command line is the user's.
    fn is_input(&self) -> bool {
        match self {
            UsageError::OutputIsInput { .. }
            | UsageError::OutputFormat { .. }
            | UsageError::TooSmall { .. }
            | UsageError::BadDate { .. }
            | UsageError::OutputExists { .. } => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backtest::BacktestError;
    use crate::cli::exit_status;
    use crate::data::DataError;
    use crate::fit::FitError;
    use crate::init::InitError;
    use crate::metrics::MetricError;
    use crate::report::charts::ChartError;
    use crate::report::ReportError;
    use crate::scorecard::{ApplyError, Location, Problem, ScorecardError};

    fn status(error: impl Into<Failure>) -> i32 {
        exit_status(&error.into())
    }

    #[test]
    fn input_errors_of_every_type_exit_two() {
        let data = || DataError::NotFound { path: "h.csv".into() };
        let apply = || ApplyError::ColumnNotLoaded {
            column: "seats".into(),
            needed_by: "measure 'Seats'".into(),
        };
        assert_eq!(status(data()), 2);
        assert_eq!(status(apply()), 2);
        assert_eq!(
            status(ScorecardError::Invalid {
                location: Location {
                    path: "s.toml".into(),
                    line_column: Some((3, 1)),
                },
                problem: Problem::NoSteps {
                    measure: "Seats".into()
                },
            }),
            2
        );
        assert_eq!(
            status(Problem::NoSteps {
                measure: "Seats".into()
            }),
            2
        );
        assert_eq!(status(BacktestError::NoDateColumn), 2);
        assert_eq!(status(BacktestError::Data(data())), 2);
        assert_eq!(status(FitError::Apply(apply())), 2);
        assert_eq!(
            status(FitError::NoUsableMeasures {
                detail: "all constant".into()
            }),
            2
        );
        assert_eq!(status(ReportError::NotAReportFolder { path: "r".into() }), 2);
        assert_eq!(status(ReportError::Data(data())), 2);
        assert_eq!(
            status(InitError::NoMeasures {
                file: "h.csv".into(),
                reasons: "none".into()
            }),
            2
        );
        assert_eq!(
            status(UsageError::OutputFormat {
                out: "scored.txt".into()
            }),
            2
        );
        assert_eq!(status(MetricError::Empty), 2);
    }

    #[test]
    fn failures_of_the_tool_or_the_machine_exit_one() {
        let chart = || ChartError {
            chart: "roc".into(),
            message: "no font".into(),
        };
        assert_eq!(status(chart()), 1);
        assert_eq!(status(ReportError::Chart(chart())), 1);
        assert_eq!(
            status(ReportError::Io {
                path: "r".into(),
                source: std::io::Error::other("disk full"),
            }),
            1
        );
        assert_eq!(
            status(BacktestError::TemporaryFile {
                what: "scores",
                message: "disk full".into()
            }),
            1
        );
        assert_eq!(
            status(FitError::Solver {
                message: "boom".into()
            }),
            1
        );
        assert_eq!(status(MetricError::NotSorted), 1);
        assert_eq!(status(anyhow::anyhow!("cannot write")), 1);
    }

    #[test]
    fn the_message_is_the_error_and_its_causes() {
        let failure = Failure::from(anyhow::anyhow!("disk full").context("out.json: cannot write"));
        assert_eq!(format!("{failure:#}"), "out.json: cannot write: disk full");
        assert_eq!(format!("{failure}"), "out.json: cannot write");
    }
}
