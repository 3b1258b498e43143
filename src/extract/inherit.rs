//! Inheritance: the body of a task unit that names nobody, from its context.
//!
//! Most specific first (TASKS.md "inherited"):
//! 0. `body.inherit.table-column`: in a table, the row's responsible-body cells; else
//!    `body.inherit.note`: the responsibility note closing the unit ([`super::note`]).
//!    These hold beside the bodies the unit names ([`alongside`]);
//! 1. `body.inherit.previous`: the explicit subject of a task at most [`PREVIOUS_REACH`] tasks
//!    before, in the same paragraph and section;
//! 2. `body.inherit.holder`: for a directive, the body that held a meeting of its own (its
//!    民主生活会, 党委会, 领导小组会议) the document reports;
//!    `body.inherit.speaker`: the speaker heading the part of a compilation of speeches;
//!    `body.inherit.audience`: for a directive, the audience the document names (those who
//!    attend the meeting, those it gathers, the body whose report a leader hears);
//!    `body.inherit.author`: for a report, the body the document's reports most often name
//!    as their subject (its author: `学院`, `学校党委`); else `body.inherit.voice`: the
//!    organisation the document speaks as (`我校…`, `我局…`: a speech reviewing its own
//!    organisation's work); for a directive, that organisation (not a place's pronoun)
//!    after the speaker, before the addressees' step, where nobody is addressed and the
//!    document is no plan of its own;
//!
//!    A report stops here: steps 3 to 5 name those told to act, not those who acted;
//! 3. `body.inherit.addressee`: for a directive, the bodies the notice addresses
//!    (`各省、自治区、直辖市人民政府，…：`, `要求各地区各部门…`): TASKS.md names them after the sentence before, and a notice's
//!    measures are for them before any collective one of its parts mentions;
//! 4. `body.inherit.section`: the first collective body (`各地各部门`) named in the top-level section;
//! 5. `body.inherit.collective`: the collective body named last before the unit, else the
//!    document's first;
//! 6. `body.inherit.own-plan`: for a directive of a plan an organisation draws up for its own
//!    work, named at the start of its title (`2022年高考某中学考点疫情防控工作方案`, rule
//!    `structure.issuer.own-plan`), that organisation: the plan has no addressees.
//!
//! The ids are those of built-in steps, not of rule files: they name the step in `rules`
//! and `explain` as a rule id names a rule.

use super::document::Document;
use super::note::{self, INHERIT_NOTE, ROLE_NOTE_WORDS};
use super::role::{self, ROLE_COLUMN, ROLE_NOTE};
use crate::record::{BodyRole, Explanation};
use crate::structure::{Role, Structure};
use crate::text::has_han;
use std::collections::HashMap;

/// Ids of the built-in inheritance steps.
pub const INHERIT_PREVIOUS: &str = "body.inherit.previous";
/// See the module doc.
pub const INHERIT_HOLDER: &str = "body.inherit.holder";
/// See the module doc.
pub const INHERIT_SPEAKER: &str = "body.inherit.speaker";
/// See the module doc.
pub const INHERIT_AUDIENCE: &str = "body.inherit.audience";
/// See the module doc.
pub const INHERIT_AUTHOR: &str = "body.inherit.author";
/// See the module doc.
pub const INHERIT_VOICE: &str = "body.inherit.voice";
/// See the module doc.
pub const INHERIT_SECTION: &str = "body.inherit.section";
/// See the module doc.
pub const INHERIT_ADDRESSEE: &str = "body.inherit.addressee";
/// See the module doc.
pub const INHERIT_COLLECTIVE: &str = "body.inherit.collective";
/// See the module doc.
pub const INHERIT_TABLE: &str = "body.inherit.table-column";
/// See the module doc.
pub const INHERIT_OWN_PLAN: &str = "body.inherit.own-plan";
/// The structure rule that reads a plan's own organisation from its title.
const OWN_PLAN_ISSUER: &str = "structure.issuer.own-plan";
/// How many task units after an explicit subject still inherit it.
pub const PREVIOUS_REACH: usize = 3;

/// A body named for a unit elsewhere: its name, where it is written (chars), if anywhere,
/// its role, and the step that gave the role.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct NamedBody {
    pub text: String,
    pub span: Option<[usize; 2]>,
    pub role: Option<(BodyRole, &'static str)>,
}

impl NamedBody {
    /// A body without a role.
    pub fn plain(text: String, span: Option<[usize; 2]>) -> Self {
        NamedBody {
            text,
            span,
            role: None,
        }
    }
}

/// Bodies named for a unit elsewhere.
pub(super) type Named = Vec<NamedBody>;

/// A body's role, if any, with the step that gave it.
type RoleGiven = Option<(BodyRole, &'static str)>;

/// The explicit subjects of the last task that named some.
pub(super) struct Subjects {
    pub line: usize,
    pub section: Option<usize>,
    pub task_number: usize,
    pub bodies: Named,
}

/// A headline unit (`整治…的问题。`) whose categories the units after it on its line take.
pub(super) struct Topic {
    pub line: usize,
    pub categories: Vec<String>,
    pub why: Vec<Explanation>,
}

/// What the units read so far leave for the next one: the last explicit subjects, the last
/// headline topic, and the heading units passed.
#[derive(Default)]
pub(super) struct Discourse {
    pub previous: Option<Subjects>,
    pub topic: Option<Topic>,
    pub headings: Headings,
}

/// The last heading unit of each byte length before the unit being read, kept up to date
/// in one forward walk (where a speaker's name is written: see [`speaker_span`]).
#[derive(Default)]
pub(super) struct Headings {
    /// Units looked at so far.
    next: usize,
    /// Byte length → index of the last heading unit of that length.
    last_of_len: HashMap<usize, usize>,
}

impl Headings {
    /// Takes in every unit that starts before `start`.
    pub fn advance(&mut self, st: &Structure, start: usize) {
        while let Some(h) = st.units.get(self.next).filter(|h| h.start < start) {
            if h.role == Role::Heading {
                self.last_of_len.insert(h.end - h.start, self.next);
            }
            self.next += 1;
        }
    }
}

/// The inherited bodies of unit `ui` and the id of the step that gave them (module doc);
/// `task_number`: how many tasks came before it.
pub(super) fn inherit(
    doc: &Document<'_>,
    ui: usize,
    discourse: &Discourse,
    task_number: usize,
    kind: crate::record::Kind,
) -> Option<(&'static str, Named)> {
    let st = doc.st;
    let u = &st.units[ui];
    let top = st.top(u.section);
    if let Some(named) = table_column(doc, ui) {
        return Some((INHERIT_TABLE, named));
    }
    // a report's sentence that names nobody is its author's, unless it runs on from the
    // sentence whose subject came before (after `；`, `，`, `：`) or opens with a pronoun
    // for it (lexicon back-pronoun)
    let report_by_author = kind == crate::record::Kind::Report
        && (doc.author.is_some() || doc.voice.is_some())
        && !runs_on(doc.text, u.start)
        && !doc
            .rules
            .terms("back-pronoun")
            .starts(doc.piece(ui).text.trim_start());
    if let Some(p) = discourse.previous.as_ref().filter(|_| !report_by_author) {
        if p.line == u.line
            && p.section == u.section
            && task_number - p.task_number <= PREVIOUS_REACH
        {
            return Some((INHERIT_PREVIOUS, p.bodies.clone()));
        }
    }
    // what a body's own meeting requires is for that body; what a speaker directs is for
    // the audience; what a part reports, its speaker did
    let directive = kind == crate::record::Kind::Directive;
    if directive && !doc.holder.is_empty() {
        return Some((INHERIT_HOLDER, doc.holder.clone()));
    }
    if directive && !doc.audience.is_empty() {
        return Some((INHERIT_AUDIENCE, doc.audience.clone()));
    }
    if let Some(s) = st.speaker(u.section) {
        let at = speaker_span(doc, &discourse.headings, s);
        return Some((INHERIT_SPEAKER, vec![NamedBody::plain(s.to_string(), at)]));
    }
    let in_report = !directive || doc.prevailing == crate::record::Kind::Report;
    if let Some(a) = doc.author.as_ref().filter(|_| in_report) {
        return Some((INHERIT_AUTHOR, vec![a.clone()]));
    }
    if let Some(v) = doc.voice.as_ref().filter(|_| !directive) {
        return Some((INHERIT_VOICE, vec![v.clone()]));
    }
    // those a notice addresses, and the collectives it names, are told what to do: what a
    // report says was done is not theirs (TASKS.md "inherited")
    if !directive {
        return None;
    }
    // a speech at its organisation's own meeting (`我校…`) is given to that organisation
    if let Some(v) = doc.voice.as_ref().filter(|v| !doc.voice_is_place(v)) {
        if doc.addressees.is_empty() && doc.own_plan.is_none() {
            return Some((INHERIT_VOICE, vec![v.clone()]));
        }
    }
    if !doc.addressees.is_empty() {
        let named = (doc.addressees.iter())
            .map(|a| NamedBody::plain(a.clone(), None))
            .collect();
        return Some((INHERIT_ADDRESSEE, named));
    }
    if let Some(b) = doc.section_collective.get(&top) {
        return Some((INHERIT_SECTION, vec![NamedBody::plain(b.clone(), None)]));
    }
    // collectives are in unit order: the last one before `ui`, else the first
    let before = doc.collectives.partition_point(|(at, _)| *at < ui);
    let collective = (before.checked_sub(1))
        .and_then(|k| doc.collectives.get(k))
        .or(doc.collectives.first())
        .map(|(_, b)| (INHERIT_COLLECTIVE, vec![NamedBody::plain(b.clone(), None)]));
    collective.or_else(|| {
        (doc.own_plan.as_ref()).map(|b| (INHERIT_OWN_PLAN, vec![NamedBody::plain(b.clone(), None)]))
    })
}

/// The organisation whose own plan the document is: the issuer its title names, read by
/// rule `structure.issuer.own-plan` ([`INHERIT_OWN_PLAN`]).
pub(super) fn own_plan(st: &Structure) -> Option<String> {
    let own_plan = st.rules.iter().any(|r| r == OWN_PLAN_ISSUER);
    st.issuer.first().filter(|_| own_plan).cloned()
}

/// Whether the text before byte `start` ends a clause, not a sentence (`；`, `，`, `：`).
fn runs_on(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or_default().trim_end();
    before.ends_with(['；', ';', '，', ',', '：', ':'])
}

/// The bodies that hold for a unit beside those it names: its table row's, else those of
/// the responsibility note that closes it ([`super::note`]).
pub(super) fn alongside(doc: &Document<'_>, ui: usize) -> Option<(&'static str, Named)> {
    if let Some(named) = table_column(doc, ui) {
        return Some((INHERIT_TABLE, named));
    }
    let note = doc.note_of.get(&ui).and_then(|&i| doc.notes.get(i))?;
    (!note.bodies.is_empty()).then(|| (INHERIT_NOTE, note.bodies.clone()))
}

/// The bodies of the responsible-body cells of a table row the unit lies in: its 牵头单位
/// (lead), 责任单位 and 配合单位 (support) cells, each name with its role ([`cell_names`]).
pub(super) fn table_column(doc: &Document<'_>, ui: usize) -> Option<Named> {
    let row = doc.st.units[ui].cell.and_then(|c| doc.st.rows.get(c.row))?;
    let columns = [
        (&row.lead_units, Some(BodyRole::Lead)),
        (&row.body_units, None),
        (&row.support_units, Some(BodyRole::Support)),
    ];
    let mut named: Named = Vec::new();
    for (units, role) in columns {
        for &bi in units {
            let cell = doc.piece(bi);
            let column = role.map(|r| (r, ROLE_COLUMN));
            for (s, e, role) in cell_names(doc, cell.text, column) {
                let text = cell.slice(s, e).to_string();
                if !named.iter().any(|n| n.text == text) {
                    named.push(NamedBody {
                        text,
                        span: Some(cell.span(s, e)),
                        role,
                    });
                }
            }
        }
    }
    (!named.is_empty()).then_some(named)
}

/// The names of a body cell (byte ranges) with their roles: a bracketed note closing a name
/// gives its role (`省财政厅（牵头）`), and so does a word closing a clause of a
/// responsibility note (`财政部牵头`, `各市等按职责分工负责`: [`note::closing_word`]),
/// taken off the name with a `等` before it, for every name of its list
/// (`财政部、审计署配合`); else the column's role.
fn cell_names(doc: &Document<'_>, cell: &str, column: RoleGiven) -> Vec<(usize, usize, RoleGiven)> {
    let items = split_list(cell);
    let mut out: Vec<_> = (items.iter())
        .map(|&(s, e)| {
            let item = &cell[s..e];
            if let Some((len, r)) = role::note(doc.rules, item) {
                return (s, s + len, Some((r, ROLE_NOTE)));
            }
            let Some((len, r)) = note::closing_word(doc.rules, item) else {
                return (s, e, column);
            };
            let name = item[..item.len() - len].trim_end_matches('等');
            let name = if name.is_empty() {
                &item[..item.len() - len]
            } else {
                name
            };
            (
                s,
                s + name.len(),
                r.map(|r| (r, ROLE_NOTE_WORDS)).or(column),
            )
        })
        .collect();
    // a role word closing a list holds for each name of it
    for k in (0..out.len().saturating_sub(1)).rev() {
        let listed = cell[items[k].1..].starts_with('、');
        let next = out[k + 1].2.filter(|(_, step)| *step == ROLE_NOTE_WORDS);
        if listed && out[k].2 == column && next.is_some() {
            out[k].2 = next;
        }
    }
    out
}

/// The items of a list cell (`办公室、组织部`, `省纪委监委；省委组织部`): byte ranges.
fn split_list(cell: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in cell.char_indices() {
        if matches!(c, '、' | '，' | ',' | '；' | ';' | ' ' | '　' | '/' | '／') {
            if i > start {
                out.push((start, i));
            }
            start = i + c.len_utf8();
        }
    }
    if cell.len() > start {
        out.push((start, cell.len()));
    }
    out.retain(|&(s, e)| has_han(&cell[s..e]));
    out
}

/// Where the speaker of a unit's part is written, in chars: the last heading unit before
/// the unit with the speaker's length.
fn speaker_span(doc: &Document<'_>, headings: &Headings, speaker: &str) -> Option<[usize; 2]> {
    let i = *headings.last_of_len.get(&speaker.len())?;
    doc.unit_chars.get(i).map(|&(s, e)| [s, e])
}
