//! Units and lines: a line split into sentence-level units (bounded in length), the lines
//! of a text and the cells of a table row.

use super::{CLOSERS, MAX_UNIT_CHARS, PAUSES, TERMINATORS};

/// Splits a line into trimmed unit ranges (bytes, relative to the line), none longer than
/// [`MAX_UNIT_CHARS`]. A bracketed aside that opens a unit ([`aside_at`]: a responsibility
/// note after a sentence's end, `……到位。（财政部牵头）加强……`) is a unit of its own, whole
/// even where a terminator stands inside it.
pub(crate) fn split_units(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    // whether `line[start..i]` is all white space: kept as the chars go by, not found again
    // at each char
    let mut blank = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // a CJK ideograph (most of a line: U+4000 to U+9FFF, the characters whose UTF-8
        // opens with a byte from E4 to E9) opens no aside and ends no unit: passed over
        // without decoding it
        if matches!(b, 0xE4..=0xE9) {
            blank = false;
            i += 3;
            continue;
        }
        let Some(c) = line.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if let Some(close) = blank.then(|| aside_at(line, i)).flatten() {
            push_capped(line, start, close, &mut out);
            start = close;
            i = close.max(i + c.len_utf8());
            continue;
        }
        blank &= c.is_whitespace();
        i += c.len_utf8();
        if TERMINATORS.contains(&c) {
            // the closers and terminators right after it end the unit too
            while let Some(d) = line.get(i..).and_then(|rest| rest.chars().next()) {
                if !(CLOSERS.contains(&d) || TERMINATORS.contains(&d)) {
                    break;
                }
                i += d.len_utf8();
            }
            push_capped(line, start, i, &mut out);
            start = i;
            blank = true;
        }
    }
    push_capped(line, start, line.len(), &mut out);
    out
}

/// Longest aside, in chars between its brackets.
const MAX_ASIDE_CHARS: usize = 160;
/// Fewest Han characters an aside holds (`（一）` is an enumerator, not an aside).
const MIN_ASIDE_HAN: usize = 4;

/// Where a bracketed aside starting at byte `i` of `line` ends (after its closing bracket
/// and any terminators right after it): an opening bracket closed on the same line within
/// [`MAX_ASIDE_CHARS`], nothing bracketed inside, at least [`MIN_ASIDE_HAN`] Han
/// characters (`（生态环境部牵头，……参与）`, `（此件公开发布）`, not `（一）`).
pub(crate) fn aside_at(line: &str, i: usize) -> Option<usize> {
    let rest = line.get(i..)?;
    let open = rest.chars().next().filter(|&c| c == '（' || c == '(')?;
    let inner_start = i + open.len_utf8();
    let mut count = 0;
    for (j, c) in line[inner_start..].char_indices() {
        count += 1;
        if count > MAX_ASIDE_CHARS || c == '（' || c == '(' {
            return None;
        }
        if c == '）' || c == ')' {
            let inner = &line[inner_start..inner_start + j];
            if !crate::text::has_han_count(inner, MIN_ASIDE_HAN) {
                return None;
            }
            let mut end = inner_start + j + c.len_utf8();
            end += line[end..]
                .chars()
                .take_while(|d| TERMINATORS.contains(d))
                .map(char::len_utf8)
                .sum::<usize>();
            return Some(end);
        }
    }
    None
}

/// Pushes `line[start..end]` as units of at most [`MAX_UNIT_CHARS`] chars, each cut after
/// the last pause in the second half of the limit, else at the limit. One pass.
fn push_capped(line: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    // (most units are far shorter than the limit: counted at once, not walked char by char)
    if line[start..end].chars().count() <= MAX_UNIT_CHARS {
        push_trimmed(line, start, end, out);
        return;
    }
    let mut from = start;
    let mut count = 0;
    let mut pause: Option<(usize, usize)> = None; // (byte after it, chars up to it)
    for (i, c) in line[start..end].char_indices() {
        let at = start + i;
        if count == MAX_UNIT_CHARS {
            let (cut, used) = match pause {
                Some((p, n)) if n >= MAX_UNIT_CHARS / 2 => (p, n),
                _ => (at, count),
            };
            push_trimmed(line, from, cut, out);
            from = cut;
            count -= used;
            pause = None;
        }
        count += 1;
        if PAUSES.contains(&c) {
            pause = Some((at + c.len_utf8(), count));
        }
    }
    push_trimmed(line, from, end, out);
}

fn push_trimmed(line: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &line[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push((start + lead, end - trail));
    }
}

pub(super) fn chars(s: &str) -> usize {
    s.chars().count()
}

pub(super) fn has_sentence_punct(s: &str) -> bool {
    s.contains(['。', '；', ';', '，', ',', '！', '!', '？', '?', '：', ':'])
}

/// Byte ranges of the tab-separated cells of a line.
pub(super) fn cell_ranges(line: &str) -> Vec<(usize, usize)> {
    ranges_between(line, b'\t')
}

/// Byte ranges of the lines of `text`, without the line breaks.
pub(super) fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    ranges_between(text, b'\n')
}

/// Byte ranges of the pieces of `text` between occurrences of an ASCII separator (a byte
/// that is only ever that character in UTF-8: looked for with memchr, since every line of
/// every document is found here).
pub(super) fn ranges_between(text: &str, sep: u8) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(sep, text.as_bytes()) {
        out.push((start, i));
        start = i + 1;
    }
    out.push((start, text.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`split_units`] as it read, char by char: the reference.
    fn split_units_by_char(line: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        // whether `line[start..i]` is all white space: kept as the chars go by, not found again
        // at each char
        let mut blank = true;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // a CJK ideograph (most of a line) opens no aside and ends no unit
            if ('\u{4000}'..='\u{9fff}').contains(&c) {
                blank = false;
                continue;
            }
            if let Some(close) = blank.then(|| aside_at(line, i)).flatten() {
                push_capped(line, start, close, &mut out);
                start = close;
                while chars.peek().is_some_and(|&(j, _)| j < close) {
                    chars.next();
                }
                continue;
            }
            blank &= c.is_whitespace();
            if TERMINATORS.contains(&c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if CLOSERS.contains(&d) || TERMINATORS.contains(&d) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                push_capped(line, start, end, &mut out);
                start = end;
                blank = true;
            }
        }
        push_capped(line, start, line.len(), &mut out);
        out
    }

    #[test]
    fn units_are_split_as_they_were() {
        for line in [
            "",
            "一、总体要求。各部门要抓好落实；（财政部牵头）加强监督！”",
            "到位。（生态环境部牵头，各地参与）。加强……",
            "  （此件公开发布）",
            "a。b?c\"）d",
        ] {
            assert_eq!(split_units(line), split_units_by_char(line), "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_line_is_split_as_it_was(
            line in "[。！？；;!?”’」』）)】》\"'（(，、 \ta一-龥㐀-䶵\\PC]{0,80}"
        ) {
            proptest::prop_assert_eq!(split_units(&line), split_units_by_char(&line));
        }
    }
}
