//! Segment: jieba-rs with the policy user dictionary.
//!
//! Takes a unit's text, gives its word boundaries as byte offsets (sorted, starting with 0
//! and ending with the text's length) so that rules marked `token = true` only fire on
//! whole words (`要` the modal, not the `要` of `重要`). The segmenter is built once from the
//! rule set's dictionaries and shared by all threads.
//!
//! jieba's default dictionary with the embedded rules' dictionary loaded is prebuilt by
//! `build.rs` and embedded: a segmenter whose dictionaries begin with the embedded one reads
//! its tables in place (start-up no longer parses 349 046 lines and builds a trie), and loads
//! only the dictionaries after it; any other list of dictionaries is loaded from the text.

use crate::error::{Error, Result};
use crate::rules::DEFAULT_DICT;
use jieba_rs::Jieba;
use std::io::BufReader;

/// Bytes aligned as [`Jieba::from_prebuilt`] needs them.
#[repr(C, align(16))]
struct Aligned<T: ?Sized>(T);

const _: () = assert!(std::mem::align_of::<Aligned<[u8; 0]>>() >= jieba_rs::PREBUILT_ALIGN);

/// jieba's default dictionary with [`DEFAULT_DICT`] loaded on top, as `build.rs` wrote it
/// ([`Jieba::to_prebuilt`]).
static PREBUILT: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(
    env!("OUT_DIR"),
    "/jieba-prebuilt.bin"
)));

/// The prebuilt dictionary; `None` where this machine cannot read what the build script's
/// wrote (another byte order or word size, when cross-compiling).
fn prebuilt() -> Option<Jieba> {
    Jieba::from_prebuilt(&PREBUILT.0).ok()
}

pub use crate::words::{PosTag, Segmented, Word};

/// A jieba segmenter with the user dictionaries loaded.
pub struct Segmenter {
    jieba: Jieba,
    /// The tags the user dictionaries give that could not be written into jieba's own
    /// table (none: every word of a dictionary loaded is jieba's): jieba-rs keeps its own
    /// tag for a word it already has (各级党委 stays `l`), so the segmenter gives each word
    /// of the dictionaries its tag in jieba's table once, and looks up here only the others.
    tags: rustc_hash::FxHashMap<String, PosTag>,
    /// The lengths in bytes of the words of `tags`, a bit each (a length past 63 sets bit
    /// 63): a word of a length no tagged word has is not looked up.
    tag_lengths: u64,
    /// Each of jieba's tags read ([`PosTag::new`]), by its number ([`Jieba::tag_names`]):
    /// a tag is read once, not once a word.
    tag_of: Vec<PosTag>,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Segmenter {
    /// jieba's default dictionary plus the given user dictionaries: (file name, content),
    /// loaded in order. When the first is the embedded [`DEFAULT_DICT`] (as with the default
    /// rules) the two come prebuilt.
    pub fn new(dictionaries: &[(String, String)]) -> Result<Self> {
        if let Some(((file, text), rest)) = dictionaries.split_first() {
            if (file.as_str(), text.as_str()) == DEFAULT_DICT {
                if let Some(jieba) = prebuilt() {
                    return Self::build(jieba, rest, dictionaries);
                }
            }
        }
        Self::build(Jieba::new(), dictionaries, dictionaries)
    }

    /// The segmenter over `jieba` once the dictionaries `load` are loaded into it; the tags
    /// of all `dictionaries` (those already in `jieba` too) win over jieba's own.
    fn build(
        mut jieba: Jieba,
        load: &[(String, String)],
        dictionaries: &[(String, String)],
    ) -> Result<Self> {
        for (file, text) in load {
            let mut reader = BufReader::new(text.as_bytes());
            jieba
                .load_dict(&mut reader)
                .map_err(|e| Error::Dictionary {
                    file: file.clone(),
                    message: e.to_string(),
                })?;
        }
        // `word freq tag`: the tag, where given, is ours to apply (the last given a word)
        let mut given: rustc_hash::FxHashMap<&str, &str> = rustc_hash::FxHashMap::default();
        for (_, text) in dictionaries {
            for line in text.lines() {
                let mut fields = line.split_whitespace();
                if let (Some(word), Some(_), Some(tag)) =
                    (fields.next(), fields.next(), fields.next())
                {
                    given.insert(word, tag);
                }
            }
        }
        // written into jieba's table, each word's tag is read with the word (a token whose
        // text is a dictionary word has its tag from the table): no lookup a word
        let mut tags = rustc_hash::FxHashMap::default();
        for (word, tag) in given {
            if !jieba.set_tag(word, tag) {
                tags.insert(word.to_string(), PosTag::new(tag));
            }
        }
        let tag_lengths = (tags.keys()).fold(0, |m, w| m | length_bit(w));
        let tag_of = (jieba.tag_names().iter()).map(|t| PosTag::new(t)).collect();
        Ok(Segmenter {
            jieba,
            tags,
            tag_lengths,
            tag_of,
        })
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
        // without HMM: new-word guessing glues a modal onto an unknown name (县民政局要 →
        // 局要), hiding the boundaries the rules align with
        let tagged = self.jieba.tag_numbered(text, false);
        // exactly as long as needed: a document's units keep their words until its end
        let mut bounds = Vec::with_capacity(tagged.len() + 1);
        let mut words = Vec::with_capacity(tagged.len());
        bounds.push(0);
        let mut at = 0;
        for (t, number) in tagged {
            let start = at;
            at += t.word.len();
            bounds.push(at);
            let ours = (self.tag_lengths & length_bit(t.word) != 0)
                .then(|| self.tags.get(t.word))
                .flatten();
            let tag = match ours {
                Some(ours) => *ours,
                None => match number.and_then(|n| self.tag_of.get(n as usize)) {
                    Some(read) => *read,
                    None => PosTag::new(t.tag),
                },
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

/// The bit of a word's length in bytes in [`Segmenter::tag_lengths`].
fn length_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::words::Verbs;

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
                seg.segment(yes)
                    .is_nominal(yes, (0, yes.len()), &heads, Verbs::Plain),
                "{yes}"
            );
        }
        for no in [
            "专门听取贫困旗县党委",
            "是否组织党员干部",
            "深入学习领会习近平总书记",
            "紧紧围绕本地区本部门本单位中心",
        ] {
            assert!(
                !seg.segment(no)
                    .is_nominal(no, (0, no.len()), &heads, Verbs::Plain),
                "{no}"
            );
        }
        for (yes, org) in [("县行政审批局", true), ("省委督查室", true)] {
            assert_eq!(seg.segment(yes).is_org_name(0, yes.len()), org, "{yes}");
        }
        // a set phrase opens a predicate, not a name ending in 中心
        let t = "紧紧围绕本地区本部门本单位中心";
        assert!(!seg.segment(t).is_org_name(0, t.len()));
    }

    /// The embedded prebuilt dictionary is what loading the text dictionaries gives: fails
    /// when `build.rs`'s output is stale against jieba-rs's `dict.txt` or `rules/dict.txt`.
    #[test]
    fn prebuilt_dictionary_is_current() {
        let mut jieba = Jieba::new();
        let mut reader = BufReader::new(DEFAULT_DICT.1.as_bytes());
        jieba.load_dict(&mut reader).unwrap();
        let fresh = jieba.to_prebuilt();
        assert!(
            fresh == PREBUILT.0,
            "the prebuilt dictionary is stale: {} bytes embedded, {} from the text; rebuild",
            PREBUILT.0.len(),
            fresh.len()
        );
        assert!(
            prebuilt().is_some(),
            "the prebuilt dictionary does not read"
        );
    }

    /// The prebuilt segmenter and one loaded from the text dictionaries agree, words and
    /// tags; a dictionary after the embedded one is loaded on top of the prebuilt tables.
    #[test]
    fn prebuilt_and_text_dictionaries_agree() {
        let default = [(DEFAULT_DICT.0.to_string(), DEFAULT_DICT.1.to_string())];
        let prebuilt = Segmenter::new(&default).unwrap();
        let text = Segmenter::build(Jieba::new(), &default, &default).unwrap();
        let sample = "中央和国家机关要带头开展立行立改，各级党委要于2019年底前完成整改。\
                      县民政局要会同财政部门，对𦡦字和ABC公司的问题逐项销号";
        let tagged = |s: &Segmenter| {
            let seg = s.segment(sample);
            let tags: Vec<String> = seg
                .words
                .iter()
                .map(|w| w.tag.as_str().to_string())
                .collect();
            (seg.bounds, tags, s.words(sample))
        };
        assert_eq!(tagged(&prebuilt), tagged(&text));

        let extra = [
            default[0].clone(),
            (
                "extra.txt".to_string(),
                "带头开展立行 1000000 nz\n".to_string(),
            ),
        ];
        let both = Segmenter::new(&extra).unwrap();
        assert!(
            both.words(sample).contains(&"带头开展立行"),
            "{:?}",
            both.words(sample)
        );
        assert!(!prebuilt.words(sample).contains(&"带头开展立行"));
        // no embedded dictionary first: jieba's own dictionary, then the given ones
        let own = Segmenter::new(&extra[1..]).unwrap();
        assert!(own.words(sample).contains(&"带头开展立行"));
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
