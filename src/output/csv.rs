//! CSV, RFC 4180: one row a task.

use crate::record::{Record, Task};
use std::io::{self, Write};

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

pub(super) fn csv_fields(record: &Record, task: &Task) -> [String; 12] {
    let join = |v: Vec<&str>| v.join("|");
    [
        record.doc.id.clone(),
        task.id.clone(),
        task.kind.to_string(),
        task.strength.map(|s| s.to_string()).unwrap_or_default(),
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
