//! CSV, RFC 4180 (fields with a comma, quote, CR or LF quoted, quotes doubled, CRLF line
//! ends), in two tables that pandas, R and spreadsheets read as they are:
//!
//! - **tasks** ([`CSV_HEADER`]): one row a task, with its document's columns repeated on
//!   each row; a document that failed or has no task still gets one row (its `error`, an
//!   empty task), so that the documents of a table add up to the inputs.
//! - **documents** ([`CSV_DOC_HEADER`], `--per document`): one row a document.
//!
//! Lists are joined with `|`; the section path with ` > `. A task's deadlines are spread
//! over parallel columns named as in the JSON (`deadline` the texts, `deadline_kind`,
//! `deadline_date`, `deadline_from`, `deadline_to`, `deadline_duration`, `deadline_every`),
//! each holding one value a deadline in the same order, empty where a deadline has none:
//! `今年年底前|每季度` gives `deadline_date` `2019-12-31|` and `deadline_every` `|quarter`.

use crate::record::{Deadline, Kind, Record, Task};
use std::io::{self, Write};

/// The columns of the task table.
pub const CSV_HEADER: [&str; 26] = [
    "doc_id",
    "path",
    "title",
    "date",
    "issuer",
    "number",
    "error",
    "task_id",
    "kind",
    "strength",
    "categories",
    "bodies",
    "deadline",
    "deadline_kind",
    "deadline_date",
    "deadline_from",
    "deadline_to",
    "deadline_duration",
    "deadline_every",
    "metrics",
    "actions",
    "section",
    "span_start",
    "span_end",
    "text",
    "rules",
];

/// The columns of the document table (`--per document`).
pub const CSV_DOC_HEADER: [&str; 15] = [
    "doc_id",
    "path",
    "title",
    "date",
    "issuer",
    "number",
    "addressees",
    "format",
    "encoding",
    "chars",
    "tasks",
    "directives",
    "reports",
    "error",
    "warnings",
];

/// The document's columns that open every row of the task table.
fn doc_fields(record: &Record) -> [String; 7] {
    let d = &record.doc;
    [
        d.id.clone(),
        d.path.clone(),
        d.title.clone().unwrap_or_default(),
        d.date.clone().unwrap_or_default(),
        d.issuer.join("|"),
        d.number.clone().unwrap_or_default(),
        record.error.clone().unwrap_or_default(),
    ]
}

/// The rows of one record in the task table: one a task, or one with empty task columns.
pub(super) fn task_rows(record: &Record) -> Vec<Vec<String>> {
    let doc = doc_fields(record);
    if record.tasks.is_empty() {
        let mut row = doc.to_vec();
        row.resize(CSV_HEADER.len(), String::new());
        return vec![row];
    }
    record
        .tasks
        .iter()
        .map(|t| {
            let mut row = doc.to_vec();
            row.extend(task_fields(t));
            row
        })
        .collect()
}

fn task_fields(task: &Task) -> [String; 19] {
    let join = |v: Vec<&str>| v.join("|");
    let each = |f: fn(&Deadline) -> Option<&str>| {
        join(task.deadline.iter().map(|d| f(d).unwrap_or("")).collect())
    };
    [
        task.id.clone(),
        task.kind.to_string(),
        task.strength.map(|s| s.to_string()).unwrap_or_default(),
        join(task.categories.iter().map(String::as_str).collect()),
        join(task.bodies.iter().map(|b| b.text.as_str()).collect()),
        each(|d| Some(d.text.as_str())),
        each(|d| Some(d.kind.as_str())),
        each(|d| d.date.as_deref()),
        each(|d| d.from.as_deref()),
        each(|d| d.to.as_deref()),
        each(|d| d.duration.as_deref()),
        each(|d| d.every.as_deref()),
        join(task.metrics.iter().map(|m| m.text.as_str()).collect()),
        join(task.actions.iter().map(String::as_str).collect()),
        task.section.join(" > "),
        task.span[0].to_string(),
        task.span[1].to_string(),
        task.text.clone(),
        join(task.rules.iter().map(String::as_str).collect()),
    ]
}

/// The row of one record in the document table.
pub(super) fn doc_row(record: &Record) -> [String; 15] {
    let d = &record.doc;
    let count = |k: Kind| {
        record
            .tasks
            .iter()
            .filter(|t| t.kind == k)
            .count()
            .to_string()
    };
    [
        d.id.clone(),
        d.path.clone(),
        d.title.clone().unwrap_or_default(),
        d.date.clone().unwrap_or_default(),
        d.issuer.join("|"),
        d.number.clone().unwrap_or_default(),
        d.addressees.join("|"),
        d.format.clone().unwrap_or_default(),
        d.encoding.clone().unwrap_or_default(),
        d.chars.to_string(),
        record.tasks.len().to_string(),
        count(Kind::Directive),
        count(Kind::Report),
        record.error.clone().unwrap_or_default(),
        record.warnings.join("|"),
    ]
}

/// One CSV row, RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes doubled; CRLF ends the row.
pub(super) fn write_csv_row<W: Write, S: AsRef<str>>(out: &mut W, fields: &[S]) -> io::Result<()> {
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
