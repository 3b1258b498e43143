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

use crate::clean::{FurnitureRule, Scope};
use crate::error::{Error, Result};
use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

pub mod tokens;

use crate::segment::{Segmented, Word};
pub use tokens::TokenPattern;

/// The default rule files, embedded: (file name, content).
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("lexicons.toml", include_str!("../rules/lexicons.toml")),
    ("taxonomy.toml", include_str!("../rules/taxonomy.toml")),
    ("kinds.toml", include_str!("../rules/kinds.toml")),
    ("bodies.toml", include_str!("../rules/bodies.toml")),
    ("deadlines.toml", include_str!("../rules/deadlines.toml")),
    ("structure.toml", include_str!("../rules/structure.toml")),
    ("furniture.toml", include_str!("../rules/furniture.toml")),
    ("metrics.toml", include_str!("../rules/metrics.toml")),
    ("actions.toml", include_str!("../rules/actions.toml")),
    ("strength.toml", include_str!("../rules/strength.toml")),
];

/// The default jieba user dictionary (`word [freq] [tag]` a line).
pub const DEFAULT_DICT: (&str, &str) = ("dict.txt", include_str!("../rules/dict.txt"));

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

fn labels_for(family: &str) -> Option<&'static [&'static str]> {
    Some(match family {
        "deadline" => DEADLINE_KINDS,
        "kind" => &["directive", "report", "not-task", "task"],
        "body" => &["subject", "agent", "addressee", "object"],
        "structure" => &[
            "date",
            "issuer",
            "heading",
            "inline-heading",
            "speaker",
            "meta",
            "lead-in",
            "topic",
            "number",
            "addressee",
        ],
        "furniture" => &["head", "tail", "tail-list", "anywhere"],
        "metric" => &["count", "percent", "money", "other"],
        "action" => &["action"],
        "strength" => &["mandatory", "directive", "encouraged", "prohibited"],
        _ => return None, // category: checked against the taxonomy
    })
}

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
    /// A token pattern over jieba's words (see [`tokens`]): word, part of speech, lexicon
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
    /// A `not-task` rule that gives way when the unit names an acting body. Default false.
    #[serde(default)]
    pub yields_to_body: bool,
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
}

/// Rule files gathered before compiling: later ones override earlier by id.
#[derive(Debug, Default, Clone)]
pub struct RuleSources {
    lexicons: Vec<(String, String, LexiconDef)>,
    categories: Vec<(String, CategoryDef)>,
    rules: Vec<(String, RuleDef)>,
    dictionaries: Vec<(String, String)>,
}

impl RuleSources {
    /// The embedded default rules.
    pub fn defaults() -> Result<Self> {
        let mut s = RuleSources::default();
        for (name, text) in DEFAULT_FILES {
            s.add_toml(name, text)?;
        }
        s.add_dictionary(DEFAULT_DICT.0, DEFAULT_DICT.1)?;
        Ok(s)
    }

    /// Adds one TOML rule file; a rule or lexicon with an id seen before replaces it.
    pub fn add_toml(&mut self, file: &str, text: &str) -> Result<()> {
        check_text_file(file, text)?;
        let parsed: RuleFile = toml::from_str(text).map_err(|e| Error::RuleSyntax {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let mut seen = HashSet::new();
        for r in &parsed.rule {
            if !seen.insert(r.id.clone()) {
                return Err(rule_err(
                    file,
                    &r.id,
                    "id",
                    "the id is used twice in this file",
                ));
            }
        }
        for (name, lex) in parsed.lexicon {
            self.lexicons.retain(|(_, n, _)| n != &name);
            self.lexicons.push((file.to_string(), name, lex));
        }
        for c in parsed.category {
            self.categories.retain(|(_, old)| old.id != c.id);
            self.categories.push((file.to_string(), c));
        }
        for r in parsed.rule {
            self.rules.retain(|(_, old)| old.id != r.id);
            self.rules.push((file.to_string(), r));
        }
        Ok(())
    }

    /// Adds a jieba user dictionary (`word [freq] [tag]` a line).
    pub fn add_dictionary(&mut self, file: &str, text: &str) -> Result<()> {
        check_text_file(file, text)?;
        self.dictionaries.push((file.to_string(), text.to_string()));
        Ok(())
    }

    /// Adds every `*.toml` and `*.txt` (dictionaries) of a folder, in name order.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext != "toml" && ext != "txt" {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
            let name = path.display().to_string();
            let text = String::from_utf8(bytes).map_err(|_| Error::RuleSyntax {
                file: name.clone(),
                message: "not UTF-8 (rule files and lexicons must be UTF-8, without BOM)".into(),
            })?;
            if ext == "toml" {
                self.add_toml(&name, &text)?;
            } else {
                self.add_dictionary(&name, &text)?;
            }
        }
        Ok(())
    }

    /// Compiles everything into a [`RuleSet`].
    pub fn compile(&self) -> Result<RuleSet> {
        let lexicons: HashMap<&str, &LexiconDef> = self
            .lexicons
            .iter()
            .map(|(_, n, l)| (n.as_str(), l))
            .collect();
        let categories: Vec<CategoryDef> = self.categories.iter().map(|(_, c)| c.clone()).collect();
        let category_ids: HashSet<&str> = categories.iter().map(|c| c.id.as_str()).collect();
        let mut families: HashMap<&str, Vec<Rule>> = HashMap::new();
        let mut furniture = Vec::new();
        for (file, def) in &self.rules {
            let rule = compile_rule(file, def, &lexicons, &category_ids)?;
            if let (Some(regex), "furniture") = (rule.regex(), rule.family.as_str()) {
                furniture.push(FurnitureRule {
                    id: rule.id.clone(),
                    regex: regex.clone(),
                    scope: match rule.label.as_str() {
                        "head" => Scope::Head,
                        "tail" => Scope::Tail,
                        "tail-list" => Scope::TailList,
                        _ => Scope::Anywhere,
                    },
                });
            }
            let family = FAMILIES
                .iter()
                .find(|f| **f == rule.family)
                .copied()
                .unwrap_or("category");
            families.entry(family).or_default().push(rule);
        }
        let mut take = |f: &str| Matcher::new(families.remove(f).unwrap_or_default());
        let lexicon_terms = self
            .lexicons
            .iter()
            .map(|(_, n, l)| (n.clone(), l.terms.clone()))
            .collect();
        let (mut category, mut kind, mut body, mut deadline) = (
            take("category"),
            take("kind"),
            take("body"),
            take("deadline"),
        );
        let (mut structure, mut metric, mut action, mut strength) = (
            take("structure"),
            take("metric"),
            take("action"),
            take("strength"),
        );
        let scanner = Scanner::link(&mut [
            &mut category,
            &mut kind,
            &mut body,
            &mut deadline,
            &mut structure,
            &mut metric,
            &mut action,
            &mut strength,
        ]);
        Ok(RuleSet {
            categories,
            category,
            kind,
            body,
            deadline,
            structure,
            metric,
            action,
            strength,
            furniture_rules: take("furniture"),
            furniture,
            lexicons: lexicon_terms,
            dictionaries: self.dictionaries.clone(),
            scanner,
        })
    }

    /// What `rules check` asks beyond loading: every rule documents its reach with at least
    /// one example and one counter-example. One line per problem, naming file, rule and field.
    pub fn lint(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (file, r) in &self.rules {
            for (field, list) in [
                ("examples", &r.examples),
                ("counter_examples", &r.counter_examples),
            ] {
                if list.iter().all(|t| t.trim().is_empty()) {
                    out.push(format!("{file}: rule `{}`: {field}: none given", r.id));
                }
            }
        }
        out
    }

    /// The rule definitions with the file each came from, in load order.
    pub fn rule_defs(&self) -> impl Iterator<Item = (&str, &RuleDef)> {
        self.rules.iter().map(|(f, r)| (f.as_str(), r))
    }
}

fn rule_err(file: &str, rule: &str, field: &'static str, message: &str) -> Error {
    Error::Rule {
        file: file.to_string(),
        rule: rule.to_string(),
        field,
        message: message.to_string(),
    }
}

/// Rule files must be plain UTF-8 text with LF line ends.
fn check_text_file(file: &str, text: &str) -> Result<()> {
    let problem = if text.starts_with('\u{feff}') {
        Some("starts with a byte-order mark; save it as UTF-8 without BOM")
    } else if text.contains('\r') {
        Some("has CR line ends; save it with LF line ends")
    } else if text.contains('\u{fffd}') {
        Some("holds U+FFFD replacement characters; was it converted from GBK?")
    } else {
        None
    };
    match problem {
        Some(p) => Err(Error::RuleSyntax {
            file: file.to_string(),
            message: p.to_string(),
        }),
        None => Ok(()),
    }
}

/// How a match must align with the segmentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// Anywhere.
    Any,
    /// It starts on a word boundary.
    Start,
    /// It starts and ends on word boundaries.
    Word,
}

/// What a rule matches with.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// A regex over the text (from `terms` or `pattern`).
    Regex(Regex),
    /// A token pattern over the text's words (from `tokens`).
    Tokens(TokenPattern),
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id.
    pub id: String,
    /// The family (first segment of the id).
    pub family: String,
    /// What it yields.
    pub label: String,
    /// The label in report units, when it differs.
    pub report_label: Option<String>,
    /// Units of this kind only.
    pub only_in: Option<String>,
    /// The compiled pattern.
    pub pattern: Pattern,
    /// The pattern with its wide counted repetitions left open (see [`Relaxed`]).
    relaxed: Option<Relaxed>,
    /// Sets of literals every match of the pattern holds one of each of (see
    /// [`required_literals`]).
    required: Option<Vec<Vec<Vec<u8>>>>,
    /// The pattern is one alternation of literals (`required` holds all of them), longest
    /// first: its matches are the leftmost-longest occurrences, read off a literal scan.
    literal: bool,
    /// Index of the value's capture group (0: the whole match; token groups count from 1).
    pub group: usize,
    /// Tie-breaker among equally long matches.
    pub priority: i32,
    /// Weight where matches are counted.
    pub weight: f32,
    /// Void when followed by one of these.
    pub not_before: Vec<String>,
    /// Void when preceded by one of these.
    pub not_after: Vec<String>,
    /// Alignment with word boundaries.
    pub token: Token,
    /// Heading level (structure rules).
    pub level: u8,
    /// Gives way to an explicit body (`not-task` rules).
    pub yields_to_body: bool,
    /// Must fire on these.
    pub examples: Vec<String>,
    /// Must not fire on these.
    pub counter_examples: Vec<String>,
}

impl Rule {
    /// The regex, for rules written with `terms` or `pattern`.
    pub fn regex(&self) -> Option<&Regex> {
        match &self.pattern {
            Pattern::Regex(r) => Some(r),
            Pattern::Tokens(_) => None,
        }
    }

    /// Every raw match in `text`: (whole, value) byte ranges. A token rule needs the text's
    /// words and finds nothing without them.
    fn raw_matches(
        &self,
        text: &str,
        words: Option<&[Word]>,
    ) -> Vec<((usize, usize), (usize, usize))> {
        match (&self.pattern, &self.relaxed) {
            (Pattern::Tokens(t), _) => self.token_matches(t, text, words),
            (Pattern::Regex(regex), None) => self.regex_matches(regex, text),
            (Pattern::Regex(regex), Some(relaxed)) => {
                let open = self.regex_matches(&relaxed.regex, text);
                let exact = (open.iter())
                    .all(|&((s, e), _)| text.get(s..e).is_some_and(|m| relaxed.exact_on(m)));
                if exact {
                    open
                } else {
                    self.regex_matches(regex, text)
                }
            }
        }
    }

    /// [`Rule::raw_matches`] of the rule's regex, or of its relaxed form.
    fn regex_matches(&self, regex: &Regex, text: &str) -> Vec<((usize, usize), (usize, usize))> {
        if self.group == 0 {
            // the whole match: no capture groups to fill (their search is the costlier one)
            return regex
                .find_iter(text)
                .map(|m| ((m.start(), m.end()), (m.start(), m.end())))
                .collect();
        }
        regex
            .captures_iter(text)
            .filter_map(|caps| {
                let (whole, value) = (caps.get(0)?, caps.get(self.group)?);
                Some(((whole.start(), whole.end()), (value.start(), value.end())))
            })
            .collect()
    }

    /// [`Rule::raw_matches`] of a token pattern.
    fn token_matches(
        &self,
        t: &TokenPattern,
        text: &str,
        words: Option<&[Word]>,
    ) -> Vec<((usize, usize), (usize, usize))> {
        match words {
            None => Vec::new(),
            Some(words) => t
                .find_iter(text, words)
                .into_iter()
                .filter_map(|m| {
                    let value = match self.group {
                        0 => Some(m.whole),
                        g => m.groups.get(g - 1).copied().flatten(),
                    }?;
                    Some((m.whole, value))
                })
                .collect(),
        }
    }
}

fn compile_rule(
    file: &str,
    def: &RuleDef,
    lexicons: &HashMap<&str, &LexiconDef>,
    categories: &HashSet<&str>,
) -> Result<Rule> {
    let id = def.id.as_str();
    let valid_id = !id.is_empty()
        && id.split('.').count() >= 2
        && id.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        });
    if !valid_id {
        return Err(rule_err(
            file,
            id,
            "id",
            "ids are lower-case ASCII segments joined by dots, at least two (`deadline.immediate.li-gai`)",
        ));
    }
    let family = id.split('.').next().unwrap_or_default();
    if !FAMILIES.contains(&family) {
        return Err(rule_err(
            file,
            id,
            "id",
            &format!("unknown family `{family}`; the first segment is one of {FAMILIES:?}"),
        ));
    }
    if def.description.trim().is_empty() {
        return Err(rule_err(file, id, "description", "is empty"));
    }
    match labels_for(family) {
        Some(known) if !known.contains(&def.label.as_str()) => {
            return Err(rule_err(
                file,
                id,
                "label",
                &format!("unknown label `{}`; one of {known:?}", def.label),
            ))
        }
        None if !categories.contains(def.label.as_str()) => {
            return Err(rule_err(
                file,
                id,
                "label",
                &format!("unknown category `{}`; not in the taxonomy", def.label),
            ))
        }
        _ => {}
    }
    if let Some(r) = &def.report_label {
        if !labels_for(family).is_some_and(|l| l.contains(&r.as_str())) {
            return Err(rule_err(
                file,
                id,
                "report_label",
                &format!("unknown label `{r}`"),
            ));
        }
    }
    if let Some(k) = &def.only_in {
        if k != "directive" && k != "report" {
            return Err(rule_err(file, id, "only_in", "is `directive` or `report`"));
        }
    }
    let given = [
        !def.terms.is_empty(),
        def.pattern.is_some(),
        def.tokens.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(rule_err(
            file,
            id,
            "terms",
            "give one of `terms`, `pattern` or `tokens`",
        ));
    }
    let pattern = if let Some(t) = &def.tokens {
        if matches!(family, "structure" | "furniture" | "metric") {
            return Err(rule_err(
                file,
                id,
                "tokens",
                &format!("{family} rules run on unsegmented lines: use `pattern`"),
            ));
        }
        let lookup = |name: &str| lexicons.get(name).map(|l| l.terms.clone());
        Pattern::Tokens(
            TokenPattern::compile(t, &lookup).map_err(|m| rule_err(file, id, "tokens", &m))?,
        )
    } else {
        let source = match &def.pattern {
            None => {
                if let Some(t) = def.terms.iter().find(|t| t.trim().is_empty()) {
                    return Err(rule_err(file, id, "terms", &format!("empty term `{t}`")));
                }
                alternation(&def.terms)
            }
            Some(p) => {
                expand_lexicons(p, lexicons).map_err(|m| rule_err(file, id, "pattern", &m))?
            }
        };
        Pattern::Regex(Regex::new(&source).map_err(|e| {
            rule_err(
                file,
                id,
                "pattern",
                &format!("does not compile: {}", e.to_string().replace('\n', " ")),
            )
        })?)
    };
    // what the prefilter and the relaxed form need, from one parse of the pattern
    let (relaxed, mut required) = match &pattern {
        Pattern::Regex(regex) => match regex_syntax::parse(regex.as_str()) {
            Ok(hir) => (Relaxed::of(regex, &hir), required_literals(&hir)),
            Err(_) => (None, None),
        },
        Pattern::Tokens(t) => {
            let sets: Vec<Vec<Vec<u8>>> = (t.required_terms().into_iter())
                .map(|terms| terms.into_iter().map(|t| t.as_bytes().to_vec()).collect())
                .filter(|set: &Vec<Vec<u8>>| set.iter().all(|t| t.len() >= MIN_REQUIRED_BYTES))
                .collect();
            (None, (!sets.is_empty()).then_some(sets))
        }
    };
    let literal = match literal_terms(def, lexicons) {
        Some(terms) => {
            required = Some(vec![terms.iter().map(|t| t.as_bytes().to_vec()).collect()]);
            true
        }
        None => false,
    };
    let token = match def.token.as_deref() {
        None => Token::Any,
        Some("start") => Token::Start,
        Some("word") => Token::Word,
        Some(t) => {
            return Err(rule_err(
                file,
                id,
                "token",
                &format!("`{t}`: use \"word\" or \"start\""),
            ))
        }
    };
    let group = match (&def.group, &pattern) {
        (None, _) => Some(0),
        (Some(g), Pattern::Regex(regex)) => {
            regex.capture_names().position(|n| n == Some(g.as_str()))
        }
        (Some(g), Pattern::Tokens(t)) => t.group_names().position(|n| n == g).map(|i| i + 1),
    }
    .ok_or_else(|| {
        rule_err(
            file,
            id,
            "group",
            &format!("no group `{}`", def.group.as_deref().unwrap_or("")),
        )
    })?;
    Ok(Rule {
        id: def.id.clone(),
        family: family.to_string(),
        label: def.label.clone(),
        report_label: def.report_label.clone(),
        only_in: def.only_in.clone(),
        pattern,
        relaxed,
        required,
        literal,
        group,
        priority: def.priority,
        weight: def.weight,
        not_before: def.not_before.clone(),
        not_after: def.not_after.clone(),
        token,
        level: def.level.unwrap_or(1),
        yields_to_body: def.yields_to_body,
        examples: def.examples.clone(),
        counter_examples: def.counter_examples.clone(),
    })
}

/// A pattern with its wide counted repetitions (`{0,18}`, bounds at least [`WIDE`] apart)
/// left open (`{0,}`), the capture groups kept. The open pattern searches many times
/// faster: a counted repetition of a large class (`[\p{Han}…]{0,18}` before an alternation
/// of a hundred heads) makes the lazy DFA build fresh states in almost every text, while
/// the open one reuses a handful. Its matches are the pattern's, with the same groups,
/// whenever each is at most `exact_up_to` characters long (the smallest upper bound
/// opened), and it has no match only when the pattern has none:
/// - each iteration of an opened repetition takes at least one character, so in a match
///   that short none ran past its bound: the match is one of the pattern's too;
/// - the pattern's ways of matching are the open one's that keep to the bounds, tried in
///   the same order (a greedy or lazy repetition tries its counts in the same order), and
///   the open one took the first that succeeds, so the pattern takes it too; from the
///   same start (no earlier one matches the open pattern), and after it, from the same
///   place.
///
/// So the open pattern runs first, and the pattern only when a match is longer.
#[derive(Debug, Clone)]
struct Relaxed {
    regex: Regex,
    exact_up_to: usize,
}

impl Relaxed {
    /// The relaxed form of `pattern` (parsed as `hir`), when it has a wide counted
    /// repetition.
    fn of(pattern: &Regex, hir: &regex_syntax::hir::Hir) -> Option<Relaxed> {
        use regex_syntax::hir::{Hir, HirKind, Repetition};
        fn relax(hir: &Hir, bound: &mut Option<u32>) -> Hir {
            match hir.kind() {
                HirKind::Repetition(r) => {
                    let takes_a_char = r.sub.properties().minimum_len().is_some_and(|n| n > 0);
                    let open = takes_a_char && r.max.is_some_and(|max| max - r.min >= WIDE);
                    if let (true, Some(max)) = (open, r.max) {
                        *bound = Some(bound.map_or(max, |b| b.min(max)));
                    }
                    Hir::repetition(Repetition {
                        min: r.min,
                        max: if open { None } else { r.max },
                        greedy: r.greedy,
                        sub: Box::new(relax(&r.sub, bound)),
                    })
                }
                HirKind::Capture(c) => Hir::capture(regex_syntax::hir::Capture {
                    index: c.index,
                    name: c.name.clone(),
                    sub: Box::new(relax(&c.sub, bound)),
                }),
                HirKind::Concat(cs) => Hir::concat(cs.iter().map(|c| relax(c, bound)).collect()),
                HirKind::Alternation(cs) => {
                    Hir::alternation(cs.iter().map(|c| relax(c, bound)).collect())
                }
                _ => hir.clone(),
            }
        }
        let mut bound = None;
        let relaxed = relax(hir, &mut bound);
        let exact_up_to = bound? as usize;
        let regex = Regex::new(&relaxed.to_string()).ok()?;
        // the same groups in the same places, or the relaxed form is of no use
        regex
            .capture_names()
            .eq(pattern.capture_names())
            .then_some(Relaxed { regex, exact_up_to })
    }

    /// Whether a match of the relaxed pattern this long (`text`) is the pattern's match.
    fn exact_on(&self, text: &str) -> bool {
        // bytes bound characters from above: count only when it may matter
        text.len() <= self.exact_up_to || text.chars().nth(self.exact_up_to).is_none()
    }
}

/// How far apart the bounds of a counted repetition are for [`Relaxed`] to open it.
const WIDE: u32 = 4;

/// The terms of a rule that is one alternation of them: a rule of `terms`, or of a pattern
/// that is one `{lexicon}`. Both compile to [`alternation`], longest term first, so that
/// the leftmost match is the longest: its matches are the leftmost-longest occurrences of
/// the terms, which [`Matcher::all_of`] reads off the literal scan without the regex.
fn literal_terms<'d>(
    def: &'d RuleDef,
    lexicons: &HashMap<&str, &'d LexiconDef>,
) -> Option<&'d [String]> {
    match &def.pattern {
        None if def.tokens.is_none() && !def.terms.is_empty() => Some(&def.terms),
        Some(p) => {
            let name = p.strip_prefix('{')?.strip_suffix('}')?;
            let lex = lexicons.get(name)?;
            (!lex.terms.is_empty()).then_some(lex.terms.as_slice())
        }
        None => None,
    }
}

/// `(?:a|b|c)` of escaped terms, longest first so that the leftmost match is the longest.
fn alternation(terms: &[String]) -> String {
    let mut sorted: Vec<&String> = terms.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let parts: Vec<String> = sorted.iter().map(|t| regex::escape(t)).collect();
    format!("(?:{})", parts.join("|"))
}

/// Replaces `{name}` (name starting with a lower-case letter) by the lexicon's alternation.
fn expand_lexicons(pattern: &str, lexicons: &HashMap<&str, &LexiconDef>) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let is_macro = name.starts_with(|c: char| c.is_ascii_lowercase())
            && after[name_len..].starts_with('}')
            && !rest[..open].ends_with('\\');
        if is_macro {
            let lex = lexicons
                .get(name)
                .ok_or_else(|| format!("names lexicon `{{{name}}}`, which is not defined"))?;
            out.push_str(&rest[..open]);
            out.push_str(&alternation(&lex.terms));
            rest = &after[name_len + 1..];
        } else {
            out.push_str(&rest[..open + 1]);
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

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
    prefilter: Prefilter,
}

/// One pass over a text that rules out most rules before their (far costlier) capturing
/// search: each rule whose every match must hold one of each of some finite sets of
/// literals (see [`required_literals`]) runs only when one of each set occurs in the text;
/// the others always run. A necessary condition only, so the matches are exactly those of
/// running every rule.
///
/// A matcher scans a text itself, or takes the literals found by the rule set's one scan
/// of a unit for all the families run on it (see [`Scan`]).
#[derive(Debug, Clone, Default)]
struct Prefilter {
    /// Every distinct literal of the filtered rules.
    literals: Literals,
    /// The rules of each literal, with the set of the rule's it is in (a bit, see `needs`).
    rules_of: Vec<Vec<(usize, u32)>>,
    /// Rules that run whatever the text.
    always: Vec<bool>,
    /// The sets of literals each rule needs one of, as bits (0 for the rules that always
    /// run).
    needs: Vec<u32>,
    /// The scanner this matcher's literals are part of, and the index in `rules_of` of
    /// each of the scanner's literals ([`NOT_MINE`] for another family's).
    linked: Option<(u64, Vec<u32>)>,
}

/// A scanner's literal no rule of the matcher needs.
const NOT_MINE: u32 = u32::MAX;

/// Literals searched with an Aho-Corasick NFA, quick to build; once they have been
/// scanned over [`DFA_AFTER_BYTES`] (a large batch), the thread that crosses the mark builds
/// the same automaton as a DFA, about twice as fast to scan but slow to build (all families
/// together cost more than the dictionary at start-up), and every later scan uses it. Both
/// find the same literals, so the output does not depend on which one ran.
#[derive(Debug, Clone, Default)]
struct Literals {
    /// As an NFA (`None` when there are none).
    nfa: Option<AhoCorasick>,
    /// The literals themselves, for the DFA.
    raw: Vec<Vec<u8>>,
    /// The DFA, once built (`None` inside when it cannot be).
    dfa: Arc<std::sync::OnceLock<Option<AhoCorasick>>>,
    /// Bytes scanned so far, by every thread.
    scanned: Arc<std::sync::atomic::AtomicUsize>,
}

/// Bytes a set of literals is scanned over with its NFA before it builds the DFA (see
/// [`Literals`]).
pub const DFA_AFTER_BYTES: usize = 4 << 20;

impl Literals {
    fn new(raw: Vec<Vec<u8>>) -> Literals {
        let nfa = if raw.is_empty() {
            None
        } else {
            AhoCorasick::new(&raw).ok()
        };
        Literals {
            nfa,
            raw,
            ..Default::default()
        }
    }

    /// The automaton to scan `len` more bytes with: the DFA once it is built, else the NFA
    /// (and the DFA built here, by the one call that crosses [`DFA_AFTER_BYTES`]).
    fn automaton(&self, len: usize) -> Option<&AhoCorasick> {
        use std::sync::atomic::Ordering;
        let nfa = self.nfa.as_ref()?;
        if let Some(dfa) = self.dfa.get() {
            return dfa.as_ref().or(Some(nfa));
        }
        let before = self.scanned.fetch_add(len, Ordering::Relaxed);
        if before < DFA_AFTER_BYTES && before + len >= DFA_AFTER_BYTES {
            let dfa = self.dfa.get_or_init(|| {
                AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&self.raw)
                    .ok()
            });
            return dfa.as_ref().or(Some(nfa));
        }
        Some(nfa)
    }

    /// Every occurrence of every literal in `text`, overlapping ones too: (start, end,
    /// literal), in no particular order.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize, u32)> {
        let Some(ac) = self.automaton(text.len()) else {
            return Vec::new();
        };
        ac.find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
            .collect()
    }
}

impl Prefilter {
    fn new(rules: &[Rule]) -> Prefilter {
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut rules_of: Vec<Vec<(usize, u32)>> = Vec::new();
        let mut always = Vec::with_capacity(rules.len());
        let mut needs = vec![0u32; rules.len()];
        for (i, rule) in rules.iter().enumerate() {
            // token rules have no literal to look for: they always run
            let Some(sets) = rule.required.as_ref().filter(|s| !s.is_empty()) else {
                always.push(true);
                continue;
            };
            always.push(false);
            // one bit a set: any 32 of them are as necessary as all
            for (bit, set) in sets.iter().take(32).enumerate() {
                let bit = 1u32 << bit;
                needs[i] |= bit;
                for l in set {
                    let at = *index.entry(l.clone()).or_insert_with(|| {
                        literals.push(l.clone());
                        rules_of.push(Vec::new());
                        literals.len() - 1
                    });
                    if let Some(rs) = rules_of.get_mut(at) {
                        match rs.iter_mut().find(|(r, _)| *r == i) {
                            Some((_, bits)) => *bits |= bit,
                            None => rs.push((i, bit)),
                        }
                    }
                }
            }
        }
        // no literal to look for (structure rules, anchored bodies): no pass at all
        let literals = Literals::new(literals);
        if literals.nfa.is_none() {
            always.iter_mut().for_each(|a| *a = true);
        }
        Prefilter {
            literals,
            rules_of,
            always,
            needs,
            linked: None,
        }
    }

    /// Which rules may match `text`, and where this matcher's literals lie in it: from
    /// `scan` when it covers the text and holds this matcher's literals, else from a scan of
    /// its own.
    fn candidates(&self, text: &str, scan: Option<&Scan<'_>>) -> Candidates {
        let linked = self.linked.as_ref();
        let hits: Vec<(usize, usize, u32)> = match (scan, linked) {
            (Some(scan), Some((id, local))) if scan.scanner == *id => match scan.within(text) {
                Some(global) => global
                    .filter_map(|(s, e, g)| Some((s, e, *local.get(g as usize)?)))
                    .filter(|&(_, _, l)| l != NOT_MINE)
                    .collect(),
                None => self.literals.occurrences(text),
            },
            _ => self.literals.occurrences(text),
        };
        let mut seen = vec![0u32; self.needs.len()];
        for &(_, _, l) in &hits {
            for &(r, bits) in self.rules_of.get(l as usize).into_iter().flatten() {
                if let Some(slot) = seen.get_mut(r) {
                    *slot |= bits;
                }
            }
        }
        Candidates { seen, hits }
    }

    /// Whether each rule may match the text `found` is of.
    #[cfg(test)]
    fn mays(&self, found: &Candidates) -> Vec<bool> {
        (0..self.always.len()).map(|i| self.may(found, i)).collect()
    }

    /// Whether rule `i` may match the text `found` is of: it always runs, or a literal of
    /// each of its sets was found.
    fn may(&self, found: &Candidates, i: usize) -> bool {
        let seen = found.seen.get(i).copied().unwrap_or(0);
        self.always.get(i).copied().unwrap_or(true)
            || seen == self.needs.get(i).copied().unwrap_or(0)
    }

    /// Whether the literal rules can be read off the literal hits (there is an automaton).
    fn scans(&self) -> bool {
        self.literals.nfa.is_some()
    }
}

/// What a matcher's literal pass found in a text (nothing when it did not run).
#[derive(Debug, PartialEq, Default)]
struct Candidates {
    /// The sets of each rule a literal was found of, as bits (see [`Prefilter::may`]).
    seen: Vec<u32>,
    /// Every occurrence of the matcher's literals: (start, end, literal), in no order.
    hits: Vec<(usize, usize, u32)>,
}

impl Candidates {
    /// The same, hits by position (scans and automata give them in different orders).
    #[cfg(test)]
    fn sorted(mut self) -> Candidates {
        self.hits.sort_unstable();
        self
    }

    /// The matches of literal rule `rule` (see [`literal_terms`]): the leftmost-longest
    /// occurrences of its literals, as its regex finds them.
    fn literal_matches(
        &self,
        rule: usize,
        rules_of: &[Vec<(usize, u32)>],
    ) -> Vec<((usize, usize), (usize, usize))> {
        let mut found: Vec<(usize, usize)> = self
            .hits
            .iter()
            .filter(|h| {
                rules_of
                    .get(h.2 as usize)
                    .is_some_and(|rs| rs.iter().any(|&(r, _)| r == rule))
            })
            .map(|h| (h.0, h.1))
            .collect();
        found.sort_unstable_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
        let mut out = Vec::new();
        let mut at = 0;
        for (s, e) in found {
            if s >= at {
                out.push(((s, e), (s, e)));
                at = e;
            }
        }
        out
    }
}

/// One automaton of the literals of every family run on a unit, so that a unit is scanned
/// once, not once a family (and once a clause for the bodies).
#[derive(Debug, Clone, Default)]
struct Scanner {
    /// Tells the scans of one rule set from another's.
    id: u64,
    literals: Literals,
}

impl Scanner {
    /// The scanner of these matchers' literals, each matcher linked to it.
    fn link(matchers: &mut [&mut Matcher]) -> Scanner {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut index: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut raw: Vec<Vec<u8>> = Vec::new();
        for m in matchers.iter() {
            for l in &m.prefilter.literals.raw {
                index.entry(l.clone()).or_insert_with(|| {
                    raw.push(l.clone());
                    (raw.len() - 1) as u32
                });
            }
        }
        for m in matchers.iter_mut() {
            let mut local = vec![NOT_MINE; raw.len()];
            for (i, l) in m.prefilter.literals.raw.iter().enumerate() {
                if let Some(&g) = index.get(l) {
                    local[g as usize] = i as u32;
                }
            }
            m.prefilter.linked = Some((id, local));
        }
        Scanner {
            id,
            literals: Literals::new(raw),
        }
    }
}

/// The literals of every family found in one text (a document), by [`RuleSet::scan`]: the
/// matchers given it in their [`Context`] take the literals of the text, or of a part of
/// it (a line, a unit, a clause), from here instead of scanning again. Exact: a literal lies in a part of
/// the text exactly when a scan of the part alone finds it.
#[derive(Debug, Clone)]
pub struct Scan<'t> {
    scanner: u64,
    text: &'t str,
    /// (start, end, literal), by start.
    hits: Vec<(usize, usize, u32)>,
}

impl<'t> Scan<'t> {
    /// Where `part` starts in the scanned text, when it is a slice of it (both borrowed, so
    /// one that lies in the other's bytes is a view of them).
    fn offset(&self, part: &str) -> Option<usize> {
        let at = (part.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        (at + part.len() <= self.text.len()).then_some(at)
    }

    /// Whether `part` is a slice of the scanned text: the scan serves it as a scan of it
    /// alone would.
    pub fn covers(&self, part: &str) -> bool {
        self.offset(part).is_some()
    }

    /// The literals lying wholly in `part`, when `part` is a slice of the scanned text:
    /// (start, end, literal), offsets in `part`.
    fn within(&self, part: &str) -> Option<impl Iterator<Item = (usize, usize, u32)> + '_> {
        let at = self.offset(part)?;
        let end = at + part.len();
        let first = self.hits.partition_point(|h| h.0 < at);
        Some(
            self.hits[first..]
                .iter()
                .take_while(move |h| h.0 < end)
                .filter(move |h| h.1 <= end)
                .map(move |h| (h.0 - at, h.1 - at, h.2)),
        )
    }
}

/// Sets of literals every match of `hir` holds one of each of: the prefixes of the whole
/// pattern, and the best set of each part every match must go through (an element of the
/// top-level sequence, inside groups and repetitions of at least one), when they are a
/// finite set of non-empty literals of at least [`MIN_REQUIRED_BYTES`] (a comma would make
/// the scan report every comma). With no such set, the one with the longest shortest
/// literal alone; with none at all, `None`.
///
/// A part's best set is the one with the longest shortest literal among its prefixes, the
/// best sets of its own parts, and for an alternation the union of its branches' best sets
/// (every match goes through one branch): `^…是关键$|^…既要…更要…$` needs `是关键` or `既要`.
fn required_literals(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<Vec<u8>>>> {
    use regex_syntax::hir::{literal::Extractor, Hir, HirKind};
    fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
        let mut ex = Extractor::new();
        ex.limit_total(4096).limit_literal_len(24);
        let seq = ex.extract(hir);
        let lits = seq.literals()?;
        (!lits.is_empty() && lits.iter().all(|l| !l.is_empty()))
            .then(|| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
    }
    fn parts<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
        match hir.kind() {
            HirKind::Concat(children) => children.iter().for_each(|c| parts(c, out)),
            HirKind::Capture(c) => parts(&c.sub, out),
            HirKind::Repetition(r) if r.min >= 1 => parts(&r.sub, out),
            _ => out.push(hir),
        }
    }
    fn shortest(lits: &[Vec<u8>]) -> usize {
        lits.iter().map(Vec::len).min().unwrap_or(0)
    }
    fn best(hir: &Hir) -> Option<Vec<Vec<u8>>> {
        let mut found: Vec<Vec<Vec<u8>>> = prefixes(hir).into_iter().collect();
        match hir.kind() {
            HirKind::Alternation(branches) => {
                let each: Option<Vec<Vec<Vec<u8>>>> = branches.iter().map(best).collect();
                if let Some(each) = each {
                    let mut union: Vec<Vec<u8>> = each.concat();
                    union.sort();
                    union.dedup();
                    found.push(union);
                }
            }
            HirKind::Concat(_) | HirKind::Capture(_) => {
                let mut inner = Vec::new();
                parts(hir, &mut inner);
                found.extend(inner.into_iter().filter_map(best));
            }
            HirKind::Repetition(r) if r.min >= 1 => found.extend(best(&r.sub)),
            _ => {}
        }
        found.into_iter().max_by_key(|s| shortest(s))
    }
    let mut all = Vec::new();
    parts(hir, &mut all);
    let found: Vec<Vec<Vec<u8>>> = prefixes(hir)
        .into_iter()
        .chain(all.into_iter().filter_map(best))
        .collect();
    let mut sets: Vec<Vec<Vec<u8>>> = Vec::new();
    for set in found.iter().filter(|s| shortest(s) >= MIN_REQUIRED_BYTES) {
        if !sets.contains(set) {
            sets.push(set.clone());
        }
    }
    if sets.is_empty() {
        sets.extend(found.into_iter().max_by_key(|s| shortest(s)));
    }
    (!sets.is_empty()).then_some(sets)
}

/// The shortest literal a set of required literals may have besides the best one (one
/// Chinese character).
const MIN_REQUIRED_BYTES: usize = 3;

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
        let mut out = Vec::new();
        // the literals only when a wanted rule depends on them
        let needs_literals = (self.rules.iter().zip(&self.prefilter.always))
            .any(|(rule, always)| !*always && wanted(rule));
        let found = if needs_literals {
            self.prefilter.candidates(text, ctx.scan)
        } else {
            Candidates::default()
        };
        for (i, rule) in self.rules.iter().enumerate() {
            if !(self.prefilter.may(&found, i) && wanted(rule)) {
                continue;
            }
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
                found.literal_matches(i, &self.prefilter.rules_of)
            } else {
                rule.raw_matches(text, ctx.words)
            };
            for ((whole_start, whole_end), (start, end)) in raw {
                if start == end {
                    continue;
                }
                let (Some(after), Some(before)) = (text.get(end..), text.get(..start)) else {
                    continue;
                };
                if rule
                    .not_before
                    .iter()
                    .any(|s| after.starts_with(s.as_str()))
                    || rule.not_after.iter().any(|s| before.ends_with(s.as_str()))
                {
                    continue;
                }
                if let Some(b) = ctx.boundaries {
                    let on = |at: usize| b.binary_search(&at).is_ok();
                    let aligned = match rule.token {
                        Token::Any => true,
                        Token::Start => on(start),
                        Token::Word => on(start) && on(end),
                    };
                    if !aligned {
                        continue;
                    }
                }
                out.push(Match {
                    rule,
                    label,
                    start,
                    end,
                    whole_start,
                    whole_end,
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

/// Applies the overlap policy to matches of one text.
pub fn resolve_overlaps(mut all: Vec<Match<'_>>) -> Vec<Match<'_>> {
    let order = |m: &Match<'_>| {
        (
            std::cmp::Reverse(m.end - m.start),
            std::cmp::Reverse(m.rule.priority),
            m.start,
        )
    };
    all.sort_by_key(order); // stable: rule order breaks the remaining ties
    let mut kept: Vec<Match<'_>> = Vec::new();
    for m in all {
        if kept.iter().all(|k| m.end <= k.start || m.start >= k.end) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.start);
    kept
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet> {
        let mut s = RuleSources::default();
        s.add_toml("t.toml", text)?;
        s.compile()
    }

    #[test]
    fn the_prefilters_dfa_finds_what_its_nfa_finds() {
        let rules = RuleSet::defaults().unwrap();
        let texts = [
            "各级党委（党组）要于2024年9月底前完成整改，由县纪委监委牵头督导。",
            "截至目前，已查处违反中央八项规定精神问题91件，处理120人。",
            "整治形式主义、官僚主义问题，切实为基层减负。",
        ];
        for family in [&rules.kind, &rules.category, &rules.body, &rules.deadline] {
            let p = &family.prefilter;
            let by_nfa: Vec<Candidates> = texts
                .iter()
                .map(|t| p.candidates(t, None).sorted())
                .collect();
            // cross the mark: from here on the DFA scans
            assert!(p.literals.automaton(DFA_AFTER_BYTES).is_some());
            assert!(p.literals.dfa.get().is_some_and(|d| d.is_some()));
            let by_dfa: Vec<Candidates> = texts
                .iter()
                .map(|t| p.candidates(t, None).sorted())
                .collect();
            assert_eq!(by_nfa, by_dfa);
        }
    }

    /// The matchers of the families run on units (those the unit scan serves).
    fn families(rules: &RuleSet) -> [&Matcher; 8] {
        [
            &rules.kind,
            &rules.category,
            &rules.body,
            &rules.deadline,
            &rules.metric,
            &rules.action,
            &rules.strength,
            &rules.structure,
        ]
    }

    /// Notices' sentences with the clauses a body search cuts them into.
    const SCANNED: [&str; 4] = [
        "各级党委（党组）要于2024年9月底前完成整改，由县纪委监委牵头督导。",
        "截至目前，已查处违反中央八项规定精神问题91件，处理120人。",
        "第一，县民政局要同步完善低保公示制度；市委主题教育办设立专项整治组",
        "整治形式主义、官僚主义问题，切实为基层减负，2024年底前形成长效机制。",
    ];

    #[test]
    fn a_unit_scan_gives_each_family_the_candidates_of_its_own_scan() {
        let rules = RuleSet::defaults().unwrap();
        let other = RuleSet::defaults().unwrap();
        for text in SCANNED {
            let scan = rules.scan(text);
            let foreign = other.scan(text);
            // the text, each clause, and each tail a clause starts
            let mut parts = vec![text];
            for (i, c) in text.char_indices() {
                if "，；：".contains(c) {
                    parts.push(&text[i + c.len_utf8()..]);
                    parts.push(&text[..i]);
                }
            }
            for family in families(&rules) {
                let p = &family.prefilter;
                for part in &parts {
                    let own = p.candidates(part, None).sorted();
                    assert_eq!(p.candidates(part, Some(&scan)).sorted(), own, "{part}");
                    // another rule set's scan is not taken
                    assert_eq!(p.candidates(part, Some(&foreign)).sorted(), own, "{part}");
                }
                // a text that is not part of the scanned one is scanned afresh
                let copy = text.to_string();
                assert_eq!(
                    p.candidates(&copy, Some(&scan)).sorted(),
                    p.candidates(&copy, None).sorted()
                );
            }
        }
    }

    #[test]
    fn a_scan_of_a_part_holds_only_the_literals_inside_it() {
        let rules = load(
            r#"
[[rule]]
id = "deadline.t.a"
description = "d"
label = "date"
pattern = "月底前"
[[rule]]
id = "deadline.t.b"
description = "d"
label = "date"
pattern = "底前完成"
"#,
        )
        .unwrap();
        let text = "9月底前完成";
        let scan = rules.scan(text);
        let p = &rules.deadline.prefilter;
        assert_eq!(p.mays(&p.candidates(text, Some(&scan))), vec![true, true]);
        // `底前完成` ends past the part, `月底前` starts before the last one
        assert_eq!(
            p.mays(&p.candidates(&text[..10], Some(&scan))),
            vec![true, false]
        );
        assert_eq!(
            p.mays(&p.candidates(&text[4..], Some(&scan))),
            vec![false, true]
        );
        // the hits in the part's own offsets
        assert_eq!(p.candidates(&text[4..], Some(&scan)).hits, vec![(0, 12, 1)]);
    }

    #[test]
    fn the_scan_of_a_part_is_the_parts_own_scan() {
        let rules = RuleSet::defaults().unwrap();
        let text = SCANNED.join("\n");
        let scan = rules.scan(&text);
        let mut parts: Vec<&str> = text.split(['\n', '，', '；']).collect();
        parts.push(&text);
        for part in parts {
            let own = rules.scan(part);
            assert!(scan.covers(part));
            let served = rules.scan_part(Some(&scan), part);
            assert!(matches!(served, std::borrow::Cow::Borrowed(_)));
            let from_whole: Vec<(usize, usize, u32)> = scan.within(part).unwrap().collect();
            assert_eq!(from_whole, own.hits, "{part}");
        }
        // a copy is not a part of the scanned text
        let copy = String::from(SCANNED[0]);
        assert!(!scan.covers(&copy) && scan.within(&copy).is_none());
        let own = rules.scan_part(Some(&scan), &copy);
        assert!(matches!(own, std::borrow::Cow::Owned(_)));
        assert_eq!(own.hits, rules.scan(&copy).hits);
    }

    #[test]
    fn a_rule_runs_only_when_each_of_its_literal_sets_occurs() {
        let rule = r#"id = "body.t.a"
description = "d"
label = "subject"
pattern = '(?:部门|单位)[\p{Han}]{0,3}(?:要求|必须)'"#;
        let rules = load(&format!("[[rule]]\n{rule}\n")).unwrap();
        let p = &rules.body.prefilter;
        for (text, may) in [
            ("有关部门抓紧要求整改", true),
            ("有关部门抓紧整改", false),
            ("必须抓紧整改", false),
            ("整改，部门；必须", true),
        ] {
            assert_eq!(p.mays(&p.candidates(text, None)), vec![may], "{text}");
            let scan = rules.scan(text);
            assert_eq!(
                p.mays(&p.candidates(text, Some(&scan))),
                vec![may],
                "{text}"
            );
        }
    }

    #[test]
    fn a_literal_rule_finds_from_the_scan_what_its_regex_finds() {
        let rules = RuleSet::defaults().unwrap();
        // the sentences of the seeds, the rules' examples and a few made to overlap terms
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
        let mut seeds = String::new();
        for e in std::fs::read_dir(dir).unwrap() {
            seeds.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
        let mut texts: Vec<&str> = seeds.split(['。', '\n']).collect();
        texts.extend(SCANNED);
        texts.extend(["督促指导督促督导", "监督检查监督", "严禁严禁", ""]);
        for r in rules.all_rules() {
            texts.extend(
                r.examples
                    .iter()
                    .chain(&r.counter_examples)
                    .map(String::as_str),
            );
        }
        let mut literal = 0;
        for family in families(&rules) {
            let p = &family.prefilter;
            for (i, rule) in family.rules.iter().enumerate().filter(|(_, r)| r.literal) {
                literal += 1;
                let mut fired = false;
                for text in &texts {
                    let by_regex = rule.raw_matches(text, None);
                    fired |= !by_regex.is_empty();
                    let scan = rules.scan(text);
                    for found in [p.candidates(text, Some(&scan)), p.candidates(text, None)] {
                        assert_eq!(
                            found.literal_matches(i, &p.rules_of),
                            by_regex,
                            "{} on {text}",
                            rule.id
                        );
                    }
                }
                assert!(fired, "{} fires on none of the texts", rule.id);
            }
        }
        // the category cues and the action verbs at least
        assert!(literal >= 30, "{literal} literal rules");
    }

    #[test]
    fn a_relaxed_pattern_finds_what_the_pattern_finds() {
        let rules = RuleSet::defaults().unwrap();
        let relaxed: Vec<&Rule> = rules.all_rules().filter(|r| r.relaxed.is_some()).collect();
        // the body subjects' `{0,18}` at least
        assert!(relaxed.iter().any(|r| r.id == "body.subject.before-marker"));
        let long = "省委巡视办会同省纪委监委驻省委组织部纪检监察组和有关市县党委组织部门要加强督导";
        for r in relaxed {
            let strict = Rule {
                relaxed: None,
                ..r.clone()
            };
            let mut texts: Vec<&str> = SCANNED.to_vec();
            texts.extend(
                r.examples
                    .iter()
                    .chain(&r.counter_examples)
                    .map(String::as_str),
            );
            texts.push(long);
            for text in texts {
                // every prefix: short ones take the relaxed pattern, long ones the gate
                for (i, _) in text.char_indices().skip(1) {
                    let t = &text[..i];
                    assert_eq!(
                        r.raw_matches(t, None),
                        strict.raw_matches(t, None),
                        "{} on {t}",
                        r.id
                    );
                }
            }
        }
    }

    #[test]
    fn a_relaxed_match_within_the_bounds_is_the_patterns_a_longer_one_is_not() {
        let rule = r#"id = "deadline.t.a"
description = "d"
label = "date"
group = "v"
pattern = '(?P<v>[a-z]{0,5})x'"#;
        let rules = load(&format!("[[rule]]\n{rule}\n")).unwrap();
        let r = &rules.deadline.rules[0];
        assert!(r.relaxed.is_some());
        let strict = Rule {
            relaxed: None,
            ..r.clone()
        };
        // short matches in a long text; a match the open form takes too long (`bbbbbbbbx`:
        // the pattern takes `bbbbbx`); lazy and greedy neighbours
        for text in [
            "aax-bx-cccx-dx-eex-fx",
            "aax bbbbbbbbx cx",
            "xxxxxxxx",
            "abcdefghijx",
            "ax",
        ] {
            assert_eq!(
                r.raw_matches(text, None),
                strict.raw_matches(text, None),
                "{text}"
            );
        }
        assert_eq!(
            r.raw_matches("aax bbbbbbbbx", None),
            vec![((0, 3), (0, 2)), ((7, 13), (7, 12))]
        );
    }

    #[test]
    fn a_relaxed_pattern_is_exact_on_texts_its_bounds_cannot_exceed() {
        let of = |p: &str| Relaxed::of(&Regex::new(p).unwrap(), &regex_syntax::parse(p).unwrap());
        let r = of(r"^(?P<b>[a-z]{0,5})x").unwrap();
        assert_eq!(r.exact_up_to, 5);
        assert!(r.exact_on("aaaax"));
        assert!(!r.exact_on("aaaaaax"));
        // on the longer text the two differ: the gate passes it, the pattern decides
        let strict = Regex::new(r"^(?P<b>[a-z]{0,5})x").unwrap();
        assert!(r.regex.is_match("aaaaaax") && !strict.is_match("aaaaaax"));
        // a narrow or a character-less repetition is left as it is
        assert!(of(r"\d{1,2}年").is_none());
        assert!(of(r"(?:a?){0,9}b").is_none());
    }

    #[test]
    fn required_literals_of_a_part_every_match_passes() {
        let lits = |p: &str| {
            required_literals(&regex_syntax::parse(p).unwrap()).map(|sets| {
                let sets = sets.into_iter().map(|ls| {
                    let mut v: Vec<String> = ls
                        .into_iter()
                        .map(|l| String::from_utf8(l).unwrap())
                        .collect();
                    v.sort();
                    v.join("|")
                });
                sets.collect::<Vec<String>>()
            })
        };
        // the prefixes, and each part every match goes through
        assert_eq!(
            lits("(?:整治|治理)问题"),
            Some(vec![
                "整治问题|治理问题".into(),
                "整治|治理".into(),
                "问题".into()
            ])
        );
        assert_eq!(
            lits(r"^\d?[\p{Han}]{0,4}(?P<b>(?:部门|单位))(?:要|必须)"),
            Some(vec!["单位|部门".into(), "必须|要".into()])
        );
        // a set with a literal shorter than a character only when there is no other
        assert_eq!(lits(r"[，,]\s*(?:要求)"), Some(vec!["要求".into()]));
        assert_eq!(lits(r"^\s*[，,]"), Some(vec![",|，".into()]));
        // optional parts and open classes give nothing to look for
        assert_eq!(lits(r"[\p{Han}]{2,8}(?:要)?"), None);
        assert_eq!(lits(r"^(?:于)?[\p{Han}]+$"), None);
    }

    #[test]
    fn all_of_runs_only_the_wanted_rules() {
        let rules = RuleSet::defaults().unwrap();
        let text = "县民政局要于年底前完成整改";
        let all = rules.body.all(text, Context::default());
        let subjects = rules
            .body
            .all_of(text, Context::default(), |r| r.label == "subject");
        assert!(!subjects.is_empty());
        assert!(subjects.iter().all(|m| m.rule.label == "subject"));
        let from_all: Vec<_> = all
            .iter()
            .filter(|m| m.rule.label == "subject")
            .map(|m| (&m.rule.id, m.start, m.end))
            .collect();
        let from_of: Vec<_> = subjects
            .iter()
            .map(|m| (&m.rule.id, m.start, m.end))
            .collect();
        assert_eq!(from_all, from_of);
    }

    #[test]
    fn defaults_compile() {
        let r = RuleSet::defaults().expect("default rules compile");
        assert!(!r.deadline.rules.is_empty());
        assert!(r.categories.iter().any(|c| c.id == "eight-rules"));
    }

    #[test]
    fn errors_name_file_rule_and_field() {
        let e = load(
            "[[rule]]\nid = \"deadline.x\"\ndescription = \"d\"\nlabel = \"date\"\npattern = \"(\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("t.toml: rule `deadline.x`: pattern: does not compile"),
            "{e}"
        );
        let e = load("[[rule]]\nid = \"deadline.x\"\ndescription = \"d\"\nlabel = \"soon\"\nterms = [\"a\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("label: unknown label `soon`"), "{e}");
        let e = load(
            "[[rule]]\nid = \"nope.x\"\ndescription = \"d\"\nlabel = \"a\"\nterms = [\"a\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown family `nope`"), "{e}");
        let e = load("[[rule]]\nid = \"kind.x\"\ndescription = \"d\"\nlabel = \"task\"\npattern = \"{nolex}\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("lexicon `{nolex}`"), "{e}");
        let e = load("[[rule]]\nid = \"kind.x\"\ndescription = \"d\"\nlabel = \"task\"\nterms = [\"a\"]\nbogus = 1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `bogus`"), "{e}");
        let dup =
            "[[rule]]\nid = \"kind.x\"\ndescription = \"d\"\nlabel = \"task\"\nterms = [\"a\"]\n";
        let e = load(&format!("{dup}{dup}")).unwrap_err().to_string();
        assert!(e.contains("used twice"), "{e}");
        let e = load("\u{feff}[lexicon]").unwrap_err().to_string();
        assert!(e.contains("byte-order mark"), "{e}");
    }

    #[test]
    fn lexicon_macros_expand_and_repetitions_stay() {
        let r = load(
            "[lexicon.head]\ndescription = \"d\"\nterms = [\"党委\", \"党委(党组)\"]\n\
             [[rule]]\nid = \"body.x\"\ndescription = \"d\"\nlabel = \"subject\"\npattern = \"[各]{1,2}{head}要\"\n",
        )
        .unwrap();
        let m = r.body.find("各党委(党组)要整改", Context::default());
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].end - m[0].start, "各党委(党组)要".len());
    }

    #[test]
    fn overlap_policy_longer_then_priority_then_position() {
        let r = load(
            "[[rule]]\nid = \"deadline.a\"\ndescription = \"d\"\nlabel = \"ongoing\"\nterms = [\"持续\"]\n\
             [[rule]]\nid = \"deadline.b\"\ndescription = \"d\"\nlabel = \"ongoing\"\nterms = [\"持续整治\"]\n\
             [[rule]]\nid = \"deadline.c\"\ndescription = \"d\"\nlabel = \"periodic\"\nterms = [\"整治\"]\npriority = 5\n\
             [[rule]]\nid = \"deadline.d\"\ndescription = \"d\"\nlabel = \"date\"\nterms = [\"整治\"]\n",
        )
        .unwrap();
        let m = r.deadline.find("持续整治，再整治", Context::default());
        let ids: Vec<&str> = m.iter().map(|m| m.rule.id.as_str()).collect();
        // the longer match wins over both shorter ones; among equal ones the higher priority
        assert_eq!(ids, vec!["deadline.b", "deadline.c"]);
    }

    #[test]
    fn token_rules_load_check_and_need_words() {
        let r = load(
            "[lexicon.modal]\ndescription = \"d\"\nterms = [\"要\"]\n\
             [[rule]]\nid = \"body.t\"\ndescription = \"d\"\nlabel = \"subject\"\ngroup = \"b\"\n\
             tokens = \"(?P<b> [pos=n*]+ ) {modal}\"\n",
        )
        .unwrap();
        let text = "部门要";
        let seg = Segmented {
            bounds: vec![0, 6, 9],
            words: vec![
                Word {
                    start: 0,
                    end: 6,
                    tag: crate::segment::PosTag::new("n"),
                },
                Word {
                    start: 6,
                    end: 9,
                    tag: crate::segment::PosTag::new("v"),
                },
            ],
        };
        let m = r.body.find(text, Context::of(&seg, None));
        assert_eq!((m[0].start, m[0].end, m[0].whole_end), (0, 6, 9));
        // without words a token rule finds nothing
        assert!(r.body.find(text, Context::default()).is_empty());
        for (bad, want) in [
            ("tokens = \"[pos=n\"\npattern = \"a\"", "give one of"),
            ("tokens = \"[nope=1]\"", "tokens: unknown condition"),
            ("tokens = \"{nolex}\"", "lexicon `nolex`"),
        ] {
            let e = load(&format!(
                "[[rule]]\nid = \"body.t\"\ndescription = \"d\"\nlabel = \"subject\"\n{bad}\n"
            ))
            .unwrap_err()
            .to_string();
            assert!(e.contains(want), "{e}");
        }
        let e = load("[[rule]]\nid = \"structure.t\"\ndescription = \"d\"\nlabel = \"date\"\ntokens = \"年\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("use `pattern`"), "{e}");
    }

    #[test]
    fn not_before_and_report_label() {
        let r = load(
            "[[rule]]\nid = \"deadline.a\"\ndescription = \"d\"\nlabel = \"date\"\nreport_label = \"since\"\n\
             terms = [\"上半年\"]\nnot_before = [\"度\"]\n",
        )
        .unwrap();
        assert!(r.deadline.find("上半年度", Context::default()).is_empty());
        let ctx = Context {
            kind: Some("report"),
            ..Context::default()
        };
        assert_eq!(r.deadline.find("上半年完成", ctx)[0].label, "since");
    }
}
