//! Unit kind: is the unit a task item, and is it a directive or a report.
//!
//! Directive and report cues are summed by weight; the document's prevailing kind adds a
//! prior weight that grows with how much it prevails; the larger sum wins. A `not-task` match rules the unit out; a unit
//! with no cue of any kind and no action verb is not a task either.

use super::document::{Document, UnitRead};
use super::trace::Trace;
use crate::rules::{Context, Match, RuleSet, Scan};
use crate::segment::Segmented;
use crate::structure::{aside_at, Column};
use crate::text::{has_han_count, Piece};

pub use crate::record::Kind;

/// The id given to a unit's kind when it comes from the document's prevailing kind.
pub const KIND_PREVAILING: &str = "kind.prevailing";

/// The id of the step that rules out a speaker part's abstract.
pub const PART_ABSTRACT: &str = "kind.not-task.part-abstract";

/// The id of the step that makes a table's measure cell a directive task.
pub const TABLE_MEASURE: &str = "kind.table.measure";

/// The id of the step that makes a table's measure cell a report: its row says it is done.
pub const TABLE_DONE: &str = "kind.table.done";

/// The id of the step that rules out the units inside a quoted problem (`关于“…。…”问题的整改`).
pub const QUOTED_PROBLEM: &str = "kind.not-task.quoted-problem";

/// The ids of the modal cues (`要`, `必须`, `应`, `需`): a heading that holds one directs.
const MODAL_CUES: &str = "kind.directive.modal";

/// Fewest Han characters a measure cell's unit has to be a task.
const MIN_MEASURE_HAN: usize = 2;

/// Fewest Han characters of a unit that repeats a part of the title.
const MIN_TITLE_PART_HAN: usize = 8;

/// Fewest Han characters a task unit has.
const MIN_TASK_HAN: usize = 4;

/// Whether a body unit is a task item: something marks it as work (a cue, an action verb,
/// an acting body or a responsibility note that assigns it), no `not-task` pattern rules it out (one that yields to a body does
/// not when the unit names one), it is long enough, and it is not a speaker part's abstract.
pub(super) fn is_task(doc: &Document<'_>, unit: &UnitRead<'_>) -> bool {
    // a responsibility note, or any bracketed aside standing alone (`（此件公开发布）`)
    let text = doc.piece(unit.index).text;
    if doc.note_units.contains(&unit.index) || aside_at(text, 0) == Some(text.len()) {
        return false;
    }
    if measure_cell(doc, unit.index).is_some() {
        return has_han_count(doc.piece(unit.index).text, MIN_MEASURE_HAN);
    }
    let named = !unit.explicit.is_empty();
    // a responsibility note after it assigns it: it is work
    let assigned = doc.note_of.contains_key(&unit.index);
    let has_evidence = unit.cues.evidence || named || assigned;
    let yields = unit.cues.not_task_yields && named;
    let ruled_out = unit.cues.not_task.is_some() && !yields;
    !ruled_out
        && has_evidence
        && has_han_count(doc.piece(unit.index).text, MIN_TASK_HAN)
        && !is_part_abstract(doc, unit.index)
        && !in_quoted_problem(doc, unit.index)
        && !is_bare_heading(doc, unit)
        && !in_title(doc, unit.index)
}

/// Whether a unit only repeats a part of the document's title (`国务院办公厅关于印发[全国…
/// 分工方案]的通知` over the line `全国…分工方案`): the name of what the notice issues, no task.
fn in_title(doc: &Document<'_>, ui: usize) -> bool {
    let text = doc.piece(ui).text.trim_end_matches(['。', '.']);
    // a title shorter than the unit holds no copy of it: its Han characters go uncounted
    let title = (doc.st.title.as_deref()).filter(|t| t.len() >= text.len());
    title.is_some_and(|t| has_han_count(text, MIN_TITLE_PART_HAN) && t.contains(text))
}

/// Whether a unit is the heading of a part that holds more units (`（一）统筹两个市场，打造
/// 加工制造中心。` over its measures) and neither names a body nor directs with a modal of its
/// own (`要`, `必须`, `需`): the heading names the part; its tasks follow (TASKS.md "The
/// unit"). A heading that directs (`（三）…登记管理机关要做好检查验收。`), or that only a
/// responsibility note follows (the heading is then the measure the note assigns), stays a
/// task.
fn is_bare_heading(doc: &Document<'_>, unit: &UnitRead<'_>) -> bool {
    let u = doc.unit(unit.index);
    // most units open no part: they are answered before anything else is looked at
    let Some(section) = (u.section.and_then(|s| doc.st.sections.get(s)))
        .filter(|sec| sec.start == u.start && unit.explicit.is_empty())
    else {
        return false;
    };
    // a unit of its part follows it, a responsibility note not counted (a note that closes
    // the heading alone gives it to bodies: the heading is the measure)
    let next = (unit.index + 1..doc.st.units.len()).find(|i| !doc.note_units.contains(i));
    let holds_more = next.is_some_and(|i| doc.st.units[i].start < section.end);
    let modal =
        (unit.cues.hits.iter()).any(|h| h.heading.is_none() && h.rule.starts_with(MODAL_CUES));
    holds_more && !modal
}

/// Whether a unit starts inside a problem that a report quotes to say how it was rectified
/// (`2．关于“中心组学习制度执行不严。2018－2020年…未安排党委委员重点发言。”问题的整改。`):
/// its sentences state the problem found, not an action. See [`QUOTED_PROBLEM`].
fn in_quoted_problem(doc: &Document<'_>, ui: usize) -> bool {
    let start = doc.unit(ui).start;
    (doc.quoted_problems.iter()).any(|q| q.start < start && start < q.frame_end)
}

/// A problem a text quotes (`关于“…”问题的整改`): bytes of what the quotation marks hold and
/// where the closing words end, and the quotation's chars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct QuotedProblem {
    /// First byte inside the quotation marks.
    pub start: usize,
    /// The closing quotation mark's byte.
    pub end: usize,
    /// The end of the closing words (`问题`).
    pub frame_end: usize,
    /// `[start, end)` in chars.
    pub span: [usize; 2],
}

/// The problems a text quotes (module doc of [`in_quoted_problem`]): from after an opening
/// quotation mark that a word of `problem-quote-lead` comes right before, to its closing mark
/// and a word of `problem-quote-close` right after it; only those that hold a sentence's end,
/// since no unit can start inside the others.
pub(super) fn quoted_problems(rules: &RuleSet, text: &str) -> Vec<QuotedProblem> {
    // chars counted on from the last quotation, not from the text's start each time
    let (mut byte, mut chars) = (0, 0);
    let mut out = Vec::new();
    for (start, end, frame_end) in problem_quotes(rules, text) {
        let quoted = &text[start..end];
        if !quoted.contains(['。', '；', '\n']) || start < byte {
            continue;
        }
        chars += text[byte..start].chars().count();
        byte = start;
        out.push(QuotedProblem {
            start,
            end,
            frame_end,
            span: [chars, chars + quoted.chars().count()],
        });
    }
    out
}

/// The problems a text quotes between a word of `problem-quote-lead` and one of
/// `problem-quote-close` (`针对“党员发展不规范”问题`), in text order: the bytes the quotation
/// marks hold, and where the closing word ends.
pub(super) fn problem_quotes<'t>(
    rules: &'t RuleSet,
    text: &'t str,
) -> impl Iterator<Item = (usize, usize, usize)> + 't {
    let (leads, closes) = (
        rules.lexicon("problem-quote-lead"),
        rules.lexicon("problem-quote-close"),
    );
    // (memmem, not `match_indices`: the marks are looked for in every document and unit,
    // and a char's search stops at each character ending in the mark's last byte)
    let opening = memchr::memmem::find_iter(text.as_bytes(), "“".as_bytes());
    opening.filter_map(move |open| {
        leads.iter().find(|w| text[..open].ends_with(w.as_str()))?;
        let start = open + '“'.len_utf8();
        let end = start + memchr::memmem::find(text.as_bytes().get(start..)?, "”".as_bytes())?;
        let after = end + '”'.len_utf8();
        let close = (closes.iter())
            .filter(|w| text[after..].starts_with(w.as_str()))
            .map(|w| w.len())
            .max()?;
        Some((start, end, after + close))
    })
}

/// A part of a compilation of speeches opens with a one-sentence abstract of what the
/// speaker did (`…把“改”字贯穿始终，以整改成果体现主题教育实效。`); in a report it is a
/// task only when it gives figures. See [`PART_ABSTRACT`].
fn is_part_abstract(doc: &Document<'_>, ui: usize) -> bool {
    let (st, u) = (doc.st, doc.unit(ui));
    // the part's own section, not one of the numbered sections nested in it
    let opens_part =
        (u.section.and_then(|s| st.sections.get(s))).is_some_and(|s| s.speaker.is_some());
    if doc.prevailing != Kind::Report || !opens_part || u.pos_in_line != 0 {
        return false;
    }
    let first_body = doc.layout.first_body.get(&u.section).copied();
    let alone = doc.layout.units_on(u.line) == 1;
    first_body == Some(u.start)
        && alone
        && super::metric::find(doc.rules, doc.piece(ui).text, None).is_empty()
}

/// The kind the rules give a task unit: a table's measure cell's by its row
/// ([`table_kind`]), else its own cues', with the document's prevailing kind weighing in
/// (see [`KindCues::kind`]); the cues that fired are traced, the value's explanation is
/// [`explain`]'s.
pub(super) fn of_unit(doc: &Document<'_>, unit: &UnitRead<'_>, trace: &mut Trace) -> Kind {
    if let Some((kind, _)) = table_kind(doc, unit.index) {
        return kind;
    }
    for id in &unit.cues.fired {
        trace.rule(id);
    }
    let (prevailing, prior) = doc.prevailing_at(unit.index);
    unit.cues.kind(prevailing, prior)
}

/// Explains a kind the rules gave: the table step that gave a measure cell's, else the
/// document's prevailing kind when the unit's own cues did not decide, and the cues that
/// name it.
pub(super) fn explain(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    kind: Kind,
    trace: &mut Trace,
) {
    if let Some((k, step)) = table_kind(doc, unit.index) {
        if k == kind {
            trace.value("kind", kind.as_str(), step, "", None);
            return;
        }
    }
    if unit.cues.leaning() != Some(kind) {
        trace.value("kind", kind.as_str(), KIND_PREVAILING, "", None);
    }
    // (the cues only explain: not read otherwise)
    if !trace.explaining() {
        return;
    }
    for h in unit.cues.hits.iter().filter(|h| h.label == kind.as_str()) {
        match &h.heading {
            Some(words) => trace.explain_only("kind", kind.as_str(), h.rule, words, None),
            None => {
                let (text, span) = (piece.slice(h.start, h.end), piece.span(h.start, h.end));
                trace.explain_only("kind", kind.as_str(), h.rule, text, Some(span));
            }
        }
    }
}

/// The kind of a unit of a table's measure cell, with the step that gives it: a directive
/// unless its row says done ([`measure_cell`]); `None` for any other unit. It stands before
/// the cues and any trained model.
pub(super) fn table_kind(doc: &Document<'_>, ui: usize) -> Option<(Kind, &'static str)> {
    measure_cell(doc, ui).map(|done| match done {
        true => (Kind::Report, TABLE_DONE),
        false => (Kind::Directive, TABLE_MEASURE),
    })
}

/// For a unit of a table's measure cell (not a copy of a merged one), whether its row says
/// the measure is done; `None` for any other unit. Every measure cell is a task, a directive
/// unless its row says done (TASKS.md "Plans as tables").
fn measure_cell(doc: &Document<'_>, ui: usize) -> Option<bool> {
    let cell = doc
        .unit(ui)
        .cell
        .filter(|c| c.column == Column::Measure && !c.copy)?;
    Some(doc.st.rows.get(cell.row).is_some_and(|r| r.done))
}

/// What the kind rules found in one unit.
#[derive(Debug, Clone)]
pub struct KindCues<'r> {
    /// Summed weight of directive cues.
    pub directive: f32,
    /// Summed weight of report cues.
    pub report: f32,
    /// Summed weight of strong directive cues (weight ≥ 1): these vote on the document's kind.
    pub strong_directive: f32,
    /// Summed weight of strong report cues.
    pub strong_report: f32,
    /// The first `not-task` rule that fired.
    pub not_task: Option<&'r str>,
    /// Whether that rule gives way when the unit names an acting body.
    pub not_task_yields: bool,
    /// Whether that rule, on a heading, holds for the units under it.
    pub not_task_passes: bool,
    /// Ids of the cues that fired, in text order.
    pub fired: Vec<&'r str>,
    /// The directive and report cues, each with what it matched.
    pub hits: Vec<Hit<'r>>,
    /// Whether anything marks the unit as work (a cue or an action verb).
    pub evidence: bool,
    /// The cues that hold for the units after this one in its paragraph (`line_passes`),
    /// with their weights.
    pub passes: Vec<(Hit<'r>, f32)>,
}

/// A kind cue that fired: byte range in the unit, or the text of the heading it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'r> {
    /// The rule.
    pub rule: &'r str,
    /// What it says: `directive`, `report` or `task`.
    pub label: &'r str,
    /// Start byte in the unit.
    pub start: usize,
    /// End byte in the unit.
    pub end: usize,
    /// The matched text when the cue is a heading's, not the unit's (borrowed from the
    /// heading: a heading's hits go into every unit under it).
    pub heading: Option<&'r str>,
}

impl<'r> KindCues<'r> {
    /// Adds the directive and report cues of a heading above the unit (not its vote on the
    /// document's kind, nor its not-task verdict unless the rule passes it on:
    /// `heading_passes`); `title` is the heading's text.
    pub fn add_heading(&mut self, heading: &KindCues<'r>, title: &'r str) {
        if heading.not_task_passes && self.not_task.is_none() {
            self.not_task = heading.not_task;
            self.not_task_yields = heading.not_task_yields;
        }
        self.directive += heading.directive;
        self.report += heading.report;
        self.hits.extend(heading.hits_under(title));
        for id in &heading.fired {
            if !self.fired.contains(id) {
                self.fired.push(id);
            }
        }
    }

    /// Adds the cues a unit before this one in its paragraph passes on ([`KindCues::passes`],
    /// `lead`: that unit's text, which they borrow); they do not vote on the document's kind.
    pub fn add_lead(&mut self, passes: &[(Hit<'r>, f32)], lead: &'r str) {
        for (h, weight) in passes {
            match h.label {
                "directive" => self.directive += weight,
                "report" => self.report += weight,
                _ => continue,
            }
            self.hits.push(Hit {
                heading: Some(lead.get(h.start..h.end).unwrap_or_default()),
                ..h.clone()
            });
            if !self.fired.contains(&h.rule) {
                self.fired.push(h.rule);
            }
        }
    }

    /// A heading's directive and report cues as [`KindCues::add_heading`] gives them to a
    /// unit under it (`title`: the heading's text, which they borrow).
    pub fn hits_under<'h>(&'h self, title: &'r str) -> impl Iterator<Item = Hit<'r>> + 'h {
        self.hits.iter().map(move |h| Hit {
            heading: Some(title.get(h.start..h.end).unwrap_or_default()),
            ..h.clone()
        })
    }

    /// The unit's vote on the document's kind: its strong cues' leaning.
    pub fn vote(&self) -> Option<Kind> {
        lean(self.strong_directive, self.strong_report)
    }

    /// The unit's own leaning, if its cues are not tied.
    pub fn leaning(&self) -> Option<Kind> {
        lean(self.directive, self.report)
    }

    /// The kind, with `prior` weight added to the document's prevailing kind: the unit's own
    /// cues must outweigh the document to turn a unit the other way.
    pub fn kind(&self, prevailing: Kind, prior: f32) -> Kind {
        let (d, r) = match prevailing {
            Kind::Directive => (self.directive + prior, self.report),
            Kind::Report => (self.directive, self.report + prior),
        };
        lean(d, r).unwrap_or(prevailing)
    }
}

/// The kind the heavier side names; none on a tie.
fn lean(directive: f32, report: f32) -> Option<Kind> {
    match directive.total_cmp(&report) {
        std::cmp::Ordering::Greater => Some(Kind::Directive),
        std::cmp::Ordering::Less => Some(Kind::Report),
        std::cmp::Ordering::Equal => None,
    }
}

/// The prior weight of the prevailing kind: 4 × (its share of voting units − ½), within [¼, 2].
pub fn prior(prevailing_units: usize, cued_units: usize) -> f32 {
    if cued_units == 0 {
        return 0.25;
    }
    let share = prevailing_units as f32 / cued_units as f32;
    (4.0 * (share - 0.5)).clamp(0.25, 2.0)
}

/// Runs the kind rules over one unit (`scan`: the rule set's scan of it, when there is one).
pub fn cues<'r>(
    rules: &'r RuleSet,
    text: &str,
    words: &Segmented,
    scan: Option<&Scan<'_>>,
) -> KindCues<'r> {
    let ctx = Context::of(words, None).with_scan(scan);
    let all: Vec<Match<'r>> = rules.kind.all(text, ctx);
    // not-task patterns are judged on their own, before overlaps hide them
    let not_task = all.iter().find(|m| m.label == "not-task").map(|m| m.rule);
    let matches = crate::rules::resolve_overlaps(all);
    let mut out = KindCues {
        directive: 0.0,
        report: 0.0,
        strong_directive: 0.0,
        strong_report: 0.0,
        not_task: None,
        not_task_yields: false,
        not_task_passes: false,
        fired: Vec::new(),
        hits: Vec::new(),
        evidence: false,
        passes: Vec::new(),
    };
    if let Some(rule) = not_task {
        out.not_task = Some(rule.id.as_str());
        out.not_task_yields = rule.yields_to_body;
        out.not_task_passes = rule.heading_passes;
    }
    for m in &matches {
        let strong = if m.rule.weight >= 1.0 {
            m.rule.weight
        } else {
            0.0
        };
        match m.label {
            "directive" => {
                out.directive += m.rule.weight;
                out.strong_directive += strong;
            }
            "report" => {
                out.report += m.rule.weight;
                out.strong_report += strong;
            }
            "task" => {}
            _ => continue,
        }
        out.evidence = true;
        let hit = Hit {
            rule: &m.rule.id,
            label: m.label,
            start: m.start,
            end: m.end,
            heading: None,
        };
        if m.rule.line_passes {
            out.passes.push((hit.clone(), m.rule.weight));
        }
        out.hits.push(hit);
        if !out.fired.contains(&m.rule.id.as_str()) {
            out.fired.push(&m.rule.id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;

    fn run(text: &str) -> (Option<Kind>, Option<String>, bool) {
        let rules = RuleSet::defaults().unwrap();
        let seg = Segmenter::new(&rules.dictionaries).unwrap();
        let c = cues(&rules, text, &seg.segment(text), Some(&rules.scan(text)));
        (c.leaning(), c.not_task.map(str::to_string), c.evidence)
    }

    #[test]
    fn directive_report_and_not_task() {
        assert_eq!(
            run("中央和国家机关要带头开展形式主义问题大排查。").0,
            Some(Kind::Directive)
        );
        assert_eq!(
            run("目前已整改完成9项，正在整改17项；").0,
            Some(Kind::Report)
        );
        assert!(run("思想是行动的先导。").1.is_some());
        assert!(run("这是重要的。").1.is_none());
        assert!(!run("天气很好。").2);
    }
}
