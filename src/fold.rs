//! Fold: a Simplified-script view of a Traditional-script text, for matching.
//!
//! Takes the cleaned text; gives, when the text is written in Traditional characters, the
//! same text with each character folded to its Simplified form (黨委 → 党委, 內 → 内), so that
//! the dictionary and the rules, written in Simplified script, match it. The fold is
//! character for character and keeps every character's UTF-8 length: byte and char
//! offsets into the fold are offsets into the original, and the output quotes the original.
//!
//! A text is folded only when at least [`TRADITIONAL_SHARE`] of its Han characters change:
//! a Simplified text keeps characters such as 著 (显著) or 乾 (乾坤) that a blind fold would
//! rewrite.

use std::collections::HashMap;

/// The share of Han characters that must change for a text to count as Traditional.
pub const TRADITIONAL_SHARE: f64 = 0.03;

/// The first and last code point of the block the share counts.
const HAN: (char, char) = crate::text::HAN_BLOCK;

/// Characters fast2s leaves alone on their own but folds in some words (看著 → 看着).
const FOLDED_IN_CONTEXT: [char; 3] = ['著', '藉', '苧'];

/// For each character of the [`HAN`] block, whether the fold may change it: a bit set
/// built once, so that a Simplified text (nearly every notice) is ruled out by one lookup
/// a character, without converting it ([`may_change`]).
fn change_table() -> &'static [u64] {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let (first, last) = (HAN.0 as usize, HAN.1 as usize);
        let mut bits = vec![0u64; (last - first) / 64 + 1];
        let mut buf = [0u8; 4];
        for c in (first..=last).filter_map(|u| char::from_u32(u as u32)) {
            let alone = fast2s::convert(c.encode_utf8(&mut buf));
            if alone.chars().ne([c]) || FOLDED_IN_CONTEXT.contains(&c) {
                let i = c as usize - first;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    })
}

/// Whether the fold may change the character of code point `c`, by its bit in `table`
/// ([`change_table`], looked up once a text, not once a character).
fn may_change(table: &[u64], c: u32) -> bool {
    let i = (c as usize).wrapping_sub(HAN.0 as usize);
    table.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// The Simplified fold of `text` when it is written in Traditional script; `None` otherwise.
pub fn simplified(text: &str) -> Option<String> {
    // an upper bound of the changed characters first: below the share, nothing to convert
    let (han, may) = han_counts(text);
    if han == 0 || (may as f64) < TRADITIONAL_SHARE * han as f64 {
        return None;
    }
    let converted = fast2s::convert(text);
    let (mut han, mut changed, mut same_lengths) = (0usize, 0usize, true);
    for (c, f) in text.chars().zip(converted.chars()) {
        if (HAN.0..=HAN.1).contains(&c) {
            han += 1;
            changed += usize::from(f != c);
        }
        same_lengths &= f.len_utf8() == c.len_utf8();
    }
    if han == 0 || (changed as f64) < TRADITIONAL_SHARE * han as f64 {
        return None;
    }
    if same_lengths && converted.chars().count() == text.chars().count() {
        return Some(converted);
    }
    // a conversion that would change a character's length (none in the table, but the
    // guarantee is ours to keep) leaves that character as it was
    let mut conv = converted.chars();
    let out: String = text
        .chars()
        .map(|c| {
            conv.next()
                .filter(|f| f.len_utf8() == c.len_utf8())
                .unwrap_or(c)
        })
        .collect();
    (out.len() == text.len()).then_some(out)
}

/// How many characters of the [`HAN`] block `text` holds, and how many of them the fold
/// may change (every text is counted, nearly all of them Simplified: the table is looked up
/// once, not at each character).
fn han_counts(text: &str) -> (usize, usize) {
    let table = change_table();
    let block = HAN.0 as u32..=HAN.1 as u32;
    (text.chars().map(u32::from).filter(|c| block.contains(c))).fold((0, 0), |(han, may), c| {
        (han + 1, may + usize::from(may_change(table, c)))
    })
}

/// Maps strings cut from the fold back to the original's characters.
pub struct Restorer<'a> {
    folded: &'a str,
    original: &'a str,
    /// Byte offset of each char, and the text's length at the end.
    char_bytes: Vec<usize>,
    cache: HashMap<String, String>,
}

impl<'a> Restorer<'a> {
    /// For a fold and its original (the same byte length).
    pub fn new(folded: &'a str, original: &'a str) -> Self {
        let mut char_bytes: Vec<usize> = original.char_indices().map(|(i, _)| i).collect();
        char_bytes.push(original.len());
        Restorer {
            folded,
            original,
            char_bytes,
            cache: HashMap::new(),
        }
    }

    /// The original of the chars `span` (`[start, end)`), if it is in range.
    pub fn span(&self, [s, e]: [usize; 2]) -> Option<String> {
        let (bs, be) = (*self.char_bytes.get(s)?, *self.char_bytes.get(e)?);
        self.original.get(bs..be).map(str::to_string)
    }

    /// The original of a string that occurs in the fold (its first occurrence); the string
    /// itself when it does not occur (a name joined from parts, say).
    pub fn text(&mut self, s: &str) -> String {
        if s.is_empty() || s.is_ascii() {
            return s.to_string();
        }
        if let Some(hit) = self.cache.get(s) {
            return hit.clone();
        }
        let restored = self
            .folded
            .find(s)
            .and_then(|at| self.original.get(at..at + s.len()))
            .unwrap_or(s)
            .to_string();
        self.cache.insert(s.to_string(), restored.clone());
        restored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_counts_count_the_block_and_the_table() {
        for t in [
            "",
            "abc",
            "各級黨委（黨組）要",
            "㐀丁龥鿿\u{9fff}\u{a000}一a黨",
            "𠀀中文\u{4dff}",
        ] {
            let han: Vec<char> = (t.chars())
                .filter(|c| (HAN.0..=HAN.1).contains(c))
                .collect();
            let may = (han.iter())
                .filter(|&&c| may_change(change_table(), c as u32))
                .count();
            assert_eq!(han_counts(t), (han.len(), may), "{t}");
        }
    }

    #[test]
    fn traditional_text_folds_char_for_char() {
        let t = "各級黨委（黨組）要在年底前完成整改，對內部問題立行立改。";
        let f = simplified(t).expect("traditional");
        assert_eq!(
            f,
            "各级党委（党组）要在年底前完成整改，对内部问题立行立改。"
        );
        assert_eq!(f.len(), t.len());
        assert_eq!(f.chars().count(), t.chars().count());
        let mut r = Restorer::new(&f, t);
        assert_eq!(r.text("党委（党组）"), "黨委（黨組）");
        assert_eq!(r.span([2, 4]).as_deref(), Some("黨委"));
        assert_eq!(r.text("不在文中"), "不在文中");
    }

    #[test]
    fn characters_folded_only_in_some_words_count() {
        // each changes only next to a given neighbour: the quick bound must not miss them
        let f = simplified("看著藉口苧麻").expect("traditional");
        assert_eq!(f, "看着藉口苎麻"); // fast2s keeps 藉 (its exclusions come first)
    }

    #[test]
    fn simplified_text_is_left_alone() {
        assert!(simplified("各级党委要显著提高整改质量，乾坤朗朗。").is_none());
        assert!(simplified("").is_none());
        assert!(simplified("abc 123").is_none());
    }
}
