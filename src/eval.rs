//! Scoring extracted task items against the gold annotations: a faithful port of the
//! reference scorer `score.py` (the project's `eval/score.py`).
//!
//! Every figure, every miss line and the printed table agree with what `score.py` prints
//! for the same gold folder, corpus folder and predictions; the agreement is checked
//! against the real script by `tests/eval_agrees_with_score_py.rs`. In outline:
//!
//! * a document is read as bytes and decoded as `score.py`'s `decode()` does
//!   ([`decode`]), then cleaned ([`clean`]: `<script>`/`<style>` blocks and tags become
//!   line breaks, HTML character references are decoded, twice over) and folded ([`fold`]:
//!   NFKC, no white space, no quote marks, lower case);
//! * every gold quote and every predicted `text` is located in the folded text (first
//!   occurrence at or after the end of the previous one, else anywhere, else without
//!   trailing/leading punctuation); a prediction matches a gold item when the two spans
//!   overlap by at least half of the shorter one;
//! * the tallies, ratios and F1 values follow `score.py` line by line, including its
//!   Python semantics: truthiness of JSON values, `==` between numbers and booleans,
//!   `str()` of non-string values, `max()` keeping the first maximal element, and a
//!   later record for the same document replacing an earlier one.
//!
//! Where `score.py` itself would stop (a gold quote that is not in its document, a
//! `categories` value that is a number, a task that is not an object …) the port returns
//! an [`EvalError`] naming the document instead of scoring.
//!
//! Exact agreement rests on tables taken from Python 3.11 (Unicode 14.0): the code points
//! unassigned there (they pass [`fold`] untouched, as in Python), the characters Python's
//! `str.isprintable()` rejects, the word characters of `re`'s `\b`, the case-insensitive
//! matches of `re` (`ſ` matches `s`, `İ` and `ı` match `i`), every named reference of
//! `html.entities.html5` (all 2231 names, including the 106 legacy names that are decoded
//! without a trailing `;`), and the places where Python's `gb18030` codec differs from
//! the WHATWG decoder of `encoding_rs` (20 two-byte codes, one four-byte code, the lone
//! byte 0x80). Known limits, all far from real input:
//!
//! * JSON that Python's `json` reads but `serde_json` does not (`NaN`, `Infinity`, lone
//!   surrogate escapes, numbers beyond `f64`, nesting deeper than 128) is an error here;
//!   integers beyond 64 bits are compared as `f64`, and `-0` reads as the float `-0.0`;
//! * `str()` of a JSON object nested in a list (a body written as `[{"a": 1}]`) lists
//!   the keys in sorted order, not in the order of the file;
//! * the final-sigma rule of lower-casing uses Rust's (newer) case properties;
//! * Python's 4300-digit limit of `int()` is taken at its default
//!   (`PYTHONINTMAXSTRDIGITS` unset), and gold file names that are not UTF-8 sort by
//!   their lossy form.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

/// The quotation marks that [`fold`] drops (score.py's `QUOTES`).
pub const QUOTES: &str = "“”\"'‘’「」『』《》〈〉";

/// Punctuation that locating tolerates at either end of a quote.
const END_PUNCT: &str = "。！？；，、,.;!?:：";

/// Everything that can stop scoring; each message names the file or document.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A gold or corpus file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A gold file is not UTF-8.
    #[error("{}: not UTF-8: {source}", path.display())]
    Utf8 {
        /// The gold file.
        path: PathBuf,
        /// The cause.
        source: std::str::Utf8Error,
    },
    /// A gold file is not JSON.
    #[error("{}: invalid JSON: {source}", path.display())]
    Json {
        /// The gold file.
        path: PathBuf,
        /// What the JSON parser said.
        source: serde_json::Error,
    },
    /// Predictions are neither a JSON array, nor one JSON record, nor JSON Lines.
    #[error("predictions: invalid JSON{}: {source}", line.map(|l| format!(" on line {l}")).unwrap_or_default())]
    PredJson {
        /// The line (1-based) when the text was read as JSON Lines.
        line: Option<usize>,
        /// What the JSON parser said.
        source: serde_json::Error,
    },
    /// A gold quote does not occur in its document (score.py stops with this message).
    #[error("gold quote not found in {doc}: {quote}")]
    QuoteNotFound {
        /// The gold file's `doc`.
        doc: String,
        /// The first 40 characters of the quote.
        quote: String,
    },
    /// Gold or predictions of a shape on which score.py stops with a Python exception.
    #[error("{doc}: {detail} (score.py stops here too)")]
    Shape {
        /// The document (or `predictions`).
        doc: String,
        /// The Python exception score.py raises, and on what.
        detail: String,
    },
}

fn shape(doc: &str, detail: impl Into<String>) -> EvalError {
    EvalError::Shape {
        doc: doc.to_owned(),
        detail: detail.into(),
    }
}

// ---------------------------------------------------------------------------
// Text: decode, clean, fold
// ---------------------------------------------------------------------------

/// Decode a document's bytes as score.py's `decode()`: UTF-8 (a leading BOM dropped),
/// else GB18030 as Python's codec reads it, else UTF-8 with U+FFFD for bad bytes.
///
/// score.py tries Big5 after GB18030, but every byte string Python's `big5` codec accepts
/// is also accepted by its `gb18030` codec (same pair structure, and the GB18030 two-byte
/// table is complete), so that step never decides anything and is not ported.
pub fn decode(data: &[u8]) -> String {
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    if let Ok(s) = std::str::from_utf8(body) {
        return s.to_owned();
    }
    if let Some(s) = decode_gb18030(data) {
        return s;
    }
    String::from_utf8_lossy(data).into_owned()
}

/// Two-byte codes where Python's `gb18030` codec (GB18030-2000 mapping) differs from the
/// WHATWG decoder: (lead << 8 | trail, Python's character).
const GB18030_PY_PAIRS: [(u16, char); 20] = [
    (0xA3A0, '\u{E5E5}'),
    (0xA6D9, '\u{E78D}'),
    (0xA6DA, '\u{E78E}'),
    (0xA6DB, '\u{E78F}'),
    (0xA6DC, '\u{E790}'),
    (0xA6DD, '\u{E791}'),
    (0xA6DE, '\u{E792}'),
    (0xA6DF, '\u{E793}'),
    (0xA6EC, '\u{E794}'),
    (0xA6ED, '\u{E795}'),
    (0xA6F3, '\u{E796}'),
    (0xA8BC, '\u{E7C7}'),
    (0xFE59, '\u{E81E}'),
    (0xFE61, '\u{E826}'),
    (0xFE66, '\u{E82B}'),
    (0xFE67, '\u{E82C}'),
    (0xFE6D, '\u{E832}'),
    (0xFE7E, '\u{E843}'),
    (0xFE90, '\u{E854}'),
    (0xFEA0, '\u{E864}'),
];

/// One multi-byte GB18030 sequence through the WHATWG decoder.
fn whatwg_gb18030(seq: &[u8]) -> Option<char> {
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(seq)
        .and_then(|s| s.chars().next())
}

/// Python's strict `gb18030` decoding: `None` where Python raises `UnicodeDecodeError`.
fn decode_gb18030(data: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(data.len() * 3 / 2);
    let mut i = 0;
    while let Some(&c) = data.get(i) {
        if c < 0x80 {
            out.push(char::from(c));
            i += 1;
            continue;
        }
        if !(0x81..=0xFE).contains(&c) {
            return None; // 0x80 and 0xFF: the WHATWG decoder reads 0x80 as '€', Python does not
        }
        let c2 = *data.get(i + 1)?;
        if (0x30..=0x39).contains(&c2) {
            let c3 = *data.get(i + 2)?;
            let c4 = *data.get(i + 3)?;
            if !(0x81..=0xFE).contains(&c3) || !(0x30..=0x39).contains(&c4) {
                return None;
            }
            let lseq = (u32::from(c - 0x81) * 10 + u32::from(c2 - 0x30)) * 1260
                + u32::from(c3 - 0x81) * 10
                + u32::from(c4 - 0x30);
            let ch = if lseq == 7457 {
                '\u{1E3F}' // GB+8135F437: Python keeps the 2000 mapping
            } else if lseq < 39420 {
                whatwg_gb18030(data.get(i..i + 4)?)?
            } else if lseq >= 189_000 {
                char::from_u32(0x10000 + (lseq - 189_000)).filter(|&c| c <= '\u{10FFFF}')?
            } else {
                return None;
            };
            out.push(ch);
            i += 4;
        } else {
            if !matches!(c2, 0x40..=0x7E | 0x80..=0xFE) {
                return None;
            }
            let code = u16::from(c) << 8 | u16::from(c2);
            let ch = match GB18030_PY_PAIRS.iter().find(|(k, _)| *k == code) {
                Some(&(_, ch)) => ch,
                None => whatwg_gb18030(data.get(i..i + 2)?)?,
            };
            out.push(ch);
            i += 2;
        }
    }
    Some(out)
}

/// Python's `str.isspace()` (also what `re`'s `\s` matches).
fn py_isspace(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1C}'..='\u{20}'
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Whether `c` lies in one of the inclusive ranges of a flat `[lo, hi, lo, hi, …]` table.
fn in_ranges(table: &[u32], c: char) -> bool {
    let c = u32::from(c);
    let pairs = table.len() / 2;
    let (mut lo, mut hi) = (0, pairs);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if table.get(2 * mid + 1).is_some_and(|&end| end < c) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo < pairs && table.get(2 * lo).is_some_and(|&start| start <= c)
}

/// Unassigned in Unicode 14.0 (Python 3.11): NFKC and lower() leave such a character alone.
fn py_unassigned(c: char) -> bool {
    c >= '\u{378}' && in_ranges(&tables::PY_UNASSIGNED, c)
}

/// Python's `str.isprintable()` for one character.
fn py_isprintable(c: char) -> bool {
    !in_ranges(&tables::PY_NONPRINTABLE_ASSIGNED, c) && !py_unassigned(c)
}

/// A word character of Python's `re` (`\w`, `\b`): `str.isalnum()` or `_`.
fn py_is_word(c: char) -> bool {
    if c == '_' {
        return true;
    }
    // Rust's alphanumeric is Alphabetic + N*; Python's is L* + N*: take away the marks and
    // the symbols that are Other_Alphabetic, and what Unicode 14 had not assigned yet.
    c.is_alphanumeric()
        && !unicode_normalization::char::is_combining_mark(c)
        && !matches!(
            u32::from(c),
            0x24B6..=0x24E9 | 0x1F130..=0x1F149 | 0x1F150..=0x1F169 | 0x1F170..=0x1F189
        )
        && !py_unassigned(c)
}

/// Fold a text for comparison as score.py's `fold()`: NFKC (full width to half width),
/// no white space (Python's `isspace`), no [`QUOTES`], then Python's `lower()`.
pub fn fold(s: &str) -> String {
    fn segment(seg: &str, out: &mut String) {
        let kept: String = seg
            .nfkc()
            .filter(|&c| !py_isspace(c) && !QUOTES.contains(c))
            .collect();
        out.push_str(&kept.to_lowercase());
    }
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    // A character Python 3.11 does not know is left as it is and, being neither cased nor
    // case-ignorable nor combining, splits normalisation and lower-casing in two.
    for (i, c) in s.char_indices() {
        if py_unassigned(c) {
            segment(s.get(start..i).unwrap_or_default(), &mut out);
            out.push(c);
            start = i + c.len_utf8();
        }
    }
    segment(s.get(start..).unwrap_or_default(), &mut out);
    out
}

/// Strip tags and decode character references, twice over, as score.py's `clean()`.
///
/// A decimal reference of more than 4300 digits, on which Python's `int()` refuses to
/// work (and score.py stops), is decoded as U+FFFD here; [`score`] stops on it instead.
pub fn clean(raw: &str) -> String {
    clean_checked(raw).0
}

/// [`clean`], and whether a decimal reference exceeded Python's 4300-digit `int()` limit.
fn clean_checked(raw: &str) -> (String, bool) {
    let mut t: Vec<char> = raw.chars().collect();
    let mut too_long = false;
    for _ in 0..2 {
        t = strip_script_style(&t);
        t = strip_tags(&t);
        t = unescape_chars(&t, &mut too_long);
    }
    (t.into_iter().collect(), too_long)
}

/// Python's default limit on the digits `int()` converts from a decimal string.
const PY_INT_MAX_STR_DIGITS: usize = 4300;

/// `re`'s IGNORECASE match of one lower-case ASCII letter of `script`/`style`.
fn letter_matches(pat: char, c: char) -> bool {
    match pat {
        's' => matches!(c, 's' | 'S' | '\u{17F}'),
        'i' => matches!(c, 'i' | 'I' | '\u{130}' | '\u{131}'),
        _ => c.is_ascii() && c.to_ascii_lowercase() == pat,
    }
}

/// The simple lower case that `re` compares a case-insensitive back reference by
/// (for the characters that can stand in `script`/`style`).
fn backref_lower(c: char) -> char {
    match c {
        '\u{130}' => 'i',
        _ => c.to_ascii_lowercase(),
    }
}

/// `re.sub(r"<(script|style)\b.*?</\1\s*>", "\n", t, flags=re.S | re.I)`.
fn strip_script_style(s: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    // back reference text -> position from which no closing tag follows
    let mut no_close: HashMap<Vec<char>, usize> = HashMap::new();
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == '<' {
            if let Some(end) = match_script_style(s, i, &mut no_close) {
                out.push('\n');
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn match_script_style(
    s: &[char],
    i: usize,
    no_close: &mut HashMap<Vec<char>, usize>,
) -> Option<usize> {
    for word in ["script", "style"] {
        let len = word.len();
        let Some(group) = s.get(i + 1..i + 1 + len) else {
            continue;
        };
        if !word.chars().zip(group).all(|(p, &c)| letter_matches(p, c)) {
            continue;
        }
        let after = i + 1 + len;
        if s.get(after).is_some_and(|&c| py_is_word(c)) {
            continue; // \b
        }
        let key: Vec<char> = group.iter().map(|&c| backref_lower(c)).collect();
        if no_close.get(&key).is_some_and(|&p| after >= p) {
            continue;
        }
        match find_close(s, after, &key) {
            Some(end) => return Some(end),
            None => {
                no_close.insert(key, after);
            }
        }
    }
    None
}

/// The end of the first `</NAME\s*>` at or after `from` (NAME compared as `re` compares
/// a case-insensitive back reference).
fn find_close(s: &[char], from: usize, key: &[char]) -> Option<usize> {
    let mut j = from;
    while j + 1 < s.len() {
        if s.get(j) == Some(&'<') && s.get(j + 1) == Some(&'/') {
            let name_end = j + 2 + key.len();
            let same = s
                .get(j + 2..name_end)
                .is_some_and(|name| name.iter().zip(key).all(|(&c, &k)| backref_lower(c) == k));
            if same {
                let mut m = name_end;
                while s.get(m).is_some_and(|&c| py_isspace(c)) {
                    m += 1;
                }
                if s.get(m) == Some(&'>') {
                    return Some(m + 1);
                }
            }
        }
        j += 1;
    }
    None
}

/// `re.sub(r"<[^>]+>", "\n", t)`.
fn strip_tags(s: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == '<' && s.get(i + 1).is_some_and(|&n| n != '>') {
            let rest = s.get(i + 2..).unwrap_or_default();
            match rest.iter().position(|&x| x == '>') {
                Some(k) => {
                    out.push('\n');
                    i += 2 + k + 1;
                    continue;
                }
                None => {
                    // no '>' further on: no later '<' can start a tag either
                    out.extend_from_slice(s.get(i..).unwrap_or_default());
                    break;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Decode HTML character references exactly as Python's `html.unescape()`.
pub fn unescape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    unescape_chars(&chars, &mut false).into_iter().collect()
}

/// `html.unescape()` on characters; sets `too_long` on a decimal reference Python's
/// `int()` would refuse.
fn unescape_chars(s: &[char], too_long: &mut bool) -> Vec<char> {
    if !s.contains(&'&') {
        return s.to_vec();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == '&' {
            if let Some((end, rep)) = charref(s, i, too_long) {
                out.extend(rep.chars());
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Match `&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)` at `i`: its end and
/// its replacement.
fn charref(s: &[char], i: usize, too_long: &mut bool) -> Option<(usize, Cow<'static, str>)> {
    let j = i + 1;
    let after_semi = |k: usize| if s.get(k) == Some(&';') { k + 1 } else { k };
    if s.get(j) == Some(&'#') {
        let digits = |from: usize, radix: u32| {
            let n = s
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| c.is_ascii() && c.is_digit(radix))
                .count();
            let mut num: u32 = 0;
            for c in s.get(from..from + n).unwrap_or_default() {
                // saturate past the last code point: all such numbers decode alike
                num = (num * radix + c.to_digit(radix).unwrap_or(0)).min(0x11_0000);
            }
            (n, num)
        };
        let (n, num) = digits(j + 1, 10);
        if n > PY_INT_MAX_STR_DIGITS {
            *too_long = true;
        }
        if n > 0 {
            return Some((after_semi(j + 1 + n), numeric_charref(num)));
        }
        if matches!(s.get(j + 1), Some('x' | 'X')) {
            let (n, num) = digits(j + 2, 16);
            if n > 0 {
                return Some((after_semi(j + 2 + n), numeric_charref(num)));
            }
        }
        return None;
    }
    let n = s
        .get(j..)
        .unwrap_or_default()
        .iter()
        .take(32)
        .take_while(|c| !matches!(c, '\t' | '\n' | '\u{C}' | ' ' | '<' | '&' | '#' | ';'))
        .count();
    if n == 0 {
        return None;
    }
    let end = after_semi(j + n);
    let name = s.get(j..end).unwrap_or_default();
    Some((end, Cow::Owned(named_charref(name))))
}

/// Python's `_invalid_charrefs` for 0x80..=0x9F (the windows-1252 reading).
const CHARREFS_80: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

fn numeric_charref(num: u32) -> Cow<'static, str> {
    let replacement = Cow::Borrowed("\u{FFFD}");
    match num {
        0 => replacement,
        0x0D => Cow::Borrowed("\r"),
        0x80..=0x9F => {
            let c = CHARREFS_80
                .get((num - 0x80) as usize)
                .copied()
                .unwrap_or('\u{FFFD}');
            Cow::Owned(c.to_string())
        }
        0xD800..=0xDFFF | 0x11_0000.. => replacement,
        0x1..=0x8 | 0xB | 0xE..=0x1F | 0x7F | 0xFDD0..=0xFDEF => Cow::Borrowed(""),
        _ if num & 0xFFFE == 0xFFFE => Cow::Borrowed(""),
        _ => match char::from_u32(num) {
            Some(c) => Cow::Owned(c.to_string()),
            None => replacement,
        },
    }
}

/// Python's `html.entities.html5`: name (with or without `;`) to replacement.
fn html5() -> &'static HashMap<&'static str, String> {
    static MAP: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for entry in tables::HTML5_ENTITIES.split_ascii_whitespace() {
            let Some((name, value)) = entry.split_once('=') else {
                continue;
            };
            let text: Option<String> = value
                .split('+')
                .map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
                .collect();
            if let Some(text) = text {
                map.insert(name, text);
            }
        }
        map
    })
}

fn named_charref(name: &[char]) -> String {
    let map = html5();
    let full: String = name.iter().collect();
    if let Some(v) = map.get(full.as_str()) {
        return v.clone();
    }
    // the longest known prefix (of two or more characters) and the rest as it is
    for x in (2..name.len()).rev() {
        let prefix: String = name.iter().take(x).collect();
        if let Some(v) = map.get(prefix.as_str()) {
            let rest: String = name.iter().skip(x).collect();
            return format!("{v}{rest}");
        }
    }
    format!("&{full}")
}

// ---------------------------------------------------------------------------
// Python semantics of JSON values
// ---------------------------------------------------------------------------

type Obj = Map<String, Value>;

/// Python's `bool(v)`.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn opt_truthy(v: Option<&Value>) -> bool {
    v.is_some_and(truthy)
}

/// `x or y` of Python, with a missing key read as `None`.
fn py_or<'a>(x: Option<&'a Value>, y: Option<&'a Value>) -> Option<&'a Value> {
    if opt_truthy(x) {
        x
    } else {
        y
    }
}

#[derive(Clone, Copy)]
enum PyNum {
    Int(i128),
    Float(f64),
}

fn py_num(v: &Value) -> Option<PyNum> {
    match v {
        Value::Bool(b) => Some(PyNum::Int(i128::from(*b))),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Some(PyNum::Int(i128::from(u)))
            } else if let Some(i) = n.as_i64() {
                Some(PyNum::Int(i128::from(i)))
            } else {
                n.as_f64().map(PyNum::Float)
            }
        }
        _ => None,
    }
}

/// Python's `==` between two JSON values (`1 == 1.0 == True`, exact int/float comparison).
fn py_eq(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (py_num(a), py_num(b)) {
        return match (x, y) {
            (PyNum::Int(x), PyNum::Int(y)) => x == y,
            (PyNum::Float(x), PyNum::Float(y)) => x == y,
            (PyNum::Int(i), PyNum::Float(f)) | (PyNum::Float(f), PyNum::Int(i)) => {
                f.is_finite() && f.fract() == 0.0 && f.abs() < 1e38 && f as i128 == i
            }
        };
    }
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
        }
        _ => false,
    }
}

/// Python's type name of a JSON value, for error messages.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `repr(float)`: shortest round-trip digits, exponent below 1e-4 and from 1e16.
fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    let n = digits.len() as i32;
    let decpt = exp + 1;
    if decpt <= -4 || decpt > 16 {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{frac}e{esign}{:02}", exp.abs())
    } else if decpt <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        format!("{sign}{digits}{}.0", "0".repeat((decpt - n) as usize))
    } else {
        let (a, b) = digits.split_at(decpt as usize);
        format!("{sign}{a}.{b}")
    }
}

/// Python's `repr(str)`.
fn py_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if c == quote => {
                out.push('\\');
                out.push(c);
            }
            _ if c < ' ' || c == '\u{7F}' => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            _ if c.is_ascii() || py_isprintable(c) => out.push(c),
            _ if u32::from(c) <= 0xFF => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            _ if u32::from(c) <= 0xFFFF => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            _ => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of a JSON value.
fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.to_string()
            } else if let Some(i) = n.as_i64() {
                i.to_string()
            } else {
                py_float_repr(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => py_str_repr(s),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(py_repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(o) => {
            let items: Vec<String> = o
                .iter()
                .map(|(k, v)| format!("{}: {}", py_str_repr(k), py_repr(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// Python's `str()` of a JSON value.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        _ => py_repr(v),
    }
}

/// score.py's `as_list()`: `None` → `[]`, a string or object → `[v]`, a list as it is.
fn as_list<'a>(v: Option<&'a Value>, doc: &str) -> Result<Vec<&'a Value>, EvalError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => Ok(a.iter().collect()),
        Some(v @ (Value::String(_) | Value::Object(_))) => Ok(vec![v]),
        Some(v) => Err(shape(
            doc,
            format!("TypeError: '{}' object is not iterable", type_name(v)),
        )),
    }
}

/// `for x in v` of Python over a value that should hold task objects. A non-empty string
/// or object iterates strings, on which score.py fails at once, as here.
fn py_iter<'a>(v: &'a Value, doc: &str, what: &str) -> Result<Vec<&'a Value>, EvalError> {
    match v {
        Value::Array(a) => Ok(a.iter().collect()),
        Value::Object(o) if o.is_empty() => Ok(Vec::new()),
        Value::String(s) if s.is_empty() => Ok(Vec::new()),
        Value::Object(_) | Value::String(_) => {
            Err(shape(doc, format!("{what}: an item is a str, not a dict")))
        }
        _ => Err(shape(
            doc,
            format!(
                "TypeError: {what}: '{}' object is not iterable",
                type_name(v)
            ),
        )),
    }
}

/// A task item, which score.py reads with `.get()` or `[]`.
fn as_obj<'a>(v: &'a Value, doc: &str, what: &str) -> Result<&'a Obj, EvalError> {
    match v {
        Value::Object(o) => Ok(o),
        _ => Err(shape(
            doc,
            format!("{what}: an item is a {}, not a dict", type_name(v)),
        )),
    }
}

/// `fold(v)` where score.py hands a JSON value to `fold()`, which needs a str.
fn fold_value(v: &Value, doc: &str) -> Result<String, EvalError> {
    match v {
        Value::String(s) => Ok(fold(s)),
        _ => Err(shape(
            doc,
            format!(
                "TypeError: normalize() argument 2 must be str, not {}",
                type_name(v)
            ),
        )),
    }
}

fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// score.py's `phrase_match()`: folded, one contains the other (or equal when short).
fn phrase_match(a: &Value, b: &Value, doc: &str) -> Result<bool, EvalError> {
    let fa = fold_value(a, doc)?;
    let fb = fold_value(b, doc)?;
    if fa.chars().count() < 2 || fb.chars().count() < 2 {
        return Ok(fa == fb && !fa.is_empty());
    }
    Ok(fb.contains(fa.as_str()) || fa.contains(fb.as_str()))
}

/// `any(phrase_match(text, x) for x in xs)`, stopping at the first match as Python does.
fn any_phrase_match<'a>(
    text: &Value,
    xs: impl IntoIterator<Item = &'a Value>,
    doc: &str,
) -> Result<bool, EvalError> {
    for x in xs {
        if phrase_match(text, x, doc)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// score.py's `body_list()`: (text, source) pairs with a truthy text.
fn body_list(task: &Obj, doc: &str) -> Result<Vec<(Value, Value)>, EvalError> {
    let mut out = Vec::new();
    for b in as_list(task.get("bodies"), doc)? {
        let (text, source) = match b {
            Value::Object(o) => {
                let text = py_or(o.get("text"), o.get("name"))
                    .filter(|v| truthy(v))
                    .cloned()
                    .unwrap_or_else(|| Value::String(String::new()));
                let source = o
                    .get("source")
                    .cloned()
                    .unwrap_or_else(|| Value::String("explicit".into()));
                (text, source)
            }
            _ => (Value::String(py_str(b)), Value::String("explicit".into())),
        };
        if truthy(&text) {
            out.push((text, source));
        }
    }
    Ok(out)
}

/// score.py's `deadline_list()`: (text, kind) pairs with a truthy text.
fn deadline_list(task: &Obj, doc: &str) -> Result<Vec<(Value, Value)>, EvalError> {
    let mut out = Vec::new();
    let v = py_or(task.get("deadline"), task.get("deadlines"));
    for d in as_list(v, doc)? {
        let (text, kind) = match d {
            Value::Object(o) => (
                o.get("text")
                    .cloned()
                    .unwrap_or_else(|| Value::String(String::new())),
                o.get("kind").cloned().unwrap_or(Value::Null),
            ),
            _ => (Value::String(py_str(d)), Value::Null),
        };
        if truthy(&text) {
            out.push((text, kind));
        }
    }
    Ok(out)
}

/// score.py's `record_name()`: the file name a prediction record is for.
fn record_name(rec: &Value) -> Result<Option<String>, EvalError> {
    let Value::Object(r) = rec else {
        return Err(shape(
            "predictions",
            format!(
                "AttributeError: a record is a {}, not a dict",
                type_name(rec)
            ),
        ));
    };
    let d = match r.get("doc") {
        Some(Value::Object(d)) => Some(d),
        _ => None,
    };
    let doc_str = r.get("doc").filter(|v| v.is_string());
    let candidates = [
        d.and_then(|d| d.get("path")),
        r.get("path"),
        d.and_then(|d| d.get("id")),
        r.get("id"),
        doc_str,
    ];
    for v in candidates.into_iter().flatten() {
        if truthy(v) {
            let s = py_str(v);
            let base = s.rsplit('/').next().unwrap_or_default();
            return Ok(Some(base.to_owned()));
        }
    }
    Ok(None)
}

// ---------------------------------------------------------------------------
// Predictions
// ---------------------------------------------------------------------------

/// Python's `str.strip()` (white space as `str.isspace()`).
fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// Python's `str.splitlines()`.
fn py_splitlines(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{B}'
                | '\u{C}'
                | '\u{1C}'
                | '\u{1D}'
                | '\u{1E}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        lines.push(s.get(start..i).unwrap_or_default());
        let mut next = i + c.len_utf8();
        if c == '\r' && it.peek().is_some_and(|&(_, n)| n == '\n') {
            it.next();
            next += 1;
        }
        start = next;
    }
    if start < s.len() {
        lines.push(s.get(start..).unwrap_or_default());
    }
    lines
}

/// Load predictions from a file's text as score.py's `load_preds()`: a JSON array of
/// records, one JSON record, or JSON Lines (one record a line, blank lines skipped).
pub fn load_predictions(text: &str) -> Result<Vec<Value>, EvalError> {
    let data = py_strip(text);
    if data.is_empty() {
        return Ok(Vec::new());
    }
    if data.starts_with('[') {
        let v: Value = serde_json::from_str(data)
            .map_err(|source| EvalError::PredJson { line: None, source })?;
        return Ok(match v {
            Value::Array(a) => a,
            other => vec![other],
        });
    }
    if let Ok(v) = serde_json::from_str::<Value>(data) {
        return Ok(vec![v]);
    }
    let mut recs = Vec::new();
    for (n, line) in py_splitlines(data).into_iter().enumerate() {
        if py_strip(line).is_empty() {
            continue;
        }
        let v = serde_json::from_str(line).map_err(|source| EvalError::PredJson {
            line: Some(n + 1),
            source,
        })?;
        recs.push(v);
    }
    Ok(recs)
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/// A cleaned and folded document, indexed by character as Python indexes a str.
struct Doc {
    text: String,
    /// Byte offset of every character, and the text's length at the end.
    offsets: Vec<usize>,
}

impl Doc {
    fn new(raw: &str, name: &str) -> Result<Doc, EvalError> {
        let (cleaned, too_long) = clean_checked(raw);
        if too_long {
            return Err(shape(
                name,
                "ValueError: Exceeds the limit (4300 digits) for integer string conversion",
            ));
        }
        let text = fold(&cleaned);
        let offsets = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        Ok(Doc { text, offsets })
    }

    /// Python's `text.find(sub, start)` in characters.
    fn find(&self, sub: &str, start: usize) -> Option<usize> {
        let from = *self.offsets.get(start)?;
        let at = self.text.get(from..)?.find(sub)? + from;
        self.offsets.binary_search(&at).ok()
    }

    /// score.py's `Doc.locate()`: the span of `s` at or after `hint`, else anywhere, else
    /// without leading/trailing punctuation.
    fn locate(&self, s: &str, hint: usize) -> Option<(usize, usize)> {
        let f = fold(s);
        let len = f.chars().count();
        if len < 2 {
            return None;
        }
        if let Some(i) = self.find(&f, hint).or_else(|| self.find(&f, 0)) {
            return Some((i, i + len));
        }
        let core = f.trim_matches(|c| END_PUNCT.contains(c));
        let len = core.chars().count();
        if len < 2 {
            return None;
        }
        let i = self.find(core, hint).or_else(|| self.find(core, 0))?;
        Some((i, i + len))
    }
}

type Span = (usize, usize);

fn overlap(a: Span, b: Span) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// A prediction's span matches a gold span: overlap of at least half the shorter one.
fn spans_match(p: Span, g: Span) -> bool {
    overlap(p, g) * 2 >= (p.1 - p.0).min(g.1 - g.0)
}

macro_rules! tally {
    ($($field:ident),* $(,)?) => {
        /// score.py's `Tally`: counters by name.
        #[derive(Debug, Clone, Default)]
        struct Tally { $($field: u64),* }
        impl Tally {
            fn absorb(&mut self, other: &Tally) { $(self.$field += other.$field;)* }
        }
    };
}

tally!(
    gold,
    found,
    tp,
    fp,
    neutral,
    pred_unlocated,
    kind_ok,
    cat_any,
    cat_main,
    body_gold_exp,
    body_gold_inh,
    body_hit_exp,
    body_hit_inh,
    body_pred,
    body_pred_ok,
    dl_gold,
    dl_hit,
    dl_kind_ok,
    dl_pred,
    dl_pred_ok,
    title_gold,
    title_ok,
    date_gold,
    date_ok,
);

/// One missed gold item or one extra prediction, as score.py's misses list.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// `missed` (a gold item no prediction matches) or `extra` (a prediction matching no gold item).
    pub what: &'static str,
    /// The document's file name (the gold file's `doc`).
    pub doc: String,
    /// The gold quote or the predicted text, cut to 60 characters.
    pub text: String,
}

fn score_doc(
    gold: &Obj,
    name: &str,
    pred: Option<&Obj>,
    doc: &Doc,
    t: &mut Tally,
    misses: &mut Vec<Miss>,
) -> Result<(), EvalError> {
    let key_error = |k: &str| shape(name, format!("KeyError: '{k}'"));
    let gold_tasks_value = gold.get("tasks").ok_or_else(|| key_error("tasks"))?;
    let mut gtasks: Vec<(&Obj, &str, Span)> = Vec::new();
    let mut ghint = 0;
    for g in py_iter(gold_tasks_value, name, "gold tasks")? {
        let g = as_obj(g, name, "gold tasks")?;
        let quote = match g.get("quote") {
            Some(Value::String(q)) => q.as_str(),
            Some(v) => {
                return Err(shape(
                    name,
                    format!("TypeError: a gold quote is a {}", type_name(v)),
                ))
            }
            None => return Err(key_error("quote")),
        };
        let Some(loc) = doc.locate(quote, ghint) else {
            return Err(EvalError::QuoteNotFound {
                doc: name.to_owned(),
                quote: first_chars(quote, 40),
            });
        };
        ghint = loc.1;
        gtasks.push((g, quote, loc));
    }

    let no_tasks = Value::Array(Vec::new());
    let pred_tasks_value = pred.and_then(|p| p.get("tasks")).unwrap_or(&no_tasks);
    let mut ptasks: Vec<(&Obj, String, Option<Span>)> = Vec::new();
    let mut hint = 0;
    for p in py_iter(pred_tasks_value, name, "predicted tasks")? {
        let p = as_obj(p, name, "predicted tasks")?;
        let text = match p.get("text") {
            None => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => {
                return Err(shape(
                    name,
                    format!(
                        "TypeError: normalize() argument 2 must be str, not {}",
                        type_name(v)
                    ),
                ))
            }
        };
        let loc = doc.locate(&text, hint);
        match loc {
            None => t.pred_unlocated += 1,
            Some(l) => hint = l.1,
        }
        ptasks.push((p, text, loc));
    }

    for (_, text, ploc) in &ptasks {
        let hits: Vec<&Obj> = gtasks
            .iter()
            .filter(|(_, _, gl)| ploc.is_some_and(|pl| spans_match(pl, *gl)))
            .map(|(g, _, _)| *g)
            .collect();
        if hits.iter().any(|g| !opt_truthy(g.get("optional"))) {
            t.tp += 1;
        } else if !hits.is_empty() {
            t.neutral += 1;
        } else {
            t.fp += 1;
            misses.push(Miss {
                what: "extra",
                doc: name.to_owned(),
                text: first_chars(text, 60),
            });
        }
    }

    let null = Value::Null;
    for &(g, quote, gl) in &gtasks {
        if opt_truthy(g.get("optional")) {
            continue;
        }
        t.gold += 1;
        let located: Vec<(&Obj, Span)> = ptasks
            .iter()
            .filter_map(|(p, _, pl)| pl.filter(|&pl| spans_match(pl, gl)).map(|pl| (*p, pl)))
            .collect();
        let Some((&first, rest)) = located.split_first() else {
            misses.push(Miss {
                what: "missed",
                doc: name.to_owned(),
                text: first_chars(quote, 60),
            });
            continue;
        };
        t.found += 1;
        let matched: Vec<&Obj> = located.iter().map(|(p, _)| *p).collect();
        // max() keeps the first of equal keys
        let mut best = first;
        for &cand in rest {
            if overlap(cand.1, gl) > overlap(best.1, gl) {
                best = cand;
            }
        }
        let best = best.0;
        let gkind = g.get("kind").ok_or_else(|| key_error("kind"))?;
        t.kind_ok += u64::from(py_eq(best.get("kind").unwrap_or(&null), gkind));

        let gcats = as_list(g.get("categories"), name)?;
        let mut pcats = Vec::new();
        for p in &matched {
            pcats.extend(as_list(p.get("categories"), name)?);
        }
        if let Some(v) = gcats
            .iter()
            .chain(&pcats)
            .find(|v| v.is_array() || v.is_object())
        {
            return Err(shape(
                name,
                format!("TypeError: unhashable type: '{}'", type_name(v)),
            ));
        }
        let any_common = gcats.iter().any(|a| pcats.iter().any(|b| py_eq(a, b)));
        t.cat_any += u64::from(any_common);
        let best_cats = as_list(best.get("categories"), name)?;
        let main_ok = match (gcats.first(), best_cats.first()) {
            (Some(a), Some(b)) => py_eq(a, b),
            _ => false,
        };
        t.cat_main += u64::from(main_ok);

        let mut pb = Vec::new();
        for p in &matched {
            pb.extend(body_list(p, name)?);
        }
        let gb = body_list(g, name)?;
        let inherited = Value::String("inherited".into());
        for (text, src) in &gb {
            let inh = py_eq(src, &inherited);
            if inh {
                t.body_gold_inh += 1;
            } else {
                t.body_gold_exp += 1;
            }
            if any_phrase_match(text, pb.iter().map(|(x, _)| x), name)? {
                if inh {
                    t.body_hit_inh += 1;
                } else {
                    t.body_hit_exp += 1;
                }
            }
        }
        for (text, _) in body_list(best, name)? {
            t.body_pred += 1;
            if any_phrase_match(&text, gb.iter().map(|(x, _)| x), name)? {
                t.body_pred_ok += 1;
            }
        }

        let mut pd = Vec::new();
        for p in &matched {
            pd.extend(deadline_list(p, name)?);
        }
        let gd = deadline_list(g, name)?;
        for (text, kind) in &gd {
            t.dl_gold += 1;
            let mut hit = Vec::new();
            for (x, k) in &pd {
                if phrase_match(text, x, name)? {
                    hit.push(k);
                }
            }
            if !hit.is_empty() {
                t.dl_hit += 1;
                let ok = !kind.is_null() && hit.iter().any(|k| py_eq(k, kind));
                t.dl_kind_ok += u64::from(ok);
            }
        }
        for (text, _) in deadline_list(best, name)? {
            t.dl_pred += 1;
            if any_phrase_match(&text, gd.iter().map(|(x, _)| x), name)? {
                t.dl_pred_ok += 1;
            }
        }
    }

    let empty = Obj::new();
    let gm = match py_or(gold.get("meta"), None) {
        None => &empty,
        Some(Value::Object(o)) => o,
        Some(v) => {
            return Err(shape(
                name,
                format!("AttributeError: meta is a {}", type_name(v)),
            ))
        }
    };
    let pm = match pred.and_then(|p| p.get("doc")) {
        Some(Value::Object(o)) => o,
        _ => &empty,
    };
    if let Some(title) = gm.get("title").filter(|v| truthy(v)) {
        t.title_gold += 1;
        let ptitle = py_or(pm.get("title"), None);
        let ptitle = match ptitle {
            Some(v) => fold_value(v, name)?,
            None => String::new(),
        };
        t.title_ok += u64::from(fold_value(title, name)? == ptitle);
    }
    if let Some(date) = gm.get("date").filter(|v| truthy(v)) {
        t.date_gold += 1;
        let n = match date {
            Value::String(s) => s.chars().count(),
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            v => {
                return Err(shape(
                    name,
                    format!("TypeError: object of type '{}' has no len()", type_name(v)),
                ))
            }
        };
        let pdate = py_or(pm.get("date"), None);
        let cut = match pdate {
            None => Value::String(String::new()),
            Some(Value::String(s)) => Value::String(first_chars(s, n)),
            Some(Value::Array(a)) => Value::Array(a.iter().take(n).cloned().collect()),
            Some(v) => {
                return Err(shape(
                    name,
                    format!("TypeError: '{}' object is not subscriptable", type_name(v)),
                ))
            }
        };
        t.date_ok += u64::from(py_eq(date, &cut));
    }
    Ok(())
}

/// Figures over a set of documents, the same keys and meaning as score.py's `summary()`
/// (`None` where Python gives `None`: a ratio over nothing, an F1 without both parts).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// Gold task items that are not optional.
    pub tasks_gold: u64,
    /// Predictions that match a non-optional gold item.
    pub tasks_pred_tp: u64,
    /// Predictions that match no gold item (including those not found in the text).
    pub tasks_pred_fp: u64,
    /// Predictions whose text was not found in the cleaned document.
    pub tasks_pred_unlocated: u64,
    /// tp / (tp + fp).
    pub task_precision: Option<f64>,
    /// Gold items found / gold items.
    pub task_recall: Option<f64>,
    /// F1 of task precision and recall.
    pub task_f1: Option<f64>,
    /// Found gold items whose best prediction has the same `kind`.
    pub kind_accuracy: Option<f64>,
    /// Found gold items sharing a category with a matching prediction.
    pub category_any: Option<f64>,
    /// Found gold items whose best prediction has the same main (first) category.
    pub category_main: Option<f64>,
    /// Bodies of best predictions that match a gold body.
    pub body_precision: Option<f64>,
    /// Gold bodies matched by a body of a matching prediction.
    pub body_recall: Option<f64>,
    /// F1 of body precision and recall.
    pub body_f1: Option<f64>,
    /// Body recall over `explicit` gold bodies.
    pub body_recall_explicit: Option<f64>,
    /// Body recall over `inherited` gold bodies.
    pub body_recall_inherited: Option<f64>,
    /// Deadlines of best predictions that match a gold deadline.
    pub deadline_precision: Option<f64>,
    /// Gold deadlines matched by a deadline of a matching prediction.
    pub deadline_recall: Option<f64>,
    /// F1 of deadline precision and recall.
    pub deadline_f1: Option<f64>,
    /// Matched gold deadlines whose kind one of the matching predicted deadlines has.
    pub deadline_kind_accuracy: Option<f64>,
    /// Documents whose folded title equals the gold title.
    pub title_accuracy: Option<f64>,
    /// Documents whose date starts with the gold date.
    pub date_accuracy: Option<f64>,
}

/// One value of a [`Summary`]: a count, or a ratio that may be undefined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// An integer count.
    Count(u64),
    /// A ratio; `None` where the denominator is zero.
    Ratio(Option<f64>),
}

/// score.py's `ratio()`.
fn ratio(a: u64, b: u64) -> Option<f64> {
    if b == 0 {
        None
    } else {
        Some(a as f64 / b as f64)
    }
}

/// score.py's `f1()`.
fn f1(p: Option<f64>, r: Option<f64>) -> Option<f64> {
    match (p, r) {
        (Some(p), Some(r)) if p + r != 0.0 => Some(2.0 * p * r / (p + r)),
        _ => None,
    }
}

impl Summary {
    fn from_tally(t: &Tally) -> Summary {
        let (p, r) = (ratio(t.tp, t.tp + t.fp), ratio(t.found, t.gold));
        let bp = ratio(t.body_pred_ok, t.body_pred);
        let br = ratio(
            t.body_hit_exp + t.body_hit_inh,
            t.body_gold_exp + t.body_gold_inh,
        );
        let (dp, dr) = (ratio(t.dl_pred_ok, t.dl_pred), ratio(t.dl_hit, t.dl_gold));
        Summary {
            tasks_gold: t.gold,
            tasks_pred_tp: t.tp,
            tasks_pred_fp: t.fp,
            tasks_pred_unlocated: t.pred_unlocated,
            task_precision: p,
            task_recall: r,
            task_f1: f1(p, r),
            kind_accuracy: ratio(t.kind_ok, t.found),
            category_any: ratio(t.cat_any, t.found),
            category_main: ratio(t.cat_main, t.found),
            body_precision: bp,
            body_recall: br,
            body_f1: f1(bp, br),
            body_recall_explicit: ratio(t.body_hit_exp, t.body_gold_exp),
            body_recall_inherited: ratio(t.body_hit_inh, t.body_gold_inh),
            deadline_precision: dp,
            deadline_recall: dr,
            deadline_f1: f1(dp, dr),
            deadline_kind_accuracy: ratio(t.dl_kind_ok, t.dl_hit),
            title_accuracy: ratio(t.title_ok, t.title_gold),
            date_accuracy: ratio(t.date_ok, t.date_gold),
        }
    }

    /// The figures by key, in score.py's order.
    pub fn figures(&self) -> [(&'static str, Figure); 21] {
        use Figure::{Count, Ratio};
        [
            ("tasks_gold", Count(self.tasks_gold)),
            ("tasks_pred_tp", Count(self.tasks_pred_tp)),
            ("tasks_pred_fp", Count(self.tasks_pred_fp)),
            ("tasks_pred_unlocated", Count(self.tasks_pred_unlocated)),
            ("task_precision", Ratio(self.task_precision)),
            ("task_recall", Ratio(self.task_recall)),
            ("task_f1", Ratio(self.task_f1)),
            ("kind_accuracy", Ratio(self.kind_accuracy)),
            ("category_any", Ratio(self.category_any)),
            ("category_main", Ratio(self.category_main)),
            ("body_precision", Ratio(self.body_precision)),
            ("body_recall", Ratio(self.body_recall)),
            ("body_f1", Ratio(self.body_f1)),
            ("body_recall_explicit", Ratio(self.body_recall_explicit)),
            ("body_recall_inherited", Ratio(self.body_recall_inherited)),
            ("deadline_precision", Ratio(self.deadline_precision)),
            ("deadline_recall", Ratio(self.deadline_recall)),
            ("deadline_f1", Ratio(self.deadline_f1)),
            ("deadline_kind_accuracy", Ratio(self.deadline_kind_accuracy)),
            ("title_accuracy", Ratio(self.title_accuracy)),
            ("date_accuracy", Ratio(self.date_accuracy)),
        ]
    }
}

/// The outcome of scoring: figures over all documents and per document, the misses, and
/// the gold documents that had no prediction (score.py warns about them on stderr).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Figures over all gold files.
    pub total: Summary,
    /// Figures per document (the gold file's `doc`), in gold file order; a document named
    /// by two gold files keeps its first place and the later figures, like a Python dict.
    pub per_doc: Vec<(String, Summary)>,
    /// Missed gold items and extra predictions, in score.py's order.
    pub misses: Vec<Miss>,
    /// Gold documents for which no prediction record was given.
    pub missing_predictions: Vec<String>,
}

/// The gold files score.py reads: `glob(GOLD/*.json)` (no hidden names), sorted.
fn gold_files(gold_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(gold_dir) else {
        return Vec::new(); // glob() finds nothing in a folder it cannot list
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name.ends_with(".json") && !name.starts_with('.')).then(|| (name, e.path()))
        })
        .collect();
    files.sort();
    files.into_iter().map(|(_, p)| p).collect()
}

/// Score predicted document records against every gold `*.json` in `gold_dir`, reading
/// each gold file's document from `corpus_dir` (bytes decoded as [`decode`]).
///
/// Records are paired with gold files by file name (`doc.path`,
/// `path`, `doc.id`, `id`, or `doc` when it is a string, reduced to its last path
/// component); of several records for one document the last one counts. A gold folder
/// that cannot be listed holds no gold files, as for score.py's `glob`.
pub fn score(
    gold_dir: &Path,
    corpus_dir: &Path,
    predictions: &[Value],
) -> Result<Report, EvalError> {
    score_with(gold_dir, corpus_dir, predictions, &decode)
}

/// [`score`] with another decoder for the corpus documents: score.py reads Big5 and UTF-16
/// files wrongly (see [`decode`]), so `zhenggai eval --decode detect` scores them as
/// zhenggai reads them.
pub fn score_with(
    gold_dir: &Path,
    corpus_dir: &Path,
    predictions: &[Value],
    decoder: &dyn Fn(&[u8]) -> String,
) -> Result<Report, EvalError> {
    let mut preds: HashMap<String, &Obj> = HashMap::new();
    for rec in predictions {
        if let Some(name) = record_name(rec)?.filter(|n| !n.is_empty()) {
            if let Value::Object(o) = rec {
                preds.insert(name, o);
            }
        }
    }
    let mut total = Tally::default();
    let mut misses = Vec::new();
    let mut per_doc: Vec<(String, Summary)> = Vec::new();
    let mut missing_predictions = Vec::new();
    for gp in gold_files(gold_dir) {
        let bytes = std::fs::read(&gp).map_err(|source| EvalError::Io {
            path: gp.clone(),
            source,
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|source| EvalError::Utf8 {
            path: gp.clone(),
            source,
        })?;
        let gold: Value = serde_json::from_str(text).map_err(|source| EvalError::Json {
            path: gp.clone(),
            source,
        })?;
        let file = gp.display().to_string();
        let Value::Object(gold) = &gold else {
            return Err(shape(
                &file,
                format!("TypeError: the gold file holds a {}", type_name(&gold)),
            ));
        };
        let name = match gold.get("doc") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => {
                return Err(shape(
                    &file,
                    format!("TypeError: doc is a {}, not a str", type_name(v)),
                ))
            }
            None => return Err(shape(&file, "KeyError: 'doc'")),
        };
        let path = corpus_dir.join(&name);
        let raw = std::fs::read(&path).map_err(|source| EvalError::Io { path, source })?;
        let doc = Doc::new(&decoder(&raw), &name)?;
        let mut t = Tally::default();
        let pred = preds.get(&name).copied();
        score_doc(gold, &name, pred, &doc, &mut t, &mut misses)?;
        if pred.is_none() {
            missing_predictions.push(name.clone());
        }
        total.absorb(&t);
        let summary = Summary::from_tally(&t);
        match per_doc.iter_mut().find(|(d, _)| *d == name) {
            Some(slot) => slot.1 = summary,
            None => per_doc.push((name, summary)),
        }
    }
    Ok(Report {
        total: Summary::from_tally(&total),
        per_doc,
        misses,
        missing_predictions,
    })
}

/// The text score.py prints on stdout: a line per document if `per_doc`
/// (`NAME key=0.00 …`), up to `misses` miss lines (`what<TAB>doc<TAB>text`), then the
/// summary table (`{key:<width}  {value:.3}`; counts plain, undefined ratios `None`).
pub fn format_report(r: &Report, per_doc: bool, misses: usize) -> String {
    let mut out = String::new();
    if per_doc {
        for (d, s) in &r.per_doc {
            let figures: Vec<String> = [
                ("task_precision", s.task_precision),
                ("task_recall", s.task_recall),
                ("category_any", s.category_any),
                ("body_f1", s.body_f1),
                ("deadline_f1", s.deadline_f1),
            ]
            .iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}={v:.2}")))
            .collect();
            out.push_str(&format!("{d} {}\n", figures.join(" ")));
        }
    }
    for m in r.misses.iter().take(misses) {
        out.push_str(&format!("{}\t{}\t{}\n", m.what, m.doc, m.text));
    }
    let figures = r.total.figures();
    let width = figures.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in figures {
        let line = match v {
            Figure::Count(n) => format!("{k:<width$}  {n}\n"),
            Figure::Ratio(Some(x)) => format!("{k:<width$}  {x:.3}\n"),
            Figure::Ratio(None) => format!("{k:<width$}  None\n"),
        };
        out.push_str(&line);
    }
    out
}

/// A JSON string as Python's `json.dumps(..., ensure_ascii=False)` writes it.
fn py_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{C}' => out.push_str("\\f"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn push_summary_json(out: &mut String, s: &Summary, indent: &str) {
    out.push('{');
    for (i, (k, v)) in s.figures().iter().enumerate() {
        let value = match v {
            Figure::Count(n) => n.to_string(),
            Figure::Ratio(Some(x)) => py_float_repr(*x),
            Figure::Ratio(None) => "null".into(),
        };
        let sep = if i == 0 { "" } else { "," };
        out.push_str(&format!("{sep}\n{indent} \"{k}\": {value}"));
    }
    out.push_str(&format!("\n{indent}}}"));
}

/// The text of score.py's `--json` file: `{"total": …, "per_doc": {…}}` as
/// `json.dump(..., ensure_ascii=False, indent=1)` writes it.
pub fn format_json(r: &Report) -> String {
    let mut out = String::from("{\n \"total\": ");
    push_summary_json(&mut out, &r.total, " ");
    out.push_str(",\n \"per_doc\": ");
    if r.per_doc.is_empty() {
        out.push_str("{}");
    } else {
        out.push('{');
        for (i, (d, s)) in r.per_doc.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            out.push_str(&format!("{sep}\n  {}: ", py_json_string(d)));
            push_summary_json(&mut out, s, "  ");
        }
        out.push_str("\n }");
    }
    out.push_str("\n}");
    out
}

/// Tables taken from Python 3.11 (`unicodedata` 14.0 and `html.entities`).
mod tables {
    /// Code point ranges (inclusive pairs) unassigned (`Cn`) in Unicode 14.0, the `unicodedata` of Python 3.11.
    pub(super) const PY_UNASSIGNED: [u32; 1396] = [
        0x378, 0x379, 0x380, 0x383, 0x38b, 0x38b, 0x38d, 0x38d, 0x3a2, 0x3a2, 0x530, 0x530, 0x557,
        0x558, 0x58b, 0x58c, 0x590, 0x590, 0x5c8, 0x5cf, 0x5eb, 0x5ee, 0x5f5, 0x5ff, 0x70e, 0x70e,
        0x74b, 0x74c, 0x7b2, 0x7bf, 0x7fb, 0x7fc, 0x82e, 0x82f, 0x83f, 0x83f, 0x85c, 0x85d, 0x85f,
        0x85f, 0x86b, 0x86f, 0x88f, 0x88f, 0x892, 0x897, 0x984, 0x984, 0x98d, 0x98e, 0x991, 0x992,
        0x9a9, 0x9a9, 0x9b1, 0x9b1, 0x9b3, 0x9b5, 0x9ba, 0x9bb, 0x9c5, 0x9c6, 0x9c9, 0x9ca, 0x9cf,
        0x9d6, 0x9d8, 0x9db, 0x9de, 0x9de, 0x9e4, 0x9e5, 0x9ff, 0xa00, 0xa04, 0xa04, 0xa0b, 0xa0e,
        0xa11, 0xa12, 0xa29, 0xa29, 0xa31, 0xa31, 0xa34, 0xa34, 0xa37, 0xa37, 0xa3a, 0xa3b, 0xa3d,
        0xa3d, 0xa43, 0xa46, 0xa49, 0xa4a, 0xa4e, 0xa50, 0xa52, 0xa58, 0xa5d, 0xa5d, 0xa5f, 0xa65,
        0xa77, 0xa80, 0xa84, 0xa84, 0xa8e, 0xa8e, 0xa92, 0xa92, 0xaa9, 0xaa9, 0xab1, 0xab1, 0xab4,
        0xab4, 0xaba, 0xabb, 0xac6, 0xac6, 0xaca, 0xaca, 0xace, 0xacf, 0xad1, 0xadf, 0xae4, 0xae5,
        0xaf2, 0xaf8, 0xb00, 0xb00, 0xb04, 0xb04, 0xb0d, 0xb0e, 0xb11, 0xb12, 0xb29, 0xb29, 0xb31,
        0xb31, 0xb34, 0xb34, 0xb3a, 0xb3b, 0xb45, 0xb46, 0xb49, 0xb4a, 0xb4e, 0xb54, 0xb58, 0xb5b,
        0xb5e, 0xb5e, 0xb64, 0xb65, 0xb78, 0xb81, 0xb84, 0xb84, 0xb8b, 0xb8d, 0xb91, 0xb91, 0xb96,
        0xb98, 0xb9b, 0xb9b, 0xb9d, 0xb9d, 0xba0, 0xba2, 0xba5, 0xba7, 0xbab, 0xbad, 0xbba, 0xbbd,
        0xbc3, 0xbc5, 0xbc9, 0xbc9, 0xbce, 0xbcf, 0xbd1, 0xbd6, 0xbd8, 0xbe5, 0xbfb, 0xbff, 0xc0d,
        0xc0d, 0xc11, 0xc11, 0xc29, 0xc29, 0xc3a, 0xc3b, 0xc45, 0xc45, 0xc49, 0xc49, 0xc4e, 0xc54,
        0xc57, 0xc57, 0xc5b, 0xc5c, 0xc5e, 0xc5f, 0xc64, 0xc65, 0xc70, 0xc76, 0xc8d, 0xc8d, 0xc91,
        0xc91, 0xca9, 0xca9, 0xcb4, 0xcb4, 0xcba, 0xcbb, 0xcc5, 0xcc5, 0xcc9, 0xcc9, 0xcce, 0xcd4,
        0xcd7, 0xcdc, 0xcdf, 0xcdf, 0xce4, 0xce5, 0xcf0, 0xcf0, 0xcf3, 0xcff, 0xd0d, 0xd0d, 0xd11,
        0xd11, 0xd45, 0xd45, 0xd49, 0xd49, 0xd50, 0xd53, 0xd64, 0xd65, 0xd80, 0xd80, 0xd84, 0xd84,
        0xd97, 0xd99, 0xdb2, 0xdb2, 0xdbc, 0xdbc, 0xdbe, 0xdbf, 0xdc7, 0xdc9, 0xdcb, 0xdce, 0xdd5,
        0xdd5, 0xdd7, 0xdd7, 0xde0, 0xde5, 0xdf0, 0xdf1, 0xdf5, 0xe00, 0xe3b, 0xe3e, 0xe5c, 0xe80,
        0xe83, 0xe83, 0xe85, 0xe85, 0xe8b, 0xe8b, 0xea4, 0xea4, 0xea6, 0xea6, 0xebe, 0xebf, 0xec5,
        0xec5, 0xec7, 0xec7, 0xece, 0xecf, 0xeda, 0xedb, 0xee0, 0xeff, 0xf48, 0xf48, 0xf6d, 0xf70,
        0xf98, 0xf98, 0xfbd, 0xfbd, 0xfcd, 0xfcd, 0xfdb, 0xfff, 0x10c6, 0x10c6, 0x10c8, 0x10cc,
        0x10ce, 0x10cf, 0x1249, 0x1249, 0x124e, 0x124f, 0x1257, 0x1257, 0x1259, 0x1259, 0x125e,
        0x125f, 0x1289, 0x1289, 0x128e, 0x128f, 0x12b1, 0x12b1, 0x12b6, 0x12b7, 0x12bf, 0x12bf,
        0x12c1, 0x12c1, 0x12c6, 0x12c7, 0x12d7, 0x12d7, 0x1311, 0x1311, 0x1316, 0x1317, 0x135b,
        0x135c, 0x137d, 0x137f, 0x139a, 0x139f, 0x13f6, 0x13f7, 0x13fe, 0x13ff, 0x169d, 0x169f,
        0x16f9, 0x16ff, 0x1716, 0x171e, 0x1737, 0x173f, 0x1754, 0x175f, 0x176d, 0x176d, 0x1771,
        0x1771, 0x1774, 0x177f, 0x17de, 0x17df, 0x17ea, 0x17ef, 0x17fa, 0x17ff, 0x181a, 0x181f,
        0x1879, 0x187f, 0x18ab, 0x18af, 0x18f6, 0x18ff, 0x191f, 0x191f, 0x192c, 0x192f, 0x193c,
        0x193f, 0x1941, 0x1943, 0x196e, 0x196f, 0x1975, 0x197f, 0x19ac, 0x19af, 0x19ca, 0x19cf,
        0x19db, 0x19dd, 0x1a1c, 0x1a1d, 0x1a5f, 0x1a5f, 0x1a7d, 0x1a7e, 0x1a8a, 0x1a8f, 0x1a9a,
        0x1a9f, 0x1aae, 0x1aaf, 0x1acf, 0x1aff, 0x1b4d, 0x1b4f, 0x1b7f, 0x1b7f, 0x1bf4, 0x1bfb,
        0x1c38, 0x1c3a, 0x1c4a, 0x1c4c, 0x1c89, 0x1c8f, 0x1cbb, 0x1cbc, 0x1cc8, 0x1ccf, 0x1cfb,
        0x1cff, 0x1f16, 0x1f17, 0x1f1e, 0x1f1f, 0x1f46, 0x1f47, 0x1f4e, 0x1f4f, 0x1f58, 0x1f58,
        0x1f5a, 0x1f5a, 0x1f5c, 0x1f5c, 0x1f5e, 0x1f5e, 0x1f7e, 0x1f7f, 0x1fb5, 0x1fb5, 0x1fc5,
        0x1fc5, 0x1fd4, 0x1fd5, 0x1fdc, 0x1fdc, 0x1ff0, 0x1ff1, 0x1ff5, 0x1ff5, 0x1fff, 0x1fff,
        0x2065, 0x2065, 0x2072, 0x2073, 0x208f, 0x208f, 0x209d, 0x209f, 0x20c1, 0x20cf, 0x20f1,
        0x20ff, 0x218c, 0x218f, 0x2427, 0x243f, 0x244b, 0x245f, 0x2b74, 0x2b75, 0x2b96, 0x2b96,
        0x2cf4, 0x2cf8, 0x2d26, 0x2d26, 0x2d28, 0x2d2c, 0x2d2e, 0x2d2f, 0x2d68, 0x2d6e, 0x2d71,
        0x2d7e, 0x2d97, 0x2d9f, 0x2da7, 0x2da7, 0x2daf, 0x2daf, 0x2db7, 0x2db7, 0x2dbf, 0x2dbf,
        0x2dc7, 0x2dc7, 0x2dcf, 0x2dcf, 0x2dd7, 0x2dd7, 0x2ddf, 0x2ddf, 0x2e5e, 0x2e7f, 0x2e9a,
        0x2e9a, 0x2ef4, 0x2eff, 0x2fd6, 0x2fef, 0x2ffc, 0x2fff, 0x3040, 0x3040, 0x3097, 0x3098,
        0x3100, 0x3104, 0x3130, 0x3130, 0x318f, 0x318f, 0x31e4, 0x31ef, 0x321f, 0x321f, 0xa48d,
        0xa48f, 0xa4c7, 0xa4cf, 0xa62c, 0xa63f, 0xa6f8, 0xa6ff, 0xa7cb, 0xa7cf, 0xa7d2, 0xa7d2,
        0xa7d4, 0xa7d4, 0xa7da, 0xa7f1, 0xa82d, 0xa82f, 0xa83a, 0xa83f, 0xa878, 0xa87f, 0xa8c6,
        0xa8cd, 0xa8da, 0xa8df, 0xa954, 0xa95e, 0xa97d, 0xa97f, 0xa9ce, 0xa9ce, 0xa9da, 0xa9dd,
        0xa9ff, 0xa9ff, 0xaa37, 0xaa3f, 0xaa4e, 0xaa4f, 0xaa5a, 0xaa5b, 0xaac3, 0xaada, 0xaaf7,
        0xab00, 0xab07, 0xab08, 0xab0f, 0xab10, 0xab17, 0xab1f, 0xab27, 0xab27, 0xab2f, 0xab2f,
        0xab6c, 0xab6f, 0xabee, 0xabef, 0xabfa, 0xabff, 0xd7a4, 0xd7af, 0xd7c7, 0xd7ca, 0xd7fc,
        0xd7ff, 0xfa6e, 0xfa6f, 0xfada, 0xfaff, 0xfb07, 0xfb12, 0xfb18, 0xfb1c, 0xfb37, 0xfb37,
        0xfb3d, 0xfb3d, 0xfb3f, 0xfb3f, 0xfb42, 0xfb42, 0xfb45, 0xfb45, 0xfbc3, 0xfbd2, 0xfd90,
        0xfd91, 0xfdc8, 0xfdce, 0xfdd0, 0xfdef, 0xfe1a, 0xfe1f, 0xfe53, 0xfe53, 0xfe67, 0xfe67,
        0xfe6c, 0xfe6f, 0xfe75, 0xfe75, 0xfefd, 0xfefe, 0xff00, 0xff00, 0xffbf, 0xffc1, 0xffc8,
        0xffc9, 0xffd0, 0xffd1, 0xffd8, 0xffd9, 0xffdd, 0xffdf, 0xffe7, 0xffe7, 0xffef, 0xfff8,
        0xfffe, 0xffff, 0x1000c, 0x1000c, 0x10027, 0x10027, 0x1003b, 0x1003b, 0x1003e, 0x1003e,
        0x1004e, 0x1004f, 0x1005e, 0x1007f, 0x100fb, 0x100ff, 0x10103, 0x10106, 0x10134, 0x10136,
        0x1018f, 0x1018f, 0x1019d, 0x1019f, 0x101a1, 0x101cf, 0x101fe, 0x1027f, 0x1029d, 0x1029f,
        0x102d1, 0x102df, 0x102fc, 0x102ff, 0x10324, 0x1032c, 0x1034b, 0x1034f, 0x1037b, 0x1037f,
        0x1039e, 0x1039e, 0x103c4, 0x103c7, 0x103d6, 0x103ff, 0x1049e, 0x1049f, 0x104aa, 0x104af,
        0x104d4, 0x104d7, 0x104fc, 0x104ff, 0x10528, 0x1052f, 0x10564, 0x1056e, 0x1057b, 0x1057b,
        0x1058b, 0x1058b, 0x10593, 0x10593, 0x10596, 0x10596, 0x105a2, 0x105a2, 0x105b2, 0x105b2,
        0x105ba, 0x105ba, 0x105bd, 0x105ff, 0x10737, 0x1073f, 0x10756, 0x1075f, 0x10768, 0x1077f,
        0x10786, 0x10786, 0x107b1, 0x107b1, 0x107bb, 0x107ff, 0x10806, 0x10807, 0x10809, 0x10809,
        0x10836, 0x10836, 0x10839, 0x1083b, 0x1083d, 0x1083e, 0x10856, 0x10856, 0x1089f, 0x108a6,
        0x108b0, 0x108df, 0x108f3, 0x108f3, 0x108f6, 0x108fa, 0x1091c, 0x1091e, 0x1093a, 0x1093e,
        0x10940, 0x1097f, 0x109b8, 0x109bb, 0x109d0, 0x109d1, 0x10a04, 0x10a04, 0x10a07, 0x10a0b,
        0x10a14, 0x10a14, 0x10a18, 0x10a18, 0x10a36, 0x10a37, 0x10a3b, 0x10a3e, 0x10a49, 0x10a4f,
        0x10a59, 0x10a5f, 0x10aa0, 0x10abf, 0x10ae7, 0x10aea, 0x10af7, 0x10aff, 0x10b36, 0x10b38,
        0x10b56, 0x10b57, 0x10b73, 0x10b77, 0x10b92, 0x10b98, 0x10b9d, 0x10ba8, 0x10bb0, 0x10bff,
        0x10c49, 0x10c7f, 0x10cb3, 0x10cbf, 0x10cf3, 0x10cf9, 0x10d28, 0x10d2f, 0x10d3a, 0x10e5f,
        0x10e7f, 0x10e7f, 0x10eaa, 0x10eaa, 0x10eae, 0x10eaf, 0x10eb2, 0x10eff, 0x10f28, 0x10f2f,
        0x10f5a, 0x10f6f, 0x10f8a, 0x10faf, 0x10fcc, 0x10fdf, 0x10ff7, 0x10fff, 0x1104e, 0x11051,
        0x11076, 0x1107e, 0x110c3, 0x110cc, 0x110ce, 0x110cf, 0x110e9, 0x110ef, 0x110fa, 0x110ff,
        0x11135, 0x11135, 0x11148, 0x1114f, 0x11177, 0x1117f, 0x111e0, 0x111e0, 0x111f5, 0x111ff,
        0x11212, 0x11212, 0x1123f, 0x1127f, 0x11287, 0x11287, 0x11289, 0x11289, 0x1128e, 0x1128e,
        0x1129e, 0x1129e, 0x112aa, 0x112af, 0x112eb, 0x112ef, 0x112fa, 0x112ff, 0x11304, 0x11304,
        0x1130d, 0x1130e, 0x11311, 0x11312, 0x11329, 0x11329, 0x11331, 0x11331, 0x11334, 0x11334,
        0x1133a, 0x1133a, 0x11345, 0x11346, 0x11349, 0x1134a, 0x1134e, 0x1134f, 0x11351, 0x11356,
        0x11358, 0x1135c, 0x11364, 0x11365, 0x1136d, 0x1136f, 0x11375, 0x113ff, 0x1145c, 0x1145c,
        0x11462, 0x1147f, 0x114c8, 0x114cf, 0x114da, 0x1157f, 0x115b6, 0x115b7, 0x115de, 0x115ff,
        0x11645, 0x1164f, 0x1165a, 0x1165f, 0x1166d, 0x1167f, 0x116ba, 0x116bf, 0x116ca, 0x116ff,
        0x1171b, 0x1171c, 0x1172c, 0x1172f, 0x11747, 0x117ff, 0x1183c, 0x1189f, 0x118f3, 0x118fe,
        0x11907, 0x11908, 0x1190a, 0x1190b, 0x11914, 0x11914, 0x11917, 0x11917, 0x11936, 0x11936,
        0x11939, 0x1193a, 0x11947, 0x1194f, 0x1195a, 0x1199f, 0x119a8, 0x119a9, 0x119d8, 0x119d9,
        0x119e5, 0x119ff, 0x11a48, 0x11a4f, 0x11aa3, 0x11aaf, 0x11af9, 0x11bff, 0x11c09, 0x11c09,
        0x11c37, 0x11c37, 0x11c46, 0x11c4f, 0x11c6d, 0x11c6f, 0x11c90, 0x11c91, 0x11ca8, 0x11ca8,
        0x11cb7, 0x11cff, 0x11d07, 0x11d07, 0x11d0a, 0x11d0a, 0x11d37, 0x11d39, 0x11d3b, 0x11d3b,
        0x11d3e, 0x11d3e, 0x11d48, 0x11d4f, 0x11d5a, 0x11d5f, 0x11d66, 0x11d66, 0x11d69, 0x11d69,
        0x11d8f, 0x11d8f, 0x11d92, 0x11d92, 0x11d99, 0x11d9f, 0x11daa, 0x11edf, 0x11ef9, 0x11faf,
        0x11fb1, 0x11fbf, 0x11ff2, 0x11ffe, 0x1239a, 0x123ff, 0x1246f, 0x1246f, 0x12475, 0x1247f,
        0x12544, 0x12f8f, 0x12ff3, 0x12fff, 0x1342f, 0x1342f, 0x13439, 0x143ff, 0x14647, 0x167ff,
        0x16a39, 0x16a3f, 0x16a5f, 0x16a5f, 0x16a6a, 0x16a6d, 0x16abf, 0x16abf, 0x16aca, 0x16acf,
        0x16aee, 0x16aef, 0x16af6, 0x16aff, 0x16b46, 0x16b4f, 0x16b5a, 0x16b5a, 0x16b62, 0x16b62,
        0x16b78, 0x16b7c, 0x16b90, 0x16e3f, 0x16e9b, 0x16eff, 0x16f4b, 0x16f4e, 0x16f88, 0x16f8e,
        0x16fa0, 0x16fdf, 0x16fe5, 0x16fef, 0x16ff2, 0x16fff, 0x187f8, 0x187ff, 0x18cd6, 0x18cff,
        0x18d09, 0x1afef, 0x1aff4, 0x1aff4, 0x1affc, 0x1affc, 0x1afff, 0x1afff, 0x1b123, 0x1b14f,
        0x1b153, 0x1b163, 0x1b168, 0x1b16f, 0x1b2fc, 0x1bbff, 0x1bc6b, 0x1bc6f, 0x1bc7d, 0x1bc7f,
        0x1bc89, 0x1bc8f, 0x1bc9a, 0x1bc9b, 0x1bca4, 0x1ceff, 0x1cf2e, 0x1cf2f, 0x1cf47, 0x1cf4f,
        0x1cfc4, 0x1cfff, 0x1d0f6, 0x1d0ff, 0x1d127, 0x1d128, 0x1d1eb, 0x1d1ff, 0x1d246, 0x1d2df,
        0x1d2f4, 0x1d2ff, 0x1d357, 0x1d35f, 0x1d379, 0x1d3ff, 0x1d455, 0x1d455, 0x1d49d, 0x1d49d,
        0x1d4a0, 0x1d4a1, 0x1d4a3, 0x1d4a4, 0x1d4a7, 0x1d4a8, 0x1d4ad, 0x1d4ad, 0x1d4ba, 0x1d4ba,
        0x1d4bc, 0x1d4bc, 0x1d4c4, 0x1d4c4, 0x1d506, 0x1d506, 0x1d50b, 0x1d50c, 0x1d515, 0x1d515,
        0x1d51d, 0x1d51d, 0x1d53a, 0x1d53a, 0x1d53f, 0x1d53f, 0x1d545, 0x1d545, 0x1d547, 0x1d549,
        0x1d551, 0x1d551, 0x1d6a6, 0x1d6a7, 0x1d7cc, 0x1d7cd, 0x1da8c, 0x1da9a, 0x1daa0, 0x1daa0,
        0x1dab0, 0x1deff, 0x1df1f, 0x1dfff, 0x1e007, 0x1e007, 0x1e019, 0x1e01a, 0x1e022, 0x1e022,
        0x1e025, 0x1e025, 0x1e02b, 0x1e0ff, 0x1e12d, 0x1e12f, 0x1e13e, 0x1e13f, 0x1e14a, 0x1e14d,
        0x1e150, 0x1e28f, 0x1e2af, 0x1e2bf, 0x1e2fa, 0x1e2fe, 0x1e300, 0x1e7df, 0x1e7e7, 0x1e7e7,
        0x1e7ec, 0x1e7ec, 0x1e7ef, 0x1e7ef, 0x1e7ff, 0x1e7ff, 0x1e8c5, 0x1e8c6, 0x1e8d7, 0x1e8ff,
        0x1e94c, 0x1e94f, 0x1e95a, 0x1e95d, 0x1e960, 0x1ec70, 0x1ecb5, 0x1ed00, 0x1ed3e, 0x1edff,
        0x1ee04, 0x1ee04, 0x1ee20, 0x1ee20, 0x1ee23, 0x1ee23, 0x1ee25, 0x1ee26, 0x1ee28, 0x1ee28,
        0x1ee33, 0x1ee33, 0x1ee38, 0x1ee38, 0x1ee3a, 0x1ee3a, 0x1ee3c, 0x1ee41, 0x1ee43, 0x1ee46,
        0x1ee48, 0x1ee48, 0x1ee4a, 0x1ee4a, 0x1ee4c, 0x1ee4c, 0x1ee50, 0x1ee50, 0x1ee53, 0x1ee53,
        0x1ee55, 0x1ee56, 0x1ee58, 0x1ee58, 0x1ee5a, 0x1ee5a, 0x1ee5c, 0x1ee5c, 0x1ee5e, 0x1ee5e,
        0x1ee60, 0x1ee60, 0x1ee63, 0x1ee63, 0x1ee65, 0x1ee66, 0x1ee6b, 0x1ee6b, 0x1ee73, 0x1ee73,
        0x1ee78, 0x1ee78, 0x1ee7d, 0x1ee7d, 0x1ee7f, 0x1ee7f, 0x1ee8a, 0x1ee8a, 0x1ee9c, 0x1eea0,
        0x1eea4, 0x1eea4, 0x1eeaa, 0x1eeaa, 0x1eebc, 0x1eeef, 0x1eef2, 0x1efff, 0x1f02c, 0x1f02f,
        0x1f094, 0x1f09f, 0x1f0af, 0x1f0b0, 0x1f0c0, 0x1f0c0, 0x1f0d0, 0x1f0d0, 0x1f0f6, 0x1f0ff,
        0x1f1ae, 0x1f1e5, 0x1f203, 0x1f20f, 0x1f23c, 0x1f23f, 0x1f249, 0x1f24f, 0x1f252, 0x1f25f,
        0x1f266, 0x1f2ff, 0x1f6d8, 0x1f6dc, 0x1f6ed, 0x1f6ef, 0x1f6fd, 0x1f6ff, 0x1f774, 0x1f77f,
        0x1f7d9, 0x1f7df, 0x1f7ec, 0x1f7ef, 0x1f7f1, 0x1f7ff, 0x1f80c, 0x1f80f, 0x1f848, 0x1f84f,
        0x1f85a, 0x1f85f, 0x1f888, 0x1f88f, 0x1f8ae, 0x1f8af, 0x1f8b2, 0x1f8ff, 0x1fa54, 0x1fa5f,
        0x1fa6e, 0x1fa6f, 0x1fa75, 0x1fa77, 0x1fa7d, 0x1fa7f, 0x1fa87, 0x1fa8f, 0x1faad, 0x1faaf,
        0x1fabb, 0x1fabf, 0x1fac6, 0x1facf, 0x1fada, 0x1fadf, 0x1fae8, 0x1faef, 0x1faf7, 0x1faff,
        0x1fb93, 0x1fb93, 0x1fbcb, 0x1fbef, 0x1fbfa, 0x1ffff, 0x2a6e0, 0x2a6ff, 0x2b739, 0x2b73f,
        0x2b81e, 0x2b81f, 0x2cea2, 0x2ceaf, 0x2ebe1, 0x2f7ff, 0x2fa1e, 0x2ffff, 0x3134b, 0xe0000,
        0xe0002, 0xe001f, 0xe0080, 0xe00ff, 0xe01f0, 0xeffff, 0xffffe, 0xfffff, 0x10fffe, 0x10ffff,
    ];

    /// Assigned code point ranges (inclusive pairs) that Python 3.11's `str.isprintable()` rejects (Cc Cf Cs Co Zl Zp Zs but U+0020).
    pub(super) const PY_NONPRINTABLE_ASSIGNED: [u32; 56] = [
        0x0, 0x1f, 0x7f, 0xa0, 0xad, 0xad, 0x600, 0x605, 0x61c, 0x61c, 0x6dd, 0x6dd, 0x70f, 0x70f,
        0x890, 0x891, 0x8e2, 0x8e2, 0x1680, 0x1680, 0x180e, 0x180e, 0x2000, 0x200f, 0x2028, 0x202f,
        0x205f, 0x2064, 0x2066, 0x206f, 0x3000, 0x3000, 0xd800, 0xf8ff, 0xfeff, 0xfeff, 0xfff9,
        0xfffb, 0x110bd, 0x110bd, 0x110cd, 0x110cd, 0x13430, 0x13438, 0x1bca0, 0x1bca3, 0x1d173,
        0x1d17a, 0xe0001, 0xe0001, 0xe0020, 0xe007f, 0xf0000, 0xffffd, 0x100000, 0x10fffd,
    ];

    /// Every named reference of Python's `html.entities.html5` as `name=hex[+hex]`, space separated.
    pub(super) const HTML5_ENTITIES: &str = "\
        AElig=c6 AElig;=c6 AMP=26 AMP;=26 Aacute=c1 Aacute;=c1 Abreve;=102 Acirc=c2 Acirc;=c2 \
        Acy;=410 Afr;=1d504 Agrave=c0 Agrave;=c0 Alpha;=391 Amacr;=100 And;=2a53 Aogon;=104 \
        Aopf;=1d538 ApplyFunction;=2061 Aring=c5 Aring;=c5 Ascr;=1d49c Assign;=2254 Atilde=c3 \
        Atilde;=c3 Auml=c4 Auml;=c4 Backslash;=2216 Barv;=2ae7 Barwed;=2306 Bcy;=411 \
        Because;=2235 Bernoullis;=212c Beta;=392 Bfr;=1d505 Bopf;=1d539 Breve;=2d8 Bscr;=212c \
        Bumpeq;=224e CHcy;=427 COPY=a9 COPY;=a9 Cacute;=106 Cap;=22d2 CapitalDifferentialD;=2145 \
        Cayleys;=212d Ccaron;=10c Ccedil=c7 Ccedil;=c7 Ccirc;=108 Cconint;=2230 Cdot;=10a \
        Cedilla;=b8 CenterDot;=b7 Cfr;=212d Chi;=3a7 CircleDot;=2299 CircleMinus;=2296 \
        CirclePlus;=2295 CircleTimes;=2297 ClockwiseContourIntegral;=2232 \
        CloseCurlyDoubleQuote;=201d CloseCurlyQuote;=2019 Colon;=2237 Colone;=2a74 \
        Congruent;=2261 Conint;=222f ContourIntegral;=222e Copf;=2102 Coproduct;=2210 \
        CounterClockwiseContourIntegral;=2233 Cross;=2a2f Cscr;=1d49e Cup;=22d3 CupCap;=224d \
        DD;=2145 DDotrahd;=2911 DJcy;=402 DScy;=405 DZcy;=40f Dagger;=2021 Darr;=21a1 Dashv;=2ae4 \
        Dcaron;=10e Dcy;=414 Del;=2207 Delta;=394 Dfr;=1d507 DiacriticalAcute;=b4 \
        DiacriticalDot;=2d9 DiacriticalDoubleAcute;=2dd DiacriticalGrave;=60 \
        DiacriticalTilde;=2dc Diamond;=22c4 DifferentialD;=2146 Dopf;=1d53b Dot;=a8 DotDot;=20dc \
        DotEqual;=2250 DoubleContourIntegral;=222f DoubleDot;=a8 DoubleDownArrow;=21d3 \
        DoubleLeftArrow;=21d0 DoubleLeftRightArrow;=21d4 DoubleLeftTee;=2ae4 \
        DoubleLongLeftArrow;=27f8 DoubleLongLeftRightArrow;=27fa DoubleLongRightArrow;=27f9 \
        DoubleRightArrow;=21d2 DoubleRightTee;=22a8 DoubleUpArrow;=21d1 DoubleUpDownArrow;=21d5 \
        DoubleVerticalBar;=2225 DownArrow;=2193 DownArrowBar;=2913 DownArrowUpArrow;=21f5 \
        DownBreve;=311 DownLeftRightVector;=2950 DownLeftTeeVector;=295e DownLeftVector;=21bd \
        DownLeftVectorBar;=2956 DownRightTeeVector;=295f DownRightVector;=21c1 \
        DownRightVectorBar;=2957 DownTee;=22a4 DownTeeArrow;=21a7 Downarrow;=21d3 Dscr;=1d49f \
        Dstrok;=110 ENG;=14a ETH=d0 ETH;=d0 Eacute=c9 Eacute;=c9 Ecaron;=11a Ecirc=ca Ecirc;=ca \
        Ecy;=42d Edot;=116 Efr;=1d508 Egrave=c8 Egrave;=c8 Element;=2208 Emacr;=112 \
        EmptySmallSquare;=25fb EmptyVerySmallSquare;=25ab Eogon;=118 Eopf;=1d53c Epsilon;=395 \
        Equal;=2a75 EqualTilde;=2242 Equilibrium;=21cc Escr;=2130 Esim;=2a73 Eta;=397 Euml=cb \
        Euml;=cb Exists;=2203 ExponentialE;=2147 Fcy;=424 Ffr;=1d509 FilledSmallSquare;=25fc \
        FilledVerySmallSquare;=25aa Fopf;=1d53d ForAll;=2200 Fouriertrf;=2131 Fscr;=2131 \
        GJcy;=403 GT=3e GT;=3e Gamma;=393 Gammad;=3dc Gbreve;=11e Gcedil;=122 Gcirc;=11c Gcy;=413 \
        Gdot;=120 Gfr;=1d50a Gg;=22d9 Gopf;=1d53e GreaterEqual;=2265 GreaterEqualLess;=22db \
        GreaterFullEqual;=2267 GreaterGreater;=2aa2 GreaterLess;=2277 GreaterSlantEqual;=2a7e \
        GreaterTilde;=2273 Gscr;=1d4a2 Gt;=226b HARDcy;=42a Hacek;=2c7 Hat;=5e Hcirc;=124 \
        Hfr;=210c HilbertSpace;=210b Hopf;=210d HorizontalLine;=2500 Hscr;=210b Hstrok;=126 \
        HumpDownHump;=224e HumpEqual;=224f IEcy;=415 IJlig;=132 IOcy;=401 Iacute=cd Iacute;=cd \
        Icirc=ce Icirc;=ce Icy;=418 Idot;=130 Ifr;=2111 Igrave=cc Igrave;=cc Im;=2111 Imacr;=12a \
        ImaginaryI;=2148 Implies;=21d2 Int;=222c Integral;=222b Intersection;=22c2 \
        InvisibleComma;=2063 InvisibleTimes;=2062 Iogon;=12e Iopf;=1d540 Iota;=399 Iscr;=2110 \
        Itilde;=128 Iukcy;=406 Iuml=cf Iuml;=cf Jcirc;=134 Jcy;=419 Jfr;=1d50d Jopf;=1d541 \
        Jscr;=1d4a5 Jsercy;=408 Jukcy;=404 KHcy;=425 KJcy;=40c Kappa;=39a Kcedil;=136 Kcy;=41a \
        Kfr;=1d50e Kopf;=1d542 Kscr;=1d4a6 LJcy;=409 LT=3c LT;=3c Lacute;=139 Lambda;=39b \
        Lang;=27ea Laplacetrf;=2112 Larr;=219e Lcaron;=13d Lcedil;=13b Lcy;=41b \
        LeftAngleBracket;=27e8 LeftArrow;=2190 LeftArrowBar;=21e4 LeftArrowRightArrow;=21c6 \
        LeftCeiling;=2308 LeftDoubleBracket;=27e6 LeftDownTeeVector;=2961 LeftDownVector;=21c3 \
        LeftDownVectorBar;=2959 LeftFloor;=230a LeftRightArrow;=2194 LeftRightVector;=294e \
        LeftTee;=22a3 LeftTeeArrow;=21a4 LeftTeeVector;=295a LeftTriangle;=22b2 \
        LeftTriangleBar;=29cf LeftTriangleEqual;=22b4 LeftUpDownVector;=2951 \
        LeftUpTeeVector;=2960 LeftUpVector;=21bf LeftUpVectorBar;=2958 LeftVector;=21bc \
        LeftVectorBar;=2952 Leftarrow;=21d0 Leftrightarrow;=21d4 LessEqualGreater;=22da \
        LessFullEqual;=2266 LessGreater;=2276 LessLess;=2aa1 LessSlantEqual;=2a7d LessTilde;=2272 \
        Lfr;=1d50f Ll;=22d8 Lleftarrow;=21da Lmidot;=13f LongLeftArrow;=27f5 \
        LongLeftRightArrow;=27f7 LongRightArrow;=27f6 Longleftarrow;=27f8 \
        Longleftrightarrow;=27fa Longrightarrow;=27f9 Lopf;=1d543 LowerLeftArrow;=2199 \
        LowerRightArrow;=2198 Lscr;=2112 Lsh;=21b0 Lstrok;=141 Lt;=226a Map;=2905 Mcy;=41c \
        MediumSpace;=205f Mellintrf;=2133 Mfr;=1d510 MinusPlus;=2213 Mopf;=1d544 Mscr;=2133 \
        Mu;=39c NJcy;=40a Nacute;=143 Ncaron;=147 Ncedil;=145 Ncy;=41d NegativeMediumSpace;=200b \
        NegativeThickSpace;=200b NegativeThinSpace;=200b NegativeVeryThinSpace;=200b \
        NestedGreaterGreater;=226b NestedLessLess;=226a NewLine;=a Nfr;=1d511 NoBreak;=2060 \
        NonBreakingSpace;=a0 Nopf;=2115 Not;=2aec NotCongruent;=2262 NotCupCap;=226d \
        NotDoubleVerticalBar;=2226 NotElement;=2209 NotEqual;=2260 NotEqualTilde;=2242+338 \
        NotExists;=2204 NotGreater;=226f NotGreaterEqual;=2271 NotGreaterFullEqual;=2267+338 \
        NotGreaterGreater;=226b+338 NotGreaterLess;=2279 NotGreaterSlantEqual;=2a7e+338 \
        NotGreaterTilde;=2275 NotHumpDownHump;=224e+338 NotHumpEqual;=224f+338 \
        NotLeftTriangle;=22ea NotLeftTriangleBar;=29cf+338 NotLeftTriangleEqual;=22ec \
        NotLess;=226e NotLessEqual;=2270 NotLessGreater;=2278 NotLessLess;=226a+338 \
        NotLessSlantEqual;=2a7d+338 NotLessTilde;=2274 NotNestedGreaterGreater;=2aa2+338 \
        NotNestedLessLess;=2aa1+338 NotPrecedes;=2280 NotPrecedesEqual;=2aaf+338 \
        NotPrecedesSlantEqual;=22e0 NotReverseElement;=220c NotRightTriangle;=22eb \
        NotRightTriangleBar;=29d0+338 NotRightTriangleEqual;=22ed NotSquareSubset;=228f+338 \
        NotSquareSubsetEqual;=22e2 NotSquareSuperset;=2290+338 NotSquareSupersetEqual;=22e3 \
        NotSubset;=2282+20d2 NotSubsetEqual;=2288 NotSucceeds;=2281 NotSucceedsEqual;=2ab0+338 \
        NotSucceedsSlantEqual;=22e1 NotSucceedsTilde;=227f+338 NotSuperset;=2283+20d2 \
        NotSupersetEqual;=2289 NotTilde;=2241 NotTildeEqual;=2244 NotTildeFullEqual;=2247 \
        NotTildeTilde;=2249 NotVerticalBar;=2224 Nscr;=1d4a9 Ntilde=d1 Ntilde;=d1 Nu;=39d \
        OElig;=152 Oacute=d3 Oacute;=d3 Ocirc=d4 Ocirc;=d4 Ocy;=41e Odblac;=150 Ofr;=1d512 \
        Ograve=d2 Ograve;=d2 Omacr;=14c Omega;=3a9 Omicron;=39f Oopf;=1d546 \
        OpenCurlyDoubleQuote;=201c OpenCurlyQuote;=2018 Or;=2a54 Oscr;=1d4aa Oslash=d8 Oslash;=d8 \
        Otilde=d5 Otilde;=d5 Otimes;=2a37 Ouml=d6 Ouml;=d6 OverBar;=203e OverBrace;=23de \
        OverBracket;=23b4 OverParenthesis;=23dc PartialD;=2202 Pcy;=41f Pfr;=1d513 Phi;=3a6 \
        Pi;=3a0 PlusMinus;=b1 Poincareplane;=210c Popf;=2119 Pr;=2abb Precedes;=227a \
        PrecedesEqual;=2aaf PrecedesSlantEqual;=227c PrecedesTilde;=227e Prime;=2033 \
        Product;=220f Proportion;=2237 Proportional;=221d Pscr;=1d4ab Psi;=3a8 QUOT=22 QUOT;=22 \
        Qfr;=1d514 Qopf;=211a Qscr;=1d4ac RBarr;=2910 REG=ae REG;=ae Racute;=154 Rang;=27eb \
        Rarr;=21a0 Rarrtl;=2916 Rcaron;=158 Rcedil;=156 Rcy;=420 Re;=211c ReverseElement;=220b \
        ReverseEquilibrium;=21cb ReverseUpEquilibrium;=296f Rfr;=211c Rho;=3a1 \
        RightAngleBracket;=27e9 RightArrow;=2192 RightArrowBar;=21e5 RightArrowLeftArrow;=21c4 \
        RightCeiling;=2309 RightDoubleBracket;=27e7 RightDownTeeVector;=295d \
        RightDownVector;=21c2 RightDownVectorBar;=2955 RightFloor;=230b RightTee;=22a2 \
        RightTeeArrow;=21a6 RightTeeVector;=295b RightTriangle;=22b3 RightTriangleBar;=29d0 \
        RightTriangleEqual;=22b5 RightUpDownVector;=294f RightUpTeeVector;=295c \
        RightUpVector;=21be RightUpVectorBar;=2954 RightVector;=21c0 RightVectorBar;=2953 \
        Rightarrow;=21d2 Ropf;=211d RoundImplies;=2970 Rrightarrow;=21db Rscr;=211b Rsh;=21b1 \
        RuleDelayed;=29f4 SHCHcy;=429 SHcy;=428 SOFTcy;=42c Sacute;=15a Sc;=2abc Scaron;=160 \
        Scedil;=15e Scirc;=15c Scy;=421 Sfr;=1d516 ShortDownArrow;=2193 ShortLeftArrow;=2190 \
        ShortRightArrow;=2192 ShortUpArrow;=2191 Sigma;=3a3 SmallCircle;=2218 Sopf;=1d54a \
        Sqrt;=221a Square;=25a1 SquareIntersection;=2293 SquareSubset;=228f \
        SquareSubsetEqual;=2291 SquareSuperset;=2290 SquareSupersetEqual;=2292 SquareUnion;=2294 \
        Sscr;=1d4ae Star;=22c6 Sub;=22d0 Subset;=22d0 SubsetEqual;=2286 Succeeds;=227b \
        SucceedsEqual;=2ab0 SucceedsSlantEqual;=227d SucceedsTilde;=227f SuchThat;=220b Sum;=2211 \
        Sup;=22d1 Superset;=2283 SupersetEqual;=2287 Supset;=22d1 THORN=de THORN;=de TRADE;=2122 \
        TSHcy;=40b TScy;=426 Tab;=9 Tau;=3a4 Tcaron;=164 Tcedil;=162 Tcy;=422 Tfr;=1d517 \
        Therefore;=2234 Theta;=398 ThickSpace;=205f+200a ThinSpace;=2009 Tilde;=223c \
        TildeEqual;=2243 TildeFullEqual;=2245 TildeTilde;=2248 Topf;=1d54b TripleDot;=20db \
        Tscr;=1d4af Tstrok;=166 Uacute=da Uacute;=da Uarr;=219f Uarrocir;=2949 Ubrcy;=40e \
        Ubreve;=16c Ucirc=db Ucirc;=db Ucy;=423 Udblac;=170 Ufr;=1d518 Ugrave=d9 Ugrave;=d9 \
        Umacr;=16a UnderBar;=5f UnderBrace;=23df UnderBracket;=23b5 UnderParenthesis;=23dd \
        Union;=22c3 UnionPlus;=228e Uogon;=172 Uopf;=1d54c UpArrow;=2191 UpArrowBar;=2912 \
        UpArrowDownArrow;=21c5 UpDownArrow;=2195 UpEquilibrium;=296e UpTee;=22a5 UpTeeArrow;=21a5 \
        Uparrow;=21d1 Updownarrow;=21d5 UpperLeftArrow;=2196 UpperRightArrow;=2197 Upsi;=3d2 \
        Upsilon;=3a5 Uring;=16e Uscr;=1d4b0 Utilde;=168 Uuml=dc Uuml;=dc VDash;=22ab Vbar;=2aeb \
        Vcy;=412 Vdash;=22a9 Vdashl;=2ae6 Vee;=22c1 Verbar;=2016 Vert;=2016 VerticalBar;=2223 \
        VerticalLine;=7c VerticalSeparator;=2758 VerticalTilde;=2240 VeryThinSpace;=200a \
        Vfr;=1d519 Vopf;=1d54d Vscr;=1d4b1 Vvdash;=22aa Wcirc;=174 Wedge;=22c0 Wfr;=1d51a \
        Wopf;=1d54e Wscr;=1d4b2 Xfr;=1d51b Xi;=39e Xopf;=1d54f Xscr;=1d4b3 YAcy;=42f YIcy;=407 \
        YUcy;=42e Yacute=dd Yacute;=dd Ycirc;=176 Ycy;=42b Yfr;=1d51c Yopf;=1d550 Yscr;=1d4b4 \
        Yuml;=178 ZHcy;=416 Zacute;=179 Zcaron;=17d Zcy;=417 Zdot;=17b ZeroWidthSpace;=200b \
        Zeta;=396 Zfr;=2128 Zopf;=2124 Zscr;=1d4b5 aacute=e1 aacute;=e1 abreve;=103 ac;=223e \
        acE;=223e+333 acd;=223f acirc=e2 acirc;=e2 acute=b4 acute;=b4 acy;=430 aelig=e6 aelig;=e6 \
        af;=2061 afr;=1d51e agrave=e0 agrave;=e0 alefsym;=2135 aleph;=2135 alpha;=3b1 amacr;=101 \
        amalg;=2a3f amp=26 amp;=26 and;=2227 andand;=2a55 andd;=2a5c andslope;=2a58 andv;=2a5a \
        ang;=2220 ange;=29a4 angle;=2220 angmsd;=2221 angmsdaa;=29a8 angmsdab;=29a9 \
        angmsdac;=29aa angmsdad;=29ab angmsdae;=29ac angmsdaf;=29ad angmsdag;=29ae angmsdah;=29af \
        angrt;=221f angrtvb;=22be angrtvbd;=299d angsph;=2222 angst;=c5 angzarr;=237c aogon;=105 \
        aopf;=1d552 ap;=2248 apE;=2a70 apacir;=2a6f ape;=224a apid;=224b apos;=27 approx;=2248 \
        approxeq;=224a aring=e5 aring;=e5 ascr;=1d4b6 ast;=2a asymp;=2248 asympeq;=224d atilde=e3 \
        atilde;=e3 auml=e4 auml;=e4 awconint;=2233 awint;=2a11 bNot;=2aed backcong;=224c \
        backepsilon;=3f6 backprime;=2035 backsim;=223d backsimeq;=22cd barvee;=22bd barwed;=2305 \
        barwedge;=2305 bbrk;=23b5 bbrktbrk;=23b6 bcong;=224c bcy;=431 bdquo;=201e becaus;=2235 \
        because;=2235 bemptyv;=29b0 bepsi;=3f6 bernou;=212c beta;=3b2 beth;=2136 between;=226c \
        bfr;=1d51f bigcap;=22c2 bigcirc;=25ef bigcup;=22c3 bigodot;=2a00 bigoplus;=2a01 \
        bigotimes;=2a02 bigsqcup;=2a06 bigstar;=2605 bigtriangledown;=25bd bigtriangleup;=25b3 \
        biguplus;=2a04 bigvee;=22c1 bigwedge;=22c0 bkarow;=290d blacklozenge;=29eb \
        blacksquare;=25aa blacktriangle;=25b4 blacktriangledown;=25be blacktriangleleft;=25c2 \
        blacktriangleright;=25b8 blank;=2423 blk12;=2592 blk14;=2591 blk34;=2593 block;=2588 \
        bne;=3d+20e5 bnequiv;=2261+20e5 bnot;=2310 bopf;=1d553 bot;=22a5 bottom;=22a5 \
        bowtie;=22c8 boxDL;=2557 boxDR;=2554 boxDl;=2556 boxDr;=2553 boxH;=2550 boxHD;=2566 \
        boxHU;=2569 boxHd;=2564 boxHu;=2567 boxUL;=255d boxUR;=255a boxUl;=255c boxUr;=2559 \
        boxV;=2551 boxVH;=256c boxVL;=2563 boxVR;=2560 boxVh;=256b boxVl;=2562 boxVr;=255f \
        boxbox;=29c9 boxdL;=2555 boxdR;=2552 boxdl;=2510 boxdr;=250c boxh;=2500 boxhD;=2565 \
        boxhU;=2568 boxhd;=252c boxhu;=2534 boxminus;=229f boxplus;=229e boxtimes;=22a0 \
        boxuL;=255b boxuR;=2558 boxul;=2518 boxur;=2514 boxv;=2502 boxvH;=256a boxvL;=2561 \
        boxvR;=255e boxvh;=253c boxvl;=2524 boxvr;=251c bprime;=2035 breve;=2d8 brvbar=a6 \
        brvbar;=a6 bscr;=1d4b7 bsemi;=204f bsim;=223d bsime;=22cd bsol;=5c bsolb;=29c5 \
        bsolhsub;=27c8 bull;=2022 bullet;=2022 bump;=224e bumpE;=2aae bumpe;=224f bumpeq;=224f \
        cacute;=107 cap;=2229 capand;=2a44 capbrcup;=2a49 capcap;=2a4b capcup;=2a47 capdot;=2a40 \
        caps;=2229+fe00 caret;=2041 caron;=2c7 ccaps;=2a4d ccaron;=10d ccedil=e7 ccedil;=e7 \
        ccirc;=109 ccups;=2a4c ccupssm;=2a50 cdot;=10b cedil=b8 cedil;=b8 cemptyv;=29b2 cent=a2 \
        cent;=a2 centerdot;=b7 cfr;=1d520 chcy;=447 check;=2713 checkmark;=2713 chi;=3c7 \
        cir;=25cb cirE;=29c3 circ;=2c6 circeq;=2257 circlearrowleft;=21ba circlearrowright;=21bb \
        circledR;=ae circledS;=24c8 circledast;=229b circledcirc;=229a circleddash;=229d \
        cire;=2257 cirfnint;=2a10 cirmid;=2aef cirscir;=29c2 clubs;=2663 clubsuit;=2663 colon;=3a \
        colone;=2254 coloneq;=2254 comma;=2c commat;=40 comp;=2201 compfn;=2218 complement;=2201 \
        complexes;=2102 cong;=2245 congdot;=2a6d conint;=222e copf;=1d554 coprod;=2210 copy=a9 \
        copy;=a9 copysr;=2117 crarr;=21b5 cross;=2717 cscr;=1d4b8 csub;=2acf csube;=2ad1 \
        csup;=2ad0 csupe;=2ad2 ctdot;=22ef cudarrl;=2938 cudarrr;=2935 cuepr;=22de cuesc;=22df \
        cularr;=21b6 cularrp;=293d cup;=222a cupbrcap;=2a48 cupcap;=2a46 cupcup;=2a4a \
        cupdot;=228d cupor;=2a45 cups;=222a+fe00 curarr;=21b7 curarrm;=293c curlyeqprec;=22de \
        curlyeqsucc;=22df curlyvee;=22ce curlywedge;=22cf curren=a4 curren;=a4 \
        curvearrowleft;=21b6 curvearrowright;=21b7 cuvee;=22ce cuwed;=22cf cwconint;=2232 \
        cwint;=2231 cylcty;=232d dArr;=21d3 dHar;=2965 dagger;=2020 daleth;=2138 darr;=2193 \
        dash;=2010 dashv;=22a3 dbkarow;=290f dblac;=2dd dcaron;=10f dcy;=434 dd;=2146 \
        ddagger;=2021 ddarr;=21ca ddotseq;=2a77 deg=b0 deg;=b0 delta;=3b4 demptyv;=29b1 \
        dfisht;=297f dfr;=1d521 dharl;=21c3 dharr;=21c2 diam;=22c4 diamond;=22c4 \
        diamondsuit;=2666 diams;=2666 die;=a8 digamma;=3dd disin;=22f2 div;=f7 divide=f7 \
        divide;=f7 divideontimes;=22c7 divonx;=22c7 djcy;=452 dlcorn;=231e dlcrop;=230d \
        dollar;=24 dopf;=1d555 dot;=2d9 doteq;=2250 doteqdot;=2251 dotminus;=2238 dotplus;=2214 \
        dotsquare;=22a1 doublebarwedge;=2306 downarrow;=2193 downdownarrows;=21ca \
        downharpoonleft;=21c3 downharpoonright;=21c2 drbkarow;=2910 drcorn;=231f drcrop;=230c \
        dscr;=1d4b9 dscy;=455 dsol;=29f6 dstrok;=111 dtdot;=22f1 dtri;=25bf dtrif;=25be \
        duarr;=21f5 duhar;=296f dwangle;=29a6 dzcy;=45f dzigrarr;=27ff eDDot;=2a77 eDot;=2251 \
        eacute=e9 eacute;=e9 easter;=2a6e ecaron;=11b ecir;=2256 ecirc=ea ecirc;=ea ecolon;=2255 \
        ecy;=44d edot;=117 ee;=2147 efDot;=2252 efr;=1d522 eg;=2a9a egrave=e8 egrave;=e8 \
        egs;=2a96 egsdot;=2a98 el;=2a99 elinters;=23e7 ell;=2113 els;=2a95 elsdot;=2a97 \
        emacr;=113 empty;=2205 emptyset;=2205 emptyv;=2205 emsp13;=2004 emsp14;=2005 emsp;=2003 \
        eng;=14b ensp;=2002 eogon;=119 eopf;=1d556 epar;=22d5 eparsl;=29e3 eplus;=2a71 epsi;=3b5 \
        epsilon;=3b5 epsiv;=3f5 eqcirc;=2256 eqcolon;=2255 eqsim;=2242 eqslantgtr;=2a96 \
        eqslantless;=2a95 equals;=3d equest;=225f equiv;=2261 equivDD;=2a78 eqvparsl;=29e5 \
        erDot;=2253 erarr;=2971 escr;=212f esdot;=2250 esim;=2242 eta;=3b7 eth=f0 eth;=f0 euml=eb \
        euml;=eb euro;=20ac excl;=21 exist;=2203 expectation;=2130 exponentiale;=2147 \
        fallingdotseq;=2252 fcy;=444 female;=2640 ffilig;=fb03 fflig;=fb00 ffllig;=fb04 \
        ffr;=1d523 filig;=fb01 fjlig;=66+6a flat;=266d fllig;=fb02 fltns;=25b1 fnof;=192 \
        fopf;=1d557 forall;=2200 fork;=22d4 forkv;=2ad9 fpartint;=2a0d frac12=bd frac12;=bd \
        frac13;=2153 frac14=bc frac14;=bc frac15;=2155 frac16;=2159 frac18;=215b frac23;=2154 \
        frac25;=2156 frac34=be frac34;=be frac35;=2157 frac38;=215c frac45;=2158 frac56;=215a \
        frac58;=215d frac78;=215e frasl;=2044 frown;=2322 fscr;=1d4bb gE;=2267 gEl;=2a8c \
        gacute;=1f5 gamma;=3b3 gammad;=3dd gap;=2a86 gbreve;=11f gcirc;=11d gcy;=433 gdot;=121 \
        ge;=2265 gel;=22db geq;=2265 geqq;=2267 geqslant;=2a7e ges;=2a7e gescc;=2aa9 gesdot;=2a80 \
        gesdoto;=2a82 gesdotol;=2a84 gesl;=22db+fe00 gesles;=2a94 gfr;=1d524 gg;=226b ggg;=22d9 \
        gimel;=2137 gjcy;=453 gl;=2277 glE;=2a92 gla;=2aa5 glj;=2aa4 gnE;=2269 gnap;=2a8a \
        gnapprox;=2a8a gne;=2a88 gneq;=2a88 gneqq;=2269 gnsim;=22e7 gopf;=1d558 grave;=60 \
        gscr;=210a gsim;=2273 gsime;=2a8e gsiml;=2a90 gt=3e gt;=3e gtcc;=2aa7 gtcir;=2a7a \
        gtdot;=22d7 gtlPar;=2995 gtquest;=2a7c gtrapprox;=2a86 gtrarr;=2978 gtrdot;=22d7 \
        gtreqless;=22db gtreqqless;=2a8c gtrless;=2277 gtrsim;=2273 gvertneqq;=2269+fe00 \
        gvnE;=2269+fe00 hArr;=21d4 hairsp;=200a half;=bd hamilt;=210b hardcy;=44a harr;=2194 \
        harrcir;=2948 harrw;=21ad hbar;=210f hcirc;=125 hearts;=2665 heartsuit;=2665 hellip;=2026 \
        hercon;=22b9 hfr;=1d525 hksearow;=2925 hkswarow;=2926 hoarr;=21ff homtht;=223b \
        hookleftarrow;=21a9 hookrightarrow;=21aa hopf;=1d559 horbar;=2015 hscr;=1d4bd \
        hslash;=210f hstrok;=127 hybull;=2043 hyphen;=2010 iacute=ed iacute;=ed ic;=2063 icirc=ee \
        icirc;=ee icy;=438 iecy;=435 iexcl=a1 iexcl;=a1 iff;=21d4 ifr;=1d526 igrave=ec igrave;=ec \
        ii;=2148 iiiint;=2a0c iiint;=222d iinfin;=29dc iiota;=2129 ijlig;=133 imacr;=12b \
        image;=2111 imagline;=2110 imagpart;=2111 imath;=131 imof;=22b7 imped;=1b5 in;=2208 \
        incare;=2105 infin;=221e infintie;=29dd inodot;=131 int;=222b intcal;=22ba integers;=2124 \
        intercal;=22ba intlarhk;=2a17 intprod;=2a3c iocy;=451 iogon;=12f iopf;=1d55a iota;=3b9 \
        iprod;=2a3c iquest=bf iquest;=bf iscr;=1d4be isin;=2208 isinE;=22f9 isindot;=22f5 \
        isins;=22f4 isinsv;=22f3 isinv;=2208 it;=2062 itilde;=129 iukcy;=456 iuml=ef iuml;=ef \
        jcirc;=135 jcy;=439 jfr;=1d527 jmath;=237 jopf;=1d55b jscr;=1d4bf jsercy;=458 jukcy;=454 \
        kappa;=3ba kappav;=3f0 kcedil;=137 kcy;=43a kfr;=1d528 kgreen;=138 khcy;=445 kjcy;=45c \
        kopf;=1d55c kscr;=1d4c0 lAarr;=21da lArr;=21d0 lAtail;=291b lBarr;=290e lE;=2266 \
        lEg;=2a8b lHar;=2962 lacute;=13a laemptyv;=29b4 lagran;=2112 lambda;=3bb lang;=27e8 \
        langd;=2991 langle;=27e8 lap;=2a85 laquo=ab laquo;=ab larr;=2190 larrb;=21e4 \
        larrbfs;=291f larrfs;=291d larrhk;=21a9 larrlp;=21ab larrpl;=2939 larrsim;=2973 \
        larrtl;=21a2 lat;=2aab latail;=2919 late;=2aad lates;=2aad+fe00 lbarr;=290c lbbrk;=2772 \
        lbrace;=7b lbrack;=5b lbrke;=298b lbrksld;=298f lbrkslu;=298d lcaron;=13e lcedil;=13c \
        lceil;=2308 lcub;=7b lcy;=43b ldca;=2936 ldquo;=201c ldquor;=201e ldrdhar;=2967 \
        ldrushar;=294b ldsh;=21b2 le;=2264 leftarrow;=2190 leftarrowtail;=21a2 \
        leftharpoondown;=21bd leftharpoonup;=21bc leftleftarrows;=21c7 leftrightarrow;=2194 \
        leftrightarrows;=21c6 leftrightharpoons;=21cb leftrightsquigarrow;=21ad \
        leftthreetimes;=22cb leg;=22da leq;=2264 leqq;=2266 leqslant;=2a7d les;=2a7d lescc;=2aa8 \
        lesdot;=2a7f lesdoto;=2a81 lesdotor;=2a83 lesg;=22da+fe00 lesges;=2a93 lessapprox;=2a85 \
        lessdot;=22d6 lesseqgtr;=22da lesseqqgtr;=2a8b lessgtr;=2276 lesssim;=2272 lfisht;=297c \
        lfloor;=230a lfr;=1d529 lg;=2276 lgE;=2a91 lhard;=21bd lharu;=21bc lharul;=296a \
        lhblk;=2584 ljcy;=459 ll;=226a llarr;=21c7 llcorner;=231e llhard;=296b lltri;=25fa \
        lmidot;=140 lmoust;=23b0 lmoustache;=23b0 lnE;=2268 lnap;=2a89 lnapprox;=2a89 lne;=2a87 \
        lneq;=2a87 lneqq;=2268 lnsim;=22e6 loang;=27ec loarr;=21fd lobrk;=27e6 \
        longleftarrow;=27f5 longleftrightarrow;=27f7 longmapsto;=27fc longrightarrow;=27f6 \
        looparrowleft;=21ab looparrowright;=21ac lopar;=2985 lopf;=1d55d loplus;=2a2d \
        lotimes;=2a34 lowast;=2217 lowbar;=5f loz;=25ca lozenge;=25ca lozf;=29eb lpar;=28 \
        lparlt;=2993 lrarr;=21c6 lrcorner;=231f lrhar;=21cb lrhard;=296d lrm;=200e lrtri;=22bf \
        lsaquo;=2039 lscr;=1d4c1 lsh;=21b0 lsim;=2272 lsime;=2a8d lsimg;=2a8f lsqb;=5b \
        lsquo;=2018 lsquor;=201a lstrok;=142 lt=3c lt;=3c ltcc;=2aa6 ltcir;=2a79 ltdot;=22d6 \
        lthree;=22cb ltimes;=22c9 ltlarr;=2976 ltquest;=2a7b ltrPar;=2996 ltri;=25c3 ltrie;=22b4 \
        ltrif;=25c2 lurdshar;=294a luruhar;=2966 lvertneqq;=2268+fe00 lvnE;=2268+fe00 mDDot;=223a \
        macr=af macr;=af male;=2642 malt;=2720 maltese;=2720 map;=21a6 mapsto;=21a6 \
        mapstodown;=21a7 mapstoleft;=21a4 mapstoup;=21a5 marker;=25ae mcomma;=2a29 mcy;=43c \
        mdash;=2014 measuredangle;=2221 mfr;=1d52a mho;=2127 micro=b5 micro;=b5 mid;=2223 \
        midast;=2a midcir;=2af0 middot=b7 middot;=b7 minus;=2212 minusb;=229f minusd;=2238 \
        minusdu;=2a2a mlcp;=2adb mldr;=2026 mnplus;=2213 models;=22a7 mopf;=1d55e mp;=2213 \
        mscr;=1d4c2 mstpos;=223e mu;=3bc multimap;=22b8 mumap;=22b8 nGg;=22d9+338 nGt;=226b+20d2 \
        nGtv;=226b+338 nLeftarrow;=21cd nLeftrightarrow;=21ce nLl;=22d8+338 nLt;=226a+20d2 \
        nLtv;=226a+338 nRightarrow;=21cf nVDash;=22af nVdash;=22ae nabla;=2207 nacute;=144 \
        nang;=2220+20d2 nap;=2249 napE;=2a70+338 napid;=224b+338 napos;=149 napprox;=2249 \
        natur;=266e natural;=266e naturals;=2115 nbsp=a0 nbsp;=a0 nbump;=224e+338 \
        nbumpe;=224f+338 ncap;=2a43 ncaron;=148 ncedil;=146 ncong;=2247 ncongdot;=2a6d+338 \
        ncup;=2a42 ncy;=43d ndash;=2013 ne;=2260 neArr;=21d7 nearhk;=2924 nearr;=2197 \
        nearrow;=2197 nedot;=2250+338 nequiv;=2262 nesear;=2928 nesim;=2242+338 nexist;=2204 \
        nexists;=2204 nfr;=1d52b ngE;=2267+338 nge;=2271 ngeq;=2271 ngeqq;=2267+338 \
        ngeqslant;=2a7e+338 nges;=2a7e+338 ngsim;=2275 ngt;=226f ngtr;=226f nhArr;=21ce \
        nharr;=21ae nhpar;=2af2 ni;=220b nis;=22fc nisd;=22fa niv;=220b njcy;=45a nlArr;=21cd \
        nlE;=2266+338 nlarr;=219a nldr;=2025 nle;=2270 nleftarrow;=219a nleftrightarrow;=21ae \
        nleq;=2270 nleqq;=2266+338 nleqslant;=2a7d+338 nles;=2a7d+338 nless;=226e nlsim;=2274 \
        nlt;=226e nltri;=22ea nltrie;=22ec nmid;=2224 nopf;=1d55f not=ac not;=ac notin;=2209 \
        notinE;=22f9+338 notindot;=22f5+338 notinva;=2209 notinvb;=22f7 notinvc;=22f6 notni;=220c \
        notniva;=220c notnivb;=22fe notnivc;=22fd npar;=2226 nparallel;=2226 nparsl;=2afd+20e5 \
        npart;=2202+338 npolint;=2a14 npr;=2280 nprcue;=22e0 npre;=2aaf+338 nprec;=2280 \
        npreceq;=2aaf+338 nrArr;=21cf nrarr;=219b nrarrc;=2933+338 nrarrw;=219d+338 \
        nrightarrow;=219b nrtri;=22eb nrtrie;=22ed nsc;=2281 nsccue;=22e1 nsce;=2ab0+338 \
        nscr;=1d4c3 nshortmid;=2224 nshortparallel;=2226 nsim;=2241 nsime;=2244 nsimeq;=2244 \
        nsmid;=2224 nspar;=2226 nsqsube;=22e2 nsqsupe;=22e3 nsub;=2284 nsubE;=2ac5+338 \
        nsube;=2288 nsubset;=2282+20d2 nsubseteq;=2288 nsubseteqq;=2ac5+338 nsucc;=2281 \
        nsucceq;=2ab0+338 nsup;=2285 nsupE;=2ac6+338 nsupe;=2289 nsupset;=2283+20d2 \
        nsupseteq;=2289 nsupseteqq;=2ac6+338 ntgl;=2279 ntilde=f1 ntilde;=f1 ntlg;=2278 \
        ntriangleleft;=22ea ntrianglelefteq;=22ec ntriangleright;=22eb ntrianglerighteq;=22ed \
        nu;=3bd num;=23 numero;=2116 numsp;=2007 nvDash;=22ad nvHarr;=2904 nvap;=224d+20d2 \
        nvdash;=22ac nvge;=2265+20d2 nvgt;=3e+20d2 nvinfin;=29de nvlArr;=2902 nvle;=2264+20d2 \
        nvlt;=3c+20d2 nvltrie;=22b4+20d2 nvrArr;=2903 nvrtrie;=22b5+20d2 nvsim;=223c+20d2 \
        nwArr;=21d6 nwarhk;=2923 nwarr;=2196 nwarrow;=2196 nwnear;=2927 oS;=24c8 oacute=f3 \
        oacute;=f3 oast;=229b ocir;=229a ocirc=f4 ocirc;=f4 ocy;=43e odash;=229d odblac;=151 \
        odiv;=2a38 odot;=2299 odsold;=29bc oelig;=153 ofcir;=29bf ofr;=1d52c ogon;=2db ograve=f2 \
        ograve;=f2 ogt;=29c1 ohbar;=29b5 ohm;=3a9 oint;=222e olarr;=21ba olcir;=29be \
        olcross;=29bb oline;=203e olt;=29c0 omacr;=14d omega;=3c9 omicron;=3bf omid;=29b6 \
        ominus;=2296 oopf;=1d560 opar;=29b7 operp;=29b9 oplus;=2295 or;=2228 orarr;=21bb \
        ord;=2a5d order;=2134 orderof;=2134 ordf=aa ordf;=aa ordm=ba ordm;=ba origof;=22b6 \
        oror;=2a56 orslope;=2a57 orv;=2a5b oscr;=2134 oslash=f8 oslash;=f8 osol;=2298 otilde=f5 \
        otilde;=f5 otimes;=2297 otimesas;=2a36 ouml=f6 ouml;=f6 ovbar;=233d par;=2225 para=b6 \
        para;=b6 parallel;=2225 parsim;=2af3 parsl;=2afd part;=2202 pcy;=43f percnt;=25 \
        period;=2e permil;=2030 perp;=22a5 pertenk;=2031 pfr;=1d52d phi;=3c6 phiv;=3d5 \
        phmmat;=2133 phone;=260e pi;=3c0 pitchfork;=22d4 piv;=3d6 planck;=210f planckh;=210e \
        plankv;=210f plus;=2b plusacir;=2a23 plusb;=229e pluscir;=2a22 plusdo;=2214 plusdu;=2a25 \
        pluse;=2a72 plusmn=b1 plusmn;=b1 plussim;=2a26 plustwo;=2a27 pm;=b1 pointint;=2a15 \
        popf;=1d561 pound=a3 pound;=a3 pr;=227a prE;=2ab3 prap;=2ab7 prcue;=227c pre;=2aaf \
        prec;=227a precapprox;=2ab7 preccurlyeq;=227c preceq;=2aaf precnapprox;=2ab9 \
        precneqq;=2ab5 precnsim;=22e8 precsim;=227e prime;=2032 primes;=2119 prnE;=2ab5 \
        prnap;=2ab9 prnsim;=22e8 prod;=220f profalar;=232e profline;=2312 profsurf;=2313 \
        prop;=221d propto;=221d prsim;=227e prurel;=22b0 pscr;=1d4c5 psi;=3c8 puncsp;=2008 \
        qfr;=1d52e qint;=2a0c qopf;=1d562 qprime;=2057 qscr;=1d4c6 quaternions;=210d \
        quatint;=2a16 quest;=3f questeq;=225f quot=22 quot;=22 rAarr;=21db rArr;=21d2 \
        rAtail;=291c rBarr;=290f rHar;=2964 race;=223d+331 racute;=155 radic;=221a raemptyv;=29b3 \
        rang;=27e9 rangd;=2992 range;=29a5 rangle;=27e9 raquo=bb raquo;=bb rarr;=2192 \
        rarrap;=2975 rarrb;=21e5 rarrbfs;=2920 rarrc;=2933 rarrfs;=291e rarrhk;=21aa rarrlp;=21ac \
        rarrpl;=2945 rarrsim;=2974 rarrtl;=21a3 rarrw;=219d ratail;=291a ratio;=2236 \
        rationals;=211a rbarr;=290d rbbrk;=2773 rbrace;=7d rbrack;=5d rbrke;=298c rbrksld;=298e \
        rbrkslu;=2990 rcaron;=159 rcedil;=157 rceil;=2309 rcub;=7d rcy;=440 rdca;=2937 \
        rdldhar;=2969 rdquo;=201d rdquor;=201d rdsh;=21b3 real;=211c realine;=211b realpart;=211c \
        reals;=211d rect;=25ad reg=ae reg;=ae rfisht;=297d rfloor;=230b rfr;=1d52f rhard;=21c1 \
        rharu;=21c0 rharul;=296c rho;=3c1 rhov;=3f1 rightarrow;=2192 rightarrowtail;=21a3 \
        rightharpoondown;=21c1 rightharpoonup;=21c0 rightleftarrows;=21c4 rightleftharpoons;=21cc \
        rightrightarrows;=21c9 rightsquigarrow;=219d rightthreetimes;=22cc ring;=2da \
        risingdotseq;=2253 rlarr;=21c4 rlhar;=21cc rlm;=200f rmoust;=23b1 rmoustache;=23b1 \
        rnmid;=2aee roang;=27ed roarr;=21fe robrk;=27e7 ropar;=2986 ropf;=1d563 roplus;=2a2e \
        rotimes;=2a35 rpar;=29 rpargt;=2994 rppolint;=2a12 rrarr;=21c9 rsaquo;=203a rscr;=1d4c7 \
        rsh;=21b1 rsqb;=5d rsquo;=2019 rsquor;=2019 rthree;=22cc rtimes;=22ca rtri;=25b9 \
        rtrie;=22b5 rtrif;=25b8 rtriltri;=29ce ruluhar;=2968 rx;=211e sacute;=15b sbquo;=201a \
        sc;=227b scE;=2ab4 scap;=2ab8 scaron;=161 sccue;=227d sce;=2ab0 scedil;=15f scirc;=15d \
        scnE;=2ab6 scnap;=2aba scnsim;=22e9 scpolint;=2a13 scsim;=227f scy;=441 sdot;=22c5 \
        sdotb;=22a1 sdote;=2a66 seArr;=21d8 searhk;=2925 searr;=2198 searrow;=2198 sect=a7 \
        sect;=a7 semi;=3b seswar;=2929 setminus;=2216 setmn;=2216 sext;=2736 sfr;=1d530 \
        sfrown;=2322 sharp;=266f shchcy;=449 shcy;=448 shortmid;=2223 shortparallel;=2225 shy=ad \
        shy;=ad sigma;=3c3 sigmaf;=3c2 sigmav;=3c2 sim;=223c simdot;=2a6a sime;=2243 simeq;=2243 \
        simg;=2a9e simgE;=2aa0 siml;=2a9d simlE;=2a9f simne;=2246 simplus;=2a24 simrarr;=2972 \
        slarr;=2190 smallsetminus;=2216 smashp;=2a33 smeparsl;=29e4 smid;=2223 smile;=2323 \
        smt;=2aaa smte;=2aac smtes;=2aac+fe00 softcy;=44c sol;=2f solb;=29c4 solbar;=233f \
        sopf;=1d564 spades;=2660 spadesuit;=2660 spar;=2225 sqcap;=2293 sqcaps;=2293+fe00 \
        sqcup;=2294 sqcups;=2294+fe00 sqsub;=228f sqsube;=2291 sqsubset;=228f sqsubseteq;=2291 \
        sqsup;=2290 sqsupe;=2292 sqsupset;=2290 sqsupseteq;=2292 squ;=25a1 square;=25a1 \
        squarf;=25aa squf;=25aa srarr;=2192 sscr;=1d4c8 ssetmn;=2216 ssmile;=2323 sstarf;=22c6 \
        star;=2606 starf;=2605 straightepsilon;=3f5 straightphi;=3d5 strns;=af sub;=2282 \
        subE;=2ac5 subdot;=2abd sube;=2286 subedot;=2ac3 submult;=2ac1 subnE;=2acb subne;=228a \
        subplus;=2abf subrarr;=2979 subset;=2282 subseteq;=2286 subseteqq;=2ac5 subsetneq;=228a \
        subsetneqq;=2acb subsim;=2ac7 subsub;=2ad5 subsup;=2ad3 succ;=227b succapprox;=2ab8 \
        succcurlyeq;=227d succeq;=2ab0 succnapprox;=2aba succneqq;=2ab6 succnsim;=22e9 \
        succsim;=227f sum;=2211 sung;=266a sup1=b9 sup1;=b9 sup2=b2 sup2;=b2 sup3=b3 sup3;=b3 \
        sup;=2283 supE;=2ac6 supdot;=2abe supdsub;=2ad8 supe;=2287 supedot;=2ac4 suphsol;=27c9 \
        suphsub;=2ad7 suplarr;=297b supmult;=2ac2 supnE;=2acc supne;=228b supplus;=2ac0 \
        supset;=2283 supseteq;=2287 supseteqq;=2ac6 supsetneq;=228b supsetneqq;=2acc supsim;=2ac8 \
        supsub;=2ad4 supsup;=2ad6 swArr;=21d9 swarhk;=2926 swarr;=2199 swarrow;=2199 swnwar;=292a \
        szlig=df szlig;=df target;=2316 tau;=3c4 tbrk;=23b4 tcaron;=165 tcedil;=163 tcy;=442 \
        tdot;=20db telrec;=2315 tfr;=1d531 there4;=2234 therefore;=2234 theta;=3b8 thetasym;=3d1 \
        thetav;=3d1 thickapprox;=2248 thicksim;=223c thinsp;=2009 thkap;=2248 thksim;=223c \
        thorn=fe thorn;=fe tilde;=2dc times=d7 times;=d7 timesb;=22a0 timesbar;=2a31 timesd;=2a30 \
        tint;=222d toea;=2928 top;=22a4 topbot;=2336 topcir;=2af1 topf;=1d565 topfork;=2ada \
        tosa;=2929 tprime;=2034 trade;=2122 triangle;=25b5 triangledown;=25bf triangleleft;=25c3 \
        trianglelefteq;=22b4 triangleq;=225c triangleright;=25b9 trianglerighteq;=22b5 \
        tridot;=25ec trie;=225c triminus;=2a3a triplus;=2a39 trisb;=29cd tritime;=2a3b \
        trpezium;=23e2 tscr;=1d4c9 tscy;=446 tshcy;=45b tstrok;=167 twixt;=226c \
        twoheadleftarrow;=219e twoheadrightarrow;=21a0 uArr;=21d1 uHar;=2963 uacute=fa uacute;=fa \
        uarr;=2191 ubrcy;=45e ubreve;=16d ucirc=fb ucirc;=fb ucy;=443 udarr;=21c5 udblac;=171 \
        udhar;=296e ufisht;=297e ufr;=1d532 ugrave=f9 ugrave;=f9 uharl;=21bf uharr;=21be \
        uhblk;=2580 ulcorn;=231c ulcorner;=231c ulcrop;=230f ultri;=25f8 umacr;=16b uml=a8 \
        uml;=a8 uogon;=173 uopf;=1d566 uparrow;=2191 updownarrow;=2195 upharpoonleft;=21bf \
        upharpoonright;=21be uplus;=228e upsi;=3c5 upsih;=3d2 upsilon;=3c5 upuparrows;=21c8 \
        urcorn;=231d urcorner;=231d urcrop;=230e uring;=16f urtri;=25f9 uscr;=1d4ca utdot;=22f0 \
        utilde;=169 utri;=25b5 utrif;=25b4 uuarr;=21c8 uuml=fc uuml;=fc uwangle;=29a7 vArr;=21d5 \
        vBar;=2ae8 vBarv;=2ae9 vDash;=22a8 vangrt;=299c varepsilon;=3f5 varkappa;=3f0 \
        varnothing;=2205 varphi;=3d5 varpi;=3d6 varpropto;=221d varr;=2195 varrho;=3f1 \
        varsigma;=3c2 varsubsetneq;=228a+fe00 varsubsetneqq;=2acb+fe00 varsupsetneq;=228b+fe00 \
        varsupsetneqq;=2acc+fe00 vartheta;=3d1 vartriangleleft;=22b2 vartriangleright;=22b3 \
        vcy;=432 vdash;=22a2 vee;=2228 veebar;=22bb veeeq;=225a vellip;=22ee verbar;=7c vert;=7c \
        vfr;=1d533 vltri;=22b2 vnsub;=2282+20d2 vnsup;=2283+20d2 vopf;=1d567 vprop;=221d \
        vrtri;=22b3 vscr;=1d4cb vsubnE;=2acb+fe00 vsubne;=228a+fe00 vsupnE;=2acc+fe00 \
        vsupne;=228b+fe00 vzigzag;=299a wcirc;=175 wedbar;=2a5f wedge;=2227 wedgeq;=2259 \
        weierp;=2118 wfr;=1d534 wopf;=1d568 wp;=2118 wr;=2240 wreath;=2240 wscr;=1d4cc xcap;=22c2 \
        xcirc;=25ef xcup;=22c3 xdtri;=25bd xfr;=1d535 xhArr;=27fa xharr;=27f7 xi;=3be xlArr;=27f8 \
        xlarr;=27f5 xmap;=27fc xnis;=22fb xodot;=2a00 xopf;=1d569 xoplus;=2a01 xotime;=2a02 \
        xrArr;=27f9 xrarr;=27f6 xscr;=1d4cd xsqcup;=2a06 xuplus;=2a04 xutri;=25b3 xvee;=22c1 \
        xwedge;=22c0 yacute=fd yacute;=fd yacy;=44f ycirc;=177 ycy;=44b yen=a5 yen;=a5 yfr;=1d536 \
        yicy;=457 yopf;=1d56a yscr;=1d4ce yucy;=44e yuml=ff yuml;=ff zacute;=17a zcaron;=17e \
        zcy;=437 zdot;=17c zeetrf;=2128 zeta;=3b6 zfr;=1d537 zhcy;=436 zigrarr;=21dd zopf;=1d56b \
        zscr;=1d4cf zwj;=200d zwnj;=200c";
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fold_is_nfkc_without_space_or_quotes_lowered() {
        assert_eq!(fold("  “Ａｂ，Ｃ”\u{3000}\t中\u{1C}央\n"), "ab,c中央");
        assert_eq!(fold("「整改」《通知》〈一〉'x'\"y\""), "整改通知一xy");
        assert_eq!(fold("ﬁ①㈱"), "fi1(株)");
        assert_eq!(fold("İ"), "i\u{307}");
        assert_eq!(fold("ΑΣ Σα"), "ασσα"); // white space goes first, then lower()
        assert_eq!(fold("ΑΣ。"), "ας。");
        // unknown to Python 3.11: left alone, and it splits the final-sigma context
        assert_eq!(fold("\u{10D50}Σ\u{1C89}"), "\u{10D50}σ\u{1C89}");
        assert_eq!(fold("AΣ\u{1C89}"), "aς\u{1C89}");
        assert_eq!(fold("\u{16D67}\u{16D67}"), "\u{16D67}\u{16D67}");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn clean_strips_scripts_tags_and_decodes_twice() {
        assert_eq!(clean("a&amp;ldquo;b&amp;rdquo;"), "a“b”");
        assert_eq!(clean("&amp;amp;lt;"), "&lt;");
        assert_eq!(clean("<p>整改</p>"), "\n整改\n");
        assert_eq!(clean("x<script>var a = '<p>';</script >y"), "x\ny");
        assert_eq!(clean("x<STYLE type=t>p{}</style\n>y"), "x\ny");
        assert_eq!(clean("<ſcript>s</ſcript>"), "\n");
        // the back reference must repeat ſ: the tags go one by one
        assert_eq!(clean("<ſcript>s</script>"), "\ns\n");
        assert_eq!(clean("<scripts>x</scripts>"), "\nx\n"); // \b fails
        assert_eq!(clean("<<a>b<>c < d"), "\nb<>c < d");
        // an escaped tag is decoded in round one and stripped in round two
        assert_eq!(clean("&lt;b&gt;要&lt;/b&gt;"), "\n要\n");
    }

    #[test]
    fn unescape_follows_python() {
        assert_eq!(
            unescape("&#128;&#x80;&#0;&#13;&#65;&#X41"),
            "€€\u{FFFD}\rAA"
        );
        assert_eq!(
            unescape("&#xD800;&#1114112;&#99999999999;"),
            "\u{FFFD}".repeat(3)
        );
        assert_eq!(unescape("a&#1;&#xb;&#xFFFE;&#x10FFFF;&#xFDD0;b"), "ab");
        assert_eq!(unescape("&#x9d;&#159;"), "\u{9D}\u{178}");
        assert_eq!(
            unescape("&nbsp近日&nbsp;&ampx&notit;&lt&gt"),
            "\u{A0}近日\u{A0}&x¬it;<>"
        );
        assert_eq!(
            unescape("&ldquo;&rdquo;&hellip;&mdash;&middot;&frac12"),
            "“”…—·½"
        );
        assert_eq!(unescape("&nosuch; &# &#x; &"), "&nosuch; &# &#x; &");
        assert_eq!(unescape("&nGt;"), "\u{226B}\u{20D2}");
        // a name runs 32 characters at most
        let long = format!("&amp{};", "x".repeat(40));
        assert_eq!(unescape(&long), format!("&{};", "x".repeat(40)));
        assert_eq!(html5().len(), 2231);
        // Python's int() takes 4300 decimal digits at most
        let digits = |n: usize| format!("&#{};", "0".repeat(n - 1) + "1");
        assert_eq!(unescape(&digits(4300)), "");
        assert!(!clean_checked(&digits(4300)).1);
        assert!(clean_checked(&digits(4301)).1);
        assert!(Doc::new(&digits(4301), "d").is_err());
        assert!(!clean_checked(&format!("&#x{};", "0".repeat(5000))).1);
    }

    fn doc(text: &str) -> Doc {
        Doc::new(text, "d").expect("doc")
    }

    #[test]
    fn locate_uses_hint_then_anywhere_then_without_end_punctuation() {
        let d = doc("<p>要整改。</p><p>要整改。要落实！</p>");
        // folded: "要整改。要整改。要落实!"
        assert_eq!(d.text, "要整改。要整改。要落实!");
        assert_eq!(d.locate("要整改。", 0), Some((0, 4)));
        assert_eq!(d.locate("要整改。", 4), Some((4, 8)));
        assert_eq!(d.locate("要整改。", 9), Some((0, 4)));
        assert_eq!(d.locate("要落实；", 0), Some((8, 11)));
        assert_eq!(d.locate("，要落实", 0), Some((8, 11)));
        assert_eq!(d.locate(" 要 落 实 ！", 0), Some((8, 12)));
        assert_eq!(d.locate("要", 0), None);
        assert_eq!(d.locate("。要。", 0), None);
        assert_eq!(d.locate("不在", 0), None);
        assert_eq!(d.locate("要整改。", 99), Some((0, 4)));
    }

    #[test]
    fn phrase_match_short_and_long() {
        let m = |a: &str, b: &str| phrase_match(&json!(a), &json!(b), "d").ok();
        assert_eq!(m("党委", "各级党委"), Some(true));
        assert_eq!(m("各级党委", "党委"), Some(true));
        assert_eq!(m("“党委”", "党 委"), Some(true));
        assert_eq!(m("党", "党"), Some(true));
        assert_eq!(m("党", "党委"), Some(false));
        assert_eq!(m("", ""), Some(false));
        assert_eq!(m("政府", "党委"), Some(false));
        assert!(phrase_match(&json!(5), &json!("x"), "d").is_err());
    }

    #[test]
    fn ratio_and_f1_none_cases() {
        assert_eq!(ratio(1, 0), None);
        assert_eq!(ratio(0, 4), Some(0.0));
        assert_eq!(ratio(1, 3), Some(1.0 / 3.0));
        assert_eq!(f1(None, Some(0.5)), None);
        assert_eq!(f1(Some(0.5), None), None);
        assert_eq!(f1(Some(0.0), Some(0.0)), None);
        assert_eq!(f1(Some(0.0), Some(1.0)), Some(0.0));
        assert_eq!(f1(Some(0.5), Some(1.0)), Some(2.0 * 0.5 * 1.0 / 1.5));
    }

    #[test]
    fn python_values() {
        assert!(py_eq(&json!(1), &json!(1.0)));
        assert!(py_eq(&json!(true), &json!(1)));
        assert!(py_eq(&json!([1, "a"]), &json!([1.0, "a"])));
        assert!(py_eq(&json!({"a": [0]}), &json!({"a": [false]})));
        assert!(!py_eq(&json!("1"), &json!(1)));
        assert!(!py_eq(&json!(null), &json!(0)));
        assert!(!py_eq(
            &json!(9007199254740993u64),
            &json!(9007199254740992.0)
        ));
        for (v, t) in [
            (json!(0), false),
            (json!(0.0), false),
            (json!(""), false),
            (json!([]), false),
            (json!({}), false),
            (json!(null), false),
            (json!("0"), true),
            (json!([0]), true),
        ] {
            assert_eq!(truthy(&v), t, "{v}");
        }
        let reprs = [
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (-0.0, "-0.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.2345e-7, "1.2345e-07"),
            (-2.5e100, "-2.5e+100"),
        ];
        for (f, s) in reprs {
            assert_eq!(py_float_repr(f), s);
        }
        assert_eq!(
            py_str(&json!(["各地区", 5, null, true, 1.0, "it's", {"b": "\n"}])),
            "['各地区', 5, None, True, 1.0, \"it's\", {'b': '\\n'}]"
        );
        assert_eq!(
            py_str_repr("a'b\"c\u{200B}\u{A0}\u{1F600}"),
            "'a\\'b\"c\\u200b\\xa0\u{1F600}'"
        );
    }

    #[test]
    fn record_names() {
        let name = |v: Value| record_name(&v).ok().flatten();
        assert_eq!(
            name(json!({"doc": {"path": "corpus/seeds/a.txt", "id": "b"}})).as_deref(),
            Some("a.txt")
        );
        assert_eq!(
            name(json!({"doc": {"id": "seeds/b.txt"}, "path": "x/c.txt"})).as_deref(),
            Some("c.txt")
        );
        assert_eq!(name(json!({"doc": "d/e.txt"})).as_deref(), Some("e.txt"));
        assert_eq!(
            name(json!({"doc": {"path": ""}, "id": 7})).as_deref(),
            Some("7")
        );
        assert_eq!(
            name(json!({"doc": {"path": "dir/"}, "id": "x"})).as_deref(),
            Some("")
        );
        assert_eq!(name(json!({"tasks": []})), None);
        assert!(record_name(&json!("a.txt")).is_err());
    }

    #[test]
    fn loads_array_record_and_json_lines() {
        let n = |t: &str| load_predictions(t).map(|v| v.len()).ok();
        assert_eq!(n(" [ {\"id\": 1}, {\"id\": 2} ] "), Some(2));
        assert_eq!(n("{\"id\": 1,\n \"tasks\": []}\n"), Some(1));
        assert_eq!(
            n("{\"id\": 1}\r\n\r\n{\"id\": 2}\u{2028}{\"id\": 3}\n"),
            Some(3)
        );
        assert_eq!(n("\u{3000}\n"), Some(0));
        assert!(matches!(
            load_predictions("{\"id\": 1}\n{oops}"),
            Err(EvalError::PredJson { line: Some(2), .. })
        ));
        assert!(load_predictions("[1, ").is_err());
        assert_eq!(py_splitlines("a\r\nb\rc\n"), vec!["a", "b", "c"]);
        assert_eq!(py_splitlines("a\n\nb"), vec!["a", "", "b"]);
    }

    #[test]
    fn decodes_as_python() {
        assert_eq!(decode(b"\xEF\xBB\xBF\xE4\xB8\xAD"), "中");
        assert_eq!(decode(b"\xD6\xD0\xB9\xFA"), "中国");
        assert_eq!(decode(b"\xA3\xA0\xA6\xD9"), "\u{E5E5}\u{E78D}");
        assert_eq!(
            decode(b"\x81\x35\xF4\x37\x90\x30\x81\x30"),
            "\u{1E3F}\u{10000}"
        );
        // 0x80 is not GB18030 to Python: UTF-8 with replacement
        assert_eq!(decode(b"a\x80\xD6\xD0"), "a\u{FFFD}\u{FFFD}\u{FFFD}");
        assert_eq!(decode(b"\xE3\x32\x9A\x36"), "\u{FFFD}2\u{FFFD}6");
    }

    fn write(path: &Path, text: &str) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("dir");
        }
        std::fs::write(path, text).expect("write");
    }

    fn fixture(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("eval-unit-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(
            &dir.join("corpus/a.txt"),
            "<h1>标题</h1><p>各地区要抓好整改。&nbsp;省委要年底前完成整改。</p><p>去年已整改9项。</p>",
        );
        let gold = json!({"doc": "a.txt", "meta": {"title": "标题", "date": "2019-06"}, "tasks": [
            {"quote": "各地区要抓好整改。", "kind": "directive", "categories": ["self-inspection"],
             "bodies": [{"text": "各地区", "source": "explicit"}], "deadline": []},
            {"quote": "省委要年底前完成整改。", "kind": "directive", "categories": ["inspection-feedback", "other"],
             "bodies": [{"text": "省委", "source": "inherited"}],
             "deadline": [{"text": "年底前", "kind": "date"}]},
            {"quote": "去年已整改9项。", "kind": "report", "categories": ["other"], "bodies": [],
             "deadline": [], "optional": true}]});
        write(&dir.join("gold/a.json"), &gold.to_string());
        write(&dir.join("gold/b.json"), &gold.to_string()); // the same document again
        write(&dir.join("gold/.c.json"), "hidden");
        dir
    }

    #[test]
    fn scores_a_small_document() {
        let dir = fixture("small");
        let preds = vec![
            json!({"doc": {"path": "a.txt"}, "tasks": [{"text": "x"}]}), // replaced below
            json!({"doc": {"path": "x/a.txt", "title": " 标 题 ", "date": "2019-06-30"}, "tasks": [
                {"text": "各地区要抓好整改", "kind": "directive", "categories": ["self-inspection"],
                 "bodies": ["各地区"]},
                {"text": "省委要年底前完成整改。", "kind": "report",
                 "categories": ["other", "inspection-feedback"],
                 "bodies": [{"name": "省委"}], "deadlines": ["年底前", "立即"]},
                {"text": "去年已整改9项"},
                {"text": "不在文中"}]}),
        ];
        let r = score(&dir.join("gold"), &dir.join("corpus"), &preds).expect("score");
        let t = &r.total;
        assert_eq!(
            (
                t.tasks_gold,
                t.tasks_pred_tp,
                t.tasks_pred_fp,
                t.tasks_pred_unlocated
            ),
            (4, 4, 2, 2)
        );
        assert_eq!(t.task_recall, Some(1.0));
        assert_eq!(t.kind_accuracy, Some(0.5));
        assert_eq!(t.category_any, Some(1.0));
        assert_eq!(t.category_main, Some(0.5));
        assert_eq!(t.body_recall, Some(1.0));
        assert_eq!(t.body_recall_inherited, Some(1.0));
        assert_eq!(t.deadline_precision, Some(0.5));
        assert_eq!(t.deadline_recall, Some(1.0));
        assert_eq!(t.deadline_kind_accuracy, Some(0.0));
        assert_eq!((t.title_accuracy, t.date_accuracy), (Some(1.0), Some(1.0)));
        assert_eq!(r.per_doc.len(), 1);
        assert_eq!(r.misses.len(), 2);
        assert!(r.missing_predictions.is_empty());
        let text = format_report(&r, true, 1);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "a.txt task_precision=0.67 task_recall=1.00 category_any=1.00 body_f1=1.00 deadline_f1=0.67");
        assert_eq!(lines[1], "extra\ta.txt\t不在文中");
        assert_eq!(lines[2], "tasks_gold              4");
        assert_eq!(lines[6], "task_precision          0.667");
        assert_eq!(lines.len(), 2 + 21);
        assert!(format_json(&r).starts_with("{\n \"total\": {\n  \"tasks_gold\": 4,\n"));

        let empty = score(&dir.join("gold"), &dir.join("corpus"), &[]).expect("score");
        assert_eq!(empty.missing_predictions, vec!["a.txt", "a.txt"]);
        let text = format_report(&empty, false, 0);
        assert!(text.contains("\ntask_precision          None\n"));
        assert!(text.contains("\ntask_recall             0.000\n"));
        let none = score(&dir.join("nowhere"), &dir.join("corpus"), &[]).expect("score");
        assert_eq!(none.total.tasks_gold, 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn stops_where_score_py_stops() {
        let dir = fixture("stops");
        let bad =
            json!({"doc": "a.txt", "tasks": [{"quote": "不在文中的话", "kind": "directive"}]});
        write(&dir.join("gold/b.json"), &bad.to_string());
        let err = score(&dir.join("gold"), &dir.join("corpus"), &[]).map(|_| ());
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("gold quote not found in a.txt: 不在文中的话".to_owned())
        );
        write(&dir.join("gold/b.json"), "{}");
        let preds =
            [json!({"path": "a.txt", "tasks": [{"text": "各地区要抓好整改。", "categories": 3}]})];
        let err = score(&dir.join("gold"), &dir.join("corpus"), &preds);
        assert!(matches!(err, Err(EvalError::Shape { .. })), "{err:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
