//! The precision/recall curve of `zhenggai compare`'s alignment against the hand labels:
//! seed 000 against four speakers of seed 004 (`corpus/gold/compare/seed000_vs_004.tsv`) and
//! the held-out pair (`corpus/heldout/compare/`). Each side is compared once at threshold 0;
//! the matches are then cut at each threshold. Run from the repository root:
//!
//! ```text
//! cargo run --release --example compare_threshold
//! ```

use std::path::PathBuf;
use zhenggai::compare::{self, gold, CompareOptions, CompareRules, Report};
use zhenggai::rules::RuleSources;
use zhenggai::Pipeline;

fn report(pipeline: &Pipeline, central: &str, local: &str, by_section: bool) -> Report {
    let opts = CompareOptions {
        threshold: 0.0,
        by_section,
    };
    let (report, errors) = compare::compare_paths(
        pipeline,
        &[PathBuf::from(central)],
        &[PathBuf::from(local)],
        &CompareRules::defaults(),
        &opts,
    );
    for e in &errors {
        eprintln!("{e}");
    }
    report
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // the rules' own categories, as `zhenggai compare` reads them
    let mut sources = RuleSources::defaults()?;
    sources.clear_models();
    let pipeline = Pipeline::new(sources.compile()?)?;
    let sets = [
        (
            "seeds",
            report(
                &pipeline,
                "corpus/seeds/000_2e29eb4606567f33.txt",
                "corpus/seeds/004_51c61d9e97b41153.txt",
                true,
            ),
            "corpus/gold/compare/seed000_vs_004.tsv",
        ),
        (
            "held-out",
            report(
                &pipeline,
                "corpus/heldout/compare/central_notice.txt",
                "corpus/heldout/compare/local_plan.txt",
                false,
            ),
            "corpus/heldout/compare/gold.tsv",
        ),
    ];
    println!("set\tthreshold\ttp\tfp\tfn\tprecision\trecall\tf1");
    for (name, report, path) in &sets {
        let rows =
            gold::parse(&std::fs::read_to_string(path)?).map_err(|e| format!("{path}: {e}"))?;
        for step in 4..=16 {
            let t = f64::from(step) * 0.05;
            let a = gold::agreement(report, &rows, t).map_err(|e| format!("{path}: {e}"))?;
            println!(
                "{name}\t{t:.2}\t{}\t{}\t{}\t{:.3}\t{:.3}\t{:.3}",
                a.true_pos,
                a.false_pos,
                a.false_neg,
                a.precision(),
                a.recall(),
                a.f1()
            );
        }
    }
    Ok(())
}
