//! Rule sources: the rule files gathered in load order (defaults, then `--rules DIR`), a
//! later rule or lexicon replacing an earlier one with the same id; compiled at the end.

use super::compile::{compile_rule, Known};
use super::prefilter::Scanner;
use super::schema::{CategoryDef, DeadlineKindDef, LexiconDef, RuleDef, RuleFile};
use super::{
    DeadlineKind, FurnitureRule, Matcher, Models, Rule, RuleSet, DEFAULT_DICT, DEFAULT_FILES,
    DEFAULT_MODELS, FAMILIES, STAGE_LEXICONS,
};
use crate::error::{Error, Result};
use crate::learn::{Model, ModelFile, Target};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Rule files gathered before compiling: later ones override earlier by id.
#[derive(Debug, Default, Clone)]
pub struct RuleSources {
    lexicons: Vec<(String, String, LexiconDef)>,
    categories: Vec<(String, CategoryDef)>,
    deadline_kinds: Vec<(String, DeadlineKindDef)>,
    rules: Vec<(String, RuleDef)>,
    dictionaries: Vec<(String, String)>,
    /// The ids of the rules as the embedded defaults define them (not replaced since): their
    /// regexes, tested with the build, are compiled on first use; the others' at once, so
    /// that a pattern of the user's that does not compile is an error at load.
    embedded: HashSet<String>,
    models: Vec<(String, ModelFile)>,
}

impl RuleSources {
    /// The embedded default rules.
    pub fn defaults() -> Result<Self> {
        let mut s = RuleSources::default();
        for (name, text) in DEFAULT_FILES {
            s.add_toml(name, text)?;
        }
        s.add_dictionary(DEFAULT_DICT.0, DEFAULT_DICT.1)?;
        s.embedded = s.rules.iter().map(|(_, r)| r.id.clone()).collect();
        for (name, text) in DEFAULT_MODELS {
            s.add_model(name, text)?;
        }
        Ok(s)
    }

    /// Adds a trained model file (JSON, [`crate::learn::ModelFile`]); it replaces an earlier
    /// model of the same target.
    pub fn add_model(&mut self, file: &str, text: &str) -> Result<()> {
        check_text_file(file, text)?;
        let model: ModelFile = serde_json::from_str(text).map_err(|e| Error::Model {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        self.models.retain(|(_, m)| m.target != model.target);
        self.models.push((file.to_string(), model));
        Ok(())
    }

    /// Drops every trained model: the rules decide alone (`--no-model`).
    pub fn clear_models(&mut self) {
        self.models.clear();
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
        for k in parsed.deadline_kind {
            self.deadline_kinds.retain(|(_, old)| old.id != k.id);
            self.deadline_kinds.push((file.to_string(), k));
        }
        for r in parsed.rule {
            self.embedded.remove(&r.id);
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

    /// Adds every `*.toml` and `*.txt` (dictionaries) of a folder, in name order, then the
    /// trained models of its `model/` folder (`*.json`), if it has one.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        self.add_files(dir)?;
        let models = dir.join("model");
        if models.is_dir() {
            for (name, text) in read_texts(&models, "json")? {
                self.add_model(&name, &text)?;
            }
        }
        Ok(())
    }

    /// The rule files and dictionaries of a folder.
    fn add_files(&mut self, dir: &Path) -> Result<()> {
        for (name, text) in read_texts(dir, "toml|txt")? {
            if name.ends_with(".toml") {
                self.add_toml(&name, &text)?;
            } else {
                self.add_dictionary(&name, &text)?;
            }
        }
        Ok(())
    }

    /// Compiles everything into a [`RuleSet`].
    pub fn compile(&self) -> Result<RuleSet> {
        let lexicon_defs = self.resolved_lexicons()?;
        let deadline_kinds = (self.deadline_kinds.iter())
            .map(|(file, k)| DeadlineKind::compile(file, k))
            .collect::<Result<Vec<_>>>()?;
        let categories: Vec<CategoryDef> = self.categories.iter().map(|(_, c)| c.clone()).collect();
        let models = self.compile_models(&categories)?;
        let known = Known {
            lexicons: (lexicon_defs.iter())
                .map(|(n, l)| (n.as_str(), l))
                .collect(),
            categories: categories.iter().map(|c| c.id.as_str()).collect(),
            deadline_kinds: deadline_kinds.iter().map(|k| k.id.as_str()).collect(),
        };
        let mut families: HashMap<&str, Vec<Rule>> = HashMap::new();
        for (file, def) in &self.rules {
            let rule = compile_rule(file, def, &known, !self.embedded.contains(&def.id))?;
            let family = (FAMILIES.iter())
                .find(|f| **f == rule.family)
                .copied()
                .unwrap_or("category");
            families.entry(family).or_default().push(rule);
        }
        check_stage_lexicons(&known, &families)?;
        let furniture_rules = Matcher::new(families.remove("furniture").unwrap_or_default());
        let furniture = furniture_rules
            .rules
            .iter()
            .filter_map(FurnitureRule::of)
            .collect();
        let mut take = |f: &str| Matcher::new(families.remove(f).unwrap_or_default());
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
            deadline_kinds,
            category,
            kind,
            body,
            deadline,
            structure,
            metric,
            action,
            strength,
            furniture_rules,
            furniture,
            lexicons: (lexicon_defs.iter())
                .map(|(n, l)| (n.clone(), l.terms.clone()))
                .collect(),
            indexed: (lexicon_defs.iter())
                .map(|(n, l)| (n.clone(), (l.terms.clone(), super::Terms::new(&l.terms))))
                .collect(),
            dictionaries: self.dictionaries.clone(),
            models,
            scanner,
        })
    }

    /// The models, checked against the rules: a category model's classes are categories
    /// of the taxonomy, a kind model's are `directive` and `report`.
    fn compile_models(&self, categories: &[CategoryDef]) -> Result<Models> {
        let mut out = Models::default();
        for (file, m) in &self.models {
            let err = |message: String| Error::Model {
                file: file.clone(),
                message,
            };
            let known = |c: &str| match m.target {
                Target::Category => categories.iter().any(|d| d.id == c),
                Target::Kind => c == "directive" || c == "report",
            };
            if let Some(c) = m.classes.iter().find(|c| !known(c)) {
                return Err(err(format!(
                    "class `{c}` is no {} the rules know",
                    m.target.as_str()
                )));
            }
            let model = Model::compile(m).map_err(|e| err(e.0))?;
            match m.target {
                Target::Category => out.category = Some(model),
                Target::Kind => out.kind = Some(model),
            }
        }
        Ok(out)
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

    /// The lexicons with every term written `{name}` replaced by the terms of lexicon `name`
    /// (one lexicon's words taken into another: `body-head` closes with the titles of
    /// `body-person-title`), in load order; a name no lexicon has is an error.
    fn resolved_lexicons(&self) -> Result<Vec<(String, LexiconDef)>> {
        let named = |name: &str| self.lexicons.iter().find(|(_, n, _)| n == name);
        let mut out = Vec::with_capacity(self.lexicons.len());
        for (file, name, lex) in &self.lexicons {
            let mut terms = Vec::with_capacity(lex.terms.len());
            for term in &lex.terms {
                let Some(inner) = term.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
                    terms.push(term.clone());
                    continue;
                };
                let Some((_, _, other)) = named(inner) else {
                    let message = format!("`{term}` names no lexicon");
                    return Err(rule_err(
                        file,
                        &format!("lexicon.{name}"),
                        "terms",
                        &message,
                    ));
                };
                terms.extend(other.terms.iter().cloned());
            }
            let description = lex.description.clone();
            out.push((name.clone(), LexiconDef { description, terms }));
        }
        Ok(out)
    }

    /// Terms claimed by rules of two different labels in one family with the same priority
    /// (`环保督察` as a cue of `inspection-feedback` and of a user's `ecology`): the overlap
    /// policy settles such a tie by load order, without a word, so `rules check` names each
    /// one and the rule that wins; a higher `priority` on one of them settles it on purpose.
    /// Terms are a rule's `terms`, or the lexicon its whole pattern names.
    pub fn conflicts(&self) -> Vec<String> {
        let defs = self.resolved_lexicons().unwrap_or_default();
        let lexicons: HashMap<&str, &LexiconDef> =
            defs.iter().map(|(n, l)| (n.as_str(), l)).collect();
        // term → the rules that claim it, in load order
        let mut claims: Vec<(&str, Vec<Claim<'_>>)> = Vec::new();
        for (_, r) in &self.rules {
            let family = r.id.split('.').next().unwrap_or_default();
            for term in super::compile::literal_terms(r, &lexicons).unwrap_or_default() {
                let claim = (family, r.label.as_str(), r.id.as_str(), r.priority);
                match claims.iter_mut().find(|(t, _)| t == term) {
                    Some((_, c)) => c.push(claim),
                    None => claims.push((term.as_str(), vec![claim])),
                }
            }
        }
        let mut out = Vec::new();
        for (term, rules) in &claims {
            for (i, a) in rules.iter().enumerate() {
                let tie = |b: &&Claim<'_>| b.0 == a.0 && b.1 != a.1 && b.3 == a.3;
                if let Some(b) = rules[i + 1..].iter().find(tie) {
                    out.push(format!(
                        "{} rules: term `{term}` is claimed by `{}` ({}) and `{}` ({}) with the same priority; `{}` wins by load order (give one a higher priority)",
                        a.0, a.2, a.1, b.2, b.1, a.2
                    ));
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

/// A rule's claim on a term: (family, label, id, priority).
type Claim<'a> = (&'a str, &'a str, &'a str, i32);

pub(super) fn rule_err(file: &str, rule: &str, field: &'static str, message: &str) -> Error {
    Error::Rule {
        file: file.to_string(),
        rule: rule.to_string(),
        field,
        message: message.to_string(),
    }
}

/// Every lexicon a stage reads (see [`STAGE_LEXICONS`]) is defined when the family that
/// needs it has rules.
fn check_stage_lexicons(known: &Known<'_>, families: &HashMap<&str, Vec<Rule>>) -> Result<()> {
    for (name, family) in STAGE_LEXICONS {
        let used = families.get(family).is_some_and(|rules| !rules.is_empty());
        if used && !known.lexicons.contains_key(name) {
            return Err(Error::MissingLexicon {
                name: name.to_string(),
                needed_by: format!("the {family} rules"),
            });
        }
    }
    Ok(())
}

/// The files of a folder whose extension is one of `exts` (`toml|txt`), in name order,
/// each with its path as a name and its text (which must be UTF-8).
fn read_texts(dir: &Path, exts: &str) -> Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !exts.split('|').any(|x| x == ext) {
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
        out.push((name, text));
    }
    Ok(out)
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
