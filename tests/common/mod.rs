//! What the integration tests share: one pipeline with the default rules, and for the
//! compare tests seed 000 (a central notice) against seed 004 (a compilation of speeches)
//! split by speaker, with the default options.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;
use zhenggai::compare::{self, align::StopList, CompareOptions, Report};
use zhenggai::rules::RuleSet;
use zhenggai::{Options, Pipeline};

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
    let pipeline = Pipeline::new(RuleSet::defaults().expect("rules")).expect("pipeline");
    let opts = Options::default();
    let (central, e1) = compare::read_inputs(&pipeline, &[root().join(CENTRAL)], &opts);
    let (local, e2) = compare::read_inputs(&pipeline, &[root().join(LOCAL)], &opts);
    assert!(e1.is_empty() && e2.is_empty(), "{e1:?} {e2:?}");
    compare::compare(
        &central,
        &local,
        &pipeline.rules().categories,
        pipeline.segmenter(),
        &StopList::defaults(),
        &CompareOptions {
            by_section: true,
            ..CompareOptions::default()
        },
    )
}
