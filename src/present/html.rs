//! The HTML renderer: the report as one self-contained page with inline SVG charts, tables
//! and no scripts.
//!
//! Everything that comes from data or scorecards passes through [`escape`].

use super::report::{CandidateView, GrowthView, MissesView, ReportView, ThresholdsView};
use super::Table;

const TEMPLATE: &str = include_str!("../report/templates/index.html");

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A table of already-formatted (unescaped) cells; columns marked as text (prose such as
/// rules and reasons) are left-aligned and wrap.
pub fn table(
    id: &str,
    Table {
        header,
        rows,
        text_columns,
    }: &Table,
) -> String {
    let mut html = format!("<table id=\"{}\">\n<tr>", escape(id));
    for (i, cell) in header.iter().enumerate() {
        let style = if text_columns.contains(&i) {
            " style=\"text-align: left\""
        } else {
            ""
        };
        html.push_str(&format!("<th{style}>{}</th>", escape(cell)));
    }
    html.push_str("</tr>\n");
    for row in rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            // Long prose (verdicts) wraps; numbers stay on one line.
            let class = if text_columns.contains(&i) || cell.chars().count() > 40 {
                " class=\"wrap\""
            } else {
                ""
            };
            html.push_str(&format!("<td{class}>{}</td>", escape(cell)));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
    html
}

fn figure(id: &str, svg: &str, caption: &str) -> String {
    format!(
        "<figure id=\"chart-{}\" class=\"chart\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(id),
        svg_body(svg),
        escape(caption)
    )
}

/// The SVG without an XML declaration, ready to inline.
fn svg_body(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => svg,
    }
}

fn list(class: &str, items: &[String]) -> String {
    let mut html = format!("<ul class=\"{class}\">\n");
    for item in items {
        html.push_str(&format!("<li>{}</li>\n", escape(item)));
    }
    html.push_str("</ul>\n");
    html
}

fn candidate_section(candidate: &CandidateView) -> String {
    let mut html = format!(
        "<h3 id=\"candidate-{}\">{}</h3>\n",
        escape(&candidate.slug),
        escape(&candidate.name)
    );
    if let Some(description) = &candidate.description {
        html.push_str(&format!("<p class=\"lead\">{}</p>\n", escape(description)));
    }
    let Table { header, rows, .. } = &candidate.bands;
    let mut bands = format!("<table id=\"bands-{}\">\n<tr>", escape(&candidate.slug));
    for cell in header {
        bands.push_str(&format!("<th>{}</th>", escape(cell)));
    }
    bands.push_str("</tr>\n");
    for (row, color) in rows.iter().zip(&candidate.band_colors) {
        bands.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                bands.push_str(&format!(
                    "<td><span class=\"swatch\" style=\"background:{}\"></span>{}</td>",
                    escape(color),
                    escape(cell)
                ));
            } else {
                bands.push_str(&format!("<td>{}</td>", escape(cell)));
            }
        }
        bands.push_str("</tr>\n");
    }
    bands.push_str("</table>\n");
    html.push_str(&bands);
    html.push_str(&table(
        &format!("measures-{}", candidate.slug),
        &candidate.measures,
    ));
    if !candidate.groups.is_empty() {
        html.push_str(&table(&format!("groups-{}", candidate.slug), &candidate.groups));
    }
    if !candidate.notes.is_empty() {
        html.push_str(&list("notes", &candidate.notes));
    }
    html
}

/// The "Thresholds" section (`report --tune`).
fn thresholds_section(section: &ThresholdsView) -> String {
    let mut html = String::from("<h2 id=\"thresholds\">Thresholds</h2>\n");
    html.push_str(&format!("<p class=\"lead\">{}</p>\n", escape(&section.lead)));
    if let Some(note) = &section.note {
        html.push_str(&format!("<p class=\"note\">{}</p>\n", escape(note)));
    }
    if let Some(auc) = &section.auc {
        html.push_str(&format!("<p>{}</p>\n", escape(auc)));
    }
    if let Some(verdict) = &section.verdict {
        html.push_str("<div class=\"verdict\">\n");
        html.push_str(&list("verdict-points", std::slice::from_ref(verdict)));
        html.push_str("</div>\n");
    }
    if let Some(measures) = &section.measures {
        html.push_str(&table("thresholds", measures));
    }
    for chart in &section.charts {
        html.push_str(&figure(&chart.id, &chart.svg, &chart.caption));
    }
    if !section.without_chart.is_empty() {
        html.push_str("<p>No chart for these measures: their current rule is kept.</p>\n");
        html.push_str(&list("notes", &section.without_chart));
    }
    if !section.notes.is_empty() {
        html.push_str("<p>Notes from tuning:</p>\n");
        html.push_str(&list("notes", &section.notes));
    }
    html
}

/// The "Where the score missed" section.
fn misses_section(section: &MissesView) -> String {
    let mut html = String::from("<h2 id=\"misses\">Where the score missed</h2>\n");
    html.push_str(&format!("<p class=\"lead\">{}</p>\n", escape(&section.lead)));
    html.push_str(&table("misses", &section.summary));
    html.push_str("<h3>Measures that looked healthy on missed churners</h3>\n");
    html.push_str(
        "<p class=\"note\">Mean points of each measure among churned accounts in the healthiest band, churned \
         accounts in the worst band, and retained accounts: a measure with high points on blindsided churners did \
         not warn of their churn.</p>\n",
    );
    for (i, (name, measures)) in section.measures.iter().enumerate() {
        html.push_str(&format!("<h4>{}</h4>\n", escape(name)));
        html.push_str(&table(&format!("missed-measures-{}", i + 1), measures));
    }
    html.push_str("<h3>Blindsided accounts</h3>\n");
    html.push_str(&format!("<p>{}</p>\n", escape(&section.blindsided_caption)));
    if section.blindsided.is_empty() {
        html.push_str("<p>None: no churned account was in the healthiest band.</p>\n");
    } else {
        html.push_str(&table("blindsided", &section.blindsided));
    }
    html.push_str("<h3>What a review of the lowest scores catches</h3>\n");
    html.push_str(&table("capacity", &section.capacity));
    for chart in &section.charts {
        html.push_str(&figure(&chart.id, &chart.svg, &chart.caption));
    }
    if !section.reclassifications.is_empty() {
        html.push_str("<h3>How each comparison moves accounts between bands</h3>\n");
    }
    for (i, r) in section.reclassifications.iter().enumerate() {
        html.push_str(&format!("<h4>{}</h4>\n", escape(&r.title)));
        if let Some(moves) = &r.table {
            html.push_str(&table(&format!("reclassification-{}", i + 1), moves));
        }
        for line in &r.lines {
            html.push_str(&format!("<p>{}</p>\n", escape(line)));
        }
    }
    html
}

/// The "Does the score find growth?" section.
fn growth_section(section: &GrowthView) -> String {
    let mut html = String::from("<h2 id=\"growth\">Does the score find growth?</h2>\n");
    html.push_str(&format!("<p class=\"lead\">{}</p>\n", escape(&section.lead)));
    html.push_str(&table("growth", &section.table));
    html.push_str(&format!("<p class=\"note\">{}</p>\n", escape(&section.note)));
    html.push_str(&list("growth-points", &section.lines));
    for chart in &section.charts {
        html.push_str(&figure(&chart.id, &chart.svg, &chart.caption));
    }
    if !section.comparisons.is_empty() {
        html.push_str("<h3>Is the difference real? (DeLong test on expansion)</h3>\n");
        html.push_str(&list("growth-comparisons", &section.comparisons));
    }
    html
}

/// The whole page.
pub fn render(view: &ReportView) -> String {
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n",
        escape(&view.title),
        escape(&view.subtitle)
    );
    body.push_str("<h2 id=\"verdict\">Verdict</h2>\n<div class=\"verdict\">\n");
    body.push_str(&list("verdict-points", &view.verdict));
    body.push_str("</div>\n");
    body.push_str("<h2 id=\"candidates\">Candidates side by side</h2>\n");
    body.push_str(&table("overview", &view.overview));
    body.push_str(&format!(
        "<p class=\"note\">{}</p>\n",
        escape(&view.overview_note)
    ));
    if !view.comparisons.is_empty() {
        body.push_str("<h3>Is the difference real? (DeLong test on the same accounts)</h3>\n");
        body.push_str(&table("comparisons", &view.comparisons));
    }
    if let Some(fit) = &view.fit {
        body.push_str("<h3>Suggested weights (logistic regression, judged out of fold)</h3>\n");
        body.push_str(&table("weights", fit));
    }
    body.push_str("<h2 id=\"charts\">Charts</h2>\n");
    for chart in &view.charts {
        body.push_str(&figure(&chart.id, &chart.svg, &chart.caption));
    }
    if let Some(migration) = &view.migration {
        body.push_str("<h3>Band moves between consecutive periods (first candidate)</h3>\n");
        body.push_str(&table("migration", migration));
    }
    if let Some(thresholds) = &view.thresholds {
        body.push_str(&thresholds_section(thresholds));
    }
    body.push_str(&misses_section(&view.misses));
    if let Some(growth) = &view.growth {
        body.push_str(&growth_section(growth));
    }
    if let Some(trend) = &view.trend {
        body.push_str("<h2 id=\"trend\">Does the trend matter?</h2>\n");
        body.push_str(&format!("<p class=\"lead\">{}</p>\n", escape(&trend.lead)));
        body.push_str(&table("trend", &trend.table));
        body.push_str(&list("trend-verdicts", &trend.verdicts));
    }
    body.push_str("<h2 id=\"details\">Each candidate in detail</h2>\n");
    for candidate in &view.candidates {
        body.push_str(&candidate_section(candidate));
    }
    body.push_str("<h2 id=\"warnings\">Warnings</h2>\n");
    if view.warnings.is_empty() {
        body.push_str("<p>None.</p>\n");
    } else {
        body.push_str(&list("warnings", &view.warnings));
    }
    body.push_str("<h2 id=\"reproduce\">How to reproduce</h2>\n");
    body.push_str(&format!("<pre>{}</pre>\n", escape(&view.command)));
    body.push_str(&table("inputs", &view.inputs));
    TEMPLATE
        .replace("{{title}}", &escape(&view.title))
        .replace("{{generated}}", &escape(&view.generated))
        .replace("{{body}}", &body)
}

#[cfg(test)]
mod tests {
    use super::{escape, table, thresholds_section};
    use crate::present::report::thresholds;
    use crate::present::Table;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn the_thresholds_section_escapes_names_and_notes() {
        let section = thresholds(
            "<b>card</b>",
            10,
            None,
            Some("column '<i>u</i>' & more"),
            Vec::new(),
        );
        let html = thresholds_section(&section);
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
        assert!(html.contains("&#39;&lt;b&gt;card&lt;/b&gt;&#39;"), "{html}");
        assert!(
            html.contains("column &#39;&lt;i&gt;u&lt;/i&gt;&#39; &amp; more"),
            "{html}"
        );
    }

    #[test]
    fn text_columns_are_left_aligned_and_wrap() {
        let mut rows = Table::new(&["Measure", "Rule", "IV"]).with_text_column(1);
        rows.push(vec!["a".into(), "linear".into(), "0.1".into()]);
        let html = table("t", &rows);
        assert!(
            html.contains("<th>Measure</th><th style=\"text-align: left\">Rule</th><th>IV</th>"),
            "{html}"
        );
        assert!(
            html.contains("<td>a</td><td class=\"wrap\">linear</td><td>0.1</td>"),
            "{html}"
        );
    }
}
