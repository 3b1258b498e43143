//! Segment: jieba-rs with the policy user dictionary.
//!
//! Takes a unit's text, gives its word boundaries as byte offsets (sorted, starting with 0
//! and ending with the text's length) so that rules marked `token = true` only fire on
//! whole words (`要` the modal, not the `要` of `重要`). The segmenter is built once from the
//! rule set's dictionaries and shared by all threads.

use crate::error::{Error, Result};
use jieba_rs::Jieba;
use std::io::BufReader;

/// One word of a segmented text: its byte range and part-of-speech tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// jieba's tag (`n`, `v`, `nt`, `x` …).
    pub tag: PosTag,
}

/// A part-of-speech tag of up to 6 ASCII bytes, kept inline (jieba's are 1 to 4: `n`, `nrfg`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PosTag {
    len: u8,
    bytes: [u8; 6],
}

impl PosTag {
    /// The tag; a longer or non-ASCII tag is cut to its first 6 ASCII bytes.
    pub fn new(tag: &str) -> Self {
        let mut t = PosTag::default();
        for b in tag.bytes().filter(|b| b.is_ascii()).take(6) {
            t.bytes[t.len as usize] = b;
            t.len += 1;
        }
        t
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

impl std::fmt::Debug for PosTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text's words: their boundaries (byte offsets: 0, the end of each word, … the text's
/// length) and the words with their tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    /// Word boundaries, sorted, from 0 to the text's length.
    pub bounds: Vec<usize>,
    /// The words, tiling the text.
    pub words: Vec<Word>,
}

impl Segmented {
    /// The words lying wholly inside bytes `from..to`, with offsets relative to `from`.
    pub fn slice(&self, from: usize, to: usize) -> Segmented {
        // the words are in text order: the ones inside are a run
        let first = self.words.partition_point(|w| w.start < from);
        let last = self.words.partition_point(|w| w.end <= to).max(first);
        let words: Vec<Word> = self.words[first..last]
            .iter()
            .map(|w| Word {
                start: w.start - from,
                end: w.end - from,
                tag: w.tag,
            })
            .collect();
        let mut bounds = vec![0];
        bounds.extend(words.iter().map(|w| w.end).filter(|&e| e > 0));
        if bounds.last() != Some(&(to - from)) {
            bounds.push(to - from);
        }
        Segmented { bounds, words }
    }

    /// The words of bytes `from..to` when both are word boundaries.
    pub fn span(&self, from: usize, to: usize) -> Option<&[Word]> {
        let first = self.words.binary_search_by_key(&from, |w| w.start).ok()?;
        let last = self.words.binary_search_by_key(&to, |w| w.end).ok()?;
        self.words.get(first..=last)
    }

    /// Whether bytes `from..to` are whole words that read as a noun phrase: none tagged a
    /// verb, adverb or preposition (a verbal noun passes, and so does a verb before 的:
    /// `牵头负责的常委同志`), and a set phrase or idiom only when `names` says it is a name
    /// (`各级党委/l`, not `紧紧围绕/l`). Reads the tags the text was segmented with, so it
    /// costs no second pass of the segmenter.
    pub(crate) fn is_nominal(
        &self,
        text: &str,
        from: usize,
        to: usize,
        names: &dyn Fn(&str) -> bool,
    ) -> bool {
        let Some(words) = self.span(from, to) else {
            return false;
        };
        let word = |w: &Word| text.get(w.start..w.end).unwrap_or("");
        words.iter().enumerate().all(|(i, w)| {
            let before_de = words.get(i + 1).is_some_and(|n| word(n) == "的");
            match w.tag.as_str().chars().next() {
                Some('v') => w.tag.as_str() == "vn" || before_de,
                Some('d') | Some('p') => false,
                Some('l') | Some('i') => names(word(w)),
                _ => true,
            }
        })
    }

    /// Like [`Segmented::is_nominal`] for the name of an organisation (`县行政审批局`,
    /// `省委督查室`), whose inner words may be verbs: only its first word may not be one.
    pub(crate) fn is_org_name(&self, from: usize, to: usize) -> bool {
        let Some(words) = self.span(from, to) else {
            return false;
        };
        // nor a set phrase or idiom, which opens a predicate (紧紧围绕/l …中心任务)
        let first_ok = words.first().is_some_and(|w| {
            !matches!(
                w.tag.as_str().chars().next(),
                Some('v') | Some('d') | Some('p') | Some('l') | Some('i')
            ) || w.tag.as_str() == "vn"
        });
        first_ok
            && words
                .iter()
                .all(|w| !matches!(w.tag.as_str().chars().next(), Some('d') | Some('p')))
    }

    /// The words lying wholly inside bytes `0..to`.
    pub fn prefix(&self, to: usize) -> Segmented {
        let n = self.words.partition_point(|w| w.end <= to);
        let words = self.words[..n].to_vec();
        let mut bounds = self.bounds[..self.bounds.partition_point(|&b| b <= to)].to_vec();
        if bounds.last() != Some(&to) {
            bounds.push(to);
        }
        Segmented { bounds, words }
    }
}

/// A jieba segmenter with the user dictionaries loaded.
pub struct Segmenter {
    jieba: Jieba,
    /// The tags the user dictionaries give: jieba-rs keeps its own tag for a word it
    /// already has (各级党委 stays `l`), so the segmenter applies these itself.
    tags: rustc_hash::FxHashMap<String, PosTag>,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Segmenter {
    /// jieba's default dictionary plus the given user dictionaries: (file name, content).
    pub fn new(dictionaries: &[(String, String)]) -> Result<Self> {
        Self::with_base(Self::base(), dictionaries)
    }

    /// jieba with its default dictionary only: the costliest part of start-up, which needs
    /// no rules, so that it can be built while the rules compile.
    pub fn base() -> Jieba {
        Jieba::new()
    }

    /// [`Segmenter::new`] from a [`Segmenter::base`] built beforehand.
    pub fn with_base(mut jieba: Jieba, dictionaries: &[(String, String)]) -> Result<Self> {
        let mut tags = rustc_hash::FxHashMap::default();
        for (file, text) in dictionaries {
            let mut reader = BufReader::new(text.as_bytes());
            jieba
                .load_dict(&mut reader)
                .map_err(|e| Error::Dictionary {
                    file: file.clone(),
                    message: e.to_string(),
                })?;
            // `word freq tag`: the tag, where given, is ours to apply
            for line in text.lines() {
                let mut fields = line.split_whitespace();
                if let (Some(word), Some(_), Some(tag)) =
                    (fields.next(), fields.next(), fields.next())
                {
                    tags.insert(word.to_string(), PosTag::new(tag));
                }
            }
        }
        Ok(Segmenter { jieba, tags })
    }

    /// The words of `text`, HMM on for unknown words.
    pub fn words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// The words of `text` with their tags and boundaries; dictionary words only (no HMM
    /// guessing).
    pub fn segment(&self, text: &str) -> Segmented {
        let mut bounds = Vec::with_capacity(text.len() / 3 + 2);
        let mut words = Vec::with_capacity(text.len() / 3 + 1);
        bounds.push(0);
        let mut at = 0;
        // without HMM: new-word guessing glues a modal onto an unknown name (县民政局要 →
        // 局要), hiding the boundaries the rules align with
        for t in self.jieba.tag(text, false) {
            let start = at;
            at += t.word.len();
            bounds.push(at);
            let tag = match self.tags.get(t.word) {
                Some(ours) => *ours,
                None => PosTag::new(t.tag),
            };
            words.push(Word {
                start,
                end: at,
                tag,
            });
        }
        Segmented { bounds, words }
    }

    /// Word boundaries of `text` in bytes: 0, the end of each word, … text.len(); dictionary
    /// words only (no HMM guessing).
    #[cfg(test)]
    fn boundaries(&self, text: &str) -> Vec<usize> {
        self.segment(text).bounds
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn noun_phrases() {
        let rules = RuleSet::defaults().unwrap();
        let seg = Segmenter::new(&rules.dictionaries).unwrap();
        let heads = |w: &str| w.ends_with("党委");
        for yes in [
            "各级领导班子和党员干部",
            "牵头负责的常委同志",
            "县处级以上领导班子",
            "市委主题教育办",
            "各级党委",
        ] {
            assert!(
                seg.segment(yes).is_nominal(yes, 0, yes.len(), &heads),
                "{yes}"
            );
        }
        for no in [
            "专门听取贫困旗县党委",
            "是否组织党员干部",
            "深入学习领会习近平总书记",
            "紧紧围绕本地区本部门本单位中心",
        ] {
            assert!(!seg.segment(no).is_nominal(no, 0, no.len(), &heads), "{no}");
        }
        for (yes, org) in [("县行政审批局", true), ("省委督查室", true)] {
            assert_eq!(seg.segment(yes).is_org_name(0, yes.len()), org, "{yes}");
        }
        // a set phrase opens a predicate, not a name ending in 中心
        let t = "紧紧围绕本地区本部门本单位中心";
        assert!(!seg.segment(t).is_org_name(0, t.len()));
    }

    #[test]
    fn modal_starts_a_word_and_policy_terms_stay_whole() {
        let rules = RuleSet::defaults().unwrap();
        let seg = Segmenter::new(&rules.dictionaries).unwrap();
        let t = "中央和国家机关要带头开展立行立改，这是重要举措";
        let w = seg.words(t);
        assert!(w.contains(&"中央和国家机关"), "{w:?}");
        assert!(w.contains(&"立行立改"), "{w:?}");
        assert!(w.contains(&"重要"), "{w:?}");
        let b = seg.boundaries(t);
        let modal = t.find('要').unwrap();
        assert!(b.contains(&modal), "the modal starts a word: {w:?}");
        let inner = t.rfind('要').unwrap();
        assert!(!b.contains(&inner), "the 要 of 重要 does not: {w:?}");
        // the policy dictionary's tag wins over jieba's own for a word both have
        let w = seg.segment("各级党委要落实");
        assert_eq!(w.words.first().map(|w| w.tag.as_str()), Some("nt"), "{w:?}");
        let b = seg.boundaries("整治问题");
        assert_eq!(b.first(), Some(&0));
        assert_eq!(b.last(), Some(&"整治问题".len()));
    }
}
