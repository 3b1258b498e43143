//! Deadlines: time expressions that govern a task, each with its kind, and an ISO date
//! where the document's year makes one possible (`年底前` in a 2019 notice → 2019-12-31).
//!
//! The kind comes from the rule (its `report_label` in report units); the date is resolved
//! from the text's shape against the reference year, never from the clock.

use super::document::{Document, UnitRead, PARAGRAPH_TIMES};
use super::kind::Kind;
use super::trace::Trace;
use crate::record::Deadline;
use crate::rules::{Context, RuleSet, Scan};
use crate::segment::Segmented;
use crate::text::Piece;

/// A deadline found in a text: byte offsets into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Deadline kind.
    pub kind: String,
    /// ISO date, when resolved: the last day allowed.
    pub date: Option<String>,
    /// The period `(from, to)`, for a half-year, quarter or month.
    pub period: Option<(String, String)>,
    /// ISO 8601 duration, for a `duration`.
    pub duration: Option<String>,
    /// The period of a `periodic` deadline.
    pub every: Option<&'static str>,
    /// The rule.
    pub rule: String,
}

impl Found {
    /// The output item: `text` is the text the offsets refer to, `span` the chars in the cleaned text.
    pub fn into_output(self, text: &str, span: [usize; 2]) -> Deadline {
        let (from, to) = self
            .period
            .map_or((None, None), |(f, t)| (Some(f), Some(t)));
        Deadline {
            text: text[self.start..self.end].to_string(),
            kind: crate::record::DeadlineKind(self.kind),
            span,
            date: self.date,
            from,
            to,
            duration: self.duration,
            every: self.every.map(str::to_string),
            rule: self.rule,
        }
    }
}

/// Every deadline of a unit of the given kind; `year` is the document's (or reference) year;
/// `scan` the rule set's scan of the unit, when there is one.
pub fn find(
    rules: &RuleSet,
    text: &str,
    words: &Segmented,
    kind: Kind,
    year: Option<i32>,
    scan: Option<&Scan<'_>>,
) -> Vec<Found> {
    let ctx = Context::of(words, Some(kind.as_str())).with_scan(scan);
    (rules.deadline.find(text, ctx).into_iter())
        .map(|m| {
            let phrase = &text[m.start..m.end];
            let resolve = rules
                .deadline_kind(m.label)
                .map(|k| k.resolve)
                .unwrap_or_default();
            Found {
                start: m.start,
                end: m.end,
                kind: m.label.to_string(),
                date: resolve.date.then(|| resolve_date(phrase, year)).flatten(),
                period: resolve.period.then(|| period(phrase, year)).flatten(),
                duration: resolve.duration.then(|| iso_duration(phrase)).flatten(),
                every: resolve.every.then(|| every(phrase)).flatten(),
                rule: m.rule.id.clone(),
            }
        })
        .collect()
}

/// The deadlines of a task unit, traced: those of its table row's deadline cell, then its
/// own (the same words twice are one deadline); without a timeframe of its own (a date, a
/// duration, a running period), also the times its nearest heading sets
/// (`（一）自查自纠阶段（即日起至10月31日）`: dates, durations and phases, not a heading's
/// `持续` or `常态化`, which describe the heading's own line of work).
pub(super) fn of_unit(
    doc: &Document<'_>,
    unit: &UnitRead<'_>,
    piece: Piece<'_>,
    kind: Kind,
    trace: &mut Trace,
) -> Vec<Deadline> {
    let mut own = find(
        doc.rules,
        piece.text,
        &unit.words,
        kind,
        doc.year,
        Some(&unit.scan),
    );
    let mut seen: Vec<(&str, String)> = Vec::new();
    own.retain(|f| {
        let key = (piece.slice(f.start, f.end), f.kind.clone());
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    let mut out = Vec::new();
    let row = (doc.unit(unit.index).cell).and_then(|c| doc.st.rows.get(c.row));
    for &di in row.map(|r| r.deadline_units.as_slice()).unwrap_or_default() {
        let cell = doc.piece(di);
        for f in of_cell(doc, cell.text) {
            push_in(&mut out, trace, f, cell);
        }
    }
    // the times of the responsibility note that closes it (`（财政部负责，2020年底前完成）`)
    let note = doc.note_of.get(&unit.index).and_then(|&i| doc.notes.get(i));
    for &(s, e, base) in note.map(|n| n.times.as_slice()).unwrap_or_default() {
        let clause = Piece::new(&doc.text[s..e], base);
        for f in of_cell(doc, clause.text) {
            push_in(&mut out, trace, f, clause);
        }
    }
    for f in own {
        push_in(&mut out, trace, f, piece);
    }
    // a unit that says when in its own words (a date, a span, a running period) keeps its
    // own; else its heading's timeframe holds beside how it is done (定期, 持续)
    let timeframe = |d: &Deadline| matches!(d.kind.as_str(), "date" | "duration" | "since");
    let paragraph = (doc.paragraph_times.get(&unit.index)).filter(|_| kind == Kind::Directive);
    if let Some((from, times)) = paragraph.filter(|_| !out.iter().any(timeframe)) {
        let at = doc.piece(*from);
        trace.rule(PARAGRAPH_TIMES);
        for f in times.iter().cloned() {
            push_in(&mut out, trace, f, at);
        }
    }
    if !out.iter().any(timeframe) {
        let st = doc.st;
        let path = st.path(doc.unit(unit.index).section);
        if let Some(&si) = path
            .iter()
            .rev()
            .find(|&&si| !doc.headings[si].times.is_empty())
        {
            for (f, span) in doc.headings[si].times.iter().cloned() {
                push(&mut out, trace, f, &st.sections[si].title, span);
            }
        }
    }
    out
}

/// Adds a deadline found in `text` to `out`, traced; `span`: its chars in the cleaned text.
fn push(out: &mut Vec<Deadline>, trace: &mut Trace, f: Found, text: &str, span: [usize; 2]) {
    let d = f.into_output(text, span);
    trace.value("deadline", d.kind.as_str(), &d.rule, &d.text, Some(d.span));
    out.push(d);
}

/// [`push`] for a deadline found in the piece `at`.
fn push_in(out: &mut Vec<Deadline>, trace: &mut Trace, f: Found, at: Piece<'_>) {
    let span = at.span(f.start, f.end);
    push(out, trace, f, at.text, span);
}

/// The id of the step that takes a whole deadline cell of a table as a date when no rule
/// finds a time in it (`10.18（周一）`, `第三周`).
pub const TABLE_CELL: &str = "deadline.table.cell";

/// The deadlines of a table's deadline cell (or a note's clause saying when): the times the
/// rules find in it, read as a plan's (a deadline cell gives when a measure is due, whatever the measure's kind:
/// `2024年12月底前` is a `date`, never a report's `since`); when they find none, the whole
/// cell as a `date` ([`TABLE_CELL`]) if it holds a digit or a Chinese numeral.
fn of_cell(doc: &Document<'_>, text: &str) -> Vec<Found> {
    let words = doc.seg.segment(text);
    let scan = doc.rules.scan_part(doc.scan, text);
    let found = find(
        doc.rules,
        text,
        &words,
        Kind::Directive,
        doc.year,
        Some(&scan),
    );
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let dates = doc.rules.deadline_kind("date").is_some();
    if !found.is_empty() || !dates || !text.chars().any(numeral) {
        return found;
    }
    vec![Found {
        start: 0,
        end: text.len(),
        kind: "date".to_string(),
        date: resolve_date(text, doc.year),
        period: None,
        duration: None,
        every: None,
        rule: TABLE_CELL.to_string(),
    }]
}

/// The marks between the two ends of a range of dates (`4―6月`, `10月――1998年2月`, `6月至8月`).
const RANGE_MARKS: &[char] = &['―', '—', '–', '－', '-', '~', '～', '至', '到'];

/// The two ends of a range of dates (`1997年4―6月` → `1997年4`, `6月`): the text before the
/// first range mark and after the marks, when both hold something and the second opens with
/// a digit.
pub fn range_ends(phrase: &str) -> Option<(&str, &str)> {
    let at = phrase.find(RANGE_MARKS)?;
    let head = &phrase[..at];
    let tail = phrase[at..].trim_start_matches(RANGE_MARKS);
    let digit = tail.starts_with(|c: char| c.is_ascii_digit());
    (head.chars().any(|c| c.is_ascii_digit()) && digit).then_some((head, tail))
}

/// A range's end written whole: the year and month its start gives when it names none
/// (`1997年4―6月` → `1997年6月`, `3月10日至20日` → `3月20日`).
fn range_end(head: &str, tail: &str) -> String {
    let mut end = String::new();
    if !tail.contains('年') {
        if let Some(y) = number_before(head, "年") {
            end += &format!("{y}年");
        }
        if !tail.contains('月') {
            if let Some(m) = number_before(head, "月") {
                end += &format!("{m}月");
            }
        }
    }
    end + tail
}

/// Resolves a date phrase to the last day it allows (ISO), against `year`; a range to its
/// end's.
pub fn resolve_date(phrase: &str, year: Option<i32>) -> Option<String> {
    if let Some((head, tail)) = range_ends(phrase) {
        return resolve_date(&range_end(head, tail), year);
    }
    let explicit_year = number_before(phrase, "年").filter(|y| (1900..2100).contains(y));
    let base = if phrase.contains("明年") || phrase.contains("下一年") || phrase.contains("次年")
    {
        year.map(|y| y + 1)
    } else {
        explicit_year.or(year)
    }?;
    if phrase.contains("上半年") {
        return Some(format!("{base:04}-06-30"));
    }
    if phrase.contains("下半年")
        || phrase.contains("年底")
        || phrase.contains("年末")
        || phrase.contains("年内")
    {
        return Some(format!("{base:04}-12-31"));
    }
    if let Some(q) = quarter(phrase) {
        let (m, d) = [(3, 31), (6, 30), (9, 30), (12, 31)][q - 1];
        return Some(format!("{base:04}-{m:02}-{d:02}"));
    }
    if let Some(month) = number_before(phrase, "月").filter(|m| (1..=12).contains(m)) {
        let day = number_before(phrase, "日").filter(|d| (1..=31).contains(d));
        // a ten-day part of the month ends on the 10th, the 20th or the month's last day
        let day = day.or_else(|| ten_days(phrase, base, month).map(|(_, end)| end));
        let day = day.unwrap_or_else(|| days_in_month(base, month));
        return Some(format!("{base:04}-{month:02}-{day:02}"));
    }
    if phrase.contains("年度") {
        return Some(format!("{base:04}-12-31"));
    }
    None
}

/// The period a phrase names, `(from, to)` in ISO: a half-year, a quarter, a month without
/// a day (`6月份`), or the year itself (`今年`, `年内`).
pub fn period(phrase: &str, year: Option<i32>) -> Option<(String, String)> {
    if let Some((head, tail)) = range_ends(phrase) {
        return range_period(head, tail, year);
    }
    let explicit_year = number_before(phrase, "年").filter(|y| (1900..2100).contains(y));
    let y = if phrase.contains("明年") {
        year.map(|y| y + 1)
    } else {
        explicit_year.or(year)
    }?;
    let span = |m1: i32, m2: i32| {
        Some((
            format!("{y:04}-{m1:02}-01"),
            format!("{y:04}-{m2:02}-{:02}", days_in_month(y, m2)),
        ))
    };
    if phrase.contains("上半年") {
        return span(1, 6);
    }
    if phrase.contains("下半年") {
        return span(7, 12);
    }
    if let Some(q) = quarter(phrase) {
        let q = q as i32;
        return span(3 * q - 2, 3 * q);
    }
    if number_before(phrase, "日").is_none() {
        if let Some(m) = number_before(phrase, "月").filter(|m| (1..=12).contains(m)) {
            if let Some((first, last)) = ten_days(phrase, y, m) {
                return Some((
                    format!("{y:04}-{m:02}-{first:02}"),
                    format!("{y:04}-{m:02}-{last:02}"),
                ));
            }
            return span(m, m);
        }
    }
    None
}

/// The period of a range of dates: from the first day its start names (`1997年4` of
/// `1997年4―6月` is April's first) to the last its end allows.
fn range_period(head: &str, tail: &str, year: Option<i32>) -> Option<(String, String)> {
    let y = number_before(head, "年")
        .filter(|y| (1900..2100).contains(y))
        .or(year)?;
    let month = number_before(head, "月").or_else(|| {
        let digits = head.rsplit(|c: char| !c.is_ascii_digit()).next()?;
        digits.parse().ok().filter(|_| tail.contains('月'))
    });
    let m = month.filter(|m| (1..=12).contains(m))?;
    let d = number_before(head, "日").unwrap_or(1);
    let to = resolve_date(&range_end(head, tail), Some(y))?;
    Some((format!("{y:04}-{m:02}-{d:02}"), to))
}

/// The first and last day of the ten-day part of a month a phrase names (`上旬` 1–10,
/// `中旬` 11–20, `下旬` 21 to the month's end).
fn ten_days(phrase: &str, year: i32, month: i32) -> Option<(i32, i32)> {
    if phrase.contains("上旬") {
        Some((1, 10))
    } else if phrase.contains("中旬") {
        Some((11, 20))
    } else if phrase.contains("下旬") {
        Some((21, days_in_month(year, month)))
    } else {
        None
    }
}

/// The ISO 8601 duration of a time span (`3年半` → `P3Y6M`, `2个月` → `P2M`, `半年` → `P6M`,
/// `1个半月` → `P1M15D`, `30天` → `P30D`, `2周` → `P2W`).
pub fn iso_duration(phrase: &str) -> Option<String> {
    let cs: Vec<char> = phrase.chars().collect();
    for (i, &c) in cs.iter().enumerate() {
        let (unit, skip) = match c {
            '年' => ('Y', 1),
            '个' if cs.get(i + 1) == Some(&'月') => ('M', 2),
            '个' if cs.get(i + 1) == Some(&'半') && cs.get(i + 2) == Some(&'月') => ('m', 3),
            '月' if i > 0 && cs[i - 1] != '个' && cs[i - 1] != '半' => ('M', 1),
            '周' => ('W', 1),
            '天' | '日' => ('D', 1),
            _ => continue,
        };
        let _ = skip;
        let digits: String = cs[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let n: Option<u32> = if digits.is_empty() {
            i.checked_sub(1).and_then(|j| cn_count(cs[j]))
        } else {
            digits.parse().ok()
        };
        let half = cs.get(i + 1) == Some(&'半');
        return match (unit, n) {
            ('Y', Some(n)) if half => Some(format!("P{n}Y6M")),
            ('Y', Some(0)) | ('Y', None) if cs[..i].ends_with(&['半']) => Some("P6M".into()),
            ('Y', Some(n)) => Some(format!("P{n}Y")),
            ('m', Some(n)) => Some(format!("P{n}M15D")),
            ('M', Some(n)) => Some(format!("P{n}M")),
            ('W', Some(n)) => Some(format!("P{n}W")),
            ('D', Some(n)) => Some(format!("P{n}D")),
            _ => None,
        };
    }
    None
}

/// The count one Chinese character gives before a unit of time (`两个月`, `十天`, `半年`: 0).
fn cn_count(c: char) -> Option<u32> {
    match c {
        '半' => Some(0),
        '十' => Some(10),
        c => crate::text::digit_value(c).filter(|&v| v > 0),
    }
}

/// The period of a periodic deadline (`每年` → `year`); none for `定期`, `经常`, `常态化`.
pub fn every(phrase: &str) -> Option<&'static str> {
    [
        ("半年", "half-year"),
        ("季", "quarter"),
        ("旬", "ten-days"),
        ("周", "week"),
        ("月", "month"),
        ("年", "year"),
    ]
    .into_iter()
    .find(|(k, _)| phrase.contains(k))
    .map(|(_, v)| v)
}

/// The number written just before `unit` (`2019年` → 2019).
fn number_before(phrase: &str, unit: &str) -> Option<i32> {
    let at = phrase.find(unit)?;
    let digits: String = phrase[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

fn quarter(phrase: &str) -> Option<usize> {
    let at = phrase.find("季度")?;
    let before = phrase[..at].chars().last()?;
    crate::text::digit_value(before)
        .or_else(|| before.to_digit(10))
        .map(|q| q as usize)
        .filter(|q| (1..=4).contains(q))
}

fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_resolve_to_their_ends() {
        let y = Some(2019);
        assert_eq!(
            resolve_date("1997年4―6月", y).as_deref(),
            Some("1997-06-30")
        );
        assert_eq!(
            resolve_date("1997年10月――1998年2月", y).as_deref(),
            Some("1998-02-28")
        );
        assert_eq!(
            resolve_date("3月10日至20日", y).as_deref(),
            Some("2019-03-20")
        );
        let p = |s| period(s, y);
        assert_eq!(
            p("1997年4―6月"),
            Some(("1997-04-01".into(), "1997-06-30".into()))
        );
        assert_eq!(
            p("1997年10月――1998年2月"),
            Some(("1997-10-01".into(), "1998-02-28".into()))
        );
        assert_eq!(
            p("6月至8月"),
            Some(("2019-06-01".into(), "2019-08-31".into()))
        );
        assert_eq!(range_ends("到2020年"), None);
    }

    #[test]
    fn ten_day_parts_of_a_month_resolve_to_their_days() {
        assert_eq!(
            resolve_date("2024年10月中旬", None).as_deref(),
            Some("2024-10-20")
        );
        assert_eq!(
            resolve_date("10月上旬前", Some(2024)).as_deref(),
            Some("2024-10-10")
        );
        assert_eq!(
            resolve_date("2月下旬", Some(2024)).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            period("2024年10月中旬", None),
            Some(("2024-10-11".to_string(), "2024-10-20".to_string()))
        );
    }

    #[test]
    fn dates_resolve_against_the_year() {
        assert_eq!(
            resolve_date("年底前", Some(2019)).as_deref(),
            Some("2019-12-31")
        );
        assert_eq!(
            resolve_date("2020年12月底前", Some(2019)).as_deref(),
            Some("2020-12-31")
        );
        assert_eq!(
            resolve_date("今年上半年", Some(2019)).as_deref(),
            Some("2019-06-30")
        );
        assert_eq!(
            resolve_date("6月20日18:00前", Some(2019)).as_deref(),
            Some("2019-06-20")
        );
        assert_eq!(
            resolve_date("2月底前", Some(2020)).as_deref(),
            Some("2020-02-29")
        );
        assert_eq!(
            resolve_date("下一年度", Some(2020)).as_deref(),
            Some("2021-12-31")
        );
        assert_eq!(
            resolve_date("第三季度", Some(2020)).as_deref(),
            Some("2020-09-30")
        );
        assert_eq!(resolve_date("年底前", None), None);
    }

    #[test]
    fn periods_durations_and_periodicity() {
        assert_eq!(
            period("今年上半年", Some(2019)),
            Some(("2019-01-01".into(), "2019-06-30".into()))
        );
        assert_eq!(
            period("第三季度", Some(2020)),
            Some(("2020-07-01".into(), "2020-09-30".into()))
        );
        assert_eq!(
            period("6月份", Some(2019)),
            Some(("2019-06-01".into(), "2019-06-30".into()))
        );
        assert_eq!(period("6月20日前", Some(2019)), None);
        assert_eq!(iso_duration("计划用3年半时间").as_deref(), Some("P3Y6M"));
        assert_eq!(iso_duration("2个月内").as_deref(), Some("P2M"));
        assert_eq!(iso_duration("半年之内").as_deref(), Some("P6M"));
        assert_eq!(iso_duration("1个半月内").as_deref(), Some("P1M15D"));
        assert_eq!(iso_duration("30天内").as_deref(), Some("P30D"));
        assert_eq!(iso_duration("两年内").as_deref(), Some("P2Y"));
        assert_eq!(iso_duration("不少于年"), None);
        assert_eq!(every("每年"), Some("year"));
        assert_eq!(every("每季度"), Some("quarter"));
        assert_eq!(every("每半年"), Some("half-year"));
        assert_eq!(every("周报"), Some("week"));
        assert_eq!(every("定期"), None);
    }

    #[test]
    fn kinds_follow_rules_and_report_labels() {
        let rules = RuleSet::defaults().unwrap();
        // a half-year is a date in a report too (TASKS.md's table); the course of a
        // campaign a report names is the period it counts
        for (t, kind) in [
            ("今年上半年共查出125件", "date"),
            ("在主题教育中共整改问题12个", "since"),
        ] {
            let b = Segmented {
                bounds: vec![0, t.len()],
                words: Vec::new(),
            };
            let d = find(
                &rules,
                t,
                &b,
                Kind::Report,
                Some(2019),
                Some(&rules.scan(t)),
            );
            assert_eq!(d[0].kind, kind, "{t}");
        }
        let t = "对新发现的问题，要及时纳入整改内容，立行立改，每年通报，年底前完成";
        let d = find(
            &rules,
            t,
            &Segmented::default(),
            Kind::Directive,
            Some(2019),
            None,
        );
        let kinds: Vec<&str> = d.iter().map(|f| f.kind.as_str()).collect();
        assert_eq!(kinds, vec!["immediate", "immediate", "periodic", "date"]);
        assert_eq!(d[3].date.as_deref(), Some("2019-12-31"));
    }
}
