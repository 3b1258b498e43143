//! Behaviour that is data: a deadline kind declared in a rule file is resolved, passed on by
//! headings and compared like the built-in ones; a lexicon a stage needs is checked at load;
//! a term two labels of one family claim with the same priority is named by `rules check`.

use std::process::Command;
use zhenggai::compare::compare_firmness;
use zhenggai::record::BodySource;
use zhenggai::rules::RuleSources;
use zhenggai::{Error, Options, Pipeline};

/// A custom kind: a milestone date, firmer than `immediate`, that headings pass on.
const MILESTONE: &str = r#"
[[deadline_kind]]
id = "milestone"
description = "A milestone of a plan: 2024年6月底节点"
firmness = 8
resolve = ["date"]
heading_passes = true

[[rule]]
id = "deadline.milestone.node"
description = "A month's end named as a plan's milestone"
label = "milestone"
pattern = '(?:\d{4}年)?\d{1,2}月底节点'
examples = ["按2024年6月底节点完成"]
counter_examples = ["2024年6月底前完成"]
"#;

fn pipeline_with(extra: &str) -> Pipeline {
    let mut sources = RuleSources::defaults().unwrap();
    sources.add_toml("milestone.toml", extra).unwrap();
    Pipeline::new(sources.compile().unwrap()).unwrap()
}

#[test]
fn a_deadline_kind_declared_in_a_rule_file_is_resolved_passed_on_and_compared() {
    let pipeline = pipeline_with(MILESTONE);
    let text = "关于整改的通知\n各单位要按2024年6月底节点完成整改。\n（一）整改阶段（2024年9月底节点）\n各部门要逐项抓好整改落实，建立台账。\n";
    let record = pipeline
        .run_bytes("n.txt", "n.txt", text.as_bytes(), &Options::default())
        .record;
    let deadlines: Vec<(&str, &str, Option<&str>)> = (record.tasks.iter())
        .flat_map(|t| &t.deadline)
        .map(|d| (d.text.as_str(), d.kind.as_str(), d.date.as_deref()))
        .collect();
    assert!(
        deadlines.contains(&("2024年6月底节点", "milestone", Some("2024-06-30"))),
        "{deadlines:?}"
    );
    // the heading's milestone holds for the unit under it, which has no time of its own
    assert!(
        deadlines.contains(&("2024年9月底节点", "milestone", Some("2024-09-30"))),
        "{deadlines:?}"
    );
    let rules = pipeline.rules();
    assert_eq!(compare_firmness(rules, "immediate", "milestone"), "firmer");
    assert_eq!(compare_firmness(rules, "milestone", "date"), "looser");
    // without the declaration the kind binds nothing, and the rule cannot load
    let defaults = zhenggai::rules::RuleSet::defaults().unwrap();
    assert_eq!(defaults.firmness("milestone"), 0);
    let rule_only = MILESTONE.split("[[rule]]").nth(1).unwrap();
    let mut sources = RuleSources::defaults().unwrap();
    sources
        .add_toml("rule.toml", &format!("[[rule]]{rule_only}"))
        .unwrap();
    let err = sources.compile().unwrap_err().to_string();
    assert!(
        err.contains("rule.toml")
            && err.contains("deadline.milestone.node")
            && err.contains("label"),
        "{err}"
    );
}

#[test]
fn a_deadline_kind_with_an_unknown_resolution_fails_to_load_naming_file_kind_and_field() {
    let mut sources = RuleSources::defaults().unwrap();
    sources
        .add_toml(
            "k.toml",
            "[[deadline_kind]]\nid = \"soon\"\ndescription = \"x\"\nfirmness = 1\nresolve = [\"week\"]\n",
        )
        .unwrap();
    let err = sources.compile().unwrap_err().to_string();
    assert!(
        err.contains("k.toml") && err.contains("`soon`") && err.contains("resolve"),
        "{err}"
    );
}

#[test]
fn a_lexicon_the_body_stage_needs_is_checked_at_load() {
    let mut sources = RuleSources::default();
    sources
        .add_toml(
            "mine.toml",
            "[[rule]]\nid = \"body.subject.mine\"\ndescription = \"d\"\nlabel = \"subject\"\npattern = '^各部门'\n",
        )
        .unwrap();
    match sources.compile() {
        Err(e @ Error::MissingLexicon { .. }) => {
            let m = e.to_string();
            assert!(m.contains("body-head") && m.contains("body rules"), "{m}");
        }
        other => panic!("expected a missing lexicon, got {other:?}"),
    }
    // with no body rules, nothing needs them
    let empty = RuleSources::default().compile();
    assert!(empty.is_ok());
}

#[test]
fn rules_check_names_a_term_two_labels_claim_with_the_same_priority() {
    let dir = std::env::temp_dir().join(format!("zhenggai-conflict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("eco.toml"),
        "[[category]]\nid = \"ecology\"\nname = \"生态环保\"\n\n[[rule]]\nid = \"category.ecology.kw\"\n\
         description = \"ecology cues\"\nlabel = \"ecology\"\nterms = [\"环保督察\"]\n\
         examples = [\"环保督察反馈问题\"]\ncounter_examples = [\"巡视反馈\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .args(["rules", "check", "--rules", &dir.to_string_lossy()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.lines().any(|l| l.contains("`环保督察`")
            && l.contains("category.ecology.kw")
            && l.contains("inspection-feedback")),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn typed_values_serialise_as_the_contract_strings() {
    assert_eq!(
        serde_json::to_string(&BodySource::Inherited).unwrap(),
        "\"inherited\""
    );
    assert_eq!(
        serde_json::from_str::<zhenggai::record::Kind>("\"report\"").unwrap(),
        zhenggai::record::Kind::Report
    );
}
