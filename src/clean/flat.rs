//! Pages flattened to one line: a scraped policy text stored with its line breaks lost
//! (`…的通知国办发〔2014〕56号各省、自治区、直辖市人民政府，…：　　近年来，…。　　一、…`).
//!
//! Such a line keeps what the page showed of its paragraphs: the indent of two or more
//! ideographic spaces (U+3000) that opens each one. Where a long line has several of them
//! after a sentence's end, each such run in it becomes a line break (a heading's too, with
//! no punctuation before it); and the head before the first one,
//! when it runs a notice's title, its document number (文号) and its addressees together,
//! is split into those three lines, as the page printed them. Nothing else is touched: a
//! single U+3000 inside a line (`刀刃向内找问题　有的放矢`) stays, and so does a line with
//! fewer indents.
//!
//! A head can also run its addressee line on into the body's first sentence without being
//! flattened (`…各直属机构：交通运输部…《意见》已经国务院同意，…`): the addressees then get a line
//! of their own, as the page printed them ([`unglue_addressees`]).

use regex::Regex;
use std::sync::OnceLock;

/// Shortest line taken for a flattened page, in chars.
const MIN_CHARS: usize = 200;
/// Fewest paragraph indents after a sentence's end that make a line a flattened page.
const MIN_INDENTS: usize = 3;

/// An indent: a run of two or more U+3000 after a sentence's or a lead's end.
fn indent() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new("[。！？；：]\u{3000}{2,}").expect("indent pattern is valid"))
}

/// A head that runs title, 文号 and addressees together: the title ends with a genre word,
/// the number is an issuer's code with a year in brackets, the addressees end with `：`.
fn glued_head() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?P<title>\p{Han}[^。；：]+?(?:通知|意见|方案|决定|办法|规定|通报|批复|报告|纲要|规划|细则|要点|函))",
            r"(?P<number>\p{Han}{1,8}[〔［\[（(]\d{4}[〕］\]）)]\d{1,4}号)",
            r"(?P<addressees>\p{Han}[^。；]+：)$",
        ))
        .expect("glued head pattern is valid")
    })
}

/// How many of the first non-empty lines may hold an addressee line run together with the
/// text after it.
const HEAD_LINES: usize = 6;

/// Fewest chars after an addressee line's colon that make it run on into the body.
const MIN_REST_CHARS: usize = 10;
/// Most chars an addressee line holds.
const MAX_ADDRESSEE_CHARS: usize = 320;
/// Fewest and most chars a glued title holds (a Han character, 3 to 80 more, the genre word).
const TITLE_CHARS: (usize, usize) = (5, 83);
/// Most chars the addressees of a glued head hold.
const HEAD_ADDRESSEE_CHARS: usize = 202;

/// An addressee line run together with the first sentence of the body
/// (`各省、自治区、直辖市人民政府，国务院各部委、各直属机构：交通运输部…《意见》已经国务院同意…`): a
/// list of bodies opened by 各, closed by a colon, then Han text (at least
/// [`MIN_REST_CHARS`] chars of it) and at most [`MAX_ADDRESSEE_CHARS`] in the list; both
/// counted outside the pattern, where bounded repeats of these classes would cost megabytes
/// of automaton).
fn glued_addressees() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?P<addressees>各[^。；;！？：:要]+?[，,、][^。；;！？：:要]+?[：:])\p{Han}")
            .expect("glued addressees pattern is valid")
    })
}

/// The text with an addressee line that runs on into the body put on a line of its own
/// (one of the first [`HEAD_LINES`] non-empty lines); `None` when there is none.
pub(super) fn unglue_addressees(text: &str) -> Option<String> {
    let mut seen = 0;
    let mut at = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            seen += 1;
            let glued = glued_addressees().captures(line.trim_end());
            let head = glued
                .and_then(|c| c.name("addressees"))
                .map_or(0, |m| m.end());
            // the text after the colon is a sentence's start, not a word or two
            if head > 0
                && line[..head].chars().count() <= MAX_ADDRESSEE_CHARS
                && line[head..].trim_end().chars().count() >= MIN_REST_CHARS
            {
                let cut = at + head;
                return Some(format!("{}\n{}", &text[..cut], &text[cut..]));
            }
            if seen == HEAD_LINES {
                break;
            }
        }
        at += line.len() + 1;
    }
    None
}

/// Shortest line taken for a document stored as one line without indents (a dataset's
/// row), in chars.
const MIN_ENUMERATED_CHARS: usize = 500;

/// A sentence's end followed by an enumerator of a part (`。二、`, `。（三）`, `。4.`): where a
/// document stored as one line without indents had a line break.
fn enumerator_after_end() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[。！？；](?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.．、]\p{Han})")
            .expect("enumerator pattern is valid")
    })
}

/// The text with its flattened lines opened at their paragraph indents, else, for a long
/// line without them (a document stored as one line, its line breaks and indents
/// dropped), before each enumerator after a sentence's end; and how many lines were
/// opened. `None` when no line is flattened.
pub(super) fn unflatten(text: &str) -> Option<(String, usize)> {
    let flat = |line: &str| {
        line.chars().count() >= MIN_CHARS && indent().find_iter(line).count() >= MIN_INDENTS
    };
    let enumerated = |line: &str| {
        line.chars().count() >= MIN_ENUMERATED_CHARS
            && enumerator_after_end().find_iter(line).count() >= MIN_INDENTS
    };
    if !text.split('\n').any(|l| flat(l) || enumerated(l)) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut opened = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if flat(line) {
            opened += 1;
            open_line(line, &mut out);
        } else if enumerated(line) {
            opened += 1;
            open_at_enumerators(line, &mut out);
        } else {
            out.push_str(line);
        }
    }
    Some((out, opened))
}

/// Writes a line with a break after each sentence's end that an enumerator follows.
fn open_at_enumerators(line: &str, out: &mut String) {
    let mut last = 0;
    for m in enumerator_after_end().find_iter(line) {
        // the break goes after the end mark, which is one char
        let cut = m.start() + line[m.start()..].chars().next().map_or(0, char::len_utf8);
        out.push_str(&line[last..cut]);
        out.push('\n');
        last = cut;
    }
    out.push_str(&line[last..]);
}

/// Any run of two or more U+3000: in a flattened line, an indent wherever it stands (a
/// heading's has no punctuation before it: `一、严格依法保护环境　　有效解决…`).
fn any_indent() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new("\u{3000}{2,}").expect("indent pattern is valid"))
}

/// Writes a flattened line with a break for each indent, its head split when glued.
fn open_line(line: &str, out: &mut String) {
    let mut last = 0;
    for (k, m) in any_indent().find_iter(line).enumerate() {
        let piece = &line[last..m.start()];
        if k == 0 {
            push_head(piece, out);
        } else {
            out.push_str(piece);
        }
        if !piece.is_empty() {
            out.push('\n');
        }
        last = m.end();
    }
    out.push_str(&line[last..]);
}

/// Writes the head of a flattened page: title, 文号 and addressees on lines of their own
/// when they are glued together, else as it is.
fn push_head(head: &str, out: &mut String) {
    let parts = glued_head()
        .captures(head)
        .map(|c| [c.name("title"), c.name("number"), c.name("addressees")]);
    // lengths counted here, not by bounded repeats in the pattern (megabytes of automaton)
    let chars = |p: &Option<regex::Match<'_>>| p.map_or(0, |m| m.as_str().chars().count());
    let fits = |[t, _, a]: &[Option<regex::Match<'_>>; 3]| {
        (TITLE_CHARS.0..=TITLE_CHARS.1).contains(&chars(t)) && chars(a) <= HEAD_ADDRESSEE_CHARS
    };
    let Some(parts) = parts.filter(fits) else {
        out.push_str(head);
        return;
    };
    for (k, part) in parts.iter().flatten().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.push_str(part.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(paragraphs: &[&str]) -> String {
        paragraphs.join("\u{3000}\u{3000}")
    }

    #[test]
    fn a_document_stored_as_one_line_without_indents_opens_at_its_enumerators() {
        let body = "各级纪检机构立足新起点，坚决贯彻落实工作部署，坚守职责定位，强化责任担当，为推动各项工作提供坚强保障。".repeat(3);
        let text = format!("关于某实施方案落实情况的汇报一、基本情况{body}二、主要做法（一）加强组织领导。{body}（二）强化督查考核。{body}1.建立台账。{body}年内完成3项，占比2.5%。");
        let (out, n) = unflatten(&text).expect("a document stored as one line");
        assert_eq!(n, 1);
        let starts: Vec<String> = out
            .split('\n')
            .map(|l| l.chars().take(4).collect())
            .collect();
        assert_eq!(starts, ["关于某实", "二、主要", "（二）强", "1.建立"]);
        // a short line, or one with fewer enumerators after a sentence's end, stays
        assert!(unflatten("他说。一、加强领导。二、严格考核。三、强化督查。").is_none());
        let few = format!("{body}一、加强领导。{body}");
        assert!(unflatten(&few).is_none());
    }

    #[test]
    fn a_flattened_notice_opens_at_its_indents_and_its_head_splits() {
        let body = "近年来，各地区不断加大工作力度，环境监管执法工作取得一定成效，但问题仍然十分突出，人民群众反映强烈，必须下大力气加以解决。";
        let text = page(&[
            "国务院办公厅关于加强环境监管执法的通知国办发〔2014〕56号各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            body,
            "一、严格依法保护生态环境",
            body,
            "国务院办公厅",
        ]);
        let (out, n) = unflatten(&text).expect("a flattened page");
        assert_eq!(n, 1);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(
            lines,
            [
                "国务院办公厅关于加强环境监管执法的通知",
                "国办发〔2014〕56号",
                "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
                body,
                "一、严格依法保护生态环境",
                body,
                "国务院办公厅",
            ]
        );
    }

    #[test]
    fn a_head_that_is_not_glued_stays_whole() {
        let body =
            "各地区要不断加大工作力度，确保环境监管执法工作取得实效，切实解决群众反映强烈的问题。";
        let text = page(&[
            "关于加强环境监管执法的通知：",
            body,
            body,
            body,
            body,
            body,
            body,
        ]);
        let (out, _) = unflatten(&text).expect("a flattened page");
        assert!(out.starts_with("关于加强环境监管执法的通知：\n"));
    }

    #[test]
    fn an_addressee_line_run_into_the_body_gets_a_line_of_its_own() {
        let text = "某某的通知\n某办函〔2021〕49号\n\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：交通运输部等单位《意见》已经国务院同意，现转发给你们。";
        let out = unglue_addressees(text).expect("glued");
        assert!(out.contains("各直属机构：\n交通运输部等单位"), "{out}");
        // a line of its own, a requirement, or a line far down are left alone
        assert_eq!(
            unglue_addressees("各省、自治区、直辖市人民政府：\n现将通知印发给你们。"),
            None
        );
        assert_eq!(
            unglue_addressees("各级党委、各部门要加强领导：抓好整改落实工作。"),
            None
        );
    }

    #[test]
    fn short_lines_and_single_spaces_are_left_alone() {
        assert_eq!(
            unflatten("刀刃向内找问题\u{3000}有的放矢。\u{3000}\u{3000}下一段。"),
            None
        );
        let long = "要抓好整改。".repeat(40);
        assert_eq!(unflatten(&long), None, "no indents");
        let few = page(&[&long, &long]);
        assert_eq!(unflatten(&few), None, "one indent is not a flattened page");
    }
}
