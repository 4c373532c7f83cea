//! Choosing the measures of a draft: strongest signal first, leaving out roles, dates,
//! flagged columns, weak columns and all but one of each near-duplicate group.

use super::{Draft, DraftMeasure, DraftScoring, InitError, InitOptions, LeftOut};
use crate::inspect::{ColumnProfile, ColumnType, FlagKind, InspectReport, LevelRow, Role};
use crate::scorecard::Direction;

/// Drafts a scorecard from a profile: up to `max_measures` of the strongest usable columns,
/// one per near-duplicate group, numbers as `linear` between their 5th and 95th percentiles
/// in the direction history shows, text with few values as `categories` with points from
/// their churn rates.
///
/// Errors: [`InitError::OneClass`] when nobody (or everybody) churned,
/// [`InitError::NoMeasures`] when no column qualifies.
pub fn draft(report: &InspectReport, options: &InitOptions) -> Result<Draft, InitError> {
    if report.churned == 0 || report.churned == report.rows {
        return Err(InitError::OneClass {
            file: report.source.clone(),
            rows: report.rows,
            churned: report.churned,
        });
    }
    let mut measures: Vec<DraftMeasure> = Vec::new();
    let mut left_out: Vec<LeftOut> = Vec::new();
    for column in &report.columns {
        let outcome = unusable(column, options)
            .map(Err)
            .or_else(|| duplicate_of_chosen(report, column, &measures).map(Err))
            .unwrap_or_else(|| {
                if measures.len() >= options.max_measures {
                    return Err(format!("beyond --max-measures {}", options.max_measures));
                }
                measure(column, report.churn_rate, &measures)
            });
        match outcome {
            Ok(m) => measures.push(m),
            Err(reason) => left_out.push(LeftOut {
                column: column.name.clone(),
                reason,
            }),
        }
    }
    if measures.is_empty() {
        let reasons: Vec<String> = left_out
            .iter()
            .take(4)
            .map(|l| format!("{}: {}", l.column, l.reason))
            .collect();
        return Err(InitError::NoMeasures {
            file: report.source.clone(),
            reasons: reasons.join("; "),
        });
    }
    let id = report.columns.iter().find(|c| c.role == Some(Role::Id));
    let several_snapshots = id.is_some_and(|c| c.counts.distinct < report.rows - c.counts.missing);
    let change_suggestion = several_snapshots.then(|| change_suggestion(&measures)).flatten();
    Ok(Draft {
        change_suggestion,
        name: format!("Draft from {}", file_name(&report.source)),
        source: report.source.clone(),
        rows: report.rows,
        churned: report.churned,
        max_measures: options.max_measures,
        measures,
        left_out,
    })
}

/// A change measure of the strongest numeric measure (the first linear one): its change
/// since the previous snapshot scored linearly over ±¼ of the level's min..max span, in the
/// level's direction; the first snapshot gets 50 points.
fn change_suggestion(measures: &[DraftMeasure]) -> Option<DraftMeasure> {
    measures.iter().find_map(|m| {
        let DraftScoring::Linear { min, max, direction } = m.scoring else {
            return None;
        };
        let quarter = (max - min) / 4.0;
        let (min, max) = round_bounds(-quarter, quarter);
        Some(DraftMeasure {
            name: format!("{} change", m.name),
            column: m.column.clone(),
            scoring: DraftScoring::Linear { min, max, direction },
            has_missing: false,
            why: vec![
                format!(
                    "Suggested: the history has several snapshots per account, so the change of {} since the",
                    m.column
                ),
                "account's previous snapshot may warn of churn beyond its level. Uncomment to try it (validate and".into(),
                "the other commands then need --date); `healthscore validate --date ...` says whether the trend matters."
                    .into(),
            ],
        })
    })
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Why a column cannot be a measure at all, if it cannot.
fn unusable(column: &ColumnProfile, options: &InitOptions) -> Option<String> {
    match column.role {
        Some(Role::Segment) => {
            return Some(
                "the segment (--segment): use it to pick [[profiles]] rather than as a measure".into(),
            )
        }
        Some(Role::Value) => return Some("the account value (--value): it weights revenue figures".into()),
        Some(role) => return Some(role.label().into()),
        None => {}
    }
    for kind in [FlagKind::Leak, FlagKind::IdLike, FlagKind::Constant] {
        if let Some(flag) = column.flag(kind) {
            return Some(format!("{}: {}", kind.label(), flag.reason));
        }
    }
    if column.column_type == ColumnType::Date {
        return Some("a date: not a health measure as it is".into());
    }
    if column.column_type == ColumnType::Text && column.counts.distinct > options.max_levels {
        return Some(format!(
            "{} distinct text values: too many for categories (at most {})",
            column.counts.distinct, options.max_levels
        ));
    }
    let s = &column.signal;
    let auc = match s.auc {
        Some(auc) => auc,
        None => return Some("its values cannot be measured against churn".into()),
    };
    let interval = s
        .auc_ci
        .map_or_else(String::new, |[lo, hi]| format!(", 95% CI [{lo:.3}, {hi:.3}]"));
    if !s.clear {
        return Some(format!("no clear signal (AUC {auc:.3}{interval})"));
    }
    if s.value_strength.unwrap_or(0.0) < options.min_strength {
        return Some(format!("too weak to be worth a measure (AUC {auc:.3}{interval})"));
    }
    None
}

/// The chosen measure this column nearly duplicates, if any.
fn duplicate_of_chosen(
    report: &InspectReport,
    column: &ColumnProfile,
    chosen: &[DraftMeasure],
) -> Option<String> {
    let group = report
        .duplicate_groups
        .iter()
        .find(|g| g.columns.contains(&column.name))?;
    let kept = chosen.iter().find(|m| group.columns.contains(&m.column))?;
    Some(format!(
        "near-duplicate of {} (|Spearman| ≥ {:.2}), which has the stronger signal and is kept",
        kept.column, report.duplicate_spearman
    ))
}

/// The measure for a usable column, or why none can be made.
fn measure(
    column: &ColumnProfile,
    overall_churn: f64,
    chosen: &[DraftMeasure],
) -> Result<DraftMeasure, String> {
    let s = &column.signal;
    let auc = s.auc.unwrap_or(0.5);
    let interval = s
        .auc_ci
        .map_or_else(String::new, |[lo, hi]| format!(" (95% CI [{lo:.3}, {hi:.3}])"));
    let mut why = Vec::new();
    let scoring = if column.column_type == ColumnType::Text {
        let (scoring, lines) = categories(&column.top_values, overall_churn)?;
        why.push(format!(
            "{}: separates churners with AUC {auc:.3}{interval} when each value is scored by its churn rate.",
            column.name
        ));
        why.extend(lines);
        scoring
    } else {
        let (scoring, lines) = linear(column)?;
        why.push(format!("{}: AUC {auc:.3}{interval} on its own.", column.name));
        why.extend(lines);
        scoring
    };
    let has_missing = column.counts.missing > 0;
    if has_missing {
        why.push(format!(
            "{:.1}% of rows have no value: those accounts skip this measure and the other weights are renormalized.",
            100.0 * column.counts.missing_rate
        ));
    }
    Ok(DraftMeasure {
        name: unique_name(&column.name, chosen),
        column: column.name.clone(),
        scoring,
        has_missing,
        why,
    })
}

fn linear(column: &ColumnProfile) -> Result<(DraftScoring, Vec<String>), String> {
    let numbers = column.numbers.as_ref().ok_or("no values")?;
    let direction = column.signal.direction.ok_or("no direction in history")?;
    let (low, high, from) = if numbers.p05 < numbers.p95 {
        (numbers.p05, numbers.p95, "5th and 95th percentiles")
    } else if numbers.min < numbers.max {
        (
            numbers.min,
            numbers.max,
            "smallest and largest values (the 5th and 95th percentiles coincide)",
        )
    } else {
        return Err("too little spread for a linear scale".into());
    };
    let (min, max) = round_bounds(low, high);
    let quintiles: Vec<String> = column
        .signal
        .quintiles
        .iter()
        .map(|q| format!("{:.1}%", 100.0 * q.churn_rate))
        .collect();
    let (healthy, ends) = match direction {
        Direction::HigherIsBetter => (
            "higher",
            format!("{min} or less scores 0, {max} or more scores 100"),
        ),
        Direction::LowerIsBetter => (
            "lower",
            format!("{max} or more scores 0, {min} or less scores 100"),
        ),
    };
    let lines = vec![
        format!(
            "In history {healthy} values go with less churn; churn by quintile, lowest values first (ties kept together): {}.",
            quintiles.join(", ")
        ),
        format!("min/max are the {from}: {ends}."),
        "Edit: set min/max to the values your team calls unhealthy and healthy.".into(),
    ];
    Ok((DraftScoring::Linear { min, max, direction }, lines))
}

/// Rounds both bounds to about three significant figures of their span, keeping min < max.
pub fn round_bounds(low: f64, high: f64) -> (f64, f64) {
    let decimals = (2 - (high - low).log10().floor() as i32).clamp(0, 12) as usize;
    let round = |x: f64| format!("{x:.decimals$}").parse::<f64>().unwrap_or(x);
    let (min, max) = (round(low), round(high));
    if min < max {
        (min, max)
    } else {
        (low, high)
    }
}

/// Points per text value on a churn scale shared by all categories: a value whose accounts
/// never churn gets 100, one churning at the average rate 50, one churning at twice the
/// average or more 0 (linear in between). So a value's swing in points follows how much its
/// churn really differs, and a weak yes/no column cannot swing a whole 100 points.
fn categories(levels: &[LevelRow], overall_churn: f64) -> Result<(DraftScoring, Vec<String>), String> {
    let best = levels.iter().min_by(|a, b| a.churn_rate.total_cmp(&b.churn_rate));
    let worst = levels.iter().max_by(|a, b| a.churn_rate.total_cmp(&b.churn_rate));
    let (best, worst) = match (best, worst) {
        (Some(b), Some(w)) if w.churn_rate > b.churn_rate => (b, w),
        _ => return Err("every value churns alike".into()),
    };
    let points_for = |rate: f64| {
        (100.0 * (1.0 - rate / (2.0 * overall_churn)))
            .clamp(0.0, 100.0)
            .round()
    };
    let mut points: Vec<(String, f64)> = levels
        .iter()
        .map(|l| (l.value.clone(), points_for(l.churn_rate)))
        .collect();
    points.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let rates: Vec<String> = levels
        .iter()
        .map(|l| format!("{} {:.1}% of {}", l.value, 100.0 * l.churn_rate, l.accounts))
        .collect();
    let lines = vec![
        format!("Churn rate by value: {}.", rates.join(", ")),
        format!(
            "Points follow churn against the average ({:.1}%): no churn = 100, average = 50, twice the average or more = 0;",
            100.0 * overall_churn
        ),
        format!(
            "so {} (churns least) gets {:.0} and {} (churns most) gets {:.0}. Values not listed get 50.",
            best.value,
            points_for(best.churn_rate),
            worst.value,
            points_for(worst.churn_rate)
        ),
    ];
    Ok((
        DraftScoring::Categories {
            points,
            default: 50.0,
        },
        lines,
    ))
}

/// Abbreviations written in capitals in measure names.
const ACRONYMS: [&str; 16] = [
    "nps", "csat", "csm", "arr", "mrr", "acv", "ltv", "sla", "qbr", "api", "sso", "roi", "kpi", "id", "ces",
    "cs",
];

/// The column name in words ("seat_utilization" → "Seat utilization", "nps" → "NPS"), made
/// unique.
fn unique_name(column: &str, chosen: &[DraftMeasure]) -> String {
    let words = column.replace(['_', '-', '.'], " ");
    let words: Vec<String> = words
        .split_whitespace()
        .map(|w| {
            if ACRONYMS.contains(&w.to_lowercase().as_str()) {
                w.to_uppercase()
            } else {
                w.to_string()
            }
        })
        .collect();
    let words = words.join(" ");
    let mut chars = words.chars();
    let name = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => column.to_string(),
    };
    if chosen.iter().any(|m| m.name == name) {
        format!("{name} ({column})")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_round_to_three_figures_of_the_span() {
        assert_eq!(round_bounds(0.30512, 0.96648), (0.305, 0.966));
        assert_eq!(round_bounds(8123.4, 151234.9), (8123.0, 151235.0));
        assert_eq!(round_bounds(0.0, 3.0), (0.0, 3.0));
    }

    #[test]
    fn names_read_as_words_and_stay_unique() {
        assert_eq!(unique_name("seat_utilization", &[]), "Seat utilization");
        let taken = DraftMeasure {
            name: "NPS".into(),
            column: "nps".into(),
            scoring: DraftScoring::Linear {
                min: 0.0,
                max: 1.0,
                direction: Direction::HigherIsBetter,
            },
            has_missing: false,
            why: Vec::new(),
        };
        assert_eq!(unique_name("NPS", std::slice::from_ref(&taken)), "NPS (NPS)");
        assert_eq!(unique_name("nps", &[]), "NPS");
        assert_eq!(unique_name("csm_sentiment", &[taken]), "CSM sentiment");
    }

    #[test]
    fn category_points_follow_churn_rates() {
        let level = |value: &str, churn_rate: f64| LevelRow {
            value: value.into(),
            accounts: 100,
            share: 1.0 / 3.0,
            churned: (100.0 * churn_rate) as usize,
            churn_rate,
        };
        let levels = [level("green", 0.05), level("yellow", 0.10), level("red", 0.25)];
        let (scoring, _) = categories(&levels, 0.10).unwrap();
        let DraftScoring::Categories { points, default } = scoring else {
            panic!("expected categories");
        };
        // 100·(1 − rate / 0.2): 5% → 75, 10% (the average) → 50, 25% → below 0 → 0
        assert_eq!(
            points,
            [
                ("green".to_string(), 75.0),
                ("yellow".into(), 50.0),
                ("red".into(), 0.0)
            ]
        );
        assert_eq!(default, 50.0);
        assert!(categories(&[level("a", 0.1), level("b", 0.1)], 0.1).is_err());
    }
}
