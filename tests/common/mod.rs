//! What the integration tests share: one pipeline with the default rules, and for the
//! compare tests seed 000 (a central notice) against seed 004 (a compilation of speeches)
//! split by speaker, with the default options.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;
use zhenggai::compare::{self, CompareOptions, CompareRules, Report};
use zhenggai::Pipeline;

pub const CENTRAL: &str = "corpus/seeds/000_2e29eb4606567f33.txt";
pub const LOCAL: &str = "corpus/seeds/004_51c61d9e97b41153.txt";

/// The eleven speakers of seed 004, in order.
pub const SPEAKERS: [&str; 11] = [
    "天津市委",
    "内蒙古自治区党委",
    "上海市委",
    "民政部党组",
    "水利部党组",
    "国家卫生健康委党组",
    "中国农业发展银行党委",
    "中国华能党组",
    "中央第一指导组",
    "中央第二十五指导组",
    "中央第二十七指导组",
];

/// A pipeline with the default rules, built once for all the tests of a binary.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let rules = zhenggai::rules::RuleSources::defaults()
            .and_then(|s| s.compile())
            .expect("default rules compile");
        Pipeline::new(rules).expect("segmenter builds")
    })
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Seed 000 against seed 004 `--by-section`, read through the library as the CLI does.
pub fn seed_report() -> Report {
    seed_report_at(compare::DEFAULT_THRESHOLD)
}

/// Seed 000 against seed 004 `--by-section` at a given threshold.
pub fn seed_report_at(threshold: f64) -> Report {
    report_of(CENTRAL, LOCAL, true, threshold)
}

/// The held-out pair (`corpus/heldout/compare/`): a central notice and a county's plan.
pub const HELDOUT_CENTRAL: &str = "corpus/heldout/compare/central_notice.txt";
/// The local side of the held-out pair.
pub const HELDOUT_LOCAL: &str = "corpus/heldout/compare/local_plan.txt";

/// `central` against `local`, read through the library as the CLI does (the rules' own
/// categories, no trained model).
pub fn report_of(central: &str, local: &str, by_section: bool, threshold: f64) -> Report {
    let mut sources = zhenggai::rules::RuleSources::defaults().expect("rules");
    sources.clear_models();
    let pipeline = Pipeline::new(sources.compile().expect("rules")).expect("pipeline");
    let (report, errors) = compare::compare_paths(
        &pipeline,
        &[root().join(central)],
        &[root().join(local)],
        &CompareRules::defaults(),
        &CompareOptions {
            by_section,
            threshold,
        },
    );
    assert!(errors.is_empty(), "{errors:?}");
    report
}
