//! Matching the predictions of one document to its gold items, and counting.
//!
//! **Takes** a gold file, the record extracted from its document (if any) and the folded
//! document; **gives** a [`Tally`] of counts for the document and appends its misses.
//!
//! Every gold quote and every predicted task text is located in the folded document, in
//! order, each search starting where the previous item of its side ended (so a passage
//! repeated later in a document is found again further on). A prediction and a gold item
//! match when their spans share at least half of the shorter one; a prediction may match
//! several gold items and a gold item several predictions. Of the predictions matching a
//! gold item, the *best* is the first of those sharing the most chars with it.

use std::path::Path;

use super::doc::{fold, FoldedDoc, Span};
use super::gold::{GoldFile, GoldMeta, GoldTask};
use super::report::{Miss, MissKind};
use super::EvalError;
use crate::record::{BodySource, Record, Task};

/// Counts over one document or many ([`Tally::add`]); [`super::Figures`] are ratios of them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Gold items that are not optional.
    pub(crate) gold: usize,
    /// Of those, the ones some prediction matches.
    pub(crate) found: usize,
    /// Predictions matching a gold item that is not optional.
    pub(crate) true_pos: usize,
    /// Predictions matching no gold item, located or not.
    pub(crate) false_pos: usize,
    /// Predictions whose text is not in the document.
    pub(crate) unlocated: usize,
    /// Found gold items whose best prediction has their kind.
    pub(crate) kind_ok: usize,
    /// Found gold items sharing a category with a matching prediction.
    pub(crate) category_any: usize,
    /// Found gold items whose best prediction has their main (first) category.
    pub(crate) category_main: usize,
    /// Bodies of found gold items and of their best predictions.
    pub(crate) bodies: BodyTally,
    /// Deadlines of found gold items and of their best predictions.
    pub(crate) deadlines: DeadlineTally,
    /// Gold files with a title, and predictions with the same title.
    pub(crate) title_gold: usize,
    /// See `title_gold`.
    pub(crate) title_ok: usize,
    /// Gold files with a date, and predictions whose date starts with it.
    pub(crate) date_gold: usize,
    /// See `date_gold`.
    pub(crate) date_ok: usize,
}

/// Body counts.
#[derive(Debug, Clone, Default)]
pub(crate) struct BodyTally {
    /// Gold bodies marked `explicit`.
    pub(crate) gold_explicit: usize,
    /// Gold bodies marked `inherited`.
    pub(crate) gold_inherited: usize,
    /// Explicit gold bodies phrase-matched by a body of a matching prediction.
    pub(crate) hit_explicit: usize,
    /// Inherited gold bodies phrase-matched by a body of a matching prediction.
    pub(crate) hit_inherited: usize,
    /// Bodies of best predictions.
    pub(crate) predicted: usize,
    /// Of those, the ones that phrase-match a gold body of the item.
    pub(crate) predicted_ok: usize,
}

/// Deadline counts.
#[derive(Debug, Clone, Default)]
pub(crate) struct DeadlineTally {
    /// Gold deadlines.
    pub(crate) gold: usize,
    /// Gold deadlines phrase-matched by a deadline of a matching prediction.
    pub(crate) hit: usize,
    /// Of those, the ones whose kind one of the matching deadlines has.
    pub(crate) kind_ok: usize,
    /// Deadlines of best predictions.
    pub(crate) predicted: usize,
    /// Of those, the ones that phrase-match a gold deadline of the item.
    pub(crate) predicted_ok: usize,
}

impl Tally {
    /// Adds another document's counts.
    pub(crate) fn add(&mut self, o: &Tally) {
        self.gold += o.gold;
        self.found += o.found;
        self.true_pos += o.true_pos;
        self.false_pos += o.false_pos;
        self.unlocated += o.unlocated;
        self.kind_ok += o.kind_ok;
        self.category_any += o.category_any;
        self.category_main += o.category_main;
        self.title_gold += o.title_gold;
        self.title_ok += o.title_ok;
        self.date_gold += o.date_gold;
        self.date_ok += o.date_ok;
        let (b, ob) = (&mut self.bodies, &o.bodies);
        b.gold_explicit += ob.gold_explicit;
        b.gold_inherited += ob.gold_inherited;
        b.hit_explicit += ob.hit_explicit;
        b.hit_inherited += ob.hit_inherited;
        b.predicted += ob.predicted;
        b.predicted_ok += ob.predicted_ok;
        let (d, od) = (&mut self.deadlines, &o.deadlines);
        d.gold += od.gold;
        d.hit += od.hit;
        d.kind_ok += od.kind_ok;
        d.predicted += od.predicted;
        d.predicted_ok += od.predicted_ok;
    }
}

/// A gold item and where its quote lies.
struct GoldItem<'a> {
    task: &'a GoldTask,
    span: Span,
}

/// A predicted task and where its text lies, if it was found.
struct Predicted<'a> {
    task: &'a Task,
    span: Option<Span>,
}

impl Predicted<'_> {
    fn matches(&self, gold: Span) -> bool {
        self.span.is_some_and(|s| s.matches(gold))
    }
}

/// Scores one document: `record` is what was extracted from `gold.doc` (`None`: nothing).
/// A gold quote that cannot be located is an error naming `path`, the gold file.
pub(crate) fn score_doc(
    path: &Path,
    gold: &GoldFile,
    record: Option<&Record>,
    doc: &FoldedDoc,
    misses: &mut Vec<Miss>,
) -> Result<Tally, EvalError> {
    let golds = locate_gold(path, gold, doc)?;
    let predicted = locate_predictions(record, doc);
    let mut t = Tally {
        unlocated: predicted.iter().filter(|p| p.span.is_none()).count(),
        ..Tally::default()
    };
    count_predictions(&golds, &predicted, &gold.doc, &mut t, misses);
    for g in golds.iter().filter(|g| !g.task.optional) {
        t.gold += 1;
        let matching: Vec<&Predicted> = predicted.iter().filter(|p| p.matches(g.span)).collect();
        let Some(best) = best_match(g.span, &matching) else {
            misses.push(miss(MissKind::Missed, &gold.doc, &g.task.quote));
            continue;
        };
        t.found += 1;
        let matching: Vec<&Task> = matching.iter().map(|p| p.task).collect();
        score_fields(g.task, &matching, best, &mut t);
    }
    score_meta(&gold.meta, record, &mut t);
    Ok(t)
}

/// For training (`crate::learn`): each gold item that is not optional and that a task of
/// `record` matches, as scoring pairs them: (index of the gold item, index of its best
/// task in `record.tasks`).
pub(crate) fn best_tasks(
    path: &Path,
    gold: &GoldFile,
    record: &Record,
    doc: &FoldedDoc,
) -> Result<Vec<(usize, usize)>, EvalError> {
    let golds = locate_gold(path, gold, doc)?;
    let predicted = locate_predictions(Some(record), doc);
    let mut out = Vec::new();
    for (gi, g) in golds.iter().enumerate().filter(|(_, g)| !g.task.optional) {
        let overlap = |p: &Predicted| p.span.map_or(0, |s| s.overlap(g.span));
        let mut best: Option<usize> = None;
        for (pi, p) in predicted
            .iter()
            .enumerate()
            .filter(|(_, p)| p.matches(g.span))
        {
            if best.is_none_or(|b| overlap(p) > overlap(&predicted[b])) {
                best = Some(pi);
            }
        }
        out.extend(best.map(|pi| (gi, pi)));
    }
    Ok(out)
}

/// The gold quotes located in document order.
fn locate_gold<'a>(
    path: &Path,
    gold: &'a GoldFile,
    doc: &FoldedDoc,
) -> Result<Vec<GoldItem<'a>>, EvalError> {
    let mut hint = 0;
    let mut items = Vec::with_capacity(gold.tasks.len());
    for (i, task) in gold.tasks.iter().enumerate() {
        let span = doc
            .locate(&task.quote, hint)
            .ok_or_else(|| EvalError::QuoteNotFound {
                path: path.to_owned(),
                task: i,
                doc: gold.doc.clone(),
                quote: task.quote.chars().take(40).collect(),
            })?;
        hint = span.end;
        items.push(GoldItem { task, span });
    }
    Ok(items)
}

/// The predicted task texts located in record order; one not found leaves the hint as it is.
fn locate_predictions<'a>(record: Option<&'a Record>, doc: &FoldedDoc) -> Vec<Predicted<'a>> {
    let mut hint = 0;
    let tasks = record.map(|r| r.tasks.as_slice()).unwrap_or_default();
    tasks
        .iter()
        .map(|task| {
            let span = doc.locate(&task.text, hint);
            if let Some(s) = span {
                hint = s.end;
            }
            Predicted { task, span }
        })
        .collect()
}

/// Each prediction is a true positive when it matches a gold item that is not optional,
/// counts neither way when it matches only optional ones, and is a false positive (an
/// `extra` miss) when it matches none.
fn count_predictions(
    golds: &[GoldItem],
    predicted: &[Predicted],
    doc: &str,
    t: &mut Tally,
    misses: &mut Vec<Miss>,
) {
    for p in predicted {
        let mut hits = golds.iter().filter(|g| p.matches(g.span)).peekable();
        if hits.peek().is_none() {
            t.false_pos += 1;
            misses.push(miss(MissKind::Extra, doc, &p.task.text));
        } else if hits.any(|g| !g.task.optional) {
            t.true_pos += 1;
        }
    }
}

/// The first of the matching predictions that shares the most chars with `gold`.
fn best_match<'a>(gold: Span, matching: &[&Predicted<'a>]) -> Option<&'a Task> {
    let overlap = |p: &Predicted| p.span.map_or(0, |s| s.overlap(gold));
    let mut best: Option<&Predicted<'a>> = None;
    for &p in matching {
        if best.is_none_or(|b| overlap(p) > overlap(b)) {
            best = Some(p);
        }
    }
    best.map(|p| p.task)
}

/// Kind, categories, bodies and deadlines of a found gold item.
fn score_fields(gold: &GoldTask, matching: &[&Task], best: &Task, t: &mut Tally) {
    t.kind_ok += usize::from(best.kind == gold.kind);
    let shares_category = gold
        .categories
        .iter()
        .any(|c| matching.iter().any(|p| p.categories.contains(c)));
    t.category_any += usize::from(shares_category);
    let main = gold.categories.first();
    t.category_main += usize::from(main.is_some() && best.categories.first() == main);
    score_bodies(gold, matching, best, &mut t.bodies);
    score_deadlines(gold, matching, best, &mut t.deadlines);
}

/// Recall: each gold body against the bodies of every matching prediction; precision:
/// each body of the best prediction against the gold bodies. Empty texts are skipped.
fn score_bodies(gold: &GoldTask, matching: &[&Task], best: &Task, t: &mut BodyTally) {
    let predicted: Vec<&str> = matching
        .iter()
        .flat_map(|p| &p.bodies)
        .map(|b| b.text.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let gold_bodies: Vec<&str> = gold
        .bodies
        .iter()
        .map(|b| b.text.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    for body in gold.bodies.iter().filter(|b| !b.text.is_empty()) {
        let hit = predicted.iter().any(|p| phrase_match(&body.text, p));
        if body.source == BodySource::Inherited {
            t.gold_inherited += 1;
            t.hit_inherited += usize::from(hit);
        } else {
            t.gold_explicit += 1;
            t.hit_explicit += usize::from(hit);
        }
    }
    for body in best.bodies.iter().filter(|b| !b.text.is_empty()) {
        t.predicted += 1;
        t.predicted_ok += usize::from(gold_bodies.iter().any(|g| phrase_match(&body.text, g)));
    }
}

/// Recall and kind: each gold deadline against the deadlines of every matching
/// prediction; precision: each deadline of the best prediction against the gold ones.
fn score_deadlines(gold: &GoldTask, matching: &[&Task], best: &Task, t: &mut DeadlineTally) {
    let predicted: Vec<_> = matching
        .iter()
        .flat_map(|p| &p.deadline)
        .filter(|d| !d.text.is_empty())
        .collect();
    let gold_deadlines: Vec<_> = gold
        .deadline
        .iter()
        .filter(|d| !d.text.is_empty())
        .collect();
    for d in &gold_deadlines {
        t.gold += 1;
        let mut hits = predicted
            .iter()
            .filter(|p| phrase_match(&d.text, &p.text))
            .peekable();
        if hits.peek().is_some() {
            t.hit += 1;
            t.kind_ok += usize::from(hits.any(|p| p.kind == d.kind));
        }
    }
    for d in best.deadline.iter().filter(|d| !d.text.is_empty()) {
        t.predicted += 1;
        let ok = gold_deadlines
            .iter()
            .any(|g| phrase_match(&d.text, &g.text));
        t.predicted_ok += usize::from(ok);
    }
}

/// Title (equal when folded) and date (the predicted date starts with the gold one), for
/// a gold file that gives them.
fn score_meta(meta: &GoldMeta, record: Option<&Record>, t: &mut Tally) {
    let doc = record.map(|r| &r.doc);
    if let Some(title) = meta.title.as_deref().filter(|s| !s.is_empty()) {
        t.title_gold += 1;
        let predicted = doc.and_then(|d| d.title.as_deref()).unwrap_or_default();
        t.title_ok += usize::from(fold(title) == fold(predicted));
    }
    if let Some(date) = meta.date.as_deref().filter(|s| !s.is_empty()) {
        t.date_gold += 1;
        let predicted = doc.and_then(|d| d.date.as_deref()).unwrap_or_default();
        t.date_ok += usize::from(predicted.starts_with(date));
    }
}

/// Two phrases (bodies, deadlines) match when, folded, one contains the other; a phrase
/// of fewer than two chars matches only itself.
fn phrase_match(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    if a.chars().count() < 2 || b.chars().count() < 2 {
        return !a.is_empty() && a == b;
    }
    a.contains(&b) || b.contains(&a)
}

fn miss(what: MissKind, doc: &str, text: &str) -> Miss {
    Miss {
        what,
        doc: doc.to_owned(),
        text: text.chars().take(60).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_by_containment_once_folded() {
        assert!(phrase_match("党委", "各级党委"));
        assert!(phrase_match("各级党委", "党委"));
        assert!(phrase_match("“党委”", "党 委"));
        assert!(phrase_match("党", "党"));
        assert!(!phrase_match("党", "党委"));
        assert!(!phrase_match("", ""));
        assert!(!phrase_match("政府", "党委"));
    }
}
