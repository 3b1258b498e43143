//! zhenggai (整改): reads Chinese policy notices and turns them into structured
//! rectification task items.
//!
//! The pipeline, one module a stage, data flowing one way:
//!
//! bytes → [`decode`] (encoding detected) → [`clean`] (no HTML, no page furniture) →
//! [`structure`] (title, date, issuer, sections, speaker parts, units) → [`segment`]
//! (jieba-rs with the policy dictionary) → [`extract`] (kind, categories, bodies,
//! deadlines, metrics, each with the rule that produced it) → [`output`] (JSONL, JSON, CSV).
//!
//! Before decode, [`formats`] reads documents as governments publish them — DOCX, PDF with a
//! text layer, web pages under any extension — into what decode or clean takes.
//! [`rules`] compiles `rules/*.toml` once into a [`rules::RuleSet`] that every stage reads.
//! [`input`] turns files, folders, globs, stdin, lists and archives into a stream of
//! documents; [`batch`] runs the pipeline over that stream in parallel, writing in input
//! order; [`stats`] counts tasks by category, body, deadline kind, document and year;
//! [`eval`] scores output against gold annotations; [`learn`] trains the linear models
//! shipped beside the rules (main category, kind) on gold and applies them; [`compare`] holds
//! local plans against a central notice; [`review`] makes the page on which a researcher
//! checks the output in its text, corrects it and exports gold. `fold` gives a Simplified
//! view of a Traditional-script text for matching.
//!
//! ```
//! let pipeline = zhenggai::Pipeline::new(zhenggai::rules::RuleSet::defaults().unwrap()).unwrap();
//! let out = pipeline.run_bytes("a.txt", "a.txt", "整治不担当不作为的问题。各级党委要于年底前完成整改。".as_bytes(), &Default::default());
//! assert_eq!(out.record.tasks.len(), 2);
//! assert_eq!(out.record.tasks[1].bodies[0].text, "各级党委");
//! ```

#![warn(missing_docs)]

pub mod batch;
pub mod clean;
pub mod compare;
pub mod decode;
pub mod error;
pub mod eval;
pub mod extract;
pub(crate) mod fold;
pub mod formats;
pub mod input;
pub mod learn;
pub mod output;
pub mod record;
pub mod review;
pub mod rules;
pub mod segment;
pub mod stats;
pub mod structure;
pub mod text;
pub mod words;

pub use error::{Error, Result};
use record::{DocInfo, Record, RecordSink, SectionInfo, Task};

/// Options of one run over a document.
#[derive(Debug, Clone)]
pub struct Options {
    /// Decode with this encoding instead of detecting one (`--encoding`). Default: detect.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Extraction options.
    pub extract: extract::Options,
    /// Put the cleaned text into the record, and the page furniture dropped from it
    /// (`--emit-text`). Default: off.
    pub emit_text: bool,
    /// The most bytes any part of a container (a DOCX's XML) may unpack to (`--max-bytes`).
    /// Default: [`input::DEFAULT_MAX_BYTES`].
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            encoding: None,
            extract: extract::Options::default(),
            emit_text: false,
            max_bytes: input::DEFAULT_MAX_BYTES,
        }
    }
}

/// The compiled rules and the segmenter: built once, shared by every thread.
#[derive(Debug)]
pub struct Pipeline {
    rules: rules::RuleSet,
    segmenter: segment::Segmenter,
}

/// What one run over a document gives.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The record.
    pub record: Record,
    /// The cleaned text the record's spans refer to (empty when the document could not be read).
    pub text: String,
    /// With `extract.features`, each task's features (see [`extract::Extracted::features`]).
    pub features: Vec<Vec<String>>,
}

impl Pipeline {
    /// Builds the segmenter from the rules' dictionaries.
    pub fn new(rules: rules::RuleSet) -> Result<Self> {
        let segmenter = segment::Segmenter::new(&rules.dictionaries)?;
        Ok(Pipeline { rules, segmenter })
    }

    /// Compiles the rules, then builds the segmenter: `Pipeline::new(sources.compile()?)`.
    /// With the default rules' dictionary first, jieba's dictionary comes prebuilt (see
    /// [`segment`]), so the rules' compilation is what start-up is made of.
    pub fn from_sources(sources: &rules::RuleSources) -> Result<Self> {
        Pipeline::new(sources.compile()?)
    }

    /// The compiled rules.
    pub fn rules(&self) -> &rules::RuleSet {
        &self.rules
    }

    /// The segmenter.
    pub fn segmenter(&self) -> &segment::Segmenter {
        &self.segmenter
    }

    /// Runs every stage over one document's bytes. Never fails: a document that cannot be
    /// read gives a record with `error` set. The format is found from the content, and from
    /// the extension of `path` where the content does not say ([`formats`]).
    pub fn run_bytes(&self, id: &str, path: &str, bytes: &[u8], opts: &Options) -> Outcome {
        let input = self.read_input(path, bytes, opts);
        self.run_input(id, path, input, opts)
    }

    /// [`Pipeline::run_bytes`] of bytes it is given to own: they are dropped once decoded,
    /// so that a large document's bytes do not stay beside its text while the stages run.
    pub fn run_owned(&self, id: &str, path: &str, bytes: Vec<u8>, opts: &Options) -> Outcome {
        let input = self.read_input(path, &bytes, opts);
        drop(bytes);
        self.run_input(id, path, input, opts)
    }

    /// [`Pipeline::run_owned`] giving the record's head and then each task to `sink` as
    /// soon as it is made ([`record::RecordSink`]), so that a large document's tasks need
    /// not be held: the record returned has the rest (`warnings`, `text` …) and no tasks.
    /// A document that cannot be read gives its error record and never calls `sink`; every
    /// step that can fail on the input is done before the head is given, so that a record
    /// begun is always finished. Fails only when `sink` does (its first error; the
    /// extraction then runs on without giving it more).
    pub fn run_owned_into(
        &self,
        id: &str,
        path: &str,
        bytes: Vec<u8>,
        opts: &Options,
        sink: &mut dyn RecordSink,
    ) -> std::io::Result<Outcome> {
        let input = self.read_input(path, &bytes, opts);
        drop(bytes);
        match input {
            Ok(input) => {
                let (outcome, written) = self.run_text(id, path, input, opts, sink);
                written.map(|()| outcome)
            }
            Err(e) => Ok(Self::unread(id, path, e)),
        }
    }

    /// Every stage after reading, or the record of a document that could not be read.
    fn run_input(
        &self,
        id: &str,
        path: &str,
        input: Result<Input, String>,
        opts: &Options,
    ) -> Outcome {
        match input {
            Ok(input) => {
                let mut tasks = Vec::new();
                // collecting into a Vec never fails
                let (mut outcome, _) = self.run_text(id, path, input, opts, &mut tasks);
                outcome.record.tasks = tasks;
                outcome
            }
            Err(e) => Self::unread(id, path, e),
        }
    }

    /// The outcome of a document that could not be read.
    fn unread(id: &str, path: &str, error: String) -> Outcome {
        Outcome {
            record: error_record(id, path, error),
            text: String::new(),
            features: Vec::new(),
        }
    }

    /// The document as text or markup, with its encoding and format.
    fn read_input(&self, path: &str, bytes: &[u8], opts: &Options) -> Result<Input, String> {
        match formats::read(bytes, path, opts.max_bytes).map_err(|e| e.to_string())? {
            formats::Source::Bytes(bytes) => {
                let decoded = decode::decode(bytes, opts.encoding).map_err(|e| e.to_string())?;
                Ok(Input {
                    text: decoded.text,
                    encoding: Some(decoded.encoding.to_string()),
                    format: None,
                    warnings: decoded.warnings,
                })
            }
            formats::Source::Markup {
                format,
                markup,
                warnings,
            } => Ok(Input {
                text: markup,
                encoding: None,
                format: Some(format.as_str().to_string()),
                warnings,
            }),
        }
    }

    /// Every stage after decode: the record's head and its tasks go to `sink` as they are
    /// made; the outcome holds the rest of the record (no tasks), and the first error of
    /// `sink`, if any.
    fn run_text(
        &self,
        id: &str,
        path: &str,
        input: Input,
        opts: &Options,
        sink: &mut dyn RecordSink,
    ) -> (Outcome, std::io::Result<()>) {
        let mut warnings = input.warnings;
        let cleaned = clean::clean(&input.text, &self.rules.furniture);
        // the stages read the cleaned text: the decoded one goes before they run
        drop(input.text);
        warnings.extend(cleaned.warnings.iter().cloned());
        let furniture = opts.emit_text.then(|| furniture(&cleaned.dropped));
        let text = cleaned.text;
        // Traditional script: the stages read a Simplified fold (same offsets), the record
        // quotes the original
        let folded = fold::simplified(&text);
        if folded.is_some() {
            warnings.push(
                "Traditional script: rules matched on a Simplified fold of the text".to_string(),
            );
        }
        let work = folded.as_deref().unwrap_or(&text);
        // the literals of every family, found once for the whole text
        let scan = self.rules.scan(work);
        // a page's title is read against the lines: folded with them
        let page_title = cleaned.page_title.as_deref().map(|t| match folded {
            Some(_) => fold::simplified(t).unwrap_or_else(|| t.to_string()),
            None => t.to_string(),
        });
        let st = structure::structure(
            work,
            &cleaned.dropped,
            page_title.as_deref(),
            &cleaned.copies,
            &self.rules,
            Some(&scan),
        );
        let mut emit = Emit {
            doc: doc_info(id, path, input.encoding, input.format, &text, work, &st),
            restorer: folded.as_deref().map(|f| fold::Restorer::new(f, &text)),
            sink,
            features: Vec::new(),
            written: Ok(()),
        };
        extract::extract_into(
            id,
            work,
            &st,
            &self.rules,
            &self.segmenter,
            &opts.extract,
            Some(&scan),
            &mut emit,
        );
        let Emit {
            doc,
            features,
            written,
            ..
        } = emit;
        let record = Record {
            schema: record::SCHEMA.to_string(),
            doc,
            tasks: Vec::new(),
            warnings,
            error: None,
            text: opts.emit_text.then(|| text.clone()),
            dropped: furniture,
        };
        let outcome = Outcome {
            record,
            text,
            features,
        };
        (outcome, written)
    }
}

/// The page furniture the clean stage dropped, as the record gives it (`--emit-text`).
fn furniture(dropped: &[clean::Dropped]) -> Vec<record::Furniture> {
    (dropped.iter())
        .map(|d| record::Furniture {
            text: d.text.clone(),
            rule: d.rule.clone(),
            at: d.at,
            whole_line: d.whole_line,
        })
        .collect()
}

/// The record's `doc` before extraction: all but the addressees.
fn doc_info(
    id: &str,
    path: &str,
    encoding: Option<String>,
    format: Option<String>,
    text: &str,
    work: &str,
    st: &structure::Structure,
) -> DocInfo {
    let section_chars = section_char_spans(work, st);
    DocInfo {
        id: id.to_string(),
        path: path.to_string(),
        encoding,
        format,
        title: st.title.clone(),
        date: st.date.clone(),
        issuer: st.issuer.clone(),
        number: st.number.clone(),
        addressees: Vec::new(),
        chars: text.chars().count(),
        sections: st
            .sections
            .iter()
            .zip(section_chars)
            .enumerate()
            .map(|(i, (s, span))| SectionInfo {
                id: i,
                title: s.title.clone(),
                level: s.level,
                span,
                speaker: s.speaker.clone(),
                rule: s.rule.clone(),
            })
            .collect(),
    }
}

/// What extraction gives, on its way to a [`RecordSink`]: the head once the addressees are
/// known, then each task, both restored to the original script when the stages read a fold.
struct Emit<'t, 's> {
    doc: DocInfo,
    restorer: Option<fold::Restorer<'t>>,
    sink: &'s mut dyn RecordSink,
    features: Vec<Vec<String>>,
    /// The sink's first error; nothing more goes to it after one.
    written: std::io::Result<()>,
}

impl extract::TaskSink for Emit<'_, '_> {
    fn addressees(&mut self, addressees: Vec<String>) {
        self.doc.addressees = addressees;
        if let Some(r) = &mut self.restorer {
            restore_doc(&mut self.doc, r);
        }
        self.written = self.sink.head(&self.doc);
    }

    fn task(&mut self, mut task: Task, features: Option<Vec<String>>) {
        if let Some(r) = &mut self.restorer {
            restore_task(&mut task, r);
        }
        self.features.extend(features);
        if self.written.is_ok() {
            self.written = self.sink.task(task);
        }
    }
}

/// A document as the clean stage takes it.
struct Input {
    /// Decoded text, or markup read from a container format.
    text: String,
    /// The encoding the bytes were decoded with (none for DOCX and PDF).
    encoding: Option<String>,
    /// The container format (`docx`, `pdf`); none for plain text and HTML.
    format: Option<String>,
    warnings: Vec<String>,
}

/// Puts the original's characters back into every string of a record's `doc` made from a
/// fold (see [`restore_task`]).
fn restore_doc(doc: &mut DocInfo, r: &mut fold::Restorer<'_>) {
    for s in doc
        .title
        .iter_mut()
        .chain(doc.number.iter_mut())
        .chain(doc.issuer.iter_mut())
        .chain(doc.addressees.iter_mut())
    {
        *s = r.text(s);
    }
    for sec in &mut doc.sections {
        sec.title = r.text(&sec.title);
        if let Some(sp) = &mut sec.speaker {
            *sp = r.text(sp);
        }
    }
}

/// Puts the original's characters back into every string of a task made from a fold:
/// by span where the value has one, else by finding it in the fold.
fn restore_task(t: &mut Task, r: &mut fold::Restorer<'_>) {
    t.text = r.span(t.span).unwrap_or_else(|| r.text(&t.text));
    for s in t.section.iter_mut().chain(t.actions.iter_mut()) {
        *s = r.text(s);
    }
    for b in &mut t.bodies {
        let simplified = std::mem::take(&mut b.text);
        b.text = match b.span {
            Some(span) => r.span(span).unwrap_or_else(|| r.text(&simplified)),
            None => r.text(&simplified),
        };
        // the Simplified name is the canonical one: 黨委 and 党委 count as one body
        if b.canonical.is_none() && b.text != simplified {
            b.canonical = Some(simplified);
        }
    }
    for d in &mut t.deadline {
        d.text = r.span(d.span).unwrap_or_else(|| r.text(&d.text));
    }
    if let Some(p) = &mut t.problem {
        p.text = r.span(p.span).unwrap_or_else(|| r.text(&p.text));
    }
    for m in &mut t.metrics {
        m.text = r.span(m.span).unwrap_or_else(|| r.text(&m.text));
    }
    for x in t.explain.iter_mut().flatten() {
        x.text = match x.span {
            Some(span) => r.span(span).unwrap_or_else(|| r.text(&x.text)),
            None => r.text(&x.text),
        };
        x.value = r.text(&x.value);
    }
}

/// The year of a reference date (`--ref-date`, the Python package's `ref_date`): `YYYY`, or
/// a valid `YYYY-MM-DD`, from 1900 to 2099; `None` for anything else. What
/// [`extract::Options::reference_year`] takes.
pub fn reference_year(s: &str) -> Option<i32> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let valid = match parts.as_slice() {
        [y] => num(y, 4).is_some(),
        [y, m, d] => {
            num(y, 4).is_some()
                && num(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && num(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    };
    match parts.first().and_then(|y| y.parse::<i32>().ok()) {
        Some(y) if valid && (1900..2100).contains(&y) => Some(y),
        _ => None,
    }
}

/// A record for a document that could not be read.
pub fn error_record(id: &str, path: &str, error: String) -> Record {
    Record {
        schema: record::SCHEMA.to_string(),
        doc: DocInfo {
            id: id.to_string(),
            path: path.to_string(),
            ..DocInfo::default()
        },
        tasks: Vec::new(),
        warnings: Vec::new(),
        error: Some(error),
        text: None,
        dropped: None,
    }
}

/// Char spans of the sections (bytes → chars in one walk over the text).
fn section_char_spans(text: &str, st: &structure::Structure) -> Vec<[usize; 2]> {
    let bytes: Vec<usize> = st.sections.iter().flat_map(|s| [s.start, s.end]).collect();
    extract::char_offsets(text, &bytes)
        .chunks(2)
        .map(|c| [c[0], c.get(1).copied().unwrap_or(c[0])])
        .collect()
}
