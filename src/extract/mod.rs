//! Extract: task items from the units of one document.
//!
//! Takes the cleaned text, its [`Structure`] and the compiled rules; gives the task items
//! with every field and the ids of the rules that produced them. Two passes over the body
//! units: the first reads each unit's kind cues and finds the document's prevailing kind;
//! the second decides which units are tasks and fills their fields, carrying the context
//! a unit that names nobody inherits its body from.
//!
//! Inheritance, most specific first (TASKS.md "inherited"):
//! 1. `body.inherit.previous`: the explicit subject of an earlier task in the same paragraph;
//! 2. `body.inherit.speaker`: the speaker heading the part of a compilation of speeches;
//! 3. `body.inherit.section`: the first collective body (`各地各部门`) named in the top-level section;
//! 4. `body.inherit.addressee`: the bodies the notice addresses (`要求各地区各部门…`).

pub mod body;
pub mod category;
pub mod deadline;
pub mod kind;
pub mod metric;

use crate::output::{Body, Deadline, Metric, Task};
use crate::rules::{Context, RuleSet};
use crate::segment::Segmenter;
use crate::structure::{Role, Structure, Unit};
use kind::{Kind, KindCues};

/// Options of extraction.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The year dates are resolved against when the document gives none (`--ref-date`). Default: none.
    pub reference_year: Option<i32>,
}

/// Ids of the built-in inheritance steps.
pub const INHERIT_PREVIOUS: &str = "body.inherit.previous";
/// See the module doc.
pub const INHERIT_SPEAKER: &str = "body.inherit.speaker";
/// See the module doc.
pub const INHERIT_SECTION: &str = "body.inherit.section";
/// See the module doc.
pub const INHERIT_ADDRESSEE: &str = "body.inherit.addressee";
/// The id given to a unit's kind when it comes from the document's prevailing kind.
pub const KIND_PREVAILING: &str = "kind.prevailing";

/// Fewest Han characters a task unit has.
const MIN_TASK_HAN: usize = 4;
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
    boundaries: Vec<usize>,
    cues: KindCues<'r>,
}

/// Extracts the task items of one document.
pub fn extract(
    doc_id: &str,
    text: &str,
    st: &Structure,
    rules: &RuleSet,
    seg: &Segmenter,
    opts: &Options,
) -> Extracted {
    let year = st.year.or(opts.reference_year);
    let body_units: Vec<usize> = (0..st.units.len())
        .filter(|&i| st.units[i].role == Role::Body)
        .collect();

    // pass 1: cues of every body unit, the prevailing kind
    let analysed: Vec<Analysed<'_>> = body_units
        .iter()
        .map(|&i| {
            let u = &st.units[i];
            let t = &text[u.start..u.end];
            let boundaries = seg.boundaries(t);
            let cues = kind::cues(rules, t, &boundaries);
            Analysed {
                unit: i,
                boundaries,
                cues,
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

    // the addressees: from the opening body units
    let mut addressees: Vec<String> = Vec::new();
    for a in analysed.iter().take(3) {
        let u = &st.units[a.unit];
        let t = &text[u.start..u.end];
        for f in body::addressees(rules, t) {
            let b = t[f.start..f.end].to_string();
            if !addressees.contains(&b) {
                addressees.push(b);
            }
        }
    }

    // the first collective body of each top-level section
    let top = |u: &Unit| st.path(u.section).first().copied();
    let mut collective: Vec<(Option<usize>, String)> = Vec::new();
    for a in &analysed {
        let u = &st.units[a.unit];
        let key = top(u);
        if collective.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let t = &text[u.start..u.end];
        if let Some(f) = body::explicit(rules, t).into_iter().find(|f| body::is_collective(&t[f.start..f.end])) {
            collective.push((key, t[f.start..f.end].to_string()));
        }
    }

    // pass 2: tasks
    let unit_chars = unit_char_offsets(text, st);
    let mut tasks = Vec::new();
    let mut previous: Option<(usize, Vec<(String, [usize; 2])>)> = None; // (line, explicit subjects)
    let mut topic: Option<(usize, Vec<String>)> = None; // (line, categories) of the last headline unit
    for a in &analysed {
        let u = &st.units[a.unit];
        let t = &text[u.start..u.end];
        let han = t.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
        if a.cues.not_task.is_some() || !a.cues.evidence || han < MIN_TASK_HAN {
            continue;
        }
        let kind = a.cues.kind(prevailing, prior);
        let mut fired: Vec<String> = a.cues.fired.iter().map(|s| s.to_string()).collect();
        if a.cues.leaning().is_none() {
            fired.push(KIND_PREVAILING.to_string());
        }
        let base = unit_chars[a.unit].0;
        let span = |s: usize, e: usize| [base + t[..s].chars().count(), base + t[..e].chars().count()];

        // categories: the unit's own cues, ranked; the topic it sits under (a headline unit
        // earlier in the paragraph, else the nearest section heading with cues) goes first
        // when the unit's cues include it, and stands in when the unit has none
        let ranked = category::rank(rules, t);
        fired.extend(ranked.rules);
        let mut categories = ranked.ids;
        let mut context: Vec<String> = Vec::new();
        if let Some((line, cats)) = &topic {
            if *line == u.line {
                context = cats.clone();
            }
        }
        if context.is_empty() {
            for &si in st.path(u.section).iter().rev() {
                let h = category::rank(rules, &st.sections[si].title);
                if !h.ids.is_empty() {
                    context = h.ids;
                    fired.extend(h.rules);
                    break;
                }
            }
        }
        if categories.is_empty() {
            categories = context.clone();
        } else if let Some(main) = context.first() {
            match categories.iter().position(|c| c == main) {
                Some(at) => {
                    let c = categories.remove(at);
                    categories.insert(0, c);
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
        let is_topic = rules
            .structure
            .all(t, Context::default())
            .iter()
            .any(|m| m.label == "topic");
        if is_topic {
            topic = Some((u.line, categories.clone()));
        }

        // bodies
        let mut bodies: Vec<Body> = body::explicit(rules, t)
            .into_iter()
            .map(|f| {
                fired.push(f.rule.clone());
                Body {
                    text: t[f.start..f.end].to_string(),
                    source: "explicit".into(),
                    span: Some(span(f.start, f.end)),
                    rule: f.rule,
                }
            })
            .collect();
        if bodies.is_empty() {
            let inherited: Option<(Vec<(String, Option<[usize; 2]>)>, &str)> = previous
                .as_ref()
                .filter(|(line, _)| *line == u.line)
                .map(|(_, b)| (b.iter().map(|(t, s)| (t.clone(), Some(*s))).collect(), INHERIT_PREVIOUS))
                .or_else(|| {
                    st.speaker(u.section)
                        .map(|s| (vec![(s.to_string(), speaker_span(st, u, &unit_chars))], INHERIT_SPEAKER))
                })
                .or_else(|| {
                    collective
                        .iter()
                        .find(|(k, _)| *k == top(u))
                        .map(|(_, b)| (vec![(b.clone(), None)], INHERIT_SECTION))
                })
                .or_else(|| {
                    (!addressees.is_empty())
                        .then(|| (addressees.iter().map(|a| (a.clone(), None)).collect(), INHERIT_ADDRESSEE))
                });
            if let Some((list, rule)) = inherited {
                fired.push(rule.to_string());
                bodies = list
                    .into_iter()
                    .map(|(text, span)| Body {
                        text,
                        source: "inherited".into(),
                        span,
                        rule: rule.to_string(),
                    })
                    .collect();
            }
        } else {
            previous = Some((
                u.line,
                bodies
                    .iter()
                    .filter_map(|b| b.span.map(|s| (b.text.clone(), s)))
                    .collect(),
            ));
        }

        // deadlines, metrics, actions
        let mut deadline_found = deadline::find(rules, t, &a.boundaries, kind, year);
        // the same words twice in a unit are one deadline
        let mut seen: Vec<(&str, String)> = Vec::new();
        deadline_found.retain(|f| {
            let key = (&t[f.start..f.end], f.kind.clone());
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        let deadline: Vec<Deadline> = deadline_found
            .into_iter()
            .map(|f| {
                fired.push(f.rule.clone());
                Deadline {
                    text: t[f.start..f.end].to_string(),
                    kind: f.kind,
                    span: span(f.start, f.end),
                    date: f.date,
                    rule: f.rule,
                }
            })
            .collect();
        let metrics: Vec<Metric> = metric::find(rules, t)
            .into_iter()
            .map(|f| Metric {
                text: t[f.start..f.end].to_string(),
                value: f.value,
                unit: f.unit,
                span: span(f.start, f.end),
            })
            .collect();
        let ctx = Context {
            kind: Some(kind.as_str()),
            boundaries: Some(&a.boundaries),
        };
        let mut actions: Vec<String> = Vec::new();
        for m in rules.action.find(t, ctx) {
            let v = t[m.start..m.end].to_string();
            if !actions.contains(&v) && actions.len() < MAX_ACTIONS {
                actions.push(v);
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
            section: st.path(u.section).iter().map(|&i| st.sections[i].title.clone()).collect(),
            kind: kind.as_str().to_string(),
            categories,
            bodies,
            deadline,
            actions,
            metrics,
            rules: rule_ids,
        });
    }
    Extracted { tasks, addressees }
}

/// Where the speaker of a unit's part is written, in chars.
fn speaker_span(st: &Structure, u: &Unit, unit_chars: &[(usize, usize)]) -> Option<[usize; 2]> {
    let speaker = st.speaker(u.section)?;
    st.units
        .iter()
        .enumerate()
        .filter(|(_, h)| h.role == Role::Heading && h.start < u.start && h.end - h.start == speaker.len())
        .next_back()
        .map(|(i, _)| [unit_chars[i].0, unit_chars[i].1])
}
