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

pub use compile::{Groups, LazyRegex, Pattern, Rule, Token};
pub use examples::{family_yields, run_examples, Example, ExampleReport, Yields};
pub use furniture::{FurnitureRule, Scope};
pub use matcher::{resolve_overlaps, Context, Match, Matcher};
pub use prefilter::{Candidates, Scan, DFA_AFTER_BYTES};
pub use schema::{CategoryDef, DeadlineKindDef, LexiconDef, RuleDef, RuleFile};
pub use sources::RuleSources;
pub use tokens::{Terms, TokenPattern};

use crate::error::Result;
use prefilter::Scanner;
use std::collections::BTreeMap;

/// The default rule files, embedded: (file name, content).
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("lexicons.toml", include_str!("../../rules/lexicons.toml")),
    ("taxonomy.toml", include_str!("../../rules/taxonomy.toml")),
    (
        "deadline-kinds.toml",
        include_str!("../../rules/deadline-kinds.toml"),
    ),
    ("kinds.toml", include_str!("../../rules/kinds.toml")),
    ("bodies.toml", include_str!("../../rules/bodies.toml")),
    ("deadlines.toml", include_str!("../../rules/deadlines.toml")),
    ("structure.toml", include_str!("../../rules/structure.toml")),
    ("furniture.toml", include_str!("../../rules/furniture.toml")),
    ("metrics.toml", include_str!("../../rules/metrics.toml")),
    ("actions.toml", include_str!("../../rules/actions.toml")),
    ("strength.toml", include_str!("../../rules/strength.toml")),
];

/// The default trained models, embedded: (file name, content). See [`crate::learn`]: the
/// category model only (a kind model did not hold on both held-out halves, README "Rules").
pub const DEFAULT_MODELS: &[(&str, &str)] = &[(
    "model/category.json",
    include_str!("../../rules/model/category.json"),
)];

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

/// The lexicons a stage reads itself (not through a rule), with the family whose rules the
/// stage runs: loading fails when that family has rules and the lexicon is not defined.
pub const STAGE_LEXICONS: &[(&str, &str)] = &[
    ("body-head", "body"),
    ("body-org-suffix", "body"),
    ("body-not-start", "body"),
    ("body-never-inside", "body"),
    ("modal", "body"),
    ("modal", "structure"),
    ("meta-title", "structure"),
    ("meta-issued", "structure"),
    ("meta-published", "structure"),
    ("meta-issuer", "structure"),
    ("meta-number", "structure"),
    ("meta-key", "structure"),
];

/// What can be resolved from a deadline's words (see [`DeadlineKind::resolve`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resolve {
    /// The last day allowed (`年底前` → `2019-12-31`).
    pub date: bool,
    /// The first and last day of a half-year, quarter or month.
    pub period: bool,
    /// An ISO 8601 duration (`3年内` → `P3Y`).
    pub duration: bool,
    /// The period of a repetition (`每季度` → `quarter`).
    pub every: bool,
}

/// A deadline kind as compiled from its `[[deadline_kind]]` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineKind {
    /// Its id: the label of the deadline rules that give it.
    pub id: String,
    /// How firmly it binds, for comparing plans (0 binds nothing).
    pub firmness: u8,
    /// What is resolved from its words.
    pub resolve: Resolve,
    /// Whether a heading's deadline of this kind holds for the units under it.
    pub heading_passes: bool,
}

impl DeadlineKind {
    /// Checks and compiles a declaration read from `file`.
    pub(crate) fn compile(file: &str, def: &DeadlineKindDef) -> Result<Self> {
        let err = |field: &'static str, message: String| crate::Error::DeadlineKind {
            file: file.to_string(),
            kind: def.id.clone(),
            field,
            message,
        };
        let id_ok =
            !def.id.is_empty() && (def.id.chars()).all(|c| c.is_ascii_lowercase() || c == '-');
        if !id_ok {
            return Err(err(
                "id",
                "lower-case ASCII letters and hyphens (`unstated-limit`)".into(),
            ));
        }
        if def.description.trim().is_empty() {
            return Err(err("description", "is empty".into()));
        }
        let mut resolve = Resolve::default();
        for r in &def.resolve {
            let slot = match r.as_str() {
                "date" => &mut resolve.date,
                "period" => &mut resolve.period,
                "duration" => &mut resolve.duration,
                "every" => &mut resolve.every,
                other => {
                    return Err(err(
                        "resolve",
                        format!("`{other}`: one of date, period, duration, every"),
                    ))
                }
            };
            *slot = true;
        }
        Ok(DeadlineKind {
            id: def.id.clone(),
            firmness: def.firmness,
            resolve,
            heading_passes: def.heading_passes,
        })
    }
}

/// The trained models of a rule set (`rules/model/*.json`, [`crate::learn`]): each decides
/// with the rules as its [`crate::learn::Combine`] says; none, the rules decide alone.
#[derive(Debug, Clone, Default)]
pub struct Models {
    /// Decides categories.
    pub category: Option<crate::learn::Model>,
    /// Decides kinds.
    pub kind: Option<crate::learn::Model>,
}

/// Everything compiled, ready to use from many threads.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The taxonomy, in order.
    pub categories: Vec<CategoryDef>,
    /// The deadline kinds, in declaration order.
    pub deadline_kinds: Vec<DeadlineKind>,
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
    /// Each lexicon by name, hashed (the stages look lexicons up by name in their loops):
    /// its terms in order ([`RuleSet::lexicon`]) and indexed for lookups by prefix and
    /// suffix ([`RuleSet::terms`]).
    indexed: rustc_hash::FxHashMap<String, (Vec<String>, Terms)>,
    /// jieba user dictionaries: (file, content).
    pub dictionaries: Vec<(String, String)>,
    /// The trained models, where the rules ship them.
    pub models: Models,
    /// The literals of the families run on units, in one automaton.
    scanner: Scanner,
}

impl RuleSet {
    /// The literals of every family in `text`, for the matchers run on it and its parts
    /// (see [`Scan`]).
    pub fn scan<'t>(&self, text: &'t str) -> Scan<'t> {
        let covered = match self.scanner.covers(text) {
            true => text,
            false => &text[..0],
        };
        let hits = self.scanner.hits(text);
        Scan {
            scanner: self.scanner.id,
            text: covered,
            cursors: vec![std::cell::Cell::new(0); hits.len()],
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

    /// The matcher of a family (`deadline`, `kind` …), by its name.
    pub fn family(&self, name: &str) -> Option<&Matcher> {
        Some(match name {
            "category" => &self.category,
            "kind" => &self.kind,
            "body" => &self.body,
            "deadline" => &self.deadline,
            "structure" => &self.structure,
            "metric" => &self.metric,
            "action" => &self.action,
            "strength" => &self.strength,
            "furniture" => &self.furniture_rules,
            _ => return None,
        })
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

    /// The declared deadline kind with this id.
    pub fn deadline_kind(&self, id: &str) -> Option<&DeadlineKind> {
        self.deadline_kinds.iter().find(|k| k.id == id)
    }

    /// How firmly a deadline of kind `id` binds; 0 for a kind the rules do not declare.
    pub fn firmness(&self, id: &str) -> u8 {
        self.deadline_kind(id).map_or(0, |k| k.firmness)
    }

    /// A lexicon's terms (empty when it does not exist; the lexicons a stage reads are
    /// checked at load, see [`STAGE_LEXICONS`]).
    pub fn lexicon(&self, name: &str) -> &[String] {
        (self.indexed.get(name)).map_or(&[], |(terms, _)| terms.as_slice())
    }

    /// A lexicon's terms indexed for lookups (none when it does not exist, as
    /// [`RuleSet::lexicon`]).
    pub fn terms(&self, name: &str) -> &Terms {
        static NONE: std::sync::OnceLock<Terms> = std::sync::OnceLock::new();
        (self.indexed.get(name))
            .map(|(_, terms)| terms)
            .unwrap_or_else(|| NONE.get_or_init(Terms::default))
    }

    /// The fallback category of a task's text: the first category whose `fallback_if` words
    /// the text holds, else [`RuleSet::fallback_category`].
    pub fn fallback_category_of(&self, text: &str) -> Option<&str> {
        (self.categories.iter())
            .find(|c| c.fallback_if.iter().any(|w| text.contains(w.as_str())))
            .map(|c| c.id.as_str())
            .or_else(|| self.fallback_category())
    }

    /// The category of a task about none of the others (docs/TASKS.md), `other` when the
    /// taxonomy has it: given alone, never beside another.
    pub fn none_category(&self) -> Option<&str> {
        (self.categories.iter().find(|c| c.id == "other")).map(|c| c.id.as_str())
    }

    /// The fallback category: the one the taxonomy marks `fallback` (the last so marked),
    /// else `other` when the taxonomy has it, else the last one.
    pub fn fallback_category(&self) -> Option<&str> {
        (self.categories.iter().rev().find(|c| c.fallback))
            .or_else(|| self.categories.iter().find(|c| c.id == "other"))
            .or(self.categories.last())
            .map(|c| c.id.as_str())
    }
}
