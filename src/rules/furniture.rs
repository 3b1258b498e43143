//! Page-furniture rules as the clean stage applies them: a regex and the lines it may
//! match, compiled from `rules/furniture.toml`.

use super::Rule;
use regex::Regex;

/// A page-furniture rule, compiled by the rules stage from `rules/furniture.toml`.
#[derive(Debug, Clone)]
pub struct FurnitureRule {
    /// Stable, hierarchical rule id, e.g. `furniture.editor`.
    pub id: String,
    /// Applied to each line after markup stripping and trimming; every non-empty match
    /// is removed from the line.
    pub regex: Regex,
    /// Which lines the rule may match.
    pub scope: Scope,
    /// The line it drops may stand for the document's title (a file name as the first line).
    pub gives_title: bool,
}

impl FurnitureRule {
    /// Compiles `pattern` into a rule with the given id and scope.
    ///
    /// # Errors
    /// The [`regex::Error`] when `pattern` does not compile.
    pub fn new(id: &str, pattern: &str, scope: Scope) -> Result<Self, regex::Error> {
        Ok(Self {
            id: id.to_string(),
            regex: Regex::new(pattern)?,
            scope,
            gives_title: false,
        })
    }

    /// The furniture rule of a compiled rule of the `furniture` family (its label is the
    /// scope); none for a rule without a regex.
    pub(super) fn of(rule: &Rule) -> Option<Self> {
        let scope = match rule.label.as_str() {
            "head" => Scope::Head,
            "tail" => Scope::Tail,
            "tail-list" => Scope::TailList,
            _ => Scope::Anywhere,
        };
        Some(FurnitureRule {
            id: rule.id.clone(),
            regex: rule.regex()?.clone(),
            scope,
            gives_title: rule.gives_title,
        })
    }
}

/// Where a furniture rule may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Any line.
    Anywhere,
    /// The first [`crate::clean::SCOPE_LINES`] non-empty lines; a line dropped whole as furniture does
    /// not count, so the window reaches past it.
    Head,
    /// The last [`crate::clean::SCOPE_LINES`] non-empty lines; a line dropped whole as furniture does
    /// not count, so the window reaches past it.
    Tail,
    /// A line, among the last [`crate::clean::LIST_SCOPE`] left after the other rules, that heads a list
    /// of links at a page's end (`相关新闻`): it goes, and so do the short lines under it
    /// (at most [`crate::clean::LIST_LINES`], each without a sentence's end) up to a blank line.
    TailList,
}
