//! Facts about Chinese text that every stage shares, each defined once: what a Han
//! character is, the value of Chinese numerals, and how byte offsets into the cleaned text
//! become the char offsets the record gives.

/// The CJK Unified Ideographs block, the characters of running Chinese text.
pub(crate) const HAN_BLOCK: (char, char) = ('\u{4e00}', '\u{9fff}');

/// Whether a character is a Han character: the CJK Unified Ideographs block, Extension A
/// and the compatibility ideographs.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// How many Han characters a text holds.
#[cfg(test)]
pub(crate) fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// Whether a text holds at least `n` Han characters (`han_count(s) >= n`, counted only as
/// far as the `n`th).
pub(crate) fn has_han_count(s: &str, n: usize) -> bool {
    n == 0 || s.chars().filter(|&c| is_han(c)).nth(n - 1).is_some()
}

/// Whether a text holds a Han character.
pub(crate) fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

/// The value of one Chinese digit: 〇 (○, 零) to 九, and 两 for two.
pub(crate) fn digit_value(c: char) -> Option<u32> {
    match c {
        '〇' | '○' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// The value of a Chinese numeral 1..=99 written 一 … 九十九 (十, 十二, 二十, 三十一).
pub(crate) fn numeral_value(s: &str) -> Option<u32> {
    let digit = |c: char| digit_value(c).filter(|&v| v > 0);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        [a] => digit(*a),
        ['十', b] => digit(*b).map(|v| 10 + v),
        [a, '十'] => digit(*a).map(|v| v * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// A number in Chinese numerals as dates write it: digit by digit for a four-digit year
/// (二〇一九), else 1..=99 (十二, 三十一).
pub(crate) fn date_number(s: &str) -> Option<u32> {
    if s.chars().count() == 4 {
        return s
            .chars()
            .try_fold(0u32, |acc, c| digit_value(c).map(|d| acc * 10 + d));
    }
    numeral_value(s)
}

/// The leading numeral of a heading (`三、…` → 3); a bare-numeral heading glues the
/// numeral to its text (`九督促…`), so the longest prefix that parses counts.
pub(crate) fn leading_numeral(s: &str) -> Option<u32> {
    let lead: String = s
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .take(3)
        .collect();
    (1..=lead.chars().count())
        .rev()
        .find_map(|n| numeral_value(&lead.chars().take(n).collect::<String>()))
}

/// The char offset of each byte offset in `bytes` (any order), found in one forward walk
/// over the text; an offset past the end or inside a char counts the chars before it.
pub fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut byte, mut ch) = (0usize, 0usize);
    for i in order {
        let to = bytes[i].min(text.len());
        ch += text.get(byte..to).map_or(0, |s| s.chars().count());
        byte = byte.max(to);
        out[i] = ch;
    }
    out
}

/// A piece of the cleaned text (a unit, a cell, a heading) with the char offset it starts
/// at: turns byte offsets into the piece into char spans of the whole text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece<'a> {
    /// The piece's text.
    pub text: &'a str,
    /// Its first char's offset in the cleaned text.
    pub base: usize,
}

impl<'a> Piece<'a> {
    /// The piece `text` starting at char `base`.
    pub fn new(text: &'a str, base: usize) -> Self {
        Piece { text, base }
    }

    /// The char offset in the whole text of byte `at` of the piece.
    pub fn char_at(&self, at: usize) -> usize {
        self.base + self.text.get(..at).map_or(0, |s| s.chars().count())
    }

    /// The char span in the whole text of bytes `start..end` of the piece.
    pub fn span(&self, start: usize, end: usize) -> [usize; 2] {
        [self.char_at(start), self.char_at(end)]
    }

    /// Bytes `start..end` of the piece.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }
}

/// Whether a text opens with an item number: `2.`, `2、`, `（2）`, `二、`, `二是`.
pub(crate) fn starts_numbered(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = &t[digits..];
    if digits > 0 && digits <= 2 {
        let mut after = rest.chars();
        let mark = after.next().is_some_and(|c| matches!(c, '.' | '．' | '、'));
        // `1.5亿元` is a number, not an item
        return mark && !after.next().is_some_and(|c| c.is_ascii_digit());
    }
    if let Some(inner) = t.strip_prefix(['（', '(']) {
        let n = inner
            .chars()
            .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
            .count();
        return n > 0 && n <= 3 && inner.chars().nth(n).is_some_and(|c| c == '）' || c == ')');
    }
    let n = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    n > 0 && n <= 3 && matches!(t.chars().nth(n), Some('、' | '是'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(numeral_value("三"), Some(3));
        assert_eq!(numeral_value("十"), Some(10));
        assert_eq!(numeral_value("十二"), Some(12));
        assert_eq!(numeral_value("二十"), Some(20));
        assert_eq!(numeral_value("三十一"), Some(31));
        assert_eq!(numeral_value("〇"), None);
        assert_eq!(leading_numeral("九督促党员干部"), Some(9));
        assert_eq!(leading_numeral("十一要"), Some(11));
        assert_eq!(date_number("二〇一九"), Some(2019));
        assert_eq!(date_number("二○二○"), Some(2020));
        assert_eq!(date_number("十二"), Some(12));
    }

    #[test]
    fn han() {
        assert!(is_han('党') && is_han('㐀') && !is_han('，') && !is_han('a'));
        assert_eq!(han_count("各级党委，要于2019年"), 7);
        for n in 0..=8 {
            assert_eq!(has_han_count("各级党委，要于2019年", n), n <= 7, "{n}");
        }
    }

    #[test]
    fn pieces_give_char_spans_of_the_whole_text() {
        let text = "一、总则。各级党委要抓整改。";
        let start = text.find('各').unwrap_or(0);
        let piece = Piece::new(&text[start..], text[..start].chars().count());
        let end = piece.text.find('要').unwrap_or(0);
        assert_eq!(piece.span(0, end), [5, 9]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[5..9].iter().collect::<String>(), "各级党委");
        assert_eq!(char_offsets(text, &[start, 0, text.len()]), vec![5, 0, 14]);
    }
}
