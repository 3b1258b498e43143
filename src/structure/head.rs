//! The head of a document: its title (the first line, a web page's own title, or a file
//! name the clean stage dropped), its date and issuer (from the opening lines and the
//! dropped furniture), and where a scraped page's preamble ends.

use super::formal::formal_lines;
use super::units::chars;
use super::Structure;
use crate::clean::Dropped;
use crate::rules::{Context, RuleSet};
use crate::text::date_number;

/// How far down a page its title is looked for (menus and breadcrumbs come first).
pub(super) const PAGE_TITLE_LINES: usize = 60;

/// The fewest characters a notice's title has (`首页`, `通知公告` are a site's words).
pub(super) const MIN_TITLE_CHARS: usize = 6;

/// What [`Structure::rules`] names when the title is a web page's own.
pub(super) const PAGE_TITLE_RULE: &str = "structure.title.page-title";

/// A web page's title without the site's and section's names after it:
/// `整改方案_通知公告_某某局` → `整改方案`. The first part, unless it is too short to be a
/// title, then the longest.
pub(crate) fn page_title_main(title: &str) -> &str {
    let parts: Vec<&str> = title
        .split(['_', '|', '｜'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" — "))
        .flat_map(|p| p.split(" – "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.first() {
        Some(first) if chars(first) >= MIN_TITLE_CHARS => first,
        _ => parts
            .iter()
            .max_by_key(|p| chars(p))
            .copied()
            .unwrap_or(title.trim()),
    }
}

/// What the head of a document tells the reading of its lines.
pub(super) struct Head {
    /// The line that is the title, when the title is a line of the text.
    pub title_line: Option<usize>,
    /// The line that repeats the title where a scraped page's article starts.
    pub preamble_end: Option<usize>,
    /// The lines of the formal elements (number, addressees, signature, date of issue).
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
    let title_line = find_title(st, text, lines, dropped, page_title, rules, ctx);
    let head_text: Vec<&str> = (lines.iter().take(8))
        .map(|&(s, e)| &text[s..e])
        .chain(dropped.iter().map(|d| d.text.as_str()))
        .collect();
    find_date(&head_text, text, rules, ctx, st);
    find_issuer(&head_text, rules, ctx, st);
    let formal = formal_lines(text, lines, rules, ctx, st);
    // a scraped page repeats its title where the article starts: what lies between the two
    // is the page's abstract and notes, not the notice
    let preamble_end = match (st.title.as_deref(), title_line) {
        (Some(t), Some(tl)) => (lines.iter().enumerate().skip(tl + 1).take(8))
            .find(|&(_, &(s, e))| &text[s..e] == t)
            .map(|(i, _)| i),
        _ => None,
    };
    Head {
        title_line,
        preamble_end,
        formal,
    }
}

/// The title: the first line when it is short and not a sentence or a heading; a web page's
/// own title (its `<title>` without the site's name) where a line repeats it (under the
/// site's menus) or when the first line is too short to be a notice's title (首页); else a
/// dropped file name. Gives the title's line, when the title is one.
fn find_title(
    st: &mut Structure,
    text: &str,
    lines: &[(usize, usize)],
    dropped: &[Dropped],
    page_title: Option<&str>,
    rules: &RuleSet,
    ctx: Context<'_>,
) -> Option<usize> {
    let mut title_line = None;
    if let Some(i) = lines.iter().position(|&(s, e)| s < e) {
        let line = &text[lines[i].0..lines[i].1];
        let ends_sentence = line.ends_with(['。', '；', '！', '？']);
        let is_heading = !(rules.structure)
            .all_of(line, ctx, |r| {
                matches!(r.label.as_str(), "heading" | "bare-heading")
            })
            .is_empty();
        if chars(line) <= 80 && !ends_sentence && !is_heading && !line.contains('。') {
            st.title = Some(line.to_string());
            title_line = Some(i);
        }
    }
    let page = page_title
        .map(page_title_main)
        .filter(|t| chars(t) >= MIN_TITLE_CHARS);
    if let Some(page) = page {
        let at =
            (lines.iter().take(PAGE_TITLE_LINES)).position(|&(s, e)| text[s..e].trim() == page);
        let short = st
            .title
            .as_deref()
            .is_none_or(|t| chars(t) < MIN_TITLE_CHARS);
        if at.is_some() || short {
            st.title = Some(page.to_string());
            title_line = at;
            st.rules.push(PAGE_TITLE_RULE.to_string());
        }
    }
    if st.title.is_none() {
        if let Some(d) = dropped.iter().find(|d| d.gives_title) {
            let stem = d.text.rsplit_once('.').map_or(d.text.as_str(), |(s, _)| s);
            let stem =
                stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-');
            if !stem.is_empty() {
                st.title = Some(stem.trim().to_string());
                st.rules.push(d.rule.clone());
            }
        }
    }
    title_line
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
pub(super) fn date_of(s: &str, regex: &regex::Regex) -> Option<String> {
    let caps = regex.captures(s)?;
    let arabic = |n: &str| caps.name(n).and_then(|v| v.as_str().parse::<u32>().ok());
    let cn = |n: &str| caps.name(n).and_then(|v| date_number(v.as_str()));
    let (y, m, d) = match (arabic("y"), arabic("m"), arabic("d")) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => (cn("cy")?, cn("cm")?, cn("cd")?),
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

pub(super) fn find_date(
    head: &[&str],
    text: &str,
    rules: &RuleSet,
    ctx: Context<'_>,
    st: &mut Structure,
) {
    let mut partial: Option<(u32, u32, String)> = None;
    for line in head {
        let long = chars(line) > 40; // once a line, not once a match: a line may be the whole text
        for m in rules.structure.all_of(line, ctx, |r| r.label == "date") {
            // a date in running text is an event's, not the document's: only a short line
            // (a byline, a date line) or a news dateline (…电) dates the document
            let dateline =
                line[m.whole_end..].trim_start().is_empty() || line[..m.whole_end].ends_with('电');
            if long && !dateline {
                continue;
            }
            let Some(regex) = m.rule.regex() else {
                continue;
            };
            if let Some(iso) = date_of(&line[m.whole_start..], regex) {
                st.year = iso.get(..4).and_then(|y| y.parse().ok());
                st.date = Some(iso);
                st.rules.push(m.rule.id.clone());
                return;
            }
            let Some(caps) = regex.captures(&line[m.whole_start..]) else {
                continue;
            };
            let num = |name: &str| caps.name(name).and_then(|v| v.as_str().parse::<u32>().ok());
            match (num("y"), num("m"), num("d")) {
                (Some(y), Some(mo), Some(d)) if (1..=12).contains(&mo) && (1..=31).contains(&d) => {
                    st.date = Some(format!("{y:04}-{mo:02}-{d:02}"));
                    st.year = i32::try_from(y).ok();
                    st.rules.push(m.rule.id.clone());
                    return;
                }
                (None, Some(mo), Some(d))
                    if partial.is_none() && (1..=12).contains(&mo) && (1..=31).contains(&d) =>
                {
                    partial = Some((mo, d, m.rule.id.clone()));
                }
                _ => {}
            }
        }
    }
    // a dateline without a year: take the year from the first `20xx年` of the text
    if let Some((mo, d, rule)) = partial {
        if let Some(y) = first_year(text) {
            st.date = Some(format!("{y:04}-{mo:02}-{d:02}"));
            st.year = Some(y);
            st.rules.push(rule);
        }
    }
}

/// The first four-digit year (1950–2099) written with 年 in the text.
pub(super) fn first_year(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(4)).find_map(|i| {
        let digits = &b[i..i + 4];
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        if before_ok && digits.iter().all(u8::is_ascii_digit) && text[i + 4..].starts_with('年') {
            let y: i32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
            (1950..2100).contains(&y).then_some(y)
        } else {
            None
        }
    })
}
