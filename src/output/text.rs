//! The record as text for a terminal: each task with its fields, or with `--explain` each
//! value's rule and matched text.

use crate::record::Record;

/// A record as text for a terminal.
pub(super) fn text_of(record: &Record) -> String {
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
            .map(|s| s.as_str())
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
