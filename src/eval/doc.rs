//! A corpus document as the reference scorer reads it, and where a quote lies in it.
//!
//! **Takes** a document's bytes; **gives** a [`FoldedDoc`]: its text decoded, cleaned
//! ([`clean`]: `<script>`/`<style>` blocks and tags become line breaks, character
//! references are decoded, twice over, for pages stored escaped) and folded (`fold`:
//! NFKC, no white space, no quote marks, lower case). Quotes and task texts are folded
//! the same way and located in it ([`FoldedDoc::locate`]).
//!
//! Nothing here is the extractor's reading (no page furniture, no units): the gold is
//! made against this view, blind to the extractor. Positions are char offsets of the
//! folded text, end exclusive.

use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::Decoding;

/// The quote marks that `fold` drops.
const QUOTES: &str = "“”\"'‘’「」『』《》〈〉";

/// Punctuation that [`FoldedDoc::locate`] tolerates at either end of a quote.
const END_PUNCT: &str = "。！？；，、,.;!?:：";

/// `[start, end)` in chars of the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    fn len(self) -> usize {
        self.end - self.start
    }

    /// How many chars the two spans share.
    pub(crate) fn overlap(self, other: Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }

    /// The two spans share at least half of the shorter one.
    pub(crate) fn matches(self, other: Span) -> bool {
        self.overlap(other) * 2 >= self.len().min(other.len())
    }
}

/// A document cleaned and folded, ready for locating quotes.
pub(crate) struct FoldedDoc {
    text: String,
    /// The byte offset of every char of `text`, for turning a byte position into a char one.
    char_starts: Vec<usize>,
}

impl FoldedDoc {
    /// Decodes, cleans and folds a document's bytes.
    pub(crate) fn read(bytes: &[u8], decoding: Decoding) -> FoldedDoc {
        let raw = match decoding {
            Decoding::ScorePy => decode(bytes),
            Decoding::Detect => crate::decode::decode(bytes, None)
                .map(|d| d.text)
                .unwrap_or_else(|_| decode(bytes)),
        };
        FoldedDoc::new(fold(&clean(&raw)))
    }

    fn new(text: String) -> FoldedDoc {
        let char_starts = text.char_indices().map(|(i, _)| i).collect();
        FoldedDoc { text, char_starts }
    }

    /// Where `quote` lies: folded, its first occurrence starting at char `hint` or later,
    /// else its first anywhere; failing both, the same without the punctuation at its
    /// ends ([`END_PUNCT`]). `None` when it is not found or folds to fewer than two chars.
    pub(crate) fn locate(&self, quote: &str, hint: usize) -> Option<Span> {
        let folded = fold(quote);
        if folded.chars().count() < 2 {
            return None;
        }
        if let Some(span) = self.find(&folded, hint) {
            return Some(span);
        }
        let core = folded.trim_matches(|c| END_PUNCT.contains(c));
        if core.chars().count() < 2 {
            return None;
        }
        self.find(core, hint)
    }

    /// `needle` at or after char `hint`, else anywhere.
    fn find(&self, needle: &str, hint: usize) -> Option<Span> {
        let from_hint = self
            .char_starts
            .get(hint)
            .and_then(|&b| Some(b + self.text.get(b..)?.find(needle)?));
        let byte = from_hint.or_else(|| self.text.find(needle))?;
        let start = self.char_starts.partition_point(|&b| b < byte);
        Some(Span {
            start,
            end: start + needle.chars().count(),
        })
    }
}

/// A document's bytes as text: UTF-8 (a BOM dropped), else GB18030, else Big5, else UTF-8
/// with U+FFFD for bad bytes. Big5 is never reached in practice: its byte strings are
/// well-formed GB18030 too.
pub(crate) fn decode(bytes: &[u8]) -> String {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return s.to_owned();
    }
    for encoding in [encoding_rs::GB18030, encoding_rs::BIG5] {
        if let Some(s) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            return s.into_owned();
        }
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// Markup removed: twice over, `<script>`/`<style>` blocks (any case, to the first
/// closing tag of the same name) and then every tag become a line break, and character
/// references are decoded (with the clean stage's table).
pub(crate) fn clean(raw: &str) -> String {
    static SCRIPT_STYLE: OnceLock<Regex> = OnceLock::new();
    static TAG: OnceLock<Regex> = OnceLock::new();
    let script_style = SCRIPT_STYLE.get_or_init(|| {
        Regex::new(r"(?is)<(?:script\b.*?</script|style\b.*?</style)\s*>")
            .expect("a constant pattern")
    });
    let tag = TAG.get_or_init(|| Regex::new(r"<[^>]+>").expect("a constant pattern"));
    let mut text = raw.to_owned();
    for _ in 0..2 {
        let stripped = script_style.replace_all(&text, "\n");
        let stripped = tag.replace_all(&stripped, "\n");
        text = crate::clean::decode_references(&stripped).into_owned();
    }
    text
}

/// A text folded for comparison: NFKC (full width to half width, ① to 1), white space and
/// [`QUOTES`] dropped, lower case.
pub(crate) fn fold(s: &str) -> String {
    let kept: String = s
        .nfkc()
        .filter(|&c| !c.is_whitespace() && !QUOTES.contains(c))
        .collect();
    kept.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_is_nfkc_without_space_or_quotes_lowered() {
        assert_eq!(fold("  “Ａｂ，Ｃ”\u{3000}\t中\n央 "), "ab,c中央");
        assert_eq!(fold("「整改」《通知》〈一〉'x'\"y\""), "整改通知一xy");
        assert_eq!(fold("ﬁ①㈱"), "fi1(株)");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn clean_strips_scripts_tags_and_decodes_twice() {
        assert_eq!(clean("a&amp;ldquo;b&amp;rdquo;"), "a“b”");
        assert_eq!(clean("&amp;amp;lt;"), "&lt;");
        assert_eq!(clean("<p>整改</p>"), "\n整改\n");
        assert_eq!(clean("x<script>var a = '<p>';</script >y"), "x\ny");
        assert_eq!(clean("x<STYLE type=t>p{}</style\n>y"), "x\ny");
        assert_eq!(clean("<scripts>x</scripts>"), "\nx\n");
        assert_eq!(clean("<<a>b<>c < d"), "\nb<>c < d");
        // an escaped tag is decoded in round one and stripped in round two
        assert_eq!(clean("&lt;b&gt;要&lt;/b&gt;"), "\n要\n");
    }

    #[test]
    fn decode_tries_utf8_then_gb18030() {
        assert_eq!(decode(b"\xEF\xBB\xBF\xE4\xB8\xAD"), "中");
        assert_eq!(decode(b"\xD6\xD0\xB9\xFA"), "中国");
        // Big5 for 中國 reads as GB18030: the reference scorer misreads it the same way
        assert_ne!(decode(b"\xA4\xA4\xB0\xEA"), "中國");
        assert_eq!(decode(b"a\xFF"), "a\u{FFFD}");
        let notice =
            "為深入貫徹落實中央八項規定精神，堅決糾治享樂主義、奢靡之風，現將有關事項通知如下。";
        let (big5, _, _) = encoding_rs::BIG5.encode(notice);
        assert_ne!(FoldedDoc::read(&big5, Decoding::ScorePy).text, fold(notice));
        assert_eq!(FoldedDoc::read(&big5, Decoding::Detect).text, fold(notice));
    }

    fn doc(raw: &str) -> FoldedDoc {
        FoldedDoc::new(fold(&clean(raw)))
    }

    fn span(start: usize, end: usize) -> Option<Span> {
        Some(Span { start, end })
    }

    #[test]
    fn locate_uses_hint_then_anywhere_then_without_end_punctuation() {
        let d = doc("<p>要整改。</p><p>要整改。要落实！</p>");
        assert_eq!(d.text, "要整改。要整改。要落实!");
        assert_eq!(d.locate("要整改。", 0), span(0, 4));
        assert_eq!(d.locate("要整改。", 4), span(4, 8));
        assert_eq!(d.locate("要整改。", 9), span(0, 4));
        assert_eq!(d.locate("要整改。", 99), span(0, 4));
        assert_eq!(d.locate("要落实；", 0), span(8, 11));
        assert_eq!(d.locate("，要落实", 0), span(8, 11));
        assert_eq!(d.locate(" 要 落 实 ！", 0), span(8, 12));
        assert_eq!(d.locate("要", 0), None);
        assert_eq!(d.locate("。要。", 0), None);
        assert_eq!(d.locate("不在", 0), None);
    }

    #[test]
    fn spans_match_on_half_the_shorter() {
        let s = |start, end| Span { start, end };
        assert_eq!(s(0, 10).overlap(s(5, 20)), 5);
        assert!(s(0, 10).matches(s(5, 20))); // 5 of the shorter 10
        assert!(!s(0, 10).matches(s(6, 20)));
        assert!(s(0, 100).matches(s(40, 44)));
        assert!(!s(0, 4).matches(s(4, 8)));
    }
}
