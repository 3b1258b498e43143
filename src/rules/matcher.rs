//! Matching: a family's rules run over a text (only those whose literals occur), each
//! match checked against its rule's conditions, and the overlap policy.

use super::prefilter::{Candidates, Prefilter, Scan};
use super::{Rule, Token};
use crate::words::{Segmented, Word};

/// A match of a rule in a text: byte offsets into that text.
#[derive(Debug, Clone)]
pub struct Match<'r> {
    /// The rule that fired.
    pub rule: &'r Rule,
    /// The label it yields here (the report label in report units).
    pub label: &'r str,
    /// Start byte of the value.
    pub start: usize,
    /// End byte of the value.
    pub end: usize,
    /// Start byte of the whole match.
    pub whole_start: usize,
    /// End byte of the whole match.
    pub whole_end: usize,
    /// Length of the value in chars: what the overlap policy calls longer.
    pub chars: usize,
}

/// Where a matcher runs: the text and what is known about it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The unit kind, when known (`directive` / `report`).
    pub kind: Option<&'a str>,
    /// Word boundaries (byte offsets) of the text, when segmented.
    pub boundaries: Option<&'a [usize]>,
    /// The text's words with their part-of-speech tags, for token rules.
    pub words: Option<&'a [Word]>,
    /// The rule set's scan of the text, or of a text it is part of (see [`Scan`]).
    pub scan: Option<&'a Scan<'a>>,
}

impl<'a> Context<'a> {
    /// The context of a segmented text of the given kind (an unsegmented one when `seg` is
    /// empty: rules aligned with words then match anywhere and token rules find nothing).
    pub fn of(seg: &'a Segmented, kind: Option<&'a str>) -> Self {
        let segmented = !seg.bounds.is_empty();
        Context {
            kind,
            boundaries: segmented.then_some(seg.bounds.as_slice()),
            words: segmented.then_some(seg.words.as_slice()),
            scan: None,
        }
    }

    /// This context with the literals of `scan`.
    pub fn with_scan(self, scan: Option<&'a Scan<'a>>) -> Self {
        Context { scan, ..self }
    }
}

/// The rules of one family.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// In load order.
    pub rules: Vec<Rule>,
    /// The literals the rules need (see [`Prefilter`]), built with the matcher.
    pub(super) prefilter: Prefilter,
}

impl Matcher {
    /// The matcher of these rules.
    pub fn new(rules: Vec<Rule>) -> Matcher {
        let prefilter = Prefilter::new(&rules);
        Matcher { rules, prefilter }
    }

    /// Every admissible match of every rule, before the overlap policy.
    pub fn all<'r>(&'r self, text: &str, ctx: Context<'_>) -> Vec<Match<'r>> {
        self.all_of(text, ctx, |_| true)
    }

    /// [`Matcher::all`] of the rules `wanted` keeps, the others not run at all.
    pub fn all_of<'r>(
        &'r self,
        text: &str,
        ctx: Context<'_>,
        wanted: impl Fn(&Rule) -> bool,
    ) -> Vec<Match<'r>> {
        let found = self.candidates(text, ctx.scan, &wanted);
        self.all_among(text, ctx, &wanted, &found)
    }

    /// The literals of this matcher's rules found in `text` (from `scan` when it covers the
    /// text): what tells which rules may match it. Nothing is looked for when no rule
    /// `wanted` keeps depends on literals.
    pub fn candidates(
        &self,
        text: &str,
        scan: Option<&Scan<'_>>,
        wanted: impl Fn(&Rule) -> bool,
    ) -> Candidates {
        let needs_literals = (self.rules.iter().zip(&self.prefilter.always))
            .any(|(rule, always)| !*always && wanted(rule));
        if needs_literals {
            self.prefilter.candidates(text, scan)
        } else {
            Candidates::default()
        }
    }

    /// Whether a rule `wanted` keeps may match the text `found` is of (its literals occur,
    /// or it needs none): when none may, [`Matcher::all_of`] finds nothing there.
    pub fn may_match(&self, found: &Candidates, wanted: impl Fn(&Rule) -> bool) -> bool {
        (self.prefilter.mays_in_order(found)).any(|i| self.rules.get(i).is_some_and(&wanted))
    }

    /// [`Matcher::all_of`] with the literals `found` in `text` already (by
    /// [`Matcher::candidates`] with the same `wanted`).
    pub fn all_among<'r>(
        &'r self,
        text: &str,
        ctx: Context<'_>,
        wanted: impl Fn(&Rule) -> bool,
        found: &Candidates,
    ) -> Vec<Match<'r>> {
        let mut out = Vec::new();
        // the rules that may match only, not every rule of the family
        for i in self.prefilter.mays_in_order(found) {
            let Some(rule) = self.rules.get(i).filter(|r| wanted(r)) else {
                continue;
            };
            if let (Some(only), Some(kind)) = (&rule.only_in, ctx.kind) {
                if only != kind {
                    continue;
                }
            }
            let label = match (&rule.report_label, ctx.kind) {
                (Some(r), Some("report")) => r.as_str(),
                _ => rule.label.as_str(),
            };
            let raw = if rule.literal && self.prefilter.scans() {
                found.literal_matches(i, &self.prefilter)
            } else {
                rule.raw_matches(text, ctx.words)
            };
            // grown once a rule that matches, not a match at a time
            out.reserve(raw.len());
            let admitted =
                (raw.into_iter()).filter(|&(_, value)| admissible(rule, text, ctx, value));
            for ((whole_start, whole_end), (start, end)) in admitted {
                let chars = text.get(start..end).map_or(0, |v| v.chars().count());
                out.push(Match {
                    rule,
                    label,
                    start,
                    end,
                    whole_start,
                    whole_end,
                    chars,
                });
            }
        }
        out
    }

    /// The matches kept by the overlap policy (longer, then priority, then position, then
    /// rule order), returned in text order.
    pub fn find<'r>(&'r self, text: &str, ctx: Context<'_>) -> Vec<Match<'r>> {
        resolve_overlaps(self.all(text, ctx))
    }
}

/// Whether a raw match of `rule` with its value at bytes `start..end` of `text` stands: a
/// value that is not empty, not voided by its rule's `not_before` / `not_after` /
/// `not_containing`, and aligned with the words as the rule asks (when the text is segmented).
fn admissible(rule: &Rule, text: &str, ctx: Context<'_>, (start, end): (usize, usize)) -> bool {
    if start == end {
        return false;
    }
    let (Some(after), Some(before), Some(value)) =
        (text.get(end..), text.get(..start), text.get(start..end))
    else {
        return false;
    };
    if (rule.not_before.iter()).any(|s| after.starts_with(s.as_str()))
        || rule.not_after.iter().any(|s| before.ends_with(s.as_str()))
        || (rule.not_containing.iter()).any(|s| value.contains(s.as_str()))
    {
        return false;
    }
    let Some(b) = ctx.boundaries else {
        return true;
    };
    let on = |at: usize| b.binary_search(&at).is_ok();
    match rule.token {
        Token::Any => true,
        Token::Start => on(start),
        Token::Word => on(start) && on(end),
    }
}

/// Applies the overlap policy to matches of one text.
pub fn resolve_overlaps(mut all: Vec<Match<'_>>) -> Vec<Match<'_>> {
    let order = |m: &Match<'_>| {
        (
            std::cmp::Reverse(m.chars),
            std::cmp::Reverse(m.rule.priority),
            m.start,
        )
    };
    all.sort_by_key(order); // stable: rule order breaks the remaining ties
    let mut kept: Vec<Match<'_>> = Vec::with_capacity(all.len()); // sized once: at most all
    for m in all {
        if kept.iter().all(|k| m.end <= k.start || m.start >= k.end) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.start);
    kept
}
