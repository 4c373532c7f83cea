//! The Markdown renderer: the report's findings as Markdown tables, ready to paste into a
//! review document.

use super::report::{GrowthView, MissesView, ReportView, ThresholdsView};
use super::Table;

/// Escapes the characters that would break a Markdown table cell or start markup.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A table with the first column and any text column left-aligned and the rest
/// right-aligned.
pub fn table(
    Table {
        header,
        rows,
        text_columns,
    }: &Table,
) -> String {
    let mut md = format!(
        "| {} |\n",
        header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")
    );
    md.push_str(&format!(
        "|{}\n",
        header
            .iter()
            .enumerate()
            .map(|(i, _)| if i == 0 || text_columns.contains(&i) {
                "---|"
            } else {
                "---:|"
            })
            .collect::<String>()
    ));
    for row in rows {
        md.push_str(&format!(
            "| {} |\n",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    md
}

/// The "Thresholds" section (`report --tune`), its charts linked from `charts/*.png`.
fn thresholds_section(section: &ThresholdsView) -> String {
    let mut md = format!("\n## Thresholds\n\n{}\n", cell(&section.lead));
    for line in section.note.iter().chain(&section.auc) {
        md.push_str(&format!("\n{}\n", cell(line)));
    }
    if let Some(verdict) = &section.verdict {
        md.push_str(&format!("\n**Verdict:** {}\n", cell(verdict)));
    }
    if let Some(measures) = &section.measures {
        md.push('\n');
        md.push_str(&table(measures));
    }
    for chart in &section.charts {
        md.push_str(&format!(
            "\n![{id}](charts/{id}.png)\n\n{}\n",
            cell(&chart.caption),
            id = chart.id
        ));
    }
    if !section.without_chart.is_empty() {
        md.push_str("\nNo chart for these measures: their current rule is kept.\n\n");
        for line in &section.without_chart {
            md.push_str(&format!("- {}\n", cell(line)));
        }
    }
    if !section.notes.is_empty() {
        md.push_str("\nNotes from tuning:\n\n");
        for line in &section.notes {
            md.push_str(&format!("- {}\n", cell(line)));
        }
    }
    md
}

/// The "Where the score missed" section, its gains chart linked from `charts/gains.png`.
fn misses_section(section: &MissesView) -> String {
    let mut md = format!("\n## Where the score missed\n\n{}\n\n", cell(&section.lead));
    md.push_str(&table(&section.summary));
    md.push_str(
        "\n### Measures that looked healthy on missed churners\n\nMean points of each measure among churned \
         accounts in the healthiest band, churned accounts in the worst band, and retained accounts: a measure with \
         high points on blindsided churners did not warn of their churn.\n",
    );
    for (name, measures) in &section.measures {
        md.push_str(&format!("\n#### {}\n\n", cell(name)));
        md.push_str(&table(measures));
    }
    md.push_str(&format!(
        "\n### Blindsided accounts\n\n{}\n\n",
        cell(&section.blindsided_caption)
    ));
    if section.blindsided.is_empty() {
        md.push_str("None: no churned account was in the healthiest band.\n");
    } else {
        md.push_str(&table(&section.blindsided));
    }
    md.push_str("\n### What a review of the lowest scores catches\n\n");
    md.push_str(&table(&section.capacity));
    for chart in &section.charts {
        md.push_str(&format!(
            "\n![{id}](charts/{id}.png)\n\n{}\n",
            cell(&chart.caption),
            id = chart.id
        ));
    }
    if !section.reclassifications.is_empty() {
        md.push_str("\n### How each comparison moves accounts between bands\n");
    }
    for r in &section.reclassifications {
        md.push_str(&format!("\n#### {}\n\n", cell(&r.title)));
        if let Some(moves) = &r.table {
            md.push_str(&table(moves));
            md.push('\n');
        }
        let lines: Vec<String> = r.lines.iter().map(|line| cell(line)).collect();
        md.push_str(&lines.join("\n\n"));
        md.push('\n');
    }
    md
}

/// The "Does the score find growth?" section.
fn growth_section(section: &GrowthView) -> String {
    let mut md = format!("\n## Does the score find growth?\n\n{}\n\n", cell(&section.lead));
    md.push_str(&table(&section.table));
    md.push_str(&format!("\n{}\n\n", cell(&section.note)));
    for line in &section.lines {
        md.push_str(&format!("- {}\n", cell(line)));
    }
    for chart in &section.charts {
        md.push_str(&format!(
            "\n![{id}](charts/{id}.png)\n\n{}\n",
            cell(&chart.caption),
            id = chart.id
        ));
    }
    if !section.comparisons.is_empty() {
        md.push_str("\n### Is the difference real? (DeLong test on expansion)\n\n");
        for line in &section.comparisons {
            md.push_str(&format!("- {}\n", cell(line)));
        }
    }
    md
}

/// The whole summary.
pub fn render(view: &ReportView) -> String {
    let mut md = format!(
        "# {}\n\n{}\n\n## Verdict\n\n",
        cell(&view.title),
        cell(&view.subtitle)
    );
    for point in &view.verdict {
        md.push_str(&format!("- {}\n", cell(point)));
    }
    md.push_str("\n## Candidates side by side\n\n");
    md.push_str(&table(&view.overview));
    md.push_str(&format!("\n{}\n", cell(&view.overview_note)));
    if !view.comparisons.is_empty() {
        md.push_str("\n### Is the difference real? (DeLong test on the same accounts)\n\n");
        md.push_str(&table(&view.comparisons));
    }
    if let Some(fit) = &view.fit {
        md.push_str("\n### Suggested weights (logistic regression, judged out of fold)\n\n");
        md.push_str(&table(fit));
    }
    if let Some(migration) = &view.migration {
        md.push_str("\n### Band moves between consecutive periods (first candidate)\n\n");
        md.push_str(&table(migration));
    }
    if let Some(thresholds) = &view.thresholds {
        md.push_str(&thresholds_section(thresholds));
    }
    md.push_str(&misses_section(&view.misses));
    if let Some(growth) = &view.growth {
        md.push_str(&growth_section(growth));
    }
    if let Some(trend) = &view.trend {
        md.push_str(&format!(
            "\n## Does the trend matter?\n\n{}\n\n",
            cell(&trend.lead)
        ));
        md.push_str(&table(&trend.table));
        md.push('\n');
        for verdict in &trend.verdicts {
            md.push_str(&format!("- {}\n", cell(verdict)));
        }
    }
    for candidate in &view.candidates {
        md.push_str(&format!("\n## {}\n\n", cell(&candidate.name)));
        md.push_str(&table(&candidate.bands));
        md.push('\n');
        md.push_str(&table(&candidate.measures));
        if !candidate.groups.is_empty() {
            md.push('\n');
            md.push_str(&table(&candidate.groups));
        }
        for note in &candidate.notes {
            md.push_str(&format!("\n- {}", cell(note)));
        }
        md.push('\n');
    }
    md.push_str("\n## Warnings\n\n");
    if view.warnings.is_empty() {
        md.push_str("None.\n");
    }
    for warning in &view.warnings {
        md.push_str(&format!("- {}\n", cell(warning)));
    }
    md.push_str("\n## How to reproduce\n\n```sh\n");
    md.push_str(&view.command);
    md.push_str("\n```\n\n");
    md.push_str(&table(&view.inputs));
    md.push_str(&format!("\n{}\n", cell(&view.generated)));
    md
}

#[cfg(test)]
mod tests {
    use super::table;
    use crate::present::Table;

    #[test]
    fn text_columns_are_left_aligned() {
        let mut rows = Table::new(&["Measure", "Rule", "IV"]).with_text_column(1);
        rows.push(vec!["a|b".into(), "linear".into(), "0.1".into()]);
        assert_eq!(
            table(&rows),
            "| Measure | Rule | IV |\n|---|---|---:|\n| a\\|b | linear | 0.1 |\n"
        );
    }
}
