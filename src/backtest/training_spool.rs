//! The walk-forward's training rows kept in an anonymous temporary file between fits: each
//! period adds a sample of its snapshots, and the rows are only read back, whole, to fit
//! the weights between periods, so they do not add to a period's own memory.
//!
//! One record per row, little-endian: the id's length (u32) and UTF-8 bytes, the outcome
//! (u8), the score (f64), the band and profile (u8 each), then per measure a presence byte
//! and the points (f64, 0 when absent).

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use super::fitted::TrainingRows;
use crate::data::History;
use crate::scorecard::ScoredAccounts;

/// Training rows appended period by period and read back for each fit.
#[derive(Debug)]
pub struct TrainingSpool {
    writer: BufWriter<File>,
    measure_names: Vec<String>,
    rows: usize,
    churned: usize,
}

impl TrainingSpool {
    /// No rows yet, for a scorecard with these measure names, in a new temporary file.
    pub fn new(measure_names: Vec<String>) -> std::io::Result<TrainingSpool> {
        Ok(TrainingSpool {
            writer: BufWriter::new(tempfile::tempfile()?),
            measure_names,
            rows: 0,
            churned: 0,
        })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of rows whose account churned.
    pub fn churned(&self) -> usize {
        self.churned
    }

    /// Appends `rows` of a period (its history and the scorecard's scores on it).
    pub fn extend(
        &mut self,
        history: &History,
        scored: &ScoredAccounts,
        rows: &[usize],
    ) -> std::io::Result<()> {
        let out = &mut self.writer;
        for &row in rows {
            let id = history.ids[row].as_bytes();
            let length = u32::try_from(id.len()).map_err(|_| invalid("an account id longer than 4 GB"))?;
            out.write_all(&length.to_le_bytes())?;
            out.write_all(id)?;
            out.write_all(&[u8::from(history.churned[row])])?;
            out.write_all(&scored.scores[row].to_le_bytes())?;
            out.write_all(&[scored.bands[row], scored.profiles[row]])?;
            for column in &scored.points {
                let (present, points) = column.get(row).map_or((0u8, 0.0), |p| (1, p));
                out.write_all(&[present])?;
                out.write_all(&points.to_le_bytes())?;
            }
            self.churned += usize::from(history.churned[row]);
        }
        self.rows += rows.len();
        Ok(())
    }

    /// Every row appended so far, in order, as the fit reads them.
    pub fn load(&mut self) -> std::io::Result<TrainingRows> {
        self.writer.flush()?;
        let file = self.writer.get_mut();
        file.seek(SeekFrom::Start(0))?;
        let mut training = TrainingRows::new(self.measure_names.clone());
        let mut reader = BufReader::new(&mut *file);
        for _ in 0..self.rows {
            read_row(&mut reader, &mut training)?;
        }
        drop(reader);
        file.seek(SeekFrom::End(0))?;
        Ok(training)
    }
}

/// Reads one record into the end of `training`.
fn read_row(reader: &mut impl Read, training: &mut TrainingRows) -> std::io::Result<()> {
    let mut id = vec![0u8; read_u32(reader)? as usize];
    reader.read_exact(&mut id)?;
    let id = String::from_utf8(id).map_err(|_| invalid("an account id that is not UTF-8"))?;
    let (history, scored) = (&mut training.history, &mut training.scored);
    history.ids.push(id);
    history.churned.push(read_u8(reader)? == 1);
    scored.scores.push(read_f64(reader)?);
    scored.bands.push(read_u8(reader)?);
    scored.profiles.push(read_u8(reader)?);
    for column in &mut scored.points {
        let present = read_u8(reader)? == 1;
        let points = read_f64(reader)?;
        column.push(present.then_some(points));
    }
    Ok(())
}

fn read_u8(reader: &mut impl Read) -> std::io::Result<u8> {
    let mut bytes = [0u8; 1];
    reader.read_exact(&mut bytes)?;
    Ok(bytes[0])
}

fn read_u32(reader: &mut impl Read) -> std::io::Result<u32> {
    let mut bytes = [0u8; 4];
    reader.read_exact(&mut bytes)?;
    Ok(u32::from_le_bytes(bytes))
}

fn read_f64(reader: &mut impl Read) -> std::io::Result<f64> {
    let mut bytes = [0u8; 8];
    reader.read_exact(&mut bytes)?;
    Ok(f64::from_le_bytes(bytes))
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("cannot store {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period() -> (History, ScoredAccounts) {
        let history = History {
            ids: vec!["A1".into(), "Bé-2".into(), "".into()],
            churned: vec![true, false, true],
            ..History::default()
        };
        let scored = ScoredAccounts {
            scores: vec![12.5, 99.999_999_999, -0.0],
            bands: vec![0, 2, 1],
            profiles: vec![1, 0, 0],
            measure_names: vec!["a".into(), "b".into()],
            points: vec![
                [Some(0.0), None, Some(100.0)].into(),
                [None, Some(33.3), Some(-0.0)].into(),
            ],
        };
        (history, scored)
    }

    /// `rows` of the period, gathered by hand: what the spool must give back.
    fn gathered(
        history: &History,
        scored: &ScoredAccounts,
        rows: &[usize],
    ) -> (Vec<String>, Vec<bool>, ScoredAccounts) {
        (
            rows.iter().map(|&r| history.ids[r].clone()).collect(),
            rows.iter().map(|&r| history.churned[r]).collect(),
            ScoredAccounts {
                scores: rows.iter().map(|&r| scored.scores[r]).collect(),
                bands: rows.iter().map(|&r| scored.bands[r]).collect(),
                profiles: rows.iter().map(|&r| scored.profiles[r]).collect(),
                measure_names: scored.measure_names.clone(),
                points: scored
                    .points
                    .iter()
                    .map(|column| rows.iter().map(|&r| column.get(r)).collect())
                    .collect(),
            },
        )
    }

    #[test]
    fn reads_back_the_rows_it_was_given_in_order_and_keeps_appending() {
        let (history, scored) = period();
        let mut spool = TrainingSpool::new(scored.measure_names.clone()).unwrap();
        spool.extend(&history, &scored, &[2, 0]).unwrap();
        let first = spool.load().unwrap();
        assert_eq!((spool.rows(), spool.churned()), (2, 2));
        let (ids, churned, expected) = gathered(&history, &scored, &[2, 0]);
        assert_eq!((first.history.ids, first.history.churned), (ids, churned));
        assert_eq!(first.scored, expected);
        spool.extend(&history, &scored, &[1]).unwrap();
        let second = spool.load().unwrap();
        let (ids, _, expected) = gathered(&history, &scored, &[2, 0, 1]);
        assert_eq!(second.history.ids, ids);
        assert_eq!(second.scored, expected);
        assert_eq!(second.scored.scores[0].to_bits(), (-0.0f64).to_bits());
    }
}
