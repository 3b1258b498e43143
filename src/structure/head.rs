//! The head of a document: its title (a page's metadata, a web page's own title, a formal
//! or a speech's title among the opening lines — over up to three lines, a document number
//! glued to it —, the first line, or a file name the clean stage dropped), its date (the
//! date of issue the metadata or the signature gives, else a publication or date line, a
//! news dateline or lead, else the year the title names) and issuer, and where a scraped
//! page's preamble ends.

use super::formal::{formal_lines, run_in_signature, Dated, Formal};
use super::meta::{self, Meta};
use super::units::chars;
use super::Structure;
use crate::clean::Dropped;
use crate::rules::{Context, Rule, RuleSet};
use crate::text::date_number;

/// How far down a page its title is looked for (menus and breadcrumbs come first).
pub(super) const PAGE_TITLE_LINES: usize = 60;

/// The fewest characters a notice's title has (`首页`, `通知公告` are a site's words).
pub(super) const MIN_TITLE_CHARS: usize = 6;

/// What [`Structure::rules`] names when the title is a web page's own.
pub(super) const PAGE_TITLE_RULE: &str = "structure.title.page-title";

/// What [`Structure::rules`] names when the date is only the year the title names.
pub(super) const TITLE_YEAR_RULE: &str = "structure.date.title-year";

/// How many opening lines a formal or speech title is looked for in.
const TITLE_SEARCH_LINES: usize = 12;

/// The longest line of a title (a formal title issuing a long plan runs to some 70
/// characters on one line: `关于印发《…实施方案（2024-2026年）》的通知`; a longer line is a paragraph,
/// and the search stops there).
const TITLE_LINE_CHARS: usize = 90;

/// The most lines a title is written over (a main title, its second half, a subtitle).
const TITLE_RUN_LINES: usize = 3;

/// A web page's title without the site's and section's names around it:
/// `整改方案_通知公告_某某局` → `整改方案`, `某大学->学校召开整改会 | site.cn` → `学校召开整改会`.
/// A breadcrumb's last step; then the first part, unless it is too short to be a title,
/// then the longest.
pub(crate) fn page_title_main(title: &str) -> &str {
    let title = ["->", "＞", " > ", "»"]
        .iter()
        .fold(title, |t, sep| t.rsplit(sep).next().unwrap_or(t));
    let parts: Vec<&str> = title
        .split(['_', '|', '｜'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" — "))
        .flat_map(|p| p.split(" – "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let main = match parts.first() {
        Some(first) if chars(first) >= MIN_TITLE_CHARS => first,
        _ => parts
            .iter()
            .max_by_key(|p| chars(p))
            .copied()
            .unwrap_or(title.trim()),
    };
    without_speaker(main)
}

/// A speech's title without the speaker a news headline puts before it:
/// `某某某：在…会议上的讲话` → `在…会议上的讲话` (a name of two to four characters, then a
/// title that says where the speech was given).
fn without_speaker(title: &str) -> &str {
    let Some((name, rest)) = title.split_once(['：', ':']) else {
        return title;
    };
    let name_like = (2..=4).contains(&chars(name)) && name.chars().all(crate::text::is_han);
    let speech =
        rest.starts_with('在') && ["讲话", "致辞", "发言"].iter().any(|w| rest.ends_with(w));
    match name_like && speech {
        true => rest,
        false => title,
    }
}

/// A title without what a site writes around it on the same line: its label before a title
/// it reposts (`转发：…的通知`), a column's name in brackets (`【教职工代表大会】…`), and the
/// byline after it (`…调研来源：中国石化报  发布时间：2020-12-11`, lexicon title-byline), each
/// only where a title's length is left.
fn tidy_title<'t>(title: &'t str, rules: &RuleSet) -> &'t str {
    let labels = rules.lexicon("title-repost-label");
    let mut t = (labels.iter())
        .find_map(|l| title.strip_prefix(l.as_str()))
        .unwrap_or(title)
        .trim();
    if let Some(rest) = t.strip_prefix('【').and_then(|r| r.split_once('】')) {
        let (label, after) = rest;
        if chars(label) <= COLUMN_LABEL_CHARS && chars(after.trim()) >= MIN_TITLE_CHARS {
            t = after.trim();
        }
    }
    let byline = (rules.lexicon("title-byline").iter())
        .filter_map(|k| t.find(k.as_str()))
        .filter(|&at| chars(t[..at].trim()) >= MIN_TITLE_CHARS)
        .min();
    match byline {
        Some(at) => t[..at].trim(),
        None => t,
    }
}

/// The longest column name a site writes in brackets before a title (`【教职工代表大会】`).
const COLUMN_LABEL_CHARS: usize = 12;

/// What the head of a document tells the reading of its lines.
pub(super) struct Head {
    /// The first and last line of the title, when the title is written in the text.
    pub title_lines: Option<(usize, usize)>,
    /// The line that repeats the title where a scraped page's article starts.
    pub preamble_end: Option<usize>,
    /// The lines of the formal elements (number, addressees, signature, date of issue) and
    /// of the page's metadata.
    pub formal: Vec<usize>,
}

/// Reads the title, date, issuer and formal elements into `st`; gives what the line reader
/// needs of them.
pub(super) fn read(
    st: &mut Structure,
    text: &str,
    lines: &[(usize, usize)],
    dropped: &[Dropped],
    page_title: Option<&str>,
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Head {
    let meta = meta::read(text, lines, rules);
    let title_lines = find_title(st, text, lines, &meta, dropped, page_title, rules, ctx);
    if let Some(t) = st.title.as_mut() {
        *t = tidy_title(t, rules).to_string();
    }
    let head_text: Vec<&str> = (lines.iter().enumerate())
        .filter(|(i, _)| !meta.lines.contains(i))
        .take(8)
        .map(|(_, &(s, e))| &text[s..e])
        .chain(dropped.iter().map(|d| d.text.as_str()))
        .collect();
    find_issuer(&head_text, rules, ctx, st);
    if st.issuer.is_empty() {
        if let (Some(org), Some(rule)) = (&meta.issuer, meta.rule) {
            st.issuer.push(org.clone());
            st.rules.push(rule.to_string());
        }
    }
    if st.number.is_none() {
        if let (Some(number), Some(rule)) = (&meta.number, meta.rule) {
            st.number = Some(number.clone());
            st.rules.push(rule.to_string());
        }
    }
    let Formal {
        lines: mut formal,
        date: issued,
        inner_date,
    } = formal_lines(text, lines, &meta.lines, rules, ctx, st);
    // the date of issue (the metadata's, the signature's) before the page's publication
    let meta_date = |v: &Option<String>| {
        let rule = meta.rule?;
        let (iso, year) = parse_date(v.as_deref()?, rules, ctx)?;
        Some((iso, year, rule.to_string()))
    };
    let date = meta_date(&meta.issued)
        .or(issued)
        .or_else(|| run_in_signature(text, lines, rules, ctx))
        .or_else(|| meta_date(&meta.published))
        .or_else(|| find_date(&head_text, text, rules, ctx))
        .or(inner_date)
        .or_else(|| title_year(st.title.as_deref()));
    if let Some((iso, year, rule)) = date {
        st.date = Some(iso);
        st.year = year;
        st.rules.push(rule);
    }
    formal.extend(&meta.lines);
    // a scraped page repeats its title where the article starts: what lies between the two
    // is the page's abstract and notes, not the notice
    let preamble_end = match (st.title.as_deref(), title_lines) {
        (Some(t), Some((_, last))) => (lines.iter().enumerate().skip(last + 1).take(8))
            .find(|&(_, &(s, e))| &text[s..e] == t)
            .map(|(i, _)| i),
        _ => None,
    };
    Head {
        title_lines,
        preamble_end,
        formal,
    }
}

/// The title, first found of: the page's metadata; a web page's own title (its `<title>`
/// without the site's name) where lines spell it (under the site's menus); a formal or a
/// speech's title among the opening lines; the first line when it is short and not a
/// sentence, a heading, a number or an addressee line; the page's title when that first
/// line is too short to be a notice's (首页); a dropped file name. Gives the title's lines,
/// when the title is written in the text.
#[allow(clippy::too_many_arguments)]
fn find_title(
    st: &mut Structure,
    text: &str,
    lines: &[(usize, usize)],
    meta: &Meta,
    dropped: &[Dropped],
    page_title: Option<&str>,
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Option<(usize, usize)> {
    let meta_title = meta.title.as_deref().map(page_title_main);
    if let (Some(t), Some(rule)) = (meta_title.filter(|t| !t.is_empty()), meta.rule) {
        st.title = Some(t.to_string());
        st.rules.push(rule.to_string());
        return spelt(t, text, lines, meta);
    }
    let page = page_title
        .map(page_title_main)
        .filter(|t| chars(t) >= MIN_TITLE_CHARS);
    if let Some(page) = page {
        if let Some(at) = spelt(page, text, lines, meta) {
            st.title = Some(page.to_string());
            st.rules.push(PAGE_TITLE_RULE.to_string());
            return Some(at);
        }
    }
    if let Some(at) = title_run(st, text, lines, meta, rules) {
        return Some(at);
    }
    let first = first_line_title(text, lines, meta, rules, ctx);
    match (page, first) {
        (Some(page), f)
            if f.is_none_or(|i| chars(&text[lines[i].0..lines[i].1]) < MIN_TITLE_CHARS) =>
        {
            st.title = Some(page.to_string());
            st.rules.push(PAGE_TITLE_RULE.to_string());
            return None;
        }
        (_, Some(i)) => {
            st.title = Some(text[lines[i].0..lines[i].1].to_string());
            return Some((i, i));
        }
        _ => {}
    }
    if let Some((title, rule)) = run_in_title(text, lines, meta, rules, ctx) {
        st.title = Some(title.to_string());
        st.rules.push(rule);
        return None;
    }
    if let Some(d) = dropped.iter().find(|d| d.gives_title) {
        let stem = d.text.rsplit_once('.').map_or(d.text.as_str(), |(s, _)| s);
        let stem = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-');
        if !stem.is_empty() {
            st.title = Some(stem.trim().to_string());
            st.rules.push(d.rule.clone());
        }
    }
    None
}

/// The shortest first line that may hold a title run into the text after it (a document
/// stored as one line, a dataset's row, its line breaks dropped; `clean` opens such a line
/// at its enumerators, so the head stays on the first), in chars.
const RUN_IN_LINE_CHARS: usize = 40;

/// How far into such a line its title is looked for (chars).
const RUN_IN_HEAD_CHARS: usize = 300;

/// The title opening the first line and run into the text after it (a document stored as
/// one line: rules labelled `run-in-title`, tried on its head), and the rule.
fn run_in_title<'t>(
    text: &'t str,
    lines: &[(usize, usize)],
    meta: &Meta,
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Option<(&'t str, String)> {
    let i = (0..lines.len()).find(|&i| lines[i].0 < lines[i].1 && !meta.lines.contains(&i))?;
    let line = &text[lines[i].0..lines[i].1];
    if chars(line) < RUN_IN_LINE_CHARS {
        return None;
    }
    let head_end = (line.char_indices().nth(RUN_IN_HEAD_CHARS)).map_or(line.len(), |(i, _)| i);
    let head = &line[..head_end];
    let m = (rules
        .structure
        .all_of(head, ctx, |r| r.label == "run-in-title"))
    .into_iter()
    .min_by_key(|m| m.start)?;
    let title = head[m.start..m.end].trim();
    // run in: the text goes on after it
    let run_in = chars(line[m.whole_end..].trim()) >= MIN_TITLE_CHARS;
    (run_in && chars(title) >= MIN_TITLE_CHARS).then(|| (title, m.rule.id.clone()))
}

/// The first and last of up to [`TITLE_RUN_LINES`] adjacent lines, among the first
/// [`PAGE_TITLE_LINES`], that spell `title` (white space aside).
fn spelt(title: &str, text: &str, lines: &[(usize, usize)], meta: &Meta) -> Option<(usize, usize)> {
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let want = bare(title);
    let limit = lines.len().min(PAGE_TITLE_LINES);
    (0..limit)
        .filter(|i| !meta.lines.contains(i))
        .find_map(|i| {
            let mut got = String::new();
            for j in i..limit.min(i + TITLE_RUN_LINES) {
                got.push_str(&bare(&text[lines[j].0..lines[j].1]));
                if got == want {
                    return Some((i, j));
                }
                if !want.starts_with(&got) || got.is_empty() {
                    return None;
                }
            }
            None
        })
}

/// A formal or a speech's title (a `title` rule matching the whole of up to
/// [`TITLE_RUN_LINES`] adjacent short lines joined) among the opening lines, before the first
/// paragraph; a document number glued after it becomes the document's number. Sets the
/// title and gives its lines.
fn title_run(
    st: &mut Structure,
    text: &str,
    lines: &[(usize, usize)],
    meta: &Meta,
    rules: &RuleSet,
) -> Option<(usize, usize)> {
    let line = |i: usize| text[lines[i].0..lines[i].1].trim();
    // a document number on a line of its own is no part of the title
    let number_line = |i: usize| {
        let l = line(i);
        (rules.structure)
            .all_of(l, Context::default(), |r| r.label == "number")
            .iter()
            .any(|m| m.whole_start == 0 && m.whole_end == l.len())
    };
    let opening: Vec<usize> = (0..lines.len())
        .filter(|&i| !line(i).is_empty() && !meta.lines.contains(&i) && !number_line(i))
        .take(TITLE_SEARCH_LINES)
        .take_while(|&i| chars(line(i)) <= TITLE_LINE_CHARS)
        .collect();
    for (k, &first) in opening.iter().enumerate() {
        for len in (1..=TITLE_RUN_LINES).rev() {
            let Some(run) = opening.get(k..k + len) else {
                continue;
            };
            let adjacent = run.windows(2).all(|w| w[1] == w[0] + 1);
            if !adjacent
                || run
                    .iter()
                    .any(|&i| line(i).contains(['。', '；', '！', '？', '：', ':', '，']))
            {
                continue;
            }
            let joined: String = run.iter().map(|&i| line(i)).collect();
            if is_doubled(&joined) {
                // the title, then the notice's own heading spelling it again over two lines
                continue;
            }
            let found = (rules.structure)
                .all_of(&joined, Context::default(), |r| r.label == "title")
                .into_iter()
                .find(|m| m.whole_start == 0 && m.whole_end == joined.len());
            let Some(m) = found else {
                continue;
            };
            st.title = Some(joined[m.start..m.end].trim().to_string());
            st.rules.push(m.rule.id.clone());
            let number =
                (m.rule.captures(&joined)).and_then(|c| c.name("n").map(|n| n.trim().to_string()));
            if number.is_some() && st.number.is_none() {
                st.number = number;
            }
            return Some((first, run[run.len() - 1]));
        }
    }
    None
}

/// Whether a text is one half written twice (`T` + `T`).
fn is_doubled(s: &str) -> bool {
    let half = s.len() / 2;
    s.len().is_multiple_of(2) && s.is_char_boundary(half) && s[..half] == s[half..]
}

/// The first line that is not metadata, when it may be the title: short, no sentence, no
/// heading, not a document number or an addressee line.
fn first_line_title(
    text: &str,
    lines: &[(usize, usize)],
    meta: &Meta,
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Option<usize> {
    let i = (0..lines.len()).find(|&i| lines[i].0 < lines[i].1 && !meta.lines.contains(&i))?;
    let line = &text[lines[i].0..lines[i].1];
    let ends_sentence = line.ends_with(['。', '；', '！', '？', '：', ':']);
    let matches = rules.structure.all(line, ctx);
    let whole = |label: &str| {
        matches
            .iter()
            .any(|m| m.label == label && m.whole_start == 0 && m.whole_end == line.len())
    };
    let is_heading = (matches.iter())
        .any(|m| matches!(m.label, "heading" | "bare-heading") && m.whole_start == 0);
    let plain = chars(line) <= 80 && !ends_sentence && !line.contains(['。', '\t']);
    (plain && !is_heading && !whole("number") && !whole("addressee")).then_some(i)
}

/// The year a title names (`石城县2018年度…考核细则` → `2018`), for a document dated by
/// nothing else.
fn title_year(title: Option<&str>) -> Option<Dated> {
    let y = first_year(title?)?;
    Some((format!("{y:04}"), Some(y), TITLE_YEAR_RULE.to_string()))
}

/// The date a metadata value gives (`2018年12月26日`, `2022-04-30 01:22:15`).
fn parse_date(value: &str, rules: &RuleSet, ctx: Context<'_>) -> Option<(String, Option<i32>)> {
    rules
        .structure
        .all_of(value, ctx, |r| r.label == "date")
        .iter()
        .find_map(|m| date_of(&value[m.whole_start..], m.rule))
        .map(|iso| {
            let year = iso.get(..4).and_then(|y| y.parse().ok());
            (iso, year)
        })
}

/// The issuing bodies named in the first of the opening lines that names any.
fn find_issuer(head: &[&str], rules: &RuleSet, ctx: Context<'_>, st: &mut Structure) {
    for line in head.iter().take(8) {
        for m in rules.structure.all_of(line, ctx, |r| r.label == "issuer") {
            let v = line[m.start..m.end].trim().trim_end_matches('了');
            if !v.is_empty() && !st.issuer.iter().any(|x| x == v) {
                st.issuer.push(v.to_string());
                st.rules.push(m.rule.id.clone());
            }
        }
        if !st.issuer.is_empty() {
            break;
        }
    }
}

/// The ISO date of a date match: arabic (`y m d`) or Chinese numerals (`cy cm cd`).
pub(super) fn date_of(s: &str, rule: &Rule) -> Option<String> {
    let caps = rule.captures(s)?;
    let arabic = |n: &str| caps.name(n).and_then(|v| v.parse::<u32>().ok());
    let cn = |n: &str| caps.name(n).and_then(date_number);
    let (y, m, d) = match (arabic("y"), arabic("m"), arabic("d")) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => (cn("cy")?, cn("cm")?, cn("cd")?),
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The date the opening lines give: a short line that holds one (a byline, a date line), a
/// labelled one (`发布日期：2021-09-07  作者：…  来源：…`, however long the line), a
/// signature's before a publication note (`…2020年11月1日（此件公开发布）`), a news
/// dateline (`…12月9日电`) or the day a report's lead names
/// between commas (`9月13日，…`, `…同意，9月13日，…召开`); without a year, the text's first
/// year.
pub(super) fn find_date(
    head: &[&str],
    text: &str,
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Option<Dated> {
    let mut partial: Option<(u32, u32, String)> = None;
    for line in head {
        let long = chars(line) > 40; // once a line, not once a match: a line may be the whole text
        for m in rules.structure.all_of(line, ctx, |r| r.label == "date") {
            // a date in running text is an event's, not the document's: only a short line
            // (a byline, a date line), a news dateline (…电) or a lead's opening day dates it
            let before = &line[..m.whole_end];
            let labelled = line[..m.whole_start].trim_end().ends_with(['：', ':']);
            let after = line[m.whole_end..].trim_start();
            // a formal notice's signature date, before its publication note (`国务院办公厅
            // 2020年11月1日（此件公开发布）`), however the page ran its lines together (a
            // match of structure.date.ymd stops before its 日)
            let note = after.trim_start_matches('日').trim_start();
            let signed = note.starts_with("（此件") || note.starts_with("(此件");
            // a date in brackets of its own, as under a speech's title (`…会议上的报告
            // （2022年2月16日）`)
            let bracketed =
                line[..m.whole_start].ends_with(['（', '(']) && note.starts_with(['）', ')']);
            let dateline = after.is_empty()
                || before.ends_with(['电', '，', ','])
                || labelled
                || signed
                || bracketed;
            if long && !dateline {
                continue;
            }
            if let Some(iso) = date_of(&line[m.whole_start..], m.rule) {
                let year = iso.get(..4).and_then(|y| y.parse().ok());
                return Some((iso, year, m.rule.id.clone()));
            }
            let Some(caps) = m.rule.captures(&line[m.whole_start..]) else {
                continue;
            };
            let num = |name: &str| caps.name(name).and_then(|v| v.parse::<u32>().ok());
            if let (None, Some(mo), Some(d)) = (num("y"), num("m"), num("d")) {
                if partial.is_none() && (1..=12).contains(&mo) && (1..=31).contains(&d) {
                    partial = Some((mo, d, m.rule.id.clone()));
                }
            }
        }
    }
    // a dateline without a year: take the year from the first `20xx年` of the text
    let (mo, d, rule) = partial?;
    let y = first_year(text)?;
    Some((format!("{y:04}-{mo:02}-{d:02}"), Some(y), rule))
}

/// The first four-digit year (1950–2099) written with 年 (or as a school year, 学年) in the
/// text.
pub(super) fn first_year(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(4)).find_map(|i| {
        let digits = &b[i..i + 4];
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        if before_ok
            && digits.iter().all(u8::is_ascii_digit)
            && (text[i + 4..].starts_with('年') || text[i + 4..].starts_with("学年"))
        {
            let y: i32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
            (1950..2100).contains(&y).then_some(y)
        } else {
            None
        }
    })
}
