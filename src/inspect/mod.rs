//! Profiling a raw history before any scorecard exists: every column's type, distribution
//! and signal against the outcome, with flags for possible leaks, near-duplicates,
//! constants and identifiers, strongest signal first.
//!
//! Statistics come from [`crate::metrics`]; loading is [`crate::data::load_table`]; printing
//! is the CLI's job.

mod distribution;
mod duplicates;
mod flags;
mod profile;
mod signal;

use rayon::prelude::*;
use serde::Serialize;

pub use distribution::{Counts, DateSummary, LevelRow, NumberSummary, TOP_VALUES};
pub use duplicates::{CorrelatedPair, DuplicateGroup, DUPLICATE_SPEARMAN};
pub use flags::{Flag, FlagKind, MAX_CATEGORY_LEVELS};
pub use profile::{ColumnProfile, ColumnType, Role};
pub use signal::{strength_of, Signal, COHORTS};

use profile::{profile, role_of};

use crate::data::{ColumnRoles, ColumnValues, Table, TableColumn};
use crate::judgement::LEAK_AUC;

/// Settings of a profile; the defaults are the CLI's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InspectOptions {
    /// Confidence level of the AUC intervals (default 0.95).
    pub confidence: f64,
    /// |Spearman| at which two columns count as near-duplicates (default 0.9).
    pub duplicate_spearman: f64,
}

impl Default for InspectOptions {
    fn default() -> Self {
        InspectOptions {
            confidence: 0.95,
            duplicate_spearman: DUPLICATE_SPEARMAN,
        }
    }
}

/// The whole profile (the `--json` document of `healthscore inspect`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectReport {
    pub source: String,
    pub rows: usize,
    pub churned: usize,
    pub churn_rate: f64,
    /// Name of the outcome column.
    pub outcome: String,
    pub confidence: f64,
    pub leak_auc: f64,
    pub duplicate_spearman: f64,
    /// Strongest signal first; columns without one (the outcome, constants) last, in file
    /// order.
    pub columns: Vec<ColumnProfile>,
    pub duplicate_groups: Vec<DuplicateGroup>,
    pub warnings: Vec<String>,
}

impl InspectReport {
    /// The profile of a column by name.
    pub fn column(&self, name: &str) -> Option<&ColumnProfile> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Steps of work [`inspect`] reports through its `tick`: one per column, one per pair of
/// numeric columns compared (all but the outcome and the id).
pub fn work_steps(table: &Table, roles: &ColumnRoles) -> u64 {
    let numeric = comparable(table, roles).count() as u64;
    table.columns.len() as u64 + numeric * numeric.saturating_sub(1) / 2
}

/// Profiles every column of `table`. `tick` is called once per step of
/// [`work_steps`], from any thread.
pub fn inspect(
    table: &Table,
    roles: &ColumnRoles,
    options: &InspectOptions,
    tick: &(dyn Fn() + Sync),
) -> InspectReport {
    let mut columns: Vec<ColumnProfile> = table
        .columns
        .par_iter()
        .map(|column| {
            let profile = profile(column, role_of(&column.name, roles), &table.churned, options);
            tick();
            profile
        })
        .collect();
    columns.sort_by(|a, b| {
        let key = |c: &ColumnProfile| c.signal.strength.unwrap_or(-1.0);
        key(b).total_cmp(&key(a))
    });
    let order: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    let candidates: Vec<(&str, &[Option<f64>])> = comparable(table, roles)
        .filter_map(|c| match &c.values {
            ColumnValues::Numeric(values) => Some((c.name.as_str(), &values[..])),
            _ => None,
        })
        .collect();
    let pairs = duplicates::correlated_pairs(&candidates, options.duplicate_spearman, tick);
    let duplicate_groups = duplicates::group_pairs(&pairs, &order);
    flag_duplicates(&mut columns, &duplicate_groups);
    let churned = table.churned.iter().filter(|&&c| c).count();
    InspectReport {
        source: table.source.display().to_string(),
        rows: table.len(),
        churned,
        churn_rate: churned as f64 / table.len().max(1) as f64,
        outcome: table.outcome.clone(),
        confidence: options.confidence,
        leak_auc: LEAK_AUC,
        duplicate_spearman: options.duplicate_spearman,
        warnings: warnings(table, churned),
        columns,
        duplicate_groups,
    }
}

/// Numeric columns other than the outcome and the id: the ones compared pairwise.
fn comparable<'a>(table: &'a Table, roles: &'a ColumnRoles) -> impl Iterator<Item = &'a TableColumn> {
    table.columns.iter().filter(|c| {
        !matches!(
            role_of(&c.name, roles),
            Some(Role::Outcome | Role::Id | Role::Expansion)
        ) && matches!(c.values, ColumnValues::Numeric(_))
    })
}

/// Adds the near-duplicate flag to every member of a group, naming its partners.
fn flag_duplicates(columns: &mut [ColumnProfile], groups: &[DuplicateGroup]) {
    for group in groups {
        for (position, name) in group.columns.iter().enumerate() {
            let partners: Vec<String> = group
                .pairs
                .iter()
                .filter_map(|p| match (&p.a == name, &p.b == name) {
                    (true, _) => Some(format!("{} ({:.2})", p.b, p.spearman)),
                    (_, true) => Some(format!("{} ({:.2})", p.a, p.spearman)),
                    _ => None,
                })
                .collect();
            let standing = if position == 0 {
                "the strongest of its group"
            } else {
                "weaker than"
            };
            let reason = if position == 0 {
                format!("moves with {} (Spearman); {standing}", partners.join(", "))
            } else {
                format!(
                    "moves with {} (Spearman); {standing} {}",
                    partners.join(", "),
                    group.columns[0]
                )
            };
            if let Some(column) = columns.iter_mut().find(|c| &c.name == name) {
                column.flags.push(Flag {
                    kind: FlagKind::NearDuplicate,
                    reason,
                });
            }
        }
    }
}

fn warnings(table: &Table, churned: usize) -> Vec<String> {
    let mut warnings: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.non_finite > 0)
        .map(|c| {
            format!(
                "column '{}': {} NaN or infinite values counted as missing",
                c.name, c.non_finite
            )
        })
        .collect();
    if churned == 0 || churned == table.len() {
        warnings.push(format!(
            "the outcome '{}' has {churned} churned of {} rows: no column can be measured against it",
            table.outcome,
            table.len()
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::TextColumn;

    fn numeric(name: &str, values: Vec<Option<f64>>) -> TableColumn {
        TableColumn {
            name: name.into(),
            values: ColumnValues::Numeric(values),
            non_finite: 0,
        }
    }

    fn table() -> Table {
        let n: u32 = 60;
        let churned: Vec<bool> = (0..n).map(|i| i % 3 == 0).collect();
        let signal: Vec<Option<f64>> = (0..n)
            .map(|i| Some(f64::from(i % 7) + if i % 3 == 0 { 0.0 } else { 3.0 }))
            .collect();
        let copy: Vec<Option<f64>> = signal.iter().map(|v| v.map(|x| 2.0 * x + 1.0)).collect();
        let noise: Vec<Option<f64>> = (0..n).map(|i| Some(f64::from((i * 13) % 17))).collect();
        Table {
            source: "t.csv".into(),
            outcome: "churned".into(),
            columns: vec![
                TableColumn {
                    name: "account_id".into(),
                    values: ColumnValues::Text(TextColumn {
                        levels: (0..n).map(|i| format!("A{i}")).collect(),
                        codes: (0..n).map(Some).collect(),
                    }),
                    non_finite: 0,
                },
                numeric("noise", noise),
                numeric("constant", vec![Some(1.0); n as usize]),
                numeric("copy", copy),
                numeric("usage", signal),
                numeric(
                    "churned",
                    churned.iter().map(|&c| Some(f64::from(u8::from(c)))).collect(),
                ),
            ],
            churned,
        }
    }

    #[test]
    fn the_expansion_outcome_is_named_not_flagged_as_a_leak() {
        let table = table();
        let plain = inspect(
            &table,
            &ColumnRoles::default(),
            &InspectOptions::default(),
            &|| {},
        );
        assert!(plain.column("copy").unwrap().signal.auc.is_some());
        assert_eq!(plain.duplicate_groups.len(), 1);
        let roles = ColumnRoles {
            expansion: Some("copy".into()),
            ..ColumnRoles::default()
        };
        let report = inspect(&table, &roles, &InspectOptions::default(), &|| {});
        let copy = report.column("copy").unwrap();
        assert_eq!(copy.role, Some(Role::Expansion));
        assert!(copy.flags.is_empty(), "{:?}", copy.flags);
        assert_eq!(copy.signal.auc, None, "an outcome is not measured against churn");
        assert!(
            report.duplicate_groups.is_empty(),
            "not compared with the measures"
        );
        assert!(
            report.columns.iter().rev().take(2).any(|c| c.name == "copy"),
            "no signal: listed last"
        );
    }

    #[test]
    fn strongest_first_with_roles_and_flags() {
        let table = table();
        let report = inspect(
            &table,
            &ColumnRoles::default(),
            &InspectOptions::default(),
            &|| {},
        );
        let order: Vec<&str> = report.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(&order[..3], ["copy", "usage", "noise"], "ties keep file order");
        assert_eq!(report.column("churned").unwrap().role, Some(Role::Outcome));
        assert!(report.column("churned").unwrap().flags.is_empty());
        assert!(report
            .column("account_id")
            .unwrap()
            .flag(FlagKind::IdLike)
            .is_some());
        assert!(report
            .column("constant")
            .unwrap()
            .flag(FlagKind::Constant)
            .is_some());
        assert_eq!(report.duplicate_groups.len(), 1);
        assert_eq!(report.duplicate_groups[0].columns, ["copy", "usage"]);
        let usage = report.column("usage").unwrap();
        assert!(usage
            .flag(FlagKind::NearDuplicate)
            .unwrap()
            .reason
            .ends_with("weaker than copy"));
        assert_eq!(
            usage.signal.direction,
            Some(crate::scorecard::Direction::HigherIsBetter)
        );
    }

    #[test]
    fn ticks_once_per_column_and_pair() {
        let table = table();
        let ticks = std::sync::atomic::AtomicU64::new(0);
        let tick = || {
            ticks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        };
        inspect(&table, &ColumnRoles::default(), &InspectOptions::default(), &tick);
        // 6 columns + 4 numeric non-outcome columns → 6 pairs
        assert_eq!(work_steps(&table, &ColumnRoles::default()), 12);
        assert_eq!(ticks.into_inner(), 12);
    }
}
