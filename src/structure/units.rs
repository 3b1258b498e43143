//! Units and lines: a line split into sentence-level units (bounded in length), the lines
//! of a text and the cells of a table row.

use super::{CLOSERS, MAX_UNIT_CHARS, PAUSES, TERMINATORS};

/// Splits a line into trimmed unit ranges (bytes, relative to the line), none longer than
/// [`MAX_UNIT_CHARS`].
pub(crate) fn split_units(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
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
        }
    }
    push_capped(line, start, line.len(), &mut out);
    out
}

/// Pushes `line[start..end]` as units of at most [`MAX_UNIT_CHARS`] chars, each cut after
/// the last pause in the second half of the limit, else at the limit. One pass.
fn push_capped(line: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
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
    ranges_between(line, '\t')
}

/// Byte ranges of the lines of `text`, without the line breaks.
pub(super) fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    ranges_between(text, '\n')
}

/// Byte ranges of the pieces of `text` between occurrences of an ASCII separator.
pub(super) fn ranges_between(text: &str, sep: char) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == sep {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, text.len()));
    out
}
