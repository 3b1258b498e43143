//! The trace of one task: the ids of the rules behind it (the record's `rules`) and, with
//! `--explain`, each field value with the rule and the text that produced it. One trace
//! fills both, so the two cannot disagree.

use crate::record::Explanation;

/// The fields `--explain` covers, in the order of the output.
const EXPLAINED_FIELDS: &[&str] = &[
    "kind",
    "strength",
    "categories",
    "bodies",
    "deadline",
    "metrics",
    "actions",
];

/// What a task's fields came from, gathered while they are filled.
#[derive(Debug)]
pub(super) struct Trace {
    /// Rule ids in the order they first fired (an `append`ed trace may repeat some: dropped
    /// by [`Trace::finish`]).
    rules: Vec<String>,
    /// The explanations, when asked for.
    explain: Option<Vec<Explanation>>,
}

impl Trace {
    /// An empty trace; `explain`: gather explanations too.
    pub fn new(explain: bool) -> Self {
        Trace {
            rules: Vec::new(),
            explain: explain.then(Vec::new),
        }
    }

    /// Whether explanations are gathered (`--explain`).
    pub fn explaining(&self) -> bool {
        self.explain.is_some()
    }

    /// A rule that fired on the unit (cues that weigh in without giving a value of their own).
    pub fn rule(&mut self, id: &str) {
        // a repeat is dropped here, not copied to be dropped by `finish`
        if !self.rules.iter().any(|r| r == id) {
            self.rules.push(id.to_string());
        }
    }

    /// Adds the rules and explanations of another trace after this one's.
    pub fn append(&mut self, other: Trace) {
        self.rules.extend(other.rules);
        if let (Some(items), Some(more)) = (&mut self.explain, other.explain) {
            items.extend(more);
        }
    }

    /// An explanation of a value whose rule is already traced.
    pub fn because(&mut self, x: Explanation) {
        if let Some(items) = &mut self.explain {
            items.push(x);
        }
    }

    /// A field value and what produced it: the rule is traced, and explained when asked.
    pub fn value(
        &mut self,
        field: &str,
        value: &str,
        rule: &str,
        text: &str,
        span: Option<[usize; 2]>,
    ) {
        self.rule(rule);
        self.explain_only(field, value, rule, text, span);
    }

    /// An explanation made of its parts, the rule not traced again.
    pub fn explain_only(
        &mut self,
        field: &str,
        value: &str,
        rule: &str,
        text: &str,
        span: Option<[usize; 2]>,
    ) {
        if self.explain.is_some() {
            self.because(Explanation {
                field: field.to_string(),
                value: value.to_string(),
                rule: rule.to_string(),
                text: text.to_string(),
                span,
            });
        }
    }

    /// The rule ids without repeats (first firing first), and the explanations by field.
    pub fn finish(self) -> (Vec<String>, Option<Vec<Explanation>>) {
        let mut rules: Vec<String> = Vec::with_capacity(self.rules.len());
        for r in self.rules {
            if !rules.contains(&r) {
                rules.push(r);
            }
        }
        let explain = self.explain.map(|mut items| {
            items.sort_by_key(|x| EXPLAINED_FIELDS.iter().position(|f| *f == x.field));
            items
        });
        (rules, explain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_keep_their_first_firing_and_explanations_go_by_field() {
        let mut t = Trace::new(true);
        t.rule("kind.a");
        t.value("deadline", "date", "deadline.x", "年底前", Some([3, 6]));
        t.value("kind", "directive", "kind.a", "要", Some([1, 2]));
        let (rules, explain) = t.finish();
        assert_eq!(rules, ["kind.a", "deadline.x"]);
        let fields: Vec<String> = explain
            .unwrap_or_default()
            .into_iter()
            .map(|x| x.field)
            .collect();
        assert_eq!(fields, ["kind", "deadline"]);
        let mut quiet = Trace::new(false);
        quiet.value("kind", "directive", "kind.a", "要", None);
        assert_eq!(quiet.finish(), (vec!["kind.a".to_string()], None));
    }
}
