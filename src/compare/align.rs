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

use crate::segment::Segmenter;
use std::collections::{HashMap, HashSet};

/// The default stop list: policy boilerplate that names no subject (`rules/compare/stopwords.txt`).
pub const DEFAULT_STOPWORDS: &str = include_str!("../../rules/compare/stopwords.txt");

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

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

impl Terms {
    /// Segments `text` and collects its terms. A stop word, punctuation or a word with a digit
    /// ends a run of content words; bigrams never cross a run's end.
    pub fn of(text: &str, seg: &Segmenter, stop: &StopList) -> Self {
        let mut terms = Terms::default();
        let mut run: Vec<char> = Vec::new();
        for word in seg.words(text) {
            let content = !stop.contains(word)
                && word.chars().any(|c| is_cjk(c) || c.is_alphabetic())
                && !word.chars().any(|c| c.is_numeric() && !is_cjk(c));
            if !content {
                terms.add_bigrams(&run);
                run.clear();
                continue;
            }
            if word.chars().count() >= 2 {
                terms.add(Term::Word(word.to_string()));
            }
            for c in word.chars() {
                if is_cjk(c) {
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
}

/// How firm a deadline kind is, from none to immediate. The order, documented in
/// `docs/COMPARE.md`: none and `since` (a report's running period binds nothing) 0 <
/// `occasion`, `ongoing` (适时, 长期) 1 < `periodic` 2 < `phased` 3 < `unstated-limit` 4 <
/// `duration` 5 < `date` 6 < `immediate` 7. Unknown kinds count as none.
pub fn firmness_of_kind(kind: &str) -> u8 {
    match kind {
        "occasion" | "ongoing" => 1,
        "periodic" => 2,
        "phased" => 3,
        "unstated-limit" => 4,
        "duration" => 5,
        "date" => 6,
        "immediate" => 7,
        _ => 0,
    }
}

/// The firmest of an item's deadline kinds, as the kind's name (`none` without any).
pub fn firmest<'a>(kinds: impl IntoIterator<Item = &'a str>) -> &'a str {
    kinds
        .into_iter()
        .filter(|k| firmness_of_kind(k) > 0)
        .max_by_key(|k| firmness_of_kind(k))
        .unwrap_or("none")
}

/// How the local item's deadline compares with the central one's: `firmer`, `looser` or `same`.
pub fn compare_firmness(central: &str, local: &str) -> &'static str {
    match firmness_of_kind(local).cmp(&firmness_of_kind(central)) {
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
    fn firmness_orders_the_kinds() {
        assert_eq!(compare_firmness("occasion", "date"), "firmer");
        assert_eq!(compare_firmness("immediate", "periodic"), "looser");
        assert_eq!(compare_firmness("none", "since"), "same");
        assert_eq!(firmest(["ongoing", "date", "phased"]), "date");
        assert_eq!(firmest(["since"]), "none");
        assert_eq!(firmest([]), "none");
    }
}
