//! The column of a history most likely to hold snapshot dates, for messages that suggest it
//! when account ids repeat and no date column was named.

use std::path::Path;

use super::{date_column, file_columns, read_frame};

/// The first column of `path`, other than those in `skip`, whose every value is an ISO date
/// (as [`date_column`] reads them); `None` when there is none or the file cannot be read.
///
/// Reads the whole file: meant for the error path, not for every run.
pub fn likely_date_column(path: &Path, skip: &[&str]) -> Option<String> {
    let names: Vec<String> = file_columns(path)
        .ok()?
        .into_iter()
        .filter(|name| !skip.contains(&name.as_str()))
        .collect();
    let frame = read_frame(path, &names, &names).ok()?;
    names.into_iter().find(|name| {
        frame
            .column(name)
            .is_ok_and(|column| date_column(column, path).is_ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_column_of_dates_and_skips_the_others() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("h.csv");
        std::fs::write(
            &path,
            "account_id,seats,snapshot_date,churned\nA,3,2025-01-01,0\nA,4,2025-04-01,1\n",
        )
        .expect("write");
        assert_eq!(
            likely_date_column(&path, &["account_id"]),
            Some("snapshot_date".to_string())
        );
        assert_eq!(likely_date_column(&path, &["account_id", "snapshot_date"]), None);
    }
}
