//! Groups: the headline structure of a central notice, and what in it is framing.
//!
//! Takes the task items of one central record (in document order) and the [`Structure`] read
//! from `rules/compare/structure.txt`; gives a [`Layout`]: headline groups (a headline task and
//! the tasks that spell it out) and framing items (how the notice is to be studied, organised,
//! followed up and reported on). Every item lands in exactly one group or in framing.
//!
//! The rule (also in `docs/COMPARE.md`):
//! 1. An item whose innermost heading is a headline (`一、整治…问题。`) belongs to that
//!    heading's group.
//! 2. An item that is itself a headline (`通知提出，整治…的问题。`) opens a group; the items
//!    that follow it with no gap between their spans (nothing left out between them: the same
//!    paragraph), under the same headings, join it until the next headline.
//! 3. Any other item: framing when it or its heading holds a framing phrase; else, under a
//!    heading, a group of that heading; else framing when the notice has headline groups (what
//!    lies outside them is preamble and organisation), else framing when its only category is
//!    `other`, else a group of its own.

use crate::record::Task;
use regex::Regex;
use std::collections::HashMap;

/// The default structure cues (`rules/compare/structure.txt`).
pub const DEFAULT_STRUCTURE: &str = include_str!("../../rules/compare/structure.txt");

/// Longest headline, in chars, once enumeration, lead and end punctuation are off.
const MAX_HEADLINE_CHARS: usize = 40;
/// Longest lead before a headline (`通知提出，`), in chars.
const MAX_LEAD_CHARS: usize = 6;

/// The cues of headlines and framing.
#[derive(Debug, Clone)]
pub struct Structure {
    verbs: Vec<String>,
    tails: Vec<String>,
    framing: Vec<String>,
    enumeration: Regex,
}

impl Structure {
    /// Parses the cues: `headline-verb X`, `headline-tail X` or `framing X` a line, `#`
    /// comments. An unknown kind is an error naming the line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (mut verbs, mut tails, mut framing) = (Vec::new(), Vec::new(), Vec::new());
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (kind, phrase) = line
                .split_once(char::is_whitespace)
                .map(|(k, p)| (k, p.trim()))
                .ok_or_else(|| format!("line {}: expected `KIND PHRASE`", n + 1))?;
            let list = match kind {
                "headline-verb" => &mut verbs,
                "headline-tail" => &mut tails,
                "framing" => &mut framing,
                _ => {
                    return Err(format!(
                        "line {}: unknown kind `{kind}` (headline-verb, headline-tail, framing)",
                        n + 1
                    ))
                }
            };
            list.push(phrase.to_string());
        }
        let enumeration = Regex::new(
            r"^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、．.）)]|第[一二三四五六七八九十]+[，、是])\s*",
        )
        .map_err(|e| format!("enumeration pattern: {e}"))?;
        Ok(Structure {
            verbs,
            tails,
            framing,
            enumeration,
        })
    }

    /// The embedded default cues ([`DEFAULT_STRUCTURE`]).
    pub fn defaults() -> Self {
        // a constant of the binary, not input: a unit test checks that it parses
        Self::parse(DEFAULT_STRUCTURE).expect("rules/compare/structure.txt parses")
    }

    /// Whether `text` is a headline: one clause, at most [`MAX_HEADLINE_CHARS`] chars, that
    /// opens with a headline verb and ends with a headline tail, once an enumeration
    /// (`一、`, `（二）`), a lead of at most [`MAX_LEAD_CHARS`] chars before the first `，`
    /// (`通知提出，`) and the end punctuation are taken off.
    pub fn is_headline(&self, text: &str) -> bool {
        let t = text.trim();
        let t = match self.enumeration.find(t) {
            Some(m) => t.get(m.end()..).unwrap_or(""),
            None => t,
        };
        let t = t.trim_end_matches(['。', '；', ';', '！', '.', '．', ' ', '\u{3000}']);
        let t = match t.split_once('，') {
            Some((lead, rest))
                if lead.chars().count() <= MAX_LEAD_CHARS && !self.opens_with_verb(lead) =>
            {
                rest
            }
            _ => t,
        };
        let n = t.chars().count();
        (4..=MAX_HEADLINE_CHARS).contains(&n)
            && !t.contains(['，', '；', '。', '：', ',', ';'])
            && self.opens_with_verb(t)
            && self.tails.iter().any(|x| t.ends_with(x.as_str()))
    }

    fn opens_with_verb(&self, t: &str) -> bool {
        self.verbs.iter().any(|v| t.starts_with(v.as_str()))
    }

    /// Whether `text` holds a framing phrase.
    pub fn is_framing(&self, text: &str) -> bool {
        self.framing.iter().any(|f| text.contains(f.as_str()))
    }
}

/// A headline group of one record: indices into the record's task list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDef {
    /// The headline: the heading or the headline item's text.
    pub headline: String,
    /// The headline item, when the headline is an item (not a heading).
    pub headline_item: Option<usize>,
    /// The items of the group, in document order (the headline item first when there is one).
    pub members: Vec<usize>,
}

/// The groups and framing items of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Headline groups, in order of their first item.
    pub groups: Vec<GroupDef>,
    /// Items outside every group, in document order.
    pub framing: Vec<usize>,
}

/// The layout of one record's tasks (the module doc gives the rule).
pub fn layout(tasks: &[&Task], st: &Structure) -> Layout {
    let mut groups: Vec<GroupDef> = Vec::new();
    let mut by_heading: HashMap<Vec<String>, usize> = HashMap::new();
    let mut heading_group = |groups: &mut Vec<GroupDef>, t: &Task, title: &str, i: usize| {
        let g = *by_heading.entry(t.section.clone()).or_insert_with(|| {
            groups.push(GroupDef {
                headline: title.to_string(),
                headline_item: None,
                members: Vec::new(),
            });
            groups.len() - 1
        });
        if let Some(group) = groups.get_mut(g) {
            group.members.push(i);
        }
    };
    // (group, headings, end of the last member's span)
    let mut open: Option<(usize, &[String], usize)> = None;
    let mut loose = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        if let Some(title) = t.section.last().filter(|h| st.is_headline(h)) {
            heading_group(&mut groups, t, title, i);
            open = None;
        } else if st.is_headline(&t.text) {
            groups.push(GroupDef {
                headline: t.text.clone(),
                headline_item: Some(i),
                members: vec![i],
            });
            open = Some((groups.len() - 1, &t.section, t.span[1]));
        } else if let Some((g, heads, _)) =
            open.filter(|(_, heads, end)| *heads == t.section.as_slice() && t.span[0] == *end)
        {
            if let Some(group) = groups.get_mut(g) {
                group.members.push(i);
            }
            open = Some((g, heads, t.span[1]));
        } else {
            open = None;
            loose.push(i);
        }
    }
    let structured = !groups.is_empty();
    let mut framing = Vec::new();
    for i in loose {
        let Some(t) = tasks.get(i) else { continue };
        let title = t.section.last();
        if st.is_framing(&t.text) || title.is_some_and(|h| st.is_framing(h)) {
            framing.push(i);
        } else if let Some(title) = title {
            heading_group(&mut groups, t, title, i);
        } else if structured || t.categories.iter().all(|c| c == "other") {
            framing.push(i);
        } else {
            groups.push(GroupDef {
                headline: t.text.clone(),
                headline_item: Some(i),
                members: vec![i],
            });
        }
    }
    for g in &mut groups {
        g.members.sort_unstable();
    }
    groups.sort_by_key(|g| g.members.first().copied());
    Layout { groups, framing }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(n: usize, text: &str, span: [usize; 2], section: &[&str]) -> Task {
        Task {
            id: format!("c#{n}"),
            text: text.to_string(),
            span,
            section: section.iter().map(|s| s.to_string()).collect(),
            kind: crate::record::Kind::Directive,
            strength: None,
            categories: vec!["inaction".into()],
            bodies: Vec::new(),
            problem: None,
            deadline: Vec::new(),
            actions: Vec::new(),
            metrics: Vec::new(),
            rules: Vec::new(),
            explain: None,
        }
    }

    #[test]
    fn the_embedded_cues_parse_and_a_bad_line_is_named() {
        let st = Structure::parse(DEFAULT_STRUCTURE).unwrap();
        assert!(!st.verbs.is_empty() && !st.tails.is_empty() && !st.framing.is_empty());
        assert!(Structure::parse("headline-verb 整治\nheadline-noun 问题\n")
            .unwrap_err()
            .contains("line 2"));
    }

    #[test]
    fn headlines_are_one_short_clause_from_verb_to_tail() {
        let st = Structure::defaults();
        for yes in [
            "整治违反中央八项规定精神的突出问题。",
            "通知提出，整治对贯彻落实党中央决策部署阳奉阴违的问题。",
            "一、整治惠农补贴资金管理使用中的突出问题。",
            "（三）纠正吃拿卡要现象",
            "整治领导干部配偶、子女及其配偶违规经商办企业的问题。",
        ] {
            assert!(st.is_headline(yes), "{yes}");
        }
        for no in [
            "整治情况要形成专项报告。",
            "各地区各行业系统要结合实际，在8个方面专项整治之外，有针对性地整治需要整治的突出问题。",
            "根据中央要求和工作实际，健全制度规范。",
            "七、健全长效机制。",
            "查处违反中央八项规定精神问题91件，处理108人，查处群众身边腐败和作风问题80起。",
        ] {
            assert!(!st.is_headline(no), "{no}");
        }
    }

    #[test]
    fn a_headline_item_gathers_what_follows_it_in_its_paragraph() {
        let st = Structure::defaults();
        let ts = [
            task(0, "通知指出，要抓好专项整治工作。", [0, 15], &[]),
            task(1, "整治不担当不作为的问题。", [16, 28], &[]),
            task(2, "深查细纠精神不振的具体表现。", [28, 42], &[]),
            task(3, "整治违反中央八项规定精神的突出问题。", [42, 60], &[]),
            task(4, "聚焦违规吃喝等问题。", [60, 70], &[]),
            task(5, "适时开展“回头看”。", [71, 80], &[]),
        ];
        let refs: Vec<&Task> = ts.iter().collect();
        let l = layout(&refs, &st);
        let members: Vec<&[usize]> = l.groups.iter().map(|g| g.members.as_slice()).collect();
        assert_eq!(members, vec![&[1, 2][..], &[3, 4][..]]);
        assert_eq!(l.groups[0].headline_item, Some(1));
        assert_eq!(
            l.framing,
            vec![0, 5],
            "a gap ends the paragraph; outside is framing"
        );
    }

    #[test]
    fn headings_group_their_items_and_framing_headings_do_not() {
        let st = Structure::defaults();
        let ts = [
            task(0, "为深入贯彻党中央决策部署，现通知如下。", [0, 20], &[]),
            task(
                1,
                "重点查处截留挪用等行为。",
                [30, 42],
                &["一、整治惠农补贴资金中的突出问题。"],
            ),
            task(
                2,
                "确保足额发放到户。",
                [42, 51],
                &["一、整治惠农补贴资金中的突出问题。"],
            ),
            task(3, "完善监管制度。", [60, 67], &["二、健全长效机制。"]),
            task(4, "各地区要高度重视。", [70, 79], &["三、加强组织领导。"]),
        ];
        let refs: Vec<&Task> = ts.iter().collect();
        let l = layout(&refs, &st);
        let heads: Vec<&str> = l.groups.iter().map(|g| g.headline.as_str()).collect();
        assert_eq!(
            heads,
            vec!["一、整治惠农补贴资金中的突出问题。", "二、健全长效机制。"]
        );
        assert_eq!(l.groups[0].members, vec![1, 2]);
        assert_eq!(l.groups[0].headline_item, None);
        assert_eq!(l.framing, vec![0, 4]);
    }

    #[test]
    fn without_headlines_each_item_is_a_group_unless_framing() {
        let st = Structure::defaults();
        let mut other = task(2, "请结合实际认真贯彻落实。", [20, 30], &[]);
        other.categories = vec!["other".into()];
        let ts = [
            task(0, "严控发文数量。", [0, 7], &[]),
            task(1, "规范督查检查考核。", [8, 17], &[]),
            other,
        ];
        let refs: Vec<&Task> = ts.iter().collect();
        let l = layout(&refs, &st);
        assert_eq!(l.groups.len(), 2);
        assert_eq!(l.framing, vec![2]);
    }
}
