//! Stats: counts over records — tasks per category, per body, per deadline kind, per
//! document and per year.
//!
//! Takes [`Record`]s one at a time (fresh from the pipeline, or read back from JSONL or a
//! JSON array with [`Stats::add_records_from`]); gives a [`Stats`] that prints as a table
//! or serialises to JSON. Memory is bounded by the number of distinct categories, bodies,
//! deadline kinds, years and task counts, never by the number of documents.

use crate::record::Record;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::BufRead;

/// Rows shown per table in [`Stats::table`] (the JSON holds them all).
pub const TABLE_ROWS: usize = 20;

/// Counts over a set of records.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Stats {
    /// Records seen.
    pub documents: u64,
    /// Records with `error` set.
    pub failed: u64,
    /// Task items.
    pub tasks: u64,
    /// Tasks per category id (a task counts once for each of its categories).
    pub categories: BTreeMap<String, u64>,
    /// Tasks per body (canonical name when there is one; a task counts once a body).
    pub bodies: BTreeMap<String, u64>,
    /// Deadlines per kind.
    pub deadline_kinds: BTreeMap<String, u64>,
    /// Tasks per kind (`directive`, `report`).
    pub kinds: BTreeMap<String, u64>,
    /// Documents per number of tasks: `{"0": 3, "12": 1}` (the distribution over documents).
    pub tasks_per_document: BTreeMap<u64, u64>,
    /// The document with the most tasks, and their number.
    pub most_tasks: Option<(String, u64)>,
    /// Documents per year of the document's date (`unknown` when it has none).
    pub documents_per_year: BTreeMap<String, u64>,
    /// Tasks per year of the document's date.
    pub tasks_per_year: BTreeMap<String, u64>,
}

pub use crate::record::is_record_file as is_records_file;

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

impl Stats {
    /// Counts one record.
    pub fn add(&mut self, record: &Record) {
        self.documents += 1;
        if record.error.is_some() {
            self.failed += 1;
        }
        let n = record.tasks.len() as u64;
        self.tasks += n;
        *self.tasks_per_document.entry(n).or_insert(0) += 1;
        if self.most_tasks.as_ref().is_none_or(|(_, m)| n > *m) {
            self.most_tasks = Some((record.doc.id.clone(), n));
        }
        let year = record
            .doc
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or("unknown");
        bump(&mut self.documents_per_year, year);
        *self.tasks_per_year.entry(year.to_string()).or_insert(0) += n;
        for t in &record.tasks {
            bump(&mut self.kinds, t.kind.as_str());
            for c in &t.categories {
                bump(&mut self.categories, c);
            }
            let mut names: Vec<&str> = t
                .bodies
                .iter()
                .map(|b| b.canonical.as_deref().unwrap_or(&b.text))
                .collect();
            names.sort_unstable();
            names.dedup();
            for b in names {
                bump(&mut self.bodies, b);
            }
            for d in &t.deadline {
                bump(&mut self.deadline_kinds, d.kind.as_str());
            }
        }
    }

    /// Counts the records of a record file ([`crate::record::read_records`]). Gives one
    /// message a line (or array) that is not a record, naming `name` and the line; the
    /// others are counted.
    pub fn add_records_from<R: BufRead>(&mut self, name: &str, reader: R) -> Vec<String> {
        let problems = crate::record::read_records(reader, |r| self.add(&r));
        problems
            .into_iter()
            .map(|p| format!("{name}: {p}"))
            .collect()
    }

    /// The counts as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The counts as plain-text tables, largest first, [`TABLE_ROWS`] rows each at most.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} documents ({} failed), {} tasks",
            self.documents, self.failed, self.tasks
        );
        if let Some((id, n)) = &self.most_tasks {
            let _ = writeln!(out, "most tasks: {n} in {id}");
        }
        let per_doc: BTreeMap<String, u64> = self
            .tasks_per_document
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        let tables: [(&str, &str, &BTreeMap<String, u64>, bool); 7] = [
            ("kind", "tasks", &self.kinds, true),
            ("category", "tasks", &self.categories, true),
            ("body", "tasks", &self.bodies, true),
            ("deadline kind", "deadlines", &self.deadline_kinds, true),
            ("tasks in a document", "documents", &per_doc, false),
            ("year", "documents", &self.documents_per_year, false),
            ("year", "tasks", &self.tasks_per_year, false),
        ];
        for (head, unit, map, by_count) in tables {
            table(&mut out, head, unit, map, by_count);
        }
        out
    }
}

/// One table: rows sorted by count (then name), or by key when `by_count` is false.
fn table(out: &mut String, head: &str, unit: &str, map: &BTreeMap<String, u64>, by_count: bool) {
    let mut rows: Vec<(&String, &u64)> = map.iter().collect();
    if by_count {
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    } else {
        rows.sort_by_key(|(k, _)| (k.parse::<u64>().unwrap_or(u64::MAX), k.as_str()));
    }
    let width = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let shown = &rows[..rows.len().min(TABLE_ROWS)];
    let w = shown
        .iter()
        .map(|(k, _)| width(k))
        .chain([width(head)])
        .max()
        .unwrap_or(0);
    let _ = writeln!(out, "\n{head}{} {unit:>9}", " ".repeat(w - width(head)));
    for (k, v) in shown {
        let _ = writeln!(out, "{k}{} {v:>9}", " ".repeat(w - width(k)));
    }
    if rows.len() > shown.len() {
        let _ = writeln!(out, "… {} more (see --json)", rows.len() - shown.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Body, Deadline, DocInfo, Task, SCHEMA};

    fn record(id: &str, date: Option<&str>, tasks: usize) -> Record {
        let task = |i: usize| Task {
            id: format!("{id}#{i}"),
            text: "各级党委要于年底前完成整改。".into(),
            span: [0, 14],
            section: vec![],
            kind: crate::record::Kind::Directive,
            strength: None,
            categories: vec!["inaction".into(), "other".into()],
            bodies: vec![Body {
                text: "各级党委(党组)".into(),
                canonical: Some("各级党委（党组）".into()),
                source: crate::record::BodySource::Explicit,
                span: Some([0, 4]),
                role: None,
                rule: "x".into(),
            }],
            problem: None,
            deadline: vec![Deadline {
                text: "年底前".into(),
                kind: crate::record::DeadlineKind("date".into()),
                span: [6, 9],
                date: None,
                from: None,
                to: None,
                duration: None,
                every: None,
                rule: "y".into(),
            }],
            actions: vec![],
            metrics: vec![],
            rules: vec![],
            explain: None,
        };
        Record {
            schema: SCHEMA.into(),
            doc: DocInfo {
                id: id.into(),
                path: id.into(),
                date: date.map(str::to_string),
                ..DocInfo::default()
            },
            tasks: (0..tasks).map(task).collect(),
            warnings: vec![],
            error: None,
            text: None,
            dropped: None,
        }
    }

    #[test]
    fn counts_categories_bodies_kinds_documents_and_years() {
        let mut s = Stats::default();
        s.add(&record("a", Some("2019-06-01"), 2));
        s.add(&record("b", None, 3));
        s.add(&record("c", Some("2019"), 0));
        assert_eq!((s.documents, s.tasks), (3, 5));
        assert_eq!(s.categories["inaction"], 5);
        assert_eq!(s.bodies["各级党委（党组）"], 5);
        assert_eq!(s.deadline_kinds["date"], 5);
        assert_eq!(
            s.tasks_per_document,
            BTreeMap::from([(0, 1), (2, 1), (3, 1)])
        );
        assert_eq!(s.most_tasks, Some(("b".to_string(), 3)));
        assert_eq!(s.documents_per_year["2019"], 2);
        assert_eq!(s.tasks_per_year["unknown"], 3);
        let t = s.table();
        assert!(t.starts_with("3 documents (0 failed), 5 tasks"), "{t}");
        assert!(t.contains("各级党委（党组）"), "{t}");
    }

    #[test]
    fn reads_jsonl_and_json_arrays_and_names_bad_lines() {
        let a = serde_json::to_string(&record("a", None, 1)).unwrap();
        let mut s = Stats::default();
        let problems = s.add_records_from("x.jsonl", format!("{a}\n\n{{oops\n{a}\n").as_bytes());
        assert_eq!(s.documents, 2);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("x.jsonl: line 3"), "{problems:?}");
        let mut s = Stats::default();
        assert!(s
            .add_records_from("y.json", format!(" [{a},{a}]").as_bytes())
            .is_empty());
        assert_eq!(s.tasks, 2);
    }
}
