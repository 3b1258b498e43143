//! Merged table cells filled in while the scanner writes a table's rows.
//!
//! A cell with `rowspan="3"` covers its column in the two rows after its own, and a cell
//! with `colspan="2"` covers the column after its own; HTML writes it once. So that every
//! row of the cleaned text holds all its cells in their columns (a measure's 责任单位 cell
//! stays under 责任单位 in every row it spans, and the cells after it are not shifted one
//! column left), the scanner writes a **copy** of a merged cell's text into every other
//! row and column it covers, as a cell of its own:
//!
//! ```text
//! <tr><td>1</td><td>整改甲</td><td rowspan="2">办公室</td></tr>   →   1 ⇥ 整改甲 ⇥ 办公室
//! <tr><td>2</td><td>整改乙</td></tr>                              →   2 ⇥ 整改乙 ⇥ 办公室
//! ```
//! (`⇥`: the tab between cells).
//!
//! A row of one cell spanning the whole table (a caption, the heading of a part of the
//! table: `<td colspan="4">二、…</td>` under a row of four) is no merged cell of columns:
//! it is written once, the columns after it left empty.
//!
//! # One-cell rows
//! A row of one cell is a page laid out in a table (see the module doc of [`super`]): its
//! breaks are held as marks until the row ends, then made lines. A cell spanning columns
//! that is its row's only one and holds paragraphs owes its row copies (or empty cells)
//! that would make the row one of several cells, its paragraphs one line: they are held,
//! written when another cell follows (or a merged cell of an earlier row reaches into the
//! row), dropped when the row ends with the cell alone, so that a whole notice in a
//! `<td colspan="2">` keeps its paragraphs as it does in a plain `<td>`.
//!
//! A copy is the cell's text with its white space trimmed, line breaks (also those held as
//! marks) and tabs inside it made spaces, runs of them one. While stripping, a copy is written between the noncharacters
//! [`COPY_START`] and [`COPY_END`]; [`super::clean`] takes them out and records where each
//! copy lies in the cleaned text ([`super::Cleaned::copies`]), so that later stages can
//! tell a copy from the cell the author wrote. Input never holds these noncharacters:
//! they are removed from it (and a reference to one is kept as written).
//!
//! Bounded: tables nest at most [`MAX_DEPTH`] deep (deeper tables share the innermost
//! state), a colspan counts at most [`MAX_COLSPAN`] columns, and copies stop (an empty
//! cell keeps the column) once they have written as many bytes as the input holds.

use super::Out;

/// Opens a copy of a merged cell in the stripped text.
pub(crate) const COPY_START: char = '\u{FDD0}';
/// Closes a copy of a merged cell in the stripped text.
pub(crate) const COPY_END: char = '\u{FDD1}';

/// Deepest nesting of tables that keeps a state of its own.
const MAX_DEPTH: usize = 32;
/// The most columns one cell covers.
const MAX_COLSPAN: usize = 100;
/// The most rows one cell covers (HTML's own limit; `rowspan="0"` reaches this far).
const MAX_ROWSPAN: usize = 65_534;

/// How many rows and columns a cell covers, read off its tag's attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Spans {
    pub rows: usize,
    pub cols: usize,
}

impl Spans {
    /// The spans of a cell tag whose attributes are `attrs` (the bytes after its name).
    pub fn of(attrs: &[u8]) -> Spans {
        let rows = attr_number(attrs, b"rowspan").map_or(1, |n| match n {
            0 => MAX_ROWSPAN,
            n => n.min(MAX_ROWSPAN),
        });
        let cols = attr_number(attrs, b"colspan").map_or(1, |n| n.clamp(1, MAX_COLSPAN));
        Spans { rows, cols }
    }
}

/// The number an attribute gives (`rowspan="3"`, `rowspan=3`, `ROWSPAN='3'`); `None` when
/// the attribute is missing or holds no digits.
fn attr_number(attrs: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(off) = attrs
        .get(from..)?
        .windows(name.len())
        .position(|w| w.eq_ignore_ascii_case(name))
    {
        let at = from + off;
        from = at + name.len();
        let before_ok = at == 0 || !super::is_name_byte(attrs[at - 1]);
        let rest = attrs.get(from..)?;
        let rest = trim_ascii_start(rest);
        if !before_ok || rest.first() != Some(&b'=') {
            continue;
        }
        let value = trim_ascii_start(&rest[1..]);
        let value = value
            .strip_prefix(b"\"")
            .or(value.strip_prefix(b"'"))
            .unwrap_or(value);
        let digits = value
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .take(6)
            .count();
        return std::str::from_utf8(&value[..digits]).ok()?.parse().ok();
    }
    None
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// A merged cell still reaching into later rows.
#[derive(Debug)]
struct Reach {
    /// Rows it still covers.
    rows: usize,
    /// Its text.
    text: String,
}

/// The cell being written: where its text starts in the output, its column and spans.
#[derive(Debug, Clone, Copy)]
struct OpenCell {
    start: usize,
    col: usize,
    spans: Spans,
}

/// One table being written.
#[derive(Debug, Default)]
pub(super) struct Table {
    /// The column the next cell of the row takes.
    col: usize,
    /// Whether a row is open (`<tr>` or a cell seen since the last row's end).
    in_row: bool,
    /// Merged cells of earlier rows reaching into the next, by column.
    reach: Vec<Option<Reach>>,
    /// The most columns a row has had.
    width: usize,
    /// The cell being written.
    open: Option<OpenCell>,
    /// The copies a cell spanning columns still owes its row, held while the cell is the
    /// row's only one and holds paragraphs: written when another cell follows, dropped when
    /// the row ends with it alone (see "One-cell rows" below).
    held: Option<Held>,
}

/// The copies of a merged cell not yet written into its row.
#[derive(Debug)]
struct Held {
    /// The cell's text (empty: the cell runs across the table, its columns stay empty).
    text: String,
    /// How many copies.
    copies: usize,
}

/// The tables being written, innermost last.
#[derive(Debug, Default)]
pub(super) struct Tables {
    stack: Vec<Table>,
    /// Tables open, those beyond [`MAX_DEPTH`] included.
    depth: usize,
    /// Copies written.
    pub copies: usize,
    /// Copies left empty because the budget ran out.
    pub skipped: usize,
}

impl Out {
    /// `<table>`: a new table, its rows apart from the text before.
    pub(super) fn table_start(&mut self) {
        self.finish_row();
        self.row();
        self.tables.depth += 1;
        if self.tables.stack.len() < MAX_DEPTH {
            self.tables.stack.push(Table::default());
        }
    }

    /// `</table>`: its last row finished, back to the table around it.
    pub(super) fn table_end(&mut self) {
        self.finish_row();
        self.row();
        // a table beyond the deepest kept shares the innermost state: only the count drops
        if self.tables.depth > self.tables.stack.len() || self.tables.stack.pop().is_some() {
            self.tables.depth -= 1;
        }
    }

    /// `<tr>`, `</tr>` and the row groups: the row before finished, a new one open.
    pub(super) fn row_boundary(&mut self, opens_row: bool) {
        self.finish_row();
        self.row();
        if let (true, Some(t)) = (opens_row, self.tables.stack.last_mut()) {
            t.in_row = true;
        }
    }

    /// `<td>`, `<th>`: the copies of merged cells that come first, then the cell.
    pub(super) fn cell_start(&mut self, spans: Spans) {
        self.finish_cell();
        self.write_held();
        if self.tables.stack.is_empty() {
            self.tables.stack.push(Table::default());
            self.tables.depth += 1;
        }
        let mut col = self.table().col;
        while let Some(text) = self.reach_into(col) {
            self.copy_cell(&text);
            col += 1;
        }
        self.cell();
        let start = self.s.len();
        let t = self.table();
        t.in_row = true;
        t.col = col + spans.cols;
        t.open = Some(OpenCell { start, col, spans });
        // a later cell that claimed a column this one covers loses it
        for c in col + 1..col + spans.cols {
            if let Some(slot) = t.reach.get_mut(c) {
                *slot = None;
            }
        }
    }

    /// The end of input: the open row of an unclosed table gets its copies.
    pub(super) fn finish_tables(&mut self) {
        self.finish_row();
    }

    /// `</td>`, `</th>`.
    pub(super) fn cell_end(&mut self) {
        self.finish_cell();
        self.in_cell = false;
    }

    /// The innermost table (one exists whenever a cell is open).
    fn table(&mut self) -> &mut Table {
        if self.tables.stack.is_empty() {
            self.tables.stack.push(Table::default());
        }
        let last = self.tables.stack.len() - 1;
        &mut self.tables.stack[last]
    }

    /// The text of a merged cell of an earlier row covering column `col`, when one does;
    /// it then covers one row less.
    fn reach_into(&mut self, col: usize) -> Option<String> {
        let slot = self.tables.stack.last_mut()?.reach.get_mut(col)?;
        let r = slot.as_mut()?;
        r.rows -= 1;
        let text = r.text.clone();
        if r.rows == 0 {
            *slot = None;
        }
        Some(text)
    }

    /// Ends the open cell: a merged one leaves its text to the rows and columns it covers.
    fn finish_cell(&mut self) {
        let Some(open) = self.tables.stack.last_mut().and_then(|t| t.open.take()) else {
            return;
        };
        let written = self.s.get(open.start..).unwrap_or_default();
        let text = copy_text(written);
        // the row's only cell so far, holding paragraphs: maybe a page laid out in a table
        let paragraphs = self.cells_in_row == 1 && holds_breaks(written);
        let Spans { rows, cols } = open.spans;
        if rows > 1 {
            let t = self.table();
            if t.reach.len() < open.col + cols {
                t.reach.resize_with(open.col + cols, || None);
            }
            for slot in &mut t.reach[open.col..open.col + cols] {
                *slot = Some(Reach {
                    rows: rows - 1,
                    text: text.clone(),
                });
            }
        }
        // a row of one cell across the table (a caption, a part's heading) is written once
        let width = self.table().width;
        let across = open.col == 0 && cols > 1 && width > 1 && cols >= width;
        let held = Held {
            text: if across { String::new() } else { text },
            copies: cols - 1,
        };
        if paragraphs && held.copies > 0 {
            self.table().held = Some(held);
        } else {
            for _ in 0..held.copies {
                self.copy_cell(&held.text);
            }
        }
    }

    /// Writes the copies a cell of the row still owes it ([`Table::held`]).
    fn write_held(&mut self) {
        if let Some(held) = self.tables.stack.last_mut().and_then(|t| t.held.take()) {
            for _ in 0..held.copies {
                self.copy_cell(&held.text);
            }
        }
    }

    /// Ends the row: the merged cells of earlier rows that reach past its last cell are
    /// copied into it (empty cells keeping the columns between).
    fn finish_row(&mut self) {
        self.finish_cell();
        let Some(t) = self.tables.stack.last_mut() else {
            return;
        };
        if !std::mem::replace(&mut t.in_row, false) {
            return;
        }
        let (from, to) = (t.col, t.reach.len());
        t.col = 0;
        let reaching: Vec<usize> = (from..to).filter(|&c| t.reach[c].is_some()).collect();
        // a row of one cell holding paragraphs stays so (its breaks become lines), unless
        // merged cells of earlier rows reach into it
        if reaching.is_empty() {
            t.held = None;
        } else {
            self.write_held();
        }
        let mut col = from;
        for c in reaching {
            while col < c {
                self.copy_cell("");
                col += 1;
            }
            if let Some(text) = self.reach_into(c) {
                self.copy_cell(&text);
            }
            col += 1;
        }
        if let Some(t) = self.tables.stack.last_mut() {
            t.width = t.width.max(col);
        }
        self.in_cell = false;
    }

    /// Writes a cell holding a copy of `text` (an empty cell for an empty text, or once the
    /// copies have used their budget).
    fn copy_cell(&mut self, text: &str) {
        self.cell();
        self.in_cell = false;
        if text.is_empty() {
            return;
        }
        if self.copy_budget < text.len() {
            self.tables.skipped += 1;
            return;
        }
        self.copy_budget -= text.len();
        self.tables.copies += 1;
        self.s.push(COPY_START);
        self.s.push_str(text);
        self.s.push(COPY_END);
        self.has_content = true;
    }
}

/// The text a copy of a cell repeats: the cell as written, its breaks (also those held as
/// marks while its row had one cell) and runs of white space one space, trimmed.
fn copy_text(written: &str) -> String {
    let mut out = String::with_capacity(written.len());
    for c in written.chars() {
        if c.is_whitespace() || is_mark(c) {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Whether a cell's text holds a break held as a mark between its words (paragraphs).
fn holds_breaks(written: &str) -> bool {
    let edge = |c: char| c.is_whitespace() || is_mark(c);
    written.trim_matches(edge).contains(is_mark)
}

/// Whether `c` is a break held as a mark while a row has one cell.
fn is_mark(c: char) -> bool {
    matches!(c, super::MARK_BLOCK | super::MARK_BR | super::MARK_NEWLINE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_attributes() {
        assert_eq!(Spans::of(br#" rowspan="3""#), Spans { rows: 3, cols: 1 });
        assert_eq!(
            Spans::of(b" class=x ROWSPAN = '2' colspan=4"),
            Spans { rows: 2, cols: 4 }
        );
        assert_eq!(
            Spans::of(b" data-rowspan=\"5\""),
            Spans { rows: 1, cols: 1 }
        );
        assert_eq!(Spans::of(b" colspan=\"0\""), Spans { rows: 1, cols: 1 });
        assert_eq!(
            Spans::of(b" colspan=\"9999\""),
            Spans { rows: 1, cols: 100 }
        );
        assert_eq!(
            Spans::of(b" rowspan=\"0\""),
            Spans {
                rows: MAX_ROWSPAN,
                cols: 1
            }
        );
        assert_eq!(Spans::of(b" rowspan=x"), Spans { rows: 1, cols: 1 });
    }
}
