//! Categories: which taxonomy ids a unit belongs to, main first.
//!
//! Category cues are matched under the overlap policy (so `扶贫领域` counts for
//! mass-interests, not the shorter `扶贫` of sector-work); each category scores the summed
//! weight of its cues; categories rank by score, then by their first cue's position.
//! Cues in the unit's predicate (from its first modal on) count double: in
//! `对…不落实问题的，要予以问责` the task is accountability, not implementation.
//!
//! The caller (`extract`) sets the unit in its context: the categories of a headline unit
//! before it in the same paragraph, else of the nearest heading with cues, else of the
//! document's title when its cues are strong. The context's main category leads when the
//! unit names it too or when the unit's own cues are weak (general words only), stands in
//! when the unit has none, and comes last otherwise; then the fallback category.

use super::document::{Document, UnitRead};
use super::inherit::Topic;
use super::trace::Trace;
use crate::record::Explanation;
use crate::rules::{Context, RuleSet, Scan};
use crate::text::Piece;

/// Ranked categories and the rules behind them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranked {
    /// Category ids, main first.
    pub ids: Vec<String>,
    /// Rule ids that fired.
    pub rules: Vec<String>,
    /// The first cue of each category, in the order of `ids`: (rule id, start byte, end byte).
    pub cues: Vec<(String, usize, usize)>,
    /// Each category's score, in the order of `ids`.
    pub scores: Vec<f32>,
}

/// How much more a cue in the predicate counts than one before it.
pub const PREDICATE_WEIGHT: f32 = 2.0;

/// The categories a text's own cues give, ranked; empty when none fire. `predicate` is the
/// byte where the unit's predicate starts (its first modal, `要` of `对…的，要予以问责`):
/// cues from there on name what is to be done and count [`PREDICATE_WEIGHT`] times,
/// those before it mostly name its object or condition. `scan`: the rule set's scan of
/// the text, when there is one.
pub fn rank(
    rules: &RuleSet,
    text: &str,
    predicate: Option<usize>,
    scan: Option<&Scan<'_>>,
) -> Ranked {
    let matches = rules
        .category
        .find(text, Context::default().with_scan(scan));
    let mut scores: Vec<(&str, f32, &crate::rules::Match<'_>)> = Vec::new();
    let mut out = Ranked::default();
    for m in &matches {
        let weight = match predicate {
            Some(p) if m.start >= p => m.rule.weight * PREDICATE_WEIGHT,
            _ => m.rule.weight,
        };
        match scores.iter_mut().find(|(id, ..)| *id == m.label) {
            Some(s) => s.1 += weight,
            None => scores.push((m.label, weight, m)),
        }
        if !out.rules.contains(&m.rule.id) {
            out.rules.push(m.rule.id.clone());
        }
    }
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.start.cmp(&b.2.start)));
    for (id, score, m) in &scores {
        out.ids.push(id.to_string());
        out.scores.push(*score);
        out.cues.push((m.rule.id.clone(), m.start, m.end));
    }
    out
}

/// The id given to a category that no cue gave (the taxonomy's fallback).
pub const CATEGORY_FALLBACK: &str = "category.fallback";

/// A unit's own category cues below this score give way to its context's main category.
const WEAK_OWN_CUES: f32 = 1.0;

/// Most categories given to one unit (by the rules, and with a model's).
pub const MAX_CATEGORIES: usize = 3;

/// What the rules say of a unit's categories (module doc): the categories, why each, and
/// what they were made of (the unit's own cues, its context's categories).
#[derive(Debug, Clone, Default)]
pub(super) struct Read {
    /// Category ids, main first.
    pub ids: Vec<String>,
    /// Why each of `ids`, in order.
    pub why: Vec<Explanation>,
    /// The unit's own cues, ranked.
    pub own: Ranked,
    /// The context's categories (a headline before it, a heading, the title), main first.
    pub context: Vec<String>,
}

/// The categories the rules give a task unit in its context (module doc); the cues that
/// fired are traced, the values' explanations are left to the caller ([`Read::why`]).
/// `topic` is the last headline unit's, and becomes this unit's when it is a headline
/// itself.
pub(super) fn of_unit(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    topic: &mut Option<Topic>,
    trace: &mut Trace,
) -> Read {
    let u = doc.unit(unit.index);
    // the predicate starts at the unit's first directive cue of its own
    let predicate = (unit.cues.hits.iter())
        .filter(|h| h.label == "directive" && h.heading.is_none())
        .map(|h| h.start)
        .min();
    let ranked = rank(doc.rules, piece.text, predicate, Some(&unit.scan));
    ranked.rules.iter().for_each(|r| trace.rule(r));
    let (context, context_why) =
        match (topic.as_ref()).filter(|t| t.line == u.line && !t.categories.is_empty()) {
            Some(t) => (t.categories.clone(), t.why.clone()),
            None => heading_context(doc, unit.index, trace),
        };
    let categories = merge(doc.rules, piece.text, &ranked, context.clone());
    let why: Vec<Explanation> = (categories.iter())
        .map(|c| explain(c, &ranked, &context_why, piece, doc.opts.explain))
        .collect();
    let headline = Context::default().with_scan(Some(&unit.scan));
    if !(doc
        .rules
        .structure
        .all_of(piece.text, headline, |r| r.label == "topic"))
    .is_empty()
    {
        *topic = Some(Topic {
            line: u.line,
            categories: categories.clone(),
            why: why.clone(),
        });
    }
    Read {
        ids: categories,
        why,
        own: ranked,
        context,
    }
}

/// The categories of the nearest heading above the unit with cues, else of the document's
/// title when its cues are strong; with what gave them.
fn heading_context(
    doc: &Document<'_>,
    ui: usize,
    trace: &mut Trace,
) -> (Vec<String>, Vec<Explanation>) {
    let st = doc.st;
    let headings = (st.path(st.units[ui].section).into_iter().rev())
        .map(|si| (&doc.headings[si].categories, st.sections[si].title.as_str()));
    let title = (doc.title_categories.as_ref()).zip(st.title.as_deref());
    let Some((h, title)) = headings.chain(title).find(|(h, _)| !h.ids.is_empty()) else {
        return (Vec::new(), Vec::new());
    };
    h.rules.iter().for_each(|r| trace.rule(r));
    let why = (h.ids.iter().zip(&h.cues))
        .map(|(id, (rule, s, e))| Explanation {
            field: "categories".into(),
            value: id.clone(),
            rule: rule.clone(),
            text: title.get(*s..*e).unwrap_or_default().to_string(),
            span: None,
        })
        .collect();
    (h.ids.clone(), why)
}

/// The unit's own categories merged with its context's: the context's main category leads
/// when the unit names it too, or when the unit's own cues are weak; otherwise it comes
/// last; the context stands in when the unit has none; then the fallback category.
fn merge(rules: &RuleSet, text: &str, ranked: &Ranked, context: Vec<String>) -> Vec<String> {
    let mut categories = ranked.ids.clone();
    if categories.is_empty() {
        categories = context;
    } else if let Some(main) = context.first() {
        let weak = ranked.scores.first().is_some_and(|&s| s < WEAK_OWN_CUES);
        match categories.iter().position(|c| c == main) {
            Some(at) => {
                let c = categories.remove(at);
                categories.insert(0, c);
            }
            None if weak => {
                categories.truncate(MAX_CATEGORIES - 1);
                categories.insert(0, main.clone());
            }
            None => {
                categories.truncate(MAX_CATEGORIES - 1);
                categories.push(main.clone());
            }
        }
    }
    if categories.is_empty() {
        categories.extend(rules.fallback_category_of(text).map(str::to_string));
    }
    categories.truncate(MAX_CATEGORIES);
    categories
}

/// Why a unit has category `c`: its own first cue, else the context's, else the fallback.
fn explain(
    c: &str,
    ranked: &Ranked,
    context: &[Explanation],
    piece: Piece<'_>,
    explaining: bool,
) -> Explanation {
    let own = ranked.ids.iter().position(|id| id == c);
    let found = match own.and_then(|i| ranked.cues.get(i)) {
        // the cue's text and span only explain (`--explain`): the value and the rule are
        // what the stages after read
        Some((rule, s, e)) => Some(Explanation {
            field: "categories".into(),
            value: c.to_string(),
            rule: rule.clone(),
            text: match explaining {
                true => piece.slice(*s, *e).to_string(),
                false => String::new(),
            },
            span: explaining.then(|| piece.span(*s, *e)),
        }),
        None => context.iter().find(|x| x.value == c).cloned(),
    };
    found.unwrap_or_else(|| Explanation {
        field: "categories".into(),
        value: c.to_string(),
        rule: CATEGORY_FALLBACK.into(),
        text: String::new(),
        span: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_cue_wins_and_ranking_by_weight() {
        let rules = RuleSet::defaults().unwrap();
        let t = "聚焦扶贫领域腐败和作风问题";
        let r = rank(&rules, t, None, Some(&rules.scan(t)));
        assert_eq!(r.ids.first().map(String::as_str), Some("mass-interests"));
        let r = rank(
            &rules,
            "对贯彻落实情况进行自查自纠，逐条梳理，建立台账。",
            None,
            None,
        );
        assert_eq!(r.ids.first().map(String::as_str), Some("self-inspection"));
        assert!(rank(&rules, "天气很好", None, None).ids.is_empty());
    }
}
