//! A record's JSON line written in parts as the pipeline makes it: its head, each task as
//! soon as it is made, then the rest. The bytes are those of `serde_json::to_writer` of
//! the whole record (the fields in the record's order, each written by serde_json, the
//! tasks by [`super::json`], which writes the same bytes), so a large document's tasks need
//! not all be held until its end.
//!
//! A record begun is always finished as a valid line: [`JsonlRecord::end`] closes it with
//! the fields the final record has, also when extraction stopped early (a panic caught by
//! the batch: the record then ends with the tasks written so far and its `error` set). Each
//! task is serialized whole before any of it is written, so a line never holds half a task.

use crate::record::{DocInfo, Record, RecordSink, Task, SCHEMA};
use serde::Serialize;
use std::io::{self, Write};

/// One record of a JSON Lines output, written in parts into `out`.
pub struct JsonlRecord<W: Write> {
    out: W,
    /// Whether the head (`{"schema":…,"doc":…,"tasks":[`) is written.
    begun: bool,
    /// Tasks written.
    tasks: usize,
    /// One task's JSON, before it goes out.
    scratch: Vec<u8>,
}

impl<W: Write> JsonlRecord<W> {
    /// A record to write into `out`.
    pub fn new(out: W) -> Self {
        JsonlRecord {
            out,
            begun: false,
            tasks: 0,
            scratch: Vec::new(),
        }
    }

    /// The tasks written so far.
    pub fn tasks(&self) -> usize {
        self.tasks
    }

    /// Ends the line with what follows the tasks in `record` (its `doc` and `tasks` are
    /// not read when the head is written: they went out before); a record whose head was
    /// never written is written whole. Gives the writer back.
    pub fn end(mut self, record: &Record) -> io::Result<W> {
        if !self.begun {
            serde_json::to_writer(&mut self.out, record)?;
            self.tasks = record.tasks.len();
        } else {
            self.out.write_all(b"]")?;
            self.field("warnings", &record.warnings)?;
            if let Some(e) = &record.error {
                self.field("error", e)?;
            }
            if let Some(t) = &record.text {
                self.field("text", t)?;
            }
            if let Some(d) = &record.dropped {
                self.field("dropped", d)?;
            }
            self.out.write_all(b"}")?;
        }
        self.out.write_all(b"\n")?;
        Ok(self.out)
    }

    /// `,"name":value`.
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> io::Result<()> {
        write!(self.out, ",\"{name}\":")?;
        serde_json::to_writer(&mut self.out, value)?;
        Ok(())
    }
}

impl<W: Write> RecordSink for JsonlRecord<W> {
    fn head(&mut self, doc: &DocInfo) -> io::Result<()> {
        self.scratch.clear();
        self.scratch.extend_from_slice(b"{\"schema\":");
        serde_json::to_writer(&mut self.scratch, SCHEMA)?;
        self.scratch.extend_from_slice(b",\"doc\":");
        serde_json::to_writer(&mut self.scratch, doc)?;
        self.scratch.extend_from_slice(b",\"tasks\":[");
        self.out.write_all(&self.scratch)?;
        self.begun = true;
        Ok(())
    }

    fn task(&mut self, task: Task) -> io::Result<()> {
        self.scratch.clear();
        if self.tasks > 0 {
            self.scratch.push(b',');
        }
        super::json::write_task(&mut self.scratch, &task);
        self.out.write_all(&self.scratch)?;
        self.tasks += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Furniture, Kind};

    fn task(n: usize) -> Task {
        Task {
            id: format!("a.txt#{n}"),
            text: "要\"整治\"".into(),
            span: [n, n + 3],
            section: vec!["一、总体要求".into()],
            kind: Kind::Directive,
            strength: None,
            categories: vec!["other".into()],
            bodies: vec![],
            problem: None,
            deadline: vec![],
            actions: vec![],
            metrics: vec![],
            rules: vec!["kind.task.action".into()],
            explain: None,
        }
    }

    fn record(tasks: usize) -> Record {
        Record {
            schema: SCHEMA.into(),
            doc: DocInfo {
                id: "a.txt".into(),
                path: "x/a.txt".into(),
                title: Some("关于…的通知".into()),
                chars: 9,
                ..DocInfo::default()
            },
            tasks: (0..tasks).map(task).collect(),
            warnings: vec!["a \"warning\"".into()],
            error: None,
            text: None,
            dropped: None,
        }
    }

    /// The parts written one after another, as the pipeline gives them.
    fn in_parts(whole: &Record) -> Vec<u8> {
        let mut w = JsonlRecord::new(Vec::new());
        w.head(&whole.doc).unwrap();
        for t in &whole.tasks {
            w.task(t.clone()).unwrap();
        }
        let mut rest = whole.clone();
        rest.tasks.clear();
        w.end(&rest).unwrap()
    }

    fn whole(r: &Record) -> Vec<u8> {
        let mut v = serde_json::to_vec(r).unwrap();
        v.push(b'\n');
        v
    }

    #[test]
    fn parts_give_the_bytes_of_the_whole_record() {
        for n in [0, 1, 3] {
            let r = record(n);
            assert_eq!(in_parts(&r), whole(&r), "{n} tasks");
        }
        let mut r = record(2);
        r.error = Some("internal error".into());
        r.text = Some("全文".into());
        r.dropped = Some(vec![Furniture {
            text: "责任编辑".into(),
            rule: "furniture.editor".into(),
            at: 2,
            whole_line: true,
        }]);
        assert_eq!(in_parts(&r), whole(&r));
    }

    #[test]
    fn a_record_never_begun_is_written_whole() {
        let mut r = record(0);
        r.error = Some("cannot read".into());
        let w = JsonlRecord::new(Vec::new());
        assert_eq!(w.end(&r).unwrap(), whole(&r));
    }

    #[test]
    fn a_record_stopped_after_some_tasks_ends_as_a_valid_line() {
        let r = record(3);
        let mut w = JsonlRecord::new(Vec::new());
        w.head(&r.doc).unwrap();
        w.task(task(0)).unwrap();
        let failed = crate::error_record("a.txt", "x/a.txt", "internal error".into());
        let line = w.end(&failed).unwrap();
        let back: Record = serde_json::from_slice(&line).unwrap();
        assert_eq!(back.tasks.len(), 1);
        assert_eq!(back.doc.title, r.doc.title);
        assert_eq!(back.error.as_deref(), Some("internal error"));
    }
}
