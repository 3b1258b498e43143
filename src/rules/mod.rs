//! Rules: loading `rules/*.toml` and compiling them once into a [`RuleSet`].
//!
//! Takes rule files (the defaults embedded in the binary, then any `--rules DIR`), gives
//! prebuilt regexes grouped by family. A rule is data: an id, a description, a label
//! (what it yields: a deadline kind, a category id, a unit kind …), literal `terms` or a
//! regex `pattern` (which may name a lexicon as `{lexicon-name}`), and examples that it
//! must and must not fire on.
//!
//! Invariants, checked at load time with messages naming file, rule and field:
//! - ids are unique, hierarchical, and their first segment is the family
//!   (`deadline.immediate.li-gai` is a `deadline` rule);
//! - labels are known for the family (deadline kinds of TASKS.md, category ids of the taxonomy …);
//! - every pattern compiles and every `{lexicon}` it names exists.
//!
//! A later file replaces a rule or lexicon with the same id; `--no-default-rules` starts empty.
//!
//! Overlap policy, the same for every family: all matches of all rules are collected;
//! the longer match wins, then the higher `priority`, then the earlier position, then the
//! rule that comes first; a match overlapping one already kept is dropped.

mod compile;
mod examples;
mod furniture;
mod matcher;
mod prefilter;
mod schema;
mod sources;
#[cfg(test)]
mod tests;
pub mod tokens;

pub use compile::{Pattern, Rule, Token};
pub use examples::{run_examples, ExampleReport};
pub use furniture::{FurnitureRule, Scope};
pub use matcher::{resolve_overlaps, Context, Match, Matcher};
pub use prefilter::{Scan, DFA_AFTER_BYTES};
pub use schema::{CategoryDef, LexiconDef, RuleDef, RuleFile};
pub use sources::RuleSources;
pub use tokens::TokenPattern;

use crate::error::Result;
use prefilter::Scanner;
use std::collections::BTreeMap;

/// The default rule files, embedded: (file name, content).
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("lexicons.toml", include_str!("../../rules/lexicons.toml")),
    ("taxonomy.toml", include_str!("../../rules/taxonomy.toml")),
    ("kinds.toml", include_str!("../../rules/kinds.toml")),
    ("bodies.toml", include_str!("../../rules/bodies.toml")),
    ("deadlines.toml", include_str!("../../rules/deadlines.toml")),
    ("structure.toml", include_str!("../../rules/structure.toml")),
    ("furniture.toml", include_str!("../../rules/furniture.toml")),
    ("metrics.toml", include_str!("../../rules/metrics.toml")),
    ("actions.toml", include_str!("../../rules/actions.toml")),
    ("strength.toml", include_str!("../../rules/strength.toml")),
];

/// The default jieba user dictionary (`word [freq] [tag]` a line).
pub const DEFAULT_DICT: (&str, &str) = ("dict.txt", include_str!("../../rules/dict.txt"));

/// The families a rule can belong to: the first segment of its id.
pub const FAMILIES: &[&str] = &[
    "category",
    "kind",
    "body",
    "deadline",
    "structure",
    "furniture",
    "metric",
    "action",
    "strength",
];

/// The deadline kinds of TASKS.md.
pub const DEADLINE_KINDS: &[&str] = &[
    "immediate",
    "date",
    "duration",
    "periodic",
    "phased",
    "unstated-limit",
    "occasion",
    "ongoing",
    "since",
];

/// Everything compiled, ready to use from many threads.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The taxonomy, in order.
    pub categories: Vec<CategoryDef>,
    /// Category cues (label: category id).
    pub category: Matcher,
    /// Unit kind cues and non-task patterns.
    pub kind: Matcher,
    /// Responsible-body patterns.
    pub body: Matcher,
    /// Deadline patterns (label: deadline kind).
    pub deadline: Matcher,
    /// Structure patterns: headings, speakers, dates, issuers.
    pub structure: Matcher,
    /// Metric patterns.
    pub metric: Matcher,
    /// Action verbs.
    pub action: Matcher,
    /// Strength of obligation.
    pub strength: Matcher,
    /// Page furniture, for the clean stage.
    pub furniture: Vec<FurnitureRule>,
    /// The furniture rules as rules (for their examples).
    pub furniture_rules: Matcher,
    /// Lexicons by name.
    pub lexicons: BTreeMap<String, Vec<String>>,
    /// jieba user dictionaries: (file, content).
    pub dictionaries: Vec<(String, String)>,
    /// The literals of the families run on units, in one automaton.
    scanner: Scanner,
}

impl RuleSet {
    /// The literals of every family in `text`, for the matchers run on it and its parts
    /// (see [`Scan`]).
    pub fn scan<'t>(&self, text: &'t str) -> Scan<'t> {
        let mut hits = self.scanner.literals.occurrences(text);
        hits.sort_unstable();
        Scan {
            scanner: self.scanner.id,
            text,
            hits,
        }
    }

    /// The scan of `part`: `whole` itself when `part` is a slice of its text, else a scan
    /// of `part` alone.
    pub fn scan_part<'a>(
        &self,
        whole: Option<&'a Scan<'a>>,
        part: &'a str,
    ) -> std::borrow::Cow<'a, Scan<'a>> {
        match whole {
            Some(whole) if whole.covers(part) => std::borrow::Cow::Borrowed(whole),
            _ => std::borrow::Cow::Owned(self.scan(part)),
        }
    }

    /// The embedded defaults, compiled.
    pub fn defaults() -> Result<Self> {
        RuleSources::defaults()?.compile()
    }

    /// Every rule of every family.
    pub fn all_rules(&self) -> impl Iterator<Item = &Rule> {
        [
            &self.category,
            &self.kind,
            &self.body,
            &self.deadline,
            &self.structure,
            &self.metric,
            &self.action,
            &self.strength,
            &self.furniture_rules,
        ]
        .into_iter()
        .flat_map(|m| m.rules.iter())
    }

    /// A lexicon's terms (empty when it does not exist).
    pub fn lexicon(&self, name: &str) -> &[String] {
        self.lexicons.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The fallback category: `other` when the taxonomy has it, else the last one.
    pub fn fallback_category(&self) -> Option<&str> {
        self.categories
            .iter()
            .find(|c| c.id == "other")
            .or(self.categories.last())
            .map(|c| c.id.as_str())
    }
}
