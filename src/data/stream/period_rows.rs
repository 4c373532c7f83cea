//! Which history rows make up each period, with their accounts and snapshot dates, kept in
//! an anonymous temporary file once the timeline is checked: no period needs this per-row
//! index whole (12 bytes a snapshot), so each period's part is read back when the period
//! comes.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Bytes per row in the file: row, account and date, 4 bytes each, little-endian.
const RECORD: usize = 12;

/// One period's snapshots, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodRows {
    /// History-file rows (0-based).
    pub rows: Vec<u32>,
    /// Account number of each row.
    pub accounts: Vec<u32>,
    /// Snapshot date of each row, days since 1970-01-01.
    pub dates: Vec<i32>,
}

/// The rows of every period in a temporary file, period after period.
#[derive(Debug)]
pub struct SpooledPeriodRows {
    file: File,
    /// Period `p` holds records `starts[p]..starts[p + 1]`.
    starts: Vec<u64>,
}

impl SpooledPeriodRows {
    /// Writes the rows of each period (`rows_by_period[p]`, in file order) with their
    /// accounts and dates (indexed by row) to a new temporary file (removed by the system
    /// when dropped).
    pub fn write(
        rows_by_period: &[Vec<u32>],
        account_of_row: &[u32],
        date_of_row: &[i32],
    ) -> std::io::Result<SpooledPeriodRows> {
        let mut starts = vec![0u64];
        let mut writer = BufWriter::new(tempfile::tempfile()?);
        for rows in rows_by_period {
            for &row in rows {
                writer.write_all(&row.to_le_bytes())?;
                writer.write_all(&account_of_row[row as usize].to_le_bytes())?;
                writer.write_all(&date_of_row[row as usize].to_le_bytes())?;
            }
            starts.push(starts[starts.len() - 1] + rows.len() as u64);
        }
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        Ok(SpooledPeriodRows { file, starts })
    }

    /// Number of rows in all periods.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0) as usize
    }

    /// Whether no period holds a row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows of period `period`, in file order.
    pub fn read(&self, period: usize) -> std::io::Result<PeriodRows> {
        let (start, end) = (self.starts[period], self.starts[period + 1]);
        let count = (end - start) as usize;
        let mut rows = PeriodRows {
            rows: Vec::with_capacity(count),
            accounts: Vec::with_capacity(count),
            dates: Vec::with_capacity(count),
        };
        let mut file = &self.file;
        file.seek(SeekFrom::Start(start * RECORD as u64))?;
        let mut reader = BufReader::new(file);
        let mut record = [0u8; RECORD];
        let word = |bytes: &[u8]| -> [u8; 4] { [bytes[0], bytes[1], bytes[2], bytes[3]] };
        for _ in 0..count {
            reader.read_exact(&mut record)?;
            rows.rows.push(u32::from_le_bytes(word(&record[0..4])));
            rows.accounts.push(u32::from_le_bytes(word(&record[4..8])));
            rows.dates.push(i32::from_le_bytes(word(&record[8..12])));
        }
        Ok(rows)
    }

    /// The period of every row, in file order (the inverse of [`SpooledPeriodRows::read`]).
    pub fn period_of_every_row(&self) -> std::io::Result<Vec<u32>> {
        let mut period_of_row = vec![0u32; self.len()];
        for period in 0..self.starts.len() - 1 {
            for row in self.read(period)?.rows {
                period_of_row[row as usize] = period as u32;
            }
        }
        Ok(period_of_row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_period_reads_back_its_rows_in_file_order() {
        let period_of_row = [1, 0, 1, 2, 0];
        let accounts = [7, 8, 9, 7, 9];
        let dates = [-3, 0, 20_000, i32::MAX, i32::MIN];
        let rows_by_period = [vec![1, 4], vec![0, 2], vec![3], vec![]];
        let spool = SpooledPeriodRows::write(&rows_by_period, &accounts, &dates).unwrap();
        assert_eq!(spool.len(), 5);
        let expected = |rows: Vec<u32>| PeriodRows {
            accounts: rows.iter().map(|&r| accounts[r as usize]).collect(),
            dates: rows.iter().map(|&r| dates[r as usize]).collect(),
            rows,
        };
        assert_eq!(spool.read(0).unwrap(), expected(vec![1, 4]));
        assert_eq!(spool.read(1).unwrap(), expected(vec![0, 2]));
        // read out of order and twice: each read seeks to its own part
        assert_eq!(spool.read(2).unwrap(), expected(vec![3]));
        assert_eq!(spool.read(0).unwrap(), expected(vec![1, 4]));
        assert_eq!(spool.read(3).unwrap(), PeriodRows::default());
        assert_eq!(spool.period_of_every_row().unwrap(), period_of_row);
    }
}
