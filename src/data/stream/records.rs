//! The one CSV record splitter of the crate: a record ends at a line break outside double
//! quotes, so a quoted cell may hold line breaks. Used to read a CSV header without
//! scanning the rows, to cut a CSV into slices, and to copy records into period files.

use std::io::BufRead;

/// Reads one CSV record (which may span lines inside quotes) into `record`, line break
/// included; false at the end of the input.
pub fn read_record(reader: &mut impl BufRead, record: &mut Vec<u8>) -> std::io::Result<bool> {
    record.clear();
    let mut quotes = 0;
    loop {
        let start = record.len();
        if reader.read_until(b'\n', record)? == 0 {
            return Ok(!record.is_empty());
        }
        quotes += record[start..].iter().filter(|&&b| b == b'"').count();
        if quotes % 2 == 0 {
            return Ok(true);
        }
    }
}

/// Whether a record is an empty line (which the loader skips).
pub fn is_blank(record: &[u8]) -> bool {
    record.iter().all(|&b| b == b'\n' || b == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_runs_to_the_first_line_break_outside_quotes() {
        let mut input = std::io::Cursor::new(&b"a,\"x\ny\"\n\r\nb,c"[..]);
        let mut record = Vec::new();
        assert!(read_record(&mut input, &mut record).unwrap());
        assert_eq!(record, b"a,\"x\ny\"\n");
        assert!(read_record(&mut input, &mut record).unwrap());
        assert!(is_blank(&record));
        assert!(read_record(&mut input, &mut record).unwrap());
        assert_eq!(record, b"b,c");
        assert!(!read_record(&mut input, &mut record).unwrap());
    }
}
