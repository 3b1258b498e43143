//! Actions and strength: a task's main verbs (`整治`, `整改`, `查处`), and how firmly a
//! directive obliges (`必须` mandatory, `要` directive, `鼓励` encouraged, `不得` prohibited).

use super::document::{Document, UnitRead};
use super::kind::Kind;
use super::trace::Trace;
use crate::record::Strength;
use crate::rules::Context;
use crate::text::Piece;

/// Most actions listed for one unit.
const MAX_ACTIONS: usize = 5;

/// The action verbs of a task unit, in text order, without repeats; traced.
pub(super) fn of_unit(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    kind: Kind,
    trace: &mut Trace,
) -> Vec<String> {
    let ctx = Context::of(&unit.words, Some(kind.as_str())).with_scan(Some(&unit.scan));
    let mut actions: Vec<String> = Vec::new();
    for m in doc.rules.action.find(piece.text, ctx) {
        let v = piece.slice(m.start, m.end);
        if actions.len() < MAX_ACTIONS && !actions.iter().any(|a| a == v) {
            // (the span only explains: not counted out otherwise)
            let span = trace.explaining().then(|| piece.span(m.start, m.end));
            trace.value("actions", v, &m.rule.id, v, span);
            actions.push(v.to_string());
        }
    }
    actions
}

/// The strength of a directive: its strongest cue (highest priority, then the earliest);
/// none for a report. Traced.
pub(super) fn strength_of_unit(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    kind: Kind,
    trace: &mut Trace,
) -> Option<Strength> {
    if kind != Kind::Directive {
        return None;
    }
    let ctx = Context::of(&unit.words, Some(kind.as_str())).with_scan(Some(&unit.scan));
    let m = (doc.rules.strength.all(piece.text, ctx).into_iter())
        .max_by_key(|m| (m.rule.priority, std::cmp::Reverse(m.start)))?;
    let text = piece.slice(m.start, m.end);
    let span = trace.explaining().then(|| piece.span(m.start, m.end));
    trace.value("strength", m.label, &m.rule.id, text, span);
    Strength::parse(m.label)
}
