//! Page layout: positioned glyphs of PDF pages → paragraphs and table rows in reading order.
//!
//! **Takes** [`Page`]s of [`Glyph`]s (a glyph's text, baseline position, advance and font
//! size, in PDF points with y growing upwards) and [`Rule`]s, in any order.
//! **Gives** markup for the clean stage: `<p>` paragraphs and `<table><tr><td>` rows.
//!
//! How, for text set in one column as notices are:
//! 1. **Lines**: glyphs whose baselines lie within half a font size of each other form a
//!    line, read left to right; a gap wider than [`CELL_GAP`] font sizes splits a line into
//!    segments (the cells of a table row), a narrower gap between Latin letters or digits
//!    is a space. A glyph drawn twice at the same place (fake bold) counts once.
//! 2. **Furniture**: among the first and last [`EDGE_LINES`] lines of each page, a page
//!    number (`- 3 -`, `第3页 共9页`, `3/9`) is dropped, and so is a line that recurs, its
//!    digits aside, on at least half the pages (running headers and footers).
//! 3. **Ruled tables**: touching horizontal and vertical rules (three horizontal, two
//!    vertical at least) make a grid; its rows and columns are the rules' positions, a
//!    missing rule between two cells merges them, and a line's glyphs go to the cells
//!    they fall in. A cell merged across columns gives its text once, then empty cells; one
//!    merged down rows gives its text to each row (as a DOCX does). A table's header row
//!    that a browser repeats on each page is kept once, and a row cut by a page break is
//!    joined again ([`continues`]).
//! 4. **Unruled tables**: a run of lines with two segments or more, with the one-segment lines
//!    between them that begin at one of their columns (a cell's wrapped text), is a table
//!    when it has two such lines at least. Its columns are the segments' left edges; a line
//!    further from the one above than the table's closest line spacing (cell padding)
//!    starts a row, and a closer one continues the cells of the row above.
//! 5. **Paragraphs**: the other lines are joined into paragraphs — also across a page
//!    break. A line starts a new paragraph when the line before it ended short of the right
//!    margin (well short, where indents or spacing mark paragraphs: see [`short_line`]),
//!    when it is indented, when it follows a wider gap than the page's usual line spacing,
//!    when its font size differs, or when it opens with an enumerator (`一、`, `（一）`,
//!    `1.`, `第一条`). Joined lines take no space between them, except between
//!    Latin letters or digits; a hyphen ending a line before a lower-case letter goes.
//!
//! Invariants: every glyph of the input that is not furniture is in the output, once;
//! the output is the same whatever the glyphs' order within a page; no panic on any input
//! (NaN positions are read as 0).

use super::docx::escape_into;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A gap between glyphs, in font sizes, that separates two cells of a table row.
pub const CELL_GAP: f64 = 1.8;

/// How many lines at the top and at the bottom of a page may be running headers, footers
/// or page numbers.
pub const EDGE_LINES: usize = 2;

/// One glyph as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Its Unicode text (usually one character).
    pub text: String,
    /// Left edge of the glyph, in points.
    pub x: f64,
    /// Baseline, in points, growing upwards.
    pub y: f64,
    /// Advance width, in points.
    pub width: f64,
    /// Font size, in points.
    pub size: f64,
}

/// One page's glyphs and rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The glyphs, in any order.
    pub glyphs: Vec<Glyph>,
    /// The horizontal and vertical rules drawn on the page (table borders), in any order.
    pub rules: Vec<Rule>,
}

/// A straight horizontal or vertical rule, as the box it covers, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left.
    pub x0: f64,
    /// Bottom.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Top.
    pub y1: f64,
}

/// How thin, in points, a box must be to count as a rule.
const RULE_WIDTH: f64 = 3.0;

impl Rule {
    /// The box between two corners, in any order; NaN read as 0.
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rule {
        let (x0, y0, x1, y1) = (finite(x0), finite(y0), finite(x1), finite(y1));
        Rule {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    fn horizontal(&self) -> bool {
        self.y1 - self.y0 <= RULE_WIDTH && self.x1 - self.x0 > 2.0 * RULE_WIDTH
    }

    fn vertical(&self) -> bool {
        self.x1 - self.x0 <= RULE_WIDTH && self.y1 - self.y0 > 2.0 * RULE_WIDTH
    }

    /// Whether the box is thin enough, one way, to be a rule.
    pub fn is_rule(&self) -> bool {
        self.horizontal() || self.vertical()
    }
}

/// A run of glyphs on a line with no wide gap.
#[derive(Debug, Clone)]
struct Segment {
    x0: f64,
    x1: f64,
    text: String,
    /// Where each glyph of the text starts and the byte offset of its text, for cutting
    /// the segment at a table's rules.
    starts: Vec<(f64, usize)>,
}

/// A line of a page.
#[derive(Debug, Clone)]
struct Line {
    y: f64,
    size: f64,
    segments: Vec<Segment>,
}

impl Line {
    fn x0(&self) -> f64 {
        self.segments.first().map_or(0.0, |s| s.x0)
    }

    fn x1(&self) -> f64 {
        self.segments.last().map_or(0.0, |s| s.x1)
    }

    fn text(&self) -> String {
        let parts: Vec<&str> = self.segments.iter().map(|s| s.text.as_str()).collect();
        parts.join(" ")
    }
}

/// A block of the output.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Paragraph(String),
    Table(Vec<Vec<String>>),
}

/// The pages' text as markup, in reading order.
pub fn layout(pages: &[Page]) -> String {
    let mut lines: Vec<Vec<Line>> = pages.iter().map(|p| lines_of(&p.glyphs)).collect();
    let grids: Vec<Vec<Grid>> = pages.iter().map(|p| grids(&p.rules)).collect();
    drop_furniture(&mut lines, &grids);
    let short = short_line(&lines);
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false; // whether the last paragraph may go on onto the next page
    for (lines, grids) in lines.iter().zip(&grids) {
        open = page_blocks(lines, grids, &mut blocks, open, short);
    }
    let mut out = String::new();
    for b in &blocks {
        match b {
            Block::Paragraph(text) => {
                out.push_str("<p>");
                escape_into(&mut out, text);
                out.push_str("</p>\n");
            }
            Block::Table(rows) => {
                out.push_str("<table>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str("<td>");
                        escape_into(&mut out, cell);
                        out.push_str("</td>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
    }
    out
}

fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// Groups glyphs into lines, top to bottom, each left to right and split into segments.
fn lines_of(glyphs: &[Glyph]) -> Vec<Line> {
    let mut gs: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| !g.text.chars().all(char::is_whitespace))
        .collect();
    gs.sort_by(|a, b| {
        finite(b.y)
            .total_cmp(&finite(a.y))
            .then(finite(a.x).total_cmp(&finite(b.x)))
    });
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in gs {
        let size = finite(g.size).abs().max(1.0);
        match rows.last_mut() {
            Some(row) if (finite(row[0].y) - finite(g.y)).abs() <= 0.5 * size => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| finite(a.x).total_cmp(&finite(b.x)));
            segments(&row)
        })
        .collect()
}

/// One line's glyphs (left to right) as segments.
fn segments(row: &[&Glyph]) -> Line {
    let size = median(row.iter().map(|g| finite(g.size).abs().max(1.0)).collect());
    let y = median(row.iter().map(|g| finite(g.y)).collect());
    let mut segments: Vec<Segment> = Vec::new();
    let mut last: Option<&Glyph> = None;
    for g in row {
        let (x, w) = (finite(g.x), finite(g.width).max(0.0));
        if let Some(prev) = last {
            let same_place = (finite(prev.x) - x).abs() < 0.1 * size && prev.text == g.text;
            if same_place {
                continue;
            }
        }
        match segments.last_mut() {
            Some(seg) if x - seg.x1 < CELL_GAP * size => {
                let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                if x - seg.x1 > 0.2 * size
                    && latin(seg.text.chars().last())
                    && latin(g.text.chars().next())
                {
                    seg.text.push(' ');
                }
                push_glyph(seg, &g.text, x, w);
                seg.x1 = seg.x1.max(x + w);
            }
            _ => {
                let mut seg = Segment {
                    x0: x,
                    x1: x + w,
                    text: String::new(),
                    starts: Vec::new(),
                };
                push_glyph(&mut seg, &g.text, x, w);
                segments.push(seg);
            }
        }
        last = Some(g);
    }
    Line { y, size, segments }
}

/// Appends a glyph's text to a segment; a run of several characters (a library may give
/// a text-showing operation whole) is taken as evenly spaced over its width.
fn push_glyph(seg: &mut Segment, text: &str, x: f64, width: f64) {
    let n = text.chars().count().max(1) as f64;
    for (k, (at, _)) in text.char_indices().enumerate() {
        seg.starts
            .push((x + width * k as f64 / n, seg.text.len() + at));
    }
    seg.text.push_str(text);
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn page_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:[-—－–~·\s]*\d{1,4}[-—－–~·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|(?i:page)\s*\d+(?:\s*(?i:of)\s*\d+)?)$",
        )
        .expect("the page number pattern compiles")
    })
}

/// Drops page numbers and running headers and footers from the edges of each page; a
/// table's header row that a browser repeats on each page is kept where it first occurs.
fn drop_furniture(pages: &mut [Vec<Line>], grids: &[Vec<Grid>]) {
    let key = |l: &Line| -> String {
        l.text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let edges = |n: usize| -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n.min(EDGE_LINES)).collect();
        idx.extend(n.saturating_sub(EDGE_LINES).max(EDGE_LINES.min(n))..n);
        idx
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut keys: Vec<String> = edges(page.len()).iter().map(|&i| key(&page[i])).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let n = pages.len();
    let recurring = |k: &str| {
        let c = seen.get(k).copied().unwrap_or(0);
        c >= 2 && c * 2 >= n
    };
    let mut kept: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (p, page) in pages.iter_mut().enumerate() {
        let drop: Vec<usize> = edges(page.len())
            .into_iter()
            .filter(|&i| {
                let k = key(&page[i]);
                let in_table = grids
                    .get(p)
                    .is_some_and(|g| g.iter().any(|g| g.contains(&page[i])));
                if in_table && recurring(&k) && kept.insert(k.clone()) {
                    return false;
                }
                page_number_re().is_match(page[i].text().trim()) || recurring(&k)
            })
            .collect();
        for i in drop.into_iter().rev() {
            page.remove(i);
        }
    }
}

fn enumerator_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、．.](?:\D|$)|第[一二三四五六七八九十百\d]+[条章节部分])",
        )
        .expect("the enumerator pattern compiles")
    })
}

/// How far short of the right margin, in font sizes, a line must end for the paragraph to
/// end with it. Where paragraphs are marked otherwise — an indented first line, or space
/// between paragraphs, as in notices set by Word, WPS or a browser — only a line much
/// shorter counts, since a line also ends early before a word or number that cannot be
/// broken (`分别占` ⏎ `33.3%`); where nothing else marks them, a line one and a half
/// characters short does.
fn short_line(pages: &[Vec<Line>]) -> f64 {
    let (mut indented, mut spaced) = (0, 0);
    for lines in pages {
        let left = lines.iter().map(Line::x0).fold(f64::INFINITY, f64::min);
        let pitch = median(lines.windows(2).map(|w| w[0].y - w[1].y).collect());
        for w in lines.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if b.segments.len() == 1 && (left + b.size..left + 4.0 * b.size).contains(&b.x0()) {
                indented += 1;
            }
            let gap = a.y - b.y;
            if gap > 1.35 * pitch && gap < 4.0 * pitch {
                spaced += 1;
            }
        }
    }
    if indented >= 2 || spaced >= 2 {
        8.0
    } else {
        1.5
    }
}

/// Appends a page's blocks; gives whether its last paragraph may go on onto the next page.
fn page_blocks(
    lines: &[Line],
    grids: &[Grid],
    blocks: &mut Vec<Block>,
    mut open: bool,
    short: f64,
) -> bool {
    if lines.is_empty() {
        return open;
    }
    // lines read as cells of a ruled table
    let mut in_grid = vec![false; lines.len()];
    let page_start = blocks.len();
    let left = lines.iter().map(Line::x0).fold(f64::INFINITY, f64::min);
    let mut ends: Vec<f64> = lines.iter().map(Line::x1).collect();
    ends.sort_by(f64::total_cmp);
    let right = ends[(ends.len() * 9 / 10).min(ends.len() - 1)];
    let gaps: Vec<f64> = lines.windows(2).map(|w| w[0].y - w[1].y).collect();
    let pitch = median(gaps.clone());
    let mut i = 0;
    while i < lines.len() {
        if in_grid[i] {
            i += 1;
            continue;
        }
        if let Some(grid) = grids.iter().find(|g| g.contains(&lines[i])) {
            let blocks_before = blocks.len();
            let mut cells = Vec::new();
            for (j, l) in lines.iter().enumerate().skip(i) {
                if !in_grid[j] && grid.contains(l) {
                    in_grid[j] = true;
                    cells.push(l);
                }
            }
            let rows = grid.read(&cells);
            match blocks.last_mut() {
                // a row a page break split: the rest, under the header a browser
                // repeats, opens the next page with its first cell empty
                Some(Block::Table(above))
                    if blocks_before == page_start && continues(above, &rows) =>
                {
                    let mut rest = rows.into_iter();
                    if let (Some(last), Some(first)) = (above.last_mut(), rest.next()) {
                        for (cell, more) in last.iter_mut().zip(first) {
                            join(cell, &more);
                        }
                    }
                    above.extend(rest);
                }
                _ => blocks.push(Block::Table(rows)),
            }
            open = false;
            continue;
        }
        let end = table_end(lines, i);
        if end > i {
            blocks.push(Block::Table(table(&lines[i..end])));
            open = false;
            i = end;
            continue;
        }
        let line = &lines[i];
        let prev = i.checked_sub(1).map(|p| &lines[p]);
        let starts = !open
            || line.x0() > left + line.size
            || enumerator_re().is_match(&line.text())
            || prev.is_some_and(|p| {
                p.y - line.y > 1.6 * pitch.max(p.size)
                    || (p.size - line.size).abs() > 0.2 * p.size.max(line.size)
            });
        let text = line.text();
        match blocks.last_mut() {
            Some(Block::Paragraph(para)) if !starts => join(para, &text),
            _ => blocks.push(Block::Paragraph(text)),
        }
        open = line.x1() >= right - short * line.size;
        i += 1;
    }
    open
}

/// Whether the rows of a table opening a page go on the table that closed the page before:
/// as many columns, and a first cell left empty (a row cut by the page break).
fn continues(above: &[Vec<String>], rows: &[Vec<String>]) -> bool {
    match (above.last(), rows.first()) {
        (Some(last), Some(first)) => last.len() == first.len() && first[0].is_empty(),
        _ => false,
    }
}

/// The most rules of a page read for tables (grouping them costs their number squared).
const MAX_RULES: usize = 3000;

/// How close, in points, two rules or a rule and a boundary must be to count as one.
const RULE_SLACK: f64 = 1.5;

/// A table drawn with rules: its row boundaries (top to bottom), its column boundaries
/// (left to right), and the rules, which tell where cells are merged.
#[derive(Debug)]
struct Grid {
    ys: Vec<f64>,
    xs: Vec<f64>,
    rules: Vec<Rule>,
}

/// The ruled tables of a page: groups of rules that touch, with three horizontal lines
/// at least (two rows) and two vertical ones.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    let rules: Vec<Rule> = rules.iter().filter(|r| r.is_rule()).copied().collect();
    if rules.len() > MAX_RULES {
        return Vec::new();
    }
    let touch = |a: &Rule, b: &Rule| {
        a.x0 - RULE_SLACK <= b.x1
            && b.x0 - RULE_SLACK <= a.x1
            && a.y0 - RULE_SLACK <= b.y1
            && b.y0 - RULE_SLACK <= a.y1
    };
    let mut group: Vec<usize> = (0..rules.len()).collect();
    let find = |g: &mut Vec<usize>, mut i: usize| {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    };
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if touch(&rules[i], &rules[j]) {
                let (a, b) = (find(&mut group, i), find(&mut group, j));
                group[a] = b;
            }
        }
    }
    let mut members: HashMap<usize, Vec<Rule>> = HashMap::new();
    for (i, r) in rules.iter().enumerate() {
        let root = find(&mut group, i);
        members.entry(root).or_default().push(*r);
    }
    let mut out: Vec<Grid> = members
        .into_values()
        .filter_map(|rules| {
            let mid = |a: f64, b: f64| (a + b) / 2.0;
            // a row split by a page break has no rule at the page's edge: the table
            // reaches as far as its vertical rules
            let ends = rules
                .iter()
                .filter(|r| r.vertical())
                .flat_map(|r| [r.y0, r.y1]);
            let mut ys = distinct(
                rules
                    .iter()
                    .filter(|r| r.horizontal())
                    .map(|r| mid(r.y0, r.y1))
                    .chain(ends),
            );
            ys.reverse();
            let xs = distinct(
                rules
                    .iter()
                    .filter(|r| r.vertical())
                    .map(|r| mid(r.x0, r.x1)),
            );
            (ys.len() >= 3 && xs.len() >= 2).then_some(Grid { ys, xs, rules })
        })
        .collect();
    out.sort_by(|a, b| b.ys[0].total_cmp(&a.ys[0]));
    out
}

/// Values sorted, those closer than [`RULE_SLACK`] to the one before merged.
fn distinct(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.dedup_by(|b, a| *b - *a < RULE_SLACK);
    v
}

impl Grid {
    fn contains(&self, line: &Line) -> bool {
        let (top, bottom) = (self.ys[0], self.ys[self.ys.len() - 1]);
        let (left, right) = (self.xs[0], self.xs[self.xs.len() - 1]);
        line.y < top && line.y > bottom && line.x0() > left - RULE_SLACK && line.x0() < right
    }

    /// Whether a horizontal rule crosses `x` at height `y`.
    fn rule_across(&self, y: f64, x: f64) -> bool {
        self.rules.iter().any(|r| {
            r.horizontal()
                && (r.y0 + r.y1) / 2.0 - y <= RULE_SLACK
                && y - (r.y0 + r.y1) / 2.0 <= RULE_SLACK
                && r.x0 - RULE_SLACK <= x
                && x <= r.x1 + RULE_SLACK
        })
    }

    /// Whether a vertical rule crosses height `y` at `x`.
    fn rule_down(&self, x: f64, y: f64) -> bool {
        self.rules.iter().any(|r| {
            r.vertical()
                && ((r.x0 + r.x1) / 2.0 - x).abs() <= RULE_SLACK
                && r.y0 - RULE_SLACK <= y
                && y <= r.y1 + RULE_SLACK
        })
    }

    /// Each elementary cell's merged region, named by its top-left cell: a missing
    /// vertical rule joins a cell to its left neighbour's region, a missing horizontal
    /// one to the region above.
    fn anchors(&self) -> Vec<Vec<(usize, usize)>> {
        let (rows, cols) = (self.ys.len() - 1, self.xs.len() - 1);
        let mut anchor = vec![vec![(0, 0); cols]; rows];
        for r in 0..rows {
            let ymid = (self.ys[r] + self.ys[r + 1]) / 2.0;
            for c in 0..cols {
                let xmid = (self.xs[c] + self.xs[c + 1]) / 2.0;
                anchor[r][c] = if c > 0 && !self.rule_down(self.xs[c], ymid) {
                    anchor[r][c - 1]
                } else if r > 0 && !self.rule_across(self.ys[r], xmid) {
                    anchor[r - 1][c]
                } else {
                    (r, c)
                };
            }
        }
        anchor
    }

    /// The table's rows: a cell merged across columns gives its text once, then empty
    /// cells; a cell merged down rows gives its text in each row it spans (as DOCX).
    fn read(&self, lines: &[&Line]) -> Vec<Vec<String>> {
        let (rows, cols) = (self.ys.len() - 1, self.xs.len() - 1);
        let anchor = self.anchors();
        let column = |x: f64| {
            (0..cols)
                .rfind(|&c| self.xs[c] <= x + RULE_SLACK)
                .unwrap_or(0)
        };
        // the text of each merged region, its lines top to bottom
        let mut region: HashMap<(usize, usize), String> = HashMap::new();
        for line in lines {
            let Some(r) = (0..rows).find(|&r| line.y <= self.ys[r] && line.y >= self.ys[r + 1])
            else {
                continue;
            };
            // a segment runs on across a column rule when two cells' texts are close:
            // it is cut where its glyphs pass into another region
            for seg in &line.segments {
                let (mut from, mut at_region) = (0, anchor[r][column(seg.x0)]);
                for &(x, at) in &seg.starts {
                    let here = anchor[r][column(x)];
                    if here != at_region {
                        join(region.entry(at_region).or_default(), &seg.text[from..at]);
                        (from, at_region) = (at, here);
                    }
                }
                join(region.entry(at_region).or_default(), &seg.text[from..]);
            }
        }
        let mut out = Vec::new();
        for regions in &anchor {
            let row: Vec<String> = (0..cols)
                .map(|c| {
                    let first = c == 0 || regions[c - 1] != regions[c];
                    match region.get(&regions[c]) {
                        Some(t) if first => t.clone(),
                        _ => String::new(),
                    }
                })
                .collect();
            if row.iter().any(|t| !t.is_empty()) {
                out.push(row);
            }
        }
        out
    }
}

/// Appends a line to a paragraph: no space between Chinese characters, one between Latin
/// words; a hyphen that broke a word goes.
fn join(para: &mut String, next: &str) {
    let last = para.chars().last();
    let first = next.chars().next();
    if last == Some('-') && first.is_some_and(|c| c.is_ascii_lowercase()) {
        para.pop();
    } else if last.is_some_and(|c| c.is_ascii_alphanumeric() || c == ',' || c == '.')
        && first.is_some_and(|c| c.is_ascii_alphanumeric())
    {
        para.push(' ');
    }
    para.push_str(next);
}

/// The end (exclusive) of a table that starts at line `start`, or `start` when none does.
fn table_end(lines: &[Line], start: usize) -> usize {
    let multi = |l: &Line| l.segments.len() >= 2;
    if !multi(&lines[start]) {
        return start;
    }
    let mut columns: Vec<f64> = Vec::new();
    let (mut end, mut rows) = (start, 0);
    let mut i = start;
    while i < lines.len() {
        let l = &lines[i];
        let tol = l.size;
        let aligned = columns.iter().any(|c| (c - l.x0()).abs() <= tol);
        if multi(l) {
            columns.extend(l.segments.iter().map(|s| s.x0));
            rows += 1;
            end = i + 1;
        } else if !aligned || columns.is_empty() {
            break;
        }
        i += 1;
    }
    if rows >= 2 {
        end
    } else {
        start
    }
}

/// The rows of a table region: columns from the segments' left edges, rows from the
/// line spacing.
fn table(lines: &[Line]) -> Vec<Vec<String>> {
    let size = median(lines.iter().map(|l| l.size).collect());
    let mut starts: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.segments.iter().map(|s| s.x0))
        .collect();
    starts.sort_by(f64::total_cmp);
    let mut columns: Vec<f64> = Vec::new();
    for x in starts {
        match columns.last() {
            Some(c) if x - c <= size => {}
            _ => columns.push(x),
        }
    }
    let gaps: Vec<f64> = lines.windows(2).map(|w| w[0].y - w[1].y).collect();
    let closest = gaps.iter().copied().fold(f64::INFINITY, f64::min);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let new_row = i == 0 || gaps[i - 1] > closest * 1.15 + 0.5;
        if new_row {
            rows.push(vec![String::new(); columns.len()]);
        }
        let Some(row) = rows.last_mut() else { continue };
        for seg in &line.segments {
            let col = columns
                .iter()
                .rposition(|c| *c <= seg.x0 + size)
                .unwrap_or(0);
            if let Some(cell) = row.get_mut(col) {
                join(cell, &seg.text);
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of a text set on a line from `x`, `size` points each.
    fn line(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .filter(|(_, c)| *c != '|')
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + i as f64 * size,
                y,
                width: size,
                size,
            })
            .collect()
    }

    #[test]
    fn joins_wrapped_lines_and_drops_page_numbers_and_running_headers() {
        let mut p1 = Vec::new();
        p1.extend(line("某某市人民政府文件", 100.0, 800.0, 10.0));
        p1.extend(line("  一、总体要求", 50.0, 760.0, 10.0));
        p1.extend(line(
            "  各单位要高度重视，认真组织开展自查自纠",
            50.0,
            740.0,
            10.0,
        ));
        p1.extend(line("工作，确保取得实效。", 50.0, 720.0, 10.0));
        p1.extend(line(
            "  二、工作安排各地要在年底前完成整改任",
            50.0,
            700.0,
            10.0,
        ));
        p1.extend(line("- 1 -", 150.0, 40.0, 10.0));
        let mut p2 = Vec::new();
        p2.extend(line("某某市人民政府文件", 100.0, 800.0, 10.0));
        p2.extend(line("务，并报送整改情况。", 50.0, 760.0, 10.0));
        p2.extend(line("- 2 -", 150.0, 40.0, 10.0));
        // order within a page does not matter
        p2.reverse();
        let out = layout(&[
            Page {
                glyphs: p1,
                ..Page::default()
            },
            Page {
                glyphs: p2,
                ..Page::default()
            },
        ]);
        assert_eq!(
            out,
            "<p>一、总体要求</p>\n<p>各单位要高度重视，认真组织开展自查自纠工作，确保取得实效。</p>\n\
             <p>二、工作安排各地要在年底前完成整改任务，并报送整改情况。</p>\n"
        );
    }

    #[test]
    fn reads_aligned_columns_as_table_rows() {
        let mut g = Vec::new();
        g.extend(line(
            "序号|||问题|||||||整改措施|||||责任单位",
            50.0,
            700.0,
            10.0,
        ));
        g.extend(line(
            "1|||||会议多|||||精简会议|||||办公室",
            50.0,
            680.0,
            10.0,
        ));
        g.extend(line("||||||||||||||严控发文", 50.0, 668.0, 10.0));
        g.extend(line(
            "2|||||文件多|||||压减文件|||||组织部",
            50.0,
            650.0,
            10.0,
        ));
        g.extend(line("表后说明。", 50.0, 620.0, 10.0));
        let out = layout(&[Page {
            glyphs: g,
            ..Page::default()
        }]);
        assert_eq!(
            out,
            "<table>\n<tr><td>序号</td><td>问题</td><td>整改措施</td><td>责任单位</td></tr>\n\
             <tr><td>1</td><td>会议多</td><td>精简会议严控发文</td><td>办公室</td></tr>\n\
             <tr><td>2</td><td>文件多</td><td>压减文件</td><td>组织部</td></tr>\n</table>\n\
             <p>表后说明。</p>\n"
        );
    }

    #[test]
    fn reads_a_ruled_table_with_merged_cells() {
        // three columns; the unit cell of the first two rows is one (no rule between),
        // the header's last two cells are one (no rule between them)
        let h = |y: f64, x0: f64, x1: f64| Rule::new(x0, y - 0.5, x1, y + 0.5);
        let v = |x: f64, y0: f64, y1: f64| Rule::new(x - 0.5, y0, x + 0.5, y1);
        let rules = vec![
            h(700.0, 0.0, 300.0),
            h(680.0, 0.0, 300.0),
            h(640.0, 100.0, 300.0),
            h(600.0, 0.0, 300.0),
            v(0.0, 600.0, 700.0),
            v(100.0, 600.0, 700.0),
            v(200.0, 600.0, 680.0),
            v(300.0, 600.0, 700.0),
        ];
        let mut g = Vec::new();
        g.extend(line("单位", 5.0, 685.0, 10.0));
        g.extend(line("整改措施", 105.0, 685.0, 10.0));
        g.extend(line("办公室", 5.0, 655.0, 10.0));
        g.extend(line("精简会议", 105.0, 665.0, 10.0));
        g.extend(line("年底前", 205.0, 665.0, 10.0));
        g.extend(line("压减文件", 105.0, 625.0, 10.0));
        g.extend(line("6月底前", 205.0, 625.0, 10.0));
        let out = layout(&[Page { glyphs: g, rules }]);
        assert_eq!(
            out,
            "<table>\n<tr><td>单位</td><td>整改措施</td><td></td></tr>\n\
             <tr><td>办公室</td><td>精简会议</td><td>年底前</td></tr>\n\
             <tr><td>办公室</td><td>压减文件</td><td>6月底前</td></tr>\n</table>\n"
        );
    }

    #[test]
    fn spaces_latin_words_and_ignores_nan_and_double_drawn_glyphs() {
        let mut g = line("PM2.5", 50.0, 700.0, 10.0);
        g.extend(line("ug", 112.0, 700.0, 10.0));
        g.extend(line("浓度", 140.0, 700.0, 10.0));
        g.push(g[0].clone());
        g.push(Glyph {
            text: "x".into(),
            x: f64::NAN,
            y: f64::NAN,
            width: f64::NAN,
            size: f64::NAN,
        });
        let out = layout(&[Page {
            glyphs: g,
            ..Page::default()
        }]);
        assert!(out.contains("PM2.5 ug浓度"), "{out}");
    }
}
