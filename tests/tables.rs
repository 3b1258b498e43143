//! Plans as tables (TASKS.md "Plans as tables"): every measure cell is a task with its row's
//! bodies, deadlines and problem, a merged cell holding for every row it spans.

mod common;
use common::pipeline;
use zhenggai::record::{BodyRole, Record, Task};

fn run(text: &str) -> (Record, String) {
    let o = pipeline().run_bytes("t.html", "t.html", text.as_bytes(), &Default::default());
    (o.record, o.text)
}

fn task<'r>(r: &'r Record, needle: &str) -> &'r Task {
    (r.tasks.iter())
        .find(|t| t.text.contains(needle))
        .unwrap_or_else(|| panic!("no task with {needle}: {:#?}", r.tasks))
}

fn slice(text: &str, [s, e]: [usize; 2]) -> String {
    text.chars().skip(s).take(e - s).collect()
}

const PLAN: &str = "<p>某单位整改方案</p><table>\
<tr><td>序号</td><td>存在问题</td><td>整改措施</td><td>责任单位</td><td>完成时限</td><td>完成情况</td></tr>\
<tr><td rowspan=\"2\">1</td><td rowspan=\"2\">会议文件过多。</td><td>精简会议</td><td rowspan=\"2\">办公室</td><td>2024年12月底前</td><td>进行中</td></tr>\
<tr><td>严控发文数量</td><td>2024年6月底前</td><td>已完成</td></tr>\
<tr><td>2</td><td>台账不全。</td><td>建立问题台账</td><td>财务处（牵头）、审计处</td><td>第三周</td><td>进行中</td></tr>\
</table>";

#[test]
fn a_merged_cell_holds_for_every_row_it_spans() {
    let (r, text) = run(PLAN);
    let second = task(&r, "严控发文数量");
    let bodies: Vec<&str> = second.bodies.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(bodies, ["办公室"], "{second:#?}");
    // the body is read from the copy in the task's own row: its span slices the text to it
    let span = second.bodies[0].span.expect("a span");
    assert_eq!(slice(&text, span), "办公室");
    assert!(
        span[0] > second.span[1],
        "the copy follows the measure in its row"
    );
    let deadlines: Vec<(&str, &str)> = (second.deadline.iter())
        .map(|d| (d.text.as_str(), d.kind.as_str()))
        .collect();
    assert_eq!(deadlines, [("2024年6月底前", "date")]);
    // the copies are no tasks: one task a measure
    assert_eq!(r.tasks.len(), 3, "{:#?}", r.tasks);
    let problem = second.problem.as_ref().expect("a problem");
    assert_eq!(problem.text, "会议文件过多。");
    assert_eq!(slice(&text, problem.span), "会议文件过多。");
}

#[test]
fn measure_cells_are_directives_unless_their_row_says_done() {
    let (r, _) = run(PLAN);
    assert_eq!(task(&r, "精简会议").kind.as_str(), "directive");
    let done = task(&r, "严控发文数量");
    assert_eq!(done.kind.as_str(), "report");
    // a plan's deadline cell gives a date, never a report's period
    assert!(done.deadline.iter().all(|d| d.kind == "date"), "{done:#?}");
}

#[test]
fn roles_from_a_note_in_a_cell_and_a_whole_cell_as_date() {
    let (r, _) = run(PLAN);
    let t = task(&r, "建立问题台账");
    let bodies: Vec<(&str, Option<BodyRole>)> =
        t.bodies.iter().map(|b| (b.text.as_str(), b.role)).collect();
    assert_eq!(
        bodies,
        [("财务处", Some(BodyRole::Lead)), ("审计处", None)],
        "{t:#?}"
    );
    // no rule finds a time in `第三周`: the cell is the date
    let d: Vec<&str> = t.deadline.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(d, ["第三周"]);
}

#[test]
fn headers_name_columns_by_their_last_words() {
    let text = "<p>第八周工作安排</p><table><tr><th>日期（星期）</th><th>重点事项</th><th>负责处室</th></tr>\
<tr><td rowspan=\"2\">10.18（周一）</td><td>招聘信息梳理</td><td>办公室</td></tr>\
<tr><td>校服发放</td><td>学生处</td></tr></table>";
    let (r, _) = run(text);
    let t = task(&r, "校服发放");
    assert_eq!(t.kind.as_str(), "directive");
    let bodies: Vec<&str> = t.bodies.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(bodies, ["学生处"]);
    let d: Vec<(&str, &str)> = (t.deadline.iter())
        .map(|d| (d.text.as_str(), d.kind.as_str()))
        .collect();
    assert_eq!(d, [("10.18（周一）", "date")]);
}

#[test]
fn lead_and_support_columns_give_roles() {
    let text =
        "<p>整改任务分工</p><table><tr><td>整改任务</td><td>牵头单位</td><td>配合单位</td></tr>\
<tr><td>清理违规发放的津贴补贴</td><td>人事处</td><td>财务处、审计处</td></tr></table>";
    let (r, _) = run(text);
    let t = task(&r, "津贴补贴");
    let bodies: Vec<(&str, Option<BodyRole>)> =
        t.bodies.iter().map(|b| (b.text.as_str(), b.role)).collect();
    assert_eq!(
        bodies,
        [
            ("人事处", Some(BodyRole::Lead)),
            ("财务处", Some(BodyRole::Support)),
            ("审计处", Some(BodyRole::Support))
        ]
    );
}

#[test]
fn role_words_closing_the_names_of_a_body_cell_give_roles() {
    let text = "<p>整改任务分工</p><table><tr><td>整改任务</td><td>责任单位</td></tr>\
<tr><td>清理违规发放的津贴补贴</td><td>人事处牵头，财务处、审计处等按职责分工负责</td></tr>\
<tr><td>规范公务接待</td><td>办公室负责</td></tr></table>";
    let (r, _) = run(text);
    let roles = |needle: &str| -> Vec<(String, Option<BodyRole>)> {
        (task(&r, needle).bodies.iter())
            .map(|b| (b.text.clone(), b.role))
            .collect()
    };
    assert_eq!(
        roles("津贴补贴"),
        [
            ("人事处".to_string(), Some(BodyRole::Lead)),
            ("财务处".to_string(), Some(BodyRole::Support)),
            ("审计处".to_string(), Some(BodyRole::Support))
        ]
    );
    assert_eq!(roles("公务接待"), [("办公室".to_string(), None)]);
}

/// A task list whose first unnamed column groups rows as headings do (TASKS.md "Plans as
/// tables"): the grouping cell spans its rows and is no task; a single-row cell of the same
/// column still is one, and so is every measure.
const GROUPED: &str = "<p>某支部工作任务清单</p><table>\
<tr><td>序号</td><td>重点内容</td><td>主要工作</td><td>具体措施</td><td>责任人</td></tr>\
<tr><td rowspan=\"2\">一</td><td rowspan=\"2\">抓好政治理论学习教育，不断筑牢党员队伍思想根基</td>\
<td>深入学习党章党规党纪</td><td>以学习新党章为抓手，坚决维护党章权威，牢固树立遵规守纪的意识。</td><td>支部班子成员</td></tr>\
<tr><td>守牢政治纪律和政治规矩</td><td>教育引导全体党员坚决做到“两个维护”，不折不扣贯彻落实上级部署安排。</td><td>支部书记</td></tr>\
<tr><td>二</td><td>坚持服务职工群众，不断促进企业和谐稳定发展</td>\
<td>办好民生实事</td><td>每季度走访慰问困难职工，帮助解决实际困难和问题。</td><td>工会主席</td></tr>\
</table>";

#[test]
fn a_merged_grouping_cell_before_the_measures_is_no_task() {
    let (r, _) = run(GROUPED);
    let texts: Vec<&str> = r.tasks.iter().map(|t| t.text.as_str()).collect();
    assert!(
        !texts.iter().any(|t| t.contains("筑牢党员队伍思想根基")),
        "{texts:#?}"
    );
    // a cell of that column over one row only groups nothing: it stays a candidate
    assert!(
        texts.iter().any(|t| t.contains("不断促进企业和谐稳定发展")),
        "{texts:#?}"
    );
    for measure in [
        "深入学习党章党规党纪",
        "守牢政治纪律和政治规矩",
        "以学习新党章为抓手",
        "每季度走访慰问",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(measure)),
            "{measure}: {texts:#?}"
        );
    }
    assert_eq!(task(&r, "守牢政治纪律").bodies[0].text, "支部书记");
}
