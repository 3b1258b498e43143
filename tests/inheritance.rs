//! What a unit takes from its context: the time its heading sets, and a body that is a
//! name, not a clause.

mod common;
use common::pipeline;

fn run(text: &str) -> zhenggai::record::Record {
    pipeline()
        .run_bytes("t.txt", "t.txt", text.as_bytes(), &Default::default())
        .record
}

/// Whether a task's text holds `needle`.
fn has_task(r: &zhenggai::record::Record, needle: &str) -> bool {
    r.tasks.iter().any(|t| t.text.contains(needle))
}

#[test]
fn a_unit_without_a_time_works_to_its_headings() {
    let text = "关于开展专项整治的通知\n二、方法步骤\n（一）自查自纠阶段（即日起至10月31日）。\n各单位要组织党员干部逐项对照检查。\n（二）集中整治阶段。\n各乡镇要持续抓好整改。\n";
    let r = run(text);
    let task = |needle: &str| {
        r.tasks
            .iter()
            .find(|t| t.text.contains(needle))
            .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks))
    };
    let under_dated = task("逐项对照检查");
    assert_eq!(under_dated.deadline.len(), 1, "{under_dated:#?}");
    let d = &under_dated.deadline[0];
    assert_eq!((d.text.as_str(), d.kind.as_str()), ("10月31日", "date"));
    // the span points at the heading, and slices the text to the phrase
    let chars: Vec<char> = text.chars().collect();
    let quoted: String = chars[d.span[0]..d.span[1]].iter().collect();
    assert_eq!(quoted, "10月31日");
    // a heading with no time passes none on, and a unit with its own keeps it
    let own = task("持续抓好整改");
    assert!(own.deadline.iter().all(|d| d.kind == "ongoing"), "{own:#?}");
}

#[test]
fn a_heading_times_a_unit_that_says_only_how_the_work_goes_on() {
    let text = "关于开展专项整治的通知\n三、时间步骤\n（二）组织实施（2021年12月11日至2022年3月25日）。\n各单位要定期研判调度，抓好各项措施落实。\n各单位要于2022年1月底前报送进展情况。\n";
    let r = run(text);
    let kinds = |needle: &str| -> Vec<(String, String)> {
        let t = (r.tasks.iter().find(|t| t.text.contains(needle)))
            .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks));
        (t.deadline.iter())
            .map(|d| (d.text.clone(), d.kind.as_str().to_string()))
            .collect()
    };
    // 定期 says how, the heading says when
    let how = kinds("定期研判调度");
    assert!(how.contains(&("定期".into(), "periodic".into())), "{how:?}");
    assert!(
        how.iter()
            .any(|(t, k)| t.contains("2022年3月25日") && k == "date"),
        "{how:?}"
    );
    // a date of its own keeps the heading's away
    let own = kinds("报送进展情况");
    assert!(
        own.iter().all(|(t, _)| !t.contains("2022年3月25日")),
        "{own:?}"
    );
}

#[test]
fn a_modal_ends_a_body_even_before_an_organisation_suffix() {
    let r = run("各单位要组织党员干部逐项对照检查。\n");
    let bodies: Vec<&str> = r.tasks[0].bodies.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(bodies, ["各单位"]);
}

#[test]
fn char_offsets_in_any_order_in_one_walk() {
    let text = "一、ab整治";
    let bytes = [text.len(), 0, "一、".len(), "一、ab".len(), 999];
    assert_eq!(
        zhenggai::extract::char_offsets(text, &bytes),
        [6, 0, 2, 4, 6]
    );
}

#[test]
fn tasks_take_their_bodies_from_the_note_on_who_leads_them() {
    use zhenggai::record::BodyRole::{Lead, Support};
    let text = "某市人民政府关于印发整改方案的通知\n各区人民政府：\n（一）建立指标体系。\n2021年6月底前，研究建立考核指标。（市生态环境局牵头，市发展改革委、市统计局等按职责分工负责）\n（二）完善制度。\n健全统计制度。\n";
    let r = run(text);
    let bodies = |needle: &str| {
        let t = (r.tasks.iter().find(|t| t.text.contains(needle)))
            .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks));
        (t.bodies.iter())
            .map(|b| (b.text.clone(), b.rule.clone(), b.role))
            .collect::<Vec<_>>()
    };
    let note = "body.inherit.note".to_string();
    assert_eq!(
        bodies("考核指标"),
        [
            ("市生态环境局".to_string(), note.clone(), Some(Lead)),
            ("市发展改革委".to_string(), note.clone(), Some(Support)),
            ("市统计局".to_string(), note.clone(), Some(Support))
        ]
    );
    // the note is no task, and a task after the next heading does not take it
    assert!(r.tasks.iter().all(|t| !t.text.contains("牵头")));
    assert!(bodies("健全统计制度")
        .iter()
        .all(|(_, rule, _)| *rule != note));
}

#[test]
fn what_a_report_says_was_done_by_nobody_its_author_did() {
    let text = "某学院巡视整改进展情况报告\n学院梳理了问题清单，逐项研究整改措施。\n学院制定了整改台账，明确了责任人。\n针对“实验室管理不规范”问题，修订了实验室安全管理办法。\n下一步，要持续巩固整改成果。\n";
    let r = run(text);
    let bodies = |needle: &str| {
        let t = (r.tasks.iter().find(|t| t.text.contains(needle)))
            .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks));
        let b: Vec<(String, String)> = (t.bodies.iter())
            .map(|b| (b.text.clone(), b.rule.clone()))
            .collect();
        (b, t.bodies.first().and_then(|b| b.span))
    };
    let author = [("学院".to_string(), "body.inherit.author".to_string())];
    let (done, span) = bodies("修订了实验室");
    assert_eq!(done, author);
    let span = span.expect("where the author is named");
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(chars[span[0]..span[1]].iter().collect::<String>(), "学院");
    // what the report commits to is its author's too
    assert_eq!(bodies("持续巩固").0, author);
    // a notice's directive that names nobody does not take the subject of its reports
    let r = run("关于做好整改工作的通知\n学院制定了整改台账。\n学院修订了管理办法。\n各单位要高度重视。\n要持续巩固整改成果。\n");
    let d = (r.tasks.iter().find(|t| t.text.contains("持续巩固")))
        .unwrap_or_else(|| panic!("no task: {:#?}", r.tasks));
    assert!(
        d.bodies.iter().all(|b| b.rule != "body.inherit.author"),
        "{d:#?}"
    );
}

#[test]
fn a_part_on_the_significance_of_the_work_holds_no_tasks() {
    let text = "在主题教育工作会议上的讲话\n一、深刻认识开展这次主题教育的重大意义\n开展这次主题教育，必须推动全党深入学习贯彻新思想。\n各级党委要把学习贯彻摆在首位。\n二、扎实抓好整改整治\n要深入开展调查研究，推动问题整改。\n";
    let r = run(text);
    let has = |needle: &str| has_task(&r, needle);
    // the part's rationale is no task; a unit naming an acting body still is
    assert!(!has("必须推动全党"), "{:#?}", r.tasks);
    assert!(has("各级党委要把学习贯彻摆在首位"), "{:#?}", r.tasks);
    // the next part's units are tasks again
    assert!(has("推动问题整改"), "{:#?}", r.tasks);
}

#[test]
fn the_sentences_of_a_quoted_problem_are_no_tasks() {
    let text = "关于巡察整改进展情况的通报\n（一）已整改完成的问题\n1．关于“中心组学习制度执行不严。2018－2020年开展4次集体学习研讨，未安排党委委员重点发言。未组织专题学习”问题的整改。\n医院党委制定了中心组学习计划，已开展专题学习6次。\n针对“党员发展不规范”问题，党委已完成全面自查。\n";
    let r = run(text);
    let has = |needle: &str| has_task(&r, needle);
    // what the quotation says is the problem found
    assert!(!has("未安排党委委员重点发言"), "{:#?}", r.tasks);
    assert!(!has("未组织专题学习"), "{:#?}", r.tasks);
    // what was done about it is a task, as is a unit that quotes its problem inside itself
    assert!(has("已开展专题学习6次"), "{:#?}", r.tasks);
    assert!(has("党委已完成全面自查"), "{:#?}", r.tasks);
    // and the measure carries the problem it answers, the quotation as written
    let measure = (r.tasks.iter())
        .find(|t| t.text.contains("已开展专题学习6次"))
        .expect("the measure");
    let problem = measure.problem.as_ref().expect("its problem");
    assert!(
        problem.text.starts_with("中心组学习制度执行不严。"),
        "{problem:?}"
    );
    assert!(problem.text.ends_with("未组织专题学习"), "{problem:?}");
    let chars: Vec<char> = text.chars().collect();
    let quoted: String = chars[problem.span[0]..problem.span[1]].iter().collect();
    assert_eq!(quoted, problem.text);
    // a unit that quotes its own problem answers that one
    let own = (r.tasks.iter())
        .find(|t| t.text.contains("党委已完成全面自查"))
        .and_then(|t| t.problem.as_ref())
        .expect("its own problem");
    assert_eq!(own.text, "党员发展不规范");
    let quoted: String = chars[own.span[0]..own.span[1]].iter().collect();
    assert_eq!(quoted, own.text);
}

/// The kind of the task whose text holds `needle`.
fn kind_of(r: &zhenggai::record::Record, needle: &str) -> String {
    let t = (r.tasks.iter().find(|t| t.text.contains(needle)))
        .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks));
    t.kind.as_str().to_string()
}

#[test]
fn a_lead_of_requirements_makes_the_rest_of_its_paragraph_directives() {
    let text = "学校召开巡视反馈会议\n3月5日上午，学校召开巡视反馈会议，通报了巡视情况。\n会上，组长张明提出了三点整改意见建议：一是加强党的领导。深入学习贯彻党的创新理论，加强思想政治工作。二是落实意识形态工作责任，强化阵地建设和管理。\n会议结束后，学校党委召开专题会议，研究部署了整改工作。\n";
    let r = run(text);
    assert_eq!(kind_of(&r, "深入学习贯彻党的创新理论"), "directive");
    assert_eq!(kind_of(&r, "落实意识形态工作责任"), "directive");
    // a paragraph after it is the news again
    assert_eq!(kind_of(&r, "研究部署了整改工作"), "report");
}

#[test]
fn a_part_that_reviews_the_work_done_reports_it_in_a_speech_that_directs() {
    let text = "在整改工作总结大会上的讲话\n一、关于巡视整改工作\n全校已完成整改问题32个。\n已建立健全制度18项。\n已处理违纪人员5人。\n已完成专项审计3次。\n已开展警示教育12场。\n深入开展调查研究，推动作风持续转变。\n二、下一步工作要求\n各单位要巩固整改成果。\n各部门要健全长效机制。\n各学院要加强监督检查。\n全体干部要改进工作作风。\n各单位要按时报送整改台账。\n";
    let r = run(text);
    assert_eq!(kind_of(&r, "深入开展调查研究"), "report");
    assert_eq!(kind_of(&r, "健全长效机制"), "directive");
}

#[test]
fn a_speeches_date_line_times_none_of_its_units() {
    let text = "某某书记在干部大会上的讲话\n在全市干部大会上的讲话提纲\n（2018年9月3日）\n张建国\n同志们：\n一、提高认识\n各级干部要深入学习贯彻会议精神。\n各部门要抓好整改落实。\n";
    let r = run(text);
    let t = (r.tasks.iter().find(|t| t.text.contains("抓好整改落实")))
        .unwrap_or_else(|| panic!("no task: {:#?}", r.tasks));
    assert!(t.deadline.is_empty(), "{t:#?}");
}

/// The deadlines of the task holding `needle`, as (text, kind).
fn deadlines_of(r: &zhenggai::record::Record, needle: &str) -> Vec<(String, String)> {
    let t = (r.tasks.iter().find(|t| t.text.contains(needle)))
        .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks));
    (t.deadline.iter())
        .map(|d| (d.text.clone(), d.kind.as_str().to_string()))
        .collect()
}

#[test]
fn a_date_opening_a_sentence_times_its_clauses_after_a_semicolon_only() {
    let text = "关于开展燃气安全专项整治的通知\n三、基本步骤\n2024年3月底前，各区要全面完成隐患整治；加强燃气器具市场治理整顿，严控增量隐患。各街镇要做好宣传引导。\n";
    let r = run(text);
    let same_sentence = deadlines_of(&r, "市场治理整顿");
    assert_eq!(
        same_sentence,
        vec![("2024年3月底前".to_string(), "date".to_string())]
    );
    // the next sentence sets other work: the date does not reach it
    let next_sentence = deadlines_of(&r, "宣传引导");
    assert!(next_sentence.is_empty(), "{next_sentence:?}");
}

#[test]
fn a_stage_heading_without_dates_gives_its_units_the_stage() {
    let text = "关于开展燃气安全专项整治的实施方案\n三、基本步骤\n（一）第一阶段：集中攻坚\n1.组织排查。各区要组织专业人员开展排查。\n（二）第二阶段：巩固提升（2024年1月至6月）\n各区要开展“回头看”。\n";
    let r = run(text);
    let staged = deadlines_of(&r, "组织专业人员开展排查");
    assert!(
        staged.contains(&("第一阶段".to_string(), "phased".to_string())),
        "{staged:?}"
    );
    // a stage with dates gives its dates
    let dated = deadlines_of(&r, "回头看");
    assert!(
        dated
            .iter()
            .any(|(t, k)| t.contains("2024年1月至6月") && k == "date"),
        "{dated:?}"
    );
}

#[test]
fn an_organisations_own_plan_is_that_organisations_to_carry_out() {
    let text = "2022年高考某市第一中学考点疫情防控工作方案\n一、考前准备\n考点入口设置测温点和临时隔离点。\n配备必要的防疫设备设施和物资物品。\n";
    let r = run(text);
    let bodies = |needle: &str| -> Vec<(String, String)> {
        let t = (r.tasks.iter().find(|t| t.text.contains(needle)))
            .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks));
        (t.bodies.iter())
            .map(|b| (b.text.clone(), b.rule.clone()))
            .collect()
    };
    assert_eq!(
        bodies("防疫设备"),
        vec![(
            "某市第一中学".to_string(),
            "body.inherit.own-plan".to_string()
        )]
    );
}

#[test]
fn a_speech_that_speaks_as_its_organisation_reports_that_organisations_work() {
    let inherited = |text: &str, needle: &str| -> Vec<(String, String)> {
        let r = run(text);
        let t = (r.tasks.iter().find(|t| t.text.contains(needle)))
            .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks));
        (t.bodies.iter())
            .map(|b| (b.text.clone(), b.rule.clone()))
            .collect()
    };
    let voice = |name: &str| vec![(name.to_string(), "body.inherit.voice".to_string())];
    // 我校 is named by the school whose party committee the speech names
    let school = "在主题教育总结大会上的讲话\n同志们：\n我校自去年8月份启动主题教育以来，已先后召开动员会3次。\n某市一中党委已完成了全部整改任务。\n9月底，组织参观了市档案馆主题教育档案文献展，已累计参加200人次。\n";
    assert_eq!(inherited(school, "档案文献展"), voice("某市一中"));
    // what the speech directs, addressing no one, is for the organisation it is given to
    let directs = format!("{school}下一步，要进一步加强师德师风建设。\n");
    assert_eq!(inherited(&directs, "师德师风"), voice("某市一中"));
    // an organisation's pronoun outweighs a place's; its name is the mention by level
    let bureau = "在全市教育系统年度工作会议上的讲话\n同志们：\n去年我局创设了城乡共享工程，我省的教育事业已取得新进展。\n各地各校要切实执行市教育局《关于加强师德建设的意见》。\n全年已完成校舍改造工程56项。\n";
    assert_eq!(inherited(bureau, "校舍改造"), voice("市教育局"));
}
