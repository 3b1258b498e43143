//! Align: how alike a central task item and a local one are, and how their deadlines compare.
//!
//! Takes task texts, the jieba segmenter and the stop list; gives [`Terms`] (the weighted bag
//! of an item's words and character bigrams) and, through an [`Index`] built over every item
//! of a comparison, a BM25 similarity for any pair. The similarity is symmetric and lies in
//! `[0, 1]`: each text is taken in turn as the query against the other, BM25 is divided by the
//! query's ideal score (every query term present once in a document of average length), capped
//! at 1, and the larger of the two directions is kept. So a short central headline
//! (`整治违反中央八项规定精神的突出问题`) reaches a long local report that carries it out
//! (`…查处违反中央八项规定精神问题91件…`), and a short local item reaches the long central item
//! it takes a part of.
//!
//! Before segmenting, [`Synonyms`] rewrites the variants of a policy term to one canonical
//! form on both sides (`官伞` → `保护伞`). An item is scored as [`Units`]: its whole text, its
//! clauses (so that one clause of a long report sentence that carries out several tasks can
//! meet a task on its own) and the heading it stands under; a pair's similarity is the best
//! over the pairs of units.

use crate::rules::RuleSet;
use crate::segment::Segmenter;
use aho_corasick::{AhoCorasick, MatchKind};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The default stop list: policy boilerplate that names no subject (`rules/compare/stopwords.txt`).
pub const DEFAULT_STOPWORDS: &str = include_str!("../../rules/compare/stopwords.txt");

/// The default synonym list (`rules/compare/synonyms.txt`).
pub const DEFAULT_SYNONYMS: &str = include_str!("../../rules/compare/synonyms.txt");

/// Weight of a jieba word of two chars or more.
const WORD_WEIGHT: f64 = 1.0;
/// Weight of a character bigram: bigrams bridge different segmentations of the same phrase
/// (`八项规定` one word here, `八项` + `规定` there) without outweighing whole words.
const BIGRAM_WEIGHT: f64 = 0.5;
/// BM25 term-frequency saturation.
const K1: f64 = 1.2;
/// BM25 length normalisation: low, because a local report item that carries out several
/// central tasks in one sentence is long by nature and should not lose much for it.
const B: f64 = 0.3;

/// The least ideal score a query is divided by, in weighted terms of the rarest IDF: a
/// query of one or two terms (`巩固`, `专项报告`) that a document happens to share does not
/// make a full match. 3.75 is about two uncommon words of two chars with their bigrams.
const FLOOR_TERMS: f64 = 3.75;

/// Words dropped before comparing: one a line, `#` starts a comment, blank lines ignored.
#[derive(Debug, Clone, Default)]
pub struct StopList {
    words: HashSet<String>,
}

impl StopList {
    /// Parses a stop list.
    pub fn parse(text: &str) -> Self {
        let words = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        StopList { words }
    }

    /// The embedded default list ([`DEFAULT_STOPWORDS`]).
    pub fn defaults() -> Self {
        Self::parse(DEFAULT_STOPWORDS)
    }

    /// Whether `word` is on the list.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// How many words the list holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Groups of policy terms that name the same thing: each variant is rewritten to its group's
/// canonical (first) term. One group a line, terms separated by spaces, `#` starts a comment.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// The canonical term of each pattern of `automaton` (variants and canonical terms).
    canonical: Vec<String>,
    automaton: Option<AhoCorasick>,
    groups: usize,
}

impl Synonyms {
    /// Parses a synonym list. A term in two groups, or a group of one term, is an error that
    /// names the line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let (mut variants, mut canonical) = (Vec::new(), Vec::new());
        let mut groups = 0;
        for (n, line) in text.lines().enumerate() {
            let terms: Vec<&str> = line
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            let Some((&head, rest)) = terms.split_first() else {
                continue;
            };
            if rest.is_empty() {
                return Err(format!("line {}: a group needs two terms or more", n + 1));
            }
            for term in &terms {
                if let Some(first) = seen.insert(term.to_string(), n + 1) {
                    return Err(format!(
                        "line {}: `{term}` is already in the group of line {first}",
                        n + 1
                    ));
                }
            }
            groups += 1;
            // the canonical term is a pattern too, rewritten to itself: leftmost-longest then
            // keeps a variant inside it (`检查考核` in `督查检查考核`) from being rewritten
            for v in &terms {
                variants.push(v.to_string());
                canonical.push(head.to_string());
            }
        }
        let automaton = if variants.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&variants)
                    .map_err(|e| format!("cannot build the matcher: {e}"))?,
            )
        };
        Ok(Synonyms {
            canonical,
            automaton,
            groups,
        })
    }

    /// The embedded default list ([`DEFAULT_SYNONYMS`]).
    pub fn defaults() -> Self {
        // a constant of the binary, not input: a unit test checks that it parses
        Self::parse(DEFAULT_SYNONYMS).expect("rules/compare/synonyms.txt parses")
    }

    /// How many groups the list holds.
    pub fn len(&self) -> usize {
        self.groups
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.groups == 0
    }

    /// `text` with every variant rewritten to its canonical term (longest variant first).
    pub(crate) fn normalise<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let Some(ac) = &self.automaton else {
            return Cow::Borrowed(text);
        };
        let mut out = String::new();
        let mut last = 0;
        let mut changed = false;
        for m in ac.find_iter(text) {
            let Some(canonical) = self.canonical.get(m.pattern().as_usize()) else {
                continue;
            };
            let found = text.get(m.start()..m.end()).unwrap_or("");
            changed |= found != canonical;
            out.push_str(text.get(last..m.start()).unwrap_or(""));
            out.push_str(canonical);
            last = m.end();
        }
        if !changed {
            return Cow::Borrowed(text);
        }
        out.push_str(text.get(last..).unwrap_or(""));
        Cow::Owned(out)
    }

    /// The canonical terms in a normalised text, one per occurrence.
    pub(crate) fn canonical_terms<'s>(&'s self, normalised: &str) -> Vec<&'s str> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        ac.find_iter(normalised)
            .filter_map(|m| self.canonical.get(m.pattern().as_usize()))
            .map(String::as_str)
            .collect()
    }
}

/// The word lists an alignment uses: the stop list and the synonyms.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Words dropped before scoring.
    pub stop: StopList,
    /// Variants rewritten before segmenting.
    pub synonyms: Synonyms,
}

impl Lexicon {
    /// The embedded default lists.
    pub fn defaults() -> Self {
        Lexicon {
            stop: StopList::defaults(),
            synonyms: Synonyms::defaults(),
        }
    }
}

/// A piece of this many chars or fewer is not scored as a clause of its own.
const MIN_CLAUSE_CHARS: usize = 6;

/// The clauses of a text: split at `，；：。！？` (and their ASCII forms), a piece of
/// `MIN_CLAUSE_CHARS` chars or fewer joined to the next (the last one to the one before).
/// Empty when the text is one clause.
pub fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(
            c,
            '，' | '；' | '：' | '。' | '！' | '？' | ',' | ';' | ':' | '!' | '?'
        ) {
            let end = i + c.len_utf8();
            let piece = text.get(start..end).unwrap_or("");
            if piece.chars().count() > MIN_CLAUSE_CHARS {
                out.push(piece);
                start = end;
            }
        }
    }
    let rest = text.get(start..).unwrap_or("");
    if rest.chars().count() > MIN_CLAUSE_CHARS || out.is_empty() {
        out.push(rest);
    } else if let Some(last) = out.pop() {
        // a short tail belongs to the clause before it
        let from = text.len().saturating_sub(last.len() + rest.len());
        out.push(text.get(from..).unwrap_or(last));
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// What an item is scored as: its whole text first, then its clauses and the heading it
/// stands under (each as its own bag of terms).
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// The whole text's terms: these make the index's document frequencies.
    pub whole: Terms,
    /// Clauses and heading.
    pub parts: Vec<Terms>,
}

impl Units {
    /// The units of an item's `text` (its clauses too when `split`) and, when given, its
    /// `heading`; all normalised. Only local items are split: a short clause of a long
    /// central item (`推进三大攻坚战`) would match any local text that mentions it in passing.
    pub fn of(
        text: &str,
        heading: Option<&str>,
        split: bool,
        seg: &Segmenter,
        lex: &Lexicon,
    ) -> Self {
        let text = lex.synonyms.normalise(text);
        let whole = Terms::of_normalised(&text, seg, lex);
        let pieces = if split { clauses(&text) } else { Vec::new() };
        let mut parts: Vec<Terms> = pieces
            .into_iter()
            .map(|c| Terms::of_normalised(c, seg, lex))
            .collect();
        if let Some(h) = heading {
            parts.push(Terms::of_normalised(&lex.synonyms.normalise(h), seg, lex));
        }
        parts.retain(|t| !t.is_empty());
        Units { whole, parts }
    }

    fn all(&self) -> impl Iterator<Item = &Terms> {
        std::iter::once(&self.whole).chain(&self.parts)
    }
}

/// A term of an item: a whole jieba word, or two adjacent chars of a run of content words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// A word of two chars or more, not on the stop list.
    Word(String),
    /// Two adjacent CJK chars inside a run of words none of which is on the stop list.
    Bigram(String),
}

impl Term {
    fn weight(&self) -> f64 {
        match self {
            Term::Word(_) => WORD_WEIGHT,
            Term::Bigram(_) => BIGRAM_WEIGHT,
        }
    }
}

/// The terms of one item with their counts, and its length (the weighted count of its terms).
#[derive(Debug, Clone, Default)]
pub struct Terms {
    counts: HashMap<Term, u32>,
    len: f64,
}

impl Terms {
    /// Segments `text` and collects its terms. A stop word, punctuation or a word with a digit
    /// ends a run of content words; bigrams never cross a run's end.
    pub fn of(text: &str, seg: &Segmenter, stop: &StopList) -> Self {
        let mut terms = Terms::default();
        let mut run: Vec<char> = Vec::new();
        for word in seg.words(text) {
            let content = !stop.contains(word)
                && word
                    .chars()
                    .any(|c| crate::text::is_han(c) || c.is_alphabetic())
                && !word
                    .chars()
                    .any(|c| c.is_numeric() && !crate::text::is_han(c));
            if !content {
                terms.add_bigrams(&run);
                run.clear();
                continue;
            }
            if word.chars().count() >= 2 {
                terms.add(Term::Word(word.to_string()));
            }
            for c in word.chars() {
                if crate::text::is_han(c) {
                    run.push(c);
                } else {
                    terms.add_bigrams(&run);
                    run.clear();
                }
            }
        }
        terms.add_bigrams(&run);
        terms
    }

    /// [`Terms::of`] a text already normalised by `lex.synonyms`, plus each canonical term in
    /// it as a whole word where jieba did not give that word.
    fn of_normalised(text: &str, seg: &Segmenter, lex: &Lexicon) -> Self {
        let mut terms = Terms::of(text, seg, &lex.stop);
        for c in lex.synonyms.canonical_terms(text) {
            let word = Term::Word(c.to_string());
            if !terms.counts.contains_key(&word) {
                terms.add(word);
            }
        }
        terms
    }

    fn add(&mut self, term: Term) {
        self.len += term.weight();
        *self.counts.entry(term).or_insert(0) += 1;
    }

    fn add_bigrams(&mut self, run: &[char]) {
        for pair in run.windows(2) {
            self.add(Term::Bigram(pair.iter().collect()));
        }
    }

    /// Whether the item has no term at all (only boilerplate).
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The distinct terms.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.counts.keys()
    }
}

/// Document frequencies and average lengths over the items of one comparison.
#[derive(Debug, Clone)]
pub struct Index {
    idf: HashMap<Term, f64>,
    /// [`FLOOR_TERMS`] times the IDF of a term seen once.
    floor: f64,
    avg_len_central: f64,
    avg_len_local: f64,
}

impl Index {
    /// Builds the index over the central and the local items (all plans pooled): the IDF is
    /// the same for both sides, the average length is each side's own.
    pub fn new(central: &[Terms], local: &[Terms]) -> Self {
        let mut df: HashMap<&Term, usize> = HashMap::new();
        for t in central.iter().chain(local) {
            for term in t.terms() {
                *df.entry(term).or_insert(0) += 1;
            }
        }
        let n = (central.len() + local.len()) as f64;
        let idf_of = |df: f64| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let idf = df
            .into_iter()
            .map(|(term, df)| (term.clone(), idf_of(df as f64)))
            .collect();
        let avg = |items: &[Terms]| {
            if items.is_empty() {
                1.0
            } else {
                (items.iter().map(|t| t.len).sum::<f64>() / items.len() as f64).max(1.0)
            }
        };
        Index {
            idf,
            floor: FLOOR_TERMS * idf_of(1.0),
            avg_len_central: avg(central),
            avg_len_local: avg(local),
        }
    }

    /// BM25 of `query` against `doc`, divided by the query's ideal score (at least
    /// `floor`) and capped at 1.
    fn directed(&self, query: &Terms, doc: &Terms, avg_len: f64) -> f64 {
        let norm = K1 * (1.0 - B + B * doc.len / avg_len);
        let (mut got, mut ideal) = (0.0, 0.0);
        for term in query.terms() {
            let w = term.weight() * self.idf.get(term).copied().unwrap_or(0.0);
            ideal += w;
            if let Some(&tf) = doc.counts.get(term) {
                let tf = f64::from(tf);
                got += w * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        if ideal <= 0.0 {
            0.0
        } else {
            (got / ideal.max(self.floor)).min(1.0)
        }
    }

    /// The similarity of a central and a local item in `[0, 1]`: the larger of the two
    /// directed scores.
    pub fn similarity(&self, central: &Terms, local: &Terms) -> f64 {
        let down = self.directed(central, local, self.avg_len_local);
        let up = self.directed(local, central, self.avg_len_central);
        down.max(up)
    }

    /// The similarity of two items scored as units: the best over every pair of a central
    /// unit and a local one.
    pub(crate) fn similarity_units(&self, central: &Units, local: &Units) -> f64 {
        central
            .all()
            .flat_map(|c| local.all().map(move |l| (c, l)))
            .map(|(c, l)| self.similarity(c, l))
            .fold(0.0, f64::max)
    }
}

/// How firmly a deadline of this kind binds: its `firmness` in the rules' deadline kinds
/// (`rules/deadlines.toml`; by default none and `since` 0 < `occasion`, `ongoing` 1 <
/// `periodic` 2 < `phased` 3 < `unstated-limit` 4 < `duration` 5 < `date` 6 <
/// `immediate` 7). A kind the rules do not declare (from records made with other rules)
/// binds nothing.
pub(crate) fn firmness_of_kind(rules: &RuleSet, kind: &str) -> u8 {
    rules.firmness(kind)
}

/// The firmest of an item's deadline kinds, as the kind's name (`none` without any).
pub(crate) fn firmest<'a>(rules: &RuleSet, kinds: impl IntoIterator<Item = &'a str>) -> &'a str {
    kinds
        .into_iter()
        .filter(|k| firmness_of_kind(rules, k) > 0)
        .max_by_key(|k| firmness_of_kind(rules, k))
        .unwrap_or("none")
}

/// How the local item's deadline compares with the central one's: `firmer`, `looser` or `same`.
pub fn compare_firmness(rules: &RuleSet, central: &str, local: &str) -> &'static str {
    match firmness_of_kind(rules, local).cmp(&firmness_of_kind(rules, central)) {
        std::cmp::Ordering::Greater => "firmer",
        std::cmp::Ordering::Less => "looser",
        std::cmp::Ordering::Equal => "same",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn seg() -> Segmenter {
        Segmenter::new(&RuleSet::defaults().unwrap().dictionaries).unwrap()
    }

    #[test]
    fn stop_list_parses_comments_and_blanks() {
        let s = StopList::parse("# head\n要\n\n 认真 # trailing\n");
        assert_eq!(s.len(), 2);
        assert!(s.contains("要") && s.contains("认真"));
        assert!(!s.contains("#"));
        assert!(StopList::defaults().contains("进一步"));
    }

    #[test]
    fn boilerplate_gives_no_terms() {
        let t = Terms::of(
            "要认真抓好，切实进一步加强！",
            &seg(),
            &StopList::defaults(),
        );
        assert!(t.is_empty(), "{:?}", t.counts);
    }

    #[test]
    fn digits_and_stop_words_end_a_run() {
        let t = Terms::of(
            "查处违反中央八项规定精神问题91件",
            &seg(),
            &StopList::defaults(),
        );
        assert!(t.counts.contains_key(&Term::Bigram("八项".into())));
        assert!(!t
            .counts
            .keys()
            .any(|k| matches!(k, Term::Bigram(b) if b.contains('问'))));
        assert!(!t
            .counts
            .keys()
            .any(|k| matches!(k, Term::Word(w) if w.contains('9'))));
    }

    #[test]
    fn headline_meets_its_report_and_not_an_unrelated_one() {
        let (seg, stop) = (seg(), StopList::defaults());
        let central = [
            Terms::of("整治违反中央八项规定精神的突出问题。", &seg, &stop),
            Terms::of("整治基层党组织软弱涣散的问题。", &seg, &stop),
        ];
        let local = [
            Terms::of(
                "今年6月以来，全市共查处不作为不担当问题166起，查处违反中央八项规定精神问题91件、处理108人。",
                &seg,
                &stop,
            ),
            Terms::of("开展水利执法专项整治，现场制止违法行为1.33万件。", &seg, &stop),
        ];
        let index = Index::new(&central, &local);
        let hit = index.similarity(&central[0], &local[0]);
        let miss = index.similarity(&central[0], &local[1]);
        let other = index.similarity(&central[1], &local[0]);
        assert!(hit > 0.5, "{hit}");
        assert!(miss < 0.1, "{miss}");
        assert!(other < 0.1, "{other}");
        assert!((0.0..=1.0).contains(&hit));
    }

    #[test]
    fn empty_items_score_zero() {
        let (seg, stop) = (seg(), StopList::defaults());
        let empty = Terms::of("要认真抓好。", &seg, &stop);
        let full = Terms::of("整治软弱涣散基层党组织", &seg, &stop);
        let index = Index::new(std::slice::from_ref(&empty), std::slice::from_ref(&full));
        assert_eq!(index.similarity(&empty, &full), 0.0);
    }

    #[test]
    fn synonyms_rewrite_variants_longest_first() {
        let syn = Synonyms::parse("# c\n保护伞 官伞 警伞\n八项规定 中央八项规定精神\n").unwrap();
        assert_eq!(syn.len(), 2);
        assert_eq!(syn.normalise("查出“官伞”“警伞”"), "查出“保护伞”“保护伞”");
        assert_eq!(
            syn.normalise("违反中央八项规定精神问题"),
            "违反八项规定问题"
        );
        assert!(matches!(syn.normalise("无关"), Cow::Borrowed(_)));
        assert!(matches!(syn.normalise("充当保护伞"), Cow::Borrowed(_)));
        let syn = Synonyms::parse("督查检查考核 检查考核\n").unwrap();
        assert_eq!(
            syn.normalise("规范督查检查考核和检查考核"),
            "规范督查检查考核和督查检查考核"
        );
        assert_eq!(syn.canonical_terms("督查检查考核，督查检查考核").len(), 2);
        assert!(Synonyms::parse("甲 乙\n丙 乙\n")
            .unwrap_err()
            .contains("line 2"));
        assert!(Synonyms::parse("甲\n").unwrap_err().contains("line 1"));
        let defaults = Synonyms::parse(DEFAULT_SYNONYMS).unwrap();
        assert!(defaults.len() >= 15);
    }

    #[test]
    fn clauses_split_long_sentences_only() {
        assert!(clauses("整治违反中央八项规定精神的突出问题。").is_empty());
        let c = clauses("全市共查处不作为不担当问题166起、问责216人，查处违反中央八项规定精神问题91件、处理108人。");
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c[1].starts_with("查处违反"));
        // a short tail joins the clause before it
        let c = clauses("对全县供水工程开展排查，分类处置。");
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(clauses("").len(), 0);
    }

    #[test]
    fn a_clause_meets_a_headline_a_long_sentence_would_dilute() {
        let lex = Lexicon::defaults();
        let seg = seg();
        let central = Units::of(
            "整治对黄赌毒和黑恶势力听之任之甚至充当保护伞的问题。",
            None,
            false,
            &seg,
            &lex,
        );
        let local = Units::of(
            "今年上半年共查出“官伞”“警伞”125件225人，村（社区）全面实行星级管理，对倒排10%的“无星”村（社区）集中进行整顿。",
            None,
            true,
            &seg,
            &lex,
        );
        let index = Index::new(
            std::slice::from_ref(&central.whole),
            std::slice::from_ref(&local.whole),
        );
        let whole = index.similarity(&central.whole, &local.whole);
        let best = index.similarity_units(&central, &local);
        assert!(best > whole, "{best} {whole}");
    }

    #[test]
    fn firmness_orders_the_kinds() {
        let rules = RuleSet::defaults().unwrap();
        assert_eq!(compare_firmness(&rules, "occasion", "date"), "firmer");
        assert_eq!(compare_firmness(&rules, "immediate", "periodic"), "looser");
        assert_eq!(compare_firmness(&rules, "none", "since"), "same");
        assert_eq!(firmest(&rules, ["ongoing", "date", "phased"]), "date");
        assert_eq!(firmest(&rules, ["since"]), "none");
        assert_eq!(firmest(&rules, []), "none");
        assert_eq!(firmest(&rules, ["undeclared-kind", "ongoing"]), "ongoing");
    }
}
