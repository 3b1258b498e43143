//! Output: writes [`crate::record`]s as JSON Lines, a JSON array, CSV (a table of tasks or
//! of documents, see [`csv`]) or text for a terminal; [`JsonlRecord`] writes one record's
//! JSON line in parts, its tasks as the pipeline makes them; [`file`] opens `-o` targets
//! safely; [`html`] holds what the HTML pages share.

pub mod csv;
pub mod file;
pub mod html;
mod json;
mod jsonl;
mod text;

use crate::record::Record;
use csv::{doc_row, task_rows, write_csv_row};
pub use csv::{CSV_DOC_HEADER, CSV_HEADER};
pub use file::{OutputError, OutputFile, TempFiles};
pub use jsonl::JsonlRecord;
use std::io::{self, Write};
use text::text_of;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One record a line.
    Jsonl,
    /// One JSON array.
    Json,
    /// One row a task (a document without tasks or that failed: one row with its error).
    Csv,
    /// One row a document (`--format csv --per document`).
    CsvDocuments,
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
            Format::Csv | Format::CsvDocuments => {
                if excel {
                    out.write_all("\u{feff}".as_bytes())?;
                }
                if format == Format::Csv {
                    write_csv_row(&mut out, &CSV_HEADER)?;
                } else {
                    write_csv_row(&mut out, &CSV_DOC_HEADER)?;
                }
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

    /// Writes one record whole. JSON goes straight into the output, not through a copy of
    /// the record's text: a large document's record is several times its size (give a
    /// buffered writer).
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, record)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.written > 0 { b",\n" } else { b"\n" })?;
                serde_json::to_writer_pretty(&mut self.out, record)?;
            }
            Format::Csv => {
                for row in task_rows(record) {
                    write_csv_row(&mut self.out, &row)?;
                }
            }
            Format::CsvDocuments => write_csv_row(&mut self.out, &doc_row(record))?,
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
            dropped: None,
        }
    }

    #[test]
    fn csv_quotes_fields_with_commas_and_quotes() {
        let mut w = Writer::new(Vec::new(), Format::Csv, true).unwrap();
        w.write(&record()).unwrap();
        let s = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(s.starts_with("\u{feff}doc_id,path,title"));
        assert!(s.contains(",other|inaction,"));
        assert!(s.contains("\"要\"\"整治\"\",好\""));
        assert!(s.ends_with("\r\n"));
    }

    #[test]
    fn csv_rows_for_documents_without_tasks_and_deadline_columns_in_parallel() {
        use crate::record::{Deadline, DeadlineKind};
        let mut failed = record();
        failed.tasks.clear();
        failed.error = Some("scanned PDF: no text layer (OCR it first)".into());
        let mut dated = record();
        let deadline = |text: &str, kind: &str, date: Option<&str>, every: Option<&str>| Deadline {
            text: text.into(),
            kind: DeadlineKind(kind.into()),
            span: [0, 1],
            date: date.map(String::from),
            from: None,
            to: None,
            duration: None,
            every: every.map(String::from),
            rule: "r".into(),
        };
        dated.tasks[0].deadline = vec![
            deadline("年底前", "date", Some("2019-12-31"), None),
            deadline("每季度", "periodic", None, Some("quarter")),
        ];
        let mut w = Writer::new(Vec::new(), Format::Csv, false).unwrap();
        w.write(&failed).unwrap();
        w.write(&dated).unwrap();
        let s = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = s.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER.join(","));
        let failed_row: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(failed_row.len(), CSV_HEADER.len());
        assert_eq!(failed_row[6], "scanned PDF: no text layer (OCR it first)");
        assert!(failed_row[7..].iter().all(|f| f.is_empty()));
        let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).unwrap();
        let row: Vec<&str> = lines[2].split(',').collect();
        assert_eq!(row[col("deadline")], "年底前|每季度");
        assert_eq!(row[col("deadline_date")], "2019-12-31|");
        assert_eq!(row[col("deadline_every")], "|quarter");

        let mut w = Writer::new(Vec::new(), Format::CsvDocuments, false).unwrap();
        w.write(&failed).unwrap();
        w.write(&dated).unwrap();
        let s = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = s.split("\r\n").collect();
        assert_eq!(lines[0], CSV_DOC_HEADER.join(","));
        assert_eq!(lines.len(), 4, "header, two documents, end");
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
