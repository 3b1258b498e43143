//! Clean stage: decoded text in, clean plain text out.
//!
//! **Takes** the decoded text of one notice as scraped from the web: plain text, HTML
//! fragments or whole pages, possibly entity-escaped twice, with page furniture
//! (file names, `责任编辑`, `来源`, share buttons and counters) around the body.
//!
//! **Gives** a [`Cleaned`]: the plain text that every span of the project refers to, the
//! pieces dropped as page furniture (with the id of the rule that dropped them) and
//! warnings for anything the reader should know.
//!
//! Two steps:
//! 1. `strip_markup`: a hand-written, linear, non-recursive scanner removes tags and
//!    decodes character references, then repeats on its own output (at most
//!    [`MAX_ROUNDS`] rounds in all, stopping when stable) for pages stored escaped twice.
//!    It also normalises line breaks and odd white space (see "Characters" below).
//!    A page stored flattened to one line is opened at its paragraph indents first
//!    (`flat`).
//! 2. [`clean`]: per line, trims, applies the [`FurnitureRule`]s in their [`Scope`],
//!    drops emptied lines and collapses blank lines; a text hard-wrapped at a page's width
//!    (copied from a PDF) has its wraps joined (see `wrapped_lines`), so that a sentence
//!    is one line.
//!
//! # Invariants of [`Cleaned::text`]
//! - Lines are separated by `\n` (never `\r`); no line starts or ends with white space
//!   (ASCII, U+3000, U+00A0 or any other Unicode `White_Space`) other than a tab, which
//!   is a table cell boundary and stays where a row's first or last cell is empty.
//! - Inside a line, tabs and U+00A0 have become a plain space; any other run of white
//!   space (U+3000 included, as in `刀刃向内找问题　有的放矢`) is kept as written.
//! - At most one empty line in a row, none at the start or end, no trailing newline.
//! - Every other character (parentheses, brackets, CJK punctuation, full- or half-width)
//!   is kept exactly as written.
//!
//! # Markup
//! - `<` starts markup only when followed by an ASCII letter (start tag), `/` and a
//!   letter (end tag), `!` (comment, doctype, CDATA) or `?` and a letter (a processing
//!   instruction such as Word's `<?xml:namespace … />`, dropped to its `>`); anything
//!   else (`a < b`, `<<通知>>`, `<3`) is text.
//! - A tag must end with `>` (a `>` inside a quoted attribute value does not end it).
//!   A tag with no `>` after it (`<div class="x` at the end of input) is **kept as
//!   text**.
//! - Block-level tags (`div p li tr h1`–`h6 table section article …`) end the current
//!   line if it holds any text (so empty blocks such as `<div>&nbsp;</div>` leave no
//!   blank line); `<br>` always ends a line (so `<br><br>` makes an empty line); `td`
//!   and `th` become a tab so that a table row stays on one line with its cells apart
//!   (a tab in the cleaned text is always a cell boundary); inside a row of several
//!   cells, block tags and `<br>` are a space. A row of one cell is a page laid out in a
//!   table (a government site puts the whole notice in one `<td>`): its breaks are those
//!   of text outside a table, so its paragraphs stay lines. Other tags vanish.
//!   A source line break right after a block tag or `<br>` is absorbed (pretty-printed
//!   HTML gives no blank lines); other source line breaks are kept as line breaks.
//! - `script style noscript template iframe xml` are dropped with their content;
//!   unclosed, they drop everything to the end of input (with a warning). `head` is
//!   dropped up to `</head>` or `<body`; with neither, only the tag is removed.
//!   A self-closed `<script … />` is taken as empty (XHTML habit) rather than opening
//!   raw text. `<!-- -->` comments are dropped; an unclosed comment drops to the end of
//!   input. A blog's excerpt marker `<!--more-->` cuts the text wherever the excerpt
//!   ends, mid-word as often as not: when the text before it ends inside a sentence
//!   (no `。！？；：` and at most one line break since), the line goes on after it.
//! - Rounds after the first only see markup that came out of entities (`&lt;p&gt;`):
//!   there only known HTML element names count as tags, `<!` only before a letter or
//!   `[`, and an unclosed comment or `script` is kept as text instead of dropping the
//!   rest.
//!
//! # Merged cells
//! A `rowspan` or `colspan` cell is written again, as a cell of its own, into every other
//! row and column it covers, so that each row holds all its cells in their columns (see
//! `table`); [`Cleaned::copies`] says where the copies are. The cleaned text thus holds
//! text the source writes once: a table's rows read as the table shows them. A row whose
//! only cell holds paragraphs stays a page laid out in a table even when the cell spans
//! columns: its columns are not filled, its paragraphs stay lines.
//! Copies repeat a cell's text on one line (its breaks a space).
//!
//! # Character references
//! - Named references from a table of the HTML 4 set plus the HTML5 names common on
//!   Chinese pages (`&hellip; &ldquo; &emsp; &middot; &yen; …`); `&nbsp &amp &lt &gt
//!   &quot &copy &reg &middot &times` (and upper-case legacy forms) also without `;`.
//! - Numeric references `&#8220;` `&#x201C;` (the `;` may be missing); `&#128;`–`&#159;`
//!   map through Windows-1252 as in HTML5 (`&#147;` → `“`).
//! - Malformed references are **kept as written** and never panic: unknown names
//!   (`&unknown;`), no digits (`&#xZZ;`), a lone `&`, and numbers that are not Unicode
//!   scalar values (`&#0;`, surrogates, `&#99999999;`) — no U+FFFD is invented; the
//!   latter are counted in a warning.
//!
//! # Characters
//! CRLF and CR become LF; U+2028, U+2029, U+0085, VT and FF become LF; tabs and U+00A0
//! become a space; other control characters and invisible format characters (U+200B
//! ZWSP, U+200C ZWNJ, U+200D ZWJ, U+200E/U+200F, U+202A–U+202E, U+2060–U+2064,
//! U+2066–U+2069, U+00AD soft hyphen, U+FEFF BOM) are removed, so that they cannot
//! split a keyword.
//!
//! Everything is linear in the input (every search that fails is remembered so that it
//! is never repeated), uses no recursion and never panics.

mod flat;
mod table;

use crate::rules::{FurnitureRule, Scope};
use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;
use table::{Spans, COPY_END, COPY_START};

/// How many non-empty lines [`Scope::Head`] and [`Scope::Tail`] cover.
pub const SCOPE_LINES: usize = 6;

/// How many rounds of markup stripping and entity decoding `strip_markup` runs at most.
pub const MAX_ROUNDS: usize = 3;

/// How far from the end a [`Scope::TailList`] heading is looked for, in non-empty lines.
pub const LIST_SCOPE: usize = 20;

/// The most lines a [`Scope::TailList`] heading takes with it.
pub const LIST_LINES: usize = 12;

/// The longest line, in characters, a [`Scope::TailList`] heading takes with it.
const LIST_ITEM_CHARS: usize = 60;

/// A piece of text that was dropped as page furniture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Id of the rule that matched (a punctuation-only remainder of the line is credited
    /// to the rule whose match left it).
    pub rule: String,
    /// The text removed.
    pub text: String,
    /// Whether the rule says the line may stand for the title (a file name as the first line).
    pub gives_title: bool,
    /// 0-based index of the line in the output of `strip_markup`.
    pub line: usize,
    /// Where it stood in the cleaned text: the char offset before which it was cut out of a
    /// line that stayed, or, when its whole line went (`whole_line`), the start of the next
    /// line kept (the end of the text after the last). Never past the text's end.
    pub at: usize,
    /// Whether its whole line was dropped (else it was cut out of a line that stayed).
    pub whole_line: bool,
}

/// The result of [`clean`].
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// The cleaned text: spans of the whole project refer to it.
    pub text: String,
    /// What was dropped as page furniture, by line, then in rule order.
    pub dropped: Vec<Dropped>,
    /// What the reader should know: unclosed elements dropped to the end, malformed
    /// character references, each piece of dropped furniture.
    pub warnings: Vec<String>,
    /// The `<title>` of an HTML page's head, as text (dropped with the head).
    pub page_title: Option<String>,
    /// Where the copies of merged table cells lie in `text` (byte ranges, in order): the
    /// text of a `rowspan`/`colspan` cell written again into each other row and column it
    /// covers (see "Merged cells" in the module doc).
    pub copies: Vec<(usize, usize)>,
}

/// The result of `strip_markup_report`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stripped {
    /// The text without markup; lines not yet trimmed.
    pub text: String,
    /// What the reader should know (unclosed elements, malformed references).
    pub warnings: Vec<String>,
    /// The text of the first `<title>` in a `<head>`, white space collapsed; `None` when
    /// there is none or it is empty.
    pub title: Option<String>,
}

/// Removes the noncharacters that mark copies of merged cells from input text.
fn without_copy_marks(raw: &str) -> Cow<'_, str> {
    // (each character searched for alone: a search for one character skips along its last
    // byte, one for either of two decodes every character)
    if raw.contains(COPY_START) || raw.contains(COPY_END) {
        Cow::Owned(raw.replace([COPY_START, COPY_END], ""))
    } else {
        Cow::Borrowed(raw)
    }
}

/// Strips markup and decodes character references (see the module doc), normalising
/// line breaks and white space; lines are not trimmed.
#[must_use]
pub(crate) fn strip_markup(raw: &str) -> String {
    strip_markup_report(raw).text
}

/// Like `strip_markup`, and also says what was dropped to the end of input or kept
/// as written.
#[must_use]
pub(crate) fn strip_markup_report(raw: &str) -> Stripped {
    let (mut text, mut notes) = scan(&without_copy_marks(raw), Mode::Markup);
    let mut warnings = std::mem::take(&mut notes.warnings);
    let mut copies = (notes.copies, notes.copies_skipped);
    let title = notes.title.take().and_then(|t| {
        let t = strip_markup(&t);
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        (!t.is_empty()).then_some(t)
    });
    let mut rounds = 1;
    while rounds < MAX_ROUNDS && (text.contains('&') || text.contains('<')) {
        let (next, later) = scan(&text, Mode::Escaped);
        rounds += 1;
        let stable = next == text;
        text = next;
        notes = later;
        warnings.append(&mut notes.warnings);
        copies.0 += notes.copies;
        copies.1 += notes.copies_skipped;
        if stable {
            break;
        }
    }
    if notes.malformed > 0 {
        warnings.push(format!(
            "kept {} malformed numeric character reference(s) as written, e.g. {}",
            notes.malformed, notes.malformed_example
        ));
    }
    if copies.0 > 0 {
        warnings.push(format!(
            "filled {} merged table cell(s): a rowspan or colspan cell's text is repeated in each row and column it covers",
            copies.0
        ));
    }
    if copies.1 > 0 {
        warnings.push(format!(
            "left {} merged table cell(s) empty: their copies would have outgrown the input",
            copies.1
        ));
    }
    Stripped {
        text,
        warnings,
        title,
    }
}

/// Cleans `raw`: `strip_markup`, then per line: trim, apply the furniture rules in
/// their scope (a match removes the matched portion; a line left empty or holding only
/// punctuation and symbols is dropped), collapse runs of blank lines to one, no leading
/// or trailing blank line, no trailing newline.
///
/// Rules are applied in three passes: [`Scope::Anywhere`] rules to every line, then
/// [`Scope::Head`] rules from the top, then [`Scope::Tail`] rules from the bottom; within
/// a pass, in the order given.
#[must_use]
pub fn clean(raw: &str, furniture: &[FurnitureRule]) -> Cleaned {
    let Stripped {
        text: mut stripped,
        mut warnings,
        title: page_title,
    } = strip_markup_report(raw);
    if let Some((opened, n)) = flat::unflatten(&stripped) {
        stripped = opened;
        warnings.push(format!(
            "opened {n} line(s) of a page flattened to one line at its paragraph indents or enumerators"
        ));
    }
    if let Some(unglued) = flat::unglue_addressees(&stripped) {
        stripped = unglued;
    }
    let mut lines: Vec<Line<'_>> = stripped
        .split('\n')
        .map(|l| Line {
            text: Cow::Borrowed(trim_keeping_cells(l)),
            dropped: false,
        })
        .collect();
    let in_scope = |scope: Scope| -> Vec<&FurnitureRule> {
        furniture.iter().filter(|r| r.scope == scope).collect()
    };
    let (anywhere, head, tail) = (
        in_scope(Scope::Anywhere),
        in_scope(Scope::Head),
        in_scope(Scope::Tail),
    );
    let mut dropped = Vec::new();
    if !anywhere.is_empty() {
        for (i, line) in lines.iter_mut().enumerate() {
            apply_rules(i, line, &anywhere, &mut dropped);
        }
    }
    if !head.is_empty() {
        apply_in_window(lines.iter_mut().enumerate(), &head, &mut dropped);
    }
    if !tail.is_empty() {
        apply_in_window(lines.iter_mut().enumerate().rev(), &tail, &mut dropped);
    }
    let lists = in_scope(Scope::TailList);
    if !lists.is_empty() {
        drop_tail_list(&mut lines, &lists, &mut dropped);
    }
    dropped.sort_by_key(|d| d.line); // stable: rule order kept within a line

    let kept: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].dropped).collect();
    let kept_text: Vec<&str> = kept.iter().map(|&i| lines[i].text.as_ref()).collect();
    let wraps = wrapped_lines(&kept_text);
    if wraps.iter().any(|&w| w) {
        warnings.push(format!(
            "joined {} line(s) hard-wrapped at the page's width",
            wraps.iter().filter(|&&w| w).count()
        ));
    }
    let mut copies = Vec::new();
    let (text, starts) = join_lines(&kept_text, &wraps, stripped.len(), &mut copies);
    let mut line_starts = vec![None; lines.len()];
    for (&i, start) in kept.iter().zip(starts) {
        line_starts[i] = start;
    }
    for d in &mut dropped {
        if d.text.contains(COPY_START) || d.text.contains(COPY_END) {
            d.text = d.text.replace([COPY_START, COPY_END], "");
        }
    }
    place_dropped(&mut dropped, &lines, &line_starts, text.chars().count());
    warnings.extend(dropped.iter().map(|d| {
        format!(
            "dropped page furniture: {} ({})",
            preview(&d.text, 60),
            d.rule
        )
    }));
    Cleaned {
        text,
        dropped,
        warnings,
        page_title,
        copies,
    }
}

/// Pushes a line onto `text` without the marks of copies of merged cells, recording where
/// each copy lies (a copy a furniture rule cut short ends with the line).
fn push_marking_copies(line: &str, text: &mut String, copies: &mut Vec<(usize, usize)>) {
    let mut open: Option<usize> = None;
    let mut rest = line;
    while let Some(i) = rest.find([COPY_START, COPY_END]) {
        text.push_str(&rest[..i]);
        let mark = rest[i..].chars().next().unwrap_or(COPY_END);
        match (mark == COPY_START, open) {
            (true, None) => open = Some(text.len()),
            (false, Some(start)) => {
                if text.len() > start {
                    copies.push((start, text.len()));
                }
                open = None;
            }
            _ => {}
        }
        rest = &rest[i + mark.len_utf8()..];
    }
    text.push_str(rest);
    if let Some(start) = open.filter(|&s| text.len() > s) {
        copies.push((start, text.len()));
    }
}

/// The kept lines (`""` for a blank one) joined into the cleaned text: a blank run between
/// two lines of text is one blank line, a wrap (`wraps[i]`: line `i` joins the next) no
/// break, the marks of copies of merged cells taken out and the copies recorded in `copies`
/// (`push_marking_copies`). Gives the text and, for each line, where it starts in it and how
/// long it is there, in chars (`None` for a blank line).
fn join_lines(
    kept: &[&str],
    wraps: &[bool],
    capacity: usize,
    copies: &mut Vec<(usize, usize)>,
) -> (String, Vec<Option<(usize, usize)>>) {
    let mut text = String::with_capacity(capacity);
    let mut chars = 0;
    let mut starts = vec![None; kept.len()];
    let mut blank_pending = false;
    for (i, line) in kept.iter().enumerate() {
        if line.is_empty() {
            blank_pending = !text.is_empty();
            continue;
        }
        let before = text.len();
        if i > 0 && wraps[i - 1] {
            // a wrap inside a word of Latin letters or digits keeps a space
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(text.chars().next_back()) && latin(line.chars().next()) {
                text.push(' ');
            }
        } else if !text.is_empty() {
            text.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        chars += text.len() - before; // what was pushed is ASCII
        blank_pending = false;
        let at = text.len();
        push_marking_copies(line, &mut text, copies);
        let len = text[at..].chars().count();
        starts[i] = Some((chars, len));
        chars += len;
    }
    (text, starts)
}

/// Sets each dropped piece's `at` (see [`Dropped::at`]): a piece cut out of a line that
/// stayed holds, while the rules run, its column in the line as it stood then (later cuts
/// before it may leave it a little to the right: it is held inside the line); a piece whose
/// line went stands before the next line kept. `starts[i]` is where line `i` starts in the
/// text and how long it is there, `None` for a line not in it; `end` the text's length in
/// chars.
fn place_dropped(
    dropped: &mut [Dropped],
    lines: &[Line<'_>],
    starts: &[Option<(usize, usize)>],
    end: usize,
) {
    // for each line, where the next line kept from it on starts
    let mut next = vec![end; starts.len() + 1];
    for i in (0..starts.len()).rev() {
        next[i] = starts[i].map_or(next[i + 1], |(start, _)| start);
    }
    for d in dropped {
        let stayed = lines.get(d.line).zip(starts.get(d.line).copied().flatten());
        match stayed {
            Some((line, (start, len))) if !d.whole_line && !line.dropped => {
                d.at = start + d.at.min(len);
            }
            _ => {
                d.whole_line = true;
                d.at = next.get(d.line).copied().unwrap_or(end);
            }
        }
    }
}

/// The fewest lines that must end at one width, inside a sentence, for a text to count as
/// hard-wrapped.
const MIN_WRAPPED_LINES: usize = 3;

/// The narrowest page (in columns: a Han character or full-width form is two) whose lines
/// are taken for wrapped; headings and list items are narrower.
const MIN_WRAP_COLUMNS: usize = 30;

/// For each line of `lines` (the kept lines, `""` for a blank one), whether its line break
/// is a wrap at the page's width inside a sentence, as in text copied from a PDF or a
/// printed page: the break is no break. A text is hard-wrapped when at least
/// [`MIN_WRAPPED_LINES`] lines that end inside a sentence (no `。！？；：`) before a line of
/// text are of one width (within two Han characters), at least [`MIN_WRAP_COLUMNS`] wide,
/// and hardly any line (a tenth) is wider: then each such line of about that width joins
/// the next, unless the next opens with an enumerator (`二、`, `（三）`, `4.`) or either is a
/// table row. Texts whose paragraphs are lines of any length are left as they are.
pub(crate) fn wrapped_lines(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let plain = |l: &str| !l.is_empty() && !l.contains('\t');
    let open: Vec<usize> = (0..lines.len().saturating_sub(1))
        .filter(|&i| plain(lines[i]) && plain(lines[i + 1]))
        .filter(|&i| !lines[i].ends_with(SENTENCE_ENDS))
        .collect();
    let widths: Vec<usize> = open.iter().map(|&i| columns(lines[i])).collect();
    // the widest of the most crowded bands of width [w - 4, w]: one pass over the sorted widths
    let mut sorted = widths.clone();
    sorted.sort_unstable();
    let (mut from, mut best) = (0, (0, 0));
    for (to, &w) in sorted.iter().enumerate() {
        while sorted[from] + 4 < w {
            from += 1;
        }
        best = best.max((to + 1 - from, w));
    }
    let (crowd, page) = best;
    let all: Vec<usize> = (lines.iter().filter(|l| plain(l)))
        .map(|l| columns(l))
        .collect();
    let wider = all.iter().filter(|&&w| w > page + 4).count();
    if page < MIN_WRAP_COLUMNS || crowd < MIN_WRAPPED_LINES || wider * 10 > all.len() {
        return out;
    }
    for (&i, &w) in open.iter().zip(&widths) {
        out[i] = w + 6 >= page && w <= page + 4 && !opens_with_enumerator(lines[i + 1]);
    }
    out
}

/// Columns a line takes on a page: two for a character outside ASCII and Latin-1 (Han,
/// full-width forms), one for the rest.
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

/// Whether a line opens with an enumerator (`二、`, `（三）`, `(4)`, `4.`, `第五条`).
fn opens_with_enumerator(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.]\D|第[一二三四五六七八九十\d]{1,3}[章节条部篇])")
            .expect("constant pattern compiles")
    })
    .is_match(s)
}

/// One line of the stripped text while furniture rules run over it.
struct Line<'a> {
    /// Current (trimmed) text of the line.
    text: Cow<'a, str>,
    /// Whether the line was removed as furniture (as opposed to being blank).
    dropped: bool,
}

/// Applies `rules` to the first [`SCOPE_LINES`] lines of `lines` that are non-empty and
/// survive the rules.
fn apply_in_window<'a, 'b: 'a>(
    lines: impl Iterator<Item = (usize, &'a mut Line<'b>)>,
    rules: &[&FurnitureRule],
    dropped: &mut Vec<Dropped>,
) {
    let mut seen = 0;
    for (i, line) in lines {
        if seen >= SCOPE_LINES {
            break;
        }
        if line.text.is_empty() {
            continue;
        }
        apply_rules(i, line, rules, dropped);
        if !line.text.is_empty() {
            seen += 1;
        }
    }
}

/// The [`Scope::TailList`] pass: the last list heading among the last [`LIST_SCOPE`] lines
/// left, with its list.
fn drop_tail_list(lines: &mut [Line<'_>], rules: &[&FurnitureRule], dropped: &mut Vec<Dropped>) {
    let live: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].dropped && !lines[i].text.is_empty())
        .collect();
    let window = &live[live.len().saturating_sub(LIST_SCOPE)..];
    let heading = window.iter().rev().find_map(|&i| {
        let rule = rules.iter().find(|r| r.regex.is_match(&lines[i].text))?;
        Some((i, rule))
    });
    let Some((at, rule)) = heading else {
        return;
    };
    let mut take = |i: usize, line: &mut Line<'_>| {
        dropped.push(Dropped {
            rule: rule.id.clone(),
            gives_title: rule.gives_title,
            text: line.text.to_string(),
            line: i,
            at: 0,
            whole_line: true,
        });
        line.text = Cow::Borrowed("");
        line.dropped = true;
    };
    let mut items = 0;
    for (i, line) in lines.iter_mut().enumerate().skip(at) {
        if i == at {
            take(i, line);
            continue;
        }
        if line.dropped {
            continue;
        }
        let item = line.text.chars().count() <= LIST_ITEM_CHARS
            && !line
                .text
                .ends_with(['。', '！', '？', '；', '.', '!', '?', ';']);
        if line.text.is_empty() || !item || items == LIST_LINES {
            break;
        }
        take(i, line);
        items += 1;
    }
}

/// Removes every non-empty match of every rule from `line`, recording what was removed.
fn apply_rules(i: usize, line: &mut Line<'_>, rules: &[&FurnitureRule], out: &mut Vec<Dropped>) {
    for rule in rules {
        if line.text.is_empty() {
            return;
        }
        let mut kept = String::new();
        let mut last = 0;
        let mut hit = false;
        for m in rule.regex.find_iter(&line.text) {
            if m.is_empty() {
                continue;
            }
            hit = true;
            kept.push_str(&line.text[last..m.start()]);
            out.push(Dropped {
                rule: rule.id.clone(),
                gives_title: rule.gives_title,
                text: m.as_str().to_string(),
                line: i,
                // the column in the line as it stands now, made an offset by `place_dropped`
                at: kept.chars().count(),
                whole_line: false,
            });
            last = m.end();
        }
        if !hit {
            continue;
        }
        kept.push_str(&line.text[last..]);
        let rest = kept.trim();
        if punctuation_only(rest) {
            if !rest.is_empty() {
                out.push(Dropped {
                    rule: rule.id.clone(),
                    gives_title: rule.gives_title,
                    text: rest.to_string(),
                    line: i,
                    at: 0,
                    whole_line: true,
                });
            }
            line.text = Cow::Borrowed("");
            line.dropped = true;
        } else {
            line.text = Cow::Owned(rest.to_string());
        }
    }
}

/// Whether `s` holds only white space, punctuation (`\p{P}`) and symbols (`\p{S}`).
fn punctuation_only(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[\p{P}\p{S}\s]*$").expect("constant pattern compiles"))
        .is_match(s)
}

/// At most `max` chars of `s`, with `…` when cut.
fn preview(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &s[..cut])),
        None => Cow::Borrowed(s),
    }
}

// ---------------------------------------------------------------------------------------
// The markup scanner.

/// Which round of stripping a scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// First round: real markup, any tag name, unclosed raw-text elements drop to the end.
    Markup,
    /// Later rounds: markup that came out of entities; only known element names are
    /// tags and nothing is dropped to the end.
    Escaped,
}

/// What a scan noticed.
#[derive(Debug, Default)]
struct Notes {
    /// Warnings to pass on as they are.
    warnings: Vec<String>,
    /// Numeric references kept as written.
    malformed: usize,
    /// The first of them.
    malformed_example: String,
    /// The content of the first `<title>` in a `<head>`, markup and all.
    title: Option<String>,
    /// Copies of merged table cells written.
    copies: usize,
    /// Copies of merged table cells left empty (budget spent).
    copies_skipped: usize,
}

/// The smallest start from which each kind of search failed: a failed search is never
/// run again from a later start, which keeps the scan linear.
#[derive(Debug)]
struct Memo {
    gt: usize,
    double_quote: usize,
    single_quote: usize,
    comment_end: usize,
    close: [usize; DROP_TAGS.len() + 1],
    /// After one quoted attribute value ran to the end of input, quotes are ignored.
    quotes_off: bool,
}

impl Memo {
    fn new() -> Self {
        Self {
            gt: usize::MAX,
            double_quote: usize::MAX,
            single_quote: usize::MAX,
            comment_end: usize::MAX,
            close: [usize::MAX; DROP_TAGS.len() + 1],
            quotes_off: false,
        }
    }
}

/// Elements dropped with their content (index = kind in [`Memo::close`]).
const DROP_TAGS: [&str; 6] = ["script", "style", "noscript", "template", "iframe", "xml"];
/// The kind index used for `head`.
const HEAD_KIND: usize = DROP_TAGS.len();

/// What a tag does to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Vanishes.
    Inline,
    /// Ends the current line if it has text.
    Block,
    /// Always ends the line (`br`).
    Break,
    /// Starts a table cell (`td`, `th`): a tab before all but a row's first.
    Cell,
    /// A table row (`tr`): ends the line and the row.
    TableRow,
    /// A group of rows (`thead`, `tbody`, `tfoot`): ends the line and the row.
    Row,
    /// A table (`table`): ends the line and the row; merged cells are filled per table.
    Table,
    /// Dropped with its content; index into [`DROP_TAGS`].
    Drop(usize),
    /// `head`: dropped up to `</head>` or `<body`.
    Head,
}

/// Class of a known HTML element name (ASCII, any case); `None` for unknown names.
fn classify(name: &[u8]) -> Option<Class> {
    let mut buf = [0u8; 12];
    let lower = buf.get_mut(..name.len())?;
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    let class = match std::str::from_utf8(lower).ok()? {
        "br" => Class::Break,
        "td" | "th" => Class::Cell,
        "head" => Class::Head,
        "address" | "article" | "aside" | "blockquote" | "body" | "caption" | "center" | "dd"
        | "details" | "dialog" | "dir" | "div" | "dl" | "dt" | "fieldset" | "figcaption"
        | "figure" | "footer" | "form" | "frameset" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "header" | "hgroup" | "hr" | "html" | "legend" | "li" | "main" | "menu" | "nav"
        | "ol" | "optgroup" | "option" | "p" | "pre" | "section" | "select" | "summary"
        | "textarea" | "title" | "ul" => Class::Block,
        "tr" => Class::TableRow,
        "tbody" | "tfoot" | "thead" => Class::Row,
        "table" => Class::Table,
        "a" | "abbr" | "acronym" | "area" | "audio" | "b" | "base" | "basefont" | "bdi" | "bdo"
        | "big" | "button" | "canvas" | "cite" | "code" | "col" | "colgroup" | "data"
        | "datalist" | "del" | "dfn" | "em" | "embed" | "font" | "frame" | "i" | "img"
        | "input" | "ins" | "kbd" | "label" | "link" | "map" | "mark" | "meta" | "meter"
        | "nobr" | "o:p" | "object" | "output" | "param" | "picture" | "progress" | "q" | "rp"
        | "rt" | "ruby" | "s" | "samp" | "small" | "source" | "span" | "strike" | "strong"
        | "sub" | "sup" | "svg" | "time" | "track" | "tt" | "u" | "var" | "video" | "wbr" => {
            Class::Inline
        }
        other => Class::Drop(DROP_TAGS.iter().position(|t| *t == other)?),
    };
    Some(class)
}

/// Whether `c` may appear in a tag name.
fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.')
}

/// End (exclusive) of the tag name starting at `from`.
fn name_end(b: &[u8], from: usize) -> usize {
    let len = b
        .get(from..)
        .map_or(0, |s| s.iter().take_while(|&&c| is_name_byte(c)).count());
    from + len
}

/// Whether `b[at..]` starts with `name` (ASCII case-insensitive) followed by a non-name byte.
fn starts_with_name(b: &[u8], at: usize, name: &str) -> bool {
    let end = at + name.len();
    b.get(at..end)
        .is_some_and(|s| s.eq_ignore_ascii_case(name.as_bytes()))
        && !b.get(end).copied().is_some_and(is_name_byte)
}

/// First `needle` at or after `from`, remembering a failure in `failed_from`.
fn find_byte(b: &[u8], from: usize, needle: u8, failed_from: &mut usize) -> Option<usize> {
    if from >= *failed_from {
        return None;
    }
    let found = memchr::memchr(needle, b.get(from..)?);
    if found.is_none() {
        *failed_from = from;
    }
    found.map(|k| from + k)
}

/// First `-->` at or after `from`, remembering a failure.
fn find_comment_end(b: &[u8], from: usize, failed_from: &mut usize) -> Option<usize> {
    if from >= *failed_from {
        return None;
    }
    let found = b.get(from..)?.windows(3).position(|w| w == b"-->");
    if found.is_none() {
        *failed_from = from;
    }
    found.map(|k| from + k)
}

/// Where a dropped element ends.
enum Close {
    /// An end tag `</name` whose name ends at the given index.
    EndTag(usize),
    /// A `<body` tag starting at the given index (ends `head`).
    Body(usize),
}

/// Finds the end of the element of kind `kind` whose content starts at `from`.
fn find_close(b: &[u8], from: usize, kind: usize, memo: &mut Memo) -> Option<Close> {
    if from >= memo.close[kind] {
        return None;
    }
    let name = DROP_TAGS.get(kind).copied().unwrap_or("head");
    let mut k = from;
    while let Some(off) = b.get(k..).and_then(|s| memchr::memchr(b'<', s)) {
        let lt = k + off;
        if b.get(lt + 1) == Some(&b'/') && starts_with_name(b, lt + 2, name) {
            return Some(Close::EndTag(lt + 2 + name.len()));
        }
        if kind == HEAD_KIND && starts_with_name(b, lt + 1, "body") {
            return Some(Close::Body(lt));
        }
        k = lt + 1;
    }
    memo.close[kind] = from;
    None
}

/// Index of the `>` ending a start tag whose attributes start at `from`; a `>` inside a
/// quoted attribute value does not count.
fn tag_end(b: &[u8], from: usize, memo: &mut Memo) -> Option<usize> {
    let first = find_byte(b, from, b'>', &mut memo.gt)?;
    let quoted = b
        .get(from..first)
        .is_some_and(|s| s.iter().any(|&c| c == b'"' || c == b'\''));
    if memo.quotes_off || !quoted {
        return Some(first);
    }
    let mut k = from;
    let mut prev = 0u8;
    while let Some(&c) = b.get(k) {
        match c {
            b'>' => return Some(k),
            b'"' | b'\'' if prev == b'=' => {
                let failed = if c == b'"' {
                    &mut memo.double_quote
                } else {
                    &mut memo.single_quote
                };
                match find_byte(b, k + 1, c, failed) {
                    Some(close) => {
                        k = close + 1;
                        prev = c;
                    }
                    None => break,
                }
            }
            _ => {
                if !c.is_ascii_whitespace() {
                    prev = c;
                }
                k += 1;
            }
        }
    }
    // A quoted value ran to the end: fall back to the first `>`, and stop honouring
    // quotes so that this costly scan happens at most once.
    memo.quotes_off = true;
    Some(first)
}

/// One pass over `src`: tags out, references decoded, characters normalised.
fn scan(src: &str, mode: Mode) -> (String, Notes) {
    let b = src.as_bytes();
    let mut out = Out::new(src.len());
    let mut notes = Notes::default();
    let mut memo = Memo::new();
    let mut pos = 0;
    // every text passes here, markup or not: the next `<` is looked for many bytes at a
    // time (memchr), not a byte at a time
    while let Some(off) = b.get(pos..).and_then(|s| memchr::memchr(b'<', s)) {
        let lt = pos + off;
        out.text(&src[pos..lt], &mut notes);
        pos = match markup_at(b, lt, mode, &mut memo, &mut out, &mut notes) {
            Some(next) => next,
            None => {
                out.push('<');
                lt + 1
            }
        };
    }
    if let Some(rest) = src.get(pos..) {
        out.text(rest, &mut notes);
    }
    out.finish_tables();
    out.end_row();
    notes.copies = out.tables.copies;
    notes.copies_skipped = out.tables.skipped;
    (out.s, notes)
}

/// Handles the `<` at `lt`: returns where the text goes on after the markup, or `None`
/// when the `<` is text.
fn markup_at(
    b: &[u8],
    lt: usize,
    mode: Mode,
    memo: &mut Memo,
    out: &mut Out,
    notes: &mut Notes,
) -> Option<usize> {
    let next = *b.get(lt + 1)?;
    // a processing instruction (`<?xml:namespace … />` of pages saved from Word)
    if next == b'?' && b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
        return find_byte(b, lt + 2, b'>', &mut memo.gt).map(|g| g + 1);
    }
    if next == b'!' {
        if b[lt..].starts_with(b"<!--") {
            // Searching from `<!` makes `<!-->` an empty comment, as in HTML5.
            if let Some(end) = find_comment_end(b, lt + 2, &mut memo.comment_end) {
                if is_excerpt_mark(&b[lt + 4..end.max(lt + 4)]) {
                    out.excerpt_mark();
                }
                return Some(end + 3);
            }
            return match mode {
                Mode::Markup => {
                    notes.warnings.push(format!(
                        "unclosed comment: dropped the rest of the input ({} bytes)",
                        b.len() - lt
                    ));
                    Some(b.len())
                }
                Mode::Escaped => None,
            };
        }
        // Escaped text only loses `<!DOCTYPE …>` and `<![CDATA[…]]>`, not `<!重要>`.
        let bogus = b
            .get(lt + 2)
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'[');
        if mode == Mode::Escaped && !bogus {
            return None;
        }
        return find_byte(b, lt + 2, b'>', &mut memo.gt).map(|g| g + 1);
    }
    let (start, end_tag) = if next == b'/' {
        (lt + 2, true)
    } else {
        (lt + 1, false)
    };
    if !b.get(start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_stop = name_end(b, start);
    let name = &b[start..name_stop];
    let class = match (classify(name), mode) {
        (Some(class), _) => class,
        (None, Mode::Markup) => Class::Inline,
        (None, Mode::Escaped) => return None,
    };
    let gt = if end_tag {
        find_byte(b, name_stop, b'>', &mut memo.gt)?
    } else {
        tag_end(b, name_stop, memo)?
    };
    let after = gt + 1;
    match class {
        Class::Inline => {}
        Class::Block => out.block(),
        Class::Break => out.br(),
        Class::Cell if end_tag => out.cell_end(),
        Class::Cell => out.cell_start(Spans::of(b.get(name_stop..gt).unwrap_or_default())),
        Class::TableRow => out.row_boundary(!end_tag),
        Class::Row => out.row_boundary(false),
        Class::Table if end_tag => out.table_end(),
        Class::Table => out.table_start(),
        Class::Drop(_) | Class::Head if end_tag => {}
        // `<script src=x />`: treated as empty rather than opening raw text to the end.
        Class::Drop(_) if gt > name_stop && b[gt - 1] == b'/' => {}
        Class::Drop(kind) => {
            return Some(match find_close(b, after, kind, memo) {
                Some(Close::EndTag(stop)) => match find_byte(b, stop, b'>', &mut memo.gt) {
                    Some(g) => g + 1,
                    None if mode == Mode::Markup => b.len(),
                    None => stop,
                },
                Some(Close::Body(body)) => body,
                None if mode == Mode::Markup => {
                    notes.warnings.push(format!(
                        "unclosed <{}>: dropped the rest of the input ({} bytes)",
                        String::from_utf8_lossy(name).to_ascii_lowercase(),
                        b.len() - lt
                    ));
                    b.len()
                }
                None => after,
            });
        }
        Class::Head => {
            let (head_end, next) = match find_close(b, after, HEAD_KIND, memo) {
                Some(Close::EndTag(stop)) => (
                    stop,
                    find_byte(b, stop, b'>', &mut memo.gt).map_or(stop, |g| g + 1),
                ),
                Some(Close::Body(body)) => (body, body),
                None => (after, after),
            };
            if notes.title.is_none() {
                notes.title = b.get(after..head_end).and_then(head_title);
            }
            return Some(next);
        }
    }
    Some(after)
}

/// Whether a comment's content is a blog's excerpt marker (`<!--more-->`), which cuts the
/// text wherever the excerpt ends, mid-word as often as not.
fn is_excerpt_mark(content: &[u8]) -> bool {
    content.trim_ascii().eq_ignore_ascii_case(b"more")
}

/// The content of the first `<title>…</title>` of a head's bytes, when there is one.
fn head_title(head: &[u8]) -> Option<String> {
    // a tag of that name at `lt` (`</title` when `close`), not `<titles>`
    let tag = |lt: usize, close: bool| {
        head.get(lt) == Some(&b'<')
            && (!close || head.get(lt + 1) == Some(&b'/'))
            && starts_with_name(head, lt + 1 + usize::from(close), "title")
    };
    let open = (0..head.len()).find(|&i| tag(i, false))?;
    let start = open + head.get(open..)?.iter().position(|&c| c == b'>')? + 1;
    let end = (start..head.len()).find(|&i| tag(i, true))?;
    let inner = String::from_utf8_lossy(head.get(start..end)?).into_owned();
    (!inner.trim().is_empty()).then_some(inner)
}

/// How the current line was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LastBreak {
    /// Start of input.
    Start,
    /// A line break in the source text.
    Text,
    /// A block-level tag.
    Block,
    /// A `<br>`.
    Br,
}

/// The output of a scan with the state needed to place line breaks.
struct Out {
    s: String,
    /// The current line holds a non-white-space character.
    has_content: bool,
    last_break: LastBreak,
    /// The last character pushed was `\r` (a following `\n` is part of the same break).
    pending_cr: bool,
    /// Cells started since the row began (a row's cells are tab-separated).
    cells_in_row: usize,
    /// Inside a table cell: block tags and `<br>` become spaces, so the row stays one line.
    in_cell: bool,
    /// The tables being written, for their merged cells.
    tables: table::Tables,
    /// Bytes the copies of merged cells may still write (the input's length to start).
    copy_budget: usize,
    /// Where the current row's output starts, with the line state there: while the row
    /// has one cell, its breaks are held as marks (a page laid out in a one-cell table
    /// keeps its paragraphs; a row of several cells stays one line).
    row_start: (usize, bool, LastBreak),
    /// After an excerpt marker inside a sentence: line breaks and white space are
    /// absorbed until the sentence goes on.
    joining: bool,
}

/// What ends a sentence or a paragraph's lead: a break after one is a break.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '；', '：', '!', '?', ';', ':', '…'];

/// A break held while a row has one cell: a block tag, a `<br>`, a source line break.
/// Control characters of the text never reach the output, so a mark is never text.
const MARK_BLOCK: char = '\u{1}';
const MARK_BR: char = '\u{2}';
const MARK_NEWLINE: char = '\u{3}';

impl Out {
    fn new(capacity: usize) -> Self {
        Self {
            s: String::with_capacity(capacity),
            has_content: false,
            last_break: LastBreak::Start,
            pending_cr: false,
            cells_in_row: 0,
            in_cell: false,
            tables: table::Tables::default(),
            copy_budget: capacity,
            row_start: (0, false, LastBreak::Start),
            joining: false,
        }
    }

    /// Inside a table row.
    fn in_row(&self) -> bool {
        self.in_cell || self.cells_in_row > 0
    }

    /// Breaks are held as marks: the row has one cell so far.
    fn marking(&self) -> bool {
        self.cells_in_row == 1
    }

    /// Pushes text, decoding character references.
    fn text(&mut self, t: &str, notes: &mut Notes) {
        let mut rest = t;
        while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
            self.push_str(&rest[..amp]);
            let at = &rest[amp..];
            rest = match char_ref(at) {
                Ref::Char(c, len) => {
                    self.push(c);
                    &at[len..]
                }
                Ref::Malformed(len) => {
                    notes.malformed += 1;
                    if notes.malformed_example.is_empty() {
                        notes.malformed_example = preview(&at[..len], 24).into_owned();
                    }
                    self.push_str(&at[..len]);
                    &at[len..]
                }
                Ref::None => {
                    self.push('&');
                    &at[1..]
                }
            };
        }
        self.push_str(rest);
    }

    /// Pushes text without character references: each run of plain characters (the bulk
    /// of a text) at once, as [`Out::push`] would one by one, the others through it.
    fn push_str(&mut self, t: &str) {
        let mut rest = t;
        while !rest.is_empty() {
            let plain = plain_run(rest);
            if plain > 0 {
                self.s.push_str(&rest[..plain]);
                self.has_content = true;
                self.pending_cr = false;
                self.joining = false;
            }
            let mut after = rest[plain..].chars();
            if let Some(c) = after.next() {
                self.push(c);
            }
            rest = after.as_str();
        }
    }

    /// Pushes one character of text, normalising line breaks and white space.
    fn push(&mut self, c: char) {
        let after_cr = std::mem::replace(&mut self.pending_cr, false);
        if self.joining && (c.is_whitespace() || c.is_control()) {
            return;
        }
        match c {
            '\r' => {
                self.text_newline();
                self.pending_cr = true;
            }
            '\n' => {
                if !after_cr {
                    self.text_newline();
                }
            }
            '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => self.text_newline(),
            // inside a table cell, a run of white space is one space
            c if self.in_row()
                && !self.marking()
                && (c == '\t' || c == '\u{a0}' || c.is_whitespace())
                && self.s.ends_with(|p: char| p.is_whitespace()) => {}
            '\t' | '\u{a0}' => self.s.push(' '),
            c if c.is_control() || is_invisible(c) => {}
            c => {
                self.s.push(c);
                if !c.is_whitespace() {
                    self.has_content = true;
                    self.joining = false;
                }
            }
        }
    }

    /// An excerpt marker: when the text before it breaks off inside a sentence (no
    /// sentence's end, at most one line break since), the text after it goes on on the same
    /// line.
    fn excerpt_mark(&mut self) {
        let kept = self.s.trim_end_matches(|c: char| c.is_whitespace());
        let breaks = self.s[kept.len()..].matches('\n').count();
        let ends_sentence =
            kept.ends_with(|c: char| SENTENCE_ENDS.contains(&c) || c == '\t' || c.is_control());
        if self.in_row() || kept.is_empty() || breaks > 1 || ends_sentence {
            return;
        }
        self.s.truncate(kept.len());
        self.has_content = true;
        self.joining = true;
    }

    /// A line break in the text: absorbed right after a block tag or `<br>`, and inside a
    /// table row (pretty-printed HTML puts each `<td>` on a line of its own).
    fn text_newline(&mut self) {
        if self.in_row() {
            self.cell_break(MARK_NEWLINE);
            return;
        }
        if !self.has_content && matches!(self.last_break, LastBreak::Block | LastBreak::Br) {
            return;
        }
        self.s.push('\n');
        self.has_content = false;
        self.last_break = LastBreak::Text;
    }

    /// A block-level tag: ends the line if it has text.
    fn block(&mut self) {
        self.joining = false;
        if self.in_cell {
            self.cell_break(MARK_BLOCK);
            return;
        }
        self.end_row();
        if self.has_content {
            self.s.push('\n');
            self.has_content = false;
        }
        self.last_break = LastBreak::Block;
    }

    /// `<br>`: ends the line, except an empty one begun by a source line break.
    fn br(&mut self) {
        self.joining = false;
        if self.in_cell {
            self.cell_break(MARK_BR);
            return;
        }
        self.end_row();
        if self.has_content || matches!(self.last_break, LastBreak::Block | LastBreak::Br) {
            self.s.push('\n');
            self.has_content = false;
        }
        self.last_break = LastBreak::Br;
    }

    /// A break inside a row: held as a mark while the row has one cell, else a space.
    fn cell_break(&mut self, mark: char) {
        if self.marking() {
            self.s.push(mark);
        } else {
            self.cell_space();
        }
    }

    /// The end of a row (or of the input): a row of one cell gets its breaks back as
    /// lines. The row is over.
    fn end_row(&mut self) {
        if self.marking() {
            self.settle_row(true);
        }
        self.cells_in_row = 0;
    }

    /// Replaces the marks of the current row: by line breaks as outside a table (`lines`),
    /// or by the spaces a row of several cells has, white space collapsed as in a cell.
    fn settle_row(&mut self, lines: bool) {
        let (start, has_content, last_break) = self.row_start;
        // no tab: the row's first cell has none
        let start = if self.s.is_char_boundary(start) {
            start
        } else {
            self.s.len()
        };
        let held = self.s.split_off(start);
        if !held.contains([MARK_BLOCK, MARK_BR, MARK_NEWLINE]) && lines {
            self.s.push_str(&held);
            return;
        }
        if lines {
            (self.has_content, self.last_break) = (has_content, last_break);
        }
        let (in_cell, cells) = (self.in_cell, self.cells_in_row);
        (self.in_cell, self.cells_in_row) = (false, if lines { 0 } else { 2 });
        for c in held.chars() {
            match c {
                MARK_BLOCK | MARK_BR | MARK_NEWLINE if !lines => self.cell_space(),
                MARK_BLOCK => self.block(),
                MARK_BR => self.br(),
                MARK_NEWLINE => self.text_newline(),
                c if !lines && c.is_whitespace() && self.s.ends_with(char::is_whitespace) => {}
                c => {
                    self.s.push(c);
                    if lines && !c.is_whitespace() {
                        self.has_content = true;
                    }
                }
            }
        }
        (self.in_cell, self.cells_in_row) = (in_cell, cells);
    }

    /// A break inside a cell: one space between words, none at the cell's edges.
    fn cell_space(&mut self) {
        if self.s.ends_with(|c: char| !c.is_whitespace()) {
            self.s.push(' ');
        }
    }

    /// A row boundary: ends the line and the row.
    fn row(&mut self) {
        self.in_cell = false;
        self.block();
    }

    /// The start of a table cell: a tab before every cell but a row's first, the only tab
    /// the cleaned text can hold (text tabs become spaces), so that the structure stage
    /// can read the table's columns.
    fn cell(&mut self) {
        self.joining = false;
        if self.cells_in_row == 1 {
            self.settle_row(false);
        }
        self.in_cell = true;
        while self.s.ends_with(' ') {
            self.s.pop();
        }
        if self.cells_in_row == 0 {
            self.row_start = (self.s.len(), self.has_content, self.last_break);
        }
        if self.cells_in_row > 0 {
            self.s.push('\t');
            self.has_content = true;
        }
        self.cells_in_row += 1;
    }
}

/// Trims white space at both ends but keeps the tabs of empty edge cells of a table row;
/// a line of nothing but white space becomes empty.
fn trim_keeping_cells(l: &str) -> &str {
    if l.trim().is_empty() {
        return "";
    }
    l.trim_matches(|c: char| c.is_whitespace() && c != '\t')
}

/// The length in bytes of the run of [`is_plain`] characters that opens `s`. A byte tells
/// most of them without decoding the character: printable ASCII, and the three bytes led
/// by 0xE4 to 0xE9 (U+4000 to U+9FFF, the bulk of the CJK ideographs: no white space,
/// control or invisible character among them).
fn plain_run(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        match x {
            0x21..=0x7e => i += 1,
            0xe4..=0xe9 => i += 3,
            _ => match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) if is_plain(c) => i += c.len_utf8(),
                _ => break,
            },
        }
    }
    i.min(s.len())
}

/// Invisible format characters that are removed (they would split keywords).
/// A character [`Out::push`] passes on as it is: no white space, control or invisible one.
fn is_plain(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !is_invisible(c)
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Decodes the character references of `s` by the rules of "Character references" above
/// (malformed ones kept as written), touching nothing else: no markup, no white space.
/// The scorer's reading of a document ([`crate::eval`]) decodes with the same table.
pub(crate) fn decode_references(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let at = &rest[amp..];
        let len = match char_ref(at) {
            Ref::Char(c, len) => {
                out.push(c);
                len
            }
            Ref::Malformed(len) => {
                out.push_str(&at[..len]);
                len
            }
            Ref::None => {
                out.push('&');
                1
            }
        };
        rest = &at[len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A character reference at the start of a string beginning with `&`.
#[derive(Debug, PartialEq, Eq)]
enum Ref {
    /// Decoded character and the length of the reference in bytes.
    Char(char, usize),
    /// A numeric reference that is no Unicode scalar value, kept as written (length).
    Malformed(usize),
    /// Not a reference: the `&` is text.
    None,
}

/// Longest named reference looked up (the longest HTML5 name has 31 letters).
const MAX_NAME: usize = 32;

/// Named references decoded even without the `;`.
const LEGACY: [&str; 13] = [
    "AMP", "GT", "LT", "QUOT", "amp", "copy", "gt", "lt", "middot", "nbsp", "quot", "reg", "times",
];

/// Parses the character reference at the start of `s` (`s` starts with `&`).
fn char_ref(s: &str) -> Ref {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (radix, start) = match b.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let mut k = start;
        let mut value: u32 = 0;
        while let Some(d) = b.get(k).and_then(|&c| char::from(c).to_digit(radix)) {
            value = value.saturating_mul(radix).saturating_add(d);
            k += 1;
        }
        if k == start {
            return Ref::None;
        }
        if b.get(k) == Some(&b';') {
            k += 1;
        }
        let c = match value {
            // the marks of copies of merged cells are never input
            0 => None,
            v if v == COPY_START as u32 || v == COPY_END as u32 => None,
            0x80..=0x9f => windows_1252(value),
            _ => char::from_u32(value),
        };
        return c.map_or(Ref::Malformed(k), |c| Ref::Char(c, k));
    }
    let len = b
        .iter()
        .skip(1)
        .take(MAX_NAME + 1)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if len == 0 || len > MAX_NAME {
        return Ref::None;
    }
    let name = &s[1..1 + len];
    if b.get(1 + len) == Some(&b';') {
        return named_entity(name).map_or(Ref::None, |c| Ref::Char(c, len + 2));
    }
    if LEGACY.contains(&name) {
        return named_entity(name).map_or(Ref::None, |c| Ref::Char(c, len + 1));
    }
    Ref::None
}

/// HTML5's reading of `&#128;`–`&#159;` as Windows-1252 (undefined slots stay C1 controls).
fn windows_1252(value: u32) -> Option<char> {
    const TABLE: [char; 32] = [
        '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}',
        '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}',
        '\u{178}',
    ];
    let index = usize::try_from(value.checked_sub(0x80)?).ok()?;
    TABLE.get(index).copied()
}

/// The character a named reference stands for (case-sensitive, without `&` and `;`).
fn named_entity(name: &str) -> Option<char> {
    ENTITIES
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .and_then(|i| ENTITIES.get(i))
        .map(|&(_, c)| c)
}

/// Named character references: the HTML 4 set (all 252), `apos`, and the HTML5 names
/// that turn up on Chinese pages. Sorted by bytes for binary search.
#[rustfmt::skip]
const ENTITIES: &[(&str, char)] = &[
    ("AElig", '\u{00c6}'), ("AMP", '\u{0026}'), ("Aacute", '\u{00c1}'),
    ("Acirc", '\u{00c2}'), ("Agrave", '\u{00c0}'), ("Alpha", '\u{0391}'),
    ("Aring", '\u{00c5}'), ("Atilde", '\u{00c3}'), ("Auml", '\u{00c4}'),
    ("Beta", '\u{0392}'), ("COPY", '\u{00a9}'), ("Ccedil", '\u{00c7}'), ("Chi", '\u{03a7}'),
    ("Dagger", '\u{2021}'), ("Delta", '\u{0394}'), ("ETH", '\u{00d0}'),
    ("Eacute", '\u{00c9}'), ("Ecirc", '\u{00ca}'), ("Egrave", '\u{00c8}'),
    ("Epsilon", '\u{0395}'), ("Eta", '\u{0397}'), ("Euml", '\u{00cb}'), ("GT", '\u{003e}'),
    ("Gamma", '\u{0393}'), ("Hat", '\u{005e}'), ("Iacute", '\u{00cd}'),
    ("Icirc", '\u{00ce}'), ("Igrave", '\u{00cc}'), ("Iota", '\u{0399}'),
    ("Iuml", '\u{00cf}'), ("Kappa", '\u{039a}'), ("LT", '\u{003c}'), ("Lambda", '\u{039b}'),
    ("Mu", '\u{039c}'), ("NewLine", '\u{000a}'), ("NoBreak", '\u{2060}'),
    ("NonBreakingSpace", '\u{00a0}'), ("Ntilde", '\u{00d1}'), ("Nu", '\u{039d}'),
    ("OElig", '\u{0152}'), ("Oacute", '\u{00d3}'), ("Ocirc", '\u{00d4}'),
    ("Ograve", '\u{00d2}'), ("Omega", '\u{03a9}'), ("Omicron", '\u{039f}'),
    ("Oslash", '\u{00d8}'), ("Otilde", '\u{00d5}'), ("Ouml", '\u{00d6}'),
    ("Phi", '\u{03a6}'), ("Pi", '\u{03a0}'), ("Prime", '\u{2033}'), ("Psi", '\u{03a8}'),
    ("QUOT", '\u{0022}'), ("REG", '\u{00ae}'), ("Rho", '\u{03a1}'), ("Scaron", '\u{0160}'),
    ("Sigma", '\u{03a3}'), ("THORN", '\u{00de}'), ("TRADE", '\u{2122}'),
    ("Tab", '\u{0009}'), ("Tau", '\u{03a4}'), ("Theta", '\u{0398}'), ("Uacute", '\u{00da}'),
    ("Ucirc", '\u{00db}'), ("Ugrave", '\u{00d9}'), ("Upsilon", '\u{03a5}'),
    ("Uuml", '\u{00dc}'), ("Xi", '\u{039e}'), ("Yacute", '\u{00dd}'), ("Yuml", '\u{0178}'),
    ("ZeroWidthSpace", '\u{200b}'), ("Zeta", '\u{0396}'), ("aacute", '\u{00e1}'),
    ("acirc", '\u{00e2}'), ("acute", '\u{00b4}'), ("aelig", '\u{00e6}'),
    ("agrave", '\u{00e0}'), ("alefsym", '\u{2135}'), ("alpha", '\u{03b1}'),
    ("amp", '\u{0026}'), ("and", '\u{2227}'), ("ang", '\u{2220}'), ("angle", '\u{2220}'),
    ("apos", '\u{0027}'), ("aring", '\u{00e5}'), ("ast", '\u{002a}'), ("asymp", '\u{2248}'),
    ("atilde", '\u{00e3}'), ("auml", '\u{00e4}'), ("bdquo", '\u{201e}'),
    ("because", '\u{2235}'), ("beta", '\u{03b2}'), ("bigstar", '\u{2605}'),
    ("brvbar", '\u{00a6}'), ("bsol", '\u{005c}'), ("bull", '\u{2022}'),
    ("bullet", '\u{2022}'), ("cap", '\u{2229}'), ("ccedil", '\u{00e7}'),
    ("cedil", '\u{00b8}'), ("cent", '\u{00a2}'), ("centerdot", '\u{00b7}'),
    ("check", '\u{2713}'), ("chi", '\u{03c7}'), ("cir", '\u{25cb}'), ("circ", '\u{02c6}'),
    ("circledR", '\u{00ae}'), ("clubs", '\u{2663}'), ("colon", '\u{003a}'),
    ("comma", '\u{002c}'), ("commat", '\u{0040}'), ("cong", '\u{2245}'),
    ("copy", '\u{00a9}'), ("crarr", '\u{21b5}'), ("cross", '\u{2717}'), ("cup", '\u{222a}'),
    ("curren", '\u{00a4}'), ("dArr", '\u{21d3}'), ("dagger", '\u{2020}'),
    ("darr", '\u{2193}'), ("dash", '\u{2010}'), ("deg", '\u{00b0}'), ("delta", '\u{03b4}'),
    ("diams", '\u{2666}'), ("div", '\u{00f7}'), ("divide", '\u{00f7}'),
    ("dollar", '\u{0024}'), ("dtri", '\u{25bf}'), ("dtrif", '\u{25be}'),
    ("eacute", '\u{00e9}'), ("ecirc", '\u{00ea}'), ("egrave", '\u{00e8}'),
    ("empty", '\u{2205}'), ("emsp", '\u{2003}'), ("emsp13", '\u{2004}'),
    ("emsp14", '\u{2005}'), ("ensp", '\u{2002}'), ("epsilon", '\u{03b5}'),
    ("equals", '\u{003d}'), ("equiv", '\u{2261}'), ("eta", '\u{03b7}'), ("eth", '\u{00f0}'),
    ("euml", '\u{00eb}'), ("euro", '\u{20ac}'), ("excl", '\u{0021}'), ("exist", '\u{2203}'),
    ("female", '\u{2640}'), ("fnof", '\u{0192}'), ("forall", '\u{2200}'),
    ("frac12", '\u{00bd}'), ("frac13", '\u{2153}'), ("frac14", '\u{00bc}'),
    ("frac23", '\u{2154}'), ("frac34", '\u{00be}'), ("frasl", '\u{2044}'),
    ("gamma", '\u{03b3}'), ("ge", '\u{2265}'), ("grave", '\u{0060}'), ("gt", '\u{003e}'),
    ("hArr", '\u{21d4}'), ("hairsp", '\u{200a}'), ("half", '\u{00bd}'),
    ("harr", '\u{2194}'), ("hearts", '\u{2665}'), ("hellip", '\u{2026}'),
    ("horbar", '\u{2015}'), ("hyphen", '\u{2010}'), ("iacute", '\u{00ed}'),
    ("icirc", '\u{00ee}'), ("iexcl", '\u{00a1}'), ("igrave", '\u{00ec}'),
    ("image", '\u{2111}'), ("infin", '\u{221e}'), ("int", '\u{222b}'), ("iota", '\u{03b9}'),
    ("iquest", '\u{00bf}'), ("isin", '\u{2208}'), ("iuml", '\u{00ef}'),
    ("kappa", '\u{03ba}'), ("lArr", '\u{21d0}'), ("lambda", '\u{03bb}'),
    ("lang", '\u{27e8}'), ("laquo", '\u{00ab}'), ("larr", '\u{2190}'),
    ("lceil", '\u{2308}'), ("lcub", '\u{007b}'), ("ldquo", '\u{201c}'),
    ("ldquor", '\u{201e}'), ("le", '\u{2264}'), ("leftarrow", '\u{2190}'),
    ("lfloor", '\u{230a}'), ("lowast", '\u{2217}'), ("lowbar", '\u{005f}'),
    ("loz", '\u{25ca}'), ("lpar", '\u{0028}'), ("lrm", '\u{200e}'), ("lsaquo", '\u{2039}'),
    ("lsqb", '\u{005b}'), ("lsquo", '\u{2018}'), ("lsquor", '\u{201a}'), ("lt", '\u{003c}'),
    ("ltri", '\u{25c3}'), ("macr", '\u{00af}'), ("male", '\u{2642}'), ("mdash", '\u{2014}'),
    ("micro", '\u{00b5}'), ("middot", '\u{00b7}'), ("minus", '\u{2212}'),
    ("mldr", '\u{2026}'), ("mu", '\u{03bc}'), ("nabla", '\u{2207}'), ("nbsp", '\u{00a0}'),
    ("ndash", '\u{2013}'), ("ne", '\u{2260}'), ("ni", '\u{220b}'), ("nldr", '\u{2025}'),
    ("not", '\u{00ac}'), ("notin", '\u{2209}'), ("nsub", '\u{2284}'),
    ("ntilde", '\u{00f1}'), ("nu", '\u{03bd}'), ("num", '\u{0023}'), ("numsp", '\u{2007}'),
    ("oacute", '\u{00f3}'), ("ocirc", '\u{00f4}'), ("oelig", '\u{0153}'),
    ("ograve", '\u{00f2}'), ("oline", '\u{203e}'), ("omega", '\u{03c9}'),
    ("omicron", '\u{03bf}'), ("oplus", '\u{2295}'), ("or", '\u{2228}'),
    ("ordf", '\u{00aa}'), ("ordm", '\u{00ba}'), ("oslash", '\u{00f8}'),
    ("otilde", '\u{00f5}'), ("otimes", '\u{2297}'), ("ouml", '\u{00f6}'),
    ("para", '\u{00b6}'), ("parallel", '\u{2225}'), ("part", '\u{2202}'),
    ("percnt", '\u{0025}'), ("period", '\u{002e}'), ("permil", '\u{2030}'),
    ("perp", '\u{22a5}'), ("phi", '\u{03c6}'), ("phone", '\u{260e}'), ("pi", '\u{03c0}'),
    ("piv", '\u{03d6}'), ("plus", '\u{002b}'), ("plusmn", '\u{00b1}'), ("pm", '\u{00b1}'),
    ("pound", '\u{00a3}'), ("prime", '\u{2032}'), ("prod", '\u{220f}'),
    ("prop", '\u{221d}'), ("psi", '\u{03c8}'), ("puncsp", '\u{2008}'),
    ("quest", '\u{003f}'), ("quot", '\u{0022}'), ("rArr", '\u{21d2}'),
    ("radic", '\u{221a}'), ("rang", '\u{27e9}'), ("raquo", '\u{00bb}'),
    ("rarr", '\u{2192}'), ("rceil", '\u{2309}'), ("rcub", '\u{007d}'),
    ("rdquo", '\u{201d}'), ("rdquor", '\u{201d}'), ("real", '\u{211c}'),
    ("reg", '\u{00ae}'), ("rfloor", '\u{230b}'), ("rho", '\u{03c1}'),
    ("rightarrow", '\u{2192}'), ("rlm", '\u{200f}'), ("rpar", '\u{0029}'),
    ("rsaquo", '\u{203a}'), ("rsqb", '\u{005d}'), ("rsquo", '\u{2019}'),
    ("rsquor", '\u{2019}'), ("rtri", '\u{25b9}'), ("sbquo", '\u{201a}'),
    ("scaron", '\u{0161}'), ("sdot", '\u{22c5}'), ("sect", '\u{00a7}'),
    ("semi", '\u{003b}'), ("shy", '\u{00ad}'), ("sigma", '\u{03c3}'),
    ("sigmaf", '\u{03c2}'), ("sim", '\u{223c}'), ("sol", '\u{002f}'),
    ("spades", '\u{2660}'), ("squ", '\u{25a1}'), ("square", '\u{25a1}'),
    ("squf", '\u{25aa}'), ("star", '\u{2606}'), ("starf", '\u{2605}'), ("sub", '\u{2282}'),
    ("sube", '\u{2286}'), ("sum", '\u{2211}'), ("sup", '\u{2283}'), ("sup1", '\u{00b9}'),
    ("sup2", '\u{00b2}'), ("sup3", '\u{00b3}'), ("supe", '\u{2287}'), ("szlig", '\u{00df}'),
    ("tau", '\u{03c4}'), ("there4", '\u{2234}'), ("theta", '\u{03b8}'),
    ("thetasym", '\u{03d1}'), ("thinsp", '\u{2009}'), ("thorn", '\u{00fe}'),
    ("tilde", '\u{02dc}'), ("times", '\u{00d7}'), ("trade", '\u{2122}'),
    ("uArr", '\u{21d1}'), ("uacute", '\u{00fa}'), ("uarr", '\u{2191}'),
    ("ucirc", '\u{00fb}'), ("ugrave", '\u{00f9}'), ("uml", '\u{00a8}'),
    ("upsih", '\u{03d2}'), ("upsilon", '\u{03c5}'), ("utri", '\u{25b5}'),
    ("utrif", '\u{25b4}'), ("uuml", '\u{00fc}'), ("verbar", '\u{007c}'),
    ("vert", '\u{007c}'), ("weierp", '\u{2118}'), ("xi", '\u{03be}'),
    ("yacute", '\u{00fd}'), ("yen", '\u{00a5}'), ("yuml", '\u{00ff}'), ("zeta", '\u{03b6}'),
    ("zwj", '\u{200d}'), ("zwnj", '\u{200c}'),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// `(at, text, whole_line)` of the pieces `raw` loses to the default furniture rules.
    fn placed(raw: &str) -> (String, Vec<(usize, String, bool)>) {
        let rules = crate::rules::RuleSet::defaults().expect("rules");
        let cleaned = clean(raw, &rules.furniture);
        let out = (cleaned.dropped.iter())
            .map(|d| (d.at, d.text.clone(), d.whole_line))
            .collect();
        (cleaned.text, out)
    }

    #[test]
    fn a_dropped_line_stands_before_the_next_line() {
        let (text, out) = placed("<p>责任编辑：张三</p><p>各级党委要抓好整改。</p>");
        assert_eq!(text, "各级党委要抓好整改。");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!((out[0].0, out[0].2), (0, true));
        assert!(out[0].1.contains("责任编辑"));
    }

    #[test]
    fn a_dropped_last_line_stands_at_the_end() {
        let (text, out) =
            placed("各级党委要抓好整改。\n\n各地要于年底前完成整改。\n责任编辑：张三");
        assert_eq!(text, "各级党委要抓好整改。\n\n各地要于年底前完成整改。");
        let end = text.chars().count();
        assert!(!out.is_empty());
        assert!(
            out.iter().all(|(at, _, whole)| *at == end && *whole),
            "{out:?}"
        );
    }

    #[test]
    fn a_dropped_line_between_lines_stands_before_the_second() {
        let (text, out) = placed("第一行要整改。\n来源：新华网\n第二行要落实。");
        assert_eq!(text, "第一行要整改。\n第二行要落实。");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].0, "第一行要整改。\n".chars().count());
    }

    #[test]
    fn a_piece_cut_from_a_line_that_stays_stands_where_it_was() {
        let (text, out) = placed("某某工作会议召开。\n各级党委要抓好整改。【打印】【关闭】");
        assert_eq!(text, "某某工作会议召开。\n各级党委要抓好整改。");
        assert!(!out.is_empty());
        let end = text.chars().count();
        assert!(
            out.iter().all(|(at, _, whole)| *at == end && !*whole),
            "{out:?}"
        );
    }

    #[test]
    fn the_seeds_place_every_piece_in_the_text() {
        let rules = crate::rules::RuleSet::defaults().expect("rules");
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/seeds");
        for entry in std::fs::read_dir(dir).expect("seeds") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
            let text = crate::decode::decode(&bytes, None).expect("decode").text;
            let cleaned = clean(&text, &rules.furniture);
            let end = cleaned.text.chars().count();
            assert!(cleaned.dropped.iter().all(|d| d.at <= end));
            // in line order, so in text order
            assert!(cleaned.dropped.windows(2).all(|w| w[0].at <= w[1].at));
        }
    }

    #[test]
    fn a_run_of_text_is_pushed_as_its_characters_one_by_one() {
        let texts = [
            "整改落实\r\n第二行\r第三行\n\n",
            "a\u{a0}b\tc  d\u{200b}e\u{feff}f\u{7}g\u{2028}h",
            "  \t 开头空白，结尾空白 \u{3000}",
            "\r",
            "",
        ];
        for t in texts {
            for (in_cell, cells_in_row) in [(false, 0), (true, 1), (false, 2)] {
                let fresh = || {
                    let mut o = Out::new(0);
                    (o.in_cell, o.cells_in_row) = (in_cell, cells_in_row);
                    o
                };
                let (mut whole, mut each) = (fresh(), fresh());
                whole.push_str(t);
                t.chars().for_each(|c| each.push(c));
                let state = |o: &Out| (o.s.clone(), o.has_content, o.pending_cr, o.last_break);
                assert_eq!(state(&whole), state(&each), "{t:?} in_cell {in_cell}");
            }
        }
    }

    fn c(raw: &str) -> String {
        clean(raw, &[]).text
    }

    #[test]
    fn a_list_of_links_under_its_heading_goes_at_the_end_only() {
        let rules = [rule("furniture.related", "^相关新闻$", Scope::TailList)];
        let cl = |raw: &str| clean(raw, &rules).text;
        let page = "正文第一段。\n\n相关新闻\n某部部署专项整治\n某省整改任务基本完成\n\n版权所有";
        assert_eq!(cl(page), "正文第一段。\n\n版权所有");
        // a sentence under the heading is no link: the list stops before it
        let page = "正文。\n相关新闻\n某部部署专项整治\n各地要于6月底前完成自查。";
        assert_eq!(cl(page), "正文。\n各地要于6月底前完成自查。");
        // a heading far from the end is the notice's own line
        let mut long = String::from("相关新闻\n");
        long.push_str(&"各地要抓好整改。\n".repeat(LIST_SCOPE + 1));
        assert!(cl(&long).starts_with("相关新闻\n"));
        let dropped = clean("正文。\n相关新闻\n甲\n乙", &rules).dropped;
        let texts: Vec<&str> = dropped.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, vec!["相关新闻", "甲", "乙"]);
    }

    #[test]
    fn a_pages_title_is_kept_aside_with_its_references_decoded() {
        let page = |raw: &str| clean(raw, &[]).page_title;
        assert_eq!(
            page("<html><HEAD><meta charset=utf-8><TITLE lang=zh>整改方案&amp;通知_某局\n </TITLE></HEAD><body>甲</body>"),
            Some("整改方案&通知_某局".to_string())
        );
        // a head closed by the body, a title of nothing but space, no head
        assert_eq!(
            page("<head><title>标题</title><body>甲"),
            Some("标题".to_string())
        );
        assert_eq!(page("<head><title>  </title></head>甲"), None);
        assert_eq!(page("<p>甲<title>不是页面标题</title></p>"), None);
        assert_eq!(page("纯文本"), None);
        assert_eq!(
            page("<head><titles>x</titles><title>真标题</title></head>"),
            Some("真标题".to_string())
        );
    }

    fn rule(id: &str, pattern: &str, scope: Scope) -> FurnitureRule {
        FurnitureRule::new(id, pattern, scope).expect("test pattern compiles")
    }

    /// Checks the invariants of the cleaned text.
    fn assert_invariants(text: &str) {
        assert!(!text.contains('\r'), "{text:?}");
        assert!(!text.ends_with('\n') && !text.starts_with('\n'), "{text:?}");
        assert!(!text.contains("\n\n\n"), "{text:?}");
        for line in text.split('\n') {
            assert_eq!(line, trim_keeping_cells(line), "untrimmed line {line:?}");
            assert!(!line.contains(['\t', '\u{a0}']), "{line:?}");
        }
    }

    /// A deterministic pseudo-random generator for the fuzz tests (no extra crate).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    #[test]
    fn a_page_laid_out_in_a_one_cell_table_keeps_its_paragraphs() {
        // the whole notice in one cell of a layout table: paragraphs stay lines
        assert_eq!(
            c("<table><tr><td><p>某局关于开展</p><p>整治工作的通知</p><p>各单位：</p><p>要抓好整改。</p></td></tr></table>后文"),
            "某局关于开展\n整治工作的通知\n各单位：\n要抓好整改。\n后文"
        );
        // breaks as outside a table: `<br><br>` a blank line, source breaks kept
        assert_eq!(
            c("<table>\n<tr>\n<td class=x>\n<p>甲<br><br>乙</p>\n<p>丙\n丁</p>\n</td>\n</tr>\n</table>"),
            "甲\n\n乙\n丙\n丁"
        );
        // a row of several cells stays one line, whatever its cells hold
        assert_eq!(
            c("<table><tr><td><p>1</p><p>甲</p></td><td><p>乙。</p><p>丙。</p></td></tr></table>"),
            "1 甲\t乙。 丙。"
        );
        // a data table inside the layout cell keeps its rows
        assert_eq!(
            c("<table><tr><td><p>说明。</p><table><tr><td>1</td><td>整改</td></tr></table><p>后记。</p></td></tr></table>"),
            "说明。\n1\t整改\n后记。"
        );
        // an unclosed layout cell at the end of the input
        assert_eq!(c("<table><tr><td><p>甲。</p><p>乙。"), "甲。\n乙。");
    }

    #[test]
    fn processing_instructions_are_markup() {
        assert_eq!(
            c("<?xml:namespace prefix = o ns = \"urn:schemas-microsoft-com:office:office\" />（2010年2月22日）"),
            "（2010年2月22日）"
        );
        assert_eq!(c("a <? b"), "a <? b");
    }

    #[test]
    fn an_excerpt_marker_inside_a_sentence_is_no_break() {
        assert_eq!(
            c("也是对全\n<!--more-->\n校的一次检查。"),
            "也是对全校的一次检查。"
        );
        assert_eq!(
            c("三项任务。一\n<!--more-->\n是整改。"),
            "三项任务。一是整改。"
        );
        // after a sentence's end, or a blank line, the breaks stay (a comment's line is a
        // blank one)
        assert_eq!(
            c("任务已完成。\n<!--more-->\n二是整改。"),
            "任务已完成。\n\n二是整改。"
        );
        assert_eq!(c("小标题\n\n<!--more-->\n正文。"), "小标题\n\n正文。");
        // another comment is no marker
        assert_eq!(c("也是对全\n<!-- note -->\n校。"), "也是对全\n\n校。");
    }

    #[test]
    fn hard_wrapped_lines_join_and_other_lines_do_not() {
        let wrapped = "关于做好整改工作的通知\n\
            各地区各部门要深入贯彻落实党中央决策部署，切实加强组织领导，结合\n\
            实际制定具体实施方案，确保各项任务落到实处。对排查发现的问题，要\n\
            建立台账，逐项整改销号，整改情况于年底前报送省委办公厅备案审查。\n\
            二、压实责任\n\
            各级党委要担负主体责任，主要负责同志要亲自抓、负总责，定期听取整\n\
            改工作汇报，研究解决重大问题。";
        let cleaned = clean(wrapped, &[]);
        assert_eq!(
            cleaned.text,
            "关于做好整改工作的通知\n\
             各地区各部门要深入贯彻落实党中央决策部署，切实加强组织领导，结合实际制定具体实施方案，确保各项任务落到实处。对排查发现的问题，要建立台账，逐项整改销号，整改情况于年底前报送省委办公厅备案审查。\n\
             二、压实责任\n\
             各级党委要担负主体责任，主要负责同志要亲自抓、负总责，定期听取整改工作汇报，研究解决重大问题。"
        );
        assert!(cleaned.warnings.iter().any(|w| w.contains("hard-wrapped")));
        // a page of paragraphs of any length: headings without punctuation stay lines
        let page = "一、总体要求\n以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，坚持问题导向。\n二、工作任务\n各地要于年底前完成整改。\n三、组织实施\n各级党委要加强领导，压实责任，确保各项工作落到实处。\n四、保障措施\n要加强督查。";
        assert_eq!(c(page), page);
        // lines of one width that open with enumerators are a list, not a wrap
        let list = "1.各地区各部门要深入贯彻落实党中央决策部署切实加强组织领导工作\n2.各地区各部门要深入贯彻落实党中央决策部署切实加强督促检查工作\n3.各地区各部门要深入贯彻落实党中央决策部署切实加强宣传引导工作\n4.各地区各部门要深入贯彻落实党中央决策部署切实加强总结评估工作";
        assert_eq!(c(list), list);
        // Latin words split by a wrap keep a space
        let latin = [
            "Six notices written for this project in the genres and page shapes",
            "the seeds lack: a formal notice with a number, an HTML plan with a",
            "table, a progress report, a speech and a news dispatch with page",
            "furniture. Names, places and numbers are invented.",
        ]
        .join("\n");
        assert_eq!(
            c(&latin),
            [
                "Six notices written for this project in the genres and page shapes",
                "the seeds lack: a formal notice with a number, an HTML plan with a",
                "table, a progress report, a speech and a news dispatch with page",
                "furniture. Names, places and numbers are invented."
            ]
            .join(" ")
        );
    }

    #[test]
    fn div_span_fragments_give_one_line_per_div_without_blank_noise() {
        let raw = "<div><span style='font-size:16px;text-indent:30px'> 　　近日，中央印发通知。</span></div>\
                   <div>&nbsp;</div><div><span style='font-size:16px'> 　　通知指出，要抓好整治。</span></div><div>&nbsp;</div>";
        assert_eq!(c(raw), "近日，中央印发通知。\n通知指出，要抓好整治。");
    }

    #[test]
    fn file_name_line_before_html_stays_its_own_line() {
        let raw = "37通知.txt\n<div><span> 　　近日。</span></div><div>&nbsp;</div>";
        assert_eq!(c(raw), "37通知.txt\n近日。");
    }

    #[test]
    fn double_escaped_entities_are_decoded() {
        assert_eq!(c("&amp;ldquo;回头看&amp;rdquo;"), "“回头看”");
        assert_eq!(c("&amp;amp;amp;"), "&"); // three rounds at most: &amp;amp;amp; -> & after 3
        assert_eq!(c("&amp;amp;amp;amp;"), "&amp;");
    }

    #[test]
    fn escaped_markup_is_stripped_in_later_rounds_but_only_known_tags() {
        assert_eq!(c("&lt;p&gt;甲&lt;/p&gt;&lt;p&gt;乙&lt;/p&gt;"), "甲\n乙");
        assert_eq!(c("&lt;foo&gt;甲"), "<foo>甲");
        assert_eq!(c("&lt;script&gt;甲"), "甲"); // unclosed: only the tag goes
        assert_eq!(c("&lt;!-- 甲"), "<!-- 甲");
        assert_eq!(c("&lt;!重要&gt;甲&lt;!DOCTYPE html&gt;"), "<!重要>甲");
    }

    #[test]
    fn script_style_head_comments_are_dropped_with_content() {
        assert_eq!(c(r#"<script>var a="<div>";</script>text"#), "text");
        assert_eq!(c("<STYLE type=x>p{}</style >甲"), "甲");
        assert_eq!(
            c(
                "<html><head><title>标题</title><meta charset=utf-8></head><body><p>甲</p></body></html>"
            ),
            "甲"
        );
        assert_eq!(c("<head><title>标题</title><body>甲"), "甲");
        assert_eq!(c("甲<!-- <p>注释</p> -->乙<!---->丙<!-->丁"), "甲乙丙丁");
        assert_eq!(c("甲<!DOCTYPE html>乙<![CDATA[x]]>丙"), "甲乙丙");
        assert_eq!(c("<script src=a.js />甲"), "甲");
    }

    #[test]
    fn unclosed_script_and_comment_drop_to_end_with_warning() {
        let s = strip_markup_report("甲<script>var x = 1; 乙");
        assert_eq!(s.text, "甲");
        assert!(
            s.warnings[0].starts_with("unclosed <script>"),
            "{:?}",
            s.warnings
        );
        let s = strip_markup_report("甲<!-- 乙");
        assert_eq!(s.text, "甲");
        assert_eq!(s.warnings.len(), 1);
        // An unclosed head keeps its content.
        assert_eq!(c("<head>甲"), "甲");
    }

    #[test]
    fn unclosed_tag_is_kept_as_text() {
        assert_eq!(c("甲<div class=\"x"), "甲<div class=\"x");
        assert_eq!(c("甲</div"), "甲</div");
    }

    #[test]
    fn quoted_gt_does_not_end_a_tag() {
        assert_eq!(c(r#"<a title="a>b" href='x>y'>甲</a>"#), "甲");
        // An unclosed quote falls back to the first `>`.
        assert_eq!(c(r#"<a title="x>甲"#), "甲");
    }

    #[test]
    fn things_that_look_like_tags_are_text() {
        for s in [
            "a < b",
            "<<通知>>",
            "《通知》",
            "<3",
            "x<中",
            "</ p>",
            "a<>b",
            "1<2>0",
        ] {
            assert_eq!(c(s), s);
        }
    }

    #[test]
    fn block_inline_and_break_tags() {
        assert_eq!(c("<p>甲</p><p>乙</p>"), "甲\n乙");
        assert_eq!(c("甲<span>乙</span><b>丙</b>"), "甲乙丙");
        assert_eq!(c("甲<br>乙<br/>丙<BR />丁"), "甲\n乙\n丙\n丁");
        assert_eq!(c("甲<br><br>乙"), "甲\n\n乙");
        assert_eq!(c("甲<br><br><br><br>乙"), "甲\n\n乙");
        assert_eq!(
            c("<table><tr><td>1</td><td>整治</td></tr><tr><td>2</td><td>整改</td></tr></table>"),
            "1\t整治\n2\t整改"
        );
        assert_eq!(c("<ul><li>一</li><li>二</li></ul>"), "一\n二");
        assert_eq!(
            c("<table>\n<tr>\n  <td>1</td>\n  <td>精简会议。\n  严控发文。</td>\n</tr>\n<tr>\n  <td>2</td>\n</tr>\n</table>\n后文"),
            "1\t精简会议。 严控发文。\n2\n后文"
        );
        assert_eq!(
            c("<table><tr><td><p>1</p></td><td><p>甲。</p><p>乙。</p></td><td>丙<br>丁</td></tr><tr><td></td><td>戊</td></tr></table>"),
            "1\t甲。 乙。\t丙 丁\n\t戊"
        );
        assert_eq!(c("<h1>标题</h1>正文"), "标题\n正文");
        assert_eq!(
            c("<o:p></o:p>甲<st1:chsdate>2019年</st1:chsdate>"),
            "甲2019年"
        );
    }

    #[test]
    fn merged_cells_are_filled_and_their_copies_marked() {
        let raw = "<table><tr><th>序号</th><th>整改措施</th><th>责任单位</th></tr>\
            <tr><td>1</td><td>精简会议</td><td rowspan=\"2\">办公室</td></tr>\
            <tr><td>2</td><td>严控发文</td></tr>\
            <tr><td rowspan=2>3</td><td colspan=\"2\">统筹推进</td></tr>\
            <tr><td>合并</td></tr>\
            <tr><td colspan=\"3\">二、其他</td></tr></table>";
        let cleaned = clean(raw, &[]);
        assert_eq!(
            cleaned.text,
            "序号\t整改措施\t责任单位\n1\t精简会议\t办公室\n2\t严控发文\t办公室\n3\t统筹推进\t统筹推进\n3\t合并\n二、其他\t\t"
        );
        let copies: Vec<&str> = (cleaned.copies.iter())
            .map(|&(s, e)| &cleaned.text[s..e])
            .collect();
        assert_eq!(copies, vec!["办公室", "统筹推进", "3"]);
        let at = cleaned.text.rfind("办公室").unwrap();
        assert_eq!(cleaned.copies[0], (at, at + "办公室".len()));
        assert!(cleaned
            .warnings
            .iter()
            .any(|w| w.contains("filled 3 merged")));
        // a merged cell at the end of the row, sloppy HTML without end tags
        assert_eq!(
            c("<table><tr><td>甲<td rowspan=3>某局<tr><td>乙<tr><td>丙</table>"),
            "甲\t某局\n乙\t某局\n丙\t某局"
        );
        // the marks are never input
        let cleaned = clean("甲\u{fdd0}乙&#xFDD1;丙", &[]);
        assert_eq!(cleaned.text, "甲乙&#xFDD1;丙");
        assert!(cleaned.copies.is_empty());
    }

    #[test]
    fn merged_cells_and_one_cell_rows_together() {
        // a notice laid out in a cell spanning the table keeps its paragraphs, as in a
        // plain one-cell row: the columns it spans are not filled
        assert_eq!(
            c("<table><tr><td>首页</td><td>通知公告</td></tr><tr><td colspan=\"2\"><p>某局关于开展</p><p>整治工作的通知</p><p>各单位要抓好整改。</p></td></tr></table>"),
            "首页\t通知公告\n某局关于开展\n整治工作的通知\n各单位要抓好整改。"
        );
        let cleaned = clean(
            "<table><tr><td colspan=2><p>甲。</p><p>乙。</p></td></tr></table>",
            &[],
        );
        assert_eq!(cleaned.text, "甲。\n乙。");
        assert!(cleaned.copies.is_empty());
        // a cell holding paragraphs spanning columns, with cells after it: a table's row,
        // its copy one line
        assert_eq!(
            c("<table><tr><th colspan=2>整改<br>措施</th><th>责任单位</th></tr></table>"),
            "整改 措施\t整改 措施\t责任单位"
        );
        // a merged cell of paragraphs first in its row: its copies hold no breaks held as
        // marks, as the cell itself once a second cell follows
        let cleaned = clean(
            "<table><tr><td rowspan=2><p>一、</p><p>组织领导</p></td><td>甲</td></tr><tr><td>乙</td></tr></table>",
            &[],
        );
        assert_eq!(cleaned.text, "一、 组织领导\t甲\n一、 组织领导\t乙");
        let copies: Vec<&str> = (cleaned.copies.iter())
            .map(|&(s, e)| &cleaned.text[s..e])
            .collect();
        assert_eq!(copies, vec!["一、 组织领导"]);
        // a caption spanning the table, one paragraph, keeps the columns empty
        assert_eq!(
            c("<table><tr><td>1</td><td>甲</td></tr><tr><td colspan=2><p>二、其他</p></td></tr><tr><td>2</td><td>乙</td></tr></table>"),
            "1\t甲\n二、其他\t\n2\t乙"
        );
        // a one-cell row holding paragraphs that a merged cell of the row before reaches
        // into is a row of two cells
        assert_eq!(
            c("<table><tr><td>1</td><td rowspan=2>办公室</td></tr><tr><td><p>甲。</p><p>乙。</p></td></tr></table>"),
            "1\t办公室\n甲。 乙。\t办公室"
        );
    }

    #[test]
    fn pretty_printed_html_gives_no_blank_lines() {
        let raw = "<html>\r\n<body>\r\n  <div>\r\n    <p>甲</p>\r\n\r\n    <p>乙<br />\r\n丙</p>\r\n  </div>\r\n</body>\r\n</html>\r\n";
        assert_eq!(c(raw), "甲\n乙\n丙");
        // A source line break before <br> is not doubled.
        assert_eq!(c("甲\n<br>乙"), "甲\n乙");
    }

    #[test]
    fn crlf_and_cr_become_lf() {
        assert_eq!(c("甲\r\n乙\r丙\n丁"), "甲\n乙\n丙\n丁");
        assert_eq!(c("甲\r\n\r\n乙"), "甲\n\n乙");
        assert_eq!(c("甲&#13;&#10;乙"), "甲\n乙");
        assert_eq!(c("甲\u{2028}乙\u{85}丙\u{c}丁"), "甲\n乙\n丙\n丁");
        assert_eq!(strip_markup("甲\r\n乙"), "甲\n乙");
    }

    #[test]
    fn white_space_rules() {
        // Ends trimmed of every kind of white space.
        assert_eq!(c(" \t\u{3000}\u{a0}\u{2003}甲\u{3000} \u{a0}"), "甲");
        // Inside: tab and NBSP become a space, U+3000 and runs are kept.
        assert_eq!(
            c("刀刃向内找问题\u{3000}有的放矢"),
            "刀刃向内找问题\u{3000}有的放矢"
        );
        assert_eq!(c("甲\t乙&nbsp;丙\u{a0}丁  戊"), "甲 乙 丙 丁  戊");
        assert_eq!(c("　　近日，会议召开。"), "近日，会议召开。");
        // Blank lines: at most one, none at the ends, no trailing newline.
        assert_eq!(c("\n\n 甲\n\n\n\u{3000}\n乙\n\n"), "甲\n\n乙");
        assert_eq!(c(""), "");
        assert_eq!(c(" \n\u{3000}\n"), "");
    }

    #[test]
    fn invisible_and_control_characters_are_removed() {
        assert_eq!(
            c("\u{feff}整\u{200b}改&#8203;落&zwj;实\u{0}\u{7}"),
            "整改落实"
        );
    }

    #[test]
    fn punctuation_and_brackets_are_kept_exactly() {
        for s in [
            "各级党委（党组）",
            "各级党委(党组)",
            "【通知】〔2019〕5号「甲」『乙』〈丙〉“丁”‘戊’……——·！？；：，、。",
            "(1)学习;(2)整改:",
        ] {
            assert_eq!(c(s), s);
        }
    }

    #[test]
    fn entities_named_numeric_and_legacy() {
        assert_eq!(
            c("&ldquo;甲&rdquo;&hellip;&mdash;&middot;&times;&yen;&deg;"),
            "“甲”…—·×¥°"
        );
        assert_eq!(c("&#8220;甲&#x201D;&#X201c;&#65"), "“甲”“A");
        assert_eq!(c("&#147;甲&#148;&#150;"), "“甲”–");
        assert_eq!(c("甲&nbsp乙&amp丙&lt;"), "甲 乙&丙<");
        assert_eq!(c("&lang;&rang;&apos;&quot;"), "⟨⟩'\"");
        assert_eq!(c("&emsp;甲&ensp;乙&thinsp;丙"), "甲\u{2002}乙\u{2009}丙");
    }

    #[test]
    fn references_alone_are_decoded_and_nothing_else() {
        assert_eq!(
            decode_references("<p>&ldquo;甲&rdquo;&nbsp乙&#x201D;&#147;</p>"),
            "<p>“甲”\u{a0}乙”“</p>"
        );
        assert_eq!(
            decode_references("&amp;lt;&#0;&unknown;&"),
            "&lt;&#0;&unknown;&"
        );
        assert!(matches!(decode_references("无引用"), Cow::Borrowed(_)));
    }

    #[test]
    fn malformed_entities_are_kept_as_written() {
        for s in [
            "&#99999999;",
            "&#xZZ;",
            "&unknown;",
            "&",
            "a & b",
            "&#;",
            "&#x;",
            "&#0;",
            "&#xD800;",
            "&ampx",
            "&nbsp2019",
        ] {
            assert_eq!(c(s), s, "{s}");
        }
        let s = strip_markup_report("&#99999999;&#0;");
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert!(
            s.warnings[0].contains("kept 2 malformed"),
            "{:?}",
            s.warnings
        );
        // Huge numbers saturate instead of overflowing.
        let long = format!("&#{};", "9".repeat(1000));
        assert_eq!(c(&long), long);
    }

    #[test]
    fn entity_table_is_sorted_and_unique() {
        assert!(ENTITIES
            .windows(2)
            .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()));
        assert!(ENTITIES.len() >= 300);
        for name in LEGACY {
            assert!(named_entity(name).is_some(), "{name}");
        }
        assert_eq!(named_entity("hellip"), Some('…'));
        assert_eq!(named_entity("Hellip"), None);
    }

    #[test]
    fn tail_rule_removes_editor_from_end_of_long_last_line() {
        let body = "推动全党形成坚定理想信念坚守初心使命敢于担当作为的浓厚氛围。".repeat(10);
        let raw = format!("标题\n{body}责任编辑冯明关键词");
        let rules = [rule(
            "furniture.editor",
            r"[（(\[【]?责任编辑\s*[:：]?\s*[^\s。！？!?；;]{1,8}(?:\s[^\s。！？!?；;]{1,8})?[）)\]】]?(?:\s*关键词.*)?$",
            Scope::Tail,
        )];
        let out = clean(&raw, &rules);
        assert_eq!(out.text, format!("标题\n{body}"));
        assert_eq!(
            out.dropped,
            vec![Dropped {
                rule: "furniture.editor".into(),
                text: "责任编辑冯明关键词".into(),
                line: 1,
                gives_title: false,
                // cut from the end of the line that stayed
                at: 3 + body.chars().count(),
                whole_line: false,
            }]
        );
        assert_eq!(
            out.warnings,
            vec!["dropped page furniture: 责任编辑冯明关键词 (furniture.editor)".to_string()]
        );
        // Other spellings of the same furniture.
        for last in [
            "责任编辑:王 钰",
            "（责任编辑：张三）",
            "责任编辑：张三 关键词：整改,主题教育",
        ] {
            let out = clean(&format!("甲\n{last}"), &rules);
            assert_eq!(out.text, "甲", "{last}");
        }
    }

    #[test]
    fn head_rule_applies_to_first_six_lines_only() {
        let rules = [rule("furniture.source", r"来源[:：]\S+$", Scope::Head)];
        let mut lines: Vec<String> = (0..30).map(|i| format!("第{i}行。")).collect();
        lines[20] = "来源:新华社".to_string();
        lines[1] = "来源:人民网".to_string();
        let out = clean(&lines.join("\n"), &rules);
        assert!(out.text.contains("来源:新华社"));
        assert!(!out.text.contains("来源:人民网"));
        assert_eq!(out.dropped.len(), 1);
        assert_eq!(out.dropped[0].line, 1);
        // Line 6 (0-based) is outside the head: lines 0..6 are six non-empty lines.
        let mut lines: Vec<String> = (0..10).map(|i| format!("第{i}行。")).collect();
        lines[6] = "来源:新华社".to_string();
        assert!(clean(&lines.join("\n"), &rules).dropped.is_empty());
    }

    #[test]
    fn scope_windows_skip_blank_lines_and_reach_past_dropped_furniture() {
        let rules = [
            rule("furniture.counter", r"^\d+(?:\s+\d+)*$", Scope::Tail),
            rule("furniture.baidu", r"^Baidu$", Scope::Tail),
        ];
        let mut text: Vec<&str> = vec!["正文。"; 3];
        text.extend(["Baidu", "", ""]);
        text.extend(["47 4888024"; 7]);
        let out = clean(&text.join("\n"), &rules);
        assert_eq!(out.text, "正文。\n正文。\n正文。");
        assert_eq!(out.dropped.len(), 8);
    }

    #[test]
    fn removed_portions_and_punctuation_residue() {
        let rules = [
            rule(
                "furniture.share",
                r"分享到[:：]?\s*(?:微信|微博|QQ)(?:\s*(?:微信|微博|QQ))*",
                Scope::Anywhere,
            ),
            rule("furniture.script-tail", r"^[\p{P}\p{S}\s]+$", Scope::Tail),
        ];
        let out = clean("甲。分享到：微信 微博\n| 分享到微信 |\n乙\n\n\");", &rules);
        assert_eq!(out.text, "甲。\n乙");
        let texts: Vec<(&str, &str)> = out
            .dropped
            .iter()
            .map(|d| (d.rule.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("furniture.share", "分享到：微信 微博"),
                ("furniture.share", "分享到微信"),
                ("furniture.share", "|  |"),
                ("furniture.script-tail", "\");"),
            ]
        );
        assert_eq!(out.dropped[3].line, 4);
    }

    #[test]
    fn dropped_line_index_refers_to_the_stripped_text() {
        let rules = [rule("furniture.editor", r"^责任编辑[:：]\S+$", Scope::Tail)];
        let raw = "<div><p>甲</p>\n\n<p>乙</p><p>责任编辑:王</p></div>";
        let stripped = strip_markup(raw);
        let out = clean(raw, &rules);
        assert_eq!(out.text, "甲\n乙");
        assert_eq!(out.dropped.len(), 1);
        assert_eq!(
            stripped.split('\n').nth(out.dropped[0].line),
            Some("责任编辑:王")
        );
    }

    #[test]
    fn dropped_line_between_blank_lines_leaves_one_blank() {
        let rules = [rule("furniture.video", r"^视频来源\S*$", Scope::Anywhere)];
        assert_eq!(clean("甲\n\n视频来源CNTV\n\n乙", &rules).text, "甲\n\n乙");
        // An empty-matching rule never drops anything.
        let rules = [rule("furniture.empty", r"x*", Scope::Anywhere)];
        assert_eq!(clean("甲\n乙", &rules).text, "甲\n乙");
        assert!(clean("甲\n乙", &rules).dropped.is_empty());
    }

    #[test]
    fn deep_nesting_completes() {
        let depth = 100_000;
        let raw = format!("{}甲{}", "<div>".repeat(depth), "</div>".repeat(depth));
        assert_eq!(c(&raw), "甲");
        let raw = format!("{}乙", "<span><b>".repeat(depth));
        assert_eq!(c(&raw), "乙");
    }

    #[test]
    fn pathological_inputs_finish() {
        let n = 50_000;
        for unit in [
            "<a x=\"",
            "<a",
            "<!--",
            "&#",
            "&",
            "<!",
            "</a",
            "&lt;script&gt;",
            "&lt;!--",
            "<a x='>\"",
            "<head>",
            "<a x=\"1>2\"",
        ] {
            let raw = unit.repeat(n);
            let out = clean(&raw, &[]);
            assert_invariants(&out.text);
        }
        let raw = format!("<{}", "a".repeat(1_000_000));
        assert_eq!(c(&raw), raw);
    }

    #[test]
    fn long_single_line_is_kept() {
        let line = "各地区各部门要抓好整改落实&nbsp;，".repeat(650_000); // 30 MB on one line
        let out = c(&line);
        assert!(!out.contains('\n'));
        assert_eq!(out.chars().count(), 650_000 * 15);
    }

    #[test]
    fn random_inputs_keep_invariants_and_never_panic() {
        const PIECES: [&str; 28] = [
            "<", ">", "/", "!", "-", "\"", "'", "=", "&", ";", "#", "x", "1", "a", "p", "div",
            "br", "script", "\n", "\r", " ", "\t", "\u{3000}", "\u{a0}", "甲", "（", "&nbsp;",
            "&amp;",
        ];
        let rules = [
            rule("t.any", r"甲甲", Scope::Anywhere),
            rule("t.head", r"^（", Scope::Head),
            rule("t.tail", r"\d+$", Scope::Tail),
        ];
        let mut rng = Lcg(7);
        for _ in 0..3000 {
            let len = rng.next(60);
            let raw: String = (0..len).map(|_| PIECES[rng.next(PIECES.len())]).collect();
            let out = clean(&raw, &rules);
            assert_invariants(&out.text);
            for d in &out.dropped {
                assert!(!d.text.is_empty());
            }
            // Text with nothing left to decode is a fixed point.
            if !out.text.contains(['<', '&']) {
                assert_eq!(c(&out.text), out.text, "{raw:?}");
            }
        }
    }
}
