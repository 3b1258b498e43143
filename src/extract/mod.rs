//! Extract: task items from the units of one document.
//!
//! Takes the cleaned text, its [`Structure`] and the compiled rules; gives the task items
//! with every field and the ids of the rules that produced them. Two passes over the body
//! units: the first reads each unit's kind cues and finds the document's prevailing kind;
//! the second decides which units are tasks and fills their fields, carrying the context
//! a unit that names nobody inherits its body from.
//!
//! Inheritance, most specific first (TASKS.md "inherited"):
//! 0. `body.inherit.table-column`: in a table, the row's responsible-body cell;
//! 1. `body.inherit.previous`: the explicit subject of a task at most [`PREVIOUS_REACH`] tasks
//!    before, in the same paragraph and section;
//! 2. `body.inherit.speaker`: the speaker heading the part of a compilation of speeches;
//! 3. `body.inherit.section`: the first collective body (`各地各部门`) named in the top-level section;
//! 4. `body.inherit.addressee`: the bodies the notice addresses (`要求各地区各部门…`);
//! 5. `body.inherit.collective`: the collective body named last before the unit, else the
//!    document's first.

pub mod body;
pub mod category;
pub mod deadline;
pub mod kind;
pub mod metric;

use crate::output::{Body, Deadline, Explanation, Metric, Task};
use crate::rules::{Context, RuleSet, Scan};
use crate::segment::{Segmented, Segmenter};
use crate::structure::{Role, Structure, Unit};
use kind::{Kind, KindCues};
use std::borrow::Cow;
use std::collections::HashMap;

/// Options of extraction.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The year dates are resolved against when the document gives none (`--ref-date`). Default: none.
    pub reference_year: Option<i32>,
    /// Give each task an `explain` list: every field value with its rule and matched text
    /// (`--explain`). Default: off.
    pub explain: bool,
}

/// The id given to a category that no cue gave (the taxonomy's fallback).
pub const CATEGORY_FALLBACK: &str = "category.fallback";

/// The fields `--explain` covers, in the order of the output.
const EXPLAINED_FIELDS: &[&str] = &[
    "kind",
    "strength",
    "categories",
    "bodies",
    "deadline",
    "metrics",
    "actions",
];

/// A task's explanations, gathered only when asked for.
struct Explainer {
    on: bool,
    items: Vec<Explanation>,
}

impl Explainer {
    fn add(&mut self, field: &str, value: &str, rule: &str, text: &str, span: Option<[usize; 2]>) {
        if self.on {
            self.items.push(Explanation {
                field: field.to_string(),
                value: value.to_string(),
                rule: rule.to_string(),
                text: text.to_string(),
                span,
            });
        }
    }
}

/// Ids of the built-in inheritance steps.
pub const INHERIT_PREVIOUS: &str = "body.inherit.previous";
/// See the module doc.
pub const INHERIT_SPEAKER: &str = "body.inherit.speaker";
/// See the module doc.
pub const INHERIT_SECTION: &str = "body.inherit.section";
/// See the module doc.
pub const INHERIT_ADDRESSEE: &str = "body.inherit.addressee";
/// See the module doc.
pub const INHERIT_COLLECTIVE: &str = "body.inherit.collective";
/// See the module doc.
pub const INHERIT_TABLE: &str = "body.inherit.table-column";
/// How many task units after an explicit subject still inherit it.
pub const PREVIOUS_REACH: usize = 3;
/// The id given to a unit's kind when it comes from the document's prevailing kind.
pub const KIND_PREVAILING: &str = "kind.prevailing";

/// Fewest Han characters a task unit has.
const MIN_TASK_HAN: usize = 4;
/// A title's category cues give the context of last resort from this score on (a
/// keyword, not only general words).
const TITLE_CUES: f32 = 2.5;
/// A unit's own category cues below this score give way to its context's main category.
const WEAK_OWN_CUES: f32 = 1.0;
/// Most categories given to one unit.
const MAX_CATEGORIES: usize = 3;
/// Most actions listed for one unit.
const MAX_ACTIONS: usize = 5;

/// The document-level results of extraction.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// Task items, in document order.
    pub tasks: Vec<Task>,
    /// The notice's addressees.
    pub addressees: Vec<String>,
}

/// The char offset of each byte offset in `bytes` (any order), found in one forward walk
/// over the text; an offset past the end or inside a char counts the chars before it.
pub fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut byte, mut ch) = (0usize, 0usize);
    for i in order {
        let to = bytes[i].min(text.len());
        ch += text.get(byte..to).map_or(0, |s| s.chars().count());
        byte = byte.max(to);
        out[i] = ch;
    }
    out
}

/// Char offsets `(start, end)` of every unit, found in one forward walk over the text.
pub fn unit_char_offsets(text: &str, st: &Structure) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(st.units.len());
    let (mut byte, mut ch) = (0usize, 0usize);
    let mut advance = |to: usize| {
        if to >= byte {
            ch += text.get(byte..to).map_or(0, |s| s.chars().count());
            byte = to;
        }
        ch
    };
    for u in &st.units {
        let s = advance(u.start);
        let e = advance(u.end);
        out.push((s, e));
    }
    out
}

struct Analysed<'r> {
    unit: usize,
    words: Segmented,
    /// The rule set's scan of the unit, for every family run on it.
    scan: Cow<'r, Scan<'r>>,
    cues: KindCues<'r>,
    explicit: Vec<body::Found>,
}

/// Extracts the task items of one document. `scan` is the rule set's scan of `text`
/// ([`RuleSet::scan`]), when the caller has one: each unit takes its literals from it
/// instead of scanning again.
pub fn extract<'r>(
    doc_id: &str,
    text: &'r str,
    st: &Structure,
    rules: &RuleSet,
    seg: &Segmenter,
    opts: &Options,
    scan: Option<&'r Scan<'r>>,
) -> Extracted {
    let year = st.year.or(opts.reference_year);
    let body_units: Vec<usize> = (0..st.units.len())
        .filter(|&i| st.units[i].role == Role::Body)
        .collect();

    // the headings' words and literals, kind cues and categories, once per section
    let heading_reads: Vec<(Segmented, Scan<'_>)> = st
        .sections
        .iter()
        .map(|sec| (seg.segment(&sec.title), rules.scan(&sec.title)))
        .collect();
    let heading_cues: Vec<KindCues<'_>> = st
        .sections
        .iter()
        .zip(&heading_reads)
        .map(|(sec, (words, scan))| kind::cues(rules, &sec.title, words, Some(scan)))
        .collect();
    let title_categories = st
        .title
        .as_deref()
        .map(|t| (category::rank(rules, t, None, Some(&rules.scan(t))), t));
    let heading_categories: Vec<category::Ranked> = st
        .sections
        .iter()
        .zip(&heading_reads)
        .map(|(sec, (_, scan))| category::rank(rules, &sec.title, None, Some(scan)))
        .collect();

    // the times a section heading sets for the units under it, with their char spans
    let section_starts = char_offsets(
        text,
        &st.sections.iter().map(|s| s.start).collect::<Vec<_>>(),
    );
    let heading_times: Vec<Vec<(deadline::Found, [usize; 2])>> = st
        .sections
        .iter()
        .zip(section_starts)
        .zip(&heading_reads)
        .map(|((sec, base), read)| heading_times(rules, text, sec, read, base, year))
        .collect();

    // pass 1: cues of every body unit, the prevailing kind
    let analysed: Vec<Analysed<'_>> = body_units
        .iter()
        .map(|&i| {
            let u = &st.units[i];
            let t = &text[u.start..u.end];
            let words = seg.segment(t);
            // the unit's literals: the scan of the whole text holds them, else its own
            let scan = rules.scan_part(scan, t);
            let mut cues = kind::cues(rules, t, &words, Some(&scan));
            // a unit also takes the kind cues of its headings (下一步工作打算 heads plans)
            for &si in &st.path(u.section) {
                cues.add_heading(&heading_cues[si], &st.sections[si].title);
            }
            let nominal = |s: usize, e: usize| {
                words.is_nominal(t, s, e, &|w| ends_in_body_head(w, rules))
                    || (ends_in_org_suffix(&t[s..e], rules)
                        && words.is_org_name(s, e)
                        && !has_modal(rules, t, &words, s, e))
            };
            let explicit = body::explicit(rules, t, &words, Some(&scan), &nominal);
            Analysed {
                unit: i,
                words,
                scan,
                cues,
                explicit,
            }
        })
        .collect();
    let (mut d, mut r) = (0, 0);
    for a in &analysed {
        match a.cues.vote() {
            Some(Kind::Directive) => d += 1,
            Some(Kind::Report) => r += 1,
            None => {}
        }
    }
    let prevailing = if r > d { Kind::Report } else { Kind::Directive };
    let prior = kind::prior(d.max(r), d + r);

    // the addressees: the addressee line of a formal document, else the opening body units
    let mut addressees: Vec<String> = st.addressees.clone();
    for a in analysed.iter().take(3) {
        let u = &st.units[a.unit];
        let t = &text[u.start..u.end];
        for f in body::addressees(rules, t, Some(&a.scan)) {
            let b = t[f.start..f.end].to_string();
            if !addressees.contains(&b) {
                addressees.push(b);
            }
        }
    }

    // collective bodies: the first of each top-level section, and each with its unit
    let top = |u: &Unit| st.path(u.section).first().copied();
    let mut section_collective: HashMap<Option<usize>, String> = HashMap::new();
    let mut collectives: Vec<(usize, String)> = Vec::new(); // (unit index, body)
    for a in &analysed {
        let u = &st.units[a.unit];
        let t = &text[u.start..u.end];
        if let Some(f) = a
            .explicit
            .iter()
            .find(|f| body::is_collective(&t[f.start..f.end]))
        {
            let b = t[f.start..f.end].to_string();
            section_collective
                .entry(top(u))
                .or_insert_with(|| b.clone());
            collectives.push((a.unit, b));
        }
    }

    // pass 2: tasks
    let unit_chars = unit_char_offsets(text, st);
    let layout = Layout::new(st);
    let mut headings = Headings::default();
    let mut tasks = Vec::new();
    let mut previous: Option<Subjects> = None;
    // (line, categories, their explanations) of the last headline unit
    let mut topic: Option<(usize, Vec<String>, Vec<Explanation>)> = None;
    for a in &analysed {
        let u = &st.units[a.unit];
        let t = &text[u.start..u.end];
        headings.advance(st, u.start);
        let han = t
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        let has_evidence = a.cues.evidence || !a.explicit.is_empty();
        // a not-task pattern that yields to an actor is void when the unit names one
        let yields = a.cues.not_task_yields && !a.explicit.is_empty();
        let ruled_out = a.cues.not_task.is_some() && !yields;
        if ruled_out
            || !has_evidence
            || han < MIN_TASK_HAN
            || is_part_abstract(st, &layout, a.unit, text, rules, prevailing)
        {
            continue;
        }
        let kind = a.cues.kind(prevailing, prior);
        let mut fired: Vec<String> = a.cues.fired.iter().map(|s| s.to_string()).collect();
        // the document's prevailing kind decided when the unit's own cues did not
        let by_prior = a.cues.leaning() != Some(kind);
        if by_prior {
            fired.push(KIND_PREVAILING.to_string());
        }
        let base = unit_chars[a.unit].0;
        let span =
            |s: usize, e: usize| [base + t[..s].chars().count(), base + t[..e].chars().count()];
        let mut why = Explainer {
            on: opts.explain,
            items: Vec::new(),
        };
        if by_prior {
            why.add("kind", kind.as_str(), KIND_PREVAILING, "", None);
        }
        for h in a.cues.hits.iter().filter(|h| h.label == kind.as_str()) {
            match &h.heading {
                Some(words) => why.add("kind", kind.as_str(), h.rule, words, None),
                None => why.add(
                    "kind",
                    kind.as_str(),
                    h.rule,
                    &t[h.start..h.end],
                    Some(span(h.start, h.end)),
                ),
            }
        }

        // categories: the unit's own cues, ranked; the topic it sits under (a headline unit
        // earlier in the paragraph, else the nearest section heading with cues) goes first
        // when the unit's cues include it, and stands in when the unit has none
        let predicate = a
            .cues
            .hits
            .iter()
            .filter(|h| h.label == "directive" && h.heading.is_none())
            .map(|h| h.start)
            .min();
        let ranked = category::rank(rules, t, predicate, Some(&a.scan));
        fired.extend(ranked.rules.iter().cloned());
        let mut categories = ranked.ids.clone();
        let mut context: Vec<String> = Vec::new();
        let mut context_why: Vec<Explanation> = Vec::new();
        if let Some((line, cats, whys)) = &topic {
            if *line == u.line {
                context = cats.clone();
                context_why = whys.clone();
            }
        }
        if context.is_empty() {
            // the nearest heading with cues, else the document's title
            let headings = st
                .path(u.section)
                .into_iter()
                .rev()
                .map(|si| (&heading_categories[si], st.sections[si].title.as_str()))
                .chain(
                    title_categories
                        .as_ref()
                        .filter(|(r, _)| r.scores.first().is_some_and(|&s| s >= TITLE_CUES))
                        .map(|(r, t)| (r, *t)),
                );
            for (h, title) in headings {
                if !h.ids.is_empty() {
                    context = h.ids.clone();
                    fired.extend(h.rules.iter().cloned());
                    for (id, (rule, s, e)) in h.ids.iter().zip(&h.cues) {
                        let words = title.get(*s..*e).unwrap_or_default();
                        context_why.push(Explanation {
                            field: "categories".into(),
                            value: id.clone(),
                            rule: rule.clone(),
                            text: words.to_string(),
                            span: None,
                        });
                    }
                    break;
                }
            }
        }
        if categories.is_empty() {
            categories = context.clone();
        } else if let Some(main) = context.first() {
            // the context's main category leads when the unit names it too, or when the
            // unit's own cues are weak; otherwise it comes last
            let weak = ranked.scores.first().is_some_and(|&s| s < WEAK_OWN_CUES);
            match categories.iter().position(|c| c == main) {
                Some(at) => {
                    let c = categories.remove(at);
                    categories.insert(0, c);
                }
                None if weak => {
                    categories.truncate(MAX_CATEGORIES - 1);
                    categories.insert(0, main.clone());
                }
                None => {
                    categories.truncate(MAX_CATEGORIES - 1);
                    categories.push(main.clone());
                }
            }
        }
        if categories.is_empty() {
            if let Some(f) = rules.fallback_category() {
                categories.push(f.to_string());
            }
        }
        categories.truncate(MAX_CATEGORIES);
        let mut category_why: Vec<Explanation> = Vec::new();
        for c in &categories {
            let own = ranked.ids.iter().position(|id| id == c);
            let found = match own.and_then(|i| ranked.cues.get(i)) {
                Some((rule, s, e)) => Some(Explanation {
                    field: "categories".into(),
                    value: c.clone(),
                    rule: rule.clone(),
                    text: t[*s..*e].to_string(),
                    span: Some(span(*s, *e)),
                }),
                None => context_why.iter().find(|x| x.value == *c).cloned(),
            };
            category_why.push(found.unwrap_or_else(|| Explanation {
                field: "categories".into(),
                value: c.clone(),
                rule: CATEGORY_FALLBACK.into(),
                text: String::new(),
                span: None,
            }));
        }
        let is_topic = !rules
            .structure
            .all_of(t, Context::default().with_scan(Some(&a.scan)), |r| {
                r.label == "topic"
            })
            .is_empty();
        if is_topic {
            topic = Some((u.line, categories.clone(), category_why.clone()));
        }
        // the rules behind the categories given, wherever they fired (a headline unit before)
        for x in &category_why {
            if !fired.contains(&x.rule) {
                fired.push(x.rule.clone());
            }
        }
        if why.on {
            why.items.extend(category_why);
        }

        // bodies
        let mut bodies: Vec<Body> = a
            .explicit
            .iter()
            .cloned()
            .map(|f| {
                fired.push(f.rule.clone());
                Body {
                    text: t[f.start..f.end].to_string(),
                    canonical: body::canonical(&t[f.start..f.end]),
                    source: "explicit".into(),
                    span: Some(span(f.start, f.end)),
                    rule: f.rule,
                }
            })
            .collect();
        if bodies.is_empty() {
            let ctx = Inheritance {
                text,
                previous: previous.as_ref(),
                task_number: tasks.len(),
                section_collective: &section_collective,
                addressees: &addressees,
                collectives: &collectives,
                unit_chars: &unit_chars,
                headings: &headings,
            };
            if let Some((rule, list)) = inherit(st, a.unit, &ctx) {
                fired.push(rule.to_string());
                bodies = list
                    .into_iter()
                    .map(|(text, span)| Body {
                        canonical: body::canonical(&text),
                        text,
                        source: "inherited".into(),
                        span,
                        rule: rule.to_string(),
                    })
                    .collect();
            }
        } else {
            previous = Some(Subjects {
                line: u.line,
                section: u.section,
                task_number: tasks.len(),
                bodies: bodies
                    .iter()
                    .filter_map(|b| b.span.map(|s| (b.text.clone(), Some(s))))
                    .collect(),
            });
        }

        // deadlines, metrics, actions
        let mut deadline_found = deadline::find(rules, t, &a.words, kind, year, Some(&a.scan));
        // the same words twice in a unit are one deadline
        let mut seen: Vec<(&str, String)> = Vec::new();
        deadline_found.retain(|f| {
            let key = (&t[f.start..f.end], f.kind.clone());
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        let mut deadline: Vec<Deadline> = Vec::new();
        if let Some(row) = u.cell.and_then(|c| st.rows.get(c.row)) {
            for &di in &row.deadline_units {
                let d = &st.units[di];
                let cell = &text[d.start..d.end];
                let base = unit_chars[di].0;
                let w = seg.segment(cell);
                let cell_scan = rules.scan_part(scan, cell);
                for f in deadline::find(rules, cell, &w, kind, year, Some(&cell_scan)) {
                    fired.push(f.rule.clone());
                    let at = [
                        base + cell[..f.start].chars().count(),
                        base + cell[..f.end].chars().count(),
                    ];
                    deadline.push(f.into_output(cell, at));
                }
            }
        }
        deadline.extend(deadline_found.into_iter().map(|f| {
            fired.push(f.rule.clone());
            let at = span(f.start, f.end);
            f.into_output(t, at)
        }));
        // a unit with no time of its own works to the time its nearest heading sets
        // (`（一）自查自纠阶段（即日起至10月31日）`): dates, durations and periods only, not
        // a heading's `持续` or `常态化`, which describe the heading's own line of work
        if deadline.is_empty() {
            if let Some(si) = st
                .path(u.section)
                .into_iter()
                .rev()
                .find(|&si| !heading_times[si].is_empty())
            {
                for (f, at) in heading_times[si].iter().cloned() {
                    fired.push(f.rule.clone());
                    deadline.push(f.into_output(&st.sections[si].title, at));
                }
            }
        }
        let metrics: Vec<Metric> = metric::find(rules, t, Some(&a.scan))
            .into_iter()
            .map(|f| {
                fired.push(f.rule.clone());
                let text = t[f.start..f.end].to_string();
                why.add("metrics", &text, &f.rule, &text, Some(span(f.start, f.end)));
                Metric {
                    text,
                    value: f.value,
                    unit: f.unit,
                    span: span(f.start, f.end),
                }
            })
            .collect();
        let ctx = Context::of(&a.words, Some(kind.as_str())).with_scan(Some(&a.scan));
        let mut actions: Vec<String> = Vec::new();
        for m in rules.action.find(t, ctx) {
            let v = t[m.start..m.end].to_string();
            if !actions.contains(&v) && actions.len() < MAX_ACTIONS {
                fired.push(m.rule.id.clone());
                why.add("actions", &v, &m.rule.id, &v, Some(span(m.start, m.end)));
                actions.push(v);
            }
        }

        let strength = match kind {
            Kind::Directive => strength(rules, t, &a.words, &a.scan).map(|(m, s, e)| {
                fired.push(m.rule.id.clone());
                why.add("strength", m.label, &m.rule.id, &t[s..e], Some(span(s, e)));
                m.label.to_string()
            }),
            Kind::Report => None,
        };
        if why.on {
            // a body's text is what its span covers, in the unit or where it was inherited from
            for b in &bodies {
                why.add("bodies", &b.text, &b.rule, &b.text, b.span);
            }
            for d in &deadline {
                why.add("deadline", &d.kind, &d.rule, &d.text, Some(d.span));
            }
        }
        let mut rule_ids: Vec<String> = Vec::new();
        for f in fired {
            if !rule_ids.contains(&f) {
                rule_ids.push(f);
            }
        }
        tasks.push(Task {
            id: format!("{doc_id}#{}", tasks.len()),
            text: t.to_string(),
            span: span(0, t.len()),
            section: st
                .path(u.section)
                .iter()
                .map(|&i| st.sections[i].title.clone())
                .collect(),
            kind: kind.as_str().to_string(),
            strength,
            categories,
            bodies,
            deadline,
            actions,
            metrics,
            rules: rule_ids,
            explain: why.on.then(|| {
                let mut items = why.items;
                items.sort_by_key(|x| EXPLAINED_FIELDS.iter().position(|f| *f == x.field));
                items
            }),
        });
    }
    Extracted { tasks, addressees }
}

/// Whether a name ends in an organisation suffix (`局`, `办`, `室`, `中心` …).
/// Whether a modal stands among the words of bytes `s..e` of `t` (`各单位要组织党员干部` is
/// a clause, not an organisation's name, though it ends in 部).
fn has_modal(rules: &RuleSet, t: &str, words: &Segmented, s: usize, e: usize) -> bool {
    let modal = rules.lexicon("modal");
    words.span(s, e).is_some_and(|ws| {
        ws.iter()
            .filter_map(|w| t.get(w.start..w.end))
            .any(|w| modal.iter().any(|m| m == w))
    })
}

/// Deadline kinds a heading passes on to the units under it.
const HEADING_TIME_KINDS: &[&str] = &["date", "duration", "phased"];

/// The deadlines of a section's heading that its units inherit (see [`HEADING_TIME_KINDS`]),
/// with their char spans in `text` (`base`: the section's start in chars); none when the
/// heading is not found where the section starts.
fn heading_times(
    rules: &RuleSet,
    text: &str,
    sec: &crate::structure::Section,
    (words, scan): &(Segmented, Scan<'_>),
    base: usize,
    year: Option<i32>,
) -> Vec<(deadline::Found, [usize; 2])> {
    let title = sec.title.as_str();
    let at_start = text.get(sec.start..).is_some_and(|r| r.starts_with(title));
    if !at_start || title.is_empty() {
        return Vec::new();
    }
    deadline::find(rules, title, words, Kind::Directive, year, Some(scan))
        .into_iter()
        .filter(|f| HEADING_TIME_KINDS.contains(&f.kind.as_str()))
        .map(|f| {
            let at = [
                base + title[..f.start].chars().count(),
                base + title[..f.end].chars().count(),
            ];
            (f, at)
        })
        .collect()
}

/// Whether a word ends in a body head or an organisation suffix (`各级党委`, `市委办`).
pub(crate) fn ends_in_body_head(word: &str, rules: &RuleSet) -> bool {
    rules
        .lexicon("body-head")
        .iter()
        .chain(rules.lexicon("body-org-suffix"))
        .any(|h| word.ends_with(h.as_str()))
}

fn ends_in_org_suffix(name: &str, rules: &RuleSet) -> bool {
    rules
        .lexicon("body-org-suffix")
        .iter()
        .any(|x| name.ends_with(x.as_str()) && name.len() > x.len())
}

/// The strength of a directive: the strongest cue (highest priority) that fires, with its
/// byte range in `t`.
fn strength<'r>(
    rules: &'r RuleSet,
    t: &str,
    words: &Segmented,
    scan: &Scan<'_>,
) -> Option<(crate::rules::Match<'r>, usize, usize)> {
    let ctx = Context::of(words, Some("directive")).with_scan(Some(scan));
    let m = rules
        .strength
        .all(t, ctx)
        .into_iter()
        .max_by_key(|m| (m.rule.priority, std::cmp::Reverse(m.start)))?;
    let (s, e) = (m.start, m.end);
    Some((m, s, e))
}

/// The id of the step that rules out a speaker part's abstract.
pub const PART_ABSTRACT: &str = "kind.not-task.part-abstract";

/// A part of a compilation of speeches opens with a one-sentence abstract of what the
/// speaker did (`…把“改”字贯穿始终，以整改成果体现主题教育实效。`); in a report it is a
/// task only when it gives figures. See [`PART_ABSTRACT`].
fn is_part_abstract(
    st: &Structure,
    layout: &Layout,
    ui: usize,
    text: &str,
    rules: &RuleSet,
    prevailing: Kind,
) -> bool {
    let u = &st.units[ui];
    if prevailing != Kind::Report || st.speaker(u.section).is_none() || u.pos_in_line != 0 {
        return false;
    }
    let first_body = layout.first_body.get(&u.section).copied();
    let alone = layout.units_on_line.get(&u.line) == Some(&1);
    first_body == Some(u.start)
        && alone
        && metric::find(rules, &text[u.start..u.end], None).is_empty()
}

/// Counts over all units, made once so that per-unit checks stay constant-time.
struct Layout {
    /// How many units each line holds.
    units_on_line: HashMap<usize, usize>,
    /// The start of the first body unit of each section.
    first_body: HashMap<Option<usize>, usize>,
}

impl Layout {
    fn new(st: &Structure) -> Self {
        let mut layout = Layout {
            units_on_line: HashMap::new(),
            first_body: HashMap::new(),
        };
        for u in &st.units {
            *layout.units_on_line.entry(u.line).or_default() += 1;
            if u.role == Role::Body {
                layout.first_body.entry(u.section).or_insert(u.start);
            }
        }
        layout
    }
}

/// The last heading unit of each byte length before the unit being read, kept up to date
/// in one forward walk (where a speaker's name is written: see [`speaker_span`]).
#[derive(Default)]
struct Headings {
    /// Units looked at so far.
    next: usize,
    /// Byte length → index of the last heading unit of that length.
    last_of_len: HashMap<usize, usize>,
}

impl Headings {
    /// Takes in every unit that starts before `start`.
    fn advance(&mut self, st: &Structure, start: usize) {
        while let Some(h) = st.units.get(self.next).filter(|h| h.start < start) {
            if h.role == Role::Heading {
                self.last_of_len.insert(h.end - h.start, self.next);
            }
            self.next += 1;
        }
    }
}

/// Bodies with where they are written (chars), if anywhere.
type Named = Vec<(String, Option<[usize; 2]>)>;

/// The explicit subjects of the last task that named some.
struct Subjects {
    line: usize,
    section: Option<usize>,
    task_number: usize,
    bodies: Named,
}

/// What a unit that names nobody can inherit from.
struct Inheritance<'a> {
    text: &'a str,
    previous: Option<&'a Subjects>,
    task_number: usize,
    section_collective: &'a HashMap<Option<usize>, String>,
    addressees: &'a [String],
    collectives: &'a [(usize, String)],
    unit_chars: &'a [(usize, usize)],
    headings: &'a Headings,
}

/// The inherited bodies of unit `ui` and the id of the step that gave them (module doc).
fn inherit(st: &Structure, ui: usize, ctx: &Inheritance<'_>) -> Option<(&'static str, Named)> {
    let u = &st.units[ui];
    let top = st.path(u.section).first().copied();
    if let Some(row) = u.cell.and_then(|c| st.rows.get(c.row)) {
        let named: Named = row
            .body_units
            .iter()
            .flat_map(|&bi| {
                let b = &st.units[bi];
                let base = ctx.unit_chars[bi].0;
                let cell = &ctx.text[b.start..b.end];
                split_list(cell).into_iter().map(move |(s, e)| {
                    (
                        cell[s..e].to_string(),
                        Some([
                            base + cell[..s].chars().count(),
                            base + cell[..e].chars().count(),
                        ]),
                    )
                })
            })
            .collect();
        if !named.is_empty() {
            return Some((INHERIT_TABLE, named));
        }
    }
    if let Some(p) = ctx.previous {
        if p.line == u.line
            && p.section == u.section
            && ctx.task_number - p.task_number <= PREVIOUS_REACH
        {
            return Some((INHERIT_PREVIOUS, p.bodies.clone()));
        }
    }
    if let Some(s) = st.speaker(u.section) {
        return Some((INHERIT_SPEAKER, vec![(s.to_string(), speaker_span(s, ctx))]));
    }
    if let Some(b) = ctx.section_collective.get(&top) {
        return Some((INHERIT_SECTION, vec![(b.clone(), None)]));
    }
    if !ctx.addressees.is_empty() {
        return Some((
            INHERIT_ADDRESSEE,
            ctx.addressees.iter().map(|a| (a.clone(), None)).collect(),
        ));
    }
    // collectives are in unit order: the last one before `ui`, else the first
    let before = ctx.collectives.partition_point(|(at, _)| *at < ui);
    before
        .checked_sub(1)
        .and_then(|k| ctx.collectives.get(k))
        .or(ctx.collectives.first())
        .map(|(_, b)| (INHERIT_COLLECTIVE, vec![(b.clone(), None)]))
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
    out.into_iter()
        .filter(|&(s, e)| {
            cell[s..e]
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        .collect()
}

/// Where the speaker of a unit's part is written, in chars: the last heading unit before
/// the unit with the speaker's length.
fn speaker_span(speaker: &str, ctx: &Inheritance<'_>) -> Option<[usize; 2]> {
    let i = *ctx.headings.last_of_len.get(&speaker.len())?;
    ctx.unit_chars.get(i).map(|&(s, e)| [s, e])
}
