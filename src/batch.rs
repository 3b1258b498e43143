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
//! goes on. [`run_jsonl`] writes JSON Lines in the same order, each record's tasks as they
//! are made, so that a large document's tasks are not all held.

use crate::input::{self, Doc, Listed, Lister};
use crate::output::JsonlRecord;
use crate::record::Record;
use crate::{error_record, Options, Pipeline};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

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
    .unwrap_or_else(|_| (error_record(&id, &path, PANICKED.to_string()), 0))
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
    let max_bytes = lister.max_bytes;
    let mut summary = Summary::default();
    let job = |_seq: usize, doc: Doc| process_guarded(pipeline, doc, opts, max_bytes);
    let skipped = run_ordered(lister, pool, &job, &mut |(record, bytes)| {
        summary.documents += 1;
        summary.tasks += record.tasks.len();
        summary.bytes += bytes;
        if let Some(e) = &record.error {
            summary.failed += 1;
            writeln!(log, "zhenggai: {}: {e}", record.doc.path)?;
        }
        sink(record)?;
        progress(&summary);
        Ok(())
    })?;
    summary.skipped = skipped;
    Ok(summary)
}

/// Runs `job` over every document of `lister` on `pool` and gives what each gives to
/// `done` on the calling thread, in input order (`job` has the document's place in it,
/// from 0). Gives the files passed over. Stops at the first error of `done`.
fn run_ordered<T: Send>(
    lister: &Lister,
    pool: &rayon::ThreadPool,
    job: &(dyn Fn(usize, Doc) -> T + Sync),
    done: &mut dyn FnMut(T) -> io::Result<()>,
) -> io::Result<Vec<input::Skipped>> {
    let threads = pool.current_num_threads().max(1);
    let window = WINDOW_PER_THREAD * threads;
    let mut skipped = Vec::new();
    std::thread::scope(|scope| {
        let (doc_tx, doc_rx) = mpsc::sync_channel::<Listed>(threads);
        let reader = scope.spawn(move || {
            lister.walk_all(&mut |listed| match doc_tx.send(listed) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            })
        });
        let (done_tx, done_rx) = mpsc::channel::<(usize, T)>();
        let result = pool.in_place_scope(|s| -> io::Result<()> {
            let (mut next, mut head) = (0usize, 0usize);
            let mut finished: BTreeMap<usize, T> = BTreeMap::new();
            let mut listed_all = false;
            loop {
                while !listed_all && next - head < window {
                    match doc_rx.recv() {
                        Ok(Listed::Skipped(s)) => skipped.push(s),
                        Ok(Listed::Doc(doc)) => {
                            let done = done_tx.clone();
                            let seq = next;
                            s.spawn(move |_| {
                                let _ = done.send((seq, job(seq, doc)));
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
                while let Some(out) = finished.remove(&head) {
                    head += 1;
                    done(out)?;
                }
            }
        });
        // on an early stop the reader is blocked on a full channel: closing it ends the walk
        drop(doc_rx);
        let _ = reader.join();
        result
    })?;
    Ok(skipped)
}

/// Like [`run`], writing each record as a JSON line into `out` (the bytes of
/// [`crate::output::Writer`]'s JSONL) with its tasks written as they are made
/// ([`JsonlRecord`]), so that a large document's tasks are not all held: the document at
/// the head of the line writes into `out` directly, the others keep their lines until it
/// is their turn. A document whose processing panics after its record was begun ends it
/// with the tasks written so far and `error` set (and a line on `log`): every line stays
/// valid JSON.
pub fn run_jsonl<L: Write>(
    pipeline: &Pipeline,
    lister: &Lister,
    opts: &Options,
    pool: &rayon::ThreadPool,
    out: &mut (dyn Write + Send),
    log: &mut L,
    progress: &mut dyn FnMut(&Summary),
) -> io::Result<Summary> {
    let max_bytes = lister.max_bytes;
    let shared = InOrder {
        head: AtomicUsize::new(0),
        out: Mutex::new(out),
    };
    let mut summary = Summary::default();
    let job = |seq: usize, doc: Doc| {
        let out = DocOut {
            seq,
            shared: &shared,
            held: Vec::new(),
            direct: false,
        };
        stream_guarded(pipeline, doc, opts, max_bytes, JsonlRecord::new(out))
    };
    let skipped = run_ordered(lister, pool, &job, &mut |d: Streamed| {
        let (path, error, held) = d.result?;
        shared.lock()?.write_all(&held)?;
        shared.head.fetch_add(1, Ordering::AcqRel);
        summary.documents += 1;
        summary.tasks += d.tasks;
        summary.bytes += d.bytes;
        if let Some(e) = &error {
            summary.failed += 1;
            writeln!(log, "zhenggai: {path}: {e}")?;
        }
        progress(&summary);
        Ok(())
    })?;
    summary.skipped = skipped;
    Ok(summary)
}

/// The output of [`run_jsonl`], shared by the documents in flight.
struct InOrder<'w> {
    /// The place in input order of the document whose turn it is to write.
    head: AtomicUsize,
    out: Mutex<&'w mut (dyn Write + Send)>,
}

impl<'w> InOrder<'w> {
    fn lock(&self) -> io::Result<std::sync::MutexGuard<'_, &'w mut (dyn Write + Send)>> {
        self.out
            .lock()
            .map_err(|_| io::Error::other("the output was left broken by a panic"))
    }
}

/// One document's way into [`InOrder`]: straight into the output once it is the head of the
/// line (everything before it written), kept until then.
struct DocOut<'o, 'w> {
    seq: usize,
    shared: &'o InOrder<'w>,
    held: Vec<u8>,
    direct: bool,
}

impl Write for DocOut<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // the head moves on only once this document is done: once it is here, it stays
        if !self.direct && self.shared.head.load(Ordering::Acquire) == self.seq {
            self.direct = true;
            let held = std::mem::take(&mut self.held);
            self.shared.lock()?.write_all(&held)?;
        }
        if self.direct {
            self.shared.lock()?.write_all(buf)?;
        } else {
            self.held.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a document of [`run_jsonl`] gives: its path, error and what it kept of its line
/// (empty when it wrote it directly), or the output's error; its tasks and bytes read.
struct Streamed {
    result: io::Result<(String, Option<String>, Vec<u8>)>,
    tasks: usize,
    bytes: u64,
}

/// Reads one document and writes its record through `w`, as [`process_guarded`] makes it.
fn stream_guarded(
    pipeline: &Pipeline,
    doc: Doc,
    opts: &Options,
    max_bytes: u64,
    mut w: JsonlRecord<DocOut<'_, '_>>,
) -> Streamed {
    let (id, path, warnings) = (doc.id.clone(), doc.path.clone(), doc.warnings.clone());
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        match doc.bytes(max_bytes) {
            Ok(bytes) => {
                let read = bytes.len() as u64;
                let mut record = (pipeline.run_owned_into(&id, &path, bytes, opts, &mut w))?.record;
                record.warnings.extend(warnings);
                Ok((record, read))
            }
            Err(cause) => Ok((error_record(&id, &path, cause), 0)),
        }
    }));
    let (record, bytes) = match run {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => {
            return Streamed {
                result: Err(e),
                tasks: 0,
                bytes: 0,
            }
        }
        Err(_) => (error_record(&id, &path, PANICKED.to_string()), 0),
    };
    // the tasks went out one by one, or (a record never begun) are in the record
    let tasks = w.tasks() + record.tasks.len();
    let result = (w.end(&record)).map(|out| (record.doc.path, record.error, out.held));
    Streamed {
        result,
        tasks,
        bytes,
    }
}

/// The error of a document whose processing panicked.
const PANICKED: &str = "internal error: the pipeline panicked";

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
