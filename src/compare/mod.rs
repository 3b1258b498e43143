//! Compare: a central notice's task items held against local plans and reports.
//!
//! Takes records (fresh from the pipeline or read back from JSONL) for the central side and
//! the local side; gives a [`Report`] (schema [`SCHEMA`], specified in `docs/COMPARE.md`).
//! The central items are laid out (`groups`) into headline groups — a headline task and the
//! items that spell it out — and framing (preamble, organisation, follow-up). For each local
//! plan — a document, or with `by_section` each speaker's part of a compilation — every local
//! item gets the central items it carries out ([`align`]: BM25 over jieba words and character
//! bigrams of the synonym-normalised texts, best over whole texts, clauses and headings,
//! raised when categories agree); a group is covered when one of its members is matched.
//! The plan gets coverage over the headline groups per category (framing counted apart),
//! additions (local items that carry out no group), missing groups, and on matched pairs
//! whether the local deadline is firmer or looser and whether the bodies differ.
//! [`render`] turns a report into Markdown or a self-contained HTML page; [`gold`] scores
//! the alignment against hand labels.
//!
//! Categories are counted by a group's and a local item's main category, so per-category
//! counts add up to the plan's totals.

pub mod align;
pub use align::compare_firmness;
pub mod gold;
pub(crate) mod groups;
pub mod render;

use crate::record::{Record, Task};
use crate::rules::{CategoryDef, RuleSet};
use crate::segment::Segmenter;
use crate::{batch, Options, Pipeline};
use align::{Index, Lexicon, Units};
use groups::Structure;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// The schema id of a comparison report. `/2`: coverage counts headline groups, not items;
/// `groups`, `framing`, `plans[].framing`, `plans[].carried` and `matches[].group` are new;
/// `plans[].missing` holds group ids.
pub const SCHEMA: &str = "zhenggai-compare/2";

/// The default match threshold (`--threshold`), read off the precision/recall curve on the
/// hand-labelled alignments of `corpus/gold/compare/` (`examples/compare_threshold.rs`;
/// the figures are in `docs/COMPARE.md`).
pub const DEFAULT_THRESHOLD: f64 = 0.40;

/// Added to the similarity (as a factor `1 + boost`) when the two main categories are the same.
const SAME_MAIN_CATEGORY_BOOST: f64 = 0.5;
/// Added when the items share a category other than `other`, the main ones differing.
const SHARED_CATEGORY_BOOST: f64 = 0.25;
/// Added (a penalty) when the items share no category: a pair on different subjects needs
/// more words in common before it counts (`领导干部` alone in a clause on each side).
const NO_SHARED_CATEGORY_BOOST: f64 = -0.3;

/// Options of a comparison.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// A pair matches when its score reaches this. Default: [`DEFAULT_THRESHOLD`].
    pub threshold: f64,
    /// Split each local document into its speakers' parts. Default: off.
    pub by_section: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            threshold: DEFAULT_THRESHOLD,
            by_section: false,
        }
    }
}

/// The word lists and structure cues of a comparison (`rules/compare/`).
#[derive(Debug, Clone)]
pub struct CompareRules {
    /// Stop list and synonyms.
    pub lexicon: Lexicon,
    /// Headline and framing cues.
    pub structure: Structure,
}

impl CompareRules {
    /// The embedded defaults.
    pub fn defaults() -> Self {
        CompareRules {
            lexicon: Lexicon::defaults(),
            structure: Structure::defaults(),
        }
    }
}

/// The result of a comparison (`docs/COMPARE.md`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The threshold used.
    pub threshold: f64,
    /// Whether local documents were split into speakers' parts.
    pub by_section: bool,
    /// The main categories of the groups and the local items, in taxonomy order: the rows
    /// of the tables.
    pub categories: Vec<Category>,
    /// The central documents.
    pub central_docs: Vec<DocRef>,
    /// The central task items, in document order.
    pub central: Vec<Item>,
    /// The headline groups of the central items: what coverage counts.
    pub groups: Vec<HeadlineGroup>,
    /// Ids of the central items outside every group (preamble, organisation, follow-up).
    pub framing: Vec<String>,
    /// The local plans, in input order.
    pub plans: Vec<Plan>,
}

/// A headline task with the central items that spell it out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HeadlineGroup {
    /// `g1`, `g2` … in document order.
    pub id: String,
    /// The headline: a heading, or the text of the headline item.
    pub headline: String,
    /// The id of the headline item, when the headline is an item.
    pub headline_item: Option<String>,
    /// The main category: the first that is not `other` among the headline item and the members.
    pub category: String,
    /// The ids of the group's items, in document order.
    pub members: Vec<String>,
}

/// A category id and its name.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Category {
    /// The id (`eight-rules`).
    pub id: String,
    /// The name of the taxonomy (the id itself for a category the taxonomy lacks).
    pub name: String,
}

/// A document read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocRef {
    /// The record's `doc.id`.
    pub id: String,
    /// Its title, when it has one.
    #[serde(default)]
    pub title: Option<String>,
}

/// A task item as the comparison sees it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Item {
    /// The task id of the record (`<doc id>#<n>`).
    pub id: String,
    /// The text.
    pub text: String,
    /// `directive` or `report`.
    pub kind: String,
    /// Category ids, main first.
    pub categories: Vec<String>,
    /// The bodies' canonical names (the text where there is none).
    pub bodies: Vec<String>,
    /// The deadline texts.
    pub deadlines: Vec<String>,
    /// The firmest deadline kind, or `none` (firmness from the rules' deadline kinds).
    pub firmness: String,
    /// Local items only: the central items matched, best first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<Match>>,
}

/// A central item a local item carries out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Match {
    /// The central item's id.
    pub central: String,
    /// The central item's group, null for a framing item.
    pub group: Option<String>,
    /// The similarity raised by category agreement; at least the threshold.
    pub score: f64,
    /// The text similarity alone, in `[0, 1]`.
    pub similarity: f64,
    /// Whether the main categories are the same, or the items share one other than `other`.
    pub categories_agree: bool,
    /// The local deadline against the central one: `firmer`, `looser` or `same`.
    pub deadline: String,
    /// Whether the bodies differ in a way that means something ([`bodies_differ`]).
    pub bodies_differ: bool,
}

/// One local plan and how it covers the central groups.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Plan {
    /// The speaker of the part, or the document's title, or its id.
    pub name: String,
    /// The document's id.
    pub doc: String,
    /// The heading of the speaker's part, with `by_section`.
    #[serde(default)]
    pub section: Option<String>,
    /// The local items, in document order, with their matches.
    pub items: Vec<Item>,
    /// Coverage of the headline groups per category, in the order of [`Report::categories`].
    pub coverage: Vec<Coverage>,
    /// Coverage of the headline groups over all categories (category `*`).
    pub total: Coverage,
    /// Coverage of the framing items (category `framing`; `local`: the plan's items that
    /// match framing items only).
    pub framing: Coverage,
    /// The groups the plan covers, each with the ids of the local items that carry it out.
    pub carried: Vec<Carried>,
    /// Ids of the local items that match no headline group (none at all, or framing items
    /// only), by main category.
    pub additions: Vec<Group>,
    /// Ids of the groups no local item of the plan matches.
    pub missing: Vec<String>,
}

/// A group a plan covers and the local items that carry it out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Carried {
    /// The group id.
    pub group: String,
    /// The local item ids, in document order.
    pub items: Vec<String>,
}

/// Coverage of one category (or of all, with category `*`, or of framing).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Coverage {
    /// The category id, `*` for the total, `framing` for framing items.
    pub category: String,
    /// Headline groups whose main category it is (framing: framing items).
    pub central: usize,
    /// Local items whose main category it is.
    pub local: usize,
    /// Groups of the category with at least one local match (framing: items matched).
    pub covered: usize,
    /// `covered / central`; null without central groups.
    pub coverage: Option<f64>,
    /// The central items of those groups, headline items and sub-items (framing: framing
    /// items).
    pub items: usize,
    /// Of them, the items a local item of the plan matches (framing: items matched).
    pub items_carried: usize,
    /// `items_carried / items`, null without central items: how much of the category's
    /// groups the plan spells out, where `coverage` counts a group carried by one item.
    pub items_share: Option<f64>,
}

/// Item ids of one category.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Group {
    /// The category id.
    pub category: String,
    /// The item ids.
    pub items: Vec<String>,
}

/// A local plan before comparison: a name and the tasks it holds.
#[derive(Debug, Clone)]
pub struct LocalPlan<'a> {
    /// Speaker, title or id.
    pub name: String,
    /// The document's id.
    pub doc: String,
    /// The heading of the speaker's part.
    pub section: Option<String>,
    /// The tasks.
    pub tasks: Vec<&'a Task>,
}

/// The local plans of some records: one per record, or with `by_section` one per speaker's
/// part (a task belongs to the innermost speaker section whose span holds its start); tasks
/// outside every speaker part form a plan named after the document. A record without
/// speaker parts stays whole. Records with `error` set give no plan.
pub(crate) fn local_plans(records: &[Record], by_section: bool) -> Vec<LocalPlan<'_>> {
    let mut plans = Vec::new();
    for record in records.iter().filter(|r| r.error.is_none()) {
        let doc_name = record
            .doc
            .title
            .clone()
            .unwrap_or_else(|| record.doc.id.clone());
        let whole = |tasks| LocalPlan {
            name: doc_name.clone(),
            doc: record.doc.id.clone(),
            section: None,
            tasks,
        };
        let speakers: Vec<_> = record
            .doc
            .sections
            .iter()
            .filter(|s| s.speaker.is_some())
            .collect();
        if !by_section || speakers.is_empty() {
            plans.push(whole(record.tasks.iter().collect()));
            continue;
        }
        let mut parts: Vec<LocalPlan> = speakers
            .iter()
            .map(|s| LocalPlan {
                name: s.speaker.clone().unwrap_or_default(),
                doc: record.doc.id.clone(),
                section: Some(s.title.clone()),
                tasks: Vec::new(),
            })
            .collect();
        let mut outside = Vec::new();
        for task in &record.tasks {
            let at = task.span[0];
            let part = speakers
                .iter()
                .enumerate()
                .filter(|(_, s)| s.span[0] <= at && at < s.span[1])
                .max_by_key(|(_, s)| (s.level, s.span[0]))
                .map(|(i, _)| i);
            match part.and_then(|i| parts.get_mut(i)) {
                Some(p) => p.tasks.push(task),
                None => outside.push(task),
            }
        }
        if !outside.is_empty() {
            plans.push(whole(outside));
        }
        plans.extend(parts.into_iter().filter(|p| !p.tasks.is_empty()));
    }
    plans
}

fn item(task: &Task, rules: &RuleSet) -> Item {
    let mut bodies: Vec<String> = task
        .bodies
        .iter()
        .map(|b| b.canonical.clone().unwrap_or_else(|| b.text.clone()))
        .collect();
    bodies.dedup();
    Item {
        id: task.id.clone(),
        text: task.text.clone(),
        kind: task.kind.to_string(),
        categories: task.categories.clone(),
        bodies,
        deadlines: task.deadline.iter().map(|d| d.text.clone()).collect(),
        firmness: align::firmest(rules, task.deadline.iter().map(|d| d.kind.as_str())).to_string(),
        matches: None,
    }
}

fn main_category(item: &Item) -> &str {
    item.categories.first().map_or("other", String::as_str)
}

/// The boost of a pair and whether its categories agree.
fn category_boost(central: &Item, local: &Item) -> (f64, bool) {
    if main_category(central) == main_category(local) {
        return (SAME_MAIN_CATEGORY_BOOST, true);
    }
    let shared = central
        .categories
        .iter()
        .any(|c| c != "other" && local.categories.contains(c));
    if shared {
        (SHARED_CATEGORY_BOOST, true)
    } else {
        (NO_SHARED_CATEGORY_BOOST, false)
    }
}

/// Whether a body name addresses everyone rather than a body: a collective
/// (`extract::body::is_collective`: `各地区各部门各单位`, `全省`), or one that names no body
/// (`有关部门`, what holds `本地区`/`本部门`/`本单位`).
fn is_generic_body(name: &str) -> bool {
    crate::extract::body::is_collective(name)
        || ["本地区", "本部门", "本单位", "有关部门", "相关部门"]
            .iter()
            .any(|g| name.contains(g))
}

/// Whether the bodies of a matched pair differ in a way that means something: the central
/// item names at least one specific body (not an addressee of everyone,
/// `is_generic_body`), the local item names at least one body, and no canonical name is
/// on both sides. A local body where the central item named none, or only everyone, is how
/// a plan delegates the task, and is not a difference.
pub fn bodies_differ(central: &Item, local: &Item) -> bool {
    let specific: BTreeSet<&str> = central
        .bodies
        .iter()
        .map(String::as_str)
        .filter(|b| !is_generic_body(b))
        .collect();
    !specific.is_empty()
        && !local.bodies.is_empty()
        && local.bodies.iter().all(|b| !specific.contains(b.as_str()))
}

/// The central side laid out: items, groups, framing, and each item's group.
struct CentralSide<'a> {
    tasks: Vec<&'a Task>,
    items: Vec<Item>,
    groups: Vec<HeadlineGroup>,
    framing: Vec<String>,
    group_of: HashMap<String, String>,
}

fn central_side<'a>(
    central: &'a [Record],
    structure: &Structure,
    rules: &RuleSet,
) -> CentralSide<'a> {
    let mut side = CentralSide {
        tasks: Vec::new(),
        items: Vec::new(),
        groups: Vec::new(),
        framing: Vec::new(),
        group_of: HashMap::new(),
    };
    for record in central.iter().filter(|r| r.error.is_none()) {
        let tasks: Vec<&Task> = record.tasks.iter().collect();
        let layout = groups::layout(&tasks, structure);
        let id_of = |i: &usize| tasks.get(*i).map(|t| t.id.clone());
        for g in layout.groups {
            let id = format!("g{}", side.groups.len() + 1);
            let members: Vec<String> = g.members.iter().filter_map(id_of).collect();
            let headline_item = g.headline_item.as_ref().and_then(id_of);
            let category = headline_item
                .iter()
                .chain(&members)
                .filter_map(|m| record.tasks.iter().find(|t| &t.id == m))
                .filter_map(|t| t.categories.first())
                .find(|c| c.as_str() != "other")
                .cloned()
                .unwrap_or_else(|| "other".to_string());
            for m in &members {
                side.group_of.insert(m.clone(), id.clone());
            }
            side.groups.push(HeadlineGroup {
                id,
                headline: g.headline,
                headline_item,
                category,
                members,
            });
        }
        side.framing.extend(layout.framing.iter().filter_map(id_of));
        side.items.extend(tasks.iter().map(|t| item(t, rules)));
        side.tasks.extend(tasks);
    }
    side
}

/// Compares the central records' tasks with each local plan. The pipeline gives the
/// taxonomy (the categories' names and the order of the rows), the deadline kinds' firmness
/// and the segmenter.
pub fn compare(
    central: &[Record],
    local: &[Record],
    pipeline: &Pipeline,
    rules: &CompareRules,
    opts: &CompareOptions,
) -> Report {
    let side = central_side(central, &rules.structure, pipeline.rules());
    let plans = local_plans(local, opts.by_section);
    let (central_units, local_units) = read_units(&side, &plans, pipeline.segmenter(), rules);
    let whole = |units: &[&Units]| units.iter().map(|u| u.whole.clone()).collect::<Vec<_>>();
    let index = Index::new(
        &whole(&central_units.iter().collect::<Vec<_>>()),
        &whole(&local_units.iter().flatten().collect::<Vec<_>>()),
    );
    let matcher = PlanMatcher {
        side: &side,
        central_units: &central_units,
        index: &index,
        rules: pipeline.rules(),
        opts,
    };
    let plans: Vec<Plan> = (plans.iter().zip(&local_units))
        .map(|(plan, units)| summarise(plan, matcher.items(plan, units), &side))
        .collect();
    let categories = categories_seen(&pipeline.rules().categories, &side.groups, &plans);
    let plans = (plans.into_iter())
        .map(|mut p| {
            p.coverage = (categories.iter())
                .map(|c| coverage(&c.id, &side.groups, &p))
                .collect();
            p
        })
        .collect();
    Report {
        schema: SCHEMA.to_string(),
        threshold: opts.threshold,
        by_section: opts.by_section,
        categories,
        central_docs: (central.iter().filter(|r| r.error.is_none()))
            .map(|r| DocRef {
                id: r.doc.id.clone(),
                title: r.doc.title.clone(),
            })
            .collect(),
        central: side.items,
        groups: side.groups,
        framing: side.framing,
        plans,
    }
}

/// The word units of every central task and of every local plan's tasks.
fn read_units(
    side: &CentralSide<'_>,
    plans: &[LocalPlan<'_>],
    seg: &Segmenter,
    rules: &CompareRules,
) -> (Vec<Units>, Vec<Vec<Units>>) {
    let lex = &rules.lexicon;
    let central = (side.tasks.iter())
        .map(|t| {
            Units::of(
                &t.text,
                t.section.last().map(String::as_str),
                false,
                seg,
                lex,
            )
        })
        .collect();
    let local = (plans.iter())
        .map(|p| {
            (p.tasks.iter())
                .map(|t| {
                    // the speaker's heading is the plan itself, not what the item carries out
                    let heading = (t.section.last())
                        .filter(|h| Some(*h) != p.section.as_ref())
                        .map(String::as_str);
                    Units::of(&t.text, heading, true, seg, lex)
                })
                .collect()
        })
        .collect();
    (central, local)
}

/// Matches a local plan's tasks against the central items.
struct PlanMatcher<'a> {
    side: &'a CentralSide<'a>,
    central_units: &'a [Units],
    index: &'a Index,
    rules: &'a RuleSet,
    opts: &'a CompareOptions,
}

impl PlanMatcher<'_> {
    /// The items of a local plan, each with its matches among the central items, best first.
    fn items(&self, plan: &LocalPlan<'_>, units: &[Units]) -> Vec<Item> {
        (plan.tasks.iter().zip(units))
            .map(|(task, lu)| {
                let mut local = item(task, self.rules);
                let mut matches: Vec<Match> = (self.side.items.iter().zip(self.central_units))
                    .filter_map(|(c, cu)| self.pair(c, cu, &local, lu))
                    .collect();
                matches.sort_by(|a, b| b.score.total_cmp(&a.score));
                local.matches = Some(matches);
                local
            })
            .collect()
    }

    /// The match of a local item with a central one, when their score reaches the threshold.
    fn pair(&self, c: &Item, cu: &Units, local: &Item, lu: &Units) -> Option<Match> {
        let similarity = self.index.similarity_units(cu, lu);
        let (boost, agree) = category_boost(c, local);
        let score = similarity * (1.0 + boost);
        (score >= self.opts.threshold && similarity > 0.0).then(|| Match {
            central: c.id.clone(),
            group: self.side.group_of.get(&c.id).cloned(),
            score: round(score),
            similarity: round(similarity),
            categories_agree: agree,
            deadline: align::compare_firmness(self.rules, &c.firmness, &local.firmness).to_string(),
            bodies_differ: bodies_differ(c, local),
        })
    }
}

/// Scores are rounded to 4 places so that the JSON reads well and is stable.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The groups the items cover.
fn covered_groups(items: &[Item]) -> HashSet<&str> {
    items
        .iter()
        .flat_map(|i| i.matches.iter().flatten())
        .filter_map(|m| m.group.as_deref())
        .collect()
}

/// The central items the items match.
fn matched_items(items: &[Item]) -> HashSet<&str> {
    items
        .iter()
        .flat_map(|i| i.matches.iter().flatten())
        .map(|m| m.central.as_str())
        .collect()
}

/// Coverage of `groups` by a plan whose items carry out `covered` groups and match
/// `matched` central items.
fn group_coverage(
    category: &str,
    groups: &[&HeadlineGroup],
    covered: &HashSet<&str>,
    matched: &HashSet<&str>,
    local: usize,
) -> Coverage {
    let carried = groups
        .iter()
        .filter(|g| covered.contains(g.id.as_str()))
        .count();
    let members = groups.iter().flat_map(|g| &g.members);
    let items = members.clone().count();
    let items_carried = members.filter(|m| matched.contains(m.as_str())).count();
    Coverage {
        category: category.to_string(),
        central: groups.len(),
        local,
        covered: carried,
        coverage: ratio(carried, groups.len()),
        items,
        items_carried,
        items_share: ratio(items_carried, items),
    }
}

/// The plan with its totals, framing, carried groups, additions and missing groups;
/// `coverage` is filled in later, once the categories of every plan are known.
fn summarise(plan: &LocalPlan, items: Vec<Item>, side: &CentralSide) -> Plan {
    let covered = covered_groups(&items);
    let carried = side
        .groups
        .iter()
        .filter(|g| covered.contains(g.id.as_str()))
        .map(|g| Carried {
            group: g.id.clone(),
            items: items
                .iter()
                .filter(|i| {
                    i.matches
                        .iter()
                        .flatten()
                        .any(|m| m.group.as_deref() == Some(g.id.as_str()))
                })
                .map(|i| i.id.clone())
                .collect(),
        })
        .collect();
    let missing = side
        .groups
        .iter()
        .filter(|g| !covered.contains(g.id.as_str()))
        .map(|g| g.id.clone())
        .collect();
    let mut additions: Vec<Group> = Vec::new();
    // an item that resembles framing only (how the campaign is run) carries out no central
    // task: it is an addition too
    for i in items
        .iter()
        .filter(|i| i.matches.iter().flatten().all(|m| m.group.is_none()))
    {
        let cat = main_category(i);
        match additions.iter_mut().find(|g| g.category == cat) {
            Some(g) => g.items.push(i.id.clone()),
            None => additions.push(Group {
                category: cat.to_string(),
                items: vec![i.id.clone()],
            }),
        }
    }
    let framing_matched: HashSet<&str> = items
        .iter()
        .flat_map(|i| i.matches.iter().flatten())
        .filter(|m| m.group.is_none())
        .map(|m| m.central.as_str())
        .collect();
    let framing_only = items
        .iter()
        .filter(|i| {
            let ms = i.matches.as_deref().unwrap_or_default();
            !ms.is_empty() && ms.iter().all(|m| m.group.is_none())
        })
        .count();
    let framing = Coverage {
        category: "framing".to_string(),
        central: side.framing.len(),
        local: framing_only,
        covered: framing_matched.len(),
        coverage: ratio(framing_matched.len(), side.framing.len()),
        items: side.framing.len(),
        items_carried: framing_matched.len(),
        items_share: ratio(framing_matched.len(), side.framing.len()),
    };
    let all: Vec<&HeadlineGroup> = side.groups.iter().collect();
    let total = group_coverage("*", &all, &covered, &matched_items(&items), items.len());
    Plan {
        name: plan.name.clone(),
        doc: plan.doc.clone(),
        section: plan.section.clone(),
        items,
        coverage: Vec::new(),
        total,
        framing,
        carried,
        additions,
        missing,
    }
}

fn ratio(covered: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| round(covered as f64 / of as f64))
}

fn coverage(category: &str, groups: &[HeadlineGroup], plan: &Plan) -> Coverage {
    let of_cat: Vec<&HeadlineGroup> = groups.iter().filter(|g| g.category == category).collect();
    let local = (plan.items.iter())
        .filter(|i| main_category(i) == category)
        .count();
    group_coverage(
        category,
        &of_cat,
        &covered_groups(&plan.items),
        &matched_items(&plan.items),
        local,
    )
}

/// The main categories of the groups and the local items, in taxonomy order; ids the
/// taxonomy lacks come last.
fn categories_seen(
    taxonomy: &[CategoryDef],
    groups: &[HeadlineGroup],
    plans: &[Plan],
) -> Vec<Category> {
    let seen: BTreeSet<&str> = groups
        .iter()
        .map(|g| g.category.as_str())
        .chain(plans.iter().flat_map(|p| &p.items).map(main_category))
        .collect();
    let mut out: Vec<Category> = taxonomy
        .iter()
        .filter(|c| seen.contains(c.id.as_str()))
        .map(|c| Category {
            id: c.id.clone(),
            name: c.name.clone(),
        })
        .collect();
    for id in seen {
        if !taxonomy.iter().any(|c| c.id == id) {
            out.push(Category {
                id: id.to_string(),
                name: id.to_string(),
            });
        }
    }
    out
}

/// What the CLI does: reads both sides (`read_inputs`, default extraction options) and
/// compares them with the pipeline's taxonomy and segmenter. The inputs that could not be
/// used come back beside the report, central side first. The CLI's pipeline has no trained
/// model (`RuleSources::clear_models`): the category boosts, the framing test and the
/// threshold were set on the rules' own categories.
pub fn compare_paths(
    pipeline: &Pipeline,
    central: &[PathBuf],
    local: &[PathBuf],
    rules: &CompareRules,
    opts: &CompareOptions,
) -> (Report, Vec<InputError>) {
    let read_opts = Options::default();
    let (central, mut errors) = read_inputs(pipeline, central, &read_opts);
    let (local, local_errors) = read_inputs(pipeline, local, &read_opts);
    errors.extend(local_errors);
    let report = compare(&central, &local, pipeline, rules, opts);
    (report, errors)
}

/// An input that could not be used, with the cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Reads the inputs of one side: record files (`.jsonl`, `.ndjson`, `.json`, read by
/// [`crate::record::read_records`]), any other file or folder as notices run through the pipeline.
/// Never stops at a bad input: it is left out and reported among the errors, as is a record
/// with `error` set.
pub fn read_inputs(
    pipeline: &Pipeline,
    paths: &[PathBuf],
    opts: &Options,
) -> (Vec<Record>, Vec<InputError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() && crate::record::is_record_file(path) {
            match crate::record::read_record_file(path) {
                Ok(rs) => records.extend(rs),
                Err(message) => errors.push(InputError {
                    path: path.clone(),
                    message,
                }),
            }
            continue;
        }
        // notices (a file, folder, glob or archive): inputs that fail give error records,
        // turned into input errors below
        let lister = crate::input::Lister::new(batch::sources(std::slice::from_ref(path)));
        records.extend(batch::extract_all(pipeline, &lister, opts));
    }
    let (good, bad): (Vec<Record>, Vec<Record>) =
        records.into_iter().partition(|r| r.error.is_none());
    errors.extend(bad.into_iter().map(|r| InputError {
        path: PathBuf::from(&r.doc.path),
        message: r.error.unwrap_or_default(),
    }));
    (good, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn run(central: &str, local: &str, by_section: bool) -> Report {
        let pipeline = Pipeline::new(RuleSet::defaults().unwrap()).unwrap();
        let opts = Options::default();
        let c = pipeline
            .run_bytes("c", "c", central.as_bytes(), &opts)
            .record;
        let l = pipeline.run_bytes("l", "l", local.as_bytes(), &opts).record;
        compare(
            &[c],
            &[l],
            &pipeline,
            &CompareRules::defaults(),
            &CompareOptions {
                by_section,
                ..CompareOptions::default()
            },
        )
    }

    #[test]
    fn a_plan_covers_missing_and_adds() {
        let r = run(
            "整治违反中央八项规定精神的突出问题。\n整治基层党组织软弱涣散的问题。\n各地区要适时开展“回头看”。",
            "我市查处违反中央八项规定精神问题91件。\n我市年底前开展“回头看”。\n我市整治码头文化、圈子文化。",
            false,
        );
        assert_eq!(r.schema, SCHEMA);
        assert_eq!(r.plans.len(), 1);
        let p = &r.plans[0];
        // two headlines, each a group; the 回头看 line after them is framing
        assert_eq!(r.groups.len(), 2, "{:#?}", r.groups);
        assert_eq!(r.framing, vec!["c#2".to_string()]);
        assert_eq!(p.total.central, 2);
        assert_eq!(p.total.covered, 1, "{:#?}", p.items);
        assert_eq!(p.missing, vec!["g2".to_string()]);
        assert_eq!((p.framing.central, p.framing.covered), (1, 1));
        // 回头看 resembles framing only: an addition too
        let added: Vec<&String> = p.additions.iter().flat_map(|g| &g.items).collect();
        assert_eq!(added, vec!["l#1", "l#2"]);
        let back = p.items.iter().find(|i| i.id == "l#1").unwrap();
        let m = &back.matches.as_ref().unwrap()[0];
        assert_eq!((m.central.as_str(), m.group.as_deref()), ("c#2", None));
        assert_eq!(m.deadline, "firmer");
        assert_eq!(p.carried.len(), 1);
        assert_eq!(p.carried[0].items, vec!["l#0".to_string()]);
        let sum: usize = p.coverage.iter().map(|c| c.central).sum();
        assert_eq!(sum, p.total.central);
        // each group is its headline alone: one of two items carried
        assert_eq!((p.total.items, p.total.items_carried), (2, 1));
        assert_eq!(p.total.items_share, Some(0.5));
    }

    #[test]
    fn the_items_share_counts_the_sub_items_carried() {
        let r = run(
            "一、整治违反中央八项规定精神的突出问题。\n聚焦违规吃喝、违规收受礼品礼金等问题。\n聚焦领导干部违规参加各类研讨会、论坛等问题。",
            "我市聚焦违规吃喝、违规收受礼品礼金等问题开展专项整治，查处问题12起。",
            false,
        );
        let p = &r.plans[0];
        assert_eq!(r.groups.len(), 1, "{:#?}", r.groups);
        let c = (p.coverage.iter())
            .find(|c| c.central == 1)
            .expect("the group's category");
        assert_eq!((c.covered, c.items), (1, r.groups[0].members.len()));
        assert!(c.items_carried >= 1 && c.items_carried < c.items, "{c:?}");
    }

    fn with_bodies(bodies: &[&str]) -> Item {
        Item {
            id: String::new(),
            text: String::new(),
            kind: "directive".into(),
            categories: Vec::new(),
            bodies: bodies.iter().map(|b| b.to_string()).collect(),
            deadlines: Vec::new(),
            firmness: "none".into(),
            matches: None,
        }
    }

    #[test]
    fn bodies_differ_only_against_a_specific_central_body() {
        let local = with_bodies(&["市委主题教育办"]);
        assert!(!bodies_differ(
            &with_bodies(&["各地区各部门各单位"]),
            &local
        ));
        assert!(!bodies_differ(&with_bodies(&[]), &local));
        assert!(bodies_differ(&with_bodies(&["中央和国家机关"]), &local));
        assert!(!bodies_differ(
            &with_bodies(&["中央和国家机关"]),
            &with_bodies(&[])
        ));
        assert!(!bodies_differ(
            &with_bodies(&["中央指导组", "省区市"]),
            &with_bodies(&["省区市"])
        ));
    }

    #[test]
    fn empty_sides_give_an_empty_report() {
        let r = run("", "", true);
        assert!(r.central.is_empty());
        assert_eq!(r.plans.len(), 1);
        assert_eq!(r.plans[0].total.coverage, None);
    }

    #[test]
    fn bad_records_file_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join(format!("zhenggai-cmp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.jsonl");
        std::fs::write(&bad, "{\"schema\": 1}\n").unwrap();
        let pipeline = Pipeline::new(RuleSet::defaults().unwrap()).unwrap();
        let (records, errors) = read_inputs(
            &pipeline,
            &[bad.clone(), dir.join("absent.txt")],
            &Options::default(),
        );
        assert!(records.is_empty());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].to_string().contains("line 1: not a record"),
            "{}",
            errors[0]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
