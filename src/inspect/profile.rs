//! One column's profile: its type, role, distribution, signal against churn and flags
//! (all but the near-duplicate flag, which needs every column).

use serde::Serialize;

use super::distribution::{self, Counts, DateSummary, LevelRow, NumberSummary, TOP_VALUES};
use super::flags::{self, Flag, FlagKind, MAX_CATEGORY_LEVELS};
use super::signal::{self, Signal};
use super::InspectOptions;
use crate::data::{ColumnRoles, ColumnValues, TableColumn};

/// The type a column's values were read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Numeric,
    Date,
    Text,
}

/// The role a column plays, as named by the column-role flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Id,
    Outcome,
    Date,
    Segment,
    Value,
    Expansion,
}

impl Role {
    /// The role in words, with its flag.
    pub fn label(self) -> &'static str {
        match self {
            Role::Id => "the account id (--id)",
            Role::Outcome => "the outcome (--outcome)",
            Role::Date => "the snapshot date (--date)",
            Role::Segment => "the segment (--segment)",
            Role::Value => "the account value (--value)",
            Role::Expansion => "the expansion outcome (--expansion)",
        }
    }
}

/// Everything about one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnProfile {
    pub name: String,
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    pub role: Option<Role>,
    #[serde(flatten)]
    pub counts: Counts,
    /// NaN or infinite cells, counted as missing.
    pub non_finite: usize,
    /// Numeric columns: min, 5th percentile, quartiles, 95th percentile, max, mean.
    pub numbers: Option<NumberSummary>,
    /// Date columns: first, median and last date.
    pub dates: Option<DateSummary>,
    /// Text columns: the most common values (at most [`TOP_VALUES`]) with their churn rates.
    pub top_values: Vec<LevelRow>,
    pub signal: Signal,
    pub flags: Vec<Flag>,
}

impl ColumnProfile {
    /// The flag of this kind, if raised.
    pub fn flag(&self, kind: FlagKind) -> Option<&Flag> {
        self.flags.iter().find(|f| f.kind == kind)
    }
}

/// The role `roles` give the column `name`, if any.
pub(super) fn role_of(name: &str, roles: &ColumnRoles) -> Option<Role> {
    let is = |role: &Option<String>| role.as_deref() == Some(name);
    if name == roles.outcome {
        Some(Role::Outcome)
    } else if name == roles.id {
        Some(Role::Id)
    } else if is(&roles.date) {
        Some(Role::Date)
    } else if is(&roles.segment) {
        Some(Role::Segment)
    } else if is(&roles.value) {
        Some(Role::Value)
    } else if is(&roles.expansion) {
        Some(Role::Expansion)
    } else {
        None
    }
}

/// One column's profile (its near-duplicate flag comes later, from all pairs).
pub(super) fn profile(
    column: &TableColumn,
    role: Option<Role>,
    churned: &[bool],
    options: &InspectOptions,
) -> ColumnProfile {
    let counts = distribution::counts(column);
    let measured = !matches!(role, Some(Role::Outcome | Role::Id | Role::Expansion));
    let mut profile = ColumnProfile {
        name: column.name.clone(),
        column_type: ColumnType::Numeric,
        role,
        counts,
        non_finite: column.non_finite,
        numbers: None,
        dates: None,
        top_values: Vec::new(),
        signal: Signal::default(),
        flags: Vec::new(),
    };
    match &column.values {
        ColumnValues::Numeric(values) => {
            profile.numbers = distribution::number_summary(values);
            if measured {
                profile.signal = signal::numeric_signal(values, churned, options.confidence);
            }
        }
        ColumnValues::Date(values) => {
            profile.column_type = ColumnType::Date;
            profile.dates = distribution::date_summary(values);
            if measured {
                let days: Vec<Option<f64>> = values.iter().map(|d| d.map(f64::from)).collect();
                profile.signal = signal::numeric_signal(&days, churned, options.confidence);
            }
        }
        ColumnValues::Text(text) => {
            profile.column_type = ColumnType::Text;
            let mut levels = distribution::levels(text, churned);
            if measured {
                profile.signal = if levels.len() <= MAX_CATEGORY_LEVELS {
                    signal::text_signal(&text.codes, &text.levels, &levels, churned, options.confidence)
                } else {
                    signal::missingness_only(text.codes.iter().map(Option::is_some), churned)
                };
            }
            levels.truncate(TOP_VALUES);
            profile.top_values = levels;
        }
    }
    if role == Some(Role::Id) {
        profile.flags.push(Flag {
            kind: FlagKind::IdLike,
            reason: "the account id (--id)".into(),
        });
    }
    if measured {
        profile
            .flags
            .extend(flags::leak(column, &profile.signal, churned));
        profile.flags.extend(flags::constant(&counts));
        profile
            .flags
            .extend(flags::id_like(column, &counts, churned.len()));
    }
    profile
}
