//! The report's "Where the score missed" section: per candidate the churned accounts in
//! the healthiest band (blindsided) and the retained ones in the worst (false alarms), the
//! measures that looked healthy on the churners it missed, the first candidate's most
//! important blindsided accounts with their reasons, what a review of the lowest scores
//! catches (with the gains chart), and how each comparison moves accounts between bands.

use serde::Serialize;

use super::ChartView;
use crate::data::History;
use crate::format::{amount, count, number, percent};
use crate::present::Table;
use crate::scorecard::explain;
use crate::validate::{Candidate, CandidateReport, Comparison, ValidationReport};

/// How many blindsided accounts the section lists.
pub const BLINDSIDED_LISTED: usize = 20;

/// One comparison's reclassification and detectable difference.
#[derive(Debug, Clone, Serialize)]
pub struct ReclassificationView {
    /// "A → B".
    pub title: String,
    /// Band of a (rows) × band of b (columns): accounts (churned); none when the bands differ.
    pub table: Option<Table>,
    /// The NRI line, or why there is no table.
    pub lines: Vec<String>,
}

/// Everything the section shows.
#[derive(Debug, Clone, Serialize)]
pub struct MissesView {
    pub lead: String,
    /// Per candidate: blindsided and false alarms.
    pub summary: Table,
    /// Per candidate: its name and the mean points table.
    pub measures: Vec<(String, Table)>,
    /// What the blindsided table lists, in words.
    pub blindsided_caption: String,
    /// The first candidate's most important blindsided accounts (empty when none).
    pub blindsided: Table,
    /// Per candidate and share: what reviewing the lowest scores catches.
    pub capacity: Table,
    /// The gains chart.
    pub charts: Vec<ChartView>,
    pub reclassifications: Vec<ReclassificationView>,
}

/// The section for `report`, on `history` scored by `candidates`, with the drawn gains chart.
pub fn misses(
    report: &ValidationReport,
    history: &History,
    candidates: &[Candidate],
    charts: Vec<ChartView>,
) -> MissesView {
    let with_value = history.value.is_some();
    let blindsided = candidates
        .first()
        .map_or_else(|| Table::new(&["Account"]), |c| blindsided_table(history, c));
    MissesView {
        lead: "The accounts each score got wrong: churned accounts it rated healthiest (blindsided) and retained \
               accounts it rated worst (false alarms), which measures looked healthy on the churners it missed, and \
               how much churn a review of the lowest-scored accounts would catch."
            .to_string(),
        summary: summary(&report.scorecards, with_value),
        measures: report
            .scorecards
            .iter()
            .map(|c| (c.name.clone(), measure_table(c)))
            .collect(),
        blindsided_caption: blindsided_caption(
            report.scorecards.first().map_or("", |c| c.name.as_str()),
            blindsided.rows.len(),
            with_value,
        ),
        blindsided,
        capacity: capacity_table(&report.scorecards, with_value),
        charts,
        reclassifications: report.comparisons.iter().map(reclassification).collect(),
    }
}

/// What the blindsided table lists, in words.
fn blindsided_caption(scorecard: &str, listed: usize, with_value: bool) -> String {
    let order = if with_value {
        "largest value first"
    } else {
        "highest score first"
    };
    if listed < BLINDSIDED_LISTED {
        format!(
            "Every blindsided account of '{scorecard}' (churned in the healthiest band; {order}), with the measures \
             that cost it most points."
        )
    } else {
        format!(
            "The {BLINDSIDED_LISTED} most important blindsided accounts of '{scorecard}' (churned in the healthiest \
             band; {order}), with the measures that cost them most points."
        )
    }
}

fn summary(scorecards: &[CandidateReport], with_value: bool) -> Table {
    let mut header = vec![
        "Scorecard",
        "Blindsided band",
        "Blindsided churners",
        "Share of churned",
    ];
    if with_value {
        header.push("Value blindsided");
    }
    header.extend(["False-alarm band", "False alarms", "Share of retained"]);
    let false_alarm_band = header.len() - 3;
    let mut table = Table::new(&header)
        .with_text_column(1)
        .with_text_column(false_alarm_band);
    for c in scorecards {
        let (b, f) = (&c.misses.blindsided, &c.misses.false_alarms);
        let mut row = vec![
            c.name.clone(),
            b.band.clone(),
            count(b.accounts),
            percent(b.share_of_churned),
        ];
        if with_value {
            row.push(b.value.map_or_else(|| "—".to_string(), amount));
        }
        row.extend([f.band.clone(), count(f.accounts), percent(f.share_of_retained)]);
        table.push(row);
    }
    table
}

fn measure_table(candidate: &CandidateReport) -> Table {
    let mut table = Table::new(&[
        "Measure",
        "Mean points: blindsided churners",
        "Caught churners",
        "Retained",
    ]);
    for m in &candidate.misses.measures {
        table.push(vec![
            m.name.clone(),
            number(m.mean_points_blindsided, 1),
            number(m.mean_points_caught, 1),
            number(m.mean_points_retained, 1),
        ]);
    }
    table
}

/// The blindsided accounts of `candidate` (churned, in its healthiest band), largest value
/// first when there are values, else highest score first (history order on ties), the first
/// [`BLINDSIDED_LISTED`], with the reasons of [`explain`].
pub fn blindsided_table(history: &History, candidate: &Candidate) -> Table {
    let scored = &candidate.scored;
    let healthiest = candidate.scorecard.bands.len().saturating_sub(1);
    let mut rows: Vec<usize> = (0..history.len())
        .filter(|&row| history.churned[row] && scored.band(row) == healthiest)
        .collect();
    let values = history.value.as_deref();
    rows.sort_by(|&x, &y| {
        let by_value = values.map_or(std::cmp::Ordering::Equal, |v| v[y].total_cmp(&v[x]));
        by_value.then(scored.scores[y].total_cmp(&scored.scores[x]))
    });
    rows.truncate(BLINDSIDED_LISTED);
    let mut header = vec!["Account", "Score", "Band"];
    if values.is_some() {
        header.push("Value");
    }
    header.push("Reasons");
    let reasons_column = header.len() - 1;
    let mut table = Table::new(&header)
        .with_text_column(2)
        .with_text_column(reasons_column);
    if rows.is_empty() {
        return table;
    }
    let explanation = explain(&candidate.scorecard, scored);
    for row in rows {
        let mut cells = vec![
            history.ids[row].clone(),
            number(Some(scored.scores[row]), 1),
            candidate.scorecard.bands[healthiest].name.clone(),
        ];
        if let Some(values) = values {
            cells.push(amount(values[row]));
        }
        cells.push(explanation.reasons[row].to_string());
        table.push(cells);
    }
    table
}

fn capacity_table(scorecards: &[CandidateReport], with_value: bool) -> Table {
    let mut header = vec![
        "Scorecard",
        "Accounts reviewed (share)",
        "Score cutoff",
        "Accounts",
        "Churned",
        "Share of churned",
        "Lift",
    ];
    if with_value {
        header.push("Value churned");
    }
    let mut table = Table::new(&header);
    for c in scorecards {
        for row in &c.capacity {
            let mut cells = vec![
                c.name.clone(),
                percent(Some(row.share)),
                number(Some(row.cutoff), 1),
                count(row.accounts),
                count(row.churned),
                percent(row.share_of_churned),
                row.lift.map_or_else(|| "—".to_string(), |l| format!("{l:.2}×")),
            ];
            if with_value {
                cells.push(row.value_churned.map_or_else(|| "—".to_string(), amount));
            }
            table.push(cells);
        }
    }
    table
}

fn reclassification(comparison: &Comparison) -> ReclassificationView {
    let (a, b) = (&comparison.a, &comparison.b);
    let mut lines = Vec::new();
    let table = comparison.reclassification.as_ref().map(|r| {
        let mut bands_a: Vec<&str> = Vec::new();
        let mut bands_b: Vec<&str> = Vec::new();
        for m in &r.moves {
            if !bands_a.contains(&m.band_a.as_str()) {
                bands_a.push(&m.band_a);
            }
            if !bands_b.contains(&m.band_b.as_str()) {
                bands_b.push(&m.band_b);
            }
        }
        let mut header = vec![format!("'{a}' band ↓ / '{b}' band →")];
        header.extend(bands_b.iter().map(|band| band.to_string()));
        let mut table = Table::new(&header);
        for chunk in r.moves.chunks(bands_b.len().max(1)) {
            let mut cells = vec![chunk[0].band_a.clone()];
            cells.extend(
                chunk
                    .iter()
                    .map(|m| format!("{} ({} churned)", count(m.accounts), count(m.churned))),
            );
            table.push(cells);
        }
        lines.push(format!(
            "Net reclassification improvement of '{b}' over '{a}': {} (churned accounts moved to a worse band minus \
             to a healthier one: {}; retained accounts moved to a healthier band minus to a worse one: {}).",
            number(r.nri, 3),
            number(r.nri_churned, 3),
            number(r.nri_retained, 3)
        ));
        table
    });
    if table.is_none() {
        lines.push(format!(
            "No reclassification table: {}.",
            comparison
                .reclassification_note
                .as_deref()
                .unwrap_or("the two candidates could not be compared band by band")
        ));
    }
    lines.push(match comparison.detectable_difference {
        Some(d) => format!(
            "The smallest AUC difference this history could detect (80% power, 5% two-sided): {}; observed \
             difference ('{a}' − '{b}'): {}.",
            number(Some(d), 3),
            number(comparison.auc_diff, 3)
        ),
        None => "The smallest detectable AUC difference could not be computed.".to_string(),
    });
    ReclassificationView {
        title: format!("'{a}' → '{b}'"),
        table,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::{blindsided_caption, reclassification};
    use crate::validate::{BandMove, Comparison, Reclassification};

    fn comparison(moves: Option<Reclassification>) -> Comparison {
        Comparison {
            a: "A".into(),
            b: "B".into(),
            auc_a: Some(0.7),
            auc_b: Some(0.75),
            auc_diff: Some(-0.05),
            z: None,
            p_value: None,
            bootstrap_ci: None,
            detectable_difference: Some(0.0312),
            verdict: String::new(),
            expansion: None,
            reclassification_note: moves
                .is_none()
                .then(|| "'A' has 3 bands and 'B' has 2: bands can only be compared one for one".into()),
            reclassification: moves,
        }
    }

    #[test]
    fn the_reclassification_table_has_a_row_per_band_of_a_and_a_column_per_band_of_b() {
        let cell = |band_a: &str, band_b: &str, accounts, churned| BandMove {
            band_a: band_a.into(),
            band_b: band_b.into(),
            accounts,
            churned,
        };
        let view = reclassification(&comparison(Some(Reclassification {
            moves: vec![
                cell("red", "red", 5, 4),
                cell("red", "green", 1, 0),
                cell("green", "red", 2, 1),
                cell("green", "green", 1200, 30),
            ],
            nri_churned: Some(0.1),
            nri_retained: Some(-0.02),
            nri: Some(0.08),
        })));
        let table = view.table.expect("a table");
        assert_eq!(table.header, ["'A' band ↓ / 'B' band →", "red", "green"]);
        assert_eq!(
            table.rows,
            [
                ["red", "5 (4 churned)", "1 (0 churned)"],
                ["green", "2 (1 churned)", "1,200 (30 churned)"]
            ]
        );
        assert!(view.lines[0].contains(": 0.080 (churned"), "{:?}", view.lines);
        assert!(
            view.lines[1].contains("two-sided): 0.031; observed"),
            "{:?}",
            view.lines
        );
    }

    #[test]
    fn without_a_reclassification_the_section_says_why() {
        let view = reclassification(&comparison(None));
        assert!(view.table.is_none());
        assert_eq!(
            view.lines[0],
            "No reclassification table: 'A' has 3 bands and 'B' has 2: bands can only be compared one for one."
        );
    }

    #[test]
    fn the_caption_says_the_order_and_when_every_account_is_listed() {
        assert!(blindsided_caption("A", 20, true).starts_with("The 20 most important"));
        assert!(blindsided_caption("A", 20, true).contains("largest value first"));
        assert!(blindsided_caption("A", 3, false).starts_with("Every blindsided account"));
        assert!(blindsided_caption("A", 3, false).contains("highest score first"));
    }
}
