//! Review: records as one self-contained HTML page on which a researcher checks every
//! extraction in its text, corrects it and exports the corrections as gold.
//!
//! **Takes** records that carry their cleaned text (`--emit-text`: `text`, and `dropped`
//! for the page furniture left out of it; `explain` when there is one) and the rules'
//! taxonomy and deadline kinds; **gives** one HTML file that needs no network and no
//! server: the page's CSS and script (`page.css`, `page.js`, `page.html`, included
//! with `include_str!`) and the data, one `<script type="application/json">` a document,
//! parsed by the page only when the document is opened, so that a batch of thousands of
//! notices loads in the time it takes to read the index.
//!
//! The data of a document is compact JSON, its spans in chars of the cleaned text as in
//! the record (the page converts them to the browser's UTF-16 positions):
//!
//! ```text
//! {"id", "path", "file" (the file name: a gold file's `doc`), "fp" (fingerprint of the
//!  text, so that edits saved against another text are not applied), "title", "date",
//!  "issuer", "number", "error", "warnings", "text",
//!  "sections": [[start, end, level, heading chars, heading when not in the text, speaker]],
//!  "dropped": [[at, text, rule, whole line]],
//!  "tasks": [{"s", "e", "k" (kind), "st" (strength), "c" (category ids),
//!             "b": [[text, source, start, end, rule]], "d": [[text, kind, start, end, rule,
//!             resolved]], "m": [[start, end, value, unit]], "a" (actions),
//!             "r" (rule indices), "x": [[field, value, rule, start, end, text]]}]}
//! ```
//!
//! Rule ids and explain fields are numbers into the page's tables (`rules`, `fields`),
//! which with the categories, the deadline kinds and the index of documents make up the
//! page's metadata. Every string is escaped for a `<script>` element (`<` as `\u003c`).

use crate::output::html::{escape as html_escape, CJK_FONTS};
use crate::record::{BodySource, Kind, Record, Task};
use crate::rules::RuleSet;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// The page's style sheet.
const CSS: &str = include_str!("page.css");
/// The page's script: rendering, filters, keyboard, correction mode, export.
const JS: &str = include_str!("page.js");
/// The page's body before the data: the frame the script fills in.
const BODY: &str = include_str!("page.html");

/// The fields an explanation may give, in the order the page lists them.
const FIELDS: [&str; 7] = [
    "kind",
    "strength",
    "categories",
    "bodies",
    "deadline",
    "metrics",
    "actions",
];

/// Why a record cannot go on the page.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The record was extracted without `--emit-text`: its spans point into a text it does not hold.
    #[error("{id}: the record holds no text (extract it with --emit-text)")]
    NoText {
        /// The record's document id.
        id: String,
    },
}

/// A review page being built: records are added one by one (each becomes compact JSON at
/// once, so a batch is held as its page data, not as records), then [`Review::html`].
#[derive(Debug)]
pub struct Review {
    categories: Vec<(String, String)>,
    deadline_kinds: Vec<String>,
    rules: Vec<String>,
    rule_ids: HashMap<String, usize>,
    index: Vec<IndexEntry>,
    docs: Vec<String>,
    title: String,
}

/// A document in the page's index.
#[derive(Debug, Serialize)]
struct IndexEntry {
    id: String,
    title: Option<String>,
    tasks: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The page's metadata: the tables the documents' data refer to, and the index.
#[derive(Serialize)]
struct Meta<'a> {
    title: &'a str,
    categories: &'a [(String, String)],
    deadline_kinds: &'a [String],
    rules: &'a [String],
    fields: [&'static str; 7],
    docs: &'a [IndexEntry],
}

#[derive(Serialize)]
struct DocData<'a> {
    id: &'a str,
    path: &'a str,
    file: String,
    fp: String,
    title: Option<&'a str>,
    date: Option<&'a str>,
    issuer: &'a [String],
    number: Option<&'a str>,
    error: Option<&'a str>,
    warnings: &'a [String],
    text: &'a str,
    sections: Vec<SectionData<'a>>,
    dropped: Vec<(usize, &'a str, &'a str, bool)>,
    tasks: Vec<TaskData<'a>>,
}

/// A section: span, level, how many chars of the text open it as its heading, the heading
/// when the text there is not it, the speaker of a speaker's part.
type SectionData<'a> = (usize, usize, u8, usize, Option<&'a str>, Option<&'a str>);
/// A body: text, `e`xplicit or `i`nherited, span (when known), rule index.
type BodyData<'a> = (&'a str, &'static str, Option<usize>, Option<usize>, usize);
/// A deadline: text, kind, span, rule index, what it resolves to (empty when nothing).
type DeadlineData<'a> = (&'a str, &'a str, usize, usize, usize, String);
/// An explanation: field index, value, rule index, span (when known), text when it is not
/// the span's slice.
type ExplainData<'a> = (
    usize,
    &'a str,
    usize,
    Option<usize>,
    Option<usize>,
    Option<&'a str>,
);

#[derive(Serialize)]
struct TaskData<'a> {
    s: usize,
    e: usize,
    k: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    st: Option<&'static str>,
    c: &'a [String],
    b: Vec<BodyData<'a>>,
    d: Vec<DeadlineData<'a>>,
    m: Vec<(usize, usize, f64, &'a str)>,
    a: &'a [String],
    r: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<Vec<ExplainData<'a>>>,
}

impl Review {
    /// An empty page whose editors offer the categories and deadline kinds of `rules`.
    pub fn new(rules: &RuleSet) -> Self {
        Review {
            categories: rules
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect(),
            deadline_kinds: rules.deadline_kinds.iter().map(|k| k.id.clone()).collect(),
            rules: Vec::new(),
            rule_ids: HashMap::new(),
            index: Vec::new(),
            docs: Vec::new(),
            title: "zhenggai review".to_string(),
        }
    }

    /// Sets the page's title (`<title>` and heading). Default: `zhenggai review`.
    pub fn title(&mut self, title: &str) -> &mut Self {
        self.title = title.to_string();
        self
    }

    /// How many documents the page holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the page holds no document.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Adds a record. A record of a document that could not be read goes into the index
    /// with its error; any other must hold its text.
    pub fn add(&mut self, record: &Record) -> Result<(), ReviewError> {
        let text = match (&record.text, &record.error) {
            (Some(t), _) => t.as_str(),
            (None, Some(_)) => "",
            (None, None) => {
                return Err(ReviewError::NoText {
                    id: record.doc.id.clone(),
                })
            }
        };
        let data = self.doc_data(record, text);
        let json = serde_json::to_string(&data).unwrap_or_else(|_| "null".to_string());
        self.docs.push(script_safe(&json));
        self.index.push(IndexEntry {
            id: record.doc.id.clone(),
            title: record.doc.title.clone(),
            tasks: record.tasks.len(),
            error: record.error.clone(),
        });
        Ok(())
    }

    /// The page: one HTML file with its data, style and script.
    pub fn html(&self) -> String {
        let meta = Meta {
            title: &self.title,
            categories: &self.categories,
            deadline_kinds: &self.deadline_kinds,
            rules: &self.rules,
            fields: FIELDS,
            docs: &self.index,
        };
        let meta = script_safe(&serde_json::to_string(&meta).unwrap_or_default());
        let size = self.docs.iter().map(String::len).sum::<usize>() + meta.len();
        let mut s = String::with_capacity(size + CSS.len() + JS.len() + BODY.len() + 1024);
        s.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        s.push_str("<title>");
        s.push_str(&html_escape(&self.title));
        s.push_str("</title>\n<style>\n:root { --cjk: ");
        s.push_str(CJK_FONTS);
        s.push_str("; }\n");
        s.push_str(CSS);
        s.push_str("</style>\n</head>\n<body>\n");
        s.push_str(BODY);
        s.push_str("<script type=\"application/json\" id=\"zg-meta\">");
        s.push_str(&meta);
        s.push_str("</script>\n");
        for (i, d) in self.docs.iter().enumerate() {
            s.push_str("<script type=\"application/json\" id=\"zg-doc-");
            s.push_str(&i.to_string());
            s.push_str("\">");
            s.push_str(d);
            s.push_str("</script>\n");
        }
        s.push_str("<script>\n");
        s.push_str(JS);
        s.push_str("</script>\n</body>\n</html>\n");
        s
    }

    fn rule(&mut self, id: &str) -> usize {
        if let Some(&i) = self.rule_ids.get(id) {
            return i;
        }
        let i = self.rules.len();
        self.rules.push(id.to_string());
        self.rule_ids.insert(id.to_string(), i);
        i
    }

    fn doc_data<'a>(&mut self, record: &'a Record, text: &'a str) -> DocData<'a> {
        let doc = &record.doc;
        let chars: Vec<char> = text.chars().collect();
        let sections = doc
            .sections
            .iter()
            .map(|s| {
                let [start, end] = s.span;
                let heading = heading_chars(&chars, start, &s.title);
                let title = (heading == 0).then_some(s.title.as_str());
                (start, end, s.level, heading, title, s.speaker.as_deref())
            })
            .collect();
        let dropped = record
            .dropped
            .iter()
            .flatten()
            .map(|f| (f.at, f.text.as_str(), f.rule.as_str(), f.whole_line))
            .collect();
        let tasks = record
            .tasks
            .iter()
            .map(|t| self.task_data(t, &chars))
            .collect();
        DocData {
            id: &doc.id,
            path: &doc.path,
            file: file_name(doc),
            fp: fingerprint(text),
            title: doc.title.as_deref(),
            date: doc.date.as_deref(),
            issuer: &doc.issuer,
            number: doc.number.as_deref(),
            error: record.error.as_deref(),
            warnings: &record.warnings,
            text,
            sections,
            dropped,
            tasks,
        }
    }

    fn task_data<'a>(&mut self, t: &'a Task, chars: &[char]) -> TaskData<'a> {
        let b = t
            .bodies
            .iter()
            .map(|b| {
                let source = match b.source {
                    BodySource::Explicit => "e",
                    BodySource::Inherited => "i",
                };
                let span = b.span.map(|[s, e]| (s, e));
                (
                    b.text.as_str(),
                    source,
                    span.map(|x| x.0),
                    span.map(|x| x.1),
                    self.rule(&b.rule),
                )
            })
            .collect();
        let d = t
            .deadline
            .iter()
            .map(|d| {
                let resolved = [
                    d.date.as_deref().map(|x| format!("date {x}")),
                    match (&d.from, &d.to) {
                        (Some(f), Some(to)) => Some(format!("{f} – {to}")),
                        _ => None,
                    },
                    d.duration.clone(),
                    d.every.as_deref().map(|x| format!("every {x}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                (
                    d.text.as_str(),
                    d.kind.as_str(),
                    d.span[0],
                    d.span[1],
                    self.rule(&d.rule),
                    resolved,
                )
            })
            .collect();
        let x = t.explain.as_ref().map(|xs| {
            xs.iter()
                .map(|x| {
                    let field = FIELDS.iter().position(|f| *f == x.field).unwrap_or(0);
                    let (s, e) = match x.span {
                        Some([s, e]) => (Some(s), Some(e)),
                        None => (None, None),
                    };
                    // the text only when the span does not give it
                    let sliced = x.span.and_then(|[s, e]| chars.get(s..e));
                    let same = sliced.is_some_and(|c| c.iter().copied().eq(x.text.chars()));
                    (
                        field,
                        x.value.as_str(),
                        self.rule(&x.rule),
                        s,
                        e,
                        (!same).then_some(x.text.as_str()),
                    )
                })
                .collect()
        });
        TaskData {
            s: t.span[0],
            e: t.span[1],
            k: match t.kind {
                Kind::Directive => "directive",
                Kind::Report => "report",
            },
            st: t.strength.map(|s| s.as_str()),
            c: &t.categories,
            b,
            d,
            m: t.metrics
                .iter()
                .map(|m| (m.span[0], m.span[1], m.value, m.unit.as_str()))
                .collect(),
            a: &t.actions,
            r: t.rules.iter().map(|r| self.rule(r)).collect(),
            x,
        }
    }
}

/// How many chars of a section's heading open its span (0 when the text there is not the
/// heading as recorded).
fn heading_chars(chars: &[char], start: usize, title: &str) -> usize {
    let n = title.chars().count();
    match chars.get(start..start + n) {
        Some(at) if at.iter().copied().eq(title.chars()) => n,
        _ => 0,
    }
}

/// The file name a gold file names its document by (`eval` pairs records and gold by it):
/// that of `doc.path`, else of `doc.id`.
fn file_name(doc: &crate::record::DocInfo) -> String {
    let path = if doc.path.is_empty() {
        &doc.id
    } else {
        &doc.path
    };
    Path::new(path)
        .file_name()
        .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned())
}

/// FNV-1a 64 of the text, with its length: edits saved in the browser against one text are
/// not applied to another.
fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{}-{h:016x}", text.len())
}

/// JSON made safe inside a `<script>` element: no `<` (so no `</script>` and no `<!--`).
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review_of(text: &str) -> (Review, Record) {
        let pipeline = crate::Pipeline::new(RuleSet::defaults().expect("rules")).expect("pipeline");
        let opts = crate::Options {
            emit_text: true,
            ..Default::default()
        };
        let record = pipeline
            .run_bytes("a.txt", "dir/a.txt", text.as_bytes(), &opts)
            .record;
        let mut review = Review::new(pipeline.rules());
        review.add(&record).expect("added");
        (review, record)
    }

    #[test]
    fn a_record_becomes_one_script_of_data() {
        let (review, record) =
            review_of("各级党委要于年底前完成整改。</script><!-- 去年已整改9项。");
        let html = review.html();
        assert_eq!(review.len(), 1);
        assert_eq!(html.matches("<script type=\"application/json\"").count(), 2);
        // nothing in the data closes a script or opens a comment
        let data = &review.docs[0];
        assert!(!data.contains('<'));
        let back: serde_json::Value = serde_json::from_str(data).expect("json");
        assert_eq!(back["file"], "a.txt");
        assert_eq!(back["text"], record.text.clone().unwrap_or_default());
        let t = &back["tasks"][0];
        assert_eq!(
            (t["s"].as_u64(), t["k"].as_str()),
            (Some(0), Some("directive"))
        );
    }

    #[test]
    fn a_record_without_text_is_refused() {
        let (mut review, mut record) = review_of("各级党委要于年底前完成整改。");
        record.text = None;
        let e = review.add(&record).unwrap_err().to_string();
        assert_eq!(
            e,
            "a.txt: the record holds no text (extract it with --emit-text)"
        );
        record.error = Some("cannot read".into());
        assert!(review.add(&record).is_ok(), "a failed document is listed");
    }

    #[test]
    fn helpers() {
        let chars: Vec<char> = "一、总体要求\n正文".chars().collect();
        assert_eq!(heading_chars(&chars, 0, "一、总体要求"), 6);
        assert_eq!(heading_chars(&chars, 1, "一、总体要求"), 0);
        assert_eq!(fingerprint(""), "0-cbf29ce484222325");
        assert_eq!(script_safe("\"</script>\""), "\"\\u003c/script>\"");
    }
}
