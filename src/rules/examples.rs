//! Rule examples: every rule run on the texts it must and must not fire on.

use super::{Context, Matcher, RuleSet};
use crate::segment::Segmented;

/// What running the rules' examples found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExampleReport {
    /// Examples and counter-examples that behaved.
    pub passed: usize,
    /// One line per misbehaving example: rule id, which list, the text.
    pub failures: Vec<String>,
}

/// Runs every rule on its examples (it must fire) and counter-examples (it must not).
/// `segment` segments a text (word boundaries and tagged words for token-aligned and token rules).
pub fn run_examples(rules: &RuleSet, segment: impl Fn(&str) -> Segmented) -> ExampleReport {
    let mut report = ExampleReport::default();
    for rule in rules.all_rules() {
        let single = Matcher::new(vec![rule.clone()]);
        let fires = |text: &str| {
            let seg = segment(text);
            !single.all(text, Context::of(&seg, None)).is_empty()
        };
        for (list, texts, want) in [
            ("example", &rule.examples, true),
            ("counter-example", &rule.counter_examples, false),
        ] {
            for t in texts {
                if fires(t) == want {
                    report.passed += 1;
                } else {
                    let verb = if want { "does not fire on" } else { "fires on" };
                    report
                        .failures
                        .push(format!("rule `{}`: {verb} its {list} `{t}`", rule.id));
                }
            }
        }
    }
    report
}
