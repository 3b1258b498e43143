//! Compare: a central notice's task items held against local plans and reports.
//!
//! Takes records (fresh from the pipeline or read back from JSONL) for the central side and
//! the local side; gives a [`Report`] (schema [`SCHEMA`], specified in `docs/COMPARE.md`):
//! for each local plan — a document, or with `by_section` each speaker's part of a
//! compilation — every local item with the central items it carries out ([`align`]: BM25
//! over jieba words and character bigrams, raised when categories agree), coverage per
//! category, additions (local items with no central match), missing central items, and on
//! matched pairs whether the local deadline is firmer or looser and whether the bodies
//! differ. [`render`] turns a report into Markdown or a self-contained HTML page.
//!
//! Categories are counted by an item's main (first) category, so per-category counts add
//! up to the plan's totals.

pub mod align;
pub mod render;

use crate::output::{Record, Task};
use crate::rules::CategoryDef;
use crate::segment::Segmenter;
use crate::{batch, Options, Pipeline};
use align::{Index, StopList, Terms};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The schema id of a comparison report.
pub const SCHEMA: &str = "zhenggai-compare/1";

/// The default match threshold (`--threshold`), chosen on seed 000 against seed 004's
/// speakers (`docs/COMPARE.md` gives the score distribution): pairs that share a subject
/// and a category score from about 0.33 up; pairs that share one stray word (`巩固`,
/// `四个…`) and no category stay below.
pub const DEFAULT_THRESHOLD: f64 = 0.33;

/// Added to the similarity (as a factor `1 + boost`) when the two main categories are the same.
const SAME_MAIN_CATEGORY_BOOST: f64 = 0.5;
/// Added when the items share a category other than `other`, the main ones differing.
const SHARED_CATEGORY_BOOST: f64 = 0.25;

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

/// The result of a comparison (`docs/COMPARE.md`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The threshold used.
    pub threshold: f64,
    /// Whether local documents were split into speakers' parts.
    pub by_section: bool,
    /// The categories that occur on either side, in taxonomy order: the rows of the tables.
    pub categories: Vec<Category>,
    /// The central documents.
    pub central_docs: Vec<DocRef>,
    /// The central task items, in document order.
    pub central: Vec<Item>,
    /// The local plans, in input order.
    pub plans: Vec<Plan>,
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
    /// The firmest deadline kind, or `none` ([`align::firmness_of_kind`]).
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
    /// The similarity raised by category agreement; at least the threshold.
    pub score: f64,
    /// The text similarity alone, in `[0, 1]`.
    pub similarity: f64,
    /// Whether the main categories are the same, or the items share one other than `other`.
    pub categories_agree: bool,
    /// The local deadline against the central one: `firmer`, `looser` or `same`.
    pub deadline: String,
    /// Whether the local bodies (canonical names) differ from the central ones.
    pub bodies_differ: bool,
}

/// One local plan and how it covers the central items.
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
    /// Coverage per category, in the order of [`Report::categories`] (every category listed).
    pub coverage: Vec<Coverage>,
    /// Coverage over all categories.
    pub total: Coverage,
    /// Ids of the local items with no central match, grouped by main category.
    pub additions: Vec<Group>,
    /// Ids of the central items no local item of the plan matches.
    pub missing: Vec<String>,
}

/// Coverage of one category (or of all, with category `*`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Coverage {
    /// The category id, `*` for the total.
    pub category: String,
    /// Central items whose main category it is.
    pub central: usize,
    /// Local items whose main category it is.
    pub local: usize,
    /// Central items of the category with at least one local match.
    pub covered: usize,
    /// `covered / central`; null without central items.
    pub coverage: Option<f64>,
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
pub fn local_plans(records: &[Record], by_section: bool) -> Vec<LocalPlan<'_>> {
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

fn item(task: &Task) -> Item {
    let mut bodies: Vec<String> = task
        .bodies
        .iter()
        .map(|b| b.canonical.clone().unwrap_or_else(|| b.text.clone()))
        .collect();
    bodies.dedup();
    Item {
        id: task.id.clone(),
        text: task.text.clone(),
        kind: task.kind.clone(),
        categories: task.categories.clone(),
        bodies,
        deadlines: task.deadline.iter().map(|d| d.text.clone()).collect(),
        firmness: align::firmest(task.deadline.iter().map(|d| d.kind.as_str())).to_string(),
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
        (0.0, false)
    }
}

fn bodies_differ(central: &Item, local: &Item) -> bool {
    fn set(i: &Item) -> std::collections::BTreeSet<&str> {
        i.bodies.iter().map(String::as_str).collect()
    }
    set(central) != set(local)
}

/// Compares the central records' tasks with each local plan. `taxonomy` gives the categories'
/// names and the order of the rows.
pub fn compare(
    central: &[Record],
    local: &[Record],
    taxonomy: &[CategoryDef],
    seg: &Segmenter,
    stop: &StopList,
    opts: &CompareOptions,
) -> Report {
    let central_tasks: Vec<&Task> = central
        .iter()
        .filter(|r| r.error.is_none())
        .flat_map(|r| &r.tasks)
        .collect();
    let plans = local_plans(local, opts.by_section);
    let central_items: Vec<Item> = central_tasks.iter().map(|t| item(t)).collect();
    let central_terms: Vec<Terms> = central_tasks
        .iter()
        .map(|t| Terms::of(&t.text, seg, stop))
        .collect();
    let local_terms: Vec<Vec<Terms>> = plans
        .iter()
        .map(|p| {
            p.tasks
                .iter()
                .map(|t| Terms::of(&t.text, seg, stop))
                .collect()
        })
        .collect();
    let pooled: Vec<Terms> = local_terms.iter().flatten().cloned().collect();
    let index = Index::new(&central_terms, &pooled);

    let plans: Vec<Plan> = plans
        .iter()
        .zip(&local_terms)
        .map(|(plan, terms)| {
            let items = plan
                .tasks
                .iter()
                .zip(terms)
                .map(|(task, lt)| {
                    let mut local = item(task);
                    let mut matches: Vec<Match> = central_items
                        .iter()
                        .zip(&central_terms)
                        .filter_map(|(c, ct)| {
                            let similarity = index.similarity(ct, lt);
                            let (boost, agree) = category_boost(c, &local);
                            let score = similarity * (1.0 + boost);
                            (score >= opts.threshold && similarity > 0.0).then(|| Match {
                                central: c.id.clone(),
                                score: round(score),
                                similarity: round(similarity),
                                categories_agree: agree,
                                deadline: align::compare_firmness(&c.firmness, &local.firmness)
                                    .to_string(),
                                bodies_differ: bodies_differ(c, &local),
                            })
                        })
                        .collect();
                    matches.sort_by(|a, b| b.score.total_cmp(&a.score));
                    local.matches = Some(matches);
                    local
                })
                .collect();
            summarise(plan, items, &central_items)
        })
        .collect();

    let categories = categories_seen(taxonomy, &central_items, &plans);
    let plans = plans
        .into_iter()
        .map(|mut p| {
            p.coverage = categories
                .iter()
                .map(|c| coverage(&c.id, &central_items, &p))
                .collect();
            p
        })
        .collect();
    Report {
        schema: SCHEMA.to_string(),
        threshold: opts.threshold,
        by_section: opts.by_section,
        categories,
        central_docs: central
            .iter()
            .filter(|r| r.error.is_none())
            .map(|r| DocRef {
                id: r.doc.id.clone(),
                title: r.doc.title.clone(),
            })
            .collect(),
        central: central_items,
        plans,
    }
}

/// Scores are rounded to 4 places so that the JSON reads well and is stable.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn matched_ids(items: &[Item]) -> std::collections::HashSet<&str> {
    items
        .iter()
        .flat_map(|i| i.matches.iter().flatten())
        .map(|m| m.central.as_str())
        .collect()
}

/// The plan with its totals, additions and missing items; `coverage` is filled in later,
/// once the categories of every plan are known.
fn summarise(plan: &LocalPlan, items: Vec<Item>, central: &[Item]) -> Plan {
    let matched = matched_ids(&items);
    let missing = central
        .iter()
        .filter(|c| !matched.contains(c.id.as_str()))
        .map(|c| c.id.clone())
        .collect();
    let mut additions: Vec<Group> = Vec::new();
    for i in items
        .iter()
        .filter(|i| i.matches.as_ref().is_some_and(Vec::is_empty))
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
    let covered = central
        .iter()
        .filter(|c| matched.contains(c.id.as_str()))
        .count();
    let total = Coverage {
        category: "*".to_string(),
        central: central.len(),
        local: items.len(),
        covered,
        coverage: ratio(covered, central.len()),
    };
    Plan {
        name: plan.name.clone(),
        doc: plan.doc.clone(),
        section: plan.section.clone(),
        items,
        coverage: Vec::new(),
        total,
        additions,
        missing,
    }
}

fn ratio(covered: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| round(covered as f64 / of as f64))
}

fn coverage(category: &str, central: &[Item], plan: &Plan) -> Coverage {
    let matched = matched_ids(&plan.items);
    let of_cat: Vec<&Item> = central
        .iter()
        .filter(|c| main_category(c) == category)
        .collect();
    let covered = of_cat
        .iter()
        .filter(|c| matched.contains(c.id.as_str()))
        .count();
    Coverage {
        category: category.to_string(),
        central: of_cat.len(),
        local: plan
            .items
            .iter()
            .filter(|i| main_category(i) == category)
            .count(),
        covered,
        coverage: ratio(covered, of_cat.len()),
    }
}

/// The main categories of all items, in taxonomy order; ids the taxonomy lacks come last.
fn categories_seen(taxonomy: &[CategoryDef], central: &[Item], plans: &[Plan]) -> Vec<Category> {
    let seen: std::collections::BTreeSet<&str> = central
        .iter()
        .chain(plans.iter().flat_map(|p| &p.items))
        .map(main_category)
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

fn is_records_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl" | "json")
    )
}

/// Reads the inputs of one side: `.jsonl`/`.json` files as extracted records (JSON Lines, a
/// JSON array or one record), any other file or folder as notices run through the pipeline.
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
        if path.is_file() && is_records_file(path) {
            match read_records(path) {
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

fn read_records(path: &Path) -> Result<Vec<Record>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let values = crate::eval::load_predictions(&text).map_err(|e| e.to_string())?;
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value(v)
                .map_err(|e| format!("record {}: not a zhenggai record: {e}", i + 1))
        })
        .collect()
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
            &pipeline.rules().categories,
            pipeline.segmenter(),
            &StopList::defaults(),
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
        assert_eq!(p.total.central, 3);
        assert_eq!(p.total.covered, 2, "{:#?}", p.items);
        assert_eq!(p.missing, vec!["c#1".to_string()]);
        let added: Vec<&String> = p.additions.iter().flat_map(|g| &g.items).collect();
        assert_eq!(added, vec!["l#2"]);
        let back = p.items.iter().find(|i| i.id == "l#1").unwrap();
        let m = &back.matches.as_ref().unwrap()[0];
        assert_eq!(m.central, "c#2");
        assert_eq!(m.deadline, "firmer");
        let sum: usize = p.coverage.iter().map(|c| c.central).sum();
        assert_eq!(sum, p.total.central);
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
        assert!(errors[0].to_string().contains("record 1"), "{}", errors[0]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
