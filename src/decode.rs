//! Decode stage: raw file bytes in, a Rust [`String`] out, with the encoding
//! detected (or forced by the caller) and every lossy step reported.
//!
//! # Input and output
//!
//! [`decode`] takes the whole file as `&[u8]` and, optionally, an encoding
//! the caller insists on (see [`encoding_for_label`]). It returns either a
//! [`Decoded`] (text, encoding name, how the encoding was chosen, number of
//! replacements, human-readable warnings) or a [`DecodeError::Binary`] when
//! the bytes are evidently not text.
//!
//! # Invariants
//!
//! * Never panics, whatever the bytes; time is linear in the input length.
//! * [`Decoded::text`] never contains a byte order mark that was used to
//!   choose the encoding, and never contains U+0000 (NUL characters are
//!   removed and reported in a warning).
//! * [`Decoded::replaced`] is exactly the number of malformed byte sequences
//!   the decoder replaced with U+FFFD (a U+FFFD genuinely present in the
//!   input is not counted). When it is non-zero there is a warning saying so.
//! * [`Decoded::encoding`] is a canonical name: `"UTF-8"`, `"UTF-16LE"`,
//!   `"UTF-16BE"`, `"GB18030"` (also for GBK / GB2312, whose decoder in
//!   `encoding_rs` *is* the GB18030 decoder), `"Big5"`, or another
//!   `encoding_rs` name such as `"windows-1252"`.
//!
//! # Detection policy (no forced encoding)
//!
//! 1. Empty input: empty text, `"UTF-8"` (or the forced encoding), warning
//!    `"file is empty"`. Non-empty input that yields no text (e.g. a lone
//!    BOM) gets the warning `"file contains no text"`.
//! 2. Byte order mark: `EF BB BF` → UTF-8, `FF FE` → UTF-16LE, `FE FF` →
//!    UTF-16BE; the BOM is stripped, method [`Method::Bom`]. A UTF-16 BOM is
//!    trusted completely (no binary screening); after a UTF-8 BOM the rest is
//!    still screened as in step 3.
//! 3. Binary screening:
//!    * a known magic number at the start (PNG, JPEG, GIF, PDF, ZIP, gzip,
//!      ELF, bzip2, xz, 7z, Windows executable, ...) → [`DecodeError::Binary`];
//!    * any NUL byte: the input is first tried as UTF-16 without BOM (NUL
//!      bytes are the high halves of ASCII code units); if the first 8 KiB
//!      decode as UTF-16 into plausible CJK/Latin text it is decoded as such
//!      (method [`Method::Guessed`]). Otherwise, more than 1 NUL byte per
//!      1000 bytes (counted over the whole input) → `Binary("NUL bytes")`;
//!    * more than 10 % of the first 8 KiB are C0 control bytes other than
//!      NUL, `\t`, `\n`, `\r`, `\x0c`, `\x1b` → `Binary("control bytes")`.
//!
//!    *Stray NULs* (at most 1 per 1000 bytes) are tolerated only if the rest
//!    of the input decodes without any replacement as UTF-8, GB18030 or Big5
//!    (or with the encoding the caller forced); they are then **removed** from
//!    the text with a warning. Otherwise the input is `Binary("NUL bytes")`.
//! 4. Strict UTF-8 validation of the whole input → method [`Method::Utf8`].
//! 5. *Mostly UTF-8*: if the only defect is an incomplete sequence at the
//!    very end (a truncated file), or if at least 90 % of the non-ASCII bytes
//!    form well-formed UTF-8 sequences (e.g. one bad byte, or a few GBK lines
//!    pasted into a UTF-8 file), the input is decoded as UTF-8 with
//!    replacements, method [`Method::Guessed`]. Random non-UTF-8 CJK text
//!    (GBK, Big5) forms valid UTF-8 only by accident, far below 90 %, so this
//!    never turns a legacy-encoded file into U+FFFD soup, and it avoids
//!    turning a slightly damaged UTF-8 file into mojibake.
//! 6. Otherwise `chardetng` guesses from the first 64 KiB, method
//!    [`Method::Guessed`], warning `"encoding guessed as X"`. If its generic
//!    guess (no TLD hint) is Big5, Big5 it is (Traditional Chinese);
//!    otherwise its guess with the `cn` hint is used, which takes any valid
//!    GBK for GBK, even short or mostly-ASCII text, while Latin text stays
//!    windows-1252. GBK guesses are decoded and named GB18030. Input too
//!    short to be told apart (a few CJK characters) may still be misread.
//!
//! # Forced encoding
//!
//! With `forced`, no detection happens: a BOM is stripped only if it belongs
//! to the forced encoding (a different BOM is kept as text, with a warning).
//! Binary screening (magic numbers, NUL density, control bytes) still applies
//! unless the forced encoding is UTF-16, where NUL and control bytes are
//! normal. The method is [`Method::Forced`].

use encoding_rs::{
    DecoderResult, Encoding, BIG5, GB18030, GBK, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8,
};

/// How many leading bytes are screened for control bytes and sniffed as
/// BOM-less UTF-16.
const SNIFF_LEN: usize = 8 * 1024;

/// How many leading bytes are fed to `chardetng`.
const GUESS_LEN: usize = 64 * 1024;

/// The result of decoding: the text and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, without any BOM and without NUL characters.
    pub text: String,
    /// Canonical name of the encoding used, e.g. "UTF-8", "GB18030",
    /// "UTF-16LE", "UTF-16BE", "Big5".
    pub encoding: &'static str,
    /// How the encoding was chosen.
    pub method: Method,
    /// Number of malformed byte sequences replaced by U+FFFD.
    pub replaced: usize,
    /// Short English notes for the output record's `warnings`, e.g.
    /// "encoding guessed as GB18030",
    /// "12 malformed byte sequences replaced with U+FFFD", "file is empty".
    pub warnings: Vec<String>,
}

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A byte order mark at the start of the input.
    Bom,
    /// The whole input passed strict UTF-8 validation.
    Utf8,
    /// Heuristics: statistical guess, BOM-less UTF-16, or mostly-valid UTF-8.
    Guessed,
    /// The caller's label, no detection.
    Forced,
}

/// Why the input could not be decoded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    /// The input is not text; the payload says what it looks like
    /// (e.g. "PNG image", "NUL bytes", "ZIP archive").
    #[error("binary data, not text ({0})")]
    Binary(String),
    /// [`encoding_for_label`] did not recognise the label.
    #[error("unknown encoding label `{0}`")]
    UnknownLabel(String),
}

/// Resolves a user-given label ("gbk", "gb2312", "GB18030", "big5",
/// "utf-16le", "utf8", ...) to an encoding.
///
/// Uses the WHATWG labels of [`Encoding::for_label`] (case-insensitive,
/// surrounding whitespace ignored), plus a few common non-WHATWG spellings:
/// `utf16`, `utf16le`, `utf16be`, `utf-8-sig`, `cp950`, `ms950`,
/// `gb-18030`, `cp54936`, and `_` accepted for `-`. Labels that WHATWG maps to
/// the "replacement" pseudo-encoding (e.g. `iso-2022-kr`) are rejected, since
/// decoding with it would discard the whole text.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    let unknown = || DecodeError::UnknownLabel(label.to_string());
    let normalized = label.trim().to_ascii_lowercase().replace('_', "-");
    let found = Encoding::for_label(normalized.as_bytes()).or(match normalized.as_str() {
        "utf16" | "utf16le" => Some(UTF_16LE),
        "utf16be" => Some(UTF_16BE),
        "utf-8-sig" | "utf8-sig" => Some(UTF_8),
        "cp950" | "ms950" | "windows-950" => Some(BIG5),
        "gb-18030" | "cp54936" | "windows-54936" => Some(GB18030),
        _ => None,
    });
    match found {
        Some(enc) if enc != REPLACEMENT => Ok(enc),
        _ => Err(unknown()),
    }
}

/// Decodes `bytes` into text, detecting the encoding unless `forced` is given.
///
/// With `forced`, the bytes are decoded with that encoding and no detection
/// (a BOM is stripped only if it matches). See the module documentation for
/// the full policy. Never panics.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        let (encoding, method) = match forced {
            Some(enc) => (canonical_name(enc), Method::Forced),
            None => ("UTF-8", Method::Utf8),
        };
        return Ok(Decoded {
            text: String::new(),
            encoding,
            method,
            replaced: 0,
            warnings: vec!["file is empty".to_string()],
        });
    }

    let bom = Encoding::for_bom(bytes);
    if let Some(enc) = forced {
        let mut warnings = Vec::new();
        let body = match bom {
            Some((bom_enc, len)) if bom_enc == enc => bytes.get(len..).unwrap_or_default(),
            Some((bom_enc, _)) => {
                warnings.push(format!(
                    "byte order mark for {} kept as text: encoding forced to {}",
                    canonical_name(bom_enc),
                    canonical_name(enc)
                ));
                bytes
            }
            None => bytes,
        };
        if !is_utf16(enc) {
            screen(body)?;
        }
        return finish(enc, body, Method::Forced, warnings);
    }

    if let Some((enc, len)) = bom {
        let body = bytes.get(len..).unwrap_or_default();
        if !is_utf16(enc) {
            screen(body)?;
        }
        return finish(enc, body, Method::Bom, Vec::new());
    }

    detect(bytes)
}

/// Detection for input without BOM and without a forced encoding.
fn detect(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    screen_magic(bytes)?;
    let nuls = count_nuls(bytes);
    if nuls > 0 {
        if let Some(enc) = sniff_utf16(bytes) {
            let warning = format!(
                "encoding guessed as {} (no byte order mark)",
                canonical_name(enc)
            );
            return finish(enc, bytes, Method::Guessed, vec![warning]);
        }
        if nul_heavy(nuls, bytes.len()) {
            return Err(binary("NUL bytes"));
        }
    }
    screen_controls(bytes)?;

    // valid UTF-8, the usual case, checked with encoding_rs's SIMD validator (several times
    // faster than std's on Chinese text: 8 M instructions a copy of the notices, 6 a byte);
    // std's check only on failure, for where and how the bytes are malformed
    if let Some(text) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        return finish_text(text.into_owned(), UTF_8, 0, Method::Utf8, Vec::new());
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return finish_text(text.to_owned(), UTF_8, 0, Method::Utf8, Vec::new()),
        Err(e) => e,
    };

    if utf8_error.error_len().is_none() {
        // Valid up to an incomplete sequence at the very end: a truncated file.
        let warning = "input ends with an incomplete UTF-8 sequence; decoded as UTF-8";
        return finish(UTF_8, bytes, Method::Guessed, vec![warning.to_string()]);
    }
    if mostly_utf8(bytes) {
        let warning = "input is mostly valid UTF-8; decoded as UTF-8";
        return finish(UTF_8, bytes, Method::Guessed, vec![warning.to_string()]);
    }

    if let Some(mixed) = decode_mixed_lines(bytes) {
        return mixed;
    }
    let enc = guess(bytes);
    let warning = format!("encoding guessed as {}", canonical_name(enc));
    finish(enc, bytes, Method::Guessed, vec![warning])
}

/// Fewest Han characters a valid UTF-8 line holds to count as UTF-8 in a file that mixes
/// encodings (a line of legacy bytes is rarely valid UTF-8, and then only briefly).
const MIXED_UTF8_LINE_HAN: usize = 2;

/// A file whose lines mix UTF-8 and a legacy encoding (archives concatenated from
/// sources in both): each line decoded in its own, the legacy encoding guessed from the
/// lines that are not UTF-8. `None` unless at least one line is UTF-8 with Chinese text
/// and one is not valid UTF-8.
fn decode_mixed_lines(bytes: &[u8]) -> Option<Result<Decoded, DecodeError>> {
    let is_utf8_line = |line: &[u8]| {
        std::str::from_utf8(line).is_ok_and(|t| crate::text::has_han_count(t, MIXED_UTF8_LINE_HAN))
    };
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let utf8 = lines.iter().filter(|l| is_utf8_line(l)).count();
    let legacy: Vec<u8> = lines
        .iter()
        .filter(|l| std::str::from_utf8(l).is_err())
        .flat_map(|l| l.iter().copied())
        .collect();
    if utf8 == 0 || legacy.is_empty() {
        return None;
    }
    let enc = guess(&legacy);
    if enc == UTF_8 {
        return None;
    }
    let (mut text, mut replaced, mut legacy_lines) = (String::with_capacity(bytes.len()), 0, 0);
    for line in lines {
        match std::str::from_utf8(line) {
            Ok(t) => text.push_str(t),
            Err(_) => {
                let (t, r) = decode_counting(enc, line, true);
                text.push_str(&t);
                replaced += r;
                legacy_lines += 1;
            }
        }
    }
    let warning = format!(
        "mixed encodings: {legacy_lines} {} decoded as {} (guessed), the others as UTF-8",
        plural(legacy_lines, "line", "lines"),
        canonical_name(enc)
    );
    Some(finish_text(
        text,
        enc,
        replaced,
        Method::Guessed,
        vec![warning],
    ))
}

/// Binary screening for input that is not (BOM- or caller-declared) UTF-16:
/// magic numbers, NUL-heavy data, control-byte-heavy data.
fn screen(bytes: &[u8]) -> Result<(), DecodeError> {
    screen_magic(bytes)?;
    if nul_heavy(count_nuls(bytes), bytes.len()) {
        return Err(binary("NUL bytes"));
    }
    screen_controls(bytes)
}

/// Rejects input starting with a known binary magic number.
fn screen_magic(bytes: &[u8]) -> Result<(), DecodeError> {
    match magic_kind(bytes) {
        Some(kind) => Err(binary(kind)),
        None => Ok(()),
    }
}

/// Number of NUL bytes in the whole input.
fn count_nuls(bytes: &[u8]) -> usize {
    // a search that skips many bytes at a time: most files hold no NUL at all
    memchr::memchr_iter(0, bytes).count()
}

/// More than 1 NUL byte per 1000 bytes: not text (unless it is UTF-16).
fn nul_heavy(nuls: usize, len: usize) -> bool {
    nuls.saturating_mul(1000) > len
}

/// Rejects input whose first 8 KiB are more than 10 % C0 control bytes
/// other than NUL, `\t`, `\n`, `\r`, `\x0c` and `\x1b`.
fn screen_controls(bytes: &[u8]) -> Result<(), DecodeError> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    // counted in bytes a chunk of at most 255 (a vector loop of bytes, not of words)
    let controls: usize = (sample.chunks(255))
        .map(|chunk| usize::from(chunk.iter().map(|&b| counted_control(b)).sum::<u8>()))
        .sum();
    if controls.saturating_mul(10) > sample.len() {
        return Err(binary("control bytes"));
    }
    Ok(())
}

/// 1 for a byte [`screen_controls`] counts (the C0 control bytes 0x01-0x08, 0x0b, 0x0e-0x1a
/// and 0x1c-0x1f), else 0, without a branch: compares, not a shift
/// by the byte (the count of a sample is a vector loop, which a shift by each byte's own
/// amount kept from being).
fn counted_control(b: u8) -> u8 {
    u8::from(
        (b < 32)
            & (b != 0)
            & (b != b'\t')
            & (b != b'\n')
            & (b != 0x0c)
            & (b != b'\r')
            & (b != 0x1b),
    )
}

/// Names the file format if `bytes` start with a known binary magic number.
fn magic_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"II*\0", "TIFF image"),
        (b"MM\0*", "TIFF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"PK\x05\x06", "ZIP archive"),
        (b"PK\x07\x08", "ZIP archive"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "OLE2 document (e.g. DOC, XLS)",
        ),
        (b"\x1f\x8b", "gzip archive"),
        (b"\xfd7zXZ\0", "xz archive"),
        (b"7z\xbc\xaf\x27\x1c", "7z archive"),
        (b"Rar!\x1a\x07", "RAR archive"),
        (b"\x28\xb5\x2f\xfd", "zstd archive"),
        (b"\x7fELF", "ELF executable"),
        (b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
        (b"SQLite format 3\0", "SQLite database"),
        (b"OggS\0", "Ogg media"),
        (b"fLaC", "FLAC audio"),
    ];
    if let Some(&(_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    match bytes {
        // "BZh" + block size digit.
        [b'B', b'Z', b'h', b'1'..=b'9', ..] => Some("bzip2 archive"),
        // "MZ" alone could start a text; a DOS/PE header has NULs right after.
        [b'M', b'Z', rest @ ..] if rest.iter().take(62).any(|&b| b == 0) => {
            Some("Windows executable")
        }
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Some("MP4/ISO media"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("WebP image"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'A', b'V', b'E', ..] => Some("WAV audio"),
        _ => None,
    }
}

/// Tries the input as UTF-16 without BOM: the endianness suggested by where
/// the NUL bytes sit first, then the other. Accepted if the first 8 KiB
/// decode without errors and without NUL characters, at least 90 % of the
/// characters are [plausible](plausible_char), and at most 60 % of the
/// non-ASCII code units consist of two printable ASCII bytes (real CJK text
/// has about 30 %; ASCII text with a stray NUL, misread as UTF-16, has 100 %).
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    let nul_at_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let nul_at_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    // ASCII in UTF-16LE is `xx 00`: NULs at odd offsets.
    let order = if nul_at_odd >= nul_at_even {
        [UTF_16LE, UTF_16BE]
    } else {
        [UTF_16BE, UTF_16LE]
    };
    order.into_iter().find(|&enc| {
        // `last = false`: a pair cut by the sample's end is not an error.
        let (text, errors) = decode_counting(enc, sample, false);
        if errors > 0 || text.is_empty() || text.contains('\0') {
            return false;
        }
        let total = text.chars().count();
        let plausible = text.chars().filter(|&c| plausible_char(c)).count();
        let (mut non_ascii, mut ascii_pairs) = (0usize, 0usize);
        for unit in sample.chunks_exact(2) {
            let [lo, hi] = if enc == UTF_16LE {
                [unit[0], unit[1]]
            } else {
                [unit[1], unit[0]]
            };
            if hi != 0 {
                non_ascii += 1;
                if (0x20..=0x7e).contains(&lo) && (0x20..=0x7e).contains(&hi) {
                    ascii_pairs += 1;
                }
            }
        }
        plausible.saturating_mul(10) >= total.saturating_mul(9)
            && ascii_pairs.saturating_mul(10) <= non_ascii.saturating_mul(6)
    })
}

/// Characters expected in (mostly CJK) text; used to validate a BOM-less
/// UTF-16 sniff, where the wrong guess yields controls, private-use or
/// rare-script characters.
fn plausible_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\x0c' | ' '..='~'
        | '\u{a0}'..='\u{24f}'      // Latin-1 supplement, Latin extended
        | '\u{370}'..='\u{4ff}'     // Greek, Cyrillic
        | '\u{2000}'..='\u{2bff}'   // punctuation, symbols, arrows, box drawing
        | '\u{3000}'..='\u{30ff}'   // CJK punctuation, kana
        | '\u{3400}'..='\u{4dbf}'   // CJK extension A
        | '\u{4e00}'..='\u{9fff}'   // CJK unified ideographs
        | '\u{ac00}'..='\u{d7af}'   // Hangul syllables
        | '\u{f900}'..='\u{faff}'   // CJK compatibility ideographs
        | '\u{fe30}'..='\u{fe4f}'   // CJK compatibility forms
        | '\u{ff00}'..='\u{ffef}'   // full-width forms
        | '\u{20000}'..='\u{3134f}' // CJK extensions B..G
    )
}

/// True if at least 90 % of the non-ASCII bytes form well-formed UTF-8
/// sequences (and there is at least one such sequence).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_non_ascii = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_non_ascii += chunk.valid().bytes().filter(|&b| b >= 0x80).count();
        invalid += chunk.invalid().len();
    }
    valid_non_ascii > 0 && valid_non_ascii >= invalid.saturating_mul(9)
}

/// Statistical guess with `chardetng` over the first [`GUESS_LEN`] bytes.
///
/// Two guesses from the same statistics: without a TLD hint, Big5 is
/// recognised for Traditional Chinese, so a Big5 answer is kept. Otherwise
/// the `cn` hint decides, which prefers GBK whenever the bytes are valid GBK
/// (without it, short or mostly-ASCII GBK text comes out as EUC-KR,
/// windows-1252, ...), while Latin text still comes out as windows-1252.
/// (With the `cn` hint alone, Big5 text is always taken for GBK.)
/// GBK is returned as GB18030.
///
/// Plain Chinese in GB18030, by far the commonest legacy input, is told first by
/// [`plainly_gb_chinese`], at a small fraction of the detector's cost (it runs one state
/// machine a candidate encoding over every byte, about ten times what segmenting costs).
fn guess(bytes: &[u8]) -> &'static Encoding {
    if plainly_gb_chinese(&bytes[..bytes.len().min(GUESS_LEN)]) {
        return GB18030;
    }
    detector_guess(bytes)
}

/// [`guess`] by `chardetng` alone.
fn detector_guess(bytes: &[u8]) -> &'static Encoding {
    use chardetng::Utf8Detection::Allow;
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let prefix = &bytes[..bytes.len().min(GUESS_LEN)];
    // `last` only if the prefix really is the end of the input.
    detector.feed(prefix, prefix.len() == bytes.len());
    let enc = match detector.guess(None, Allow) {
        generic if generic == BIG5 => BIG5,
        _ => detector.guess(Some(b"cn"), Allow),
    };
    if enc == GBK {
        GB18030
    } else {
        enc
    }
}

/// Fewest double-byte characters [`plainly_gb_chinese`] decides on.
const GB_PLAIN_MIN_PAIRS: usize = 32;

/// Whether `bytes` are well-formed GB18030 whose double-byte characters read as Chinese:
/// nearly all (95%) in GB2312's common hanzi (lead bytes B0–D7) or its punctuation and
/// symbol rows, a fair share (a fifth) of the hanzi past lead byte C8, and next to no kana
/// (rows A4–A5). The legacy encodings whose bytes GBK also accepts fail it: Big5 Chinese
/// (a third of its pairs fall outside those rows), EUC-KR Korean (its Hangul fills B0–C8
/// only), EUC-JP Japanese (half kana), Shift_JIS (other lead bytes). Whatever fails it,
/// short texts included, goes to the statistical detector.
fn plainly_gb_chinese(bytes: &[u8]) -> bool {
    let (mut pairs, mut hanzi, mut late, mut symbols, mut kana) = (0usize, 0, 0, 0, 0);
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let Some(&trail) = bytes.get(i + 1) else {
            // cut inside a character (a truncated file): left to the detector
            return false;
        };
        if !(0x81..=0xFE).contains(&lead) {
            return false;
        }
        if trail.is_ascii_digit() {
            // a four-byte sequence (rare characters)
            let rest = (bytes.get(i + 2), bytes.get(i + 3));
            if !matches!(rest, (Some(0x81..=0xFE), Some(b'0'..=b'9'))) {
                return false;
            }
            pairs += 1;
            i += 4;
            continue;
        }
        if !(0x40..=0xFE).contains(&trail) || trail == 0x7F {
            return false;
        }
        pairs += 1;
        if trail >= 0xA1 {
            match lead {
                0xB0..=0xC8 => hanzi += 1,
                0xC9..=0xD7 => {
                    hanzi += 1;
                    late += 1;
                }
                0xA4 | 0xA5 => kana += 1,
                0xA1..=0xA9 => symbols += 1,
                _ => {}
            }
        }
        i += 2;
    }
    pairs >= GB_PLAIN_MIN_PAIRS
        && (hanzi + symbols) * 20 >= pairs * 19
        && late * 5 >= hanzi
        && kana * 100 <= pairs
}

/// Decodes `body` with `enc` and builds the result (see [`finish_text`]).
fn finish(
    enc: &'static Encoding,
    body: &[u8],
    method: Method,
    warnings: Vec<String>,
) -> Result<Decoded, DecodeError> {
    let enc = if enc == GBK { GB18030 } else { enc };
    let (text, replaced) = decode_counting(enc, body, true);
    finish_text(text, enc, replaced, method, warnings)
}

/// Applies the stray-NUL policy, removes NUL characters, adds the warnings
/// about replacements and removed NULs, and assembles the [`Decoded`].
fn finish_text(
    mut text: String,
    enc: &'static Encoding,
    replaced: usize,
    method: Method,
    mut warnings: Vec<String>,
) -> Result<Decoded, DecodeError> {
    if replaced > 0 {
        warnings.push(format!(
            "{replaced} malformed byte {} replaced with U+FFFD",
            plural(replaced, "sequence", "sequences")
        ));
    }
    // In UTF-8 the byte 0 only ever encodes U+0000.
    let nuls = count_nuls(text.as_bytes());
    if nuls > 0 {
        // Only NUL-sparse input gets here (the NUL-heavy case was screened).
        let trusted_encoding = is_utf16(enc)
            || method == Method::Forced
            || enc == UTF_8
            || enc == GB18030
            || enc == BIG5;
        if !is_utf16(enc) && (replaced > 0 || !trusted_encoding) {
            return Err(binary("NUL bytes"));
        }
        text.retain(|c| c != '\0');
        warnings.push(format!(
            "{nuls} NUL {} removed",
            plural(nuls, "character", "characters")
        ));
    }
    if text.is_empty() {
        // Non-empty input, no text: e.g. a lone BOM.
        warnings.push("file contains no text".to_string());
    }
    Ok(Decoded {
        text,
        encoding: canonical_name(enc),
        method,
        replaced,
        warnings,
    })
}

/// Decodes without BOM handling, replacing each malformed sequence with
/// U+FFFD and counting exactly those replacements.
fn decode_counting(enc: &'static Encoding, input: &[u8], last: bool) -> (String, usize) {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(input.len())
        .unwrap_or(input.len());
    let mut out = String::with_capacity(capacity);
    let mut replaced = 0;
    let mut rest = input;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, last);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::Malformed(_, _) => {
                replaced += 1;
                out.push('\u{FFFD}');
            }
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(rest.len())
                    .unwrap_or(rest.len());
                out.reserve(more.max(16));
            }
        }
    }
    (out, replaced)
}

/// The name reported in [`Decoded::encoding`]: GBK is reported as GB18030
/// (same decoder in `encoding_rs`), everything else by its `encoding_rs` name.
fn canonical_name(enc: &'static Encoding) -> &'static str {
    if enc == GBK || enc == GB18030 {
        "GB18030"
    } else {
        enc.name()
    }
}

/// True for UTF-16LE and UTF-16BE.
fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

/// Shorthand for [`DecodeError::Binary`].
fn binary(kind: &str) -> DecodeError {
    DecodeError::Binary(kind.to_string())
}

/// Picks the singular or plural word for `n`.
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_controls_are_the_c0_bytes_screened() {
        for b in 0..=255u8 {
            let counted = matches!(b, 0x01..=0x08 | 0x0b | 0x0e..=0x1a | 0x1c..=0x1f);
            assert_eq!(counted_control(b) == 1, counted, "{b:#04x}");
        }
    }

    /// Simplified Chinese sample, repeated so the detector has enough text.
    fn simplified() -> String {
        "中央和国家机关要带头开展形式主义问题大排查。整治层层加重基层负担的问题。各地区各部门各单位要结合实际。\n"
            .repeat(8)
    }

    /// Traditional Chinese sample for Big5.
    fn traditional() -> String {
        "各地區各部門要結合實際，整治形式主義問題。\n".repeat(12)
    }

    /// Encodes with `encoding_rs`, failing the test if a character is unmappable.
    fn encode(text: &str, enc: &'static Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "sample not representable in {}", enc.name());
        bytes.into_owned()
    }

    /// UTF-16 code units of `text`, serialised little- or big-endian.
    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if little_endian {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    }

    /// Deterministic pseudo-random generator (xorshift64).
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn check(bytes: &[u8], text: &str, encoding: &str, method: Method) -> Decoded {
        let d = decode(bytes, None).expect("decodes");
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, encoding);
        assert_eq!(d.method, method);
        assert_eq!(d.replaced, 0);
        d
    }

    #[test]
    fn mixed_lines_are_decoded_each_in_its_own_encoding() {
        let (gbk, _, _) = GB18030.encode("各级党委要于年底前完成整改。\n");
        let mut bytes = "关于开展专项整治的通知\n".as_bytes().to_vec();
        bytes.extend_from_slice(&gbk);
        bytes.extend_from_slice("各部门要立行立改。\n".as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(
            d.text,
            "关于开展专项整治的通知\n各级党委要于年底前完成整改。\n各部门要立行立改。\n"
        );
        assert_eq!(d.encoding, "GB18030");
        assert!(d
            .warnings
            .iter()
            .any(|w| w.starts_with("mixed encodings: 1 line")));
        // a file all in GBK is not mixed: decoded whole, as before
        let (all, _, _) = GB18030.encode("关于开展专项整治的通知\n各级党委要于年底前完成整改。\n");
        let d = decode(&all, None).unwrap();
        assert!(
            d.warnings.iter().all(|w| !w.starts_with("mixed")),
            "{:?}",
            d.warnings
        );
        assert_eq!(
            d.text,
            "关于开展专项整治的通知\n各级党委要于年底前完成整改。\n"
        );
    }

    #[test]
    fn empty_input() {
        let d = decode(b"", None).unwrap();
        assert_eq!(d.text, "");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.warnings, ["file is empty"]);
    }

    #[test]
    fn utf8_without_bom_is_strict_utf8() {
        let s = simplified();
        let d = check(s.as_bytes(), &s, "UTF-8", Method::Utf8);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn ascii_is_utf8() {
        check(b"plain ascii\r\n", "plain ascii\r\n", "UTF-8", Method::Utf8);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let s = simplified();
        let bytes = [b"\xef\xbb\xbf".as_slice(), s.as_bytes()].concat();
        check(&bytes, &s, "UTF-8", Method::Bom);
    }

    #[test]
    fn lone_bom_is_no_text() {
        let d = decode(b"\xff\xfe", None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.method),
            ("", "UTF-16LE", Method::Bom)
        );
        assert_eq!(d.warnings, ["file contains no text"]);
    }

    #[test]
    fn utf16le_bom() {
        let s = simplified();
        let bytes = [b"\xff\xfe".as_slice(), &utf16(&s, true)].concat();
        check(&bytes, &s, "UTF-16LE", Method::Bom);
    }

    #[test]
    fn utf16be_bom() {
        let s = traditional();
        let bytes = [b"\xfe\xff".as_slice(), &utf16(&s, false)].concat();
        check(&bytes, &s, "UTF-16BE", Method::Bom);
    }

    #[test]
    fn utf16_bom_odd_length_counts_replacement() {
        let bytes = [b"\xff\xfe".as_slice(), &utf16("整治", true), b"\x4e"].concat();
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "整治\u{FFFD}");
        assert_eq!(d.replaced, 1);
        assert!(d
            .warnings
            .contains(&"1 malformed byte sequence replaced with U+FFFD".into()));
    }

    #[test]
    fn utf16le_without_bom_is_sniffed() {
        let s = format!("Notice 2024-01\n{}", simplified());
        let d = check(&utf16(&s, true), &s, "UTF-16LE", Method::Guessed);
        assert_eq!(
            d.warnings,
            ["encoding guessed as UTF-16LE (no byte order mark)"]
        );
    }

    #[test]
    fn utf16le_without_bom_with_few_nuls_is_sniffed() {
        // A single ASCII character: 1 NUL byte in ~2000, below the 1-per-1000
        // "NUL-heavy" line, yet it is still recognised as UTF-16.
        // ("开" is U+5F00, whose low byte is 0: leave it out.)
        let line = simplified().replace(['\n', '开'], "");
        let s = format!("{}\n", line.repeat(3));
        let bytes = utf16(&s, true);
        assert_eq!(bytes.iter().filter(|&&b| b == 0).count(), 1);
        check(&bytes, &s, "UTF-16LE", Method::Guessed);
    }

    #[test]
    fn utf16be_without_bom_is_sniffed() {
        let s = "Plain English text, version 2.\n".repeat(20);
        check(&utf16(&s, false), &s, "UTF-16BE", Method::Guessed);
    }

    #[test]
    fn gb18030_is_guessed() {
        let s = simplified();
        let d = check(&encode(&s, GB18030), &s, "GB18030", Method::Guessed);
        assert_eq!(d.warnings, ["encoding guessed as GB18030"]);
    }

    #[test]
    fn short_mostly_ascii_gbk_is_guessed() {
        // Without the `cn` hint chardetng says windows-1252 here.
        let s = "Document No. 12 (2024), issued by the office. Contact: 王 \n";
        check(&encode(s, GBK), s, "GB18030", Method::Guessed);
    }

    #[test]
    fn gbk_is_guessed_and_named_gb18030() {
        let s = format!("第1条 {}", simplified());
        check(&encode(&s, GBK), &s, "GB18030", Method::Guessed);
    }

    #[test]
    fn gb18030_four_byte_sequences() {
        // U+20000 and U+263A need GB18030's four-byte form (not in GBK).
        let s = format!("{}𠀀 ☺ 𠀀\n", simplified());
        let bytes = encode(&s, GB18030);
        check(&bytes, &s, "GB18030", Method::Guessed);
    }

    #[test]
    fn big5_is_guessed() {
        let s = traditional();
        let d = check(&encode(&s, BIG5), &s, "Big5", Method::Guessed);
        assert_eq!(d.warnings, ["encoding guessed as Big5"]);
    }

    #[test]
    fn plain_chinese_in_gb18030_is_told_from_the_other_legacy_encodings() {
        use encoding_rs::{BIG5, EUC_JP, EUC_KR, SHIFT_JIS};
        let zh = "各级党委（党组）要切实担负起主体责任，于2024年9月底前完成整改，\
                  对整改不力的严肃问责。整治形式主义、官僚主义，切实为基层减负。"
            .repeat(2);
        let ja = "政府は国民の安全と幸福のために最善を尽くしています。\
                  各省庁は今年末までに改善計画を提出しなければならない。"
            .repeat(2);
        let ko = "대한민국 정부는 국민의 안전과 행복을 위하여 최선을 다하고 있습니다. \
                  각 부처는 올해 말까지 개선 계획을 제출하여야 한다."
            .repeat(2);
        let gb = |t: &str| GB18030.encode(t).0.into_owned();
        assert!(plainly_gb_chinese(&gb(&zh)));
        // a rare character takes four bytes
        assert!(plainly_gb_chinese(&gb(&format!("{zh}㐀"))));
        assert!(!plainly_gb_chinese(&BIG5.encode(&zh).0));
        assert!(!plainly_gb_chinese(&EUC_KR.encode(&ko).0));
        assert!(!plainly_gb_chinese(&EUC_JP.encode(&ja).0));
        assert!(!plainly_gb_chinese(&SHIFT_JIS.encode(&ja).0));
        // too short to tell, cut inside a character, not GB18030 at all
        assert!(!plainly_gb_chinese(&gb("整改到位")));
        let bytes = gb(&zh);
        assert!(!plainly_gb_chinese(&bytes[..bytes.len() - 1]));
        assert!(!plainly_gb_chinese(&[&bytes[..], &[0xFF, 0x41]].concat()));
        // and the detector agrees on what it passes
        for t in [&zh, &ja, &ko] {
            for enc in [GB18030, BIG5, EUC_KR, EUC_JP, SHIFT_JIS] {
                let bytes = enc.encode(t).0;
                if plainly_gb_chinese(&bytes) {
                    assert_eq!(detector_guess(&bytes), GB18030);
                }
            }
        }
        // the bundled notices in GBK and GB18030
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files = vec![root.join("heldout/h04_speech_gbk.txt")];
        for e in std::fs::read_dir(root.join("encodings")).unwrap() {
            let path = e.unwrap().path();
            if path.to_string_lossy().contains("gb18030") {
                files.push(path);
            }
        }
        assert!(files.len() >= 6);
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            assert!(plainly_gb_chinese(&bytes), "{}", path.display());
            assert_eq!(detector_guess(&bytes), GB18030, "{}", path.display());
        }
    }

    #[test]
    fn large_gb18030_input_uses_prefix_for_guess() {
        let s = simplified().repeat(200); // well over 64 KiB once encoded
        let bytes = encode(&s, GB18030);
        assert!(bytes.len() > GUESS_LEN);
        check(&bytes, &s, "GB18030", Method::Guessed);
    }

    #[test]
    fn windows_1252_is_guessed() {
        let s = "Le café de la gare était fermé à cause de la grève.\n".repeat(5);
        let bytes = encode(&s, encoding_rs::WINDOWS_1252);
        check(&bytes, &s, "windows-1252", Method::Guessed);
    }

    #[test]
    fn png_header_is_binary() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert_eq!(
            decode(png, None),
            Err(DecodeError::Binary("PNG image".into()))
        );
    }

    #[test]
    fn other_magic_numbers_are_binary() {
        let cases: &[(&[u8], &str)] = &[
            (b"PK\x03\x04\x14\0\x06\0", "ZIP archive"),
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
            (b"\x1f\x8b\x08\0\0\0\0\0", "gzip archive"),
            (b"\x7fELF\x02\x01\x01", "ELF executable"),
            (b"BZh91AY&SY", "bzip2 archive"),
            (b"MZ\x90\0\x03\0\0\0", "Windows executable"),
            (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG image"),
        ];
        for &(bytes, kind) in cases {
            assert_eq!(
                decode(bytes, None),
                Err(DecodeError::Binary(kind.into())),
                "{kind}"
            );
        }
        // A text merely starting with "MZ" is not an executable.
        check(b"MZ is a label", "MZ is a label", "UTF-8", Method::Utf8);
    }

    #[test]
    fn magic_number_is_binary_even_when_forced() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(
            decode(png, Some(GBK)),
            Err(DecodeError::Binary("PNG image".into()))
        );
    }

    #[test]
    fn random_bytes_with_nuls_are_binary() {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let mut bytes: Vec<u8> = (0..4096).map(|_| rng.next() as u8).collect();
        for i in (0..bytes.len()).step_by(97) {
            bytes[i] = 0;
        }
        assert_eq!(
            decode(&bytes, None),
            Err(DecodeError::Binary("NUL bytes".into()))
        );
    }

    #[test]
    fn control_bytes_are_binary() {
        let bytes: Vec<u8> = b"abc\x01\x02\x03\x04defgh\x05\x06".repeat(50);
        assert_eq!(
            decode(&bytes, None),
            Err(DecodeError::Binary("control bytes".into()))
        );
    }

    #[test]
    fn stray_nuls_in_long_utf8_are_removed() {
        let s = simplified().repeat(4);
        let mid = s.find('。').unwrap();
        let mut bytes = s.as_bytes().to_vec();
        bytes.insert(mid, 0);
        let d = check(&bytes, &s, "UTF-8", Method::Utf8);
        assert_eq!(d.warnings, ["1 NUL character removed"]);
    }

    #[test]
    fn stray_nul_in_long_ascii_is_removed_not_utf16() {
        let s = "Plain text line number one.\n".repeat(60);
        let bytes = [s.as_bytes(), b"\0"].concat();
        let d = check(&bytes, &s, "UTF-8", Method::Utf8);
        assert_eq!(d.warnings, ["1 NUL character removed"]);
    }

    #[test]
    fn stray_nul_with_malformed_bytes_is_binary() {
        let s = simplified().repeat(4);
        let bytes = [s.as_bytes(), b"\0\xff"].concat();
        assert_eq!(
            decode(&bytes, None),
            Err(DecodeError::Binary("NUL bytes".into()))
        );
    }

    #[test]
    fn stray_nuls_in_long_gb18030_are_removed() {
        let s = simplified().repeat(4);
        let mut bytes = encode(&s, GB18030);
        let newline = bytes.iter().position(|&b| b == b'\n').unwrap();
        bytes.insert(newline + 1, 0);
        bytes.push(0);
        let d = check(&bytes, &s, "GB18030", Method::Guessed);
        assert!(d.warnings.contains(&"2 NUL characters removed".into()));
    }

    #[test]
    fn a_nul_in_a_short_text_is_binary() {
        assert_eq!(
            decode(b"short\0text", None),
            Err(DecodeError::Binary("NUL bytes".into()))
        );
    }

    #[test]
    fn truncated_gb18030_is_replaced() {
        let s = simplified();
        let bytes = encode(&s, GB18030);
        // Drop the final "\n" and the trail byte of the last "。".
        let cut = &bytes[..bytes.len() - 2];
        let d = decode(cut, None).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert!(d.replaced >= 1);
        assert!(d.text.starts_with("中央和国家机关"));
        assert!(d.text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn truncated_utf8_tail_stays_utf8() {
        let s = simplified();
        let cut = &s.as_bytes()[..s.len() - 2]; // cut "。" of the last line mid-character
        let d = decode(cut, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.method, Method::Guessed);
        assert_eq!(d.replaced, 1);
        assert!(d.text.ends_with("各单位要结合实际\u{FFFD}"));
    }

    #[test]
    fn one_invalid_byte_in_long_utf8() {
        let s = simplified();
        let mid = s.find('整').unwrap();
        let mut bytes = s.as_bytes().to_vec();
        bytes.insert(mid, 0xff);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replaced, 1);
        let expected = format!("{}\u{FFFD}{}", &s[..mid], &s[mid..]);
        assert_eq!(d.text, expected);
        assert!(d
            .warnings
            .contains(&"1 malformed byte sequence replaced with U+FFFD".into()));
    }

    #[test]
    fn gbk_line_pasted_into_utf8_stays_utf8() {
        let s = simplified();
        let gbk_line = encode("整治形式主义\n", GBK);
        let bytes = [s.as_bytes(), &gbk_line, s.as_bytes()].concat();
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.replaced > 0);
        assert!(d.text.starts_with(&s) && d.text.ends_with(&s));
    }

    #[test]
    fn forced_gbk_label() {
        let s = simplified();
        let enc = encoding_for_label("gbk").unwrap();
        let d = decode(&encode(&s, GBK), Some(enc)).unwrap();
        assert_eq!(d.text, s);
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.method, Method::Forced);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn forced_encoding_is_not_second_guessed() {
        // Valid UTF-8 bytes, but the caller says GBK: decode as GBK.
        let s = "整治";
        let d = decode(s.as_bytes(), Some(GBK)).unwrap();
        assert_eq!(d.method, Method::Forced);
        assert_eq!(d.text, GBK.decode_without_bom_handling(s.as_bytes()).0);
    }

    #[test]
    fn forced_strips_matching_bom_only() {
        let bytes = [b"\xef\xbb\xbf".as_slice(), "整治".as_bytes()].concat();
        let d = decode(&bytes, Some(UTF_8)).unwrap();
        assert_eq!((d.text.as_str(), d.method), ("整治", Method::Forced));
        let d = decode(&bytes, Some(encoding_rs::WINDOWS_1252)).unwrap();
        assert!(d.text.starts_with("ï»¿"));
        assert_eq!(
            d.warnings,
            ["byte order mark for UTF-8 kept as text: encoding forced to windows-1252"]
        );
    }

    #[test]
    fn forced_utf16_skips_nul_screening() {
        let s = "Plain text\n".repeat(3);
        let d = decode(&utf16(&s, true), Some(UTF_16LE)).unwrap();
        assert_eq!(d.text, s);
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn labels() {
        let cases = [
            ("gbk", GBK),
            ("GB2312", GBK),
            (" GB18030 ", GB18030),
            ("gb_18030", GB18030),
            ("big5", BIG5),
            ("cp950", BIG5),
            ("utf-16le", UTF_16LE),
            ("UTF16BE", UTF_16BE),
            ("utf8", UTF_8),
            ("utf-8-sig", UTF_8),
        ];
        for (label, enc) in cases {
            assert_eq!(encoding_for_label(label), Ok(enc), "{label}");
        }
    }

    #[test]
    fn unknown_label() {
        assert_eq!(
            encoding_for_label("klingon-8"),
            Err(DecodeError::UnknownLabel("klingon-8".into()))
        );
        // WHATWG maps this to the "replacement" pseudo-encoding: refuse it.
        assert!(encoding_for_label("iso-2022-kr").is_err());
        assert_eq!(
            DecodeError::UnknownLabel("x".into()).to_string(),
            "unknown encoding label `x`"
        );
    }

    #[test]
    fn fuzz_never_panics() {
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        let gb = encode(&simplified(), GB18030);
        let utf8 = simplified().into_bytes();
        let forced = [None, Some(UTF_8), Some(GBK), Some(BIG5), Some(UTF_16BE)];
        for round in 0..4000 {
            let len = rng.below(300);
            let bytes: Vec<u8> = (0..len)
                .map(|i| match round % 4 {
                    0 => rng.next() as u8,
                    1 => gb[(i + rng.below(3)) % gb.len()],
                    2 => utf8[(i * 7 + rng.below(2)) % utf8.len()],
                    _ => [0u8, 0xef, 0xbb, 0xbf, 0xff, 0xfe, b'a', 0x81][rng.below(8)],
                })
                .collect();
            let enc = forced[rng.below(forced.len())];
            if let Ok(d) = decode(&bytes, enc) {
                assert!(!d.text.contains('\0'));
                assert!(d.replaced <= bytes.len());
                assert_eq!(
                    d.replaced > 0,
                    d.warnings.iter().any(|w| w.contains("U+FFFD"))
                );
            }
        }
    }
}
