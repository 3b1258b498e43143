//! Categories: which taxonomy ids a unit belongs to, main first.
//!
//! Category cues are matched under the overlap policy (so `扶贫领域` counts for
//! mass-interests, not the shorter `扶贫` of sector-work); each category scores the summed
//! weight of its cues; categories rank by score, then by their first cue's position.
//! A unit without cues takes the categories of its section heading, then of the unit
//! before it in the same paragraph, then the fallback category.

use crate::rules::{Context, RuleSet};

/// Ranked categories and the rules behind them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranked {
    /// Category ids, main first.
    pub ids: Vec<String>,
    /// Rule ids that fired.
    pub rules: Vec<String>,
    /// The first cue of each category, in the order of `ids`: (rule id, start byte, end byte).
    pub cues: Vec<(String, usize, usize)>,
}

/// The categories a text's own cues give, ranked; empty when none fire.
pub fn rank(rules: &RuleSet, text: &str) -> Ranked {
    let matches = rules.category.find(text, Context::default());
    let mut scores: Vec<(&str, f32, &crate::rules::Match<'_>)> = Vec::new();
    let mut out = Ranked::default();
    for m in &matches {
        match scores.iter_mut().find(|(id, ..)| *id == m.label) {
            Some(s) => s.1 += m.rule.weight,
            None => scores.push((m.label, m.rule.weight, m)),
        }
        if !out.rules.contains(&m.rule.id) {
            out.rules.push(m.rule.id.clone());
        }
    }
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.start.cmp(&b.2.start)));
    for (id, _, m) in &scores {
        out.ids.push(id.to_string());
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
        let r = rank(&rules, "聚焦扶贫领域腐败和作风问题");
        assert_eq!(r.ids.first().map(String::as_str), Some("mass-interests"));
        let r = rank(&rules, "对贯彻落实情况进行自查自纠，逐条梳理，建立台账。");
        assert_eq!(r.ids.first().map(String::as_str), Some("self-inspection"));
        assert!(rank(&rules, "天气很好").ids.is_empty());
    }
}
