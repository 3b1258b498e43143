//! Output: writes [`crate::record`]s as JSON Lines, a JSON array, CSV (one row a task) or
//! text for a terminal.

mod csv;
mod text;

use crate::record::Record;
pub use csv::CSV_HEADER;
use csv::{csv_fields, write_csv_row};
use std::io::{self, Write};
use text::text_of;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One record a line.
    Jsonl,
    /// One JSON array.
    Json,
    /// One row a task.
    Csv,
    /// For reading on a terminal: each document's tasks with their fields, and with
    /// `--explain` each value's rule and matched text.
    Text,
}

/// Writes records one at a time in a chosen format.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    written: usize,
}

impl<W: Write> Writer<W> {
    /// A writer; `excel` puts a UTF-8 BOM before CSV so spreadsheets read it right.
    pub fn new(mut out: W, format: Format, excel: bool) -> io::Result<Self> {
        match format {
            Format::Csv => {
                if excel {
                    out.write_all("\u{feff}".as_bytes())?;
                }
                write_csv_row(&mut out, &CSV_HEADER)?;
            }
            Format::Json => out.write_all(b"[")?,
            Format::Jsonl | Format::Text => {}
        }
        Ok(Writer {
            out,
            format,
            written: 0,
        })
    }

    /// Writes one record whole.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
                line.push(b'\n');
                self.out.write_all(&line)?;
            }
            Format::Json => {
                let mut buf = Vec::new();
                if self.written > 0 {
                    buf.push(b',');
                }
                buf.push(b'\n');
                serde_json::to_writer_pretty(&mut buf, record).map_err(io::Error::other)?;
                self.out.write_all(&buf)?;
            }
            Format::Csv => {
                for task in &record.tasks {
                    write_csv_row(&mut self.out, &csv_fields(record, task))?;
                }
            }
            Format::Text => self.out.write_all(text_of(record).as_bytes())?,
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the array (JSON) and flushes; gives the inner writer back.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written > 0 { b"\n]\n" } else { b"]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{DocInfo, Task, SCHEMA};

    fn record() -> Record {
        Record {
            schema: SCHEMA.into(),
            doc: DocInfo {
                id: "a.txt".into(),
                path: "x/a.txt".into(),
                chars: 3,
                ..DocInfo::default()
            },
            tasks: vec![Task {
                id: "a.txt#0".into(),
                text: "要\"整治\",好".into(),
                span: [0, 3],
                section: vec![],
                kind: crate::record::Kind::Directive,
                strength: None,
                categories: vec!["other".into(), "inaction".into()],
                bodies: vec![],
                problem: None,
                deadline: vec![],
                actions: vec![],
                metrics: vec![],
                rules: vec![],
                explain: None,
            }],
            warnings: vec![],
            error: None,
            text: None,
        }
    }

    #[test]
    fn csv_quotes_fields_with_commas_and_quotes() {
        let mut w = Writer::new(Vec::new(), Format::Csv, true).unwrap();
        w.write(&record()).unwrap();
        let s = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(s.starts_with("\u{feff}doc_id,task_id"));
        assert!(s.contains(",other|inaction,"));
        assert!(s.contains("\"要\"\"整治\"\",好\""));
        assert!(s.ends_with("\r\n"));
    }

    #[test]
    fn json_array_round_trips() {
        let mut w = Writer::new(Vec::new(), Format::Json, false).unwrap();
        w.write(&record()).unwrap();
        w.write(&record()).unwrap();
        let s = w.finish().unwrap();
        let back: Vec<Record> = serde_json::from_slice(&s).unwrap();
        assert_eq!(back, vec![record(), record()]);
    }

    #[test]
    fn empty_json_array_is_valid() {
        let w = Writer::new(Vec::new(), Format::Json, false).unwrap();
        let s = w.finish().unwrap();
        let back: Vec<Record> = serde_json::from_slice(&s).unwrap();
        assert!(back.is_empty());
    }
}
