//! `--explain` from the command line: the JSON field and the readable text format.

use serde_json::Value;
use std::process::Command;

fn zhenggai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run zhenggai")
}

const SEED: &str = "corpus/seeds/000_2e29eb4606567f33.txt";

#[test]
fn explain_in_json_names_rule_and_text_for_each_value() {
    let o = zhenggai(&["extract", "--explain", "-q", SEED]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let record: Value = serde_json::from_slice(&o.stdout).expect("one JSON record");
    let tasks = record["tasks"].as_array().expect("tasks");
    assert!(!tasks.is_empty());
    // the task 第二批单位要先动起来 is a directive by the modal 要, its body found by a subject rule
    let t = tasks
        .iter()
        .find(|t| {
            t["text"]
                .as_str()
                .is_some_and(|s| s.starts_with("第二批单位要"))
        })
        .expect("the task");
    let ex = t["explain"].as_array().expect("explain");
    let find = |field: &str| {
        ex.iter()
            .find(|x| x["field"] == field)
            .unwrap_or_else(|| panic!("no {field} in {ex:?}"))
    };
    assert_eq!(find("kind")["value"], "directive");
    assert_eq!(find("kind")["text"], "要");
    assert!(find("kind")["rule"]
        .as_str()
        .is_some_and(|r| r.starts_with("kind.directive.")));
    assert_eq!(find("bodies")["value"], "第二批单位");
    assert_eq!(find("bodies")["rule"], t["bodies"][0]["rule"]);
    assert_eq!(find("deadline")["text"], "先动起来");
    // without --explain there is no such field
    let o = zhenggai(&["extract", "-q", SEED]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("\"explain\""));
}

#[test]
fn text_format_prints_each_value_with_its_rule() {
    let o = zhenggai(&["extract", "--explain", "--format", "text", "-q", SEED]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("== "), "{out}");
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with("bodies")
                && l.contains("第二批单位 <- body.subject.")),
        "{out}"
    );
    let plain = zhenggai(&["extract", "--format", "text", "-q", SEED]);
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(!plain.contains(" <- "), "{plain}");
    assert!(plain.contains("第二批单位要先动起来"), "{plain}");
}

/// The main category is the trained model's decision (README "The category model"): it is
/// explained by the features that carried it, with their weights, and the task's `rules`
/// name `model.category`; `--no-model` leaves the rules' categories and no such id. Where
/// the rules' main category is one the model was hardly shown (its `support` under
/// `min_support`), the rules' stays main, explained by its rule.
#[test]
fn the_model_s_category_is_explained_by_its_features() {
    let model: Value = serde_json::from_str(
        &std::fs::read_to_string("rules/model/category.json").expect("the shipped model"),
    )
    .expect("model JSON");
    let min = model["combine"]["min_support"].as_u64().unwrap_or(0);
    let hardly_shown = |c: &Value| {
        model["support"][c.as_str().unwrap_or("")]
            .as_u64()
            .unwrap_or(0)
            < min
    };
    let o = zhenggai(&["extract", "--explain", "-q", SEED]);
    let record: Value = serde_json::from_slice(&o.stdout).expect("one JSON record");
    let tasks = record["tasks"].as_array().expect("tasks");
    let mut by_rules = 0;
    for t in tasks {
        let main = &t["categories"][0];
        let ex = t["explain"].as_array().expect("explain");
        let of_main = |x: &&Value| x["field"] == "categories" && &x["value"] == main;
        let model_s = |x: &&Value| of_main(x) && x["rule"] == "model.category";
        if !ex.iter().any(|x| model_s(&x)) && hardly_shown(main) {
            let x = ex.iter().find(of_main).unwrap_or_else(|| panic!("{ex:?}"));
            let rule = x["rule"].as_str().unwrap_or_default();
            assert!(rule.starts_with("category."), "{x}");
            by_rules += 1;
            continue;
        }
        let by_model = ex
            .iter()
            .find(|x| x["field"] == "categories" && x["rule"] == "model.category")
            .unwrap_or_else(|| panic!("no model.category in {ex:?}"));
        assert_eq!(&by_model["value"], main, "{t}");
        // `学习(+0.63) rule1:study-education(+0.41)`: features with their pushes
        let why = by_model["text"].as_str().unwrap_or_default();
        assert!(why.contains("(+"), "{why}");
        let rules = t["rules"].as_array().expect("rules");
        assert!(rules.iter().any(|r| r == "model.category"), "{rules:?}");
    }
    assert!(by_rules < tasks.len(), "the model decides most: {by_rules}");
    let o = zhenggai(&["extract", "--explain", "--no-model", "-q", SEED]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    assert!(!out.contains("model.category"), "{out}");
}
