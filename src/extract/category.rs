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

use crate::rules::{Context, RuleSet, Scan};

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
