//! Responsibility notes (`……落实到位。（财政部牵头，各地区按职责分工负责）`): the note's
//! bodies are those of the measures it closes, with their roles; the note is no task.

mod common;
use common::pipeline;
use zhenggai::record::{BodyRole, Record, Task};

fn run(text: &str) -> Record {
    pipeline()
        .run_bytes("t.txt", "t.txt", text.as_bytes(), &Default::default())
        .record
}

fn task<'r>(r: &'r Record, needle: &str) -> &'r Task {
    (r.tasks.iter())
        .find(|t| t.text.contains(needle))
        .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks))
}

fn bodies(t: &Task) -> Vec<(&str, &str, Option<BodyRole>)> {
    (t.bodies.iter())
        .map(|b| (b.text.as_str(), b.source.as_str(), b.role))
        .collect()
}

const PLAN: &str = "关于推进某项工作的实施意见\n\
二、重点任务\n\
（一）优化审批流程。全面清理审批事项。年底前公布保留事项清单。（审计署牵头，各省级人民政府按职责分工负责）加快建设统一平台。推动数据共享。（统计局负责）\n\
（二）强化监督检查，严肃查处违规行为。\n\
（农业农村部、水利部负责，排在第一位的为牵头单位，下同）\n\
（三）各地要完善考核办法。（人社部、财政部负责）";

#[test]
fn a_note_gives_its_bodies_to_the_measures_it_closes() {
    let r = run(PLAN);
    let lead_support = [
        ("审计署", "inherited", Some(BodyRole::Lead)),
        ("各省级人民政府", "inherited", Some(BodyRole::Support)),
    ];
    for needle in ["全面清理审批事项", "年底前公布"] {
        assert_eq!(bodies(task(&r, needle)), lead_support, "{needle}");
    }
    // the unit after the note keeps only its own note's bodies
    for needle in ["加快建设统一平台", "推动数据共享"] {
        assert_eq!(
            bodies(task(&r, needle)),
            [("统计局", "inherited", None)],
            "{needle}"
        );
    }
    // a note is no task
    assert!(
        r.tasks.iter().all(|t| !t.text.starts_with('（')
            || t.text.starts_with("（一")
            || t.text.starts_with("（二")
            || t.text.starts_with("（三")),
        "{:#?}",
        r.tasks
    );
}

#[test]
fn a_note_on_a_line_of_its_own_and_the_first_named_leading() {
    let r = run(PLAN);
    assert_eq!(
        bodies(task(&r, "强化监督检查")),
        [
            ("农业农村部", "inherited", Some(BodyRole::Lead)),
            ("水利部", "inherited", None)
        ]
    );
    // `下同`: the first-named leads in later notes too
    assert_eq!(
        bodies(task(&r, "完善考核办法")),
        [
            ("各地", "explicit", None),
            ("人社部", "inherited", Some(BodyRole::Lead)),
            ("财政部", "inherited", None)
        ]
    );
}

#[test]
fn asides_that_assign_nobody_change_nothing() {
    let r = run("关于某事的通知\n各单位要于年底前完成自查。（此件公开发布）\n");
    let t = task(&r, "完成自查");
    assert_eq!(bodies(t), [("各单位", "explicit", None)]);
    assert_eq!(r.tasks.len(), 1, "{:#?}", r.tasks);
}

#[test]
fn a_note_that_says_when_gives_the_measures_its_time() {
    let r = run("关于某事的实施方案\n三、保障措施\n开展专项检查，全面排查隐患。（应急管理部负责，2021年6月底前完成）\n");
    let t = task(&r, "全面排查隐患");
    assert_eq!(bodies(t), [("应急管理部", "inherited", None)]);
    let d: Vec<(&str, &str)> = (t.deadline.iter())
        .map(|d| (d.text.as_str(), d.kind.as_str()))
        .collect();
    assert_eq!(d, [("2021年6月底前", "date")], "{t:#?}");
}
