//! The rule files as written: plain serde structs, unknown fields refused.

use serde::Deserialize;
use std::collections::BTreeMap;

/// One rule as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Unique hierarchical id; its first segment is the family.
    pub id: String,
    /// What the rule is for, in a sentence.
    pub description: String,
    /// What it yields (a deadline kind, a category id, `directive` …).
    pub label: String,
    /// Literal alternatives.
    #[serde(default)]
    pub terms: Vec<String>,
    /// A regex; `{name}` stands for the alternation of lexicon `name`.
    #[serde(default)]
    pub pattern: Option<String>,
    /// A token pattern over jieba's words (see [`super::tokens`]): word, part of speech, lexicon
    /// membership, optional and repeated words.
    #[serde(default)]
    pub tokens: Option<String>,
    /// Higher wins among matches of equal length. Default 0.
    #[serde(default)]
    pub priority: i32,
    /// Weight of a match where matches are counted (categories). Default 1.
    #[serde(default = "one")]
    pub weight: f32,
    /// Fire only in units of this kind (`directive` or `report`).
    #[serde(default)]
    pub only_in: Option<String>,
    /// The label to give instead in report units.
    #[serde(default)]
    pub report_label: Option<String>,
    /// Void the match when the text right after the value starts with one of these.
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Void the match when the text right before the value ends with one of these.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Void the match when its value holds one of these.
    #[serde(default)]
    pub not_containing: Vec<String>,
    /// Alignment with the segmentation: `"word"` (the match starts and ends on word
    /// boundaries) or `"start"` (it starts on one: `要` of `要带头` but not of `重要`). Default: none.
    #[serde(default)]
    pub token: Option<String>,
    /// The capture group that holds the value (default: the whole match).
    #[serde(default)]
    pub group: Option<String>,
    /// Heading level, for structure rules that recognise headings (1 outermost).
    #[serde(default)]
    pub level: Option<u8>,
    /// A furniture rule whose dropped line may stand in for the document's title (a file
    /// name as the first line). Default false.
    #[serde(default)]
    pub gives_title: bool,
    /// A `not-task` rule that gives way when the unit names an acting body. Default false.
    #[serde(default)]
    pub yields_to_body: bool,
    /// A `not-task` rule whose verdict on a section heading holds for the units under it
    /// (a part headed `…的重大意义` holds the rationale, not tasks). Default false.
    #[serde(default)]
    pub heading_passes: bool,
    /// A `directive` or `report` cue that holds for the units after it in its paragraph (a
    /// lead `…提出了六点整改意见：` over the list it opens). Default false.
    #[serde(default)]
    pub line_passes: bool,
    /// Texts the rule must fire on.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts the rule must not fire on.
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

fn one() -> f32 {
    1.0
}

/// A named word list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconDef {
    /// What the words have in common.
    pub description: String,
    /// The words.
    pub terms: Vec<String>,
}

/// A category of the taxonomy.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    /// Stable id (`eight-rules`).
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Given to a task no cue names (one category of the taxonomy; without one, `other` or
    /// else the last). Default false.
    #[serde(default)]
    pub fallback: bool,
    /// Words that make this category the fallback of a task that holds one of them (checked
    /// before `fallback`). Default none.
    #[serde(default)]
    pub fallback_if: Vec<String>,
}

/// One rule file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Named word lists.
    #[serde(default)]
    pub lexicon: BTreeMap<String, LexiconDef>,
    /// Categories of the taxonomy (order matters: the fallback category is the last).
    #[serde(default)]
    pub category: Vec<CategoryDef>,
    /// Rules of any family.
    #[serde(default)]
    pub rule: Vec<RuleDef>,
    /// Deadline kinds: what a deadline rule's label may be, and how each kind behaves.
    #[serde(default)]
    pub deadline_kind: Vec<DeadlineKindDef>,
}

/// A deadline kind as written: its id (a deadline rule's label), how firmly it binds, what is
/// resolved from its words, and whether a heading passes it on. A new kind is a rule-file
/// change only.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeadlineKindDef {
    /// Stable id (`date`, `immediate` …), lower-case ASCII with hyphens.
    pub id: String,
    /// What deadlines of this kind say, in a sentence.
    pub description: String,
    /// How firmly a deadline of this kind binds, for comparing plans (`compare`): 0 binds
    /// nothing (a report's running period); higher is firmer.
    pub firmness: u8,
    /// What is resolved from the words against the document's year: `date` (the last day
    /// allowed), `period` (first and last day), `duration` (ISO 8601), `every` (the period
    /// of a repetition). Default: nothing.
    #[serde(default)]
    pub resolve: Vec<String>,
    /// Whether such a deadline in a section heading holds for the units under it that have
    /// none of their own. Default false.
    #[serde(default)]
    pub heading_passes: bool,
}
