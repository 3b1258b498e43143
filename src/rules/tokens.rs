//! Token patterns: rules written over jieba's words instead of characters.
//!
//! A token pattern is a sequence of token tests, each with an optional quantifier, and at
//! most one level of named groups:
//!
//! ```text
//! ^ (?P<body> [pos=n*|j|vn]{0,4} [ends=body-head] ) [in=modal]
//! ```
//!
//! - `[…]` tests one word; conditions joined by `&`, each negated by a leading `!`:
//!   `word=要|必须` (the word is one of these), `in=NAME` (the word is a term of lexicon
//!   NAME), `ends=NAME` / `starts=NAME` (the word ends / starts with a term of lexicon NAME),
//!   `pos=n*|vn` (jieba's part-of-speech tag; a trailing `*` matches any tag with that
//!   prefix), and `any`.
//! - A bare word (`要`) is `[word=要]`; `{NAME}` is `[in=NAME]`.
//! - Quantifiers: `?`, `*`, `+`, `{m}`, `{m,n}`; `*` and `+` stop after [`MAX_REPEAT`] words.
//! - `(?P<name> … )` captures the words it spans; `( … )` groups without a name.
//! - `^` and `$` anchor the match to the first and last word.
//!
//! Matching is greedy with backtracking, memoised on (element, word) so that its cost is
//! bounded by elements × words × [`MAX_REPEAT`]; matches do not overlap and are found left
//! to right, like a regex's `find_iter`. Offsets are bytes into the text the words tile.

use crate::words::Word;
use rustc_hash::FxHashSet;
use std::collections::BTreeMap;

/// The most words `*` and `+` take.
pub const MAX_REPEAT: usize = 16;

#[derive(Debug, Clone)]
enum Cond {
    Word(FxHashSet<String>),
    In(FxHashSet<String>),
    Ends(Affixes),
    Starts(Affixes),
    Pos(Vec<(String, bool)>),
    Any,
}

impl Cond {
    /// How costly the test is, relatively: none, a tag comparison, one hash lookup, a few.
    fn cost(&self) -> u8 {
        match self {
            Cond::Any => 0,
            Cond::Pos(_) => 1,
            Cond::Word(_) | Cond::In(_) => 2,
            Cond::Ends(_) | Cond::Starts(_) => 3,
        }
    }
}

/// Terms a word may start or end with: looked up by the word's own prefixes or suffixes
/// (a few hash lookups), not by trying every term.
#[derive(Debug, Clone, Default)]
struct Affixes {
    terms: FxHashSet<String>,
    /// The longest term, in bytes.
    longest: usize,
    /// The lengths in bytes of the terms, a bit each ([`length_bit`]): a prefix or suffix
    /// of a length no term has is not looked up (most terms are of two characters).
    lengths: u64,
}

/// The bit of a length in bytes in [`Affixes::lengths`] (a length past 63 sets bit 63).
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

impl Affixes {
    fn new(terms: Vec<String>) -> Self {
        let longest = terms.iter().map(String::len).max().unwrap_or(0);
        let lengths = terms.iter().fold(0, |m, t| m | length_bit(t.len()));
        Affixes {
            terms: terms.into_iter().filter(|t| !t.is_empty()).collect(),
            longest,
            lengths,
        }
    }

    /// Whether some term is `len` bytes long (or, past 63, may be).
    fn has_length(&self, len: usize) -> bool {
        self.lengths & length_bit(len) != 0
    }

    fn ends(&self, word: &str) -> bool {
        let from = word.len().saturating_sub(self.longest);
        (from..word.len())
            .filter(|&i| self.has_length(word.len() - i) && word.is_char_boundary(i))
            .any(|i| word.get(i..).is_some_and(|t| self.terms.contains(t)))
    }

    fn starts(&self, word: &str) -> bool {
        let to = word.len().min(self.longest);
        (1..=to)
            .filter(|&i| self.has_length(i) && word.is_char_boundary(i))
            .any(|i| word.get(..i).is_some_and(|t| self.terms.contains(t)))
    }
}

/// A lexicon's terms, indexed so that a word is looked up by its own prefixes or suffixes
/// (a few hash lookups) rather than by trying every term: the answers are those of trying
/// every term (`starts_with`, `ends_with`, `==`), an empty term included.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    affixes: Affixes,
    /// The lexicon holds the empty term, which every word starts and ends with.
    empty: bool,
}

impl Terms {
    /// The index of these terms.
    pub fn new(terms: &[String]) -> Self {
        Terms {
            affixes: Affixes::new(terms.to_vec()),
            empty: terms.iter().any(String::is_empty),
        }
    }

    /// Whether `word` is one of the terms.
    pub fn contains(&self, word: &str) -> bool {
        let affixes = &self.affixes;
        (affixes.has_length(word.len()) && affixes.terms.contains(word))
            || (self.empty && word.is_empty())
    }

    /// Whether `word` starts with one of the terms.
    pub fn starts(&self, word: &str) -> bool {
        self.empty || self.affixes.starts(word)
    }

    /// Whether `word` ends with one of the terms.
    pub fn ends(&self, word: &str) -> bool {
        self.empty || self.affixes.ends(word)
    }

    /// Whether `word` ends with one of the terms and is longer than it.
    pub fn ends_properly(&self, word: &str) -> bool {
        let from = word.len().saturating_sub(self.affixes.longest).max(1);
        (self.empty && !word.is_empty())
            || (from..word.len())
                .filter(|&i| self.affixes.has_length(word.len() - i) && word.is_char_boundary(i))
                .any(|i| {
                    word.get(i..)
                        .is_some_and(|t| self.affixes.terms.contains(t))
                })
    }
}

#[derive(Debug, Clone)]
struct Test {
    conds: Vec<(bool, Cond)>, // (negated, condition)
}

impl Test {
    /// Whether a word with this tag (its ASCII bytes) passes every condition.
    fn accepts(&self, word: &str, tag: &[u8]) -> bool {
        self.conds.iter().all(|(negated, c)| {
            let ok = match c {
                Cond::Word(set) | Cond::In(set) => set.contains(word),
                Cond::Ends(a) => a.ends(word),
                Cond::Starts(a) => a.starts(word),
                Cond::Pos(ps) => ps.iter().any(|(p, prefix)| {
                    if *prefix {
                        tag.starts_with(p.as_bytes())
                    } else {
                        tag == p.as_bytes()
                    }
                }),
                Cond::Any => true,
            };
            ok != *negated
        })
    }
}

#[derive(Debug, Clone)]
struct Elem {
    test: Test,
    min: usize,
    max: usize,
}

/// A compiled token pattern.
#[derive(Debug, Clone)]
pub struct TokenPattern {
    elems: Vec<Elem>,
    /// Named groups: name → (first element, end element exclusive).
    groups: Vec<(String, usize, usize)>,
    anchored_start: bool,
    anchored_end: bool,
}

/// A match: byte ranges of the whole match and of each named group (in group order; a
/// group that took no word is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenMatch {
    /// Start and end byte of the whole match.
    pub whole: (usize, usize),
    /// Each named group's byte range.
    pub groups: Vec<Option<(usize, usize)>>,
}

impl TokenPattern {
    /// Sets of terms every match holds one of each of: for each word every match takes (an
    /// element of at least one) that must be one of some terms or hold one (`word=`, `in=`,
    /// `ends=`, `starts=`, not negated), those of its condition with the longest shortest
    /// term. The words tile the text, so the text holds them too: a prefilter's literals.
    pub fn required_terms(&self) -> Vec<Vec<&str>> {
        let shortest = |terms: &Vec<&str>| terms.iter().map(|t| t.len()).min().unwrap_or(0);
        self.elems
            .iter()
            .filter(|e| e.min >= 1)
            .filter_map(|e| {
                let sets = e.test.conds.iter().filter_map(|(negated, c)| match c {
                    _ if *negated => None,
                    Cond::Word(set) | Cond::In(set) => Some(set),
                    Cond::Ends(a) | Cond::Starts(a) => Some(&a.terms),
                    Cond::Pos(_) | Cond::Any => None,
                });
                let sets = sets.map(|set| {
                    let mut terms: Vec<&str> = set.iter().map(String::as_str).collect();
                    terms.sort_unstable();
                    terms
                });
                sets.filter(|t| !t.is_empty()).max_by_key(shortest)
            })
            .collect()
    }

    /// Compiles `source`; `lexicon` gives a lexicon's terms by name.
    pub fn compile(
        source: &str,
        lexicon: &dyn Fn(&str) -> Option<Vec<String>>,
    ) -> Result<Self, String> {
        Parser {
            chars: source.chars().collect(),
            at: 0,
            lexicon,
        }
        .pattern()
    }

    /// The names of the groups, in order.
    pub fn group_names(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|(n, _, _)| n.as_str())
    }

    /// Whether an element that must take a word finds none that passes its test where it
    /// may start: then the text holds no match. In a pattern anchored at the start, an
    /// element starts at most as many words in as the elements before it take at most, so
    /// only those words are tried (all of them in another).
    fn required_missing(&self, text: &str, words: &[Word]) -> bool {
        let mut reach = if self.anchored_start { 0 } else { usize::MAX };
        for e in &self.elems {
            let passes = |w: &Word| {
                let t = text.get(w.start..w.end).unwrap_or("");
                e.test.accepts(t, w.tag.as_bytes())
            };
            if e.min > 0 && !words.iter().take(reach.saturating_add(1)).any(passes) {
                return true;
            }
            reach = reach.saturating_add(e.max);
        }
        false
    }

    /// Every match in `text`, whose words are `words` (they tile the text), left to right.
    pub fn find_iter(&self, text: &str, words: &[Word]) -> Vec<TokenMatch> {
        let mut out = Vec::new();
        if self.required_missing(text, words) {
            return out;
        }
        // whether elements e.. match from word w does not depend on where the match began,
        // so failures are remembered across start positions
        let mut m = Matching {
            pat: self,
            text,
            words,
            failed: vec![false; (self.elems.len() + 1) * (words.len() + 1)],
            marks: vec![0; self.elems.len() + 1],
        };
        let mut from = 0;
        while from <= words.len() {
            if self.anchored_start && from > 0 {
                break;
            }
            match m.run(0, from) {
                Some(end) if end > from || self.elems.is_empty() => {
                    let byte = |i: usize| {
                        words
                            .get(i)
                            .map_or_else(|| words.last().map_or(0, |w| w.end), |w| w.start)
                    };
                    let groups = self
                        .groups
                        .iter()
                        .map(|(_, a, b)| {
                            let (s, e) = (m.marks[*a], m.marks[*b]);
                            (e > s).then(|| (byte(s), byte(e)))
                        })
                        .collect();
                    out.push(TokenMatch {
                        whole: (byte(from), byte(end)),
                        groups,
                    });
                    from = end.max(from + 1);
                }
                _ => from += 1,
            }
        }
        out
    }
}

struct Matching<'p, 't> {
    pat: &'p TokenPattern,
    text: &'t str,
    words: &'t [Word],
    /// Whether elements e.. failed from word w, at `e * (words + 1) + w`.
    failed: Vec<bool>,
    /// The word index at which each element started in the current path (and the end).
    marks: Vec<usize>,
}

impl Matching<'_, '_> {
    /// Matches elements `e..` from word `w`; the end word of the match.
    fn run(&mut self, e: usize, w: usize) -> Option<usize> {
        self.marks[e] = w;
        let Some(elem) = self.pat.elems.get(e) else {
            return (!self.pat.anchored_end || w == self.words.len()).then_some(w);
        };
        let memo = e * (self.words.len() + 1) + w;
        if self.failed.get(memo).copied().unwrap_or(false) {
            return None;
        }
        // how many words in a row this element accepts from w
        let mut run = 0;
        while run < elem.max {
            let Some(word) = self.words.get(w + run) else {
                break;
            };
            let t = self.text.get(word.start..word.end).unwrap_or("");
            if !elem.test.accepts(t, word.tag.as_bytes()) {
                break;
            }
            run += 1;
        }
        if run >= elem.min {
            for n in (elem.min..=run).rev() {
                if let Some(end) = self.run(e + 1, w + n) {
                    self.marks[e] = w;
                    return Some(end);
                }
            }
        }
        if let Some(f) = self.failed.get_mut(memo) {
            *f = true;
        }
        None
    }
}

struct Parser<'l> {
    chars: Vec<char>,
    at: usize,
    lexicon: &'l dyn Fn(&str) -> Option<Vec<String>>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        let matches = self
            .chars
            .get(self.at..self.at + n)
            .is_some_and(|w| w.iter().copied().eq(s.chars()));
        if matches {
            self.at += n;
        }
        matches
    }

    fn pattern(mut self) -> Result<TokenPattern, String> {
        let mut pat = TokenPattern {
            elems: Vec::new(),
            groups: Vec::new(),
            anchored_start: false,
            anchored_end: false,
        };
        let mut open: Option<(Option<String>, usize)> = None;
        loop {
            self.skip_space();
            let Some(c) = self.peek() else { break };
            match c {
                '^' if pat.elems.is_empty() && open.is_none() => {
                    self.at += 1;
                    pat.anchored_start = true;
                }
                '$' => {
                    self.at += 1;
                    self.skip_space();
                    if self.peek().is_some() {
                        return Err("`$` must end the pattern".into());
                    }
                    pat.anchored_end = true;
                }
                '(' => {
                    self.at += 1;
                    if open.is_some() {
                        return Err("groups do not nest".into());
                    }
                    let name = if self.eat("?P<") {
                        let start = self.at;
                        while self.peek().is_some_and(|c| c != '>') {
                            self.at += 1;
                        }
                        let name: String = self.chars[start..self.at].iter().collect();
                        if !self.eat(">") || name.is_empty() {
                            return Err("a group name is written `(?P<name> …)`".into());
                        }
                        Some(name)
                    } else {
                        None
                    };
                    open = Some((name, pat.elems.len()));
                }
                ')' => {
                    self.at += 1;
                    let Some((name, first)) = open.take() else {
                        return Err("`)` without `(`".into());
                    };
                    if let Some(name) = name {
                        if pat.groups.iter().any(|(n, _, _)| *n == name) {
                            return Err(format!("group `{name}` is named twice"));
                        }
                        pat.groups.push((name, first, pat.elems.len()));
                    }
                }
                '[' => {
                    self.at += 1;
                    let start = self.at;
                    while self.peek().is_some_and(|c| c != ']') {
                        self.at += 1;
                    }
                    let body: String = self.chars[start..self.at].iter().collect();
                    if !self.eat("]") {
                        return Err("`[` without `]`".into());
                    }
                    let test = self.test(&body)?;
                    self.push(&mut pat, test)?;
                }
                '{' => {
                    self.at += 1;
                    let start = self.at;
                    while self.peek().is_some_and(|c| c != '}') {
                        self.at += 1;
                    }
                    let name: String = self.chars[start..self.at].iter().collect();
                    if !self.eat("}") {
                        return Err("`{` without `}`".into());
                    }
                    let test = self.test(&format!("in={name}"))?;
                    self.push(&mut pat, test)?;
                }
                _ => {
                    let start = self.at;
                    while self
                        .peek()
                        .is_some_and(|c| !c.is_whitespace() && !"[](){}?*+^$".contains(c))
                    {
                        self.at += 1;
                    }
                    if self.at == start {
                        return Err(format!("unexpected `{c}`"));
                    }
                    let word: String = self.chars[start..self.at].iter().collect();
                    let test = self.test(&format!("word={word}"))?;
                    self.push(&mut pat, test)?;
                }
            }
        }
        if open.is_some() {
            return Err("`(` without `)`".into());
        }
        if pat.elems.is_empty() {
            return Err("the pattern tests no word".into());
        }
        Ok(pat)
    }

    /// Reads a quantifier after an element and pushes it.
    fn push(&mut self, pat: &mut TokenPattern, test: Test) -> Result<(), String> {
        let (min, max) = match self.peek() {
            Some('?') => (0, 1),
            Some('*') => (0, MAX_REPEAT),
            Some('+') => (1, MAX_REPEAT),
            Some('{') => {
                let start = self.at + 1;
                let Some(len) = self.chars[start..].iter().position(|&c| c == '}') else {
                    return Err("`{` without `}`".into());
                };
                let body: String = self.chars[start..start + len].iter().collect();
                let num = |s: &str| {
                    s.trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad repetition `{{{body}}}`"))
                };
                let (min, max) = match body.split_once(',') {
                    Some((a, b)) => (num(a)?, num(b)?),
                    None => (num(&body)?, num(&body)?),
                };
                if min > max || max > 64 {
                    return Err(format!("bad repetition `{{{body}}}`"));
                }
                self.at = start + len; // at the `}`; the common step below passes it
                (min, max)
            }
            _ => (1, 1),
        };
        if (min, max) != (1, 1) {
            self.at += 1;
        }
        pat.elems.push(Elem { test, min, max });
        Ok(())
    }

    fn test(&self, body: &str) -> Result<Test, String> {
        let mut conds = Vec::new();
        for part in body.split('&') {
            let part = part.trim();
            let (negated, part) = match part.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, part),
            };
            if part == "any" {
                conds.push((negated, Cond::Any));
                continue;
            }
            let Some((key, value)) = part.split_once('=') else {
                return Err(format!(
                    "`{part}`: a condition is `word=`, `in=`, `ends=`, `starts=`, `pos=` or `any`"
                ));
            };
            let alts: Vec<String> = value
                .split('|')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if alts.is_empty() {
                return Err(format!("`{part}` names nothing"));
            }
            let terms_of = |names: &[String]| -> Result<Vec<String>, String> {
                let mut all = Vec::new();
                for n in names {
                    let terms = (self.lexicon)(n)
                        .ok_or_else(|| format!("names lexicon `{n}`, which is not defined"))?;
                    all.extend(terms);
                }
                Ok(all)
            };
            let cond = match key.trim() {
                "word" => Cond::Word(alts.into_iter().collect()),
                "in" => Cond::In(terms_of(&alts)?.into_iter().collect()),
                // ends/starts take lexicon names, or literal strings where no lexicon has the name
                "ends" | "starts" => {
                    let mut ts = Vec::new();
                    for a in &alts {
                        match (self.lexicon)(a) {
                            Some(terms) => ts.extend(terms),
                            None => ts.push(a.clone()),
                        }
                    }
                    if key.trim() == "ends" {
                        Cond::Ends(Affixes::new(ts))
                    } else {
                        Cond::Starts(Affixes::new(ts))
                    }
                }
                "pos" => Cond::Pos(
                    alts.into_iter()
                        .map(|p| match p.strip_suffix('*') {
                            Some(prefix) => (prefix.to_string(), true),
                            None => (p, false),
                        })
                        .collect(),
                ),
                k => return Err(format!("unknown condition `{k}`")),
            };
            conds.push((negated, cond));
        }
        // the cheapest tests first (a word passes only when all do, so the order changes
        // nothing but the cost): a tag before a lookup, a lookup before an affix search
        conds.sort_by_key(|(_, c)| c.cost());
        Ok(Test { conds })
    }
}

/// Lexicon lookup over a map, for [`TokenPattern::compile`].
pub fn lexicon_lookup(
    map: &BTreeMap<String, Vec<String>>,
) -> impl Fn(&str) -> Option<Vec<String>> + '_ {
    move |name| map.get(name).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::PosTag;

    fn words(text: &str, parts: &[(&str, &str)]) -> Vec<Word> {
        let mut at = 0;
        let out = parts
            .iter()
            .map(|(w, tag)| {
                let start = at;
                at += w.len();
                Word {
                    start,
                    end: at,
                    tag: PosTag::new(tag),
                }
            })
            .collect();
        assert_eq!(at, text.len());
        out
    }

    fn lex(name: &str) -> Option<Vec<String>> {
        match name {
            "head" => Some(vec!["党委".into(), "部门".into(), "机关".into()]),
            "modal" => Some(vec!["要".into(), "必须".into()]),
            _ => None,
        }
    }

    #[test]
    fn noun_phrase_ending_in_a_head_before_a_modal() {
        let p = TokenPattern::compile("^ (?P<body> [pos=n*|a]{0,4} [ends=head] ) {modal}", &lex)
            .unwrap();
        let text = "各级党委要压实责任";
        let w = words(
            text,
            &[
                ("各级", "n"),
                ("党委", "n"),
                ("要", "v"),
                ("压实", "v"),
                ("责任", "n"),
            ],
        );
        let m = p.find_iter(text, &w);
        assert_eq!(m.len(), 1);
        let (s, e) = m[0].groups[0].unwrap();
        assert_eq!(&text[s..e], "各级党委");
        assert_eq!(m[0].whole, (0, "各级党委要".len()));
        // a verb in front breaks the noun phrase, and the pattern is anchored
        let text = "督促党委要";
        let w = words(text, &[("督促", "v"), ("党委", "n"), ("要", "v")]);
        assert!(p.find_iter(text, &w).is_empty());
    }

    #[test]
    fn quantifiers_backtrack_and_matches_do_not_overlap() {
        let p = TokenPattern::compile("[any]+ 要", &lex).unwrap();
        let text = "甲乙要丙要";
        let w = words(
            text,
            &[
                ("甲", "n"),
                ("乙", "n"),
                ("要", "v"),
                ("丙", "n"),
                ("要", "v"),
            ],
        );
        let m = p.find_iter(text, &w);
        // greedy: the first match runs to the last 要
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].whole, (0, text.len()));
        let p = TokenPattern::compile("[!pos=v] 要", &lex).unwrap();
        let m = p.find_iter(text, &w);
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn required_terms_are_those_of_the_words_every_match_takes() {
        let p = TokenPattern::compile(
            "^ [word=（|(]? (?P<body> [pos=n*]{0,6} [ends=head & pos=n*] ) [pos=d]{0,2} {modal} [!in=modal]",
            &lex,
        )
        .unwrap();
        let mut terms = p.required_terms();
        terms.sort();
        assert_eq!(
            terms,
            vec![vec!["党委", "机关", "部门"], vec!["必须", "要"]]
        );
    }

    #[test]
    fn anchors_and_errors() {
        let p = TokenPattern::compile("要 $", &lex).unwrap();
        let text = "要甲要";
        let w = words(text, &[("要", "v"), ("甲", "n"), ("要", "v")]);
        let m = p.find_iter(text, &w);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].whole.0, "要甲".len());
        for bad in [
            "[nope=1]",
            "{missing}",
            "(a",
            "a)",
            "[pos=n",
            "a{3,1}",
            "",
            "((a))",
        ] {
            assert!(TokenPattern::compile(bad, &lex).is_err(), "{bad}");
        }
    }

    #[test]
    fn pathological_patterns_stay_bounded() {
        let p = TokenPattern::compile("[any]* [any]* [any]* 乙", &lex).unwrap();
        let text = "甲".repeat(400);
        let parts: Vec<(&str, &str)> = (0..400).map(|_| ("甲", "n")).collect();
        let w = words(&text, &parts);
        assert!(p.find_iter(&text, &w).is_empty());
    }
}
