//! Metadata a page publishes with a document, apart from its text: a Markdown front matter
//! (`---` … `---` as Hugo, Hexo and Jekyll write it, `title:` and `date:` among its keys)
//! and a government page's table of keys and values (`索引号`, `发文机关`, `成文日期`,
//! `标题`, `发文字号`, `发布日期`, often a tab between a key and its value).
//!
//! Takes the cleaned text's lines; gives the lines that are metadata (no units of the
//! notice) and the fields they name. What a key means is data: the `meta-*` lexicons of
//! `rules/lexicons.toml`.

use super::units::cell_ranges;
use crate::rules::RuleSet;

/// How far down a page its metadata table is looked for, in non-empty lines.
const META_LINES: usize = 20;

/// The most lines a front matter holds.
const FRONT_MATTER_LINES: usize = 60;

/// What a page's metadata says of its document.
#[derive(Debug, Default)]
pub(super) struct Meta {
    /// The lines that are metadata.
    pub lines: Vec<usize>,
    /// The title as the metadata gives it, the site's name still around it.
    pub title: Option<String>,
    /// When the document was written or issued (`成文日期`).
    pub issued: Option<String>,
    /// When the page was published (`发布日期`, a front matter's `date`).
    pub published: Option<String>,
    /// The issuing body (`发文机关`).
    pub issuer: Option<String>,
    /// The document number (`发文字号`).
    pub number: Option<String>,
    /// The built-in step that read it: [`FRONT_MATTER_RULE`] or [`TABLE_RULE`].
    pub rule: Option<&'static str>,
}

/// What [`crate::structure::Structure::rules`] names for a value a front matter gave.
pub(super) const FRONT_MATTER_RULE: &str = "structure.meta.front-matter";
/// What [`crate::structure::Structure::rules`] names for a value a metadata table gave.
pub(super) const TABLE_RULE: &str = "structure.meta.table";

/// What a key names, by the `meta-*` lexicons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Issued,
    Published,
    Issuer,
    Number,
    /// A key of the metadata that names nothing the record keeps (`索引号`, `主题词`).
    Other,
}

/// Reads the front matter opening the text, else a table of metadata among its first
/// lines (at least two of its lines name a key).
pub(super) fn read(text: &str, lines: &[(usize, usize)], rules: &RuleSet) -> Meta {
    let line = |i: usize| &text[lines[i].0..lines[i].1];
    let first = (0..lines.len()).find(|&i| lines[i].0 < lines[i].1);
    if let Some(open) = first.filter(|&i| line(i) == "---") {
        let close =
            (open + 1..lines.len().min(open + FRONT_MATTER_LINES)).find(|&i| line(i) == "---");
        if let Some(close) = close {
            let keys = (open + 1..close).map(line);
            return from_lines(keys, (open..=close).collect(), FRONT_MATTER_RULE, rules);
        }
    }
    // a front matter whose `---` lines the clean stage dropped: the opening lines keyed by
    // a Latin name (`pageClass: custom-page-class`, `title: …`) and their list items
    let yaml: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].0 < lines[i].1)
        .take(FRONT_MATTER_LINES)
        .take_while(|&i| yaml_key(line(i)) || line(i).starts_with("- "))
        .collect();
    if yaml.first().is_some_and(|&i| yaml_key(line(i))) {
        let keys: Vec<&str> = yaml.iter().map(|&i| line(i)).collect();
        return from_lines(keys, yaml, FRONT_MATTER_RULE, rules);
    }
    let keyed: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].0 < lines[i].1)
        .take(META_LINES)
        .filter(|&i| !pairs(line(i), rules).is_empty())
        .collect();
    if keyed.len() < 2 {
        return Meta::default();
    }
    let keys: Vec<&str> = keyed.iter().map(|&i| line(i)).collect();
    let held = with_list_items(keyed, lines.len(), line);
    from_lines(keys, held, TABLE_RULE, rules)
}

/// The metadata the key-value pairs of `keys` give, held on the lines `held`, read by `rule`.
fn from_lines<'t>(
    keys: impl IntoIterator<Item = &'t str>,
    held: Vec<usize>,
    rule: &'static str,
    rules: &RuleSet,
) -> Meta {
    let mut meta = Meta::default();
    for key_line in keys {
        for (field, value) in pairs(key_line, rules) {
            meta.take(field, value);
        }
    }
    meta.lines = held;
    meta.rule = Some(rule);
    meta
}

/// Whether a line is a YAML key and its value (`pageClass: custom-page-class`, `tags:`): a
/// Latin name, a colon, then a space or nothing.
fn yaml_key(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    let name = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    name && (rest.is_empty() || rest.starts_with(' '))
}

/// The keyed lines and the YAML list items under them (`tags:` then `- 某某大学`): a front
/// matter whose `---` lines the clean stage dropped as punctuation still lists its values
/// one a line; they are metadata, not headings.
fn with_list_items<'t>(keyed: Vec<usize>, n: usize, line: impl Fn(usize) -> &'t str) -> Vec<usize> {
    let mut out = Vec::with_capacity(keyed.len());
    for &i in &keyed {
        out.push(i);
        let items = (i + 1..n).take_while(|&j| line(j).starts_with("- ") && !keyed.contains(&j));
        out.extend(items);
    }
    out
}

impl Meta {
    /// Keeps the first value of each field.
    fn take(&mut self, field: Field, value: &str) {
        let slot = match field {
            Field::Title => &mut self.title,
            Field::Issued => &mut self.issued,
            Field::Published => &mut self.published,
            Field::Issuer => &mut self.issuer,
            Field::Number => &mut self.number,
            Field::Other => return,
        };
        // a front matter may quote its values
        let value = value.trim_matches(['"', '\'']).trim();
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value.to_string());
        }
    }
}

/// The key-value pairs of a line of metadata, when its first cell opens with a key the
/// lexicons know: `key：value` in one cell, or `key：` in a cell and the value in the next
/// (`发文机关：\t国务院办公厅\t成文日期：\t2018年12月26日`). Keys are read without white space
/// (`索 引 号`, `标　题`).
fn pairs<'l>(line: &'l str, rules: &RuleSet) -> Vec<(Field, &'l str)> {
    let cells: Vec<&str> = cell_ranges(line)
        .into_iter()
        .map(|(s, e)| line[s..e].trim())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let Some((key, value)) = cells[i].split_once(['：', ':']) else {
            break;
        };
        let Some(field) = field_of(key, rules) else {
            break;
        };
        let mut value = value.trim();
        if value.is_empty() {
            if let Some(next) = cells.get(i + 1).filter(|c| !is_key_cell(c, rules)) {
                value = next;
                i += 1;
            }
        }
        out.push((field, value));
        i += 1;
    }
    out
}

/// Whether a cell opens with a key (`成文日期：…`).
fn is_key_cell(cell: &str, rules: &RuleSet) -> bool {
    cell.split_once(['：', ':'])
        .is_some_and(|(key, _)| field_of(key, rules).is_some())
}

/// What a key names; `None` for a word no `meta-*` lexicon holds.
fn field_of(key: &str, rules: &RuleSet) -> Option<Field> {
    let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    if key.is_empty() {
        return None;
    }
    [
        ("meta-title", Field::Title),
        ("meta-issued", Field::Issued),
        ("meta-published", Field::Published),
        ("meta-issuer", Field::Issuer),
        ("meta-number", Field::Number),
        ("meta-key", Field::Other),
    ]
    .into_iter()
    .find(|(lex, _)| {
        rules
            .lexicon(lex)
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&key))
    })
    .map(|(_, f)| f)
}
