//! `zhenggai compare` on the seeds: seed 000 (the central notice on 专项整治) against the
//! speakers of seed 004. The additions the issue names are found, a central headline task
//! is matched across different wording, and the command reads records as well as notices.

mod common;

use common::{root, seed_report, CENTRAL, LOCAL, SPEAKERS};
use std::process::Command;
use zhenggai::compare::{Item, Match, Plan, Report};

fn plan<'a>(r: &'a Report, name: &str) -> &'a Plan {
    r.plans
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no plan {name}"))
}

/// The texts of a plan's additions.
fn additions(p: &Plan) -> Vec<&str> {
    let ids: Vec<&String> = p.additions.iter().flat_map(|g| &g.items).collect();
    p.items
        .iter()
        .filter(|i| ids.contains(&&i.id))
        .map(|i| i.text.as_str())
        .collect()
}

/// The plan's items that match central item `central`, with the match.
fn matching<'a>(p: &'a Plan, central: &str) -> Vec<(&'a Item, &'a Match)> {
    p.items
        .iter()
        .flat_map(|i| i.matches.iter().flatten().map(move |m| (i, m)))
        .filter(|(_, m)| m.central == central)
        .collect()
}

fn central_item<'a>(r: &'a Report, text: &str) -> &'a Item {
    r.central
        .iter()
        .find(|c| c.text.contains(text))
        .unwrap_or_else(|| panic!("no central item with {text}"))
}

#[test]
fn every_speaker_is_a_plan() {
    let r = seed_report();
    let names: Vec<&str> = r.plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, SPEAKERS);
    assert_eq!(r.central.len(), 37);
    // the eight headline tasks of 000 (`整治…问题`), each with the items that spell it out;
    // the preamble and the closing paragraph on organisation and follow-up are framing
    assert_eq!(r.groups.len(), 8, "{:#?}", r.groups);
    assert_eq!(r.framing.len(), 11);
    assert!(r.groups.iter().all(|g| g.headline_item.is_some()));
    for p in &r.plans {
        let sum: usize = p.coverage.iter().map(|c| c.central).sum();
        assert_eq!(sum, p.total.central, "{}", p.name);
        let local: usize = p.coverage.iter().map(|c| c.local).sum();
        assert_eq!(local, p.items.len(), "{}", p.name);
        assert_eq!(
            p.total.covered + p.missing.len(),
            r.groups.len(),
            "{}",
            p.name
        );
    }
}

#[test]
fn the_additions_the_issue_names_are_found() {
    let r = seed_report();
    let tianjin = additions(plan(&r, "天津市委"));
    assert!(
        tianjin
            .iter()
            .any(|t| t.contains("整治码头文化、圈子文化、好人主义和整治思想保守、“雾锁津门”问题")),
        "{tianjin:#?}"
    );
    let nmg = additions(plan(&r, "内蒙古自治区党委"));
    assert!(
        nmg.iter()
            .any(|t| t.contains("解放思想不够、理论学习不重视、三大攻坚战中突出问题、搞庸俗哲学")),
        "{nmg:#?}"
    );
}

#[test]
fn the_eight_rules_headline_is_matched_across_wording() {
    let r = seed_report();
    let headline = central_item(&r, "整治违反中央八项规定精神的突出问题");
    let p = plan(&r, "天津市委");
    let found = matching(p, &headline.id);
    let (local, m) = found
        .iter()
        .find(|(i, _)| i.text.contains("查处违反中央八项规定精神问题91件"))
        .unwrap_or_else(|| panic!("not matched: {found:#?}"));
    assert!(m.similarity > 0.5, "different wording, same subject: {m:?}");
    let group = r
        .groups
        .iter()
        .find(|g| g.headline_item.as_ref() == Some(&headline.id))
        .expect("the headline heads a group");
    assert!(!p.missing.contains(&group.id));
    assert!(p.additions.iter().all(|g| !g.items.contains(&local.id)));
}

#[test]
fn a_deadline_difference_is_reported_on_a_matched_pair() {
    // 中央第一指导组: 河南省委…开展“回头看” (no deadline) against 适时…“回头看” (occasion)
    let r = seed_report();
    let central = central_item(&r, "适时对专项整治情况进行“回头看”");
    let p = plan(&r, "中央第一指导组");
    let (_, m) = *matching(p, &central.id).first().expect("回头看 matched");
    assert_eq!(central.firmness, "occasion");
    assert_eq!(m.deadline, "looser");
    // 回头看 runs the campaign: framing, not a headline group
    assert_eq!(m.group, None);
    assert!(r.framing.contains(&central.id));
    // central 各地区各部门各单位 addresses everyone: the local body is no difference
    assert_eq!(central.bodies, vec!["各地区各部门各单位".to_string()]);
    assert!(!m.bodies_differ);
}

#[test]
fn paraphrases_meet_through_the_synonym_list() {
    // 天津市委: 查出“官伞”“警伞” carries out 整治…充当保护伞的问题
    let r = seed_report();
    let headline = central_item(&r, "充当保护伞");
    let group = r
        .groups
        .iter()
        .find(|g| g.members.contains(&headline.id))
        .expect("a group");
    let p = plan(&r, "天津市委");
    let carried = p
        .carried
        .iter()
        .find(|c| c.group == group.id)
        .unwrap_or_else(|| panic!("保护伞 not carried: {:#?}", p.carried));
    let texts: Vec<&str> = p
        .items
        .iter()
        .filter(|i| carried.items.contains(&i.id))
        .map(|i| i.text.as_str())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("“官伞”“警伞”")),
        "{texts:#?}"
    );
}

#[test]
fn few_matched_pairs_report_a_body_difference() {
    let r = seed_report();
    let pairs: Vec<&Match> = r
        .plans
        .iter()
        .flat_map(|p| &p.items)
        .flat_map(|i| i.matches.iter().flatten())
        .collect();
    let differ = pairs.iter().filter(|m| m.bodies_differ).count();
    assert!(!pairs.is_empty());
    assert!(
        differ * 4 <= pairs.len(),
        "{differ} of {} pairs differ in bodies",
        pairs.len()
    );
}

fn zhenggai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run zhenggai")
}

/// `zhenggai compare --central CENTRAL --local <local> <extra>…`
fn compare_cli(local: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["compare", "--central", CENTRAL, "--local", local];
    args.extend_from_slice(extra);
    zhenggai(&args)
}

#[test]
fn cli_reads_records_and_notices_alike_and_reports_bad_inputs() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compare-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let records = dir.join("local.jsonl");
    // compare reads the rules' own categories: records made alike
    let out = zhenggai(&[
        "extract",
        LOCAL,
        "-q",
        "--no-model",
        "-o",
        records.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));

    let json = ["--by-section", "--format", "json"];
    let from_notice = compare_cli(LOCAL, &json);
    let stderr = String::from_utf8_lossy(&from_notice.stderr);
    assert_eq!(from_notice.status.code(), Some(0), "{stderr}");
    let from_records = compare_cli(records.to_str().unwrap(), &json);
    assert_eq!(from_records.status.code(), Some(0));
    assert_eq!(from_notice.stdout, from_records.stdout);

    let md = compare_cli(LOCAL, &["--by-section"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("| category | 天津市委 | 内蒙古自治区党委 |"),
        "{md}"
    );
    assert!(md.contains("## Additions") && md.contains("## Missing"));
    assert!(md.contains("## Headline groups") && md.contains("| framing |"));
    assert!(!md.contains("none ()"), "a missing deadline reads as such");

    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "not json\n").unwrap();
    let out = compare_cli(bad.to_str().unwrap(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.jsonl"));
    let out = compare_cli(LOCAL, &["--threshold", "-1"]);
    assert_eq!(out.status.code(), Some(2));
}
