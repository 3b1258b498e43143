//! DOCX (Office Open XML, Word 2007 and later, WPS's `.docx`) → the HTML-like markup the
//! clean stage reads.
//!
//! **Takes** the bytes of a `.docx` (a zip holding `word/document.xml`).
//! **Gives** markup: each body paragraph a `<p>` (its automatic numbering written out as
//! Word shows it: `一、`, `（一）`, `1.`), each table a `<table>` of `<tr>` rows of `<td>`
//! cells, so that a plan drawn as a Word table reads as the same table on a web page.
//! A merged cell is one `<td>` with the `rowspan` (a vertical merge: the rows it continues
//! into) and `colspan` (`gridSpan`) it has in Word, as a web page writes it: the clean stage
//! fills it into every row and column it covers (a 责任单位 merged over three measures
//! governs all three), marking the copies, whatever format the table came in.
//!
//! Left out: headers, footers, footnotes and comments (other parts of the package), deleted
//! text of tracked changes, hidden text, field instructions, and the fallback copy of
//! alternate content. Text boxes anchored in a paragraph follow it as paragraphs of their
//! own; a table inside a cell is flattened into the cell's text.
//!
//! Numbering: a list's counters are kept per abstract numbering definition, so that lists
//! sharing one continue each other as in Word, except a list that restarts (a
//! `startOverride`), which counts on its own. A paragraph takes its numbering from its own
//! properties, else from its style (and the styles it is based on).
//!
//! Never reads more than `limit` bytes of any part (a zip bomb costs `limit`); never panics.

use super::FormatError;
use roxmltree::{Document, Node};
use std::collections::HashMap;
use std::io::{Cursor, Read};

const FORMAT: &str = "DOCX";

/// The WordprocessingML namespaces: transitional and strict.
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// Deepest chain of `basedOn` styles followed.
const STYLE_DEPTH: usize = 16;

/// Whether a zip archive in memory holds a Word document.
pub(crate) fn is_docx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes))
        .map(|z| z.index_for_name("word/document.xml").is_some())
        .unwrap_or(false)
}

/// The document's body as markup.
pub(crate) fn to_markup(bytes: &[u8], limit: u64) -> Result<String, FormatError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    let body = part(&mut zip, "word/document.xml", limit)?
        .ok_or_else(|| corrupt("no word/document.xml".to_string()))?;
    let numbering = part(&mut zip, "word/numbering.xml", limit)?;
    let styles = part(&mut zip, "word/styles.xml", limit)?;
    let doc = parse(&body, "word/document.xml")?;
    let numbering = match &numbering {
        Some(text) => Numbering::read(&parse(text, "word/numbering.xml")?),
        None => Numbering::default(),
    };
    let style_numbers = match &styles {
        Some(text) => style_numbering(&parse(text, "word/styles.xml")?),
        None => HashMap::new(),
    };
    let body = doc
        .root_element()
        .children()
        .find(|n| is_w(*n, "body"))
        .ok_or_else(|| corrupt("word/document.xml has no body".to_string()))?;
    let mut writer = Writer {
        numbering,
        style_numbers,
        out: String::new(),
    };
    writer.blocks(body);
    Ok(writer.out)
}

fn corrupt(cause: String) -> FormatError {
    FormatError::Corrupt {
        format: FORMAT,
        cause,
    }
}

/// One part of the package as text, at most `limit` bytes; `None` when it is absent.
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, FormatError> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(corrupt(format!("{name}: {e}"))),
    };
    let mut buf = Vec::new();
    entry
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    if buf.len() as u64 > limit {
        return Err(FormatError::TooLarge {
            format: FORMAT,
            part: name.to_string(),
            limit,
        });
    }
    // XML parts are UTF-8; a UTF-16 part says so with a BOM
    let (text, _, malformed) = encoding_rs::UTF_8.decode(&buf);
    if malformed {
        return Err(corrupt(format!("{name}: not UTF-8")));
    }
    Ok(Some(text.into_owned()))
}

fn parse<'a>(text: &'a str, name: &str) -> Result<Document<'a>, FormatError> {
    Document::parse(text).map_err(|e| corrupt(format!("{name}: {e}")))
}

/// Whether a node is the WordprocessingML element `name`.
fn is_w(n: Node, name: &str) -> bool {
    n.is_element()
        && n.tag_name().name() == name
        && n.tag_name()
            .namespace()
            .is_some_and(|ns| W_NS.contains(&ns))
}

/// The `w:val` attribute of a node (whatever its namespace prefix).
fn val<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.name() == "val")
        .map(|a| a.value())
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is_w(*c, name))
}

/// A `w:val` that switches a property on (absent, `1`, `true`, `on`).
fn on(n: Node) -> bool {
    !matches!(val(n), Some("0" | "false" | "off"))
}

/// Where a paragraph's numbering comes from: (numId, level).
type NumRef = (String, usize);

/// The numbering a paragraph style gives, by style id, its `basedOn` chain followed.
fn style_numbering(doc: &Document) -> HashMap<String, NumRef> {
    let mut own: HashMap<String, (Option<NumRef>, Option<String>)> = HashMap::new();
    for style in doc.root_element().children().filter(|n| is_w(*n, "style")) {
        let Some(id) = style.attributes().find(|a| a.name() == "styleId") else {
            continue;
        };
        let num = child(style, "pPr").and_then(|p| num_ref(p));
        let based = child(style, "basedOn").and_then(val).map(str::to_string);
        own.insert(id.value().to_string(), (num, based));
    }
    let mut resolved = HashMap::new();
    for id in own.keys() {
        let mut at = id.clone();
        for _ in 0..STYLE_DEPTH {
            match own.get(&at) {
                Some((Some(num), _)) => {
                    resolved.insert(id.clone(), num.clone());
                    break;
                }
                Some((None, Some(base))) => at = base.clone(),
                _ => break,
            }
        }
    }
    resolved
}

/// The `w:numPr` of paragraph properties.
fn num_ref(ppr: Node) -> Option<NumRef> {
    let num = child(ppr, "numPr")?;
    let id = child(num, "numId").and_then(val)?.to_string();
    let level = child(num, "ilvl")
        .and_then(val)
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(8);
    Some((id, level))
}

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    legal: bool,
}

/// The list definitions and the counters of the lists met so far.
#[derive(Debug, Default)]
struct Numbering {
    /// Levels by abstract definition id.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstract id, start overrides by level).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    /// Counters by list (abstract id, or numId for a list that restarts): the last value
    /// of each level, `None` for a level not met since its parent last moved.
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    fn read(doc: &Document) -> Numbering {
        let mut n = Numbering::default();
        let root = doc.root_element();
        for a in root.children().filter(|c| is_w(*c, "abstractNum")) {
            let Some(id) = a.attributes().find(|x| x.name() == "abstractNumId") else {
                continue;
            };
            let mut levels = vec![Level::default(); 9];
            for lvl in a.children().filter(|c| is_w(*c, "lvl")) {
                let i = lvl
                    .attributes()
                    .find(|x| x.name() == "ilvl")
                    .and_then(|x| x.value().parse::<usize>().ok());
                let Some(level) = i.and_then(|i| levels.get_mut(i)) else {
                    continue;
                };
                let get = |name| child(lvl, name).and_then(val).unwrap_or("");
                *level = Level {
                    start: get("start").parse().unwrap_or(1),
                    format: get("numFmt").to_string(),
                    text: get("lvlText").to_string(),
                    legal: child(lvl, "isLgl").is_some_and(on),
                };
            }
            n.abstracts.insert(id.value().to_string(), levels);
        }
        for num in root.children().filter(|c| is_w(*c, "num")) {
            let Some(id) = num.attributes().find(|x| x.name() == "numId") else {
                continue;
            };
            let Some(abs) = child(num, "abstractNumId").and_then(val) else {
                continue;
            };
            let mut overrides = HashMap::new();
            for o in num.children().filter(|c| is_w(*c, "lvlOverride")) {
                let level = o
                    .attributes()
                    .find(|x| x.name() == "ilvl")
                    .and_then(|x| x.value().parse::<usize>().ok());
                let start = child(o, "startOverride")
                    .and_then(val)
                    .and_then(|v| v.parse::<u32>().ok());
                if let (Some(level), Some(start)) = (level, start) {
                    overrides.insert(level, start);
                }
            }
            n.nums
                .insert(id.value().to_string(), (abs.to_string(), overrides));
        }
        n
    }

    /// The label of the next paragraph of list `num_id` at `level`, counters moved on.
    fn next(&mut self, (num_id, level): &NumRef) -> Option<String> {
        let (abs, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abs)?;
        let def = levels.get(*level)?;
        let start_of = |i: usize| {
            overrides
                .get(&i)
                .copied()
                .or_else(|| levels.get(i).map(|l| l.start))
                .unwrap_or(1)
        };
        let key = if overrides.is_empty() {
            abs.clone()
        } else {
            num_id.clone()
        };
        let counters = self.counters.entry(key).or_insert([None; 9]);
        counters[*level] = Some(match counters[*level] {
            Some(v) => v.saturating_add(1),
            None => start_of(*level),
        });
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        if def.format == "none" || def.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match digit {
                Some(d) if c == '%' && (1..=9).contains(&d) => {
                    chars.next();
                    let i = d as usize - 1;
                    let value = counters[i].unwrap_or_else(|| start_of(i));
                    let fmt = match levels.get(i) {
                        Some(l) if !def.legal => l.format.as_str(),
                        _ => "decimal",
                    };
                    label.push_str(&format_number(value, fmt));
                }
                _ => label.push(c),
            }
        }
        Some(label)
    }
}

/// A list counter written in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital"
        | "chineseLegalSimplified" => chinese(n),
        "ideographTraditional" => nth("甲乙丙丁戊己庚辛壬癸", n),
        "ideographZodiac" => nth("子丑寅卯辰巳午未申酉戌亥", n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => nth("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳", n),
        "decimalEnclosedParen" => format!("({n})"),
        "decimalEnclosedFullstop" => format!("{n}."),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 9999).
pub(crate) fn chinese(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    if (10..20).contains(&n) {
        let rest = chinese(n - 10);
        return format!("十{}", if n == 10 { String::new() } else { rest });
    }
    let mut s = String::new();
    let mut zero = false;
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let d = (n / unit % 10) as usize;
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        s.push(DIGITS[d]);
        s.push_str(name);
    }
    s
}

/// The n-th (from 1) character of a cycle, or the number when the cycle is shorter.
fn nth(cycle: &str, n: u32) -> String {
    match n.checked_sub(1).and_then(|i| cycle.chars().nth(i as usize)) {
        Some(c) => c.to_string(),
        None => n.to_string(),
    }
}

/// 1 → A, 26 → Z, 27 → AA (Word repeats the letter).
fn letters(n: u32) -> String {
    if n == 0 {
        return n.to_string();
    }
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(10) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut s = String::new();
    for (v, r) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Writes the body's blocks as markup.
struct Writer {
    numbering: Numbering,
    style_numbers: HashMap<String, NumRef>,
    out: String,
}

/// How a cell takes part in a vertical merge.
#[derive(Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

impl Writer {
    /// The block-level content of the body, a cell or a content control: paragraphs and
    /// tables, in order.
    fn blocks(&mut self, parent: Node) {
        for n in parent.children().filter(Node::is_element) {
            if is_w(n, "p") {
                let mut boxes = Vec::new();
                let text = self.paragraph(n, &mut boxes);
                push_block(&mut self.out, "p", &text);
                for b in boxes {
                    self.blocks(b);
                }
            } else if is_w(n, "tbl") {
                self.table(n);
            } else if is_w(n, "sdt") {
                if let Some(content) = child(n, "sdtContent") {
                    self.blocks(content);
                }
            } else if is_w(n, "customXml") || is_w(n, "ins") || is_w(n, "moveTo") {
                self.blocks(n);
            }
        }
    }

    /// A paragraph's text as markup (escaped, `<br>` for line breaks), its numbering label
    /// first; text boxes met on the way are left in `boxes`.
    fn paragraph<'a, 'i>(&mut self, p: Node<'a, 'i>, boxes: &mut Vec<Node<'a, 'i>>) -> String {
        let mut s = String::new();
        if let Some(label) = self.label(p) {
            escape_into(&mut s, &label);
        }
        let mut stack: Vec<Node> = p.children().rev().collect();
        while let Some(n) = stack.pop() {
            if !n.is_element() {
                continue;
            }
            let name = n.tag_name().name();
            if !n
                .tag_name()
                .namespace()
                .is_some_and(|ns| W_NS.contains(&ns))
            {
                // alternate content: its choice, not the fallback copy; drawings: only
                // their text boxes hold text of the document
                if name != "Fallback" {
                    stack.extend(n.children().filter(Node::is_element).rev());
                }
                continue;
            }
            match name {
                "t" => escape_into(&mut s, n.text().unwrap_or("")),
                "tab" | "ptab" => s.push(' '),
                "br" | "cr" => s.push_str("<br>"),
                "noBreakHyphen" => s.push('-'),
                "txbxContent" => boxes.push(n),
                "pPr" | "rPr" | "del" | "moveFrom" | "delText" | "instrText" | "fldData"
                | "commentReference" | "footnoteReference" | "endnoteReference" => {}
                "r" if child(n, "rPr")
                    .and_then(|r| child(r, "vanish"))
                    .is_some_and(on) => {}
                _ => stack.extend(n.children().filter(Node::is_element).rev()),
            }
        }
        s
    }

    /// The numbering label of a paragraph, counters moved on.
    fn label(&mut self, p: Node) -> Option<String> {
        let ppr = child(p, "pPr");
        let own = ppr.and_then(num_ref);
        let num = own.or_else(|| {
            let style = ppr.and_then(|x| child(x, "pStyle")).and_then(val)?;
            self.style_numbers.get(style).cloned()
        })?;
        if num.0 == "0" {
            return None;
        }
        self.numbering.next(&num)
    }

    /// A table as `<table>` markup: a merged cell as one `<td>` with its `rowspan` and
    /// `colspan`, the cells a vertical merge continues left out (the clean stage fills a
    /// merged cell into every row and column it covers, marking the copies).
    fn table(&mut self, tbl: Node) {
        self.out.push_str("<table>");
        let rows = rows(tbl);
        let grid: Vec<RowGrid> = rows.iter().map(|&r| row_grid(r)).collect();
        // the grid columns of each row that a vertical merge from above covers
        let mut covered: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
        for (ri, &row) in rows.iter().enumerate() {
            self.out.push_str("<tr>");
            self.out.push_str(&"<td></td>".repeat(grid[ri].before));
            for (cell, &(col, span, merge)) in cells(row).into_iter().zip(&grid[ri].cells) {
                if merge == VMerge::Continue && covered[ri].contains(&col) {
                    continue;
                }
                let mut down = 1;
                if merge == VMerge::Restart {
                    let continues = |g: &RowGrid| {
                        (g.cells.iter()).any(|&c| c.0 == col && c.2 == VMerge::Continue)
                    };
                    for later in ri + 1..rows.len() {
                        if !continues(&grid[later]) {
                            break;
                        }
                        covered[later].push(col);
                        down += 1;
                    }
                }
                // a merge continued with no cell opening it: an empty cell
                let text = match merge {
                    VMerge::Continue => String::new(),
                    _ => self.cell(cell),
                };
                let mut tag = String::from("td");
                if down > 1 {
                    tag.push_str(&format!(" rowspan=\"{down}\""));
                }
                if span > 1 {
                    tag.push_str(&format!(" colspan=\"{span}\""));
                }
                push_cell(&mut self.out, &tag, &text);
            }
            self.out.push_str("</tr>");
        }
        self.out.push_str("</table>");
    }

    /// A cell's paragraphs as markup; a table inside it flattened into its text.
    fn cell(&mut self, cell: Node) -> String {
        let mut s = String::new();
        let mut stack: Vec<Node> = cell.children().filter(Node::is_element).rev().collect();
        while let Some(n) = stack.pop() {
            if is_w(n, "p") {
                let mut boxes = Vec::new();
                let text = self.paragraph(n, &mut boxes);
                push_block(&mut s, "p", &text);
                for b in boxes.into_iter().rev() {
                    stack.extend(b.children().filter(Node::is_element).rev());
                }
            } else if is_w(n, "tbl") {
                let mut flat = String::new();
                for t in n.descendants().filter(|d| is_w(*d, "t")) {
                    flat.push_str(t.text().unwrap_or(""));
                    flat.push(' ');
                }
                let mut escaped = String::new();
                escape_into(&mut escaped, flat.trim_end());
                push_block(&mut s, "p", &escaped);
            } else if !is_w(n, "tcPr") {
                stack.extend(n.children().filter(Node::is_element).rev());
            }
        }
        s
    }
}

/// A table's rows, also those inside content controls.
fn rows<'a, 'i>(tbl: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    collect_through_controls(tbl, "tr")
}

/// A row's cells, also those inside content controls.
fn cells<'a, 'i>(row: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    collect_through_controls(row, "tc")
}

fn collect_through_controls<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    let mut found = Vec::new();
    let mut stack: Vec<Node> = parent.children().filter(Node::is_element).rev().collect();
    while let Some(n) = stack.pop() {
        if is_w(n, name) {
            found.push(n);
        } else if is_w(n, "sdt") || is_w(n, "sdtContent") || is_w(n, "customXml") {
            stack.extend(n.children().filter(Node::is_element).rev());
        }
    }
    found
}

/// Where a row's cells stand in the table's grid.
struct RowGrid {
    /// Grid columns left empty before the first cell (`gridBefore`).
    before: usize,
    /// Each cell's grid column, how many columns it spans and its part in a vertical merge.
    cells: Vec<(usize, usize, VMerge)>,
}

/// The grid of a row (`gridBefore`, `gridSpan` and `vMerge`, each bounded).
fn row_grid(row: Node) -> RowGrid {
    let pr = child(row, "trPr");
    let before = pr
        .and_then(|p| child(p, "gridBefore"))
        .and_then(val)
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(64);
    let mut col = before;
    let cells = (cells(row).into_iter())
        .map(|cell| {
            let pr = child(cell, "tcPr");
            let span = pr
                .and_then(|p| child(p, "gridSpan"))
                .and_then(val)
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 64);
            let merge = match pr.and_then(|p| child(p, "vMerge")) {
                None => VMerge::None,
                Some(m) if val(m) == Some("restart") => VMerge::Restart,
                Some(_) => VMerge::Continue,
            };
            let at = col;
            col += span;
            (at, span, merge)
        })
        .collect();
    RowGrid { before, cells }
}

/// A `<td>` (with its attributes in `tag`) holding `inner`.
fn push_cell(out: &mut String, tag: &str, inner: &str) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    out.push_str(inner);
    out.push_str("</td>\n");
}

fn push_block(out: &mut String, tag: &str, inner: &str) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    out.push_str(inner);
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

/// Appends text with `&`, `<` and `>` escaped, so that clean reads it as text.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DOCX in memory with the given body (WordprocessingML inside `w:body`) and
    /// numbering definitions.
    fn docx(body: &str, numbering: &str) -> Vec<u8> {
        use std::io::Write;
        let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let parts = [
            (
                "word/document.xml",
                format!("<w:document {w}><w:body>{body}</w:body></w:document>"),
            ),
            (
                "word/numbering.xml",
                format!("<w:numbering {w}>{numbering}</w:numbering>"),
            ),
            (
                "word/header1.xml",
                format!("<w:hdr {w}><w:p><w:r><w:t>页眉不读</w:t></w:r></w:p></w:hdr>"),
            ),
        ];
        for (name, text) in parts {
            zip.start_file(name, stored).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn leaves_out_deleted_hidden_and_fallback_text_and_keeps_text_boxes() {
        let body = r#"<w:p><w:r><w:t>各单位要</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins><w:r><w:t>认真</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>整改&lt;落实&gt;。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
        let out = to_markup(&docx(body, ""), 1 << 20).unwrap();
        assert_eq!(
            out,
            "<p>各单位要认真整改&lt;落实&gt;。</p>\n<p>文本框</p>\n"
        );
    }

    #[test]
    fn numbering_counts_per_list_and_levels_restart_under_their_parent() {
        let lvl = |i: u8, fmt: &str, text: &str| {
            format!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>"#
            )
        };
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, "chineseCounting", "%1、"),
            lvl(1, "chineseCounting", "（%2）")
        );
        let p = |level: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            p(0, "总体要求"),
            p(1, "目标"),
            p(1, "原则"),
            p(0, "工作安排"),
            p(1, "自查"),
        ]
        .concat();
        let out = to_markup(&docx(&body, &numbering), 1 << 20).unwrap();
        assert_eq!(
            out,
            "<p>一、总体要求</p>\n<p>（一）目标</p>\n<p>（二）原则</p>\n<p>二、工作安排</p>\n<p>（一）自查</p>\n"
        );
    }

    #[test]
    fn merged_cells_are_written_with_their_spans_for_clean_to_fill() {
        let tc = |props: &str, text: &str| {
            format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        };
        let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
        let body = format!(
            "<w:tbl>{}{}{}{}</w:tbl>",
            row(&[
                tc(r#"<w:gridSpan w:val="2"/>"#, "问题与措施"),
                tc("", "责任单位")
            ]),
            row(&[
                tc("", "会议多"),
                tc("", "精简会议"),
                tc(r#"<w:vMerge w:val="restart"/>"#, "办公室")
            ]),
            row(&[tc("", "文件多"), tc("", "压减文件"), tc("<w:vMerge/>", "")]),
            // a merge continued with no cell opening it keeps its column, empty
            row(&[tc("<w:vMerge/>", ""), tc("", "统筹推进"), tc("", "组织部")]),
        );
        let out = to_markup(&docx(&body, ""), 1 << 20).unwrap();
        assert_eq!(
            out,
            "<table><tr><td colspan=\"2\"><p>问题与措施</p>\n</td>\n<td><p>责任单位</p>\n</td>\n</tr>\
             <tr><td><p>会议多</p>\n</td>\n<td><p>精简会议</p>\n</td>\n<td rowspan=\"2\"><p>办公室</p>\n</td>\n</tr>\
             <tr><td><p>文件多</p>\n</td>\n<td><p>压减文件</p>\n</td>\n</tr>\
             <tr><td></td>\n<td><p>统筹推进</p>\n</td>\n<td><p>组织部</p>\n</td>\n</tr></table>"
        );
        // the clean stage fills them, as it does a web page's
        let cleaned = crate::clean::clean(&out, &[]);
        assert_eq!(
            cleaned.text,
            "问题与措施\t问题与措施\t责任单位\n会议多\t精简会议\t办公室\n文件多\t压减文件\t办公室\n\t统筹推进\t组织部"
        );
        assert_eq!(cleaned.copies.len(), 2);
    }

    #[test]
    fn chinese_numbers() {
        let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 1001]
            .iter()
            .map(|n| chinese(*n))
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零五",
                "一百一十",
                "一千零一"
            ]
        );
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(7, "unknownFormat"), "7");
    }
}
