//! Words: a text as the segmenter cut it — each word's byte range and part-of-speech tag —
//! and what the rules and the extraction ask of them (slices, prefixes, noun phrases).
//! Plain data, made by [`crate::segment`], read by the rules' token patterns and by
//! extraction; it depends on no stage.

/// Whether a verb may qualify the noun after it in a name ([`Segmented::is_nominal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verbs {
    /// No: a verb makes the words a clause (unless it is a verbal noun or comes before 的).
    Plain,
    /// Yes, in a name that ends in a head word (登记/v 管理机关), for a subject a modal follows.
    Qualifying,
}

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
        // jieba's tags: short and ASCII, copied at once (a tag is made for every word)
        if let (true, Some(bytes)) = (tag.is_ascii(), t.bytes.get_mut(..tag.len())) {
            bytes.copy_from_slice(tag.as_bytes());
            t.len = tag.len() as u8;
            return t;
        }
        for b in tag.bytes().filter(|b| b.is_ascii()).take(6) {
            t.bytes[t.len as usize] = b;
            t.len += 1;
        }
        t
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// The tag's bytes (ASCII), without the UTF-8 check of [`PosTag::as_str`].
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
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
        // sized once: a bound a word, the start and perhaps the end
        let mut bounds = Vec::with_capacity(words.len() + 2);
        bounds.push(0);
        bounds.extend(words.iter().map(|w| w.end).filter(|&e| e > 0));
        if bounds.last() != Some(&(to - from)) {
            bounds.push(to - from);
        }
        Segmented { bounds, words }
    }

    /// The words that lie wholly within bytes `from..to`.
    pub fn words_in(&self, from: usize, to: usize) -> impl Iterator<Item = &Word> {
        let first = self.words.partition_point(|w| w.start < from);
        (self.words.get(first..).unwrap_or_default().iter()).take_while(move |w| w.end <= to)
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
    /// (`各级党委/l`, not `紧紧围绕/l`), or, in a subject a modal follows, when the head word
    /// comes right after it (`自然资源/l 部门`). Reads the tags the text was segmented with, so it
    /// costs no second pass of the segmenter.
    ///
    /// With [`Verbs::Qualifying`], a verb may also qualify the noun after it in a name that
    /// ends in a head word and names no body before it (登记/v 管理机关, 挂靠/v 单位; not
    /// 指导组 要求/v 联系单位, a clause), as may a passive 被 before such a verb with no verb
    /// before it (本轮 被/p 巡察/v 单位党组织). Only for a subject a modal follows: elsewhere a
    /// verb and a name are a clause (形成/v 部党组…).
    pub(crate) fn is_nominal(
        &self,
        text: &str,
        (from, to): (usize, usize),
        names: &dyn Fn(&str) -> bool,
        verbs: Verbs,
    ) -> bool {
        let Some(words) = self.span(from, to) else {
            return false;
        };
        let word = |w: &Word| text.get(w.start..w.end).unwrap_or("");
        let tag = |i: usize| words.get(i).map_or("", |w: &Word| w.tag.as_str());
        // a conjunction opens no name (无论班子…)
        if tag(0) == "c" {
            return false;
        }
        // what a qualifying verb needs of the whole span, read once
        let qualifying = verbs == Verbs::Qualifying && words.last().is_some_and(|l| names(word(l)));
        let (first_name, first_verbal) = if qualifying {
            let first = |f: &dyn Fn(&Word) -> bool| words.iter().position(f).unwrap_or(words.len());
            (
                first(&|w| names(word(w))),
                first(&|w| w.tag.as_str().starts_with(['v', 'p'])),
            )
        } else {
            (0, 0)
        };
        // a person's name jieba left in single characters, one of them read as a name
        // (陈/nr 岩/nr 松/v): whatever the tags of its characters
        let single = |i: usize| words.get(i).is_some_and(|w| word(w).chars().count() == 1);
        let in_name = |i: usize| {
            if !single(i) {
                return false;
            }
            let (mut a, mut b) = (i, i);
            while a > 0 && single(a - 1) {
                a -= 1;
            }
            while single(b + 1) {
                b += 1;
            }
            b > a && (a..=b).any(|k| tag(k) == "nr")
        };
        words.iter().enumerate().all(|(i, w)| {
            let next = tag(i + 1);
            if in_name(i) {
                return true;
            }
            match w.tag.as_str().chars().next() {
                Some('v') => {
                    w.tag.as_str() == "vn"
                        // related, concerned: attributes before a noun (相关/v 校领导)
                        || (matches!(word(w), "相关" | "有关") && i + 1 < words.len())
                        || words.get(i + 1).is_some_and(|n| word(n) == "的")
                        || (qualifying
                            && i <= first_name
                            && (next.starts_with('n')
                                || next == "vn"
                                // a chain of verbs qualifying the name (巡视/v 整改/v 工作)
                                || (next.starts_with('v') && i + 1 < first_name)))
                }
                // a passive 被 before a verb that qualifies (被/p 巡察/v 单位)
                Some('p') if word(w) == "被" => {
                    qualifying && i == first_verbal && next.starts_with('v')
                }
                Some('d') | Some('p') => false,
                Some('a') if w.tag.as_str() == "ad" => false,
                // a set phrase qualifies the head right after it in a subject (自然资源/l
                // 部门 要, 住房 城乡建设/l 部门 要)
                Some('l') | Some('i') => {
                    names(word(w))
                        || (qualifying && words.get(i + 1).is_some_and(|n| names(word(n))))
                }
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
        // an adverb (ad: 迅速部署) is no part of a name either
        first_ok
            && words.first().is_some_and(|w| w.tag.as_str() != "c")
            && (words.iter()).all(|w| {
                !matches!(w.tag.as_str().chars().next(), Some('d') | Some('p'))
                    && w.tag.as_str() != "ad"
            })
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

/// A [`Segmented`] packed for keeping while a document is read: each word's length and tag
/// in a `u32` (4 bytes a word instead of the 32 of a [`Word`] and its bound), else its end
/// as a `u32` and its tag (12 bytes). The words of every unit are held from the first pass
/// over a document to the second.
#[derive(Debug, Clone)]
pub enum Kept {
    /// Words that tile their text from 0, each shorter than 4 KiB with a tag of up to 4
    /// letters `a`–`z` (jieba's all are): each length and tag in one `u32`.
    Small(Box<[u32]>),
    /// Words that tile their text from 0, their ends below 4 GiB: each end and tag.
    Packed(Box<[(u32, PosTag)]>),
    /// Any other words, kept as they are (boxed: a `Kept` takes the room of the others).
    Whole(Box<Segmented>),
}

impl Segmented {
    /// The words packed for keeping; [`Kept::unpack`] gives them back equal.
    pub fn pack(self) -> Kept {
        let tiles = self.bounds.len() == self.words.len() + 1
            && self.bounds.first() == Some(&0)
            && (self.words.iter().zip(self.bounds.windows(2))).all(|(w, b)| [w.start, w.end] == b);
        let small = tiles
            .then(|| {
                self.words
                    .iter()
                    .map(small_word)
                    .collect::<Option<Box<[_]>>>()
            })
            .flatten();
        if let Some(small) = small {
            return Kept::Small(small);
        }
        let packed = tiles
            .then(|| {
                (self.words.iter())
                    .map(|w| u32::try_from(w.end).ok().map(|end| (end, w.tag)))
                    .collect::<Option<Box<[_]>>>()
            })
            .flatten();
        match packed {
            Some(packed) => Kept::Packed(packed),
            None => Kept::Whole(Box::new(self)),
        }
    }
}

impl Kept {
    /// The words as they were packed.
    pub fn unpack(self) -> Segmented {
        let packed = match self {
            Kept::Whole(words) => return *words,
            Kept::Small(small) => return unpack_small(&small),
            Kept::Packed(packed) => packed,
        };
        let mut bounds = Vec::with_capacity(packed.len() + 1);
        let mut words = Vec::with_capacity(packed.len());
        bounds.push(0);
        let mut start = 0;
        for &(end, tag) in packed.iter() {
            let end = end as usize;
            words.push(Word { start, end, tag });
            bounds.push(end);
            start = end;
        }
        Segmented { bounds, words }
    }
}

/// Bits of a small word ([`Kept::Small`]) for its tag: 4 letters of 5 bits.
const SMALL_TAG_BITS: u32 = 20;

/// A word as [`Kept::Small`] keeps it, its length above its tag's letters (`a` is 1, `z`
/// 26, the first letter lowest); `None` when it is 4 KiB or longer, or its tag is not up to
/// 4 letters `a`–`z`.
fn small_word(w: &Word) -> Option<u32> {
    let len = u32::try_from(w.end - w.start)
        .ok()
        .filter(|&l| l < 1 << (32 - SMALL_TAG_BITS))?;
    let tag = w.tag.as_bytes();
    if tag.len() > 4 {
        return None;
    }
    let mut code = 0u32;
    for (i, &b) in tag.iter().enumerate() {
        if !b.is_ascii_lowercase() {
            return None;
        }
        code |= u32::from(b - b'a' + 1) << (5 * i);
    }
    Some(len << SMALL_TAG_BITS | code)
}

/// The words of [`Kept::Small`], from 0.
fn unpack_small(small: &[u32]) -> Segmented {
    let mut bounds = Vec::with_capacity(small.len() + 1);
    let mut words = Vec::with_capacity(small.len());
    bounds.push(0);
    let mut start = 0;
    for &w in small {
        let end = start + (w >> SMALL_TAG_BITS) as usize;
        let mut tag = PosTag::default();
        for i in 0..4 {
            let letter = (w >> (5 * i)) & 31;
            if letter == 0 {
                break;
            }
            tag.bytes[i] = b'a' + letter as u8 - 1;
            tag.len += 1;
        }
        words.push(Word { start, end, tag });
        bounds.push(end);
        start = end;
    }
    Segmented { bounds, words }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(start: usize, end: usize, tag: &str) -> Word {
        let tag = PosTag::new(tag);
        Word { start, end, tag }
    }

    #[test]
    fn a_tag_keeps_its_first_six_ascii_bytes() {
        for (tag, kept) in [
            ("", ""),
            ("n", "n"),
            ("nrfg", "nrfg"),
            ("abcdef", "abcdef"),
            ("abcdefg", "abcdef"),
            ("n名v", "nv"),
            ("名词", ""),
        ] {
            assert_eq!(PosTag::new(tag).as_str(), kept, "{tag}");
            assert_eq!(PosTag::new(tag), PosTag::new(kept), "{tag}");
        }
    }

    #[test]
    fn packed_words_unpack_equal() {
        let tiled = Segmented {
            bounds: vec![0, 6, 9, 15],
            words: vec![word(0, 6, "n"), word(6, 9, "v"), word(9, 15, "nrfg")],
        };
        assert!(matches!(tiled.clone().pack(), Kept::Small(_)));
        assert_eq!(tiled.clone().pack().unpack(), tiled);
        // a tag that is not up to 4 letters a-z, or a word of 4 KiB: 12 bytes a word
        for odd in [
            word(9, 15, "nrfgx"),
            word(9, 15, "N"),
            word(9, 15, "x1"),
            word(9, 4200, "n"),
        ] {
            let mut t = tiled.clone();
            t.bounds[3] = odd.end;
            t.words[2] = odd;
            assert!(matches!(t.clone().pack(), Kept::Packed(_)));
            assert_eq!(t.clone().pack().unpack(), t);
        }
        let tagless = Segmented {
            bounds: vec![0, 3],
            words: vec![word(0, 3, "")],
        };
        assert_eq!(tagless.clone().pack().unpack(), tagless);
        assert_eq!(Segmented::default().pack().unpack(), Segmented::default());
        let empty = Segmented {
            bounds: vec![0],
            words: Vec::new(),
        };
        assert_eq!(empty.clone().pack().unpack(), empty);
        // words that do not tile (a slice starting inside a word) are kept whole
        let gap = Segmented {
            bounds: vec![0, 3, 9],
            words: vec![word(3, 9, "n")],
        };
        assert!(matches!(gap.clone().pack(), Kept::Whole(_)));
        assert_eq!(gap.clone().pack().unpack(), gap);
    }
}
