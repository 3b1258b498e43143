//! Deadlines: time expressions that govern a task, each with its kind, and an ISO date
//! where the document's year makes one possible (`年底前` in a 2019 notice → 2019-12-31).
//!
//! The kind comes from the rule (its `report_label` in report units); the date is resolved
//! from the text's shape against the reference year, never from the clock.

use super::kind::Kind;
use crate::rules::{Context, RuleSet};

/// A deadline found in a text: byte offsets into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Deadline kind.
    pub kind: String,
    /// ISO date, when resolved.
    pub date: Option<String>,
    /// The rule.
    pub rule: String,
}

/// Every deadline of a unit of the given kind; `year` is the document's (or reference) year.
pub fn find(
    rules: &RuleSet,
    text: &str,
    boundaries: &[usize],
    kind: Kind,
    year: Option<i32>,
) -> Vec<Found> {
    let ctx = Context {
        kind: Some(kind.as_str()),
        boundaries: (!boundaries.is_empty()).then_some(boundaries),
    };
    rules
        .deadline
        .find(text, ctx)
        .into_iter()
        .map(|m| {
            let phrase = &text[m.start..m.end];
            let date = if m.label == "date" {
                resolve(phrase, year)
            } else {
                None
            };
            Found {
                start: m.start,
                end: m.end,
                kind: m.label.to_string(),
                date,
                rule: m.rule.id.clone(),
            }
        })
        .collect()
}

/// Resolves a date phrase to the last day it allows (ISO), against `year`.
pub fn resolve(phrase: &str, year: Option<i32>) -> Option<String> {
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
        let day = day.unwrap_or_else(|| days_in_month(base, month));
        return Some(format!("{base:04}-{month:02}-{day:02}"));
    }
    if phrase.contains("年度") {
        return Some(format!("{base:04}-12-31"));
    }
    None
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
    "一二三四"
        .find(before)
        .map(|i| i / 3 + 1)
        .or_else(|| before.to_digit(10).map(|d| d as usize))
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
    fn dates_resolve_against_the_year() {
        assert_eq!(resolve("年底前", Some(2019)).as_deref(), Some("2019-12-31"));
        assert_eq!(
            resolve("2020年12月底前", Some(2019)).as_deref(),
            Some("2020-12-31")
        );
        assert_eq!(
            resolve("今年上半年", Some(2019)).as_deref(),
            Some("2019-06-30")
        );
        assert_eq!(
            resolve("6月20日18:00前", Some(2019)).as_deref(),
            Some("2019-06-20")
        );
        assert_eq!(
            resolve("2月底前", Some(2020)).as_deref(),
            Some("2020-02-29")
        );
        assert_eq!(
            resolve("下一年度", Some(2020)).as_deref(),
            Some("2021-12-31")
        );
        assert_eq!(
            resolve("第三季度", Some(2020)).as_deref(),
            Some("2020-09-30")
        );
        assert_eq!(resolve("年底前", None), None);
    }

    #[test]
    fn kinds_follow_rules_and_report_labels() {
        let rules = RuleSet::defaults().unwrap();
        let t = "今年上半年共查出125件";
        let b = vec![0, t.len()];
        let d = find(&rules, t, &b, Kind::Report, Some(2019));
        assert_eq!(d[0].kind, "since");
        let t = "对新发现的问题，要及时纳入整改内容，立行立改，每年通报，年底前完成";
        let d = find(&rules, t, &[], Kind::Directive, Some(2019));
        let kinds: Vec<&str> = d.iter().map(|f| f.kind.as_str()).collect();
        assert_eq!(kinds, vec!["immediate", "immediate", "periodic", "date"]);
        assert_eq!(d[3].date.as_deref(), Some("2019-12-31"));
    }
}
