//! The quality floor on the dev gold: extraction of the bundled seeds scored with
//! `eval::score` (which agrees with the reference scorer) must stay at or above the figures
//! the project promised (issue 2: task precision and recall 0.85, category_any 0.75,
//! body_f1 0.65, deadline_f1 0.75, kind_accuracy 0.90).

use std::path::PathBuf;
use zhenggai::input::Lister;
use zhenggai::{batch, eval, rules::RuleSet, Options, Pipeline};

#[test]
fn dev_gold_figures_stay_above_the_floor() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("corpus/seeds");
    let gold = root.join("corpus/gold/dev");
    let pipeline = Pipeline::new(RuleSet::defaults().unwrap()).unwrap();
    let lister = Lister::new(batch::sources(std::slice::from_ref(&corpus)));
    let records = batch::extract_all(&pipeline, &lister, &Options::default());
    assert!(records.iter().all(|r| r.error.is_none()));
    let report = eval::score(&gold, &corpus, &records, eval::Decoding::ScorePy).expect("scoring");
    assert!(
        report.missing_predictions.is_empty(),
        "{:?}",
        report.missing_predictions
    );
    let t = &report.total;
    let floor = [
        ("task_precision", t.task_precision, 0.85),
        ("task_recall", t.task_recall, 0.85),
        ("category_any", t.category_any, 0.75),
        ("body_f1", t.body_f1, 0.65),
        ("deadline_f1", t.deadline_f1, 0.75),
        ("kind_accuracy", t.kind_accuracy, 0.90),
    ];
    let report_text = report.to_text(true, 40);
    for (name, value, min) in floor {
        let v = value.unwrap_or(0.0);
        assert!(v >= min, "{name} = {v:.3} < {min}\n{report_text}");
    }
}

/// The figures floored on the real notices, in the order of [`REAL_FLOORS`]' columns.
const REAL_FIGURES: [&str; 7] = [
    "task_precision",
    "task_recall",
    "kind_accuracy",
    "category_any",
    "body_f1",
    "deadline_f1",
    "title_accuracy",
];

/// Floors on the real notices (`corpus/real`, blind gold in `corpus/gold/real`), by half and
/// by document shape (`corpus/real/SOURCES.tsv`): each about 0.02 under what the extractor
/// gave when it was last set (issue 14; on 2026-12-07 half c, 12 notices never read, joined
/// and pulled the shapes' floors down where it is weaker; later half d, 10 more, and half
/// e, 6 more, did the same; on 2026-12-08 half f, 9 more, its State Grid reports stored as
/// one line pulling the progress reports' kind and body floors down; then half g, 6 more,
/// scored once before it was read: its bodies are far below the rest), so that a change that loses ground on any
/// shape — not only on the total — fails here and says where. The category column is the
/// exception: the shipped model was trained on these notices, so its figures here are
/// training-set figures (near 1.0); its floors stay near the held-out figures
/// (`scripts/figures.py`, cross-fitted), low enough for any retraining.
#[rustfmt::skip]
const REAL_FLOORS: &[(&str, [f64; 7])] = &[
    //                   task P task R kind   cat any body F1 dl F1  title
    ("all",              [0.88,  0.93,  0.94,  0.80,  0.79,  0.86,  0.96]),
    ("a",                [0.85,  0.93,  0.93,  0.80,  0.77,  0.89,  0.98]),
    ("b",                [0.92,  0.94,  0.94,  0.78,  0.83,  0.86,  0.93]),
    ("c",                [0.87,  0.92,  0.93,  0.80,  0.81,  0.83,  0.98]),
    ("d",                [0.85,  0.92,  0.96,  0.80,  0.79,  0.81,  0.98]),
    ("e",                [0.90,  0.92,  0.94,  0.80,  0.80,  0.88,  0.98]),
    ("f",                [0.84,  0.95,  0.85,  0.80,  0.79,  0.86,  0.98]),
    ("g",                [0.73,  0.94,  0.90,  0.80,  0.43,  0.75,  0.98]),
    ("news",             [0.86,  0.94,  0.90,  0.75,  0.61,  0.83,  0.93]),
    ("notice",           [0.93,  0.95,  0.97,  0.85,  0.85,  0.83,  0.98]),
    ("plan",             [0.94,  0.94,  0.97,  0.88,  0.88,  0.91,  0.98]),
    ("progress-report",  [0.82,  0.92,  0.87,  0.75,  0.69,  0.86,  0.98]),
    ("speech",           [0.78,  0.88,  0.90,  0.72,  0.60,  0.83,  0.98]),
];

/// The gold files of one set (`all`, a half `a` to `e`, or a shape), from SOURCES.tsv.
fn real_set(root: &std::path::Path, set: &str) -> Vec<String> {
    let tsv = std::fs::read_to_string(root.join("corpus/real/SOURCES.tsv")).expect("SOURCES.tsv");
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (file, half, shape) = (col("filename"), col("half"), col("shape"));
    (lines.map(|l| l.split('\t').collect::<Vec<_>>()))
        .filter(|c| set == "all" || c[half] == set || c[shape] == set)
        .map(|c| {
            format!(
                "{}.json",
                c[file].rsplit_once('.').map_or(c[file], |(s, _)| s)
            )
        })
        .collect()
}

#[test]
fn real_gold_figures_stay_above_the_floor_on_every_half_and_shape() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("corpus/real");
    let gold = root.join("corpus/gold/real");
    let pipeline = Pipeline::new(RuleSet::defaults().unwrap()).unwrap();
    let lister = Lister::new(batch::sources(std::slice::from_ref(&corpus)));
    let records = batch::extract_all(&pipeline, &lister, &Options::default());
    let mut failures = Vec::new();
    for (set, floors) in REAL_FLOORS {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("real-gold-{set}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let files = real_set(&root, set);
        assert!(files.len() >= 5, "set {set} has {} documents", files.len());
        for f in &files {
            std::fs::copy(gold.join(f), dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
        let t = eval::score(&dir, &corpus, &records, eval::Decoding::ScorePy)
            .expect("scoring")
            .total;
        let values = [
            t.task_precision,
            t.task_recall,
            t.kind_accuracy,
            t.category_any,
            t.body_f1,
            t.deadline_f1,
            t.title_accuracy,
        ];
        for ((name, value), min) in REAL_FIGURES.iter().zip(values).zip(floors) {
            let v = value.unwrap_or(0.0);
            if v < *min {
                failures.push(format!("{set}: {name} = {v:.3} < {min}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
