//! The category model (`src/learn`, `rules/model/category.json`), measured as issue 14 asks:
//! trained in-process on one half of `corpus/real` (and the dev seeds), scored on the other
//! half, both ways; and the shipped model is what `zhenggai train` makes of the repo's gold.
//!
//! Training is fast: reading the 69 gold documents' examples is one extraction of them;
//! fitting 15 passes over ~1500 examples takes well under a second in a release build and a
//! few seconds in a debug one.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use zhenggai::input::Lister;
use zhenggai::learn::{self, GoldSet, Settings, Target};
use zhenggai::rules::{RuleSet, RuleSources};
use zhenggai::{batch, eval, Options, Pipeline};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The rules without a model: what the examples are read with.
fn rules_alone() -> RuleSet {
    let mut sources = RuleSources::defaults().unwrap();
    sources.clear_models();
    sources.compile().unwrap()
}

/// The document file names of one half of corpus/real (SOURCES.tsv).
fn half(name: &str) -> HashSet<String> {
    let tsv = std::fs::read_to_string(root().join("corpus/real/SOURCES.tsv")).unwrap();
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |c: &str| header.iter().position(|h| *h == c).unwrap();
    let (file, h) = (col("filename"), col("half"));
    (lines.map(|l| l.split('\t').collect::<Vec<_>>()))
        .filter(|c| c[h] == name)
        .map(|c| c[file].to_string())
        .collect()
}

fn gold_sets() -> Vec<GoldSet> {
    let r = root();
    vec![
        GoldSet {
            gold: r.join("corpus/gold/real"),
            corpus: r.join("corpus/real"),
        },
        GoldSet {
            gold: r.join("corpus/gold/dev"),
            corpus: r.join("corpus/seeds"),
        },
    ]
}

/// A folder holding the gold files of the documents `docs` names.
fn gold_dir(tag: &str, docs: &HashSet<String>) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("model-gold-{tag}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for d in docs {
        let f = format!("{}.json", d.rsplit_once('.').map_or(d.as_str(), |(s, _)| s));
        std::fs::copy(root().join("corpus/gold/real").join(&f), dir.join(&f)).unwrap();
    }
    dir
}

/// Category any and main on the documents `test` names, extracted with `rules`.
fn figures(rules: RuleSet, gold: &Path) -> (f64, f64) {
    let pipeline = Pipeline::new(rules).unwrap();
    let corpus = root().join("corpus/real");
    let lister = Lister::new(batch::sources(std::slice::from_ref(&corpus)));
    let records = batch::extract_all(&pipeline, &lister, &Options::default());
    let t = eval::score(gold, &corpus, &records, eval::Decoding::ScorePy)
        .unwrap()
        .total;
    (
        t.category_any.unwrap_or(0.0),
        t.category_main.unwrap_or(0.0),
    )
}

/// Held-out figures of the category model, each half scored by a model trained on the
/// other half and the dev seeds, against floors about 0.02 under what it gave when last
/// raised; the rules alone are measured too, and the model must beat them.
#[test]
fn a_model_trained_on_one_half_holds_on_the_other() {
    let alone = rules_alone();
    let pipeline = Pipeline::new(alone.clone()).unwrap();
    let order: Vec<String> = alone.categories.iter().map(|c| c.id.clone()).collect();
    // (trained on, scored on, floor of category any, floor of category main)
    // measured: a → b 0.859 / 0.547, b → a 0.902 / 0.671 (rules alone 0.724 / 0.481 and
    // 0.745 / 0.575); "a" trains on every half but the one scored, so half f (2026-12-08)
    // joined both: b's main fell from 0.582 (f's sector notices pull units to sector-work)
    let rotations = [("a", "b", 0.84, 0.53), ("b", "a", 0.88, 0.65)];
    let mut failures = Vec::new();
    for (train, test, any_floor, main_floor) in rotations {
        let held = half(test);
        let examples = learn::examples(&pipeline, &gold_sets(), &|d| !held.contains(d)).unwrap();
        let file = learn::fit(
            Target::Category,
            &examples,
            &order,
            &Settings::default(),
            "test",
        );
        let mut rules = alone.clone();
        rules.models.category = Some(learn::Model::compile(&file).unwrap());
        let gold = gold_dir(test, &held);
        let (any, main) = figures(rules, &gold);
        let (rules_any, rules_main) = figures(alone.clone(), &gold);
        let line = format!(
            "trained on {train}, scored on {test}: category any {any:.3} (rules {rules_any:.3}), main {main:.3} (rules {rules_main:.3})"
        );
        eprintln!("{line}");
        if any < any_floor || main < main_floor || any <= rules_any || main <= rules_main {
            failures.push(format!("{line}; floors {any_floor} / {main_floor}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The shipped model is the one `zhenggai train` makes of the gold in the repository with
/// the rules in the repository (the command it records); a change to the rules or the gold
/// that moves a feature needs it made again.
#[test]
fn the_shipped_model_is_trained_from_the_repository() {
    let shipped: learn::ModelFile =
        serde_json::from_str(zhenggai::rules::DEFAULT_MODELS[0].1).unwrap();
    let alone = rules_alone();
    let order: Vec<String> = alone.categories.iter().map(|c| c.id.clone()).collect();
    let pipeline = Pipeline::new(alone).unwrap();
    let examples = learn::examples(&pipeline, &gold_sets(), &|_| true).unwrap();
    let again = learn::fit(
        Target::Category,
        &examples,
        &order,
        &Settings::default(),
        &shipped.trained.command,
    );
    let text = learn::to_json(&again);
    assert!(
        again == shipped,
        "rules/model/category.json is stale: run `{}` (it would change {} of {} features)",
        shipped.trained.command,
        (again.weights.iter())
            .filter(|(f, w)| shipped.weights.get(*f) != Some(w))
            .count(),
        again.weights.len(),
    );
    assert_eq!(
        text,
        zhenggai::rules::DEFAULT_MODELS[0].1,
        "the file as written"
    );
}

/// A model file that does not fit the rules is refused with the file's name.
#[test]
fn a_model_naming_an_unknown_category_is_refused() {
    let mut file: learn::ModelFile =
        serde_json::from_str(zhenggai::rules::DEFAULT_MODELS[0].1).unwrap();
    file.classes.push("no-such-category".into());
    let mut sources = RuleSources::defaults().unwrap();
    sources
        .add_model("my/model/category.json", &learn::to_json(&file))
        .unwrap();
    let e = sources.compile().map(|_| ()).unwrap_err().to_string();
    assert_eq!(
        e,
        "my/model/category.json: model: class `no-such-category` is no category the rules know"
    );
    let e = RuleSources::defaults()
        .unwrap()
        .add_model("m.json", "{}")
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("m.json: model: missing field"), "{e}");
}
