//! The JSON of `zhenggai compare` (schema `zhenggai-compare/2`, `docs/COMPARE.md`) mirrored
//! field by field: the report of seed 000 against seed 004's speakers is serialized and
//! read back into these structs, which refuse unknown fields and need every required one.
//! A field renamed, added or removed in `src/compare/mod.rs` fails here; changing the shape
//! means changing this file, the doc and the schema version on purpose.

mod common;

use common::seed_report;
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    schema: String,
    threshold: f64,
    by_section: bool,
    categories: Vec<Category>,
    central_docs: Vec<DocRef>,
    central: Vec<Item>,
    groups: Vec<HeadlineGroup>,
    framing: Vec<String>,
    plans: Vec<Plan>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadlineGroup {
    id: String,
    headline: String,
    headline_item: Option<String>,
    category: String,
    members: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Carried {
    group: String,
    items: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Category {
    id: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocRef {
    id: String,
    title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    id: String,
    text: String,
    kind: String,
    categories: Vec<String>,
    bodies: Vec<String>,
    deadlines: Vec<String>,
    firmness: String,
    #[serde(default)]
    matches: Option<Vec<Match>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Match {
    central: String,
    group: Option<String>,
    score: f64,
    similarity: f64,
    categories_agree: bool,
    deadline: String,
    bodies_differ: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Plan {
    name: String,
    doc: String,
    section: Option<String>,
    items: Vec<Item>,
    coverage: Vec<Coverage>,
    total: Coverage,
    framing: Coverage,
    carried: Vec<Carried>,
    additions: Vec<Group>,
    missing: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Coverage {
    category: String,
    central: usize,
    local: usize,
    covered: usize,
    coverage: Option<f64>,
    items: usize,
    items_carried: usize,
    items_share: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    category: String,
    items: Vec<String>,
}

const FIRMNESS: &[&str] = &[
    "none",
    "occasion",
    "ongoing",
    "periodic",
    "phased",
    "unstated-limit",
    "duration",
    "date",
    "immediate",
];

#[test]
fn report_matches_the_documented_shape() {
    let json = serde_json::to_string(&seed_report()).unwrap();
    let r: Report = serde_json::from_str(&json).expect("the JSON has the documented shape");
    assert_eq!(r.schema, "zhenggai-compare/2");
    assert!(r.by_section);
    assert!(r.threshold > 0.0);
    assert_eq!(r.central_docs.len(), 1);
    assert!(r.central_docs[0].title.is_some());
    assert!(r.central_docs[0].id.ends_with("000_2e29eb4606567f33.txt"));
    assert!(r
        .categories
        .iter()
        .all(|c| !c.id.is_empty() && !c.name.is_empty()));
    let category_ids: Vec<&str> = r.categories.iter().map(|c| c.id.as_str()).collect();

    let central_ids: HashSet<&str> = r.central.iter().map(|c| c.id.as_str()).collect();
    let group_ids: Vec<&str> = r.groups.iter().map(|g| g.id.as_str()).collect();
    // every central item is in exactly one group or in framing
    let mut placed: Vec<&str> = r
        .groups
        .iter()
        .flat_map(|g| &g.members)
        .chain(&r.framing)
        .map(String::as_str)
        .collect();
    placed.sort_unstable();
    let mut all: Vec<&str> = central_ids.iter().copied().collect();
    all.sort_unstable();
    assert_eq!(placed, all);
    for g in &r.groups {
        assert!(!g.headline.is_empty() && !g.members.is_empty());
        assert!(
            category_ids.contains(&g.category.as_str()),
            "{}",
            g.category
        );
        if let Some(h) = &g.headline_item {
            assert_eq!(g.members.first(), Some(h), "the headline item comes first");
        }
    }
    for c in &r.central {
        assert!(c.matches.is_none(), "central items carry no matches");
        assert!(FIRMNESS.contains(&c.firmness.as_str()), "{}", c.firmness);
        assert!(!c.text.is_empty() && !c.categories.is_empty() && !c.kind.is_empty());
        assert!(c.bodies.iter().chain(&c.deadlines).all(|s| !s.is_empty()));
    }
    for p in &r.plans {
        assert!(!p.name.is_empty() && !p.doc.is_empty() && p.section.is_some());
        let order: Vec<&str> = p.coverage.iter().map(|c| c.category.as_str()).collect();
        assert_eq!(
            order, category_ids,
            "one coverage row per category, same order"
        );
        assert_eq!(p.total.category, "*");
        assert_eq!(p.total.central, r.groups.len());
        assert_eq!(p.framing.category, "framing");
        assert_eq!(p.framing.central, r.framing.len());
        for c in p.coverage.iter().chain([&p.total, &p.framing]) {
            assert!(c.covered <= c.central);
            match c.coverage {
                Some(x) => assert!((x - c.covered as f64 / c.central as f64).abs() < 1e-3),
                None => assert_eq!(c.central, 0),
            }
            let _ = c.local;
            assert!(c.items_carried <= c.items && c.items >= c.central);
            match c.items_share {
                Some(x) => assert!((x - c.items_carried as f64 / c.items as f64).abs() < 1e-3),
                None => assert_eq!(c.items, 0),
            }
            // a group is carried when one of its items is
            assert!(c.items_carried >= c.covered);
        }
        let items: usize = p.coverage.iter().map(|c| c.items).sum();
        assert_eq!(items, p.total.items, "the categories' items add up");
        assert_eq!(
            p.total.items,
            r.groups.iter().map(|g| g.members.len()).sum::<usize>()
        );
        let added: HashSet<&str> = p
            .additions
            .iter()
            .flat_map(|g| &g.items)
            .map(String::as_str)
            .collect();
        for i in &p.items {
            let matches = i.matches.as_ref().expect("local items carry matches");
            assert_eq!(
                matches.iter().all(|m| m.group.is_none()),
                added.contains(i.id.as_str()),
                "an addition carries out no group: {}",
                i.id
            );
            for m in matches {
                assert!(central_ids.contains(m.central.as_str()));
                match &m.group {
                    Some(g) => assert!(group_ids.contains(&g.as_str())),
                    None => assert!(r.framing.contains(&m.central)),
                }
                assert!(m.score >= r.threshold && (0.0..=1.0).contains(&m.similarity));
                assert!(["firmer", "looser", "same"].contains(&m.deadline.as_str()));
                let _ = (m.categories_agree, m.bodies_differ);
            }
        }
        for g in &p.additions {
            assert!(category_ids.contains(&g.category.as_str()));
        }
        assert!(p.missing.iter().all(|id| group_ids.contains(&id.as_str())));
        assert_eq!(p.carried.len() + p.missing.len(), r.groups.len());
        assert_eq!(p.carried.len(), p.total.covered);
        for c in &p.carried {
            assert!(group_ids.contains(&c.group.as_str()) && !c.items.is_empty());
        }
    }
}
