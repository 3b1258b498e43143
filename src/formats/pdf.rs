//! PDF with a text layer → markup in reading order.
//!
//! **Takes** the bytes of a PDF. **Gives** the markup of [`super::page::layout`] over the
//! positioned text runs that `oxidize-pdf` decodes page by page (CID fonts through their
//! ToUnicode maps or character collections, simple fonts through their encodings, Type 3
//! fonts as Chromium writes them, text inside form XObjects; content marked as a
//! pagination artifact — running headers and footers of tagged PDFs — left out), with the
//! horizontal and vertical rules each page draws (table borders, through the content
//! stream's transformation matrix), and warnings for pages that could not be read or hold
//! no text.
//!
//! Errors: a PDF with no text on any page but images on some is a scan
//! ([`FormatError::ScannedPdf`]); one whose text decodes mostly to unusable characters
//! (fonts with no Unicode mapping) is unreadable; an encrypted PDF is read when it opens
//! with the empty user password (most "protected" notices forbid only copying), else named.
//!
//! The library returns errors for what it cannot parse; a panic in it is caught as well,
//! per page, so that one bad page costs that page only (with a warning).

use super::page::{self, Glyph, Page, Rule};
use super::FormatError;
use oxidize_pdf::parser::{ContentOperation, ContentParser, PdfDocument, PdfReader};
use oxidize_pdf::text::{ExtractionOptions, TextExtractor};
use std::io::Cursor;

const FORMAT: &str = "PDF";

/// Share of decoded characters that may be unusable (U+FFFD, private use, control)
/// before the text layer is called unreadable.
const MAX_BAD_SHARE: f64 = 0.5;

/// The document's text as markup, and warnings.
pub(crate) fn to_markup(bytes: &[u8]) -> Result<(String, Vec<String>), FormatError> {
    let corrupt = |cause: String| FormatError::Corrupt {
        format: FORMAT,
        cause,
    };
    // an encrypted PDF is opened with the empty user password when that is its password
    let reader = guarded(|| PdfReader::new(Cursor::new(bytes)))
        .ok_or_else(|| corrupt("the file structure cannot be read".to_string()))?
        .map_err(|e| corrupt(format!("cannot be read: {e}")))?;
    if reader.is_encrypted() && !reader.is_unlocked() {
        return Err(FormatError::Unsupported {
            format: "password-protected PDF",
            hint: "open it with its password and save an unprotected copy",
        });
    }
    let doc = PdfDocument::new(reader);
    let count = guarded(|| doc.page_count())
        .and_then(Result::ok)
        .ok_or_else(|| corrupt("the page tree cannot be read".to_string()))?;
    if count == 0 {
        return Err(corrupt("no pages".to_string()));
    }
    let mut extractor = TextExtractor::with_options(ExtractionOptions {
        preserve_layout: true,
        ..ExtractionOptions::default()
    });
    let mut warnings = Vec::new();
    let mut pages = Vec::new();
    let mut images = 0usize;
    for i in 0..count {
        let page = match guarded(|| extractor.extract_from_page(&doc, i)) {
            Some(Ok(text)) => Page {
                rules: rules_of(&doc, i),
                glyphs: text
                    .fragments
                    .into_iter()
                    .map(|f| Glyph {
                        text: f.text,
                        x: f.x,
                        y: f.y,
                        width: f.width,
                        size: f.font_size,
                    })
                    .collect(),
            },
            Some(Err(e)) => {
                warnings.push(format!("PDF page {}: cannot be read ({e})", i + 1));
                Page::default()
            }
            None => {
                warnings.push(format!("PDF page {}: cannot be read (malformed)", i + 1));
                Page::default()
            }
        };
        let has_image = draws_image(&doc, i);
        images += usize::from(has_image);
        if has_image && page.glyphs.iter().all(|g| g.text.trim().is_empty()) {
            warnings.push(format!(
                "PDF page {}: an image without text (scanned?)",
                i + 1
            ));
        }
        pages.push(page);
    }
    if pages.iter().all(|p| p.glyphs.is_empty()) && !warnings.is_empty() && images == 0 {
        // nothing read, and pages failed: say why rather than "no text"
        return Err(corrupt(format!(
            "damaged or cut short: {}",
            warnings[0].trim_start_matches("PDF ")
        )));
    }
    check_text(&mut pages, images, &mut warnings)?;
    Ok((page::layout(&pages), warnings))
}

/// Fails on a document with no usable text (a scan, or fonts with no Unicode mapping);
/// drops unusable characters from one that has some, with a warning.
fn check_text(
    pages: &mut [Page],
    images: usize,
    warnings: &mut Vec<String>,
) -> Result<(), FormatError> {
    let chars: Vec<char> = pages
        .iter()
        .flat_map(|p| p.glyphs.iter().flat_map(|g| g.text.chars()))
        .filter(|c| !c.is_whitespace())
        .collect();
    if chars.is_empty() {
        return Err(if images > 0 {
            FormatError::ScannedPdf
        } else {
            FormatError::Corrupt {
                format: FORMAT,
                cause: "no text on any page".to_string(),
            }
        });
    }
    let bad = chars.iter().filter(|c| unusable(**c)).count();
    if bad as f64 > MAX_BAD_SHARE * chars.len() as f64 {
        return Err(FormatError::Corrupt {
            format: FORMAT,
            cause: format!(
                "text layer unreadable: {bad} of {} characters have no Unicode mapping (OCR it first)",
                chars.len()
            ),
        });
    }
    if bad > 0 {
        warnings.push(format!(
            "PDF: {bad} characters with no Unicode mapping were dropped"
        ));
        for p in pages.iter_mut() {
            for g in &mut p.glyphs {
                g.text.retain(|c| !unusable(c));
            }
        }
    }
    Ok(())
}

/// Whether a page's content draws an image (an XObject or an inline image), to tell a
/// scan from an empty page.
fn draws_image<R: std::io::Read + std::io::Seek>(doc: &PdfDocument<R>, index: u32) -> bool {
    guarded(|| {
        let page = doc.get_page(index).ok()?;
        let streams = doc.get_page_content_streams(&page).ok()?;
        Some(streams.iter().any(|s| {
            s.windows(3)
                .any(|w| w == b" Do" || w == b"\nDo" || w == b"BI\n" || w == b"BI ")
        }))
    })
    .flatten()
    .unwrap_or(false)
}

/// The straight rules a page draws (table borders), in the space of its text.
fn rules_of<R: std::io::Read + std::io::Seek>(doc: &PdfDocument<R>, index: u32) -> Vec<Rule> {
    guarded(|| {
        let page = doc.get_page(index).ok()?;
        let streams = doc.get_page_content_streams(&page).ok()?;
        let mut rules = Vec::new();
        for s in streams {
            if let Ok(ops) = ContentParser::parse(&s) {
                Painter::default().run(&ops, &mut rules);
            }
        }
        Some(rules)
    })
    .flatten()
    .unwrap_or_default()
}

/// The most nested `q` a content stream may open before further ones are ignored.
const MAX_SAVED_STATES: usize = 256;

/// Follows a content stream's transformation matrix and paths, keeping what is painted as
/// horizontal or vertical rules: thin filled rectangles, the edges of stroked ones, and
/// stroked horizontal or vertical segments.
struct Painter {
    /// The current transformation matrix `[a b c d e f]`.
    ctm: [f64; 6],
    saved: Vec<[f64; 6]>,
    rects: Vec<[f64; 4]>,
    segments: Vec<[f64; 4]>,
    at: Option<(f64, f64)>,
    start: Option<(f64, f64)>,
}

impl Default for Painter {
    fn default() -> Self {
        Painter {
            ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            saved: Vec::new(),
            rects: Vec::new(),
            segments: Vec::new(),
            at: None,
            start: None,
        }
    }
}

impl Painter {
    fn run(&mut self, ops: &[ContentOperation], rules: &mut Vec<Rule>) {
        use ContentOperation as Op;
        for op in ops {
            match *op {
                Op::SaveGraphicsState if self.saved.len() < MAX_SAVED_STATES => {
                    self.saved.push(self.ctm)
                }
                Op::RestoreGraphicsState => {
                    if let Some(m) = self.saved.pop() {
                        self.ctm = m;
                    }
                }
                Op::SetTransformMatrix(a, b, c, d, e, f) => {
                    let m = [a, b, c, d, e, f].map(f64::from);
                    self.ctm = concat(&m, &self.ctm);
                }
                Op::Rectangle(x, y, w, h) => {
                    let (x, y, w, h) = (f64::from(x), f64::from(y), f64::from(w), f64::from(h));
                    self.rects.push([x, y, x + w, y + h]);
                }
                Op::MoveTo(x, y) => {
                    self.at = Some((f64::from(x), f64::from(y)));
                    self.start = self.at;
                }
                Op::LineTo(x, y) => {
                    let to = (f64::from(x), f64::from(y));
                    if let Some(from) = self.at {
                        self.segments.push([from.0, from.1, to.0, to.1]);
                    }
                    self.at = Some(to);
                }
                Op::ClosePath => {
                    if let (Some(from), Some(to)) = (self.at, self.start) {
                        self.segments.push([from.0, from.1, to.0, to.1]);
                    }
                    self.at = self.start;
                }
                Op::Fill | Op::FillEvenOdd => self.paint(false, rules),
                Op::Stroke
                | Op::CloseStroke
                | Op::FillStroke
                | Op::FillStrokeEvenOdd
                | Op::CloseFillStroke
                | Op::CloseFillStrokeEvenOdd => self.paint(true, rules),
                Op::EndPath => self.clear(),
                _ => {}
            }
        }
    }

    fn clear(&mut self) {
        self.rects.clear();
        self.segments.clear();
        self.at = None;
        self.start = None;
    }

    /// Keeps the rules of the current path, painted by filling or stroking.
    fn paint(&mut self, stroked: bool, rules: &mut Vec<Rule>) {
        for [x0, y0, x1, y1] in std::mem::take(&mut self.rects) {
            let r = self.bbox(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]);
            if stroked {
                rules.extend([
                    Rule::new(r.x0, r.y0, r.x1, r.y0),
                    Rule::new(r.x0, r.y1, r.x1, r.y1),
                    Rule::new(r.x0, r.y0, r.x0, r.y1),
                    Rule::new(r.x1, r.y0, r.x1, r.y1),
                ]);
            } else if r.is_rule() {
                rules.push(r);
            }
        }
        if stroked {
            for [x0, y0, x1, y1] in std::mem::take(&mut self.segments) {
                let r = self.bbox(&[(x0, y0), (x1, y1)]);
                if r.is_rule() {
                    rules.push(r);
                }
            }
        }
        self.clear();
    }

    /// The box around points mapped through the matrix.
    fn bbox(&self, points: &[(f64, f64)]) -> Rule {
        let [a, b, c, d, e, f] = self.ctm;
        let mapped: Vec<(f64, f64)> = points
            .iter()
            .map(|&(x, y)| (a * x + c * y + e, b * x + d * y + f))
            .collect();
        let xs = mapped.iter().map(|p| p.0);
        let ys = mapped.iter().map(|p| p.1);
        Rule::new(
            xs.clone().fold(f64::INFINITY, f64::min),
            ys.clone().fold(f64::INFINITY, f64::min),
            xs.fold(f64::NEG_INFINITY, f64::max),
            ys.fold(f64::NEG_INFINITY, f64::max),
        )
    }
}

/// `m × n` for PDF matrices `[a b c d e f]` (row vectors: `cm` makes `m × CTM`).
fn concat(m: &[f64; 6], n: &[f64; 6]) -> [f64; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Runs `f`, turning a panic of the PDF library into `None`.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

/// A character no reader can use: replacement, private use, control.
fn unusable(c: char) -> bool {
    c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) || c.is_control()
}
