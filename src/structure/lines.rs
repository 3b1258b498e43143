//! Reading the lines of a document after its head: each line's role (title, meta, a table
//! row, a speaker line, a heading, running text), the sections its headings open, and its
//! units.

use super::head::Head;
use super::sections::{
    accept_bare_numeral_headings, claim_speaker_part, close_sections, current, open_section,
    push_units, unit, MAX_PART_TITLE_CHARS,
};
use super::units::{cell_ranges, chars, has_sentence_punct, split_units};
use super::{
    Cell, Column, Role, Row, Structure, MAX_HEADING_CHARS, MAX_INLINE_HEADING_CHARS, TERMINATORS,
};
use crate::rules::{Context, RuleSet};
use crate::text::leading_numeral;

/// Reads the lines of a document one at a time, in order, into its structure.
pub(super) struct Reader<'a> {
    st: Structure,
    text: &'a str,
    lines: &'a [(usize, usize)],
    rules: &'a RuleSet,
    ctx: Context<'a>,
    head: Head,
    /// The open sections, outermost first.
    stack: Vec<usize>,
    /// Bare-numeral headings seen: (unit index, numeral, rule).
    candidates: Vec<(usize, u32, String)>,
    /// The columns of the table being read.
    table: Option<Vec<Column>>,
    /// For each column of the table being read, the units of its last cell that was not a
    /// copy of a merged cell (see [`Reader::grouping_cells`]).
    last_cells: Vec<std::ops::Range<usize>>,
    /// Byte ranges of the text that copy merged table cells, in order.
    copies: &'a [(usize, usize)],
}

/// What a heading at the start of a line made of the line.
enum HeadingLine {
    /// The whole line was the heading (or a numbered task): its units are pushed.
    Done,
    /// The line goes on as text; its first unit is the heading when `true`.
    Text(bool),
}

impl<'a> Reader<'a> {
    /// A reader of `lines` of `text` after a head already read into `st`.
    pub fn new(
        st: Structure,
        text: &'a str,
        lines: &'a [(usize, usize)],
        rules: &'a RuleSet,
        ctx: Context<'a>,
        head: Head,
        copies: &'a [(usize, usize)],
    ) -> Self {
        Reader {
            st,
            text,
            lines,
            rules,
            ctx,
            head,
            stack: Vec::new(),
            candidates: Vec::new(),
            table: None,
            last_cells: Vec::new(),
            copies,
        }
    }

    /// Reads line `li`.
    pub fn line(&mut self, li: usize) {
        let (ls, le) = self.lines[li];
        if ls == le {
            return;
        }
        let line = &self.text[ls..le];
        let pieces = split_units(line);
        if let Some(role) = self.fixed_role(li, line) {
            push_units(&mut self.st, &pieces, ls, li, current(&self.stack), role);
            return;
        }
        if self.table_line(li, line, &pieces) {
            return;
        }
        // a speaker line, with the short slogan line before it as the part's heading; a
        // byline (an author's name under a part's title) is one only right after the title
        let speaker = (speaker_line(line, self.rules, self.ctx).filter(|_| !self.signs(li)))
            .or_else(|| byline(line, self.rules, self.ctx).filter(|_| self.after_part_title(li)));
        if let Some((speaker, rule)) = speaker {
            claim_speaker_part(
                &mut self.st,
                &mut self.stack,
                self.text,
                li,
                speaker,
                rule,
                ls,
                line,
            );
            push_units(
                &mut self.st,
                &pieces,
                ls,
                li,
                current(&self.stack),
                Role::Heading,
            );
            return;
        }
        match self.heading_line(li, line, &pieces) {
            HeadingLine::Done => {}
            HeadingLine::Text(first_is_heading) => {
                self.text_units(li, line, pieces, first_is_heading)
            }
        }
    }

    /// Whether the last unit read is a part's title: a short line of its own, with no
    /// sentence punctuation, at most one empty line before line `li`.
    fn after_part_title(&self, li: usize) -> bool {
        let Some(u) = self.st.units.last() else {
            return false;
        };
        let alone = (self.st.units.iter().rev())
            .take_while(|x| x.line == u.line)
            .count()
            == 1;
        let title = &self.text[u.start..u.end];
        u.line + 2 >= li
            && u.pos_in_line == 0
            && alone
            && matches!(u.role, Role::Heading | Role::Body)
            && chars(title) <= MAX_PART_TITLE_CHARS
            && !has_sentence_punct(title)
    }

    /// Whether line `li` signs what comes before it: the next line with text is only a
    /// date (`党政办` over `2019年6月10日`, a forwarded notice's cover signed in mid-text).
    fn signs(&self, li: usize) -> bool {
        let next = (self.lines.iter().skip(li + 1))
            .map(|&(s, e)| self.text[s..e].trim())
            .find(|l| !l.is_empty());
        next.is_some_and(|l| is_meta_line(l, self.rules, self.ctx))
    }

    /// Closes the sections and accepts a run of bare-numeral headings; gives the structure.
    pub fn finish(mut self) -> Structure {
        close_sections(&mut self.st, self.text.len());
        accept_bare_numeral_headings(&mut self.st, &self.candidates, self.text);
        self.st
    }

    /// The role every unit of the line has, when the line is the title, a page's preamble,
    /// the menus above a page's title, a formal element or a date line.
    fn fixed_role(&self, li: usize, line: &str) -> Option<Role> {
        let h = &self.head;
        let in_preamble = h.title_lines.is_some_and(|(_, last)| li > last)
            && h.preamble_end.is_some_and(|p| li < p);
        // the site's menus above a page's title
        let above_title = h.title_lines.is_some_and(|(first, _)| li < first);
        let in_title = h
            .title_lines
            .is_some_and(|(first, last)| (first..=last).contains(&li));
        if in_title || self.st.title.as_deref() == Some(line) {
            Some(Role::Title)
        } else if in_preamble
            || above_title
            || h.formal.contains(&li)
            || is_meta_line(line, self.rules, self.ctx)
        {
            Some(Role::Meta)
        } else {
            None
        }
    }

    /// A table row: a header names the columns; the rows after it give measures, bodies and
    /// deadlines. A line without tabs ends the table. Whether the line was read as a row.
    fn table_line(&mut self, li: usize, line: &str, pieces: &[(usize, usize)]) -> bool {
        if !line.contains('\t') {
            self.table = None;
            return false;
        }
        let ls = self.lines[li].0;
        let cells = cell_ranges(line);
        if let Some(cols) = header_columns(&cells, line, self.rules) {
            self.table = Some(cols);
            self.last_cells.clear();
            push_units(
                &mut self.st,
                pieces,
                ls,
                li,
                current(&self.stack),
                Role::Heading,
            );
            return true;
        }
        let Some(cols) = self.table.clone() else {
            return false;
        };
        // a table naming nobody's column may list organisations in one of its own
        let names_bodies = (cols.iter()).any(|c| matches!(c, Column::Body | Column::Lead));
        let first_measure = cols.iter().position(|c| *c == Column::Measure);
        let names_measures = first_measure.is_some();
        let row = self.st.rows.len();
        self.st.rows.push(Row::default());
        let mut pos = 0;
        for (ci, &(cs, ce)) in cells.iter().enumerate() {
            let cell = &line[cs..ce];
            let column = match cols.get(ci).copied().unwrap_or(Column::Other) {
                Column::Other if !names_bodies && is_org_cell(cell, self.rules) => Column::Body,
                c => c,
            };
            if column == Column::Status && is_done(cell, self.rules) {
                self.st.rows[row].done = true;
            }
            // beside named measures, a short cell of another column is a label or a remark
            let label = names_measures
                && matches!(column, Column::Other | Column::Status)
                && !crate::text::has_han_count(cell, MIN_NARRATIVE_HAN);
            let merged = self.is_copy(ls + cs, ls + ce);
            let first = self.st.units.len();
            for (s, e) in split_cell_units(cell) {
                self.cell_unit(
                    li,
                    row,
                    column,
                    merged || label,
                    (ls + cs + s, ls + cs + e),
                    pos,
                );
                pos += 1;
            }
            self.grouping_cells(&cols, first_measure, ci, merged, first..self.st.units.len());
        }
        true
    }

    /// A cell of an unnamed column before a table's measures that was merged over the rows
    /// after its own (`重点内容` over its `主要工作` and `具体措施`) groups those rows as a
    /// heading groups its part: its units are no task candidates (they become meta units).
    /// Seen when the first copy of it turns up in column `ci`; `units` are this cell's;
    /// `first_measure` is the first measure column's index.
    fn grouping_cells(
        &mut self,
        cols: &[Column],
        first_measure: Option<usize>,
        ci: usize,
        copy: bool,
        units: std::ops::Range<usize>,
    ) {
        if self.last_cells.len() <= ci {
            self.last_cells.resize(ci + 1, 0..0);
        }
        let before_measures = first_measure.is_some_and(|m| ci < m);
        if !copy {
            self.last_cells[ci] = units;
            return;
        }
        if cols.get(ci) != Some(&Column::Other) || !before_measures {
            return;
        }
        for u in &mut self.st.units[self.last_cells[ci].clone()] {
            if u.role == Role::Body {
                u.role = Role::Meta;
            }
        }
    }

    /// A unit of a table cell: a task candidate in a measure or unnamed column (not in a
    /// copy of a merged cell, nor a label: `quiet`), else a meta unit its row reads.
    fn cell_unit(
        &mut self,
        li: usize,
        row: usize,
        column: Column,
        quiet: bool,
        (start, end): (usize, usize),
        pos: usize,
    ) {
        let role = match column {
            Column::Measure | Column::Other | Column::Status if !quiet => Role::Body,
            _ => Role::Meta,
        };
        let ui = self.st.units.len();
        let r = &mut self.st.rows[row];
        match column {
            Column::Body => r.body_units.push(ui),
            Column::Lead => r.lead_units.push(ui),
            Column::Support => r.support_units.push(ui),
            Column::Deadline => r.deadline_units.push(ui),
            Column::Problem => r.problem_units.push(ui),
            _ => {}
        }
        let copy = self.is_copy(start, end);
        let mut u = unit(start, end, li, pos, current(&self.stack), role);
        u.cell = Some(Cell { row, column, copy });
        self.st.units.push(u);
    }

    /// Whether bytes `start..end` of the text lie in a copy of a merged cell.
    fn is_copy(&self, start: usize, end: usize) -> bool {
        let i = self.copies.partition_point(|&(_, e)| e <= start);
        self.copies
            .get(i)
            .is_some_and(|&(s, e)| s <= start && end <= e && start < end)
    }

    /// A heading line, or a line whose first unit is a heading: opens its section.
    fn heading_line(&mut self, li: usize, line: &str, pieces: &[(usize, usize)]) -> HeadingLine {
        let heading = (self.rules.structure)
            .all_of(line, self.ctx, |r| {
                matches!(r.label.as_str(), "heading" | "short-heading")
            })
            .into_iter()
            .filter(|m| m.whole_start == 0)
            // a numbered heading's own level before a short line's (`1．管理制度是否…` is
            // a third-level item, not a part of its own because it is short)
            .min_by_key(|m| {
                (
                    m.rule.label == "short-heading",
                    m.rule.level,
                    m.rule.priority,
                )
            });
        let Some(m) = heading else {
            return HeadingLine::Text(false);
        };
        let ls = self.lines[li].0;
        let whole_line = chars(line) <= MAX_HEADING_CHARS
            && !line
                .trim_end_matches(TERMINATORS)
                .contains(['。', '；', '！', '？']);
        let short_line_rule = m.rule.label == "short-heading";
        let next_is_text = (self.lines.iter().skip(li + 1))
            .find(|&&(s, e)| s < e)
            .is_some_and(|&(s, e)| chars(&self.text[s..e]) > chars(line));
        if short_line_rule && !(whole_line && next_is_text && !has_sentence_punct(line)) {
            // a short line is a heading only when running text follows it
            return HeadingLine::Text(false);
        }
        if whole_line {
            let (level, rule) = (m.rule.level, m.rule.id.clone());
            open_section(
                &mut self.st,
                &mut self.stack,
                line.to_string(),
                level,
                ls,
                None,
                rule,
            );
            let role = if is_numbered_sentence(line, self.rules) {
                Role::Body
            } else {
                Role::Heading
            };
            push_units(&mut self.st, pieces, ls, li, current(&self.stack), role);
            return HeadingLine::Done;
        }
        match pieces.first() {
            Some(&(s, e)) if chars(&line[s..e]) <= MAX_HEADING_CHARS && !short_line_rule => {
                let (level, rule) = (m.rule.level, m.rule.id.clone());
                let title = line[s..e].to_string();
                open_section(
                    &mut self.st,
                    &mut self.stack,
                    title,
                    level,
                    ls + s,
                    None,
                    rule,
                );
                HeadingLine::Text(true)
            }
            _ => HeadingLine::Text(false),
        }
    }

    /// The units of a line of running text; its first may be a heading (opened by the line's
    /// heading), an inline heading (`一要…。` opening a paragraph) or a bare-numeral heading
    /// candidate.
    fn text_units(
        &mut self,
        li: usize,
        line: &str,
        pieces: Vec<(usize, usize)>,
        first_is_heading: bool,
    ) {
        let ls = self.lines[li].0;
        for (pos, (s, e)) in pieces.into_iter().enumerate() {
            let piece = &line[s..e];
            // the line's heading, else an inline heading (`一要…。` opening a paragraph)
            let heading = pos == 0
                && ((first_is_heading && !is_numbered_clause(piece, self.rules))
                    || (chars(piece) <= MAX_INLINE_HEADING_CHARS
                        && self.inline_heading(piece, ls + s)));
            let role = if heading {
                Role::Heading
            } else if self.is_meta_piece(piece) {
                Role::Meta
            } else {
                Role::Body
            };
            if role == Role::Body && chars(piece) <= MAX_INLINE_HEADING_CHARS {
                let bare = (self.rules.structure)
                    .all_of(piece, self.ctx, |r| r.label == "bare-heading")
                    .into_iter()
                    .find(|m| m.whole_start == 0);
                if let (Some(m), Some(n)) = (bare, leading_numeral(piece)) {
                    self.candidates
                        .push((self.st.units.len(), n, m.rule.id.clone()));
                }
            }
            let u = unit(ls + s, ls + e, li, pos, current(&self.stack), role);
            self.st.units.push(u);
        }
    }

    /// Whether a unit is metadata of the text around it as a whole (an attachment's name):
    /// a `meta` rule matches all of it. A responsibility note is read by the extract stage
    /// (`extract::note`).
    fn is_meta_piece(&self, piece: &str) -> bool {
        (self.rules.structure)
            .all_of(piece, self.ctx, |r| r.label == "meta")
            .iter()
            .any(|m| m.whole_start == 0 && m.whole_end == piece.len())
    }

    /// Opens the section of an inline heading (`一要…。`) starting at byte `start`, when
    /// `piece` is one.
    fn inline_heading(&mut self, piece: &str, start: usize) -> bool {
        let found = (self.rules.structure)
            .all_of(piece, self.ctx, |r| r.label == "inline-heading")
            .into_iter()
            .find(|m| m.whole_start == 0);
        let Some(m) = found else {
            return false;
        };
        let (level, rule) = (m.rule.level, m.rule.id.clone());
        open_section(
            &mut self.st,
            &mut self.stack,
            piece.to_string(),
            level,
            start,
            None,
            rule,
        );
        true
    }
}

/// Whether a numbered heading line is also a task: a sentence that obliges someone, with a
/// modal, or too long or too clause-rich for a heading, not a title (`（一）严格控制发文开会。`).
pub(super) fn is_numbered_sentence(piece: &str, rules: &RuleSet) -> bool {
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
pub(super) fn is_numbered_clause(piece: &str, rules: &RuleSet) -> bool {
    piece.ends_with(['；', ';'])
        || (piece.ends_with(TERMINATORS)
            && rules
                .lexicon("modal")
                .iter()
                .any(|w| piece.contains(w.as_str())))
}

/// Fewest Han characters a cell of a table's unnamed or status column has to be read as
/// text (a task candidate) when the table names its measures; a shorter one is a label
/// (`组织领导`), a score or a status (`进行中`).
const MIN_NARRATIVE_HAN: usize = 15;

/// The units of a table cell: its sentences, and a numbered item after white space starts
/// one (`1.建立台账（5分） 2.开展巡查` — the paragraphs of a cell are one line), as does one
/// right after a closing bracket (`1.建立台账（5分）2.开展巡查`: a PDF's cell joins its
/// lines without a space).
fn split_cell_units(cell: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (s, e) in split_units(cell) {
        let piece = &cell[s..e];
        let mut from = 0;
        let mut prev = None;
        for (i, c) in piece.char_indices() {
            let numbered = |at: usize| i > from && crate::text::starts_numbered(&piece[at..]);
            if c == ' ' && numbered(i + 1) {
                out.push((s + from, s + i));
                from = i + 1;
            } else if matches!(prev, Some('）' | ')')) && numbered(i) {
                out.push((s + from, s + i));
                from = i;
            }
            prev = Some(c);
        }
        out.push((s + from, e));
    }
    out
}

/// The table-column lexicons and what each names.
const COLUMN_LEXICONS: [(&str, Column); 8] = [
    ("table-index", Column::Index),
    ("table-problem", Column::Problem),
    ("table-measure", Column::Measure),
    ("table-body", Column::Body),
    ("table-lead", Column::Lead),
    ("table-support", Column::Support),
    ("table-deadline", Column::Deadline),
    ("table-status", Column::Status),
];

/// What a header cell names, by the table-column lexicons: the cell without white space
/// and a bracketed remark at its end (`日期（星期）`) is a word of one, or ends with one of
/// two characters or more (the longest wins: `预计完成时间`), or its part before a `/` or
/// `、` is one (`责任部门/人`).
pub(super) fn column_of(cell: &str, rules: &RuleSet) -> Option<Column> {
    let mut c: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    if c.ends_with(['）', ')']) {
        if let Some(open) = c.rfind(['（', '(']).filter(|&i| i > 0) {
            c.truncate(open);
        }
    }
    let exact = |name: &str| {
        (COLUMN_LEXICONS.iter())
            .find(|(lex, _)| rules.lexicon(lex).iter().any(|t| t == name))
            .map(|&(_, col)| col)
    };
    if let Some(col) = exact(&c) {
        return Some(col);
    }
    let suffix = (COLUMN_LEXICONS.iter())
        .flat_map(|&(lex, col)| rules.lexicon(lex).iter().map(move |t| (t, col)))
        // (the cheap test first: a term's chars are counted only when the cell ends with it)
        .filter(|(t, _)| c.ends_with(t.as_str()) && t.chars().count() >= 2)
        .max_by_key(|(t, _)| t.len())
        .map(|(_, col)| col);
    suffix.or_else(|| {
        c.split(['/', '／', '、'])
            .next()
            .filter(|p| *p != c)
            .and_then(exact)
    })
}

/// Whether a status cell says the measure is done: it is a word of `table-done` or starts
/// with one (`已完成`, `已完成整改`), and does not deny it (`未完成`).
fn is_done(cell: &str, rules: &RuleSet) -> bool {
    let c = cell.trim();
    (rules.lexicon("table-done").iter()).any(|w| c.starts_with(w.as_str()))
}

/// Whether a cell is only organisations' names (`县水利局`, `安全处、医务室`): each name of
/// the list, of Han characters, ends in an organisation suffix and is longer than it.
fn is_org_cell(cell: &str, rules: &RuleSet) -> bool {
    let suffixes = rules.lexicon("body-org-suffix");
    let names: Vec<&str> = cell.trim().split(['、', '，', ',', ' ']).collect();
    chars(cell) <= 40
        && names.iter().all(|n| {
            let n = n.trim();
            n.chars().all(crate::text::is_han)
                && (suffixes.iter()).any(|x| n.ends_with(x.as_str()) && n.len() > x.len())
                && chars(n) <= 16
        })
}

/// The columns of a header row, when at least two cells name a column and one of them is
/// a measure, body or deadline column.
pub(super) fn header_columns(
    cells: &[(usize, usize)],
    line: &str,
    rules: &RuleSet,
) -> Option<Vec<Column>> {
    let cols: Vec<Option<Column>> = cells
        .iter()
        .map(|&(s, e)| column_of(&line[s..e], rules))
        .collect();
    let named = cols.iter().flatten().count();
    let useful = cols.iter().flatten().any(|c| {
        matches!(
            c,
            Column::Measure | Column::Body | Column::Lead | Column::Deadline
        )
    });
    (named >= 2 && useful).then(|| {
        cols.into_iter()
            .map(|c| c.unwrap_or(Column::Other))
            .collect()
    })
}

/// A line that is only a date and time (`2020/09/15 12:33`).
pub(super) fn is_meta_line(line: &str, rules: &RuleSet, ctx: Context<'_>) -> bool {
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
pub(super) fn speaker_line<'l>(
    line: &'l str,
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Option<(&'l str, String)> {
    whole_line_of(line, rules, ctx, "speaker", SPEAKER_CHARS)
}

/// The longest line naming a speaking organisation (`天津市委`, `中央第一指导组`).
const SPEAKER_CHARS: usize = 16;

/// The longest line naming a signing organisation ([`is_signer`]).
pub(super) const SIGNER_CHARS: usize = 24;

/// Whether a line is only the name of a signing organisation: as a speaker's line, with a
/// longer name allowed, since a signature names the office that issues with its parent
/// body (`某公司安全生产管理委员会办公室`).
pub(super) fn is_signer(line: &str, rules: &RuleSet, ctx: Context<'_>) -> bool {
    whole_line_of(line, rules, ctx, "speaker", SIGNER_CHARS).is_some()
}

/// A line that is only a person's name (`孙洪亮`, `王  琛`), as an author's byline is
/// written under a title; its spaces are the typesetting of a two-character name.
pub(super) fn byline<'l>(
    line: &'l str,
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Option<(&'l str, String)> {
    whole_line_of(line, rules, ctx, "byline", 8)
}

/// The line and the id of a structure rule of `label` that matches all of it, for a line
/// of at most `max_chars`.
fn whole_line_of<'l>(
    line: &'l str,
    rules: &RuleSet,
    ctx: Context<'_>,
    label: &str,
    max_chars: usize,
) -> Option<(&'l str, String)> {
    if chars(line) > max_chars {
        return None;
    }
    (rules
        .structure
        .all_of(line, ctx, |r| r.label == label)
        .into_iter())
    .find(|m| m.whole_start == 0 && m.whole_end == line.len())
    .map(|m| (line, m.rule.id.clone()))
}

#[cfg(test)]
mod tests {
    use super::split_cell_units;

    #[test]
    fn numbered_items_of_a_cell_are_units() {
        let units = |cell: &str| -> Vec<String> {
            (split_cell_units(cell).into_iter())
                .map(|(s, e)| cell[s..e].to_string())
                .collect()
        };
        // after white space (a web page's paragraphs) or right after a closing bracket (a
        // PDF's lines joined)
        assert_eq!(
            units("1.建立台账（5分） 2.开展巡查(10分)3.整改销号"),
            ["1.建立台账（5分）", "2.开展巡查(10分)", "3.整改销号"]
        );
        // a number after a bracket that is no item stays
        assert_eq!(
            units("争取资金（含配套）2.5亿元"),
            ["争取资金（含配套）2.5亿元"]
        );
    }
}
