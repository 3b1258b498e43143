//! Batch: a stream of documents through the pipeline, in parallel, written in input order.
//!
//! Takes an [`input::Lister`] (what to read) and a sink for records; gives every record to
//! the sink in the order the lister gives the documents, whatever the number of threads.
//!
//! How: one thread lists and reads the inputs (archives are streams, read in order) into a
//! bounded channel; the calling thread hands each document to the rayon pool and gives the
//! finished records to the sink in input order as soon as the head of the line is done.
//! At most a window of documents ([`WINDOW_PER_THREAD`] a thread) is in flight, so memory is
//! bounded by the window, not by the corpus. A document that cannot be read, or whose
//! processing panics, becomes a record with `error` set and a line on the log; the batch
//! goes on.

use crate::input::{self, Doc, Listed, Lister};
use crate::record::Record;
use crate::{error_record, Options, Pipeline};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::sync::mpsc;

/// Documents in flight (read, being processed, or done and waiting for the head) per thread.
pub const WINDOW_PER_THREAD: usize = 4;

/// Reads one document and runs the pipeline over it; never fails. Gives the record and the
/// number of bytes read.
pub fn process(pipeline: &Pipeline, doc: Doc, opts: &Options, max_bytes: u64) -> (Record, u64) {
    let (id, path, warnings) = (doc.id.clone(), doc.path.clone(), doc.warnings.clone());
    match doc.bytes(max_bytes) {
        Ok(bytes) => {
            let read = bytes.len() as u64;
            let mut record = pipeline.run_owned(&id, &path, bytes, opts).record;
            record.warnings.extend(warnings);
            (record, read)
        }
        Err(cause) => (error_record(&id, &path, cause), 0),
    }
}

/// Like [`process`], with a panic turned into an error record (a bug must not stop a batch).
fn process_guarded(pipeline: &Pipeline, doc: Doc, opts: &Options, max_bytes: u64) -> (Record, u64) {
    let (id, path) = (doc.id.clone(), doc.path.clone());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process(pipeline, doc, opts, max_bytes)
    }))
    .unwrap_or_else(|_| {
        (
            error_record(
                &id,
                &path,
                "internal error: the pipeline panicked".to_string(),
            ),
            0,
        )
    })
}

/// Totals of a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records written.
    pub documents: usize,
    /// Task items written.
    pub tasks: usize,
    /// Records with `error` set.
    pub failed: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Files met in folders and archives that are not documents, in input order.
    pub skipped: Vec<input::Skipped>,
}

impl Summary {
    /// The files passed over, counted by extension: `2 .xlsx, 1 .png` (most first, then
    /// by name); empty when none was.
    pub fn skipped_by_extension(&self) -> String {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &self.skipped {
            *counts.entry(s.extension.as_str()).or_default() += 1;
        }
        let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let parts: Vec<String> = counts.iter().map(|(e, n)| format!("{n} {e}")).collect();
        parts.join(", ")
    }
}

/// Runs the pipeline over every document of `lister` on `pool` and gives each record, in
/// input order, to `sink`, which owns it (the Python package hands it on without a copy);
/// after each, `progress` sees the totals so far. Each failure is reported on `log` with
/// the file and the cause. Stops at the first error of `sink` or `log` (a closed pipe) and
/// returns it.
pub fn run<L: Write>(
    pipeline: &Pipeline,
    lister: &Lister,
    opts: &Options,
    pool: &rayon::ThreadPool,
    sink: &mut dyn FnMut(Record) -> io::Result<()>,
    log: &mut L,
    progress: &mut dyn FnMut(&Summary),
) -> io::Result<Summary> {
    let threads = pool.current_num_threads().max(1);
    let window = WINDOW_PER_THREAD * threads;
    let max_bytes = lister.max_bytes;
    let mut summary = Summary::default();
    std::thread::scope(|scope| {
        let (doc_tx, doc_rx) = mpsc::sync_channel::<Listed>(threads);
        let reader = scope.spawn(move || {
            lister.walk_all(&mut |listed| match doc_tx.send(listed) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            })
        });
        let (done_tx, done_rx) = mpsc::channel::<(usize, (Record, u64))>();
        let result = pool.in_place_scope(|s| -> io::Result<()> {
            let (mut next, mut head) = (0usize, 0usize);
            let mut finished: BTreeMap<usize, (Record, u64)> = BTreeMap::new();
            let mut listed_all = false;
            loop {
                while !listed_all && next - head < window {
                    match doc_rx.recv() {
                        Ok(Listed::Skipped(skipped)) => summary.skipped.push(skipped),
                        Ok(Listed::Doc(doc)) => {
                            let done = done_tx.clone();
                            let seq = next;
                            s.spawn(move |_| {
                                let _ = done
                                    .send((seq, process_guarded(pipeline, doc, opts, max_bytes)));
                            });
                            next += 1;
                        }
                        Err(_) => listed_all = true,
                    }
                }
                if head == next {
                    return Ok(());
                }
                // every job sends exactly once, so a result is on its way
                let (seq, out) = done_rx
                    .recv()
                    .map_err(|_| io::Error::other("a worker thread stopped"))?;
                finished.insert(seq, out);
                while let Some((record, bytes)) = finished.remove(&head) {
                    head += 1;
                    summary.documents += 1;
                    summary.tasks += record.tasks.len();
                    summary.bytes += bytes;
                    if let Some(e) = &record.error {
                        summary.failed += 1;
                        writeln!(log, "zhenggai: {}: {e}", record.doc.path)?;
                    }
                    sink(record)?;
                    progress(&summary);
                }
            }
        });
        // on an early stop the reader is blocked on a full channel: closing it ends the walk
        drop(doc_rx);
        let _ = reader.join();
        result
    })?;
    Ok(summary)
}

/// Runs the pipeline over every document of `lister` on the current thread and collects
/// the records (small corpora: evaluation, tests).
pub fn extract_all(pipeline: &Pipeline, lister: &Lister, opts: &Options) -> Vec<Record> {
    lister
        .collect()
        .into_iter()
        .map(|doc| process(pipeline, doc, opts, lister.max_bytes).0)
        .collect()
}

/// The sources of a list of command-line paths.
pub fn sources(paths: &[std::path::PathBuf]) -> Vec<input::Source> {
    paths.iter().cloned().map(input::Source::Path).collect()
}
