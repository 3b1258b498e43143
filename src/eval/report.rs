//! What scoring gives: figures over all documents and per document, the misses, a text
//! table for the terminal and JSON for files.
//!
//! **Takes** the [`Tally`] of each document; **gives** [`Figures`] (ratios of the counts,
//! `None` where a ratio has nothing to count over) gathered in a [`Report`]. The keys
//! and their order are those of the reference scorer, so the JSON of both can be read
//! by the same code: `{"total": {…}, "per_doc": {"DOC": {…}, …}}`.

use std::fmt::Write as _;

use serde::ser::SerializeMap as _;
use serde::{Serialize, Serializer};

use super::score::Tally;

/// The figures over a set of documents (`docs/EVAL.md` defines each). A ratio is `None`
/// when its denominator is zero; an F1 when either part is `None` or both are zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Gold task items that are not optional.
    pub tasks_gold: usize,
    /// Predictions matching a gold item that is not optional.
    pub tasks_pred_tp: usize,
    /// Predictions matching no gold item (including those not found in the text).
    pub tasks_pred_fp: usize,
    /// Predictions whose text is not in the document.
    pub tasks_pred_unlocated: usize,
    /// tp / (tp + fp).
    pub task_precision: Option<f64>,
    /// Gold items found / gold items.
    pub task_recall: Option<f64>,
    /// F1 of task precision and recall.
    pub task_f1: Option<f64>,
    /// Found gold items whose best prediction has their kind, over found items.
    pub kind_accuracy: Option<f64>,
    /// Found gold items sharing a category with a matching prediction, over found items.
    pub category_any: Option<f64>,
    /// Found gold items whose best prediction has their main category, over found items.
    pub category_main: Option<f64>,
    /// Bodies of best predictions matching a gold body, over those bodies.
    pub body_precision: Option<f64>,
    /// Gold bodies matched by a body of a matching prediction, over gold bodies.
    pub body_recall: Option<f64>,
    /// F1 of body precision and recall.
    pub body_f1: Option<f64>,
    /// Body recall over `explicit` gold bodies.
    pub body_recall_explicit: Option<f64>,
    /// Body recall over `inherited` gold bodies.
    pub body_recall_inherited: Option<f64>,
    /// Deadlines of best predictions matching a gold deadline, over those deadlines.
    pub deadline_precision: Option<f64>,
    /// Gold deadlines matched by a deadline of a matching prediction, over gold deadlines.
    pub deadline_recall: Option<f64>,
    /// F1 of deadline precision and recall.
    pub deadline_f1: Option<f64>,
    /// Matched gold deadlines whose kind a matching deadline has, over matched ones.
    pub deadline_kind_accuracy: Option<f64>,
    /// Documents whose title equals the gold title once folded, over gold titles.
    pub title_accuracy: Option<f64>,
    /// Documents whose date starts with the gold date, over gold dates.
    pub date_accuracy: Option<f64>,
}

/// The figures of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocFigures {
    /// The document, as the gold file's `doc` names it.
    pub doc: String,
    /// Its figures.
    pub figures: Figures,
}

/// A gold item no prediction matches, or a prediction that matches no gold item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// Which of the two.
    pub what: MissKind,
    /// The document, as the gold file's `doc` names it.
    pub doc: String,
    /// The gold quote or the predicted text, cut to 60 chars.
    pub text: String,
}

/// The two kinds of [`Miss`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MissKind {
    /// A gold item (not optional) that no prediction matches: a false negative.
    Missed,
    /// A prediction that matches no gold item: a false positive.
    Extra,
}

impl MissKind {
    /// `missed` or `extra`.
    pub fn as_str(self) -> &'static str {
        match self {
            MissKind::Missed => "missed",
            MissKind::Extra => "extra",
        }
    }
}

/// The outcome of [`super::score`].
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Figures over all gold files.
    pub total: Figures,
    /// Figures per document, in gold file order.
    pub per_doc: Vec<DocFigures>,
    /// Missed gold items and extra predictions, document by document, the extra ones of
    /// a document first.
    pub misses: Vec<Miss>,
    /// Gold documents for which no record was given.
    pub missing_predictions: Vec<String>,
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn f1(precision: Option<f64>, recall: Option<f64>) -> Option<f64> {
    let (p, r) = (precision?, recall?);
    (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
}

impl Figures {
    /// The figures of a tally.
    pub(crate) fn from_tally(t: &Tally) -> Figures {
        let (b, d) = (&t.bodies, &t.deadlines);
        let task_precision = ratio(t.true_pos, t.true_pos + t.false_pos);
        let task_recall = ratio(t.found, t.gold);
        let body_precision = ratio(b.predicted_ok, b.predicted);
        let body_recall = ratio(
            b.hit_explicit + b.hit_inherited,
            b.gold_explicit + b.gold_inherited,
        );
        let deadline_precision = ratio(d.predicted_ok, d.predicted);
        let deadline_recall = ratio(d.hit, d.gold);
        Figures {
            tasks_gold: t.gold,
            tasks_pred_tp: t.true_pos,
            tasks_pred_fp: t.false_pos,
            tasks_pred_unlocated: t.unlocated,
            task_precision,
            task_recall,
            task_f1: f1(task_precision, task_recall),
            kind_accuracy: ratio(t.kind_ok, t.found),
            category_any: ratio(t.category_any, t.found),
            category_main: ratio(t.category_main, t.found),
            body_precision,
            body_recall,
            body_f1: f1(body_precision, body_recall),
            body_recall_explicit: ratio(b.hit_explicit, b.gold_explicit),
            body_recall_inherited: ratio(b.hit_inherited, b.gold_inherited),
            deadline_precision,
            deadline_recall,
            deadline_f1: f1(deadline_precision, deadline_recall),
            deadline_kind_accuracy: ratio(d.kind_ok, d.hit),
            title_accuracy: ratio(t.title_ok, t.title_gold),
            date_accuracy: ratio(t.date_ok, t.date_gold),
        }
    }

    /// The four counts, by key.
    pub fn counts(&self) -> [(&'static str, usize); 4] {
        [
            ("tasks_gold", self.tasks_gold),
            ("tasks_pred_tp", self.tasks_pred_tp),
            ("tasks_pred_fp", self.tasks_pred_fp),
            ("tasks_pred_unlocated", self.tasks_pred_unlocated),
        ]
    }

    /// The seventeen ratios, by key.
    pub fn ratios(&self) -> [(&'static str, Option<f64>); 17] {
        [
            ("task_precision", self.task_precision),
            ("task_recall", self.task_recall),
            ("task_f1", self.task_f1),
            ("kind_accuracy", self.kind_accuracy),
            ("category_any", self.category_any),
            ("category_main", self.category_main),
            ("body_precision", self.body_precision),
            ("body_recall", self.body_recall),
            ("body_f1", self.body_f1),
            ("body_recall_explicit", self.body_recall_explicit),
            ("body_recall_inherited", self.body_recall_inherited),
            ("deadline_precision", self.deadline_precision),
            ("deadline_recall", self.deadline_recall),
            ("deadline_f1", self.deadline_f1),
            ("deadline_kind_accuracy", self.deadline_kind_accuracy),
            ("title_accuracy", self.title_accuracy),
            ("date_accuracy", self.date_accuracy),
        ]
    }
}

/// A ratio with three decimals, `-` when undefined.
fn three(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

/// The columns of the per-document table: heading and figure.
const DOC_COLUMNS: [(&str, &str); 8] = [
    ("P", "task_precision"),
    ("R", "task_recall"),
    ("F1", "task_f1"),
    ("kind", "kind_accuracy"),
    ("cat_any", "category_any"),
    ("cat_main", "category_main"),
    ("body_F1", "body_f1"),
    ("dl_F1", "deadline_f1"),
];

impl Report {
    /// The report for a terminal: with `per_doc`, a table of each document's main
    /// figures; up to `misses` miss lines (`missed|extra<TAB>doc<TAB>text`); then every
    /// figure over all documents, one a line (`-` for an undefined ratio).
    pub fn to_text(&self, per_doc: bool, misses: usize) -> String {
        let mut out = String::new();
        if per_doc {
            self.push_doc_table(&mut out);
        }
        for m in self.misses.iter().take(misses) {
            let _ = writeln!(out, "{}\t{}\t{}", m.what.as_str(), m.doc, m.text);
        }
        let t = &self.total;
        let width = t.ratios().iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (key, n) in t.counts() {
            let _ = writeln!(out, "{key:<width$}  {n}");
        }
        for (key, v) in t.ratios() {
            let _ = writeln!(out, "{key:<width$}  {}", three(v));
        }
        out
    }

    fn push_doc_table(&self, out: &mut String) {
        let width = self
            .per_doc
            .iter()
            .map(|d| d.doc.chars().count())
            .chain([8])
            .max()
            .unwrap_or(8);
        let _ = write!(out, "{:<width$}  {:>5}", "document", "gold");
        for (name, _) in DOC_COLUMNS {
            let _ = write!(out, "  {name:>8}");
        }
        out.push('\n');
        for d in &self.per_doc {
            let pad = width.saturating_sub(d.doc.chars().count());
            let _ = write!(out, "{}{:pad$}  {:>5}", d.doc, "", d.figures.tasks_gold);
            let ratios = d.figures.ratios();
            for (_, key) in DOC_COLUMNS {
                let value = ratios.iter().find(|(k, _)| *k == key).and_then(|(_, v)| *v);
                let _ = write!(out, "  {:>8}", three(value));
            }
            out.push('\n');
        }
    }

    /// The figures as JSON: `{"total": {…}, "per_doc": {"DOC": {…}, …}}`, documents in
    /// gold file order, `null` for an undefined ratio.
    pub fn to_json(&self) -> String {
        struct PerDoc<'a>(&'a [DocFigures]);
        impl Serialize for PerDoc<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for d in self.0 {
                    map.serialize_entry(&d.doc, &d.figures)?;
                }
                map.end()
            }
        }
        #[derive(Serialize)]
        struct Json<'a> {
            total: &'a Figures,
            per_doc: PerDoc<'a>,
        }
        let json = Json {
            total: &self.total,
            per_doc: PerDoc(&self.per_doc),
        };
        let mut text =
            serde_json::to_string_pretty(&json).expect("string keys and numbers always serialise");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_f1_are_undefined_over_nothing() {
        assert_eq!(ratio(1, 0), None);
        assert_eq!(ratio(0, 4), Some(0.0));
        assert_eq!(f1(None, Some(0.5)), None);
        assert_eq!(f1(Some(0.0), Some(0.0)), None);
        assert_eq!(f1(Some(0.0), Some(1.0)), Some(0.0));
        assert_eq!(f1(Some(0.5), Some(1.0)), Some(2.0 * 0.5 / 1.5));
    }
}
