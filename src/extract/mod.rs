//! Extract: task items from the units of one document.
//!
//! Takes the cleaned text, its [`Structure`] and the compiled rules; gives the task items
//! with every field and the ids of the rules that produced them. Two passes over the body
//! units: the first (`document`) reads each unit's words, kind cues and explicit bodies,
//! and from them the document's prevailing kind, addressees and collective bodies; the
//! second decides which units are tasks and fills their fields, one module a field
//! (`kind`, `category`, `body` with `inherit`, `deadline`, `metric`, `action`),
//! each writing what produced its values into the task's `trace`.

pub(crate) mod action;
pub(crate) mod body;
pub(crate) mod category;
pub(crate) mod deadline;
mod document;
pub mod examples;
pub(crate) mod inherit;
pub(crate) mod kind;
mod learned;
pub(crate) mod metric;
pub(crate) mod note;
pub(crate) mod role;
mod trace;

use crate::record::{Problem, Task};
use crate::rules::{RuleSet, Scan};
use crate::segment::Segmenter;
use crate::structure::Structure;
use document::{Document, UnitRead};
use inherit::Discourse;
pub use inherit::{
    INHERIT_ADDRESSEE, INHERIT_AUDIENCE, INHERIT_AUTHOR, INHERIT_COLLECTIVE, INHERIT_HOLDER,
    INHERIT_PREVIOUS, INHERIT_SECTION, INHERIT_SPEAKER, INHERIT_TABLE, PREVIOUS_REACH,
};
pub use kind::{KIND_PREVAILING, PART_ABSTRACT, QUOTED_PROBLEM, TABLE_DONE, TABLE_MEASURE};
use trace::Trace;

/// Options of extraction.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The year dates are resolved against when the document gives none (`--ref-date`). Default: none.
    pub reference_year: Option<i32>,
    /// Give each task an `explain` list: every field value with its rule and matched text
    /// (`--explain`). Default: off.
    pub explain: bool,
    /// Give each task's features, what the trained models read of it
    /// ([`Extracted::features`]; for `zhenggai train`). Default: off.
    pub features: bool,
}

/// The document-level results of extraction.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// Task items, in document order.
    pub tasks: Vec<Task>,
    /// The notice's addressees.
    pub addressees: Vec<String>,
    /// With [`Options::features`], each task's features (in the order of `tasks`): the
    /// names the trained models read (`w:学校`, `rule1:sector-work` …; `crate::learn`).
    pub features: Vec<Vec<String>>,
}

pub use crate::text::char_offsets;

/// Extracts the task items of one document. `scan` is the rule set's scan of `text`
/// ([`RuleSet::scan`]), when the caller has one: each unit takes its literals from it
/// instead of scanning again.
pub fn extract<'a>(
    doc_id: &str,
    text: &'a str,
    st: &'a Structure,
    rules: &'a RuleSet,
    seg: &'a Segmenter,
    opts: &'a Options,
    scan: Option<&'a Scan<'a>>,
) -> Extracted {
    let mut out = Extracted::default();
    extract_into(doc_id, text, st, rules, seg, opts, scan, &mut out);
    out
}

/// Takes what [`extract_into`] gives, as it is made.
pub trait TaskSink {
    /// The notice's addressees, once the document-level decisions are made: before the
    /// first task, and nothing given after depends on a later one.
    fn addressees(&mut self, addressees: Vec<String>);
    /// The next task in document order, with its features when [`Options::features`] is set.
    fn task(&mut self, task: Task, features: Option<Vec<String>>);
}

impl TaskSink for Extracted {
    fn addressees(&mut self, addressees: Vec<String>) {
        self.addressees = addressees;
    }

    fn task(&mut self, mut task: Task, features: Option<Vec<String>>) {
        // held until the document's end: no room to grow
        task.shrink_to_fit();
        self.tasks.push(task);
        self.features.extend(features);
    }
}

/// [`extract`], giving each task to `sink` as soon as it is made instead of collecting
/// them: the document-level decisions are made by the first pass, so a task is final
/// when made (the CLI writes it out at once).
#[allow(clippy::too_many_arguments)]
pub fn extract_into<'a>(
    doc_id: &str,
    text: &'a str,
    st: &'a Structure,
    rules: &'a RuleSet,
    seg: &'a Segmenter,
    opts: &'a Options,
    scan: Option<&'a Scan<'a>>,
    sink: &mut dyn TaskSink,
) {
    let mut doc = Document::read(text, st, rules, seg, opts, scan);
    sink.addressees(doc.addressees.clone());
    let units = std::mem::take(&mut doc.units);
    let leans = (rules.models.category.as_ref()).is_some_and(|m| m.combine.document > 0.0);
    match leans {
        true if doc.text.len() < document::PACK_FROM_BYTES => {
            two_passes_whole(&doc, units, doc_id, sink)
        }
        true => two_passes(&doc, units, doc_id, sink),
        false => one_pass(&doc, units, doc_id, sink),
    }
}

/// The tasks of the units, each made as its unit is read (no model reads the document's
/// units together).
fn one_pass<'a>(
    doc: &Document<'a>,
    mut units: Vec<document::Held<'a>>,
    doc_id: &str,
    sink: &mut dyn TaskSink,
) {
    let st = doc.st;
    let mut discourse = Discourse::default();
    let mut n = 0;
    // the document-level decisions are made and a task reads only its own unit: each
    // unit's words, literals and cues go as soon as its task is made, not at the end, and
    // the list of them shrinks as the tasks grow (taken from its end, reversed)
    units.reverse();
    while let Some(held) = units.pop() {
        if units.len() < units.capacity() / 2 {
            units.shrink_to_fit();
        }
        let unit = held.unpack(doc);
        discourse.headings.advance(st, doc.unit(unit.index).start);
        if kind::is_task(doc, &unit) {
            let said = rules_say(doc, &unit, &mut discourse, true);
            emit(doc, &unit, said, &mut discourse, (doc_id, n), sink);
            n += 1;
        }
    }
}

/// [`two_passes`] for a document whose units are held whole ([`document::PACK_FROM_BYTES`]):
/// the first pass keeps what the rules and the model said of each task unit, so the second
/// reads nothing twice (the same tasks, sooner; a small document's units take little room).
fn two_passes_whole<'a>(
    doc: &Document<'a>,
    units: Vec<document::Held<'a>>,
    doc_id: &str,
    sink: &mut dyn TaskSink,
) {
    let st = doc.st;
    let mut discourse = Discourse::default();
    let units: Vec<UnitRead<'a>> = units.into_iter().map(|h| h.unpack(doc)).collect();
    let said: Vec<Option<RulesSay<'_>>> = (units.iter())
        .map(|u| kind::is_task(doc, u).then(|| rules_say(doc, u, &mut discourse, true)))
        .collect();
    let mean = document_mean(
        doc,
        crate::learn::mean_of(
            (said.iter().flatten()).filter_map(|s| s.first.as_ref().map(|f| f.probs.as_slice())),
        ),
    );
    let mut n = 0;
    for (unit, said) in units.iter().zip(said) {
        discourse.headings.advance(st, doc.unit(unit.index).start);
        if let Some(mut said) = said {
            said.mean = Some(&mean);
            emit(doc, unit, said, &mut discourse, (doc_id, n), sink);
            n += 1;
        }
    }
}

/// The document's reading of mean probabilities `probs`, with what it adds to a unit that
/// leans on it under the category model's weight (none without a model).
fn document_mean(doc: &Document<'_>, probs: Vec<f32>) -> crate::learn::DocumentMean {
    let weight = (doc.rules.models.category.as_ref()).map_or(0.0, |m| m.combine.document);
    crate::learn::DocumentMean::new(probs, weight)
}

/// The tasks of the units when the category model leans on the document's reading
/// ([`crate::learn::Combine::document`]): a first pass reads every task unit's rules and
/// the model's first probabilities, the second makes the tasks with their mean.
fn two_passes<'a>(
    doc: &Document<'a>,
    units: Vec<document::Held<'a>>,
    doc_id: &str,
    sink: &mut dyn TaskSink,
) {
    let (st, opts) = (doc.st, doc.opts);
    // the units stay packed between the passes (a document of 64 MB holds millions of
    // words), and the first keeps only the model's probabilities of each task unit: it
    // unpacks a copy of each unit, the second each unit again as its task is made
    let mut topics = Discourse::default();
    let firsts: Vec<Option<Box<[f32]>>> = (units.iter())
        .map(|held| {
            let u = held.clone().unpack(doc);
            let said = kind::is_task(doc, &u).then(|| rules_say(doc, &u, &mut topics, true))?;
            said.first.map(|f| f.probs.into_boxed_slice())
        })
        .collect();
    let mean = document_mean(
        doc,
        crate::learn::mean_of(firsts.iter().flatten().map(|p| &p[..])),
    );
    let model = doc.rules.models.category.as_ref();
    let mut discourse = Discourse::default();
    let mut n = 0;
    for (held, first) in units.into_iter().zip(firsts) {
        let unit = held.unpack(doc);
        discourse.headings.advance(st, doc.unit(unit.index).start);
        if !kind::is_task(doc, &unit) {
            continue;
        }
        // read again only to be explained: the first reading's features are not kept
        let mut said = rules_say(doc, &unit, &mut discourse, opts.explain);
        if !opts.explain {
            said.first = model.zip(first).map(|(m, p)| m.scored_as(p.into_vec()));
        }
        said.mean = Some(&mean);
        emit(doc, &unit, said, &mut discourse, (doc_id, n), sink);
        n += 1;
    }
}

/// Makes a task unit's task and hands it to `sink` (with its features when asked);
/// `(doc_id, n)`: the document's id and the tasks before it.
fn emit(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    said: RulesSay<'_>,
    discourse: &mut Discourse,
    (doc_id, n): (&str, usize),
    sink: &mut dyn TaskSink,
) {
    let mut names = doc.opts.features.then(Vec::new);
    // (a sink that holds the tasks gives their lists' spare room back; one that writes
    // each out at once, as the CLI's, does not need to)
    let task = task(doc, unit, said, discourse, doc_id, n, names.as_mut());
    sink.task(task, names);
}

/// What the rules say of a task unit's kind and categories, with their traces, and the
/// category model's first probabilities when it leans on the document's reading.
struct RulesSay<'d> {
    trace: Trace,
    kind: kind::Kind,
    categories: category::Read,
    categories_trace: Trace,
    first: Option<crate::learn::Scored<'d>>,
    /// The mean of the document's first probabilities, once known.
    mean: Option<&'d crate::learn::DocumentMean>,
}

/// The rules' kind and categories of a task unit (`discourse`: its headline topic moves on),
/// and the category model's first reading of it when `read_model` and the model leans on the
/// document's reading.
fn rules_say<'d>(
    doc: &'d Document<'_>,
    unit: &UnitRead<'_>,
    discourse: &mut Discourse,
    read_model: bool,
) -> RulesSay<'d> {
    let piece = doc.piece(unit.index);
    let mut trace = Trace::new(doc.opts.explain);
    let kind = kind::of_unit(doc, unit, &mut trace);
    let mut categories_trace = Trace::new(false);
    let categories = category::of_unit(
        doc,
        unit,
        piece,
        &mut discourse.topic,
        &mut categories_trace,
    );
    let first = read_model
        .then(|| learned::first_reading(doc, unit, piece, kind, &categories))
        .flatten();
    RulesSay {
        trace,
        kind,
        categories,
        categories_trace,
        first,
        mean: None,
    }
}

/// The task a unit makes, every field filled and traced; `said`: what the rules say of
/// its kind and categories; `n`: the tasks before it; `names`, when given, receives its
/// features.
fn task(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    said: RulesSay<'_>,
    discourse: &mut Discourse,
    doc_id: &str,
    n: usize,
    names: Option<&mut Vec<String>>,
) -> Task {
    let piece = doc.piece(unit.index);
    let RulesSay {
        mut trace,
        kind,
        categories,
        categories_trace,
        first,
        mean,
    } = said;
    let said = learned::Said {
        kind,
        categories: &categories,
        first,
        mean,
    };
    let (kind, categories) =
        learned::decide(doc, unit, piece, said, &mut trace, categories_trace, names);
    let bodies = body::of_unit(doc, unit, piece, discourse, n, kind, &mut trace);
    let deadline = deadline::of_unit(doc, unit, piece, kind, &mut trace);
    let metrics = metric::of_unit(doc, unit, piece, &mut trace);
    let actions = action::of_unit(doc, unit, piece, kind, &mut trace);
    let strength = action::strength_of_unit(doc, unit, piece, kind, &mut trace);
    let (rules, explain) = trace.finish();
    let st = doc.st;
    Task {
        id: format!("{doc_id}#{n}"),
        text: piece.text.to_string(),
        span: piece.span(0, piece.text.len()),
        section: (st.path(doc.unit(unit.index).section).iter())
            .map(|&i| st.sections[i].title.clone())
            .collect(),
        kind,
        strength,
        categories,
        bodies,
        problem: problem(doc, unit.index),
        deadline,
        actions,
        metrics,
        rules,
        explain,
    }
}

/// The problem a unit of a table row answers: the row's problem cell (`存在问题`), whole.
fn problem(doc: &Document<'_>, ui: usize) -> Option<Problem> {
    let Some(row) = doc.unit(ui).cell.and_then(|c| doc.st.rows.get(c.row)) else {
        return quoted_problem(doc, ui);
    };
    let (&first, &last) = (row.problem_units.first()?, row.problem_units.last()?);
    let (start, end) = (doc.unit(first).start, doc.unit(last).end);
    let text = doc.text.get(start..end)?;
    let base = doc.unit_chars.get(first)?.0;
    Some(Problem {
        text: text.to_string(),
        span: [base, base + text.chars().count()],
    })
}

/// The problem a report quoted last before the unit (`1．关于“…”问题的整改。` then what was done
/// about it), when the quotation closes in a body unit of the same section: the measures
/// under a quoted problem answer it. The quotation's sentences are no tasks
/// ([`kind::QUOTED_PROBLEM`]).
fn quoted_problem(doc: &Document<'_>, ui: usize) -> Option<Problem> {
    let unit = doc.unit(ui);
    // a problem the unit quotes itself (针对“…”问题，…) is the one it answers
    if let Some(own) = inline_problem(doc, ui) {
        return Some(own);
    }
    let quotes = &doc.quoted_problems;
    let q = quotes.get(
        quotes
            .partition_point(|q| q.frame_end <= unit.start)
            .checked_sub(1)?,
    )?;
    // the unit the closing words are in: the last that starts before they end
    let units = &doc.st.units;
    let closing = units.get(
        units
            .partition_point(|u| u.start < q.frame_end)
            .checked_sub(1)?,
    )?;
    let same_part = closing.role == crate::structure::Role::Body && closing.section == unit.section;
    same_part.then(|| Problem {
        text: doc.text.get(q.start..q.end).unwrap_or_default().to_string(),
        span: q.span,
    })
}

/// The first problem a unit quotes inside itself ([`kind::problem_quotes`]:
/// `针对“党员发展不规范”问题，党委已…`).
fn inline_problem(doc: &Document<'_>, ui: usize) -> Option<Problem> {
    let piece = doc.piece(ui);
    let (start, end, _) = kind::problem_quotes(doc.rules, piece.text).next()?;
    Some(Problem {
        text: piece.text[start..end].to_string(),
        span: piece.span(start, end),
    })
}
