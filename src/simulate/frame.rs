//! Simulated snapshots as a polars table with the documented column names.

use polars::prelude::*;

use super::Snapshot;
use crate::data::dates::format_date;

/// The history as a table: one row per account per quarter, columns as in
/// notebooks-data/README.md.
pub fn history_frame(rows: &[Snapshot]) -> PolarsResult<DataFrame> {
    let column = |name: &str, values: Vec<f64>| Column::new(name.into(), values);
    let counts = |name: &str, get: fn(&Snapshot) -> u32| {
        Column::new(name.into(), rows.iter().map(get).collect::<Vec<u32>>())
    };
    let numbers = |name: &str, get: fn(&Snapshot) -> f64| column(name, rows.iter().map(get).collect());
    let columns = vec![
        Column::new(
            "account_id".into(),
            rows.iter()
                .map(|r| format!("ACC-{:07}", r.account))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "snapshot_date".into(),
            rows.iter().map(|r| format_date(r.date)).collect::<Vec<_>>(),
        ),
        Column::new(
            "segment".into(),
            rows.iter().map(|r| r.segment).collect::<Vec<_>>(),
        ),
        Column::new(
            "lifecycle_stage".into(),
            rows.iter().map(|r| r.lifecycle_stage).collect::<Vec<_>>(),
        ),
        numbers("arr", |r| r.arr),
        counts("seats_licensed", |r| r.seats_licensed),
        counts("seats_used", |r| r.seats_used),
        numbers("seat_utilization", |r| r.seat_utilization),
        numbers("weekly_active_pct", |r| r.weekly_active_pct),
        numbers("logins_per_user_week", |r| r.logins_per_user_week),
        numbers("feature_adoption", |r| r.feature_adoption),
        counts("open_tickets", |r| r.open_tickets),
        counts("priority_tickets", |r| r.priority_tickets),
        numbers("avg_resolution_hours", |r| r.avg_resolution_hours),
        counts("days_to_renewal", |r| r.days_to_renewal),
        counts("days_payment_overdue", |r| r.days_payment_overdue),
        Column::new("nps".into(), rows.iter().map(|r| r.nps).collect::<Vec<_>>()),
        Column::new("csat".into(), rows.iter().map(|r| r.csat).collect::<Vec<_>>()),
        Column::new(
            "csm_sentiment".into(),
            rows.iter().map(|r| r.csm_sentiment).collect::<Vec<_>>(),
        ),
        Column::new(
            "exec_sponsor".into(),
            rows.iter()
                .map(|r| if r.exec_sponsor { "yes" } else { "no" })
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "churned".into(),
            rows.iter().map(|r| u32::from(r.churned)).collect::<Vec<_>>(),
        ),
        Column::new(
            "churn_date".into(),
            rows.iter()
                .map(|r| r.churn_date.map(format_date))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "expanded".into(),
            rows.iter().map(|r| r.expanded.map(u32::from)).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns)
}
