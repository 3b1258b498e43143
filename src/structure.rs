//! Structure: title, date, issuer, sections and speaker parts, and units.
//!
//! Takes the cleaned text (and what the clean stage dropped, which may hold the title or
//! the date), gives a [`Structure`] whose offsets are bytes into that text.
//!
//! Invariants:
//! - units are trimmed slices of lines, in text order, never overlapping, never empty;
//!   every char of a line that is not white space belongs to exactly one unit;
//! - a unit ends after a sentence terminator (`。！？；;!?`) and any closing quotes or
//!   brackets that follow it, or at the end of its line;
//! - a unit is at most [`MAX_UNIT_CHARS`] chars long: a longer run without a terminator (a
//!   whole page on one line, a list of clauses joined by commas) is cut after its last pause
//!   (`，,、：:`) in the second half of the limit, else at the limit, so that every later stage works on
//!   bounded pieces and a document costs time linear in its length;
//! - each unit has a role: the title, a meta line (date, byline), a heading, or body
//!   text; only body units can become task items;
//! - sections nest by level; a unit's section is the innermost open one.

use crate::clean::Dropped;
use crate::rules::{Context, RuleSet, Scan};
use crate::text::{date_number, leading_numeral};

/// What a unit is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The title line.
    Title,
    /// A line of metadata: a date, a byline.
    Meta,
    /// A heading, a slogan line or a speaker line.
    Heading,
    /// Running text: a candidate task item.
    Body,
}

/// What a table column holds, read off its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Row numbers.
    Index,
    /// The problem found: a statement, not a task.
    Problem,
    /// Measures or tasks.
    Measure,
    /// Who is responsible.
    Body,
    /// By when.
    Deadline,
    /// Anything else.
    Other,
}

/// A row of a table with a recognised header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Units of the row's responsible-body cell.
    pub body_units: Vec<usize>,
    /// Units of the row's deadline cell.
    pub deadline_units: Vec<usize>,
}

/// Where a unit sits in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Index into [`Structure::rows`].
    pub row: usize,
    /// What its column holds.
    pub column: Column,
}

/// A sentence-level unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Start byte in the cleaned text.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Line (paragraph) index.
    pub line: usize,
    /// Position among the units of its line, from 0.
    pub pos_in_line: usize,
    /// The innermost section it belongs to.
    pub section: Option<usize>,
    /// Its role.
    pub role: Role,
    /// Its table cell, when it lies in a table with a recognised header.
    pub cell: Option<Cell>,
}

/// A heading and what it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's text.
    pub title: String,
    /// 1 outermost.
    pub level: u8,
    /// Start byte (the heading's start).
    pub start: usize,
    /// End byte (the start of the next heading of the same or an outer level, or the text's end).
    pub end: usize,
    /// The enclosing section.
    pub parent: Option<usize>,
    /// The speaking organisation, for the parts of a compilation of speeches.
    pub speaker: Option<String>,
    /// The rule that recognised the heading.
    pub rule: String,
}

/// The structure of one document.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The title.
    pub title: Option<String>,
    /// ISO date (or the part the text gives).
    pub date: Option<String>,
    /// The year of the document, when known.
    pub year: Option<i32>,
    /// Issuing bodies.
    pub issuer: Vec<String>,
    /// The document number (`中办发〔2019〕16号`).
    pub number: Option<String>,
    /// The bodies of the addressee line (主送机关) of a formal document.
    pub addressees: Vec<String>,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Units in order.
    pub units: Vec<Unit>,
    /// Rows of tables with a recognised header.
    pub rows: Vec<Row>,
    /// Rule ids behind the document-level facts (title, date, issuer).
    pub rules: Vec<String>,
}

impl Structure {
    /// The heading path of a section, outermost first.
    pub fn path(&self, section: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = section;
        while let Some(i) = at {
            out.push(i);
            at = self.sections.get(i).and_then(|s| s.parent);
        }
        out.reverse();
        out
    }

    /// The speaker of the part a section lies in.
    pub fn speaker(&self, section: Option<usize>) -> Option<&str> {
        self.path(section)
            .into_iter()
            .rev()
            .find_map(|i| self.sections[i].speaker.as_deref())
    }
}

const TERMINATORS: &[char] = &['。', '！', '？', '；', ';', '!', '?'];
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '】', '》', '"', '\''];
/// Longest line that can be a heading on its own.
const MAX_HEADING_CHARS: usize = 50;
/// Longest unit that can be a bare-numeral or inline heading.
const MAX_INLINE_HEADING_CHARS: usize = 32;
/// Longest unit, in chars; real sentences of the corpus stay under 250.
pub const MAX_UNIT_CHARS: usize = 500;
/// Where an over-long unit is preferably cut (after the char).
const PAUSES: &[char] = &['，', ',', '、', '：', ':'];

/// Splits a line into trimmed unit ranges (bytes, relative to the line), none longer than
/// [`MAX_UNIT_CHARS`].
pub fn split_units(line: &str) -> Vec<(usize, usize)> {
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

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn has_sentence_punct(s: &str) -> bool {
    s.contains(['。', '；', ';', '，', ',', '！', '!', '？', '?', '：', ':'])
}

/// How far down a page its title is looked for (menus and breadcrumbs come first).
const PAGE_TITLE_LINES: usize = 60;

/// The fewest characters a notice's title has (`首页`, `通知公告` are a site's words).
const MIN_TITLE_CHARS: usize = 6;

/// What [`Structure::rules`] names when the title is a web page's own.
const PAGE_TITLE_RULE: &str = "structure.title.page-title";

/// A web page's title without the site's and section's names after it:
/// `整改方案_通知公告_某某局` → `整改方案`. The first part, unless it is too short to be a
/// title, then the longest.
pub fn page_title_main(title: &str) -> &str {
    let parts: Vec<&str> = title
        .split(['_', '|', '｜'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" — "))
        .flat_map(|p| p.split(" – "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.first() {
        Some(first) if chars(first) >= MIN_TITLE_CHARS => first,
        _ => parts
            .iter()
            .max_by_key(|p| chars(p))
            .copied()
            .unwrap_or(title.trim()),
    }
}

/// Finds the structure of a cleaned text. `page_title` is an HTML page's `<title>`
/// ([`crate::clean::Cleaned::page_title`]); `scan` is the rule set's scan of `text`
/// ([`RuleSet::scan`]), when the caller has one: each line takes its literals from it.
pub fn structure(
    text: &str,
    dropped: &[Dropped],
    page_title: Option<&str>,
    rules: &RuleSet,
    scan: Option<&Scan<'_>>,
) -> Structure {
    let mut st = Structure::default();
    let lines = line_ranges(text);
    // each line's literals from the one scan of the text (a dropped line scans its own)
    let ctx = Context::default().with_scan(scan);

    // --- title: the first line when it is short and not a sentence; else a dropped file name
    let first = lines.iter().position(|&(s, e)| s < e);
    let mut title_line = None;
    if let Some(i) = first {
        let (s, e) = lines[i];
        let line = &text[s..e];
        let ends_sentence = line.ends_with(['。', '；', '！', '？']);
        let is_heading = !rules
            .structure
            .all_of(line, ctx, |r| {
                matches!(r.label.as_str(), "heading" | "bare-heading")
            })
            .is_empty();
        if chars(line) <= 80 && !ends_sentence && !is_heading && !line.contains('。') {
            st.title = Some(line.to_string());
            title_line = Some(i);
        }
    }
    // a web page's own title (its `<title>` without the site's name) marks where the article
    // starts, under the site's menus and breadcrumbs; with no line of it, it stands in for
    // a first line too short to be a notice's title (首页)
    if let Some(page) = page_title
        .map(page_title_main)
        .filter(|t| chars(t) >= MIN_TITLE_CHARS)
    {
        let at =
            (lines.iter().take(PAGE_TITLE_LINES)).position(|&(s, e)| text[s..e].trim() == page);
        let short = st
            .title
            .as_deref()
            .is_none_or(|t| chars(t) < MIN_TITLE_CHARS);
        if at.is_some() || short {
            st.title = Some(page.to_string());
            title_line = at;
            st.rules.push(PAGE_TITLE_RULE.to_string());
        }
    }
    if st.title.is_none() {
        if let Some(d) = dropped.iter().find(|d| d.gives_title) {
            let stem = d.text.rsplit_once('.').map_or(d.text.as_str(), |(s, _)| s);
            let stem =
                stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-');
            if !stem.is_empty() {
                st.title = Some(stem.trim().to_string());
                st.rules.push(d.rule.clone());
            }
        }
    }

    // --- date and issuer: from the opening lines and the dropped furniture
    let head_text: Vec<&str> = lines
        .iter()
        .take(8)
        .map(|&(s, e)| &text[s..e])
        .chain(dropped.iter().map(|d| d.text.as_str()))
        .collect();
    find_date(&head_text, text, rules, ctx, &mut st);
    for line in head_text.iter().take(8) {
        for m in rules.structure.all_of(line, ctx, |r| r.label == "issuer") {
            let v = line[m.start..m.end].trim().trim_end_matches('了');
            if !v.is_empty() && !st.issuer.iter().any(|x| x == v) {
                st.issuer.push(v.to_string());
                st.rules.push(m.rule.id.clone());
            }
        }
        if !st.issuer.is_empty() {
            break;
        }
    }

    // --- formal elements: document number and addressee line near the top, signature and
    // date of issue at the end
    let formal = formal_lines(text, &lines, rules, ctx, &mut st);

    // --- a scraped page repeats its title where the article starts: what lies between the
    // two is the page's abstract and notes, not the notice
    let mut preamble_end = None;
    if let (Some(t), Some(tl)) = (st.title.clone(), title_line) {
        preamble_end = lines
            .iter()
            .enumerate()
            .skip(tl + 1)
            .take(8)
            .find(|&(_, &(s, e))| text[s..e] == *t)
            .map(|(i, _)| i);
    }

    // --- lines: roles, headings, units
    let mut stack: Vec<usize> = Vec::new();
    let mut candidates: Vec<(usize, u32, String)> = Vec::new(); // (unit index, numeral, rule) of bare-numeral headings
    let mut table: Option<Vec<Column>> = None; // the columns of the table being read
    for (li, &(ls, le)) in lines.iter().enumerate() {
        if ls == le {
            continue;
        }
        let line = &text[ls..le];
        let pieces = split_units(line);
        let in_preamble =
            title_line.is_some_and(|t| li > t) && preamble_end.is_some_and(|p| li < p);
        // the site's menus above a page's title
        let above_title = title_line.is_some_and(|t| li < t);
        let role_of_line = if Some(li) == title_line || st.title.as_deref() == Some(line) {
            Some(Role::Title)
        } else if in_preamble
            || above_title
            || formal.contains(&li)
            || is_meta_line(line, rules, ctx)
        {
            Some(Role::Meta)
        } else {
            None
        };
        if let Some(role) = role_of_line {
            push_units(&mut st, &pieces, ls, li, current(&stack), role);
            continue;
        }

        // a table row: a header names the columns; the rows after it give measures, bodies, deadlines
        if line.contains('\t') {
            let cells = cell_ranges(line);
            if let Some(cols) = header_columns(&cells, line, rules) {
                table = Some(cols);
                push_units(&mut st, &pieces, ls, li, current(&stack), Role::Heading);
                continue;
            }
            if let Some(cols) = &table {
                let row = st.rows.len();
                st.rows.push(Row::default());
                let mut pos = 0;
                for (ci, &(cs, ce)) in cells.iter().enumerate() {
                    let column = cols.get(ci).copied().unwrap_or(Column::Other);
                    let role = match column {
                        Column::Measure | Column::Other => Role::Body,
                        _ => Role::Meta,
                    };
                    for (s, e) in split_units(&line[cs..ce]) {
                        let ui = st.units.len();
                        match column {
                            Column::Body => st.rows[row].body_units.push(ui),
                            Column::Deadline => st.rows[row].deadline_units.push(ui),
                            _ => {}
                        }
                        let mut u = unit(ls + cs + s, ls + cs + e, li, pos, current(&stack), role);
                        u.cell = Some(Cell { row, column });
                        st.units.push(u);
                        pos += 1;
                    }
                }
                continue;
            }
        } else {
            table = None;
        }

        // a speaker line, with the short slogan line before it as the part's heading
        if let Some((speaker, rule)) = speaker_line(line, rules, ctx) {
            claim_speaker_part(&mut st, &mut stack, text, li, speaker, rule, ls, line);
            push_units(&mut st, &pieces, ls, li, current(&stack), Role::Heading);
            continue;
        }

        // a heading line, or a line whose first unit is a heading
        let heading = rules
            .structure
            .all_of(line, ctx, |r| {
                matches!(r.label.as_str(), "heading" | "short-heading")
            })
            .into_iter()
            .filter(|m| m.whole_start == 0)
            .min_by_key(|m| (m.rule.level, m.rule.priority));
        let mut skip_first = false;
        if let Some(m) = heading {
            let whole_line = chars(line) <= MAX_HEADING_CHARS
                && !line
                    .trim_end_matches(TERMINATORS)
                    .contains(['。', '；', '！', '？']);
            let short_line_rule = m.rule.label == "short-heading";
            let next_is_text = lines
                .iter()
                .skip(li + 1)
                .find(|&&(s, e)| s < e)
                .is_some_and(|&(s, e)| chars(&text[s..e]) > chars(line));
            if short_line_rule && !(whole_line && next_is_text && !has_sentence_punct(line)) {
                // a short line is a heading only when running text follows it
            } else if whole_line {
                open_section(
                    &mut st,
                    &mut stack,
                    line.to_string(),
                    m.rule.level,
                    ls,
                    None,
                    m.rule.id.clone(),
                );
                let role = if is_numbered_sentence(line, rules) {
                    Role::Body
                } else {
                    Role::Heading
                };
                push_units(&mut st, &pieces, ls, li, current(&stack), role);
                continue;
            } else if let Some(&(s, e)) = pieces.first() {
                if chars(&line[s..e]) <= MAX_HEADING_CHARS && !short_line_rule {
                    open_section(
                        &mut st,
                        &mut stack,
                        line[s..e].to_string(),
                        m.rule.level,
                        ls + s,
                        None,
                        m.rule.id.clone(),
                    );
                    skip_first = true;
                }
            }
        }

        for (pos, (s, e)) in pieces.into_iter().enumerate() {
            let piece = &line[s..e];
            let mut role = Role::Body;
            if pos == 0 && skip_first && !is_numbered_clause(piece, rules) {
                role = Role::Heading;
            } else if pos == 0 && chars(piece) <= MAX_INLINE_HEADING_CHARS {
                // 一要…。 opening a paragraph
                if let Some(m) = rules
                    .structure
                    .all_of(piece, ctx, |r| r.label == "inline-heading")
                    .into_iter()
                    .find(|m| m.whole_start == 0)
                {
                    open_section(
                        &mut st,
                        &mut stack,
                        piece.to_string(),
                        m.rule.level,
                        ls + s,
                        None,
                        m.rule.id.clone(),
                    );
                    role = Role::Heading;
                }
            }
            if role == Role::Body && chars(piece) <= MAX_INLINE_HEADING_CHARS {
                let bare = rules
                    .structure
                    .all_of(piece, ctx, |r| r.label == "bare-heading")
                    .into_iter()
                    .find(|m| m.whole_start == 0);
                if let (Some(m), Some(n)) = (bare, leading_numeral(piece)) {
                    candidates.push((st.units.len(), n, m.rule.id.clone()));
                }
            }
            st.units
                .push(unit(ls + s, ls + e, li, pos, current(&stack), role));
        }
    }
    close_sections(&mut st, text.len());
    accept_bare_numeral_headings(&mut st, &candidates, text);
    st
}

/// Whether a numbered heading line is also a task: a sentence that obliges someone, with a
/// modal, or too long or too clause-rich for a heading, not a title (`（一）严格控制发文开会。`).
fn is_numbered_sentence(piece: &str, rules: &RuleSet) -> bool {
    piece.ends_with(TERMINATORS)
        && (rules
            .lexicon("modal")
            .iter()
            .any(|w| piece.contains(w.as_str()))
            || chars(piece) > 24
            || piece.contains(['，', ',']))
}

/// Whether the numbered first unit of a longer line is also a task: a clause closed by a
/// semicolon (`2.凡是…已有明确规定的，一律不再制发…；`), or a sentence with a modal; a title
/// closed by a full stop (`（一）开展惠民惠农财政补贴资金“一卡通”专项治理。`) is only a heading.
fn is_numbered_clause(piece: &str, rules: &RuleSet) -> bool {
    piece.ends_with(['；', ';'])
        || (piece.ends_with(TERMINATORS)
            && rules
                .lexicon("modal")
                .iter()
                .any(|w| piece.contains(w.as_str())))
}

/// Opens the part of a speaker. The line just before, when it is a short slogan without
/// sentence punctuation, is the part's heading: a section it already opened gets the speaker,
/// a body unit it became is turned into the heading.
#[allow(clippy::too_many_arguments)]
fn claim_speaker_part(
    st: &mut Structure,
    stack: &mut Vec<usize>,
    text: &str,
    li: usize,
    speaker: &str,
    rule: String,
    line_start: usize,
    line: &str,
) {
    let prev = st
        .units
        .last()
        .cloned()
        .filter(|u| u.line + 2 >= li && u.pos_in_line == 0);
    if let Some(u) = prev {
        // `u` is the last unit: the units of its line are the last ones
        let prev_line_units = st
            .units
            .iter()
            .rev()
            .take_while(|x| x.line == u.line)
            .count();
        let slogan = &text[u.start..u.end];
        let short = chars(slogan) <= 20 && !has_sentence_punct(slogan) && prev_line_units == 1;
        if short && u.role == Role::Heading {
            if let Some(sec) = st.sections.last_mut() {
                if sec.start == u.start && sec.speaker.is_none() {
                    sec.speaker = Some(speaker.to_string());
                    sec.rule = rule;
                    return;
                }
            }
        }
        if short && u.role == Role::Body {
            open_section(
                st,
                stack,
                slogan.to_string(),
                1,
                u.start,
                Some(speaker.to_string()),
                rule,
            );
            let id = current(stack);
            if let Some(last) = st.units.last_mut() {
                last.role = Role::Heading;
                last.section = id;
            }
            return;
        }
    }
    open_section(
        st,
        stack,
        line.to_string(),
        1,
        line_start,
        Some(speaker.to_string()),
        rule,
    );
}

fn unit(
    start: usize,
    end: usize,
    line: usize,
    pos: usize,
    section: Option<usize>,
    role: Role,
) -> Unit {
    Unit {
        start,
        end,
        line,
        pos_in_line: pos,
        section,
        role,
        cell: None,
    }
}

/// What a header cell names, by the table-column lexicons.
fn column_of(cell: &str, rules: &RuleSet) -> Option<Column> {
    let c: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    [
        ("table-index", Column::Index),
        ("table-problem", Column::Problem),
        ("table-measure", Column::Measure),
        ("table-body", Column::Body),
        ("table-deadline", Column::Deadline),
    ]
    .into_iter()
    .find(|(lex, _)| rules.lexicon(lex).contains(&c))
    .map(|(_, col)| col)
}

/// The columns of a header row, when at least two cells name a column and one of them is
/// a measure, body or deadline column.
fn header_columns(cells: &[(usize, usize)], line: &str, rules: &RuleSet) -> Option<Vec<Column>> {
    let cols: Vec<Option<Column>> = cells
        .iter()
        .map(|&(s, e)| column_of(&line[s..e], rules))
        .collect();
    let named = cols.iter().flatten().count();
    let useful = cols
        .iter()
        .flatten()
        .any(|c| matches!(c, Column::Measure | Column::Body | Column::Deadline));
    (named >= 2 && useful).then(|| {
        cols.into_iter()
            .map(|c| c.unwrap_or(Column::Other))
            .collect()
    })
}

/// Byte ranges of the tab-separated cells of a line.
fn cell_ranges(line: &str) -> Vec<(usize, usize)> {
    ranges_between(line, '\t')
}

/// Pushes the units of one line (`pieces` relative to the line start `ls`), all with one role.
fn push_units(
    st: &mut Structure,
    pieces: &[(usize, usize)],
    ls: usize,
    li: usize,
    section: Option<usize>,
    role: Role,
) {
    for (pos, &(s, e)) in pieces.iter().enumerate() {
        st.units.push(unit(ls + s, ls + e, li, pos, section, role));
    }
}

fn current(stack: &[usize]) -> Option<usize> {
    stack.last().copied()
}

fn open_section(
    st: &mut Structure,
    stack: &mut Vec<usize>,
    title: String,
    level: u8,
    start: usize,
    speaker: Option<String>,
    rule: String,
) {
    while let Some(&top) = stack.last() {
        if st.sections[top].level >= level {
            stack.pop();
        } else {
            break;
        }
    }
    let id = st.sections.len();
    st.sections.push(Section {
        title,
        level,
        start,
        end: start,
        parent: stack.last().copied(),
        speaker,
        rule,
    });
    stack.push(id);
}

/// A section ends where the next section of the same or an outer level starts.
fn close_sections(st: &mut Structure, text_len: usize) {
    let n = st.sections.len();
    for i in 0..n {
        let level = st.sections[i].level;
        let parent_end = None::<usize>;
        let end = st.sections[i + 1..]
            .iter()
            .find(|s| s.level <= level)
            .map_or(text_len, |s| s.start);
        st.sections[i].end = parent_end.map_or(end, |p| p.min(end));
    }
}

/// Bare-numeral headings (一坚持…。 where `、` was lost) count only as a run 一, 二, 三 … of
/// at least three; then each becomes a level-1 section and its unit a heading.
fn accept_bare_numeral_headings(
    st: &mut Structure,
    candidates: &[(usize, u32, String)],
    text: &str,
) {
    let mut run: Vec<(usize, u32, &str)> = Vec::new();
    let mut best: Vec<(usize, &str)> = Vec::new();
    for (ui, n, rule) in candidates {
        match run.last() {
            _ if *n == 1 => run = vec![(*ui, *n, rule)],
            Some(&(_, last, _)) if *n == last + 1 => run.push((*ui, *n, rule)),
            _ => run.clear(),
        }
        if run.len() > best.len() {
            best = run.iter().map(|&(u, _, r)| (u, r)).collect();
        }
    }
    if best.len() < 3 || !st.sections.is_empty() {
        return;
    }
    for (k, &(ui, rule)) in best.iter().enumerate() {
        let u = &st.units[ui];
        let end = best
            .get(k + 1)
            .map_or(text.len(), |&(next, _)| st.units[next].start);
        st.sections.push(Section {
            title: text[u.start..u.end].to_string(),
            level: 1,
            start: u.start,
            end,
            parent: None,
            speaker: None,
            rule: rule.to_string(),
        });
    }
    let starts: Vec<(usize, usize, usize)> = st
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.start, s.end))
        .collect();
    for (ui, u) in st.units.iter_mut().enumerate() {
        if let Some(&(i, _, _)) = starts
            .iter()
            .find(|&&(_, s, e)| u.start >= s && u.start < e)
        {
            u.section = Some(i);
        }
        if best.iter().any(|&(b, _)| b == ui) {
            u.role = Role::Heading;
        }
    }
}

/// Finds the document number, the addressee line and the closing signature block (issuing
/// bodies over a date of issue); fills them in and gives the indexes of their lines.
fn formal_lines(
    text: &str,
    lines: &[(usize, usize)],
    rules: &RuleSet,
    ctx: Context<'_>,
    st: &mut Structure,
) -> Vec<usize> {
    let mut out = Vec::new();
    let non_empty: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].0 < lines[i].1)
        .collect();
    for &li in non_empty.iter().take(10) {
        let line = &text[lines[li].0..lines[li].1];
        let matches = rules.structure.all(line, ctx);
        if let Some(m) = matches.iter().find(|m| m.label == "number") {
            if st.number.is_none() && chars(line) <= 40 {
                st.number = Some(line[m.start..m.end].to_string());
                st.rules.push(m.rule.id.clone());
                out.push(li);
            }
        }
        if let Some(m) = matches
            .iter()
            .find(|m| m.label == "addressee" && m.whole_start == 0)
        {
            if st.addressees.is_empty() {
                let body = line[m.start..m.end]
                    .trim_start_matches("主送")
                    .trim_start_matches([':', '：'])
                    .trim_end_matches([':', '：']);
                st.addressees = body
                    .split(['，', ','])
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                st.rules.push(m.rule.id.clone());
                out.push(li);
            }
        }
    }
    // the signature: a date line among the last lines, with short organisation lines above it
    let tail: Vec<usize> = non_empty.iter().rev().take(4).copied().collect();
    for &li in &tail {
        let line = &text[lines[li].0..lines[li].1];
        if chars(line) > 20 || has_sentence_punct(line) {
            continue;
        }
        let date = rules
            .structure
            .all_of(line, ctx, |r| r.label == "date")
            .into_iter()
            .find(|m| m.whole_start == 0);
        let Some((m, regex)) = date.and_then(|m| Some((m.clone(), m.rule.regex()?))) else {
            continue;
        };
        if let Some(iso) = date_of(&line[m.whole_start..], regex) {
            out.push(li);
            if st.date.is_none() {
                st.year = iso.get(..4).and_then(|y| y.parse().ok());
                st.date = Some(iso);
                st.rules.push(m.rule.id.clone());
            }
            let above = non_empty
                .iter()
                .rev()
                .skip_while(|&&x| x != li)
                .skip(1)
                .take(3);
            for &ai in above {
                let org = &text[lines[ai].0..lines[ai].1];
                if chars(org) > 24
                    || has_sentence_punct(org)
                    || speaker_line(org, rules, ctx).is_none()
                {
                    break;
                }
                out.push(ai);
                if !st.issuer.iter().any(|x| x == org) {
                    st.issuer.push(org.to_string());
                }
            }
        }
        break;
    }
    out
}

/// The ISO date of a date match: arabic (`y m d`) or Chinese numerals (`cy cm cd`).
fn date_of(s: &str, regex: &regex::Regex) -> Option<String> {
    let caps = regex.captures(s)?;
    let arabic = |n: &str| caps.name(n).and_then(|v| v.as_str().parse::<u32>().ok());
    let cn = |n: &str| caps.name(n).and_then(|v| date_number(v.as_str()));
    let (y, m, d) = match (arabic("y"), arabic("m"), arabic("d")) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => (cn("cy")?, cn("cm")?, cn("cd")?),
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn find_date(head: &[&str], text: &str, rules: &RuleSet, ctx: Context<'_>, st: &mut Structure) {
    let mut partial: Option<(u32, u32, String)> = None;
    for line in head {
        let long = chars(line) > 40; // once a line, not once a match: a line may be the whole text
        for m in rules.structure.all_of(line, ctx, |r| r.label == "date") {
            // a date in running text is an event's, not the document's: only a short line
            // (a byline, a date line) or a news dateline (…电) dates the document
            let dateline =
                line[m.whole_end..].trim_start().is_empty() || line[..m.whole_end].ends_with('电');
            if long && !dateline {
                continue;
            }
            let Some(regex) = m.rule.regex() else {
                continue;
            };
            if let Some(iso) = date_of(&line[m.whole_start..], regex) {
                st.year = iso.get(..4).and_then(|y| y.parse().ok());
                st.date = Some(iso);
                st.rules.push(m.rule.id.clone());
                return;
            }
            let Some(caps) = regex.captures(&line[m.whole_start..]) else {
                continue;
            };
            let num = |name: &str| caps.name(name).and_then(|v| v.as_str().parse::<u32>().ok());
            match (num("y"), num("m"), num("d")) {
                (Some(y), Some(mo), Some(d)) if (1..=12).contains(&mo) && (1..=31).contains(&d) => {
                    st.date = Some(format!("{y:04}-{mo:02}-{d:02}"));
                    st.year = i32::try_from(y).ok();
                    st.rules.push(m.rule.id.clone());
                    return;
                }
                (None, Some(mo), Some(d))
                    if partial.is_none() && (1..=12).contains(&mo) && (1..=31).contains(&d) =>
                {
                    partial = Some((mo, d, m.rule.id.clone()));
                }
                _ => {}
            }
        }
    }
    // a dateline without a year: take the year from the first `20xx年` of the text
    if let Some((mo, d, rule)) = partial {
        if let Some(y) = first_year(text) {
            st.date = Some(format!("{y:04}-{mo:02}-{d:02}"));
            st.year = Some(y);
            st.rules.push(rule);
        }
    }
}

/// The first four-digit year (1950–2099) written with 年 in the text.
fn first_year(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(4)).find_map(|i| {
        let digits = &b[i..i + 4];
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        if before_ok && digits.iter().all(u8::is_ascii_digit) && text[i + 4..].starts_with('年') {
            let y: i32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
            (1950..2100).contains(&y).then_some(y)
        } else {
            None
        }
    })
}

/// A line that is only a date and time (`2020/09/15 12:33`).
fn is_meta_line(line: &str, rules: &RuleSet, ctx: Context<'_>) -> bool {
    if chars(line) > 30 {
        return false;
    }
    rules
        .structure
        .all_of(line, ctx, |r| r.label == "date")
        .iter()
        .any(|m| m.whole_start == 0)
        && !line
            .chars()
            .any(|c| crate::text::is_han(c) && !"年月日时分".contains(c))
}

/// A line that is only the name of a speaking organisation.
fn speaker_line<'l>(line: &'l str, rules: &RuleSet, ctx: Context<'_>) -> Option<(&'l str, String)> {
    if chars(line) > 16 {
        return None;
    }
    rules
        .structure
        .all_of(line, ctx, |r| r.label == "speaker")
        .into_iter()
        .find(|m| m.whole_start == 0 && m.whole_end == line.len())
        .map(|m| (line, m.rule.id.clone()))
}

/// Byte ranges of the lines of `text`, without the line breaks.
fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    ranges_between(text, '\n')
}

/// Byte ranges of the pieces of `text` between occurrences of an ASCII separator.
fn ranges_between(text: &str, sep: char) -> Vec<(usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of the body units.
    fn body_texts<'t>(st: &Structure, text: &'t str) -> Vec<&'t str> {
        st.units
            .iter()
            .filter(|u| u.role == Role::Body)
            .map(|u| &text[u.start..u.end])
            .collect()
    }

    fn rules() -> RuleSet {
        RuleSet::defaults().unwrap()
    }

    #[test]
    fn a_pages_title_is_found_under_its_menus() {
        assert_eq!(
            page_title_main("整改方案的通知_通知公告_某某市人民政府"),
            "整改方案的通知"
        );
        assert_eq!(
            page_title_main("关于开展专项整治的通知 - 中国政府网"),
            "关于开展专项整治的通知"
        );
        assert_eq!(
            page_title_main("首页 | 关于开展专项整治的通知"),
            "关于开展专项整治的通知"
        );
        let text = "首页\n政务公开\n当前位置：首页 > 通知公告\n关于开展专项整治的通知\n各单位要于6月底前完成自查。";
        let rules = rules();
        let st = structure(
            text,
            &[],
            Some("关于开展专项整治的通知_通知公告_某局"),
            &rules,
            None,
        );
        assert_eq!(st.title.as_deref(), Some("关于开展专项整治的通知"));
        // the menus are no units of the notice's body
        let body: Vec<&str> = (st.units.iter())
            .filter(|u| u.role == Role::Body)
            .map(|u| &text[u.start..u.end])
            .collect();
        assert_eq!(body, vec!["各单位要于6月底前完成自查。"]);
        // without a line of it, it stands in for a first line too short to be a title, and
        // not for a real one
        let st = structure(
            "首页\n各单位要于6月底前完成自查。",
            &[],
            Some("整改工作的通知_某局"),
            &rules,
            None,
        );
        assert_eq!(st.title.as_deref(), Some("整改工作的通知"));
        let text = "某某局关于整改工作的通知\n各单位要于6月底前完成自查。";
        let st = structure(text, &[], Some("某局网站首页_欢迎访问"), &rules, None);
        assert_eq!(st.title.as_deref(), Some("某某局关于整改工作的通知"));
    }

    /// The structure of `text`, the same whether its lines take their literals from a scan
    /// of the whole text or scan themselves.
    fn structured(text: &str) -> Structure {
        let rules = rules();
        let scan = rules.scan(text);
        let with = structure(text, &[], None, &rules, Some(&scan));
        let without = structure(text, &[], None, &rules, None);
        assert_eq!(format!("{with:?}"), format!("{without:?}"));
        with
    }

    #[test]
    fn units_split_after_terminators_and_closers() {
        let line = "要“立查立改。”对一时解决不了的；制定阶段目标!  尾巴";
        let u: Vec<&str> = split_units(line)
            .into_iter()
            .map(|(s, e)| &line[s..e])
            .collect();
        assert_eq!(
            u,
            vec![
                "要“立查立改。”",
                "对一时解决不了的；",
                "制定阶段目标!",
                "尾巴"
            ]
        );
    }

    #[test]
    fn over_long_units_are_cut_after_a_pause_or_at_the_limit() {
        let clause = format!("{}，", "整".repeat(99)); // 100 chars ending in a pause
        let line = format!("{}{}。尾", clause.repeat(6), "改".repeat(1200));
        let lens: Vec<usize> = split_units(&line)
            .into_iter()
            .map(|(s, e)| line[s..e].chars().count())
            .collect();
        // 600 chars of clauses: cut after the fifth pause; then 100 + 1200 + 1 chars:
        // hard cuts at 500; the terminator ends the last piece; the tail is its own unit
        assert_eq!(lens, vec![500, 500, 500, 301, 1]);
        assert!(lens.iter().all(|&n| n <= MAX_UNIT_CHARS));
    }

    #[test]
    fn title_date_headings_and_inline_headings() {
        let text = "在某会议上的讲话\n2020/09/15 12:33\n一、深刻检视问题\n一要深学细悟,把握实质。各级党委要带头学习。\n二要用活案例。要深入剖析案例。\n二、压实责任\n各级党委(党组)要担负起主体责任。";
        let st = structured(text);
        assert_eq!(st.title.as_deref(), Some("在某会议上的讲话"));
        assert_eq!(st.date.as_deref(), Some("2020-09-15"));
        let titles: Vec<&str> = st.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "一、深刻检视问题",
                "一要深学细悟,把握实质。",
                "二要用活案例。",
                "二、压实责任"
            ]
        );
        let body = body_texts(&st, text);
        assert_eq!(
            body,
            vec![
                "各级党委要带头学习。",
                "要深入剖析案例。",
                "各级党委(党组)要担负起主体责任。"
            ]
        );
        let last = st.units.last().unwrap();
        let path: Vec<&str> = st
            .path(last.section)
            .iter()
            .map(|&i| st.sections[i].title.as_str())
            .collect();
        assert_eq!(path, vec!["二、压实责任"]);
    }

    #[test]
    fn bare_numerals_need_a_run_of_three() {
        let text = "题目\n导语。一坚持学习。学习很重要。二强化教育。要教育。三开展体检。要体检。";
        let st = structured(text);
        assert_eq!(st.sections.len(), 3, "{:?}", st.sections);
        let text = "题目\n导语。一项一项进行整治。二强化教育。";
        let st = structured(text);
        assert!(st.sections.is_empty());
    }

    #[test]
    fn speaker_parts() {
        let text = "刀刃向内找问题\n\n紧扣整改整治着力点\n天津市委\n在主题教育中，天津市紧紧扭住整改整治。\n不打折扣推进落实专项整治任务。\n\n向问题叫板\n内蒙古自治区党委\n聚焦整改。";
        let st = structured(text);
        let speakers: Vec<Option<&str>> =
            st.sections.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(speakers, vec![Some("天津市委"), Some("内蒙古自治区党委")]);
        assert_eq!(st.sections[0].title, "紧扣整改整治着力点");
        let last = st.units.last().unwrap();
        assert_eq!(st.speaker(last.section), Some("内蒙古自治区党委"));
    }

    #[test]
    fn formal_elements() {
        let text = "关于开展专项整治的通知\n某委办发〔2021〕12号\n各市（州）党委和人民政府，省委各部委，省级国家机关各部门党组（党委）：\n现将有关事项通知如下。\n一、各地要于年底前完成整改。\n中共某省委办公厅\n二〇二一年三月十五日";
        let st = structured(text);
        assert_eq!(st.number.as_deref(), Some("某委办发〔2021〕12号"));
        assert_eq!(
            st.addressees,
            vec![
                "各市（州）党委和人民政府",
                "省委各部委",
                "省级国家机关各部门党组（党委）"
            ]
        );
        assert_eq!(st.date.as_deref(), Some("2021-03-15"));
        assert_eq!(st.issuer, vec!["中共某省委办公厅".to_string()]);
        let body = body_texts(&st, text);
        assert_eq!(
            body,
            vec!["现将有关事项通知如下。", "一、各地要于年底前完成整改。"]
        );
    }

    #[test]
    fn tables_with_a_header_give_measures_bodies_and_deadlines() {
        let text = "整改方案\n序号\t问题\t整改措施\t责任单位\t完成时限\n1\t文山会海问题突出。\t精简会议文件。严格控制发文数量。\t办公室、组织部\t2022年6月底前\n表后说明。";
        let st = structured(text);
        assert_eq!(st.rows.len(), 1);
        let body = body_texts(&st, text);
        assert_eq!(
            body,
            vec!["精简会议文件。", "严格控制发文数量。", "表后说明。"]
        );
        let row = &st.rows[0];
        let cell = |v: &Vec<usize>| {
            v.iter()
                .map(|&i| &text[st.units[i].start..st.units[i].end])
                .collect::<Vec<_>>()
        };
        assert_eq!(cell(&row.body_units), vec!["办公室、组织部"]);
        assert_eq!(cell(&row.deadline_units), vec!["2022年6月底前"]);
        assert_eq!(
            st.units
                .iter()
                .find(|u| text[u.start..u.end].starts_with("精简"))
                .and_then(|u| u.cell)
                .map(|c| c.column),
            Some(Column::Measure)
        );
    }

    #[test]
    fn a_date_in_running_text_does_not_date_the_document() {
        let text = "通报\n2021年4月12日至6月15日，省委巡视组对本市进行了常规巡视，现将整改进展情况通报如下，请各单位认真对照检查并抓好落实。\n各单位要抓好整改。\n中共某市委\n2022年2月28日";
        let st = structured(text);
        assert_eq!(st.date.as_deref(), Some("2022-02-28"));
    }

    #[test]
    fn dateline_takes_year_from_text() {
        let text = "标题\n新华社北京12月15日电 近日，某办公室印发通知，要求各地结合2014年度民主生活会进行。";
        let st = structured(text);
        assert_eq!(st.date.as_deref(), Some("2014-12-15"));
        assert_eq!(st.issuer, vec!["某办公室".to_string()]);
    }
}
