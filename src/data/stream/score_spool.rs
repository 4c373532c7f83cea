//! A growing sample of scores kept in an anonymous temporary file instead of memory: the
//! lead-time view's never-churning snapshots, one score per snapshot of every period, are
//! only read once, at the end, so holding them would make memory grow with the history.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Scores appended period by period and read back whole at the end.
#[derive(Debug)]
pub struct SpooledScores {
    writer: BufWriter<File>,
    count: usize,
}

impl SpooledScores {
    /// An empty sample in a new temporary file (removed by the system when dropped).
    pub fn new() -> std::io::Result<SpooledScores> {
        Ok(SpooledScores {
            writer: BufWriter::new(tempfile::tempfile()?),
            count: 0,
        })
    }

    /// Number of scores appended.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Appends one score.
    pub fn push(&mut self, score: f64) -> std::io::Result<()> {
        self.writer.write_all(&score.to_le_bytes())?;
        self.count += 1;
        Ok(())
    }

    /// Every score appended, in order.
    pub fn read_all(self) -> std::io::Result<Vec<f64>> {
        let mut file = self.writer.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::new(file);
        let mut scores = Vec::with_capacity(self.count);
        let mut bytes = [0u8; 8];
        for _ in 0..self.count {
            reader.read_exact(&mut bytes)?;
            scores.push(f64::from_le_bytes(bytes));
        }
        Ok(scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_written_bit_for_bit() {
        let values = [0.0, -0.0, 1e-9, 99.999_999_999, 100.0, f64::MIN_POSITIVE];
        let mut spool = SpooledScores::new().unwrap();
        assert_eq!(spool.count(), 0);
        for &v in &values {
            spool.push(v).unwrap();
        }
        assert_eq!(spool.count(), values.len());
        let back = spool.read_all().unwrap();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&values));
    }
}
