//! Structure: title, date, issuer, sections and speaker parts, and units.
//!
//! Takes the cleaned text (and what the clean stage dropped, which may hold the title or
//! the date), gives a [`Structure`] whose offsets are bytes into that text.
//!
//! Invariants:
//! - units are trimmed slices of lines, in text order, never overlapping, never empty;
//!   every char of a line that is not white space belongs to exactly one unit;
//! - a unit ends after a sentence terminator (`。！？；;!?`) and any closing quotes or
//!   brackets that follow it, or at the end of its line;
//! - a unit is at most [`MAX_UNIT_CHARS`] chars long: a longer run without a terminator (a
//!   whole page on one line, a list of clauses joined by commas) is cut after its last pause
//!   (`，,、：:`) in the second half of the limit, else at the limit, so that every later stage works on
//!   bounded pieces and a document costs time linear in its length;
//! - each unit has a role: the title, a meta line (date, byline), a heading, or body
//!   text; only body units can become task items;
//! - sections nest by level; a unit's section is the innermost open one.

mod formal;
mod head;
mod lines;
mod meta;
mod sections;
mod units;

pub(crate) use units::aside_at;

use crate::clean::Dropped;
use crate::rules::{Context, RuleSet, Scan};

/// What a unit is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The title line.
    Title,
    /// A line of metadata: a date, a byline.
    Meta,
    /// A heading, a slogan line or a speaker line.
    Heading,
    /// Running text: a candidate task item.
    Body,
}

/// What a table column holds, read off its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Row numbers.
    Index,
    /// The problem found: a statement, not a task.
    Problem,
    /// Measures or tasks.
    Measure,
    /// Who is responsible.
    Body,
    /// Who leads (牵头单位).
    Lead,
    /// Who assists (配合单位).
    Support,
    /// By when.
    Deadline,
    /// How far the measure has got (计划状态, 完成情况).
    Status,
    /// Anything else.
    Other,
}

/// A row of a table with a recognised header. A merged cell (`rowspan`) belongs to every row
/// it spans: the clean stage wrote a copy of it into each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Units of the row's responsible-body cells (a column named so, or, in a table without
    /// one, a cell of an unnamed column that is only organisations' names).
    pub body_units: Vec<usize>,
    /// Units of the row's lead-body cell (牵头单位).
    pub lead_units: Vec<usize>,
    /// Units of the row's supporting-body cell (配合单位).
    pub support_units: Vec<usize>,
    /// Units of the row's deadline cell.
    pub deadline_units: Vec<usize>,
    /// Units of the row's problem cell (存在问题).
    pub problem_units: Vec<usize>,
    /// Whether the row's status cell says the measure is done (lexicon `table-done`).
    pub done: bool,
}

/// Where a unit sits in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Index into [`Structure::rows`].
    pub row: usize,
    /// What its column holds.
    pub column: Column,
    /// Whether the cell is a copy of a merged cell of another row or column
    /// ([`crate::clean::Cleaned::copies`]): it gives its row bodies and times, but no task.
    pub copy: bool,
}

/// A sentence-level unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Start byte in the cleaned text.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Line (paragraph) index.
    pub line: usize,
    /// Position among the units of its line, from 0.
    pub pos_in_line: usize,
    /// The innermost section it belongs to.
    pub section: Option<usize>,
    /// Its role.
    pub role: Role,
    /// Its table cell, when it lies in a table with a recognised header.
    pub cell: Option<Cell>,
}

/// A heading and what it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's text.
    pub title: String,
    /// 1 outermost.
    pub level: u8,
    /// Start byte (the heading's start).
    pub start: usize,
    /// End byte (the start of the next heading of the same or an outer level, or the text's end).
    pub end: usize,
    /// The enclosing section.
    pub parent: Option<usize>,
    /// The speaking organisation, for the parts of a compilation of speeches.
    pub speaker: Option<String>,
    /// The rule that recognised the heading.
    pub rule: String,
}

/// The structure of one document.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The title.
    pub title: Option<String>,
    /// ISO date (or the part the text gives).
    pub date: Option<String>,
    /// The year of the document, when known.
    pub year: Option<i32>,
    /// Issuing bodies.
    pub issuer: Vec<String>,
    /// The document number (`中办发〔2019〕16号`).
    pub number: Option<String>,
    /// The bodies of the addressee line (主送机关) of a formal document.
    pub addressees: Vec<String>,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Units in order.
    pub units: Vec<Unit>,
    /// Rows of tables with a recognised header.
    pub rows: Vec<Row>,
    /// Rule ids behind the document-level facts (title, date, issuer).
    pub rules: Vec<String>,
}

impl Structure {
    /// The heading path of a section, outermost first.
    pub fn path(&self, section: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = section;
        while let Some(i) = at {
            out.push(i);
            at = self.sections.get(i).and_then(|s| s.parent);
        }
        out.reverse();
        out
    }

    /// The top-level section a section lies in (itself when it has no parent).
    pub fn top(&self, section: Option<usize>) -> Option<usize> {
        let mut at = section?;
        while let Some(parent) = self.sections.get(at).and_then(|s| s.parent) {
            at = parent;
        }
        Some(at)
    }

    /// The speaker of the part a section lies in.
    pub fn speaker(&self, section: Option<usize>) -> Option<&str> {
        self.path(section)
            .into_iter()
            .rev()
            .find_map(|i| self.sections[i].speaker.as_deref())
    }
}

pub(crate) const TERMINATORS: &[char] = &['。', '！', '？', '；', ';', '!', '?'];
pub(crate) const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '】', '》', '"', '\''];
/// Longest line that can be a heading on its own.
pub(crate) const MAX_HEADING_CHARS: usize = 50;
/// Longest unit that can be a bare-numeral or inline heading.
pub(crate) const MAX_INLINE_HEADING_CHARS: usize = 32;
/// Longest unit, in chars; real sentences of the corpus stay under 250.
pub const MAX_UNIT_CHARS: usize = 500;
/// Where an over-long unit is preferably cut (after the char).
pub(crate) const PAUSES: &[char] = &['，', ',', '、', '：', ':'];

/// Finds the structure of a cleaned text. `page_title` is an HTML page's `<title>`
/// ([`crate::clean::Cleaned::page_title`]); `copies` are the byte ranges of `text` that
/// copy merged table cells ([`crate::clean::Cleaned::copies`], in order); `scan` is the
/// rule set's scan of `text` ([`RuleSet::scan`]), when the caller has one: each line takes
/// its literals from it.
pub fn structure(
    text: &str,
    dropped: &[Dropped],
    page_title: Option<&str>,
    copies: &[(usize, usize)],
    rules: &RuleSet,
    scan: Option<&Scan<'_>>,
) -> Structure {
    let lines = units::line_ranges(text);
    // each line's literals from the one scan of the text (a dropped line scans its own)
    let ctx = Context::default().with_scan(scan);
    let mut st = Structure::default();
    let head = head::read(&mut st, text, &lines, dropped, page_title, rules, ctx);
    let mut reader = lines::Reader::new(st, text, &lines, rules, ctx, head, copies);
    for li in 0..lines.len() {
        reader.line(li);
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::head::page_title_main;
    use super::units::split_units;
    use super::*;

    /// The texts of the body units.
    fn body_texts<'t>(st: &Structure, text: &'t str) -> Vec<&'t str> {
        st.units
            .iter()
            .filter(|u| u.role == Role::Body)
            .map(|u| &text[u.start..u.end])
            .collect()
    }

    fn rules() -> RuleSet {
        RuleSet::defaults().unwrap()
    }

    #[test]
    fn a_covering_notice_is_dated_by_its_own_signature() {
        let text = "关于印发《燃气安全专项整治工作方案》的通知\n各养老服务机构：\n现将《燃气安全专项整治工作方案》印发给你们，请认真贯彻落实。\n上海市奉贤区民政局\n2023年9月4日\n燃气安全专项整治工作方案\n一、工作目标\n各机构要在年底前完成隐患排查。\n上海市奉贤区民政局办公室\n2023年9月1日\n";
        let rules = rules();
        let st = structure(text, &[], None, &[], &rules, None);
        assert_eq!(st.date.as_deref(), Some("2023-09-04"));
    }

    #[test]
    fn a_covering_notice_signed_by_its_date_alone_or_by_two_bodies_on_one_line() {
        let rules = rules();
        let unsigned = "某区人民政府办公室转发区消防安全委员会制定的《高层建筑消防安全综合治理工作方案》的通知\n各镇人民政府，区政府各委、办、局：\n《高层建筑消防安全综合治理工作方案》已经区政府同意，现转发给你们，请认真按照执行。\n2017年9月6日\n高层建筑消防安全综合治理工作方案\n各镇要在9月30日前完成排查。\n2017年9月1日\n";
        let st = structure(unsigned, &[], None, &[], &rules, None);
        assert_eq!(st.date.as_deref(), Some("2017-09-06"));
        let two = "关于印发《养老机构消防安全典型问题清单》推动积极整改的通知\n各区民政局：\n现印发给你们，请各区民政局于8月15日前报送整改情况。\n某市民政局　　　某市消防救援局\n2024年8月6日\n（此件主动公开）\n养老机构消防安全典型问题清单\n一、未设置消防控制室。\n";
        let st = structure(two, &[], None, &[], &rules, None);
        assert_eq!(st.date.as_deref(), Some("2024-08-06"));
        assert_eq!(st.issuer, ["某市民政局", "某市消防救援局"]);
    }

    #[test]
    fn a_document_stored_as_one_line_has_its_title_and_signature_run_in() {
        let rules = rules();
        let body = "今年以来，公司纪委深入学习全会精神，认真落实工作部署，始终把政治建设摆在首位。"
            .repeat(8);
        let report = format!("中共某公司纪律检查委员会文件某纪〔2021〕1号   签发人：XXX中共某公司纪律检查委员会关于2021年监督责任落实情况的报告某省公司纪委：{body}中共某公司纪律检查委员会2021年12月20日（联系人：XXX）\n");
        let st = structure(&report, &[], None, &[], &rules, None);
        assert_eq!(
            st.title.as_deref(),
            Some("中共某公司纪律检查委员会关于2021年监督责任落实情况的报告")
        );
        assert_eq!(st.date.as_deref(), Some("2021-12-20"));
        let speech = format!("坚持自我革命 忠诚履职尽责在公司2022年党风廉政建设工作会议上的报告（2022年2月16日）XXX　　同志们：{body}\n");
        let st = structure(&speech, &[], None, &[], &rules, None);
        assert_eq!(st.title.as_deref(), Some("坚持自我革命 忠诚履职尽责"));
        assert_eq!(st.date.as_deref(), Some("2022-02-16"));
        // a short line is no document stored as one line
        let short = "关于开展安全检查的通知落实情况如下：各单位已完成自查。\n";
        let st = structure(short, &[], None, &[], &rules, None);
        assert_ne!(st.title.as_deref(), Some("关于开展安全检查的通知"));
    }

    #[test]
    fn the_addressees_are_found_under_a_long_front_matter() {
        let text = "---\n标题: 某市安全生产委员会关于印发燃气安全专项整治实施方案的通知\n文号: 沪安委会〔2023〕9号\n发布单位: 某市应急管理局\n发布日期: 2023-08-23\n层级: 市级\n类型: 实施意见\n分类: 市政与基础设施\n状态: 有效\n官方链接: https://example.org/a\n---\n\n> 本文正文由脚本提取，仅供检索查阅。\n\n# 某市安全生产委员会关于印发燃气安全专项整治实施方案的通知\n\n各区人民政府、市安委会各成员单位:\n现将《燃气安全专项整治实施方案》印发给你们，请认真遵照执行。\n";
        let rules = rules();
        let st = structure(text, &[], None, &[], &rules, None);
        assert_eq!(st.addressees, ["各区人民政府、市安委会各成员单位"]);
    }

    #[test]
    fn a_sites_repost_label_is_no_part_of_the_title() {
        let text = "转发：浙江省教育厅办公室关于做好寒假期间学校安全工作的通知\n各市教育局：\n各地要切实做好寒假期间学校安全工作。\n";
        let rules = rules();
        let st = structure(text, &[], None, &[], &rules, None);
        assert_eq!(
            st.title.as_deref(),
            Some("浙江省教育厅办公室关于做好寒假期间学校安全工作的通知")
        );
    }

    #[test]
    fn a_front_matter_left_without_its_rules_is_metadata_over_a_long_formal_title() {
        // the clean stage drops a front matter's `---` lines; its keyed line stays
        let text = "pageClass: custom-page-class\n某某集团商业运营管理有限公司爱琴海公司文件\n泰旅爱物字[2024]6号\n关于印发《某某集团商业运营管理有限公司爱琴海公司安全生产治本攻坚三年行动实施方案（2024-2026年）》的通知\n各部门、各店铺：\n各部门要认真抓好落实。\n某某公司安全生产管理委员会办公室\n2024年3月13日\n";
        let rules = rules();
        let st = structure(text, &[], None, &[], &rules, None);
        assert_eq!(
            st.title.as_deref(),
            Some("关于印发《某某集团商业运营管理有限公司爱琴海公司安全生产治本攻坚三年行动实施方案（2024-2026年）》的通知")
        );
        // a signature may name a long office, its parent body before it
        assert_eq!(st.issuer, ["某某公司安全生产管理委员会办公室"]);
        assert_eq!(st.date.as_deref(), Some("2024-03-13"));
    }

    #[test]
    fn a_column_label_and_a_byline_on_the_title_line_are_no_part_of_the_title() {
        let rules = rules();
        let labelled = "【教职工代表大会】某大学五届三次教职工代表大会暨工会会员代表大会闭幕\n5月10日上午，大会胜利闭幕。\n";
        let st = structure(labelled, &[], None, &[], &rules, None);
        assert_eq!(
            st.title.as_deref(),
            Some("某大学五届三次教职工代表大会暨工会会员代表大会闭幕")
        );
        let bylined = "某某到集团公司驻陕西内蒙古企业调研来源：某某报  发布时间：2020-12-11\n本报讯 12月8日，某某到企业调研。\n";
        let st = structure(bylined, &[], None, &[], &rules, None);
        assert_eq!(
            st.title.as_deref(),
            Some("某某到集团公司驻陕西内蒙古企业调研")
        );
    }

    #[test]
    fn a_pages_title_is_found_under_its_menus() {
        assert_eq!(
            page_title_main("整改方案的通知_通知公告_某某市人民政府"),
            "整改方案的通知"
        );
        assert_eq!(
            page_title_main("关于开展专项整治的通知 - 中国政府网"),
            "关于开展专项整治的通知"
        );
        assert_eq!(
            page_title_main("首页 | 关于开展专项整治的通知"),
            "关于开展专项整治的通知"
        );
        assert_eq!(
            page_title_main("某大学->张某某：在整改工作推进会上的讲话 | site.cn"),
            "在整改工作推进会上的讲话"
        );
        assert_eq!(
            page_title_main("通知：在全校开展专项整治"),
            "通知：在全校开展专项整治"
        );
        let text = "首页\n政务公开\n当前位置：首页 > 通知公告\n关于开展专项整治的通知\n各单位要于6月底前完成自查。";
        let rules = rules();
        let st = structure(
            text,
            &[],
            Some("关于开展专项整治的通知_通知公告_某局"),
            &[],
            &rules,
            None,
        );
        assert_eq!(st.title.as_deref(), Some("关于开展专项整治的通知"));
        // the menus are no units of the notice's body
        let body: Vec<&str> = (st.units.iter())
            .filter(|u| u.role == Role::Body)
            .map(|u| &text[u.start..u.end])
            .collect();
        assert_eq!(body, vec!["各单位要于6月底前完成自查。"]);
        // without a line of it, it stands in for a first line too short to be a title, and
        // not for a real one
        let st = structure(
            "首页\n各单位要于6月底前完成自查。",
            &[],
            Some("整改工作的通知_某局"),
            &[],
            &rules,
            None,
        );
        assert_eq!(st.title.as_deref(), Some("整改工作的通知"));
        let text = "某某局关于整改工作的通知\n各单位要于6月底前完成自查。";
        let st = structure(text, &[], Some("某局网站首页_欢迎访问"), &[], &rules, None);
        assert_eq!(st.title.as_deref(), Some("某某局关于整改工作的通知"));
    }

    /// The structure of `text`, the same whether its lines take their literals from a scan
    /// of the whole text or scan themselves.
    fn structured(text: &str) -> Structure {
        let rules = rules();
        let scan = rules.scan(text);
        let with = structure(text, &[], None, &[], &rules, Some(&scan));
        let without = structure(text, &[], None, &[], &rules, None);
        assert_eq!(format!("{with:?}"), format!("{without:?}"));
        with
    }

    #[test]
    fn units_split_after_terminators_and_closers() {
        let line = "要“立查立改。”对一时解决不了的；制定阶段目标!  尾巴";
        let u: Vec<&str> = split_units(line)
            .into_iter()
            .map(|(s, e)| &line[s..e])
            .collect();
        assert_eq!(
            u,
            vec![
                "要“立查立改。”",
                "对一时解决不了的；",
                "制定阶段目标!",
                "尾巴"
            ]
        );
    }

    #[test]
    fn a_bracketed_aside_opening_a_unit_is_a_unit_of_its_own() {
        let line = "落实到位。（财政部牵头。各地区配合）加快建设。（一）加强领导。（二）";
        let u: Vec<&str> = split_units(line)
            .into_iter()
            .map(|(s, e)| &line[s..e])
            .collect();
        assert_eq!(
            u,
            vec![
                "落实到位。",
                "（财政部牵头。各地区配合）",
                "加快建设。",
                "（一）加强领导。",
                "（二）"
            ]
        );
    }

    #[test]
    fn over_long_units_are_cut_after_a_pause_or_at_the_limit() {
        let clause = format!("{}，", "整".repeat(99)); // 100 chars ending in a pause
        let line = format!("{}{}。尾", clause.repeat(6), "改".repeat(1200));
        let lens: Vec<usize> = split_units(&line)
            .into_iter()
            .map(|(s, e)| line[s..e].chars().count())
            .collect();
        // 600 chars of clauses: cut after the fifth pause; then 100 + 1200 + 1 chars:
        // hard cuts at 500; the terminator ends the last piece; the tail is its own unit
        assert_eq!(lens, vec![500, 500, 500, 301, 1]);
        assert!(lens.iter().all(|&n| n <= MAX_UNIT_CHARS));
    }

    #[test]
    fn title_date_headings_and_inline_headings() {
        let text = "在某会议上的讲话\n2020/09/15 12:33\n一、深刻检视问题\n一要深学细悟,把握实质。各级党委要带头学习。\n二要用活案例。要深入剖析案例。\n二、压实责任\n各级党委(党组)要担负起主体责任。";
        let st = structured(text);
        assert_eq!(st.title.as_deref(), Some("在某会议上的讲话"));
        assert_eq!(st.date.as_deref(), Some("2020-09-15"));
        let titles: Vec<&str> = st.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "一、深刻检视问题",
                "一要深学细悟,把握实质。",
                "二要用活案例。",
                "二、压实责任"
            ]
        );
        let body = body_texts(&st, text);
        assert_eq!(
            body,
            vec![
                "各级党委要带头学习。",
                "要深入剖析案例。",
                "各级党委(党组)要担负起主体责任。"
            ]
        );
        let last = st.units.last().unwrap();
        let path: Vec<&str> = st
            .path(last.section)
            .iter()
            .map(|&i| st.sections[i].title.as_str())
            .collect();
        assert_eq!(path, vec!["二、压实责任"]);
    }

    #[test]
    fn bare_numerals_need_a_run_of_three() {
        let text = "题目\n导语。一坚持学习。学习很重要。二强化教育。要教育。三开展体检。要体检。";
        let st = structured(text);
        assert_eq!(st.sections.len(), 3, "{:?}", st.sections);
        let text = "题目\n导语。一项一项进行整治。二强化教育。";
        let st = structured(text);
        assert!(st.sections.is_empty());
    }

    #[test]
    fn speaker_parts() {
        let text = "刀刃向内找问题\n\n紧扣整改整治着力点\n天津市委\n在主题教育中，天津市紧紧扭住整改整治。\n不打折扣推进落实专项整治任务。\n\n向问题叫板\n内蒙古自治区党委\n聚焦整改。";
        let st = structured(text);
        let speakers: Vec<Option<&str>> =
            st.sections.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(speakers, vec![Some("天津市委"), Some("内蒙古自治区党委")]);
        assert_eq!(st.sections[0].title, "紧扣整改整治着力点");
        let last = st.units.last().unwrap();
        assert_eq!(st.speaker(last.section), Some("内蒙古自治区党委"));
    }

    #[test]
    fn bylines_open_authors_parts() {
        let text = "某中学领导干部述职报告汇编\n\n年度述职报告\n孙洪亮\n一、履行职责情况\n一年来，我协助校长分管德育工作。\n二、存在问题\n学习还需加强。\n\n年度述职报告\n王  琛\n一、工作业绩\n完成了校舍改造。\n方案\n严格落实。";
        let st = structured(text);
        let speaker_of = |needle: &str| {
            let u = st
                .units
                .iter()
                .find(|u| text[u.start..u.end].contains(needle));
            u.and_then(|u| st.speaker(u.section))
        };
        // the author holds for the numbered sections of the part; a name under the
        // document's own title is none (a speech's speaker does not act on its directives)
        assert_eq!(speaker_of("我协助校长"), Some("孙洪亮"));
        assert_eq!(speaker_of("学习还需加强"), Some("孙洪亮"));
        assert_eq!(speaker_of("完成了校舍改造"), Some("王  琛"));
        // a short word under a line that is no title is no byline
        assert_eq!(speaker_of("严格落实"), Some("王  琛"));
        let titles: Vec<&str> = (st.sections.iter())
            .filter(|s| s.speaker.is_some())
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(titles, ["年度述职报告", "年度述职报告"]);
    }

    #[test]
    fn formal_elements() {
        let text = "关于开展专项整治的通知\n某委办发〔2021〕12号\n各市（州）党委和人民政府，省委各部委，省级国家机关各部门党组（党委）：\n现将有关事项通知如下。\n一、各地要于年底前完成整改。\n中共某省委办公厅\n二〇二一年三月十五日";
        let st = structured(text);
        assert_eq!(st.number.as_deref(), Some("某委办发〔2021〕12号"));
        assert_eq!(
            st.addressees,
            vec![
                "各市（州）党委和人民政府",
                "省委各部委",
                "省级国家机关各部门党组（党委）"
            ]
        );
        assert_eq!(st.date.as_deref(), Some("2021-03-15"));
        assert_eq!(st.issuer, vec!["中共某省委办公厅".to_string()]);
        let body = body_texts(&st, text);
        assert_eq!(
            body,
            vec!["现将有关事项通知如下。", "一、各地要于年底前完成整改。"]
        );
    }

    #[test]
    fn a_letter_spaced_signature_on_the_date_line_gives_the_date_and_issuer() {
        // a long notice: the date is found only under the signature at its end
        let para = "（一）加强环境监管。各地要完善监测网络，健全执法机制，落实监管责任。\n";
        let text = format!(
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n{}各地区要认真落实本意见。\n国\u{a0} 务\u{a0} 院\u{a0} 二○一一年十月十七日",
            para.repeat(12)
        );
        let st = structured(&text);
        assert_eq!(st.date.as_deref(), Some("2011-10-17"));
        assert_eq!(st.issuer, vec!["国务院".to_string()]);
    }

    #[test]
    fn a_title_spelt_again_over_the_next_two_lines_is_read_once() {
        let text = "某某厅关于深入开展专项整治工作的指导意见\n某某厅关于深入开展\n专项整治工作的指导意见\n各地要于年底前完成整改。";
        let st = structured(text);
        assert_eq!(
            st.title.as_deref(),
            Some("某某厅关于深入开展专项整治工作的指导意见")
        );
    }

    #[test]
    fn tables_with_a_header_give_measures_bodies_and_deadlines() {
        let text = "整改方案\n序号\t问题\t整改措施\t责任单位\t完成时限\n1\t文山会海问题突出。\t精简会议文件。严格控制发文数量。\t办公室、组织部\t2022年6月底前\n表后说明。";
        let st = structured(text);
        assert_eq!(st.rows.len(), 1);
        let body = body_texts(&st, text);
        assert_eq!(
            body,
            vec!["精简会议文件。", "严格控制发文数量。", "表后说明。"]
        );
        let row = &st.rows[0];
        let cell = |v: &Vec<usize>| {
            v.iter()
                .map(|&i| &text[st.units[i].start..st.units[i].end])
                .collect::<Vec<_>>()
        };
        assert_eq!(cell(&row.body_units), vec!["办公室、组织部"]);
        assert_eq!(cell(&row.deadline_units), vec!["2022年6月底前"]);
        assert_eq!(
            st.units
                .iter()
                .find(|u| text[u.start..u.end].starts_with("精简"))
                .and_then(|u| u.cell)
                .map(|c| c.column),
            Some(Column::Measure)
        );
    }

    #[test]
    fn a_date_in_running_text_does_not_date_the_document() {
        let text = "通报\n2021年4月12日至6月15日，省委巡视组对本市进行了常规巡视，现将整改进展情况通报如下，请各单位认真对照检查并抓好落实。\n各单位要抓好整改。\n中共某市委\n2022年2月28日";
        let st = structured(text);
        assert_eq!(st.date.as_deref(), Some("2022-02-28"));
    }

    #[test]
    fn a_signature_date_before_the_publication_note_dates_a_run_together_notice() {
        let text = "国务院办公厅关于印发某方案的通知国办发〔2020〕43号  各省、自治区、直辖市人民政府，国务院各部委、各直属机构：《某方案》已经国务院同意，现印发给你们，请认真贯彻落实。国务院办公厅2020年11月1日（此件公开发布）\n某方案\n各地区要于2021年6月底前完成清理。";
        let st = structured(text);
        assert_eq!(st.date.as_deref(), Some("2020-11-01"));
        // without the note, a date inside the long line is an event's
        let text = "关于某工作的通知各单位，请于2020年11月1日（星期日）前开展自查，认真贯彻落实。\n各地区要于2021年6月底前完成清理。";
        assert_eq!(structured(text).date, None);
    }

    /// The units of `text` with the given role.
    fn texts_of<'t>(st: &Structure, text: &'t str, role: Role) -> Vec<&'t str> {
        (st.units.iter())
            .filter(|u| u.role == role)
            .map(|u| &text[u.start..u.end])
            .collect()
    }

    #[test]
    fn a_front_matter_is_metadata() {
        let text = "---\ntitle: 某大学->学校召开整改推进会 | xx.edu.cn\ndate: 2022-04-30 01:22:15.705447\ntags:\n- 某大学\nsidebar: false\n---\n5月26日上午，学校召开整改推进会。\n会议要求，各单位要于6月底前完成整改。";
        let st = structured(text);
        assert_eq!(st.title.as_deref(), Some("学校召开整改推进会"));
        assert_eq!(st.date.as_deref(), Some("2022-04-30"));
        assert!(st.rules.iter().any(|r| r == "structure.meta.front-matter"));
        assert_eq!(
            body_texts(&st, text),
            vec![
                "5月26日上午，学校召开整改推进会。",
                "会议要求，各单位要于6月底前完成整改。"
            ]
        );
        // its `---` lines dropped by the clean stage: its keys and their list items are still
        // metadata, not headings
        let text = "title: 某大学->学校召开整改推进会\ndate: 2022-04-30\ntags:\n- 某大学\n- xx.edu.cn\ncategories:\n- 新闻\n\n5月26日上午，学校召开整改推进会。";
        let st = structured(text);
        assert!(st.sections.is_empty(), "{:?}", st.sections);
        assert_eq!(
            body_texts(&st, text),
            vec!["5月26日上午，学校召开整改推进会。"]
        );
        // a rule line that opens no front matter is no metadata
        let text = "---\n各单位要于月底前完成清理。";
        let st = structured(text);
        assert!(!st.rules.iter().any(|r| r.starts_with("structure.meta")));
        assert_eq!(body_texts(&st, text), vec!["各单位要于月底前完成清理。"]);
    }

    #[test]
    fn a_government_pages_metadata_table_gives_title_date_issuer_and_number() {
        let text = "索 引 号：\t000/2018-00225\t主题分类：\t水利\n发文机关：\t某省人民政府办公厅\t成文日期：\t2018年12月26日\n标　题：\t某省人民政府办公厅关于加强河道管理工作的通知\n发文字号：\t某政办发〔2018〕12号\t发布日期：\t2019年01月03日\n主 题 词：\t\t\t\n\n某省人民政府办公厅关于加强\n河道管理工作的通知\n某政办发〔2018〕12号\n各市人民政府：\n各地要加强河道管理。\n某省人民政府办公厅\n2018年12月26日";
        let st = structured(text);
        assert_eq!(
            st.title.as_deref(),
            Some("某省人民政府办公厅关于加强河道管理工作的通知")
        );
        assert_eq!(st.date.as_deref(), Some("2018-12-26"));
        assert_eq!(st.number.as_deref(), Some("某政办发〔2018〕12号"));
        assert_eq!(st.issuer, vec!["某省人民政府办公厅".to_string()]);
        assert_eq!(body_texts(&st, text), vec!["各地要加强河道管理。"]);
        assert_eq!(
            texts_of(&st, text, Role::Title),
            vec!["某省人民政府办公厅关于加强", "河道管理工作的通知"]
        );
    }

    #[test]
    fn a_formal_title_over_lines_without_its_number() {
        // the number above the title and glued after it
        let text = "某政办发〔2020〕3号\n某市人民政府办公室关于开展河道清障工作的通知 某政办发〔2020〕3号\n各区人民政府：\n各区要于6月底前完成清障。";
        let st = structured(text);
        assert_eq!(
            st.title.as_deref(),
            Some("某市人民政府办公室关于开展河道清障工作的通知")
        );
        assert_eq!(st.number.as_deref(), Some("某政办发〔2020〕3号"));
        // glued without a space: the title ends at its genre
        let text = "某局关于进一步规范公务接待的复函某办函〔2004〕20号\n某某同志：\n来信收悉。各处室要严格执行接待标准。";
        let st = structured(text);
        assert_eq!(
            st.title.as_deref(),
            Some("某局关于进一步规范公务接待的复函")
        );
        assert_eq!(st.number.as_deref(), Some("某办函〔2004〕20号"));
        // over three lines, under a note that is not the title
        let text = "现转发如下，请认真学习！\n某省人民政府\n关于支持县域经济\n加快发展的若干意见\n一、总体要求\n各县要加快发展。";
        let st = structured(text);
        assert_eq!(
            st.title.as_deref(),
            Some("某省人民政府关于支持县域经济加快发展的若干意见")
        );
        assert_eq!(body_texts(&st, text), vec!["各县要加快发展。"]);
        // an addressee line is no title
        let st = structured("各市、县人民政府：\n各地要于年底前完成整改。");
        assert_eq!(st.title, None);
    }

    #[test]
    fn a_speech_title_with_its_subtitle() {
        let text = "守正创新 勇毅前行\n奋力开创高质量发展新局面\n——在年度工作总结大会上的讲话\n（1月13日）\n同志们：\n今天我们召开总结大会。";
        let st = structured(text);
        assert_eq!(
            st.title.as_deref(),
            Some("守正创新 勇毅前行奋力开创高质量发展新局面——在年度工作总结大会上的讲话")
        );
        assert_eq!(texts_of(&st, text, Role::Title).len(), 3);
    }

    #[test]
    fn the_date_of_issue_before_the_date_of_publication() {
        // the signature's date over the page's publication line
        let text = "某中学党委工作情况报告\n发布时间：2021年03月22日\n现将有关情况报告如下。\n一是加强领导。\n中共某中学委员会\n2021年1月18";
        assert_eq!(structured(text).date.as_deref(), Some("2021-01-18"));
        // the issuer and the date of issue on one line
        let text = "某局关于整改工作的通知\n发布时间：2021年03月22日\n各处室要抓好整改。\n某市某某局　　2021年3月18日";
        assert_eq!(structured(text).date.as_deref(), Some("2021-03-18"));
        // a covering notice's signature before what it issues
        let text = "某省人民政府办公厅转发省民政厅关于\n清理整顿社会团体意见的通知\n各市人民政府：\n省民政厅的意见已经省政府同意，现转发给你们，请认真贯彻执行。\n请各地抓好落实。\n各地要加强领导。\n各地要明确责任。\n某省人民政府办公厅\n一九九七年四月八日\n关于清理整顿社会团体的意见\n各地要于年底前完成清理整顿。";
        assert_eq!(structured(text).date.as_deref(), Some("1997-04-08"));
        // a labelled date on a long line of page information
        let text = "学校召开整改推进会\n发布日期：2021-09-07    作者：党委宣传部    来源：党委办公室    浏览次数：1234\n会议要求，各单位要于年底前完成整改。";
        assert_eq!(structured(text).date.as_deref(), Some("2021-09-07"));
        // a news lead's day, with the text's year
        let text = "学院召开整改专题会\n为推进整改，经研究同意，9月13日，学院党委召开专题会议。会议要求，2021学年要完成全部整改。";
        assert_eq!(structured(text).date.as_deref(), Some("2021-09-13"));
        // a news lead's day with its own year
        let text = "某医院召开巡察反馈会\n根据市委巡察工作领导小组的安排，2021年8月12日下午，市委巡察组向医院党委反馈巡察情况。会议要求，各部门要于9月底前完成整改。";
        assert_eq!(structured(text).date.as_deref(), Some("2021-08-12"));
        // only the year the title names
        let text = "某县2018年度河长制工作考核细则\n序号\t考核项目\t分值";
        let st = structured(text);
        assert_eq!(st.date.as_deref(), Some("2018"));
        assert_eq!(st.year, Some(2018));
    }

    #[test]
    fn attachments_are_no_body_units_and_notes_on_who_leads_are_units_of_their_own() {
        let text = "标题\n一、总体要求\n建立指标体系，发挥导向作用。\n2019年底前完成。（市生态环境局牵头，市发展改革委参与）\n（市统计局指导）\n二、保障措施\n加强宣传。\n附件：任务分工表";
        let st = structured(text);
        // a note is read by the extract stage (`extract::note`): here a unit of its own
        assert_eq!(
            body_texts(&st, text),
            vec![
                "建立指标体系，发挥导向作用。",
                "2019年底前完成。",
                "（市生态环境局牵头，市发展改革委参与）",
                "（市统计局指导）",
                "加强宣传。"
            ]
        );
        assert_eq!(texts_of(&st, text, Role::Meta), vec!["附件：任务分工表"]);
        assert!(st.rows.is_empty());
    }

    #[test]
    fn dateline_takes_year_from_text() {
        let text = "标题\n新华社北京12月15日电 近日，某办公室印发通知，要求各地结合2014年度民主生活会进行。";
        let st = structured(text);
        assert_eq!(st.date.as_deref(), Some("2014-12-15"));
        assert_eq!(st.issuer, vec!["某办公室".to_string()]);
    }
}
