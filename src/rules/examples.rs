//! Rule examples: the texts every rule must and must not fire on.
//!
//! An example may mark what the rule yields in it with `[[…]]`: `要于[[年底前]]完成` says
//! that, run through the whole rule set the way its stage runs it (every rule of the
//! family, the overlap policy, the stage's own checks), this rule yields exactly `年底前`.
//! Such an example fails when another rule wins the span, when the stage rejects the value,
//! or when the rule yields a different span. An unmarked example only asks that the rule,
//! run alone, fires somewhere in the text; a counter-example that the rule, run alone,
//! does not fire at all.
//!
//! How a family yields is the stage's business (the rules layer imports no stage): the
//! caller of [`run_examples`] passes a [`Yields`] that gives, for a marked example, the
//! `(rule id, start, end)` triples the stage keeps; [`family_yields`] is the stage-free
//! default, the family's matches under the overlap policy.

use super::{Context, Matcher, Rule, RuleSet};
use crate::words::Segmented;

/// What running the rules' examples found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExampleReport {
    /// Examples and counter-examples that behaved.
    pub passed: usize,
    /// Examples that mark what they yield, among those that behaved.
    pub marked: usize,
    /// One line per misbehaving example: rule id, which list, the text.
    pub failures: Vec<String>,
}

/// An example with its mark taken out: the text, and the byte range the mark enclosed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The text without the mark.
    pub text: String,
    /// The marked byte range in `text`, when the example has a mark.
    pub mark: Option<(usize, usize)>,
}

impl Example {
    /// Reads an example: one `[[…]]` at most; a text with an unmatched or second mark is read
    /// as it is written (and fails as such).
    pub fn parse(written: &str) -> Example {
        let plain = || Example {
            text: written.to_string(),
            mark: None,
        };
        let Some(open) = written.find("[[") else {
            return plain();
        };
        let Some(close) = written[open..].find("]]").map(|c| open + c) else {
            return plain();
        };
        let text = format!(
            "{}{}{}",
            &written[..open],
            &written[open + 2..close],
            &written[close + 2..]
        );
        if text.contains("[[") || text.contains("]]") || close == open + 2 {
            return plain();
        }
        Example {
            text,
            mark: Some((open, close - 2)),
        }
    }
}

/// What a family's stage keeps of a text, for a marked example of `rule`: the `(rule id,
/// start, end)` of each value, or `None` to use [`family_yields`].
pub type Yields<'a> = dyn Fn(&Rule, &str, &Segmented) -> Option<Vec<(String, usize, usize)>> + 'a;

/// The matches of the rule's family in `text`, under the overlap policy, in units of the
/// kind the rule runs in (its `only_in`, else directive). Structure and furniture rules
/// compete only with the rules of their own label, as their stages run them (a heading rule
/// against the heading rules of a line, a date rule against the date rules).
pub fn family_yields(
    rules: &RuleSet,
    rule: &Rule,
    text: &str,
    words: &Segmented,
) -> Vec<(String, usize, usize)> {
    let Some(family) = rules.family(&rule.family) else {
        return Vec::new();
    };
    let kind = rule.only_in.as_deref().unwrap_or("directive");
    let per_label = matches!(rule.family.as_str(), "structure" | "furniture");
    let ctx = Context::of(words, Some(kind));
    let all = family.all_of(text, ctx, |r| !per_label || r.label == rule.label);
    (super::resolve_overlaps(all).into_iter())
        .map(|m| (m.rule.id.clone(), m.start, m.end))
        .collect()
}

/// Runs every rule on its examples and counter-examples (module doc). `segment` segments a
/// text; `yields` gives what a family's stage keeps of a marked example.
pub fn run_examples(
    rules: &RuleSet,
    segment: impl Fn(&str) -> Segmented,
    yields: &Yields<'_>,
) -> ExampleReport {
    let mut report = ExampleReport::default();
    for rule in rules.all_rules() {
        let single = Matcher::new(vec![rule.clone()]);
        for written in &rule.examples {
            let ex = Example::parse(written);
            let words = segment(&ex.text);
            let outcome = match ex.mark {
                None => (!single.all(&ex.text, Context::of(&words, None)).is_empty())
                    .then_some(())
                    .ok_or_else(|| "does not fire on".to_string()),
                Some((s, e)) => {
                    let kept = yields(rule, &ex.text, &words)
                        .unwrap_or_else(|| family_yields(rules, rule, &ex.text, &words));
                    check_mark(rule, &kept, s, e, &ex.text)
                }
            };
            match outcome {
                Ok(()) => {
                    report.passed += 1;
                    report.marked += usize::from(ex.mark.is_some());
                }
                Err(why) => report
                    .failures
                    .push(format!("rule `{}`: {why} its example `{written}`", rule.id)),
            }
        }
        for t in &rule.counter_examples {
            let words = segment(t);
            if single.all(t, Context::of(&words, None)).is_empty() {
                report.passed += 1;
            } else {
                report.failures.push(format!(
                    "rule `{}`: fires on its counter-example `{t}`",
                    rule.id
                ));
            }
        }
    }
    report
}

/// Whether the stage kept the marked span `s..e` as this rule's value; else why not.
fn check_mark(
    rule: &Rule,
    kept: &[(String, usize, usize)],
    s: usize,
    e: usize,
    text: &str,
) -> Result<(), String> {
    if kept
        .iter()
        .any(|(id, ks, ke)| *id == rule.id && (*ks, *ke) == (s, e))
    {
        return Ok(());
    }
    let at = |a: usize, b: usize| text.get(a..b).unwrap_or_default().to_string();
    let over = kept.iter().find(|(_, ks, ke)| *ks < e && s < *ke);
    Err(match over {
        Some((id, ks, ke)) if *id == rule.id => format!(
            "yields `{}`, not the marked `{}`, in",
            at(*ks, *ke),
            at(s, e)
        ),
        Some((id, ks, ke)) => format!(
            "loses `{}` to `{id}` (which yields `{}`) in",
            at(s, e),
            at(*ks, *ke)
        ),
        None => format!("does not yield the marked `{}` in", at(s, e)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_read_out_of_the_text() {
        let ex = Example::parse("要于[[年底前]]完成");
        assert_eq!(ex.text, "要于年底前完成");
        let (s, e) = ex.mark.unwrap();
        assert_eq!(&ex.text[s..e], "年底前");
        assert_eq!(Example::parse("没有标记").mark, None);
        assert_eq!(Example::parse("两个[[一]]和[[二]]").mark, None);
        assert_eq!(Example::parse("空[[]]的").mark, None);
        assert_eq!(Example::parse("未闭合[[的").text, "未闭合[[的");
    }
}
