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
