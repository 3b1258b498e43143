//! Rule examples run the way extraction runs each family: a marked example (`要于[[年底前]]完成`,
//! see [`crate::rules::Example`]) passes when the stage keeps the marked span as that rule's
//! value — deadlines through `deadline::find`, bodies through the clause-by-clause subject
//! search and its checks (`body::explicit`, `body::addressees`), kind cues through
//! `kind::cues` (a not-task rule must be the one that rules the unit out), structure rules
//! among the rules of their label (the structure stage asks for one label at a time); other
//! families under the overlap policy of their matcher.

use super::{body, deadline, kind};
use crate::record::Kind;
use crate::rules::{run_examples, ExampleReport, Rule, RuleSet};
use crate::segment::{Segmented, Segmenter};

/// The year deadline examples resolve against (the value does not change what is found).
const EXAMPLE_YEAR: i32 = 2020;

/// Runs every rule's examples and counter-examples through the stages that use them.
pub fn run(rules: &RuleSet, seg: &Segmenter) -> ExampleReport {
    let yields =
        |rule: &Rule, text: &str, words: &Segmented| stage_yields(rules, rule, text, words);
    run_examples(rules, |t| seg.segment(t), &yields)
}

/// What the family's stage keeps of `text`: `(rule id, start, end)` of each value; `None`
/// for the families whose stage keeps what the overlap policy keeps.
fn stage_yields(
    rules: &RuleSet,
    rule: &Rule,
    text: &str,
    words: &Segmented,
) -> Option<Vec<(String, usize, usize)>> {
    let found = match rule.family.as_str() {
        "deadline" => {
            let kind = match rule.only_in.as_deref() {
                Some("report") => Kind::Report,
                _ => Kind::Directive,
            };
            (deadline::find(rules, text, words, kind, Some(EXAMPLE_YEAR), None).into_iter())
                .map(|f| (f.rule, f.start, f.end))
                .collect()
        }
        "body" if rule.label == "addressee" => body_found(body::addressees(rules, text, None)),
        "body" if rule.label == "audience" => body_found(body::audience(rules, text, None)),
        "body" if rule.label == "holder" => body_found(body::holder(rules, text, None)),
        "body" => {
            let nominal = |s: usize, e: usize| body::is_nominal(rules, text, words, s, e);
            body_found(body::explicit(rules, text, words, None, &nominal))
        }
        "kind" if rule.label == "not-task" => {
            let cues = kind::cues(rules, text, words, None);
            if cues.not_task != Some(rule.id.as_str()) {
                return Some(Vec::new());
            }
            let ctx = crate::rules::Context::of(words, None);
            (rules
                .kind
                .all_of(text, ctx, |r| r.id == rule.id)
                .into_iter())
            .map(|m| (m.rule.id.clone(), m.start, m.end))
            .collect()
        }
        "kind" => {
            let cues = kind::cues(rules, text, words, None);
            (cues.hits.into_iter())
                .map(|h| (h.rule.to_string(), h.start, h.end))
                .collect()
        }
        "structure" => {
            let ctx = crate::rules::Context::of(words, None);
            let all = (rules.structure).all_of(text, ctx, |r| r.label == rule.label);
            (crate::rules::resolve_overlaps(all).into_iter())
                .map(|m| (m.rule.id.clone(), m.start, m.end))
                .collect()
        }
        _ => return None,
    };
    Some(found)
}

fn body_found(found: Vec<body::Found>) -> Vec<(String, usize, usize)> {
    found
        .into_iter()
        .map(|f| (f.rule, f.start, f.end))
        .collect()
}
