//! `healthscore inspect`: what is in a raw export, and which columns say something about
//! churn, before any scorecard exists.

use std::path::{Path, PathBuf};

use clap::Args;

use super::progress::{self, Progress};
use super::validate::table;
use super::{refuse_overwrite, DataArgs};
use crate::data::{load_table, ColumnRoles, Table};
use crate::format::{number, percent};
use crate::inspect::{
    inspect, work_steps, ColumnProfile, ColumnType, FlagKind, InspectOptions, InspectReport, COHORTS,
};

/// Arguments of `healthscore inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Also write the full profile as JSON.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// Runs `healthscore inspect`.
pub fn run(args: &InspectArgs) -> super::Result<()> {
    if let Some(json) = &args.json {
        refuse_overwrite("--json", json, &args.data.data, "data file")?;
    }
    let roles = args.data.roles();
    let (table, report) = profile_file(&args.data.data, &roles)?;
    print!("{}", render(&report, progress::verbosity() > 0));
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(json) = &args.json {
        super::write_json(json, &report)?;
        progress::note(format_args!(
            "wrote the profile of {} columns to {}",
            table.columns.len(),
            json.display()
        ));
    }
    Ok(())
}

/// Reads every column of `path` and profiles it, with a spinner while reading and a bar
/// while profiling (both on stderr, and only on a terminal).
pub fn profile_file(path: &Path, roles: &ColumnRoles) -> super::Result<(Table, InspectReport)> {
    let started = std::time::Instant::now();
    let reading = Progress::spinner(&format!("reading {}", path.display()), false);
    let table = load_table(path, roles)?;
    reading.finish();
    progress::note(format_args!(
        "read {} rows × {} columns from {} in {:.1} s",
        table.len(),
        table.columns.len(),
        path.display(),
        started.elapsed().as_secs_f64()
    ));
    let started = std::time::Instant::now();
    let steps = work_steps(&table, roles);
    let bar = Progress::new(steps, "profiling", false);
    let report = inspect(&table, roles, &InspectOptions::default(), &bar.ticker());
    bar.finish();
    progress::note(format_args!(
        "profiled {} columns and compared {} pairs of numeric columns in {:.1} s",
        table.columns.len(),
        steps - table.columns.len() as u64,
        started.elapsed().as_secs_f64()
    ));
    Ok((table, report))
}

/// The terminal summary: signal table, value tables, flags.
pub fn render(report: &InspectReport, verbose: bool) -> String {
    let mut out = format!(
        "{}: {} rows, {} columns; outcome '{}': {} churned ({:.1}%)\n\n",
        report.source,
        report.rows,
        report.columns.len(),
        report.outcome,
        report.churned,
        100.0 * report.churn_rate
    );
    out.push_str("Columns, strongest signal against churn first:\n\n");
    out.push_str(&signal_table(report, verbose));
    out.push_str(
        "\nAUC alone: the chance that a retained account has a higher value than a churned one (0.5 = no\n\
         signal; below 0.5 = higher values go with more churn). Text values are scored by their churn rate,\n\
         so their AUC is at least 0.5 and a little optimistic. Churn % by quintile: five equal groups, lowest\n\
         values first (· where tied values all fell in the group before). Sorted by |2·AUC − 1|, or by what\n\
         missing values alone say when that is stronger.\n",
    );
    out.push_str(&value_tables(report, verbose));
    out.push_str(&flag_sections(report));
    out.push_str(&format!(
        "\nNext: draft a scorecard from the strongest columns with\n  healthscore init --data {} --out configs/draft.toml\n",
        report.source
    ));
    out
}

/// The main table; the AUC intervals only when `verbose`.
fn signal_table(report: &InspectReport, verbose: bool) -> String {
    let mut header = vec!["column", "type", "missing", "distinct", "AUC alone"];
    if verbose {
        header.push("95% CI");
    }
    header.extend(["direction", "Spearman", "churn % by quintile", "notes"]);
    let mut rows = vec![header.into_iter().map(String::from).collect::<Vec<_>>()];
    for column in &report.columns {
        let s = &column.signal;
        let mut row = vec![
            column.name.clone(),
            type_name(column.column_type).to_string(),
            percent(Some(column.counts.missing_rate)),
            column.counts.distinct.to_string(),
            number(s.auc, 3),
        ];
        if verbose {
            row.push(
                s.auc_ci
                    .map_or_else(|| "—".to_string(), |[lo, hi]| format!("[{lo:.3}, {hi:.3}]")),
            );
        }
        row.extend([
            direction(column),
            number(s.spearman, 3),
            quintiles(column),
            notes(column),
        ]);
        rows.push(row);
    }
    table(&rows)
}

/// Churn rate (%) per quintile, one slot per group; `·` for a group left empty by ties.
fn quintiles(column: &ColumnProfile) -> String {
    let groups = &column.signal.quintiles;
    if groups.is_empty() {
        return "—".into();
    }
    (1..=COHORTS)
        .map(|g| {
            groups
                .iter()
                .find(|q| q.group == g)
                .map_or_else(|| "·".to_string(), |q| format!("{:.1}", 100.0 * q.churn_rate))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn type_name(column_type: ColumnType) -> &'static str {
    match column_type {
        ColumnType::Numeric => "number",
        ColumnType::Date => "date",
        ColumnType::Text => "text",
    }
}

/// Which way the column points, in words.
fn direction(column: &ColumnProfile) -> String {
    let s = &column.signal;
    if s.auc.is_none() {
        return "—".into();
    }
    if !s.clear {
        return "no clear signal".into();
    }
    match (column.column_type, s.auc) {
        (ColumnType::Text, _) => "by value".into(),
        (_, Some(auc)) if auc > 0.5 => "higher, less churn".into(),
        _ => "higher, more churn".into(),
    }
}

fn notes(column: &ColumnProfile) -> String {
    let mut notes: Vec<String> = Vec::new();
    if let Some(role) = column.role {
        notes.push(format!("{role:?}").to_lowercase());
    }
    for flag in &column.flags {
        if !(flag.kind == FlagKind::IdLike && column.role.is_some()) {
            notes.push(flag.kind.label().to_string());
        }
    }
    notes.join(", ")
}

fn value_tables(report: &InspectReport, verbose: bool) -> String {
    let mut out = String::new();
    let mut numbers = vec![[
        "column", "min", "5%", "25%", "median", "75%", "95%", "max", "mean",
    ]
    .map(String::from)
    .to_vec()];
    let mut dates = vec![["column", "first", "median", "last"].map(String::from).to_vec()];
    let mut texts = String::new();
    let shown = if verbose { usize::MAX } else { 5 };
    for column in &report.columns {
        if let Some(n) = &column.numbers {
            let mut row = vec![column.name.clone()];
            row.extend([n.min, n.p05, n.q1, n.median, n.q3, n.p95, n.max, n.mean].map(short));
            numbers.push(row);
        }
        if let Some(d) = &column.dates {
            dates.push(vec![
                column.name.clone(),
                d.first.clone(),
                d.median.clone(),
                d.last.clone(),
            ]);
        }
        if column.column_type == ColumnType::Text && column.flag(FlagKind::IdLike).is_none() {
            let top: Vec<String> = column
                .top_values
                .iter()
                .take(shown)
                .map(|l| {
                    format!(
                        "{} {:.0}% (churn {:.1}%)",
                        l.value,
                        100.0 * l.share,
                        100.0 * l.churn_rate
                    )
                })
                .collect();
            let more = column.counts.distinct.saturating_sub(top.len());
            let more = if more > 0 {
                format!(", … {more} more")
            } else {
                String::new()
            };
            let count = column.counts.distinct;
            texts.push_str(&format!(
                "  {} ({count} values): {}{more}\n",
                column.name,
                top.join(", ")
            ));
        }
    }
    for (title, rows) in [("Numbers", numbers), ("Dates", dates)] {
        if rows.len() > 1 {
            out.push_str(&format!("\n{title}:\n\n{}", table(&rows)));
        }
    }
    if !texts.is_empty() {
        out.push_str(&format!("\nText values (share of rows, churn rate):\n{texts}"));
    }
    out
}

/// A number short enough for a table cell: whole numbers as they are, others to 3 figures.
fn short(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else if value.abs() >= 100.0 {
        format!("{value:.1}")
    } else if value.abs() >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

fn flag_sections(report: &InspectReport) -> String {
    let mut out = String::new();
    let sections = [
        (
            FlagKind::Leak,
            "Possible leaks (keep them out of any scorecard until you know when they are recorded)",
        ),
        (FlagKind::Constant, "Constant columns (nothing to learn from)"),
        (
            FlagKind::IdLike,
            "Id-like columns (identifiers or free text, not measures)",
        ),
    ];
    for (kind, title) in sections {
        let lines: Vec<String> = report
            .columns
            .iter()
            .filter_map(|c| c.flag(kind).map(|f| format!("  {}: {}\n", c.name, f.reason)))
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n{title}:\n{}", lines.concat()));
        }
    }
    if !report.duplicate_groups.is_empty() {
        out.push_str(&format!(
            "\nNear-duplicates (|Spearman| ≥ {:.2}; one per group is enough, the first has the strongest signal):\n",
            report.duplicate_spearman
        ));
        for group in &report.duplicate_groups {
            let pairs: Vec<String> = group
                .pairs
                .iter()
                .map(|p| format!("{}~{} {:.2}", p.a, p.b, p.spearman))
                .collect();
            out.push_str(&format!(
                "  {}  ({})\n",
                group.columns.join(", "),
                pairs.join(", ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn short_numbers() {
        assert_eq!(short(12.0), "12");
        assert_eq!(short(1234.56), "1234.6");
        assert_eq!(short(3.25159), "3.25");
        assert_eq!(short(0.12345), "0.123");
    }
}
