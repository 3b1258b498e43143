//! Unit kind: is the unit a task item, and is it a directive or a report.
//!
//! Directive and report cues are summed by weight; the larger sum wins, a tie (or no cue)
//! goes to the document's prevailing kind. A `not-task` match rules the unit out; a unit
//! with no cue of any kind and no action verb is not a task either.

use crate::rules::{Context, Match, RuleSet};

/// The two kinds of task item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Someone is told to act.
    Directive,
    /// An action taken or a result reached is reported.
    Report,
}

impl Kind {
    /// The name used in the output and in rule labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Directive => "directive",
            Kind::Report => "report",
        }
    }
}

/// What the kind rules found in one unit.
#[derive(Debug, Clone)]
pub struct KindCues<'r> {
    /// Summed weight of directive cues.
    pub directive: f32,
    /// Summed weight of report cues.
    pub report: f32,
    /// The first `not-task` rule that fired.
    pub not_task: Option<&'r str>,
    /// Ids of the cues that fired, in text order.
    pub fired: Vec<&'r str>,
    /// Whether anything marks the unit as work (a cue or an action verb).
    pub evidence: bool,
}

impl KindCues<'_> {
    /// The unit's own leaning, if its cues are not tied.
    pub fn leaning(&self) -> Option<Kind> {
        if self.directive > self.report {
            Some(Kind::Directive)
        } else if self.report > self.directive {
            Some(Kind::Report)
        } else {
            None
        }
    }

    /// The kind, with `default` breaking ties.
    pub fn kind(&self, default: Kind) -> Kind {
        self.leaning().unwrap_or(default)
    }
}

/// Runs the kind rules over one unit.
pub fn cues<'r>(rules: &'r RuleSet, text: &str, boundaries: &[usize]) -> KindCues<'r> {
    let ctx = Context {
        kind: None,
        boundaries: Some(boundaries),
    };
    let matches: Vec<Match<'r>> = rules.kind.find(text, ctx);
    let mut out = KindCues {
        directive: 0.0,
        report: 0.0,
        not_task: None,
        fired: Vec::new(),
        evidence: false,
    };
    // not-task patterns are judged on their own, before overlaps hide them
    out.not_task = rules
        .kind
        .all(text, ctx)
        .into_iter()
        .find(|m| m.label == "not-task")
        .map(|m| m.rule.id.as_str());
    for m in &matches {
        match m.label {
            "directive" => out.directive += m.rule.weight,
            "report" => out.report += m.rule.weight,
            "task" => {}
            _ => continue,
        }
        out.evidence = true;
        if !out.fired.contains(&m.rule.id.as_str()) {
            out.fired.push(&m.rule.id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;

    fn run(text: &str) -> (Option<Kind>, Option<String>, bool) {
        let rules = RuleSet::defaults().unwrap();
        let seg = Segmenter::new(&rules.dictionaries).unwrap();
        let c = cues(&rules, text, &seg.boundaries(text));
        (c.leaning(), c.not_task.map(str::to_string), c.evidence)
    }

    #[test]
    fn directive_report_and_not_task() {
        assert_eq!(run("中央和国家机关要带头开展形式主义问题大排查。").0, Some(Kind::Directive));
        assert_eq!(run("目前已整改完成9项，正在整改17项；").0, Some(Kind::Report));
        assert!(run("思想是行动的先导。").1.is_some());
        assert!(run("这是重要的。").1.is_none());
        assert!(!run("天气很好。").2);
    }
}
