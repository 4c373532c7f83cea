//! Where a candidate's score missed, as sentences and a table: the churned accounts it
//! put in the healthiest band, the retained ones in the worst, and what reviewing the
//! lowest-scored accounts would catch.

use super::Table;
use crate::format::{amount, count, number, percent};
use crate::metrics::capacity::CapacityRow;
use crate::validate::Misses;

/// "201 churned accounts in green (12.9% of churned), worth 14,040,664 in value".
pub fn blindsided_sentence(misses: &Misses) -> String {
    let blind = &misses.blindsided;
    let mut sentence = format!(
        "{} churned account{} in {} ({} of churned)",
        count(blind.accounts),
        plural(blind.accounts),
        blind.band,
        percent(blind.share_of_churned)
    );
    if let Some(value) = blind.value {
        sentence.push_str(&format!(", worth {} in value", amount(value)));
    }
    sentence
}

/// "157 retained accounts in red (0.9% of retained)".
pub fn false_alarm_sentence(misses: &Misses) -> String {
    let alarms = &misses.false_alarms;
    format!(
        "{} retained account{} in {} ({} of retained)",
        count(alarms.accounts),
        plural(alarms.accounts),
        alarms.band,
        percent(alarms.share_of_retained)
    )
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// The review capacity table: per share, the cutoff, accounts reviewed, churn caught, its
/// share and lift, and the churned value caught when values were given.
pub fn capacity_table(rows: &[CapacityRow]) -> Table {
    let with_value = rows.iter().any(|r| r.value_churned.is_some());
    let mut header = vec![
        "review",
        "score up to",
        "accounts",
        "churned",
        "share of churn",
        "lift",
    ];
    if with_value {
        header.push("churned value");
    }
    let mut table = Table::new(&header);
    for row in rows {
        let mut cells = vec![
            format!("lowest {}", percent(Some(row.share))),
            number(Some(row.cutoff), 1),
            count(row.accounts),
            count(row.churned),
            percent(row.share_of_churned),
            number(row.lift, 2),
        ];
        if with_value {
            cells.push(row.value_churned.map_or_else(|| "—".to_string(), amount));
        }
        table.push(cells);
    }
    table
}

/// The terminal block "Where the score missed" of one candidate.
pub fn terminal(misses: &Misses, capacity: &[CapacityRow]) -> String {
    let mut out = format!(
        "\nWhere the score missed:\n- blindsided: {}\n- false alarms: {}\n",
        blindsided_sentence(misses),
        false_alarm_sentence(misses)
    );
    if !capacity.is_empty() {
        out.push('\n');
        out.push_str(&capacity_table(capacity).terminal());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Blindsided, FalseAlarms};

    #[test]
    fn the_block_reads_as_sentences_and_a_table() {
        let misses = Misses {
            blindsided: Blindsided {
                band: "green".into(),
                accounts: 1,
                share_of_churned: Some(0.125),
                value: Some(12_345.6),
            },
            false_alarms: FalseAlarms {
                band: "red".into(),
                accounts: 1_200,
                share_of_retained: None,
            },
            measures: Vec::new(),
        };
        let capacity = [CapacityRow {
            share: 0.05,
            cutoff: 47.706,
            accounts: 1_000,
            churned: 192,
            share_of_churned: Some(0.123),
            lift: Some(2.4615),
            value_churned: Some(1_500_000.0),
        }];
        assert_eq!(
            terminal(&misses, &capacity),
            "\nWhere the score missed:\n\
             - blindsided: 1 churned account in green (12.5% of churned), worth 12,346 in value\n\
             - false alarms: 1,200 retained accounts in red (— of retained)\n\
             \n\
             review       score up to  accounts  churned  share of churn  lift  churned value\n\
             lowest 5.0%         47.7     1,000      192           12.3%  2.46      1,500,000\n"
        );
    }
}
