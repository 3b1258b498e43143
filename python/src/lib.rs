//! `zhenggai._zhenggai`: the Rust pipeline behind the Python package.
//!
//! Takes documents as bytes (one, or a Python iterable of them), paths as the CLI takes
//! them, and records (JSON text) for `compare` and `evaluate`. Gives records as dicts, one
//! a document, equal to what `json.loads` makes of the line `zhenggai extract` writes,
//! built straight from the record ([`to_py`]) on the thread that holds the GIL, while the
//! pool extracts the next documents; reports come as JSON text. The Python layer
//! (`zhenggai/__init__.py`) turns the text into dicts and the dicts into frames.
//!
//! Every call runs the library's pipeline with the GIL released: rules compile, documents
//! are extracted and reports are computed while other Python threads run. Batches
//! ([`Batch`], [`PathBatch`]) run on a rayon pool of their own and give records in input
//! order, keeping at most [`zhenggai::batch::WINDOW_PER_THREAD`] documents a thread in
//! flight, as the CLI does. Nothing here panics on input: a document that cannot be read,
//! or whose extraction panics, is a record with `error` set; a file the library cannot use
//! (rules, gold, a comparison's input) raises `zhenggai.Error` with its `path` and `cause`.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyIterator};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use zhenggai::batch::{self, WINDOW_PER_THREAD};
use zhenggai::compare::{self, CompareOptions, CompareRules};
use zhenggai::eval::{self, EvalError};
use zhenggai::input::{Lister, Shard, Source};
use zhenggai::record::Record;
use zhenggai::rules::RuleSources;
use zhenggai::{error_record, Options};

mod to_py;
use to_py::{to_py, Keys};

// the CLI's allocator, for the CLI's speed: the pipeline allocates many small strings
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    zhenggai,
    Error,
    PyException,
    "What zhenggai cannot use: a rule folder, a gold folder, a comparison's input, an option's \
     value. `path` is the file at fault (None when there is none), `cause` what is wrong."
);

/// A `zhenggai.Error` with its `path` and `cause` set; its message is `path: cause`.
fn error(py: Python<'_>, path: Option<String>, cause: String) -> PyErr {
    let message = match &path {
        Some(p) => format!("{p}: {cause}"),
        None => cause.clone(),
    };
    let err = Error::new_err(message);
    let value = err.value(py);
    // setting an attribute on a fresh exception instance does not fail
    let _ = value.setattr("path", path);
    let _ = value.setattr("cause", cause);
    err
}

/// A library error as `zhenggai.Error`, split into the file it names and the rest.
fn library_error(py: Python<'_>, e: zhenggai::Error) -> PyErr {
    use zhenggai::Error as E;
    let (path, cause) = match &e {
        E::Io { path, source } => (Some(path.display().to_string()), source.to_string()),
        E::RuleSyntax { file, message } => (Some(file.clone()), message.clone()),
        E::Rule {
            file,
            rule,
            field,
            message,
        } => (
            Some(file.clone()),
            format!("rule `{rule}`: {field}: {message}"),
        ),
        E::DeadlineKind {
            file,
            kind,
            field,
            message,
        } => (
            Some(file.clone()),
            format!("deadline kind `{kind}`: {field}: {message}"),
        ),
        E::Dictionary { file, message } => (Some(file.clone()), format!("dictionary: {message}")),
        _ => (None, e.to_string()),
    };
    error(py, path, cause)
}

/// An evaluation error as `zhenggai.Error` (every variant names a file or folder).
fn eval_error(py: Python<'_>, e: EvalError) -> PyErr {
    let path = match &e {
        EvalError::Io { path, .. }
        | EvalError::Gold { path, .. }
        | EvalError::QuoteNotFound { path, .. } => Some(path.display().to_string()),
        EvalError::NoGold { dir } => Some(dir.display().to_string()),
        EvalError::SameDocument { second, .. } => Some(second.display().to_string()),
    };
    let message = e.to_string();
    // the message opens with the path (`cannot read PATH: …` aside): keep the rest as the cause
    let cause = match &path {
        Some(p) => message
            .strip_prefix(p.as_str())
            .and_then(|rest| rest.strip_prefix(": "))
            .map(str::to_string)
            .unwrap_or(message),
        None => message,
    };
    error(py, path, cause)
}

/// The options of one extraction, from the Python keywords.
fn options(
    py: Python<'_>,
    ref_date: Option<&str>,
    explain: bool,
    emit_text: bool,
    encoding: Option<&str>,
    max_bytes: u64,
) -> PyResult<Options> {
    let mut opts = Options {
        emit_text,
        max_bytes,
        ..Options::default()
    };
    opts.extract.explain = explain;
    if let Some(d) = ref_date {
        opts.extract.reference_year = Some(zhenggai::reference_year(d).ok_or_else(|| {
            error(
                py,
                None,
                format!("ref_date `{d}`: expected YYYY-MM-DD or YYYY"),
            )
        })?);
    }
    if let Some(label) = encoding {
        opts.encoding = Some(
            zhenggai::decode::encoding_for_label(label)
                .map_err(|e| error(py, None, format!("encoding: {e}")))?,
        );
    }
    Ok(opts)
}

/// A thread pool of `jobs` threads (None or 0: one a core).
fn pool(py: Python<'_>, jobs: Option<usize>) -> PyResult<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| error(py, None, format!("cannot start the thread pool: {e}")))
}

/// Runs the pipeline over one document; a panic becomes an error record, as in a batch.
/// A document larger than `opts.max_bytes` is an error record, as the CLI's reader makes.
fn run_one(
    pipeline: &zhenggai::Pipeline,
    id: &str,
    path: &str,
    bytes: &[u8],
    opts: &Options,
) -> Record {
    if bytes.len() as u64 > opts.max_bytes {
        let cause = format!("larger than max_bytes ({} bytes)", opts.max_bytes);
        return error_record(id, path, cause);
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pipeline.run_bytes(id, path, bytes, opts).record
    }))
    .unwrap_or_else(|_| {
        error_record(
            id,
            path,
            "internal error: the pipeline panicked".to_string(),
        )
    })
}

/// Compiled rules and the segmenter, built once and shared by every call and thread.
#[pyclass(frozen, module = "zhenggai._zhenggai")]
struct Pipeline {
    inner: Arc<zhenggai::Pipeline>,
    /// The rule folders, `no_default_rules` and `no_model` it was built with.
    rules: Vec<PathBuf>,
    no_default_rules: bool,
    no_model: bool,
    /// The same rules without the trained model, built on the first `compare`: the CLI's
    /// `compare` runs without it (its boosts and threshold were set on the rules' categories).
    for_compare: OnceLock<Arc<zhenggai::Pipeline>>,
}

/// The rule sources of a pipeline: the defaults (unless `no_default_rules`) and `rules` on
/// top, without the trained models when `no_model` (the CLI's `--no-model`).
fn rule_sources(
    rules: &[PathBuf],
    no_default_rules: bool,
    no_model: bool,
) -> zhenggai::Result<RuleSources> {
    let mut sources = if no_default_rules {
        RuleSources::default()
    } else {
        RuleSources::defaults()?
    };
    for dir in rules {
        sources.add_dir(dir)?;
    }
    if no_model {
        sources.clear_models();
    }
    Ok(sources)
}

impl Pipeline {
    /// The pipeline `compare` reads paths with: this one when it has no model, else the same
    /// rules without it, built once.
    fn compare_pipeline(&self, py: Python<'_>) -> PyResult<Arc<zhenggai::Pipeline>> {
        if self.no_model {
            return Ok(self.inner.clone());
        }
        if let Some(p) = self.for_compare.get() {
            return Ok(p.clone());
        }
        let built = py.detach(|| -> zhenggai::Result<zhenggai::Pipeline> {
            zhenggai::Pipeline::from_sources(&rule_sources(
                &self.rules,
                self.no_default_rules,
                true,
            )?)
        });
        let pipeline = Arc::new(built.map_err(|e| library_error(py, e))?);
        Ok(self.for_compare.get_or_init(|| pipeline).clone())
    }
}

#[pymethods]
impl Pipeline {
    /// Compiles the default rules (unless `no_default_rules`) and the rule folders `rules`
    /// on top of them, as `--rules DIR` does.
    #[new]
    #[pyo3(signature = (rules = Vec::new(), no_default_rules = false, no_model = false))]
    fn new(
        py: Python<'_>,
        rules: Vec<PathBuf>,
        no_default_rules: bool,
        no_model: bool,
    ) -> PyResult<Self> {
        let built = py.detach(|| -> zhenggai::Result<zhenggai::Pipeline> {
            zhenggai::Pipeline::from_sources(&rule_sources(&rules, no_default_rules, no_model)?)
        });
        let inner = built.map_err(|e| library_error(py, e))?;
        Ok(Pipeline {
            inner: Arc::new(inner),
            rules,
            no_default_rules,
            no_model,
            for_compare: OnceLock::new(),
        })
    }

    /// One document's record, as a dict.
    #[pyo3(signature = (content, id, path, *, ref_date = None, explain = false, emit_text = false, encoding = None, max_bytes = zhenggai::input::DEFAULT_MAX_BYTES))]
    #[allow(clippy::too_many_arguments)]
    fn extract(
        &self,
        py: Python<'_>,
        content: &[u8],
        id: &str,
        path: &str,
        ref_date: Option<&str>,
        explain: bool,
        emit_text: bool,
        encoding: Option<&str>,
        max_bytes: u64,
    ) -> PyResult<Py<PyAny>> {
        let opts = options(py, ref_date, explain, emit_text, encoding, max_bytes)?;
        let pipeline = &self.inner;
        let record = py.detach(|| run_one(pipeline, id, path, content, &opts));
        Ok(to_py(py, &mut Keys::default(), &record)?.unbind())
    }

    /// The records of the documents an iterator of `(id, path, bytes)` gives, as dicts, in
    /// input order, extracted on `jobs` threads.
    #[pyo3(signature = (items, *, jobs = None, ref_date = None, explain = false, emit_text = false, encoding = None, max_bytes = zhenggai::input::DEFAULT_MAX_BYTES))]
    #[allow(clippy::too_many_arguments)]
    fn extract_many(
        &self,
        py: Python<'_>,
        items: &Bound<'_, PyAny>,
        jobs: Option<usize>,
        ref_date: Option<&str>,
        explain: bool,
        emit_text: bool,
        encoding: Option<&str>,
        max_bytes: u64,
    ) -> PyResult<Batch> {
        let opts = options(py, ref_date, explain, emit_text, encoding, max_bytes)?;
        let pool = pool(py, jobs)?;
        let window = WINDOW_PER_THREAD * pool.current_num_threads().max(1);
        let (tx, rx) = mpsc::channel();
        Ok(Batch {
            state: Mutex::new(BatchState {
                items: items.try_iter()?.unbind(),
                pipeline: Arc::clone(&self.inner),
                opts: Arc::new(opts),
                pool,
                window,
                tx,
                rx: Some(rx),
                next: 0,
                head: 0,
                listed_all: false,
                finished: BTreeMap::new(),
                keys: Keys::default(),
            }),
        })
    }

    /// The records of files, folders, globs and archives, read as `zhenggai extract` reads
    /// them (the same ids, order, skipped files and error records), as dicts.
    #[pyo3(signature = (paths, *, files_from = None, jobs = None, max_bytes = zhenggai::input::DEFAULT_MAX_BYTES, shard = None, ref_date = None, explain = false, emit_text = false, encoding = None))]
    #[allow(clippy::too_many_arguments)]
    fn extract_paths(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        files_from: Option<PathBuf>,
        jobs: Option<usize>,
        max_bytes: u64,
        shard: Option<&str>,
        ref_date: Option<&str>,
        explain: bool,
        emit_text: bool,
        encoding: Option<&str>,
    ) -> PyResult<PathBatch> {
        let opts = options(py, ref_date, explain, emit_text, encoding, max_bytes)?;
        let mut sources = batch::sources(&paths);
        sources.extend(files_from.map(Source::FilesFrom));
        let mut lister = Lister::new(sources);
        lister.max_bytes = max_bytes;
        if let Some(s) = shard {
            lister.shard = Some(Shard::parse(s).map_err(|e| error(py, None, e))?);
        }
        let pool = pool(py, jobs)?;
        let threads = pool.current_num_threads().max(1);
        let (tx, rx) = mpsc::sync_channel::<Record>(WINDOW_PER_THREAD * threads);
        let pipeline = Arc::clone(&self.inner);
        let run = std::thread::spawn(move || {
            let mut sink = |r: Record| {
                tx.send(r)
                    .map_err(|_| std::io::Error::other("the Python iterator was dropped"))
            };
            // failures are in the records (`error`); the CLI's log line has no reader here
            batch::run(
                &pipeline,
                &lister,
                &opts,
                &pool,
                &mut sink,
                &mut std::io::sink(),
                &mut |_| {},
            )
        });
        Ok(PathBatch {
            state: Mutex::new(PathState {
                rx: Some(rx),
                run: Some(run),
                summary: None,
                keys: Keys::default(),
            }),
        })
    }

    /// Compares central notices with local plans and reports; each input is `("path", p)`
    /// (a notice, a folder, or a record file) or `("record", json)`. Gives the report
    /// (`zhenggai-compare/2`) as JSON text.
    #[pyo3(signature = (central, local, *, by_section = false, threshold = compare::DEFAULT_THRESHOLD))]
    fn compare(
        &self,
        py: Python<'_>,
        central: Vec<(String, String)>,
        local: Vec<(String, String)>,
        by_section: bool,
        threshold: f64,
    ) -> PyResult<String> {
        if !threshold.is_finite() || threshold < 0.0 {
            return Err(error(
                py,
                None,
                format!("threshold {threshold}: expected a number from 0 up"),
            ));
        }
        let pipeline = self.compare_pipeline(py)?;
        let out = py.detach(|| -> Result<String, (Option<String>, String)> {
            let pipeline = pipeline.as_ref();
            let central = compare_side(pipeline, &central)?;
            let local = compare_side(pipeline, &local)?;
            let opts = CompareOptions {
                threshold,
                by_section,
            };
            let report =
                compare::compare(&central, &local, pipeline, &CompareRules::defaults(), &opts);
            serde_json::to_string(&report).map_err(|e| (None, e.to_string()))
        });
        out.map_err(|(path, cause)| error(py, path, cause))
    }
}

/// The records of one side of a comparison; the first input that cannot be used is the
/// error (its path, and every cause when several fail).
fn compare_side(
    pipeline: &zhenggai::Pipeline,
    inputs: &[(String, String)],
) -> Result<Vec<Record>, (Option<String>, String)> {
    let mut records = Vec::new();
    for (n, (kind, value)) in inputs.iter().enumerate() {
        if kind == "record" {
            let record: Record = serde_json::from_str(value)
                .map_err(|e| (None, format!("record {n}: not a zhenggai record: {e}")))?;
            if let Some(e) = &record.error {
                return Err((Some(record.doc.path.clone()), e.clone()));
            }
            records.push(record);
        } else {
            let paths = [PathBuf::from(value)];
            let (read, errors) = compare::read_inputs(pipeline, &paths, &Options::default());
            if let Some(first) = errors.first() {
                let causes: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
                return Err((Some(first.path.display().to_string()), causes.join("; ")));
            }
            records.extend(read);
        }
    }
    Ok(records)
}

/// Scores records (JSON text) against the gold files of `gold_dir`, reading the documents
/// from `corpus_dir`; gives the figures as JSON text (what `eval --json` writes).
#[pyfunction]
#[pyo3(signature = (gold_dir, corpus_dir, records, *, decode = "score-py"))]
fn evaluate(
    py: Python<'_>,
    gold_dir: PathBuf,
    corpus_dir: PathBuf,
    records: Vec<String>,
    decode: &str,
) -> PyResult<String> {
    let decoding = match decode {
        "score-py" => eval::Decoding::ScorePy,
        "detect" => eval::Decoding::Detect,
        other => {
            return Err(error(
                py,
                None,
                format!("decode `{other}`: expected \"score-py\" or \"detect\""),
            ))
        }
    };
    let mut parsed = Vec::with_capacity(records.len());
    for (n, text) in records.iter().enumerate() {
        let record: Record = serde_json::from_str(text)
            .map_err(|e| error(py, None, format!("record {n}: not a zhenggai record: {e}")))?;
        parsed.push(record);
    }
    let report = py.detach(|| eval::score(&gold_dir, &corpus_dir, &parsed, decoding));
    Ok(report.map_err(|e| eval_error(py, e))?.to_json())
}

/// The JSON Schema of a record (`zhenggai schema`).
#[pyfunction]
fn schema() -> String {
    zhenggai::record::schema_json()
}

/// Records of documents from a Python iterator, extracted in parallel, given in order.
#[pyclass(frozen, module = "zhenggai._zhenggai")]
struct Batch {
    state: Mutex<BatchState>,
}

/// What a worker sends back: the document's sequence number and its record.
type Done = (usize, Record);

struct BatchState {
    /// Gives `(id, path, bytes)` tuples.
    items: Py<PyIterator>,
    pipeline: Arc<zhenggai::Pipeline>,
    opts: Arc<Options>,
    pool: rayon::ThreadPool,
    /// The most documents in flight.
    window: usize,
    tx: mpsc::Sender<Done>,
    /// Taken while waiting with the GIL released.
    rx: Option<mpsc::Receiver<Done>>,
    /// Sequence number of the next document listed.
    next: usize,
    /// Sequence number of the next record to give.
    head: usize,
    /// The iterator is exhausted or raised.
    listed_all: bool,
    /// Records (or the error of the item) waiting for the head.
    finished: BTreeMap<usize, PyResult<Record>>,
    /// The field names of the records made so far, as Python strings.
    keys: Keys,
}

impl BatchState {
    /// Lists documents from the iterator and starts them until the window is full.
    fn fill(&mut self, py: Python<'_>) {
        while !self.listed_all && self.next - self.head < self.window {
            let seq = self.next;
            let mut items = self.items.bind(py).clone();
            let item = match items.next() {
                None => {
                    self.listed_all = true;
                    break;
                }
                // the content as `bytes`, copied at once (extracting a `Vec<u8>` would go
                // through the sequence protocol, a Python int a byte)
                Some(item) => item.and_then(|i| {
                    let (id, path, content) =
                        i.extract::<(String, String, Bound<'_, PyBytes>)>()?;
                    Ok((id, path, content.as_bytes().to_vec()))
                }),
            };
            self.next += 1;
            match item {
                Ok((id, path, bytes)) => {
                    let (pipeline, opts, tx) = (
                        Arc::clone(&self.pipeline),
                        Arc::clone(&self.opts),
                        self.tx.clone(),
                    );
                    self.pool.spawn(move || {
                        let record = run_one(&pipeline, &id, &path, &bytes, &opts);
                        // the receiver is gone when Python dropped the iterator: nothing to do
                        let _ = tx.send((seq, record));
                    });
                }
                // raised where the item stands; a raising iterator is done
                Err(e) => {
                    self.finished.insert(seq, Err(e));
                    self.listed_all = true;
                }
            }
        }
    }

    /// Waits, with the GIL released, until the head's record is done.
    fn wait_head(&mut self, py: Python<'_>) -> PyResult<Record> {
        loop {
            if let Some(done) = self.finished.remove(&self.head) {
                self.head += 1;
                return done;
            }
            let rx = self
                .rx
                .take()
                .ok_or_else(|| PyRuntimeError::new_err("zhenggai: batch state lost"))?;
            let (rx, got) = py.detach(move || {
                let got = rx.recv();
                (rx, got)
            });
            self.rx = Some(rx);
            // every started job sends exactly once and the batch holds a sender
            let (seq, record) =
                got.map_err(|_| PyRuntimeError::new_err("zhenggai: a worker thread stopped"))?;
            self.finished.insert(seq, Ok(record));
        }
    }
}

#[pymethods]
impl Batch {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let mut state = self.state.try_lock().map_err(|_| {
            PyRuntimeError::new_err("extract_many: the batch is being iterated in another thread")
        })?;
        state.fill(py);
        if state.head == state.next {
            return Ok(None);
        }
        let record = state.wait_head(py);
        // top up before giving the record, so that the pool works while Python does
        state.fill(py);
        let record = record?;
        Ok(Some(to_py(py, &mut state.keys, &record)?.unbind()))
    }
}

/// A batch's totals as Python gets them: documents, tasks, failed, bytes, and the files
/// passed over as `(path, extension)`.
type SummaryTuple = (usize, usize, usize, u64, Vec<(String, String)>);

/// Records of `extract_paths`, given in input order as the background batch writes them.
#[pyclass(frozen, module = "zhenggai._zhenggai")]
struct PathBatch {
    state: Mutex<PathState>,
}

struct PathState {
    rx: Option<mpsc::Receiver<Record>>,
    run: Option<std::thread::JoinHandle<std::io::Result<batch::Summary>>>,
    summary: Option<batch::Summary>,
    /// The field names of the records made so far, as Python strings.
    keys: Keys,
}

#[pymethods]
impl PathBatch {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let mut state = self.state.try_lock().map_err(|_| {
            PyRuntimeError::new_err("extract_paths: the batch is being iterated in another thread")
        })?;
        let Some(rx) = state.rx.take() else {
            return Ok(None);
        };
        let (rx, got) = py.detach(move || {
            let got = rx.recv();
            (rx, got)
        });
        if let Ok(record) = got {
            state.rx = Some(rx);
            return Ok(Some(to_py(py, &mut state.keys, &record)?.unbind()));
        }
        // the batch has ended: its summary, or why it stopped
        if let Some(run) = state.run.take() {
            let summary = py
                .detach(move || run.join())
                .map_err(|_| PyRuntimeError::new_err("extract_paths: the batch panicked"))?
                .map_err(|e| error(py, None, format!("extract_paths: {e}")))?;
            state.summary = Some(summary);
        }
        Ok(None)
    }

    /// Totals once the iteration has ended (None before): documents, tasks, failed, bytes,
    /// and the files passed over as no document (path, extension).
    #[getter]
    fn summary(&self) -> PyResult<Option<SummaryTuple>> {
        let state = self
            .state
            .try_lock()
            .map_err(|_| PyRuntimeError::new_err("extract_paths: the batch is being iterated"))?;
        Ok(state.summary.as_ref().map(|s| {
            let skipped = s
                .skipped
                .iter()
                .map(|k| (k.path.clone(), k.extension.clone()))
                .collect();
            (s.documents, s.tasks, s.failed, s.bytes, skipped)
        }))
    }
}

/// The extension module.
#[pymodule]
fn _zhenggai(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("Error", m.py().get_type::<Error>())?;
    m.add_class::<Pipeline>()?;
    m.add_class::<Batch>()?;
    m.add_class::<PathBatch>()?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add("DEFAULT_MAX_BYTES", zhenggai::input::DEFAULT_MAX_BYTES)?;
    m.add("DEFAULT_THRESHOLD", compare::DEFAULT_THRESHOLD)?;
    Ok(())
}
