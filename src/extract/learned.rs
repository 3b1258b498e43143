//! The trained models' say (`crate::learn`): what a task unit shows them — its features —
//! and how their answer combines with the rules'.
//!
//! Features are names a reader can follow, one kind a prefix:
//! - `w:学校` a word of the unit (jieba's, with a Han character), `c:学校` two Han
//!   characters next to each other in it (as often as the unit has them; a model is given
//!   these only when it has weights for their kind);
//! - `t:通报` a word of two or more chars of the title (jieba's), `tcat:X` a category the
//!   title's cues give;
//! - `cue:category.study-education.kw` a category rule that fired in the unit,
//!   `own:X` / `own1:X` the categories its own cues give (the first), `ctx:X` its context's
//!   main category, `rule:X` / `rule1:X` the rules' categories (the main), `from:own`,
//!   `from:context`, `from:fallback` where the rules' main came from;
//! - `kcue:kind.directive.modal-yao` a kind cue that fired (in the unit or its headings),
//!   `kind:X` the rules' kind, `lean:X` what its own cues lean to (`none`), `prevail:X` the
//!   document's prevailing kind, `genre:X` the kind its title names (`none`);
//! - `at:table` in a table row, `at:speaker` in a speaker's part, `depth:N` its heading depth.
//!
//! Which of them a model learns is chosen when it is trained (`learn::train::CATEGORY_GROUPS`
//! for the shipped one). The document's features (title, `prevail`, `genre`) are looked up
//! once a document ([`document_features`], `Document::model_rows`), the unit's for each
//! task. The features are read off the rules' own decisions, never a model's, so a model is
//! trained on what it sees at extraction. A model's first class replaces the rules' main
//! value when it is probable enough ([`crate::learn::Combine`]); the value then carries the
//! rule-like id `model.category` / `model.kind`, explained by the features that carried it.
//! A category model whose `combine.document` is set reads every task unit of the document
//! first ([`first_reading`]) and leans each unit to the mean of those readings
//! (`crate::learn::with_document`), named `document(+x)` in the explanation.

use super::category::{self, CATEGORY_FALLBACK};
use super::document::{Document, UnitRead};
use super::kind::{self, Kind};
use super::trace::Trace;
use crate::learn::{Feature, Model, Reads, Scored, Target};
use crate::record::Explanation;
use crate::text::{has_han, is_han, Piece};

/// How many features explain a model's value.
const WHY_FEATURES: usize = 6;

/// What the rules decided for a unit, before the models, with the category model's first
/// reading of it and the mean of its document's when the model leans on them
/// ([`crate::learn::Combine::document`]).
pub(super) struct Said<'a, 'd> {
    /// The rules' kind.
    pub kind: Kind,
    /// The rules' categories.
    pub categories: &'a category::Read,
    /// The category model's first probabilities ([`first_reading`]).
    pub first: Option<Scored<'d>>,
    /// The mean of the first probabilities of the document's task units.
    pub mean: Option<&'d crate::learn::DocumentMean>,
}

/// The category model's probabilities for a task unit before its document's reading,
/// when the model leans on that reading (else none: [`decide`] scores the unit).
pub(super) fn first_reading<'d>(
    doc: &'d Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    kind: Kind,
    categories: &category::Read,
) -> Option<Scored<'d>> {
    let m = doc.rules.models.category.as_ref()?;
    if m.combine.document <= 0.0 {
        return None;
    }
    let said = Said {
        kind,
        categories,
        first: None,
        mean: None,
    };
    let mut scorer = m.scorer(&doc.model_rows.category, doc.opts.explain);
    unit_features(doc, unit, piece, &said, m.reads(), &mut |f| scorer.add(f));
    Some(scorer.finish())
}

/// The features every unit of a document shares (module doc): the title's words and
/// categories, the document's prevailing kind and genre.
pub(super) fn document_features(doc: &Document<'_>, f: &mut dyn FnMut(Feature<'_>)) {
    if let Some(t) = &doc.title_categories_all {
        t.ids.iter().for_each(|c| f(Feature::Named("tcat", c)));
    }
    for w in &doc.title_words {
        f(Feature::Named("t", w));
    }
    f(Feature::Named("prevail", doc.prevailing.as_str()));
    f(Feature::Named(
        "genre",
        doc.genre.map_or("none", Kind::as_str),
    ));
}

/// The features of one task unit (module doc) besides its document's, passed to `f` (a
/// word or pair of characters the unit repeats, as often as it does); words and pairs
/// only when `reads` asks for them.
pub(super) fn unit_features<F: FnMut(Feature<'_>)>(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    said: &Said<'_, '_>,
    reads: Reads,
    f: &mut F,
) {
    if reads.words {
        for w in &unit.words.words {
            if let Some(w) = piece.text.get(w.start..w.end).filter(|w| has_han(w)) {
                f(Feature::Word(w));
            }
        }
    }
    // two Han characters next to each other
    let mut chars = piece.text.chars().peekable();
    while let Some(a) = chars.next().filter(|_| reads.pairs) {
        if let Some(&b) = chars.peek().filter(|&&b| is_han(a) && is_han(b)) {
            f(Feature::Pair(a, b));
        }
    }
    let mut emit = |prefix: &'static str, value: &str| f(Feature::Named(prefix, value));
    category_features(said.categories, &mut emit);
    for id in &unit.cues.fired {
        emit("kcue", id);
    }
    emit("kind", said.kind.as_str());
    emit("lean", unit.cues.leaning().map_or("none", Kind::as_str));
    let (st, u) = (doc.st, doc.unit(unit.index));
    if u.cell.is_some() {
        emit("at", "table");
    }
    if st.speaker(u.section).is_some() {
        emit("at", "speaker");
    }
    let depth = st.path(u.section).len();
    emit("depth", ["0", "1", "2", "3"][depth.min(3)]);
}

/// The features of the rules' categories.
fn category_features(c: &category::Read, emit: &mut impl FnMut(&'static str, &str)) {
    for id in &c.own.rules {
        emit("cue", id);
    }
    for id in &c.own.ids {
        emit("own", id);
    }
    if let Some(id) = c.own.ids.first() {
        emit("own1", id);
    }
    if let Some(id) = c.context.first() {
        emit("ctx", id);
    }
    for id in &c.ids {
        emit("rule", id);
    }
    if let Some(id) = c.ids.first() {
        emit("rule1", id);
    }
    let from = match c.why.first() {
        Some(x) if x.rule == CATEGORY_FALLBACK => "fallback",
        Some(_) if c.own.ids.first() == c.ids.first() => "own",
        Some(_) => "context",
        None => "none",
    };
    emit("from", from);
}

/// The kind and categories of a task unit: the rules', then the models' say (module doc);
/// every value explained. `categories_trace` holds the rules the category stage traced;
/// `names`, when given, receives the unit's features (the document's first; a feature
/// given twice named twice).
pub(super) fn decide<'a>(
    doc: &'a Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    said: Said<'_, 'a>,
    trace: &mut Trace,
    categories_trace: Trace,
    names: Option<&mut Vec<String>>,
) -> (Kind, Vec<String>) {
    let models = &doc.rules.models;
    let trace_explains = trace.explaining();
    if let Some(out) = names {
        document_features(doc, &mut |f| out.push(f.name()));
        unit_features(doc, unit, piece, &said, Reads::ALL, &mut |f| {
            out.push(f.name())
        });
    }
    let score = |m: &'a Model, base: &'a crate::learn::Base| {
        let mut scorer = m.scorer(base, trace_explains);
        unit_features(doc, unit, piece, &said, m.reads(), &mut |f| scorer.add(f));
        scorer.finish()
    };
    // a table's measure cell has its kind from its row, before any model
    let table = kind::table_kind(doc, unit.index).is_some();
    let kind = match models.kind.as_ref().filter(|_| !table) {
        Some(m) => {
            let scored = score(m, &doc.model_rows.kind);
            decide_kind(doc, m, &scored, unit, piece, said.kind, trace)
        }
        None => {
            kind::explain(doc, unit, piece, said.kind, trace);
            said.kind
        }
    };
    // the category cues are traced after the kind's values, as they were read
    trace.append(categories_trace);
    let categories = match models.category.as_ref() {
        Some(m) => {
            let mut scored = match said.first {
                Some(first) => first,
                None => score(m, &doc.model_rows.category),
            };
            let lean = said.mean.filter(|_| m.combine.document > 0.0);
            if let Some(mean) = lean {
                scored.probs = crate::learn::with_document_logs(&scored.probs, &mean.logs);
            }
            decide_categories(
                m,
                &scored,
                lean.map(|mean| mean.probs.as_slice()),
                said.categories,
                doc.rules.none_category(),
                trace,
            )
        }
        None => {
            said.categories.why.iter().for_each(|x| traced(x, trace));
            said.categories.ids.clone()
        }
    };
    (kind, categories)
}

/// The model's kind when it is probable enough and not the rules', else the rules'.
fn decide_kind(
    doc: &Document<'_>,
    m: &Model,
    scored: &Scored<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    rules: Kind,
    trace: &mut Trace,
) -> Kind {
    let (best, p) = scored.best();
    let model = crate::learn::train::kind_of_class(&m.classes[best]).unwrap_or(rules);
    if model != rules && p >= m.combine.main_at {
        let why = why(scored, best, trace);
        trace.value("kind", model.as_str(), Target::Kind.rule_id(), &why, None);
        return model;
    }
    kind::explain(doc, unit, piece, rules, trace);
    rules
}

/// The rules' categories combined with the model's ([`crate::learn::combine_categories`]);
/// `lean`: the document's mean probabilities, when the unit's leaned on them.
fn decide_categories(
    m: &Model,
    scored: &Scored<'_>,
    lean: Option<&[f32]>,
    rules: &category::Read,
    none: Option<&str>,
    trace: &mut Trace,
) -> Vec<String> {
    let out = crate::learn::combine_categories(
        &rules.ids,
        &m.classes,
        &scored.probs,
        &m.combine,
        &m.support,
        none,
    );
    // a value the model chose is explained by its features (among them the rules' cues,
    // `cue:…`, whose ids stay in `rules` when the rules gave it too)
    for (id, from_model) in &out {
        let own = rules.ids.iter().position(|c| c == id);
        let own = own.and_then(|i| rules.why.get(i));
        match (from_model, own) {
            (true, _) => {
                if let Some(x) = own {
                    trace.rule(&x.rule);
                }
                let c = m.class(id).unwrap_or(0);
                let mut why = why(scored, c, trace);
                // the document's reading, when it pushed this class up
                let push = lean.map_or(0.0, |mean| {
                    crate::learn::document_push(mean, m.combine.document, c)
                });
                if trace.explaining() && push > 0.0 {
                    why += &format!(
                        "{}document({push:+.2})",
                        [" ", ""][usize::from(why.is_empty())]
                    );
                }
                trace.value("categories", id, Target::Category.rule_id(), &why, None);
            }
            (false, Some(x)) => traced(x, trace),
            (false, None) => {}
        }
    }
    out.into_iter().map(|(id, _)| id).collect()
}

/// The features that carried class `c`, when explanations are asked for.
fn why(scored: &Scored<'_>, c: usize, trace: &Trace) -> String {
    match trace.explaining() {
        true => scored.why(c, WHY_FEATURES),
        false => String::new(),
    }
}

/// A rules' explanation, its rule traced.
fn traced(x: &Explanation, trace: &mut Trace) {
    trace.rule(&x.rule);
    if trace.explaining() {
        trace.because(x.clone());
    }
}
