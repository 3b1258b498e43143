//! TEMPORARY STUB until the clean stage lands.
#[derive(Debug, Clone)]
pub struct FurnitureRule { pub id: String, pub regex: regex::Regex, pub scope: Scope }
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope { Anywhere, Head, Tail }
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped { pub rule: String, pub text: String, pub line: usize }
#[derive(Debug, Clone, Default)]
pub struct Cleaned { pub text: String, pub dropped: Vec<Dropped>, pub warnings: Vec<String> }
pub fn strip_markup(raw: &str) -> String { raw.to_string() }
pub fn clean(raw: &str, _f: &[FurnitureRule]) -> Cleaned { Cleaned { text: raw.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace())).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"), ..Default::default() } }
