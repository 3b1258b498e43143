//! Rule sources: the rule files gathered in load order (defaults, then `--rules DIR`), a
//! later rule or lexicon replacing an earlier one with the same id; compiled at the end.

use super::compile::compile_rule;
use super::prefilter::Scanner;
use super::schema::{CategoryDef, LexiconDef, RuleDef, RuleFile};
use super::{FurnitureRule, Matcher, Rule, RuleSet, Scope, DEFAULT_DICT, DEFAULT_FILES, FAMILIES};
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::path::Path;

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

pub(super) fn rule_err(file: &str, rule: &str, field: &'static str, message: &str) -> Error {
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
