//! Calendar periods: which month, quarter or year a snapshot date falls in, with labels.

use serde::Serialize;

use crate::data::dates::{civil_from_days, days_from_civil, days_in_month, format_date};

/// How snapshot dates are grouped into periods (default: calendar quarters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// Calendar months, labelled `2025-01`.
    Month,
    /// Calendar quarters (Jan–Mar, Apr–Jun, …), labelled `2025-Q1`.
    #[default]
    Quarter,
    /// Calendar years, labelled `2025`.
    Year,
}

impl PeriodKind {
    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    /// Months per period.
    fn months(self) -> i32 {
        match self {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        }
    }

    /// The period a day number falls in, as a number that rises by one per period
    /// (months, quarters or years since year 0).
    pub fn key(self, day: i32) -> i32 {
        let (year, month, _) = civil_from_days(day);
        (year * 12 + month as i32 - 1).div_euclid(self.months())
    }

    /// The period with key `key`: label, first and last day.
    pub fn period(self, key: i32) -> Period {
        let first_month = key * self.months();
        let (year, month) = (first_month.div_euclid(12), first_month.rem_euclid(12) as u32 + 1);
        let last_month = first_month + self.months() - 1;
        let (last_year, last_month) = (last_month.div_euclid(12), last_month.rem_euclid(12) as u32 + 1);
        let start = days_from_civil(year, month, 1);
        let end = days_from_civil(last_year, last_month, days_in_month(last_year, last_month));
        let label = match self {
            PeriodKind::Month => format!("{year:04}-{month:02}"),
            PeriodKind::Quarter => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
            PeriodKind::Year => format!("{year:04}"),
        };
        Period {
            key,
            label,
            start,
            end,
        }
    }
}

/// One calendar period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// See [`PeriodKind::key`].
    pub key: i32,
    /// `2025-01`, `2025-Q1` or `2025`.
    pub label: String,
    /// First day (days since 1970-01-01).
    pub start: i32,
    /// Last day, inclusive.
    pub end: i32,
}

impl Period {
    /// First day as an ISO date.
    pub fn start_date(&self) -> String {
        format_date(self.start)
    }

    /// Last day as an ISO date.
    pub fn end_date(&self) -> String {
        format_date(self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i32 {
        crate::data::dates::parse_iso_date(text).unwrap()
    }

    #[test]
    fn quarters_run_january_to_march_and_so_on() {
        let q = PeriodKind::Quarter;
        assert_eq!(q.key(day("2025-01-01")), q.key(day("2025-03-31")));
        assert_eq!(q.key(day("2025-04-01")), q.key(day("2025-03-31")) + 1);
        assert_eq!(q.key(day("2026-01-01")), q.key(day("2025-10-01")) + 1);
        let period = q.period(q.key(day("2025-05-17")));
        assert_eq!(period.label, "2025-Q2");
        assert_eq!(
            (period.start_date(), period.end_date()),
            ("2025-04-01".into(), "2025-06-30".into())
        );
    }

    #[test]
    fn months_and_years_have_their_labels() {
        let m = PeriodKind::Month.period(PeriodKind::Month.key(day("2024-02-10")));
        assert_eq!(
            (m.label.as_str(), m.end_date()),
            ("2024-02", "2024-02-29".to_string())
        );
        let y = PeriodKind::Year.period(PeriodKind::Year.key(day("2023-12-31")));
        assert_eq!(
            (y.label.as_str(), y.start_date()),
            ("2023", "2023-01-01".to_string())
        );
    }

    #[test]
    fn keys_and_periods_round_trip_before_the_epoch_too() {
        for kind in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
            for d in (-4000..4000).step_by(37) {
                let period = kind.period(kind.key(d));
                assert!(period.start <= d && d <= period.end, "{kind:?} {d}");
                assert_eq!(kind.key(period.start), period.key);
            }
        }
    }
}
