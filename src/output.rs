//! Output: the document record (the JSON contract of `OUTPUT.md`) and its writers.
//!
//! Takes the records the pipeline built; gives JSON Lines, a JSON array or CSV (one row a
//! task). The record types are plain data that own their strings: the stages before pass
//! spans into one cleaned text, and only this stage copies the text out. Field names are
//! a contract: fields are added, never renamed or removed without a new `schema` version.

use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// The schema id written into every record.
pub const SCHEMA: &str = "zhenggai/1";

/// One record per input document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// What the document is.
    pub doc: DocInfo,
    /// The task items, in document order.
    pub tasks: Vec<Task>,
    /// What the reader should know: replaced bytes, a guessed encoding, dropped furniture.
    pub warnings: Vec<String>,
    /// Set when the document could not be read at all; then `tasks` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The cleaned text the spans refer to, with `--emit-text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Facts about the document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct DocInfo {
    /// Stable id: the path relative to the input root it was found under.
    pub id: String,
    /// The path as given on the command line (joined with the file's place below it).
    pub path: String,
    /// The encoding used to decode the bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The title, when the text has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The date of the document (ISO `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when that is all the text gives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The issuing bodies the text names.
    #[serde(default)]
    pub issuer: Vec<String>,
    /// The document number (`中办发〔2019〕16号`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The bodies the document addresses (`要求各地区各部门…`): the inherited body of last resort.
    #[serde(default)]
    pub addressees: Vec<String>,
    /// Length of the cleaned text in chars.
    pub chars: usize,
    /// Sections and speaker parts, in document order.
    #[serde(default)]
    pub sections: Vec<SectionInfo>,
}

/// A section: a heading and what it spans.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SectionInfo {
    /// Index in `doc.sections`.
    pub id: usize,
    /// The heading as written.
    pub title: String,
    /// 1 for the outermost level.
    pub level: u8,
    /// `[start, end)` in chars of the cleaned text, heading included.
    pub span: [usize; 2],
    /// The speaking organisation of a part of a compilation of speeches.
    #[serde(default)]
    pub speaker: Option<String>,
    /// The id of the rule that recognised the heading.
    pub rule: String,
}

/// One rectification task item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Task {
    /// `<doc id>#<n>`, n counting tasks from 0.
    pub id: String,
    /// The unit's text, sliced from the cleaned text.
    pub text: String,
    /// `[start, end)` in chars of the cleaned text.
    pub span: [usize; 2],
    /// The heading path above the unit, outermost first.
    pub section: Vec<String>,
    /// `directive` or `report`.
    pub kind: String,
    /// For directives: `mandatory`, `directive`, `encouraged` or `prohibited`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<String>,
    /// Category ids, main first.
    pub categories: Vec<String>,
    /// Who must act or acted.
    pub bodies: Vec<Body>,
    /// Time expressions that govern the task.
    pub deadline: Vec<Deadline>,
    /// Main verbs.
    pub actions: Vec<String>,
    /// Numbers with their units.
    pub metrics: Vec<Metric>,
    /// Ids of the rules that produced the item and its fields.
    pub rules: Vec<String>,
    /// With `--explain`: for each field value, the rule and the text that produced it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Explanation>>,
}

/// Why a field has a value: the rule that produced it and the text it matched.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Explanation {
    /// The field: `kind`, `strength`, `categories`, `bodies`, `deadline`, `metrics` or `actions`.
    pub field: String,
    /// The value the field got (a kind, a category id, a body's name …).
    pub value: String,
    /// The rule (or built-in step) that produced it.
    pub rule: String,
    /// The text the rule matched: in the unit, or where the value came from (a heading, the
    /// sentence before); empty for a default (`kind.prevailing`, `category.fallback`).
    pub text: String,
    /// Where that text is, in chars of the cleaned text, when it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
}

/// A responsible body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Body {
    /// As written.
    pub text: String,
    /// The name with parentheses and white space normalised (`各级党委(党组)` → `各级党委（党组）`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// `explicit` (named in the unit) or `inherited` (from a speaker, the sentence before, the addressees).
    pub source: String,
    /// Where it is written: in the unit for explicit bodies, where it was inherited from otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    /// The rule that found it.
    pub rule: String,
}

/// A time expression.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Deadline {
    /// As written.
    pub text: String,
    /// One of the kinds of `TASKS.md`.
    pub kind: String,
    /// `[start, end)` in chars of the cleaned text.
    pub span: [usize; 2],
    /// ISO date when it can be resolved against the document's date: the last day allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// First day of a period (`今年上半年` → `2019-01-01`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day of a period (`今年上半年` → `2019-06-30`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// ISO 8601 duration of a `duration` (`3年半` → `P3Y6M`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The period of a `periodic` deadline: `year`, `half-year`, `quarter`, `month`, `week`, `ten-days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    /// The rule that found it.
    pub rule: String,
}

/// A number with its unit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Metric {
    /// As written (`12.2万人`).
    pub text: String,
    /// The parsed value (`122000`); saturates instead of overflowing.
    pub value: f64,
    /// The unit (`人`, `%`, `元`).
    pub unit: String,
    /// `[start, end)` in chars of the cleaned text.
    pub span: [usize; 2],
}

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

/// A record as text for a terminal.
fn text_of(record: &Record) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let d = &record.doc;
    let _ = writeln!(
        s,
        "== {} | {} | {} | {} tasks",
        d.id,
        d.title.as_deref().unwrap_or("(no title)"),
        d.date.as_deref().unwrap_or("(no date)"),
        record.tasks.len()
    );
    if let Some(e) = &record.error {
        let _ = writeln!(s, "   error: {e}");
    }
    for task in &record.tasks {
        let n = task.id.rsplit('#').next().unwrap_or("");
        let strength = task
            .strength
            .as_deref()
            .map(|x| format!("/{x}"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "#{n} {}{strength} [{}, {}] {}",
            task.kind, task.span[0], task.span[1], task.text
        );
        match &task.explain {
            Some(items) => {
                for x in items {
                    let at = x
                        .span
                        .map(|[a, b]| format!(" [{a}, {b}]"))
                        .unwrap_or_default();
                    let quoted = if x.text.is_empty() {
                        String::new()
                    } else {
                        format!(" 「{}」{at}", x.text)
                    };
                    let _ = writeln!(s, "   {:<10} {} <- {}{quoted}", x.field, x.value, x.rule);
                }
            }
            None => {
                let list = |v: Vec<&str>| v.join("、");
                let _ = writeln!(s, "   {:<10} {}", "categories", task.categories.join(", "));
                let _ = writeln!(
                    s,
                    "   {:<10} {}",
                    "bodies",
                    list(task.bodies.iter().map(|b| b.text.as_str()).collect())
                );
                let _ = writeln!(
                    s,
                    "   {:<10} {}",
                    "deadline",
                    list(task.deadline.iter().map(|d| d.text.as_str()).collect())
                );
            }
        }
    }
    s.push('\n');
    s
}

/// The CSV columns: one row a task; lists joined with `|`, the section path with ` > `.
pub const CSV_HEADER: [&str; 12] = [
    "doc_id",
    "task_id",
    "kind",
    "strength",
    "categories",
    "bodies",
    "deadlines",
    "deadline_kinds",
    "metrics",
    "section",
    "text",
    "rules",
];

fn csv_fields(record: &Record, task: &Task) -> [String; 12] {
    let join = |v: Vec<&str>| v.join("|");
    [
        record.doc.id.clone(),
        task.id.clone(),
        task.kind.clone(),
        task.strength.clone().unwrap_or_default(),
        join(task.categories.iter().map(String::as_str).collect()),
        join(task.bodies.iter().map(|b| b.text.as_str()).collect()),
        join(task.deadline.iter().map(|d| d.text.as_str()).collect()),
        join(task.deadline.iter().map(|d| d.kind.as_str()).collect()),
        join(task.metrics.iter().map(|m| m.text.as_str()).collect()),
        task.section.join(" > "),
        task.text.clone(),
        join(task.rules.iter().map(String::as_str).collect()),
    ]
}

/// One CSV row, RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes doubled; CRLF ends the row.
fn write_csv_row<W: Write, S: AsRef<str>>(out: &mut W, fields: &[S]) -> io::Result<()> {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        let field = field.as_ref();
        if i > 0 {
            line.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

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
                kind: "directive".into(),
                strength: None,
                categories: vec!["other".into(), "inaction".into()],
                bodies: vec![],
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
