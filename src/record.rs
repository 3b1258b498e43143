//! The document record: what the pipeline gives for one document, the JSON contract of
//! `docs/OUTPUT.md`. Plain data that owns its strings (the stages before pass spans into
//! one cleaned text; only the record copies text out). Field names are a contract: fields
//! are added, never renamed or removed without a new `schema` version. Values of a closed
//! set are typed ([`Kind`], [`Strength`], [`BodySource`]); a deadline's kind is one the
//! rules declare ([`DeadlineKind`]), so a new kind needs no change here. The writers are
//! in [`crate::output`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::BufRead;
use std::path::Path;

/// The schema id written into every record.
pub const SCHEMA: &str = "zhenggai/1";

/// One record per input document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// What the document is.
    pub doc: DocInfo,
    /// The task items, in document order.
    pub tasks: Vec<Task>,
    /// What the reader should know: replaced bytes, a guessed encoding, dropped furniture.
    pub warnings: Vec<String>,
    /// Set when the document could not be read at all; then `tasks` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The cleaned text the spans refer to, with `--emit-text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// With `--emit-text`: the page furniture the clean stage left out of `text`, each piece
    /// with where it stood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<Vec<Furniture>>,
}

/// Takes a record in parts, as the pipeline makes it
/// ([`crate::Pipeline::run_owned_into`]): its head, then each task as soon as it is made.
/// What follows the tasks (`warnings`, `error`, `text`, `dropped`) comes with the rest of
/// the record when the pipeline returns, so that a writer can put a large document's
/// tasks out one at a time instead of holding them all.
pub trait RecordSink {
    /// The document's facts, once the document-level decisions are made, before its first
    /// task (the record's `schema` is [`SCHEMA`]). Not called for a document that could
    /// not be read.
    fn head(&mut self, doc: &DocInfo) -> std::io::Result<()>;
    /// The next task, in document order.
    fn task(&mut self, task: Task) -> std::io::Result<()>;
}

/// Collects the tasks: the record held whole.
impl RecordSink for Vec<Task> {
    fn head(&mut self, _doc: &DocInfo) -> std::io::Result<()> {
        Ok(())
    }

    fn task(&mut self, mut task: Task) -> std::io::Result<()> {
        // held until the document's end: no room to grow
        task.shrink_to_fit();
        self.push(task);
        Ok(())
    }
}

/// A piece of page furniture (a file name, `责任编辑：…`, share buttons) that the clean stage
/// dropped, and where it stood in the cleaned text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Furniture {
    /// The text dropped.
    pub text: String,
    /// The furniture rule that dropped it.
    pub rule: String,
    /// The offset, in chars of the cleaned text, before which it stood (a whole line: the
    /// start of the next line kept, or the text's end).
    pub at: usize,
    /// Whether its whole line was dropped (else it was cut out of a line that stayed).
    pub whole_line: bool,
}

/// Facts about the document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
pub struct DocInfo {
    /// Stable id: the path relative to the input root it was found under.
    pub id: String,
    /// The path as given on the command line (joined with the file's place below it).
    pub path: String,
    /// The encoding used to decode the bytes (plain text and HTML; none for DOCX and PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The container format the text was read from: `docx` or `pdf`; absent for plain text
    /// and HTML. Spans refer to the text read from it (`--emit-text` gives it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The title, when the text has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The date of the document (ISO `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when that is all the text gives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The issuing bodies the text names.
    #[serde(default)]
    pub issuer: Vec<String>,
    /// The document number (`中办发〔2019〕16号`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The bodies the document addresses (`要求各地区各部门…`): the inherited body of last resort.
    #[serde(default)]
    pub addressees: Vec<String>,
    /// Length of the cleaned text in chars.
    pub chars: usize,
    /// Sections and speaker parts, in document order.
    #[serde(default)]
    pub sections: Vec<SectionInfo>,
}

/// A section: a heading and what it spans.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SectionInfo {
    /// Index in `doc.sections`.
    pub id: usize,
    /// The heading as written.
    pub title: String,
    /// 1 for the outermost heading level; 0 for a speaker's part of a compilation (opened
    /// by a speaker line or an author's byline), which holds the numbered sections of its text.
    pub level: u8,
    /// `[start, end)` in chars of the cleaned text, heading included.
    pub span: [usize; 2],
    /// The speaking organisation of a part of a compilation of speeches.
    #[serde(default)]
    pub speaker: Option<String>,
    /// The id of the rule that recognised the heading.
    pub rule: String,
}

/// One rectification task item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Task {
    /// `<doc id>#<n>`, n counting tasks from 0.
    pub id: String,
    /// The unit's text, sliced from the cleaned text.
    pub text: String,
    /// `[start, end)` in chars of the cleaned text.
    pub span: [usize; 2],
    /// The heading path above the unit, outermost first.
    pub section: Vec<String>,
    /// `directive` or `report`.
    pub kind: Kind,
    /// For directives: `mandatory`, `directive`, `encouraged` or `prohibited`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<Strength>,
    /// Category ids, main first.
    pub categories: Vec<String>,
    /// Who must act or acted.
    pub bodies: Vec<Body>,
    /// The problem the task answers, when a table row states it in a problem column
    /// (`存在问题`); the statement itself is no task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
    /// Time expressions that govern the task.
    pub deadline: Vec<Deadline>,
    /// Main verbs.
    pub actions: Vec<String>,
    /// Numbers with their units.
    pub metrics: Vec<Metric>,
    /// Ids of the rules that produced the item and its fields.
    pub rules: Vec<String>,
    /// With `--explain`: for each field value, the rule and the text that produced it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Explanation>>,
}

impl Task {
    /// Gives back the spare capacity of the task's lists (a list pushed to holds room for
    /// four or more): for a sink that holds a document's tasks until its record is written.
    pub fn shrink_to_fit(&mut self) {
        self.section.shrink_to_fit();
        self.categories.shrink_to_fit();
        self.bodies.shrink_to_fit();
        self.deadline.shrink_to_fit();
        self.actions.shrink_to_fit();
        self.metrics.shrink_to_fit();
        self.rules.shrink_to_fit();
        if let Some(explain) = &mut self.explain {
            explain.shrink_to_fit();
        }
    }
}

/// Why a field has a value: the rule that produced it and the text it matched.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Explanation {
    /// The field: `kind`, `strength`, `categories`, `bodies`, `deadline`, `metrics` or `actions`.
    pub field: String,
    /// The value the field got (a kind, a category id, a body's name …).
    pub value: String,
    /// The rule (or built-in step) that produced it.
    pub rule: String,
    /// The text the rule matched: in the unit, or where the value came from (a heading, the
    /// sentence before); empty for a default (`kind.prevailing`, `category.fallback`).
    pub text: String,
    /// Where that text is, in chars of the cleaned text, when it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
}

/// A responsible body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Body {
    /// As written.
    pub text: String,
    /// The name with parentheses and white space normalised (`各级党委(党组)` → `各级党委（党组）`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// `explicit` (named in the unit) or `inherited` (from a speaker, the sentence before, the addressees).
    pub source: BodySource,
    /// Where it is written: in the unit for explicit bodies, where it was inherited from otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    /// `lead` or `support`, where the text gives one (`X牵头`, `Y配合`, a 牵头单位 column);
    /// absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<BodyRole>,
    /// The rule that found it.
    pub rule: String,
}

/// The problem a task answers, as a table row states it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Problem {
    /// As written (the row's problem cell).
    pub text: String,
    /// `[start, end)` in chars of the cleaned text.
    pub span: [usize; 2],
}

/// A time expression.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Deadline {
    /// As written.
    pub text: String,
    /// One of the deadline kinds declared in the rules (those of `TASKS.md` by default).
    pub kind: DeadlineKind,
    /// `[start, end)` in chars of the cleaned text.
    pub span: [usize; 2],
    /// ISO date when it can be resolved against the document's date: the last day allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// First day of a period (`今年上半年` → `2019-01-01`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day of a period (`今年上半年` → `2019-06-30`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// ISO 8601 duration of a `duration` (`3年半` → `P3Y6M`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The period of a `periodic` deadline: `year`, `half-year`, `quarter`, `month`, `week`, `ten-days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    /// The rule that found it.
    pub rule: String,
}

/// A number with its unit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Metric {
    /// As written (`12.2万人`).
    pub text: String,
    /// The parsed value (`122000`); saturates instead of overflowing.
    pub value: f64,
    /// The unit (`人`, `%`, `元`).
    pub unit: String,
    /// `[start, end)` in chars of the cleaned text.
    pub span: [usize; 2],
}

/// Declares a closed set of values written as lower-case strings in the record.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order of the declaration.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name written in the record.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value written as `s`, if any.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

string_enum! {
    /// The two kinds of task item.
    Kind {
        /// Someone is told to act.
        Directive = "directive",
        /// An action taken or a result reached is reported.
        Report = "report",
    }
}

string_enum! {
    /// How firmly a directive obliges.
    Strength {
        /// 必须, 务必, 确保: no choice.
        Mandatory = "mandatory",
        /// 要, 应当: the ordinary directive.
        Directive = "directive",
        /// 鼓励, 支持, 可以: encouraged.
        Encouraged = "encouraged",
        /// 不得, 严禁: forbidden.
        Prohibited = "prohibited",
    }
}

string_enum! {
    /// What part a body plays where several share a task.
    BodyRole {
        /// Leads the work (`牵头`, `负总责`, the first-named where the notice says the first leads).
        Lead = "lead",
        /// Assists the one who leads (`配合`, `协助`, `参与`, `按职责分工负责` after a lead).
        Support = "support",
    }
}

string_enum! {
    /// Where a body comes from.
    BodySource {
        /// Named in the unit itself as the one who acts.
        Explicit = "explicit",
        /// From the context: a table column, the sentence before, a speaker, the addressees.
        Inherited = "inherited",
    }
}

/// A deadline kind: one of those the rule files declare (`[[deadline_kind]]`; by default
/// the kinds of `TASKS.md`), written as its id.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct DeadlineKind(pub String);

impl DeadlineKind {
    /// The kind's id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DeadlineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for DeadlineKind {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// The JSON Schema (draft 2020-12) of a record, generated from these types: what
/// `zhenggai schema` prints and `docs/record.schema.json` holds. The `schema` field is
/// pinned to [`SCHEMA`], so a record of another version does not validate.
pub fn schema_json() -> String {
    let mut schema = schemars::schema_for!(Record).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "title".into(),
            format!("zhenggai document record ({SCHEMA})").into(),
        );
        obj.insert(
            "description".into(),
            "One record per input document, as `zhenggai extract` writes it; the contract of docs/OUTPUT.md."
                .into(),
        );
        if let Some(field) = obj
            .get_mut("properties")
            .and_then(|p| p.get_mut("schema"))
            .and_then(|f| f.as_object_mut())
        {
            field.insert("const".into(), SCHEMA.into());
        }
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether a path names a record file (`.jsonl`, `.ndjson`, `.json`, any case) rather than
/// a notice.
pub fn is_record_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jsonl" | "ndjson" | "json"))
}

/// Reads a record file: JSON Lines (one record a line, blank lines skipped), a JSON array
/// of records (the first non-blank byte is `[`), or one record spread over many lines.
/// Calls `each` on every record read and gives one message per line (or array) that is not
/// a record, naming the line. The one reader of every command that takes
/// records; it streams JSON Lines, so a file of any size is read in bounded memory.
pub fn read_records<R: BufRead>(mut reader: R, mut each: impl FnMut(Record)) -> Vec<String> {
    let starts_with_bracket = reader
        .fill_buf()
        .map(|b| b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'['))
        .unwrap_or(false);
    if starts_with_bracket {
        let mut text = String::new();
        if let Err(e) = reader.read_to_string(&mut text) {
            return vec![format!("cannot read: {e}")];
        }
        return match serde_json::from_str::<Vec<Record>>(&text) {
            Ok(records) => {
                records.into_iter().for_each(each);
                Vec::new()
            }
            Err(e) => vec![format!("not a JSON array of records: {e}")],
        };
    }
    let mut problems = Vec::new();
    let (mut line, mut n, mut read_any) = (String::new(), 0, false);
    loop {
        line.clear();
        n += 1;
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) if line.trim().is_empty() => {}
            Ok(_) => match serde_json::from_str::<Record>(&line) {
                Ok(r) => {
                    read_any = true;
                    each(r);
                }
                // a first line that opens an object: one record, pretty-printed
                Err(_) if !read_any && problems.is_empty() && line.trim() == "{" => {
                    let mut rest = std::mem::take(&mut line);
                    if let Err(e) = reader.read_to_string(&mut rest) {
                        return vec![format!("cannot read: {e}")];
                    }
                    match serde_json::from_str::<Record>(&rest) {
                        Ok(r) => each(r),
                        Err(e) => problems.push(format!("not a record: {e}")),
                    }
                    break;
                }
                Err(e) => problems.push(format!("line {n}: not a record: {e}")),
            },
            Err(e) => {
                problems.push(format!("line {n}: cannot read: {e}"));
                break;
            }
        }
    }
    problems
}

/// Every record of a record file, or the file's first problem (without the path).
pub fn read_record_file(path: &Path) -> Result<Vec<Record>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut records = Vec::new();
    let problems = read_records(std::io::BufReader::new(file), |r| records.push(r));
    match problems.into_iter().next() {
        Some(p) => Err(p),
        None => Ok(records),
    }
}
